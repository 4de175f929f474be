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
    // The document list.
    ListDown,
    ListUp,
    ListTop,
    ListBottom,
    OpenDocument,
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
    NextAnnotation,
    PreviousAnnotation,
    EditNote,
    DeleteAnnotation,
    SearchForward,
    SearchBackward,
    // The reading pane while a search is active.
    NextMatch,
    PreviousMatch,
    EndSearch,
    // The sidebar's annotation list.
    SidebarDown,
    SidebarUp,
    JumpToAnnotation,
    /// Applies or removes the tag at this index of the scheme; bound by the tag file, not the table.
    #[serde(skip)]
    Tag(usize),
}
