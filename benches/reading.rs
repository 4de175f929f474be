//! What a keystroke costs on a 50 MB document, next to the same keys on a short one: the cost
//! must not grow with the document. Each measurement applies one key and draws the frame.
//! Also what opening a 50 MB file costs before its first frame, and reading it again once it
//! changed on disk. Run with `cargo bench --bench reading`.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use gloss::core::corpus::Entry;
use gloss::core::documents::document::Document;
use gloss::core::documents::preview::Preview;
use gloss::core::documents::reflow::Reflow;
use gloss::core::user_state::timing::Timing;
use gloss::tui::keys::Key;

const SHIPPED: &str = include_str!("../corpus/004_5fd63ba584e4c364.txt");

/// A corpus folder holding one document of about `bytes` bytes, made of the shipped article.
fn corpus_of(dir: &Path, bytes: usize) {
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let copies = bytes.div_ceil(SHIPPED.len()).max(1);
    let text = vec![SHIPPED; copies].join("\n\n");
    std::fs::write(root.join("doc.txt"), text).unwrap();
}

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    for (name, bytes) in [("5 KB", 5_000), ("50 MB", 50_000_000)] {
        let dir = tempfile::tempdir().unwrap();
        corpus_of(dir.path(), bytes);
        let mut app = common::app(&dir.path().join("corpus"), 120, 40);
        // Start in the middle of the document, where scrolling goes both ways.
        app.handle_key("G".parse().unwrap());
        for _ in 0..200 {
            app.handle_key("C-u".parse().unwrap());
        }
        // With a search active as well, for the last pair: every match on screen is highlighted
        // and `n`/`N` are lookups among them.
        let search = ["/", "t", "h", "e", "Enter"];
        for keys in [
            ["j", "k"],
            ["C-d", "C-u"],
            ["Space", "C-b"],
            ["G", "g"],
            ["n", "N"],
        ] {
            if keys[0] == "n" {
                for k in search {
                    app.handle_key(k.parse().unwrap());
                }
                while app.poll_searches() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
            let keys: [Key; 2] = keys.map(|k| k.parse().unwrap());
            let id = BenchmarkId::new(keys_name(&keys), name);
            common::keys_and_frames(&mut group, id, &mut app, keys);
        }
    }
    group.finish();
}

fn keys_name(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

fn opening(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    let text = vec![SHIPPED; 50_000_000 / SHIPPED.len()].join("\n\n");
    // The first screen's sentences, then every sentence as the background indexer finds them.
    group.bench_function("a 50 MB document, first screen", |b| {
        b.iter_batched(
            || text.clone(),
            |text| {
                let doc = Document::from_text("doc.txt", text);
                doc.sentences_in(0..8_000);
                doc
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("index a 50 MB document", |b| {
        b.iter_batched(
            || Document::from_text("doc.txt", text.clone()),
            |doc| {
                doc.index_rest(|| true);
                doc
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// A 50 MB document in `dir`, plain and hard-wrapped at 72 columns: (name, path) of each.
fn large_files(dir: &Path) -> [(&'static str, std::path::PathBuf); 2] {
    let plain = common::document(50_000_000);
    let wrapped = common::hard_wrapped(&plain, 72);
    [("50 MB", plain), ("50 MB hard-wrapped", wrapped)].map(|(name, text)| {
        let path = dir.join(format!("{name}.txt"));
        std::fs::write(&path, text).unwrap();
        (name, path)
    })
}

/// What the reader does with a 50 MB file before its first frame, and before the frame of its
/// end (`G`): the file read and decoded once, the corpus entry made from it, the display lines
/// and sentences of one screen found. Plain, and hard-wrapped at 72 columns, which is joined
/// back into paragraphs for display.
fn opening_a_file(c: &mut Criterion) {
    let mut group = c.benchmark_group("open a file");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in large_files(dir.path()) {
        for (place, at_end) in [("first screen", false), ("its end", true)] {
            let id = BenchmarkId::new(place, name);
            group.bench_function(id, |b| {
                b.iter_with_large_drop(|| {
                    let doc = Document::load(&path, name, Reflow::Auto).unwrap();
                    let entry = Entry::of_document(path.clone(), name.into(), dir.path(), &doc);
                    let mut line = match at_end {
                        false => doc.line_at(0),
                        true => doc.line_at(doc.text.len() - 8_000),
                    };
                    for _ in 0..45 {
                        line = doc.next_line(&line).unwrap_or(line);
                    }
                    let screen = doc.sentences_in(line.start.saturating_sub(8_000)..line.end);
                    assert!(!screen.is_empty() && entry.loaded);
                    doc
                })
            });
        }
    }
    group.finish();
}

/// What the reader does with a 50 MB file before its first frame now: the preview of its two
/// ends (`Preview::read`), and the sentences of its first screen.
fn previewing_a_file(c: &mut Criterion) {
    let mut group = c.benchmark_group("preview a file");
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in large_files(dir.path()) {
        group.bench_function(BenchmarkId::new("first screen", name), |b| {
            b.iter_with_large_drop(|| {
                let preview = Preview::read(&path, name, Reflow::Auto, 0)
                    .unwrap()
                    .unwrap();
                let doc = preview.doc;
                let mut line = doc.line_at(0);
                for _ in 0..45 {
                    line = doc.next_line(&line).unwrap_or(line);
                }
                assert!(!doc.sentences_in(0..line.end).is_empty());
                doc
            })
        });
    }
    group.finish();
}

/// What reading the open 50 MB document again costs once its file changed on disk, with 10,000
/// annotations, all moved by a paragraph added at its top (then taken away, in turns): on the
/// input path (the check's `stat` and the thread started, then taking in what the thread made:
/// the annotations' spans and listing, the cursor and the view), and from the check to the
/// document shown (the thread's reading, hashing and placing too).
fn reloading(c: &mut Criterion) {
    let mut group = c.benchmark_group("reload a changed 50 MB document");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    common::corpus(&corpus, 1, 50_000_000, 10_000);
    let path = corpus.join(common::corpus_document_name(0));
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = original.replacen("\n\n", "\n\nA paragraph added at the top.\n\n", 1);
    let mut app = common::app(&corpus, 120, 40);
    // Shown from its ends first: the reload waits for the whole.
    app.finish_opening();
    for _ in 0..2000 {
        app.handle_key("C-d".parse().unwrap());
    }
    let mut turn = 0u32;
    let mut rewrite = |app: &mut gloss::tui::state::App| {
        turn += 1;
        let text = if turn % 2 == 1 { &edited } else { &original };
        // A new file renamed over the old, as an editor saves.
        let new = path.with_extension("new");
        std::fs::write(&new, text).unwrap();
        std::fs::rename(&new, &path).unwrap();
        let check = Instant::now() + turn * Timing::default().check_every;
        let started = Instant::now();
        app.poll_writer_at(check);
        assert!(app.is_reloading());
        started.elapsed()
    };
    group.bench_function("on the input path", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                spent += rewrite(&mut app);
                loop {
                    let started = Instant::now();
                    if app.poll_reload() {
                        spent += started.elapsed();
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            spent
        })
    });
    group.bench_function("check to shown", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                spent += rewrite(&mut app);
                let started = Instant::now();
                app.finish_reload();
                spent += started.elapsed();
            }
            spent
        })
    });
    group.finish();
}

/// The reader's own work for each `j` of `vs_less`'s keys on its annotated document (50 MB,
/// 10,000 annotations, 140×45): the key, then the frame drawn into a buffer cleared first, as
/// the terminal clears it; not the terminal's part (its diff, the bytes written). `j` is pressed
/// 40 times from the top, then `g` (not measured) and again: after about a dozen keys every `j`
/// scrolls the reading pane, so most frames draw all of its rows anew.
fn j_from_the_top(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke, frame into a buffer");
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    common::corpus(&corpus, 1, 50_000_000, 10_000);
    let mut app = common::app(&corpus, 140, 45);
    app.finish_opening();
    // Once the sentences are all found, as when `vs_less` presses its keys: finding them takes
    // a core meanwhile, and the status bar says how far it went.
    while app
        .open
        .as_ref()
        .is_some_and(|o| o.doc.indexing().is_some())
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let area = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(area);
    let (j, g): (Key, Key) = ("j".parse().unwrap(), "g".parse().unwrap());
    let mut pressed = 0;
    group.bench_function("j from the top, 50 MB, 10,000 annotations", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                if pressed % 40 == 0 {
                    app.handle_key(g);
                }
                pressed += 1;
                let started = Instant::now();
                app.handle_key(j);
                buf.reset();
                ratatui::widgets::Widget::render(&app, area, &mut buf);
                spent += started.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    keystrokes,
    j_from_the_top,
    opening,
    opening_a_file,
    previewing_a_file,
    reloading
);
criterion_main!(benches);
