//! The document list before the corpus is read: drawn at once from the documents' paths, keys
//! working while the documents are read in the background, and in the end the same as a corpus
//! read whole. The scan waits at a gate the test opens (a rendezvous channel), so nothing here
//! depends on timing.

mod common;

use std::sync::mpsc::{SyncSender, sync_channel};

use common::screen::{draw, text};
use gloss::core::corpus::Corpus;
use gloss::tui::state::{App, Focus, Settings};

/// The reader as the binary starts it, on the shipped corpus with its annotations, its scan
/// held at a gate: each `send` on the returned end lets one document through (and returns once
/// the scan waits again); dropping it lets the rest through.
fn gated(ws: &common::Workspace) -> (App, SyncSender<()>) {
    let corpus = Corpus::listed(&ws.corpus(), None).unwrap();
    let (open, gate) = sync_channel(0);
    let stamp = || gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let settings = Settings {
        scan_gate: Some(gate),
        ..Settings::default()
    };
    let writer = gloss::core::storage::writer::Writer::spawn();
    let mut app = App::start(corpus, writer, Box::new(stamp), settings);
    app.resize(120, 36);
    (app, open)
}

fn to_list(app: &mut App) {
    for _ in 0..3 {
        if app.focus != Focus::List {
            common::press(app, "Tab");
        }
    }
    assert_eq!(app.focus, Focus::List);
}

fn screen(app: &App) -> String {
    text(&draw(app, 120, 36))
}

#[test]
fn the_list_is_drawn_and_keys_work_before_the_corpus_is_read_and_it_ends_as_read_whole() {
    let ws = common::Workspace::new(true);
    let (mut app, open) = gated(&ws);
    // Only the document opened first is read.
    let read: Vec<bool> = app.corpus.entries.iter().map(|e| e.loaded).collect();
    assert_eq!(read, [true, false, false, false, false]);
    let s = screen(&app);
    assert!(s.contains("reading 0/4"), "{s}");
    assert!(
        s.contains("│  001_bcba7e35c127046e."),
        "its path until it is read: {s}"
    );
    assert!(!s.contains("China opposes"), "{s}");

    // Keys while the scan waits: to the list, sort and filter it, open a document not read yet.
    to_list(&mut app);
    common::press(&mut app, "s s s s / 0 0 2 Enter Enter");
    assert!(app.scan_progress().is_some(), "the scan is still held");
    let open_doc = app.open.as_ref().expect("a document is open");
    assert_eq!(
        app.corpus.entries[open_doc.entry].rel_path,
        "002_3e2178b0d7cc894e.txt"
    );
    assert!(app.corpus.entries[2].loaded, "read when opened");
    let s = screen(&app);
    assert!(s.contains("/002 1 of 5"), "{s}");
    to_list(&mut app);
    common::press(&mut app, "Esc");
    assert_eq!(app.list.rows.len(), 5);

    // Through the gate: the second send returns once the scan waits before its second
    // document, so the first has been handed over (and the second may have been).
    open.send(()).unwrap();
    open.send(()).unwrap();
    assert!(app.poll_scan());
    let (done, total) = app
        .scan_progress()
        .expect("not finished: two of four let through");
    assert!((1..=2).contains(&done) && total == 4, "{done}/{total}");
    let s = screen(&app);
    assert!(s.contains("│  China opposes using"), "{s}");
    assert!(s.contains("2017-03-03 · 2 tagged"), "{s}");
    assert!(s.contains(&format!("reading {done}/4")), "{s}");

    // The rest, and the list is the one a corpus read whole gives.
    drop(open);
    app.finish_scan();
    assert_eq!(app.scan_progress(), None);
    let eager = Corpus::open(&ws.corpus(), None).unwrap();
    let summary = |c: &Corpus| -> Vec<_> {
        c.entries
            .iter()
            .map(|e| {
                (
                    e.rel_path.clone(),
                    e.meta.clone(),
                    e.annotations.clone(),
                    e.loaded,
                )
            })
            .collect()
    };
    assert_eq!(summary(&app.corpus), summary(&eager));
    let s = screen(&app);
    assert!(s.contains("Documents (5)") && !s.contains("reading"), "{s}");
}

#[test]
fn what_needs_every_document_waits_for_the_scan() {
    let ws = common::Workspace::new(true);
    let (mut app, open) = gated(&ws);
    drop(open);
    // The tag view counts every document's annotations.
    common::press(&mut app, "t");
    assert_eq!(app.scan_progress(), None);
    assert!(app.corpus.entries.iter().all(|e| e.loaded));
}

#[test]
fn the_documents_the_list_shows_are_read_before_the_others() {
    let ws = common::Workspace::new(false);
    // Forty documents after the shipped five, more than the list's 16 rows show.
    for i in 0..40 {
        let text = format!("Extra document {i:02}\n\nNothing to code here.\n");
        std::fs::write(ws.corpus().join(format!("zz{i:02}.txt")), text).unwrap();
    }
    let (mut app, open) = gated(&ws);
    to_list(&mut app);
    common::press(&mut app, "G");
    assert!(!app.poll_scan(), "the gate holds the scan");
    // The rows on screen, each the path of a document not read yet.
    let before = screen(&app);
    let shown: Vec<usize> = (0..40)
        .filter(|i| before.contains(&format!("│  zz{i:02}.txt")))
        .collect();
    assert_eq!(shown.last(), Some(&39), "scrolled to the end: {before}");
    assert!(shown.len() >= 10 && shown[0] > 5, "{shown:?}: {before}");

    // Two documents through the gate: the second send returns once the scan waits before its
    // second, so the first has been handed over. It is the list's top row, not the corpus's
    // next document (the shipped second one), nor any other the list does not show.
    open.send(()).unwrap();
    open.send(()).unwrap();
    assert!(app.poll_scan());
    let read: Vec<usize> = (1..45).filter(|&i| app.corpus.entries[i].loaded).collect();
    let rows: Vec<usize> = shown.iter().map(|i| i + 5).collect();
    assert!((1..=2).contains(&read.len()), "{read:?}");
    assert_eq!(read[0], rows[0], "{read:?}, shown {rows:?}");
    assert!(read.iter().all(|i| rows.contains(i)), "{read:?}");
    let s = screen(&app);
    let title = format!("│  Extra document {:02}", shown[0]);
    assert!(s.contains(&title), "{title}: {s}");
    assert!(!s.contains(&format!("│  zz{:02}.txt", shown[0])), "{s}");
    assert!(
        s.contains("│  zz39.txt"),
        "the last row is not read yet: {s}"
    );
    assert!(s.contains("reading"), "{s}");
    drop(open);
    app.finish_scan();
    assert!(app.corpus.entries.iter().all(|e| e.loaded));
}
