//! The review screen over the panes: the document's disagreements on the left, marked by kind
//! and whether the final coding settles them; on the right the current one's text, each coder's
//! version (the one `Enter` accepts marked) and the final coding.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::core::adjudication::{Kind, Passage};
use crate::core::agreement::shown;
use crate::core::annotation::Annotation;
use crate::core::fields::in_scheme_order;
use crate::core::plural::count;
use crate::tui::action::Action;
use crate::tui::component::{Component, hints};
use crate::tui::fit::fit;
use crate::tui::keymap::Scope;
use crate::tui::review::Review;
use crate::tui::state::App;
use crate::tui::view::theme;

pub fn render(app: &App, review: &Review, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let entry = &app.corpus.entries[review.entry];
    let disagreements: Vec<usize> = review.disagreements().collect();
    let settled = disagreements
        .iter()
        .filter(|&&i| review.settled(&review.passages[i]))
        .count();
    let agreed = review.passages.len() - disagreements.len();
    let block = app
        .prefs
        .theme
        .block(true)
        .title(format!(
            " Review {} · {} → {} · {} ",
            // Named as the document list names it (file names may be hashes), leaving the
            // coders and the agreement room.
            fit(&entry.meta.title, (area.width as usize / 3).max(12)),
            review
                .coders
                .iter()
                .map(|c| shown(c))
                .collect::<Vec<_>>()
                .join(" vs "),
            review.adjudicator,
            review.agreement
        ))
        .title_bottom(
            Line::from(format!(
                " {} · {settled} settled · {agreed} agreed ",
                count(disagreements.len(), "disagreement")
            ))
            .right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    // The keys, always in sight: the status bar keeps its line for what the last key did.
    let keys: Vec<Line> = pack(
        &hints(app, review.scope(), &review.commands(app)),
        inner.width as usize,
    )
    .into_iter()
    .map(|l| Line::styled(l, app.prefs.theme.dim()))
    .collect();
    let key_rows = (keys.len() as u16).min(inner.height / 3);
    let [panes, keys_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(key_rows)]).areas(inner);
    Paragraph::new(keys).render(keys_area, buf);
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
            .spacing(1)
            .areas(panes);
    render_list(app, review, &disagreements, list, buf);
    render_detail(app, review, detail, buf);
}

/// The status-bar hints `joined` (by " · ") in rows of `width` columns, none cut inside.
fn pack(joined: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for hint in joined.split(" · ") {
        match rows.last_mut() {
            Some(row) if row.chars().count() + 3 + hint.chars().count() <= width => {
                row.push_str(" · ");
                row.push_str(hint);
            }
            _ => rows.push(hint.to_owned()),
        }
    }
    rows
}

fn kind_label(review: &Review, kind: &Kind) -> String {
    match kind {
        Kind::Agreed => "agreed".to_owned(),
        Kind::OnlySome(coded) => {
            let names: Vec<&str> = coded.iter().map(|&c| shown(&review.coders[c])).collect();
            format!("only {}", names.join(", "))
        }
        Kind::Tags => "tags differ".to_owned(),
        Kind::Fields => "fields differ".to_owned(),
        Kind::Links => "links differ".to_owned(),
        Kind::Extent => "extent differs".to_owned(),
    }
}

/// The passage's text: from the first of its annotations' quotes, as the coders saw it.
fn region_text(app: &App, review: &Review, p: &Passage) -> String {
    match app.open.as_ref().filter(|o| o.entry == review.entry) {
        Some(open) => {
            let (text, index) = (&open.doc.text, &open.doc.index);
            text[index.char_to_byte(text, p.region.start)..index.char_to_byte(text, p.region.end)]
                .to_owned()
        }
        None => String::new(),
    }
}

fn render_list(app: &App, review: &Review, disagreements: &[usize], area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let mut lines = Vec::new();
    if disagreements.is_empty() {
        lines.push(Line::styled(
            "The coders agree on every passage.",
            app.prefs.theme.dim(),
        ));
    }
    let capacity = (area.height as usize).max(1);
    let at = disagreements
        .iter()
        .position(|&i| Some(i) == review.selected)
        .unwrap_or(0);
    let first = (at + 1).saturating_sub(capacity);
    for &i in disagreements.iter().skip(first).take(capacity) {
        let p = &review.passages[i];
        let selected = Some(i) == review.selected;
        let head = format!(
            "{}{} {:<14} ",
            if selected { "▸" } else { " " },
            if review.settled(p) { "✓" } else { " " },
            fit(&kind_label(review, &p.kind), 14),
        );
        let room = width.saturating_sub(head.chars().count() + 2);
        let quote = format!("“{}”", fit(&region_text(app, review, p), room));
        let style = if selected {
            app.prefs.theme.selected_item(true)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![Span::raw(head), Span::raw(quote)]).style(style));
    }
    Paragraph::new(lines).render(area, buf);
}

/// One annotation of a version: its tags' keys and names, its quote, its field values, its
/// links (each target's quote when it is in the document, `anns`), its note.
fn annotation_lines(
    app: &App,
    anns: &[Annotation],
    a: &Annotation,
    width: usize,
) -> Vec<Line<'static>> {
    let tags = &app.corpus.tags;
    let mut head = vec![Span::raw("    ")];
    for t in &a.tags {
        let style = Style::new().fg(app.prefs.theme.color_of(tags, t));
        head.push(Span::styled(
            format!("{} {t} ", theme::key_of(tags, t)),
            style,
        ));
    }
    if a.tags.is_empty() {
        head.push(Span::styled("(no tag) ", app.prefs.theme.dim()));
    }
    let mut lines = vec![
        Line::from(head),
        Line::raw(format!(
            "      “{}”",
            fit(&a.quote, width.saturating_sub(8))
        )),
    ];
    // Field values and links, so that a passage whose versions differ only there shows how.
    let fields: Vec<String> = in_scheme_order(&a.fields, tags)
        .into_iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    if !fields.is_empty() {
        let fields = fields.join(" · ");
        lines.push(Line::raw(format!(
            "      {}",
            fit(&fields, width.saturating_sub(6))
        )));
    }
    if !a.links.is_empty() {
        let links: Vec<String> = a
            .links
            .iter()
            .map(|l| match anns.iter().find(|t| t.id == l.to) {
                Some(t) => format!("{} “{}”", l.kind, fit(&t.quote, 24)),
                None => l.kind.clone(),
            })
            .collect();
        let links = format!("→ {}", links.join(", "));
        lines.push(Line::styled(
            format!("      {}", fit(&links, width.saturating_sub(6))),
            app.prefs.theme.dim(),
        ));
    }
    if !a.note.is_empty() {
        lines.push(Line::styled(
            format!("      ✎ {}", fit(&a.note, width.saturating_sub(8))),
            app.prefs.theme.dim(),
        ));
    }
    lines
}

fn render_detail(app: &App, review: &Review, area: Rect, buf: &mut Buffer) {
    let Some(p) = review.current() else {
        let text = app.prefs.keymap.with_keys(
            "Nothing to settle: {accept_agreements} takes the agreed passages into the final coding.",
        );
        Paragraph::new(Line::styled(text, app.prefs.theme.dim()))
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    };
    let anns = &app.corpus.entries[review.entry].annotations;
    let width = area.width as usize;
    let what = match &p.kind {
        Kind::OnlySome(_) => format!(
            "{}: the others did not code it",
            kind_label(review, &p.kind)
        ),
        kind => kind_label(review, kind),
    };
    let mut lines = vec![Line::styled(fit(&what, width), app.prefs.theme.heading())];
    // Line by line, so that the passage's paragraphs stay apart; wrapped here, so that the
    // rows counted for scrolling are the rows drawn.
    let quoted = format!("“{}”", region_text(app, review, p));
    for line in quoted.lines() {
        let rows = textwrap::wrap(line, width.max(1));
        if rows.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(rows.into_iter().map(|r| Line::raw(r.into_owned())));
    }
    lines.push(Line::raw(""));
    for (c, version) in p.versions.iter().enumerate() {
        let chosen = c == review.version;
        let head = format!(
            "{} {}",
            if chosen { "▸" } else { " " },
            shown(&review.coders[c])
        );
        lines.push(if chosen {
            Line::styled(head, app.prefs.theme.selected_item(true))
        } else {
            Line::raw(head)
        });
        if version.is_empty() {
            lines.push(Line::styled("    — did not code it", app.prefs.theme.dim()));
        }
        for &i in version {
            lines.extend(annotation_lines(app, anns, &anns[i], width));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Final coding ({})", review.adjudicator),
        app.prefs.theme.heading(),
    ));
    if p.finals.is_empty() {
        let none = if review.settled(p) {
            "    — none: settled as coded by nothing"
        } else {
            "    — not settled yet"
        };
        lines.push(Line::styled(none, app.prefs.theme.dim()));
    }
    if !p.finals.is_empty() && !review.settled(p) {
        lines.push(Line::styled(
            "    — made before a coder's last change here: settle it again",
            app.prefs.theme.dim(),
        ));
    }
    for &i in &p.finals {
        lines.extend(annotation_lines(app, anns, &anns[i], width));
    }
    // Scrolled no further than its last row at the bottom; when it does not fit, the last row
    // says what is cut off.
    let rows = lines.len();
    let height = if rows > area.height as usize {
        area.height.saturating_sub(1) as usize
    } else {
        area.height as usize
    };
    review.scroll_max.set(rows.saturating_sub(height));
    let scroll = review.scroll.min(rows.saturating_sub(height));
    Paragraph::new(lines).scroll((scroll as u16, 0)).render(
        Rect {
            height: height as u16,
            ..area
        },
        buf,
    );
    if rows > height {
        let below = rows - scroll - height;
        let key = |action| app.prefs.keymap.key_name(action, Scope::Review);
        let more = match (scroll, below) {
            (0, _) => format!(
                "↓ {}: {}",
                count(below, "more row"),
                key(Action::RowPageDown)
            ),
            (_, 0) => format!(
                "↑ {} above: {}",
                count(scroll, "row"),
                key(Action::RowPageUp)
            ),
            _ => format!("↑ {} above, ↓ {below} below", count(scroll, "row")),
        };
        let line = Line::styled(more, app.prefs.theme.dim()).right_aligned();
        line.render(
            Rect::new(area.x, area.y + height as u16, area.width, 1),
            buf,
        );
    }
}
