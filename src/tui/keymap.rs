//! The one table of keys: it dispatches them and it writes the help screen.

use crate::core::tags::TagSet;
use crate::tui::action::Action;
use crate::tui::keys::Key;

/// Where a binding applies. Global bindings apply in every pane unless the pane binds the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    List,
    Reader,
    /// The reading pane while a search is active: its keys come before the pane's.
    Search,
    Sidebar,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::List => "Document list",
            Scope::Reader => "Reading pane",
            Scope::Search => "Reading pane, while a search is active (from Enter until Esc)",
            Scope::Sidebar => "Annotation list (sidebar)",
        }
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
use Scope::{Global, List, Reader, Search, Sidebar};

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
    bind(
        Global,
        &[":"],
        A::CommandLine,
        "command line: grep PATTERN searches the corpus, help shows this",
    ),
    bind(
        Global,
        &["C-f"],
        A::Grep,
        "search every document of the corpus (:grep)",
    ),
    bind(
        Global,
        &["t"],
        A::TagView,
        "tag view: the corpus's annotations with the tags you pick",
    ),
    bind(List, &["?"], A::Help, "show this help"),
    bind(List, &["j", "Down"], A::ListDown, "next document"),
    bind(List, &["k", "Up"], A::ListUp, "previous document"),
    bind(List, &["g", "Home"], A::ListTop, "first document"),
    bind(List, &["G", "End"], A::ListBottom, "last document"),
    bind(List, &["Enter", "l"], A::OpenDocument, "open the document"),
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
        "start (or drop) a selection at the sentence",
    ),
    bind(Reader, &["Esc"], A::ClearSelection, "drop the selection"),
    bind(
        Reader,
        &["l", "Right"],
        A::SelectEndWordForward,
        "selection: end one word later",
    ),
    bind(
        Reader,
        &["h", "Left"],
        A::SelectEndWordBack,
        "selection: end one word earlier",
    ),
    bind(
        Reader,
        &["H"],
        A::SelectStartWordBack,
        "selection: start one word earlier",
    ),
    bind(
        Reader,
        &["L"],
        A::SelectStartWordForward,
        "selection: start one word later",
    ),
    bind(Reader, &["]"], A::NextAnnotation, "next annotation"),
    bind(Reader, &["["], A::PreviousAnnotation, "previous annotation"),
    bind(
        Reader,
        &["n"],
        A::EditNote,
        "write or edit the note of the annotation here",
    ),
    bind(
        Reader,
        &["d"],
        A::DeleteAnnotation,
        "delete the annotation here",
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
        "end the search: n writes notes again",
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
];

/// The action `key` asks for in `scope`, the scope's own bindings before the global ones; tag keys
/// apply in the reading pane.
pub fn lookup(key: Key, scope: Scope, tags: &TagSet) -> Option<Action> {
    lookup_in(key, scope)
        .or_else(|| {
            if scope != Scope::Reader || key.ctrl || key.alt {
                return None;
            }
            let crate::tui::keys::KeyCode::Char(c) = key.code else {
                return None;
            };
            tags.tags.iter().position(|t| t.key == c).map(Action::Tag)
        })
        .or_else(|| lookup_in(key, Scope::Global))
}

/// The action `key` asks for among `scope`'s own bindings only.
pub fn lookup_in(key: Key, scope: Scope) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.scope == scope)
        .find(|b| b.keys.iter().any(|k| k.parse::<Key>().ok() == Some(key)))
        .map(|b| b.action)
}

/// Tag keys must not shadow a key of the reading pane or a global one.
pub fn check_tag_keys(tags: &TagSet) -> Result<(), String> {
    for tag in &tags.tags {
        if let Some(b) = binding_of(tag.key) {
            return Err(format!(
                "tag {:?} uses the key {:?}, which is the reader's key for {:?} ({}): give the tag another key",
                tag.name,
                tag.key.to_string(),
                b.action,
                b.help
            ));
        }
    }
    Ok(())
}

/// Whether the reader keeps `key` for itself, so that no tag can take it.
pub fn reader_uses(key: char) -> bool {
    binding_of(key).is_some()
}

/// The reading-pane (searching or not) or global binding of a plain character key.
fn binding_of(c: char) -> Option<&'static Binding> {
    let key = Key::char(c);
    BINDINGS
        .iter()
        .filter(|b| matches!(b.scope, Global | Reader | Search))
        .find(|b| b.keys.iter().any(|k| k.parse::<Key>().ok() == Some(key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_key_in_the_table_parses_and_none_is_bound_twice_in_a_scope() {
        for scope in [Global, List, Reader, Search, Sidebar] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.scope == scope) {
                for k in b.keys {
                    let key: Key = k.parse().unwrap_or_else(|e| panic!("{e}"));
                    assert!(!seen.contains(&key), "{k} bound twice in {scope:?}");
                    seen.push(key);
                }
            }
        }
    }

    #[test]
    fn pane_bindings_win_over_global_ones_and_tags_apply_in_the_reader() {
        let tags = TagSet::parse(crate::core::corpus::DEFAULT_TAGS, Path::new("t")).unwrap();
        assert_eq!(lookup(Key::char('j'), List, &tags), Some(A::ListDown));
        assert_eq!(lookup(Key::char('j'), Reader, &tags), Some(A::NextSentence));
        assert_eq!(lookup(Key::char('q'), Sidebar, &tags), Some(A::Quit));
        assert_eq!(lookup(Key::ctrl('r'), Reader, &tags), Some(A::Redo));
        assert_eq!(lookup(Key::char('a'), Reader, &tags), Some(A::Tag(0)));
        assert_eq!(lookup(Key::char('a'), List, &tags), None);
        assert!(check_tag_keys(&tags).is_ok());
    }

    #[test]
    fn a_tag_on_a_reader_key_is_refused_naming_both() {
        let tags = TagSet::parse(
            "[[tag]]\nname = \"jump\"\nkey = \"j\"\ncolor = \"red\"\n",
            Path::new("t"),
        )
        .unwrap();
        let err = check_tag_keys(&tags).unwrap_err();
        assert!(err.contains("\"jump\""), "{err}");
        assert!(err.contains("NextSentence"), "{err}");
    }

    #[test]
    fn search_keys_come_first_while_searching_and_no_tag_takes_them() {
        assert_eq!(lookup_in(Key::char('n'), Search), Some(A::NextMatch));
        assert_eq!(lookup_in(Key::char('j'), Search), None, "no fallback");
        assert!(reader_uses('N') && reader_uses('/') && reader_uses('t'));
        assert!(!reader_uses('x'));
    }
}
