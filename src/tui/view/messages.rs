//! The messages screen: the session's messages, whole, wrapped at spaces, a blank row between
//! two, errors in the error colour, the newest at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::core::plural::count;
use crate::tui::state::App;
use crate::tui::wrap;

/// Every row of the messages at `width` columns, oldest first.
fn rows(app: &App, width: usize) -> Vec<Line<'static>> {
    if app.messages.is_empty() {
        return vec![Line::styled("No message yet.", app.prefs.theme.dim())];
    }
    let mut out = Vec::new();
    for message in &app.messages {
        // A blank row between two messages, so that one is never read as the end of another.
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        let style = if message.error {
            app.prefs.theme.error()
        } else {
            ratatui::style::Style::default()
        };
        // Its own rows: a line break in a message is a break here too.
        let text: String = message
            .text
            .chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect();
        for line in text.split('\n') {
            for row in wrap::rows_at_spaces(line, 0..line.len(), width) {
                out.push(Line::styled(line[row].to_owned(), style));
            }
        }
    }
    out
}

/// The room inside the screen's frame over `area`.
fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}

/// How far the screen over `area` scrolls back from the newest message, and a page, in rows.
pub fn scroll_room(app: &App, area: Rect) -> (usize, usize) {
    let inner = inner(area);
    let height = inner.height as usize;
    let total = rows(app, inner.width as usize).len();
    (
        total.saturating_sub(height),
        height.saturating_sub(1).max(1),
    )
}

/// Draws the screen over `area` (the panes), scrolled `back` rows from the newest message.
pub fn render(app: &App, back: usize, area: Rect, buf: &mut Buffer) {
    let title = " Messages of this session, the newest last ".to_owned();
    let said = count(app.messages.len(), "message");
    let inner = super::dialog(app, area, title, &said, buf);
    let lines = rows(app, inner.width as usize);
    let height = inner.height as usize;
    let back = back.min(lines.len().saturating_sub(height));
    let end = lines.len() - back;
    let start = end.saturating_sub(height);
    Paragraph::new(lines[start..end].to_vec()).render(inner, buf);
}
