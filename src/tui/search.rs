//! Searching the open document: `/` and `?` start a search, `n` and `N` step through its
//! matches until `Esc` ends it. A thread finds the matches and the event loop takes them in as
//! they come (`poll_searches`); a jump asked for before the match it needs has been found waits
//! for it, so that the event loop never waits for a search. The keys and clicks that come while
//! a jump waits are held and then applied after it, in order: typed ahead of the match (`/firmly
//! Enter p`), they act on the match, never on the sentence the cursor was on before. When the
//! jump cannot be made (no match), they are dropped, so that no tag lands where the coder did not
//! choose.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Weak};

use crate::core::documents::document::Document;
use crate::core::queries::search::{self, MAX_MATCHES, Pattern};
use crate::tui::keymap::Keymap;
use crate::tui::keys::Key;
use crate::tui::mouse::Mouse;
use crate::tui::prompt::PromptKind;
use crate::tui::state::App;

pub struct Search {
    pub pattern: Pattern,
    /// The direction of the key that started it (`/` forward, `?` backward): `n` goes on that
    /// way and `N` the other.
    pub forward: bool,
    /// The document searched. A search belongs to it: showing another one (or this one read
    /// again) leaves the search behind.
    doc: Weak<Document>,
    /// Every match found so far, in text order.
    pub matches: Vec<Range<usize>>,
    /// The match the cursor was last taken to.
    pub current: Option<usize>,
    /// Open while the thread is still searching.
    results: Option<Receiver<Vec<Range<usize>>>>,
    /// Jumps asked for, in order, that wait for matches not found yet.
    waiting: VecDeque<Step>,
    /// The last message the search put in the status bar, to bring it up to date when the
    /// count of matches is known.
    message: Option<String>,
}

/// A jump: forward to the first match starting at or after `from`, or back to the last one
/// starting before it; from the current match when `from` is `None`.
#[derive(Debug, Clone, Copy)]
struct Step {
    forward: bool,
    from: Option<usize>,
}

enum Outcome {
    Found {
        index: usize,
        wrapped: bool,
    },
    /// The document has no match at all.
    NoMatch,
    /// The answer depends on matches not found yet.
    Wait,
    /// The answer lies past the most matches a search keeps.
    Capped,
}

impl Search {
    fn start(doc: &Arc<Document>, pattern: Pattern, forward: bool, first: Step) -> Search {
        Search {
            results: Some(search::search_document(doc.clone(), pattern.clone())),
            pattern,
            forward,
            doc: Arc::downgrade(doc),
            matches: Vec::new(),
            current: None,
            waiting: VecDeque::from([first]),
            message: None,
        }
    }

    /// Whether every match has been found.
    pub fn done(&self) -> bool {
        self.results.is_none()
    }

    pub fn is_on(&self, doc: &Arc<Document>) -> bool {
        std::ptr::eq(self.doc.as_ptr(), Arc::as_ptr(doc))
    }

    pub fn current_match(&self) -> Option<&Range<usize>> {
        self.current.map(|i| &self.matches[i])
    }

    /// Whether the search stopped at the most matches it keeps, short of the end.
    fn capped(&self) -> bool {
        self.done() && self.matches.len() >= MAX_MATCHES
    }

    fn resolve(&self, step: Step) -> Outcome {
        let from = step.from.unwrap_or_else(|| match self.current_match() {
            Some(m) if step.forward => m.start + 1,
            Some(m) => m.start,
            None => 0,
        });
        let n = self.matches.len();
        let at = self.matches.partition_point(|m| m.start < from);
        // Backward, a match found after `from` means that all those before it are known.
        let known = if step.forward {
            at < n
        } else {
            at > 0 && (at < n || self.done())
        };
        if known {
            let index = if step.forward { at } else { at - 1 };
            return Outcome::Found {
                index,
                wrapped: false,
            };
        }
        // Nothing on the way: wrap around, once every match is known.
        if !self.done() {
            Outcome::Wait
        } else if self.capped() {
            Outcome::Capped
        } else if n == 0 {
            Outcome::NoMatch
        } else {
            let index = if step.forward { 0 } else { n - 1 };
            Outcome::Found {
                index,
                wrapped: true,
            }
        }
    }

    /// What the status bar says of the search; `keymap` names its key, as its prompt did.
    fn describe(&self, wrapped: Option<bool>, keymap: &Keymap) -> String {
        let Some(i) = self.current else {
            return String::new();
        };
        let count = if self.capped() {
            format!("match {} of more than {MAX_MATCHES}", i + 1)
        } else if self.done() {
            format!("match {} of {}", i + 1, self.matches.len())
        } else {
            format!("match {} (still searching)", i + 1)
        };
        let mark = PromptKind::Search {
            forward: self.forward,
        }
        .mark(keymap);
        match wrapped {
            Some(true) => format!("search hit BOTTOM, continuing at TOP · {count}"),
            Some(false) => format!("search hit TOP, continuing at BOTTOM · {count}"),
            None => format!("{mark}{}: {count}", self.pattern.text),
        }
    }
}

/// The open document's search, kept until `Esc` or another document ends it, and the input held
/// while one of its jumps waits. Held by the [`App`], looked into only here: the other modules
/// ask [`App::active_search`].
#[derive(Default)]
pub struct Searching {
    search: Option<Search>,
    held: VecDeque<Input>,
}

/// A key or a click that came while a jump waited for its match (or, see `opening`, while the
/// open document was read whole).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input {
    Key(Key),
    Mouse(Mouse),
}

/// What the status bar says of `n` held inputs dropped, typed `when` ("after it", "while it was
/// read"); `None` for none.
pub(crate) fn not_applied(n: usize, when: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("the key typed {when} was not applied")),
        n => Some(format!("the {n} keys typed {when} were not applied")),
    }
}

impl App {
    /// The search of the document shown, if it has one.
    pub fn active_search(&self) -> Option<&Search> {
        let open = self.open.as_ref()?;
        self.search.search.as_ref().filter(|s| s.is_on(&open.doc))
    }

    /// Searches the open document for `pattern` from the start of the cursor sentence, forward
    /// or backward. An invalid pattern leaves the search there was.
    pub fn start_search(&mut self, pattern: &str, forward: bool) {
        if self.open.is_none() {
            return;
        }
        let from = self.reader.cursor_span().map_or(0, |s| s.start);
        if self.search_from(pattern, forward, from) {
            let mark = PromptKind::Search { forward }.mark(&self.prefs.keymap);
            self.set_status(format!("{mark}{pattern}: searching…"), false);
        }
    }

    /// Searches the open document for `pattern`, to take the cursor to the first match at or
    /// after byte `from` (forward) or the last one before it once it is found. `false` when
    /// the pattern is invalid, which the status bar then says.
    pub fn search_from(&mut self, pattern: &str, forward: bool, from: usize) -> bool {
        let Some(open) = &self.open else { return false };
        let pattern = match Pattern::new(pattern) {
            Ok(p) => p,
            Err(e) => {
                self.set_status(e.to_string(), true);
                return false;
            }
        };
        let first = Step {
            forward,
            from: Some(from),
        };
        self.search.search = Some(Search::start(&open.doc, pattern, forward, first));
        true
    }

    /// `n` (`same_way`) or `N`: the next match in the search's direction, or in the other.
    /// From the current match while the cursor is on its sentence; else from the cursor.
    pub fn step_match(&mut self, same_way: bool) {
        let Some(open) = &self.open else { return };
        let Some(search) = self.search.search.as_mut().filter(|s| s.is_on(&open.doc)) else {
            return;
        };
        let on_current = match (search.current_match(), self.reader.cursor_span()) {
            (Some(m), Some(cursor)) => cursor.contains(&m.start),
            _ => false,
        };
        let from = if on_current || !search.waiting.is_empty() {
            None
        } else {
            Some(self.reader.cursor_span().map_or(0, |s| s.start))
        };
        search.waiting.push_back(Step {
            forward: search.forward == same_way,
            from,
        });
        self.take_steps();
    }

    /// Holds `key` until the jump the search waits for is made; `false` (the key is to be
    /// handled now) when no jump waits.
    pub(crate) fn hold_key(&mut self, key: Key) -> bool {
        self.hold(Input::Key(key))
    }

    /// [`App::hold_key`] for a click, which would otherwise be undone by the jump after it.
    pub(crate) fn hold_mouse(&mut self, mouse: Mouse) -> bool {
        self.hold(Input::Mouse(mouse))
    }

    /// Whether a search's jump waits for its match, holding the input meanwhile.
    pub(crate) fn jump_waits(&self) -> bool {
        self.active_search().is_some_and(|s| !s.waiting.is_empty())
    }

    fn hold(&mut self, input: Input) -> bool {
        let waits = self.jump_waits();
        if waits {
            self.search.held.push_back(input);
        }
        waits
    }

    /// Applies, in order, the input held while a jump waited, once none waits; a key among them
    /// that starts another waiting jump holds those after it again.
    fn release_held(&mut self) {
        if self.active_search().is_some_and(|s| !s.waiting.is_empty()) {
            return;
        }
        let held = std::mem::take(&mut self.search.held);
        self.apply_held(held);
    }

    /// Applies held input, in order.
    pub(crate) fn apply_held(&mut self, held: VecDeque<Input>) {
        for input in held {
            match input {
                Input::Key(key) => self.handle_key(key),
                Input::Mouse(mouse) => self.handle_mouse(mouse),
            }
        }
    }

    /// Drops the input held for a jump that cannot be made: typed for the match, it would act
    /// on whatever the cursor is on. `text` says why, and the status bar how much was dropped.
    fn drop_held(&mut self, text: String, error: bool) {
        let dropped = std::mem::take(&mut self.search.held).len();
        let text = match not_applied(dropped, "after it") {
            Some(what) => format!("{text} · {what}"),
            None => text,
        };
        self.set_status(text, error);
    }

    pub fn end_search(&mut self) {
        self.search.search = None;
        self.set_status("search ended", false);
    }

    /// Takes in what the searches running on other threads have found; `true` while one of
    /// them is still running. Called by the event loop whenever it wakes.
    pub fn poll_searches(&mut self) -> bool {
        let document = self.poll_search();
        let corpus = self.poll_grep();
        document || corpus
    }

    fn poll_search(&mut self) -> bool {
        let running = self.take_in_matches();
        // After the jumps they settle; or the search was left behind, and its jumps with it.
        self.release_held();
        running
    }

    fn take_in_matches(&mut self) -> bool {
        if self.search.search.is_some() && self.active_search().is_none() {
            self.search.search = None;
        }
        let Some(search) = &mut self.search.search else {
            return false;
        };
        let Some(results) = &search.results else {
            return false;
        };
        let (batches, finished) = search::drain(results);
        for batch in batches {
            search.matches.extend(batch);
        }
        if finished {
            search.results = None;
            // The count is known now: say it where the search last spoke, unless something
            // else has been said since.
            let said = search.message.take();
            if said.is_some() && self.status.as_ref().map(|s| &s.text) == said.as_ref() {
                let text = search.describe(None, &self.prefs.keymap);
                search.message = Some(text.clone());
                self.set_status(text, false);
            }
        }
        self.take_steps();
        !finished
    }

    /// Makes the jumps that the matches found so far settle, in the order they were asked for.
    fn take_steps(&mut self) {
        loop {
            let Some(search) = &mut self.search.search else {
                return;
            };
            let Some(&step) = search.waiting.front() else {
                return;
            };
            match search.resolve(step) {
                Outcome::Wait => return,
                Outcome::Capped => {
                    search.waiting.clear();
                    let text = format!(
                        "the search stopped at {MAX_MATCHES} matches: narrow the pattern to go past them"
                    );
                    self.drop_held(text, true);
                    return;
                }
                Outcome::NoMatch => {
                    let text = format!("no match for “{}”", search.pattern.text);
                    self.search.search = None;
                    self.drop_held(text, false);
                    return;
                }
                Outcome::Found { index, wrapped } => {
                    search.waiting.pop_front();
                    search.current = Some(index);
                    let text = search.describe(wrapped.then_some(step.forward), &self.prefs.keymap);
                    search.message = Some(text.clone());
                    let at = search.matches[index].start;
                    self.set_status(text, false);
                    self.show_offset(at);
                }
            }
        }
    }

    /// Puts the cursor on the sentence holding byte `at` and scrolls so that the row holding
    /// it is in view, even inside a sentence taller than the pane.
    pub(crate) fn show_offset(&mut self, at: usize) {
        let Some(open) = &self.open else { return };
        let Some(sentence) = open.doc.sentence_at(at) else {
            return;
        };
        self.move_cursor(sentence);
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let layout = open.layout(width);
        let row = layout.row_of(at);
        if row < self.reader.top {
            self.reader.top = row;
        } else if layout.distance(self.reader.top, row, height) >= height {
            self.reader.top = layout.advance(row, -(height as isize / 2));
        }
    }
}
