//! The status bar: what just happened, what is not saved, and where help is.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::state::{App, Focus, Mode};
use crate::tui::view::theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let error_shown = app.status.as_ref().is_some_and(|s| s.error);
    let hint = match (&app.mode, app.focus) {
        // An error needs the whole line to say what and why; the keys come back with the next
        // message.
        (Mode::Normal, _) if error_shown => "",
        (Mode::Note(_), _) => "Enter save · Esc cancel",
        (Mode::Help { .. }, _) => "j/k scroll · any other key closes",
        (Mode::Export(_), _) => "Enter export · Esc cancel",
        (Mode::Prompt(_), _) => "",
        (Mode::Grep, _) => "j/k walk · Enter open · Esc close",
        (Mode::TagPicker(_), _) => "tag key or Space check · Enter show · Esc cancel",
        (Mode::TagView, _) => "j/k walk · Enter open · A/D filter · Esc close",
        (_, Focus::Reader) if app.active_search().is_some() => {
            "n/N next/previous match · Esc ends the search"
        }
        (_, Focus::Reader) => "v select · tag keys · n note · / search · F1 help · q quit",
        (_, Focus::List) => "Enter open · Tab next pane · ? help · q quit",
        (_, Focus::Sidebar) => "Enter show · d delete · ? help · q quit",
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(hint.chars().count() as u16 + 1),
    ])
    .areas(area);
    let mut spans = Vec::new();
    if !app.unsaved.is_empty() {
        spans.push(Span::styled(
            format!("⚠ {} unsaved · ", app.unsaved.len()),
            theme::error(),
        ));
    }
    match &app.status {
        Some(s) if s.error => spans.push(Span::styled(s.text.clone(), theme::error())),
        Some(s) => spans.push(Span::raw(s.text.clone())),
        None => {}
    }
    Paragraph::new(Line::from(spans)).render(left, buf);
    Paragraph::new(Line::styled(hint, theme::dim()).right_aligned()).render(right, buf);
}
