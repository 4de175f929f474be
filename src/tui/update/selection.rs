//! The selection in the reading pane: started, grown and cut by words and clauses, turned round,
//! dropped.

use crate::core::documents::document::Document;
use crate::core::documents::selection::{End, Toward};
use crate::tui::state::{App, OpenDoc, Pick, Selection};

impl App {
    pub(crate) fn toggle_selection(&mut self) {
        let Some(open) = &mut self.open else { return };
        if matches!(open.pick, Pick::Select(_)) {
            open.pick = Pick::Sentence;
        } else if let Some(span) = open.cursor_span() {
            open.pick = Pick::Select(Selection::of(span));
        }
    }

    /// `Esc`: back to the cursor sentence, from a selection or a current annotation.
    pub(crate) fn drop_pick(&mut self) {
        if let Some(open) = &mut self.open {
            open.pick = Pick::Sentence;
        }
    }

    /// Changes the selection with `step`, starting one at the cursor sentence if there is none,
    /// then puts the cursor on the sentence of its moving end.
    pub(crate) fn change_selection(&mut self, step: impl FnOnce(&mut Selection, &Document)) {
        let Some(open) = &mut self.open else { return };
        if open.selection().is_none() {
            let Some(span) = open.cursor_span() else {
                return;
            };
            open.pick = Pick::Select(Selection::of(span));
        }
        let Pick::Select(sel) = &mut open.pick else {
            return;
        };
        step(sel, &open.doc);
        if let Some(s) = sel.moving_sentence(&open.doc) {
            open.cursor = Some(s);
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
        if self.open.as_ref().and_then(OpenDoc::selection).is_none() {
            self.set_status("no selection to turn round: v starts one", false);
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
        if let Some(open) = &mut self.open {
            open.pick = Pick::Select(Selection::of(found));
        }
        self.change_selection(|_, _| {});
    }
}
