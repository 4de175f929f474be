//! The panes a frame keeps from the frame before (`pane_reuse`) are what drawing them again
//! would give, whatever keys come, on the real screen's buffers.

mod common;

use common::{Workspace, app, press};
use gloss::tui::pane_reuse::PaneReuse;
use gloss::tui::screen::Screen;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier};

proptest::proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// After each key, as the terminal loop draws it (told of every key that did more than
    /// move the cursor, and of saves finished), the screen shows what a whole frame shows: in
    /// its buffer, and on a terminal fed the bytes written.
    #[test]
    fn a_frame_keeping_panes_shows_what_a_whole_frame_shows(
        keys in proptest::collection::vec(
            proptest::sample::select(vec![
                "j", "j", "j", "k", "Space", "G", "g", "C-d", "C-u", "a", "r", "d", "u",
                "C-r", "Tab", "v", "l", "Esc", "]", "[", "F2", "n", "?", "/ t h e Enter", "N",
            ]),
            1..40,
        ),
    ) {
        let ws = Workspace::new(true);
        let mut app = app(&ws);
        let (width, height) = (app.size().width, app.size().height);
        let mut screen = Screen::new(Vec::new(), Size::new(width, height));
        let mut reuse = PaneReuse::default();
        let mut terminal = vt100::Parser::new(height.try_into().unwrap(), width.try_into().unwrap(), 0);
        for key in keys {
            press(&mut app, key);
            if !app.moved_only {
                reuse.forget();
            }
            if app.poll_writer() {
                reuse.forget();
            }
            reuse.draw(&mut screen, &app).unwrap();
            let mut whole = Buffer::empty(Rect::new(0, 0, width, height));
            ratatui::widgets::Widget::render(&app, whole.area, &mut whole);
            proptest::prop_assert_eq!(screen.shown(), &whole, "after {}", key);
            terminal.process(screen.out());
            screen.out().clear();
            for (x, y) in whole.area.positions().map(|p| (p.x, p.y)) {
                let (cell, shown) = (&whole[(x, y)], terminal.screen().cell(y, x).unwrap());
                // A wide character's second column is its own in vt100, blank in ratatui.
                if shown.is_wide_continuation() {
                    continue;
                }
                let text = Some(shown.contents()).filter(|t| !t.is_empty()).unwrap_or(" ");
                proptest::prop_assert_eq!(text, cell.symbol(), "({}, {}) after {}", x, y, key);
                // What shows on a blank, then what shows on a character.
                proptest::prop_assert_eq!(
                    (shown.bgcolor(), shown.inverse(), shown.underline()),
                    (
                        colour(cell.bg),
                        cell.modifier.contains(Modifier::REVERSED),
                        cell.modifier.contains(Modifier::UNDERLINED),
                    ),
                    "({}, {}) after {}", x, y, key
                );
                if text != " " {
                    proptest::prop_assert_eq!(
                        (shown.fgcolor(), shown.bold()),
                        (colour(cell.fg), cell.modifier.contains(Modifier::BOLD)),
                        "({}, {}) after {}", x, y, key
                    );
                }
            }
        }
    }
}

/// A colour as vt100 keeps it.
fn colour(colour: Color) -> vt100::Color {
    match colour {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => vt100::Color::Idx(
            [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ]
            .iter()
            .position(|&c| c == named)
            .unwrap() as u8,
        ),
    }
}

/// `j` in the reading pane keeps the document list, and the sidebar while the annotation under
/// the cursor stays the same: its frames write nothing in their columns. While the reading
/// pane does not scroll, it draws only the rows of the sentence left and the one reached.
#[test]
fn moving_the_cursor_writes_nothing_in_the_panes_it_keeps() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "Tab Tab j Enter");
    let size = app.size();
    let mut screen = Screen::new(Vec::new(), Size::new(size.width, size.height));
    let mut reuse = PaneReuse::default();
    reuse.draw(&mut screen, &app).unwrap();
    let panes = app.panes().unwrap();
    let sidebar = panes.sidebar.unwrap();
    let mut sidebar_kept = 0;
    let mut rows_kept = 0;
    for _ in 0..40 {
        screen.out().clear();
        let here = app.annotation_here();
        let top = app.reader.top;
        let marked_before = cursor_rows(screen.shown(), panes.text);
        press(&mut app, "j");
        assert!(app.moved_only);
        let keep = reuse.draw(&mut screen, &app).unwrap();
        if app.reader.top == top {
            let drawn = keep.reader_rows.expect("the reading pane's rows kept");
            let marked = [marked_before, cursor_rows(screen.shown(), panes.text)].concat();
            // From the first row of either sentence (or the row that ends where it starts) to
            // the last.
            let first = marked.iter().min().unwrap().saturating_sub(1);
            let last = *marked.iter().max().unwrap();
            assert!(
                first <= drawn.start && drawn.end <= last + 2,
                "{drawn:?} drawn for the cursor's rows {marked:?}"
            );
            rows_kept += 1;
        } else {
            assert_eq!(keep.reader_rows, None, "the pane scrolled");
        }
        // A screen of marks, then the frame's bytes: a mark left shows a cell not written.
        let mut shown = vt100::Parser::new(
            size.height.try_into().unwrap(),
            size.width.try_into().unwrap(),
            0,
        );
        shown.process(
            "X".repeat(size.width as usize * size.height as usize)
                .as_bytes(),
        );
        shown.process(screen.out());
        let mut kept: Vec<Rect> = vec![panes.list];
        if app.annotation_here() == here {
            kept.push(sidebar);
            sidebar_kept += 1;
        }
        for rect in kept {
            for (x, y) in rect.positions().map(|p| (p.x, p.y)) {
                let cell = shown.screen().cell(y, x).unwrap().contents();
                assert_eq!(cell, "X", "({x}, {y}) written");
            }
        }
    }
    assert!(
        sidebar_kept > 20,
        "the sidebar was kept {sidebar_kept} times of 40"
    );
    // Every `j` that did not scroll kept rows (above); enough did not scroll to tell.
    assert!(rows_kept > 10, "{rows_kept} of 40 did not scroll");
}

/// The rows of `text` whose gutter shows the cursor's mark, by index from its first.
fn cursor_rows(shown: &Buffer, text: Rect) -> Vec<usize> {
    (text.top()..text.bottom())
        .filter(|&y| shown[(text.x, y)].symbol() == "▌")
        .map(|y| usize::from(y - text.y))
        .collect()
}
