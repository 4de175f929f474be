//! The claim thread view (`T` on an annotation): every annotation linked to it, transitively,
//! across the corpus, in date order, each with its document, date, speaker, authority, quote
//! and the link that brought it in (see [`crate::core::queries::thread`]); `Enter` shows one in
//! its document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::queries::thread::{self, Row};
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::grep::move_row;
use crate::tui::keymap::Resolved;
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Focus, Mode, Panes};

#[derive(Debug)]
pub struct ThreadView {
    /// The thread as it was when the view opened.
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl Component for ThreadView {
    fn scope(&self) -> Scope {
        Scope::Thread
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "walk"),
            Hint::keys(&[A::Choose], "open"),
            Hint::keys(&[A::Close], "close"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        let last = self.rows.len().saturating_sub(1);
        if let Some(to) = move_row(action, self.selected, last) {
            self.selected = to;
            return Outcome::Stay;
        }
        match action {
            Action::Choose => {
                if let Some(row) = self.rows.get(self.selected) {
                    app.open_tagged(row.place.document, &row.id);
                    return Outcome::Close;
                }
            }
            Action::Close => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::thread_view::render(app, self, panes.above_status(screen), buf);
    }
}

impl App {
    /// Opens the thread of the annotation here: the one selected in the sidebar when it has the
    /// focus, else the current one in the reading pane.
    pub(crate) fn open_thread(&mut self) {
        let here = if self.focus == Focus::Sidebar {
            Some(self.sidebar.selected).filter(|&i| i < self.open_annotations().len())
        } else {
            self.annotation_here()
        };
        let Some(i) = here else {
            return self.set_status(
                "no annotation here: its thread is what it is linked to",
                false,
            );
        };
        let id = self.open_annotations()[i].id.clone();
        // The thread goes over every document's annotations.
        self.finish_scan();
        let (sources, index) = thread::of_corpus(&self.corpus);
        let rows = thread::thread(&sources, &index, &self.corpus.tags, &id);
        // The row it opened on; for a source span, the claim it is the source of.
        let selected = rows
            .iter()
            .position(|r| r.id == id)
            .or_else(|| rows.iter().position(|r| r.via.is_none()))
            .unwrap_or(0);
        self.mode = Mode::Thread(ThreadView { rows, selected });
    }
}
