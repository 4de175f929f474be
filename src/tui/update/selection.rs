//! The selection in the reading pane: started, grown and cut by words and clauses, turned round,
//! dropped.

use crate::core::documents::document::Document;
use crate::core::documents::selection::{End, Toward};
use crate::tui::state::{App, Pick, Selection};

impl App {
    pub(crate) fn toggle_selection(&mut self) {
        if self.open.is_none() {
            return;
        }
        if matches!(self.reader.pick, Pick::Select(_)) {
            self.reader.pick = Pick::Sentence;
        } else if let Some(span) = self.reader.cursor_span() {
            self.reader.pick = Pick::Select(Selection::of(span));
        }
    }

    /// `Esc`: back to the cursor sentence, from a selection or a current annotation.
    pub(crate) fn drop_pick(&mut self) {
        if self.open.is_some() {
            self.reader.pick = Pick::Sentence;
        }
    }

    /// Changes the selection with `step`, starting one at the cursor sentence if there is none,
    /// then puts the cursor on the sentence of its moving end.
    pub(crate) fn change_selection(&mut self, step: impl FnOnce(&mut Selection, &Document)) {
        let Some(open) = &mut self.open else { return };
        if self.reader.selection().is_none() {
            let Some(span) = self.reader.cursor_span() else {
                return;
            };
            self.reader.pick = Pick::Select(Selection::of(span));
        }
        let Pick::Select(sel) = &mut self.reader.pick else {
            return;
        };
        step(sel, &open.doc);
        if let Some(s) = sel.moving_sentence(&open.doc) {
            self.reader.cursor = Some(s);
        }
        self.follow_cursor();
    }

    pub(crate) fn step_word(&mut self, end: End, toward: Toward) {
        self.change_selection(|sel, doc| {
            sel.step_word(&doc.text, end, toward);
        });
    }

    pub(crate) fn step_clause(&mut self, toward: Toward) {
        self.change_selection(|sel, doc| {
            sel.step_clause(doc, toward);
        });
    }

    pub(crate) fn swap_ends(&mut self) {
        if self.open.is_none() || self.reader.selection().is_none() {
            let text = self
                .prefs
                .keymap
                .with_keys("no selection to turn round: {toggle_selection} starts one");
            self.set_status(text, false);
            return;
        }
        self.change_selection(|sel, _| sel.swap());
    }

    /// Selects the match the search went to last, to grow or cut from there.
    pub(crate) fn select_match(&mut self) {
        let Some(found) = self
            .active_search()
            .and_then(|s| s.current_match().cloned())
        else {
            self.set_status("no match to select yet", false);
            return;
        };
        if self.open.is_some() {
            self.reader.pick = Pick::Select(Selection::of(found));
        }
        self.change_selection(|_, _| {});
    }
}
