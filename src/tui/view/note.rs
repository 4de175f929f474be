//! The note input, over the bottom of the reading pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::fit::fit;
use crate::tui::state::{App, NoteEdit};
use crate::tui::view::input;

pub fn render(app: &App, edit: &NoteEdit, reader: Rect, buf: &mut Buffer) {
    let height = 4.min(reader.height);
    let area = Rect::new(
        reader.x,
        reader.y + reader.height - height,
        reader.width,
        height,
    );
    Clear.render(area, buf);
    let quote = app
        .open
        .as_ref()
        .map(|o| {
            fit(
                &o.doc.text[edit.span.clone()],
                reader.width.saturating_sub(2) as usize,
            )
        })
        .unwrap_or_default();
    let block = app.theme.block(true).title(if edit.id.is_some() {
        " Edit note "
    } else {
        " New note "
    });
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = vec![
        Line::styled(quote, app.theme.dim()),
        Line::from(input::spans(&edit.input, inner.width as usize)),
    ];
    Paragraph::new(lines).render(inner, buf);
}
