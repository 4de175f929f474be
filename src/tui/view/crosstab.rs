//! The cross table over the panes: a header of column values, a row per row value with its
//! counts and total, a total row; the cursor's cell highlighted, and scrolled to. And a cell's
//! annotations, listed as the tag view lists them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::core::crosstab::Count;
use crate::core::plural::count;
use crate::tui::action::Action;
use crate::tui::component::Component;
use crate::tui::crosstab_view::{CellList, CrosstabView};
use crate::tui::fit::fit;
use crate::tui::state::App;

/// The widest a column of counts gets, and the row values' column.
const MAX_COL: usize = 20;
const MAX_ROW_NAME: usize = 28;

fn counted(count: Count) -> &'static str {
    match count {
        Count::Annotations => "annotations",
        Count::Documents => "documents",
    }
}

/// `n` of what is counted, in words that agree with it: "1 annotation", "7 annotations".
fn total(n: usize, count: Count) -> String {
    let noun = match count {
        Count::Annotations => "annotation",
        Count::Documents => "document",
    };
    crate::core::plural::count(n, noun)
}

pub fn render(app: &App, view: &CrosstabView, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let theme = &app.prefs.theme;
    let (request, table) = (&view.request, &view.table);
    let block = theme
        .block(true)
        .title(format!(
            " Table: {} × {} ({}; {}) ",
            request.rows.name(),
            request.cols.name(),
            counted(request.count),
            app.coding.whose()
        ))
        .title_bottom(
            Line::from(format!(" {} ", total(table.total, request.count))).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);

    let width = |s: &str| s.width();
    let name_w = table
        .rows
        .iter()
        .map(|r| width(r))
        .chain([width(request.rows.name()), width("total")])
        .max()
        .unwrap_or(5)
        .min(MAX_ROW_NAME);
    let col_w: Vec<usize> = table
        .cols
        .iter()
        .map(|c| width(c).clamp(5, MAX_COL))
        .chain([5])
        .collect();
    // The columns shown: from `first`, as many as fit, the cursor's among them.
    let room = (inner.width as usize).saturating_sub(name_w + 1);
    let fits = |first: usize| {
        let mut used = 0;
        col_w[first..]
            .iter()
            .take_while(|w| {
                used += **w + 2;
                used <= room
            })
            .count()
            .max(1)
    };
    let mut first = 0;
    while first < view.col && first + fits(first) <= view.col {
        first += 1;
    }
    let shown: Vec<usize> = (first..col_w.len()).take(fits(first)).collect();
    // The last column, past the table's columns, is the total.
    let label = |c: usize| {
        table
            .cols
            .get(c)
            .map_or("total".to_owned(), |name| fit(name, col_w[c]))
    };

    let dim = theme.dim();
    let heading = theme.heading();
    // Columns left out either side are said, so that none is taken for missing.
    let scrolled = if shown.len() < col_w.len() {
        format!(
            " · columns {}–{} of {} shown",
            first + 1,
            first + shown.len(),
            col_w.len()
        )
    } else {
        String::new()
    };
    let mut lines = vec![Line::styled(
        format!(
            "rows: {} · columns: {} · counting {}{scrolled}",
            request.rows.name(),
            request.cols.name(),
            counted(request.count)
        ),
        dim,
    )];
    lines.push(Line::raw(""));
    let mut header = vec![Span::styled(
        format!("{:<name_w$} ", fit(request.rows.name(), name_w)),
        dim,
    )];
    for &c in &shown {
        header.push(Span::styled(
            format!("  {:>w$}", label(c), w = col_w[c]),
            heading,
        ));
    }
    lines.push(Line::from(header));
    // Rows: those that fit, the cursor's among them; the total row always last.
    let capacity = (inner.height as usize)
        .saturating_sub(lines.len() + 3)
        .max(1);
    let top = (view.row + 1).saturating_sub(capacity);
    let number = |n: usize, c: usize, style: Style| {
        Span::styled(format!("  {:>w$}", n, w = col_w[c]), style)
    };
    for (r, name) in table.rows.iter().enumerate().skip(top).take(capacity) {
        let mut spans = vec![Span::styled(
            format!("{:<name_w$} ", fit(name, name_w)),
            heading,
        )];
        for &c in &shown {
            let (n, style) = match table.cells[r].get(c) {
                Some(&n) if r == view.row && c == view.col => (n, theme.selected_item(true)),
                Some(&n) if n == 0 => (n, dim),
                Some(&n) => (n, Style::new()),
                None => (table.row_totals[r], dim),
            };
            spans.push(number(n, c, style));
        }
        lines.push(Line::from(spans));
    }
    let mut totals = vec![Span::styled(format!("{:<name_w$} ", "total"), dim)];
    for &c in &shown {
        let n = table.col_totals.get(c).copied().unwrap_or(table.total);
        totals.push(number(n, c, dim));
    }
    lines.push(Line::from(totals));
    lines.push(Line::raw(""));
    let here = match view.cell() {
        Some((row, col)) => {
            let n = table.cells[view.row][view.col];
            format!(
                "{row} × {col}: {n} {}{}",
                counted(request.count),
                if n > 0 {
                    format!(
                        ", {} lists them",
                        app.prefs.keymap.key_name(Action::Choose, view.scope())
                    )
                } else {
                    String::new()
                }
            )
        }
        None => "nothing to count yet".to_owned(),
    };
    lines.push(Line::styled(fit(&here, inner.width as usize), dim));
    Paragraph::new(lines).render(inner, buf);
}

pub fn render_cell(app: &App, list: &CellList, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let view = &list.table;
    let (row, col) = view.cell().unwrap_or_default();
    let block = app
        .prefs
        .theme
        .block(true)
        .title(format!(
            " Table cell: {} = {row}, {} = {col} ",
            view.request.rows.name(),
            view.request.cols.name()
        ))
        .title_bottom(
            Line::from(format!(" {} ", count(list.items.len(), "annotation"))).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = vec![Line::raw("")];
    crate::tui::view::tag_view::annotation_rows(
        app,
        list.items.iter(),
        list.selected,
        &mut lines,
        inner,
    );
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_agrees_with_its_number() {
        assert_eq!(total(1, Count::Annotations), "1 annotation");
        assert_eq!(total(7, Count::Annotations), "7 annotations");
        assert_eq!(total(1, Count::Documents), "1 document");
    }
}
