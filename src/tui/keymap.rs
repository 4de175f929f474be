//! The one table of default keys, and the key map in effect: the table with the user's
//! overrides. The key map dispatches keys and writes the help screen.

use std::path::Path;

use crate::core::config::{ConfigError, KeyOverride};
use crate::core::tags::TagSet;
use crate::tui::action::Action;
use crate::tui::keys::{Key, KeyCode};

/// Where a binding applies. Global bindings apply in every pane unless the pane binds the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    List,
    Reader,
    /// The reading pane while a search is active: its keys come before the pane's.
    Search,
    Sidebar,
    /// The note editor: it has the keyboard while open, so no other scope's keys apply there.
    Note,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::List => "Document list",
            Scope::Reader => "Reading pane",
            Scope::Search => "Reading pane, while a search is active (from Enter until Esc)",
            Scope::Sidebar => "Annotation list (sidebar)",
            Scope::Note => "Note editor (n): any other key is typed into the note",
        }
    }

    /// Where the scope's keys apply, for messages.
    fn place(self) -> &'static str {
        match self {
            Scope::Global => "everywhere",
            Scope::List => "in the document list",
            Scope::Reader => "in the reading pane",
            Scope::Search => "in the reading pane while a search is active",
            Scope::Sidebar => "in the sidebar",
            Scope::Note => "in the note editor",
        }
    }

    /// Whether a key bound in both scopes would be ambiguous: a pane's key hides a global one.
    /// The note editor takes every key while open, so global keys never reach it.
    fn overlaps(self, other: Scope) -> bool {
        self == other || (self != Note && other != Note && (self == Global || other == Global))
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
use Scope::{Global, List, Note, Reader, Search, Sidebar};

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
        A::ToggleNotePane,
        "note pane: show or hide the whole note of the annotation here",
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
        "drop the selection, or leave the annotation just tagged",
    ),
    bind(
        Reader,
        &["l", "Right"],
        A::SelectEndWordForward,
        "selection: the moving end one word later (a count repeats it: 5l)",
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
        "end the search (a selection is dropped first): n writes notes again",
    ),
    bind(
        Search,
        &["Enter"],
        A::SelectMatch,
        "select the match, to grow or cut it with the selection keys",
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
        Note,
        &["C-s"],
        A::SaveNote,
        "save the note and close the editor",
    ),
    bind(
        Note,
        &["Esc"],
        A::CancelNote,
        "close without saving; a changed note asks for a second Esc",
    ),
    bind(Note, &["Enter"], A::NoteNewLine, "start a new line"),
    bind(Note, &["Left", "C-b"], A::NoteLeft, "one character back"),
    bind(Note, &["Right", "C-f"], A::NoteRight, "one character on"),
    bind(Note, &["Up"], A::NoteUp, "one row up"),
    bind(Note, &["Down"], A::NoteDown, "one row down"),
    bind(
        Note,
        &["Home", "C-a"],
        A::NoteLineStart,
        "start of the line",
    ),
    bind(Note, &["End", "C-e"], A::NoteLineEnd, "end of the line"),
    bind(Note, &["C-Left"], A::NoteWordBack, "one word back"),
    bind(Note, &["C-Right"], A::NoteWordForward, "one word on"),
    bind(Note, &["C-Home"], A::NoteTop, "start of the note"),
    bind(Note, &["C-End"], A::NoteBottom, "end of the note"),
    bind(
        Note,
        &["Backspace"],
        A::NoteDeleteBack,
        "delete the character before the cursor, or the line break",
    ),
    bind(
        Note,
        &["Delete", "C-d"],
        A::NoteDeleteForward,
        "delete the character under the cursor",
    ),
    bind(
        Note,
        &["C-w"],
        A::NoteDeleteWordBack,
        "delete the word before the cursor",
    ),
    bind(
        Note,
        &["C-u"],
        A::NoteDeleteToLineStart,
        "delete from the start of the line to the cursor",
    ),
    bind(
        Note,
        &["C-k"],
        A::NoteDeleteToLineEnd,
        "delete from the cursor to the end of the line",
    ),
    bind(
        Note,
        &["C-z"],
        A::NoteUndo,
        "undo the last edit in the note",
    ),
    bind(Note, &["C-y"], A::NoteRedo, "redo it"),
];

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Bound>,
}

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
        Keymap { bindings }
    }
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
            if keys.is_empty() && action == Action::Quit {
                return Err(invalid(
                    o.line,
                    "quit needs at least one key, or there is no way out".into(),
                ));
            }
            for b in map.bindings.iter_mut().filter(|b| b.action == action) {
                b.keys = keys.clone();
                b.line = Some(o.line);
            }
        }
        map.check_conflicts(config)?;
        Ok(map)
    }

    fn check_conflicts(&self, config: &Path) -> Result<(), ConfigError> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.action == b.action || !a.scope.overlaps(b.scope) {
                    continue;
                }
                let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) else {
                    continue;
                };
                // The table itself has no conflicts (tested), so one of them was rebound: name the
                // later line.
                let (set, other) = if a.line >= b.line { (a, b) } else { (b, a) };
                let other_keys = match other.line {
                    Some(line) => format!("line {line}"),
                    None => "the default".to_owned(),
                };
                let place = if set.scope == Global {
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

    /// The action `key` asks for in `scope`, the scope's own bindings before the global ones; tag
    /// keys apply in the reading pane.
    pub fn lookup(&self, key: Key, scope: Scope, tags: &TagSet) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.keys.contains(&key))
                .map(|b| b.action)
        };
        find(scope)
            .or_else(|| {
                if scope != Scope::Reader || key.ctrl || key.alt {
                    return None;
                }
                let KeyCode::Char(c) = key.code else {
                    return None;
                };
                tags.tags.iter().position(|t| t.key == c).map(Action::Tag)
            })
            .or_else(|| find(Scope::Global))
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

    /// The first key of `action` where `scope` applies, for the status bar's hints.
    pub fn key_for(&self, action: Action, scope: Scope) -> Option<Key> {
        self.bindings
            .iter()
            .filter(|b| b.action == action && (b.scope == scope || b.scope == Global))
            .find_map(|b| b.keys.first().copied())
    }

    /// Whether the reader keeps `c` for itself (in the reading pane or everywhere), so that no
    /// tag can take it.
    pub fn reader_uses(&self, c: char) -> bool {
        let key = Key::char(c);
        self.bindings
            .iter()
            .any(|b| matches!(b.scope, Global | Reader | Search) && b.keys.contains(&key))
    }

    /// Tag keys must not shadow a key of the reading pane or a global one. A clash with a key the
    /// configuration set names its line; one with a default key is the tag file's to fix.
    pub fn check_tags(&self, tags: &TagSet, tags_file: &Path, config: &Path) -> Result<(), String> {
        for tag in &tags.tags {
            let key = Key::char(tag.key);
            let clash = self
                .bindings
                .iter()
                .find(|b| matches!(b.scope, Global | Reader | Search) && b.keys.contains(&key));
            let Some(b) = clash else { continue };
            return Err(match b.line {
                Some(line) => format!(
                    "{}:{line}: \"{key}\" for {} is the key of the tag {:?} in {}: give {} another key, or the tag",
                    config.display(),
                    b.action.name(),
                    tag.name,
                    tags_file.display(),
                    b.action.name(),
                ),
                None => format!(
                    "{}: tag {:?} uses the key \"{key}\", which is the reader's key for {} ({}): give the tag another key, or give {} another key in {}",
                    tags_file.display(),
                    tag.name,
                    b.action.name(),
                    b.help,
                    b.action.name(),
                    config.display(),
                ),
            });
        }
        Ok(())
    }

    /// Every action the table binds with its default keys, as commented lines of a
    /// configuration file.
    pub fn commented_defaults() -> String {
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
                b.help
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

    fn config(text: &str) -> Result<Keymap, String> {
        let path = Path::new("/c/config.toml");
        let config = crate::core::config::Config::parse(text, path).map_err(|e| e.to_string())?;
        Keymap::new(&config.keys, path).map_err(|e| e.to_string())
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
        for (i, (scope, key)) in all.iter().enumerate() {
            for (other, k) in &all[i + 1..] {
                assert!(
                    !(key == k && scope.overlaps(*other)),
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
        let err = config("[keys]\n\nnext_sentence = \"n\"\n").unwrap_err();
        assert_eq!(
            err,
            "/c/config.toml:3: \"n\" would be the key of both next_sentence and edit_note (the default) in the reading pane: give one of them another key"
        );
        let err = config("[keys]\nundo = \"x\"\ntop = \"x\"\n").unwrap_err();
        assert!(err.starts_with("/c/config.toml:3: \"x\" would be the key of both top and undo (line 2) in the reading pane"), "{err}");
        // A pane's key would hide a global one there.
        let err = config("[keys]\ndelete_annotation = \"q\"\n").unwrap_err();
        assert!(
            err.contains(":2: \"q\" would be the key of both delete_annotation and quit"),
            "{err}"
        );
        // The same key for two actions in different panes is fine, as `j` is by default.
        assert!(config("[keys]\nlist_top = \"z\"\ntop = \"z\"\n").is_ok());
    }

    #[test]
    fn unknown_actions_and_keys_are_errors_with_a_line() {
        let err = config("[keys]\nfly = \"f\"\n").unwrap_err();
        assert!(
            err.starts_with("/c/config.toml:2: no action is called \"fly\""),
            "{err}"
        );
        let err = config("[keys]\nquit = \"Ctrl+q\"\n").unwrap_err();
        assert!(
            err.starts_with("/c/config.toml:2: quit: unknown key \"Ctrl+q\""),
            "{err}"
        );
        let err = config("[keys]\nquit = []\n").unwrap_err();
        assert!(err.contains("no way out"), "{err}");
    }

    #[test]
    fn a_tag_on_a_reader_key_is_refused_naming_both() {
        let tags = TagSet::parse(
            "[[tag]]\nname = \"jump\"\nkey = \"j\"\ncolor = \"red\"\n",
            Path::new("t"),
        )
        .unwrap();
        let (tags_file, cfg) = (Path::new("corpus/tags.toml"), Path::new("/c/config.toml"));
        let err = Keymap::default()
            .check_tags(&tags, tags_file, cfg)
            .unwrap_err();
        assert!(err.starts_with("corpus/tags.toml: tag \"jump\""), "{err}");
        assert!(err.contains("next_sentence"), "{err}");
        // Moved away by the configuration, `j` is free for the tag…
        let moved = config("[keys]\nnext_sentence = \"Down\"\n").unwrap();
        assert!(moved.check_tags(&tags, tags_file, cfg).is_ok());
        // …and a key set there that a tag uses names the line and the tag file.
        let err = config("[keys]\nnext_sentence = \"a\"\n")
            .unwrap()
            .check_tags(&self::tags(), tags_file, cfg)
            .unwrap_err();
        assert_eq!(
            err,
            "/c/config.toml:2: \"a\" for next_sentence is the key of the tag \"accusation\" in corpus/tags.toml: give next_sentence another key, or the tag"
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
}
