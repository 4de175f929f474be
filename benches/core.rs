//! The core's costs that grow with the input: reading an annotation file, indexing (sentence
//! segmentation) a document, whole and as the reader does it (the piece on screen first),
//! placing annotations in a changed document, the context of a new annotation, and drawing a
//! frame of a document with many annotations. Run with `cargo bench --bench core`;
//! `cargo test --bench core` runs each once, as CI does.

mod common;

use std::path::Path;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use gloss::core::anchoring::context;
use gloss::core::anchoring::reanchor::reanchor;
use gloss::core::documents::document::Document;
use gloss::core::documents::text::CharIndex;
use gloss::core::{documents::sentences, storage::store};

/// Time linear in the number of annotations: each tenfold count costs about ten times as much.
fn reading_annotation_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("read an annotation file");
    group.sample_size(10);
    let text = common::document(5_000_000);
    for count in [1_000, 10_000] {
        let file = common::annotations(&text, "doc.txt", count, &["accusation"]);
        let toml = store::to_toml(&file);
        group.bench_function(BenchmarkId::from_parameter(count), |b| {
            b.iter(|| store::from_toml(&toml, Path::new("doc.txt.toml")).unwrap())
        });
    }
    group.finish();
}

/// Every sentence, as the background indexer finds them: about linear in the document.
fn indexing(c: &mut Criterion) {
    let mut group = c.benchmark_group("index a document");
    group.sample_size(10);
    for (name, bytes) in [("100 KB", 100_000), ("1 MB", 1_000_000)] {
        let text = common::document(bytes);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| sentences::split(&text))
        });
    }
    group.finish();
}

/// What opening costs before the first frame: the document made (display lines, code point
/// checkpoints, metadata; the text's copy is made outside the timing) and the sentences of the
/// first screen found. It must not grow with the document as indexing does.
fn opening(c: &mut Criterion) {
    let mut group = c.benchmark_group("open a document, first screen's sentences");
    group.sample_size(10);
    for (name, bytes) in [("1 MB", 1_000_000), ("10 MB", 10_000_000)] {
        let text = common::document(bytes);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_batched(
                || text.clone(),
                |text| {
                    let doc = Document::from_text("doc.txt", text);
                    let screen = doc.sentences_in(0..8_000);
                    assert!(!screen.is_empty());
                    doc
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Placing every annotation of a 5 MB document in its text: unchanged (each checked at its
/// offsets), and with a paragraph added at the top (each found again). Time linear in the
/// text and the annotations together: ten times the annotations cost far less than ten times.
fn reanchoring(c: &mut Criterion) {
    let mut group = c.benchmark_group("place annotations, 5 MB");
    group.sample_size(10);
    let text = common::document(5_000_000);
    let edited = text.replacen("\n\n", "\n\nA paragraph added at the top.\n\n", 1);
    let (index, edited_index) = (CharIndex::new(&text), CharIndex::new(&edited));
    for count in [1_000, 10_000] {
        let file = common::annotations(&text, "doc.txt", count, &["accusation"]);
        for (name, text, index, changed) in [
            ("unchanged", &text, &index, false),
            ("changed", &edited, &edited_index, true),
        ] {
            let id = BenchmarkId::new(name, count);
            group.bench_function(id, |b| {
                b.iter(|| reanchor(&mut file.annotations.clone(), text, index, changed))
            });
        }
    }
    group.finish();
}

/// The context of a new annotation on a sentence found once in a 5 MB document: the whole text
/// is searched for other occurrences.
fn new_context(c: &mut Criterion) {
    let text = common::document(5_000_000);
    let start = text.find("¶2000 ").unwrap();
    let end = text[start..].char_indices().nth(100).unwrap().0 + start;
    let span = start..end;
    c.bench_function("context of a new annotation, 5 MB", |b| {
        b.iter(|| context::around(&text, span.clone()))
    });
}

/// A key and the frame it brings, with many annotations in the document: the cost must be that
/// of the screen, not of the annotations.
fn frames_with_annotations(c: &mut Criterion) {
    let mut group = c.benchmark_group("j/k and frame");
    for count in [0, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let text = common::document(5_000_000);
        std::fs::write(corpus.join("doc.txt"), &text).unwrap();
        if count > 0 {
            let file = common::annotations(&text, "doc.txt", count, &["accusation"]);
            common::write_annotations(&corpus, &file);
        }
        let mut app = common::app(&corpus, 140, 45);
        for key in ["C-d", "C-d"] {
            app.handle_key(key.parse().unwrap());
        }
        let id = BenchmarkId::from_parameter(format!("{count} annotations"));
        common::keys_and_frames(
            &mut group,
            id,
            &mut app,
            ["j", "k"].map(|k| k.parse().unwrap()),
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    reading_annotation_files,
    indexing,
    opening,
    reanchoring,
    new_context,
    frames_with_annotations
);
criterion_main!(benches);
