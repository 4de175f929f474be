//! Suggestions (`S` in the reader): how well the cues find the shipped example annotations'
//! sentences, stated in the README and checked here; and the keys that toggle, jump, accept and
//! dismiss them, through the real `App`, with the files on disk read back.

mod common;

use gloss::core::corpus::Corpus;
use gloss::core::documents::document::Document;
use gloss::core::suggestions::{Cues, suggest};

/// On the shipped documents that have annotations: (annotations whose sentences hold a
/// suggestion, annotations, suggestions on sentences with no annotation, suggestions).
fn measure() -> (usize, usize, usize, usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = Corpus::open(&root.join("corpus"), None).unwrap();
    let cues = Cues::load(&corpus.root).unwrap();
    let (mut caught, mut annotations, mut not_claims, mut suggested) = (0, 0, 0, 0);
    for entry in corpus.entries.iter().filter(|e| !e.annotations.is_empty()) {
        let doc = Document::load(
            &entry.path,
            &entry.rel_path,
            gloss::core::documents::reflow::Reflow::Auto,
        )
        .unwrap();
        let spans: Vec<std::ops::Range<usize>> = entry
            .annotations
            .iter()
            .map(|a| {
                doc.index.char_to_byte(&doc.text, a.start)..doc.index.char_to_byte(&doc.text, a.end)
            })
            .collect();
        let suggestions: Vec<std::ops::Range<usize>> = doc
            .sentences()
            .into_iter()
            .filter(|s| suggest(&doc.text[s.clone()], &cues).is_some())
            .collect();
        let overlap = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            a.start < b.end && b.start < a.end
        };
        annotations += spans.len();
        caught += spans
            .iter()
            .filter(|a| suggestions.iter().any(|s| overlap(a, s)))
            .count();
        suggested += suggestions.len();
        not_claims += suggestions
            .iter()
            .filter(|s| !spans.iter().any(|a| overlap(a, s)))
            .count();
    }
    (caught, annotations, not_claims, suggested)
}

#[test]
fn the_readme_states_how_many_annotations_the_suggestions_catch() {
    let (caught, annotations, not_claims, suggested) = measure();
    let stated = format!(
        "the suggestions catch {caught} of the {annotations} example annotations' sentences, and \
         {not_claims} of their {suggested} suggestions are on sentences with no annotation"
    );
    let readme = include_str!("../README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(readme.contains(&stated), "README.md should say: {stated}");
}

fn status(app: &gloss::tui::state::App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The annotations file of the first shipped document, once every save is written.
fn saved(app: &gloss::tui::state::App, ws: &common::Workspace) -> toml::Value {
    app.writer.flush();
    let text =
        std::fs::read_to_string(ws.annotations().join("000_073045cb8793dce5.txt.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn s_shows_suggestions_and_a_tag_key_accepts_one_with_its_speaker() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    assert!(
        app.suggested_in(0..usize::MAX).is_empty(),
        "off at the start"
    );
    common::press(&mut app, "S");
    assert!(
        status(&app).starts_with("suggestions shown"),
        "{}",
        status(&app)
    );
    let shown = app.suggested_in(0..2000);
    assert!(!shown.is_empty());
    // Drawn apart, with a mark in the gutter.
    let buf = common::screen::draw(&app, 120, 36);
    let screen = common::screen::text(&buf);
    assert!(screen.contains('»'), "{screen}");

    // `}` walks the suggestions: uncoded sentences with a cue, each said in the status bar.
    let mut speaker = None;
    for _ in 0..20 {
        common::press(&mut app, "}");
        let here = app
            .suggestion_here()
            .expect("the cursor is on a suggestion");
        assert!(
            status(&app).starts_with("suggestion (“"),
            "{}",
            status(&app)
        );
        if let Some(s) = here.speaker {
            speaker = Some(s);
            break;
        }
    }
    let speaker = speaker.expect("a suggestion names its speaker");
    // Once the message is gone, the status bar hints at the keys.
    app.status = None;
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(
        screen.contains(
            "suggestion: tag keys accept it · X dismiss · }/{ next/previous · S hide suggestions"
        ),
        "{screen}"
    );
    let sentence = common::cursor_text(&app);
    common::press(&mut app, "a Esc");
    assert!(app.suggestion_here().is_none(), "coded now");
    let file = saved(&app, &ws);
    let accepted = file["annotation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["quote"].as_str() == Some(sentence.as_str()))
        .expect("the sentence is annotated");
    assert_eq!(
        accepted["tags"].as_array().unwrap()[0].as_str(),
        Some("accusation")
    );
    assert_eq!(
        accepted["fields"]["speaker"].as_str(),
        Some(speaker.as_str())
    );

    // Hidden again, they are neither drawn nor accepted.
    common::press(&mut app, "S");
    assert!(app.suggested_in(0..usize::MAX).is_empty());
    assert!(!common::screen::text(&common::screen::draw(&app, 120, 36)).contains('»'));
    common::press(&mut app, "}");
    assert!(
        status(&app).contains("hidden: S shows them"),
        "{}",
        status(&app)
    );
}

#[test]
fn shift_x_dismisses_a_suggestion_for_good() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    common::press(&mut app, "S }");
    let dismissed = common::cursor_text(&app);
    common::press(&mut app, "X");
    assert!(app.suggestion_here().is_none());
    assert!(
        status(&app).starts_with("suggestion dismissed"),
        "{}",
        status(&app)
    );
    let file = ws.annotations().join("000_073045cb8793dce5.txt.dismissed");
    let text = std::fs::read_to_string(&file).unwrap();
    let key = dismissed.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.lines().any(|l| l == key), "{text}");
    // The next `}` passes it; nothing else was dismissed.
    common::press(&mut app, "}");
    assert_ne!(common::cursor_text(&app), dismissed);
    assert!(app.suggestion_here().is_some());
    common::press(&mut app, "q");

    // Another session: still dismissed, the others still suggested.
    let mut app = common::app(&ws);
    common::press(&mut app, "S");
    common::go_to(&mut app, &dismissed[..30]);
    assert!(app.suggestion_here().is_none());
    common::press(&mut app, "}");
    assert!(app.suggestion_here().is_some());
    common::press(&mut app, "X");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 2);
}

#[test]
fn left_brace_goes_back_to_the_previous_suggestion() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    common::press(&mut app, "S }");
    let first = common::cursor_text(&app);
    common::press(&mut app, "{");
    assert!(
        status(&app).starts_with("no suggestion before this sentence"),
        "{}",
        status(&app)
    );
    assert_eq!(common::cursor_text(&app), first, "the cursor stays");
    common::press(&mut app, "} }");
    let third = common::cursor_text(&app);
    common::press(&mut app, "{");
    let second = common::cursor_text(&app);
    assert!(app.suggestion_here().is_some());
    assert!(
        status(&app).starts_with("suggestion (“"),
        "{}",
        status(&app)
    );
    assert!(second != first && second != third);
    common::press(&mut app, "{");
    assert_eq!(common::cursor_text(&app), first);
    // The status bar's hints name both keys.
    app.status = None;
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("X dismiss · }/{ next/previous"), "{screen}");
    // From the sentence after a suggestion (another or not), `{` goes to that one.
    common::press(&mut app, "} j");
    assert_ne!(common::cursor_text(&app), second);
    common::press(&mut app, "{");
    assert_eq!(common::cursor_text(&app), second);
}

#[test]
fn u_undoes_a_dismissal_and_the_file_follows_byte_for_byte() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    let file = ws.annotations().join("000_073045cb8793dce5.txt.dismissed");
    let bytes = || std::fs::read(&file).ok();
    common::press(&mut app, "S }");
    let first = common::cursor_text(&app);
    common::press(&mut app, "X");
    assert!(
        status(&app).ends_with("u brings it back"),
        "{}",
        status(&app)
    );
    let one = bytes().expect("written");
    common::press(&mut app, "} }");
    let second = common::cursor_text(&app);
    common::press(&mut app, "X");
    let two = bytes().unwrap();
    assert_ne!(one, two);

    // Undo takes the second back: the file is as after the first, and the cursor is on it,
    // a suggestion again.
    common::press(&mut app, "g u");
    assert!(
        status(&app).starts_with("undid: dismissed"),
        "{}",
        status(&app)
    );
    assert_eq!(bytes().unwrap(), one);
    assert_eq!(common::cursor_text(&app), second);
    assert!(app.suggestion_here().is_some());
    // Then the first: no sentence is left, and the file goes, as before the first `X`.
    common::press(&mut app, "u");
    assert_eq!(bytes(), None);
    assert_eq!(common::cursor_text(&app), first);
    assert!(app.suggestion_here().is_some());
    // Redo dismisses them again, byte for byte.
    common::press(&mut app, "C-r");
    assert_eq!(bytes().unwrap(), one);
    assert!(app.suggestion_here().is_none());
    common::press(&mut app, "C-r");
    assert_eq!(bytes().unwrap(), two);

    // A line another gloss wrote meanwhile stays through an undo.
    let text = String::from_utf8(two).unwrap();
    std::fs::write(&file, format!("{text}Another coder dismissed this.\n")).unwrap();
    common::press(&mut app, "u");
    let left = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = left.lines().filter(|l| !l.starts_with('#')).collect();
    let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut expected = vec![key(&first), "Another coder dismissed this.".to_owned()];
    expected.sort();
    assert_eq!(lines, expected);
}
