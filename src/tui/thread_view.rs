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
    /// The id of the annotation it was opened on.
    pub id: String,
    /// The thread as it was when the view opened, or when annotations last changed (a file
    /// reloaded from disk, a merge).
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
        let here = &self.open_annotations()[i];
        let id = here.id.clone();
        // One span may name the speaker of several claims, which are not one thread for that.
        let attributed = (here.links.iter())
            .filter(|l| thread::attributes(&l.kind))
            .count();
        let span = (attributed > 1).then(|| crate::tui::fit::fit(&here.quote, 24));
        // The thread goes over every document's annotations.
        self.finish_scan();
        let rows = self.thread_rows(&id);
        // The row it opened on; for a source span, the claim it is the source of.
        let selected = rows
            .iter()
            .position(|r| r.id == id)
            .or_else(|| rows.iter().position(|r| r.via.is_none()))
            .unwrap_or(0);
        if let Some(span) = span {
            self.set_status(
                format!(
                    "“{span}” names the speaker of {attributed} claims: this is the thread of the \
                     first"
                ),
                false,
            );
        }
        self.mode = Mode::Thread(ThreadView { id, rows, selected });
    }

    /// The thread of the annotation `id` as the coder sees the corpus now: a pass over its
    /// annotations (see [`thread::of_corpus`]).
    fn thread_rows(&self, id: &str) -> Vec<Row> {
        let (sources, index) = thread::of_corpus(&self.corpus);
        let shows = |a: &crate::core::annotation::Annotation| self.shows(a);
        thread::shown_thread(&sources, &index, &self.corpus.tags, id, &shows)
    }

    /// Makes the open thread view show the links as they are now, after annotations changed
    /// under it (a file reloaded from disk, a merge): its rows point into the corpus, and a
    /// link taken away elsewhere must not be shown, nor `Enter` open where an annotation was.
    /// The same row stays selected while it is there. Closed, with a message, when the
    /// annotation it was opened on is gone.
    pub(crate) fn refresh_thread(&mut self) {
        let Mode::Thread(view) = &self.mode else {
            return;
        };
        let (id, selected) = (
            view.id.clone(),
            view.rows.get(view.selected).map(|r| r.id.clone()),
        );
        let rows = self.thread_rows(&id);
        let Mode::Thread(view) = &mut self.mode else {
            return;
        };
        if rows.is_empty() {
            self.mode = Mode::Normal;
            return self.set_status(
                "the annotation of the thread was deleted elsewhere: thread closed",
                true,
            );
        }
        view.selected = (rows.iter())
            .position(|r| Some(&r.id) == selected.as_ref())
            .unwrap_or(view.selected.min(rows.len() - 1));
        view.rows = rows;
    }
}
