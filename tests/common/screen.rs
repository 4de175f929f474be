//! Drawing the reader into a `TestBackend` and reading the screen back.

use gloss::tui::state::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal.backend().buffer().clone()
}

pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Column and row of the first occurrence of `needle` in a rendered screen.
pub fn find(screen: &str, needle: &str) -> Option<(u16, u16)> {
    screen.lines().enumerate().find_map(|(y, line)| {
        line.find(needle).map(|i| {
            let x = unicode_width::UnicodeWidthStr::width(&line[..i]);
            (x as u16, y as u16)
        })
    })
}

/// Columns of the vertical pane borders on a screen row, counted in display columns of whole
/// graphemes, as the buffer lays them out.
pub fn border_columns(line: &str) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut col = 0;
    let mut out = Vec::new();
    for g in line.graphemes(true) {
        if g == "│" {
            out.push(col);
        }
        col += unicode_width::UnicodeWidthStr::width(g);
    }
    out
}
