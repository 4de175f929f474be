//! The large inputs of the benchmarks, generated from the shipped corpus: a document of any size
//! whose paragraphs are numbered (so that quotes taken from them are unique, as in real text),
//! its hard-wrapped variant, an annotation file with any number of annotations on it, and a
//! corpus of many documents.

#![allow(dead_code)] // Each benchmark uses its own part of these.

use std::path::Path;

use gloss::core::annotation::{Annotation, Extras, Placement, Stamp};
use gloss::core::corpus::Corpus;
use gloss::core::documents::text::{CharIndex, content_hash};
use gloss::core::storage::store::{self, AnnotationFile};
use gloss::core::storage::writer::Writer;
use gloss::tui::keys::Key;
use gloss::tui::state::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ARTICLES: [&str; 5] = [
    include_str!("../../corpus/000_073045cb8793dce5.txt"),
    include_str!("../../corpus/001_bcba7e35c127046e.txt"),
    include_str!("../../corpus/002_3e2178b0d7cc894e.txt"),
    include_str!("../../corpus/003_51e4aaa34ca25599.txt"),
    include_str!("../../corpus/004_5fd63ba584e4c364.txt"),
];

/// The first words of every generated document, to wait for on its first screen.
pub const FIRST_WORDS: &str = "Benchmark document begins";
/// The last words of every generated document, to wait for at its end.
pub const LAST_WORDS: &str = "Benchmark document ends";

/// A document of about `bytes` bytes (at least one article): the shipped articles over and over,
/// each paragraph starting with its number, `¶1 `, `¶2 `…, between [`FIRST_WORDS`] and
/// [`LAST_WORDS`].
pub fn document(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 8_192);
    text.push_str(FIRST_WORDS);
    text.push_str(" here.\n\n");
    let mut n = 0;
    'outer: loop {
        for article in ARTICLES {
            for paragraph in article.split("\n\n").filter(|p| !p.trim().is_empty()) {
                n += 1;
                text.push_str(&format!("¶{n} {}\n\n", paragraph.trim()));
            }
            if text.len() >= bytes {
                break 'outer;
            }
        }
    }
    text.push_str(LAST_WORDS);
    text.push_str(" here.\n");
    text
}

/// `text` with every paragraph broken into lines of at most `width` columns, as in plain-text
/// e-mail and RFCs.
pub fn hard_wrapped(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    for paragraph in text.split("\n\n") {
        let mut column = 0;
        for word in paragraph.split_whitespace() {
            if column > 0 && column + 1 + word.chars().count() > width {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += word.chars().count();
        }
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// An annotation file for `text` (the document `rel_path`) with `count` annotations spread
/// evenly over it, each on the first words of a numbered paragraph, tagged with one of `tags`.
/// Contexts are the 32 code points either side, as gloss keeps for a quote found once.
pub fn annotations(text: &str, rel_path: &str, count: usize, tags: &[&str]) -> AnnotationFile {
    let index = CharIndex::new(text);
    let starts: Vec<usize> = text.match_indices('¶').map(|(i, _)| i).collect();
    let step = (starts.len() as f64 / count as f64).max(1.0);
    let mut annotations = Vec::with_capacity(count);
    for k in 0..count.min(starts.len()) {
        let start = starts[(k as f64 * step) as usize];
        let end = text[start..]
            .char_indices()
            .nth(40)
            .map_or(text.len(), |(i, _)| start + i);
        let before = &text[..start];
        let prefix_start = before.char_indices().rev().nth(31).map_or(0, |(i, _)| i);
        let suffix_end = text[end..]
            .char_indices()
            .nth(32)
            .map_or(text.len(), |(i, _)| end + i);
        annotations.push(Annotation {
            id: format!("00000000-0000-4000-8000-{k:012}"),
            start: index.byte_to_char(text, start),
            end: index.byte_to_char(text, end),
            placement: Placement::Exact,
            tags: vec![tags[k % tags.len()].to_owned()],
            note: String::new(),
            quote: text[start..end].to_owned(),
            prefix: text[prefix_start..start].to_owned(),
            suffix: text[end..suffix_end].to_owned(),
            annotator: "bench".into(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: "2026-01-01T00:00:00Z".into(),
            modified_by: "bench".into(),
            final_coding: false,
            fields: Default::default(),
            links: Vec::new(),
            extra: Extras::new(),
        });
    }
    AnnotationFile {
        document: rel_path.to_owned(),
        content_hash: content_hash(text),
        annotations,
        extra: Extras::new(),
    }
}

/// Writes `docs` documents of about `bytes` bytes each into `dir`, `doc00000.txt`…, each with
/// `per_doc` annotations (none when 0) in the `annotations` folder beside `dir`.
pub fn corpus(dir: &Path, docs: usize, bytes: usize, per_doc: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let text = document(bytes);
    for i in 0..docs {
        let name = corpus_document_name(i);
        // Each document its own title, as the list shows it.
        let own = format!("Document {i} of the benchmark corpus\n\n{text}");
        std::fs::write(dir.join(&name), &own).unwrap();
        if per_doc > 0 {
            let tags = ["accusation", "denial"];
            write_annotations(dir, &annotations(&own, &name, per_doc, &tags));
        }
    }
}

/// The name of the `i`th document that [`corpus`] writes.
pub fn corpus_document_name(i: usize) -> String {
    format!("doc{i:05}.txt")
}

/// A copy of the corpus that [`corpus`] wrote at `from` into `to` (hard links, annotations
/// included) in which every `every`th document, from the first, has a paragraph added at its
/// top, so that its annotations have to be placed again: what `gloss check` meets after an
/// edit of part of a corpus.
pub fn corpus_partly_changed(from: &Path, to: &Path, every: usize) {
    let link_all = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            std::fs::hard_link(entry.path(), to.join(entry.file_name())).unwrap();
        }
    };
    link_all(from, to);
    let notes = |dir: &Path| dir.parent().unwrap().join("annotations");
    link_all(&notes(from), &notes(to));
    for i in (0..).step_by(every) {
        let path = to.join(corpus_document_name(i));
        let Ok(text) = std::fs::read_to_string(&path) else {
            break;
        };
        // A new file, not a write through the hard link, which would change `from` too.
        std::fs::remove_file(&path).unwrap();
        let edited = text.replacen("\n\n", "\n\nA paragraph added at the top.\n\n", 1);
        std::fs::write(&path, edited).unwrap();
    }
}

/// Writes `file` where gloss looks for the annotations of `rel_path` in the corpus at
/// `corpus_dir` (the `annotations` folder beside it).
pub fn write_annotations(corpus_dir: &Path, file: &AnnotationFile) {
    let dir = corpus_dir.parent().unwrap().join("annotations");
    let path = store::annotation_path(&dir, &file.document);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, store::to_toml(file)).unwrap();
}

/// The reader on the corpus at `corpus_dir`, `width`×`height`, its first document open.
pub fn app(corpus_dir: &Path, width: u16, height: u16) -> App {
    let corpus = Corpus::open(corpus_dir, None).unwrap();
    let stamp = || Stamp {
        annotator: "bench".into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    let mut app = App::new(corpus, Writer::spawn(), Box::new(stamp));
    app.resize(width, height);
    app
}

/// Measures `keys[0]`, `keys[1]`, `keys[0]`… each with the frame it brings, as `id` in `group`.
pub fn keys_and_frames(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: criterion::BenchmarkId,
    app: &mut App,
    keys: [Key; 2],
) {
    let area = app.size();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    let mut i = 0;
    group.bench_function(id, |b| {
        b.iter(|| {
            app.handle_key(keys[i % 2]);
            i += 1;
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .unwrap();
        })
    });
}
