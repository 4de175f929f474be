//! Opening corpora from disk, the shipped one and odd ones, without a terminal.

mod common;

use gloss::core::corpus::{Corpus, CorpusError};

#[test]
fn the_shipped_corpus_lists_five_documents_with_metadata_and_example_annotations() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    assert_eq!(corpus.annotations_dir, ws.annotations());
    assert!(corpus.tags_note.is_none());
    let rows: Vec<(&str, &str, Option<&str>, usize)> = corpus
        .entries
        .iter()
        .map(|e| {
            (
                e.rel_path.as_str(),
                e.meta.title.as_str(),
                e.meta.date.as_deref(),
                e.annotations.len(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "000_073045cb8793dce5.txt",
                "Forget the Great Firewall ... China is beefing up its ability to police all cyberspace",
                Some("2017-03-02"),
                3
            ),
            (
                "001_bcba7e35c127046e.txt",
                "China opposes using Internet to interfere",
                Some("2017-03-03"),
                2
            ),
            (
                "002_3e2178b0d7cc894e.txt",
                "China looks to unseat U.S. as leader on global internet policy",
                None,
                0
            ),
            (
                "003_51e4aaa34ca25599.txt",
                "Chinese Views on Cybersecurity in Foreign Relations",
                Some("2013-09-20"),
                1
            ),
            (
                "004_5fd63ba584e4c364.txt",
                "China's Cybersecurity Push and the Need for Sino-U.S. Cooperation",
                Some("2014-03-18"),
                1
            ),
        ]
    );
    assert!(
        corpus
            .entries
            .iter()
            .all(|e| e.unreadable.is_none() && !e.read_only())
    );
}

#[test]
fn every_shipped_annotation_quotes_its_document_at_its_offsets() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    for e in &corpus.entries {
        let doc = gloss::core::documents::document::Document::load(
            &e.path,
            &e.rel_path,
            gloss::core::documents::reflow::Reflow::Auto,
        )
        .unwrap();
        for a in e.annotations.iter() {
            let sliced: String = doc
                .text
                .chars()
                .skip(a.start)
                .take(a.end - a.start)
                .collect();
            assert_eq!(sliced, a.quote, "{}", e.rel_path);
        }
    }
}

#[test]
fn documents_are_found_recursively_and_odd_files_are_listed_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(root.join("deep/er/still")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join("deep/er/still/note d’été.md"), "# Été\n\nTexte.").unwrap();
    std::fs::write(root.join("a.txt"), "Title A\n\nBody.").unwrap();
    std::fs::write(root.join("latin1.txt"), b"caf\xe9\n").unwrap();
    std::fs::write(root.join("image.png"), b"\x89PNG").unwrap();
    std::fs::write(root.join(".hidden/secret.txt"), "x").unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    let corpus = Corpus::open(&root, None).unwrap();
    let paths: Vec<&str> = corpus.entries.iter().map(|e| e.rel_path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "a.txt",
            "deep/er/still/note d’été.md",
            "empty.txt",
            "latin1.txt"
        ]
    );
    // A Windows-1252 file is read as such, and says so.
    let latin1 = &corpus.entries[3];
    assert_eq!(latin1.unreadable, None);
    assert_eq!(latin1.encoding, Some("windows-1252"));
    assert_eq!(latin1.meta.title, "café");
    assert_eq!(corpus.entries[2].meta.title, "empty.txt");
    // No tag file: the built-in scheme, and a note saying where to put one.
    assert!(corpus.tags.by_name("denial").is_some());
    let note = corpus.tags_note.as_deref().unwrap();
    assert!(note.contains("tags.toml not found"), "{note}");
    // The annotations of a nested document mirror its folders.
    assert_eq!(
        corpus.entries[1].annotation_file(&corpus.annotations_dir),
        dir.path()
            .join("annotations/deep/er/still/note d’été.md.toml")
    );
}

/// Links that cannot be followed: an editor's lock file (a hidden link to nothing), a link to a
/// deleted document, a link to a folder that holds it, a link to itself. None stops the corpus
/// from opening; those that would have been read are listed with why they are not.
#[cfg(unix)]
#[test]
fn links_that_lead_nowhere_are_skipped_and_listed_with_a_reason() {
    use std::os::unix::fs::symlink;
    let ws = common::Workspace::new(true);
    let root = ws.corpus();
    common::add_links_that_lead_nowhere(&root);
    std::fs::write(
        root.join("sub/inside.txt"),
        "Inside\n\nA document in a folder.",
    )
    .unwrap();
    symlink("self.txt", root.join("self.txt")).unwrap();
    symlink("nowhere.png", root.join("picture.png")).unwrap();

    let mut app = common::app(&ws);
    let listed: Vec<(&str, Option<&str>)> = app
        .corpus
        .entries
        .iter()
        .map(|e| (e.rel_path.as_str(), e.unreadable.as_deref()))
        .collect();
    let names: Vec<&str> = listed.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "000_073045cb8793dce5.txt",
            "001_bcba7e35c127046e.txt",
            "002_3e2178b0d7cc894e.txt",
            "003_51e4aaa34ca25599.txt",
            "004_5fd63ba584e4c364.txt",
            "notes.txt",
            "self.txt",
            "sub/back",
            "sub/inside.txt",
        ]
    );
    let why = |name: &str| listed.iter().find(|(n, _)| *n == name).unwrap().1.unwrap();
    assert!(
        why("notes.txt").ends_with(
            "notes.txt: skipped: a symbolic link to missing.txt, which does not exist — remove \
             the link, or put back what it pointed to"
        ),
        "{}",
        why("notes.txt")
    );
    assert!(
        why("self.txt").contains("a symbolic link to self.txt, which leads back to itself"),
        "{}",
        why("self.txt")
    );
    assert!(
        why("sub/back").contains(&format!(
            "a symbolic link to {}, a folder that holds it",
            root.display()
        )),
        "{}",
        why("sub/back")
    );
    assert!(listed[8].1.is_none(), "the folder's document is read");
    assert!(listed[..5].iter().all(|(_, why)| why.is_none()));

    // In the list with `!`, and opening one says why.
    app.list.selected = 5;
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("│! notes.txt"), "{screen}");
    assert!(screen.contains("│! sub/back"), "{screen}");
    app.open_entry(5);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("which does not exist"),
        "{:?}",
        app.status
    );
}

#[test]
fn a_broken_annotation_file_makes_its_document_read_only_and_is_reported_with_its_line() {
    let ws = common::Workspace::new(true);
    let broken = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    std::fs::write(&broken, "format = 1\ndocument = \"x\"\n[[annotation]\n").unwrap();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let e = &corpus.entries[1];
    assert!(e.read_only());
    let err = e.annotations_error.as_deref().unwrap();
    assert!(err.contains("001_bcba7e35c127046e.txt.toml:3:"), "{err}");
    assert!(!corpus.entries[0].read_only());
}

#[test]
fn missing_corpus_and_broken_tag_file_are_errors_that_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = Corpus::open(&dir.path().join("nope"), None).unwrap_err();
    assert!(matches!(err, CorpusError::Missing(_)));
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(
        Corpus::open(&file, None).unwrap_err(),
        CorpusError::NotAFolder(_)
    ));
    let root = dir.path().join("c");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(
        root.join("tags.toml"),
        "[[tag]]\nname = \"a\"\nkey = \"x\"\ncolor = \"red\"\n[[tag]]\nname = \"b\"\nkey = \"x\"\ncolor = \"red\"\n",
    )
    .unwrap();
    let err = Corpus::open(&root, None).unwrap_err().to_string();
    assert!(err.contains("tags.toml:5:"), "{err}");
    assert!(err.contains("fix the tag file"), "{err}");
}

/// The shipped annotation files are byte for byte what gloss writes, field values included, so
/// that opening and saving one changes nothing; the fields are those the scheme defines.
#[test]
fn shipped_annotation_files_are_as_gloss_writes_them_with_their_fields() {
    use gloss::core::storage::store;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = Corpus::open(&root.join("corpus"), Some(root.join("annotations"))).unwrap();
    let mut speakers: Vec<String> = Vec::new();
    for e in &corpus.entries {
        let path = store::annotation_path(&root.join("annotations"), &e.rel_path);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = store::from_toml(&text, &path).unwrap();
        assert_eq!(store::to_toml(&file), text, "{}", path.display());
        for a in &file.annotations {
            for (name, value) in &a.fields {
                let field = corpus.tags.field(name).unwrap();
                assert!(
                    !field.is_choice() || field.values.contains(value),
                    "{value}"
                );
            }
            speakers.extend(a.fields.get("speaker").cloned());
        }
    }
    assert!(speakers.contains(&"Long Zhou".to_owned()), "{speakers:?}");
    assert_eq!(speakers.len(), 3);
}
