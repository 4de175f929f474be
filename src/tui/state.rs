//! Everything the reader shows, held in one place; drawing reads it, `update` changes it.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::{Constraint, Rect};

use crate::core::annotation::{Annotation, Stamp};
use crate::core::config::{self, Depth};
use crate::core::corpus::Corpus;
use crate::core::document::Document;
use crate::core::history::History;
use crate::core::intervals::Intervals;
use crate::core::positions::Positions;
use crate::core::progress::Progress;
use crate::core::timing::Timing;
use crate::core::writer::Writer;
use crate::tui::component::{Component, Outcome};
use crate::tui::document_list::{DocumentList, ListFilter};
use crate::tui::export_dialog::ExportDialog;
use crate::tui::grep::Grep;
use crate::tui::help::HelpScreen;
use crate::tui::keymap::Keymap;
use crate::tui::keys::Key;
use crate::tui::marks::Marks;
pub use crate::tui::note_edit::NoteEdit;
use crate::tui::prompt::Prompt;
use crate::tui::saving::Saving;
use crate::tui::search::Search;
use crate::tui::tag_edit::TagEditor;
use crate::tui::tag_view::{TagPicker, TagView};
use crate::tui::view::theme::Theme;
use crate::tui::viewport::RowPos;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Sidebar,
}

/// Which component has the keyboard: the focused pane (`Normal`), or the dialog or input over
/// the panes, holding its state. See `tui::component`.
#[derive(Debug)]
pub enum Mode {
    Normal,
    Help(HelpScreen),
    Note(NoteEdit),
    Export(ExportDialog),
    Prompt(Prompt),
    Grep(Grep),
    TagPicker(TagPicker),
    TagView(TagView),
    ListFilter(ListFilter),
    Tags(TagEditor),
}

impl Mode {
    pub fn is_normal(&self) -> bool {
        matches!(self, Mode::Normal)
    }

    /// The dialog or input that has the keyboard; `None` when a pane has it.
    pub fn component(&self) -> Option<&dyn Component> {
        Some(match self {
            Mode::Normal => return None,
            Mode::Help(c) => c,
            Mode::Note(c) => c,
            Mode::Export(c) => c,
            Mode::Prompt(c) => c,
            Mode::Grep(c) => c,
            Mode::TagPicker(c) => c,
            Mode::TagView(c) => c,
            Mode::ListFilter(c) => c,
            Mode::Tags(c) => c,
        })
    }

    fn component_mut(&mut self) -> Option<&mut dyn Component> {
        Some(match self {
            Mode::Normal => return None,
            Mode::Help(c) => c,
            Mode::Note(c) => c,
            Mode::Export(c) => c,
            Mode::Prompt(c) => c,
            Mode::Grep(c) => c,
            Mode::TagPicker(c) => c,
            Mode::TagView(c) => c,
            Mode::ListFilter(c) => c,
            Mode::Tags(c) => c,
        })
    }
}

/// Dialogs kept after they close, so that they come back as they were: the last corpus search
/// (`:grep` alone shows it again, and its thread goes on filling it) and the last tag view (its
/// tags are checked when the picker opens again). Each is here or in [`App::mode`], never both.
#[derive(Debug, Default)]
pub struct Kept {
    pub grep: Option<Grep>,
    pub tag_view: Option<TagView>,
}

pub use crate::core::selection::Selection;

/// What the tag keys, `n` and `d` act on in the reading pane; exactly one of these at a time,
/// shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The cursor sentence.
    Sentence,
    /// A span being chosen (`v`, the word and clause steps, a drag).
    Select(Selection),
    /// The annotation just tagged, noted or jumped to: the next tag key adds to it or removes
    /// from it, until a motion, a search, a jump or `Esc` leaves it. `span` (bytes) is where it
    /// is, kept so that a tag key after its last tag was removed puts it back there.
    Annotation { id: String, span: Range<usize> },
}

pub struct OpenDoc {
    pub entry: usize,
    /// Shared with a search running through it on another thread.
    pub doc: Arc<Document>,
    /// Index of the cursor sentence; `None` for a document with no text.
    pub cursor: Option<usize>,
    pub pick: Pick,
    pub top: RowPos,
    /// Byte spans of the entry's annotations that have a place in the text, index for index
    /// (orphans come last and have none), refreshed on every change; indexed so that those on
    /// screen are found without looking at the others.
    pub spans: Intervals,
    /// In blind coding, whether each annotation (by index) is another coder's and not shown;
    /// empty otherwise.
    pub hidden: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub corpus: Corpus,
    pub focus: Focus,
    pub mode: Mode,
    pub list_selected: usize,
    pub sidebar_selected: usize,
    pub open: Option<OpenDoc>,
    pub history: History,
    pub status: Option<Status>,
    /// Files whose last save failed, with the reason; shown until a save succeeds.
    pub unsaved: Vec<(std::path::PathBuf, String)>,
    pub writer: Writer,
    pub saving: Saving,
    pub size: Rect,
    pub should_quit: bool,
    /// Set once `q` was refused because something is not saved; a second `q` quits anyway.
    pub quit_warned: bool,
    pub stamp: Box<dyn Fn() -> Stamp>,
    /// Blind coding: only the annotations of [`App::coder`] are shown in the reading pane, the
    /// sidebar and the document list's counts.
    pub blind: bool,
    /// Who codes in this reader: the stamp's annotator, taken once at the start.
    pub coder: String,
    pub keymap: Keymap,
    pub theme: Theme,
    pub layout: Layout,
    /// Where the reader was in each document; `None` when positions are not remembered.
    pub positions: Option<Positions>,
    /// The open document's search, kept until `Esc` or another document ends it.
    pub search: Option<Search>,
    /// Closed dialogs kept to come back as they were.
    pub kept: Kept,
    pub list: DocumentList,
    pub marks: Marks,
    /// Where a drag of the mouse in the text started (a byte offset), while the button is down.
    pub drag_from: Option<usize>,
    /// A count typed before a motion (`3l`), until the key it applies to.
    pub count: Option<usize>,
}

/// What the configuration and the command line decide for a session of the reader.
pub struct Settings {
    pub keymap: Keymap,
    pub theme: config::Theme,
    pub depth: Depth,
    pub layout: Layout,
    pub positions: Option<Positions>,
    /// The document to open first, by its path in the corpus; else the first readable one.
    pub document: Option<String>,
    /// Blind coding from the start (see [`App::blind`]).
    pub blind: bool,
    /// How often the idle reader checks for changes and retries failed saves, and how long a
    /// save waits for a lock.
    pub timing: Timing,
}

impl Default for Settings {
    /// The table's keys and the default theme on 256 colours; nothing remembered.
    fn default() -> Settings {
        Settings {
            keymap: Keymap::default(),
            theme: config::Theme::default(),
            depth: Depth::Ansi256,
            layout: Layout::default(),
            positions: None,
            document: None,
            blind: false,
            timing: Timing::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The widest the reading pane's text column gets; it is centred in the pane.
    pub max_width: Option<u16>,
    /// Whether the sidebar shows; without it the reading pane takes its room.
    pub sidebar: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            max_width: None,
            sidebar: true,
        }
    }
}

/// Where each part of the screen goes, or `None` when the terminal is too small for the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Rect,
    pub reader: Rect,
    /// `None` when the layout hides the sidebar.
    pub sidebar: Option<Rect>,
    pub status: Rect,
    /// The gutter and the text inside the reading pane's border, centred when the layout makes
    /// the text narrower than the pane.
    pub text: Rect,
}

pub const MIN_WIDTH: u16 = 72;
pub const MIN_HEIGHT: u16 = 12;
/// Columns left of the text in the reading pane: cursor mark, two tag keys, a space.
pub const GUTTER: u16 = 4;

impl Panes {
    pub fn of(area: Rect, layout: Layout) -> Option<Panes> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let [main, status] =
            ratatui::layout::Layout::vertical([Constraint::Min(1), Constraint::Length(1)])
                .areas(area);
        let list_w = (area.width * 22 / 100).clamp(20, 34);
        let side_w = if layout.sidebar {
            (area.width * 26 / 100).clamp(24, 40)
        } else {
            0
        };
        let [list, reader, sidebar] = ratatui::layout::Layout::horizontal([
            Constraint::Length(list_w),
            Constraint::Min(24),
            Constraint::Length(side_w),
        ])
        .areas(main);
        let inner = reader.inner(ratatui::layout::Margin::new(1, 1));
        let width = match layout.max_width {
            Some(max) => inner.width.min(max.saturating_add(GUTTER)),
            None => inner.width,
        };
        let text = Rect {
            x: inner.x + (inner.width - width) / 2,
            width,
            ..inner
        };
        Some(Panes {
            list,
            reader,
            sidebar: layout.sidebar.then_some(sidebar),
            status,
            text,
        })
    }

    /// The screen but its status bar: where the lists over the panes go.
    pub fn above_status(&self, screen: Rect) -> Rect {
        Rect {
            height: self.status.y - screen.y,
            ..screen
        }
    }

    /// Width and height of the text, right of the gutter.
    pub fn text_size(&self) -> (usize, usize) {
        (
            self.text.width.saturating_sub(GUTTER).max(1) as usize,
            self.text.height.max(1) as usize,
        )
    }
}

impl App {
    /// The reader with the default settings.
    pub fn new(corpus: Corpus, writer: Writer, stamp: Box<dyn Fn() -> Stamp>) -> App {
        App::start(corpus, writer, stamp, Settings::default())
    }

    pub fn start(
        corpus: Corpus,
        writer: Writer,
        stamp: Box<dyn Fn() -> Stamp>,
        settings: Settings,
    ) -> App {
        let coder = stamp().annotator;
        let theme = Theme::new(&settings.theme, settings.depth, &corpus.tags);
        let (progress, marks_problem) = Progress::load(&corpus.annotations_dir);
        let mut app = App {
            list: DocumentList::new(corpus.entries.len()),
            marks: Marks::new(progress, &corpus),
            drag_from: None,
            count: None,
            saving: Saving::new(&corpus, settings.timing),
            corpus,
            focus: Focus::List,
            mode: Mode::Normal,
            list_selected: 0,
            sidebar_selected: 0,
            open: None,
            history: History::default(),
            status: None,
            unsaved: Vec::new(),
            writer,
            size: Rect::new(0, 0, 100, 30),
            should_quit: false,
            quit_warned: false,
            stamp,
            blind: settings.blind,
            coder,
            keymap: settings.keymap,
            theme,
            layout: settings.layout,
            positions: settings.positions,
            search: None,
            kept: Kept::default(),
        };
        let entries = &app.corpus.entries;
        let first = match &settings.document {
            Some(doc) => entries.iter().position(|e| e.rel_path == *doc),
            None => entries.iter().position(|e| e.unreadable.is_none()),
        };
        if let Some(first) = first {
            app.list_selected = first;
            app.open_entry(first);
        }
        // After opening, which clears the status; a warning about that document comes first.
        if let Some(note) = app.corpus.tags_note.clone()
            && app.status.is_none()
        {
            app.set_status(note, false);
        }
        match app.corpus.rename_recovery.clone() {
            Some(Ok(done)) => app.set_status(done, false),
            Some(Err(why)) => app.set_status(why, true),
            None => {}
        }
        if let Some(problem) = marks_problem {
            app.set_status(problem, true);
        }
        app
    }

    /// Gives `key` to the dialog or input that has the keyboard, resolved in its scope; `false`
    /// when a pane has it. The component is taken out of `mode` while it works, so that it can
    /// change the rest of the reader; it goes back unless it closed or opened another in its
    /// place.
    pub(crate) fn component_key(&mut self, key: Key) -> bool {
        let mut mode = std::mem::replace(&mut self.mode, Mode::Normal);
        let Some(component) = mode.component_mut() else {
            return false;
        };
        let key = self
            .keymap
            .resolve(key, component.scope(), &self.corpus.tags);
        let outcome = component.handle(key, self);
        if outcome == Outcome::Stay && self.mode.is_normal() {
            self.mode = mode;
        } else {
            self.keep(mode);
        }
        true
    }

    /// Keeps a closed dialog that comes back as it was (see [`Kept`]); the others end.
    fn keep(&mut self, closed: Mode) {
        match closed {
            Mode::Grep(grep) => self.kept.grep = Some(grep),
            Mode::TagView(view) => self.kept.tag_view = Some(view),
            _ => {}
        }
    }

    /// The last corpus search, shown or kept.
    pub fn grep(&self) -> Option<&Grep> {
        match &self.mode {
            Mode::Grep(grep) => Some(grep),
            _ => self.kept.grep.as_ref(),
        }
    }

    /// The last tag view, shown or kept.
    pub fn tag_view(&self) -> Option<&TagView> {
        match &self.mode {
            Mode::TagView(view) => Some(view),
            _ => self.kept.tag_view.as_ref(),
        }
    }

    pub fn panes(&self) -> Option<Panes> {
        Panes::of(self.size, self.layout)
    }

    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Whether `a` is shown: always, unless blind coding hides it as another coder's.
    pub fn shows(&self, a: &Annotation) -> bool {
        !self.blind || a.annotator == self.coder
    }

    /// The annotation under the cursor in the open document: see [`OpenDoc::annotation_here`].
    pub fn annotation_here(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        open.annotation_here(self.open_annotations(), &self.coder)
    }

    /// The annotations of the open document, in text order.
    pub fn open_annotations(&self) -> &[Annotation] {
        match &self.open {
            Some(open) => &self.corpus.entries[open.entry].annotations,
            None => &[],
        }
    }
}

impl OpenDoc {
    /// Whether the annotation at index `i` is shown (see [`OpenDoc::hidden`]).
    pub fn shows(&self, i: usize) -> bool {
        self.hidden.get(i) != Some(&true)
    }

    /// Indices of the shown annotations whose spans touch `range`, ascending.
    pub fn shown_touching(&self, range: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.spans.touching(range).filter(|&i| self.shows(i))
    }

    pub fn cursor_span(&self) -> Option<Range<usize>> {
        self.cursor.map(|i| self.doc.sentences[i].clone())
    }

    pub fn selection(&self) -> Option<&Selection> {
        match &self.pick {
            Pick::Select(sel) => Some(sel),
            _ => None,
        }
    }

    /// What a tag key or `n` acts on: the selection or the current annotation, else the cursor
    /// sentence.
    pub fn target_span(&self) -> Option<Range<usize>> {
        match &self.pick {
            Pick::Select(sel) => Some(sel.span()),
            Pick::Annotation { span, .. } => Some(span.clone()),
            Pick::Sentence => self.cursor_span(),
        }
    }

    /// The annotation "under the cursor": the current one; else the one on exactly the
    /// selection; on the cursor sentence, one on exactly it, else the first that overlaps it.
    /// Of several, `coder`'s own comes first, so that `d` and `n` reach another coder's work
    /// only where the coder has none there. `anns` are the open document's annotations.
    pub fn annotation_here(&self, anns: &[Annotation], coder: &str) -> Option<usize> {
        if let Pick::Annotation { id, .. } = &self.pick {
            return (0..self.spans.len()).find(|&i| self.shows(i) && anns[i].id == *id);
        }
        let target = self.target_span()?;
        // Spans equal to the target or overlapping it all touch it.
        let touching: Vec<usize> = self.shown_touching(&target).collect();
        let own = |i: &usize| anns.get(*i).is_some_and(|a| a.annotator == coder);
        let exact: Vec<usize> = touching
            .iter()
            .copied()
            .filter(|&i| self.spans[i] == target)
            .collect();
        if let Some(i) = exact.iter().copied().find(own).or(exact.first().copied()) {
            return Some(i);
        }
        if self.pick != Pick::Sentence {
            return None;
        }
        let overlapping: Vec<usize> = touching
            .into_iter()
            .filter(|&i| {
                let s = &self.spans[i];
                s.start < target.end && target.start < s.end
            })
            .collect();
        overlapping
            .iter()
            .copied()
            .find(own)
            .or(overlapping.first().copied())
    }
}
