//! The corpus search's hits, over the panes: document and line, then each hit in its context
//! with the matches aligned in one column (keyword in context).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::core::plural::count;
use crate::core::queries::grep::{Hit, MAX_HITS};
use crate::tui::fit::{fit, keep_end, keep_start};
use crate::tui::grep::Grep;
use crate::tui::state::App;
use crate::tui::view::reader::display;

/// Columns of the line number.
const LINE_COLS: usize = 5;

pub fn render(app: &App, grep: &Grep, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let block = app
        .prefs
        .theme
        .block(true)
        .title(format!(" Corpus search: {} ", grep.pattern.text))
        .title_bottom(Line::from(summary(grep)).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines = Vec::new();
    if grep.hits.is_empty() {
        let text = if grep.done() {
            "No hits."
        } else {
            "Searching…"
        };
        lines.push(Line::styled(text, app.prefs.theme.dim()));
    }
    lines.extend(
        grep.errors
            .iter()
            .map(|e| Line::styled(e.clone(), app.prefs.theme.error())),
    );
    let capacity = (inner.height as usize).saturating_sub(lines.len()).max(1);
    let first = (grep.selected + 1).saturating_sub(capacity);
    let width = inner.width as usize;
    for (i, hit) in grep.hits.iter().enumerate().skip(first).take(capacity) {
        lines.push(row(app, hit, i == grep.selected, width));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// "12 hits in 3 of 5 documents", and whether the search goes on or stopped early.
fn summary(grep: &Grep) -> String {
    let hits = count(grep.hits.len(), "hit");
    let state = if grep.capped() {
        format!(" · stopped at {MAX_HITS}: narrow the pattern")
    } else if grep.done() {
        String::new()
    } else {
        " · searching…".to_owned()
    };
    format!(
        " {hits} · {} of {} searched{state} ",
        grep.searched,
        count(grep.documents, "document")
    )
}

/// `▸ Title   12  …text before MATCH text after…`, the match at the same column on every row;
/// documents are named by title, as the document list names them (file names may be hashes).
fn row(app: &App, hit: &Hit, selected: bool, width: usize) -> Line<'static> {
    let name_cols = (width / 4).clamp(12, 32);
    let title = &app.corpus.entries[hit.entry].meta.title;
    let name = fit(title, name_cols);
    let label = format!(
        "{}{name}{} {:>LINE_COLS$}  ",
        if selected { "▸ " } else { "  " },
        " ".repeat(name_cols - name.width()),
        hit.line
    );
    let rest = width.saturating_sub(label.width());
    let before_cols = rest * 2 / 5;
    let before = keep_end(&display(&hit.before), before_cols).to_owned();
    let matched = fit(&hit.matched, rest - before_cols);
    let after_cols = rest - before_cols - matched.width();
    let after = keep_start(&display(&hit.after), after_cols).to_owned();
    let style = if selected {
        app.prefs.theme.selected_item(true)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(label, app.prefs.theme.dim()),
        Span::raw(" ".repeat(before_cols - before.width())),
        Span::raw(before),
        Span::styled(matched, app.prefs.theme.search_match()),
        Span::raw(after),
    ])
    .style(style)
}
