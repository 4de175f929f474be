//! The corpus search (`:grep PATTERN`, `C-f`): every hit in every document, listed as they come
//! in from the thread that finds them; `Enter` opens the document at the hit and goes on
//! searching it there, so that `n` finds the next hit in it.

use std::sync::mpsc::Receiver;

use crate::core::queries::grep::{self, GrepEvent, Hit};
use crate::core::queries::search::{self, Pattern};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};

#[derive(Debug)]
pub struct Grep {
    pub pattern: Pattern,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Documents searched through so far, of `documents`.
    pub searched: usize,
    pub documents: usize,
    /// Why documents could not be read.
    pub errors: Vec<String>,
    /// Open while the thread is still searching.
    results: Option<Receiver<GrepEvent>>,
}

impl Grep {
    pub fn done(&self) -> bool {
        self.results.is_none()
    }

    /// Whether the search stopped at the most hits it keeps.
    pub fn capped(&self) -> bool {
        self.hits.len() >= grep::MAX_HITS
    }
}

/// Rows `PageDown` and `PageUp` move.
pub(crate) const PAGE: usize = 10;

/// Moves a list's selection `at` (of rows up to `last`) as a list action asks; `None` for an
/// action that does not move it. Shared by the lists over the panes.
pub(crate) fn move_row(action: Action, at: usize, last: usize) -> Option<usize> {
    Some(match action {
        Action::RowDown => (at + 1).min(last),
        Action::RowUp => at.saturating_sub(1),
        Action::RowPageDown => (at + PAGE).min(last),
        Action::RowPageUp => at.saturating_sub(PAGE),
        Action::RowFirst => 0,
        Action::RowLast => last,
        _ => return None,
    })
}

/// What a key does in a list over the panes that only walks its rows and opens one.
pub(crate) enum ListKey {
    Stay,
    /// `Enter` on the row at this index.
    Open(usize),
    Close,
}

/// Takes `key` in such a list of `len` rows whose selected row is `selected`.
pub(crate) fn list_key(key: Resolved, selected: &mut usize, len: usize) -> ListKey {
    let Resolved::Action(action) = key else {
        return ListKey::Stay;
    };
    if let Some(to) = move_row(action, *selected, len.saturating_sub(1)) {
        *selected = to;
        return ListKey::Stay;
    }
    match action {
        Action::Choose if *selected < len => ListKey::Open(*selected),
        Action::Close => ListKey::Close,
        _ => ListKey::Stay,
    }
}

/// The status bar's hints of such a list.
pub(crate) fn list_hints() -> Vec<Hint> {
    use Action as A;
    vec![
        Hint::keys(&[A::RowDown, A::RowUp], "walk"),
        Hint::keys(&[A::Choose], "open"),
        Hint::keys(&[A::Close], "close"),
    ]
}

impl Component for Grep {
    fn scope(&self) -> Scope {
        Scope::Grep
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        list_hints()
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        match list_key(key, &mut self.selected, self.hits.len()) {
            ListKey::Open(i) => {
                let hit = &self.hits[i];
                app.open_hit(hit.entry, hit.span.start, &self.pattern.text.clone());
                Outcome::Close
            }
            ListKey::Close => Outcome::Close,
            ListKey::Stay => Outcome::Stay,
        }
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::grep::render(app, self, panes.above_status(screen), buf);
    }
}

impl App {
    /// Searches the corpus for `pattern` and shows the list; without a pattern, shows the last
    /// list again.
    pub fn start_grep(&mut self, pattern: &str) {
        if pattern.is_empty() {
            match self.kept.grep.take() {
                Some(grep) => {
                    self.status = None;
                    self.mode = Mode::Grep(grep);
                }
                None => {
                    let message = self
                        .prefs
                        .keymap
                        .with_keys("grep needs a pattern: {command_line}grep PATTERN");
                    self.set_status(message, true);
                }
            }
            return;
        }
        let pattern = match Pattern::new(pattern) {
            Ok(p) => p,
            Err(e) => {
                self.set_status(e.to_string(), true);
                return;
            }
        };
        let documents: Vec<_> = self
            .corpus
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.unreadable.is_none())
            .map(|(i, e)| (i, e.path.clone()))
            .collect();
        let grep = Grep {
            documents: documents.len(),
            results: Some(grep::search_corpus(documents, pattern.clone())),
            pattern,
            hits: Vec::new(),
            selected: 0,
            searched: 0,
            errors: Vec::new(),
        };
        // A search before it ends: its thread stops when its results are dropped.
        self.kept.grep = None;
        // The list says what it found: a message from before (a refused :grep) would lie.
        self.status = None;
        self.mode = Mode::Grep(grep);
    }

    /// Opens the document `entry` with the cursor on the sentence holding the byte `at`, and
    /// searches the document for `pattern` from there.
    fn open_hit(&mut self, entry: usize, at: usize, pattern: &str) {
        self.list.selected = entry;
        self.open_entry(entry);
        if self.open.as_ref().is_some_and(|o| o.entry == entry) {
            // What was selected or current in the document is left: the hit is where to go on.
            self.reader.pick = crate::tui::state::Pick::Sentence;
            self.show_offset(at);
            self.search_from(pattern, true, at);
        }
    }

    pub(crate) fn poll_grep(&mut self) -> bool {
        let grep = match &mut self.mode {
            Mode::Grep(grep) => grep,
            _ => match &mut self.kept.grep {
                Some(grep) => grep,
                None => return false,
            },
        };
        let Some(results) = &grep.results else {
            return false;
        };
        let (events, finished) = search::drain(results);
        for event in events {
            match event {
                GrepEvent::Hits(hits) => grep.hits.extend(hits),
                GrepEvent::Searched { error, .. } => {
                    grep.searched += 1;
                    grep.errors.extend(error);
                }
            }
        }
        if finished {
            grep.results = None;
        }
        !finished
    }
}
