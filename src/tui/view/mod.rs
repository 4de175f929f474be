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
        let Some(panes) = self.panes_in(area) else {
            too_small(self, area, buf);
            return;
        };
        if self.prefs.layout.list {
            DocumentList::draw(self, panes.list, buf);
        }
        Reader::draw(self, panes.reader, buf);
        if let Some(sidebar) = panes.sidebar {
            Sidebar::draw(self, sidebar, buf);
        }
        if let Some(note) = panes.note {
            note_pane::render(self, note, buf);
        }
        status::render(self, panes.status, buf);
        if let Some(component) = self.mode.component() {
            component.draw(self, area, &panes, buf);
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
