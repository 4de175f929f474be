//! The tagging sidebar: the tag legend with counts in this document, then its annotations in
//! text order.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::fit::fit;
use crate::tui::state::{App, Focus};
use crate::tui::view::theme;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Sidebar;
    let tags = &app.corpus.tags;
    let anns = app.open_annotations();
    let legend_rows = tags.tags.len() as u16 + 2;
    let [legend_area, list_area] = Layout::vertical([
        Constraint::Length(legend_rows.min(area.height / 2)),
        Constraint::Min(3),
    ])
    .areas(area);

    let legend: Vec<Line> = tags
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let count = anns.iter().filter(|a| a.has_tag(&t.name)).count();
            let color = app.theme.tag_color(i);
            Line::from(vec![
                Span::styled(format!("{} ", t.key), app.theme.heading()),
                Span::styled("■ ", Style::new().fg(color)),
                Span::raw(t.name.clone()),
                Span::styled(
                    if count > 0 {
                        format!(" {count}")
                    } else {
                        String::new()
                    },
                    app.theme.dim(),
                ),
            ])
        })
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
    let capacity = inner.height.max(1) as usize;
    let first = (app.sidebar_selected + 1).saturating_sub(capacity);
    let width = inner.width as usize;
    let lines: Vec<Line> = anns
        .iter()
        .enumerate()
        .skip(first)
        .take(capacity)
        .map(|(i, a)| {
            let mut spans = vec![Span::raw(if here == Some(i) { "▸" } else { " " })];
            let mut used = 1;
            for tag in &a.tags {
                let style = Style::new().fg(app.theme.color_of(tags, tag));
                spans.push(Span::styled(theme::key_of(tags, tag).to_string(), style));
                used += 1;
            }
            let note = if a.note.is_empty() { "" } else { " ✎" };
            let room = width.saturating_sub(used + 3 + note.chars().count());
            spans.push(Span::raw(format!(" “{}”", fit(&a.quote, room))));
            spans.push(Span::raw(note));
            let style = if i == app.sidebar_selected && focused {
                app.theme.selected_item(true)
            } else {
                Style::new()
            };
            Line::from(spans).style(style)
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
