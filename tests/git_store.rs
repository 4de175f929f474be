//! Git as the team's shared store, with real git repositories: two clones of one repository,
//! two coders coding the same document, push and pull. With `gloss git-setup` in each clone,
//! the pull merges the annotation file by id: no conflict, every annotation kept. A side whose
//! file does not parse is left as git's usual conflict.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::documents::text::{CharIndex, canonicalize, content_hash};
use gloss::core::storage::store::{self, AnnotationFile};

const DOC: &str = "001_bcba7e35c127046e.txt";

/// Runs git in `dir` with a configuration of its own, so that the user's does not count.
fn git(home: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "coder")
        .env("GIT_AUTHOR_EMAIL", "coder@example.org")
        .env("GIT_COMMITTER_NAME", "coder")
        .env("GIT_COMMITTER_EMAIL", "coder@example.org")
        .output()
        .expect("git is installed")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn gloss(dir: &Path, args: &[&str]) -> Output {
    common::gloss_in(dir, dir.parent().unwrap())
        .args(args)
        .output()
        .unwrap()
}

struct Team {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    alice: PathBuf,
    bob: PathBuf,
}

/// A bare repository holding the shipped corpus, cloned twice, `gloss git-setup` in each.
fn team() -> Team {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let shared = tmp.path().join("shared.git");
    ok(git(
        &home,
        tmp.path(),
        &["init", "--bare", "-b", "main", "shared.git"],
    ));
    let ws = common::Workspace::new(false);
    let alice = tmp.path().join("alice");
    ok(git(
        &home,
        tmp.path(),
        &["clone", shared.to_str().unwrap(), "alice"],
    ));
    std::fs::rename(ws.corpus(), alice.join("corpus")).unwrap();
    let setup = gloss(&alice, &["git-setup", "corpus"]);
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    ok(git(&home, &alice, &["add", "-A"]));
    ok(git(&home, &alice, &["commit", "-qm", "corpus"]));
    ok(git(&home, &alice, &["push", "-q", "origin", "HEAD:main"]));
    let bob = tmp.path().join("bob");
    ok(git(
        &home,
        tmp.path(),
        &["clone", "-q", shared.to_str().unwrap(), "bob"],
    ));
    assert!(gloss(&bob, &["git-setup", "corpus"]).status.success());
    // Annotation files go to the driver; the shared progress marks, not annotations, do not.
    let attr = |file: &str| ok(git(&home, &bob, &["check-attr", "merge", "--", file]));
    assert!(attr("annotations/000_073045cb8793dce5.txt.toml").ends_with("merge: gloss\n"));
    assert!(attr("annotations/.progress.toml").ends_with("merge: unspecified\n"));
    // The dismissed suggestions, one sentence a line, keep both sides' lines.
    assert!(attr("annotations/000_073045cb8793dce5.txt.dismissed").ends_with("merge: union\n"));
    Team {
        _tmp: tmp,
        home,
        alice,
        bob,
    }
}

/// `coder` codes the `n`th to `n + count`th sentences of the document, adding to its file.
fn code(clone: &Path, coder: &str, sentences: std::ops::Range<usize>) -> Vec<String> {
    let text = canonicalize(&std::fs::read(clone.join("corpus").join(DOC)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let path = store::annotation_path(&clone.join("annotations"), DOC);
    let mut file = store::load(&path).unwrap().unwrap_or(AnnotationFile {
        document: DOC.into(),
        content_hash: content_hash(&text),
        annotations: Vec::new(),
        extra: Vec::new(),
    });
    let stamp = Stamp {
        annotator: coder.into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    let mut ids = Vec::new();
    for s in &gloss::core::documents::sentences::split(&text)[sentences] {
        let a = Annotation::new(&text, &index, s.clone(), vec!["accusation".into()], &stamp);
        ids.push(a.id.clone());
        file.annotations.push(a);
    }
    file.annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    ids
}

impl Team {
    fn commit(&self, clone: &Path, message: &str) {
        ok(git(&self.home, clone, &["add", "-A"]));
        ok(git(&self.home, clone, &["commit", "-qm", message]));
    }

    fn push(&self, clone: &Path) {
        ok(git(
            &self.home,
            clone,
            &["push", "-q", "origin", "HEAD:main"],
        ));
    }

    fn pull(&self, clone: &Path) -> Output {
        git(
            &self.home,
            clone,
            &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
        )
    }

    /// Alice codes the first sentence and both clones have it; then she codes the next
    /// `more` sentences and pushes. The ids of her annotations.
    fn alice_codes_first(&self, more: usize) -> Vec<String> {
        let mut ids = code(&self.alice, "alice", 0..1);
        self.commit(&self.alice, "first");
        self.push(&self.alice);
        ok(self.pull(&self.bob));
        ids.extend(code(&self.alice, "alice", 1..1 + more));
        self.commit(&self.alice, "alice codes");
        self.push(&self.alice);
        ids
    }
}

#[test]
fn two_coders_code_one_document_and_pull_without_conflict() {
    let team = team();
    let attributes = std::fs::read_to_string(team.alice.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "/annotations/**/*.toml merge=gloss\n/annotations/**/.progress.toml !merge\n\
         /annotations/**/*.dismissed merge=union\n"
    );
    let ignore = std::fs::read_to_string(team.alice.join(".gitignore")).unwrap();
    assert_eq!(ignore, ".gloss.lock\n");
    let driver = ok(git(
        &team.home,
        &team.bob,
        &["config", "merge.gloss.driver"],
    ));
    assert!(
        driver
            .trim_end()
            .ends_with(" merge-annotations %O %A %B %P"),
        "{driver}"
    );

    // Both start from a file with one shared annotation, then add their own next to each other.
    let mut kept = team.alice_codes_first(3);
    kept.extend(code(&team.bob, "bob", 1..5));
    team.commit(&team.bob, "bob codes");
    ok(team.pull(&team.bob));
    team.push(&team.bob);
    ok(team.pull(&team.alice));
    for clone in [&team.alice, &team.bob] {
        let status = ok(git(&team.home, clone, &["status", "--porcelain"]));
        assert_eq!(status, "", "nothing left to resolve or commit");
        let path = store::annotation_path(&clone.join("annotations"), DOC);
        let file = store::load(&path).unwrap().unwrap();
        let mut ids: Vec<&str> = file.annotations.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        let mut expected: Vec<&str> = kept.iter().map(String::as_str).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected, "every annotation of both coders is kept");
    }
    let check = gloss(&team.alice, &["check", "corpus"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// Suggestions dismissed by two coders in one document since they last pulled: git's `union`
/// merge keeps both sides' sentences, where its own merge would stop at a conflict.
#[test]
fn suggestions_dismissed_on_both_sides_are_all_kept_by_a_pull() {
    use gloss::core::suggestions::{dismiss, dismissed_path, read_dismissed};
    let team = team();
    let path = |clone: &Path| dismissed_path(&clone.join("annotations"), DOC);
    std::fs::create_dir_all(team.alice.join("annotations")).unwrap();
    dismiss(&path(&team.alice), "A first sentence.").unwrap();
    team.commit(&team.alice, "first");
    team.push(&team.alice);
    ok(team.pull(&team.bob));
    dismiss(&path(&team.alice), "B from alice.").unwrap();
    team.commit(&team.alice, "alice dismisses");
    team.push(&team.alice);
    dismiss(&path(&team.bob), "C from bob.").unwrap();
    team.commit(&team.bob, "bob dismisses");

    ok(team.pull(&team.bob));
    let status = ok(git(&team.home, &team.bob, &["status", "--porcelain"]));
    assert_eq!(status, "", "nothing left to resolve or commit");
    let all: Vec<String> = read_dismissed(&path(&team.bob))
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(all, ["A first sentence.", "B from alice.", "C from bob."]);
}

#[test]
fn a_file_broken_on_one_side_is_left_as_a_git_conflict() {
    let team = team();
    team.alice_codes_first(1);
    let path = store::annotation_path(&team.bob.join("annotations"), DOC);
    let broken = std::fs::read_to_string(&path)
        .unwrap()
        .replace("[[annotation]]", "[[annotation]");
    std::fs::write(&path, &broken).unwrap();
    team.commit(&team.bob, "bob breaks the file");

    let pull = team.pull(&team.bob);
    assert!(!pull.status.success(), "the pull stops at the conflict");
    let status = ok(git(&team.home, &team.bob, &["status", "--porcelain"]));
    assert!(status.contains("UU annotations/"), "{status}");
    let left = std::fs::read_to_string(&path).unwrap();
    assert!(
        store::from_toml(&left, &path).is_err(),
        "the broken side is not resolved away: {left}"
    );
}
