//! Codes land only where the coder meant them: the selection never grows behind the coder's
//! back. Each repro of issue 8 (part 1) as keys on the shipped corpus, with the annotation file
//! read back after; then random keys, where every annotation written must be on the span shown
//! selected, the annotation shown current, or the cursor sentence, when its key was pressed.

mod common;

use std::ops::Range;

use common::screen::{draw, text};
use common::{
    Workspace, app, current_text, cursor_text, go_to, press, selection_text, settle, type_text,
};
use gloss::core::annotation::Annotation;
use gloss::core::storage::store;
use gloss::tui::state::{App, OpenDoc, Pick};
use proptest::prelude::*;

const DOC0: &str = "000_073045cb8793dce5.txt";

fn open(app: &App) -> &OpenDoc {
    app.open.as_ref().expect("a document is open")
}

/// The annotations of `doc` as written to disk: (quote, tags), in text order.
fn written(app: &App, ws: &Workspace, doc: &str) -> Vec<(String, Vec<String>)> {
    app.writer.flush();
    let path = ws.annotations().join(format!("{doc}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
    store::from_toml(&text, &path)
        .expect("the saved file parses")
        .annotations
        .into_iter()
        .map(|a| (a.quote, a.tags))
        .collect()
}

fn tagged(quote: &str, tags: &[&str]) -> (String, Vec<String>) {
    (
        quote.to_owned(),
        tags.iter().map(|t| (*t).to_owned()).collect(),
    )
}

fn search(app: &mut App, pattern: &str) {
    press(app, "/");
    type_text(app, pattern);
    press(app, "Enter");
    settle(app);
}

const CYBER: &str = "Cybersecurity has been a flashpoint for Sino-US ties, with the US accusing \
                     the Chinese government and military of cyberattacks against US targets.";
const BEIJING: &str = "Beijing denies the claims and says it is a victim of hacking.";
const TRUMP: &str = "Since taking office, US President Donald Trump has not commented on the \
                     cybersecurity feud with China, but last month he scrapped plans to sign an \
                     executive order for a US cybersecurity overhaul.";

#[test]
fn after_tagging_a_clause_j_and_a_tag_key_tag_the_next_sentence_alone() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    // The headline is one sentence, so the sixth is CYBER.
    press(&mut app, "j j j j j");
    assert_eq!(cursor_text(&app), CYBER);
    press(&mut app, "v h a");
    let clause = "Cybersecurity has been a flashpoint for Sino-US ties, with the US accusing the \
                  Chinese government and military of cyberattacks against US";
    assert_eq!(selection_text(&app), None, "tagging ends the selection");
    assert_eq!(current_text(&app).as_deref(), Some(clause));
    assert_eq!(written(&app, &ws, DOC0), [tagged(clause, &["accusation"])]);
    press(&mut app, "j r");
    assert_eq!(
        written(&app, &ws, DOC0),
        [
            tagged(clause, &["accusation"]),
            tagged(BEIJING, &["denial"])
        ]
    );
}

#[test]
fn after_a_search_esc_and_another_search_a_tag_key_tags_the_found_sentence_alone() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "denies");
    press(&mut app, "v h a Esc");
    search(&mut app, "Trump has not");
    press(&mut app, "r");
    assert_eq!(
        written(&app, &ws, DOC0),
        [
            tagged(
                "Beijing denies the claims and says it is a victim of",
                &["accusation"]
            ),
            tagged(TRUMP, &["denial"]),
        ]
    );
}

#[test]
fn esc_drops_a_selection_while_searching_and_a_second_esc_ends_the_search() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "denies");
    press(&mut app, "v j");
    assert!(selection_text(&app).is_some());
    press(&mut app, "Esc");
    assert_eq!(selection_text(&app), None);
    assert!(app.active_search().is_some());
    press(&mut app, "Esc");
    assert!(app.active_search().is_none());
}

#[test]
fn after_a_jump_the_annotation_is_current_and_a_motion_leaves_it() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Beijing denies");
    press(&mut app, "v h h a Esc g ]");
    let clause = "Beijing denies the claims and says it is a victim";
    assert_eq!(current_text(&app).as_deref(), Some(clause));
    // The claim-type-then-authority habit works on the annotation jumped to…
    press(&mut app, "2");
    // …and a motion leaves it: the next tag key is the cursor sentence's.
    press(&mut app, "j r");
    assert_eq!(
        written(&app, &ws, DOC0),
        [
            tagged(clause, &["accusation", "quasi-authoritative"]),
            tagged(TRUMP, &["denial"]),
        ]
    );
}

#[test]
fn after_enter_in_the_tag_view_a_motion_leaves_the_annotation_shown() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Beijing denies");
    press(&mut app, "v h h a Esc g");
    press(&mut app, "t a Enter Enter");
    assert_eq!(
        current_text(&app).as_deref(),
        Some("Beijing denies the claims and says it is a victim")
    );
    press(&mut app, "j r");
    let anns = written(&app, &ws, DOC0);
    assert_eq!(anns[1], tagged(TRUMP, &["denial"]));
}

#[test]
fn enter_on_a_corpus_search_hit_leaves_the_selection() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "v j j");
    press(&mut app, ":");
    type_text(&mut app, "grep Trump has not");
    press(&mut app, "Enter");
    settle(&mut app);
    press(&mut app, "Enter");
    assert_eq!(selection_text(&app), None);
    // The hit opens a search whose jump to it the tag key waits for.
    press(&mut app, "r");
    settle(&mut app);
    assert_eq!(written(&app, &ws, DOC0), [tagged(TRUMP, &["denial"])]);
}

#[test]
fn each_end_keeps_its_refinement_while_the_other_moves() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Beijing denies");
    // The end cut by a word, then the start moved a sentence back: the cut stays.
    press(&mut app, "v j h o k");
    let shown = selection_text(&app).unwrap();
    assert!(
        shown.starts_with("Cybersecurity has been a flashpoint"),
        "{shown}"
    );
    assert!(shown.ends_with("for a US cybersecurity"), "{shown}");
    // The start moved by a word, then the end a sentence on: the start stays.
    press(&mut app, "Esc j v H j");
    let shown = selection_text(&app).unwrap();
    assert!(shown.starts_with("targets. Beijing denies"), "{shown}");
    assert!(shown.ends_with("cybersecurity overhaul."), "{shown}");
    press(&mut app, "a");
    assert_eq!(written(&app, &ws, DOC0), [tagged(&shown, &["accusation"])]);
}

#[test]
fn a_clause_is_cut_by_its_punctuation_or_from_a_search_match() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Cybersecurity has been");
    press(&mut app, "v ( a");
    search(&mut app, "Since taking");
    // Enter selects the match; `)` takes its end to the comma, left out.
    press(&mut app, "Enter");
    assert_eq!(selection_text(&app).as_deref(), Some("Since taking"));
    press(&mut app, ") r");
    assert_eq!(
        written(&app, &ws, DOC0),
        [
            tagged(
                "Cybersecurity has been a flashpoint for Sino-US ties",
                &["accusation"]
            ),
            tagged("Since taking office", &["denial"]),
        ]
    );
}

#[test]
fn counts_repeat_motions_but_a_digit_that_is_a_tag_key_tags() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "6 j");
    assert_eq!(cursor_text(&app), BEIJING);
    press(&mut app, "v 4 h");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("Beijing denies the claims and says it is")
    );
    // `1` is the key of a tag in the shipped scheme: it tags, and starts no count.
    press(&mut app, "Esc 1");
    assert_eq!(app.reader.count, None);
    assert_eq!(
        written(&app, &ws, DOC0),
        [tagged(BEIJING, &["authoritative"])]
    );
    // Once a count is started, any digit goes on with it.
    press(&mut app, "g 4 1 j");
    assert_eq!(app.reader.cursor, open(&app).doc.last_sentence());
    assert_eq!(app.open_annotations().len(), 1);
}

#[test]
fn a_word_step_keeps_both_quotation_marks_or_neither() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "“The US policy on cybersecurity");
    press(&mut app, "v h");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("The US policy on cybersecurity is still")
    );
    press(&mut app, "Esc v j h h");
    let quote = "“The US policy on cybersecurity is still unclear. So we will wait to find out \
                 [if the dialogue will resume],”";
    assert_eq!(selection_text(&app).as_deref(), Some(quote));
    press(&mut app, "c");
    assert_eq!(
        written(&app, &ws, DOC0),
        [tagged(quote, &["policy commitment"])]
    );
}

#[test]
fn the_current_annotation_is_drawn_bold_until_a_motion_leaves_it() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Beijing denies");
    let bold_at = |app: &App, word: &str| {
        let buf = draw(app, 120, 36);
        let (x, y) = common::screen::find(&text(&buf), word).unwrap();
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    };
    press(&mut app, "v h a");
    assert!(bold_at(&app, "victim"));
    assert!(!bold_at(&app, "hacking."), "past the annotation");
    press(&mut app, "j");
    assert!(!bold_at(&app, "victim"));
}

#[test]
fn the_status_bar_says_what_the_next_tag_key_acts_on() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Beijing denies");
    let status = |app: &App| {
        let screen = text(&draw(app, 120, 36));
        screen.lines().last().unwrap().to_owned()
    };
    let mut states = vec![status(&app)];
    press(&mut app, "v j h");
    states.push(status(&app));
    press(&mut app, "5");
    states.push(status(&app));
    press(&mut app, "h a");
    states.push(status(&app));
    press(&mut app, "2");
    states.push(status(&app));
    press(&mut app, "j");
    states.push(status(&app));
    insta::assert_snapshot!(states.join("\n"));
}

/// What a random key does, as the coder sees it.
#[derive(Debug, Clone)]
enum Step {
    Key(&'static str),
    Search(&'static str),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => proptest::sample::select(vec![
            "j", "k", "v", "h", "l", "H", "L", "o", "(", ")", "Esc", "a", "r", "2", "]", "[", "g",
            "G", "5", "Enter",
        ])
        .prop_map(Step::Key),
        1 => proptest::sample::select(vec!["the", "hack", "China", "cyber"]).prop_map(Step::Search),
    ]
}

/// What the next tag key acts on, kept by the test from the keys alone.
#[derive(Debug, Clone, PartialEq)]
enum Model {
    Sentence,
    Select,
    Current(Range<usize>),
}

fn pick_of(app: &App) -> Model {
    match &app.reader.pick {
        Pick::Sentence => Model::Sentence,
        Pick::Select(_) => Model::Select,
        Pick::Annotation { span, .. } => Model::Current(span.clone()),
    }
}

fn spans(app: &App) -> Vec<(Range<usize>, Vec<String>)> {
    let open = open(app);
    app.open_annotations()
        .iter()
        .map(|a: &Annotation| (a.byte_span(&open.doc.text, &open.doc.index), a.tags.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_annotation_lands_on_what_was_shown_when_its_key_was_pressed(
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        let ws = Workspace::new(false);
        let mut app = app(&ws);
        let mut model = Model::Sentence;
        for step in steps {
            let key = match step {
                Step::Search(pattern) => {
                    search(&mut app, pattern);
                    if let Model::Current(_) = model {
                        model = Model::Sentence;
                    }
                    prop_assert_eq!(&pick_of(&app), &model);
                    continue;
                }
                Step::Key(key) => key,
            };
            // A count applies to the key after it and changes nothing by itself.
            if app.reader.count.is_some() && key == "5" {
                press(&mut app, key);
                continue;
            }
            let shown = match &model {
                Model::Select => app.reader.selection().map(|s| s.span()),
                Model::Current(span) => Some(span.clone()),
                Model::Sentence => app.reader.cursor_span(),
            };
            let before = spans(&app);
            let searching = app.active_search().is_some();
            press(&mut app, key);
            if app.reader.count.is_some() {
                continue;
            }
            let after = spans(&app);
            match key {
                "a" | "r" | "2" => {
                    let shown = shown.unwrap();
                    // Only the annotation on the span shown changed.
                    let elsewhere = |l: &[(Range<usize>, Vec<String>)]| {
                        l.iter().filter(|(s, _)| *s != shown).cloned().collect::<Vec<_>>()
                    };
                    prop_assert_eq!(elsewhere(&before), elsewhere(&after));
                    prop_assert_ne!(&before, &after);
                    model = Model::Current(shown);
                }
                "v" => model = if model == Model::Select { Model::Sentence } else { Model::Select },
                "h" | "l" | "H" | "L" | "(" | ")" => model = Model::Select,
                "Enter"
                    if searching
                        && app.active_search().and_then(|s| s.current_match()).is_some() =>
                {
                    model = Model::Select;
                }
                "Esc" => model = Model::Sentence,
                "j" | "k" | "g" | "G" => {
                    if let Model::Current(_) = model {
                        model = Model::Sentence;
                    }
                }
                "]" | "[" => {
                    // A jump that finds an annotation makes it current; one that finds none
                    // changes nothing.
                    let now = pick_of(&app);
                    if now != model {
                        let Model::Current(span) = now else {
                            panic!("a jump left {now:?}");
                        };
                        prop_assert!(after.iter().any(|(s, _)| *s == span));
                        model = Model::Current(span);
                    }
                }
                _ => {}
            }
            prop_assert!(before.len().abs_diff(after.len()) <= 1);
            prop_assert_eq!(&pick_of(&app), &model, "after {}", key);
            if let Some(sel) = app.reader.selection() {
                prop_assert!(sel.span().start < sel.span().end);
                prop_assert_eq!(app.reader.cursor.clone(), sel.moving_sentence(&open(&app).doc));
            }
        }
        // What the reader holds is what is on disk.
        app.writer.flush();
        if let Ok(text) = std::fs::read_to_string(ws.annotations().join(format!("{DOC0}.toml"))) {
            let file = store::from_toml(&text, std::path::Path::new("f")).unwrap();
            prop_assert_eq!(file.annotations, app.open_annotations().to_vec());
        }
    }
}
