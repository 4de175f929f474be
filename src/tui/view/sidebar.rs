//! The tagging sidebar: the tag legend with counts in this document (tags missing from the scheme
//! listed as unknown), then its annotations in text order, under "To confirm" those placed by a
//! guess since the text changed (see `core::candidate`), and under "Unplaced" those that have no
//! place in it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::tui::fit::fit;
use crate::tui::state::{App, Focus};
use crate::tui::view::theme;

/// What the sidebar shows at a point, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A tag of the legend, by its index in the scheme.
    Tag(usize),
    /// An annotation of the open document, by its index.
    Annotation(usize),
}

/// Tags the open document's annotations use that the scheme lacks, listed after its own.
fn unknown_tags(app: &App) -> Vec<&str> {
    let tags = &app.corpus.tags;
    let mut unknown: Vec<&str> = app
        .open_annotations()
        .iter()
        .filter(|a| app.shows(a))
        .flat_map(|a| &a.tags)
        .map(String::as_str)
        .filter(|t| tags.by_name(t).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    unknown
}

/// The legend's area and the annotation list's, each with its border.
fn areas(app: &App, area: Rect, unknown: usize) -> [Rect; 2] {
    let legend_rows = (app.corpus.tags.tags.len() + unknown) as u16 + 2;
    Layout::vertical([
        Constraint::Length(legend_rows.min(area.height / 2)),
        Constraint::Min(3),
    ])
    .areas(area)
}

/// The annotations in the order the list shows them, by index: those in place in text order,
/// then those to confirm, then the unplaced (which sort last).
pub fn shown_order(anns: &[Annotation]) -> Vec<usize> {
    let section = |a: &Annotation| (a.is_orphan(), a.to_confirm());
    let mut order: Vec<usize> = (0..anns.len()).collect();
    // Stable: text order within each section.
    order.sort_by_key(|&i| match section(&anns[i]) {
        (false, false) => 0,
        (false, true) => 1,
        (true, _) => 2,
    });
    order
}

/// One row of the annotation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Annotation(usize),
    Heading(&'static str),
}

const TO_CONFIRM: &str = "To confirm (text changed):";
const UNPLACED: &str = "Unplaced (text changed):";

/// The annotation list's rows: each annotation by index, in [`shown_order`], with a heading
/// before those to confirm and before the unplaced.
fn list_rows(app: &App) -> Vec<Row> {
    let anns = app.open_annotations();
    let mut rows = Vec::with_capacity(anns.len() + 2);
    let mut heading = None;
    for i in app.sidebar_order() {
        let a = &anns[i];
        let this = if a.is_orphan() {
            Some(UNPLACED)
        } else if a.to_confirm() {
            Some(TO_CONFIRM)
        } else {
            None
        };
        if this.is_some() && this != heading {
            rows.push(Row::Heading(this.unwrap_or_default()));
            heading = this;
        }
        rows.push(Row::Annotation(i));
    }
    rows
}

/// The first of `rows` shown in `capacity` rows: enough to keep the selected annotation in view.
fn first_row(app: &App, rows: &[Row], capacity: usize) -> usize {
    let selected = rows
        .iter()
        .position(|r| *r == Row::Annotation(app.sidebar.selected))
        .unwrap_or(0);
    (selected + 1).saturating_sub(capacity.max(1))
}

/// The tag or annotation drawn at (x, y) of a sidebar drawn in `area`.
pub fn hit_at(app: &App, area: Rect, x: u16, y: u16) -> Option<Hit> {
    let [legend, list] = areas(app, area, unknown_tags(app).len());
    let (legend, list) = (
        app.prefs.theme.block(false).inner(legend),
        app.prefs.theme.block(false).inner(list),
    );
    if legend.contains((x, y).into()) {
        let i = (y - legend.y) as usize;
        return (i < app.corpus.tags.tags.len()).then_some(Hit::Tag(i));
    }
    if !list.contains((x, y).into()) {
        return None;
    }
    let rows = list_rows(app);
    let first = first_row(app, &rows, list.height as usize);
    match rows.get(first + (y - list.y) as usize) {
        Some(Row::Annotation(i)) => Some(Hit::Annotation(*i)),
        _ => None,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Sidebar;
    let tags = &app.corpus.tags;
    let anns = app.open_annotations();
    let unknown = unknown_tags(app);
    let [legend_area, list_area] = areas(app, area, unknown.len());

    let legend_line = |name: &str, label: String| {
        let count = anns
            .iter()
            .filter(|a| a.has_tag(name) && app.shows(a))
            .count();
        Line::from(vec![
            Span::styled(
                format!("{} ", theme::key_of(tags, name)),
                app.prefs.theme.heading(),
            ),
            Span::styled("■ ", Style::new().fg(app.prefs.theme.color_of(tags, name))),
            Span::raw(label),
            Span::styled(
                if count > 0 {
                    format!(" {count}")
                } else {
                    String::new()
                },
                app.prefs.theme.dim(),
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
    let block = app.prefs.theme.block(false).title(" Tags ");
    let inner = block.inner(legend_area);
    block.render(legend_area, buf);
    Paragraph::new(legend).render(inner, buf);

    let rows = list_rows(app);
    let shown = rows
        .iter()
        .filter(|r| matches!(r, Row::Annotation(_)))
        .count();
    let block = app
        .prefs
        .theme
        .block(focused)
        .title(format!(" Annotations ({shown}) "));
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    if let Some(e) = app.open.as_ref().map(|o| &app.corpus.entries[o.entry])
        && let Some(err) = &e.annotations_error
    {
        let lines = vec![
            Line::styled("Annotation file broken:", app.prefs.theme.error()),
            Line::raw(err.clone()),
        ];
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    if shown == 0 {
        Paragraph::new("None yet: press a tag key on a sentence.")
            .style(app.prefs.theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let here = app.annotation_here();
    let width = inner.width as usize;
    let capacity = inner.height.max(1) as usize;
    let first = first_row(app, &rows, capacity);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(first)
        .take(capacity)
        .map(|row| match row {
            Row::Annotation(i) => {
                let selected = i == app.sidebar.selected && focused;
                item(app, &anns[i], here == Some(i), selected, width)
            }
            Row::Heading(heading) => Line::styled(fit(heading, width), app.prefs.theme.heading()),
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// One annotation: `▸` when it is under the cursor, its tag keys, the start of its quote (in
/// italics while its place is to confirm), `✎` when it has a note.
fn item(app: &App, a: &Annotation, here: bool, selected: bool, width: usize) -> Line<'static> {
    let tags = &app.corpus.tags;
    let mut spans = vec![Span::raw(if here { "▸" } else { " " })];
    for tag in &a.tags {
        let style = Style::new().fg(app.prefs.theme.color_of(tags, tag));
        spans.push(Span::styled(theme::key_of(tags, tag).to_string(), style));
    }
    let note = if a.note.is_empty() { "" } else { " ✎" };
    let room = width.saturating_sub(1 + a.tags.len() + 3 + note.chars().count());
    let quote = format!(" “{}”", fit(&a.quote, room));
    spans.push(if a.to_confirm() {
        Span::styled(quote, app.prefs.theme.to_confirm())
    } else {
        Span::raw(quote)
    });
    spans.push(Span::raw(note));
    let style = if selected {
        app.prefs.theme.selected_item(true)
    } else if a.is_orphan() {
        app.prefs.theme.dim()
    } else {
        Style::new()
    };
    Line::from(spans).style(style)
}
