//! Drawing: pure functions of the state, into a buffer.

pub(crate) mod documents;
mod export;
mod grep;
pub mod help;
mod input;
mod note;
mod note_pane;
mod palette;
mod prompt;
pub(crate) mod reader;
pub(crate) mod sidebar;
mod status;
mod tag_editor;
mod tag_view;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::state::{App, MIN_HEIGHT, MIN_WIDTH, Mode, Panes};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(panes) = Panes::of(area, self.layout) else {
            too_small(area, buf);
            return;
        };
        documents::render(self, panes.list, buf);
        reader::render(self, panes.reader, buf);
        if let Some(sidebar) = panes.sidebar {
            sidebar::render(self, sidebar, buf);
        }
        if let Some(note) = panes.note {
            note_pane::render(self, note, buf);
        }
        status::render(self, panes.status, buf);
        let above_status = Rect {
            height: panes.status.y - area.y,
            ..area
        };
        match &self.mode {
            Mode::Help { scroll } => help::render(self, *scroll, area, buf),
            Mode::Note(edit) => note::render(self, edit, panes.reader, buf),
            Mode::Export(dialog) => export::render(self, dialog, area, buf),
            Mode::Prompt(prompt) => prompt::render(self, prompt, panes.status, buf),
            Mode::Grep => {
                if let Some(g) = &self.grep {
                    grep::render(self, g, above_status, buf);
                }
            }
            Mode::TagPicker(picker) => tag_view::render_picker(self, picker, area, buf),
            Mode::TagView => {
                if let Some(view) = &self.tag_view {
                    tag_view::render(self, view, above_status, buf);
                }
            }
            Mode::Tags(editor) => tag_editor::render(self, editor, area, buf),
            Mode::Normal | Mode::ListFilter(_) => {}
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = Text::from(vec![
        Line::from("The terminal is too small for gloss."),
        Line::from(format!(
            "It is {}×{}; gloss needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::from("Enlarge the window, or press q to quit."),
    ]);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
