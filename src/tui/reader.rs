//! The reading pane as a pane: what it holds between two events, its keys (a count before a
//! motion, the search's keys over its own while a search is active) and its hints;
//! `view::reader` draws it. The cursor, the pick and the scroll start again with each document
//! opened (`update::loading`); the actions that move them are in `update` (navigation,
//! selection, editing).

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::documents::selection::{End, Toward};
use crate::tui::action::Action as A;
use crate::tui::attribution::{Marking, Part};
use crate::tui::component::{Hint, Pane};
use crate::tui::keymap::Scope;
use crate::tui::keys::{Key, KeyCode};
use crate::tui::prompt::PromptKind;
use crate::tui::state::{App, Mode, Pick, Selection};
use crate::tui::viewport::RowPos;

/// The largest count a motion takes; more digits are not taken in.
const MAX_COUNT: usize = 9999;

/// What the reading pane holds between two events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reader {
    /// The cursor sentence (bytes) in the open document; `None` for a document with no text.
    pub cursor: Option<Range<usize>>,
    pub pick: Pick,
    /// The first row shown.
    pub top: RowPos,
    /// A count typed before a motion (`3l`), until the key it applies to.
    pub count: Option<usize>,
    /// Where a drag of the mouse in the text started (a byte offset), while the button is down.
    pub drag_from: Option<usize>,
    /// The claim whose source or cue span is being selected, until `Enter` or `Esc`.
    pub marking: Option<Marking>,
}

impl Reader {
    pub fn cursor_span(&self) -> Option<Range<usize>> {
        self.cursor.clone()
    }

    pub fn selection(&self) -> Option<&Selection> {
        match &self.pick {
            Pick::Select(sel) => Some(sel),
            _ => None,
        }
    }

    /// What a tag key or `n` acts on: the selection or the current annotation, else the cursor
    /// sentence.
    pub fn target_span(&self) -> Option<Range<usize>> {
        match &self.pick {
            Pick::Select(sel) => Some(sel.span()),
            Pick::Annotation { span, .. } => Some(span.clone()),
            Pick::Sentence => self.cursor_span(),
        }
    }
}

/// What `key` does in the reading pane (but for a count): marking's keys, then the search's,
/// then the pane's.
pub(crate) fn action_of(app: &App, key: Key) -> Option<A> {
    let marking = app.reader.marking.is_some();
    let searching = app.active_search().is_some();
    marking
        .then(|| app.prefs.keymap.lookup_in(key, Scope::Mark))
        .flatten()
        .or_else(|| {
            searching
                .then(|| app.prefs.keymap.lookup_in(key, Scope::Search))
                .flatten()
        })
        .or_else(|| {
            app.prefs
                .keymap
                .lookup(key, Scope::Reader, &app.corpus.tags)
        })
}

impl Pane for Reader {
    /// The search's keys while a search is active, which fall back on the pane's own.
    fn scope(app: &App) -> Scope {
        if app.reader.marking.is_some() {
            Scope::Mark
        } else if app.active_search().is_some() {
            Scope::Search
        } else {
            Scope::Reader
        }
    }

    fn commands(app: &App) -> Vec<Hint> {
        let picked = app.open.is_some() && app.reader.pick != Pick::Sentence;
        if app.reader.marking.is_some() {
            return vec![
                Hint::keys(&[A::ToggleSelection], "select"),
                Hint::keys(&[A::SelectEndWordForward, A::SelectEndWordBack], "grow/cut"),
                Hint::keys(&[A::FinishMarking], "mark it"),
                Hint::keys(&[A::StopMarking], "stop"),
            ];
        }
        if app.linking.is_some() && app.active_search().is_none() {
            let selected = app.open.is_some() && app.reader.selection().is_some();
            return vec![
                Hint::keys(&[A::Link], "link to the annotation here"),
                Hint::keys(
                    &[A::ClearSelection],
                    if selected {
                        "drop the selection"
                    } else {
                        "cancel the link"
                    },
                ),
            ];
        }
        if app.active_search().is_some() {
            return vec![
                Hint::keys(&[A::NextMatch], "next"),
                Hint::keys(&[A::PreviousMatch], "previous match"),
                Hint::keys(&[A::SelectMatch], "select it"),
                Hint::keys(
                    &[A::EndSearch],
                    if picked {
                        "drops it"
                    } else {
                        "ends the search"
                    },
                ),
            ];
        }
        if app.open.is_some() && app.reader.selection().is_some() {
            return vec![
                Hint::keys(&[A::SwapEnds], "swap ends"),
                Hint::keys(&[A::ClauseForward], "to the next clause mark"),
                Hint::text("tag keys tag it"),
                Hint::keys(&[A::ClearSelection], "drop"),
            ];
        }
        if picked {
            return vec![
                Hint::text("tag keys add or remove"),
                Hint::keys(&[A::EditNote], "note"),
                Hint::keys(&[A::EditFields], "fields"),
                Hint::keys(&[A::DeleteAnnotation], "delete"),
                Hint::keys(
                    &[A::ClearSelection],
                    if app.kept.cell_list.is_some() {
                        "back to the cell"
                    } else {
                        "leave"
                    },
                ),
            ];
        }
        if app.suggestion_here().is_some() {
            return vec![
                Hint::text("suggestion: tag keys accept it"),
                Hint::keys(&[A::DismissSuggestion], "dismiss"),
                Hint::keys(&[A::NextSuggestion, A::PreviousSuggestion], "next/previous"),
                Hint::keys(&[A::ToggleSuggestions], "hide suggestions"),
            ];
        }
        let back = app.kept.cell_list.is_some();
        let back = back.then(|| Hint::keys(&[A::ClearSelection], "back to the cell"));
        back.into_iter()
            .chain([
                Hint::keys(&[A::ToggleSelection], "select"),
                Hint::text("tag keys"),
                Hint::keys(&[A::EditNote], "note"),
                Hint::keys(&[A::SearchForward], "search"),
                Hint::keys(&[A::Help], "help"),
                Hint::keys(&[A::Quit], "quit"),
            ])
            .collect()
    }

    /// A digit may start or go on with a count, which the next motion takes.
    fn handle(app: &mut App, key: Key) {
        if app.count_key(key) {
            return;
        }
        let count = app.reader.count.take();
        if let Some(action) = action_of(app, key) {
            app.apply_times(action, count.unwrap_or(1));
            app.moved_only = crate::tui::update::moves_by_sentence_or_page(action);
        }
    }

    fn act(app: &mut App, action: A) -> bool {
        match action {
            A::NextSentence => app.step_sentence(1),
            A::PreviousSentence => app.step_sentence(-1),
            A::HalfPageDown => app.scroll_pages(1, 2),
            A::HalfPageUp => app.scroll_pages(-1, 2),
            A::PageDown => app.scroll_pages(1, 1),
            A::PageUp => app.scroll_pages(-1, 1),
            A::Top => app.cursor_to_end(false),
            A::Bottom => app.cursor_to_end(true),
            A::ToggleSelection => app.toggle_selection(),
            // A selection goes first, then a pending link (the status bar says it is pending),
            // then the way back to the cross table's cell list the annotation was opened from,
            // then the current annotation.
            A::ClearSelection => {
                if app.reader.selection().is_some() {
                    app.drop_pick();
                } else if !app.cancel_link() {
                    match app.kept.cell_list.take() {
                        Some(list) => app.mode = Mode::CellList(list),
                        None => app.drop_pick(),
                    }
                }
            }
            A::SelectEndWordForward => app.step_word(End::Moving, Toward::End),
            A::SelectEndWordBack => app.step_word(End::Moving, Toward::Start),
            A::SelectStartWordBack => app.step_word(End::Fixed, Toward::Start),
            A::SelectStartWordForward => app.step_word(End::Fixed, Toward::End),
            A::ClauseForward => app.step_clause(Toward::End),
            A::ClauseBack => app.step_clause(Toward::Start),
            A::SwapEnds => app.swap_ends(),
            A::SelectMatch => app.select_match(),
            A::NextAnnotation => app.jump_annotation(true),
            A::PreviousAnnotation => app.jump_annotation(false),
            A::ToggleSuggestions => app.toggle_suggestions(),
            A::NextSuggestion => app.step_suggestion(true),
            A::PreviousSuggestion => app.step_suggestion(false),
            A::DismissSuggestion => app.dismiss_suggestion(),
            A::SearchForward => app.open_prompt(PromptKind::Search { forward: true }, ""),
            A::SearchBackward => app.open_prompt(PromptKind::Search { forward: false }, ""),
            A::NextMatch => app.step_match(true),
            A::PreviousMatch => app.step_match(false),
            A::EndSearch => {
                // One thing at a time: a selection or a current annotation goes first.
                if app.open.is_some() && app.reader.pick != Pick::Sentence {
                    app.drop_pick();
                } else {
                    app.end_search();
                }
            }
            // Also the sidebar's keys, on the annotation it selects.
            A::EditNote => app.start_note(),
            A::EditFields => app.start_fields(),
            A::DeleteAnnotation => app.delete_annotation(),
            A::Link => app.link_here(),
            A::CancelLink => {
                app.cancel_link();
            }
            A::Tag(i) => app.toggle_tag(i),
            A::MarkSource => app.start_marking(Part::Source),
            A::MarkCue => app.start_marking(Part::Cue),
            A::FinishMarking => app.finish_marking(),
            A::StopMarking => app.cancel_marking(),
            _ => return false,
        }
        true
    }

    fn draw(app: &App, area: Rect, buf: &mut Buffer) {
        crate::tui::view::reader::render(app, area, buf);
    }
}

impl App {
    /// Takes a digit into the count of the next motion, as vim does (`5l`, `40j`): a digit
    /// that is neither a tag's key nor bound by the key map starts a count, and once one is
    /// started every digit goes on with it. `true` when the key was taken.
    fn count_key(&mut self, key: Key) -> bool {
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        let Some(digit) = c.to_digit(10).filter(|_| !key.ctrl && !key.alt) else {
            return false;
        };
        let digit = digit as usize;
        let tag = self.corpus.tags.tags.iter().any(|t| t.key == c);
        self.reader.count = match self.reader.count {
            Some(n) => Some((n * 10 + digit).min(MAX_COUNT)),
            None if digit > 0 && !tag && !self.prefs.keymap.reader_uses(c) => Some(digit),
            None => return false,
        };
        true
    }

    /// Applies `action` `times` times when it is a step that a count repeats, else once.
    pub fn apply_times(&mut self, action: A, times: usize) {
        match action {
            A::NextSentence => self.step_sentence(times as isize),
            A::PreviousSentence => self.step_sentence(-(times as isize)),
            A::SelectEndWordForward
            | A::SelectEndWordBack
            | A::SelectStartWordBack
            | A::SelectStartWordForward
            | A::ClauseForward
            | A::ClauseBack
            | A::NextAnnotation
            | A::PreviousAnnotation
            | A::NextMatch
            | A::PreviousMatch => {
                for _ in 0..times {
                    self.apply(action);
                }
            }
            _ => self.apply(action),
        }
    }
}
