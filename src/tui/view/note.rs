//! The note editor, over half of the reading pane, the half the text noted is not in: that
//! text, then the note.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};

use crate::tui::fit::fit;
use crate::tui::state::{App, NoteEdit};

/// Rows of the editor, border included, at least: the quote and three rows of note.
const MIN_ROWS: u16 = 6;

pub fn render(app: &App, edit: &NoteEdit, reader: Rect, buf: &mut Buffer) {
    let height = (reader.height / 2).max(MIN_ROWS).min(reader.height);
    let y = if noted_text_below_the_middle(app, edit, reader.height / 2) {
        reader.y
    } else {
        reader.y + reader.height - height
    };
    let area = Rect::new(reader.x, y, reader.width, height);
    Clear.render(area, buf);
    let block = app.prefs.theme.block(true).title(if edit.id.is_some() {
        " Edit note "
    } else {
        " New note "
    });
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let quote = app
        .open
        .as_ref()
        .map(|o| fit(&o.doc.text[edit.span.clone()], inner.width as usize))
        .unwrap_or_default();
    Line::styled(quote, app.prefs.theme.dim()).render(Rect { height: 1, ..inner }, buf);
    let text = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    edit.editor.render(text, buf);
}

/// Whether the noted text starts on screen `half` rows or more below the top of the text.
fn noted_text_below_the_middle(app: &App, edit: &NoteEdit, half: u16) -> bool {
    let (Some(open), Some(panes)) = (&app.open, app.panes()) else {
        return false;
    };
    let width = panes.text_size().0;
    let layout = open.layout(width);
    let row = layout.row_of(edit.span.start);
    let half = usize::from(half);
    let top = app.reader.top;
    row >= top && layout.distance(top, row, half) >= half
}
