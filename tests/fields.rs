//! Fields of an annotation through the reader, by key strings: the form (`f`) fills them in with
//! completion from the corpus and a choice from a list, saves them to the TOML on disk as one
//! change that `u` takes back; the sidebar and the note pane show them; the document list's and
//! the tag view's filters take field terms.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app, go_to, press, type_text};
use gloss::core::storage::store;
use gloss::tui::state::{App, Focus, Mode};

const DOC1: &str = "001_bcba7e35c127046e.txt";

/// The reader on DOC1 (the second document), focus in the reading pane, as the coder "tester".
fn on_doc1() -> (Workspace, App) {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab g");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, "j Enter");
    assert_eq!(app.open.as_ref().unwrap().doc.rel_path, DOC1);
    (ws, app)
}

/// The annotation file of DOC1 once the writer has written everything.
fn saved(app: &App, ws: &Workspace) -> String {
    app.writer.flush();
    std::fs::read_to_string(ws.annotations().join(format!("{DOC1}.toml"))).unwrap()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The value the form shows on row `row`.
fn form_value(app: &App, row: usize) -> String {
    match &app.mode {
        Mode::Fields(form) => form.rows[row].input.value.clone(),
        _ => panic!("the field form is not open"),
    }
}

/// The fields of the annotation of "tester" in DOC1's file on disk, as `(name, value)` pairs.
fn testers_fields(app: &App, ws: &Workspace) -> Vec<(String, String)> {
    let text = saved(app, ws);
    let file = store::from_toml(&text, std::path::Path::new("t.toml")).unwrap();
    let mine: Vec<_> = file
        .annotations
        .iter()
        .filter(|a| a.annotator == "tester")
        .collect();
    assert_eq!(mine.len(), 1, "{text}");
    mine[0].fields.clone().into_iter().collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_form_completes_a_speaker_chooses_a_role_saves_them_and_u_takes_them_back() {
    let (ws, mut app) = on_doc1();
    go_to(&mut app, "Long refuted");
    press(&mut app, "a");
    let tagged = saved(&app, &ws);
    press(&mut app, "f");
    assert!(matches!(app.mode, Mode::Fields(_)), "{}", status(&app));
    // "Lo" completes to the one speaker of the corpus that starts so; Tab again goes back to
    // what was typed, S-Tab forth again.
    type_text(&mut app, "lo");
    press(&mut app, "Tab");
    assert_eq!(form_value(&app, 0), "Long Zhou");
    press(&mut app, "Tab");
    assert_eq!(form_value(&app, 0), "lo");
    press(&mut app, "S-Tab");
    assert_eq!(form_value(&app, 0), "Long Zhou");
    // The role is a list: Right takes its first value, a letter the next that starts so.
    press(&mut app, "Down Right");
    assert_eq!(form_value(&app, 1), "top leader");
    type_text(&mut app, "f");
    assert_eq!(form_value(&app, 1), "foreign ministry");
    type_text(&mut app, "f");
    assert_eq!(form_value(&app, 1), "foreign government");
    type_text(&mut app, "f");
    assert_eq!(form_value(&app, 1), "foreign ministry", "wrapping");
    press(&mut app, "Left");
    assert_eq!(form_value(&app, 1), "top leader");
    press(&mut app, "Right");
    assert_eq!(form_value(&app, 1), "foreign ministry");
    insta::assert_snapshot!("form", text(&draw(&app, 120, 36)));
    press(&mut app, "Enter");
    assert!(app.mode.is_normal());
    assert_eq!(
        testers_fields(&app, &ws),
        pairs(&[("role", "foreign ministry"), ("speaker", "Long Zhou")])
    );
    assert!(
        saved(&app, &ws).contains(
            "[annotation.fields]\nrole = \"foreign ministry\"\nspeaker = \"Long Zhou\"\n"
        ),
        "{}",
        saved(&app, &ws)
    );
    assert_eq!(
        status(&app),
        "fields of “Long refuted accusation…”: speaker “Long Zhou”, role “foreign ministry”"
    );
    // One change: one u takes both values back, to the bytes of the file before.
    press(&mut app, "u");
    assert_eq!(saved(&app, &ws), tagged);
    press(&mut app, "C-r");
    assert_eq!(testers_fields(&app, &ws).len(), 2);
    // Open again, the form holds the values; clearing one removes it from the file.
    press(&mut app, "f Down Backspace C-s");
    assert_eq!(
        testers_fields(&app, &ws),
        pairs(&[("speaker", "Long Zhou")])
    );
}

#[test]
fn esc_cancels_and_an_unchanged_form_writes_nothing() {
    let (ws, mut app) = on_doc1();
    go_to(&mut app, "Long refuted");
    press(&mut app, "a");
    let tagged = saved(&app, &ws);
    press(&mut app, "f");
    type_text(&mut app, "Somebody");
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());
    assert_eq!(status(&app), "fields left unchanged");
    press(&mut app, "f Enter");
    assert_eq!(status(&app), "fields left unchanged");
    assert_eq!(saved(&app, &ws), tagged);
}

#[test]
fn the_form_refuses_another_coders_annotation_and_a_sentence_without_one() {
    let (ws, mut app) = on_doc1();
    let before = saved(&app, &ws);
    go_to(&mut app, "Long refuted");
    press(&mut app, "f");
    assert!(app.mode.is_normal());
    assert_eq!(
        status(&app),
        "no annotation here: tag the sentence first, then f fills in its fields"
    );
    go_to(&mut app, "We firmly oppose");
    press(&mut app, "f");
    assert!(app.mode.is_normal());
    assert_eq!(
        status(&app),
        "gloss-example's annotation on “We firmly oppose and harshly …” stays theirs: you fill in the fields of your own"
    );
    assert_eq!(saved(&app, &ws), before);
}

#[test]
fn in_the_sidebar_f_fills_in_the_fields_of_the_annotation_selected() {
    let (ws, mut app) = on_doc1();
    go_to(&mut app, "Long refuted");
    press(&mut app, "a Tab");
    assert_eq!(app.focus, Focus::Sidebar);
    let selected = &app.open_annotations()[app.sidebar.selected];
    assert_eq!(selected.annotator, "tester");
    press(&mut app, "f");
    type_text(&mut app, "Long Zhou");
    press(&mut app, "Down Tab Tab Tab C-s");
    assert_eq!(
        testers_fields(&app, &ws),
        pairs(&[("role", "military"), ("speaker", "Long Zhou")])
    );
    assert_eq!(app.focus, Focus::Sidebar);
}

#[test]
fn the_sidebar_shows_the_values_beside_the_quote_and_the_note_pane_in_full() {
    let (_ws, mut app) = on_doc1();
    go_to(&mut app, "We firmly oppose");
    press(&mut app, "F6");
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("role: foreign ministry") && screen.contains("speaker: Long Zhou"),
        "{screen}"
    );
    insta::assert_snapshot!("sidebar_and_note_pane", screen);
}

/// The document list's rows, by corpus index.
fn list_rows(app: &App) -> Vec<usize> {
    app.list.rows.clone()
}

#[test]
fn the_document_list_keeps_the_documents_with_an_annotation_whose_fields_answer() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab /");
    // Typed key by key: "spe" is a word (no document has it), "speaker:" a term that every
    // document with a speaker answers; a narrowing by the word would lose them.
    type_text(&mut app, "spe");
    assert_eq!(list_rows(&app), Vec::<usize>::new());
    type_text(&mut app, "aker:");
    assert_eq!(list_rows(&app), [0, 1, 4]);
    type_text(&mut app, "LONG  zhou");
    assert_eq!(list_rows(&app), [1]);
    press(&mut app, "C-u");
    type_text(&mut app, "role:foreign");
    assert_eq!(list_rows(&app), [1, 4]);
    type_text(&mut app, " ministry");
    assert_eq!(list_rows(&app), [1]);
    press(&mut app, "C-u");
    type_text(&mut app, "role=foreign");
    assert_eq!(list_rows(&app), Vec::<usize>::new(), "= is the whole value");
    // Words and terms together: a word of the title, then a quoted value.
    press(&mut app, "C-u");
    type_text(&mut app, "speaker:\"cyberspace\" 2017");
    assert_eq!(list_rows(&app), [0]);
    press(&mut app, "Enter");
    assert_eq!(app.list.query, "speaker:\"cyberspace\" 2017");
}

#[test]
fn the_tag_view_filter_takes_words_and_field_terms() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "t a r c p s 1 2 3 Enter");
    let all = app.tag_view().unwrap().items.len();
    assert_eq!(app.tag_view().unwrap().shown.len(), all);
    press(&mut app, "/");
    type_text(&mut app, "role:foreign");
    let speakers = |app: &App| -> Vec<String> {
        let view = app.tag_view().unwrap();
        view.shown
            .iter()
            .map(|&i| view.items[i].1.fields["speaker"].clone())
            .collect()
    };
    assert_eq!(
        speakers(&app),
        [
            "Long Zhou",
            "U.S.-China Economic and Security Review Commission"
        ]
    );
    press(&mut app, "Enter");
    insta::assert_snapshot!("tag_view_filtered", text(&draw(&app, 120, 36)));
    // A word of the quote with a term; Enter opens the one left in its document.
    press(&mut app, "/ C-u");
    type_text(&mut app, "firmly speaker:long");
    assert_eq!(speakers(&app), ["Long Zhou"]);
    press(&mut app, "Enter Enter");
    assert!(app.mode.is_normal());
    assert_eq!(app.open.as_ref().unwrap().doc.rel_path, DOC1);
    // Back in the view, the filter is kept; Esc while typing drops it.
    press(&mut app, "t Enter");
    assert_eq!(app.tag_view().unwrap().filter.value, "firmly speaker:long");
    assert_eq!(app.tag_view().unwrap().shown.len(), 1);
    press(&mut app, "/ Esc");
    assert_eq!(app.tag_view().unwrap().shown.len(), all);
}

/// Blind coding: the speaker completes only from the coder's own annotations, so another
/// coder's values ("Long Zhou", gloss-example's) are neither offered nor listed as used.
#[test]
fn in_blind_coding_the_form_completes_from_the_coders_own_values_only() {
    let (_ws, mut app) = on_doc1();
    go_to(&mut app, "Long refuted");
    press(&mut app, "a F2 f");
    let Mode::Fields(form) = &app.mode else {
        panic!("the form is not open: {}", status(&app))
    };
    assert_eq!(form.rows[0].name, "speaker");
    assert!(form.rows[0].used.is_empty(), "{:?}", form.rows[0].used);
    let screen = text(&draw(&app, 120, 36));
    assert!(!screen.contains("Long Zhou"), "{screen}");
    type_text(&mut app, "lo");
    press(&mut app, "Tab");
    assert_eq!(form_value(&app, 0), "lo", "nothing to complete from");
    // Everyone's again: the values of gloss-example's annotations are offered.
    press(&mut app, "Esc F2 f");
    let Mode::Fields(form) = &app.mode else {
        panic!("the form is not open: {}", status(&app))
    };
    assert!(form.rows[0].used.iter().any(|v| v == "Long Zhou"));
}

/// Another coder's annotation made current by a jump stays theirs: as `d` and `n` do, `f`
/// edits the coder's own annotation of the same text, and says so in the status bar and the
/// form's title rather than pass the one off as the other.
#[test]
fn f_on_another_coders_annotation_says_it_edits_ones_own_of_the_same_text() {
    let (ws, mut app) = on_doc1();
    go_to(&mut app, "We firmly oppose");
    press(&mut app, "a");
    let theirs_before = saved(&app, &ws);
    // `]` from the top until the jump lands on gloss-example's annotation of that sentence.
    press(&mut app, "g");
    let on_theirs = |app: &App| {
        app.annotation_here().is_some_and(|i| {
            let a = &app.open_annotations()[i];
            a.annotator == "gloss-example" && a.quote.starts_with("We firmly oppose")
        })
    };
    for _ in 0..20 {
        if on_theirs(&app) {
            break;
        }
        press(&mut app, "]");
    }
    assert!(on_theirs(&app), "{}", status(&app));
    press(&mut app, "f");
    let Mode::Fields(form) = &app.mode else {
        panic!("the form is not open: {}", status(&app));
    };
    assert_eq!(form.passed_over.as_deref(), Some("gloss-example"));
    assert_eq!(
        status(&app),
        "gloss-example's annotation stays theirs: these are the fields of your own on the same text"
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Fields of your own “We firmly")
            && screen.contains("(gloss-example's stays theirs)"),
        "{screen}"
    );
    type_text(&mut app, "Hua Chunying");
    press(&mut app, "C-s");
    assert_eq!(
        testers_fields(&app, &ws),
        pairs(&[("speaker", "Hua Chunying")])
    );
    // Theirs keeps its speaker.
    let file = store::from_toml(&saved(&app, &ws), std::path::Path::new("t.toml")).unwrap();
    let theirs = file
        .annotations
        .iter()
        .find(|a| a.annotator == "gloss-example" && a.quote.starts_with("We firmly oppose"))
        .unwrap();
    assert_eq!(theirs.fields["speaker"], "Long Zhou");
    assert!(theirs_before.contains("speaker = \"Long Zhou\""));
}

#[test]
fn the_document_list_filter_follows_a_field_edit_and_its_undo() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab /");
    type_text(&mut app, "speaker:qin");
    press(&mut app, "Enter");
    assert_eq!(
        list_rows(&app),
        Vec::<usize>::new(),
        "no speaker is Qin yet"
    );
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.open.as_ref().unwrap().entry, 0);
    go_to(&mut app, "Qin An, director");
    press(&mut app, "a f");
    type_text(&mut app, "Qin An");
    press(&mut app, "C-s");
    assert_eq!(list_rows(&app), [0], "{}", status(&app));
    assert_eq!(app.list.selected, 0);
    press(&mut app, "u");
    assert_eq!(list_rows(&app), Vec::<usize>::new());
    press(&mut app, "C-r");
    assert_eq!(list_rows(&app), [0]);
    // Another speaker takes it out again.
    press(&mut app, "f C-u");
    type_text(&mut app, "Long Zhou");
    press(&mut app, "C-s");
    assert_eq!(list_rows(&app), Vec::<usize>::new());
}
