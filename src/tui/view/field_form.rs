//! The field form, over the middle of the screen: a row per field, then the row's completions
//! or list of values, its description and whether the annotation's tags require it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::component::{Component, hints};
use crate::tui::field_form::{FieldForm, FieldRow};
use crate::tui::fit::fit;
use crate::tui::state::App;
use crate::tui::view::input;

/// The most rows the values to choose from and the description take, each.
const MOST_ROWS: usize = 3;

pub fn render(app: &App, form: &FieldForm, area: Rect, buf: &mut Buffer) {
    let width = area.width.min(80);
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let row = &form.rows[form.row];
    let values = values_line(app, form, row);
    let mut about = row.description.clone();
    if let Some(group) = &row.required_for {
        about = format!("{about} Required for its {group} tag.");
    }
    let about = Line::styled(about.trim().to_owned(), app.prefs.theme.dim());
    // Rows once wrapped, about: wrapping at words may take one more.
    let rows = |line: &Line| line.width().div_ceil(inner_w).clamp(1, MOST_ROWS);
    let below = 1 + rows(&values) + rows(&about);
    let height = area.height.min((form.rows.len() + below) as u16 + 2);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    let hint = hints(app, form.scope(), &form.commands(app));
    let title = match &form.passed_over {
        Some(theirs) => {
            let said = format!("({theirs}'s stays theirs)");
            let room = (width as usize / 2)
                .saturating_sub(said.chars().count())
                .max(12);
            format!(" Fields of your own “{}” {said} ", fit(&form.quote, room))
        }
        None => format!(" Fields of “{}” ", fit(&form.quote, width as usize / 2)),
    };
    let inner = super::dialog(app, popup, title, &hint, buf);
    let width = inner.width as usize;
    let label_w = form
        .rows
        .iter()
        .map(|r| r.name.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let mut lines: Vec<Line> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| row_line(app, row, i == form.row, label_w, width))
        .collect();
    lines.push(Line::raw(""));
    lines.push(values);
    lines.push(about);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// A field: its name (`*` when required), then its value, with the cursor on the row edited; a
/// list's value between ‹ ›.
fn row_line(
    app: &App,
    row: &FieldRow,
    current: bool,
    label_w: usize,
    width: usize,
) -> Line<'static> {
    let star = if row.required_for.is_some() { "*" } else { "" };
    let label = fit(&format!("{}{star}", row.name), label_w);
    let style = if current {
        app.prefs.theme.heading()
    } else {
        app.prefs.theme.dim()
    };
    let mut spans = vec![Span::styled(format!("{label:<label_w$} "), style)];
    let room = width.saturating_sub(label_w + 1);
    let value = &row.input.value;
    if row.is_choice() {
        let shown = if value.is_empty() {
            "(none)".to_owned()
        } else if row.choices.contains(value) {
            value.clone()
        } else {
            format!("{value} (not in the list)")
        };
        let shown = format!("‹ {} ›", fit(&shown, room.saturating_sub(4)));
        spans.push(if current {
            Span::styled(shown, app.prefs.theme.selected_item(true))
        } else {
            Span::raw(shown)
        });
    } else if current {
        spans.extend(input::spans(&row.input, room));
    } else {
        spans.push(Span::raw(fit(value, room)));
    }
    Line::from(spans)
}

/// The values the row can take: a list's, or the corpus's values that complete what was typed;
/// the one shown highlighted.
fn values_line(app: &App, form: &FieldForm, row: &FieldRow) -> Line<'static> {
    let (head, values): (&str, Vec<&str>) = if row.is_choice() {
        ("Values: ", row.choices.iter().map(String::as_str).collect())
    } else {
        ("Used: ", row.candidates(form.completion.as_ref()))
    };
    if values.is_empty() {
        let empty = if row.input.value.is_empty() {
            "No annotation has one yet: type it."
        } else {
            "No value used in the corpus starts so."
        };
        return Line::styled(empty, app.prefs.theme.dim());
    }
    let mut spans = vec![Span::styled(head, app.prefs.theme.dim())];
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", app.prefs.theme.dim()));
        }
        let style = if v == row.input.value {
            app.prefs.theme.selected_item(true)
        } else {
            ratatui::style::Style::new()
        };
        spans.push(Span::styled(v.to_owned(), style));
    }
    Line::from(spans)
}
