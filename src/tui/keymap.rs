//! The one table of default keys, and the key map in effect: the table with the user's
//! overrides. The key map dispatches keys and writes the help screen.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::core::tags::TagSet;
use crate::core::user_state::config::{ConfigError, KeyOverride};
use crate::tui::action::Action;
use crate::tui::component::Hint;
use crate::tui::keys::{Key, KeyCode};

/// Defines [`Scope`] from one entry per scope, in the order the help lists them: its name, its
/// heading in the help (`{action}` stands for that action's key, see [`Keymap::title`]) and
/// where its keys apply, for messages. A new scope is one more entry, in the help's order.
macro_rules! scopes {
    ($($(#[$doc:meta])* $name:ident: $title:expr, $place:expr;)+) => {
        /// Where a binding applies: a pane, a dialog over the panes, or the text inputs. Each
        /// component of the reader (see `tui::component`) takes its keys from one scope, then
        /// from its parent's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scope {
            $($(#[$doc])* $name,)+
        }

        impl Scope {
            /// Every scope, in the order the help lists them.
            pub const ALL: [Scope; [$(stringify!($name)),+].len()] = [$(Scope::$name),+];

            /// The heading in the help; `{action}` stands for that action's key
            /// (`Keymap::title`).
            fn title(self) -> &'static str {
                match self {
                    $(Scope::$name => $title,)+
                }
            }

            /// Where the scope's keys apply, for messages.
            fn place(self) -> &'static str {
                match self {
                    $(Scope::$name => $place,)+
                }
            }
        }
    };
}

scopes! {
    /// The keys of the list, the reading pane and the sidebar alike; the dialogs and screens
    /// over them have keys of their own.
    Global:
        "In the list, the reading pane and the sidebar",
        "in the list, the reading pane and the sidebar";
    List: "Document list", "in the document list";
    Reader: "Reading pane", "in the reading pane";
    /// The reading pane while a search is active: its keys come before the pane's.
    Search:
        "Reading pane, while a search is active (from {submit} until {end_search})",
        "in the reading pane while a search is active";
    /// The reading pane while a claim's source or cue span is marked (`tui::attribution`): its
    /// keys come before the search's and the pane's.
    Mark:
        "Reading pane, while marking a claim's source ({mark_source}) or cue ({mark_cue})",
        "in the reading pane while marking a source or cue";
    Sidebar: "Annotation list (sidebar)", "in the sidebar";
    /// The note editor: several lines, so Enter starts a new one and `C-s` saves.
    Note: "Note editor ({edit_note}): any other key is typed into the note", "in the note editor";
    /// The field form (`f`); its free-text fields are text inputs.
    FieldForm:
        "Field form ({edit_fields}): a list field's value is chosen with {next_completion}, \
         {previous_completion}, {cursor_right}, {cursor_left} or its first letter, and \
         {delete_back} clears it; a free-text field takes the text input keys",
        "in the field form";
    /// Every one-line text input: the prompts, the filter and the tag form.
    Input:
        "Text inputs: search and command prompts ({search_forward} {search_backward} \
         {command_line}; {delete_back} on an empty prompt leaves it)",
        "in the text inputs";
    /// The document filter while it is typed (`/` in the list).
    Filter:
        "Filters ({filter_list} in the document list and the tag view): every word typed must \
         occur in the title, author, source, date or path (in the tag view: the quote, note, \
         tags, annotator, fields or title); field:value keeps what has an annotation whose \
         field contains the value, field=value one whose field is the value (case ignored; \
         quotes for a value followed by words); and the text input keys",
        "in the filters";
    Grep: "Corpus search list ({command_line}grep PATTERN, {grep})", "in the corpus search list";
    TagPicker: "Tag picker ({tag_view}): a tag's key also checks it", "in the tag picker";
    /// The link type picker, once a link's target is picked.
    LinkType:
        "Link type picker ({link} on the target of a pending link): a link type's key \
         (tags.toml's [[link]] key) makes the link, or takes it away if it is there",
        "in the link type picker";
    /// A yes-or-no question: deleting an annotation that others link to.
    Confirm: "A question (deleting an annotation that others link to)", "in a question";
    TagView: "Tag view", "in the tag view";
    /// The claim thread view.
    Thread: "Claim thread ({thread_view} on an annotation)", "in the claim thread";
    /// The cross table (`#`, `:table`).
    Crosstab:
        "Cross table ({crosstab}, {command_line}table ROWS COLS): annotations counted by tag \
         group, field, year, outlet or author",
        "in the cross table";
    /// The annotations of one cell of the cross table.
    CellList: "A cross table cell's annotations", "in a cross table cell's list";
    /// The tag editor's list of tags.
    TagList: "Tag editor ({edit_tags})", "in the tag editor";
    /// The tag editor's form; its fields are text inputs.
    TagForm: "Tag editor's form (and the text input keys)", "in the tag editor's form";
    Export: "Export dialog ({export}); once written, any key closes it", "in the export dialog";
    /// The review screen (F5): the coders' versions of one document, to adjudicate.
    Review:
        "Review screen ({review}): settle disagreements into the final coding; tag keys edit it",
        "in the review screen";
    /// The messages screen (F7, `:messages`).
    Messages: "Messages ({messages}, {command_line}messages)", "in the messages screen";
    Help: "This help", "in the help";
}

impl Scope {
    /// The scope whose keys apply here after this one's own: the global keys behind a pane, the
    /// reading pane's keys behind the search's, the editing keys behind an input with keys of
    /// its own. A dialog has none: `q` closes it rather than quit.
    pub fn parent(self) -> Option<Scope> {
        match self {
            Scope::Search | Scope::Mark => Some(Scope::Reader),
            Scope::List | Scope::Reader | Scope::Sidebar => Some(Global),
            Scope::TagForm | Scope::Filter | Scope::FieldForm => Some(Scope::Input),
            _ => None,
        }
    }

    /// This scope and the scopes it falls through to, in the order a key is looked up.
    fn reach(self) -> impl Iterator<Item = Scope> {
        std::iter::successors(Some(self), |s| s.parent())
    }

    /// Whether one place takes keys from both scopes, so that a key bound in both would be
    /// ambiguous: one scope falls through to the other.
    fn overlaps(self, other: Scope) -> bool {
        self.reach().any(|s| s == other) || other.reach().any(|s| s == self)
    }

    /// What is typed here, for messages; `None` where no text is typed. A printable key bound
    /// here (or in the scope it falls through to) would never be typed.
    fn typed_into(self) -> Option<&'static str> {
        match self {
            Scope::Input => Some("the search and command prompts and the other one-line inputs"),
            Scope::Filter => Some("the filters"),
            Scope::TagForm => Some("the tag editor's form"),
            Scope::FieldForm => {
                Some("the field form's text rows (a list row takes a first letter)")
            }
            Scope::Note => Some("the note editor"),
            _ => None,
        }
    }

    /// Whether the tag keys apply here (after the scope's own keys).
    fn takes_tags(self) -> bool {
        matches!(self, Scope::Reader | Scope::TagPicker | Scope::Review)
    }

    /// Whether a key of this scope acts where the tag keys act, and so would hide a tag or be
    /// hidden by one: in a scope that takes tags, in one it falls through to, or in one that
    /// falls through to it.
    fn meets_tags(self) -> bool {
        Scope::ALL
            .iter()
            .any(|s| s.takes_tags() && s.overlaps(self))
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [&'static str],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(
    scope: Scope,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
    }
}

use Action as A;
use Scope::*;

pub const BINDINGS: &[Binding] = &[
    bind(
        Global,
        &["q", "C-c"],
        A::Quit,
        "quit (everything is already saved)",
    ),
    bind(Global, &["F1"], A::Help, "show this help"),
    bind(Global, &["Tab"], A::FocusNext, "focus the next pane"),
    bind(
        Global,
        &["S-Tab"],
        A::FocusPrevious,
        "focus the previous pane",
    ),
    bind(Global, &["u"], A::Undo, "undo the last change"),
    bind(Global, &["C-r"], A::Redo, "redo what was undone"),
    bind(
        Global,
        &["e"],
        A::Export,
        "export the annotations (format, this document or the corpus)",
    ),
    bind(Global, &[":"], A::CommandLine, "command line"),
    bind(
        Global,
        &["C-f"],
        A::Grep,
        "search every document of the corpus ({command_line}grep)",
    ),
    bind(
        Global,
        &["t"],
        A::TagView,
        "tag view: the corpus's annotations with the tags you pick",
    ),
    bind(
        Global,
        &["#"],
        A::Crosstab,
        "cross table of the annotations: claim × source, or any two dimensions",
    ),
    bind(
        Global,
        &["C-t"],
        A::EditTags,
        "edit the tags of tags.toml: add, rename, describe",
    ),
    bind(
        Global,
        &["F2"],
        A::ToggleBlind,
        "blind coding: show only your own annotations, or everyone's again",
    ),
    bind(
        Global,
        &["F3"],
        A::ToggleList,
        "hide or show the document list (hidden at the start below 100 columns)",
    ),
    bind(
        Global,
        &["F4"],
        A::ToggleSidebar,
        "hide or show the annotation sidebar",
    ),
    bind(
        Global,
        &["F5"],
        A::Review,
        "review the document's disagreements between coders ({command_line}review A,B)",
    ),
    bind(
        Global,
        &["F6"],
        A::ToggleNotePane,
        "note pane: show or hide the whole note of the annotation here",
    ),
    bind(
        Global,
        &["F7"],
        A::Messages,
        "messages: every message of this session, whole",
    ),
    bind(List, &["?"], A::Help, "show this help"),
    bind(List, &["j", "Down"], A::ListDown, "next document"),
    bind(List, &["k", "Up"], A::ListUp, "previous document"),
    bind(List, &["g", "Home"], A::ListTop, "first document"),
    bind(List, &["G", "End"], A::ListBottom, "last document"),
    bind(List, &["Enter", "l"], A::OpenDocument, "open the document"),
    bind(
        List,
        &["/"],
        A::FilterList,
        "filter by title, author, source, date or path",
    ),
    bind(List, &["Esc"], A::ClearFilter, "drop the filter"),
    bind(
        List,
        &["s"],
        A::CycleSort,
        "sort by path, title, date or number of annotations",
    ),
    bind(
        List,
        &["m"],
        A::CycleMark,
        "mark the document: to review, done, none",
    ),
    bind(Reader, &["j", "Down"], A::NextSentence, "next sentence"),
    bind(
        Reader,
        &["k", "Up"],
        A::PreviousSentence,
        "previous sentence",
    ),
    bind(Reader, &["C-d"], A::HalfPageDown, "half a page down"),
    bind(Reader, &["C-u"], A::HalfPageUp, "half a page up"),
    bind(Reader, &["Space", "PageDown"], A::PageDown, "page down"),
    bind(Reader, &["C-b", "PageUp"], A::PageUp, "page up"),
    bind(Reader, &["g", "Home"], A::Top, "top of the document"),
    bind(Reader, &["G", "End"], A::Bottom, "bottom of the document"),
    bind(
        Reader,
        &["v"],
        A::ToggleSelection,
        "start (or drop) a selection at the sentence; its end moves",
    ),
    bind(
        Reader,
        &["Esc"],
        A::ClearSelection,
        "cancel a link or selection; back to a table cell; leave the annotation",
    ),
    bind(
        Reader,
        &["l", "Right"],
        A::SelectEndWordForward,
        "selection: the moving end one word later (a count repeats it: 5{select_end_word_forward})",
    ),
    bind(
        Reader,
        &["h", "Left"],
        A::SelectEndWordBack,
        "selection: the moving end one word earlier",
    ),
    bind(
        Reader,
        &["H"],
        A::SelectStartWordBack,
        "selection: the other end one word earlier",
    ),
    bind(
        Reader,
        &["L"],
        A::SelectStartWordForward,
        "selection: the other end one word later",
    ),
    bind(
        Reader,
        &[")"],
        A::ClauseForward,
        "selection: the moving end to the next , ; : — ) or closing quote",
    ),
    bind(
        Reader,
        &["("],
        A::ClauseBack,
        "selection: the moving end to the previous , ; : — ) or closing quote",
    ),
    bind(
        Reader,
        &["o"],
        A::SwapEnds,
        "selection: swap its ends, so that the other one moves",
    ),
    bind(Reader, &["]"], A::NextAnnotation, "next annotation"),
    bind(Reader, &["["], A::PreviousAnnotation, "previous annotation"),
    bind(
        Reader,
        &["S"],
        A::ToggleSuggestions,
        "suggestions: mark likely attributed claims (cues.toml), or hide them",
    ),
    bind(
        Reader,
        &["}"],
        A::NextSuggestion,
        "the next suggestion; a tag key accepts it, with its speaker",
    ),
    bind(
        Reader,
        &["{"],
        A::PreviousSuggestion,
        "the previous suggestion",
    ),
    bind(
        Reader,
        &["X"],
        A::DismissSuggestion,
        "dismiss the suggestion here, for good ({undo} undoes it)",
    ),
    bind(
        Reader,
        &["n"],
        A::EditNote,
        "write or edit the note of the annotation here",
    ),
    bind(
        Reader,
        &["f"],
        A::EditFields,
        "fill in the fields of your annotation here (speaker, role…)",
    ),
    bind(
        Reader,
        &["d"],
        A::DeleteAnnotation,
        "delete the annotation here",
    ),
    bind(
        Reader,
        &["C-l"],
        A::Link,
        "link from the annotation here; with a link pending, link to it",
    ),
    bind(
        Reader,
        &["W"],
        A::MarkSource,
        "mark who says the claim here, its source: select it, then {finish_marking}",
    ),
    bind(
        Reader,
        &["V"],
        A::MarkCue,
        "mark the cue of the claim here (said, denied): select it, then {finish_marking}",
    ),
    bind(
        Reader,
        &["T"],
        A::ThreadView,
        "claim thread: every annotation linked to the one here",
    ),
    bind(
        Reader,
        &["/"],
        A::SearchForward,
        "search forward (a regular expression, smart case)",
    ),
    bind(Reader, &["?"], A::SearchBackward, "search backward"),
    bind(
        Search,
        &["n"],
        A::NextMatch,
        "next match, in the search's direction",
    ),
    bind(
        Search,
        &["N"],
        A::PreviousMatch,
        "previous match, against the search's direction",
    ),
    bind(
        Search,
        &["Esc"],
        A::EndSearch,
        "end the search (a selection is dropped first): {edit_note} writes notes again",
    ),
    bind(
        Search,
        &["Enter"],
        A::SelectMatch,
        "select the match, to grow or cut it with the selection keys",
    ),
    bind(
        Mark,
        &["Enter"],
        A::FinishMarking,
        "link the selection (or sentence) to the claim as its source or cue",
    ),
    bind(
        Mark,
        &["Esc"],
        A::StopMarking,
        "drop the selection, or stop marking",
    ),
    bind(Sidebar, &["?"], A::Help, "show this help"),
    bind(Sidebar, &["j", "Down"], A::SidebarDown, "next annotation"),
    bind(Sidebar, &["k", "Up"], A::SidebarUp, "previous annotation"),
    bind(
        Sidebar,
        &["Enter"],
        A::JumpToAnnotation,
        "show the annotation in the text",
    ),
    bind(
        Sidebar,
        &["d"],
        A::DeleteAnnotation,
        "delete the annotation",
    ),
    bind(Sidebar, &["n"], A::EditNote, "write or edit its note"),
    bind(Sidebar, &["f"], A::EditFields, "fill in its fields"),
    bind(
        Sidebar,
        &["T"],
        A::ThreadView,
        "claim thread: what it is linked to, across the corpus",
    ),
    bind(
        Sidebar,
        &["A"],
        A::AttachAnnotation,
        "attach it to the selection, or to the cursor sentence",
    ),
    bind(
        Sidebar,
        &["c"],
        A::ConfirmPlacement,
        "confirm its place, guessed when the text changed (To confirm)",
    ),
    bind(
        Sidebar,
        &["C-l"],
        A::Link,
        "link: from the annotation; with a link pending, to it",
    ),
    bind(Sidebar, &["Esc"], A::CancelLink, "cancel a pending link"),
    bind(
        Input,
        &["Enter"],
        A::Submit,
        "search, run the command, keep the filter, save the form",
    ),
    bind(
        Input,
        &["Esc", "C-c"],
        A::Cancel,
        "cancel: nothing typed is kept",
    ),
    bind(
        Input,
        &["Left", "C-b"],
        A::CursorLeft,
        "cursor one character left",
    ),
    bind(
        Input,
        &["Right", "C-f"],
        A::CursorRight,
        "cursor one character right",
    ),
    bind(Input, &["Home", "C-a"], A::LineStart, "cursor to the start"),
    bind(Input, &["End", "C-e"], A::LineEnd, "cursor to the end"),
    bind(
        Input,
        &["Backspace"],
        A::DeleteBack,
        "delete the character before the cursor",
    ),
    bind(
        Input,
        &["Delete", "C-d"],
        A::DeleteForward,
        "delete the character under the cursor",
    ),
    bind(
        Input,
        &["C-w"],
        A::DeleteWordBack,
        "delete the word before the cursor",
    ),
    bind(
        Input,
        &["C-u"],
        A::DeleteToStart,
        "delete everything before the cursor",
    ),
    bind(
        Input,
        &["C-k"],
        A::DeleteToEnd,
        "delete everything from the cursor on",
    ),
    bind(
        Note,
        &["C-s"],
        A::SaveNote,
        "save the note and close the editor",
    ),
    bind(
        Note,
        &["Esc", "C-c"],
        A::Cancel,
        "close without saving; a changed note asks for a second press",
    ),
    bind(Note, &["Enter"], A::NewLine, "start a new line"),
    bind(
        Note,
        &["Tab"],
        A::InsertTab,
        "type a tab (a pasted one too), shown to the next tab stop",
    ),
    bind(Note, &["Left", "C-b"], A::CursorLeft, "one character back"),
    bind(Note, &["Right", "C-f"], A::CursorRight, "one character on"),
    bind(Note, &["Up"], A::CursorUp, "one row up"),
    bind(Note, &["Down"], A::CursorDown, "one row down"),
    bind(Note, &["Home", "C-a"], A::LineStart, "start of the line"),
    bind(Note, &["End", "C-e"], A::LineEnd, "end of the line"),
    bind(Note, &["C-Left"], A::WordBack, "one word back"),
    bind(Note, &["C-Right"], A::WordForward, "one word on"),
    bind(Note, &["C-Home"], A::TextStart, "start of the note"),
    bind(Note, &["C-End"], A::TextEnd, "end of the note"),
    bind(
        Note,
        &["Backspace"],
        A::DeleteBack,
        "delete the character before the cursor, or the line break",
    ),
    bind(
        Note,
        &["Delete", "C-d"],
        A::DeleteForward,
        "delete the character under the cursor",
    ),
    bind(
        Note,
        &["C-w"],
        A::DeleteWordBack,
        "delete the word before the cursor",
    ),
    bind(
        Note,
        &["C-u"],
        A::DeleteToStart,
        "delete from the start of the line to the cursor",
    ),
    bind(
        Note,
        &["C-k"],
        A::DeleteToEnd,
        "delete from the cursor to the end of the line",
    ),
    bind(
        Note,
        &["C-z"],
        A::UndoEdit,
        "undo the last edit in the note",
    ),
    bind(Note, &["C-y"], A::RedoEdit, "redo it"),
    bind(
        Filter,
        &["Down"],
        A::FilterDown,
        "next row (a document, or the tag view's annotation), while typing",
    ),
    bind(Filter, &["Up"], A::FilterUp, "previous row, while typing"),
    bind(Grep, &["j", "Down"], A::RowDown, "next hit"),
    bind(Grep, &["k", "Up"], A::RowUp, "previous hit"),
    bind(
        Grep,
        &["Space", "PageDown"],
        A::RowPageDown,
        "ten hits down",
    ),
    bind(Grep, &["PageUp"], A::RowPageUp, "ten hits up"),
    bind(Grep, &["g", "Home"], A::RowFirst, "first hit"),
    bind(Grep, &["G", "End"], A::RowLast, "last hit"),
    bind(
        Grep,
        &["Enter", "l"],
        A::Choose,
        "open the document at the hit, searching it there",
    ),
    bind(
        Grep,
        &["Esc", "q"],
        A::Close,
        "close the list ({command_line}grep alone shows it again)",
    ),
    bind(
        TagPicker,
        &["Space"],
        A::CheckTag,
        "check or uncheck the tag",
    ),
    bind(TagPicker, &["j", "Down"], A::RowDown, "next tag"),
    bind(TagPicker, &["k", "Up"], A::RowUp, "previous tag"),
    bind(
        TagPicker,
        &["Tab"],
        A::ToggleAllTags,
        "annotations with any checked tag, or all of them",
    ),
    bind(
        TagPicker,
        &["Enter"],
        A::Choose,
        "show the annotations with the checked tags",
    ),
    bind(TagPicker, &["Esc", "q"], A::Close, "cancel"),
    bind(LinkType, &["Down"], A::RowDown, "next link type"),
    bind(LinkType, &["Up"], A::RowUp, "previous link type"),
    bind(
        LinkType,
        &["Enter"],
        A::Choose,
        "link with the highlighted type",
    ),
    bind(LinkType, &["Esc"], A::Close, "back, the link still pending"),
    bind(Confirm, &["y"], A::Yes, "yes: delete it"),
    bind(Confirm, &["n", "Esc"], A::No, "no: keep it"),
    bind(TagView, &["j", "Down"], A::RowDown, "next annotation"),
    bind(TagView, &["k", "Up"], A::RowUp, "previous annotation"),
    bind(
        TagView,
        &["Space", "PageDown"],
        A::RowPageDown,
        "ten annotations down",
    ),
    bind(TagView, &["PageUp"], A::RowPageUp, "ten annotations up"),
    bind(TagView, &["g", "Home"], A::RowFirst, "first annotation"),
    bind(TagView, &["G", "End"], A::RowLast, "last annotation"),
    bind(
        TagView,
        &["A"],
        A::CycleAnnotator,
        "only the next annotator's, then everyone's",
    ),
    bind(
        TagView,
        &["D"],
        A::CycleDocument,
        "only the next document's, then every document's",
    ),
    bind(TagView, &["t"], A::TagView, "pick the tags again"),
    bind(
        TagView,
        &["C-l"],
        A::Link,
        "link: from the annotation highlighted; with a link pending, to it",
    ),
    bind(
        TagView,
        &["/"],
        A::FilterList,
        "filter by words and fields, as speaker:Long Zhou role=military",
    ),
    bind(
        TagView,
        &["Enter", "l"],
        A::Choose,
        "show the annotation in its document",
    ),
    bind(
        TagView,
        &["F2"],
        A::ToggleBlind,
        "blind coding: list only your own annotations, or everyone's again",
    ),
    bind(TagView, &["Esc", "q"], A::Close, "close the view"),
    bind(Thread, &["j", "Down"], A::RowDown, "next annotation"),
    bind(Thread, &["k", "Up"], A::RowUp, "previous annotation"),
    bind(
        Thread,
        &["Space", "PageDown"],
        A::RowPageDown,
        "ten annotations down",
    ),
    bind(Thread, &["PageUp"], A::RowPageUp, "ten annotations up"),
    bind(Thread, &["g", "Home"], A::RowFirst, "first annotation"),
    bind(Thread, &["G", "End"], A::RowLast, "last annotation"),
    bind(
        Thread,
        &["Enter", "l"],
        A::Choose,
        "show the annotation in its document",
    ),
    bind(Thread, &["Esc", "q"], A::Close, "close the view"),
    bind(Crosstab, &["j", "Down"], A::RowDown, "the cell below"),
    bind(Crosstab, &["k", "Up"], A::RowUp, "the cell above"),
    bind(
        Crosstab,
        &["l", "Right"],
        A::NextChoice,
        "the cell on the right",
    ),
    bind(
        Crosstab,
        &["h", "Left"],
        A::PreviousChoice,
        "the cell on the left",
    ),
    bind(Crosstab, &["g", "Home"], A::RowFirst, "the first row"),
    bind(Crosstab, &["G", "End"], A::RowLast, "the last row"),
    bind(
        Crosstab,
        &["R"],
        A::CycleRows,
        "rows: the next tag group, field, year, outlet or author",
    ),
    bind(
        Crosstab,
        &["C"],
        A::CycleCols,
        "columns: the next tag group, field, year, outlet or author",
    ),
    bind(
        Crosstab,
        &["D"],
        A::CycleCount,
        "count documents (with an annotation in the cell), or annotations again",
    ),
    bind(
        Crosstab,
        &["Enter"],
        A::Choose,
        "list the cell's annotations, to open one",
    ),
    bind(Crosstab, &["Esc", "q"], A::Close, "close the table"),
    bind(CellList, &["j", "Down"], A::RowDown, "next annotation"),
    bind(CellList, &["k", "Up"], A::RowUp, "previous annotation"),
    bind(
        CellList,
        &["Space", "PageDown"],
        A::RowPageDown,
        "ten annotations down",
    ),
    bind(CellList, &["PageUp"], A::RowPageUp, "ten annotations up"),
    bind(CellList, &["g", "Home"], A::RowFirst, "first annotation"),
    bind(CellList, &["G", "End"], A::RowLast, "last annotation"),
    bind(
        CellList,
        &["Enter", "l"],
        A::Choose,
        "show the annotation in its document",
    ),
    bind(CellList, &["Esc", "q"], A::Close, "back to the table"),
    bind(Review, &["j", "Down"], A::RowDown, "next disagreement"),
    bind(Review, &["k", "Up"], A::RowUp, "previous disagreement"),
    bind(
        Review,
        &["l", "Right"],
        A::NextChoice,
        "next coder's version",
    ),
    bind(
        Review,
        &["h", "Left"],
        A::PreviousChoice,
        "previous coder's version",
    ),
    bind(
        Review,
        &["Enter"],
        A::Choose,
        "make the chosen version the final coding (none, if it has none)",
    ),
    bind(
        Review,
        &["m"],
        A::MergeVersions,
        "merge the versions: one annotation over their text, all tags",
    ),
    bind(
        Review,
        &["A"],
        A::AcceptAgreements,
        "take every agreed passage into the final coding",
    ),
    bind(
        Review,
        &["H"],
        A::SelectStartWordBack,
        "final coding: its start one word earlier",
    ),
    bind(
        Review,
        &["L"],
        A::SelectStartWordForward,
        "final coding: its start one word later",
    ),
    bind(
        Review,
        &["<"],
        A::SelectEndWordBack,
        "final coding: its end one word earlier",
    ),
    bind(
        Review,
        &[">"],
        A::SelectEndWordForward,
        "final coding: its end one word later",
    ),
    bind(
        Review,
        &["PageDown"],
        A::RowPageDown,
        "scroll the passage down ten rows",
    ),
    bind(
        Review,
        &["PageUp"],
        A::RowPageUp,
        "scroll the passage up ten rows",
    ),
    bind(Review, &["F1"], A::Help, "show this help"),
    bind(Review, &["u"], A::Undo, "undo the last change"),
    bind(Review, &["C-r"], A::Redo, "redo what was undone"),
    bind(
        Review,
        &["F2"],
        A::ToggleBlind,
        "blind coding: stays off here, where the coders are compared",
    ),
    bind(Review, &["Esc", "q"], A::Close, "close the review screen"),
    bind(TagList, &["j", "Down"], A::RowDown, "next tag"),
    bind(TagList, &["k", "Up"], A::RowUp, "previous tag"),
    bind(
        TagList,
        &["a"],
        A::AddTag,
        "add a tag, in the group of this one",
    ),
    bind(TagList, &["Enter", "e"], A::Choose, "edit the tag"),
    bind(
        TagList,
        &["r"],
        A::RenameTag,
        "rename it, in every annotation too",
    ),
    bind(TagList, &["d"], A::DescribeTag, "describe it"),
    bind(
        TagList,
        &["u"],
        A::Undo,
        "undo the last change (a rename too)",
    ),
    bind(TagList, &["C-r"], A::Redo, "redo what was undone"),
    bind(TagList, &["Esc", "q"], A::Close, "close the editor"),
    bind(TagForm, &["Tab", "Down"], A::NextField, "next field"),
    bind(
        TagForm,
        &["S-Tab", "Up"],
        A::PreviousField,
        "previous field",
    ),
    bind(FieldForm, &["Down"], A::NextField, "next field"),
    bind(FieldForm, &["Up"], A::PreviousField, "previous field"),
    bind(
        FieldForm,
        &["Tab"],
        A::NextCompletion,
        "complete from values in use (again: the next); a list's next value",
    ),
    bind(
        FieldForm,
        &["S-Tab"],
        A::PreviousCompletion,
        "the previous completion, or value of the list",
    ),
    bind(
        FieldForm,
        &["C-s"],
        A::Submit,
        "save the fields and close the form",
    ),
    bind(
        Export,
        &["j", "Down", "Tab"],
        A::RowDown,
        "the next row: format, scope or coders",
    ),
    bind(Export, &["k", "Up"], A::RowUp, "the previous row"),
    bind(
        Export,
        &["l", "Space", "Right"],
        A::NextChoice,
        "next format or coders, or the other scope",
    ),
    bind(
        Export,
        &["h", "Left"],
        A::PreviousChoice,
        "previous format or coders, or the other scope",
    ),
    bind(Export, &["Enter"], A::Choose, "export"),
    bind(
        Export,
        &["F2"],
        A::ToggleBlind,
        "blind coding: export only your own annotations, or choose whose again",
    ),
    bind(Export, &["Esc", "q"], A::Close, "cancel"),
    bind(
        Messages,
        &["k", "Up"],
        A::RowUp,
        "scroll up, to older messages",
    ),
    bind(
        Messages,
        &["j", "Down"],
        A::RowDown,
        "scroll down, to newer messages",
    ),
    bind(Messages, &["PageUp"], A::RowPageUp, "a page up"),
    bind(
        Messages,
        &["Space", "PageDown"],
        A::RowPageDown,
        "a page down",
    ),
    bind(Messages, &["g", "Home"], A::RowFirst, "the oldest message"),
    bind(Messages, &["G", "End"], A::RowLast, "the newest message"),
    bind(
        Messages,
        &["Esc", "q"],
        A::Close,
        "close the messages; so does any key not bound here",
    ),
    bind(Help, &["j", "Down"], A::RowDown, "scroll down"),
    bind(Help, &["k", "Up"], A::RowUp, "scroll up"),
    bind(
        Help,
        &["Space", "PageDown"],
        A::RowPageDown,
        "scroll ten rows down",
    ),
    bind(Help, &["PageUp"], A::RowPageUp, "scroll ten rows up"),
    bind(
        Help,
        &["Esc", "q"],
        A::Close,
        "close the help; so does any key not bound here",
    ),
];

/// A key as a component receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The action the key table binds the key to.
    Action(Action),
    /// A printable character no binding takes: text for an input, nothing elsewhere.
    Typed(char),
    /// Neither: a key nothing here binds.
    Unbound,
}

/// One binding in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub scope: Scope,
    pub action: Action,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// The configuration line that set the keys; `None` for the table's.
    pub line: Option<usize>,
}

/// The keys in effect, in the table's order.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Bound>,
    /// The status bar's hints as text ([`Keymap::hint_text`]), by scope and hints, made the
    /// first time they are shown: every frame shows some, and making them looks through the
    /// table for each key. Hashed by foldhash, not SipHash, which was most of a frame's hints:
    /// the keys are gloss's own, chosen by no one to collide.
    hint_texts: RefCell<HashMap<(Scope, Vec<Hint>), String, foldhash::fast::FixedState>>,
}

/// Two key maps are the same when they bind the same keys; what they remember is not compared.
impl PartialEq for Keymap {
    fn eq(&self, other: &Keymap) -> bool {
        self.bindings == other.bindings
    }
}

impl Eq for Keymap {}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = BINDINGS
            .iter()
            .map(|b| Bound {
                scope: b.scope,
                action: b.action,
                keys: b
                    .keys
                    .iter()
                    .map(|k| k.parse().expect("the table's keys parse (tested)"))
                    .collect(),
                help: b.help,
                line: None,
            })
            .collect();
        Keymap {
            bindings,
            hint_texts: RefCell::default(),
        }
    }
}

/// A tag (or link type) whose key is also a key acting where the tag (or link type) keys act
/// (see [`Keymap::check_tags`]): the message names the file to fix, and the line when the
/// configuration set the key. `kind` is "tag" or "link type"; `tag` its name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagKeyClash {
    /// The configuration file `config` gives `action` the tag's key at `line`.
    #[error(
        "{}:{line}: \"{key}\" for {action} {place} is the key of the {kind} {tag:?} (set in {}): give {action} another key, or the {kind}",
        config.display(),
        tags_file.display()
    )]
    Configured {
        config: PathBuf,
        line: usize,
        kind: &'static str,
        key: Key,
        action: String,
        place: &'static str,
        tag: String,
        tags_file: PathBuf,
    },
    /// The tag file gives the tag a default key of `action`; `help` is what the action does.
    #[error(
        "{}: {kind} {tag:?} uses the key \"{key}\", which is the key for {action} ({help}) {place}: give the {kind} another key, or give {action} another key in {}",
        tags_file.display(),
        config.display()
    )]
    Default {
        tags_file: PathBuf,
        kind: &'static str,
        tag: String,
        key: Key,
        action: String,
        help: String,
        place: &'static str,
        config: PathBuf,
    },
}

impl Keymap {
    /// The table with `overrides` from the configuration file at `config`: each gives an action
    /// new keys wherever the table binds it. Unknown actions, unknown keys and a key that would do
    /// two things in one place are errors naming the file and line.
    pub fn new(overrides: &[KeyOverride], config: &Path) -> Result<Keymap, ConfigError> {
        let invalid = |line: usize, message: String| ConfigError::Invalid {
            path: config.to_owned(),
            line,
            message,
        };
        let mut map = Keymap::default();
        for o in overrides {
            let action = Action::from_name(&o.action)
                .filter(|a| BINDINGS.iter().any(|b| b.action == *a))
                .ok_or_else(|| {
                    invalid(
                        o.line,
                        format!(
                            "no action is called {:?}: `gloss help keys` lists them, and `gloss config --init` writes a file that names each",
                            o.action
                        ),
                    )
                })?;
            let mut keys: Vec<Key> = Vec::new();
            for text in &o.keys {
                let key: Key = text.parse().map_err(|e| {
                    invalid(
                        o.line,
                        format!(
                            "{}: {e}; write keys as \"j\", \"G\", \"C-r\", \"A-x\", \"S-Tab\", \"Space\", \"Enter\", \"PageDown\" or \"F1\"",
                            o.action
                        ),
                    )
                })?;
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            if keys.is_empty() && matches!(action, Action::Quit | Action::Close | Action::Cancel) {
                return Err(invalid(
                    o.line,
                    format!(
                        "{} needs at least one key, or there is no way out",
                        o.action
                    ),
                ));
            }
            // The help is where every other key is found.
            if keys.is_empty() && action == Action::Help {
                return Err(invalid(
                    o.line,
                    "help needs at least one key, or no screen shows the keys: give it one, \
                     as in help = [\"F1\"]"
                        .to_owned(),
                ));
            }
            for b in map.bindings.iter_mut().filter(|b| b.action == action) {
                b.keys = keys.clone();
                b.line = Some(o.line);
            }
        }
        // The table alone has neither (tested): the check, which looks at every pair of
        // bindings, is a good part of a first screen's time.
        if !overrides.is_empty() {
            map.check_conflicts(config)?;
            map.check_typing(config)?;
        }
        Ok(map)
    }

    /// Where text is typed, a printable key (a letter, a digit, `Space`, without `C-` or `A-`)
    /// bound to an action would do the action and never be typed: the configuration may not
    /// bind one there. The table binds none (tested).
    fn check_typing(&self, config: &Path) -> Result<(), ConfigError> {
        for b in &self.bindings {
            let Some(typed_into) = b.scope.typed_into() else {
                continue;
            };
            let printable = |k: &&Key| matches!(k.code, KeyCode::Char(_)) && !k.ctrl && !k.alt;
            let Some(key) = b.keys.iter().find(printable) else {
                continue;
            };
            let action = b.action.name();
            return Err(ConfigError::Invalid {
                path: config.to_owned(),
                line: b.line.unwrap_or_default(),
                message: format!(
                    "\"{key}\" for {action} is a character typed into {typed_into}: there it \
                     would do {action} instead of being typed; give {action} a key that types \
                     nothing, a named one (\"Down\", \"F2\") or one with C- or A-"
                ),
            });
        }
        Ok(())
    }

    /// Every pair of actions one place takes keys from (a scope's own, and those of the scopes it
    /// falls through to) must have different keys. The table's own shadowing is kept: the
    /// search's `Esc` ends the search before the reading pane's drops the selection.
    fn check_conflicts(&self, config: &Path) -> Result<(), ConfigError> {
        let table = Keymap::default();
        for (i, a) in self.bindings.iter().enumerate() {
            for (j, b) in self.bindings.iter().enumerate().skip(i + 1) {
                if a.action == b.action || !a.scope.overlaps(b.scope) {
                    continue;
                }
                let by_table = |k: &Key| {
                    table.bindings[i].keys.contains(k) && table.bindings[j].keys.contains(k)
                };
                let Some(key) = a.keys.iter().find(|k| b.keys.contains(k) && !by_table(k)) else {
                    continue;
                };
                // The table itself has no other conflicts (tested), so one of them was rebound:
                // name the later line.
                let (set, other) = if a.line >= b.line { (a, b) } else { (b, a) };
                let other_keys = match other.line {
                    Some(line) => format!("line {line}"),
                    None => "the default".to_owned(),
                };
                // Named where the key would be taken: the child scope's place.
                let place = if other.scope.reach().any(|s| s == set.scope) {
                    other.scope.place()
                } else {
                    set.scope.place()
                };
                return Err(ConfigError::Invalid {
                    path: config.to_owned(),
                    line: set.line.unwrap_or_default(),
                    message: format!(
                        "\"{key}\" would be the key of both {} and {} ({other_keys}) {place}: give one of them another key",
                        set.action.name(),
                        other.action.name(),
                    ),
                });
            }
        }
        Ok(())
    }

    pub fn bindings(&self) -> &[Bound] {
        &self.bindings
    }

    /// What a binding does, as the help says it: the table's words with the keys in effect, and
    /// for the command line its commands, listed from the commands it runs.
    pub fn described(&self, b: &Bound) -> String {
        match b.action {
            Action::CommandLine => self.with_keys(&crate::tui::prompt::command_line_help()),
            _ => self.with_keys(b.help),
        }
    }

    /// The scope's heading in the help, naming the keys in effect.
    pub fn title(&self, scope: Scope) -> String {
        self.with_keys(scope.title())
    }

    /// `text` with each `{action}` in it (an action's name) replaced by that action's first key
    /// in effect, so that a text naming a key follows the configuration; "(no key)" when the
    /// configuration leaves the action none.
    pub fn with_keys(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let named = after.find('}').and_then(|close| {
                let action = Action::from_name(&after[..close])?;
                Some((action, close))
            });
            let Some((action, close)) = named else {
                out.push('{');
                rest = after;
                continue;
            };
            let key = self
                .bindings
                .iter()
                .filter(|b| b.action == action)
                .find_map(|b| b.keys.first());
            match key {
                Some(key) => out.push_str(&key.to_string()),
                None => out.push_str("(no key)"),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The action `key` asks for in `scope`: the scope's own bindings, then the tag keys where
    /// they apply (the reading pane and the tag picker), then the parent scope's bindings.
    pub fn lookup(&self, key: Key, scope: Scope, tags: &TagSet) -> Option<Action> {
        self.lookup_in(key, scope)
            .or_else(|| {
                if !scope.takes_tags() || key.ctrl || key.alt {
                    return None;
                }
                let KeyCode::Char(c) = key.code else {
                    return None;
                };
                tags.tags.iter().position(|t| t.key == c).map(Action::Tag)
            })
            .or_else(|| self.lookup(key, scope.parent()?, tags))
    }

    /// What `key` does in a component whose scope is `scope`: an action, a character typed
    /// (unbound, printable, without Control or Alt), or nothing.
    pub fn resolve(&self, key: Key, scope: Scope, tags: &TagSet) -> Resolved {
        if let Some(action) = self.lookup(key, scope, tags) {
            return Resolved::Action(action);
        }
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => Resolved::Typed(c),
            _ => Resolved::Unbound,
        }
    }

    /// The keys that `key` as read stands for. A terminal sends Alt+x as Esc followed by x, so an
    /// Esc typed just before a key (a fast typist, ssh, tmux) arrives as Alt and that key: unless
    /// an Alt key of that name is bound, it is taken as the two keys it was.
    pub fn split_escape(&self, key: Key) -> Vec<Key> {
        if !key.alt || self.bindings.iter().any(|b| b.keys.contains(&key)) {
            return vec![key];
        }
        vec![Key::new(KeyCode::Esc), Key { alt: false, ..key }]
    }

    /// The action `key` asks for among `scope`'s own bindings only.
    pub fn lookup_in(&self, key: Key, scope: Scope) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.scope == scope && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// "v select · n note · …" with the keys in effect in `scope`; an entry whose action has no
    /// key is left out, and one without actions is shown as it is.
    pub fn hint_text(&self, scope: Scope, hints: &[Hint]) -> String {
        let mut known = self.hint_texts.borrow_mut();
        if let Some(text) = known.get(&(scope, hints.to_vec())) {
            return text.clone();
        }
        let shown: Vec<String> = hints
            .iter()
            .filter_map(|h| {
                if h.actions.is_empty() {
                    return Some(h.what.to_owned());
                }
                let keys: Vec<String> = h
                    .actions
                    .iter()
                    .filter_map(|a| self.key_for(*a, scope))
                    .map(|k| k.to_string())
                    .collect();
                (!keys.is_empty()).then(|| format!("{}{} {}", h.before, keys.join("/"), h.what))
            })
            .collect();
        let text = shown.join(" · ");
        known.insert((scope, hints.to_vec()), text.clone());
        text
    }

    /// The first key of `action` where `scope` applies, for the status bar's hints.
    pub fn key_for(&self, action: Action, scope: Scope) -> Option<Key> {
        self.bindings
            .iter()
            .filter(|b| b.action == action && scope.reach().any(|s| s == b.scope))
            .find_map(|b| b.keys.first().copied())
    }

    /// The first key of `action` where `scope` applies, as a text naming it: the action's name
    /// when the configuration leaves it no key there.
    pub fn key_name(&self, action: Action, scope: Scope) -> String {
        self.key_for(action, scope)
            .map_or_else(|| action.name(), |k| k.to_string())
    }

    /// Whether a key acting where the tag keys act (the reading pane, the search, everywhere, the
    /// tag picker, the review screen) is `c`, so that no tag can take it.
    pub fn reader_uses(&self, c: char) -> bool {
        let key = Key::char(c);
        self.bindings
            .iter()
            .any(|b| b.scope.meets_tags() && b.keys.contains(&key))
    }

    /// Tag keys must not shadow, nor be shadowed by, a key acting where they act; nor may link
    /// type keys, in the link type picker, whose own keys come first. A clash with a key the
    /// configuration set names its line; one with a default key is the tag file's to fix.
    pub fn check_tags(
        &self,
        tags: &TagSet,
        tags_file: &Path,
        config: &Path,
    ) -> Result<(), Box<TagKeyClash>> {
        // Each key: what has it, its name, and where its key acts.
        type ActsIn = fn(Scope) -> bool;
        let tag_keys = tags
            .tags
            .iter()
            .map(|t| ("tag", &t.name, t.key, Scope::meets_tags as ActsIn));
        let picker: ActsIn = |s| s == Scope::LinkType;
        let link_keys = tags
            .links
            .iter()
            .filter_map(|l| Some(("link type", &l.name, l.key?, picker)));
        for (kind, name, key, acts_there) in tag_keys.chain(link_keys) {
            let key = Key::char(key);
            let clash = self
                .bindings
                .iter()
                .find(|b| acts_there(b.scope) && b.keys.contains(&key));
            let Some(b) = clash else { continue };
            let (tag, action, place) = (name.clone(), b.action.name(), b.scope.place());
            let (tags_file, config) = (tags_file.to_owned(), config.to_owned());
            return Err(Box::new(match b.line {
                Some(line) => TagKeyClash::Configured {
                    config,
                    line,
                    kind,
                    key,
                    action,
                    place,
                    tag,
                    tags_file,
                },
                None => TagKeyClash::Default {
                    tags_file,
                    kind,
                    tag,
                    key,
                    action,
                    help: self.with_keys(b.help),
                    place,
                    config,
                },
            }));
        }
        Ok(())
    }

    /// The keys in effect as the `[keys]` table of a configuration file, which gloss reads back
    /// to the same keys (`gloss help keys`): one line per binding, under the title of its
    /// screen, with what it does, then the tags' keys (set in the tag file). A line sets an
    /// action's keys on every screen, so only an action's first line is live, and only when the
    /// action has the same keys everywhere (`choose` is `Enter, l` in one list, `Enter` in
    /// another); the others are commented out.
    pub fn as_config(&self, tags: &TagSet) -> String {
        let mut out = String::from("[keys]\n");
        let mut done: Vec<Action> = Vec::new();
        for scope in Scope::ALL {
            out.push_str(&format!("\n# {}\n", self.title(scope)));
            for b in self.bindings.iter().filter(|b| b.scope == scope) {
                let everywhere = self
                    .bindings
                    .iter()
                    .filter(|o| o.action == b.action)
                    .all(|o| o.keys == b.keys);
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| format!("{:?}", k.to_string()))
                    .collect();
                let line = format!("{} = [{}]", b.action.name(), keys.join(", "));
                let live = everywhere && !done.contains(&b.action);
                done.push(b.action);
                let line = if live { line } else { format!("# {line}") };
                out.push_str(&format!("{line:<40} # {}\n", self.described(b)));
            }
        }
        out.push_str("\n# Tags (their keys are set in tags.toml)\n");
        for t in &tags.tags {
            out.push_str(&format!(
                "#   {}  {} ({}): {}\n",
                t.key, t.name, t.group, t.description
            ));
        }
        out
    }

    /// Every action the table binds with its default keys, as commented lines of a
    /// configuration file.
    pub fn commented_defaults() -> String {
        let table = Keymap::default();
        let mut out = String::new();
        let mut done: Vec<Action> = Vec::new();
        for b in BINDINGS {
            if done.contains(&b.action) {
                continue;
            }
            done.push(b.action);
            let keys: Vec<String> = b.keys.iter().map(|k| format!("{k:?}")).collect();
            out.push_str(&format!(
                "# {} = [{}]  # {}\n",
                b.action.name(),
                keys.join(", "),
                table.with_keys(b.help)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> TagSet {
        TagSet::parse(crate::core::corpus::DEFAULT_TAGS, Path::new("t")).unwrap()
    }

    fn config(text: &str) -> Result<Keymap, ConfigError> {
        let path = Path::new("/c/config.toml");
        let config = crate::core::user_state::config::Config::parse(text, path)?;
        Keymap::new(&config.keys, path)
    }

    /// The hints' text, remembered after it is first made, is what making it again in that
    /// scope gives: the same hints name other keys in a scope that binds them otherwise.
    #[test]
    fn remembered_hints_are_those_of_their_scope() {
        let map = Keymap::default();
        let made = |action: Action, scope: Scope| {
            let key = map.key_for(action, scope)?.to_string();
            Some(format!("{key} it"))
        };
        let mut differ = 0;
        for b in BINDINGS {
            let hints = [Hint::keys(std::slice::from_ref(&b.action), "it")];
            let texts: Vec<String> = Scope::ALL
                .iter()
                .map(|&scope| map.hint_text(scope, &hints))
                .collect();
            for (&scope, text) in Scope::ALL.iter().zip(&texts) {
                assert_eq!(
                    *text,
                    made(b.action, scope).unwrap_or_default(),
                    "{scope:?}"
                );
                assert_eq!(map.hint_text(scope, &hints), *text, "asked again");
            }
            differ += usize::from(texts.iter().any(|t| !t.is_empty() && *t != texts[0]));
        }
        assert!(differ > 0, "no action has other keys in another scope");
    }

    /// What `gloss help keys` prints is a configuration that gives the same keys back, from
    /// the defaults or from keys rebound.
    #[test]
    fn the_keys_as_a_configuration_read_back_to_the_same_keys() {
        let same = |a: &Keymap, b: &Keymap| {
            let keys = |m: &Keymap| -> Vec<(Scope, Action, Vec<Key>)> {
                m.bindings
                    .iter()
                    .map(|b| (b.scope, b.action, b.keys.clone()))
                    .collect()
            };
            keys(a) == keys(b)
        };
        for text in [
            "",
            "[keys]\nedit_note = [\"m\", \"C-n\"]\nchoose = \"Enter\"\n",
        ] {
            let keymap = config(text).unwrap();
            let printed = keymap.as_config(&tags());
            let again = config(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
            assert!(same(&keymap, &again), "{printed}");
            assert!(printed.contains("\n# Reading pane\n"), "{printed}");
            assert!(printed.contains("#   a  accusation (claim): "), "{printed}");
        }
        let printed = config("[keys]\nedit_note = [\"m\", \"C-n\"]\n")
            .unwrap()
            .as_config(&tags());
        assert!(
            printed.contains("\nedit_note = [\"m\", \"C-n\"]  "),
            "{printed}"
        );
        // Keys that differ between screens are said, not set.
        assert!(
            printed.contains("\n# choose = [\"Enter\", \"l\"]"),
            "{printed}"
        );
    }

    #[test]
    fn every_key_in_the_table_parses_and_none_is_bound_twice_where_both_apply() {
        let all: Vec<(Scope, Key)> = BINDINGS
            .iter()
            .flat_map(|b| {
                b.keys
                    .iter()
                    .map(|k| (b.scope, k.parse::<Key>().unwrap_or_else(|e| panic!("{e}"))))
            })
            .collect();
        // The shadowing the table means: while searching, Esc ends the search before the pane's
        // drops the selection, and n goes to the next match rather than write a note.
        // While marking a source or cue, Esc stops marking (a selection dropped first).
        let meant = |scope: Scope, other: Scope, key: &Key| {
            ([scope, other] == [Reader, Search]
                && [Key::new(KeyCode::Esc), Key::char('n')].contains(key))
                || ([scope, other] == [Reader, Mark] && *key == Key::new(KeyCode::Esc))
        };
        for (i, (scope, key)) in all.iter().enumerate() {
            for (other, k) in &all[i + 1..] {
                assert!(
                    !(key == k && scope.overlaps(*other)) || meant(*scope, *other, key),
                    "{key} bound twice: {scope:?} and {other:?}"
                );
            }
        }
        assert!(Keymap::default().check_conflicts(Path::new("c")).is_ok());
    }

    #[test]
    fn pane_bindings_win_over_global_ones_and_tags_apply_in_the_reader() {
        let (map, tags) = (Keymap::default(), tags());
        assert_eq!(map.lookup(Key::char('j'), List, &tags), Some(A::ListDown));
        assert_eq!(
            map.lookup(Key::char('j'), Reader, &tags),
            Some(A::NextSentence)
        );
        assert_eq!(map.lookup(Key::char('q'), Sidebar, &tags), Some(A::Quit));
        assert_eq!(map.lookup(Key::ctrl('r'), Reader, &tags), Some(A::Redo));
        assert_eq!(map.lookup(Key::char('a'), Reader, &tags), Some(A::Tag(0)));
        assert_eq!(map.lookup(Key::char('a'), List, &tags), None);
        assert!(
            map.check_tags(&tags, Path::new("t"), Path::new("c"))
                .is_ok()
        );
    }

    #[test]
    fn overrides_replace_an_actions_keys_in_every_pane_it_is_in() {
        let map = config("[keys]\nedit_note = \"m\"\nnext_sentence = [\"J\", \"Down\"]\n").unwrap();
        let tags = tags();
        assert_eq!(map.lookup(Key::char('m'), Reader, &tags), Some(A::EditNote));
        assert_eq!(
            map.lookup(Key::char('m'), Sidebar, &tags),
            Some(A::EditNote)
        );
        assert_eq!(map.lookup(Key::char('n'), Reader, &tags), None);
        assert_eq!(
            map.lookup(Key::char('J'), Reader, &tags),
            Some(A::NextSentence)
        );
        assert_eq!(map.lookup(Key::char('j'), Reader, &tags), None);
        assert_eq!(map.lookup(Key::char('j'), List, &tags), Some(A::ListDown));
        assert_eq!(map.key_for(A::EditNote, Reader), Some(Key::char('m')));
        assert_eq!(map.key_for(A::Quit, Reader), Some(Key::char('q')));
    }

    #[test]
    fn conflicts_name_both_actions_the_file_and_the_line() {
        let err = config("[keys]\n\nnext_sentence = \"n\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/c/config.toml:3: \"n\" would be the key of both next_sentence and edit_note (the default) in the reading pane: give one of them another key"
        );
        let err = config("[keys]\nundo = \"x\"\ntop = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/c/config.toml:3: \"x\" would be the key of both top and undo (line 2) in the reading pane"), "{err}");
        // A pane's key would hide a global one there.
        let err = config("[keys]\ndelete_annotation = \"q\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":2: \"q\" would be the key of both delete_annotation and quit"),
            "{err}"
        );
        // The same key for two actions in different panes is fine, as `j` is by default.
        assert!(config("[keys]\nlist_top = \"z\"\ntop = \"z\"\n").is_ok());
    }

    #[test]
    fn unknown_actions_and_keys_are_errors_with_a_line() {
        let err = config("[keys]\nfly = \"f\"\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/c/config.toml:2: no action is called \"fly\""),
            "{err}"
        );
        let err = config("[keys]\nquit = \"Ctrl+q\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/c/config.toml:2: quit: unknown key \"Ctrl+q\""),
            "{err}"
        );
        let err = config("[keys]\nquit = []\n").unwrap_err().to_string();
        assert!(err.contains("no way out"), "{err}");
        let err = config("[keys]\nhelp = []\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/c/config.toml:2: help needs at least one key"),
            "{err}"
        );
    }

    #[test]
    fn a_tag_on_a_reader_key_is_refused_naming_both() {
        let tags = TagSet::parse(
            "[[tag]]\nname = \"other\"\nkey = \"o\"\ncolor = \"red\"\n",
            Path::new("t"),
        )
        .unwrap();
        let (tags_file, cfg) = (Path::new("corpus/tags.toml"), Path::new("/c/config.toml"));
        let err = Keymap::default()
            .check_tags(&tags, tags_file, cfg)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("corpus/tags.toml: tag \"other\""), "{err}");
        assert!(err.contains("swap_ends"), "{err}");
        // Moved away by the configuration, `o` is free for the tag…
        let moved = config("[keys]\nswap_ends = \"C-o\"\n").unwrap();
        assert!(moved.check_tags(&tags, tags_file, cfg).is_ok());
        // …and a key set there that a tag uses names the line and the tag file.
        let err = config("[keys]\nnext_sentence = \"a\"\n")
            .unwrap()
            .check_tags(&self::tags(), tags_file, cfg)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/c/config.toml:2: \"a\" for next_sentence in the reading pane is the key of the tag \"accusation\" (set in corpus/tags.toml): give next_sentence another key, or the tag"
        );
    }

    #[test]
    fn the_commented_defaults_name_every_action_once() {
        let text = Keymap::commented_defaults();
        assert!(
            text.contains(
                "# edit_note = [\"n\"]  # write or edit the note of the annotation here\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("# edit_note =").count(), 1);
        for b in BINDINGS {
            assert!(text.contains(&format!("# {} = ", b.action.name())));
        }
    }

    #[test]
    fn search_keys_come_first_while_searching_and_no_tag_takes_them() {
        assert_eq!(
            Keymap::default().lookup_in(Key::char('n'), Search),
            Some(A::NextMatch)
        );
        assert_eq!(
            Keymap::default().lookup_in(Key::char('j'), Search),
            None,
            "no fallback"
        );
        let map = Keymap::default();
        assert!(map.reader_uses('N') && map.reader_uses('/') && map.reader_uses('t'));
        assert!(!map.reader_uses('x'));
    }

    #[test]
    fn the_keys_of_dialogs_and_text_inputs_are_rebound_too() {
        let tags = tags();
        let map = config("[keys]\nclose = \"x\"\ndelete_back = \"C-h\"\n").unwrap();
        assert_eq!(map.lookup(Key::char('x'), Grep, &tags), Some(A::Close));
        assert_eq!(map.lookup(Key::char('x'), Help, &tags), Some(A::Close));
        assert_eq!(map.lookup(Key::new(KeyCode::Esc), Grep, &tags), None);
        // The form takes its editing keys from the text inputs' scope.
        assert_eq!(
            map.resolve(Key::ctrl('h'), TagForm, &tags),
            Resolved::Action(A::DeleteBack)
        );
        assert_eq!(
            map.resolve(Key::new(KeyCode::Backspace), Input, &tags),
            Resolved::Unbound
        );
        assert_eq!(
            map.resolve(Key::char('x'), Input, &tags),
            Resolved::Typed('x')
        );
        // A dialog has no global keys: q closes it.
        let map = Keymap::default();
        assert_eq!(map.lookup(Key::char('q'), TagView, &tags), Some(A::Close));
        assert_eq!(
            map.lookup(Key::char('a'), TagPicker, &tags),
            Some(A::Tag(0))
        );
        assert_eq!(map.lookup(Key::char('a'), TagList, &tags), Some(A::AddTag));
        // A form's key would hide an editing key.
        let err = config("[keys]\nnext_field = \"Enter\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(":2: \"Enter\" would be the key of both next_field and submit (the default) in the tag editor's form"),
            "{err}"
        );
        assert!(
            config("[keys]\ncancel = []\n")
                .unwrap_err()
                .to_string()
                .contains("no way out")
        );
    }

    #[test]
    fn an_unbound_alt_key_is_read_as_esc_then_the_key() {
        let esc = Key::new(KeyCode::Esc);
        let alt_j: Key = "A-j".parse().unwrap();
        assert_eq!(Keymap::default().split_escape(alt_j), [esc, Key::char('j')]);
        assert_eq!(
            Keymap::default().split_escape(Key::char('j')),
            [Key::char('j')]
        );
        // Bound, an Alt key stays one key.
        let bound = config("[keys]\nnext_sentence = [\"j\", \"A-j\"]\n").unwrap();
        assert_eq!(bound.split_escape(alt_j), [alt_j]);
    }

    #[test]
    fn a_key_set_where_the_tag_keys_act_outside_the_reader_is_refused() {
        let (tags_file, cfg) = (Path::new("corpus/tags.toml"), Path::new("/c/config.toml"));
        let refused = |text: &str| {
            config(text)
                .unwrap()
                .check_tags(&tags(), tags_file, cfg)
                .unwrap_err()
                .to_string()
        };
        // In the review screen `s` would merge rather than tag "statistic".
        assert_eq!(
            refused("[keys]\nmerge_versions = \"s\"\n"),
            "/c/config.toml:2: \"s\" for merge_versions in the review screen is the key of the tag \"statistic\" (set in corpus/tags.toml): give merge_versions another key, or the tag"
        );
        let err = refused("[keys]\n\nrow_down = \"c\"\n");
        assert!(
            err.starts_with("/c/config.toml:3: \"c\" for row_down in "),
            "{err}"
        );
        assert!(err.contains("the tag \"policy commitment\""), "{err}");
        // The tag picker checks a tag by its key.
        let err = refused("[keys]\ncheck_tag = \"p\"\n");
        assert!(err.contains("check_tag in the tag picker"), "{err}");
        // Where tag keys never act, their letters are free.
        let free = config("[keys]\nrow_first = [\"a\", \"Home\"]\n").unwrap();
        assert!(free.check_tags(&tags(), tags_file, cfg).is_ok());
    }

    /// The link type picker takes a type's key after its own keys: `choose = ["Enter", "o"]`
    /// would choose the highlighted type where the coder asked for "source of".
    #[test]
    fn a_key_set_in_the_link_type_picker_may_not_be_a_link_types() {
        let (tags_file, cfg) = (Path::new("corpus/tags.toml"), Path::new("/c/config.toml"));
        let err = config("[keys]\nchoose = [\"Enter\", \"o\"]\n")
            .unwrap()
            .check_tags(&tags(), tags_file, cfg)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/c/config.toml:2: \"o\" for choose in the link type picker is the key of the link type \"source of\" (set in corpus/tags.toml): give choose another key, or the link type"
        );
        // A link type's key is free where the picker is not: `r` is also a tag's, and
        // previous_sentence's in the reading pane.
        assert!(
            Keymap::default()
                .check_tags(&tags(), tags_file, cfg)
                .is_ok()
        );
    }

    /// A printable key bound where text is typed would never be typed: `next_field = ["Down",
    /// "s"]` would eat every `s` of a speaker's name.
    #[test]
    fn a_printable_key_where_text_is_typed_is_refused() {
        let err = config("[keys]\nnext_field = [\"Down\", \"s\"]\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/c/config.toml:2: \"s\" for next_field is a character typed into the tag editor's form: there it would do next_field instead of being typed; give next_field a key that types nothing, a named one (\"Down\", \"F2\") or one with C- or A-"
        );
        // Every scope where text is typed: the prompts, the filters, the note, both forms.
        for (line, typed_into) in [
            ("line_start = \"0\"", "the search and command prompts"),
            ("filter_up = \"k\"", "the filters"),
            ("new_line = [\"Enter\", \"Space\"]", "the note editor"),
            (
                "next_completion = [\"Tab\", \"!\"]",
                "the field form's text rows",
            ),
        ] {
            let err = config(&format!("[keys]\n{line}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("/c/config.toml:2: \""), "{line}: {err}");
            assert!(
                err.contains(&format!("is a character typed into {typed_into}")),
                "{line}: {err}"
            );
        }
        // Keys that type nothing are free there.
        assert!(config("[keys]\nnext_field = [\"Down\", \"C-n\", \"A-s\", \"F2\"]\n").is_ok());
        // The table binds no printable key where text is typed.
        assert!(Keymap::default().check_typing(Path::new("c")).is_ok());
        for scope in Scope::ALL.iter().filter(|s| s.typed_into().is_some()) {
            assert!(BINDINGS.iter().any(|b| b.scope == *scope), "{scope:?}");
        }
    }

    #[test]
    fn a_search_key_may_not_take_a_key_of_the_pane_it_falls_through_to() {
        let err = config("[keys]\nnext_match = \"j\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/c/config.toml:2: \"j\" would be the key of both next_match and next_sentence (the default) in the reading pane while a search is active: give one of them another key"
        );
        let err = config("[keys]\nselect_match = \"q\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("both select_match and quit"), "{err}");
        // The table's own shadowing stays: while searching, n is the next match.
        let map = Keymap::default();
        assert_eq!(
            map.lookup(Key::char('n'), Search, &tags()),
            Some(Action::NextMatch)
        );
        assert_eq!(
            map.lookup(Key::char('j'), Search, &tags()),
            Some(Action::NextSentence)
        );
    }

    #[test]
    fn the_help_names_the_keys_in_effect_not_the_tables() {
        let map = config("[keys]\nedit_note = [\"m\", \"C-n\"]\nreview = \"F9\"\n").unwrap();
        let end = map
            .bindings()
            .iter()
            .find(|b| b.action == Action::EndSearch)
            .unwrap();
        assert_eq!(
            map.described(end),
            "end the search (a selection is dropped first): m writes notes again"
        );
        assert!(map.title(Note).starts_with("Note editor (m):"));
        assert!(map.title(Review).starts_with("Review screen (F9):"));
        let written = map.as_config(&tags());
        assert!(written.contains("# Note editor (m):"), "{written}");
        // No `{action}` is left unreplaced (`{` itself is a key, written `"{"`).
        let unreplaced = |text: &str| {
            text.split('{').skip(1).any(|after| {
                after
                    .split_once('}')
                    .is_some_and(|(name, _)| Action::from_name(name).is_some())
            })
        };
        assert!(!unreplaced(&written), "{written}");
        // An action left without keys is said so; a brace naming no action stays.
        let none = config("[keys]\nedit_note = []\n").unwrap();
        assert!(none.title(Note).starts_with("Note editor ((no key)):"));
        assert_eq!(none.with_keys("a {b} {"), "a {b} {");
        assert!(!unreplaced(&Keymap::commented_defaults()));
        assert!(unreplaced("a {edit_note} b"));
    }
}
