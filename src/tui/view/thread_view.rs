//! The claim thread view over the panes: a numbered entry per annotation of the thread, in date
//! order, its tags and quote, then its date, document, authority, the link that brought it in
//! (naming the other end by its number) and speaker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::core::plural::count;
use crate::core::queries::thread::Row;
use crate::tui::fit::fit;
use crate::tui::state::App;
use crate::tui::thread_view::ThreadView;
use crate::tui::view::tag_view::Item;

/// Rows each annotation takes in the view.
const ITEM_ROWS: usize = 2;
/// The most columns a document's title takes, leaving the speaker and the link room.
const TITLE_COLS: usize = 36;

pub fn render(app: &App, view: &ThreadView, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let documents: std::collections::BTreeSet<usize> =
        view.rows.iter().map(|r| r.place.document).collect();
    let block = app
        .prefs
        .theme
        .block(true)
        .title(" Claim thread: what the annotation is linked to, in date order ")
        .title_bottom(
            Line::from(format!(
                " {} in {} ",
                count(view.rows.len(), "annotation"),
                count(documents.len(), "document")
            ))
            .right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    let number = |id: &str| view.rows.iter().position(|r| r.id == id).map(|i| i + 1);
    let mut lines = Vec::new();
    if view.rows.len() == 1 {
        lines.push(Line::styled(
            "Nothing is linked to this annotation yet.",
            app.prefs.theme.dim(),
        ));
    }
    let capacity = ((inner.height as usize).saturating_sub(lines.len()) / ITEM_ROWS).max(1);
    let first = (view.selected + 1).saturating_sub(capacity);
    for (i, row) in view.rows.iter().enumerate().skip(first).take(capacity) {
        let selected = i == view.selected;
        let marker = format!("{}{:>2} ", if selected { "▸" } else { " " }, i + 1);
        let shown = Item {
            marker: &marker,
            tags: &row.tags,
            quote: &row.quote,
            details: &details(row, &number).join(" · "),
        };
        lines.extend(shown.lines(app, width, selected));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// A row's date, document, authority, link and speaker, as the view's second line says them;
/// `number` gives the number of a row by id.
fn details(row: &Row, number: &dyn Fn(&str) -> Option<usize>) -> Vec<String> {
    let mut out = vec![
        row.date.clone().unwrap_or_else(|| "undated".into()),
        fit(&row.title, TITLE_COLS),
    ];
    if !row.authority.is_empty() {
        out.push(row.authority.join(", "));
    }
    out.push(match &row.via {
        None => "the thread starts here".into(),
        Some(via) => via.said(&number(&via.other).map_or_else(|| "?".into(), |n| n.to_string())),
    });
    // Last, where a long name is cut first.
    if let Some(speaker) = &row.speaker {
        out.push(format!("said by {speaker}"));
    }
    out
}
