//! The tag picker, a small box of checkboxes; and the tag view over the panes: counts per tag,
//! the filters, then each annotation with its tags, quote, document, annotator and note.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::tui::fit::fit;
use crate::tui::state::App;
use crate::tui::tag_view::{TagPicker, TagView};
use crate::tui::view::theme;

/// Rows each annotation takes in the view.
const ITEM_ROWS: usize = 2;

pub fn render_picker(app: &App, picker: &TagPicker, area: Rect, buf: &mut Buffer) {
    let tags = &app.corpus.tags.tags;
    let height = (tags.len() as u16 + 4).min(area.height);
    let popup = area.centered(
        Constraint::Length(area.width.min(64)),
        Constraint::Length(height),
    );
    Clear.render(popup, buf);
    let block = app
        .prefs
        .theme
        .block(true)
        .title(" Tag view: which tags? ")
        .title_bottom(
            Line::from(" key or Space check · Tab any/all · Enter show · Esc cancel ")
                .right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let mut lines: Vec<Line> = tags
        .iter()
        .zip(&picker.checked)
        .enumerate()
        .map(|(i, (t, on))| {
            let row = Line::from(vec![
                Span::raw(if *on { "[x] " } else { "[ ] " }),
                Span::styled(
                    t.key.to_string(),
                    Style::new().fg(app.prefs.theme.color_of(&app.corpus.tags, &t.name)),
                ),
                Span::raw(format!("  {}", t.name)),
                Span::styled(format!(" ({})", t.group), app.prefs.theme.dim()),
            ]);
            if i == picker.row {
                row.style(app.prefs.theme.selected_item(true))
            } else {
                row
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::raw("Annotations with "),
        Span::styled(
            if picker.all {
                "every checked tag"
            } else {
                "any checked tag"
            },
            app.prefs.theme.heading(),
        ),
    ]));
    Paragraph::new(lines).render(inner, buf);
}

/// The most columns a document's title takes in an annotation's details, leaving the note room.
const TITLE_COLS: usize = 40;

pub fn render(app: &App, view: &TagView, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let tags = &app.corpus.tags;
    let query = &view.query;
    let how = match (query.tags.len(), query.all) {
        (1, _) => "",
        (_, true) => "every one of ",
        (_, false) => "any of ",
    };
    let block = app
        .prefs
        .theme
        .block(true)
        .title(format!(
            " Tag view: annotations with {how}{} ",
            query.tags.join(", ")
        ))
        .title_bottom(Line::from(format!(" {} annotations ", view.items.len())).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);

    let mut counts = Vec::new();
    for (name, n) in query.tags.iter().zip(&view.counts) {
        if !counts.is_empty() {
            counts.push(Span::styled(" · ", app.prefs.theme.dim()));
        }
        let style = Style::new().fg(app.prefs.theme.color_of(tags, name));
        counts.push(Span::styled(
            format!("{} ", theme::key_of(tags, name)),
            style,
        ));
        counts.push(Span::raw(format!("{name} {n}")));
    }
    let annotator = query.annotator.as_deref().unwrap_or("all");
    let document = query
        .document
        .map_or("all", |d| app.corpus.entries[d].meta.title.as_str());
    let coders = if query.coders.is_empty() {
        String::new()
    } else {
        format!("coders: {} (:coders) · ", query.coders.join(", "))
    };
    let mut lines = vec![
        Line::from(counts),
        Line::styled(
            format!("{coders}annotator: {annotator} (A) · document: {document} (D) · tags (t)"),
            app.prefs.theme.dim(),
        ),
        Line::raw(""),
    ];
    if view.items.is_empty() {
        lines.push(Line::styled(
            "No annotation has these tags.",
            app.prefs.theme.dim(),
        ));
    }
    annotation_rows(app, &view.items, view.selected, &mut lines, inner);
    Paragraph::new(lines).render(inner, buf);
}

/// Appends to `lines` as many of `items` (annotations with their documents' indices) as the rest
/// of `area` holds, two rows each: the tags' keys and the quote, then the document's title,
/// annotator and note; scrolled so that `selected` is shown, and marked. Shared by the tag view
/// and the cross table's cell list.
pub(crate) fn annotation_rows<'a>(
    app: &App,
    items: &[(usize, Annotation)],
    selected: usize,
    lines: &mut Vec<Line<'a>>,
    area: Rect,
) {
    let tags = &app.corpus.tags;
    let width = area.width as usize;
    let capacity = ((area.height as usize).saturating_sub(lines.len()) / ITEM_ROWS).max(1);
    let first = (selected + 1).saturating_sub(capacity);
    for (i, (entry, a)) in items.iter().enumerate().skip(first).take(capacity) {
        let is_selected = i == selected;
        let mut head = vec![Span::raw(if is_selected { "▸ " } else { "  " })];
        for tag in &a.tags {
            let style = Style::new().fg(app.prefs.theme.color_of(tags, tag));
            head.push(Span::styled(theme::key_of(tags, tag).to_string(), style));
        }
        let room = width.saturating_sub(a.tags.len() + 5);
        head.push(Span::raw(format!(" “{}”", fit(&a.quote, room))));
        let mut details = vec![
            fit(&app.corpus.entries[*entry].meta.title, TITLE_COLS),
            a.annotator.clone(),
        ];
        if !a.note.is_empty() {
            details.push(format!("✎ {}", a.note));
        }
        let details = fit(&details.join(" · "), width.saturating_sub(4));
        let style = if is_selected {
            app.prefs.theme.selected_item(true)
        } else {
            Style::new()
        };
        lines.push(Line::from(head).style(style));
        lines.push(Line::styled(
            format!("    {details}"),
            app.prefs.theme.dim(),
        ));
    }
}
