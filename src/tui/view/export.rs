//! The export dialog, over the middle of the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::core::formats::Format;
use crate::tui::component::Component;
use crate::tui::export_dialog::ExportDialog;
use crate::tui::fit::fit;
use crate::tui::state::App;

pub fn render(app: &App, dialog: &ExportDialog, area: Rect, buf: &mut Buffer) {
    let width = area.width.min(76);
    // Room for what was left out, and why, once written.
    let extra = if dialog.left_out.is_empty() { 0 } else { 5 };
    let height = area.height.min(9 + extra);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    Clear.render(popup, buf);
    use crate::tui::action::Action as A;
    use crate::tui::component::{Hint, hints};
    let hint = if dialog.written.is_some() {
        " any key closes ".to_owned()
    } else {
        let keys = [
            Hint::keys(&[A::Choose], "export"),
            Hint::keys(&[A::NextChoice, A::PreviousChoice], "change"),
            Hint::keys(&[A::RowDown, A::RowUp], "line"),
            Hint::keys(&[A::Close], "cancel"),
        ];
        format!(" {} ", hints(app, dialog.scope(), &keys))
    };
    let block = app
        .prefs
        .theme
        .block(true)
        .title(" Export ")
        .title_bottom(Line::from(hint).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    let cols = inner.width as usize;
    let value = |text: String, row: usize| {
        let style = if dialog.row == row && dialog.written.is_none() {
            app.prefs.theme.selection()
        } else {
            app.prefs.theme.heading()
        };
        Span::styled(format!("‹ {text} ›"), style)
    };
    let format: Format = dialog.format();
    let document = app
        .open
        .as_ref()
        .map(|o| app.corpus.entries[o.entry].rel_path.clone());
    let scope = match (&document, dialog.whole_corpus) {
        (Some(rel), false) => format!("this document ({rel})"),
        _ => format!(
            "whole corpus ({})",
            crate::core::plural::count(app.corpus.entries.len(), "document")
        ),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Format  "),
            value(format.name().to_owned(), 0),
            Span::styled(format!("  {}", format.description()), app.prefs.theme.dim()),
        ]),
        Line::from(vec![
            Span::raw("Scope   "),
            value(fit(&scope, cols.saturating_sub(12)), 1),
        ]),
        Line::from(vec![
            Span::raw("Coders  "),
            value(
                if dialog.coders().is_empty() {
                    "everyone".to_owned()
                } else {
                    fit(&dialog.coders().join(", "), cols.saturating_sub(12))
                },
                2,
            ),
        ]),
        Line::raw(""),
    ];
    match &dialog.written {
        None => {
            let corpus = app.corpus.root.file_name().unwrap_or_default();
            lines.push(Line::styled(
                format!(
                    "Writes into exports/ beside {}/, under a name with the date and time",
                    corpus.to_string_lossy()
                ),
                app.prefs.theme.dim(),
            ));
        }
        Some(Ok(path)) => {
            lines.push(Line::raw("Written to"));
            lines.push(Line::styled(
                path.display().to_string(),
                app.prefs.theme.heading(),
            ));
            if let Some(first) = dialog.left_out.first() {
                lines.push(Line::raw(""));
                let more = match dialog.left_out.len() {
                    1 => String::new(),
                    n => format!(" (and {} more: see `gloss check`)", n - 1),
                };
                lines.push(Line::styled(
                    format!("Left out: {first}{more}"),
                    app.prefs.theme.error(),
                ));
            }
        }
        Some(Err(e)) => lines.push(Line::styled(
            format!("Not exported: {e}"),
            app.prefs.theme.error(),
        )),
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
