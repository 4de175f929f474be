//! The corpus search (`:grep PATTERN`, `C-f`): every hit in every document, listed as they come
//! in from the thread that finds them; `Enter` opens the document at the hit and goes on
//! searching it there, so that `n` finds the next hit in it.

use std::sync::mpsc::Receiver;

use crate::core::grep::{self, GrepEvent, Hit};
use crate::core::search::{self, Pattern};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::state::{App, Mode};

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
const PAGE: usize = 10;

impl App {
    /// Searches the corpus for `pattern` and shows the list; without a pattern, shows the last
    /// list again.
    pub fn start_grep(&mut self, pattern: &str) {
        if pattern.is_empty() {
            match self.grep {
                Some(_) => {
                    self.status = None;
                    self.mode = Mode::Grep;
                }
                None => self.set_status("grep needs a pattern: :grep PATTERN", true),
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
        self.grep = Some(Grep {
            documents: documents.len(),
            results: Some(grep::search_corpus(documents, pattern.clone())),
            pattern,
            hits: Vec::new(),
            selected: 0,
            searched: 0,
            errors: Vec::new(),
        });
        // The list says what it found: a message from before (a refused :grep) would lie.
        self.status = None;
        self.mode = Mode::Grep;
    }

    pub fn grep_key(&mut self, key: Key) {
        let Some(grep) = &mut self.grep else {
            self.mode = Mode::Normal;
            return;
        };
        let last = grep.hits.len().saturating_sub(1);
        let at = grep.selected;
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => grep.selected = (at + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => grep.selected = at.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => grep.selected = (at + PAGE).min(last),
            KeyCode::PageUp => grep.selected = at.saturating_sub(PAGE),
            KeyCode::Char('g') | KeyCode::Home => grep.selected = 0,
            KeyCode::Char('G') | KeyCode::End => grep.selected = last,
            KeyCode::Enter | KeyCode::Char('l') => self.open_hit(),
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// Opens the document of the selected hit with the cursor on the sentence holding it, and
    /// searches the document for the same pattern from there.
    fn open_hit(&mut self) {
        let Some(grep) = &self.grep else { return };
        let Some(hit) = grep.hits.get(grep.selected) else {
            return;
        };
        let (entry, at) = (hit.entry, hit.span.start);
        let pattern = grep.pattern.text.clone();
        self.mode = Mode::Normal;
        self.list_selected = entry;
        self.open_entry(entry);
        if let Some(open) = self.open.as_mut().filter(|o| o.entry == entry) {
            // What was selected or current in the document is left: the hit is where to go on.
            open.pick = crate::tui::state::Pick::Sentence;
            self.show_offset(at);
            self.search_from(&pattern, true, at);
        }
    }

    pub(crate) fn poll_grep(&mut self) -> bool {
        let Some(grep) = &mut self.grep else {
            return false;
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
