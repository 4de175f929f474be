//! Property tests: hostile annotation files and arbitrary edits to a document never make gloss
//! panic or lose an annotation. Case counts are kept small so that the suite stays fast on two
//! cores; raise `PROPTEST_CASES` to search longer.

use std::path::Path;

use gloss::core::annotation::{Annotation, Placement, Stamp};
use gloss::core::corpus::Corpus;
use gloss::core::documents::text::{self, CharIndex};
use gloss::core::storage::store::{self, AnnotationFile};
use proptest::collection::vec;
use proptest::prelude::*;

mod common;

const DOC: &str = include_str!("../corpus/000_073045cb8793dce5.txt");
const SHIPPED: &str = include_str!("../annotations/000_073045cb8793dce5.txt.toml");

/// A corpus of one document, `doc.txt`, with `annotations` as its annotation file.
fn corpus(document: &[u8], annotations: &[u8]) -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(dir.path().join("annotations")).unwrap();
    std::fs::write(root.join("doc.txt"), document).unwrap();
    std::fs::write(dir.path().join("annotations/doc.txt.toml"), annotations).unwrap();
    let corpus = Corpus::open(&root, None).unwrap();
    (dir, corpus)
}

/// Whatever parses is written back as a file that parses to the same thing, and loading it
/// beside a document does not panic.
fn check_annotation_file(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(file) = store::from_toml(&text, Path::new("fuzz.toml")) {
        let written = store::to_toml(&file);
        let again = store::from_toml(&written, Path::new("written.toml"))
            .unwrap_or_else(|e| panic!("gloss wrote a file it cannot read: {e}\n{written}"));
        assert_eq!(store::to_toml(&again), written);
    }
    corpus(DOC.as_bytes(), bytes);
}

/// Pieces that make a mutated file more likely to parse into something odd.
const TOKENS: &[&str] = &[
    "\n",
    "\"",
    "=",
    "[",
    "]",
    "{ a = 1 }",
    "placed = \"fuzzy\"\n",
    "placed = \"orphan\"\n",
    "score = 0.75\n",
    "extra = [1, { b = \"c\" }]\n",
    "\n[[annotation]]\nid = \"x\"\nstart = 3\nend = 2000000\nquote = \"China\"\ncreated = \"\"\nmodified = \"\"\n",
    "\n[annotation.sub]\nk = 1\n",
    "start = 999999\n",
    "tags = [\"unheard of\"]\n",
];

fn byte_edit() -> impl Strategy<Value = (f64, usize, Vec<u8>)> {
    let insert = prop_oneof![
        vec(any::<u8>(), 0..6),
        prop::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
    ];
    (0.0..1.0f64, 0usize..12, insert)
}

fn splice<T: Clone>(items: &mut Vec<T>, (at, delete, insert): (f64, usize, Vec<T>)) {
    let at = ((items.len() as f64) * at) as usize;
    let end = (at + delete).min(items.len());
    items.splice(at..end, insert);
}

/// Characters an edit inserts: letters and spaces, line breaks (CR too), quotes straight and
/// curly, accents, Chinese, an emoji, a byte-order mark.
const ALPHABET: &[char] = &[
    'a', 'e', 'n', 'C', ' ', ' ', '\n', '\r', '.', ',', '"', '“', '”', '’', 'é', '中', '文', '😀',
    '\u{feff}',
];

fn text_edit() -> impl Strategy<Value = (f64, usize, Vec<char>)> {
    (
        0.0..1.0f64,
        prop_oneof![0usize..20, 0usize..400],
        vec(prop::sample::select(ALPHABET), 0..40),
    )
}

/// The shipped annotations of the document, three more on other sentences, and one that was
/// already an orphan.
fn annotation_file() -> AnnotationFile {
    let mut file = store::from_toml(SHIPPED, Path::new("shipped.toml")).unwrap();
    let index = CharIndex::new(DOC);
    let stamp = Stamp {
        annotator: "fuzz".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    for quote in [
        "China, meanwhile, released a blueprint on Wednesday",
        "the document said.",
        "cybersecurity",
    ] {
        let at = DOC.find(quote).unwrap();
        let a = Annotation::new(
            DOC,
            &index,
            at..at + quote.len(),
            vec!["statistic".into()],
            &stamp,
        );
        file.annotations.push(a);
    }
    let mut orphan = file.annotations[0].clone();
    orphan.id = "already-an-orphan".into();
    orphan.quote = "A sentence that was deleted long ago.".into();
    orphan.placement = Placement::Orphan;
    file.annotations.push(orphan);
    file
}

fn sorted(mut anns: Vec<Annotation>) -> Vec<Annotation> {
    anns.sort_by(|a, b| a.id.cmp(&b.id));
    anns
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn arbitrary_bytes_as_an_annotation_file_never_panic(bytes in vec(any::<u8>(), 0..300)) {
        check_annotation_file(&bytes);
    }

    #[test]
    fn mutated_annotation_files_never_panic(edits in vec(byte_edit(), 1..6)) {
        let mut bytes = SHIPPED.as_bytes().to_vec();
        for edit in edits {
            splice(&mut bytes, edit);
        }
        check_annotation_file(&bytes);
    }
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    #[test]
    fn edited_documents_keep_every_annotation(edits in vec(text_edit(), 1..5)) {
        let original = annotation_file();
        let mut chars: Vec<char> = DOC.chars().collect();
        for edit in edits {
            splice(&mut chars, edit);
        }
        let bytes = chars.into_iter().collect::<String>().into_bytes();
        let (dir, corpus) = corpus(&bytes, store::to_toml(&original).as_bytes());
        let entry = &corpus.entries[0];
        let text = text::canonicalize(&bytes).unwrap();
        let ids = |anns: &[Annotation]| sorted(anns.to_vec()).into_iter().map(|a| a.id).collect::<Vec<_>>();
        prop_assert_eq!(ids(&entry.annotations), ids(&original.annotations));
        for a in entry.annotations.iter() {
            let was = original.annotations.iter().find(|o| o.id == a.id).unwrap();
            if a.is_orphan() {
                let unchanged = Annotation { placement: was.placement, ..a.clone() };
                prop_assert_eq!(&unchanged, was, "an orphan keeps what it had");
            } else if a.to_confirm() {
                // A guess keeps what was coded until a person confirms it.
                prop_assert_eq!((&a.quote, &a.prefix, &a.suffix), (&was.quote, &was.prefix, &was.suffix));
            } else {
                let sliced: String = text.chars().skip(a.start).take(a.end - a.start).collect();
                prop_assert_eq!(&sliced, &a.quote);
            }
        }

        // The next save writes all of them, and reading it back places nothing again.
        let saved = AnnotationFile {
            document: entry.rel_path.clone(),
            content_hash: entry.text_hash.clone(),
            annotations: entry.annotations.to_vec(),
            extra: entry.extra.clone(),
        };
        let path = dir.path().join("annotations/doc.txt.toml");
        std::fs::write(&path, store::to_toml(&saved)).unwrap();
        let reloaded = Corpus::open(&dir.path().join("corpus"), None).unwrap();
        let again = &reloaded.entries[0];
        prop_assert_eq!(again.reanchored, Default::default());
        prop_assert_eq!(sorted(again.annotations.to_vec()), sorted(entry.annotations.to_vec()));
    }
}
