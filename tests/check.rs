//! `gloss check` as a script or a pre-commit hook runs it: the real binary on temporary copies of
//! the shipped corpus, judged by its output, its exit code and the bytes left on disk.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const DOC: &str = "000_073045cb8793dce5.txt";

fn gloss(ws: &common::Workspace, args: &[&str]) -> Output {
    ws.gloss()
        .arg("check")
        .args(args)
        .output()
        .expect("gloss runs")
}

/// The problem lines of the text report: standard output but its last line, the summary.
fn stdout(out: &Output) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let summary = lines.pop().unwrap_or_default();
    assert!(summary.starts_with("gloss check: "), "{summary}");
    lines
}

/// The summary, the last line of standard output.
fn summary(out: &Output) -> String {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    text.lines().last().unwrap_or_default().to_owned()
}

fn annotation_file(ws: &common::Workspace) -> PathBuf {
    ws.annotations().join(format!("{DOC}.toml"))
}

fn edit(path: &Path, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}

/// Every annotation file of the workspace, path and bytes.
/// The annotation files and their bytes (the writers' lock file left aside).
fn snapshot(ws: &common::Workspace) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(ws.annotations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "toml"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_shipped_corpus_is_clean() {
    let ws = common::Workspace::new(true);
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out), Vec::<String>::new());
    assert_eq!(summary(&out), "gloss check: 7 annotations in 4 files");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing went wrong"
    );
}

#[test]
fn moved_annotations_are_reported_and_recorded_with_fix() {
    let ws = common::Workspace::new(true);
    edit(&ws.corpus().join(DOC), |t| {
        format!("Corrected on 4 March.\n\n{t}")
    });
    let before = snapshot(&ws);
    let out = gloss(&ws, &["corpus"]);
    assert_eq!(out.status.code(), Some(0), "only moved: nothing lost");
    let lines = stdout(&out);
    let file = annotation_file(&ws);
    let shown = file
        .strip_prefix(ws.dir.path())
        .unwrap()
        .display()
        .to_string();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(
        lines[0],
        format!(
            "{shown}:7: {DOC} changed since these annotations were saved; placed in its new \
             text: 3 moved — run `gloss check --fix` to record where they are now"
        )
    );
    assert_eq!(
        lines[1],
        format!(
            "{shown}:9: “Cybersecurity has been a flashpoint for…” moved from 508..654 to \
             531..677 — run `gloss check --fix` to record where they are now"
        )
    );
    assert_eq!(snapshot(&ws), before, "nothing written without --fix");

    let out = gloss(&ws, &["--fix"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out)[0].ends_with("3 moved — recorded by --fix"));
    assert_eq!(
        summary(&out),
        "gloss check: 7 annotations in 4 files, 1 file rewritten"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("start = 531\nend = 677\nplaced = \"moved\"\n"),
        "{written}"
    );
    let after = snapshot(&ws);
    let changed: Vec<&PathBuf> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(
        changed,
        [&file],
        "only the changed document's file is written"
    );

    let out = gloss(&ws, &["--fix"]);
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), vec![]));
    assert_eq!(snapshot(&ws), after, "a fixed corpus is left alone");
}

#[test]
fn unplaced_annotations_fail_and_fix_keeps_them_unchanged() {
    let ws = common::Workspace::new(true);
    edit(&ws.corpus().join(DOC), |t| {
        t.replacen(
            "Beijing denies the claims and says it is a victim of hacking.",
            "",
            1,
        )
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout(&out);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].contains("1 in place, 1 moved, 1 unplaced"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(
            ".toml:24: “Beijing denies the claims and says it is…” has no place in \
             000_073045cb8793dce5.txt: its text was deleted or rewritten — open the document"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(
            ":39: ““Enhanced defence capability in cyberspa…” moved from 1068..1225 to 1007..1164"
        ),
        "{}",
        lines[2]
    );

    let file = annotation_file(&ws);
    let shipped = std::fs::read_to_string(&file).unwrap();
    let out = gloss(&ws, &["--fix"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the orphan still needs a person"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    let orphan_table = |text: &str| {
        let at = text.find("id = \"03a30f8b").unwrap();
        text[at..]
            .split("\n\n[[")
            .next()
            .unwrap()
            .trim_end()
            .to_owned()
    };
    assert_eq!(
        orphan_table(&written),
        orphan_table(&shipped).replace("end = 716\n", "end = 716\nplaced = \"orphan\"\n"),
        "kept as it was, marked as an orphan"
    );
    let out = gloss(&ws, &[]);
    let lines = stdout(&out);
    assert_eq!((out.status.code(), lines.len()), (Some(1), 1), "{lines:#?}");
    assert!(lines[0].contains("has no place"));
}

#[test]
fn broken_files_are_reported_and_never_touched() {
    let ws = common::Workspace::new(true);
    let file = annotation_file(&ws);
    edit(&file, |t| {
        t.replace("tags = [\"denial\", ", "tags = [\"denail\", ")
    });
    let duplicate = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let text = std::fs::read_to_string(&duplicate).unwrap();
    let first_id = text
        .split("id = ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let second_id = text
        .split("id = ")
        .nth(2)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    std::fs::write(&duplicate, text.replace(&second_id, &first_id)).unwrap();
    std::fs::write(
        ws.annotations().join("gone.txt.toml"),
        "format = 1\ndocument = \"gone.txt\"\ncontent_hash = \"\"\n",
    )
    .unwrap();
    std::fs::write(ws.annotations().join("newer.txt.toml"), "format = 9\n").unwrap();
    std::fs::write(ws.corpus().join("newer.txt"), "Some text.").unwrap();
    let before = snapshot(&ws);

    let out = gloss(&ws, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout(&out);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(lines[0].contains("000_073045cb8793dce5.txt.toml:24: tag \"denail\" is not in corpus/tags.toml — add it there"), "{}", lines[0]);
    assert!(
        lines[1].contains("001_bcba7e35c127046e.txt.toml:"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("have the same id"), "{}", lines[1]);
    assert!(
        lines[2].contains("gone.txt.toml:1: there is no document gone.txt"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains("newer.txt.toml:1: written by a newer gloss (format 9"),
        "{}",
        lines[3]
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn unusable_input_exits_2_with_a_message_that_says_what_to_do() {
    let ws = common::Workspace::new(true);
    let out = gloss(&ws, &["nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("corpus folder nowhere does not exist"),
        "{err}"
    );

    edit(&ws.corpus().join("tags.toml"), |t| {
        t.replace("key = \"r\"", "key = \"a\"")
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("tags.toml:"), "{err}");
    assert!(err.contains("both use the key 'a'"), "{err}");

    edit(&ws.corpus().join("tags.toml"), |t| {
        t.replace("key = \"a\"", "key = \"r\"")
            .replacen("key = \"r\"", "key = \"j\"", 1)
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("which is the key for next_sentence"), "{err}");
}

#[test]
fn a_guess_fails_the_check_until_confirmed_and_fix_records_it_unconfirmed() {
    let ws = common::Workspace::new(true);
    // One space doubled in the commitment, a quote of 157 code points: a guess that scores
    // 0.996, which must not read as a perfect 1.00.
    edit(&ws.corpus().join(DOC), |t| {
        t.replacen("important part of", "important part  of", 1)
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(1), "a guess needs a person");
    let lines = stdout(&out);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].contains("2 in place, 1 to confirm"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(
            ":39: ““Enhanced defence capability in cyberspa…” moved from 1068..1225 to \
             1068..1226 by a guess (score 0.99) that nobody has confirmed — open the document \
             in gloss and, under To confirm in the sidebar, press c if it fits, A to attach it \
             to the right text instead, or d to delete it"
        ),
        "{}",
        lines[1]
    );

    let file = annotation_file(&ws);
    let out = gloss(&ws, &["--fix"]);
    assert_eq!(out.status.code(), Some(1), "--fix does not confirm");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains(
            "start = 1068\nend = 1226\nplaced = \"fuzzy\"\nscore = 0.99\nconfirmed = false\n"
        ),
        "{written}"
    );
    let out = gloss(&ws, &[]);
    let lines = stdout(&out);
    assert_eq!((out.status.code(), lines.len()), (Some(1), 1), "{lines:#?}");
    assert!(
        lines[0].contains(
            ":39: ““Enhanced defence capability in cyberspa…” placed at 1068..1226 by a guess"
        ),
        "{}",
        lines[0]
    );

    // Confirmed (as the reader's c writes it), it passes and is left alone.
    edit(&file, |t| {
        t.replace("confirmed = false", "confirmed = true")
    });
    let before = snapshot(&ws);
    let out = gloss(&ws, &["--fix"]);
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), vec![]));
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn a_files_old_guess_without_confirmed_counts_as_unconfirmed() {
    let ws = common::Workspace::new(true);
    let file = annotation_file(&ws);
    // As gloss wrote guesses before they had to be confirmed.
    edit(&file, |t| {
        t.replacen(
            "start = 655\nend = 716\n",
            "start = 655\nend = 716\nplaced = \"fuzzy\"\nscore = 0.85\n",
            1,
        )
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout(&out);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].contains(
            ":24: “Beijing denies the claims and says it is…” placed at 655..716 by a guess \
             (score 0.85) that nobody has confirmed"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn a_deleted_speaker_sentence_fails_the_check_instead_of_moving_the_name() {
    let ws = common::Workspace::new(true);
    let other = "001_bcba7e35c127046e.txt";
    let doc = ws.corpus().join(other);
    let text = std::fs::read_to_string(&doc).unwrap();
    // "Long" as the source of the refutation, tagged as the reader tags a selected word.
    let sentence = "Long refuted accusations that the Chinese government has sponsored \
                    cyber-attacks against the US, and stressed that China, too, has major \
                    concerns over cyber security.";
    let byte = text.find(sentence).unwrap();
    let index = gloss::core::documents::text::CharIndex::new(&text);
    let stamp = gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let mut file =
        gloss::core::storage::store::load(&ws.annotations().join(format!("{other}.toml")))
            .unwrap()
            .unwrap();
    let mut long = gloss::core::annotation::Annotation::new(
        &text,
        &index,
        byte..byte + "Long".len(),
        vec!["authoritative".into()],
        &stamp,
    );
    long.id = "00000000-0000-4000-8000-00000000000a".into();
    file.annotations.push(long);
    let path = ws.annotations().join(format!("{other}.toml"));
    std::fs::write(&path, gloss::core::storage::store::to_toml(&file)).unwrap();
    assert_eq!(gloss(&ws, &[]).status.code(), Some(0));

    edit(&doc, |t| t.replacen(&format!("{sentence}\n\n"), "", 1));
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let lines = stdout(&out);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("“Long” has no place in 001_bcba7e35c127046e.txt")),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("“Long” moved")),
        "{lines:#?}"
    );
}

/// An editor's lock file (a hidden link to nothing), a link to a deleted document and a loop of
/// links leave the rest of the corpus checked; those that would have been documents are named
/// with why they were skipped, and none fails the check.
#[cfg(unix)]
#[test]
fn links_that_lead_nowhere_are_skipped_and_named() {
    let ws = common::Workspace::new(true);
    common::add_links_that_lead_nowhere(&ws.corpus());
    let out = gloss(&ws, &[]);
    let lines = stdout(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{lines:#?}\n{stderr}");
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].ends_with(
            "corpus/notes.txt: skipped: a symbolic link to missing.txt, which does not exist — \
             remove the link, or put back what it pointed to"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("corpus/sub/back: skipped: a symbolic link to "),
        "{}",
        lines[1]
    );
    assert_eq!(
        summary(&out),
        "gloss check: 7 annotations in 4 files",
        "{stderr}"
    );
}

#[test]
fn format_json_gives_scripts_each_problem_with_its_file_line_and_severity() {
    let ws = common::Workspace::new(true);
    let parse = |out: &Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout).expect("one JSON object on standard output")
    };
    let out = gloss(&ws, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let clean = parse(&out);
    assert_eq!(
        clean,
        serde_json::json!({"files": 4, "annotations": 7, "rewritten": 0, "problems": []})
    );

    edit(&ws.corpus().join(DOC), |t| {
        t.replacen(
            "Beijing denies the claims and says it is a victim of hacking.",
            "",
            1,
        )
    });
    let text = gloss(&ws, &[]);
    let out = gloss(&ws, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = parse(&out);
    let problems = report["problems"].as_array().unwrap();
    // The same problems as the lines of the text form, in the same order.
    let messages: Vec<&str> = problems
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, stdout(&text));
    let shown = annotation_file(&ws)
        .strip_prefix(ws.dir.path())
        .unwrap()
        .display()
        .to_string();
    let severities: Vec<&str> = problems
        .iter()
        .map(|p| p["severity"].as_str().unwrap())
        .collect();
    assert!(severities.contains(&"error") && severities.contains(&"stale"));
    for p in problems {
        assert_eq!(p["file"], shown.as_str());
        let line = p["line"].as_u64().unwrap();
        assert!(
            p["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{shown}:{line}: ")),
            "{p}"
        );
    }
}

/// Run from inside the corpus folder as `gloss check .`, it finds the annotations beside the
/// folder, as `gloss check corpus` does from beside it (`.` has no parent to read off its name).
#[test]
fn a_corpus_named_dot_finds_the_annotations_beside_it() {
    let ws = common::Workspace::new(true);
    let out = common::gloss_in(&ws.corpus(), ws.dir.path())
        .args(["check", "."])
        .output()
        .expect("gloss runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        summary(&out),
        "gloss check: 7 annotations in 4 files",
        "{stderr}"
    );
    assert!(!ws.corpus().join("annotations").exists());
}

/// With `speaker` required of claims, a claim has one if a span is the `source of` it, in its
/// own annotation file or another: `check`, the thread and the tables agree on who says it.
/// A link from an annotation to itself is an error.
#[test]
fn a_source_span_is_a_speaker_and_a_link_to_itself_is_an_error() {
    let ws = common::Workspace::new(true);
    edit(&ws.corpus().join("tags.toml"), |t| {
        t.replacen(
            "name = \"speaker\"\n",
            "name = \"speaker\"\nrequired_for = [\"claim\"]\n",
            1,
        )
    });
    let missing = |out: &Output| -> Vec<String> {
        stdout(out)
            .into_iter()
            .filter(|l| l.contains("has no speaker"))
            .map(|l| l[l.find('“').unwrap()..l.find('”').unwrap()].to_owned())
            .collect()
    };
    let before = missing(&gloss(&ws, &[]));
    assert_eq!(before.len(), 4, "{before:#?}");
    // "Long" in 001 names the speaker of its statistic and of an accusation in 000.
    const STATISTIC: &str = "37bdbd92-38b4-4f8b-8678-3a86aa0f4008";
    const ACCUSATION_000: &str = "0deb526a-2216-4c64-9b8a-6cd9d8932a40";
    common::add_source_span(
        &ws,
        "001_bcba7e35c127046e.txt",
        ("Long", " refuted"),
        &[STATISTIC, ACCUSATION_000],
    );
    let out = gloss(&ws, &[]);
    let after = missing(&out);
    assert_eq!(after.len(), 2, "{after:#?}");
    assert!(after.iter().all(|q| !q.contains("According to data")));
    assert!(after.iter().all(|q| !q.contains("Cybersecurity has been")));
    assert!(
        !stdout(&out).iter().any(|l| l.contains("“Long”")),
        "the span is no claim: {:#?}",
        stdout(&out)
    );

    edit(&annotation_file(&ws), |t| {
        format!(
            "{t}\n[[annotation.links]]\ntype = \"supports\"\nto = \"{id}\"\n",
            id = last_id(t)
        )
    });
    let out = gloss(&ws, &[]);
    assert_eq!(out.status.code(), Some(1));
    let lines = stdout(&out);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("links (supports) to itself — a link goes to another annotation")),
        "{lines:#?}"
    );
}

/// The id of the last annotation of an annotation file.
fn last_id(toml: &str) -> &str {
    let at = toml.rfind("\nid = \"").unwrap() + "\nid = \"".len();
    &toml[at..at + toml[at..].find('"').unwrap()]
}
