//! The document list: a filter typed after `/`, the sort order `s` cycles, the marks `m` cycles
//! and the progress they make, on the shipped corpus; marks kept in the annotations folder across
//! a restart.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app, press, type_text};
use gloss::core::user_state::progress::Mark;
use gloss::tui::state::{App, Focus, Mode};

const DOC0: &str = "000_073045cb8793dce5.txt";
const DOC1: &str = "001_bcba7e35c127046e.txt";
const DOC4: &str = "004_5fd63ba584e4c364.txt";

/// What the status bar says, or nothing.
fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn rows(app: &App) -> Vec<usize> {
    app.list.rows.clone()
}

/// The list pane's column of the screen, row by row, without its borders.
fn list_pane(app: &App) -> String {
    let screen = text(&draw(app, 120, 36));
    let width = app.panes().unwrap().list.width as usize;
    screen
        .lines()
        .map(|l| l.chars().take(width).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_filter_narrows_as_it_is_typed_and_the_order_and_marks_show_with_the_progress() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab");
    assert_eq!(app.focus, Focus::List);
    // Marks: the first document done, the second to review, the last done.
    press(&mut app, "m m j m G m m");
    assert_eq!(app.marks.progress.mark(DOC0), Some(Mark::Done));
    assert_eq!(app.marks.progress.mark(DOC1), Some(Mark::ToReview));
    assert_eq!(app.marks.progress.mark(DOC4), Some(Mark::Done));
    assert_eq!((app.marks.done, app.marks.to_review), (2, 1));

    // Every word must occur somewhere: "global" is in the second's source and the third's title.
    press(&mut app, "g /");
    assert!(matches!(app.mode, Mode::ListFilter(_)));
    type_text(&mut app, "glo");
    assert_eq!(rows(&app), [1, 2]);
    type_text(&mut app, "bal times");
    assert_eq!(rows(&app), [1], "the source is \"Global Times\"");
    assert_eq!(app.list.selected, 1, "the selection goes to what is shown");
    press(
        &mut app,
        "Backspace Backspace Backspace Backspace Backspace Backspace",
    );
    assert_eq!(rows(&app), [1, 2], "widened again");
    // While typing, the arrows move in the list and letters are the filter's, not keys.
    press(&mut app, "Down");
    assert_eq!(app.list.selected, 2);
    press(&mut app, "Enter");
    assert!(app.mode.is_normal());
    assert_eq!(app.list.query, "global");
    press(&mut app, "k");
    assert_eq!(
        app.list.selected, 1,
        "j and k move among the documents shown"
    );

    // By date, newest first; the one without a date last.
    press(&mut app, "s s");
    insta::assert_snapshot!(list_pane(&app));
    press(&mut app, "Esc");
    assert_eq!(app.list.query, "");
    assert_eq!(rows(&app), [1, 0, 4, 3, 2]);
    // By annotations, most first, ties in the corpus's order.
    press(&mut app, "s");
    assert_eq!(rows(&app), [0, 1, 3, 4, 2]);
    let shown = list_pane(&app);
    assert!(shown.contains(" Documents (5) by count "), "{shown}");
    assert!(shown.contains(" 2/5 done · 1 to review "), "{shown}");
    // Tagging a sentence of the last one moves it up among the documents with one annotation.
    press(&mut app, "G Enter a");
    assert_eq!(app.open.as_ref().unwrap().entry, 2);
    assert_eq!(rows(&app), [0, 1, 2, 3, 4]);
    // And back to the corpus's own order.
    press(&mut app, "S-Tab s");
    assert_eq!(rows(&app), [0, 1, 2, 3, 4]);
    assert!(list_pane(&app).contains(" Documents (5) ─"));
}

/// Keeping a filter says what it lists, so that a message from before, such as a filter just
/// dropped, does not stay beside a list it no longer describes.
#[test]
fn keeping_a_filter_says_how_many_documents_it_lists() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab /");
    type_text(&mut app, "glo");
    press(&mut app, "Enter Esc");
    assert_eq!(status(&app), "filter dropped: every document is listed");
    press(&mut app, "/");
    type_text(&mut app, "glo");
    press(&mut app, "Enter");
    assert_eq!(status(&app), "filter kept: 2 of 5 documents listed");
}

#[test]
fn a_filter_that_matches_nothing_says_so_and_enter_opens_nothing() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "S-Tab /");
    type_text(&mut app, "zebra");
    press(&mut app, "Enter");
    assert!(rows(&app).is_empty());
    assert!(list_pane(&app).contains("No document matches"));
    let opened = app.open.as_ref().map(|o| o.entry);
    press(&mut app, "Enter m");
    assert_eq!(app.open.as_ref().map(|o| o.entry), opened);
    assert_eq!((app.marks.done, app.marks.to_review), (0, 0));
    // Esc while typing drops the filter too.
    press(&mut app, "/ Esc");
    assert_eq!(rows(&app).len(), 5);
}

/// A mark is a change like any other: `u` takes it back (and no earlier change instead), `C-r`
/// makes it again, the list's progress following, and the marks file keeps what undo left.
#[test]
fn undo_takes_a_mark_back_and_redo_makes_it_again() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab m m");
    assert_eq!(app.marks.progress.mark(DOC0), Some(Mark::Done));
    press(&mut app, "u");
    assert_eq!(app.marks.progress.mark(DOC0), Some(Mark::ToReview));
    assert!(
        status(&app).starts_with("undid: marked done"),
        "{}",
        status(&app)
    );
    press(&mut app, "u");
    assert_eq!(app.marks.progress.mark(DOC0), None);
    assert_eq!((app.marks.done, app.marks.to_review), (0, 0));
    press(&mut app, "u");
    assert_eq!(status(&app), "nothing to undo");
    press(&mut app, "C-r C-r");
    assert_eq!(app.marks.progress.mark(DOC0), Some(Mark::Done));
    assert_eq!((app.marks.done, app.marks.to_review), (1, 0));
    press(&mut app, "u");
    let again = common::app(&ws);
    assert_eq!(again.marks.progress.mark(DOC0), Some(Mark::ToReview));
}

#[test]
fn marks_are_kept_beside_the_annotations_and_read_again_at_start() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "S-Tab m m j m");
    drop(app);
    let file = ws.annotations().join(".progress.toml");
    let saved = std::fs::read_to_string(&file).expect("the marks are written at once");
    assert!(
        saved.ends_with(&format!(
            "[documents.\"{DOC0}\"]\nmark = \"done\"\nby = \"tester\"\nat = \"2026-01-02T03:04:05Z\"\n\n\
             [documents.\"{DOC1}\"]\nmark = \"to-review\"\nby = \"tester\"\nat = \"2026-01-02T03:04:05Z\"\n"
        )),
        "{saved}"
    );

    let mut app = common::app(&ws);
    assert_eq!(app.marks.progress.mark(DOC0), Some(Mark::Done));
    assert_eq!(app.marks.progress.mark(DOC1), Some(Mark::ToReview));
    let shown = list_pane(&app);
    assert!(shown.contains("▸✓Forget the Great"), "{shown}");
    assert!(shown.contains("│  done · 2017-03-02"), "{shown}");
    assert!(shown.contains("│ ○China opposes"), "{shown}");
    assert!(shown.contains("│  to review · 2017-03-0"), "{shown}");
    assert!(shown.contains(" 1/5 done · 1 to review "), "{shown}");
    // A third press takes a mark off, and the file loses the document.
    press(&mut app, "S-Tab m");
    assert_eq!(app.marks.progress.mark(DOC0), None);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(!saved.contains(DOC0), "{saved}");
    assert!(saved.contains(DOC1), "{saved}");
}

#[test]
fn a_marks_file_that_cannot_be_read_is_reported_and_left_as_it_is() {
    let ws = Workspace::new(false);
    let file = ws.annotations().join(".progress.toml");
    std::fs::create_dir_all(ws.annotations()).unwrap();
    let conflict = "<<<<<<< HEAD\n[documents.\"a.txt\"]\n";
    std::fs::write(&file, conflict).unwrap();
    let mut app = app(&ws);
    let status = app.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status.text.contains(".progress.toml:1: "),
        "{}",
        status.text
    );
    press(&mut app, "S-Tab m");
    assert_eq!(app.unsaved().len(), 1, "counted as unsaved, so q warns");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), conflict);
    press(&mut app, "q");
    assert!(!app.should_quit, "the first q warns");
    assert!(app.status.as_ref().unwrap().text.contains("press q again"));
}

/// A mark is saved under the annotations folder's lock, waited for as long as the settings'
/// `[timing] lock_wait` says, not the default: the status bar says how long.
#[test]
fn a_mark_waits_for_the_folder_lock_as_long_as_configured() {
    use gloss::core::storage::lock::FolderLock;
    use gloss::core::user_state::timing::Timing;
    use std::time::Duration;
    let ws = Workspace::new(true);
    let settings = gloss::tui::state::Settings {
        timing: Timing {
            lock_wait: Duration::from_millis(50),
            ..Timing::default()
        },
        ..gloss::tui::state::Settings::default()
    };
    let mut app = common::app_with(&ws.corpus(), settings);
    let held = FolderLock::acquire(&ws.annotations(), Duration::ZERO).unwrap();
    press(&mut app, "S-Tab m");
    let screen = text(&draw(&app, 400, 36));
    assert!(screen.contains("for over 0.05 s"), "{screen}");
    drop(held);
    press(&mut app, "m");
    let marks = std::fs::read_to_string(ws.annotations().join(".progress.toml")).unwrap();
    assert!(marks.contains("mark = \"done\""), "{marks}");
}
