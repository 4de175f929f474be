//! Suggestions in the reading pane (`S` shows or hides them): sentences of the open document
//! that look like attributed claims (`core::suggestions`), unless an annotation is on them or
//! they were dismissed. Each is found when it is first drawn or passed by a jump, and kept for
//! the open document, so that a key costs what the screen shows. `}` goes to the next one (`{`
//! to the previous one), a tag key on one accepts it (its speaker filled in when the scheme has
//! a `speaker` field), `X` dismisses it for good (`<document>.dismissed` beside the
//! annotations) unless `u` undoes it, in the same history as the changes to annotations.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::core::history::{Change, Dismissal};
use crate::core::suggestions::{self, Cues, DismissedFileError, Suggestion};
use crate::tui::state::{App, OpenDoc};

/// The field an accepted suggestion's speaker goes in, when the scheme has one of that name.
pub const SPEAKER_FIELD: &str = "speaker";

#[derive(Debug, Default)]
pub struct Suggestions {
    /// Whether they are shown, and the keys act on them.
    pub on: bool,
    /// The corpus's cues; `None` until they are first needed, then the default ones if its
    /// `cues.toml` is wrong (said in the status bar).
    cues: Option<Cues>,
    /// What was found in the open document, kept while it stays open. Filled while drawing.
    found: RefCell<Found>,
}

#[derive(Debug, Default)]
struct Found {
    entry: Option<usize>,
    /// By sentence start (bytes): the sentence's suggestion, if it is one.
    by_start: HashMap<usize, Option<Suggestion>>,
    /// The entry's dismissed sentences ([`suggestions::dismissal_key`]).
    dismissed: BTreeSet<String>,
}

impl Suggestions {
    /// Forgets what was found in the open document, whose text changed (read again).
    pub(crate) fn forget_found(&self) {
        *self.found.borrow_mut() = Found::default();
    }

    /// The suggestion `sentence` (bytes, a sentence of `open`) is, if it is one shown: no
    /// annotation of the document on it, not dismissed.
    fn at(&self, app: &App, open: &OpenDoc, sentence: &Range<usize>) -> Option<Suggestion> {
        let cues = self.cues.as_ref()?;
        let mut found = self.found.borrow_mut();
        if found.entry != Some(open.entry) {
            let rel = &app.corpus.entries[open.entry].rel_path;
            let path = suggestions::dismissed_path(&app.corpus.annotations_dir, rel);
            *found = Found {
                entry: Some(open.entry),
                by_start: HashMap::new(),
                // Unreadable, it holds nothing yet to hide: the next dismissal says why.
                dismissed: suggestions::read_dismissed(&path).unwrap_or_default(),
            };
        }
        let text = &open.doc.text[sentence.clone()];
        let suggestion = found
            .by_start
            .entry(sentence.start)
            .or_insert_with(|| suggestions::suggest(text, cues))
            .clone()?;
        let coded = open.spans.touching(sentence).any(|i| {
            let s = &open.spans[i];
            s.start < sentence.end && sentence.start < s.end
        });
        (!coded && !found.dismissed.contains(&suggestions::dismissal_key(text)))
            .then_some(suggestion)
    }
}

impl App {
    /// The suggestions among the sentences of `span` (bytes) of the open document, when shown.
    pub fn suggested_in(&self, span: Range<usize>) -> Vec<(Range<usize>, Suggestion)> {
        let Some(open) = self.open.as_ref().filter(|_| self.suggestions.on) else {
            return Vec::new();
        };
        open.doc
            .sentences_in(span)
            .into_iter()
            .filter_map(|s| Some((s.clone(), self.suggestions.at(self, open, &s)?)))
            .collect()
    }

    /// The suggestion on the cursor sentence, when shown.
    pub fn suggestion_here(&self) -> Option<Suggestion> {
        let open = self.open.as_ref().filter(|_| self.suggestions.on)?;
        let cursor = self.reader.cursor_span()?;
        self.suggestions.at(self, open, &cursor)
    }

    /// `S`: shows the suggestions, or hides them.
    pub(crate) fn toggle_suggestions(&mut self) {
        let s = &mut self.suggestions;
        s.on = !s.on;
        if !s.on {
            return self.set_status("suggestions hidden", false);
        }
        if s.cues.is_none() {
            match Cues::load(&self.corpus.root) {
                Ok(cues) => s.cues = Some(cues),
                Err(why) => {
                    s.cues = Some(Cues::default());
                    return self.set_status(format!("{why}; the default cues are used"), true);
                }
            }
        }
        self.say_suggestion("suggestions shown");
    }

    /// `}` (`forward`) or `{`: the cursor to the next suggestion after it, or the one before.
    pub(crate) fn step_suggestion(&mut self, forward: bool) {
        if !self.suggestions.on {
            let key = self.key_name(crate::tui::action::Action::ToggleSuggestions);
            return self.set_status(format!("suggestions are hidden: {key} shows them"), false);
        }
        let Some(open) = &self.open else { return };
        let mut at = self.reader.cursor_span();
        let found = loop {
            let step = |s: &Range<usize>| {
                if forward {
                    open.doc.next_sentence(s)
                } else {
                    open.doc.previous_sentence(s)
                }
            };
            let Some(next) = at.as_ref().and_then(step) else {
                break None;
            };
            if self.suggestions.at(self, open, &next).is_some() {
                break Some(next);
            }
            at = Some(next);
        };
        match found {
            Some(next) => {
                self.move_cursor(next);
                self.say_suggestion("");
            }
            None => {
                let way = if forward { "after" } else { "before" };
                self.set_status(format!("no suggestion {way} this sentence"), false)
            }
        }
    }

    /// `X`: dismisses the suggestion on the cursor sentence for good, as a change that `u`
    /// undoes.
    pub(crate) fn dismiss_suggestion(&mut self) {
        let (Some(open), Some(cursor)) = (&self.open, self.reader.cursor_span()) else {
            return;
        };
        if self.suggestion_here().is_none() {
            return self.set_status("no suggestion here to dismiss", false);
        }
        let dismissal = Dismissal {
            entry: open.entry,
            offset: open.doc.index.byte_to_char(&open.doc.text, cursor.start),
            sentence: suggestions::dismissal_key(&open.doc.text[cursor]),
        };
        let path = self.dismissed_path(open.entry);
        match suggestions::dismiss(&path, &dismissal.sentence) {
            Ok(all) => {
                self.suggestions.found.borrow_mut().dismissed = all;
                let quote = crate::tui::fit::fit(&dismissal.sentence, 30);
                self.commit(Change {
                    edits: Vec::new(),
                    scheme: None,
                    dismissal: Some(dismissal),
                    mark: None,
                    what: format!("dismissed the suggestion “{quote}”"),
                });
                let undo = self.key_name(crate::tui::action::Action::Undo);
                self.set_status(
                    format!(
                        "suggestion dismissed ({}); {undo} brings it back",
                        path.display()
                    ),
                    false,
                );
            }
            Err(e) => self.set_status(format!("the suggestion could not be dismissed: {e}"), true),
        }
    }

    /// Where the dismissed suggestions of corpus entry `entry` are kept.
    fn dismissed_path(&self, entry: usize) -> std::path::PathBuf {
        let rel = &self.corpus.entries[entry].rel_path;
        suggestions::dismissed_path(&self.corpus.annotations_dir, rel)
    }

    /// Takes a dismissal back (`back`, undo) or makes it again (redo), in its file and on the
    /// screen, and shows its sentence in its document.
    pub(crate) fn replay_dismissal(
        &mut self,
        dismissal: &Dismissal,
        back: bool,
    ) -> Result<(), DismissedFileError> {
        let path = self.dismissed_path(dismissal.entry);
        let all = if back {
            suggestions::undismiss(&path, &dismissal.sentence)?
        } else {
            suggestions::dismiss(&path, &dismissal.sentence)?
        };
        {
            let mut found = self.suggestions.found.borrow_mut();
            if found.entry == Some(dismissal.entry) {
                found.dismissed = all;
            }
        }
        if self
            .open
            .as_ref()
            .is_none_or(|o| o.entry != dismissal.entry)
        {
            self.list.selected = dismissal.entry;
            self.open_entry(dismissal.entry);
        }
        if let Some(open) = &self.open
            && open.entry == dismissal.entry
            && let Some(s) = open.doc.sentence_at(
                open.doc
                    .index
                    .char_to_byte(&open.doc.text, dismissal.offset),
            )
        {
            self.move_cursor(s);
        }
        Ok(())
    }

    /// The speaker of the suggestion on `span` when it is the cursor sentence and the scheme
    /// has a speaker field: what a tag key accepting the suggestion fills in.
    pub(crate) fn accepted_speaker(&self, span: &Range<usize>) -> Option<String> {
        self.corpus.tags.field(SPEAKER_FIELD)?;
        if self.reader.cursor_span().as_ref() != Some(span) {
            return None;
        }
        self.suggestion_here()?.speaker
    }

    /// Says in the status bar what the suggestion on the cursor sentence is, after `before`.
    fn say_suggestion(&mut self, before: &str) {
        let Some(s) = self.suggestion_here() else {
            if !before.is_empty() {
                self.set_status(before.to_owned(), false);
            }
            return;
        };
        let speaker = s.speaker.map_or_else(
            || "no speaker found".to_owned(),
            |p| format!("speaker “{p}”"),
        );
        let keys = format!(
            "a tag key accepts it, {} dismisses it",
            self.key_name(crate::tui::action::Action::DismissSuggestion)
        );
        let said = format!("suggestion (“{}”): {speaker}; {keys}", s.cue);
        let text = if before.is_empty() {
            said
        } else {
            format!("{before} · {said}")
        };
        self.set_status(text, false);
    }

    /// The first key of `action` in the reading pane, or its name without one.
    fn key_name(&self, action: crate::tui::action::Action) -> String {
        self.prefs
            .keymap
            .key_for(action, crate::tui::keymap::Scope::Reader)
            .map_or_else(|| action.name(), |k| k.to_string())
    }
}
