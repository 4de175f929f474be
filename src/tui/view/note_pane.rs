//! The note pane: the fields of the annotation here, one per row, then its whole note, wrapped
//! at words, its line breaks kept.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::annotation::Annotation;
use crate::core::fields::in_scheme_order;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Focus};
use crate::tui::view::pane_frame::PaneFrame;
use crate::tui::wrap;

/// The annotation whose note the pane shows: the one selected in the sidebar while it has the
/// focus (unplaced ones too), else the one under the cursor in the reading pane.
fn shown(app: &App) -> Option<&Annotation> {
    let anns = app.open_annotations();
    match app.focus {
        Focus::Sidebar => anns.get(app.sidebar.selected),
        _ => app.annotation_here().map(|i| &anns[i]),
    }
}

/// The note's rows at `width` columns, as drawn: each of its lines wrapped at words as the
/// reading pane wraps (a tab reaches the next tab stop, and its width counts), tabs expanded to
/// spaces; an empty line kept.
fn rows(note: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut start = 0;
    for line in note.split('\n') {
        let end = start + line.len();
        let wrapped = wrap::rows(note, start..end, width);
        rows.extend(
            wrapped
                .into_iter()
                .map(|r| wrap::drawn(&note[r], 0).into_owned()),
        );
        start = end + 1;
    }
    rows
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let ann = shown(app);
    let title = match ann {
        Some(a) if a.annotator != app.coding.coder => format!(" Note · {}'s ", a.annotator),
        _ => " Note ".to_owned(),
    };
    let inner = PaneFrame::inner(area);
    PaneFrame::new(&app.prefs.theme, false)
        .title(title)
        .render(area, buf);
    let (width, height) = (inner.width as usize, inner.height as usize);
    let edit_key = app
        .prefs
        .keymap
        .key_for(Action::EditNote, Scope::Reader)
        .map_or_else(|| Action::EditNote.name(), |k| k.to_string());
    // The fields, in full: a long value wraps.
    let fields: Vec<Line> = ann.map_or_else(Vec::new, |a| {
        in_scheme_order(&a.fields, &app.corpus.tags)
            .into_iter()
            .flat_map(|(name, value)| {
                let mut rows = rows(&format!("{name}: {value}"), width).into_iter();
                // The name, dim, starts the first row (unless the pane is narrower than it).
                let first = rows
                    .next()
                    .map(|row| match row.split_at_checked(name.len() + 1) {
                        Some((label, rest)) if label == format!("{name}:") => Line::from(vec![
                            Span::styled(label.to_owned(), app.prefs.theme.dim()),
                            Span::raw(rest.to_owned()),
                        ]),
                        _ => Line::raw(row),
                    });
                first.into_iter().chain(rows.map(Line::raw))
            })
            .collect()
    });
    let height = height.saturating_sub(fields.len());
    let note: Vec<Line> = match ann {
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
    let lines: Vec<Line> = fields.into_iter().chain(note).collect();
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

    #[test]
    fn tabs_reach_the_next_tab_stop_and_count_in_the_wrapping() {
        assert_eq!(rows("a\tb", 20), ["a       b"]);
        // "d" would start at column 24 and end past the 24 columns; the tab before it reaches
        // the end of the row.
        assert_eq!(rows("a\tb\tc\td", 25), ["a       b       c       d"]);
        assert_eq!(rows("a\tb\tc\td", 24), ["a       b       c       ", "d"]);
        assert_eq!(
            rows("\tindented\nx\ty", 20),
            ["        indented", "x       y"]
        );
    }
}
