//! The panes a frame keeps from the frame before (`pane_reuse`) are what drawing them again
//! would give, whatever keys come, on the real screen's buffers.

mod common;

use common::{Workspace, app, press};
use gloss::tui::ahead::Ahead;
use gloss::tui::keys::Key;
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

proptest::proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// As the terminal loop does: after each frame the last key, while it only moved the
    /// cursor, is pressed ahead and its frame drawn; the app is left as it was. When the key
    /// comes and leaves the app alike, that frame is shown, and the key's own frame then writes
    /// nothing; the terminal shows a whole frame after every key, ahead or not.
    #[test]
    fn a_frame_drawn_ahead_is_the_frame_of_the_key(
        keys in proptest::collection::vec(
            proptest::sample::select(vec![
                "j", "j", "j", "j", "k", "k", "Space", "C-d", "G", "g", "a", "u", "Tab", "S-Tab",
                "v", "l", "Esc", "]", "3", "/", "t", "Enter", "n",
            ]),
            1..48,
        ),
    ) {
        let ws = Workspace::new(true);
        let mut app = app(&ws);
        let (width, height) = (app.size().width, app.size().height);
        let mut screen = Screen::new(Vec::new(), Size::new(width, height));
        let mut reuse = PaneReuse::default();
        let mut terminal = vt100::Parser::new(height.try_into().unwrap(), width.try_into().unwrap(), 0);
        reuse.draw(&mut screen, &app).unwrap();
        terminal.process(screen.out());
        screen.out().clear();
        let mut again = None::<Key>;
        for name in keys {
            let whole = |app: &gloss::tui::state::App| {
                let mut whole = Buffer::empty(Rect::new(0, 0, width, height));
                ratatui::widgets::Widget::render(app, whole.area, &mut whole);
                whole
            };
            let before = whole(&app);
            let ahead = match again {
                Some(key) => Ahead::press(&mut app, key, |app| reuse.draw_ahead(&mut screen, app)).unwrap(),
                None => None,
            };
            proptest::prop_assert_eq!(&whole(&app), &before, "pressing {:?} ahead changed the app", again);
            proptest::prop_assert!(screen.out().is_empty(), "a frame drawn ahead was written");
            let key: Key = name.parse().unwrap();
            if let Some(ahead) = ahead.filter(|a| a.key == key) {
                // Shown before the key is handled, as the loop does: the key then leaves the
                // app as it did ahead, and its own frame writes nothing.
                proptest::prop_assert!(reuse.show_ahead(&mut screen).unwrap());
                terminal.process(screen.out());
                screen.out().clear();
                app.handle_key(key);
                proptest::prop_assert!(ahead.left_alike(&app), "{} left the app otherwise", name);
                reuse.draw(&mut screen, &app).unwrap();
                proptest::prop_assert!(screen.out().is_empty(), "the frame of {} mended the one drawn ahead", name);
            } else {
                app.handle_key(key);
                if !app.moved_only {
                    reuse.forget();
                }
                reuse.draw(&mut screen, &app).unwrap();
            }
            again = app.moved_only.then_some(key);
            terminal.process(screen.out());
            screen.out().clear();
            proptest::prop_assert_eq!(screen.shown(), &whole(&app), "after {}", name);
            let shown: String = (0..height)
                .map(|y| (0..width).map(|x| {
                    let cell = terminal.screen().cell(y, x).unwrap();
                    match (cell.is_wide_continuation(), cell.contents()) {
                        (true, _) => String::new(),
                        (false, "") => " ".to_owned(),
                        (false, c) => c.to_owned(),
                    }
                }).collect::<String>())
                .collect();
            let drawn: String = whole(&app).content.iter().map(|c| c.symbol()).collect();
            proptest::prop_assert_eq!(shown, drawn, "the terminal after {}", name);
        }
    }
}

/// A run of `j`: every key after the first is shown from the frame drawn ahead.
#[test]
fn frames_are_shown_ahead_for_a_run_of_j() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "Tab Tab j Enter");
    let size = app.size();
    let mut screen = Screen::new(Vec::new(), Size::new(size.width, size.height));
    let mut reuse = PaneReuse::default();
    reuse.draw(&mut screen, &app).unwrap();
    let j: Key = "j".parse().unwrap();
    let mut again = None;
    let mut shown = 0;
    for _ in 0..20 {
        let ahead = match again {
            Some(key) => {
                Ahead::press(&mut app, key, |app| reuse.draw_ahead(&mut screen, app)).unwrap()
            }
            None => None,
        };
        if ahead.is_some_and(|a| a.key == j) {
            assert!(reuse.show_ahead(&mut screen).unwrap());
            shown += 1;
        }
        app.handle_key(j);
        reuse.draw(&mut screen, &app).unwrap();
        again = app.moved_only.then_some(j);
    }
    assert_eq!(shown, 19, "frames shown ahead");
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
