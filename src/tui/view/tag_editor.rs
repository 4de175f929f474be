//! The tag editor, over the middle of the screen: the scheme's tags, or the form of one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::core::corpus::TAGS_FILE;
use crate::core::plural::count;
use crate::tui::component::Component;
use crate::tui::fit::fit;
use crate::tui::state::App;
use crate::tui::tag_edit::{FIELDS, TagEditor, TagForm};
use crate::tui::view::input;

pub fn render(app: &App, editor: &TagEditor, area: Rect, buf: &mut Buffer) {
    let width = area.width.min(96);
    let rows = match &editor.form {
        Some(_) => FIELDS.len() + 3,
        None => app.corpus.tags.tags.len().max(1) + 1,
    };
    let height = area.height.min(rows as u16 + 2);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    use crate::tui::action::Action as A;
    use crate::tui::component::{Hint, hints};
    let (title, keys): (String, &[Hint]) = match &editor.form {
        None => (
            format!(" Tags: {TAGS_FILE} "),
            &[
                Hint::keys(&[A::AddTag], "add"),
                Hint::keys(&[A::Choose], "edit"),
                Hint::keys(&[A::RenameTag], "rename"),
                Hint::keys(&[A::DescribeTag], "describe"),
                Hint::keys(&[A::Close], "close"),
            ],
        ),
        Some(form) => (
            if form.tag.is_some() {
                " Edit tag ".to_owned()
            } else {
                " New tag ".to_owned()
            },
            &[
                Hint::keys(&[A::Submit], "save"),
                Hint::keys(&[A::NextField, A::PreviousField], "field"),
                Hint::keys(&[A::Cancel], "cancel"),
            ],
        ),
    };
    let hint = hints(app, editor.scope(), keys);
    let inner = super::dialog(app, popup, title, &hint, buf);
    let lines = match &editor.form {
        None => list(app, editor, inner.width as usize),
        Some(form) => form_lines(app, form, inner.width as usize),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// One row per tag: key, colour, name, group, description.
fn list(app: &App, editor: &TagEditor, width: usize) -> Vec<Line<'static>> {
    let tags = &app.corpus.tags.tags;
    if tags.is_empty() {
        return vec![Line::styled(
            app.prefs
                .keymap
                .with_keys("No tags yet: press {add_tag} to add one."),
            app.prefs.theme.dim(),
        )];
    }
    let name_w = tags
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0);
    let group_w = tags
        .iter()
        .map(|t| t.group.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(
        format!(
            "key   {:<name_w$}  {:<group_w$}  description",
            "name", "group"
        ),
        app.prefs.theme.dim(),
    )];
    for (i, t) in tags.iter().enumerate() {
        let room = width.saturating_sub(6 + name_w + 2 + group_w + 2);
        let line = Line::from(vec![
            Span::styled(format!(" {}  ", t.key), app.prefs.theme.heading()),
            Span::styled("■ ", Style::new().fg(app.prefs.theme.tag_color(i))),
            Span::raw(format!("{:<name_w$}  {:<group_w$}  ", t.name, t.group)),
            Span::raw(fit(&t.description, room)),
        ]);
        lines.push(if i == editor.selected {
            line.style(app.prefs.theme.selected_item(true))
        } else {
            line
        });
    }
    lines
}

/// The fields, the one being typed in with its cursor, then what saving will do or why it
/// cannot.
fn form_lines(app: &App, form: &TagForm, width: usize) -> Vec<Line<'static>> {
    let label_w = 13;
    let mut lines: Vec<Line> = FIELDS
        .iter()
        .zip(&form.inputs)
        .enumerate()
        .map(|(i, (label, input))| {
            let mut spans = vec![Span::styled(
                format!("{label:<label_w$}"),
                if i == form.field {
                    app.prefs.theme.heading()
                } else {
                    app.prefs.theme.dim()
                },
            )];
            let room = width.saturating_sub(label_w);
            if i == form.field {
                spans.extend(input::spans(input, room));
            } else {
                spans.push(Span::raw(fit(&input.value, room)));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    let old_name = form.tag.map(|i| app.corpus.tags.tags[i].name.as_str());
    let new_name = form.inputs[0].value.trim();
    if let Some(error) = &form.error {
        lines.push(Line::styled(error.clone(), app.prefs.theme.error()));
    } else if old_name.is_some_and(|n| n != new_name) && form.uses.0 > 0 {
        let (n, docs) = form.uses;
        lines.push(Line::styled(
            format!(
                "Saving renames the tag in {} of {}; {} undoes it.",
                count(n, "annotation"),
                count(docs, "document"),
                app.prefs.keymap.with_keys("{undo}")
            ),
            app.prefs.theme.dim(),
        ));
    } else {
        lines.push(Line::styled(
            "Colours: a name such as light-red, or #rrggbb. The key applies the tag in the reading pane.",
            app.prefs.theme.dim(),
        ));
    }
    lines
}
