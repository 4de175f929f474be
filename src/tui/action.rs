//! What a key asks the reader to do. Named in snake_case so that a key table can bind them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrevious,
    Undo,
    Redo,
    Export,
    CommandLine,
    Grep,
    TagView,
    /// The claim thread of the annotation here.
    ThreadView,
    EditTags,
    ToggleBlind,
    ToggleList,
    ToggleSidebar,
    Review,
    ToggleNotePane,
    Crosstab,
    /// The messages screen: every message of the session, whole.
    Messages,
    // The document list.
    ListDown,
    ListUp,
    ListTop,
    ListBottom,
    OpenDocument,
    FilterList,
    ClearFilter,
    CycleSort,
    CycleMark,
    // The reading pane.
    NextSentence,
    PreviousSentence,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    ToggleSelection,
    ClearSelection,
    SelectEndWordForward,
    SelectEndWordBack,
    SelectStartWordBack,
    SelectStartWordForward,
    ClauseForward,
    ClauseBack,
    SwapEnds,
    NextAnnotation,
    PreviousAnnotation,
    /// Suggested attributed claims: show or hide them, go to the next or the previous, dismiss
    /// one.
    ToggleSuggestions,
    NextSuggestion,
    PreviousSuggestion,
    DismissSuggestion,
    EditNote,
    EditFields,
    DeleteAnnotation,
    /// Starts a link from the annotation here, or makes the annotation here its target.
    Link,
    /// Drops a pending link (the sidebar's Esc; the reading pane's Esc drops it first).
    CancelLink,
    /// The answers to a question (deleting an annotation that others link to).
    Yes,
    No,

    /// Marking the span of a claim's source or cue (`tui::attribution`): start, make it, stop.
    MarkSource,
    MarkCue,
    FinishMarking,
    StopMarking,
    SearchForward,
    SearchBackward,
    // The reading pane while a search is active.
    NextMatch,
    PreviousMatch,
    EndSearch,
    SelectMatch,
    // The sidebar's annotation list.
    SidebarDown,
    SidebarUp,
    JumpToAnnotation,
    AttachAnnotation,
    ConfirmPlacement,
    // The dialogs and lists over the panes (help, corpus search, tag view, tag picker, tag
    // editor, export): one set of names, bound in each dialog's scope.
    RowDown,
    RowUp,
    RowPageDown,
    RowPageUp,
    RowFirst,
    RowLast,
    /// Enter in a list: open the hit or the annotation, edit the tag, write the export.
    Choose,
    Close,
    /// The export dialog: the next or previous format or scope on the row.
    NextChoice,
    PreviousChoice,
    /// The tag picker: check or uncheck the tag of the row; between any and all checked tags.
    CheckTag,
    ToggleAllTags,
    /// The tag view: narrow to the next annotator or document.
    CycleAnnotator,
    CycleDocument,
    /// The tag editor's list.
    AddTag,
    RenameTag,
    DescribeTag,
    /// The tag editor's form.
    NextField,
    PreviousField,
    /// The field form: the next or previous completion of a free-text field, or value of a list.
    NextCompletion,
    PreviousCompletion,
    /// The review screen: merge the coders' versions; take the agreed passages.
    MergeVersions,
    AcceptAgreements,
    /// The cross table: the next dimension for its rows or its columns; annotations or
    /// documents counted.
    CycleRows,
    CycleCols,
    CycleCount,
    /// The document filter while it is typed.
    FilterDown,
    FilterUp,
    // Editing keys of every text input (note, prompts, filter, tag form).
    Submit,
    Cancel,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    DeleteToStart,
    DeleteToEnd,
    // The note editor's own keys, beside the editing keys above.
    SaveNote,
    NewLine,
    /// A tab typed into the note, as a tab: a terminal sends a pasted tab as the Tab key.
    InsertTab,
    CursorUp,
    CursorDown,
    WordBack,
    WordForward,
    TextStart,
    TextEnd,
    UndoEdit,
    RedoEdit,
    /// Applies or removes the tag at this index of the scheme; bound by the tag file, not the table.
    #[serde(skip)]
    Tag(usize),
}

impl Action {
    /// The snake_case name a configuration file gives keys to.
    pub fn name(self) -> String {
        match toml::Value::try_from(self) {
            Ok(toml::Value::String(name)) => name,
            _ => format!("{self:?}"),
        }
    }

    /// The action of that name; `None` for names no key can be bound to.
    pub fn from_name(name: &str) -> Option<Action> {
        use serde::de::IntoDeserializer;
        let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        Action::deserialize(name).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_both_ways() {
        assert_eq!(Action::NextSentence.name(), "next_sentence");
        assert_eq!(Action::from_name("edit_note"), Some(Action::EditNote));
        assert_eq!(Action::from_name("EditNote"), None);
        assert_eq!(Action::from_name("tag"), None);
    }
}
