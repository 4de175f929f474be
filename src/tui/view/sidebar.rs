//! The tagging sidebar: the tag legend with counts in this document (tags missing from the scheme
//! listed as unknown), then its annotations in text order, under "To confirm" those placed by a
//! guess since the text changed (see `core::candidate`), and under "Unplaced" those that have no
//! place in it; below them, when the annotation here has links, its links (type and target).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::core::annotation::Annotation;
use crate::core::annotation_listing::{Listing, Row, Section};
use crate::core::fields::in_scheme_order;
use crate::tui::cut;
use crate::tui::fit::fit;
use crate::tui::state::{App, Focus};
use crate::tui::view::pane_frame::PaneFrame;
use crate::tui::view::theme;

/// What the sidebar shows at a point, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A tag of the legend, by its index in the scheme.
    Tag(usize),
    /// An annotation of the open document, by its index.
    Annotation(usize),
}

/// The open document's shown annotations as the list shows them (none when no document is open).
fn listing(app: &App) -> &Listing {
    static NONE: Listing = Listing::EMPTY;
    app.open.as_ref().map_or(&NONE, |open| &open.listing)
}

/// Tags the open document's annotations use that the scheme lacks, listed after its own.
fn unknown_tags(app: &App) -> Vec<&str> {
    let tags = &app.corpus.tags;
    listing(app)
        .tags()
        .filter(|t| tags.by_name(t).is_none())
        .collect()
}

/// The legend's area, the annotation list's and the links box's (no rows without links), each
/// with its border: the legend at most half the sidebar, the links a quarter, the list the
/// rest. Cut by arithmetic (`cut`): asked on every key (`list_rows`), ratatui's `Layout` cost
/// 3 µs of a `j` (issue 10).
fn areas(app: &App, area: Rect, unknown: usize) -> [Rect; 3] {
    let legend_rows = (app.corpus.tags.tags.len() + unknown) as u16 + 2;
    let links = links_here(app).map_or(0, |a| a.links.len().min(MOST_LINKS) as u16 + 2);
    let [above, links] = cut::bottom(area, links.min(area.height / 4));
    let legend = legend_rows.min(area.height / 2);
    let [legend, list] = cut::bottom(above, above.height.saturating_sub(legend));
    [legend, list, links]
}

/// Links the box below the list shows at most; it says how many more there are.
const MOST_LINKS: usize = 5;

/// The annotation whose links the sidebar shows: the one selected while the sidebar has the
/// focus, else the one under the cursor; `None` when it has no links.
fn links_here(app: &App) -> Option<&Annotation> {
    let i = if app.focus == Focus::Sidebar {
        app.sidebar.selected
    } else {
        app.annotation_here()?
    };
    app.open_annotations()
        .get(i)
        .filter(|a| !a.links.is_empty())
}

/// Each link of `a` on a line: `→ denies “the target's quote”`, the target looked up across
/// the corpus (`gone` when no annotation has its id).
fn link_lines(app: &App, a: &Annotation, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = a
        .links
        .iter()
        .take(MOST_LINKS)
        .map(|l| {
            let head = format!("→ {} ", l.kind);
            let room = width.saturating_sub(head.chars().count() + 2);
            let target = match app.find_annotation(&l.to) {
                Some((_, t)) => Span::raw(format!("“{}”", fit(&t.quote, room))),
                None => Span::styled("(target gone)", app.prefs.theme.error()),
            };
            Line::from(vec![Span::styled(head, app.prefs.theme.dim()), target])
        })
        .collect();
    if a.links.len() > MOST_LINKS
        && let Some(last) = lines.last_mut()
    {
        *last = Line::styled(
            format!("… {} more", a.links.len() - MOST_LINKS + 1),
            app.prefs.theme.dim(),
        );
    }
    lines
}

/// The heading before a section of the list.
fn heading(section: Section) -> &'static str {
    match section {
        Section::Placed => "",
        Section::ToConfirm => "To confirm (text changed):",
        Section::Unplaced => "Unplaced (text changed):",
    }
}

/// The first row of the list shown in `capacity` rows: where the list was scrolled to
/// (`Sidebar::first`), as far back as fills the rows.
fn first_row(app: &App, capacity: usize) -> usize {
    let last_first = listing(app).rows().saturating_sub(capacity.max(1));
    app.sidebar.first.min(last_first)
}

/// How many rows the sidebar's list of annotations has on screen; `None` when the sidebar is
/// hidden or the terminal too small.
pub(crate) fn list_rows(app: &App) -> Option<usize> {
    let sidebar = app.panes()?.sidebar?;
    let [_, list, _] = areas(app, sidebar, unknown_tags(app).len());
    Some(PaneFrame::inner(list).height.max(1) as usize)
}

/// The tag or annotation drawn at (x, y) of a sidebar drawn in `area`.
pub fn hit_at(app: &App, area: Rect, x: u16, y: u16) -> Option<Hit> {
    let [legend, list, _] = areas(app, area, unknown_tags(app).len());
    let (legend, list) = (PaneFrame::inner(legend), PaneFrame::inner(list));
    if legend.contains((x, y).into()) {
        let i = (y - legend.y) as usize;
        return (i < app.corpus.tags.tags.len()).then_some(Hit::Tag(i));
    }
    if !list.contains((x, y).into()) {
        return None;
    }
    let first = first_row(app, list.height as usize);
    match listing(app).row(first + (y - list.y) as usize) {
        Some(Row::Annotation(i)) => Some(Hit::Annotation(i)),
        _ => None,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Sidebar;
    let tags = &app.corpus.tags;
    let anns = app.open_annotations();
    let listing = listing(app);
    let unknown = unknown_tags(app);
    let [legend_area, list_area, links_area] = areas(app, area, unknown.len());
    if let Some(a) = links_here(app)
        && links_area.height > 0
    {
        let inner = PaneFrame::inner(links_area);
        PaneFrame::new(&app.prefs.theme, false)
            .title(" Links ")
            .render(links_area, buf);
        super::rows::draw(link_lines(app, a, inner.width as usize), inner, buf);
    }

    let legend_width = PaneFrame::inner(legend_area).width as usize;
    let legend_line = |name: &str, label: String| {
        let count = listing.count(name);
        let key = format!("{} ", theme::key_of(tags, name));
        let count = if count > 0 {
            format!(" {count}")
        } else {
            String::new()
        };
        // A name too long for the pane ends in an ellipsis; its key and count stay whole.
        let room = legend_width.saturating_sub(key.width() + "■ ".width() + count.width());
        Line::from(vec![
            Span::styled(key, app.prefs.theme.heading()),
            Span::styled("■ ", Style::new().fg(app.prefs.theme.color_of(tags, name))),
            Span::raw(fit(&label, room)),
            Span::styled(count, app.prefs.theme.dim()),
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
    let inner = PaneFrame::inner(legend_area);
    PaneFrame::new(&app.prefs.theme, false)
        .title(" Tags ")
        .render(legend_area, buf);
    super::rows::draw(legend, inner, buf);

    let shown = listing.len();
    let inner = PaneFrame::inner(list_area);
    PaneFrame::new(&app.prefs.theme, focused)
        .title(format!(" Annotations ({shown}) "))
        .render(list_area, buf);
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
    let first = first_row(app, capacity);
    let lines: Vec<Line> = (first..listing.rows().min(first + capacity))
        .filter_map(|r| listing.row(r))
        .map(|row| match row {
            Row::Annotation(i) => {
                let selected = i == app.sidebar.selected && focused;
                item(app, &anns[i], here == Some(i), selected, width)
            }
            Row::Heading(section) => {
                Line::styled(fit(heading(section), width), app.prefs.theme.heading())
            }
        })
        .collect();
    super::rows::draw(lines, inner, buf);
}

/// Columns of its quote an annotation keeps in the list before its fields' values take any.
const QUOTE_COLS: usize = 16;
/// The fewest columns worth giving the values; with fewer, `≡` says there are some.
const VALUE_COLS: usize = 8;

/// One annotation: `▸` when it is under the cursor, its tag keys, the start of its quote (in
/// italics while its place is to confirm), `✎` when it has a note, then its fields' values,
/// dim, in the room the quote can spare (`≡` when it spares too little).
fn item(app: &App, a: &Annotation, here: bool, selected: bool, width: usize) -> Line<'static> {
    let tags = &app.corpus.tags;
    let mut spans = vec![Span::raw(if here { "▸" } else { " " })];
    for tag in &a.tags {
        let style = Style::new().fg(app.prefs.theme.color_of(tags, tag));
        spans.push(Span::styled(theme::key_of(tags, tag).to_string(), style));
    }
    let note = if a.note.is_empty() { "" } else { " ✎" };
    let mut room = width.saturating_sub(1 + a.tags.len() + 3 + note.chars().count());
    let values: Vec<&str> = in_scheme_order(&a.fields, tags)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    // The quote keeps room enough to be recognised; the values get the rest, up to half, or,
    // too narrow for a value, a mark that there are some (the note pane shows them).
    let spare = room.saturating_sub(QUOTE_COLS).min(room / 2);
    let fields = match values.is_empty() {
        true => String::new(),
        false if spare < VALUE_COLS + 1 => {
            room = room.saturating_sub(2);
            " ≡".to_owned()
        }
        false => {
            let shown = fit(&values.join(", "), spare - 1);
            room = room.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()) + 1);
            format!(" {shown}")
        }
    };
    let quote = format!(" “{}”", fit(&a.quote, room));
    spans.push(if a.to_confirm() {
        Span::styled(quote, app.prefs.theme.to_confirm())
    } else {
        Span::raw(quote)
    });
    spans.push(Span::raw(note));
    spans.push(Span::styled(fields, app.prefs.theme.dim()));
    let style = if selected {
        app.prefs.theme.selected_item(true)
    } else if a.is_orphan() {
        app.prefs.theme.dim()
    } else {
        Style::new()
    };
    Line::from(spans).style(style)
}
