//! The link type picker: a small box over the panes naming the link's two ends, then each link
//! type of the scheme with its key and description, the types the source already has to this
//! target checked (choosing one again takes it away).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::fit::fit;
use crate::tui::linking::LinkTypePicker;
use crate::tui::state::App;

pub fn render(app: &App, picker: &LinkTypePicker, area: Rect, buf: &mut Buffer) {
    let types = &app.corpus.tags.links;
    let theme = &app.prefs.theme;
    let height = (types.len() as u16 + 6).min(area.height);
    let popup = area.centered(
        Constraint::Length(area.width.min(72)),
        Constraint::Length(height),
    );
    Clear.render(popup, buf);
    let keys = &app.prefs.keymap;
    let block = theme.block(true).title(" Link: which type? ").title_bottom(
        Line::from(keys.with_keys(" type key or {choose} link · {close} back ")).right_aligned(),
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = inner.width as usize;
    let existing = app
        .corpus
        .entries
        .get(picker.from.entry)
        .and_then(|e| e.annotations.iter().find(|a| a.id == picker.from.id))
        .map(|a| a.links.as_slice())
        .unwrap_or_default();
    let mut lines = vec![
        Line::raw(fit(&format!("from “{}”", picker.from.quote), width)),
        Line::raw(fit(&format!("to   {}", picker.to_quote), width)),
        Line::raw(""),
    ];
    lines.extend(types.iter().enumerate().map(|(i, t)| {
        let on = existing.iter().any(|l| l.is(&t.name, &picker.to));
        let key = t.key.map_or_else(|| " ".to_owned(), |k| k.to_string());
        let room = width.saturating_sub(6 + t.name.chars().count() + 2);
        let row = Line::from(vec![
            Span::raw(if on { "[x] " } else { "[ ] " }),
            Span::styled(key, theme.heading()),
            Span::raw(format!(" {}", t.name)),
            Span::styled(format!("  {}", fit(&t.description, room)), theme.dim()),
        ]);
        if i == picker.row {
            row.style(theme.selected_item(true))
        } else {
            row
        }
    }));
    Paragraph::new(lines).render(inner, buf);
}
