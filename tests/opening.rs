//! A large document shown from its first and last pieces while it is read whole: the first
//! screen and the end come from the pieces, motions away from the cuts are served at once, and
//! every other key waits for the whole and then acts on exactly the sentence the coder saw. The
//! whole read waits on a gate (`Settings::open_gate`), so that the test, not a thread, decides
//! when the document is whole.

mod common;

use std::path::Path;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use common::PARAGRAPHS;
use common::screen::{draw, text};
use gloss::core::user_state::positions::Positions;
use gloss::tui::state::{App, Settings};

/// The reader on `corpus` as the binary starts on `corpus/big.txt` (the corpus only listed, the
/// document named), shown from a preview whose whole read waits for the sender returned.
fn previewed(corpus: &Path) -> (App, Sender<()>) {
    previewed_with(corpus, None)
}

/// [`previewed`], with the reading positions `positions`.
fn previewed_with(corpus: &Path, positions: Option<Positions>) -> (App, Sender<()>) {
    let (gate, wait) = channel();
    let app = common::app_listed(
        corpus,
        Settings {
            read_whole_up_to: 1000,
            open_gate: Some(wait),
            document: Some("big.txt".into()),
            positions,
            index_in_background: false,
            ..Settings::default()
        },
    );
    assert!(app.is_opening(), "shown from a preview");
    (app, gate)
}

/// The reader on `corpus` with the document read whole before its first frame.
fn whole(corpus: &Path) -> App {
    common::app_with(
        corpus,
        Settings {
            index_in_background: false,
            ..Settings::default()
        },
    )
}

fn finish(app: &mut App, gate: Sender<()>) {
    gate.send(()).unwrap();
    app.finish_opening();
    assert!(!app.is_opening());
}

fn quotes(app: &App) -> Vec<String> {
    let entry = app.open.as_ref().unwrap().entry;
    app.corpus.entries[entry]
        .annotations
        .iter()
        .map(|a| a.quote.clone())
        .collect()
}

#[test]
fn the_first_screen_and_the_end_come_before_the_whole_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, gate) = previewed(&common::large_corpus(dir.path()));
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Paragraph 0 opens here."), "{screen}");
    assert!(
        screen.contains("sentence …/… (indexing: reading the file) · Top"),
        "that it is being read is shown: {screen}"
    );
    assert_eq!(common::cursor_text(&app), "Paragraph 0 opens here.");
    assert_eq!(
        app.scan_progress(),
        None,
        "no scan of the corpus for the one document being read: it would bring a frame"
    );
    let preview_len = app.open.as_ref().unwrap().doc.text.len();
    assert!(
        preview_len < 600_000,
        "only the pieces are read: {preview_len}"
    );

    common::press(&mut app, "G");
    assert!(app.is_opening(), "the end is shown from the last piece");
    let last = format!("Then paragraph {} goes on and ends!", PARAGRAPHS - 1);
    assert_eq!(common::cursor_text(&app), last);
    let last_line = format!("Paragraph {} opens here.", PARAGRAPHS - 1);
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains(&last_line), "{screen}");
    assert!(
        screen.contains("sentence …/… (indexing: reading the file) · Bot"),
        "{screen}"
    );

    finish(&mut app, gate);
    assert_eq!(
        common::cursor_text(&app),
        last,
        "the same sentence in the whole"
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains(&last_line), "{screen}");
    app.open.as_ref().unwrap().doc.index_rest(|| true);
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains(&format!("sentence {}/{}", 2 * PARAGRAPHS, 2 * PARAGRAPHS)),
        "{screen}"
    );
}

/// A tag key while the document is read waits for it and tags the sentence shown when it was
/// pressed; the keys after it wait too, and land where they land on the whole document.
#[test]
fn a_tag_key_while_reading_tags_the_sentence_shown() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let (mut app, gate) = previewed(&corpus);
    common::press(&mut app, "j j j");
    assert!(app.is_opening());
    let shown = common::cursor_text(&app);
    assert_eq!(shown, "Then paragraph 1 goes on and ends!");
    common::press(&mut app, "c j j");
    assert!(quotes(&app).is_empty(), "held until the whole is read");
    assert_eq!(
        common::cursor_text(&app),
        shown,
        "the keys after it wait too"
    );

    finish(&mut app, gate);
    assert_eq!(quotes(&app), [shown]);
    let mut eager = whole(&corpus);
    common::press(&mut eager, "j j j c j j");
    assert_eq!(app.reader.cursor, eager.reader.cursor);
    assert_eq!(app.reader.top, eager.reader.top);
    assert_eq!(
        common::cursor_text(&app),
        "Then paragraph 2 goes on and ends!"
    );
}

/// Keys that would show the text next to a cut wait for the whole; they then land where they
/// land on the whole document.
#[test]
fn motions_reaching_a_cut_wait_for_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let (mut app, gate) = previewed(&corpus);
    let mut eager = whole(&corpus);
    let pages = vec!["Space"; 300].join(" ");
    common::press(&mut app, &pages);
    common::press(&mut eager, &pages);
    assert!(app.is_opening());
    assert_ne!(
        app.reader.cursor, eager.reader.cursor,
        "the pages past the cut wait"
    );
    let shown = common::cursor_text(&app);
    assert!(
        eager.open.as_ref().unwrap().doc.text.contains(&shown),
        "only what the whole shows is shown: {shown}"
    );
    common::press(&mut app, "G k k");
    common::press(&mut eager, "G k k");

    finish(&mut app, gate);
    assert_eq!(app.reader.cursor, eager.reader.cursor);
    assert_eq!(app.reader.top, eager.reader.top);
    assert_eq!(
        common::cursor_text(&app),
        format!("Then paragraph {} goes on and ends!", PARAGRAPHS - 2)
    );
}

/// The file changed between the preview and the whole read: the tag key pressed on the preview
/// is not applied, and the status bar says so.
#[test]
fn keys_are_dropped_when_the_whole_is_not_what_was_shown() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let (mut app, gate) = previewed(&corpus);
    common::press(&mut app, "j c");
    let edited = format!(
        "A new first paragraph.\n\n{}",
        common::numbered_paragraphs(0)
    );
    std::fs::write(corpus.join("big.txt"), edited).unwrap();

    finish(&mut app, gate);
    assert!(
        quotes(&app).is_empty(),
        "nothing tagged: {:?}",
        quotes(&app)
    );
    let status = app.status.as_ref().unwrap();
    assert!(status.error, "{status:?}");
    assert!(status.text.contains("was not applied"), "{status:?}");
}

/// Annotations on the first screen are drawn from the preview; the whole brings the others.
#[test]
fn annotations_on_the_first_screen_are_shown_from_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let mut eager = whole(&corpus);
    common::press(&mut eager, "j c G c");
    eager.writer.flush();
    drop(eager);

    let (mut app, gate) = previewed(&corpus);
    let open = app.open.as_ref().unwrap();
    let shown: Vec<usize> = open.shown_touching(&(0..open.doc.text.len())).collect();
    assert_eq!(shown.len(), 1, "the one on the first screen");
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Then paragraph 0 goes on and ends!"),
        "{screen}"
    );
    finish(&mut app, gate);
    let open = app.open.as_ref().unwrap();
    assert_eq!(open.shown_touching(&(0..open.doc.text.len())).count(), 2);
}

/// Quitting needs nothing of the whole document: it is served at once. The place is kept where
/// the preview knows its offset in the whole (the first piece), and not from the last piece,
/// whose offsets are not known before the whole is read.
#[test]
fn quitting_while_reading_does_not_wait_for_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let state = dir.path().join("positions.toml");
    let positions = || Positions::load(&state, &corpus, Duration::from_secs(1)).0;
    let second = common::numbered_paragraphs(0)
        .find("Paragraph 1 opens here.")
        .unwrap();

    let (mut app, _gate) = previewed_with(&corpus, Some(positions()));
    common::press(&mut app, "j j q");
    assert!(app.should_quit, "quit at once");
    assert!(app.is_opening(), "before the whole is read");
    assert_eq!(
        positions().get("big.txt"),
        Some(second),
        "ASCII: bytes are code points"
    );

    let (mut app, _gate) = previewed_with(&corpus, Some(positions()));
    assert_eq!(common::cursor_text(&app), "Paragraph 1 opens here.");
    common::press(&mut app, "G q");
    assert!(app.should_quit && app.is_opening());
    assert_eq!(
        positions().get("big.txt"),
        Some(second),
        "the place in the last piece is not kept"
    );
}

/// The preview reads only the annotations it can show; a tag made on it is saved beside all the
/// others, which the whole read brings: none is lost.
#[test]
fn a_tag_made_on_the_preview_keeps_every_annotation_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let mut eager = whole(&corpus);
    common::press(&mut eager, "c G c");
    eager.writer.flush();
    drop(eager);

    let (mut app, gate) = previewed(&corpus);
    assert_eq!(
        quotes(&app).len(),
        1,
        "only the one in the first piece is read"
    );
    common::press(&mut app, "j j c");
    finish(&mut app, gate);
    app.writer.flush();
    let file = dir.path().join("annotations/big.txt.toml");
    let on_disk = gloss::core::storage::store::load(&file).unwrap().unwrap();
    let quotes: Vec<&str> = on_disk
        .annotations
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(
        quotes,
        [
            "Paragraph 0 opens here.",
            "Paragraph 1 opens here.",
            &format!("Then paragraph {} goes on and ends!", PARAGRAPHS - 1),
        ]
    );
}
