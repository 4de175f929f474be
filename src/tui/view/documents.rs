//! The document list: title, date and annotation count of every document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::fit::fit;
use crate::tui::state::{App, Focus};

/// Rows each document takes in the list.
const ITEM_ROWS: usize = 2;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::List;
    let entries = &app.corpus.entries;
    let block = app
        .theme
        .block(focused)
        .title(format!(" Documents ({}) ", entries.len()));
    let inner = block.inner(area);
    block.render(area, buf);
    let capacity = (inner.height as usize / ITEM_ROWS).max(1);
    let first = (app.list_selected + 1).saturating_sub(capacity);
    let open = app.open.as_ref().map(|o| o.entry);
    let mut lines = Vec::new();
    for (i, e) in entries.iter().enumerate().skip(first).take(capacity) {
        let problem = e.unreadable.is_some() || e.annotations_error.is_some();
        let mark = if problem {
            Span::styled("! ", app.theme.error())
        } else if open == Some(i) {
            Span::raw("▸ ")
        } else {
            Span::raw("  ")
        };
        let style = if i == app.list_selected {
            app.theme.selected_item(focused)
        } else {
            Style::new()
        };
        let cols = (inner.width as usize).saturating_sub(2);
        lines.push(Line::from(vec![mark, Span::raw(fit(&e.meta.title, cols))]).style(style));
        let mut details = Vec::new();
        if let Some(date) = &e.meta.date {
            details.push(date.clone());
        }
        if e.unreadable.is_some() {
            details.push("unreadable".into());
        } else if e.annotations_error.is_some() {
            details.push("annotations broken".into());
        } else {
            let n = e.annotations.len();
            // Short, so that a date and the count fit a narrow list.
            details.push(format!("{n} tagged"));
            let unplaced = e.annotations.iter().filter(|a| a.is_orphan()).count();
            if unplaced > 0 {
                details.push(format!("{unplaced} unplaced"));
            }
        }
        lines.push(Line::styled(
            format!("  {}", fit(&details.join(" · "), cols)),
            app.theme.dim(),
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}
