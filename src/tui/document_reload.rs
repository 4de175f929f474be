//! The open document's file changed on disk while it is open (an editor saved it, a `git pull`
//! brought a new version): the idle check (see `saving`) stats it against the stamp it was read
//! with, and only when that differs reads it again, on a thread, so that a large document does
//! not hold up the keyboard. That thread also places its annotations in the new text by the
//! re-anchoring rules (as `Entry::place_in` does when a document changed since annotated is
//! opened) and finds the cursor sentence and the selection in it (see [`follow`]); taken in, the
//! cursor, the selection and the view are put on the same text where it is still there, and the
//! status bar says what happened. The places are not written: as when such a document is
//! opened, they go to disk with the next change to its annotations.
//!
//! Every key and click that comes while the file is read again is held, and applied once it is
//! in, but only if the text they act on (the cursor sentence, the selection or the current
//! annotation) is found for certain in the new version, whole: else they are dropped and the
//! status bar says so, so that no code lands on text the coder did not choose. The annotation
//! selected in the sidebar is followed by its id, which placing does not change. The check is
//! not made while a dialog, a note, a prompt or a marking is open on the old text, nor while a
//! search still runs through it or the first read of the document is under way: it is made
//! again at the next tick, the file still differing.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Weak};

use crate::core::anchoring::follow::follow;
use crate::core::annotation::Annotation;
use crate::core::corpus::Placed;
use crate::core::documents::document::{Document, DocumentError};
use crate::core::documents::reflow::Reflow;
use crate::core::documents::selection::Selection;
use crate::core::storage::file_stamp::FileStamp;
use crate::tui::keys::Key;
use crate::tui::mouse::Mouse;
use crate::tui::search::Input;
use crate::tui::state::{App, Pick};

/// The open document being read again, when it is: held by the [`App`], looked into only here.
#[derive(Default)]
pub struct DocumentReload {
    reading: Option<Reading>,
    /// The stamp of a version of the open document that could not be read (or of its absence,
    /// `None`), already told: not tried again until the file changes once more.
    told: Option<Option<FileStamp>>,
    /// The stamp of a version read again that held the very text shown (a file touched, or
    /// saved unchanged), with the document it is the stamp of: the one to compare with, in
    /// place of [`Document::stamp`], while that document is open. The document shown is kept,
    /// so that a search through it goes on.
    same_text: Option<(Weak<Document>, FileStamp)>,
}

struct Reading {
    entry: usize,
    /// What the thread makes of the new version.
    read: Receiver<Result<Reread, DocumentError>>,
    /// Input that came meanwhile, in order.
    held: VecDeque<Input>,
    /// Whether the status bar said the file could not be read (or was gone) before this read.
    after_told: bool,
}

/// The new version, where each place the reader held in the old one is in it (see
/// [`places`]), the entry's annotations placed in it (`None`: none to place), and the byte
/// offset of each of their code point offsets.
struct Reread {
    doc: Document,
    places: Vec<Option<Range<usize>>>,
    placed: Option<Placed>,
    bytes_of: HashMap<usize, usize>,
}

/// The places (bytes of the old version) that the reader holds when the read starts, in this
/// order: the cursor sentence, then the pick's span if it is a selection or an annotation.
fn places(app: &App) -> Vec<Range<usize>> {
    let pick = match &app.reader.pick {
        Pick::Sentence => None,
        Pick::Select(sel) => Some(sel.span()),
        Pick::Annotation { span, .. } => Some(span.clone()),
    };
    app.reader.cursor.iter().cloned().chain(pick).collect()
}

impl App {
    /// Reads the open document again if its file changed since it was read: one `stat` when it
    /// did not. Called by the idle check (see `saving`); whether the status bar changed.
    pub(crate) fn check_open_document(&mut self) -> bool {
        let Some(open) = &self.open else { return false };
        let same_text = (self.doc_reload.same_text.as_ref())
            .filter(|(doc, _)| std::ptr::eq(doc.as_ptr(), Arc::as_ptr(&open.doc)))
            .map(|(_, stamp)| stamp);
        let Some(read_with) = same_text.or(open.doc.stamp.as_ref()) else {
            return false;
        };
        let busy = self.doc_reload.reading.is_some()
            || self.is_opening()
            || !self.mode.is_normal()
            || self.reader.marking.is_some()
            || self.reader.drag_from.is_some()
            || self.active_search().is_some_and(|s| !s.done());
        if busy {
            return false;
        }
        let path = self.corpus.entries[open.entry].path.clone();
        // A file that cannot be stat'ed now (its folder's permissions changed) tells nothing:
        // it is looked at again at the next check.
        let Ok(now) = FileStamp::of(&path) else {
            return false;
        };
        if now.as_ref() == Some(read_with) || self.doc_reload.told.as_ref() == Some(&now) {
            return false;
        }
        if now.is_none() {
            self.doc_reload.told = Some(None);
            let rel = &open.doc.rel_path;
            let said = format!("{rel} is gone from disk: showing the text read before");
            self.set_status(said, true);
            return true;
        };
        let (send, read) = channel();
        let job = Job {
            path,
            reflow: self.prefs.layout.reflow,
            old: Arc::clone(&open.doc),
            places: places(self),
            annotations: (self.corpus.entries[open.entry].to_place())
                .map(|a| (a, self.corpus.entries[open.entry].text_hash.clone())),
        };
        self.doc_reload.reading = Some(Reading {
            entry: open.entry,
            read,
            held: VecDeque::new(),
            after_told: self.doc_reload.told.take().is_some(),
        });
        let spawned = std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                let _ = send.send(job.run());
            });
        if spawned.is_err() {
            // Nothing was started: the next check tries again.
            self.doc_reload.reading = None;
        }
        false
    }

    /// Holds `key` while the open document is read again; `false` when it is not.
    pub(crate) fn hold_while_reloading(&mut self, key: Key) -> bool {
        self.hold_reloading(Input::Key(key))
    }

    /// Holds a click or the wheel while the open document is read again.
    pub(crate) fn hold_mouse_while_reloading(&mut self, mouse: Mouse) -> bool {
        self.hold_reloading(Input::Mouse(mouse))
    }

    fn hold_reloading(&mut self, input: Input) -> bool {
        let Some(reading) = &mut self.doc_reload.reading else {
            return false;
        };
        reading.held.push_back(input);
        self.set_status("the document changed on disk: reading it again…", false);
        true
    }

    /// Whether the open document is being read again.
    pub fn is_reloading(&self) -> bool {
        self.doc_reload.reading.is_some()
    }

    /// Takes in the open document read again, once it is; whether the screen may have changed.
    /// The event loop asks on every tick.
    pub fn poll_reload(&mut self) -> bool {
        let Some(reading) = &self.doc_reload.reading else {
            return false;
        };
        let reread = match reading.read.try_recv() {
            Ok(reread) => reread,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(gone(self, reading.entry)),
        };
        self.reloaded(reread);
        true
    }

    /// Waits for the open document being read again, and takes it in: for tests.
    pub fn finish_reload(&mut self) {
        if let Some(reading) = &self.doc_reload.reading {
            let reread = (reading.read.recv()).unwrap_or_else(|_| Err(gone(self, reading.entry)));
            self.reloaded(reread);
        }
    }

    /// Shows the new version in place of the old, on the same text, and applies the input held
    /// meanwhile if what it acts on is there whole.
    fn reloaded(&mut self, reread: Result<Reread, DocumentError>) {
        let Some(reading) = self.doc_reload.reading.take() else {
            return;
        };
        let Reread {
            doc,
            places,
            placed,
            bytes_of,
        } = match reread {
            Ok(reread) => reread,
            Err(e) => {
                let stamp = FileStamp::of(&self.corpus.entries[reading.entry].path);
                self.doc_reload.told = Some(stamp.unwrap_or(None));
                self.set_status(format!("{e}: showing the text read before"), true);
                self.drop_while_reloading(reading.held, None);
                return;
            }
        };
        let Some(old) = self.open.as_ref().filter(|o| o.entry == reading.entry) else {
            // Not met, since input waits for the read; were it, the input is for another text.
            let why = Some("another document is open");
            self.drop_while_reloading(reading.held, why);
            return;
        };
        if doc.hash() == old.doc.hash() {
            // Touched, not changed: the new stamp is all there is to take.
            let shown = Arc::downgrade(&old.doc);
            self.doc_reload.same_text = (doc.stamp.clone()).map(|s| (shown, s));
            if reading.after_told {
                self.set_status(
                    format!("{} is on disk again, unchanged", doc.rel_path),
                    false,
                );
            }
            self.apply_held(reading.held);
            return;
        }
        let rel = doc.rel_path.clone();
        let top_byte = self.panes().and_then(|p| {
            let rows = old.layout(p.text_size().0).visible(self.reader.top, 1);
            rows.first().map(|(row, _)| row.start)
        });
        let old_cursor = self.reader.cursor.clone();
        // A search belongs to the text it ran through.
        let searched = self.active_search().is_some();
        if searched {
            self.end_search();
        }
        let mut places = places.into_iter();
        let cursor = old_cursor.as_ref().map(|_| places.next().flatten());
        let pick = places.next().flatten();
        let tally = self.swap_document(reading.entry, doc, placed, bytes_of);
        let Some(open) = &self.open else { return };
        // The cursor on its sentence where it is still there whole, else on the sentence now
        // where it was; the view moved as far as the cursor was.
        let new_cursor = match (&old_cursor, &cursor) {
            (Some(_), Some(Some(at))) => open.doc.sentence_at(at.start),
            (Some(was), _) => open.doc.sentence_at(was.start.min(open.doc.text.len())),
            (None, _) => open.doc.first_sentence(),
        };
        let cursor_kept = matches!(&cursor, Some(Some(at)) if new_cursor.as_ref() == Some(at))
            || (old_cursor.is_none() && new_cursor.is_none());
        let shift = |byte: usize| match (&old_cursor, &new_cursor) {
            (Some(was), Some(now)) => (byte + now.start).saturating_sub(was.start),
            _ => byte,
        };
        let top = match (top_byte, self.panes()) {
            (Some(byte), Some(panes)) => {
                let byte = shift(byte).min(open.doc.text.len());
                Some(open.layout(panes.text_size().0).row_of(byte))
            }
            _ => None,
        };
        self.reader.cursor = new_cursor;
        if let Some(top) = top {
            self.reader.top = top;
        }
        let pick_dropped = self.follow_pick(pick);
        self.follow_cursor();
        let mut said = format!("{rel} changed on disk: reloaded");
        if tally != Default::default() {
            said.push_str(&format!(" (annotations: {tally})"));
        }
        if let Some(dropped) = pick_dropped {
            said.push_str("; ");
            said.push_str(dropped);
        }
        if searched {
            said.push_str("; the search ended");
        }
        // Said when no key was held (a held key's drop says it): the coder must not tag the
        // sentence now under the cursor believing it the one they were reading.
        let cursor_moved = old_cursor.is_some() && !cursor_kept && reading.held.is_empty();
        if cursor_moved {
            said.push_str(
                "; the sentence under the cursor changed: the cursor is on the one now there",
            );
        }
        let error = tally.orphans + tally.fuzzy > 0 || pick_dropped.is_some() || cursor_moved;
        self.set_status(said.clone(), error);
        if cursor_kept && pick_dropped.is_none() {
            let applied = !reading.held.is_empty();
            self.apply_held(reading.held);
            // What the keys did is said after the reload, which they would otherwise hide.
            if let Some(after) = self.status.clone().filter(|s| applied && s.text != said) {
                self.set_status(format!("{said} · {}", after.text), error || after.error);
            }
        } else {
            self.drop_while_reloading(reading.held, Some("the text under the cursor changed"));
        }
    }

    /// Puts `doc` in place of the open document of `entry`, its annotations placed in it (as
    /// `placed` on the thread, with their offsets in bytes `bytes_of`, unless they changed
    /// meanwhile); what placing them did.
    fn swap_document(
        &mut self,
        entry: usize,
        doc: Document,
        placed: Option<Placed>,
        mut bytes_of: HashMap<usize, usize>,
    ) -> crate::core::anchoring::reanchor::Tally {
        let e = &mut self.corpus.entries[entry];
        // The sidebar's annotation is one by its index in text order, where placing may move it
        // (to Unplaced, say): followed by its id, so that a key held for it acts on it.
        let selected = e
            .annotations
            .get(self.sidebar.selected)
            .map(|a| a.id.clone());
        if !placed.is_some_and(|placed| e.take_placed(placed)) {
            e.place_in(&doc.text, &doc.index, || doc.hash().to_owned());
            bytes_of.clear();
        }
        let tally = std::mem::take(&mut e.reanchored);
        // Its title, date or source may have been edited: the list shows them, in their order.
        if e.meta != doc.meta {
            e.set_meta(doc.meta.clone());
            let coding = &self.coding;
            self.list.entries_read(&self.corpus, &|a| coding.shows(a));
        }
        self.open = Some(self.open_doc(entry, doc, bytes_of));
        let anns = &self.corpus.entries[entry].annotations;
        self.sidebar.selected = match selected.and_then(|id| anns.iter().position(|a| a.id == id)) {
            Some(i) => i,
            None => self.first_in_sidebar(),
        };
        // Suggestions found in the old text are keyed by its offsets.
        self.suggestions.forget_found();
        self.refresh_thread();
        tally
    }

    /// Puts the pick on its text in the new version, `at` (`None`: not there for certain), or
    /// drops it where that text is not there whole: then what the status bar says of it. A
    /// current annotation is followed by its id, and kept only where it lies on that text.
    fn follow_pick(&mut self, at: Option<Range<usize>>) -> Option<&'static str> {
        let kept = match (&self.reader.pick, &at, &self.open) {
            (Pick::Sentence, _, _) => return None,
            (Pick::Select(sel), Some(at), _) => Some(Pick::Select(if sel.fixed <= sel.moving {
                Selection {
                    fixed: at.start,
                    moving: at.end,
                }
            } else {
                Selection {
                    fixed: at.end,
                    moving: at.start,
                }
            })),
            (Pick::Annotation { id, .. }, Some(at), Some(open)) => {
                let anns = &self.corpus.entries[open.entry].annotations;
                let placed = anns.iter().position(|a| a.id == *id);
                let span = placed.and_then(|i| open.spans.get(i));
                (span == Some(at)).then(|| Pick::Annotation {
                    id: id.clone(),
                    span: at.clone(),
                })
            }
            _ => None,
        };
        let dropped = match (&self.reader.pick, &kept) {
            (_, Some(_)) => None,
            (Pick::Select(_), None) => Some("the selection's text is gone: selection dropped"),
            (_, None) => Some("the current annotation's text changed: it is current no more"),
        };
        self.reader.pick = kept.unwrap_or_default();
        dropped
    }

    /// Drops the input held while the document was read again, saying why (`None`: it could
    /// not be read).
    fn drop_while_reloading(&mut self, held: VecDeque<Input>, why: Option<&str>) {
        // The reason goes on after what the reload said.
        let why = why.map(|why| {
            let said = self.status.as_ref().map_or("", |s| s.text.as_str());
            format!("{said}; {why}")
        });
        self.drop_typed_while_read(held, "read again", why);
    }
}

/// The error of a read whose thread ended without a word.
fn gone(app: &App, entry: usize) -> DocumentError {
    DocumentError::Read {
        path: app.corpus.entries[entry].path.clone(),
        source: std::io::Error::other("the thread reading it ended"),
    }
}

/// What reading the open document again needs.
struct Job {
    path: PathBuf,
    reflow: Reflow,
    old: Arc<Document>,
    places: Vec<Range<usize>>,
    /// The entry's annotations to place, and the hash of the text their offsets refer to.
    annotations: Option<(Arc<[Annotation]>, String)>,
}

impl Job {
    /// Reads the new version, finds the places in it and places the annotations: on a large
    /// document a pass over its text each, kept off the input path.
    fn run(self) -> Result<Reread, DocumentError> {
        let doc = Document::load(&self.path, &self.old.rel_path, self.reflow)?;
        let placed = self.annotations.map(|(from, text_hash)| {
            Placed::in_text(from, &text_hash, &doc.text, &doc.index, || {
                doc.hash().to_owned()
            })
        });
        // Converted here: 10,000 annotations on 50 MB take 10 ms.
        let offsets = (placed.iter())
            .flat_map(|p| p.annotations().iter().filter(|a| !a.is_orphan()))
            .flat_map(|a| [a.start, a.end]);
        let bytes_of = offsets
            .map(|ch| (ch, doc.index.char_to_byte(&doc.text, ch)))
            .collect();
        let places = if doc.hash() == self.old.hash() {
            self.places.into_iter().map(Some).collect()
        } else {
            let (old, new) = (&self.old, &doc);
            follow(
                &self.places,
                (&old.text, &old.index),
                (&new.text, &new.index),
            )
        };
        Ok(Reread {
            doc,
            places,
            placed,
            bytes_of,
        })
    }
}
