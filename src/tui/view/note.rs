//! The note input, over the bottom of the reading pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::tui::fit::fit;
use crate::tui::state::{App, NoteEdit};

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
    let width = inner.width as usize;
    let value = &edit.input.value;
    let (before, after) = value.split_at(edit.input.cursor);
    // Keep the cursor in view: show the end of what comes before it.
    let mut shown_before = before;
    while shown_before.width() + 1 > width && !shown_before.is_empty() {
        let mut chars = shown_before.chars();
        chars.next();
        shown_before = chars.as_str();
    }
    let mut after_chars = after.chars();
    let under = after_chars.next().map_or(" ".to_owned(), |c| c.to_string());
    let lines = vec![
        Line::styled(quote, app.theme.dim()),
        Line::from(vec![
            Span::raw(shown_before.to_owned()),
            Span::styled(
                under,
                ratatui::style::Style::new().add_modifier(Modifier::REVERSED),
            ),
            Span::raw(after_chars.as_str().to_owned()),
        ]),
    ];
    Paragraph::new(lines).render(inner, buf);
}
