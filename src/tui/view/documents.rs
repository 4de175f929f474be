//! The document list: title, date, mark and annotation count of each document the filter lets
//! through, in the order chosen; the filter and the order in the title, the progress at the
//! bottom. Marks are drawn as signs and words, never as colour alone.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::core::user_state::progress::Mark;
use crate::tui::document_list::Sort;
use crate::tui::fit::fit;
use crate::tui::state::{App, Focus, Mode};
use crate::tui::view::input;
use crate::tui::view::pane_frame::PaneFrame;

/// Rows each document takes in the list.
const ITEM_ROWS: usize = 2;

/// Where the list's items go inside `area`, the first row of `app.list.rows` shown (enough to
/// keep the selected document in view) and how many rows fit. Drawing, the mouse and the corpus
/// scan all go by it.
fn window(app: &App, area: Rect) -> (Rect, usize, usize) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    let capacity = (inner.height as usize / ITEM_ROWS).max(1);
    let selected = app.list.position(app.list.selected).unwrap_or(0);
    (inner, (selected + 1).saturating_sub(capacity), capacity)
}

/// The documents a list drawn in `area` shows, by corpus index, in the list's order: what the
/// corpus scan reads first.
pub fn shown(app: &App, area: Rect) -> &[usize] {
    let (_, first, capacity) = window(app, area);
    let rows = &app.list.rows;
    &rows[first.min(rows.len())..(first + capacity).min(rows.len())]
}

/// The document drawn at (x, y) of a list drawn in `area`, by its corpus index.
pub fn entry_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    let (inner, first, _) = window(app, area);
    if !inner.contains((x, y).into()) {
        return None;
    }
    let row = first + (y - inner.y) as usize / ITEM_ROWS;
    app.list.rows.get(row).copied()
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::List;
    let entries = &app.corpus.entries;
    let inner = window(app, area).0;
    let mut frame =
        PaneFrame::new(&app.prefs.theme, focused).title(title(app, inner.width as usize));
    // While the corpus is read: how far, which says why some rows show only a path.
    let mut bottom = app
        .scan_progress()
        .map_or_else(String::new, |(done, total)| {
            format!(" reading {done}/{total} ")
        });
    if app.marks.done + app.marks.to_review > 0 {
        bottom.push_str(&format!(" {}/{} done ", app.marks.done, entries.len()));
        if app.marks.to_review > 0 {
            bottom.push_str(&format!("· {} to review ", app.marks.to_review));
        }
    }
    if !bottom.is_empty() {
        frame = frame.title_bottom(bottom);
    }
    frame.render(area, buf);
    let open = app.open.as_ref().map(|o| o.entry);
    let mut lines = Vec::new();
    if app.list.rows.is_empty() {
        lines.push(Line::styled(
            fit("No document matches the filter.", inner.width as usize),
            app.prefs.theme.dim(),
        ));
    }
    for &i in shown(app, area) {
        let e = &entries[i];
        let problem = e.unreadable.is_some() || e.annotations_error.is_some();
        let here = if problem {
            Span::styled("!", app.prefs.theme.error())
        } else if open == Some(i) {
            Span::raw("▸")
        } else {
            Span::raw(" ")
        };
        let mark = app.marks.progress.mark(&e.rel_path);
        let sign = match mark {
            Some(Mark::Done) => "✓",
            Some(Mark::ToReview) => "○",
            None => " ",
        };
        let style = if i == app.list.selected {
            app.prefs.theme.selected_item(focused)
        } else {
            Style::new()
        };
        let cols = (inner.width as usize).saturating_sub(2);
        lines.push(
            Line::from(vec![
                here,
                Span::raw(sign),
                Span::raw(fit(&e.meta.title, cols)),
            ])
            .style(style),
        );
        let mut details = Vec::new();
        if let Some(mark) = mark {
            details.push(mark.label().to_owned());
        }
        if let Some(date) = &e.meta.date {
            details.push(date.clone());
        }
        if !e.loaded {
            details.push("…".into());
        } else if e.unreadable.is_some() {
            details.push("unreadable".into());
        } else if e.annotations_error.is_some() {
            details.push("annotations broken".into());
        } else {
            // The open document's are counted already, however many it has.
            let (n, to_confirm, unplaced) = match app.open.as_ref().filter(|o| o.entry == i) {
                Some(open) => (
                    open.listing.len(),
                    open.listing.to_confirm(),
                    open.listing.unplaced(),
                ),
                None => {
                    let shown = || e.annotations.iter().filter(|a| app.shows(a));
                    (
                        shown().count(),
                        shown().filter(|a| a.to_confirm()).count(),
                        shown().filter(|a| a.is_orphan()).count(),
                    )
                }
            };
            // Short, so that a date and the count fit a narrow list.
            details.push(format!("{n} tagged"));
            if to_confirm > 0 {
                details.push(format!("{to_confirm} to confirm"));
            }
            if unplaced > 0 {
                details.push(format!("{unplaced} unplaced"));
            }
        }
        // Not read as UTF-8 but in an encoding from its BOM or guessed: last, as the least
        // needed when the list is narrow.
        if let Some(encoding) = e.encoding {
            details.push(encoding.to_owned());
        }
        lines.push(Line::styled(
            format!("  {}", fit(&details.join(" · "), cols)),
            app.prefs.theme.dim(),
        ));
    }
    super::rows::draw(lines, inner, buf);
}

/// " Documents (5) ", or with a filter " /china 2 of 5 " (the filter's key, with a cursor while
/// it is typed),
/// then the order when it is not the corpus's own.
fn title(app: &App, width: usize) -> Line<'static> {
    let n = app.corpus.entries.len();
    let order = match app.list.sort {
        Sort::Path => String::new(),
        sort => format!("by {} ", sort.label()),
    };
    let typing = match &app.mode {
        Mode::ListFilter(filter) => Some(&filter.input),
        _ => None,
    };
    if typing.is_none() && app.list.query.is_empty() {
        return Line::raw(format!(" Documents ({n}) {order}"));
    }
    let count = format!(" {} of {n} {order}", app.list.rows.len());
    // The key that filters, as the prompts show theirs.
    let mark = crate::tui::prompt::opened_by(
        &app.prefs.keymap,
        crate::tui::action::Action::FilterList,
        crate::tui::keymap::Scope::List,
    );
    let mark = format!(" {mark}");
    let room = width.saturating_sub(count.chars().count() + mark.chars().count());
    let mut spans = vec![Span::raw(mark)];
    match typing {
        Some(input) => spans.extend(input::spans(input, room)),
        None => spans.push(Span::styled(
            fit(&app.list.query, room),
            app.prefs.theme.heading(),
        )),
    }
    spans.push(Span::raw(count));
    Line::from(spans)
}
