//! Opening a large document from its first and last pieces (see [`Preview`]) while a thread
//! reads, decodes and indexes the whole file, so that its first screen, or its end, costs the
//! screen and not the document.
//!
//! Until the whole document is in, the keys that only move the cursor or scroll are served from
//! the preview while what they show lies away from its cuts, and so is quitting; every other key and click (a tag
//! key, a search, a move that reaches a cut) is held, and the ones after it too, in order. Once
//! the whole is read the cursor and the view are put on the same text in it, and the held input
//! is applied there, but only if the whole shows the cursor sentence as the preview did, with the
//! same annotations on it: else (the file changed meanwhile, or was not UTF-8 or had CRs between
//! the pieces) the held input is dropped and the status bar says so, so that no code lands on
//! text the coder did not choose.

use std::collections::VecDeque;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::core::annotation_listing::Listing;
use crate::core::documents::document::{Document, DocumentError};
use crate::core::documents::intervals::Intervals;
use crate::core::documents::preview::{Cuts, Preview};
use crate::core::documents::reflow::Reflow;
use crate::core::storage::store;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::keys::Key;
use crate::tui::mouse::Mouse;
use crate::tui::search::{Input, not_applied};
use crate::tui::state::{App, Focus, OpenDoc, Pick};
use crate::tui::update::{hidden_of, moves_by_sentence_or_page};
use crate::tui::viewport::RowPos;

/// The document being read whole, when one is: held by the [`App`], looked into only here.
#[derive(Default)]
pub struct Opening {
    loading: Option<Loading>,
    /// Tests only: what the next whole read waits on before it starts.
    gate: Option<Receiver<()>>,
    /// The preview of the document named on the command line, read meanwhile.
    prefetch: Option<Prefetch>,
}

impl Opening {
    /// With the whole read of the first document opened from a preview waiting on `gate`, and
    /// `prefetch` to open it from.
    pub fn new(gate: Option<Receiver<()>>, prefetch: Option<Prefetch>) -> Opening {
        Opening {
            loading: None,
            gate,
            prefetch,
        }
    }
}

/// The preview ([`Preview::read`]) of the document named on the command line, and its first
/// sentence, read on a thread of its own while the corpus is listed and its scheme read: the
/// two took a first screen half a millisecond one after the other.
pub struct Prefetch {
    rel_path: String,
    read: std::thread::JoinHandle<std::io::Result<Option<Preview>>>,
}

impl Prefetch {
    /// Starts reading the preview of the file at `path`, `rel_path` in its corpus, as
    /// [`Preview::read`] does.
    pub fn start(path: PathBuf, rel_path: String, reflow: Reflow, read_whole_up_to: u64) -> Self {
        let rel = rel_path.clone();
        let read = std::thread::spawn(move || {
            let preview = Preview::read(&path, &rel, reflow, read_whole_up_to)?;
            if let Some(preview) = &preview {
                preview.doc.first_sentence();
            }
            Ok(preview)
        });
        Prefetch { rel_path, read }
    }
}

struct Loading {
    entry: usize,
    cuts: Cuts,
    /// The whole read, until it is started after the first frame: it would otherwise take a
    /// core from the preview on a busy machine.
    read: Option<WholeRead>,
    whole: Receiver<Result<Document, DocumentError>>,
    /// Input that came since a key the preview could not serve, in order.
    held: VecDeque<Input>,
}

impl App {
    /// Opens the entry `i` from a preview of its file, if the file is large enough to need one
    /// and its first piece can show it (see [`Preview::read`]); whether it did. The whole file
    /// is read on a thread; [`App::poll_opening`] takes it in.
    pub(crate) fn open_from_preview(&mut self, i: usize) -> bool {
        let entry = &self.corpus.entries[i];
        let reflow = self.prefs.layout.reflow;
        let read = match self.opening.prefetch.take() {
            Some(prefetch) if prefetch.rel_path == entry.rel_path => prefetch
                .read
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            _ => Preview::read(
                &entry.path,
                &entry.rel_path,
                reflow,
                self.prefs.read_whole_up_to,
            ),
        };
        let Ok(Some(preview)) = read else {
            // An error is the whole read's to report.
            return false;
        };
        let remembered = self.positions.as_ref().and_then(|p| p.get(&entry.rel_path));
        // A remembered place past the first piece is found in the whole.
        if remembered.is_some_and(|ch| ch >= preview.cuts.head_chars()) {
            return false;
        }
        let (path, rel_path) = (entry.path.clone(), entry.rel_path.clone());
        let unsaved_position = self.remember_position().err();
        if !self.corpus.entries[i].loaded {
            let entry = &mut self.corpus.entries[i];
            let file = store::annotation_path(&self.corpus.annotations_dir, &entry.rel_path);
            // Only those the preview can show; the whole is read with the document (see
            // `Corpus::load_opened`), before any key that could save them is applied.
            match store::load_starting_before(&file, preview.cuts.head_chars()) {
                Some(shown) => entry.annotations = shown.into(),
                None => {
                    entry.read_annotations(&self.corpus.annotations_dir);
                    std::sync::Arc::make_mut(&mut entry.annotations)
                        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                }
            }
        }
        let Preview { doc, cuts } = preview;
        let cursor = match remembered {
            Some(ch) => doc.sentence_at(doc.index.char_to_byte(&doc.text, ch)),
            None => doc.first_sentence(),
        };
        let open = self.preview_open(i, doc, &cuts);
        let (send, whole) = channel();
        let read = WholeRead {
            path,
            rel_path,
            reflow,
            gate: self.opening.gate.take(),
            send,
        };
        self.open = Some(open);
        self.reader.cursor = cursor;
        self.reader.pick = Pick::Sentence;
        self.reader.marking = None;
        self.reader.top = RowPos::default();
        self.sidebar.selected = self.first_in_sidebar();
        self.focus = Focus::Reader;
        match unsaved_position {
            Some(why) => self.set_status(why.to_string(), true),
            None => self.status = None,
        }
        if remembered.is_some() {
            self.show_from_top();
        }
        self.opening.loading = Some(Loading {
            entry: i,
            cuts,
            read: Some(read),
            whole,
            held: VecDeque::new(),
        });
        true
    }

    /// The preview `doc` of entry `i` as the open document, with the annotations that lie in
    /// its first piece, away from the cut, where their quote is (the document may have changed
    /// since they were made); the others are hidden until the whole is read.
    fn preview_open(&self, i: usize, doc: Document, cuts: &Cuts) -> OpenDoc {
        let anns = &self.corpus.entries[i].annotations;
        let blind = self.coding.blind.then_some(&self.coding.coder);
        let mut hidden = hidden_of(blind, &self.coding.coders, anns);
        hidden.resize(anns.len(), false);
        let head_chars = cuts.head_chars();
        let head_end = doc.index.char_to_byte(&doc.text, head_chars);
        let byte = |ch: usize| doc.index.char_to_byte(&doc.text, ch.min(head_chars));
        // Sorted by start as the annotations are: only those starting in the first piece are
        // looked at; the others (most of a large document's) all lie at its end, hidden.
        let placed = anns.iter().take_while(|a| !a.is_orphan()).count();
        let in_head = anns[..placed].partition_point(|a| a.start < head_chars);
        let mut spans: Vec<Range<usize>> = anns[..in_head]
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let span = byte(a.start)..byte(a.end);
                let shown = a.end <= head_chars
                    && cuts.shows_as_whole(&span)
                    && doc.text.get(span.clone()) == Some(a.quote.as_str());
                hidden[k] |= !shown;
                span
            })
            .collect();
        spans.resize(placed, head_end..head_end);
        for hide in &mut hidden[in_head..placed] {
            *hide = true;
        }
        let listing = Listing::new(anns, |k| hidden.get(k) != Some(&true));
        // As drawn: the preview's own progress is not shown, so that it brings no frame.
        let indexing_shown = doc.indexing();
        OpenDoc {
            entry: i,
            doc: Arc::new(doc),
            spans: Intervals::new(spans),
            hidden,
            listing,
            bytes_of: Default::default(),
            indexing_shown,
            wrapping: Default::default(),
            words_counted: Default::default(),
        }
    }

    /// Where the open document's preview lies in the whole, while the whole is being read.
    pub fn opening_cuts(&self) -> Option<&Cuts> {
        self.opening.loading.as_ref().map(|l| &l.cuts)
    }

    /// Holds `key` while the open document is read whole, unless it is a motion that the
    /// preview shows as the whole would (then it is applied); `false` when nothing is read.
    pub(crate) fn hold_while_opening(&mut self, key: Key) -> bool {
        let Some(loading) = &self.opening.loading else {
            return false;
        };
        let served = loading.held.is_empty()
            && self.focus == Focus::Reader
            && self.mode.is_normal()
            && self.reader.count.is_none()
            && self.reader.marking.is_none()
            && self.active_search().is_none();
        let action = self
            .prefs
            .keymap
            .lookup(key, Scope::Reader, &self.corpus.tags);
        // Nothing is coded or held: quitting need not wait for the whole (the place is kept
        // where the preview knows it, see `remember_position`).
        if served && action == Some(Action::Quit) {
            self.apply(Action::Quit);
            return true;
        }
        // A motion is served from the preview: it changes nothing but the cursor and the view.
        if served && let Some(action) = action.filter(|&a| moves_by_sentence_or_page(a)) {
            let before = self.reader.clone();
            self.apply(action);
            if self.preview_shows_as_whole() {
                return true;
            }
            self.reader = before;
        }
        self.hold_opening(Input::Key(key))
    }

    /// Holds a click or the wheel while the open document is read whole.
    pub(crate) fn hold_mouse_while_opening(&mut self, mouse: Mouse) -> bool {
        self.opening.loading.is_some() && self.hold_opening(Input::Mouse(mouse))
    }

    fn hold_opening(&mut self, input: Input) -> bool {
        let Some(loading) = &mut self.opening.loading else {
            return false;
        };
        loading.held.push_back(input);
        self.set_status("reading the whole document…", false);
        true
    }

    /// Whether the cursor and the screen lie where the preview shows what the whole will.
    fn preview_shows_as_whole(&self) -> bool {
        let (Some(loading), Some(open), Some(panes)) =
            (&self.opening.loading, &self.open, self.panes())
        else {
            return false;
        };
        let (width, height) = panes.text_size();
        let rows = open.layout(width).visible(self.reader.top, height);
        let shown = match (rows.first(), rows.last()) {
            (Some((first, _)), Some((last, _))) => first.start..last.end,
            _ => return false,
        };
        loading.cuts.shows_as_whole(&shown)
            && self
                .reader
                .cursor
                .as_ref()
                .is_none_or(|c| loading.cuts.shows_as_whole(c))
    }

    /// Takes in the whole document once it is read; whether the screen may have changed. The
    /// event loop asks on every tick.
    pub fn poll_opening(&mut self) -> bool {
        let Some(loading) = &mut self.opening.loading else {
            return false;
        };
        if let Some(read) = loading.read.take() {
            read.start();
        }
        let whole = match loading.whole.try_recv() {
            Ok(whole) => whole,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(DocumentError::Read {
                path: self.corpus.entries[loading.entry].path.clone(),
                source: std::io::Error::other("the thread reading it ended"),
            }),
        };
        self.open_whole(whole);
        true
    }

    /// Waits for the whole document being read, and takes it in: for tests, which decide when
    /// it is read.
    pub fn finish_opening(&mut self) {
        if let Some(loading) = &mut self.opening.loading {
            if let Some(read) = loading.read.take() {
                read.start();
            }
            let whole = loading.whole.recv().unwrap_or_else(|_| {
                Err(DocumentError::Read {
                    path: self.corpus.entries[loading.entry].path.clone(),
                    source: std::io::Error::other("the thread reading it ended"),
                })
            });
            self.open_whole(whole);
        }
    }

    /// The entry of the document being read whole, if one is.
    pub(crate) fn opening_entry(&self) -> Option<usize> {
        self.opening.loading.as_ref().map(|l| l.entry)
    }

    /// Whether a document is being read whole.
    pub fn is_opening(&self) -> bool {
        self.opening.loading.is_some()
    }

    /// Shows the whole document in place of its preview, on the same text, and applies the
    /// input held meanwhile if the whole shows what the preview did there.
    fn open_whole(&mut self, whole: Result<Document, DocumentError>) {
        let Some(loading) = self.opening.loading.take() else {
            return;
        };
        // Nothing of the preview is remembered: the whole document's places are.
        let Some(preview) = self.open.take() else {
            return;
        };
        let cuts = &loading.cuts;
        let seen = self.seen(&preview, cuts);
        let first_shown = self.panes().and_then(|p| {
            let rows = preview.layout(p.text_size().0).visible(self.reader.top, 1);
            rows.first().map(|(row, _)| cuts.in_whole(row.start))
        });
        let doc = match whole {
            Ok(doc) => doc,
            Err(e) => {
                // Read as the list reads it, to say there that it cannot be.
                self.read_entry(loading.entry);
                self.set_status(e.to_string(), true);
                self.drop_while_opening(loading.held, None);
                return;
            }
        };
        self.show_document(loading.entry, doc);
        let same = seen
            .as_ref()
            .is_some_and(|(cursor, _, _)| self.seen_in_whole(cursor) == seen);
        let (Some((cursor, _, _)), Some(open)) = (seen, &self.open) else {
            return;
        };
        self.reader.cursor = open.doc.sentence_at(cursor.start);
        if let (Some(byte), Some(panes)) = (first_shown, self.panes()) {
            self.reader.top = open.layout(panes.text_size().0).row_of(byte);
        }
        self.follow_cursor();
        if same {
            self.apply_held(loading.held);
        } else {
            let why = "the document read whole differs from its first screen (it changed, or its \
                       encoding or line breaks did)";
            self.drop_while_opening(loading.held, Some(why));
        }
    }

    /// What the coder saw at the cursor in the preview, in the whole's offsets: the cursor
    /// sentence, its text and the annotations shown on it (ids and spans).
    fn seen(&self, preview: &OpenDoc, cuts: &Cuts) -> Option<Seen> {
        let cursor = self.reader.cursor.clone()?;
        let anns = &self.corpus.entries[preview.entry].annotations;
        let on_it = preview
            .shown_touching(&cursor)
            .map(|k| (anns[k].id.clone(), cuts.range_in_whole(&preview.spans[k])))
            .collect();
        let text = preview.doc.text[cursor.clone()].to_owned();
        Some((cuts.range_in_whole(&cursor), text, on_it))
    }

    /// [`App::seen`] in the whole document, at `cursor`.
    fn seen_in_whole(&self, cursor: &Range<usize>) -> Option<Seen> {
        let open = self.open.as_ref()?;
        if open.doc.sentence_at(cursor.start).as_ref() != Some(cursor) {
            return None;
        }
        let anns = &self.corpus.entries[open.entry].annotations;
        let on_it = open
            .shown_touching(cursor)
            .map(|k| (anns[k].id.clone(), open.spans[k].clone()))
            .collect();
        let text = open.doc.text.get(cursor.clone())?.to_owned();
        Some((cursor.clone(), text, on_it))
    }

    /// Drops the input held while the document was read, saying why (`None`: it could not be).
    fn drop_while_opening(&mut self, held: VecDeque<Input>, why: Option<&str>) {
        self.drop_typed_while_read(held, "read", why.map(str::to_owned));
    }

    /// Drops `held`, input typed while the open document was `read` ("read", "read again"), and
    /// says so: after `why` (the reason, which replaces the message), else after the message.
    pub(crate) fn drop_typed_while_read(
        &mut self,
        held: VecDeque<Input>,
        read: &str,
        why: Option<String>,
    ) {
        let Some(what) = not_applied(held.len(), &format!("while it was {read}")) else {
            return;
        };
        let text = match why {
            Some(why) => format!("{why}: {what}"),
            None => {
                let said = self.status.as_ref().map_or("", |s| s.text.as_str());
                format!("{said} · {what}")
            }
        };
        self.set_status(text, true);
    }
}

/// What reading a document whole needs, and where it sends the document.
struct WholeRead {
    path: PathBuf,
    rel_path: String,
    reflow: Reflow,
    gate: Option<Receiver<()>>,
    send: Sender<Result<Document, DocumentError>>,
}

impl WholeRead {
    /// Reads on a thread of its own; if none can be started, the receiver hears nothing more,
    /// which [`App::poll_opening`] reports.
    fn start(self) {
        let _ = std::thread::Builder::new()
            .name("open".into())
            .spawn(move || {
                if let Some(gate) = self.gate {
                    let _ = gate.recv();
                }
                let doc = Document::load(&self.path, &self.rel_path, self.reflow);
                // Made here, off the input path, for placing the annotations.
                if let Ok(doc) = &doc {
                    doc.hash();
                }
                let _ = self.send.send(doc);
            });
    }
}

/// The cursor sentence (bytes of the whole document), its text, and the ids and spans of the
/// annotations shown on it.
type Seen = (Range<usize>, String, Vec<(String, Range<usize>)>);
