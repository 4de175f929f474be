//! The claim thread view (`T` on an annotation): every annotation linked to it, transitively,
//! across the corpus, in date order, each with its document, date, speaker, authority, quote
//! and the link that brought it in (see [`crate::core::queries::thread`]); `Enter` shows one in
//! its document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::queries::thread::{self, Row};
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::grep::{ListKey, list_hints, list_key};
use crate::tui::keymap::{Resolved, Scope};
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
        list_hints()
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        match list_key(key, &mut self.selected, self.rows.len()) {
            ListKey::Open(i) => {
                let row = &self.rows[i];
                app.open_tagged(row.place.document, &row.id.clone());
                Outcome::Close
            }
            ListKey::Close => Outcome::Close,
            ListKey::Stay => Outcome::Stay,
        }
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
        let shows = |a: &crate::core::annotation::Annotation| self.shows(a);
        let rows = thread::shown_thread(&sources, &index, &self.corpus.tags, &id, &shows);
        // The row it opened on; for a source span, the claim it is the source of.
        let selected = rows
            .iter()
            .position(|r| r.id == id)
            .or_else(|| rows.iter().position(|r| r.via.is_none()))
            .unwrap_or(0);
        self.mode = Mode::Thread(ThreadView { rows, selected });
    }
}
