//! The panes a frame keeps from the frame before (`pane_reuse`) are what drawing them again
//! would give, whatever keys come, on the real screen's buffers.

mod common;

use common::{Workspace, app, press};
use gloss::tui::ahead::Ahead;
use gloss::tui::keys::Key;
use gloss::tui::pane_reuse::PaneReuse;
use gloss::tui::screen::Screen;
use gloss::tui::state::App;
use gloss::tui::view::theme::NAMED;
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
        keys in keys(&[
            "j", "j", "j", "k", "Space", "G", "g", "C-d", "C-u", "a", "r", "d", "u", "C-r", "Tab",
            "v", "l", "Esc", "]", "[", "F2", "n", "?", "/ t h e Enter", "N",
        ]),
    ) {
        let ws = Workspace::new(true);
        let mut app = app(&ws);
        let (mut screen, mut reuse, mut terminal) = session(&app);
        for key in keys {
            press(&mut app, key);
            if !app.moved_only {
                reuse.forget();
            }
            if app.poll_writer() {
                reuse.forget();
            }
            reuse.draw(&mut screen, &app).unwrap();
            shown(&mut screen, &mut terminal, &app, key)?;
        }
    }

    /// As the terminal loop does: after each frame the last key, while it only moved the
    /// cursor, is pressed ahead and its frame drawn; the app is left as it was. When the key
    /// comes and leaves the app alike, that frame is shown, and the key's own frame then writes
    /// nothing; the terminal shows a whole frame after every key, ahead or not.
    #[test]
    fn a_frame_drawn_ahead_is_the_frame_of_the_key(
        keys in keys(&[
            "j", "j", "j", "j", "k", "k", "Space", "C-d", "G", "g", "a", "u", "Tab", "S-Tab", "v",
            "l", "Esc", "]", "3", "/", "t", "Enter", "n",
        ]),
    ) {
        let ws = Workspace::new(true);
        let mut app = app(&ws);
        let (mut screen, mut reuse, mut terminal) = session(&app);
        let mut again = None::<Key>;
        for name in keys {
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
            shown(&mut screen, &mut terminal, &app, name)?;
        }
    }
}

/// A run of `j`: every key after the first is shown from the frame drawn ahead.
#[test]
fn frames_are_shown_ahead_for_a_run_of_j() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "Tab Tab j Enter");
    let (mut screen, mut reuse, _) = session(&app);
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

/// Up to 40 of `names`, keys as the key table writes them (some several, space-separated).
fn keys(names: &[&'static str]) -> impl proptest::strategy::Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(proptest::sample::select(names.to_vec()), 1..40)
}

/// A screen of the app's size, what keeps its panes, and a terminal fed the first frame.
fn session(app: &App) -> (Screen<Vec<u8>>, PaneReuse, vt100::Parser) {
    let size = app.size();
    let mut screen = Screen::new(Vec::new(), Size::new(size.width, size.height));
    let mut reuse = PaneReuse::default();
    let mut terminal = vt100::Parser::new(
        size.height.try_into().unwrap(),
        size.width.try_into().unwrap(),
        0,
    );
    reuse.draw(&mut screen, app).unwrap();
    terminal.process(screen.out());
    screen.out().clear();
    (screen, reuse, terminal)
}

/// The app's whole frame, drawn anew.
fn whole(app: &App) -> Buffer {
    let size = app.size();
    let mut whole = Buffer::empty(Rect::new(0, 0, size.width, size.height));
    ratatui::widgets::Widget::render(app, whole.area, &mut whole);
    whole
}

/// Feeds `terminal` what `screen` wrote after `key`; the screen's buffer and the terminal must
/// show the app's whole frame.
fn shown(
    screen: &mut Screen<Vec<u8>>,
    terminal: &mut vt100::Parser,
    app: &App,
    key: &str,
) -> Result<(), proptest::test_runner::TestCaseError> {
    terminal.process(screen.out());
    screen.out().clear();
    proptest::prop_assert_eq!(screen.shown(), &whole(app), "after {}", key);
    shows_whole(terminal, app)
        .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e} after {key}")))
}

/// Whether `terminal` shows the app's whole frame: each cell's text, what shows on a blank
/// (background, reverse, underline), and on a character its colour and weight; the first cell
/// that differs otherwise.
fn shows_whole(terminal: &vt100::Parser, app: &App) -> Result<(), String> {
    let whole = whole(app);
    for (x, y) in whole.area.positions().map(|p| (p.x, p.y)) {
        let (cell, shown) = (&whole[(x, y)], terminal.screen().cell(y, x).unwrap());
        // A wide character's second column is its own in vt100, blank in ratatui.
        if shown.is_wide_continuation() {
            continue;
        }
        let text = Some(shown.contents())
            .filter(|t| !t.is_empty())
            .unwrap_or(" ");
        let blank = (shown.bgcolor(), shown.inverse(), shown.underline());
        let on_text = (shown.fgcolor(), shown.bold());
        let alike = text == cell.symbol()
            && blank
                == (
                    colour(cell.bg),
                    cell.modifier.contains(Modifier::REVERSED),
                    cell.modifier.contains(Modifier::UNDERLINED),
                )
            && (text == " "
                || on_text == (colour(cell.fg), cell.modifier.contains(Modifier::BOLD)));
        if !alike {
            return Err(format!(
                "({x}, {y}) shows {text:?} {blank:?} {on_text:?}, drawn {cell:?}"
            ));
        }
    }
    Ok(())
}

/// A colour as vt100 keeps it.
fn colour(colour: Color) -> vt100::Color {
    match colour {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => vt100::Color::Idx(NAMED.iter().position(|&c| c == named).unwrap() as u8),
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
    let (mut screen, mut reuse, _) = session(&app);
    let size = app.size();
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
