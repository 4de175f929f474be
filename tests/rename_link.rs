//! `gloss rename-link` through the real binary, on a copy of the shipped corpus with links
//! added: the scheme's `[[link]]` and every link of the type follow the rename, byte for byte
//! elsewhere, and the reverse rename takes it back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use gloss::core::links::Link;
use gloss::core::storage::store;

const FIRST: &str = "000_073045cb8793dce5.txt";
const SECOND: &str = "001_bcba7e35c127046e.txt";

fn gloss(ws: &common::Workspace, args: &[&str]) -> Output {
    ws.gloss()
        .args(args)
        .env("USER", "renamer")
        .output()
        .unwrap()
}

fn file(ws: &common::Workspace, doc: &str) -> PathBuf {
    store::annotation_path(&ws.annotations(), doc)
}

/// Gives the `at`th annotation of `doc` the links `links`; returns its id.
fn link(ws: &common::Workspace, doc: &str, at: usize, links: Vec<Link>) -> String {
    let path = file(ws, doc);
    let mut stored = store::load(&path).unwrap().unwrap();
    stored.annotations[at].links = links;
    std::fs::write(&path, store::to_toml(&stored)).unwrap();
    stored.annotations[at].id.clone()
}

fn id(ws: &common::Workspace, doc: &str, at: usize) -> String {
    store::load(&file(ws, doc)).unwrap().unwrap().annotations[at]
        .id
        .clone()
}

fn links(path: &Path, at: usize) -> Vec<(String, String)> {
    let stored = store::load(path).unwrap().unwrap();
    (stored.annotations[at].links.iter())
        .map(|l| (l.kind.clone(), l.to.clone()))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_renamed_link_type_is_renamed_in_the_scheme_and_every_link_and_renamed_back() {
    let ws = common::Workspace::new(true);
    let accusation = id(&ws, SECOND, 0);
    let denial = link(
        &ws,
        FIRST,
        0,
        vec![
            Link::new("denies", &accusation),
            Link::new("supports", "elsewhere"),
        ],
    );
    link(&ws, SECOND, 1, vec![Link::new("denies", &denial)]);
    let tags = ws.corpus().join("tags.toml");
    let (tags_before, first_before, second_before) = (
        read(&tags),
        read(&file(&ws, FIRST)),
        read(&file(&ws, SECOND)),
    );
    let untouched = file(&ws, "003_51e4aaa34ca25599.txt");
    let untouched_before = read(&untouched);

    let out = gloss(&ws, &["rename-link", "denies", "rejects", "corpus"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "renamed the link type denies to rejects in 2 links of 2 annotation files\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
    // The scheme: that one value, its comments and everything else as they were.
    assert_eq!(
        read(&tags),
        tags_before.replace("name = \"denies\"", "name = \"rejects\"")
    );
    assert_ne!(read(&tags), tags_before);
    assert_eq!(
        links(&file(&ws, FIRST), 0),
        [
            ("rejects".to_owned(), accusation.clone()),
            ("supports".to_owned(), "elsewhere".to_owned())
        ]
    );
    assert_eq!(
        links(&file(&ws, SECOND), 1),
        [("rejects".to_owned(), denial.clone())]
    );
    let renamed = &store::load(&file(&ws, FIRST)).unwrap().unwrap().annotations[0];
    assert_eq!(renamed.modified_by, "renamer");
    assert!(!read(&file(&ws, FIRST)).contains("\"denies\""));
    assert_eq!(
        read(&untouched),
        untouched_before,
        "no link there: not written"
    );
    assert!(!ws.corpus().join(".gloss-rename.toml").exists());

    // Back: the scheme byte for byte, the links as they were.
    let out = gloss(&ws, &["rename-link", "rejects", "denies", "corpus"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(read(&tags), tags_before);
    assert_eq!(
        links(&file(&ws, FIRST), 0),
        [
            ("denies".to_owned(), accusation),
            ("supports".to_owned(), "elsewhere".to_owned())
        ]
    );
    // Only the stamps of the annotations renamed differ from before.
    let unstamped = |text: String| -> Vec<String> {
        (text.lines())
            .filter(|l| !l.starts_with("modified"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(unstamped(read(&file(&ws, FIRST))), unstamped(first_before));
    assert_eq!(
        unstamped(read(&file(&ws, SECOND))),
        unstamped(second_before)
    );
}

#[test]
fn a_rename_to_a_type_that_is_not_there_or_is_taken_changes_nothing() {
    let ws = common::Workspace::new(true);
    let accusation = id(&ws, SECOND, 0);
    link(&ws, FIRST, 0, vec![Link::new("denies", &accusation)]);
    let tags = ws.corpus().join("tags.toml");
    let before = (read(&tags), read(&file(&ws, FIRST)));
    for (args, says) in [
        (
            ["rename-link", "refutes", "x", "corpus"],
            "there is no link type \"refutes\"; the scheme has \"responds to\", \"denies\"",
        ),
        (
            ["rename-link", "denies", "supports", "corpus"],
            "there is a link type \"supports\" already: choose another name",
        ),
        (
            ["rename-link", "denies", " ", "corpus"],
            "give the link type a new name",
        ),
    ] {
        let out = gloss(&ws, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!((read(&tags), read(&file(&ws, FIRST))), before);
    }
}
