//! The status bar says every message whole: a message longer than its row is wrapped onto a few
//! rows taken from the bottom of the panes, without moving the text or what a click lands on;
//! one longer still ends with a mark naming the messages screen (`F7`), which lists every
//! message of the session whole.

mod common;

use std::time::Duration;

use common::screen::{draw, find, text};
use common::{Workspace, cursor_text, press};
use gloss::core::storage::lock::FolderLock;
use gloss::tui::mouse::{Mouse, MouseKind};
use gloss::tui::state::App;

/// A message as long as the held lock's, at 80 columns: two and a half rows.
const LONG: &str = "annotations/china_denies_hacking_cyberattack_allegations.json is not saved \
    (the annotations folder is locked by another gloss for over 0.05 s); fix that and it is \
    retried, or press q again to quit and lose it";

/// The reader at 80×24 (the document list hidden, as it starts that narrow) on the second
/// shipped document, cursor on its first sentence.
fn at_80_by_24(ws: &Workspace) -> App {
    let mut app = common::app(ws);
    press(&mut app, "Tab Tab j Enter");
    app.first_size(80, 24);
    app
}

/// The screen's last `rows` rows joined by spaces, trailing spaces dropped: a wrapped message
/// read back as one line.
fn bottom_rows(screen: &str, rows: usize) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - rows..]
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message exactly as wide as the screen fills the row to its last column (the keys give
/// way): a match count cut to its first digit misled a tester.
#[test]
fn a_message_as_wide_as_the_screen_is_shown_to_its_last_character() {
    let ws = Workspace::new(true);
    let mut app = at_80_by_24(&ws);
    press(&mut app, "Tab");
    let said = format!(
        "{}: match 1 of 12",
        "x".repeat(80 - ": match 1 of 12".len())
    );
    app.set_status(said.as_str(), false);
    let screen = text(&draw(&app, 80, 24));
    assert_eq!(bottom_rows(&screen, 1), said, "{screen}");
}

#[test]
fn a_long_message_is_wrapped_whole_onto_the_status_rows_at_80_by_24() {
    let ws = Workspace::new(true);
    let mut app = at_80_by_24(&ws);
    let before = text(&draw(&app, 80, 24));
    app.set_status(LONG, true);
    let screen = text(&draw(&app, 80, 24));
    assert_eq!(bottom_rows(&screen, 3), LONG, "{screen}");
    // The reading pane kept its top: the rows above the bottom ones are as they were.
    let kept = |s: &str| s.lines().take(18).collect::<Vec<_>>().join("\n");
    assert_eq!(kept(&screen), kept(&before));
    insta::assert_snapshot!(screen);
    // A short message gives the rows back: all but the status bar's row as before.
    app.set_status("saved", false);
    let screen = text(&draw(&app, 80, 24));
    let panes = |s: &str| s.lines().take(23).collect::<Vec<_>>().join("\n");
    assert_eq!(panes(&screen), panes(&before));
}

#[test]
fn a_message_longer_than_the_rows_ends_with_the_messages_key_and_f7_shows_it_whole() {
    let ws = Workspace::new(true);
    let mut app = at_80_by_24(&ws);
    let longer = format!("{LONG}; and again: {LONG}");
    app.set_status(longer.clone(), true);
    let screen = text(&draw(&app, 80, 24));
    let rows = app.panes().unwrap().status.height as usize;
    assert_eq!(rows, 4, "{screen}");
    let status = bottom_rows(&screen, rows);
    assert!(status.ends_with("… F7 shows it whole"), "{screen}");
    assert!(longer.starts_with(status.trim_end_matches("… F7 shows it whole").trim_end()));
    insta::assert_snapshot!("cut_message_80x24", screen);
    // The messages screen, over the panes, has it whole, after the session's earlier ones.
    press(&mut app, "F7");
    let screen = text(&draw(&app, 80, 24));
    insta::assert_snapshot!("messages_screen_80x24", screen);
    assert!(
        bottom_rows(&screen, rows).ends_with("… (whole above)"),
        "{screen}"
    );
    let inside: Vec<String> = screen
        .lines()
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.trim_end().trim_end_matches('│').trim_end().to_owned())
        .collect();
    assert!(inside.join(" ").contains(&longer), "{screen}");
    // Said again, a message is listed once; the screen opens at the newest.
    press(&mut app, "Esc");
    app.set_status("first", false);
    app.set_status("second", false);
    app.set_status("second", false);
    press(&mut app, "F7");
    let screen = text(&draw(&app, 80, 24));
    assert_eq!(
        screen.matches("second").count(),
        2,
        "the list and the status bar\n{screen}"
    );
    assert!(screen.contains("3 messages"), "{screen}");
    // Any key it does not bind closes it, and is not applied.
    press(&mut app, "x");
    assert!(app.mode.is_normal());
    // Over another dialog, the mark says how to get there: F7 is the panes' key.
    app.set_status(longer.clone(), true);
    press(&mut app, "t");
    let screen = text(&draw(&app, 80, 24));
    let status = bottom_rows(&screen, rows);
    assert!(
        status.ends_with("… Esc, then F7 shows it whole"),
        "{screen}"
    );
    press(&mut app, "Esc F7");
    assert!(matches!(app.mode, gloss::tui::state::Mode::Messages(_)));
    press(&mut app, "Esc");
    // `:messages` opens it too.
    press(&mut app, ": m e s s a g e s Enter");
    assert!(matches!(app.mode, gloss::tui::state::Mode::Messages(_)));
}

/// The held lock's message at quitting, as testers met it cut at 120 columns: its reason and its
/// remedy are on the screen.
#[test]
fn the_held_lock_message_at_quit_is_read_whole_at_120_columns() {
    let ws = Workspace::new(true);
    // Saves wait 50 ms for the lock, not the default 2 s.
    let wait = Duration::from_millis(50);
    let settings = gloss::tui::state::Settings {
        timing: gloss::core::user_state::timing::Timing {
            lock_wait: wait,
            ..Default::default()
        },
        ..Default::default()
    };
    let corpus = gloss::core::corpus::Corpus::open(&ws.corpus(), None).unwrap();
    let stamp = || gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let writer = gloss::core::storage::writer::Writer::with_lock_wait(wait);
    let mut app = App::start(corpus, writer, Box::new(stamp), settings);
    app.first_size(120, 40);
    let held = FolderLock::acquire(&ws.annotations(), Duration::ZERO).unwrap();
    press(&mut app, "Tab Tab j Enter a q");
    assert!(!app.should_quit);
    let said = app.status.clone().unwrap().text;
    assert!(said.contains("press q again to quit and lose it"), "{said}");
    let screen = text(&draw(&app, 120, 40));
    let rows = app.panes().unwrap().status.height as usize;
    assert!(rows > 1, "{screen}");
    let status = bottom_rows(&screen, rows);
    assert!(
        status.ends_with(&said),
        "{status:?} does not end with {said:?}\n{screen}"
    );
    drop(held);
}

/// The text under a click and the cursor sentence stay right while a message takes three rows:
/// the cursor on the pane's last rows is scrolled into sight, as little as that needs, and a
/// click on a word drawn on the screen puts the cursor on that word's sentence.
#[test]
fn the_cursor_and_the_mouse_land_on_the_text_shown_beside_a_multi_row_message() {
    let ws = Workspace::new(true);
    let mut app = at_80_by_24(&ws);
    // The cursor on a sentence, scrolled (as the wheel does) so that its last row is the
    // reading pane's last: the rows the message takes would hide it.
    press(&mut app, "j j j j j j");
    let panes = app.panes().unwrap();
    let (width, height) = panes.text_size();
    {
        let open = app.open.as_ref().unwrap();
        let span = app.reader.cursor_span().unwrap();
        let layout = open.layout(width);
        let last = layout.row_of(span.end - 1);
        app.reader.top = layout.advance(last, 1 - height as isize);
    }
    let before = text(&draw(&app, 80, 24));
    let top_before = app.reader.top;
    app.set_status(LONG, true);
    assert_eq!(app.panes().unwrap().text_size().1, height - 2);
    let screen = text(&draw(&app, 80, 24));
    // The cursor sentence is in sight above the message.
    let words = cursor_text(&app);
    let first: String = words
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let (_, y) = find(&screen, &first).unwrap_or_else(|| panic!("{first:?}\n{screen}"));
    assert!(y < app.panes().unwrap().status.y, "{screen}");
    // Scrolled by no more than the rows the message took.
    let open = app.open.as_ref().unwrap();
    let width = app.panes().unwrap().text_size().0;
    let moved = open.layout(width).distance(top_before, app.reader.top, 10);
    assert_eq!(moved, 2, "scrolled {moved} rows");
    // The text moved up by those two rows, and no further: each row of the pane's text now is
    // the one two rows below it before.
    let column = |s: &str, y: u16| -> String {
        let line = s.lines().nth(y as usize).unwrap_or("");
        line.chars()
            .skip(panes.text.x as usize)
            .take(panes.text.width as usize)
            .collect()
    };
    for y in panes.text.y..panes.text.y + height as u16 - 2 {
        assert_eq!(
            column(&screen, y),
            column(&before, y + 2),
            "row {y}\n{before}\n{screen}"
        );
    }
    // A click on the pane's top row, and one on its last row above the message, put the
    // cursor on the sentence drawn there: its mark is in the gutter of the row clicked, and the
    // word clicked is in it.
    let panes = app.panes().unwrap();
    let x = panes.text.x + 4;
    let lines: Vec<&str> = screen.lines().collect();
    let with_text: Vec<u16> = (panes.text.y..panes.text.bottom())
        .filter(|&y| {
            lines[y as usize]
                .chars()
                .nth(x as usize)
                .is_some_and(char::is_alphabetic)
        })
        .collect();
    for y in [with_text[0], *with_text.last().unwrap()] {
        let row = lines[y as usize];
        let word: String = row
            .chars()
            .skip(x as usize)
            .take_while(|c| !c.is_whitespace())
            .collect();
        assert!(!word.is_empty(), "row {y}: {row:?}");
        for kind in [MouseKind::Press, MouseKind::Release] {
            app.handle_mouse(Mouse {
                kind,
                column: x,
                row: y,
            });
        }
        let buf = draw(&app, 80, 24);
        assert_eq!(
            buf[(panes.text.x, y)].symbol(),
            "▌",
            "row {y}\n{}",
            text(&buf)
        );
        assert!(
            cursor_text(&app).contains(&word),
            "{word:?} not in {:?}",
            cursor_text(&app)
        );
    }
    // A click on the message is not a click on the text hidden under it.
    let cursor = app.reader.cursor_span();
    for kind in [MouseKind::Press, MouseKind::Release] {
        app.handle_mouse(Mouse {
            kind,
            column: panes.text.x + 6,
            row: 22,
        });
    }
    assert_eq!(app.reader.cursor_span(), cursor);
}

/// The messages screen opens at the newest message and scrolls back to the oldest.
#[test]
fn the_messages_screen_opens_at_the_newest_and_scrolls_back() {
    let ws = Workspace::new(true);
    let mut app = at_80_by_24(&ws);
    for i in 1..=30 {
        app.set_status(format!("message number {i}"), false);
    }
    press(&mut app, "F7");
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("│message number 30"), "{screen}");
    assert!(!screen.contains("│message number 1 "), "{screen}");
    press(&mut app, "k");
    let up = text(&draw(&app, 80, 24));
    assert_ne!(up, screen);
    press(&mut app, "g");
    let top = text(&draw(&app, 80, 24));
    assert!(top.contains("│message number 1 "), "{top}");
    assert!(!top.contains("│message number 30"), "{top}");
    press(&mut app, "G");
    assert_eq!(text(&draw(&app, 80, 24)), screen);
}
