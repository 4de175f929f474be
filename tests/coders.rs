//! Several coders in one corpus: a coder's tag keys act on their own annotations only, so that
//! two coders who code the same span each keep their own annotation.

mod common;

use common::{Workspace, app, press};
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::documents::text::{CharIndex, canonicalize, content_hash};
use gloss::core::storage::store::{self, AnnotationFile};
use gloss::tui::state::{Mode, Pick};

const DOC0: &str = "000_073045cb8793dce5.txt";

#[test]
fn a_tag_key_on_another_coders_span_makes_an_annotation_of_ones_own() {
    let ws = Workspace::new(false);
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let first = gloss::core::documents::sentences::split(&text)[0].clone();
    let stamp = Stamp {
        annotator: "bob".into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    let bobs = Annotation::new(
        &text,
        &CharIndex::new(&text),
        first,
        vec!["accusation".into()],
        &stamp,
    );
    let path = store::annotation_path(&ws.annotations(), DOC0);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = AnnotationFile {
        document: DOC0.into(),
        content_hash: content_hash(&text),
        annotations: vec![bobs.clone()],
        extra: Vec::new(),
    };
    std::fs::write(&path, store::to_toml(&file)).unwrap();

    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter");
    let stored = |app: &gloss::tui::state::App| {
        app.writer.flush();
        store::load(&path).unwrap().unwrap().annotations
    };
    // "tester" tags bob's sentence with bob's tag, then with another: a new annotation of
    // tester's own takes both, and bob's stays as it was.
    press(&mut app, "a r");
    let after = stored(&app);
    assert_eq!(after.len(), 2, "{after:#?}");
    assert!(after.contains(&bobs));
    let mine = after.iter().find(|a| a.annotator == "tester").unwrap();
    assert_eq!(mine.tags, ["accusation", "denial"]);
    assert_eq!((mine.start, mine.end), (bobs.start, bobs.end));
    // Taking the tags off again removes tester's annotation, never bob's tag.
    press(&mut app, "a r");
    assert_eq!(stored(&app), [bobs]);
}

/// The shipped corpus and annotations (gloss-example's), read as "tester", and the first
/// document's annotation file.
fn shipped() -> (Workspace, std::path::PathBuf, gloss::tui::state::App) {
    let ws = Workspace::new(true);
    let path = store::annotation_path(&ws.annotations(), DOC0);
    let app = app(&ws);
    (ws, path, app)
}

/// The annotations in the file at `path` once the reader's saves are written.
fn stored(app: &gloss::tui::state::App, path: &std::path::Path) -> Vec<Annotation> {
    app.writer.flush();
    store::load(path).unwrap().unwrap().annotations
}

/// On a sentence both coders annotated, `d` deletes the coder's own annotation; where only
/// another coder's is, `d` leaves it and says whose it is, even after a jump made it current.
#[test]
fn d_deletes_only_the_coders_own_annotations() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    let examples = stored(&app);
    let status = |app: &gloss::tui::state::App| app.status.as_ref().unwrap().text.clone();
    // The seventh sentence carries the shipped example's accusation (gloss-example's).
    press(&mut app, "S-Tab g Enter j j j j j j s Esc d");
    let after = stored(&app);
    assert_eq!(after, examples, "{after:#?}");
    assert!(
        status(&app).starts_with("deleted the annotation"),
        "{}",
        status(&app)
    );
    press(&mut app, "d");
    assert_eq!(stored(&app), examples);
    assert!(
        status(&app).starts_with("gloss-example's annotation on “")
            && status(&app).ends_with("stays theirs: you delete only your own"),
        "{}",
        status(&app)
    );
    // Made current by a jump, or selected in the sidebar, it stays too.
    press(&mut app, "g ] d");
    assert_eq!(stored(&app), examples);
    press(&mut app, "Tab d");
    assert_eq!(stored(&app), examples);
    assert!(status(&app).contains("stays theirs"), "{}", status(&app));
}

/// After a jump made another coder's annotation current, `d` leaves it, and leaves the coder's
/// own annotation of the same text too, which the coder did not point at; `Esc` then `d`
/// deletes the coder's own.
#[test]
fn d_on_another_coders_annotation_made_current_deletes_nothing_though_one_s_own_is_there() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    press(&mut app, "S-Tab g Enter j j j j j j r");
    let with_mine = stored(&app);
    let mine = with_mine
        .iter()
        .find(|a| a.annotator == "tester")
        .unwrap()
        .clone();
    let theirs = with_mine
        .iter()
        .find(|a| a.annotator != "tester" && a.start == mine.start && a.end == mine.end)
        .expect("gloss-example's annotation of the same sentence")
        .clone();
    press(&mut app, "g ]");
    for _ in 0..3 {
        if matches!(&app.reader.pick, Pick::Annotation { id, .. } if *id == theirs.id) {
            break;
        }
        press(&mut app, "]");
    }
    assert!(
        matches!(&app.reader.pick, Pick::Annotation { id, .. } if *id == theirs.id),
        "{:?}",
        app.reader.pick
    );
    press(&mut app, "d");
    assert_eq!(stored(&app), with_mine);
    let said = &app.status.as_ref().unwrap().text;
    assert!(
        said.starts_with("gloss-example's annotation on “")
            && said.ends_with(
                "stays theirs: you delete only your own (yours on the same text: Esc, then d)"
            ),
        "{said}"
    );
    press(&mut app, "Esc d");
    let after = stored(&app);
    assert!(
        !after.contains(&mine) && after.contains(&theirs),
        "{after:#?}"
    );
}

/// `A` in the sidebar moves only the coder's own annotation: another coder's stays where they
/// put it, and the status bar says why.
#[test]
fn a_attaches_only_the_coders_own_annotations() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    let examples = stored(&app);
    // gloss-example's first annotation selected in the sidebar, the cursor on another sentence.
    press(&mut app, "S-Tab g Enter j Tab g A");
    assert_eq!(stored(&app), examples);
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(
        status.starts_with("gloss-example's annotation on “")
            && status.ends_with("stays where they put it: you attach only your own"),
        "{status}"
    );
}

/// `n` where only another coder's annotation is writes a note on an annotation of the coder's
/// own, on the same text, and leaves theirs (and its note) as it is.
#[test]
fn n_on_another_coders_annotation_notes_on_ones_own() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    let examples = stored(&app);
    press(&mut app, "S-Tab g Enter j j j j j j n");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("gloss-example's note stays theirs"),
        "{:?}",
        app.status
    );
    common::type_text(&mut app, "mine");
    press(&mut app, "C-s");
    let after = stored(&app);
    assert_eq!(after.len(), examples.len() + 1, "{after:#?}");
    for a in &examples {
        assert!(after.contains(a), "{a:#?} changed");
    }
    let mine = after.iter().find(|a| a.annotator == "tester").unwrap();
    assert_eq!(mine.note, "mine");
    assert!(mine.tags.is_empty());
    let theirs = examples.iter().find(|a| a.start == mine.start).unwrap();
    assert_eq!(theirs.end, mine.end, "on the same sentence");
    // `n` again edits the coder's own note now, not theirs, from the sentence or a jump.
    press(&mut app, "Esc n");
    let Mode::Note(edit) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(edit.id.as_ref(), Some(&mine.id));
    // Jumps from the top until theirs is current: the two on one sentence come in the order of
    // their random ids.
    press(&mut app, "Esc g ]");
    for _ in 0..3 {
        if matches!(&app.reader.pick, Pick::Annotation { id, .. } if *id == theirs.id) {
            break;
        }
        press(&mut app, "]");
    }
    let picked = &app.reader.pick;
    assert!(
        matches!(picked, Pick::Annotation { id, .. } if *id == theirs.id),
        "{picked:?}"
    );
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(edit.id.as_ref(), Some(&mine.id), "{:?}", app.status);
}

/// After a jump to another coder's annotation, the status bar says whose it is and that a tag
/// key goes on the coder's own annotation, which is what the key does.
#[test]
fn the_status_bar_says_a_tag_key_on_another_coders_annotation_goes_on_ones_own() {
    use common::screen::{draw, text};
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter ]");
    let screen = text(&draw(&app, 120, 36));
    let status = screen.lines().last().unwrap();
    assert!(
        status.starts_with("gloss-example's · a,3 — a tag key goes on your own"),
        "{status}"
    );
}

#[test]
fn an_export_can_be_limited_to_coders() {
    let ws = Workspace::new(false);
    let text = canonicalize(&std::fs::read(ws.corpus().join(DOC0)).unwrap()).unwrap();
    let index = CharIndex::new(&text);
    let sentences = gloss::core::documents::sentences::split(&text);
    let mut annotations: Vec<Annotation> = ["alice", "bob", "carol"]
        .iter()
        .enumerate()
        .map(|(i, coder)| {
            let stamp = Stamp {
                annotator: (*coder).into(),
                time: "2026-01-01T00:00:00Z".into(),
            };
            let tags = vec!["accusation".into()];
            Annotation::new(&text, &index, sentences[i].clone(), tags, &stamp)
        })
        .collect();
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let path = store::annotation_path(&ws.annotations(), DOC0);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = AnnotationFile {
        document: DOC0.into(),
        content_hash: content_hash(&text),
        annotations,
        extra: Vec::new(),
    };
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    let export = |coders: &str| {
        ws.gloss()
            .args(["export", "--format", "json", "--coder", coders])
            .arg(ws.corpus())
            .output()
            .unwrap()
    };
    let out = export("bob,carol");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(
        json.contains("\"bob\"") && json.contains("\"carol\""),
        "{json}"
    );
    assert!(!json.contains("alice"), "{json}");
    // Spelt as `gloss agree` spells it, too: an unknown coder is refused with the known ones.
    for flag in ["--coder", "--coders"] {
        let out = ws
            .gloss()
            .args(["export", "--format", "json", flag, "zed"])
            .arg(ws.corpus())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(out.stdout.is_empty(), "{flag}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "gloss: no annotation by \"zed\" in these documents: the coders are alice, bob, carol\n"
        );
    }
}

/// The screen of `app`, 120×36, as text.
fn screen(app: &gloss::tui::state::App) -> String {
    common::screen::text(&common::screen::draw(app, 120, 36))
}

#[test]
fn blind_coding_hides_everyone_else_s_annotations_until_turned_off() {
    // The shipped annotations are gloss-example's; the reader codes as "tester".
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter");
    let everyone = screen(&app);
    assert!(everyone.contains("3 tagged"), "{everyone}");
    assert!(!everyone.contains("BLIND"), "{everyone}");
    let sidebar_has_denial = |s: &str| s.contains("Annotations (3)");
    assert!(sidebar_has_denial(&everyone), "{everyone}");

    press(&mut app, "F2");
    let blind = screen(&app);
    assert!(blind.contains("BLIND"), "{blind}");
    assert!(
        !blind.contains("3 tagged") && blind.contains("0 tagged"),
        "{blind}"
    );
    assert!(
        !sidebar_has_denial(&blind) && blind.contains("Annotations (0)"),
        "{blind}"
    );
    // Nothing of gloss-example's is under the cursor or a jump away.
    press(&mut app, "]");
    assert!(app.annotation_here().is_none());
    // With nothing of tester's listed, the sidebar's delete key has nothing to delete.
    press(&mut app, "Tab d");
    assert!(screen(&app).contains("BLIND"), "the sidebar has focus");
    press(&mut app, "S-Tab");
    app.writer.flush();
    let path = store::annotation_path(&ws.annotations(), DOC0);
    assert_eq!(store::load(&path).unwrap().unwrap().annotations.len(), 3);
    // Tester's own annotation shows, and counts.
    press(&mut app, "a");
    let own = screen(&app);
    assert!(
        own.contains("1 tagged") && own.contains("Annotations (1)"),
        "{own}"
    );
    assert!(own.contains("BLIND"), "{own}");

    press(&mut app, "F2");
    let back = screen(&app);
    assert!(
        back.contains("4 tagged") && !back.contains("BLIND"),
        "{back}"
    );
    assert!(back.contains("Annotations (4)"), "{back}");
    // Hiding never touched the file: gloss-example's three and tester's one are on disk.
    app.writer.flush();
    assert_eq!(store::load(&path).unwrap().unwrap().annotations.len(), 4);
}

#[test]
fn blind_coding_can_start_on_from_the_configuration() {
    let ws = Workspace::new(true);
    let config =
        gloss::core::user_state::config::Config::parse("blind = true\n", "config.toml".as_ref())
            .unwrap();
    assert!(config.blind);
    let settings = gloss::tui::state::Settings {
        blind: config.blind,
        ..Default::default()
    };
    let app = common::app_with(&ws.corpus(), settings);
    let s = screen(&app);
    assert!(s.contains("BLIND") && s.contains("0 tagged"), "{s}");
}

/// With `:coders` showing someone else's annotations only, a tag key makes the coder's own
/// annotations show again, so that `n` then notes the annotation just made rather than a
/// second, unseen one.
#[test]
fn coding_while_coders_hides_ones_own_shows_them_again() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    let examples = stored(&app).len();
    press(
        &mut app,
        "S-Tab g Enter : c o d e r s Space g l o s s - e x a m p l e Enter",
    );
    press(&mut app, "a");
    let status = app.status.as_ref().unwrap().text.clone();
    assert_eq!(
        status,
        "tagged accusation; your own annotations are shown again, with gloss-example's"
    );
    let shown = screen(&app);
    assert!(shown.contains("CODERS gloss-example,tester"), "{shown}");
    assert!(
        shown.contains(&format!("Annotations ({})", examples + 1)),
        "{shown}"
    );
    press(&mut app, "n");
    common::type_text(&mut app, "why");
    press(&mut app, "C-s");
    let after = stored(&app);
    let mine: Vec<_> = after.iter().filter(|a| a.annotator == "tester").collect();
    assert_eq!(mine.len(), 1, "{after:#?}");
    assert_eq!(
        (mine[0].tags.as_slice(), mine[0].note.as_str()),
        (&["accusation".to_owned()][..], "why")
    );
    // A note first, with the coder's own hidden, is on a shown annotation too.
    press(
        &mut app,
        ": c o d e r s Space g l o s s - e x a m p l e Enter j n",
    );
    common::type_text(&mut app, "next");
    press(&mut app, "C-s a");
    let after = stored(&app);
    let mine: Vec<_> = after.iter().filter(|a| a.annotator == "tester").collect();
    assert_eq!(mine.len(), 2, "{after:#?}");
    assert!(
        mine.iter()
            .any(|a| a.note == "next" && a.tags == ["accusation"]),
        "{mine:#?}"
    );
}

/// With `:coders` hiding the coder's own annotations, a tag key their hidden annotation here
/// already has does not take it off unseen: it shows it and says so; the next press takes it
/// off.
#[test]
fn a_tag_key_never_takes_a_hidden_tag_off_unseen() {
    let (_ws, path, mut app) = shipped();
    let stored = |app: &gloss::tui::state::App| stored(app, &path);
    press(&mut app, "S-Tab g Enter a");
    let own = |app: &gloss::tui::state::App| {
        stored(app)
            .into_iter()
            .filter(|a| a.annotator == "tester")
            .map(|a| a.tags)
            .collect::<Vec<_>>()
    };
    assert_eq!(own(&app), [["accusation"]]);
    press(
        &mut app,
        ": c o d e r s Space g l o s s - e x a m p l e Enter a",
    );
    assert_eq!(own(&app), [["accusation"]], "kept");
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "your own annotation here already has accusation, out of sight until now: your own annotations are shown again, with gloss-example's; a again takes it off"
    );
    assert!(screen(&app).contains("CODERS gloss-example,tester"));
    press(&mut app, "a");
    assert!(own(&app).is_empty());
}

/// `:coders mine` before the coder has made any annotation: nothing is shown yet, and what
/// they make shows.
#[test]
fn coders_mine_needs_no_annotation_yet() {
    let (_ws, path, mut app) = shipped();
    press(&mut app, "S-Tab g Enter : c o d e r s Space m i n e Enter");
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "only the annotations of tester are shown"
    );
    assert!(screen(&app).contains("Annotations (0)"), "{}", screen(&app));
    press(&mut app, "a");
    assert!(screen(&app).contains("Annotations (1)"), "{}", screen(&app));
    assert!(stored(&app, &path).iter().any(|a| a.annotator == "tester"));
}

/// Blind coding hides the other coders' annotations wherever the reader shows annotations, not
/// only in the reading pane: the tag view lists none of them, the export dialog offers the
/// coder's own only, and the review screen (which compares coders) does not open.
#[test]
fn blind_coding_hides_the_others_in_the_tag_view_the_export_and_the_review() {
    // The shipped annotations are gloss-example's; the reader codes as "tester".
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter");
    press(&mut app, "t a Enter");
    let everyone = screen(&app);
    assert!(everyone.contains("gloss-example"), "{everyone}");
    let listed = |app: &gloss::tui::state::App| match &app.mode {
        Mode::TagView(view) => view.shown.len(),
        _ => panic!("no tag view: {}", screen(app)),
    };
    assert!(listed(&app) > 0);
    press(&mut app, "Esc F2 t Enter");
    let blind = screen(&app);
    assert!(blind.contains("BLIND"), "{blind}");
    assert_eq!(listed(&app), 0, "{blind}");
    assert!(!blind.contains("gloss-example"), "{blind}");
    // The coder's own annotation is listed (the picker keeps the tags checked last).
    press(&mut app, "Esc a t Enter");
    assert_eq!(listed(&app), 1, "{}", screen(&app));
    assert!(screen(&app).contains("tester"), "{}", screen(&app));
    // The export writes the coder's own annotations only, whatever the arrows choose.
    press(&mut app, "Esc e");
    let Mode::Export(dialog) = &app.mode else {
        panic!("no export dialog: {}", screen(&app))
    };
    assert_eq!(dialog.coder_choices, [["tester".to_owned()]]);
    press(&mut app, "j j Right");
    let Mode::Export(dialog) = &app.mode else {
        panic!("no export dialog")
    };
    assert_eq!(dialog.coders(), ["tester"]);
    // The review screen would show the coders' versions side by side.
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());
    press(&mut app, "F5");
    assert!(app.mode.is_normal(), "{}", screen(&app));
    let refused = screen(&app);
    assert!(
        refused.contains("blind coding: the review screen compares the coders' annotations; F2 shows everyone's first"),
        "{refused}"
    );
    // Seen again once blind coding is off.
    press(&mut app, "F2 t Enter");
    assert!(listed(&app) > 1);
}

/// F2 works in the tag view and the export dialog as in the panes, and what they list follows:
/// the tag view lists the coder's own annotations only, the export offers the coder's own only;
/// F2 again brings everyone's back.
#[test]
fn blind_coding_turns_on_and_off_in_the_tag_view_and_the_export_dialog() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter t a Enter");
    let listed = |app: &gloss::tui::state::App| match &app.mode {
        Mode::TagView(view) => view.shown.len(),
        _ => panic!("no tag view: {}", screen(app)),
    };
    let everyone = listed(&app);
    assert!(everyone > 0);
    press(&mut app, "F2");
    assert_eq!(listed(&app), 0, "{}", screen(&app));
    assert!(screen(&app).contains("BLIND"), "{}", screen(&app));
    press(&mut app, "F2");
    assert_eq!(listed(&app), everyone, "{}", screen(&app));
    assert!(!screen(&app).contains("BLIND"), "{}", screen(&app));

    press(&mut app, "Esc e");
    let choices = |app: &gloss::tui::state::App| match &app.mode {
        Mode::Export(dialog) => dialog.coder_choices.clone(),
        _ => panic!("no export dialog: {}", screen(app)),
    };
    assert!(choices(&app).len() > 1, "{:?}", choices(&app));
    press(&mut app, "F2");
    assert_eq!(choices(&app), [["tester".to_owned()]]);
    assert!(screen(&app).contains("BLIND"), "{}", screen(&app));
    press(&mut app, "F2");
    assert!(choices(&app).len() > 1, "{:?}", choices(&app));
}
