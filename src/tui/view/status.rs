//! The status bar: what just happened, what is not saved, and where help is.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::words;
use crate::tui::action::Action as A;
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Focus, Mode, Pick};

/// Words counted for the length of a selection; past it the status bar says "more than".
const MOST_WORDS: usize = 9999;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let error_shown = app.status.as_ref().is_some_and(|s| s.error);
    let hint = match (&app.mode, app.focus) {
        // An error needs the whole line to say what and why; the keys come back with the next
        // message.
        (Mode::Normal, _) if error_shown => String::new(),
        (Mode::Note(_), _) => hints(
            app,
            Scope::Note,
            &[
                (Some(A::SaveNote), "save"),
                (Some(A::CancelNote), "cancel"),
                (Some(A::NoteNewLine), "new line"),
                (Some(A::NoteDeleteWordBack), "delete word"),
                (Some(A::NoteUndo), "undo"),
            ],
        ),
        (Mode::Help { .. }, _) => "j/k scroll · any other key closes".to_owned(),
        (Mode::Export(d), _) if d.written.is_some() => "any key closes".to_owned(),
        (Mode::Export(_), _) => "Enter export · Esc cancel".to_owned(),
        (Mode::Prompt(_), _) => String::new(),
        (Mode::Grep, _) => "j/k walk · Enter open · Esc close".to_owned(),
        (Mode::TagPicker(_), _) => "tag key or Space check · Enter show · Esc cancel".to_owned(),
        (Mode::TagView, _) => "j/k walk · Enter open · A/D filter · Esc close".to_owned(),
        (_, Focus::Reader) if app.active_search().is_some() => hints(
            app,
            Scope::Search,
            &[
                (Some(A::NextMatch), "next"),
                (Some(A::PreviousMatch), "previous match"),
                (Some(A::SelectMatch), "select it"),
                (
                    Some(A::EndSearch),
                    if picked(app) {
                        "drops it"
                    } else {
                        "ends the search"
                    },
                ),
            ],
        ),
        (Mode::ListFilter(_), _) => "type to filter · ↑/↓ move · Enter keep · Esc drop".to_owned(),
        (Mode::Tags(_), _) => "Esc close".to_owned(),
        (_, Focus::Reader) if selecting(app) => hints(
            app,
            Scope::Reader,
            &[
                (Some(A::SwapEnds), "swap ends"),
                (Some(A::ClauseForward), "to the next clause mark"),
                (None, "tag keys tag it"),
                (Some(A::ClearSelection), "drop"),
            ],
        ),
        (_, Focus::Reader) if picked(app) => hints(
            app,
            Scope::Reader,
            &[
                (None, "tag keys add or remove"),
                (Some(A::EditNote), "note"),
                (Some(A::DeleteAnnotation), "delete"),
                (Some(A::ClearSelection), "leave"),
            ],
        ),
        (_, Focus::Reader) => hints(
            app,
            Scope::Reader,
            &[
                (Some(A::ToggleSelection), "select"),
                (None, "tag keys"),
                (Some(A::EditNote), "note"),
                (Some(A::SearchForward), "search"),
                (Some(A::Help), "help"),
                (Some(A::Quit), "quit"),
            ],
        ),
        (_, Focus::List) => hints(
            app,
            Scope::List,
            &[
                (Some(A::OpenDocument), "open"),
                (Some(A::FilterList), "filter"),
                (Some(A::CycleSort), "sort"),
                (Some(A::CycleMark), "mark"),
                (Some(A::Help), "help"),
                (Some(A::Quit), "quit"),
            ],
        ),
        // On a guess, what to do with it comes first.
        (_, Focus::Sidebar)
            if app
                .open_annotations()
                .get(app.sidebar_selected)
                .is_some_and(|a| a.to_confirm()) =>
        {
            hints(
                app,
                Scope::Sidebar,
                &[
                    (Some(A::ConfirmPlacement), "confirm"),
                    (Some(A::JumpToAnnotation), "show"),
                    (Some(A::AttachAnnotation), "move to selection"),
                    (Some(A::DeleteAnnotation), "delete"),
                    (Some(A::Help), "help"),
                ],
            )
        }
        (_, Focus::Sidebar) => hints(
            app,
            Scope::Sidebar,
            &[
                (Some(A::JumpToAnnotation), "show"),
                (Some(A::ToggleNotePane), "note pane"),
                (Some(A::DeleteAnnotation), "delete"),
                (Some(A::AttachAnnotation), "attach"),
                (Some(A::EditTags), "tags"),
                (Some(A::Help), "help"),
                (Some(A::Quit), "quit"),
            ],
        ),
    };
    let mut spans = Vec::new();
    // Whatever has focus, so that a coder never takes a blind screen for everyone's coding.
    if app.blind {
        spans.push(Span::styled("BLIND · ", app.theme.heading()));
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
    if app.focus != Focus::Reader || app.mode != Mode::Normal {
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
    if let Some(n) = app.count {
        label.push_str(&format!(" · {n}"));
    }
    Some(label)
}

/// "v select · n note · …" with the keys in effect; an action without a key is left out, and an
/// entry without an action is shown as it is.
fn hints(app: &App, scope: Scope, parts: &[(Option<A>, &str)]) -> String {
    let shown: Vec<String> = parts
        .iter()
        .filter_map(|(action, what)| match action {
            Some(a) => app
                .keymap
                .key_for(*a, scope)
                .map(|key| format!("{key} {what}")),
            None => Some((*what).to_owned()),
        })
        .collect();
    shown.join(" · ")
}
