//! The status bar: what just happened, what is not saved, and where help is.

use crate::core::plural::count;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::documents::words;
use crate::tui::component::{Pane, hints};
use crate::tui::document_list::DocumentList;
use crate::tui::reader::Reader;
use crate::tui::sidebar::Sidebar;
use crate::tui::state::{App, Focus, Pick};

/// Words counted for the length of a selection; past it the status bar says "more than".
const MOST_WORDS: usize = 9999;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let error_shown = app.status.as_ref().is_some_and(|s| s.error);
    let hint = match (app.mode.component(), app.focus) {
        (Some(c), _) => hints(app, c.scope(), &c.commands(app)),
        // An error needs the whole line to say what and why; the keys come back with the next
        // message.
        _ if error_shown => String::new(),
        (_, Focus::Reader) => hints(app, Reader::scope(app), &Reader::commands(app)),
        (_, Focus::List) => hints(app, DocumentList::scope(app), &DocumentList::commands(app)),
        (_, Focus::Sidebar) => hints(app, Sidebar::scope(app), &Sidebar::commands(app)),
    };
    let mut spans = Vec::new();
    // Whatever has focus, so that a coder never takes a blind screen for everyone's coding.
    if app.coding.blind {
        spans.push(Span::styled("BLIND · ", app.prefs.theme.heading()));
    }
    if !app.coding.coders.is_empty() {
        let coders = format!("CODERS {} · ", app.coding.coders.join(","));
        spans.push(Span::styled(coders, app.prefs.theme.heading()));
    }
    // The open document was read in an encoding other than UTF-8, guessed or from its BOM.
    if let Some(open) = &app.open
        && open.doc.encoding != "UTF-8"
    {
        spans.push(Span::styled(
            format!("{} · ", open.doc.encoding),
            app.prefs.theme.dim(),
        ));
    }
    // Wherever the coder goes to find the target, so that a pending link is never forgotten.
    if let Some(from) = &app.linking {
        spans.push(Span::styled(
            format!("LINK FROM “{}” · ", from.quote),
            app.prefs.theme.heading(),
        ));
    }
    // An error keeps the whole line to say what and why, as it does from the keys; what the
    // next tag key acts on is back with the next message, and drawn in the text meanwhile.
    if let Some(label) = pick_label(app).filter(|_| !error_shown) {
        spans.push(Span::styled(label, app.prefs.theme.heading()));
        if app.status.is_some() || !app.unsaved.is_empty() {
            spans.push(Span::raw(" │ "));
        }
    }
    if !app.unsaved.is_empty() {
        spans.push(Span::styled(
            format!("⚠ {} unsaved · ", app.unsaved.len()),
            app.prefs.theme.error(),
        ));
    }
    match &app.status {
        Some(s) if s.error => spans.push(Span::styled(s.text.clone(), app.prefs.theme.error())),
        Some(s) => spans.push(Span::raw(s.text.clone())),
        None => {}
    }
    // A message says what just happened: it keeps the line whole when the keys would cut it.
    let said = Line::from(spans.clone()).width();
    let hint = if said > 0
        && said + unicode_width::UnicodeWidthStr::width(hint.as_str()) + 1 > area.width as usize
    {
        String::new()
    } else {
        hint
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(hint.chars().count() as u16 + 1),
    ])
    .areas(area);
    Paragraph::new(Line::from(spans)).render(left, buf);
    Paragraph::new(Line::styled(hint.clone(), app.prefs.theme.dim()).right_aligned())
        .render(right, buf);
}

/// What the next tag key acts on, as vim shows its mode, while the reading pane has the keys:
/// `SELECT · 23 words`, `TAGGED · a,r — next tag key adds to it` or `SENTENCE · 14 words`, and
/// a count being typed.
fn pick_label(app: &App) -> Option<String> {
    if app.focus != Focus::Reader || !app.mode.is_normal() {
        return None;
    }
    let open = app.open.as_ref()?;
    let text = &open.doc.text;
    let length = |span| match words::count(text, span, MOST_WORDS + 1) {
        n if n > MOST_WORDS => format!("more than {MOST_WORDS} words"),
        n => count(n, "word"),
    };
    let mut label = match &app.reader.pick {
        Pick::Select(sel) => format!("SELECT · {}", length(sel.span())),
        Pick::Annotation { id, span } => {
            let anns = app.open_annotations();
            let current = open.index_of(anns, id, span).map(|i| &anns[i]);
            let keys: Vec<String> = current
                .map(|a| {
                    a.tags
                        .iter()
                        .map(|t| crate::tui::view::theme::key_of(&app.corpus.tags, t).to_string())
                        .collect()
                })
                .unwrap_or_default();
            let keys = if keys.is_empty() {
                "no tags".to_owned()
            } else {
                keys.join(",")
            };
            match current {
                // A tag key never changes another coder's annotation: it goes on the coder's
                // own annotation of the same text.
                Some(a) if a.annotator != app.coding.coder => {
                    format!("{}'s · {keys} — a tag key goes on your own", a.annotator)
                }
                _ => format!("TAGGED · {keys} — next tag key adds to it"),
            }
        }
        Pick::Sentence => format!("SENTENCE · {}", length(app.reader.cursor_span()?)),
    };
    if let Some(n) = app.reader.count {
        label.push_str(&format!(" · {n}"));
    }
    Some(label)
}
