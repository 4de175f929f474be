//! Lines drawn one per row, for the panes drawn on every key.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// `lines` drawn one per row from the top of `area`, each cut at its width, as an unwrapped,
/// left-aligned `Paragraph` draws them, but without laying each line out again grapheme by
/// grapheme and styling the whole area first: the reading pane, the document list and the
/// sidebar are drawn on every key, and that was a third of a key's frame. Lines beyond the
/// area's height are not drawn.
pub fn draw<'a>(lines: impl IntoIterator<Item = Line<'a>>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        buf.set_line(area.x, y, &line, area.width);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Style};
    use ratatui::text::Span;
    use ratatui::widgets::{Paragraph, Widget};

    use super::*;

    /// What `Paragraph` draws and what `draw` draws, side by side, for lines shorter and longer
    /// than the area, styled by line and by span, with wide characters and more lines than rows.
    #[test]
    fn draws_as_an_unwrapped_paragraph_does() {
        let lines = vec![
            Line::styled("short", Style::new().fg(Color::Red)),
            Line::from(vec![
                Span::raw("a span "),
                Span::styled("styled and cut at the edge", Style::new().bg(Color::Blue)),
            ]),
            Line::raw("宽字符在边上被截断了吗"),
            Line::raw(""),
            Line::raw("beyond the last row"),
        ];
        let area = Rect::new(2, 1, 15, 4);
        let mut by_paragraph = Buffer::empty(Rect::new(0, 0, 20, 6));
        Paragraph::new(lines.clone()).render(area, &mut by_paragraph);
        let mut by_rows = Buffer::empty(Rect::new(0, 0, 20, 6));
        draw(lines, area, &mut by_rows);
        assert_eq!(by_rows, by_paragraph);
    }
}
