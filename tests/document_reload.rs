//! The open document's file rewritten on disk while it is open: the idle check reads it again,
//! its annotations follow their text, the cursor and a selection stay on theirs, and a key typed
//! meanwhile lands on the text it was typed for or nowhere. The check is made by passing a time
//! to [`App::poll_writer_at`], not by waiting for it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use gloss::core::annotation::{Annotation, Placement};
use gloss::core::storage::store;
use gloss::core::user_state::timing::Timing;
use gloss::tui::state::App;

/// The document the reader opens first.
const FIRST: &str = "000_073045cb8793dce5.txt";
const MOVED: &str = "China plans to bolster its defences";
const CURSOR: &str = "Cybersecurity has been a flashpoint";
const DELETED: &str = "Beijing denies the claims and says it is a victim of hacking.";
const INSERTED: &str = "An editor put this paragraph here. It has two sentences.\n\n";

fn document(ws: &common::Workspace) -> PathBuf {
    ws.corpus().join(FIRST)
}

fn annotation_file(ws: &common::Workspace) -> PathBuf {
    ws.annotations().join(format!("{FIRST}.toml"))
}

/// Rewrites the document as an editor (or `sed -i`) does, a new file renamed over it: `change`
/// gets its text. A new inode, so that the change shows in its stamp however soon it comes.
fn rewrite(file: &Path, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(file).unwrap();
    let new = file.with_extension("new");
    std::fs::write(&new, change(&text)).unwrap();
    std::fs::rename(&new, file).unwrap();
}

/// The text with [`INSERTED`] put before the sentence starting with `words`.
fn insert_before(text: &str, words: &str) -> String {
    let at = text.find(words).unwrap();
    format!("{}{INSERTED}{}", &text[..at], &text[at..])
}

/// Has the reader make its `nth` idle check (from 1) now, as if that many intervals had
/// passed.
fn check(app: &mut App, nth: u32) {
    app.poll_writer_at(Instant::now() + nth * Timing::default().check_every);
}

fn settle(app: &mut App) {
    let outcomes = app.writer.flush();
    app.collect_outcomes(outcomes);
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The open document's text at an annotation's code-point offsets.
fn text_at(app: &App, a: &Annotation) -> String {
    let doc = &app.open.as_ref().unwrap().doc;
    let (start, end) = (
        doc.index.char_to_byte(&doc.text, a.start),
        doc.index.char_to_byte(&doc.text, a.end),
    );
    doc.text[start..end].to_owned()
}

fn on_disk(ws: &common::Workspace) -> Vec<Annotation> {
    store::load(&annotation_file(ws))
        .unwrap()
        .map(|f| f.annotations)
        .unwrap_or_default()
}

#[test]
fn a_document_rewritten_on_disk_is_reloaded_with_its_annotations_and_cursor_on_their_text() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, MOVED);
    common::press(&mut app, "a");
    common::go_to(&mut app, "Beijing denies");
    common::press(&mut app, "r Esc");
    settle(&mut app);
    let moved_quote = app.open_annotations()[0].quote.clone();
    assert!(moved_quote.starts_with(MOVED), "{moved_quote}");
    // The cursor on the sentence between them, a selection of its first words.
    common::press(&mut app, "k");
    assert!(common::cursor_text(&app).starts_with(CURSOR));
    common::press(&mut app, "v L L");
    let selected = common::selection_text(&app).unwrap();
    let before = std::fs::read(annotation_file(&ws)).unwrap();

    rewrite(&document(&ws), |text| {
        insert_before(text, MOVED).replace(DELETED, "")
    });
    check(&mut app, 1);
    assert!(app.is_reloading(), "the changed file is read again");
    app.finish_reload();

    assert_eq!(
        status(&app),
        format!("{FIRST} changed on disk: reloaded (annotations: 1 moved, 1 unplaced)")
    );
    let anns = app.open_annotations();
    assert_eq!(anns.len(), 2, "nothing coded is lost: {anns:#?}");
    assert_eq!(anns[0].placement, Placement::Moved);
    assert_eq!(anns[0].tags, ["accusation"]);
    assert_eq!(
        text_at(&app, &anns[0]),
        moved_quote,
        "the span follows its text"
    );
    assert_eq!(anns[1].placement, Placement::Orphan);
    assert_eq!(anns[1].quote, DELETED);
    let doc = &app.open.as_ref().unwrap().doc;
    assert!(doc.text.contains(INSERTED), "the new version is shown");
    assert!(common::cursor_text(&app).starts_with(CURSOR));
    assert_eq!(common::selection_text(&app).as_deref(), Some(&*selected));
    // Placing them wrote nothing: the file holds them as coded until the next change.
    assert_eq!(std::fs::read(annotation_file(&ws)).unwrap(), before);

    // The next change writes the places in the new text, the orphan kept.
    common::press(&mut app, "Esc 1");
    settle(&mut app);
    let file = store::load(&annotation_file(&ws)).unwrap().unwrap();
    assert_eq!(file.content_hash, app.open.as_ref().unwrap().doc.hash());
    let saved = file.annotations;
    assert_eq!(saved.len(), 3, "{saved:#?}");
    assert_eq!(text_at(&app, &saved[0]), moved_quote);
    assert!(text_at(&app, &saved[1]).starts_with(CURSOR));
    assert_eq!(saved[1].tags, ["authoritative"]);
    assert_eq!(saved[2].placement, Placement::Orphan);
    assert_eq!(saved[2].quote, DELETED);
}

#[test]
fn a_tag_key_typed_while_the_document_is_read_again_lands_on_its_sentence_where_it_moved() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, CURSOR);
    let sentence = common::cursor_text(&app);
    rewrite(&document(&ws), |text| insert_before(text, MOVED));
    check(&mut app, 1);
    common::press(&mut app, "a");
    assert!(app.open_annotations().is_empty(), "held while read again");
    assert_eq!(
        status(&app),
        "the document changed on disk: reading it again…"
    );
    app.finish_reload();
    settle(&mut app);

    let anns = on_disk(&ws);
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].quote, sentence);
    assert_eq!(text_at(&app, &anns[0]), sentence);
    assert_eq!(
        status(&app),
        format!("{FIRST} changed on disk: reloaded · tagged accusation")
    );
}

#[test]
fn a_tag_key_typed_while_the_document_is_read_again_is_dropped_when_its_sentence_changed() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, "Beijing denies");
    rewrite(&document(&ws), |text| {
        text.replace(DELETED, "Beijing admits nothing.")
    });
    check(&mut app, 1);
    common::press(&mut app, "a j");
    app.finish_reload();
    settle(&mut app);

    assert!(app.open_annotations().is_empty());
    assert!(!annotation_file(&ws).exists(), "nothing was written");
    assert_eq!(
        status(&app),
        format!(
            "{FIRST} changed on disk: reloaded; the text under the cursor changed: the 2 keys \
             typed while it was read again were not applied"
        )
    );
    assert!(app.status.as_ref().unwrap().error);
}

/// With no key held, a changed cursor sentence is said, so that the next tag key is not typed
/// for the sentence that was there.
#[test]
fn a_cursor_sentence_changed_on_disk_is_said() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, "Beijing denies");
    rewrite(&document(&ws), |text| text.replace(DELETED, ""));
    check(&mut app, 1);
    app.finish_reload();
    settle(&mut app);

    assert!(
        status(&app).ends_with(
            "; the sentence under the cursor changed: the cursor is on the one now there"
        ),
        "{}",
        status(&app)
    );
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn a_selection_whose_text_is_gone_is_dropped_and_no_key_lands_on_other_text() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, "Beijing denies");
    common::press(&mut app, "v");
    rewrite(&document(&ws), |text| text.replace(DELETED, ""));
    check(&mut app, 1);
    common::press(&mut app, "a");
    app.finish_reload();
    settle(&mut app);

    assert_eq!(common::selection_text(&app), None);
    assert!(app.open_annotations().is_empty());
    assert!(!annotation_file(&ws).exists(), "nothing was written");
    let said = status(&app);
    assert!(
        said.contains("the selection's text is gone: selection dropped")
            && said.ends_with("the key typed while it was read again was not applied"),
        "{said}"
    );
}

#[test]
fn an_unchanged_document_is_not_read_again() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    let shown = Arc::clone(&app.open.as_ref().unwrap().doc);
    check(&mut app, 1);
    assert!(!app.is_reloading());
    check(&mut app, 2);
    assert!(!app.is_reloading());
    assert!(Arc::ptr_eq(&shown, &app.open.as_ref().unwrap().doc));

    // Its stamp changed, its text not: read again once, the text shown kept (a search through
    // it goes on), and the keys typed meanwhile applied.
    common::press(&mut app, "/ t h e Enter");
    common::settle(&mut app);
    rewrite(&document(&ws), str::to_owned);
    check(&mut app, 3);
    assert!(app.is_reloading());
    common::press(&mut app, "a");
    app.finish_reload();
    settle(&mut app);
    assert!(Arc::ptr_eq(&shown, &app.open.as_ref().unwrap().doc));
    assert!(app.active_search().is_some());
    assert_eq!(on_disk(&ws).len(), 1);
    check(&mut app, 4);
    assert!(
        !app.is_reloading(),
        "its new stamp is the one compared with"
    );
}

#[test]
fn a_document_gone_from_disk_stays_shown_and_is_taken_again_when_it_comes_back() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    let away = ws.dir.path().join("away.txt");
    std::fs::rename(document(&ws), &away).unwrap();
    check(&mut app, 1);
    assert!(!app.is_reloading());
    assert_eq!(
        status(&app),
        format!("{FIRST} is gone from disk: showing the text read before")
    );
    assert!(app.status.as_ref().unwrap().error);
    // Tagging the text shown goes on meanwhile.
    common::press(&mut app, "a");
    settle(&mut app);
    assert_eq!(on_disk(&ws).len(), 1);

    std::fs::rename(&away, document(&ws)).unwrap();
    check(&mut app, 2);
    assert!(app.is_reloading());
    app.finish_reload();
    assert_eq!(status(&app), format!("{FIRST} is on disk again, unchanged"));
    assert_eq!(app.open_annotations().len(), 1);
}

#[test]
fn a_title_edited_on_disk_is_the_title_in_the_list() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    rewrite(&document(&ws), |text| {
        text.replacen(
            "Forget the Great Firewall",
            "Remember the Great Firewall",
            1,
        )
    });
    check(&mut app, 1);
    app.finish_reload();
    let entry = app.open.as_ref().unwrap().entry;
    assert!(
        (app.corpus.entries[entry].meta.title).starts_with("Remember the Great Firewall"),
        "{}",
        app.corpus.entries[entry].meta.title
    );
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("Remember the Great"), "{screen}");
}

/// Annotations that come from disk while the document is read again (a `git pull` bringing
/// both) are placed in the new version, not left at offsets of the old.
#[test]
fn annotations_written_elsewhere_while_the_document_is_read_again_are_placed_in_the_new_text() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, MOVED);
    common::press(&mut app, "a");
    settle(&mut app);
    let ours = common::cursor_text(&app);
    common::press(&mut app, "j");
    let theirs = common::cursor_text(&app);
    let mut file = store::load(&annotation_file(&ws)).unwrap().unwrap();
    let doc = Arc::clone(&app.open.as_ref().unwrap().doc);
    let stamp = gloss::core::annotation::Stamp {
        annotator: "colleague".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let span = app.reader.cursor_span().unwrap();
    let denial = vec!["denial".into()];
    (file.annotations).push(Annotation::new(&doc.text, &doc.index, span, denial, &stamp));
    rewrite(&annotation_file(&ws), |_| store::to_toml(&file));
    rewrite(&document(&ws), |text| insert_before(text, MOVED));
    check(&mut app, 1);
    assert!(app.is_reloading());
    // The writer's check of the annotation file, made at the same tick, comes in first.
    settle(&mut app);
    assert_eq!(app.open_annotations().len(), 2, "taken in meanwhile");
    app.finish_reload();

    let anns = app.open_annotations();
    assert_eq!(anns.len(), 2);
    assert_eq!(text_at(&app, &anns[0]), ours);
    assert_eq!(anns[1].annotator, "colleague");
    assert_eq!(text_at(&app, &anns[1]), theirs);
    assert!(anns.iter().all(|a| a.placement == Placement::Moved));
}

/// A key held in the sidebar acts on the annotation it was typed for, though placing the
/// annotations in the new version moved it in the sidebar's order.
#[test]
fn a_key_held_in_the_sidebar_acts_on_its_annotation_after_the_order_changed() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, MOVED);
    common::press(&mut app, "a");
    let gone = app.open_annotations()[0].quote.clone();
    common::go_to(&mut app, "Beijing denies");
    common::press(&mut app, "r Esc");
    settle(&mut app);
    // The second annotation, the denial, selected in the sidebar.
    common::press(&mut app, "Tab j");
    rewrite(&document(&ws), |text| text.replace(&gone, ""));
    check(&mut app, 1);
    common::press(&mut app, "d");
    app.finish_reload();
    settle(&mut app);

    // The accusation lost its text and is listed last now; the denial is the one deleted.
    let left = on_disk(&ws);
    assert_eq!(left.len(), 1, "{left:#?}");
    assert_eq!(left[0].quote, gone);
    assert_eq!(left[0].placement, Placement::Orphan);
}

/// A version that cannot be read (no longer text) is said once; the text read before stays
/// shown and coded, and the file is not read again until it changes once more.
#[test]
fn a_version_that_cannot_be_read_is_said_once_and_the_text_read_before_stays() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    let shown = Arc::clone(&app.open.as_ref().unwrap().doc);
    let binary = ws.dir.path().join("binary");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 7]).unwrap();
    std::fs::rename(&binary, document(&ws)).unwrap();
    check(&mut app, 1);
    assert!(app.is_reloading());
    app.finish_reload();
    let said = status(&app);
    assert!(
        said.starts_with(&format!("{}", document(&ws).display()))
            && said.ends_with("gloss reads text files only: showing the text read before"),
        "{said}"
    );
    assert!(Arc::ptr_eq(&shown, &app.open.as_ref().unwrap().doc));
    check(&mut app, 2);
    assert!(!app.is_reloading(), "not read again while it is the same");
    common::press(&mut app, "a");
    settle(&mut app);
    assert_eq!(on_disk(&ws).len(), 1);
}

/// The real binary: the event loop makes the check, takes the new version in and draws it
/// without a key pressed.
#[test]
fn the_binary_shows_a_document_rewritten_on_disk_without_a_key() {
    let ws = common::Workspace::new(false);
    let config = ws.dir.path().join("fast-timing.toml");
    std::fs::write(&config, "[timing]\ncheck_every = 0.1\n").unwrap();
    let config = config.to_str().unwrap();
    let mut s = common::pty::Session::start_with_env(&ws, &[], &[("GLOSS_CONFIG", config)]);
    s.wait_for("Documents (5)");
    s.send("/Cybersecurity has\r");
    s.wait_for("match 1 of 1");
    s.send("\x1b");
    s.wait_for("search ended");
    assert!(s.cursor_sentence().starts_with(CURSOR), "{}", s.contents());

    rewrite(&document(&ws), |text| insert_before(text, MOVED));
    let screen = s.wait_for(&format!("{FIRST} changed on disk: reloaded"));
    assert!(
        screen.contains("An editor put this paragraph here."),
        "{screen}"
    );
    assert!(s.cursor_sentence().starts_with(CURSOR), "{screen}");
    s.send("a");
    s.wait_for("tagged accusation");
    s.send("q");
    assert!(s.wait_exit().success());
    let anns = on_disk(&ws);
    assert_eq!(anns.len(), 1);
    assert!(anns[0].quote.starts_with(CURSOR));
    let text = std::fs::read_to_string(document(&ws)).unwrap();
    let start: String = text
        .chars()
        .skip(anns[0].start)
        .take(CURSOR.len())
        .collect();
    assert_eq!(start, CURSOR, "its offsets are in the new version");
}

/// The text of the first three rows of the reading pane.
fn top_rows(app: &App) -> String {
    let open = app.open.as_ref().unwrap();
    let width = app.panes().unwrap().text_size().0;
    let rows = open.layout(width).visible(app.reader.top, 3);
    let text = rows.iter().map(|(row, _)| &open.doc.text[row.clone()]);
    text.collect::<Vec<_>>().join("|")
}

/// Scrolled down a long document, the view stays on the same text when paragraphs are added
/// above it, and on the cursor's.
#[test]
fn the_view_stays_on_its_text_when_paragraphs_are_added_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::large_corpus(dir.path());
    let mut app = common::app_at(&corpus);
    common::press(&mut app, "C-d C-d C-d C-d j j");
    let (top, cursor) = (top_rows(&app), common::cursor_text(&app));
    assert!(top.contains("Paragraph 22 opens"), "scrolled down: {top}");
    rewrite(&corpus.join("big.txt"), |text| {
        format!("{INSERTED}{INSERTED}{text}")
    });
    check(&mut app, 1);
    app.finish_reload();

    assert!(app.open.as_ref().unwrap().doc.text.starts_with(INSERTED));
    assert_eq!(top_rows(&app), top);
    assert_eq!(common::cursor_text(&app), cursor);
}

/// The annotation just tagged stays the current one where it moved: a tag key held for it adds
/// to it.
#[test]
fn a_tag_key_held_for_the_current_annotation_adds_to_it_where_it_moved() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::go_to(&mut app, CURSOR);
    common::press(&mut app, "a");
    settle(&mut app);
    rewrite(&document(&ws), |text| insert_before(text, MOVED));
    check(&mut app, 1);
    common::press(&mut app, "1");
    app.finish_reload();
    settle(&mut app);

    let anns = on_disk(&ws);
    assert_eq!(anns.len(), 1, "{anns:#?}");
    assert_eq!(anns[0].tags, ["accusation", "authoritative"]);
    assert_eq!(text_at(&app, &anns[0]), anns[0].quote);
    assert!(anns[0].quote.starts_with(CURSOR));
    assert_eq!(common::current_text(&app), Some(anns[0].quote.clone()));
}

/// A search ran through the old text: it ends with the reload, which says so.
#[test]
fn a_search_ends_when_the_document_changes_under_it() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::press(&mut app, "/ c h i n a Enter");
    common::settle(&mut app);
    assert!(app.active_search().is_some());
    rewrite(&document(&ws), |text| insert_before(text, MOVED));
    check(&mut app, 1);
    app.finish_reload();
    assert!(app.active_search().is_none());
    assert_eq!(
        status(&app),
        format!("{FIRST} changed on disk: reloaded; the search ended")
    );
}
