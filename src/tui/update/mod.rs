//! Applying keys and actions to the reader's state: a key goes to the component that has the
//! keyboard, else it is the focused pane's action (with a count); the actions of the whole reader
//! are here, the others, by concern, in `navigation`, `selection`, `editing`, `undo` and
//! `loading`. Nothing here draws or touches the terminal.

use crate::tui::action::Action;
use crate::tui::component::Pane;
use crate::tui::document_list::DocumentList;
use crate::tui::help::HelpScreen;
use crate::tui::keymap::Scope;
use crate::tui::keys::Key;
use crate::tui::prompt::PromptKind;
use crate::tui::reader::Reader;
use crate::tui::sidebar::Sidebar;
use crate::tui::state::{App, Focus, Mode, Pick};

mod editing;
mod loading;
mod navigation;
mod selection;
mod undo;

pub(crate) use editing::UNPLACED;
pub(crate) use loading::hidden_of;

/// Whether the quit key was refused once because something is not saved, so that a second one
/// quits anyway; any other action clears it. Held by the [`App`], looked into only here.
#[derive(Default)]
pub struct Quitting(bool);

impl App {
    pub fn handle_key(&mut self, key: Key) {
        self.moved_only = false;
        // Typed while the open document is read whole, the key waits for it, unless the part
        // already read serves it (see `opening`); typed while it is read again after it changed
        // on disk, it waits too (see `document_reload`).
        if self.hold_while_opening(key) || self.hold_while_reloading(key) {
            return;
        }
        self.take_key(key);
        // The key may have deleted, or undone, the annotation a pending link starts from.
        self.forget_link_from_gone();
        self.follow_in_sidebar();
    }

    fn take_key(&mut self, key: Key) {
        // Typed while a search's jump waits for its match, the key is for the match: it is
        // applied after the jump (see `search`).
        if self.hold_key(key) {
            return;
        }
        // A terminal too small for the panes shows only a message: nothing behind it, in any
        // mode, may change unseen, but the way out that the message names stays open.
        if self.panes().is_none() {
            if self.prefs.keymap.lookup_in(key, Scope::Global) == Some(Action::Quit) {
                self.apply(Action::Quit);
            }
            return;
        }
        if self.component_key(key) {
            return;
        }
        if self.focus != Focus::Reader {
            // A count typed in the reading pane goes with the next key, wherever it goes.
            self.reader.count = None;
        }
        match self.focus {
            Focus::List => DocumentList::handle(self, key),
            Focus::Reader => Reader::handle(self, key),
            Focus::Sidebar => Sidebar::handle(self, key),
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.relayout(|app| app.size = ratatui::layout::Rect::new(0, 0, width, height));
        self.follow_in_sidebar();
    }

    /// The terminal's size, as last given to [`App::resize`].
    pub fn size(&self) -> ratatui::layout::Rect {
        self.size
    }

    /// Changes the size or the layout with `change`, keeping the text that was at the top of the
    /// reading pane there (rows are counted at a width, which the change may alter), unless that
    /// would leave rows under the document's end empty while text above is hidden.
    pub(crate) fn relayout(&mut self, change: impl FnOnce(&mut App)) {
        let first_shown = self.panes().and_then(|p| {
            let open = self.open.as_ref()?;
            let rows = open.layout(p.text_size().0).visible(self.reader.top, 1);
            rows.first().map(|(row, _)| row.start)
        });
        change(self);
        if let (Some(byte), Some(panes), Some(open)) = (first_shown, self.panes(), &mut self.open) {
            let (width, height) = panes.text_size();
            let layout = open.layout(width);
            // In a taller pane the text above comes down rather than blank rows below the end,
            // as scrolling never leaves them.
            self.reader.top = layout.row_of(byte).min(layout.max_top(height));
        }
        self.follow_cursor();
    }

    pub fn apply(&mut self, action: Action) {
        if action != Action::Quit {
            self.quitting.0 = false;
        }
        if leaves_annotation(action)
            && self.open.is_some()
            && matches!(self.reader.pick, Pick::Annotation { .. })
        {
            self.reader.pick = Pick::Sentence;
        }
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.mode = Mode::Help(HelpScreen::default()),
            Action::Messages => self.mode = Mode::Messages(Default::default()),
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
            Action::ThreadView => self.open_thread(),
            Action::EditTags => self.open_tag_editor(),
            Action::Review => self.open_review(None),
            Action::Crosstab => self.open_crosstab(None),
            Action::ToggleBlind => self.toggle_blind(),
            Action::ToggleList | Action::ToggleSidebar => self.toggle_pane(action),
            Action::ToggleNotePane => {
                self.prefs.layout.note_pane = !self.prefs.layout.note_pane;
                // Without a sidebar the pane takes rows of the reading pane.
                self.follow_cursor();
            }
            // A pane's own actions; those of the dialogs and inputs are bound in no pane's
            // scope, their components take them.
            _ => {
                let _ = Sidebar::act(self, action)
                    || DocumentList::act(self, action)
                    || Reader::act(self, action);
            }
        }
    }

    fn quit(&mut self) {
        if let Err(why) = self.remember_position() {
            self.set_status(why.to_string(), true);
        }
        self.save_marks();
        self.collect_outcomes(self.writer.flush());
        if self.unsaved.is_empty() || self.quitting.0 {
            self.should_quit = true;
            return;
        }
        self.quitting.0 = true;
        let (path, why) = &self.unsaved[0];
        self.set_status(
            format!(
                "{}; fix that and it is retried, or press {} again to quit and lose it",
                crate::tui::saving::not_saved(path, why),
                self.prefs.keymap.with_keys("{quit}")
            ),
            true,
        );
    }

    /// Moves the focus `step` panes on (1 next, -1 previous), past hidden panes.
    fn cycle_focus(&mut self, step: isize) {
        // The pane before the reading pane is the document list: hidden (a narrow terminal, or
        // F3), it is shown rather than passed over, so that the coder sees which document the
        // keys then open instead of landing in the sidebar unawares.
        if step < 0 && self.focus == Focus::Reader && !self.prefs.layout.list {
            self.toggle_pane(Action::ToggleList);
            self.focus = Focus::List;
            let hide = self
                .prefs
                .keymap
                .key_for(Action::ToggleList, Scope::Global)
                .map_or_else(|| Action::ToggleList.name(), |k| k.to_string());
            return self.set_status(
                format!("the document list is shown again: {hide} hides it"),
                false,
            );
        }
        let order: Vec<Focus> = [
            (Focus::List, self.prefs.layout.list),
            (Focus::Reader, true),
            (Focus::Sidebar, self.prefs.layout.sidebar),
        ]
        .into_iter()
        .filter_map(|(focus, shown)| shown.then_some(focus))
        .collect();
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        // The sidebar's selection starts where its list was kept in view while reading.
        let in_view = crate::tui::sidebar::in_view(self, self.annotation_here());
        self.focus = order[(at as isize + step).rem_euclid(order.len() as isize) as usize];
        if self.focus == Focus::Sidebar {
            self.sidebar.selected = in_view;
        }
    }

    /// Hides or shows the open document's annotations again after blind coding or the coders
    /// chosen changed.
    pub(crate) fn refresh_hidden(&mut self) {
        if let Some(open) = &mut self.open {
            let anns = &self.corpus.entries[open.entry].annotations;
            open.list(
                anns,
                self.coding.blind.then_some(&self.coding.coder),
                &self.coding.coders,
            );
            // Another coder's annotation may have been the current one.
            if let Pick::Annotation { id, .. } = &self.reader.pick
                && anns
                    .iter()
                    .position(|a| a.id == *id)
                    .is_some_and(|i| !open.shows(i))
            {
                self.reader.pick = Pick::Sentence;
            }
        }
        self.sidebar.selected = self.first_in_sidebar();
    }

    /// Turns blind coding on or off: everyone else's annotations leave the screen or come back.
    fn toggle_blind(&mut self) {
        self.coding.blind = !self.coding.blind;
        self.refresh_hidden();
        self.set_status(
            if self.coding.blind {
                format!(
                    "blind coding: only {}'s annotations are shown",
                    self.coding.coder
                )
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
    moves_by_sentence_or_page(action)
        || matches!(
            action,
            Action::SearchForward
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

/// Whether `action` moves the cursor by sentence or page, or to either end: what changes only
/// the cursor and the view.
pub(crate) fn moves_by_sentence_or_page(action: Action) -> bool {
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
    )
}
