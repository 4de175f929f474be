//! The help screen, written from the key map in effect and the tag scheme.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::core::tags::TagSet;
use crate::tui::component::Component;
use crate::tui::help::HelpScreen;
use crate::tui::keymap::{Keymap, Scope};
use crate::tui::state::App;
use crate::tui::view::theme::Theme;

/// What the key table does not say: counts, and the mouse; `{action}` stands for that action's
/// key in effect (`Keymap::with_keys`).
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Counts (reading pane)",
        &[
            "  digits before a motion repeat it, as in vim (5{select_end_word_forward}, 40{next_sentence}): a count starts with a digit \
             that no tag uses; tag keys end a selection, and the annotation they made takes the \
             next tag key until a motion",
        ],
    ),
    (
        "Mouse",
        &[
            "  click a document to open it, a sentence to put the cursor on it, an annotation in \
             the sidebar to show it;",
            "  drag over text to select it (by word); click a tag in the legend to apply it; the \
             wheel scrolls the pane under it",
        ],
    ),
];

/// Every line of the help screen.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut out = key_lines(&app.prefs.keymap, &app.prefs.theme, &app.corpus.tags);
    for (title, lines) in SECTIONS {
        out.push(Line::raw(""));
        out.push(Line::styled(*title, app.prefs.theme.heading()));
        out.extend(
            lines
                .iter()
                .map(|l| Line::raw(app.prefs.keymap.with_keys(l))),
        );
    }
    out
}

/// The heading of the tags' keys.
const TAGS: &str =
    "Tags (reading pane: applies to the selection or the sentence; again removes it)";

/// The key table's part of the help: each place with its keys and what they do, and the tags'
/// keys after the panes'.
fn key_lines(keymap: &Keymap, theme: &Theme, tags: &TagSet) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for scope in Scope::ALL {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(keymap.title(scope), theme.heading()));
        for b in keymap.bindings().iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            let keys = if keys.is_empty() {
                "(no key)".to_owned()
            } else {
                keys.join(", ")
            };
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<21} "), theme.key()),
                Span::raw(keymap.described(b)),
            ]));
        }
        if scope == Scope::Sidebar {
            out.push(Line::raw(""));
            out.push(Line::styled(TAGS, theme.heading()));
            for (i, t) in tags.tags.iter().enumerate() {
                out.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<22}", t.key),
                        Style::new().fg(theme.tag_color(i)),
                    ),
                    Span::raw(format!("{} ({}): {}", t.name, t.group, t.description)),
                ]));
            }
        }
    }
    out
}

/// The help's own keys, from the key table.
fn help_hints(app: &App) -> String {
    let help = HelpScreen::default();
    crate::tui::component::hints(app, help.scope(), &help.commands(app))
}

/// The help box within the screen, and its block.
fn popup(app: &App, area: Rect) -> (Rect, ratatui::widgets::Block<'static>) {
    let popup = area.inner(ratatui::layout::Margin::new(
        area.width / 10,
        (area.height / 10).max(1),
    ));
    let block = app
        .prefs
        .theme
        .block(true)
        .title(" Keys ")
        .title_bottom(Line::from(format!(" {} ", help_hints(app))).right_aligned());
    (popup, block)
}

/// The help's lines wrapped to `width` columns, each continuation indented under the text it
/// continues (a tag's description under the description), so that the rows drawn are the
/// rows counted.
fn wrapped(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines(app) {
        if line.width() <= width || width < 8 {
            out.push(line);
            continue;
        }
        let mut spans = line.spans;
        let last = spans.pop().expect("a line wider than the box has a span");
        let mut indent: usize = spans.iter().map(|s| s.width()).sum();
        let mut text = last.content.into_owned();
        if spans.is_empty() {
            let trimmed = text.trim_start().to_owned();
            indent = text.len() - trimmed.len();
            spans.push(Span::raw(" ".repeat(indent)));
            text = trimmed;
        }
        let indent = indent.min(width / 2);
        // At spaces only: a command's arguments (`[A,B|mine|all]`) stay whole.
        let options = textwrap::Options::new(width - indent)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        for (i, piece) in textwrap::wrap(&text, options).into_iter().enumerate() {
            let mut row = if i == 0 {
                spans.clone()
            } else {
                vec![Span::raw(" ".repeat(indent))]
            };
            row.push(Span::styled(piece.into_owned(), last.style));
            out.push(Line::from(row));
        }
    }
    out
}

/// The furthest the help scrolls on a screen of `area`: its last row at the bottom of the box.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let (popup, block) = popup(app, area);
    let inner = block.inner(popup);
    wrapped(app, inner.width as usize)
        .len()
        .saturating_sub(inner.height as usize)
}

/// The scroll that shows `scope`'s keys at the top of the box on a screen of `area` (as far as
/// the help scrolls): the help opened from a screen starts at that screen's keys.
pub fn scroll_to(app: &App, area: Rect, scope: Scope) -> usize {
    let (popup, block) = popup(app, area);
    let title = app.prefs.keymap.title(scope);
    wrapped(app, block.inner(popup).width as usize)
        .iter()
        // The heading's first row: a long one wraps.
        .position(|l| {
            let row = l.to_string();
            !row.is_empty() && title.starts_with(row.trim_end())
        })
        .unwrap_or(0)
        .min(max_scroll(app, area))
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let (popup, block) = popup(app, area);
    Clear.render(popup, buf);
    let inner = block.inner(popup);
    let lines = wrapped(app, inner.width as usize);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .block(block)
        .scroll((scroll as u16, 0))
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::BINDINGS;

    /// The rows of the help that show keys: under each heading, the keys column and what they
    /// do.
    fn key_rows(lines: &[Line<'static>], theme: &Theme) -> Vec<(String, String, String)> {
        let mut heading = String::new();
        let mut rows = Vec::new();
        for line in lines {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            match line.spans.first() {
                Some(first) if first.style == theme.key() => rows.push((
                    heading.clone(),
                    first.content.trim().to_owned(),
                    line.spans[1..].iter().map(|s| s.content.as_ref()).collect(),
                )),
                _ if line.style == theme.heading() => heading = text,
                _ => {}
            }
        }
        rows
    }

    #[test]
    fn the_help_shows_every_binding_of_the_key_table_and_no_other_keys() {
        let keymap = Keymap::default();
        let theme = Theme::default();
        let tags =
            TagSet::parse(crate::core::corpus::DEFAULT_TAGS, std::path::Path::new("t")).unwrap();
        let rows = key_rows(&key_lines(&keymap, &theme, &tags), &theme);
        let keymap = &keymap;
        let expected: Vec<(String, String, String)> = Scope::ALL
            .iter()
            .flat_map(|&scope| {
                BINDINGS
                    .iter()
                    .filter(move |b| b.scope == scope)
                    .map(move |b| {
                        let bound = keymap
                            .bindings()
                            .iter()
                            .find(|o| o.scope == scope && o.action == b.action);
                        let help = keymap.described(bound.expect("every binding is in effect"));
                        (keymap.title(scope), b.keys.join(", "), help)
                    })
            })
            .collect();
        assert_eq!(
            rows, expected,
            "the help's key rows are the key table's, in its order"
        );
        // Every scope of the table is in the help, and every binding's scope is one of them.
        assert!(BINDINGS.iter().all(|b| Scope::ALL.contains(&b.scope)));
    }
}
