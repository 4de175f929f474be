//! Annotation files shared with others: two readers on one corpus, a file rewritten from outside
//! (a `git pull`) while the reader runs, and a save that has to wait until it can be written.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Session;
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::storage::store;
use gloss::core::user_state::timing::Timing;

/// The document the reader opens first.
const FIRST: &str = "000_073045cb8793dce5.txt";

fn annotations_in(file: &Path) -> Vec<Annotation> {
    match store::load(file) {
        Ok(Some(parsed)) => parsed.annotations,
        Ok(None) => vec![],
        Err(e) => panic!("{e}"),
    }
}

/// The reader on `ws`, with `env`, checking for changes made elsewhere and retrying failed saves
/// every tenth of a second rather than every few seconds ([`Timing`]): the tests wait for what
/// the checks find instead of sleeping through the default intervals.
fn start(ws: &common::Workspace, env: &[(&str, &str)]) -> Session {
    let config = ws.dir.path().join("fast-timing.toml");
    std::fs::write(&config, "[timing]\ncheck_every = 0.1\nretry_every = 0.1\n").unwrap();
    let config = config.to_str().unwrap();
    let mut env = env.to_vec();
    env.push(("GLOSS_CONFIG", config));
    Session::start_with_env(ws, &[], &env)
}

/// Waits until the file holds `n` annotations, failing after 20 s.
fn wait_for_count(file: &Path, n: usize) -> Vec<Annotation> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = annotations_in(file);
        if found.len() == n {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{} never held {n} annotations: {found:#?}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// The first tag of each annotation, in text order.
fn first_tags(annotations: &[Annotation]) -> Vec<&str> {
    annotations.iter().map(|a| a.tags[0].as_str()).collect()
}

/// Replaces the file as git does: the new contents appear whole.
fn replace_from_outside(file: &Path, contents: &str) {
    let temporary = file.with_extension("incoming");
    std::fs::write(&temporary, contents).unwrap();
    std::fs::rename(&temporary, file).unwrap();
}

#[test]
fn two_readers_tagging_one_document_at_once_keep_both_sides() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut a = start(&ws, &[]);
    let mut b = start(&ws, &[]);
    a.wait_for("Documents (5)");
    b.wait_for("Documents (5)");

    // Sentences 0, 2, 4 as accusations in one, 1, 3, 5 as denials in the other, interleaved.
    for _ in 0..3 {
        a.send_at_once("ajj");
        b.send_at_once("jrj");
        std::thread::sleep(Duration::from_millis(20));
    }
    let both = wait_for_count(&file, 6);
    assert_eq!(
        first_tags(&both),
        [
            "accusation",
            "denial",
            "accusation",
            "denial",
            "accusation",
            "denial"
        ]
    );
    // Each shows the other's annotations within a few seconds, without a key pressed.
    a.wait_for("Annotations (6)");
    b.wait_for("Annotations (6)");

    // Both quit: nothing more is written, nothing is lost.
    a.send("q");
    b.send("q");
    assert!(a.wait_exit().success());
    assert!(b.wait_exit().success());
    assert_eq!(annotations_in(&file), both);
}

/// The issue's case, with two real processes: A tags a sentence as a statistic, B sees it, then
/// B gives it an authority while A gives it a claim type, both at once. Whichever writes
/// second merges; the file keeps all three tags, and both readers are told their tag met
/// another. Both readers are one coder (two terminals, or a laptop and a server over one
/// folder): a tag key acts on the coder's own annotation, so two coders never share one (see
/// `two_coders_tagging_one_sentence_at_once_keep_an_annotation_each`).
#[test]
fn two_readers_tagging_one_annotation_at_once_keep_every_tag() {
    let (_ws, file, mut a, mut b) = statistic_then_both_tag("alice");
    let merged = wait_until(&file, "never merged", |found| {
        found.len() == 1 && found[0].tags.len() == 3
    });
    let mut tags = merged[0].tags.clone();
    tags.sort();
    assert_eq!(tags, ["accusation", "non-authoritative", "statistic"]);
    assert_eq!(merged[0].annotator, "alice");

    // One merged the other's tag into its own save; the other reloads and hears of it.
    let merger = ", changed here and elsewhere: now ";
    // The pick label comes first on the line, so the end of the message may be cut.
    let reloader = "which you changed, was merged with a";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (sa, sb) = (a.contents(), b.contents());
        if (sa.contains(merger) && sb.contains(reloader))
            || (sb.contains(merger) && sa.contains(reloader))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the status bars do not both tell of the merge:\nA:\n{sa}\nB:\n{sb}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    a.wait_for("Annotations (1)");
    a.send("q");
    b.send("q");
    assert!(a.wait_exit().success());
    assert!(b.wait_exit().success());
    let mut after = annotations_in(&file)[0].tags.clone();
    after.sort();
    assert_eq!(after, tags);
}

/// The same keys from two coders: B's authority goes on an annotation of B's own on the same
/// sentence, and A's claim type stays on A's; nothing either pressed is lost or lands on the
/// other's coding.
#[test]
fn two_coders_tagging_one_sentence_at_once_keep_an_annotation_each() {
    let (_ws, file, mut a, mut b) = statistic_then_both_tag("bob");
    let found = wait_until(&file, "not both kept", |found| {
        found.len() == 2 && found.iter().map(|a| a.tags.len()).sum::<usize>() == 3
    });
    let of = |who: &str| {
        let a = found.iter().find(|a| a.annotator == who).expect(who);
        let mut tags = a.tags.clone();
        tags.sort();
        (a.start, a.end, tags)
    };
    let (alice, bob) = (of("alice"), of("bob"));
    assert_eq!((alice.0, alice.1), (bob.0, bob.1), "the same sentence");
    assert_eq!(alice.2, ["accusation", "statistic"]);
    assert_eq!(bob.2, ["non-authoritative"]);
    a.send("q");
    b.send("q");
    assert!(a.wait_exit().success());
    assert!(b.wait_exit().success());
}

#[test]
fn a_file_rewritten_from_outside_is_merged_with_the_next_tag() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut s = start(&ws, &[]);
    s.wait_for("Documents (5)");
    s.send("a");
    s.wait_for("tagged accusation");
    let ours = wait_for_count(&file, 1);

    // A pull brings a colleague's three annotations along with ours.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations");
    let mut pulled = store::load(&shipped.join(format!("{FIRST}.toml")))
        .unwrap()
        .unwrap();
    let theirs = pulled.annotations.clone();
    pulled.annotations.extend(ours.iter().cloned());
    replace_from_outside(&file, &store::to_toml(&pulled));
    // Tagged at once, most likely before the reader notices the file changed.
    s.send("j");
    s.send("s");
    s.wait_for("tagged statistic");

    let merged = wait_for_count(&file, 5);
    for a in theirs.iter().chain(&ours) {
        assert!(merged.contains(a), "{a:?} was lost: {merged:#?}");
    }
    assert!(merged.iter().any(|a| a.tags == ["statistic"]));
    s.wait_for("Annotations (5)");
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(annotations_in(&file), merged);
}

/// A file standing where the annotations folder should be: a failure even for root, which
/// ignores permissions.
#[test]
fn a_save_that_failed_is_written_once_possible_without_another_change() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut s = start(&ws, &[]);
    s.wait_for("Documents (5)");
    std::fs::write(ws.annotations(), "not a folder").unwrap();
    s.send("a");
    s.wait_for(
        "⚠ 1 unsaved · cannot save annotations/000_073045cb8793dce5.txt.toml: annotations is a \
         file where a folder should be; ",
    );

    std::fs::remove_file(ws.annotations()).unwrap();
    let started = Instant::now();
    let saved = wait_for_count(&file, 1);
    assert_eq!(first_tags(&saved), ["accusation"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while s.contents().contains("unsaved") {
        assert!(Instant::now() < deadline, "{}", s.contents());
        std::thread::sleep(Duration::from_millis(30));
    }
    eprintln!(
        "written {:.1} s after the folder could be made",
        started.elapsed().as_secs_f32()
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The quit refused because a save failed says so; once a retry writes the file, the status bar
/// says it is saved instead of still warning.
#[test]
fn a_refused_quit_message_gives_way_once_a_retry_writes_the_file() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    std::fs::write(ws.annotations(), "not a folder").unwrap();
    common::press(&mut app, "a");
    settle(&mut app);
    common::press(&mut app, "q");
    assert!(!app.should_quit);
    let refused = format!("cannot save {}: ", file.display());
    assert!(status(&app).starts_with(&refused), "{}", status(&app));

    std::fs::remove_file(ws.annotations()).unwrap();
    app.poll_writer_at(Instant::now() + Timing::default().retry_every);
    settle(&mut app);
    assert_eq!(status(&app), format!("saved {} after all", file.display()));
    assert!(!app.status.as_ref().unwrap().error);
    assert_eq!(first_tags(&annotations_in(&file)), ["accusation"]);
}

/// The message about a failed save says what went wrong only while it is wrong: once a retry
/// writes the file, the status bar says so instead.
#[test]
fn a_failed_save_message_gives_way_once_a_retry_writes_the_file() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    std::fs::write(ws.annotations(), "not a folder").unwrap();
    common::press(&mut app, "a");
    settle(&mut app);
    assert!(status(&app).starts_with("cannot save"), "{}", status(&app));
    assert!(app.status.as_ref().unwrap().error);
    // A retry that fails the same way changes nothing.
    app.poll_writer_at(Instant::now() + Timing::default().retry_every);
    settle(&mut app);
    assert!(status(&app).starts_with("cannot save"), "{}", status(&app));

    std::fs::remove_file(ws.annotations()).unwrap();
    app.poll_writer_at(Instant::now() + 2 * Timing::default().retry_every);
    settle(&mut app);
    assert_eq!(status(&app), format!("saved {} after all", file.display()));
    assert!(!app.status.as_ref().unwrap().error);
    assert!(app.unsaved().is_empty());
    assert_eq!(first_tags(&annotations_in(&file)), ["accusation"]);
}

fn settle(app: &mut gloss::tui::state::App) {
    let outcomes = app.writer.flush();
    app.collect_outcomes(outcomes);
}

fn status(app: &gloss::tui::state::App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// A colleague's annotation on the third sentence, as their gloss would write it.
fn colleagues_annotation(app: &gloss::tui::state::App, time: &str) -> Annotation {
    let open = app.open.as_ref().unwrap();
    let stamp = Stamp {
        annotator: "colleague".into(),
        time: time.into(),
    };
    Annotation::new(
        &open.doc.text,
        &open.doc.index,
        open.doc.sentences()[2].clone(),
        vec!["position/norm".into()],
        &stamp,
    )
}

#[test]
fn undo_and_redo_leave_changes_made_elsewhere_alone() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    common::press(&mut app, "a");
    settle(&mut app);
    let mut on_disk = store::load(&file).unwrap().unwrap();
    let colleague = colleagues_annotation(&app, "2026-01-02T03:04:05Z");
    on_disk.annotations.push(colleague.clone());
    replace_from_outside(&file, &store::to_toml(&on_disk));

    common::press(&mut app, "j r");
    settle(&mut app);
    assert_eq!(
        status(&app),
        format!("merged changes made elsewhere in {}", file.display())
    );
    assert_eq!(
        first_tags(app.open_annotations()),
        ["accusation", "denial", "position/norm"]
    );
    assert_eq!(annotations_in(&file), app.open_annotations());

    common::press(&mut app, "u u");
    settle(&mut app);
    assert_eq!(annotations_in(&file), [colleague]);
    common::press(&mut app, "C-r C-r");
    settle(&mut app);
    assert_eq!(
        first_tags(&annotations_in(&file)),
        ["accusation", "denial", "position/norm"]
    );
}

/// A reader that tagged the first sentence `accusation` and saved it, after which a colleague's
/// gloss changed that annotation on disk with `change`: the workspace, the annotation file, the
/// reader, and what the file now holds.
fn tagged_then_changed_elsewhere(
    change: impl FnOnce(&mut Annotation),
) -> (
    common::Workspace,
    std::path::PathBuf,
    gloss::tui::state::App,
    store::AnnotationFile,
) {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    common::press(&mut app, "a");
    settle(&mut app);
    let mut on_disk = store::load(&file).unwrap().unwrap();
    change(&mut on_disk.annotations[0]);
    replace_from_outside(&file, &store::to_toml(&on_disk));
    (ws, file, app, on_disk)
}

#[test]
fn an_annotation_changed_on_both_sides_is_merged_and_the_status_says_so() {
    // Later than the test clock: the colleague's change is the later one.
    let (_ws, file, mut app, on_disk) = tagged_then_changed_elsewhere(|a| {
        a.note = "a colleague's note".into();
        a.modified = "2026-06-01T00:00:00.5Z".into();
        a.modified_by = "colleague".into();
    });

    common::press(&mut app, "1");
    settle(&mut app);
    let shown = status(&app);
    assert!(shown.starts_with("merged “"), "{shown}");
    assert!(
        shown.ends_with(&format!(
            "”, changed here and elsewhere: now accusation, authoritative (in {})",
            file.display()
        )),
        "{shown}"
    );
    assert!(!app.status.as_ref().unwrap().error, "nothing needs a look");
    let mut expected = on_disk.annotations[0].clone();
    expected.tags = vec!["accusation".into(), "authoritative".into()];
    assert_eq!(annotations_in(&file), [expected.clone()]);
    assert_eq!(app.open_annotations(), [expected]);
}

#[test]
fn notes_written_on_both_sides_are_both_kept_and_the_status_says_how_to_choose() {
    let (_ws, file, mut app, _) = tagged_then_changed_elsewhere(|a| {
        a.note = "theirs".into();
        a.modified_by = "colleague".into();
        a.modified = "2026-01-02T03:04:05.5Z".into();
    });

    common::press(&mut app, "n");
    common::type_text(&mut app, "mine");
    common::press(&mut app, "C-s");
    settle(&mut app);
    let note = &annotations_in(&file)[0].note;
    assert_eq!(
        note,
        "<<<<<<< tester: mine ======= colleague: theirs >>>>>>>"
    );
    let shown = status(&app);
    assert!(
        shown.contains(
            "; both notes kept in its note, between <<<<<<< and >>>>>>>: edit it to keep one (in "
        ),
        "{shown}"
    );
    assert!(app.status.as_ref().unwrap().error);
}

/// The other side of a merge: a colleague's gloss merged its change into an annotation this
/// reader changed and wrote. When the idle check reloads the file, the status bar says what
/// became of that annotation; a reload of annotations this reader did not change says only that.
#[test]
fn a_reload_says_which_of_your_annotations_a_merge_elsewhere_changed() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    common::press(&mut app, "a n");
    common::type_text(&mut app, "mine");
    common::press(&mut app, "C-s");
    settle(&mut app);
    let mut merged = store::load(&file).unwrap().unwrap();
    merged.annotations[0].tags.push("statistic".into());
    merged.annotations[0].note = "<<<<<<< colleague: theirs ======= tester: mine >>>>>>>".into();
    merged.annotations[0].modified_by = "colleague".into();
    replace_from_outside(&file, &store::to_toml(&merged));

    app.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut app);
    assert_eq!(app.open_annotations(), merged.annotations);
    let shown = status(&app);
    assert!(
        shown.starts_with(
            "“Forget the Great Firewall ...…”, which you changed, was merged with a \
             change made elsewhere (both notes kept in its note, between <<<<<<< and >>>>>>>: \
             edit it to keep one): now accusation, statistic (reloaded "
        ),
        "{shown}"
    );

    // Told once: a later change elsewhere to it is a plain reload.
    merged.annotations[0].tags.pop();
    replace_from_outside(&file, &store::to_toml(&merged));
    app.poll_writer_at(Instant::now() + 2 * Timing::default().check_every);
    settle(&mut app);
    assert_eq!(
        status(&app),
        format!("reloaded {}: it was changed elsewhere", file.display())
    );
}

/// A deletion here of an annotation a colleague changed meanwhile: what the colleague added is
/// kept, what the coder took away goes, and the status says so.
#[test]
fn an_annotation_deleted_here_and_changed_elsewhere_keeps_what_was_added_elsewhere() {
    let (_ws, file, mut app, on_disk) =
        tagged_then_changed_elsewhere(|a| a.tags.push("statistic".into()));

    common::press(&mut app, "a");
    settle(&mut app);
    let mut expected = on_disk.annotations.clone();
    expected[0].tags = vec!["statistic".into()];
    assert_eq!(annotations_in(&file), expected);
    let shown = status(&app);
    assert!(
        shown.contains(
            "” was changed elsewhere but deleted here: kept what was added elsewhere, now \
             statistic (in "
        ),
        "{shown}"
    );
}

/// An undo of the coder's new annotation, which another process (an import) tagged meanwhile,
/// takes back only the coder's tag: the other's stays, on the annotation as it was.
#[test]
fn undoing_a_new_annotation_tagged_elsewhere_meanwhile_takes_back_only_the_coders_tag() {
    let (_ws, file, mut app, on_disk) =
        tagged_then_changed_elsewhere(|a| a.tags.push("statistic".into()));
    app.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut app);
    assert_eq!(app.open_annotations()[0].tags, ["accusation", "statistic"]);

    common::press(&mut app, "u");
    settle(&mut app);
    let mut expected = on_disk.annotations.clone();
    expected[0].tags = vec!["statistic".into()];
    assert_eq!(annotations_in(&file), expected);
    assert_eq!(app.open_annotations(), expected);
    let shown = status(&app);
    assert!(shown.starts_with("undid: tagged accusation; “"), "{shown}");
    assert!(
        shown.contains("deleted here: kept what was added elsewhere, now statistic"),
        "{shown}"
    );
}

#[test]
fn annotations_placed_in_a_changed_document_are_not_taken_for_changes_made_elsewhere() {
    let ws = common::Workspace::new(true);
    let doc = ws.corpus().join(FIRST);
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("A line added at the top.\n\n{text}")).unwrap();
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let before = std::fs::read(&file).unwrap();
    let mut app = common::app(&ws);
    let shift = "A line added at the top.\n\n".chars().count();
    let placed: Vec<usize> = app.open_annotations().iter().map(|a| a.start).collect();
    assert_eq!(placed, [508 + shift, 655 + shift, 1068 + shift]);

    // The idle check finds the file as it was read: nothing is reloaded over the placed
    // annotations, and nothing is written until something changes.
    app.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut app);
    let shown: Vec<usize> = app.open_annotations().iter().map(|a| a.start).collect();
    assert_eq!(shown, placed);
    assert_eq!(std::fs::read(&file).unwrap(), before);

    // A change writes the placed annotations with the new hash, and no merge brings back the
    // old offsets.
    common::press(&mut app, "G s");
    settle(&mut app);
    let written = annotations_in(&file);
    let starts: Vec<usize> = written.iter().take(3).map(|a| a.start).collect();
    assert_eq!(starts, placed);
    assert_eq!(written.len(), 4);
    assert!(!status(&app).contains("merged"), "{}", status(&app));
}

/// Alice tags the first sentence as a statistic in one reader; once the second reader (run as
/// `b_user`) shows it, B presses `3` while A presses `a`, both at once.
fn statistic_then_both_tag(b_user: &str) -> (common::Workspace, PathBuf, Session, Session) {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut a = start(&ws, &[("USER", "alice")]);
    let mut b = start(&ws, &[("USER", b_user)]);
    a.wait_for("Documents (5)");
    b.wait_for("Documents (5)");
    a.send("s");
    a.wait_for("tagged statistic");
    wait_for_count(&file, 1);
    // B's idle check takes A's annotation in.
    b.wait_for("Annotations (1)");
    b.send_at_once("3");
    a.send_at_once("a");
    (ws, file, a, b)
}

/// The annotations in `file` once `done` holds of them, within 20 s.
fn wait_until(file: &Path, what: &str, done: impl Fn(&[Annotation]) -> bool) -> Vec<Annotation> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = annotations_in(file);
        if done(&found) {
            return found;
        }
        assert!(Instant::now() < deadline, "{what}: {found:#?}");
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// The tester's case: a document edited since it was annotated, so that opening it places its
/// annotations anew. One tag here; then another gloss writes every annotation of the file
/// changed (placed anew by it, say). The reload names only the one annotation this reader
/// changed: placing is not a change of the coder's.
#[test]
fn a_reload_counts_only_the_annotations_changed_here() {
    let ws = common::Workspace::new(true);
    let doc = ws.corpus().join(FIRST);
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("A line added at the top.\n\n{text}")).unwrap();
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut app = common::app(&ws);
    common::press(&mut app, "G s");
    settle(&mut app);
    let mut elsewhere = store::load(&file).unwrap().unwrap();
    assert_eq!(elsewhere.annotations.len(), 4);
    for a in &mut elsewhere.annotations {
        a.note = "checked elsewhere".into();
        a.modified_by = "colleague".into();
    }
    replace_from_outside(&file, &store::to_toml(&elsewhere));

    app.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut app);
    let shown = status(&app);
    assert!(
        shown.contains("”, which you changed, was merged with a change made elsewhere: now statistic (reloaded "),
        "{shown}"
    );
    assert!(!shown.contains("annotations you changed"), "{shown}");
}

/// In the tag editor of `app`, types `figure` over the name of the tag statistic (the form
/// left open, to be sent with `Enter`).
fn type_figure_over_statistic(app: &mut gloss::tui::state::App) {
    common::press(app, "C-t j j j j r C-u");
    common::type_text(app, "figure");
}

/// Renames the tag statistic to figure in `app`'s tag editor, the rename written.
fn rename_statistic_to_figure(app: &mut gloss::tui::state::App) {
    type_figure_over_statistic(app);
    common::press(app, "Enter");
    settle(app);
}

/// No annotation on disk has the tag `gone`; the tester has one tagged `now` alone in the first
/// document; and `gloss check` finds nothing wrong.
fn assert_renamed_on_disk(ws: &common::Workspace, gone: &str, now: &str) {
    let (tags, _) = names_on_disk(ws);
    assert!(!tags.iter().any(|t| t == gone), "{tags:?}");
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let by_s = annotations_in(&file)
        .into_iter()
        .filter(|a| a.annotator == "tester" && a.tags == [now])
        .count();
    assert!(by_s >= 1, "{:?}", annotations_in(&file));
    assert_checks_clean(ws);
}

/// `gloss check` finds nothing wrong in the corpus (a tag or link type the scheme lacks would be).
fn assert_checks_clean(ws: &common::Workspace) {
    let checked = ws.gloss().args(["check", "corpus"]).output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

/// Every tag and link type in the workspace's annotation files.
fn names_on_disk(ws: &common::Workspace) -> (Vec<String>, Vec<String>) {
    let (mut tags, mut links) = (Vec::new(), Vec::new());
    for file in std::fs::read_dir(ws.annotations()).unwrap() {
        let file = file.unwrap().path();
        if !file.to_string_lossy().ends_with(".txt.toml") {
            continue;
        }
        for a in annotations_in(&file) {
            tags.extend(a.tags);
            links.extend(a.links.into_iter().map(|l| l.kind));
        }
    }
    (tags, links)
}

/// The tester's case: reader D renames the tag statistic to figure in its tag editor while
/// reader S, started before, is open. S's `s` before its idle check finds the scheme on disk
/// changed: it writes nothing and says why, and its next `s` tags figure. No file ever holds
/// statistic again.
#[test]
fn a_tag_renamed_in_another_reader_is_never_written_by_its_old_name() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    type_figure_over_statistic(&mut d);
    common::press(&mut d, "Enter");
    assert!(
        status(&d).starts_with("renamed the tag statistic to figure in "),
        "{}",
        status(&d)
    );
    settle(&mut d);

    common::press(&mut s, "s");
    settle(&mut s);
    let tags_file = ws.corpus().join("tags.toml");
    assert_eq!(
        status(&s),
        format!(
            "nothing changed: the tag statistic is no longer in the scheme; {} was changed \
             elsewhere; read it again: statistic is now figure",
            tags_file.display()
        )
    );
    assert!(s.status.as_ref().unwrap().error);
    let (tags, _) = names_on_disk(&ws);
    assert!(!tags.iter().any(|t| t == "statistic"), "{tags:?}");
    let screen = common::screen::text(&common::screen::draw(&s, 120, 36));
    assert!(screen.contains("s ■ figure"), "{screen}");
    assert!(!screen.contains("■ statistic"), "{screen}");

    common::press(&mut s, "s");
    settle(&mut s);
    assert_eq!(status(&s), "tagged figure");
    let (tags, _) = names_on_disk(&ws);
    assert!(!tags.iter().any(|t| t == "statistic"), "{tags:?}");
    assert!(tags.iter().any(|t| t == "figure"), "{tags:?}");
}

/// Without a key pressed, S's idle check reads the changed scheme: its legend follows, at the
/// cost of a `stat` while the file stays as it is.
#[test]
fn the_idle_check_reads_a_scheme_changed_elsewhere() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    rename_statistic_to_figure(&mut d);

    s.poll_writer_at(Instant::now() + Timing::default().check_every);
    let said = format!(
        "{} was changed elsewhere; read it again: statistic is now figure",
        ws.corpus().join("tags.toml").display()
    );
    assert_eq!(status(&s), said);
    let screen = common::screen::text(&common::screen::draw(&s, 120, 36));
    assert!(screen.contains("s ■ figure"), "{screen}");
    // Read once: the next check finds the file as read and says nothing new.
    s.status = None;
    s.poll_writer_at(Instant::now() + 2 * Timing::default().check_every);
    assert_eq!(status(&s), "");
}

/// An accusation and a denial tagged, a link started from the denial and its target picked on
/// the accusation: the reader waits in the link type picker.
fn at_the_link_type_picker(app: &mut gloss::tui::state::App) {
    common::go_to(app, "Cybersecurity has been a flashpoint");
    common::press(app, "a");
    common::go_to(app, "Beijing denies the claims");
    common::press(app, "r C-l g");
    common::go_to(app, "Cybersecurity has been a flashpoint");
    common::press(app, "C-l");
}

/// `gloss rename-link` while a reader is open with its link type picker: the type picked is
/// gone from the scheme on disk, so no link of it is written.
#[test]
fn a_link_type_renamed_by_gloss_rename_link_is_never_written_by_its_old_name() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    at_the_link_type_picker(&mut app);
    settle(&mut app);
    let renamed = ws
        .gloss()
        .args(["rename-link", "denies", "rejects", "corpus"])
        .output()
        .unwrap();
    assert!(
        renamed.status.success(),
        "{}",
        String::from_utf8_lossy(&renamed.stderr)
    );

    common::press(&mut app, "d");
    settle(&mut app);
    assert!(
        status(&app)
            .starts_with("nothing changed: the link type denies is no longer in the scheme; "),
        "{}",
        status(&app)
    );
    assert!(
        status(&app).ends_with("read it again: the link type denies is now rejects"),
        "{}",
        status(&app)
    );
    assert_eq!(names_on_disk(&ws).1, Vec::<String>::new());
}

/// A tag editor's form open in S while D renames that tag: S's form is not saved over the
/// scheme read again, where the tag it was made from is gone.
#[test]
fn a_tag_form_open_while_the_tag_is_renamed_elsewhere_saves_nothing() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    common::press(&mut s, "C-t j j j j r C-u");
    common::type_text(&mut s, "number");
    rename_statistic_to_figure(&mut d);
    let scheme = std::fs::read_to_string(ws.corpus().join("tags.toml")).unwrap();

    s.poll_writer_at(Instant::now() + Timing::default().check_every);
    common::press(&mut s, "Enter");
    settle(&mut s);
    assert!(
        status(&s).starts_with("nothing saved: ")
            && status(&s)
                .ends_with("tags.toml was changed elsewhere since the form opened; open it again"),
        "{}",
        status(&s)
    );
    assert_eq!(
        std::fs::read_to_string(ws.corpus().join("tags.toml")).unwrap(),
        scheme
    );
    let (tags, _) = names_on_disk(&ws);
    assert!(!tags.iter().any(|t| t == "number"), "{tags:?}");
}

/// The fourth document, which the shipped annotations give one annotation.
const FOURTH: &str = "003_51e4aaa34ca25599.txt";

/// Reader A adds two annotations to the fourth document, which reader B has read but not
/// opened; the file then holds three.
fn two_more_elsewhere(ws: &common::Workspace) {
    let mut a = common::app(ws);
    a.open_entry(3);
    common::press(&mut a, "G c k c");
    settle(&mut a);
    let file = ws.annotations().join(format!("{FOURTH}.toml"));
    assert_eq!(annotations_in(&file).len(), 3);
}

/// How many documents the list says have `n` annotations.
fn listed_with(app: &gloss::tui::state::App, n: usize) -> usize {
    let screen = common::screen::text(&common::screen::draw(app, 120, 36));
    screen.matches(&format!(" · {n} tagged ")).count()
}

/// The tester's case: opening a document shows what its file holds then, not what it held
/// when the reader started, without waiting for the idle check.
#[test]
fn opening_a_document_shows_the_annotations_written_elsewhere_since() {
    let ws = common::Workspace::new(true);
    let mut b = common::app(&ws);
    assert_eq!(b.corpus.entries[3].annotations.len(), 1);
    two_more_elsewhere(&ws);

    b.open_entry(3);
    assert_eq!(b.open_annotations().len(), 3);
    let screen = common::screen::text(&common::screen::draw(&b, 120, 36));
    assert!(screen.contains("Annotations (3)"), "{screen}");
    assert_eq!(listed_with(&b, 3), 2, "{screen}");
    // Read once: opening it again finds the file as read.
    b.open_entry(0);
    b.open_entry(3);
    assert_eq!(b.open_annotations().len(), 3);
}

/// The document list's counts follow what another gloss writes: the idle check sees the
/// folder changed and has the writer check its files.
#[test]
fn the_document_lists_counts_follow_changes_made_elsewhere() {
    let ws = common::Workspace::new(true);
    let mut b = common::app(&ws);
    assert_eq!(listed_with(&b, 1), 2);
    two_more_elsewhere(&ws);

    b.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut b);
    assert_eq!(b.corpus.entries[3].annotations.len(), 3);
    assert_eq!((listed_with(&b, 1), listed_with(&b, 3)), (1, 2));
    // Another document's reload is no news in the status bar.
    assert_eq!(status(&b), "");
}

/// The tester's race: S tags statistic (the scheme on disk still has it) while D renames
/// statistic to figure, and S's save reaches the disk only after the rename has begun: it is
/// held back by the annotations folder's lock, taken here until the rename's journal is
/// written, so that it lands in whichever order the threads then take it: either way S's annotation
/// is written as figure, whether S's save renames it or D's rename merges it in and renames it.
#[test]
fn a_tag_saved_while_another_reader_renames_it_is_written_by_its_new_name() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    let lock =
        gloss::core::storage::lock::FolderLock::acquire(&ws.annotations(), Duration::ZERO).unwrap();
    common::press(&mut s, "j j s");
    assert_eq!(status(&s), "tagged statistic");
    type_figure_over_statistic(&mut d);
    // The lock is let go once the rename has begun (its journal is written, and the scheme
    // next), as the rename waits for it before it looks for files written meanwhile.
    let journal = ws.corpus().join(".gloss-rename.toml");
    let release = std::thread::spawn(move || {
        // Bounded, so that a rename that never begins fails the test rather than hangs it.
        let deadline = Instant::now() + Duration::from_secs(20);
        while !journal.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(lock);
    });
    common::press(&mut d, "Enter");
    release.join().unwrap();
    settle(&mut s);
    settle(&mut d);
    settle(&mut s);

    assert_renamed_on_disk(&ws, "statistic", "figure");
}

/// `gloss rename-link` at the moment a link type is picked: the picker's look at the scheme
/// finds denies, and the save is held back by the annotations folder's lock, taken here until
/// the rename has begun (its journal written), so that the save lands during the rename or
/// after it, in whichever order the threads take the lock. Either way no file gets a link of
/// the type the scheme dropped: written first, the rename renames it (the file was written
/// since it read the corpus); during it, the save renames it; after it, the save refuses it
/// and says so.
#[test]
fn a_link_type_renamed_between_the_pick_and_the_write_is_not_written() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    at_the_link_type_picker(&mut app);
    settle(&mut app);
    let lock =
        gloss::core::storage::lock::FolderLock::acquire(&ws.annotations(), Duration::ZERO).unwrap();
    common::press(&mut app, "d");
    let mut rename = ws
        .gloss()
        .args(["rename-link", "denies", "rejects", "corpus"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let journal = ws.corpus().join(".gloss-rename.toml");
    while !journal.exists() && rename.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    drop(lock);
    let renamed = rename.wait_with_output().unwrap();
    assert!(
        renamed.status.success(),
        "{}",
        String::from_utf8_lossy(&renamed.stderr)
    );
    settle(&mut app);

    let links = names_on_disk(&ws).1;
    assert!(!links.iter().any(|l| l == "denies"), "{links:?}");
    if links.is_empty() {
        assert!(
            status(&app).starts_with("not saved: the link type denies is no longer in the scheme"),
            "{}",
            status(&app)
        );
        assert!(app.status.as_ref().unwrap().error);
    } else {
        assert_eq!(links, ["rejects"]);
    }
    assert_checks_clean(&ws);
}

/// D renames statistic to figure; S then tags figure; D takes the rename back with `u`: every
/// figure goes back to statistic, S's too, as the scheme does, not only the annotations the
/// rename had renamed.
#[test]
fn undoing_a_rename_renames_back_what_others_tagged_with_the_new_name_since() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    rename_statistic_to_figure(&mut d);
    // The first key finds the scheme changed and tags nothing (see above); the second tags.
    common::press(&mut s, "j j s s");
    settle(&mut s);
    assert_eq!(status(&s), "tagged figure");
    d.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut d);

    common::press(&mut d, "Esc u");
    settle(&mut d);
    assert!(
        status(&d).starts_with("undid: renamed the tag statistic to figure"),
        "{}",
        status(&d)
    );
    assert_renamed_on_disk(&ws, "figure", "statistic");
}

/// A tag key refused after a rename elsewhere: the idle check then reloads the open document,
/// changed elsewhere, and takes its annotations in, but the refusal stays on the status
/// bar, since a plain reload is no news beside it.
#[test]
fn a_refusal_stays_on_the_status_bar_when_the_open_document_is_reloaded() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    rename_statistic_to_figure(&mut d);
    common::press(&mut s, "s");
    settle(&mut s);
    let refused = status(&s);
    assert!(
        refused.starts_with("nothing changed: the tag statistic"),
        "{refused}"
    );

    // Another coder's annotation, written to the open document meanwhile.
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let mut on_disk = store::load(&file).unwrap().unwrap();
    let colleague = colleagues_annotation(&s, "2026-01-02T03:04:05Z");
    on_disk.annotations.push(colleague.clone());
    replace_from_outside(&file, &store::to_toml(&on_disk));
    s.poll_writer_at(Instant::now() + Timing::default().check_every);
    settle(&mut s);
    assert_eq!(status(&s), refused);
    assert!(s.status.as_ref().unwrap().error);
    assert!(
        s.open_annotations().contains(&colleague),
        "reloaded all the same"
    );
}

/// S tags statistic in a document where D, started before, has no statistic; D renames
/// statistic to figure before its idle check has read S's file. The rename renames it there
/// too: it reads again, once each annotations folder's lock has been taken, the files changed
/// since it read them, though it had no use of the tag in them.
#[test]
fn a_rename_renames_in_a_file_another_reader_wrote_since_it_was_read() {
    let ws = common::Workspace::new(true);
    let mut s = common::app(&ws);
    let mut d = common::app(&ws);
    common::press(&mut s, "j j s");
    settle(&mut s);
    assert_eq!(status(&s), "tagged statistic");
    rename_statistic_to_figure(&mut d);

    let (tags, _) = names_on_disk(&ws);
    assert!(!tags.iter().any(|t| t == "statistic"), "{tags:?}");
    assert_checks_clean(&ws);
}

/// `gloss rename-link` reads the corpus, then a reader links with denies in a document that had
/// no such link when it was read, then the rename is made: the file written since is renamed
/// too, so no denies is left.
#[test]
fn a_link_rename_renames_in_a_file_written_since_the_corpus_was_read() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    let cli = gloss::core::corpus::Corpus::open(&ws.corpus(), Some(ws.annotations())).unwrap();
    at_the_link_type_picker(&mut app);
    common::press(&mut app, "d");
    settle(&mut app);
    assert_eq!(names_on_disk(&ws).1, ["denies"]);

    let stamp = Stamp {
        annotator: "renamer".into(),
        time: "2026-01-03T00:00:00Z".into(),
    };
    gloss::core::storage::link_rename::rename(&cli, "denies", "rejects", &stamp).unwrap();
    assert_eq!(names_on_disk(&ws).1, ["rejects"]);
}
