//! Everything the reader shows, held in one place; drawing reads it, `update` changes it.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::tui::cut;

use crate::core::annotation::{Annotation, Stamp};
use crate::core::annotation_listing::Listing;
use crate::core::corpus::Corpus;
use crate::core::documents::document::Document;
use crate::core::documents::intervals::Intervals;
use crate::core::documents::reflow::Reflow;
use crate::core::history::History;
use crate::core::storage::writer::Writer;
use crate::core::user_state::config::{self, Depth};
use crate::core::user_state::positions::Positions;
use crate::core::user_state::progress::Progress;
use crate::core::user_state::session::Session;
use crate::core::user_state::timing::Timing;
use crate::tui::component::{Component, Outcome};
use crate::tui::crosstab_view::{CellList, CrosstabView};
use crate::tui::document_list::{DocumentList, ListFilter};
use crate::tui::export_dialog::ExportDialog;
use crate::tui::field_form::FieldForm;
use crate::tui::grep::Grep;
use crate::tui::help::HelpScreen;
use crate::tui::keymap::Keymap;
use crate::tui::keys::Key;
use crate::tui::marks::Marks;
use crate::tui::messages::MessagesScreen;
pub use crate::tui::note_edit::NoteEdit;
use crate::tui::opening::{Opening, Prefetch};
use crate::tui::prompt::Prompt;
use crate::tui::reader::Reader;
use crate::tui::review::Review;
use crate::tui::saving::Saving;
use crate::tui::scanning::Scanning;
use crate::tui::search::Searching;
use crate::tui::sidebar::Sidebar;
use crate::tui::tag_edit::TagEditor;
use crate::tui::tag_view::{TagPicker, TagView};
use crate::tui::thread_view::ThreadView;
use crate::tui::update::Quitting;
use crate::tui::view::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Sidebar,
}

/// The component a [`Mode`] holds, as `$as` (a shared or a mutable trait object).
/// The component in a [`Mode`], borrowed as `$($borrow)+` (`&` or `&mut`): one list of the
/// modes for both borrows.
macro_rules! each_component {
    ($mode:expr, $($borrow:tt)+) => {
        match $mode {
            Mode::Normal => None,
            Mode::Help(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Note(c) => Some($($borrow)+ **c as $($borrow)+ dyn Component),
            Mode::Export(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Prompt(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Grep(c) => Some(c as $($borrow)+ dyn Component),
            Mode::TagPicker(c) => Some(c as $($borrow)+ dyn Component),
            Mode::TagView(c) => Some(c as $($borrow)+ dyn Component),
            Mode::ListFilter(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Tags(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Fields(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Review(c) => Some(c as $($borrow)+ dyn Component),
            Mode::LinkType(c) => Some(c as $($borrow)+ dyn Component),
            Mode::DeleteLinked(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Thread(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Crosstab(c) => Some(c as $($borrow)+ dyn Component),
            Mode::CellList(c) => Some(c as $($borrow)+ dyn Component),
            Mode::Messages(c) => Some(c as $($borrow)+ dyn Component),
        }
    };
}

/// Which component has the keyboard: the focused pane (`Normal`), or the dialog or input over
/// the panes, holding its state. See `tui::component`.
#[derive(Debug)]
pub enum Mode {
    Normal,
    Help(HelpScreen),
    /// Boxed: the note's text area is much larger than the other modes.
    Note(Box<NoteEdit>),
    Export(ExportDialog),
    Prompt(Prompt),
    Grep(Grep),
    TagPicker(TagPicker),
    TagView(TagView),
    ListFilter(ListFilter),
    Tags(TagEditor),
    /// The fields of an annotation (`f`).
    Fields(FieldForm),
    Review(Review),
    LinkType(crate::tui::linking::LinkTypePicker),
    DeleteLinked(crate::tui::delete_linked::DeleteLinked),
    Thread(ThreadView),
    Crosstab(CrosstabView),
    CellList(CellList),
    /// The session's messages, whole (`F7`, `:messages`).
    Messages(MessagesScreen),
}

impl Mode {
    pub fn is_normal(&self) -> bool {
        matches!(self, Mode::Normal)
    }

    /// The dialog or input that has the keyboard; `None` when a pane has it.
    pub fn component(&self) -> Option<&dyn Component> {
        each_component!(self, &)
    }

    fn component_mut(&mut self) -> Option<&mut dyn Component> {
        each_component!(self, &mut)
    }
}

/// Dialogs kept after they close, so that they come back as they were: the last corpus search
/// (`:grep` alone shows it again, and its thread goes on filling it), the last tag view (its
/// tags are checked when the picker opens again) and the last cross table (counted again when it
/// opens again). Each is here or in [`App::mode`], never both.
#[derive(Debug, Default)]
pub struct Kept {
    pub grep: Option<Grep>,
    pub tag_view: Option<TagView>,
    pub crosstab: Option<CrosstabView>,
    /// The cross table's cell list an annotation was just opened from: `Esc` in the reading
    /// pane goes back to it, until another document or screen is opened.
    pub cell_list: Option<CellList>,
}

pub use crate::core::documents::selection::Selection;

/// What the tag keys, `n` and `d` act on in the reading pane; exactly one of these at a time,
/// shown in the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Pick {
    /// The cursor sentence.
    #[default]
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
    /// Byte spans of the entry's annotations that have a place in the text, index for index
    /// (orphans come last and have none), refreshed on every change; indexed so that those on
    /// screen are found without looking at the others.
    pub spans: Intervals,
    /// In blind coding, whether each annotation (by index) is another coder's and not shown;
    /// empty otherwise.
    pub hidden: Vec<bool>,
    /// The shown annotations as the sidebar lists and counts them, made with `hidden`.
    pub listing: Listing,
    /// The byte offset of each code point offset of an annotation converted so far: the text
    /// does not change while it is open, so a change to one annotation among thousands
    /// converts only its own offsets when `spans` is made again.
    pub bytes_of: std::collections::HashMap<usize, usize>,
    /// How far finding the sentences was when last drawn (see [`Document::indexing`]).
    pub indexing_shown: Option<usize>,
    /// The display lines wrapped so far, for [`OpenDoc::layout`].
    pub(crate) wrapping: crate::tui::viewport::Wrapping,
    /// The last span whose words [`OpenDoc::words`] counted: its bytes, how far they were
    /// counted, and the count.
    pub(crate) words_counted: std::cell::Cell<Option<(usize, usize, usize, usize)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The reader. Its fields, by who uses them:
/// - the shared model, which every pane and dialog reads and the actions change: the corpus,
///   the open document, the undo history, the writer and what is not saved;
/// - the panes' own state ([`DocumentList`], [`Reader`], [`Sidebar`], each a
///   [`crate::tui::component::Pane`]), which pane has the focus, and the dialog over them
///   ([`Mode`]);
/// - [`Prefs`], what the configuration chose; [`Coding`], whose annotations are shown;
/// - the user's state remembered between sessions (positions, session, marks).
///
/// What one module alone uses is held here in a type of that module whose inside only it sees
/// (the search, the scan, the quit warning); what only the reader's own modules use is
/// `pub(crate)`, read from outside, where at all, through a method (`unsaved`,
/// `pending_link`, `size`). Public are only the fields that the tests and the benches drive
/// the reader with and look into: the model (corpus, open document, writer), the panes, the
/// focus and the dialog, the status bar, the settings, the coder and the marks; and `stamp`,
/// which tests replace to fix the time and name on new annotations. The binary only starts
/// the reader (`tui::startup`) and runs it (`tui::terminal`).
pub struct App {
    // The shared model.
    pub corpus: Corpus,
    pub open: Option<OpenDoc>,
    pub(crate) history: History,
    pub writer: Writer,
    pub(crate) saving: Saving,
    /// Files whose last save failed, with the reason; shown until a save succeeds.
    pub(crate) unsaved: Vec<(std::path::PathBuf, String)>,
    pub stamp: Box<dyn Fn() -> Stamp>,
    /// See [`Searching`].
    pub(crate) search: Searching,
    /// See [`Scanning`].
    pub(crate) scan: Scanning,
    /// See [`Opening`].
    pub(crate) opening: Opening,
    /// See [`DocumentReload`].
    pub(crate) doc_reload: crate::tui::document_reload::DocumentReload,
    /// A link started from an annotation, until its target is picked or it is cancelled.
    pub(crate) linking: Option<crate::tui::linking::PendingLink>,
    /// The corpus's annotations and links by id, made when first needed after a change (see
    /// `App::link_index`).
    pub(crate) link_index: std::cell::OnceCell<crate::core::links::LinkIndex>,

    // The panes, the focus among them, and the dialog over them.
    pub focus: Focus,
    pub list: DocumentList,
    /// What the reading pane holds between two events.
    pub reader: Reader,
    /// The sidebar's list of the open document's annotations.
    pub sidebar: Sidebar,
    pub mode: Mode,
    /// Closed dialogs kept to come back as they were.
    pub(crate) kept: Kept,
    pub status: Option<Status>,
    /// Every message of the session, oldest first, as the messages screen lists them: the
    /// newest [`MESSAGES_KEPT`], one said twice in a row listed once.
    pub(crate) messages: std::collections::VecDeque<Status>,
    pub(crate) size: Rect,
    pub should_quit: bool,
    /// Whether the last key did no more than move the reading pane's cursor by sentence or
    /// page (`moves_by_sentence_or_page`): what the next frame may draw again less of (see
    /// `pane_reuse`).
    pub moved_only: bool,
    /// See [`Quitting`].
    pub(crate) quitting: Quitting,

    pub prefs: Prefs,
    pub coding: Coding,

    // What is remembered between sessions.
    /// Where the reader was in each document; `None` when positions are not remembered.
    pub(crate) positions: Option<Positions>,
    /// The document open and the export dialog's choice, remembered like the positions.
    pub(crate) session: Option<Session>,
    pub marks: Marks,
    /// Suggested attributed claims in the reading pane (`S`).
    pub(crate) suggestions: crate::tui::suggesting::Suggestions,
}

/// What the configuration and the command line chose for the session; the layout changes
/// with the keys that hide and show panes.
pub struct Prefs {
    pub keymap: Keymap,
    pub theme: Theme,
    pub layout: Layout,
    /// See [`Settings::index_in_background`].
    pub index_in_background: bool,
    /// See [`Settings::read_whole_up_to`].
    pub read_whole_up_to: u64,
    /// The configuration file, where a name asked for at the start is written.
    pub config_path: Option<std::path::PathBuf>,
}

/// Who codes, and whose annotations the screens show.
pub struct Coding {
    /// Blind coding: only the annotations of [`Coding::coder`] are shown in the reading pane,
    /// the sidebar and the document list's counts.
    pub blind: bool,
    /// Who codes in this reader: the stamp's annotator, taken once at the start.
    pub coder: String,
    /// The coders whose annotations the reading pane, the sidebar, the document list's counts
    /// and the tag view show, as `:coders A,B` chose them; empty for everyone's.
    pub coders: Vec<String>,
    /// Whose annotations the review screen's final coding is: the configuration's
    /// `adjudicator`, else the name typed when the screen first opened.
    pub adjudicator: Option<String>,
    /// The coders the review screen compares, as `:review A,B` last named them; empty for
    /// everyone who annotated the document.
    pub review_coders: Vec<String>,
}

impl Coding {
    /// Whether `a` is shown (see [`App::shows`]).
    pub fn shows(&self, a: &Annotation) -> bool {
        shown(self.blind.then_some(self.coder.as_str()), &self.coders, a)
    }

    /// Whose annotations are shown, for the titles of screens that count them: `every
    /// coder's`, `tester's (blind)`, `coders alice, judge`, or both of the last two.
    pub fn whose(&self) -> String {
        let coders = format!("coders {}", self.coders.join(", "));
        match (self.blind, self.coders.is_empty()) {
            (false, true) => "every coder's".to_owned(),
            (false, false) => coders,
            (true, true) => format!("{}'s (blind)", self.coder),
            (true, false) => format!("{}'s (blind) of {coders}", self.coder),
        }
    }
}

/// Whether `a` is shown in blind coding by `blind` (the coder; `None` when not blind) with
/// the coders `coders` chosen (empty: everyone).
pub fn shown(blind: Option<&str>, coders: &[String], a: &Annotation) -> bool {
    blind.is_none_or(|me| a.annotator == me) && (coders.is_empty() || coders.contains(&a.annotator))
}

/// What the configuration and the command line decide for a session of the reader.
pub struct Settings {
    pub keymap: Keymap,
    pub theme: config::Theme,
    pub depth: Depth,
    pub layout: Layout,
    pub positions: Option<Positions>,
    pub session: Option<Session>,
    pub config_path: Option<std::path::PathBuf>,
    /// The document to open first, by its path in the corpus; else the first readable one.
    pub document: Option<String>,
    /// Blind coding from the start (see [`Coding::blind`]).
    pub blind: bool,
    /// Whether the sentences of a large document beyond the screen are found on a background
    /// thread ([`Document::index_in_background`]); else only as keys reach them, which tests use
    /// to look at the reader while indexing is under way.
    pub index_in_background: bool,
    /// See [`Coding::adjudicator`].
    pub adjudicator: Option<String>,
    /// Tests only: what the scan of unread documents waits on (see `scanning`).
    pub scan_gate: Option<std::sync::mpsc::Receiver<()>>,
    /// Documents larger than this (bytes) are shown from their first and last pieces while
    /// they are read whole (see `opening`); [`READ_WHOLE_UP_TO`] but in tests.
    ///
    /// [`READ_WHOLE_UP_TO`]: crate::core::documents::preview::READ_WHOLE_UP_TO
    pub read_whole_up_to: u64,
    /// Tests only: what the whole read of the first document shown from a preview waits on.
    pub open_gate: Option<std::sync::mpsc::Receiver<()>>,
    /// The preview of [`Settings::document`], being read; `None` reads it when it is opened.
    pub prefetch: Option<Prefetch>,
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
            session: None,
            config_path: None,
            document: None,
            blind: false,
            index_in_background: true,
            adjudicator: None,
            scan_gate: None,
            read_whole_up_to: crate::core::documents::preview::READ_WHOLE_UP_TO,
            open_gate: None,
            prefetch: None,
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
    /// Whether the document list shows; likewise.
    pub list: bool,
    /// Whether hard-wrapped lines are joined for display.
    pub reflow: Reflow,
    /// Whether the note pane shows the whole note of the annotation here: below the sidebar,
    /// or below the reading pane when there is no sidebar.
    pub note_pane: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            max_width: None,
            sidebar: true,
            list: true,
            reflow: Reflow::Auto,
            note_pane: false,
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
    /// The note pane, with its border; `None` when it is hidden.
    pub note: Option<Rect>,
    pub status: Rect,
    /// The gutter and the text inside the reading pane's border, centred when the layout makes
    /// the text narrower than the pane.
    pub text: Rect,
}

pub const MIN_WIDTH: u16 = 72;
/// Messages the messages screen keeps; older ones are dropped.
pub const MESSAGES_KEPT: usize = 500;
/// Columns of the sidebar, borders included, while the document list is hidden: the widest
/// legend row of the shipped tags (`2 ■ quasi-authoritative 12`, 26 columns) fits.
const SIDEBAR_ALONE: u16 = 28;
pub const MIN_HEIGHT: u16 = 12;
/// Columns left of the text in the reading pane: cursor mark, two tag keys, a space.
pub const GUTTER: u16 = 4;

impl Panes {
    /// The panes on a terminal of `area` with the status bar `status_rows` high (at least one).
    pub fn of(area: Rect, layout: Layout, status_rows: u16) -> Option<Panes> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let [main, status] = cut::bottom(area, status_rows.max(1));
        let list_w = if layout.list {
            (area.width * 22 / 100).clamp(20, 34)
        } else {
            0
        };
        // With the list hidden (a narrow terminal starts so), the sidebar takes a little of its
        // room: at 80 columns its legend then shows every shipped tag's whole name and count.
        let side_w = match (layout.sidebar, layout.list) {
            (false, _) => 0,
            (true, true) => (area.width * 26 / 100).clamp(24, 40),
            (true, false) => (area.width * 26 / 100).clamp(SIDEBAR_ALONE, 40),
        };
        let [list, reader, sidebar] = cut::sides(main, list_w, side_w);
        // The note pane takes the bottom of the sidebar, or of the reading pane without one.
        let rows = (main.height * 2 / 5).clamp(5, 16);
        let split = |r: Rect| cut::bottom(r, rows);
        let (reader, sidebar, note) = match (layout.note_pane, layout.sidebar) {
            (false, _) => (reader, sidebar, None),
            (true, true) => {
                let [sidebar, note] = split(sidebar);
                (reader, sidebar, Some(note))
            }
            (true, false) => {
                let [reader, note] = split(reader);
                (reader, sidebar, Some(note))
            }
        };
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
            note,
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
        // A tag key looks at the scheme when pressed; the save looks again when it writes.
        writer.guard_scheme(corpus.root.clone());
        let theme = Theme::new(&settings.theme, settings.depth, &corpus.tags);
        let (progress, marks_problem) =
            Progress::load(&corpus.annotations_dir, settings.timing.lock_wait);
        let mut app = App {
            list: DocumentList::new(corpus.entries.len()),
            marks: Marks::new(progress, &corpus),
            reader: Reader::default(),
            saving: Saving::new(&corpus, settings.timing),
            corpus,
            focus: Focus::List,
            mode: Mode::Normal,
            sidebar: Sidebar::default(),
            open: None,
            history: History::default(),
            status: None,
            messages: std::collections::VecDeque::new(),
            unsaved: Vec::new(),
            writer,
            size: Rect::new(0, 0, 100, 30),
            should_quit: false,
            moved_only: false,
            quitting: Quitting::default(),
            stamp,
            prefs: Prefs {
                keymap: settings.keymap,
                theme,
                layout: settings.layout,
                index_in_background: settings.index_in_background,
                read_whole_up_to: settings.read_whole_up_to,
                config_path: settings.config_path,
            },
            coding: Coding {
                blind: settings.blind,
                coder,
                coders: Vec::new(),
                adjudicator: settings.adjudicator,
                review_coders: Vec::new(),
            },
            positions: settings.positions,
            session: settings.session,
            search: Searching::default(),
            kept: Kept::default(),
            scan: Scanning::default(),
            opening: Opening::new(settings.open_gate, settings.prefetch),
            doc_reload: Default::default(),
            linking: None,
            link_index: std::cell::OnceCell::new(),
            suggestions: Default::default(),
        };
        let loaded: Vec<usize> = (0..app.corpus.entries.len())
            .filter(|&i| app.corpus.entries[i].loaded)
            .collect();
        app.tell_writer(&loaded);
        // Read in order until one can be: usually only the first.
        let first = match &settings.document {
            Some(doc) => app.corpus.entries.iter().position(|e| e.rel_path == *doc),
            None => (0..app.corpus.entries.len()).find(|&i| {
                app.read_entry(i);
                app.corpus.entries[i].unreadable.is_none()
            }),
        };
        if let Some(first) = first {
            app.list.selected = first;
            app.open_entry(first);
        }
        app.start_scan(settings.scan_gate);
        // After opening, which clears the status; a warning about that document comes first.
        if let Some(note) = app.corpus.tags_note.clone()
            && app.status.is_none()
        {
            app.set_status(note, false);
        }
        let recovery = app.corpus.rename_recovery.as_ref().map(|r| match r {
            Ok(done) => (done.clone(), false),
            Err(why) => (why.to_string(), true),
        });
        if let Some((text, error)) = recovery {
            app.set_status(text, error);
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
            .prefs
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
        // Another screen closed: the way back to a cell's list is gone.
        self.kept.cell_list = None;
        match closed {
            Mode::Grep(grep) => self.kept.grep = Some(grep),
            Mode::TagView(view) => self.kept.tag_view = Some(view),
            // Unless it opened its cell list, or the list went back to it: that has it.
            Mode::Crosstab(view) if self.mode.is_normal() => self.kept.crosstab = Some(view),
            // It closed on opening one of its annotations (its own Esc opens the table).
            Mode::CellList(list) if self.mode.is_normal() => {
                self.kept.crosstab = Some(list.table.clone());
                self.kept.cell_list = Some(list);
            }
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
        self.panes_in(self.size)
    }

    /// Where each part of the screen goes on a terminal of `area`: the status bar takes the rows
    /// its message needs (see `view::status::rows`).
    pub fn panes_in(&self, area: Rect) -> Option<Panes> {
        Panes::of(
            area,
            self.prefs.layout,
            crate::tui::view::status_rows(self, area),
        )
    }

    /// Says `text` in the status bar (in the error colour if `error`) and keeps it for the
    /// messages screen. A message that needs more rows than the last takes them from the
    /// bottom of the panes: the text stays where it is, and scrolls only when the cursor
    /// sentence would go under the status bar, as little as keeps it in sight (no margin: at
    /// most the rows the message took).
    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        let height = |app: &App| app.panes().map(|p| p.text.height);
        let before = height(self);
        let status = Status {
            text: text.into(),
            error,
        };
        // The same message again (a key pressed twice) is listed once.
        if self.messages.back() != Some(&status) {
            if self.messages.len() == MESSAGES_KEPT {
                self.messages.pop_front();
            }
            self.messages.push_back(status.clone());
        }
        self.status = Some(status);
        if height(self) < before {
            self.keep_cursor_within(0);
        }
    }

    /// Whether `a` is shown: unless blind coding hides it as another coder's, or `:coders`
    /// chose coders it is not one of.
    pub fn shows(&self, a: &Annotation) -> bool {
        self.coding.shows(a)
    }

    /// The annotation under the cursor in the open document: see [`OpenDoc::annotation_here`].
    pub fn annotation_here(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        open.annotation_here(&self.reader, self.open_annotations(), &self.coding.coder)
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
    /// The document laid out at `width` columns, its lines wrapped once and remembered.
    pub fn layout(&self, width: usize) -> crate::tui::viewport::Layout<'_> {
        crate::tui::viewport::Layout {
            doc: &self.doc,
            width,
            wrapping: &self.wrapping,
        }
    }

    /// How many words the text's bytes `span` hold, counting no further than `most`
    /// ([`words::count`]). The status bar says it for the cursor sentence on every frame:
    /// segmenting it by UAX #29 each time was a fiftieth of a `j` (issue 10), so the count of
    /// the last span is kept; the text does not change while open.
    ///
    /// [`words::count`]: crate::core::documents::words::count
    pub fn words(&self, span: std::ops::Range<usize>, most: usize) -> usize {
        if let Some((start, end, counted, n)) = self.words_counted.get()
            && (start..end) == span
        {
            // All counted, or as far as asked.
            if n < counted {
                return n.min(most);
            }
            if most <= counted {
                return most;
            }
        }
        let n = crate::core::documents::words::count(&self.doc.text, span.clone(), most);
        self.words_counted
            .set(Some((span.start, span.end, most, n)));
        n
    }

    /// Whether the annotation at index `i` is shown (see [`OpenDoc::hidden`]).
    pub fn shows(&self, i: usize) -> bool {
        self.hidden.get(i) != Some(&true)
    }

    /// The index of the annotation `id` among `anns` (the open document's), whose span is
    /// `span`: looked for among those that start where `span` starts (binary search, the spans
    /// being sorted by start), so that the status bar and `]`/`[` find the current annotation
    /// on every frame and key without a pass over 10,000. Elsewhere only if it is not there
    /// (not expected: the current annotation's span follows it when the annotations change).
    pub fn index_of(&self, anns: &[Annotation], id: &str, span: &Range<usize>) -> Option<usize> {
        let from = self.spans.partition_point(|s| s.start < span.start);
        (from..self.spans.len())
            .take_while(|&i| self.spans[i].start == span.start)
            .find(|&i| anns[i].id == id)
            .or_else(|| anns.iter().position(|a| a.id == id))
    }

    /// Indices of the shown annotations whose spans touch `range`, ascending.
    pub fn shown_touching(&self, range: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.spans.touching(range).filter(|&i| self.shows(i))
    }

    /// Whether finding the sentences went on since the last call, so that the status bar's
    /// progress and then the sentence numbers are drawn; the loop asks on every tick.
    pub fn poll_indexing(&mut self) -> bool {
        let now = self.doc.indexing();
        std::mem::replace(&mut self.indexing_shown, now) != now
    }

    /// The annotation "under the cursor": the current one; else the one on exactly the
    /// selection; on the cursor sentence, one on exactly it, else the first that overlaps it.
    /// Of several, `coder`'s own comes first, so that `d` and `n` reach another coder's work
    /// only where the coder has none there. `anns` are the open document's annotations.
    /// `reader` holds the cursor and the pick.
    pub fn annotation_here(
        &self,
        reader: &Reader,
        anns: &[Annotation],
        coder: &str,
    ) -> Option<usize> {
        let here = self.annotations_here(reader, anns);
        let own = |i: &usize| anns.get(*i).is_some_and(|a| a.annotator == coder);
        here.iter().copied().find(own).or(here.first().copied())
    }

    /// The annotations [`OpenDoc::annotation_here`] chooses from, ascending: the current one
    /// alone; else those on exactly the selection or the cursor sentence; else, on the cursor
    /// sentence, those that overlap it. More than one when several coders (or one coder twice)
    /// annotated the same text and none was made current.
    pub fn annotations_here(&self, reader: &Reader, anns: &[Annotation]) -> Vec<usize> {
        if let Pick::Annotation { id, span } = &reader.pick {
            return (self.index_of(anns, id, span).filter(|&i| self.shows(i)))
                .into_iter()
                .collect();
        }
        let Some(target) = reader.target_span() else {
            return Vec::new();
        };
        // Spans equal to the target or overlapping it all touch it.
        let touching: Vec<usize> = self.shown_touching(&target).collect();
        let exact: Vec<usize> = touching
            .iter()
            .copied()
            .filter(|&i| self.spans[i] == target)
            .collect();
        if !exact.is_empty() || reader.pick != Pick::Sentence {
            return exact;
        }
        touching
            .into_iter()
            .filter(|&i| {
                let s = &self.spans[i];
                s.start < target.end && target.start < s.end
            })
            .collect()
    }
}
