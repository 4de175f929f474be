//! Applying keys and actions to the reader's state: a key goes to the component that has the
//! keyboard, else it is the focused pane's action (with a count); the actions of the whole reader
//! are here, the others, by concern, in `navigation`, `selection`, `editing`, `undo` and
//! `loading`. Nothing here draws or touches the terminal.

use crate::core::documents::selection::{End, Toward};
use crate::tui::action::Action;
use crate::tui::help::HelpScreen;
use crate::tui::keymap::Scope;
use crate::tui::keys::{Key, KeyCode};
use crate::tui::prompt::PromptKind;
use crate::tui::state::{App, Focus, Mode, Pick};
use crate::tui::viewport::{self};

mod editing;
mod loading;
mod navigation;
mod selection;
mod undo;

pub(crate) use editing::UNPLACED;

/// The largest count a motion takes; more digits are not taken in.
const MAX_COUNT: usize = 9999;

impl App {
    pub fn handle_key(&mut self, key: Key) {
        // A terminal too small for the panes shows only a message: nothing behind it, in any
        // mode, may change unseen, but the way out that the message names stays open.
        if self.panes().is_none() {
            if self.keymap.lookup_in(key, Scope::Global) == Some(Action::Quit) {
                self.apply(Action::Quit);
            }
            return;
        }
        if self.component_key(key) {
            return;
        }
        let scope = match self.focus {
            Focus::List => Scope::List,
            Focus::Reader => Scope::Reader,
            Focus::Sidebar => Scope::Sidebar,
        };
        if scope == Scope::Reader && self.count_key(key) {
            return;
        }
        let count = self.reader.count.take();
        let searching = scope == Scope::Reader && self.active_search().is_some();
        let action = searching
            .then(|| self.keymap.lookup_in(key, Scope::Search))
            .flatten()
            .or_else(|| self.keymap.lookup(key, scope, &self.corpus.tags));
        if let Some(action) = action {
            self.apply_times(action, count.unwrap_or(1));
        }
    }

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
            None if digit > 0 && !tag && !self.keymap.reader_uses(c) => Some(digit),
            None => return false,
        };
        true
    }

    /// Applies `action` `times` times when it is a step that a count repeats, else once.
    pub fn apply_times(&mut self, action: Action, times: usize) {
        match action {
            Action::NextSentence => self.step_sentence(times as isize),
            Action::PreviousSentence => self.step_sentence(-(times as isize)),
            Action::SelectEndWordForward
            | Action::SelectEndWordBack
            | Action::SelectStartWordBack
            | Action::SelectStartWordForward
            | Action::ClauseForward
            | Action::ClauseBack
            | Action::NextAnnotation
            | Action::PreviousAnnotation
            | Action::NextMatch
            | Action::PreviousMatch => {
                for _ in 0..times {
                    self.apply(action);
                }
            }
            _ => self.apply(action),
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.relayout(|app| app.size = ratatui::layout::Rect::new(0, 0, width, height));
    }

    /// Changes the size or the layout with `change`, keeping the text that was at the top of the
    /// reading pane there: rows are counted at a width, which the change may alter.
    pub(crate) fn relayout(&mut self, change: impl FnOnce(&mut App)) {
        let first_shown = self.panes().and_then(|p| {
            let open = self.open.as_ref()?;
            let rows = viewport::visible(&open.doc, p.text_size().0, open.top, 1);
            rows.first().map(|(row, _)| row.start)
        });
        change(self);
        if let (Some(byte), Some(panes), Some(open)) = (first_shown, self.panes(), &mut self.open) {
            open.top = viewport::row_of(&open.doc, panes.text_size().0, byte);
        }
        self.follow_cursor();
    }

    pub fn apply(&mut self, action: Action) {
        if action != Action::Quit {
            self.quit_warned = false;
        }
        if leaves_annotation(action)
            && let Some(open) = &mut self.open
            && matches!(open.pick, Pick::Annotation { .. })
        {
            open.pick = Pick::Sentence;
        }
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.mode = Mode::Help(HelpScreen::default()),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrevious => self.cycle_focus(-1),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Export => self.open_export_dialog(),
            Action::CommandLine => self.open_prompt(PromptKind::Command, ""),
            Action::Grep => self.open_prompt(PromptKind::Command, "grep "),
            Action::TagView => {
                let last = self.kept.tag_view.as_ref().map(|v| v.query.clone());
                self.open_tag_picker(last.as_ref());
            }
            Action::EditTags => self.open_tag_editor(),
            Action::Review => self.open_review(None),
            Action::ListDown => self.move_list(1),
            Action::ListUp => self.move_list(-1),
            Action::ListTop => self.list_to_end(false),
            Action::ListBottom => self.list_to_end(true),
            Action::OpenDocument => self.open_selected(),
            Action::FilterList => self.start_filter(),
            Action::ClearFilter => self.clear_filter(),
            Action::CycleSort => self.cycle_sort(),
            Action::CycleMark => self.cycle_mark(),
            Action::NextSentence => self.step_sentence(1),
            Action::PreviousSentence => self.step_sentence(-1),
            Action::HalfPageDown => self.scroll_pages(1, 2),
            Action::HalfPageUp => self.scroll_pages(-1, 2),
            Action::PageDown => self.scroll_pages(1, 1),
            Action::PageUp => self.scroll_pages(-1, 1),
            Action::Top => self.cursor_to_end(false),
            Action::Bottom => self.cursor_to_end(true),
            Action::ToggleSelection => self.toggle_selection(),
            Action::ClearSelection => self.drop_pick(),
            Action::SelectEndWordForward => self.step_word(End::Moving, Toward::End),
            Action::SelectEndWordBack => self.step_word(End::Moving, Toward::Start),
            Action::SelectStartWordBack => self.step_word(End::Fixed, Toward::Start),
            Action::SelectStartWordForward => self.step_word(End::Fixed, Toward::End),
            Action::ClauseForward => self.step_clause(Toward::End),
            Action::ClauseBack => self.step_clause(Toward::Start),
            Action::SwapEnds => self.swap_ends(),
            Action::SelectMatch => self.select_match(),
            Action::ToggleBlind => self.toggle_blind(),
            Action::ToggleList | Action::ToggleSidebar => self.toggle_pane(action),
            Action::ToggleNotePane => {
                self.layout.note_pane = !self.layout.note_pane;
                // Without a sidebar the pane takes rows of the reading pane.
                self.follow_cursor();
            }
            Action::NextAnnotation => self.jump_annotation(true),
            Action::PreviousAnnotation => self.jump_annotation(false),
            Action::EditNote => self.start_note(),
            Action::DeleteAnnotation => self.delete_annotation(),
            Action::SearchForward => self.open_prompt(PromptKind::Search { forward: true }, ""),
            Action::SearchBackward => self.open_prompt(PromptKind::Search { forward: false }, ""),
            Action::NextMatch => self.step_match(true),
            Action::PreviousMatch => self.step_match(false),
            Action::EndSearch => {
                // One thing at a time: a selection or a current annotation goes first.
                if self.open.as_ref().is_some_and(|o| o.pick != Pick::Sentence) {
                    self.drop_pick();
                } else {
                    self.end_search();
                }
            }
            Action::SidebarDown => self.move_sidebar(1),
            Action::SidebarUp => self.move_sidebar(-1),
            Action::JumpToAnnotation => self.jump_from_sidebar(),
            Action::AttachAnnotation => self.attach_annotation(),
            Action::ConfirmPlacement => self.confirm_placement(),
            Action::Tag(i) => self.toggle_tag(i),
            // The actions of the dialogs and inputs: their components take them, and the key
            // table binds them in no pane's scope.
            _ => {}
        }
    }

    fn quit(&mut self) {
        if let Err(why) = self.remember_position() {
            self.set_status(why, true);
        }
        self.save_marks();
        self.collect_outcomes(self.writer.flush());
        if self.unsaved.is_empty() || self.quit_warned {
            self.should_quit = true;
            return;
        }
        self.quit_warned = true;
        let (path, why) = &self.unsaved[0];
        self.set_status(
            format!(
                "{} is not saved ({why}); fix that and it is retried, or press q again to quit and lose it",
                path.display()
            ),
            true,
        );
    }

    /// Moves the focus `step` panes on (1 next, -1 previous), past hidden panes.
    fn cycle_focus(&mut self, step: isize) {
        let order: Vec<Focus> = [
            (Focus::List, self.layout.list),
            (Focus::Reader, true),
            (Focus::Sidebar, self.layout.sidebar),
        ]
        .into_iter()
        .filter_map(|(focus, shown)| shown.then_some(focus))
        .collect();
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = order[(at as isize + step).rem_euclid(order.len() as isize) as usize];
        if self.focus == Focus::Sidebar
            && let Some(i) = self.annotation_here()
        {
            self.sidebar.selected = i;
        }
    }

    /// Hides or shows the open document's annotations again after blind coding or the coders
    /// chosen changed.
    pub(crate) fn refresh_hidden(&mut self) {
        if let Some(open) = &mut self.open {
            let anns = &self.corpus.entries[open.entry].annotations;
            open.list(anns, self.blind.then_some(&self.coder), &self.coders);
            // Another coder's annotation may have been the current one.
            if let Pick::Annotation { id, .. } = &open.pick
                && anns
                    .iter()
                    .position(|a| a.id == *id)
                    .is_some_and(|i| !open.shows(i))
            {
                open.pick = Pick::Sentence;
            }
        }
        self.sidebar.selected = self.first_in_sidebar();
    }

    /// Turns blind coding on or off: everyone else's annotations leave the screen or come back.
    fn toggle_blind(&mut self) {
        self.blind = !self.blind;
        self.refresh_hidden();
        self.set_status(
            if self.blind {
                format!("blind coding: only {}'s annotations are shown", self.coder)
            } else {
                "everyone's annotations are shown".to_owned()
            },
            false,
        );
    }
}

/// Whether `action` moves through the text, which leaves the current annotation behind: the
/// next tag key then applies to the cursor sentence. The word and clause steps start a
/// selection at the cursor instead, and a jump makes the annotation it lands on current.
fn leaves_annotation(action: Action) -> bool {
    matches!(
        action,
        Action::NextSentence
            | Action::PreviousSentence
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::SearchForward
            | Action::SearchBackward
            | Action::NextMatch
            | Action::PreviousMatch
            | Action::SelectEndWordForward
            | Action::SelectEndWordBack
            | Action::SelectStartWordBack
            | Action::SelectStartWordForward
            | Action::ClauseForward
            | Action::ClauseBack
            | Action::OpenDocument
    )
}
