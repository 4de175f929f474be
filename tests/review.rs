//! The review screen: an adjudicator settles two coders' disagreements (one coded a sentence and
//! the other did not, different tags, different extent) into a final coding of their own, key by
//! key, and every change is on disk as the adjudicator's annotations, the coders' untouched.

mod common;

use common::{Workspace, app_with, press};
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::documents::text::{CharIndex, canonicalize, content_hash};
use gloss::core::storage::store::{self, AnnotationFile};
use gloss::tui::state::{App, Mode, Settings};

const DOC0: &str = "000_073045cb8793dce5.txt";

/// Alice and Bob on the first four sentences: only Alice codes the first; both the second, with
/// different tags; both the third, Bob without its first word; both the fourth alike.
fn two_coders(ws: &Workspace) -> Vec<Annotation> {
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, span: std::ops::Range<usize>, tag: &str| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(&text, &index, span, vec![tag.into()], &stamp)
    };
    let third_cut = s[2].start + text[s[2].clone()].find(' ').unwrap() + 1;
    let anns = vec![
        by("alice", s[0].clone(), "accusation"),
        by("alice", s[1].clone(), "accusation"),
        by("bob", s[1].clone(), "denial"),
        by("alice", s[2].clone(), "statistic"),
        by("bob", third_cut..s[2].end, "statistic"),
        by("alice", s[3].clone(), "denial"),
        by("bob", s[3].clone(), "denial"),
    ];
    write_doc0(ws, &text, anns)
}

fn judge_app(ws: &Workspace) -> App {
    app_judged_by(ws, "judge")
}

/// The reader of the adjudicator judge, on the review screen (`F5`).
fn reviewing(ws: &Workspace) -> App {
    let mut app = judge_app(ws);
    press(&mut app, "F5");
    app
}

/// The reader with the configuration's adjudicator `name`.
fn app_judged_by(ws: &Workspace, name: &str) -> App {
    let settings = Settings {
        adjudicator: Some(name.into()),
        ..Settings::default()
    };
    app_with(&ws.corpus(), settings)
}

/// Adds to the first document an annotation of `coder` on its sentence `n`, made at `time`.
fn add(ws: &Workspace, coder: &str, n: usize, time: &str) {
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let mut file = store::load(&path).unwrap().unwrap();
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let span = gloss::core::documents::sentences::split(&text)[n].clone();
    let stamp = Stamp {
        annotator: coder.into(),
        time: time.into(),
    };
    let index = CharIndex::new(&text);
    let tags = vec!["denial".into()];
    file.annotations
        .push(Annotation::new(&text, &index, span, tags, &stamp));
    file.annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    std::fs::write(&path, store::to_toml(&file)).unwrap();
}

/// The file on disk: the judge's annotations as (start, end, tags), and whether the coders'
/// are as they were.
fn on_disk(app: &App, ws: &Workspace, coders: &[Annotation]) -> Vec<(usize, usize, Vec<String>)> {
    app.writer.flush();
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let toml = std::fs::read_to_string(&path).unwrap();
    let anns = store::load(&path).unwrap().unwrap().annotations;
    let (judge, others): (Vec<_>, Vec<_>) = anns.into_iter().partition(|a| a.annotator == "judge");
    assert_eq!(others, coders, "the coders' annotations stay as they were");
    for a in &judge {
        assert_eq!(a.modified_by, "judge");
        assert!(a.final_coding, "marked final: {a:?}");
        assert!(toml.contains(&format!("id = \"{}\"", a.id)), "{toml}");
    }
    assert_eq!(
        toml.matches("\nfinal = true\n").count(),
        judge.len(),
        "{toml}"
    );
    assert_eq!(
        toml.matches("annotator = \"judge\"").count(),
        judge.len(),
        "{toml}"
    );
    judge
        .into_iter()
        .map(|a| (a.start, a.end, a.tags))
        .collect()
}

fn tags(names: &[&str]) -> Vec<String> {
    names.iter().map(|t| t.to_string()).collect()
}

#[test]
fn accepting_merging_and_editing_write_the_adjudicators_final_coding() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let span = |i: usize| (coders[i].start, coders[i].end);
    let mut app = reviewing(&ws);
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
    assert!(on_disk(&app, &ws, &coders).is_empty());

    // The first disagreement: only Alice coded it. Her version, accepted.
    press(&mut app, "Enter");
    let (s0, e0) = span(0);
    assert_eq!(
        on_disk(&app, &ws, &coders),
        [(s0, e0, tags(&["accusation"]))]
    );

    // The second: different tags. Merged, the final coding has both.
    press(&mut app, "j m");
    let (s1, e1) = span(1);
    assert_eq!(
        on_disk(&app, &ws, &coders)[1],
        (s1, e1, tags(&["accusation", "denial"]))
    );

    // The third: different extent. Bob's version, then both merged: Alice's whole sentence.
    press(&mut app, "j l Enter");
    let bob = coders
        .iter()
        .find(|a| a.annotator == "bob" && a.has_tag("statistic"))
        .unwrap();
    let alice = coders
        .iter()
        .find(|a| a.annotator == "alice" && a.has_tag("statistic"))
        .unwrap();
    assert_ne!(bob.start, alice.start);
    assert_eq!(
        on_disk(&app, &ws, &coders)[2],
        (bob.start, bob.end, tags(&["statistic"]))
    );
    press(&mut app, "m");
    assert_eq!(
        on_disk(&app, &ws, &coders)[2],
        (alice.start, alice.end, tags(&["statistic"]))
    );
    // A tag key edits the final coding: adds a tag, and takes it off again.
    press(&mut app, "p");
    assert_eq!(
        on_disk(&app, &ws, &coders)[2].2,
        tags(&["statistic", "position/norm"])
    );
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "final coding: position/norm put on"
    );
    press(&mut app, "p");
    assert_eq!(on_disk(&app, &ws, &coders)[2].2, tags(&["statistic"]));

    // Back to the first, Bob's version chosen (he did not code it): no final coding there.
    press(&mut app, "k k l Enter");
    let judge = on_disk(&app, &ws, &coders);
    assert_eq!(judge.len(), 2);
    assert!(judge.iter().all(|(s, _, _)| *s != s0), "{judge:?}");
    // Undo brings Alice's version back, through the reader's history.
    press(&mut app, "u");
    assert_eq!(
        on_disk(&app, &ws, &coders)[0],
        (s0, e0, tags(&["accusation"]))
    );

    // The passage they agree on joins the final coding with A.
    press(&mut app, "A");
    let (s3, e3) = (coders[5].start, coders[5].end);
    let judge = on_disk(&app, &ws, &coders);
    assert_eq!(judge.len(), 4);
    assert_eq!(judge[3], (s3, e3, tags(&["denial"])));

    press(&mut app, "Esc");
    assert!(app.mode.is_normal(), "{:?}", app.mode);
}

#[test]
fn the_review_screen_shows_versions_and_agreement() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    let mut app = judge_app(&ws);
    press(&mut app, "F5 j");
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    insta::assert_snapshot!(screen);
}

/// Blind coding would hide what the review screen compares: F2 there says so and leaves it off.
#[test]
fn blind_coding_stays_off_in_the_review_screen_and_f2_says_why() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    let mut app = judge_app(&ws);
    press(&mut app, "F5 F2");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
    assert!(!app.coding.blind);
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert_eq!(
        status,
        "blind coding stays off in the review screen, which compares the coders' annotations: \
         close it first"
    );
}

#[test]
fn without_a_configured_adjudicator_the_screen_asks_for_one() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let mut app = common::app(&ws);
    press(&mut app, "F5");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    common::type_text(&mut app, "ada");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
    press(&mut app, "Enter");
    app.writer.flush();
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let anns = store::load(&path).unwrap().unwrap().annotations;
    assert_eq!(anns.len(), coders.len() + 1);
    assert_eq!(anns.iter().filter(|a| a.annotator == "ada").count(), 1);
}

/// Coders named who code nothing in the document are refused before the adjudicator is asked
/// for: the name given there would be saved for a review that cannot open.
#[test]
fn unknown_coders_are_refused_before_the_adjudicator_is_asked_for() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    let mut app = common::app(&ws);
    press(&mut app, ": r e v i e w Space x , y Enter");
    assert!(app.mode.is_normal(), "{:?}", app.mode);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "\"x\" has no annotation in this document; its coders are alice, bob"
    );
    assert_eq!(app.coding.adjudicator, None);
}

#[test]
fn a_review_needs_two_coders_and_an_adjudicator_who_is_not_one_of_them() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    let mut app = judge_app(&ws);
    let status = |app: &App| app.status.as_ref().unwrap().text.clone();
    press(&mut app, ": r e v i e w Space a l i c e , z e d Enter");
    assert!(app.mode.is_normal(), "{:?}", app.mode);
    assert_eq!(
        status(&app),
        "\"zed\" has no annotation in this document; its coders are alice, bob"
    );
    press(&mut app, ": r e v i e w Space a l i c e Enter");
    assert!(
        status(&app).starts_with("a review compares two coders or more"),
        "{}",
        status(&app)
    );
    press(&mut app, ": r e v i e w Space a l i c e , b o b Enter");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
}

/// `:coders` limits the document list's counts, the reading pane, the tag view and the export
/// dialog's default to a set of coders: here the final coding alone, then two coders.
#[test]
fn the_coders_chosen_limit_the_counts_the_tag_view_and_the_export() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    let mut app = judge_app(&ws);
    // A final coding of one passage: Alice's accusation on the first sentence.
    press(&mut app, "F5 Enter Esc");
    let screen = |app: &App| common::screen::text(&common::screen::draw(app, 120, 36));
    assert!(screen(&app).contains("8 tagged"), "{}", screen(&app));

    press(&mut app, ": c o d e r s Space j u d g e Enter");
    let limited = screen(&app);
    assert!(limited.contains("1 tagged"), "{limited}");
    assert!(limited.contains("CODERS judge"), "{limited}");
    // The tag view of accusations: the judge's one only.
    press(&mut app, "t a Enter");
    let view = app.tag_view().unwrap();
    assert_eq!(view.items.len(), 1);
    assert_eq!(view.items[0].1.annotator, "judge");
    press(&mut app, "Esc");
    // The export dialog offers the coders chosen first; the file holds the judge's only.
    press(&mut app, "e j j");
    let dialog = screen(&app);
    assert!(dialog.contains("Coders  ‹ judge ›"), "{dialog}");
    press(&mut app, "Enter");
    let Mode::Export(d) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let path = d.written.as_ref().unwrap().as_ref().unwrap();
    let json = std::fs::read_to_string(path).unwrap();
    assert!(json.contains("judge"), "{json}");
    assert!(!json.contains("alice") && !json.contains("bob"), "{json}");
    press(&mut app, "Esc");

    press(&mut app, ": c o d e r s Space a l i c e , b o b Enter");
    assert!(screen(&app).contains("7 tagged"));
    press(&mut app, ": c o d e r s Space z e d Enter");
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "no annotation by \"zed\" in this corpus: the coders are alice, bob, judge"
    );
    press(&mut app, ": c o d e r s Enter");
    assert!(screen(&app).contains("8 tagged"));
}

/// The name typed at the prompt may be no coder's: not the coder's own, not anyone's with an
/// annotation in the corpus (whose coding the final coding would overwrite). The name taken is
/// written into the configuration, so that it is asked once.
#[test]
fn the_adjudicator_named_at_the_prompt_is_no_coders_and_is_saved() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    add(&ws, "carol", 6, "2026-01-01T00:00:00Z");
    let config = ws.dir.path().join("config.toml");
    std::fs::write(&config, "# mine\nsidebar = true\n").unwrap();
    let settings = Settings {
        config_path: Some(config.clone()),
        ..Settings::default()
    };
    let mut app = app_with(&ws.corpus(), settings);
    let status = |app: &App| app.status.as_ref().unwrap().text.clone();
    let prompt_open = |app: &App| matches!(app.mode, Mode::Prompt(_));
    press(&mut app, "F5");
    common::type_text(&mut app, "carol");
    press(&mut app, "Enter");
    // Refused, the prompt stays, with why above it, and takes the next keys.
    assert!(prompt_open(&app), "{:?}", app.mode);
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(
        screen.contains("carol has annotations in this corpus: the final coding needs a name no coder uses (say \"carol-final\")"),
        "{screen}"
    );
    assert!(screen.contains("theirs: type another name (Esc: not now)\nadjudicator (whose final coding it is): carol"), "{screen}");
    press(&mut app, "C-u");
    common::type_text(&mut app, "tester");
    press(&mut app, "Enter");
    assert!(prompt_open(&app), "{:?}", app.mode);
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(
        screen.contains("adjudicator = \"tester\" is your own annotator name"),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# mine\nsidebar = true\n"
    );
    press(&mut app, "C-u");
    common::type_text(&mut app, "ada");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
    assert!(
        status(&app).starts_with(&format!("ada adjudicates (saved in {})", config.display())),
        "{}",
        status(&app)
    );
    let saved = gloss::core::user_state::config::Config::load(&config).unwrap();
    assert_eq!(saved.adjudicator.as_deref(), Some("ada"));
    assert!(saved.sidebar);
    // With a final coding of ada's, the saved name opens the review again.
    press(&mut app, "Enter Esc");
    let mut app = app_judged_by(&ws, "ada");
    press(&mut app, "F5");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.status);
}

/// The configuration's adjudicator may not be a coder either: the coder's own name, or one
/// whose annotations lie where no other coder coded.
#[test]
fn a_configured_adjudicator_who_codes_is_refused() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    add(&ws, "carol", 6, "2026-01-01T00:00:00Z");
    // The review does not open, and the status bar says why.
    let refused = |name: &str| {
        let mut app = app_judged_by(&ws, name);
        press(&mut app, "F5");
        assert!(app.mode.is_normal(), "{:?}", app.mode);
        app.status.unwrap().text
    };
    let why = refused("carol");
    assert!(
        why.starts_with("config.toml: adjudicator = \"carol\" codes in this corpus (“"),
        "{why}"
    );
    let why = refused("tester");
    assert!(
        why.starts_with("config.toml: adjudicator = \"tester\" is your own"),
        "{why}"
    );
    // The rule is the mark, not where the annotations lie: judge's final coding on text no
    // coder coded is no coding of judge's own, and an unmarked annotation of dan's on text the
    // coders coded is.
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let mut file = store::load(&path).unwrap().unwrap();
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let s = gloss::core::documents::sentences::split(&text);
    let index = CharIndex::new(&text);
    let by = |who: &str, n: usize| {
        let stamp = Stamp {
            annotator: who.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(&text, &index, s[n].clone(), vec!["denial".into()], &stamp)
    };
    let mut final_alone = by("judge", 9);
    final_alone.final_coding = true;
    file.annotations.push(final_alone);
    file.annotations.push(by("dan", 1));
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    let app = reviewing(&ws);
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.status);
    let why = refused("dan");
    assert!(
        why.starts_with("config.toml: adjudicator = \"dan\" codes in this corpus (“"),
        "{why}"
    );
    file.annotations
        .retain(|a| a.annotator != "judge" && a.annotator != "dan");
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    // Nothing of carol's was touched.
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let anns = store::load(&path).unwrap().unwrap().annotations;
    assert_eq!(anns.len(), coders.len() + 1);
}

/// The version chosen on one passage is not carried to the next: each starts on the first coder
/// who coded it, so that `Enter` there never takes "did not code it" unasked.
#[test]
fn each_passage_starts_on_a_version_that_coded_it() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let mut app = judge_app(&ws);
    // Bob's version on the second passage, then back to the first, which only Alice coded.
    press(&mut app, "F5 j l k");
    let Mode::Review(review) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(review.version, 0);
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("▸ alice"), "{screen}");
    press(&mut app, "Enter");
    assert_eq!(
        on_disk(&app, &ws, &coders),
        [(coders[0].start, coders[0].end, tags(&["accusation"]))]
    );
}

/// The final coding's extent, one word at a time at either end, through the writer and undo.
#[test]
fn the_final_codings_extent_grows_and_shrinks_by_words() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let alice = coders
        .iter()
        .find(|a| a.annotator == "alice" && a.has_tag("statistic"))
        .unwrap();
    let mut app = judge_app(&ws);
    let status = |app: &App| app.status.as_ref().unwrap().text.clone();
    press(&mut app, "F5 H");
    assert_eq!(
        status(&app),
        "no final coding here to change: accept a version, merge them, or press a tag key"
    );
    assert!(on_disk(&app, &ws, &coders).is_empty());
    // The third passage: Alice's whole sentence, Bob's without its first word.
    press(&mut app, "j j Enter");
    let extent = |app: &App| {
        let judge = on_disk(app, &ws, &coders);
        assert_eq!(judge.len(), 1, "{judge:?}");
        (judge[0].0, judge[0].1)
    };
    assert_eq!(extent(&app), (alice.start, alice.end));
    // "PUBLISHED : Thursday, …": a word later is past the colon, which is no word.
    press(&mut app, "L");
    let later = alice.start + "PUBLISHED : ".chars().count();
    assert_eq!(extent(&app), (later, alice.end));
    assert_eq!(status(&app), "final coding: its start one word later");
    press(&mut app, "H");
    assert_eq!(extent(&app), (alice.start, alice.end));
    press(&mut app, "<");
    let (_, shorter) = extent(&app);
    assert!(shorter < alice.end, "{shorter}");
    press(&mut app, ">");
    assert_eq!(extent(&app), (alice.start, alice.end));
    press(&mut app, "L u");
    assert_eq!(extent(&app), (alice.start, alice.end));
    press(&mut app, "C-r");
    assert_eq!(extent(&app), (later, alice.end));
}

/// A final coding grown past its passage's end would reach the next passage, which would then
/// look settled (and `A` would pass it by): the end stops short of it.
#[test]
fn the_final_coding_does_not_grow_into_the_next_passage() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let next = coders
        .iter()
        .find(|a| a.annotator == "alice" && a.has_tag("denial") && a.start > coders[3].start)
        .unwrap();
    let mut app = judge_app(&ws);
    press(&mut app, "F5 j j Enter");
    press(&mut app, &["> "; 12].concat());
    let judge = on_disk(&app, &ws, &coders);
    assert_eq!(judge.len(), 1, "{judge:?}");
    assert!(judge[0].1 <= next.start, "{judge:?} reaches {}", next.start);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "the final coding may not leave its passage or reach into the next"
    );
    // The agreed passage after it is still outside the final coding, and A takes it in.
    press(&mut app, "A");
    let judge = on_disk(&app, &ws, &coders);
    assert_eq!(judge.len(), 2, "{judge:?}");
    assert_eq!((judge[1].0, judge[1].1), (next.start, next.end));
}

/// Accepting the version of a coder who did not code a passage leaves no annotation: the
/// decision is kept in the corpus's progress file, so the passage is settled, after a restart
/// too, until another version is taken.
#[test]
fn settling_a_passage_as_coded_by_nothing_is_kept() {
    let ws = Workspace::new(false);
    let coders = two_coders(&ws);
    let mut app = judge_app(&ws);
    let progress = ws.annotations().join(".progress.toml");
    press(&mut app, "F5 l Enter");
    assert!(on_disk(&app, &ws, &coders).is_empty());
    let kept = std::fs::read_to_string(&progress).unwrap();
    assert!(
        kept.contains(&format!(
            "[[nothing-coded.\"{DOC0}\"]]\nstart = {}\nend = {}\nby = \"judge\"\n",
            coders[0].start, coders[0].end
        )),
        "{kept}"
    );
    let screen = |app: &App| common::screen::text(&common::screen::draw(app, 120, 36));
    assert!(screen(&app).contains("▸✓ only alice"), "{}", screen(&app));
    assert!(screen(&app).contains("3 disagreements · 1 settled"));
    assert!(screen(&app).contains("— none: settled as coded by nothing"));
    drop(app);
    let mut app = reviewing(&ws);
    assert!(screen(&app).contains("▸✓ only alice"), "{}", screen(&app));
    // Alice's version taken after all: the record goes.
    press(&mut app, "Enter");
    assert_eq!(on_disk(&app, &ws, &coders).len(), 1);
    let kept = std::fs::read_to_string(&progress).unwrap();
    assert!(!kept.contains("[[nothing-coded"), "{kept}");
}

/// With three coders, a passage settled before the third coded it is settled no more, and so
/// is one settled as coded by nothing: the adjudicator must look again. The judge works at
/// 2026-01-02T03:04:05Z, the reader's clock in the tests, and Carol codes a day later: a
/// clock behind the coders' still settles.
#[test]
fn a_passage_coded_after_it_was_settled_is_unsettled() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    add(&ws, "carol", 3, "2026-01-01T00:00:00Z");
    let review = |app: &mut App| {
        press(app, ":");
        common::type_text(app, "review alice,bob,carol");
        press(app, "Enter");
    };
    let screen = |app: &App| common::screen::text(&common::screen::draw(app, 120, 36));
    let mut app = judge_app(&ws);
    review(&mut app);
    // Alice's versions of the first two, Carol's "did not code it" of the third.
    press(&mut app, "Enter j Enter j l l Enter");
    assert!(
        screen(&app).contains("3 disagreements · 3 settled"),
        "{}",
        screen(&app)
    );
    app.writer.flush();
    drop(app);
    // Carol codes the second and third sentences afterwards.
    add(&ws, "carol", 1, "2026-01-03T00:00:00Z");
    add(&ws, "carol", 2, "2026-01-03T00:00:00Z");
    let mut app = judge_app(&ws);
    review(&mut app);
    // Only the first passage, which Carol still has not coded, keeps its ✓.
    let rows = |app: &App| -> Vec<String> {
        screen(app)
            .lines()
            .filter(|l| l.contains("only alice") || l.contains("differ"))
            .map(|l| {
                l.chars()
                    .skip(1)
                    .take(17)
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        rows(&app),
        ["▸✓ only alice", "   tags differ", "   extent differs"],
        "{}",
        screen(&app)
    );
    assert!(
        screen(&app).contains("3 disagreements · 1 settled"),
        "{}",
        screen(&app)
    );
    press(&mut app, "j");
    assert!(
        screen(&app).contains("made before a coder's last change here: settle it again"),
        "{}",
        screen(&app)
    );
    press(&mut app, "Enter");
    assert!(
        screen(&app).contains("3 disagreements · 2 settled"),
        "{}",
        screen(&app)
    );
    assert_eq!(rows(&app)[1], "▸✓ tags differ", "{}", screen(&app));
}

/// At 80×24 the review screen shows its keys, scrolls a passage too long for it (three coders'
/// versions and a merged final coding), and F1 shows its keys in the help, which closes back to
/// the review.
#[test]
fn the_review_screen_at_80_by_24_has_keys_scrolling_and_help() {
    let ws = Workspace::new(false);
    two_coders(&ws);
    add(&ws, "carol", 1, "2026-01-01T00:00:00Z");
    let mut app = judge_app(&ws);
    app.resize(80, 24);
    let screen = |app: &App| common::screen::text(&common::screen::draw(app, 80, 24));
    press(&mut app, ":");
    common::type_text(&mut app, "review alice,bob,carol");
    press(&mut app, "Enter j m");
    insta::assert_snapshot!("review_80x24", screen(&app));
    press(&mut app, "PageDown");
    insta::assert_snapshot!("review_80x24_scrolled", screen(&app));
    press(&mut app, "PageUp F1");
    insta::assert_snapshot!("review_80x24_help", screen(&app));
    press(&mut app, "Esc");
    assert!(matches!(app.mode, Mode::Review(_)), "{:?}", app.mode);
    assert!(!screen(&app).contains("Keys"));
}

/// Alice and Bob with field values and links, on the first three sentences: only Alice codes the
/// first (a speaker and role, two links); both the second alike but for its speaker, each with a
/// link; both the third alike, fields and link too. The links point at Alice's fourth sentence,
/// which Bob codes alike.
fn coders_with_fields(ws: &Workspace) -> Vec<Annotation> {
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, n: usize, fields: &[(&str, &str)], links: &[(&str, &str)]| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut a = Annotation::new(&text, &index, s[n].clone(), vec!["denial".into()], &stamp);
        a.fields = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        a.links = links
            .iter()
            .map(|(kind, to)| gloss::core::links::Link {
                kind: kind.to_string(),
                to: to.to_string(),
                extra: Vec::new(),
            })
            .collect();
        a
    };
    let target = by("alice", 3, &[], &[]);
    let to = target.id.clone();
    let zhou = [("role", "foreign ministry"), ("speaker", "Long Zhou")];
    let anns = vec![
        by(
            "alice",
            0,
            &zhou,
            &[("denies", to.as_str()), ("responds to", to.as_str())],
        ),
        by("alice", 1, &zhou, &[("denies", to.as_str())]),
        by(
            "bob",
            1,
            &[("speaker", "Somebody")],
            &[("responds to", to.as_str())],
        ),
        by("alice", 2, &zhou, &[("denies", to.as_str())]),
        by("bob", 2, &zhou, &[("denies", to.as_str())]),
        target,
        by("bob", 3, &[], &[]),
    ];
    write_doc0(ws, &text, anns)
}

/// The judge's `[[annotation]]` tables in the file on disk, as written, in the file's order.
fn judges_tables(app: &App, ws: &Workspace) -> Vec<String> {
    app.writer.flush();
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let toml = std::fs::read_to_string(&path).unwrap();
    toml.split("[[annotation]]\n")
        .filter(|t| t.contains("annotator = \"judge\""))
        .map(str::to_owned)
        .collect()
}

/// The final coding is a copy of what the coders coded, field values and links too; versions
/// that differ only in a field value (another speaker) are a disagreement.
#[test]
fn the_final_coding_keeps_fields_and_links_and_fields_can_differ() {
    let ws = Workspace::new(false);
    let coders = coders_with_fields(&ws);
    // The target every link points to (not any annotation without fields: there are several).
    let to = &coders.iter().find_map(|a| a.links.first()).unwrap().to;
    let denies = format!("[[annotation.links]]\ntype = \"denies\"\nto = \"{to}\"\n");
    let responds = format!("[[annotation.links]]\ntype = \"responds to\"\nto = \"{to}\"\n");
    let zhou = "[annotation.fields]\nrole = \"foreign ministry\"\nspeaker = \"Long Zhou\"\n";
    let mut app = reviewing(&ws);
    // Only Alice's first sentence, and the second's other speaker, are disagreements.
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "2 disagreements between alice and bob; the final coding is judge's"
    );

    // Alice's version accepted: her fields and both links.
    press(&mut app, "Enter");
    let judge = judges_tables(&app, &ws);
    assert_eq!(judge.len(), 1, "{judge:?}");
    assert!(judge[0].contains(zhou), "{}", judge[0]);
    assert!(judge[0].contains(&denies), "{}", judge[0]);
    assert!(judge[0].contains(&responds), "{}", judge[0]);

    // The second: the same tags, another speaker.
    press(&mut app, "j");
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("fields differ"), "{screen}");
    assert!(screen.contains("speaker: Somebody"), "{screen}");
    assert!(screen.contains("speaker: Long Zhou"), "{screen}");
    // Bob's version accepted: his speaker, his link, no role.
    press(&mut app, "l Enter");
    let judge = judges_tables(&app, &ws);
    assert_eq!(judge.len(), 2, "{judge:?}");
    assert!(
        judge[1].contains("[annotation.fields]\nspeaker = \"Somebody\"\n"),
        "{}",
        judge[1]
    );
    assert!(!judge[1].contains("role ="), "{}", judge[1]);
    assert!(judge[1].contains(&responds) && !judge[1].contains(&denies));
    // Merged with Bob's version chosen: his speaker, Alice's role (he gives none), both links.
    press(&mut app, "m");
    let judge = judges_tables(&app, &ws);
    assert_eq!(judge.len(), 2, "{judge:?}");
    let merged = &judge[1];
    assert!(
        merged
            .contains("[annotation.fields]\nrole = \"foreign ministry\"\nspeaker = \"Somebody\"\n"),
        "{merged}"
    );
    assert!(
        merged.contains(&denies) && merged.contains(&responds),
        "{merged}"
    );
    // With Alice's chosen, hers.
    press(&mut app, "h m");
    let judge = judges_tables(&app, &ws);
    assert!(judge[1].contains(zhou), "{}", judge[1]);

    // The agreed passages taken in: fields and link copied. The target is in the final coding
    // now, so every final link to Alice's target points at its final copy instead.
    press(&mut app, "A");
    let judge = judges_tables(&app, &ws);
    assert_eq!(judge.len(), 4, "{judge:?}");
    assert!(judge[2].contains(zhou), "{}", judge[2]);
    assert!(!judge[3].contains("[annotation.fields]"), "{}", judge[3]);
    assert!(!judge[3].contains("[[annotation.links]]"), "{}", judge[3]);
    let target = coders.iter().find(|a| a.id == *to).unwrap();
    let copy = app.corpus.entries[0]
        .annotations
        .iter()
        .find(|a| a.annotator == "judge" && a.start == target.start)
        .unwrap();
    let denies = format!(
        "[[annotation.links]]\ntype = \"denies\"\nto = \"{}\"\n",
        copy.id
    );
    assert!(judge[2].contains(&denies), "{}", judge[2]);
    assert!(judge[0].contains(&denies), "{}", judge[0]);
    assert!(!judge.iter().any(|t| t.contains(to.as_str())), "{judge:?}");
}

/// Alice and Bob code the second sentence alike, each linking it to their own annotation of the
/// fourth (which they code alike), Alice as `denies`, Bob as `responds to`.
fn coders_with_links(ws: &Workspace) -> Vec<Annotation> {
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, n: usize| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(&text, &index, s[n].clone(), vec!["denial".into()], &stamp)
    };
    let link = |kind: &str, to: &Annotation| gloss::core::links::Link {
        kind: kind.into(),
        to: to.id.clone(),
        extra: Vec::new(),
    };
    let (alices, bobs) = (by("alice", 3), by("bob", 3));
    let mut alice = by("alice", 1);
    alice.links = vec![link("denies", &alices)];
    let mut bob = by("bob", 1);
    bob.links = vec![link("responds to", &bobs)];
    write_doc0(ws, &text, vec![alice, bob, alices, bobs])
}

/// Versions alike but for their links are a disagreement, each link shown with its target.
#[test]
fn versions_that_differ_only_in_links_are_a_disagreement() {
    let ws = Workspace::new(false);
    coders_with_links(&ws);
    let mut app = reviewing(&ws);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "1 disagreement between alice and bob; the final coding is judge's"
    );
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("links differ"), "{screen}");
    assert!(screen.contains("→ denies “"), "{screen}");
    assert!(screen.contains("→ responds to “"), "{screen}");
    press(&mut app, "l Enter");
    let judge = judges_tables(&app, &ws);
    assert_eq!(judge.len(), 1, "{judge:?}");
    assert!(judge[0].contains("type = \"responds to\""), "{}", judge[0]);
}

/// Accepting a coder's claim takes their source span of it along, linked to the final claim,
/// so that the final coding's thread names its speaker as the coder's did.
#[test]
fn the_final_codings_thread_keeps_the_claims_source() {
    let ws = Workspace::new(false);
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, span: std::ops::Range<usize>, tags: &[&str]| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| t.to_string()).collect();
        Annotation::new(&text, &index, span, tags, &stamp)
    };
    let claim = by("alice", s[1].clone(), &["denial"]);
    let first_word = s[0].start..s[0].start + text[s[0].clone()].find(' ').unwrap();
    let mut source = by("alice", first_word, &[]);
    source.links = vec![gloss::core::links::Link {
        kind: "source of".into(),
        to: claim.id.clone(),
        extra: Vec::new(),
    }];
    let quote = source.quote.clone();
    write_doc0(
        &ws,
        &text,
        vec![claim, source, by("bob", s[1].clone(), &["accusation"])],
    );
    let mut app = judge_app(&ws);
    press(&mut app, "F5 Enter");
    app.writer.flush();
    let judged: Vec<&Annotation> = app.corpus.entries[0]
        .annotations
        .iter()
        .filter(|a| a.annotator == "judge")
        .collect();
    assert_eq!(judged.len(), 2, "{judged:?}");
    let final_claim = judged.iter().find(|a| !a.tags.is_empty()).unwrap();
    let (sources, links) = gloss::core::queries::thread::of_corpus(&app.corpus);
    let rows =
        gloss::core::queries::thread::thread(&sources, &links, &app.corpus.tags, &final_claim.id);
    // A source span names the speaker rather than making a row.
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].speaker.as_deref(), Some(quote.as_str()), "{rows:?}");
    let tables = judges_tables(&app, &ws);
    assert!(
        tables.iter().any(|t| t.contains(&format!(
            "type = \"source of\"\nto = \"{}\"",
            final_claim.id
        ))),
        "{tables:?}"
    );
    let source_of_claim = format!("type = \"source of\"\nto = \"{}\"", final_claim.id);
    // Bob's version instead, which has no source: Alice's source goes with her claim.
    press(&mut app, "l Enter");
    let tables = judges_tables(&app, &ws);
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert!(tables[0].contains("\"accusation\""), "{tables:?}");
    assert!(!tables[0].contains("[[annotation.links]]"), "{tables:?}");
    // Undone, Alice's claim and its source are back, linked as before.
    press(&mut app, "u");
    let tables = judges_tables(&app, &ws);
    assert_eq!(tables.len(), 2, "{tables:?}");
    assert!(
        tables.iter().any(|t| t.contains(&source_of_claim)),
        "{tables:?}"
    );
}

/// Writes `anns`, in file order, as the annotation file of `DOC0` (whose canonical text is
/// `text`), and returns them in that order.
fn write_doc0(ws: &Workspace, text: &str, mut anns: Vec<Annotation>) -> Vec<Annotation> {
    anns.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let path = store::annotation_path(&ws.annotations(), DOC0);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = AnnotationFile {
        document: DOC0.into(),
        content_hash: content_hash(text),
        annotations: anns.clone(),
        extra: Vec::new(),
    };
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    anns
}

/// Alice and Bob code the first sentence with different tags, and the second alike, each
/// linking it (`responds to`) to their own annotation of the first: the same link to the same
/// words, though to different annotations, so the second passage is agreed.
fn coders_linking_into_a_disagreement(ws: &Workspace) -> Vec<Annotation> {
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, n: usize, tag: &str| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(&text, &index, s[n].clone(), vec![tag.into()], &stamp)
    };
    let link = |to: &Annotation| gloss::core::links::Link {
        kind: "responds to".into(),
        to: to.id.clone(),
        extra: Vec::new(),
    };
    let (alices, bobs) = (by("alice", 0, "accusation"), by("bob", 0, "denial"));
    let mut alice = by("alice", 1, "denial");
    alice.links = vec![link(&alices)];
    let mut bob = by("bob", 1, "denial");
    bob.links = vec![link(&bobs)];
    write_doc0(ws, &text, vec![alices, bobs, alice, bob])
}

/// The targets of the links of the judge's annotation on sentence `n`'s start (`start`).
fn final_link_targets(app: &App, start: usize) -> Vec<String> {
    app.writer.flush();
    let judge = app.corpus.entries[0]
        .annotations
        .iter()
        .find(|a| a.annotator == "judge" && a.start == start && !a.tags.is_empty())
        .unwrap();
    judge.links.iter().map(|l| l.to.clone()).collect()
}

/// The id of the judge's tagged annotation starting at `start`.
fn final_at(app: &App, start: usize) -> String {
    app.corpus.entries[0]
        .annotations
        .iter()
        .find(|a| a.annotator == "judge" && a.start == start && !a.tags.is_empty())
        .map(|a| a.id.clone())
        .unwrap()
}

/// A final claim taken in while what it links to is still a disagreement links to the
/// coder's annotation; once that passage is settled the link points at the final annotation
/// there, and when it is settled again another way, at the one that replaced it. Nothing of
/// the final coding ever links to a coder's annotation of a settled passage, or to nothing.
#[test]
fn links_into_a_passage_point_at_its_final_coding_once_it_is_settled() {
    let ws = Workspace::new(false);
    let coders = coders_linking_into_a_disagreement(&ws);
    let first = coders
        .iter()
        .find(|a| a.annotator == "alice" && !a.links.is_empty());
    let (alices_first, second) = (first.unwrap().links[0].to.clone(), first.unwrap().start);
    let first_start = coders[0].start;
    let mut app = reviewing(&ws);
    // The second sentence's links go to the same words: no disagreement there.
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "1 disagreement between alice and bob; the final coding is judge's"
    );
    // The agreed second sentence taken in (Alice's version): its link still goes to Alice's
    // annotation of the first, which nothing of the final coding covers yet.
    press(&mut app, "A");
    assert_eq!(final_link_targets(&app, second), [alices_first.as_str()]);
    // Bob's version of the first settles it: the link follows to the final copy of his.
    press(&mut app, "l Enter");
    let bobs_copy = final_at(&app, first_start);
    assert_eq!(final_link_targets(&app, second), [bobs_copy.as_str()]);
    // Alice's version instead: the link goes to what replaced Bob's copy.
    press(&mut app, "h Enter");
    let alices_copy = final_at(&app, first_start);
    assert_ne!(alices_copy, bobs_copy);
    assert_eq!(final_link_targets(&app, second), [alices_copy.as_str()]);
    // And on disk, so after a restart too.
    let tables = judges_tables(&app, &ws);
    assert_eq!(tables.len(), 2, "{tables:?}");
    let to_copy = format!("type = \"responds to\"\nto = \"{alices_copy}\"");
    assert!(tables.iter().any(|t| t.contains(&to_copy)), "{tables:?}");
    for coder in &coders {
        assert!(!tables.iter().any(|t| t.contains(&coder.id)), "{tables:?}");
    }
}

/// The other order: a passage settled first, a claim linking into it taken in afterwards
/// links to its final coding at once.
#[test]
fn a_claim_taken_in_after_what_it_links_to_was_settled_links_to_the_final_coding() {
    let ws = Workspace::new(false);
    let coders = coders_linking_into_a_disagreement(&ws);
    let second = coders.iter().find(|a| !a.links.is_empty()).unwrap().start;
    let first_start = coders[0].start;
    let mut app = judge_app(&ws);
    press(&mut app, "F5 l Enter A");
    let bobs_copy = final_at(&app, first_start);
    assert_eq!(final_link_targets(&app, second), [bobs_copy]);
}

/// Links to different words are a disagreement even when the links are of the same type.
#[test]
fn links_of_one_type_to_different_words_are_a_disagreement() {
    let ws = Workspace::new(false);
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let s = gloss::core::documents::sentences::split(&text);
    let by = |coder: &str, n: usize| {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(&text, &index, s[n].clone(), vec!["denial".into()], &stamp)
    };
    let link = |to: &Annotation| gloss::core::links::Link {
        kind: "responds to".into(),
        to: to.id.clone(),
        extra: Vec::new(),
    };
    let anns = [by("alice", 0), by("bob", 0), by("alice", 2), by("bob", 2)];
    let mut alice = by("alice", 1);
    alice.links = vec![link(&anns[0])];
    let mut bob = by("bob", 1);
    bob.links = vec![link(&anns[3])];
    let mut all = anns.to_vec();
    all.extend([alice, bob]);
    write_doc0(&ws, &text, all);
    let app = reviewing(&ws);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "1 disagreement between alice and bob; the final coding is judge's"
    );
    let screen = common::screen::text(&common::screen::draw(&app, 120, 36));
    assert!(screen.contains("links differ"), "{screen}");
}
