//! Links between annotations made from the keyboard (`C-l` on the source, `C-l` on the target,
//! then the type's key), driven by keys through the real `App`, with the annotation files read
//! back from disk after each step, and the screens drawn on a `TestBackend`.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app, go_to, press};
use gloss::core::links::Link;
use gloss::core::storage::store;
use gloss::tui::state::{App, Mode};

const FIRST: &str = "000_073045cb8793dce5.txt";
const SECOND: &str = "001_bcba7e35c127046e.txt";

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The annotation file of `doc` as written, once the writer is done.
fn written(app: &mut App, ws: &Workspace, doc: &str) -> String {
    app.writer.flush();
    std::fs::read_to_string(ws.annotations().join(format!("{doc}.toml"))).unwrap_or_default()
}

/// The id of the annotation on the text starting with `quote` in `doc`'s file.
fn id_of(app: &mut App, ws: &Workspace, doc: &str, quote: &str) -> String {
    let text = written(app, ws, doc);
    let file = store::from_toml(&text, std::path::Path::new(doc)).unwrap();
    file.annotations
        .iter()
        .find(|a| a.quote.starts_with(quote))
        .unwrap_or_else(|| panic!("no annotation on {quote:?} in {text}"))
        .id
        .clone()
}

/// The links of the annotation on `quote` in `doc`'s file, as read back.
fn links_of(app: &mut App, ws: &Workspace, doc: &str, quote: &str) -> Vec<Link> {
    let text = written(app, ws, doc);
    let file = store::from_toml(&text, std::path::Path::new(doc)).unwrap();
    file.annotations
        .into_iter()
        .find(|a| a.quote.starts_with(quote))
        .map(|a| a.links)
        .unwrap_or_default()
}

const ACCUSATION: &str = "Cybersecurity has been a flashpoint";
const DENIAL: &str = "Beijing denies the claims";

/// The first document with its accusation tagged `a` and its denial tagged `r`, the denial
/// current.
fn tagged(ws: &Workspace) -> App {
    let mut app = app(ws);
    go_to(&mut app, ACCUSATION);
    press(&mut app, "a");
    go_to(&mut app, DENIAL);
    press(&mut app, "r");
    app
}

#[test]
fn a_denial_is_linked_to_the_accusation_it_answers_saved_undone_and_redone() {
    let ws = Workspace::new(false);
    let mut app = tagged(&ws);
    press(&mut app, "C-l");
    assert!(
        status(&app).starts_with("link from “Beijing denies the claims"),
        "{}",
        status(&app)
    );
    assert!(app.pending_link().is_some());
    press(&mut app, "g");
    go_to(&mut app, ACCUSATION);
    press(&mut app, "C-l");
    assert!(matches!(app.mode, Mode::LinkType(_)));
    insta::assert_snapshot!("link_type_picker", text(&draw(&app, 120, 36)));
    press(&mut app, "d");
    assert!(app.mode.is_normal());
    assert!(app.pending_link().is_none());
    let accusation = id_of(&mut app, &ws, FIRST, ACCUSATION);
    let file = written(&mut app, &ws, FIRST);
    assert!(
        file.contains(&format!(
            "modified = \"2026-01-02T03:04:05Z\"\n\n[[annotation.links]]\ntype = \"denies\"\nto = \"{accusation}\"\n"
        )),
        "{file}"
    );
    assert!(
        status(&app).starts_with("linked: “Beijing denies"),
        "{}",
        status(&app)
    );
    assert_eq!(
        links_of(&mut app, &ws, FIRST, ACCUSATION),
        [],
        "stored on the source only"
    );

    press(&mut app, "u");
    assert_eq!(links_of(&mut app, &ws, FIRST, DENIAL), []);
    press(&mut app, "C-r");
    assert_eq!(
        links_of(&mut app, &ws, FIRST, DENIAL),
        [Link::new("denies", accusation.clone())]
    );

    // The same type again on the same target takes the link away.
    press(&mut app, "g");
    go_to(&mut app, DENIAL);
    press(&mut app, "C-l g");
    go_to(&mut app, ACCUSATION);
    press(&mut app, "C-l d");
    assert_eq!(links_of(&mut app, &ws, FIRST, DENIAL), []);
    assert!(status(&app).starts_with("unlinked:"), "{}", status(&app));
}

#[test]
fn a_link_across_two_documents_is_made_from_the_second_shown_in_the_sidebar_and_undone() {
    let ws = Workspace::new(false);
    let mut app = tagged(&ws);
    press(&mut app, "C-l");
    // To the second document through the list, where its first sentence is tagged and linked.
    press(&mut app, "S-Tab j Enter");
    assert_eq!(
        app.corpus.entries[app.open.as_ref().unwrap().entry].rel_path,
        SECOND
    );
    assert!(
        app.pending_link().is_some(),
        "the link waits while the coder goes"
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("LINK FROM “Beijing denies the claims"),
        "{screen}"
    );
    press(&mut app, "a C-l");
    // `s` is a tag key in the reading pane; in the picker it is `supports`.
    press(&mut app, "s");
    let target = written(&mut app, &ws, SECOND);
    let target = store::from_toml(&target, std::path::Path::new(SECOND)).unwrap();
    let to = target.annotations[0].id.clone();
    assert_eq!(target.annotations[0].tags, ["accusation"], "not tagged `s`");
    assert_eq!(
        links_of(&mut app, &ws, FIRST, DENIAL),
        [Link::new("supports", to.clone())]
    );

    // Back in the first document, the denial's links show in the sidebar with the target's
    // quote from the other document.
    press(&mut app, "S-Tab k Enter");
    go_to(&mut app, DENIAL);
    let screen = text(&draw(&app, 120, 36));
    insta::assert_snapshot!("sidebar_links", screen);
    let quote: String = target.annotations[0].quote.chars().take(12).collect();
    assert!(screen.contains(&format!("→ supports “{quote}")), "{screen}");

    // One undo takes the link away, whichever document is open.
    press(&mut app, "u");
    assert_eq!(links_of(&mut app, &ws, FIRST, DENIAL), []);
    assert_eq!(
        store::from_toml(
            &written(&mut app, &ws, SECOND),
            std::path::Path::new(SECOND)
        )
        .unwrap()
        .annotations
        .len(),
        1,
        "the target stays"
    );
}

#[test]
fn esc_cancels_a_pending_link_and_the_picker_goes_back_to_it() {
    let ws = Workspace::new(false);
    let mut app = tagged(&ws);
    let before = written(&mut app, &ws, FIRST);
    press(&mut app, "C-l Esc");
    assert!(app.pending_link().is_none());
    assert!(
        status(&app).starts_with("no link made from"),
        "{}",
        status(&app)
    );
    // Esc in the picker keeps the link pending; Esc again drops it.
    press(&mut app, "C-l g");
    go_to(&mut app, ACCUSATION);
    press(&mut app, "C-l Esc");
    assert!(app.mode.is_normal());
    assert!(app.pending_link().is_some());
    press(&mut app, "Esc");
    assert!(app.pending_link().is_none());
    assert_eq!(written(&mut app, &ws, FIRST), before, "nothing written");
    // A link needs an annotation at each end, and another coder's is never its source.
    press(&mut app, "g C-l");
    assert_eq!(status(&app), "no annotation here to link from");
    go_to(&mut app, DENIAL);
    press(&mut app, "C-l C-l");
    assert!(status(&app).starts_with("a link goes to another annotation"));
    assert!(app.pending_link().is_some());
}

#[test]
fn deleting_a_linked_target_asks_first_and_one_undo_brings_it_back_with_its_links_whole() {
    let ws = Workspace::new(false);
    let mut app = tagged(&ws);
    press(&mut app, "C-l g");
    go_to(&mut app, ACCUSATION);
    press(&mut app, "C-l d");
    let accusation = id_of(&mut app, &ws, FIRST, ACCUSATION);
    let before = written(&mut app, &ws, FIRST);
    press(&mut app, "d");
    let Mode::DeleteLinked(question) = &app.mode else {
        panic!("no question: {}", status(&app));
    };
    assert_eq!(
        question.question,
        "“Cybersecurity has been a flashpoint for…” is the target of 1 link: 1 from this \
         document. Delete it? The links stay, pointing nowhere, until an undo brings it back."
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Delete a linked annotation?"), "{screen}");
    press(&mut app, "n");
    assert!(app.mode.is_normal());
    assert_eq!(written(&mut app, &ws, FIRST), before, "kept");

    press(&mut app, "d y");
    let file = written(&mut app, &ws, FIRST);
    assert!(!file.contains(&format!("id = \"{accusation}\"")), "{file}");
    assert_eq!(
        links_of(&mut app, &ws, FIRST, DENIAL),
        [Link::new("denies", accusation.clone())],
        "the link stays, pointing nowhere"
    );
    let corpus = gloss::core::corpus::Corpus::locate(&ws.corpus(), None).unwrap();
    let report = gloss::core::check::check(&corpus, false).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.contains("links (denies) to") && p.message.contains(&accusation)),
        "{:?}",
        report.problems
    );

    press(&mut app, "u");
    assert_eq!(written(&mut app, &ws, FIRST), before, "one undo: as it was");
}

/// With a link pending, `Esc` drops a selection first and the link only on a second `Esc`; a
/// pending link whose source is deleted ends, saying so.
#[test]
fn esc_drops_a_selection_before_the_link_and_deleting_the_source_cancels_it() {
    let ws = Workspace::new(false);
    let mut app = tagged(&ws);
    press(&mut app, "C-l g v l");
    assert!(app.reader.selection().is_some());
    // Without a message in the way, the status bar tells what Esc does now.
    app.status = None;
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Esc drop the selection"), "{screen}");
    press(&mut app, "Esc");
    assert!(app.reader.selection().is_none());
    assert!(app.pending_link().is_some(), "the link still pending");
    press(&mut app, "Esc");
    assert!(app.pending_link().is_none());

    // Deleted while pending: no link can be made from it any more.
    go_to(&mut app, DENIAL);
    press(&mut app, "C-l d");
    assert!(app.pending_link().is_none());
    let said = status(&app);
    assert!(said.starts_with("deleted"), "{said}");
    assert!(
        said.contains("; no link made: “Beijing denies")
            && said.ends_with("where it started, is gone"),
        "{said}"
    );
    assert!(!written(&mut app, &ws, FIRST).contains(&format!("quote = \"{DENIAL}")));
}

/// `C-l` in the tag view starts a link from the annotation highlighted, or, with one pending,
/// picks it as the target; another coder's annotation starts none, and the status bar says why.
#[test]
fn the_link_key_in_the_tag_view_starts_a_link_or_picks_its_target() {
    let ws = Workspace::new(true);
    let mut app = tagged(&ws);
    let file = store::from_toml(&written(&mut app, &ws, FIRST), std::path::Path::new(FIRST));
    let denial = (file.unwrap().annotations.into_iter())
        .find(|a| a.annotator == "tester" && a.quote.starts_with(DENIAL))
        .unwrap()
        .id;
    // Denials: the shipped ones (gloss-example's) and the tester's.
    press(&mut app, "t r Enter");
    let Mode::TagView(view) = &app.mode else {
        panic!("the tag view")
    };
    let rows: Vec<(String, String)> = (view.shown.iter())
        .map(|&i| {
            (
                view.items[i].1.annotator.clone(),
                view.items[i].1.id.clone(),
            )
        })
        .collect();
    let mine = rows.iter().position(|(who, _)| who == "tester").unwrap();
    let theirs = rows.iter().position(|(who, _)| who != "tester").unwrap();
    press(&mut app, &format!("g {}C-l", "j ".repeat(theirs)));
    assert!(app.pending_link().is_none());
    assert!(
        status(&app).starts_with("gloss-example's annotation on"),
        "{}",
        status(&app)
    );
    assert!(status(&app).ends_with("a link starts from your own (and may go to theirs)"));
    press(&mut app, &format!("g {}C-l", "j ".repeat(mine)));
    assert!(matches!(app.mode, Mode::TagView(_)), "the view stays");
    assert!(app.pending_link().is_some_and(|l| l.id == denial));
    press(&mut app, &format!("g {}C-l", "j ".repeat(theirs)));
    assert!(matches!(app.mode, Mode::LinkType(_)));
    press(&mut app, "s");
    let file = store::from_toml(&written(&mut app, &ws, FIRST), std::path::Path::new(FIRST));
    let mine = (file.unwrap().annotations.into_iter())
        .find(|a| a.id == denial)
        .unwrap();
    assert_eq!(mine.links, [Link::new("supports", rows[theirs].1.clone())]);
}

/// alice and bob both annotated the third sentence: `]` and `[` walk both, in the file's order,
/// from the sentence too; `C-l` there with neither current asks which (no link lands on an
/// annotation the coder did not choose), and on the one `]` made current links to it, naming
/// whose it is.
#[test]
fn jumps_and_links_reach_each_of_several_annotations_on_the_cursor_sentence() {
    use gloss::core::annotation::{Annotation, Stamp};
    use gloss::core::documents::text::{CharIndex, canonicalize, content_hash};
    use gloss::tui::state::Pick;
    let ws = Workspace::new(false);
    let doc = canonicalize(&std::fs::read(ws.corpus().join(FIRST)).unwrap()).unwrap();
    let third = gloss::core::documents::sentences::split(&doc)[2].clone();
    let mut theirs: Vec<Annotation> = ["alice", "bob"]
        .iter()
        .map(|coder| {
            let stamp = Stamp {
                annotator: (*coder).into(),
                time: "2026-01-01T00:00:00Z".into(),
            };
            let tags = vec!["accusation".into()];
            Annotation::new(&doc, &CharIndex::new(&doc), third.clone(), tags, &stamp)
        })
        .collect();
    theirs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let path = store::annotation_path(&ws.annotations(), FIRST);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = store::AnnotationFile {
        document: FIRST.into(),
        content_hash: content_hash(&doc),
        annotations: theirs.clone(),
        extra: Vec::new(),
    };
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    let (first, second) = (theirs[0].id.clone(), theirs[1].id.clone());
    let current = |app: &App| match &app.reader.pick {
        Pick::Annotation { id, .. } => Some(id.clone()),
        _ => None,
    };

    let mut app = app(&ws);
    press(&mut app, "S-Tab g Enter j j");
    assert!(current(&app).is_none());
    press(&mut app, "]");
    assert_eq!(current(&app), Some(first.clone()), "{}", status(&app));
    press(&mut app, "]");
    assert_eq!(current(&app), Some(second.clone()), "{}", status(&app));
    press(&mut app, "]");
    assert_eq!(status(&app), "no annotation after this one");
    press(&mut app, "[");
    assert_eq!(current(&app), Some(first.clone()));
    press(&mut app, "[");
    assert_eq!(status(&app), "no annotation before this one");
    // From the sentence, nothing current, `[` reaches the last one that starts there.
    press(&mut app, "j k");
    assert!(current(&app).is_none());
    press(&mut app, "[");
    assert_eq!(current(&app), Some(second.clone()), "{}", status(&app));

    // A link from tester's own annotation on the first sentence.
    press(&mut app, "g a Esc C-l");
    assert!(status(&app).starts_with("link from"), "{}", status(&app));
    press(&mut app, "j j C-l");
    assert!(app.mode.is_normal(), "no target chosen: {:?}", app.mode);
    let asked = status(&app);
    let expected = format!(
        "2 annotations here ({}'s, {}'s): ] or [ makes one current, then C-l on it",
        theirs[0].annotator, theirs[1].annotator
    );
    assert!(asked.starts_with(&expected), "{asked}");
    assert!(app.pending_link().is_some(), "the link is still pending");
    press(&mut app, "] ] C-l");
    let Mode::LinkType(picker) = &app.mode else {
        panic!("no link type picker: {}", status(&app))
    };
    assert_eq!(picker.to, second);
    let screen = text(&draw(&app, 120, 36));
    let whose = theirs[1].annotator.clone();
    assert!(screen.contains(&format!("{whose}'s “")), "{screen}");
    press(&mut app, "Enter");
    assert!(
        status(&app).contains(&format!(" {whose}'s “")),
        "{}",
        status(&app)
    );
    let written = written(&mut app, &ws, FIRST);
    assert!(written.contains(&second), "{written}");
    let links_to_first = written.matches(&first).count();
    assert_eq!(links_to_first, 1, "only the annotation's own id: {written}");
}
