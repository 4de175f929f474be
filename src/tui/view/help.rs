//! The help screen, written from the key map in effect and the tag scheme.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::keymap::{Keymap, Scope};
use crate::tui::state::App;
use crate::tui::view::theme::Theme;

/// Places with keys of their own, outside the key table: the prompts, the lists
/// and dialogs, and the mouse.
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Counts (reading pane)",
        &[
            "  digits before a motion repeat it, as in vim (5l, 40j): a count starts with a digit \
             that no tag uses; tag keys end a selection, and the annotation they made takes the \
             next tag key until a motion",
        ],
    ),
    (
        "Search and command prompts (/ ? :)",
        &["  Enter searches or runs · Esc cancels · :grep PATTERN searches the corpus · :help"],
    ),
    (
        "Corpus search list (:grep, C-f)",
        &["  j/k walk · g/G first/last · Enter opens the document at the hit · Esc closes"],
    ),
    (
        "Tag view (t)",
        &[
            "  picker: a tag's key or Space checks it, Tab any/all, Enter shows · view: j/k walk, \
           Enter opens, A annotator, D document, t tags, Esc closes",
        ],
    ),
    (
        "Document filter (/ in the list)",
        &[
            "  every word typed must occur in the title, author, source, date or path; Up/Down \
           move, Enter keeps it, Esc drops it",
        ],
    ),
    (
        "Tag editor (C-t)",
        &[
            "  j/k move · a add · Enter edit · r rename (in every annotation; u undoes it) · \
             d describe · Esc close",
            "  in the form: Tab/Down and S-Tab/Up change field, Enter saves, Esc cancels",
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
    let mut out = key_lines(&app.keymap, &app.theme);
    out.push(Line::styled(
        "Tags (reading pane: applies to the selection or the sentence; again removes it)",
        app.theme.heading(),
    ));
    for (i, t) in app.corpus.tags.tags.iter().enumerate() {
        out.push(Line::from(vec![
            Span::styled(
                format!("  {:<22}", t.key),
                Style::new().fg(app.theme.tag_color(i)),
            ),
            Span::raw(format!("{} ({}): {}", t.name, t.group, t.description)),
        ]));
    }
    for (title, lines) in SECTIONS {
        out.push(Line::raw(""));
        out.push(Line::styled(*title, app.theme.heading()));
        out.extend(lines.iter().map(|l| Line::raw(*l)));
    }
    out
}

/// The key table's part of the help: each place with its keys and what they do.
fn key_lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for scope in [
        Scope::Global,
        Scope::List,
        Scope::Reader,
        Scope::Search,
        Scope::Sidebar,
        Scope::Note,
    ] {
        out.push(Line::styled(scope.title(), theme.heading()));
        for b in keymap.bindings().iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            let keys = if keys.is_empty() {
                "(no key)".to_owned()
            } else {
                keys.join(", ")
            };
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<21} "), theme.key()),
                Span::raw(b.help),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

/// The key table's lines of the help screen as plain text, for `gloss help keys`.
pub fn key_table(keymap: &Keymap) -> String {
    let mut text = String::new();
    for line in key_lines(keymap, &Theme::default()) {
        let line: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The help box within the screen, and its block.
fn popup(app: &App, area: Rect) -> (Rect, ratatui::widgets::Block<'static>) {
    let popup = area.inner(ratatui::layout::Margin::new(
        area.width / 10,
        (area.height / 10).max(1),
    ));
    let block = app
        .theme
        .block(true)
        .title(" Keys ")
        .title_bottom(Line::from(" j/k scroll · any other key closes ").right_aligned());
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
        for (i, piece) in textwrap::wrap(&text, width - indent)
            .into_iter()
            .enumerate()
        {
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
