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

/// The rows of the box whose top border starts with `┌ {title}` on `buf`, borders included,
/// without what is drawn beside it.
pub fn box_rows(buf: &Buffer, title: &str) -> Vec<String> {
    let (left, top) = find(&text(buf), &format!("┌ {title}")).expect("the box is drawn");
    let right = (left..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .expect("the box's top right corner");
    let mut rows = Vec::new();
    for y in top..buf.area.height {
        let mut row = String::new();
        let mut skip = 0;
        for x in left..=right {
            let symbol = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            row.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        rows.push(row.trim_end().to_owned());
        if buf[(left, y)].symbol() == "└" {
            return rows;
        }
    }
    panic!("the box has no bottom border:\n{}", text(buf));
}

/// The whole help, however long it has grown: its box `width` columns wide on a screen 40
/// rows high, scrolled a row at a time with the key in effect until it stops changing, the
/// rows put together as one tall box (top border, every row, bottom border). The help must
/// be open; it is left scrolled to its end.
pub fn whole_help(app: &mut App, width: u16) -> String {
    const HEIGHT: u16 = 40;
    app.resize(width, HEIGHT);
    let down = app
        .prefs
        .keymap
        .key_for(
            gloss::tui::action::Action::RowDown,
            gloss::tui::keymap::Scope::Help,
        )
        .expect("a key scrolls the help");
    let rows = |app: &App| box_rows(&draw(app, width, HEIGHT), "Keys");
    let mut shown = rows(app);
    let mut out = shown.clone();
    loop {
        app.handle_key(down);
        let now = rows(app);
        if now == shown {
            break;
        }
        // One row further: the rows move up by one, and one comes in above the bottom border.
        let n = now.len();
        assert_eq!(
            now[1..n - 2],
            shown[2..n - 1],
            "the help scrolls a row at a time"
        );
        out.insert(out.len() - 1, now[n - 2].clone());
        shown = now;
    }
    let mut whole = out.join("\n");
    whole.push('\n');
    whole
}
