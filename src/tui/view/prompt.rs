//! The prompt, on the status bar's line: `/`, `?`, `:` or a question, then what is typed; why
//! the last answer was refused on the rows above it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::prompt::Prompt;
use crate::tui::state::App;
use crate::tui::view::input;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, prompt: &Prompt, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let mark = prompt.kind.mark(&app.prefs.keymap);
    let mut line = Line::from(input::spans(
        &prompt.input,
        (area.width as usize).saturating_sub(mark.width()),
    ));
    line.spans
        .insert(0, Span::styled(mark.to_owned(), app.prefs.theme.heading()));
    Paragraph::new(line).render(area, buf);
    if let Some(problem) = &prompt.problem {
        let rows = textwrap::wrap(problem, (area.width as usize).max(1));
        let height = (rows.len() as u16).min(area.y);
        let above = Rect::new(area.x, area.y - height, area.width, height);
        Clear.render(above, buf);
        let lines: Vec<Line> = rows
            .into_iter()
            .map(|r| Line::styled(r.into_owned(), app.prefs.theme.error()))
            .collect();
        Paragraph::new(lines).render(above, buf);
    }
}
