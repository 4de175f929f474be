//! Drawing: pure functions of the state, into a buffer.

pub(crate) mod crosstab;
pub(crate) mod documents;
pub(crate) mod export;
pub(crate) mod field_form;
pub(crate) mod grep;
pub mod help;
mod input;
pub(crate) mod link_picker;
pub(crate) mod messages;
pub(crate) mod note;
mod note_pane;
mod palette;
mod pane_frame;
pub(crate) mod prompt;
pub(crate) mod reader;
pub(crate) mod review;
mod rows;
pub(crate) mod sidebar;
mod status;
pub(crate) mod tag_editor;
pub(crate) mod tag_view;
pub mod theme;
pub(crate) mod thread_view;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::component::Pane;
use crate::tui::document_list::DocumentList;
use crate::tui::reader::Reader;
use crate::tui::sidebar::Sidebar;
use crate::tui::state::{App, MIN_HEIGHT, MIN_WIDTH};

pub(crate) use status::rows as status_rows;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Frame {
            app: self,
            keep: Keep::default(),
        }
        .render(area, buf);
    }
}

/// The app's frame, but for the panes it keeps as the screen shows them (see `pane_reuse`).
pub struct Frame<'a> {
    pub app: &'a App,
    pub keep: Keep,
}

/// Panes a frame leaves undrawn, kept from the frame before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep {
    pub list: bool,
    pub sidebar: bool,
    /// The reading pane's text rows drawn (by index from its first), the others kept; all are
    /// drawn when `None`.
    pub reader_rows: Option<std::ops::Range<usize>>,
}

impl Widget for Frame<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(panes) = app.panes_in(area) else {
            too_small(app, area, buf);
            return;
        };
        if app.prefs.layout.list && !self.keep.list {
            DocumentList::draw(app, panes.list, buf);
        }
        match self.keep.reader_rows {
            Some(rows) => reader::render_rows(app, panes.reader, Some(rows), buf),
            None => Reader::draw(app, panes.reader, buf),
        }
        if let Some(sidebar) = panes.sidebar.filter(|_| !self.keep.sidebar) {
            Sidebar::draw(app, sidebar, buf);
        }
        if let Some(note) = panes.note {
            note_pane::render(app, note, buf);
        }
        status::render(app, panes.status, buf);
        if let Some(component) = app.mode.component() {
            component.draw(app, area, &panes, buf);
        }
    }
}

/// Draws a dialog's frame over `popup`, cleared: focused, `title` at the top, the keys' `hint`
/// at the bottom right; returns the room inside.
pub(crate) fn dialog(app: &App, popup: Rect, title: String, hint: &str, buf: &mut Buffer) -> Rect {
    ratatui::widgets::Clear.render(popup, buf);
    let block = app
        .prefs
        .theme
        .block(true)
        .title(title)
        .title_bottom(Line::from(format!(" {hint} ")).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    inner
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let text = Text::from(vec![
        Line::from("The terminal is too small for gloss."),
        Line::from(format!(
            "It is {}×{}; gloss needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::from(
            app.prefs
                .keymap
                .with_keys("Enlarge the window, or press {quit} to quit."),
        ),
    ]);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
