//! The tag editor (`C-t`): tags added, renamed and described from inside the reader, `tags.toml`
//! rewritten with its comments, a rename carried into every annotation of the corpus and taken
//! back whole by `u`, checked in the bytes on disk.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app, press, type_text};
use gloss::core::storage::store;
use gloss::tui::state::{App, Mode};

const DOC0: &str = "000_073045cb8793dce5.txt";
const DOC1: &str = "001_bcba7e35c127046e.txt";
const DOC3: &str = "003_51e4aaa34ca25599.txt";

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The annotation file of `doc` once the writer has written everything.
fn saved(app: &App, ws: &Workspace, doc: &str) -> String {
    app.writer.flush();
    read(&ws.annotations().join(format!("{doc}.toml")))
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn form_error(app: &App) -> Option<String> {
    match &app.mode {
        Mode::Tags(editor) => editor.form.as_ref()?.error.clone(),
        _ => None,
    }
}

#[test]
fn the_editor_lists_the_scheme_and_edits_a_tag_in_a_form() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "C-t j");
    insta::assert_snapshot!("list", text(&draw(&app, 120, 36)));
    press(&mut app, "Enter End");
    type_text(&mut app, "s");
    insta::assert_snapshot!("form", text(&draw(&app, 120, 36)));
}

#[test]
fn a_rename_rewrites_both_documents_and_the_tag_file_and_u_restores_every_byte() {
    let ws = Workspace::new(true);
    let tags_file = ws.corpus().join("tags.toml");
    let mut app = app(&ws);
    // "authoritative" is used in the first two documents only.
    let before = [
        saved(&app, &ws, DOC0),
        saved(&app, &ws, DOC1),
        read(&tags_file),
    ];
    let untouched = saved(&app, &ws, DOC3);
    press(&mut app, "C-t j j j j j r C-u");
    type_text(&mut app, "official");
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Saving renames the tag in 3 annotations of 2 documents; u undoes it."),
        "{screen}"
    );
    press(&mut app, "Enter");
    assert_eq!(
        status(&app),
        "renamed the tag authoritative to official in 3 annotations of 2 documents"
    );
    let after = [
        saved(&app, &ws, DOC0),
        saved(&app, &ws, DOC1),
        read(&tags_file),
    ];
    for (doc, (old, new)) in [DOC0, DOC1].iter().zip(before.iter().zip(&after)) {
        let path = ws.annotations().join(format!("{doc}.toml"));
        let old = store::from_toml(old, &path).unwrap().annotations;
        let new = store::from_toml(new, &path).unwrap().annotations;
        assert_eq!(old.len(), new.len());
        for (mut o, n) in old.into_iter().zip(new) {
            // Only the tag's name changes, and the time and author of what was renamed.
            if o.rename_tag("authoritative", "official") {
                o.modified = "2026-01-02T03:04:05Z".into();
                o.modified_by = "tester".into();
            }
            assert_eq!(o, n);
        }
    }
    assert_eq!(
        after[2],
        before[2].replace("name = \"authoritative\"", "name = \"official\"")
    );
    assert!(after[0].contains("tags = [\"policy commitment\", \"official\"]"));
    assert!(after[1].contains("tags = [\"denial\", \"official\"]\n"));
    assert!(after[0].contains("modified = \"2026-01-02T03:04:05Z\""));
    assert_eq!(saved(&app, &ws, DOC3), untouched);
    // The reader uses the new name: the legend, and the tag key.
    assert!(text(&draw(&app, 120, 36)).contains("1 ■ official"));

    press(&mut app, "Esc u");
    assert_eq!(
        status(&app),
        "undid: renamed the tag authoritative to official in 3 annotations of 2 documents"
    );
    let undone = [
        saved(&app, &ws, DOC0),
        saved(&app, &ws, DOC1),
        read(&tags_file),
    ];
    assert_eq!(undone, before, "every byte as it was");
    assert_eq!(app.corpus.tags.tags[5].name, "authoritative");

    press(&mut app, "C-r");
    let redone = [
        saved(&app, &ws, DOC0),
        saved(&app, &ws, DOC1),
        read(&tags_file),
    ];
    assert_eq!(redone, after);
}

#[test]
fn keys_that_clash_are_refused_and_a_new_tag_is_added_within_its_group_and_applies_at_once() {
    let ws = Workspace::new(false);
    let tags_file = ws.corpus().join("tags.toml");
    let scheme = read(&tags_file);
    let mut app = app(&ws);
    press(&mut app, "C-t a");
    type_text(&mut app, "rumour");
    press(&mut app, "Tab");
    type_text(&mut app, "j");
    press(&mut app, "Enter");
    let error = form_error(&app).expect("refused");
    assert!(
        error.contains("\"j\" is one of the reader's own keys"),
        "{error}"
    );
    press(&mut app, "Backspace");
    type_text(&mut app, "a");
    press(&mut app, "Enter");
    let error = form_error(&app).expect("refused");
    assert_eq!(
        error,
        "\"a\" is the key of the tag \"accusation\": choose another"
    );
    press(&mut app, "Backspace");
    type_text(&mut app, "x");
    press(&mut app, "Down C-u");
    type_text(&mut app, "mauve");
    press(&mut app, "Enter");
    let error = form_error(&app).expect("refused");
    assert!(error.starts_with("unknown colour \"mauve\""), "{error}");
    assert_eq!(read(&tags_file), scheme, "nothing written while refused");
    press(&mut app, "C-u");
    type_text(&mut app, "#00afaf");
    press(&mut app, "Down Down");
    type_text(&mut app, "Hearsay that nobody confirms.");
    press(&mut app, "Enter");
    assert_eq!(form_error(&app), None);
    assert_eq!(status(&app), "added the tag rumour (x)");
    // After the last tag of its group (claim), before the next group and its comment.
    let next_group = scheme.find("\n# How authoritative").unwrap();
    assert_eq!(
        read(&tags_file),
        format!(
            "{}\n[[tag]]\nname = \"rumour\"\nkey = \"x\"\ncolor = \"#00afaf\"\ngroup = \"claim\"\ndescription = \"Hearsay that nobody confirms.\"\n{}",
            &scheme[..next_group],
            &scheme[next_group..]
        )
    );
    assert_eq!(app.corpus.tags.tags[5].name, "rumour");
    // The new key tags in the reading pane.
    press(&mut app, "Esc x");
    assert_eq!(status(&app), "tagged rumour");
    assert_eq!(app.open_annotations()[0].tags, ["rumour"]);
    // Undone, the scheme loses the tag again (the annotation first: undo goes back in order).
    press(&mut app, "u u");
    assert_eq!(read(&tags_file), scheme);
}

#[test]
fn a_description_changes_only_its_line_and_the_help_shows_it() {
    let ws = Workspace::new(false);
    let tags_file = ws.corpus().join("tags.toml");
    let scheme = read(&tags_file);
    let mut app = app(&ws);
    press(&mut app, "C-t j j j j d C-u");
    type_text(&mut app, "A number.");
    press(&mut app, "Enter Esc");
    assert_eq!(
        read(&tags_file),
        scheme.replace(
            "Puts forward a number, a count or a measured fact.",
            "A number."
        )
    );
    press(&mut app, "F1");
    let help = text(&draw(&app, 120, 150));
    assert!(help.contains("statistic (claim): A number."), "{help}");
}

#[test]
fn a_rename_waits_until_broken_annotation_files_are_fixed() {
    let ws = Workspace::new(true);
    let broken = ws.annotations().join(format!("{DOC3}.toml"));
    std::fs::write(&broken, "format = 1\n[[annotation]\n").unwrap();
    let tags_file = ws.corpus().join("tags.toml");
    let scheme = read(&tags_file);
    let mut app = app(&ws);
    press(&mut app, "C-t j r");
    type_text(&mut app, "s");
    press(&mut app, "Enter");
    let error = form_error(&app).expect("refused");
    assert!(error.starts_with("not renamed: "), "{error}");
    assert!(error.contains(&format!("{DOC3}.toml:2")), "{error}");
    assert!(error.ends_with("fix that file first, or its annotations would keep the old name"));
    assert_eq!(read(&tags_file), scheme);
}

/// A tag added within its group moves the tags after it in the scheme: undoing and redoing it
/// changes no annotation (it once took the moved tags, place by place, for renames, and
/// rewrote every coder's `authoritative` as `non-authoritative`).
#[test]
fn undoing_and_redoing_an_added_tag_changes_no_annotation() {
    let ws = Workspace::new(true);
    let files = || {
        let mut files: Vec<(std::path::PathBuf, String)> = std::fs::read_dir(ws.annotations())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| (p.clone(), read(&p)))
            .collect();
        files.sort();
        files
    };
    let before = files();
    let mut app = app(&ws);
    press(&mut app, "C-t a");
    type_text(&mut app, "threat");
    press(&mut app, "Tab x Enter");
    assert_eq!(status(&app), "added the tag threat (x)");
    press(&mut app, "Esc u");
    app.writer.flush();
    assert_eq!(files(), before);
    press(&mut app, "C-r");
    app.writer.flush();
    assert_eq!(files(), before);
    assert!(app.corpus.tags.tags.iter().any(|t| t.name == "threat"));
}

#[test]
fn u_and_c_r_in_the_editor_take_a_rename_and_an_added_tag_back_without_leaving_it() {
    let ws = Workspace::new(true);
    let tags_file = ws.corpus().join("tags.toml");
    let mut app = app(&ws);
    let before = read(&tags_file);
    // The form says "u undoes it": u in the editor's list does, and the editor stays open.
    press(&mut app, "C-t j j j j j r C-u");
    type_text(&mut app, "official");
    press(&mut app, "Enter u");
    assert!(matches!(app.mode, Mode::Tags(_)));
    assert_eq!(
        status(&app),
        "undid: renamed the tag authoritative to official in 3 annotations of 2 documents"
    );
    assert_eq!(read(&tags_file), before);
    press(&mut app, "C-r");
    assert_eq!(app.corpus.tags.tags[5].name, "official");
    press(&mut app, "u");
    // A tag added and taken back: the list's selection stays on a tag that exists.
    press(&mut app, "G a");
    type_text(&mut app, "hedge");
    press(&mut app, "Tab x Enter");
    assert_eq!(app.corpus.tags.tags.len(), 9);
    press(&mut app, "j j j j j j j j j u");
    assert_eq!(app.corpus.tags.tags.len(), 8);
    assert_eq!(read(&tags_file), before);
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Tags: tags.toml"), "{screen}");
    press(&mut app, "Enter");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("non-authoritative"), "{screen}");
}

/// A rename writes its journal, then `tags.toml`, then each annotation file that uses the tag,
/// then removes the journal. A gloss killed after any of these steps leaves the journal, and the
/// next start (here the corpus being opened, as the reader and `gloss check` do) completes the
/// rename: every file ends as the rename would have left it. Each kill is simulated by putting
/// the files as they were at that step, taken from a real rename.
#[test]
fn a_rename_cut_short_after_any_step_is_completed_at_the_next_start() {
    let ws = Workspace::new(true);
    let tags_file = ws.corpus().join("tags.toml");
    let journal = gloss::core::storage::rename_journal::path(&ws.corpus());
    let files = [
        &tags_file,
        &ws.annotations().join(format!("{DOC0}.toml")),
        &ws.annotations().join(format!("{DOC1}.toml")),
    ];
    let contents = || files.map(|f| read(f));
    let mut app = app(&ws);
    let before = contents();
    press(&mut app, "C-t j j j j j r C-u");
    type_text(&mut app, "official");
    press(&mut app, "Enter");
    // Written before anything else: the annotation files are only queued when Enter returns.
    let journaled = read(&journal);
    assert!(
        journaled.contains("[\"authoritative\", \"official\"]"),
        "{journaled}"
    );
    let outcomes = app.writer.flush();
    app.collect_outcomes(outcomes);
    assert!(!journal.exists(), "removed once every file is written");
    let after = contents();
    for (b, a) in before.iter().zip(&after) {
        assert_ne!(b, a);
    }
    drop(app);

    for step in 0..=files.len() {
        std::fs::write(&journal, &journaled).unwrap();
        for (i, file) in files.iter().enumerate() {
            std::fs::write(file, if i < step { &after[i] } else { &before[i] }).unwrap();
        }
        let corpus = gloss::core::corpus::Corpus::open(&ws.corpus(), None).unwrap();
        let done = corpus.rename_recovery.unwrap().unwrap();
        assert!(
            done.starts_with(
                "completed the renaming of authoritative to official cut short last time: "
            ),
            "{done}"
        );
        assert!(
            done.contains(&format!(" {} annotation file", 2 - step.saturating_sub(1))),
            "step {step}: {done}"
        );
        assert_eq!(contents(), after, "killed after step {step}");
        assert!(!journal.exists());
        assert!(corpus.tags.by_name("official").is_some());
    }

    // `gloss check` completes it too, says so, and finds every tag in the scheme.
    std::fs::write(&journal, &journaled).unwrap();
    for (i, file) in files.iter().enumerate() {
        std::fs::write(file, if i < 1 { &after[i] } else { &before[i] }).unwrap();
    }
    let out = ws.gloss().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.contains("gloss check: completed the renaming of authoritative to official"),
        "{stderr}"
    );
    assert_eq!(contents(), after);
}

/// A journal gloss cannot read stops nothing: the corpus opens, the journal stays, and the
/// message says what it is and what to do.
#[test]
fn an_unreadable_journal_is_reported_and_left_alone() {
    let ws = Workspace::new(true);
    let journal = gloss::core::storage::rename_journal::path(&ws.corpus());
    std::fs::write(&journal, "not a journal [").unwrap();
    let app = app(&ws);
    assert!(app.status.as_ref().unwrap().error);
    let shown = status(&app);
    assert!(
        shown.contains("not a rename journal this gloss can read"),
        "{shown}"
    );
    assert!(
        shown.ends_with("if no rename was cut short, delete it"),
        "{shown}"
    );
    assert!(journal.exists());
}
