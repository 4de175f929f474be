//! Claims as claims: the claim thread view (`T`) over links across documents, and marking a
//! claim's source and cue spans (`W`, `V`), driven by keys through the real `App`, the screen
//! drawn on a `TestBackend` and the annotation files read back from disk.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app_with, current_text, press, settle, type_text};
use gloss::core::corpus::Corpus;
use gloss::core::formats::{self, Format, Material, Options, Scope};
use gloss::tui::state::{App, Focus, Mode, Settings};

const ACCUSATION: &str = "bb7d65a7-e55a-4572-a11e-e46ead4e9ade";
const DENIAL_001: &str = "f9637412-b5b7-4028-9d46-ef378f7c7769";
const DENIAL_003: &str = "d2f7ed74-874b-4c26-91d3-58fe5faf01d4";

/// Adds to the annotation `from` of the shipped document `doc` a link of type `kind` to `to`,
/// written in its annotation file as gloss writes links.
fn link(ws: &Workspace, doc: &str, from: &str, kind: &str, to: &str) {
    let path = ws.annotations().join(format!("{doc}.toml"));
    let mut toml = std::fs::read_to_string(&path).unwrap();
    let at = toml
        .find(&format!("id = \"{from}\""))
        .expect("the annotation");
    let end = toml[at..]
        .find("\n[[annotation]]")
        .map_or(toml.len(), |i| at + i);
    toml.insert_str(
        end,
        &format!("\n[[annotation.links]]\ntype = \"{kind}\"\nto = \"{to}\"\n"),
    );
    std::fs::write(&path, toml).unwrap();
}

/// The shipped annotations, where two denials in two documents deny an accusation made in a
/// third.
fn linked_workspace() -> Workspace {
    let ws = Workspace::new(true);
    link(
        &ws,
        "001_bcba7e35c127046e.txt",
        DENIAL_001,
        "denies",
        ACCUSATION,
    );
    link(
        &ws,
        "003_51e4aaa34ca25599.txt",
        DENIAL_003,
        "denies",
        ACCUSATION,
    );
    ws
}

/// The reader on the shipped annotations, where two denials in two documents deny an
/// accusation made in a third, opened on `doc`.
fn thread_workspace(doc: &str) -> (Workspace, App) {
    let ws = linked_workspace();
    let app = app_on(&ws, doc);
    (ws, app)
}

/// The reader on the workspace, opened on the document `doc`.
fn app_on(ws: &Workspace, doc: &str) -> App {
    let settings = Settings {
        document: Some(doc.into()),
        ..Settings::default()
    };
    app_with(&ws.corpus(), settings)
}

fn entry(app: &App) -> usize {
    app.open.as_ref().expect("a document is open").entry
}

fn annotation_file(ws: &Workspace, doc: &str) -> String {
    std::fs::read_to_string(ws.annotations().join(format!("{doc}.toml"))).unwrap()
}

/// Waits for the writer to have written every change.
fn flushed(app: &mut App) {
    let outcomes = app.writer.flush();
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, gloss::core::storage::writer::WriteOutcome::Saved { .. })),
        "{outcomes:?}"
    );
}

#[test]
fn the_thread_of_an_accusation_shows_its_denials_in_date_order_and_enter_opens_one() {
    let (_ws, mut app) = thread_workspace("004_5fd63ba584e4c364.txt");
    // The accusation is the document's only annotation: `]` makes it current.
    press(&mut app, "]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("The report of the U.S.-China")
    );
    press(&mut app, "T");
    let Mode::Thread(view) = &app.mode else {
        panic!("T opens the thread view")
    };
    let ids: Vec<String> = view.rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!(view.rows[view.selected].id, ACCUSATION, "opened on its row");
    let selected = view.selected;
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));

    // Enter on the other denial opens its document with it current.
    let other = ids.iter().position(|id| *id == DENIAL_003).unwrap();
    let moves = other as isize - selected as isize;
    let key = if moves > 0 { "j " } else { "k " };
    press(&mut app, &key.repeat(moves.unsigned_abs()));
    press(&mut app, "Enter");
    assert!(app.mode.is_normal());
    assert_eq!(entry(&app), 3);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(
        current_text(&app).as_deref(),
        Some("Beijing has repeatedly denied carrying out cyberattacks against any other country")
    );
    // From the denial, the same thread; Esc goes back to the reader where it was.
    press(&mut app, "T");
    let Mode::Thread(view) = &app.mode else {
        panic!("T opens the thread view")
    };
    let again: Vec<String> = view.rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(again, ids);
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());
    assert_eq!(entry(&app), 3);
}

#[test]
fn without_an_annotation_here_there_is_no_thread() {
    let (_ws, mut app) = thread_workspace("002_3e2178b0d7cc894e.txt");
    press(&mut app, "T");
    assert!(app.mode.is_normal());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("no annotation here"))
    );
}

/// Finds `pattern` in the open document while marking, and selects the match with Enter.
fn find_and_select(app: &mut App, pattern: &str) {
    press(app, "/");
    type_text(app, pattern);
    press(app, "Enter");
    settle(app);
    press(app, "Enter");
}

#[test]
fn the_source_and_cue_of_a_claim_are_marked_as_linked_spans_and_undone_one_each() {
    let ws = Workspace::new(true);
    let doc = "001_bcba7e35c127046e.txt";
    let mut app = app_on(&ws, doc);
    let before = annotation_file(&ws, doc);
    common::go_to(&mut app, "We firmly oppose");
    // W on the denial makes it current and starts marking its source.
    press(&mut app, "W");
    assert_eq!(
        current_text(&app).as_deref(),
        Some("We firmly oppose and harshly punish hacking activities.")
    );
    assert!(app.reader.marking.is_some());
    // Enter before anything is selected: the claim itself is no source.
    press(&mut app, "Enter");
    assert!(app.reader.marking.is_some());
    assert_eq!(annotation_file(&ws, doc), before);
    find_and_select(&mut app, "he said");
    press(&mut app, "h");
    assert_eq!(common::selection_text(&app).as_deref(), Some("he"));
    press(&mut app, "Enter");
    assert!(app.reader.marking.is_none());
    flushed(&mut app);
    let source = annotation_file(&ws, doc);
    assert!(source.contains("quote = \"he\"\n"), "{source}");
    assert!(
        source.contains(&format!(
            "[[annotation.links]]\ntype = \"source of\"\nto = \"{DENIAL_001}\"\n"
        )),
        "{source}"
    );
    // The claim is current again: V marks its cue.
    assert_eq!(
        current_text(&app).as_deref(),
        Some("We firmly oppose and harshly punish hacking activities.")
    );
    press(&mut app, "V");
    find_and_select(&mut app, "said,");
    press(&mut app, "Enter");
    flushed(&mut app);
    let cue = annotation_file(&ws, doc);
    assert!(
        cue.contains(&format!(
            "[[annotation.links]]\ntype = \"cue of\"\nto = \"{DENIAL_001}\"\n"
        )),
        "{cue}"
    );
    // One u takes back the cue's span and its link; another the source's.
    press(&mut app, "u");
    flushed(&mut app);
    assert_eq!(annotation_file(&ws, doc), source);
    press(&mut app, "u");
    flushed(&mut app);
    assert_eq!(annotation_file(&ws, doc), before);
}

#[test]
fn esc_drops_the_selection_then_stops_marking() {
    let ws = Workspace::new(true);
    let doc = "001_bcba7e35c127046e.txt";
    let mut app = app_on(&ws, doc);
    common::go_to(&mut app, "We firmly oppose");
    press(&mut app, "W j v");
    assert!(app.reader.selection().is_some());
    press(&mut app, "Esc");
    assert!(app.reader.selection().is_none());
    assert!(app.reader.marking.is_some());
    press(&mut app, "Esc");
    assert!(app.reader.marking.is_none());
    // Without a claim here there is nothing to mark.
    press(&mut app, "g W");
    assert!(app.reader.marking.is_none());
}

#[test]
fn the_md_report_ends_with_each_thread_in_date_order() {
    let ws = linked_workspace();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let material = Material::collect(&corpus, &Scope::default()).unwrap();
    let mut out = Vec::new();
    formats::write(Format::Md, &material, Options::default(), &mut out).unwrap();
    let md = String::from_utf8(out).unwrap();
    let threads = &md[md.find("\n## Threads").expect("a threads section")..];
    // A section per thread, in date order; each claim names the links it holds by number.
    let expected = "
## Threads

Claims linked to one another, across documents: each thread in date order (undated last), each claim with the links it holds to the others, naming them by their numbers.

### Thread 1: 3 annotations in 3 documents

1. 2013-09-20 · Chinese Views on Cybersecurity in Foreign Relations (`003_51e4aaa34ca25599.txt`), 1217–1298 · denial, non-authoritative · denies 2

   > Beijing has repeatedly denied carrying out cyberattacks against any other country

2. 2014-03-18 · China's Cybersecurity Push and the Need for Sino-U.S. Cooperation (`004_5fd63ba584e4c364.txt`), 2919–3091 · accusation, non-authoritative · said by U.S.-China Economic and Security Review Commission

   > The report of the U.S.-China Economic and Secuirty Review Commission\u{a0}bluntly stated that China has not cut down on its industrial espionage activities in the United States.

3. 2017-03-03 · China opposes using Internet to interfere (`001_bcba7e35c127046e.txt`), 2782–2837 · denial, authoritative · denies 2 · said by Long Zhou

   > We firmly oppose and harshly punish hacking activities.
";
    assert_eq!(threads, expected);
}

/// `:coders` hides annotations from the thread as from the reader: a denial by a coder who is
/// not chosen is no row, and the thread does not go through it.
#[test]
fn the_thread_shows_only_the_annotations_of_the_coders_chosen() {
    let ws = linked_workspace();
    let path = ws.annotations().join("003_51e4aaa34ca25599.txt.toml");
    let toml = std::fs::read_to_string(&path)
        .unwrap()
        .replace("annotator = \"gloss-example\"", "annotator = \"carol\"");
    std::fs::write(&path, toml).unwrap();
    let mut app = app_on(&ws, "004_5fd63ba584e4c364.txt");
    let thread = |app: &mut App| {
        press(app, "] T");
        let Mode::Thread(view) = &app.mode else {
            panic!("T opens the thread view")
        };
        let ids: Vec<String> = view.rows.iter().map(|r| r.id.clone()).collect();
        press(app, "Esc");
        ids
    };
    assert_eq!(thread(&mut app).len(), 3);
    press(
        &mut app,
        ": c o d e r s Space g l o s s - e x a m p l e Enter",
    );
    let mut ids = thread(&mut app);
    ids.sort();
    assert_eq!(ids, [ACCUSATION, DENIAL_001], "carol's denial hidden");
    press(&mut app, ": c o d e r s Space c a r o l Enter");
    assert!(
        app.annotation_here().is_none(),
        "the accusation is hidden: no thread from it"
    );
}

/// One "Long" span marked (`W`) as the source of two claims that are not linked to each other:
/// `T` on the span shows the thread of the first of them, started once; on either claim, that
/// claim alone, said by Long; and the md report, like the view, has no thread joining them.
#[test]
fn a_span_naming_the_speaker_of_two_claims_joins_them_in_no_thread() {
    let ws = Workspace::new(true);
    let doc = "001_bcba7e35c127046e.txt";
    let mut app = app_on(&ws, doc);
    common::go_to(&mut app, "According to data");
    press(&mut app, "W");
    find_and_select(&mut app, "Long refuted");
    press(&mut app, "h Enter");
    common::go_to(&mut app, "We firmly oppose");
    press(&mut app, "W");
    find_and_select(&mut app, "Long refuted");
    press(&mut app, "h Enter");
    flushed(&mut app);
    let toml = annotation_file(&ws, doc);
    assert_eq!(toml.matches("quote = \"Long\"\n").count(), 1, "{toml}");
    assert_eq!(toml.matches("type = \"source of\"").count(), 2, "{toml}");
    // The span's row is marked as a source, not as a note.
    let screen = text(&draw(&app, 120, 36));
    let row = screen.lines().find(|l| l.contains("Long refuted")).unwrap();
    assert!(row.contains("@"), "{row}");
    assert!(!row.contains("✎"), "{row}");

    // T on the span.
    press(&mut app, "Esc");
    find_and_select(&mut app, "Long refuted");
    press(&mut app, "h T");
    let Mode::Thread(view) = &app.mode else {
        panic!("T opens the thread view")
    };
    let rows: Vec<(&str, Option<&str>)> = (view.rows.iter())
        .map(|r| (r.quote.as_str(), r.speaker.as_deref()))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].0.starts_with("According to data"), "{rows:#?}");
    assert_eq!(rows[0].1, Some("Long"));
    let screen = text(&draw(&app, 120, 36));
    assert_eq!(
        screen.matches("the thread starts here").count(),
        1,
        "{screen}"
    );
    assert!(
        screen.contains("“Long” names the speaker of 2 claims: this is the thread of the first"),
        "{screen}"
    );
    // Out of the view, the selection, then the search.
    press(&mut app, "Esc Esc Esc");
    // T on the denial: it alone, its speaker field first.
    common::go_to(&mut app, "We firmly oppose");
    press(&mut app, "T");
    let Mode::Thread(view) = &app.mode else {
        panic!("T opens the thread view")
    };
    assert_eq!(view.rows.len(), 1);
    assert_eq!(view.rows[0].speaker.as_deref(), Some("Long Zhou"));

    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let material = Material::collect(&corpus, &Scope::default()).unwrap();
    let mut out = Vec::new();
    formats::write(Format::Md, &material, Options::default(), &mut out).unwrap();
    assert!(!String::from_utf8(out).unwrap().contains("## Threads"));
}

/// The open thread view follows the annotations when their file is reloaded from disk: a link
/// taken away elsewhere is gone from it at once.
#[test]
fn the_thread_view_follows_a_reload_from_disk() {
    let (ws, mut app) = thread_workspace("001_bcba7e35c127046e.txt");
    common::go_to(&mut app, "We firmly oppose");
    press(&mut app, "T");
    let Mode::Thread(view) = &app.mode else {
        panic!("T opens the thread view")
    };
    assert_eq!(view.rows.len(), 3);
    // Another gloss, or an editor, takes the denial's link away.
    let path = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let unlinked = std::fs::read_to_string(&path).unwrap().replace(
        &format!("\n[[annotation.links]]\ntype = \"denies\"\nto = \"{ACCUSATION}\"\n"),
        "",
    );
    let temporary = path.with_extension("incoming");
    std::fs::write(&temporary, &unlinked).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    let timing = gloss::core::user_state::timing::Timing::default();
    app.poll_writer_at(std::time::Instant::now() + timing.check_every);
    let outcomes = app.writer.flush();
    app.collect_outcomes(outcomes);
    let Mode::Thread(view) = &app.mode else {
        panic!("the view stays open")
    };
    let ids: Vec<&str> = view.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [DENIAL_001]);
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Nothing is linked to this annotation yet."),
        "{screen}"
    );
}

/// Opening another document while marking stops the marking and says so.
#[test]
fn opening_another_document_stops_marking_and_says_so() {
    let ws = Workspace::new(true);
    let mut app = app_on(&ws, "001_bcba7e35c127046e.txt");
    common::go_to(&mut app, "We firmly oppose");
    press(&mut app, "W S-Tab j Enter");
    assert_ne!(entry(&app), 1);
    assert!(app.reader.marking.is_none());
    let said = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        said.starts_with("stopped marking the source of “We firmly oppose"),
        "{said}"
    );
}
