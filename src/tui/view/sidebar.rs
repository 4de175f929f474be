//! The tagging sidebar: the tag legend with counts in this document (tags missing from the scheme
//! listed as unknown), then its annotations in text order, and under "Unplaced" those that have no
//! place in the text since it changed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::tui::fit::fit;
use crate::tui::state::{App, Focus};
use crate::tui::view::theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Sidebar;
    let tags = &app.corpus.tags;
    let anns = app.open_annotations();
    let mut unknown: Vec<&str> = anns
        .iter()
        .flat_map(|a| &a.tags)
        .map(String::as_str)
        .filter(|t| tags.by_name(t).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    let legend_rows = (tags.tags.len() + unknown.len()) as u16 + 2;
    let [legend_area, list_area] = Layout::vertical([
        Constraint::Length(legend_rows.min(area.height / 2)),
        Constraint::Min(3),
    ])
    .areas(area);

    let legend_line = |name: &str, label: String| {
        let count = anns.iter().filter(|a| a.has_tag(name)).count();
        Line::from(vec![
            Span::styled(
                format!("{} ", theme::key_of(tags, name)),
                app.theme.heading(),
            ),
            Span::styled("■ ", Style::new().fg(app.theme.color_of(tags, name))),
            Span::raw(label),
            Span::styled(
                if count > 0 {
                    format!(" {count}")
                } else {
                    String::new()
                },
                app.theme.dim(),
            ),
        ])
    };
    let legend: Vec<Line> = tags
        .tags
        .iter()
        .map(|t| legend_line(&t.name, t.name.clone()))
        .chain(
            unknown
                .iter()
                .map(|name| legend_line(name, format!("{name} (unknown)"))),
        )
        .collect();
    let block = app.theme.block(false).title(" Tags ");
    let inner = block.inner(legend_area);
    block.render(legend_area, buf);
    Paragraph::new(legend).render(inner, buf);

    let block = app
        .theme
        .block(focused)
        .title(format!(" Annotations ({}) ", anns.len()));
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    if let Some(e) = app.open.as_ref().map(|o| &app.corpus.entries[o.entry])
        && let Some(err) = &e.annotations_error
    {
        let lines = vec![
            Line::styled("Annotation file broken:", app.theme.error()),
            Line::raw(err.clone()),
        ];
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    if anns.is_empty() {
        Paragraph::new("None yet: press a tag key on a sentence.")
            .style(app.theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let here = app.open.as_ref().and_then(|o| o.annotation_here());
    let width = inner.width as usize;
    let mut rows: Vec<(Option<usize>, Line)> = Vec::with_capacity(anns.len() + 1);
    for (i, a) in anns.iter().enumerate() {
        // Orphans sort last: the heading goes before the first.
        if a.is_orphan() && (i == 0 || !anns[i - 1].is_orphan()) {
            let heading = fit("Unplaced (text changed):", width);
            rows.push((None, Line::styled(heading, app.theme.heading())));
        }
        let selected = i == app.sidebar_selected && focused;
        rows.push((Some(i), item(app, a, here == Some(i), selected, width)));
    }
    let capacity = inner.height.max(1) as usize;
    let selected_row = rows
        .iter()
        .position(|(i, _)| *i == Some(app.sidebar_selected))
        .unwrap_or(0);
    let first = (selected_row + 1).saturating_sub(capacity);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(first)
        .take(capacity)
        .map(|(_, line)| line)
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// One annotation: `▸` when it is under the cursor, its tag keys, the start of its quote, `✎`
/// when it has a note.
fn item(app: &App, a: &Annotation, here: bool, selected: bool, width: usize) -> Line<'static> {
    let tags = &app.corpus.tags;
    let mut spans = vec![Span::raw(if here { "▸" } else { " " })];
    for tag in &a.tags {
        let style = Style::new().fg(app.theme.color_of(tags, tag));
        spans.push(Span::styled(theme::key_of(tags, tag).to_string(), style));
    }
    let note = if a.note.is_empty() { "" } else { " ✎" };
    let room = width.saturating_sub(1 + a.tags.len() + 3 + note.chars().count());
    spans.push(Span::raw(format!(" “{}”", fit(&a.quote, room))));
    spans.push(Span::raw(note));
    let style = if selected {
        app.theme.selected_item(true)
    } else if a.is_orphan() {
        app.theme.dim()
    } else {
        Style::new()
    };
    Line::from(spans).style(style)
}
