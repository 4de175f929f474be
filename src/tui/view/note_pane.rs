//! The note pane: the whole note of the annotation here, wrapped at words, its line breaks kept.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Focus};

/// The annotation whose note the pane shows: the one selected in the sidebar while it has the
/// focus (unplaced ones too), else the one under the cursor in the reading pane.
fn shown(app: &App) -> Option<&Annotation> {
    let anns = app.open_annotations();
    match app.focus {
        Focus::Sidebar => anns.get(app.sidebar.selected),
        _ => app.annotation_here().map(|i| &anns[i]),
    }
}

/// The note's rows at `width` columns: each of its lines wrapped at words, an empty line kept.
fn rows(note: &str, width: usize) -> Vec<String> {
    note.split('\n')
        .flat_map(|line| {
            let wrapped = textwrap::wrap(line, width.max(1));
            if wrapped.is_empty() {
                vec![String::new()]
            } else {
                wrapped.into_iter().map(|r| r.into_owned()).collect()
            }
        })
        .collect()
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let ann = shown(app);
    let title = match ann {
        Some(a) if a.annotator != app.coding.coder => format!(" Note · {}'s ", a.annotator),
        _ => " Note ".to_owned(),
    };
    let block = app.prefs.theme.block(false).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let (width, height) = (inner.width as usize, inner.height as usize);
    let edit_key = app
        .prefs
        .keymap
        .key_for(Action::EditNote, Scope::Reader)
        .map_or_else(|| Action::EditNote.name(), |k| k.to_string());
    let lines: Vec<Line> = match ann {
        None => vec![Line::styled("No annotation here.", app.prefs.theme.dim())],
        Some(a) if a.note.is_empty() => vec![Line::styled(
            format!("No note: {edit_key} writes one."),
            app.prefs.theme.dim(),
        )],
        Some(a) => {
            let mut rows = rows(&a.note, width);
            if rows.len() > height && height > 0 {
                let more = rows.len() - (height - 1);
                rows.truncate(height - 1);
                let last = format!("… {more} more rows: {edit_key} shows all");
                let mut lines: Vec<Line> = rows.into_iter().map(Line::raw).collect();
                lines.push(Line::styled(last, app.prefs.theme.dim()));
                lines
            } else {
                rows.into_iter().map(Line::raw).collect()
            }
        }
    };
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn line_breaks_and_empty_lines_are_kept_and_long_lines_wrap_at_words() {
        assert_eq!(
            rows("one two three\n\nfour", 8),
            ["one two", "three", "", "four"]
        );
        assert_eq!(rows("", 8), [""]);
    }
}
