//! A document too large to find all its sentences before the first frame: the reader draws the
//! screen from the sentences around it, keys land where they would with every sentence found,
//! and the numbers that need all of them wait for the indexing. The background indexer is held
//! back (`Settings::index_in_background` off), so that the test, not a thread, decides when the
//! rest of the document is indexed.

mod common;

use std::path::Path;

use common::screen::{draw, text};
use gloss::tui::state::{App, Settings};

fn held_back(corpus: &Path) -> App {
    common::app_with(
        corpus,
        Settings {
            index_in_background: false,
            ..Settings::default()
        },
    )
}

fn indexing(app: &App) -> Option<usize> {
    app.open.as_ref().unwrap().doc.indexing()
}

#[test]
fn the_first_frame_comes_before_the_sentences_are_all_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = held_back(&common::large_corpus(dir.path()));
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Paragraph 0 opens here."), "{screen}");
    assert!(screen.contains("sentence …/… (indexing 0%)"), "{screen}");
    assert_eq!(
        indexing(&app),
        Some(0),
        "only the pieces on screen (one or two of some 220) were split"
    );

    let open = app.open.as_mut().unwrap();
    assert!(!open.poll_indexing(), "nothing new to show");
    open.doc.index_rest(|| true);
    assert!(
        open.poll_indexing(),
        "indexing done: the numbers are to be drawn"
    );
    assert!(!open.poll_indexing());
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("sentence 1/28000"), "{screen}");
}

/// `j`, paging, `G`, `k` and `g` while the sentences are being found go where they go
/// with all of them found, and need no more than the pieces they reach.
#[test]
fn keys_during_indexing_land_where_they_land_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let mut lazy = held_back(&corpus);
    let mut eager = held_back(&corpus);
    eager.open.as_ref().unwrap().doc.index_rest(|| true);
    let place = |app: &App| (app.reader.cursor.clone(), app.reader.top);
    for keys in [
        "j j j",
        "Space Space C-d",
        "G",
        "k k",
        "C-u",
        "g",
        "G k k k",
    ] {
        common::press(&mut lazy, keys);
        common::press(&mut eager, keys);
        assert_eq!(place(&lazy), place(&eager), "after {keys}");
        assert!(indexing(&lazy).is_some(), "{keys} needed every sentence");
    }
    assert_eq!(
        common::cursor_text(&lazy),
        "Paragraph 13998 opens here.",
        "G then k k k"
    );
    let screen = text(&draw(&lazy, 120, 36));
    assert!(screen.contains("Paragraph 13999 opens here."), "{screen}");
    assert!(screen.contains("(indexing"), "{screen}");
    lazy.open.as_ref().unwrap().doc.index_rest(|| true);
    let screen = text(&draw(&lazy, 120, 36));
    assert!(screen.contains("sentence 27997/28000"), "{screen}");
}
