//! The status bar: what just happened, what is not saved, and where help is.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::documents::words;
use crate::tui::action::Action as A;
use crate::tui::component::{Hint, hints};
use crate::tui::keymap::Scope;
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
        (_, Focus::Reader) if app.active_search().is_some() => hints(
            app,
            Scope::Search,
            &[
                Hint::keys(&[A::NextMatch], "next"),
                Hint::keys(&[A::PreviousMatch], "previous match"),
                Hint::keys(&[A::SelectMatch], "select it"),
                Hint::keys(
                    &[A::EndSearch],
                    if picked(app) {
                        "drops it"
                    } else {
                        "ends the search"
                    },
                ),
            ],
        ),
        (_, Focus::Reader) if selecting(app) => hints(
            app,
            Scope::Reader,
            &[
                Hint::keys(&[A::SwapEnds], "swap ends"),
                Hint::keys(&[A::ClauseForward], "to the next clause mark"),
                Hint::text("tag keys tag it"),
                Hint::keys(&[A::ClearSelection], "drop"),
            ],
        ),
        (_, Focus::Reader) if picked(app) => hints(
            app,
            Scope::Reader,
            &[
                Hint::text("tag keys add or remove"),
                Hint::keys(&[A::EditNote], "note"),
                Hint::keys(&[A::DeleteAnnotation], "delete"),
                Hint::keys(&[A::ClearSelection], "leave"),
            ],
        ),
        (_, Focus::Reader) => hints(
            app,
            Scope::Reader,
            &[
                Hint::keys(&[A::ToggleSelection], "select"),
                Hint::text("tag keys"),
                Hint::keys(&[A::EditNote], "note"),
                Hint::keys(&[A::SearchForward], "search"),
                Hint::keys(&[A::Help], "help"),
                Hint::keys(&[A::Quit], "quit"),
            ],
        ),
        (_, Focus::List) => hints(
            app,
            Scope::List,
            &[
                Hint::keys(&[A::OpenDocument], "open"),
                Hint::keys(&[A::FilterList], "filter"),
                Hint::keys(&[A::CycleSort], "sort"),
                Hint::keys(&[A::CycleMark], "mark"),
                Hint::keys(&[A::Help], "help"),
                Hint::keys(&[A::Quit], "quit"),
            ],
        ),
        // On a guess, what to do with it comes first.
        (_, Focus::Sidebar)
            if app
                .open_annotations()
                .get(app.sidebar.selected)
                .is_some_and(|a| a.to_confirm()) =>
        {
            hints(
                app,
                Scope::Sidebar,
                &[
                    Hint::keys(&[A::ConfirmPlacement], "confirm"),
                    Hint::keys(&[A::JumpToAnnotation], "show"),
                    Hint::keys(&[A::AttachAnnotation], "move to selection"),
                    Hint::keys(&[A::DeleteAnnotation], "delete"),
                    Hint::keys(&[A::Help], "help"),
                ],
            )
        }
        (_, Focus::Sidebar) => hints(
            app,
            Scope::Sidebar,
            &[
                Hint::keys(&[A::JumpToAnnotation], "show"),
                Hint::keys(&[A::ToggleNotePane], "note pane"),
                Hint::keys(&[A::DeleteAnnotation], "delete"),
                Hint::keys(&[A::AttachAnnotation], "attach"),
                Hint::keys(&[A::EditTags], "tags"),
                Hint::keys(&[A::Help], "help"),
                Hint::keys(&[A::Quit], "quit"),
            ],
        ),
    };
    let mut spans = Vec::new();
    // Whatever has focus, so that a coder never takes a blind screen for everyone's coding.
    if app.blind {
        spans.push(Span::styled("BLIND · ", app.theme.heading()));
    }
    if !app.coders.is_empty() {
        let coders = format!("CODERS {} · ", app.coders.join(","));
        spans.push(Span::styled(coders, app.theme.heading()));
    }
    // The open document was read in an encoding other than UTF-8, guessed or from its BOM.
    if let Some(open) = &app.open
        && open.doc.encoding != "UTF-8"
    {
        spans.push(Span::styled(
            format!("{} · ", open.doc.encoding),
            app.theme.dim(),
        ));
    }
    // An error keeps the whole line to say what and why, as it does from the keys; what the
    // next tag key acts on is back with the next message, and drawn in the text meanwhile.
    if let Some(label) = pick_label(app).filter(|_| !error_shown) {
        spans.push(Span::styled(label, app.theme.heading()));
        if app.status.is_some() || !app.unsaved.is_empty() {
            spans.push(Span::raw(" │ "));
        }
    }
    if !app.unsaved.is_empty() {
        spans.push(Span::styled(
            format!("⚠ {} unsaved · ", app.unsaved.len()),
            app.theme.error(),
        ));
    }
    match &app.status {
        Some(s) if s.error => spans.push(Span::styled(s.text.clone(), app.theme.error())),
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
    Paragraph::new(Line::styled(hint.clone(), app.theme.dim()).right_aligned()).render(right, buf);
}

fn selecting(app: &App) -> bool {
    app.open.as_ref().is_some_and(|o| o.selection().is_some())
}

/// Whether a selection or a current annotation is what the tag keys act on.
fn picked(app: &App) -> bool {
    app.open.as_ref().is_some_and(|o| o.pick != Pick::Sentence)
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
        1 => "1 word".to_owned(),
        n if n > MOST_WORDS => format!("more than {MOST_WORDS} words"),
        n => format!("{n} words"),
    };
    let mut label = match &open.pick {
        Pick::Select(sel) => format!("SELECT · {}", length(sel.span())),
        Pick::Annotation { id, .. } => {
            let current = app.open_annotations().iter().find(|a| a.id == *id);
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
                Some(a) if a.annotator != app.coder => {
                    format!("{}'s · {keys} — a tag key goes on your own", a.annotator)
                }
                _ => format!("TAGGED · {keys} — next tag key adds to it"),
            }
        }
        Pick::Sentence => format!("SENTENCE · {}", length(open.cursor_span()?)),
    };
    if let Some(n) = app.reader.count {
        label.push_str(&format!(" · {n}"));
    }
    Some(label)
}
