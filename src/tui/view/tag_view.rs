//! The tag picker, a small box of checkboxes; and the tag view over the panes: counts per tag,
//! the filters, then each annotation with its tags, quote, document, annotator and note.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::core::fields::in_scheme_order;
use crate::core::plural::count;
use crate::tui::component::{Component, hints};
use crate::tui::fit::fit;
use crate::tui::state::App;
use crate::tui::tag_view::{TagPicker, TagView};
use crate::tui::view::{input, theme};

/// Rows each annotation takes in the view.
const ITEM_ROWS: usize = 2;

pub fn render_picker(app: &App, picker: &TagPicker, area: Rect, buf: &mut Buffer) {
    let tags = &app.corpus.tags.tags;
    let height = (tags.len() as u16 + 4).min(area.height);
    let popup = area.centered(
        Constraint::Length(area.width.min(72)),
        Constraint::Length(height),
    );
    Clear.render(popup, buf);
    let block = app
        .prefs
        .theme
        .block(true)
        .title(" Tag view: which tags? ")
        .title_bottom(
            Line::from(format!(
                " {} ",
                hints(app, picker.scope(), &picker.commands(app))
            ))
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
        .title_bottom(
            Line::from(if view.shown.len() == view.items.len() {
                format!(" {} ", count(view.items.len(), "annotation"))
            } else {
                format!(
                    " {} of {} ",
                    view.shown.len(),
                    count(view.items.len(), "annotation")
                )
            })
            .right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;

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
    // Whose annotations the list holds, unless everyone's.
    let coders = if app.coding.blind || !app.coding.coders.is_empty() {
        format!("{} · ", app.coding.whose())
    } else {
        String::new()
    };
    let keys = &app.prefs.keymap;
    let mut filter = vec![Span::styled(
        keys.with_keys(&format!(
            "{coders}annotator: {annotator} ({{cycle_annotator}}) · document: {document} \
             ({{cycle_document}}) · tags ({{tag_view}}) · filter ({{filter_list}}): "
        )),
        app.prefs.theme.dim(),
    )];
    let room = width.saturating_sub(filter.iter().map(Span::width).sum());
    if view.typing {
        filter.extend(input::spans(&view.filter, room));
    } else if view.filter.value.is_empty() {
        filter.push(Span::styled("none", app.prefs.theme.dim()));
    } else {
        filter.push(Span::raw(fit(&view.filter.value, room)));
    }
    let mut lines = vec![Line::from(counts), Line::from(filter), Line::raw("")];
    if view.items.is_empty() {
        lines.push(Line::styled(
            "No annotation has these tags.",
            app.prefs.theme.dim(),
        ));
    } else if view.shown.is_empty() {
        lines.push(Line::styled(
            "No annotation with these tags passes the filter.",
            app.prefs.theme.dim(),
        ));
    }
    annotation_rows(
        app,
        view.shown.iter().map(|&i| &view.items[i]),
        view.selected,
        &mut lines,
        inner,
    );
    Paragraph::new(lines).render(inner, buf);
}

/// Appends to `lines` as many of `items` (annotations with their documents' indices) as the rest
/// of `area` holds, two rows each (see [`Item`]): the tags' keys and the quote, then the
/// document's title, annotator, fields and note; scrolled so that the `selected`-th is shown, and
/// marked. Shared by the tag view and the cross table's cell list.
pub(crate) fn annotation_rows<'a>(
    app: &App,
    items: impl Iterator<Item = &'a (usize, Annotation)>,
    selected: usize,
    lines: &mut Vec<Line<'static>>,
    area: Rect,
) {
    let tags = &app.corpus.tags;
    let width = area.width as usize;
    let capacity = ((area.height as usize).saturating_sub(lines.len()) / ITEM_ROWS).max(1);
    let first = (selected + 1).saturating_sub(capacity);
    for (i, (entry, a)) in items.enumerate().skip(first).take(capacity) {
        let selected = i == selected;
        let mut details = vec![
            fit(&app.corpus.entries[*entry].meta.title, TITLE_COLS),
            a.annotator.clone(),
        ];
        details.extend(
            in_scheme_order(&a.fields, tags)
                .into_iter()
                .map(|(name, value)| format!("{name}: {value}")),
        );
        if !a.note.is_empty() {
            details.push(format!("✎ {}", a.note));
        }
        let marker = if selected { "▸ " } else { "  " };
        let shown = Item {
            marker,
            tags: &a.tags,
            quote: &a.quote,
            details: &details.join(" · "),
        };
        lines.extend(shown.lines(app, width, selected));
    }
}

/// An annotation as the lists over the panes show it.
pub(crate) struct Item<'a> {
    /// The selection's mark, and a number or nothing; one column a character.
    pub marker: &'a str,
    pub tags: &'a [String],
    pub quote: &'a str,
    /// What is said of it under its tags: document, annotator, note…
    pub details: &'a str,
}

impl Item<'_> {
    /// The item in two rows of `width` columns: the marker, the tag keys in their colours and
    /// the quote; then the details, dim, under the tags.
    pub(crate) fn lines(&self, app: &App, width: usize, selected: bool) -> [Line<'static>; 2] {
        let scheme = &app.corpus.tags;
        let mut head = vec![Span::raw(self.marker.to_owned())];
        for tag in self.tags {
            let style = Style::new().fg(app.prefs.theme.color_of(scheme, tag));
            head.push(Span::styled(theme::key_of(scheme, tag).to_string(), style));
        }
        let indent = self.marker.chars().count() + 2;
        let room = width.saturating_sub(self.tags.len() + indent + 1);
        head.push(Span::raw(format!(" “{}”", fit(self.quote, room))));
        let style = if selected {
            app.prefs.theme.selected_item(true)
        } else {
            Style::new()
        };
        let details = fit(self.details, width.saturating_sub(indent));
        [
            Line::from(head).style(style),
            Line::styled(
                format!("{}{details}", " ".repeat(indent)),
                app.prefs.theme.dim(),
            ),
        ]
    }
}
