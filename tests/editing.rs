//! The reading-and-tagging loop driven through the real `App`, without a terminal: keys go in as
//! written in the key table, and what comes out is checked in the reader's state and in the bytes
//! of the annotation files on disk.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Workspace, app, current_text, cursor_text, go_to, press, selection_text, type_text};
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::storage::store;
use gloss::tui::state::{App, Focus, Mode, OpenDoc};
use gloss::tui::viewport::RowPos;

const DOC0: &str = "000_073045cb8793dce5.txt";
const DOC1: &str = "001_bcba7e35c127046e.txt";
const DOC2: &str = "002_3e2178b0d7cc894e.txt";
const DOC3: &str = "003_51e4aaa34ca25599.txt";
const DOC4: &str = "004_5fd63ba584e4c364.txt";
const TIME: &str = "2026-01-02T03:04:05Z";

fn open(app: &App) -> &OpenDoc {
    app.open.as_ref().expect("a document is open")
}

/// The cursor sentence's number, counted from 0.
fn cursor(app: &App) -> usize {
    let open = open(app);
    let span = app.reader.cursor.as_ref().expect("a cursor");
    open.doc
        .sentence_number(span)
        .expect("a short document is indexed at once")
}

/// Opens entry `n` of the corpus the way a user does: the document list, `j` n times, `Enter`.
fn open_doc(app: &mut App, n: usize) {
    press(app, "S-Tab g");
    assert_eq!(app.focus, Focus::List);
    for _ in 0..n {
        press(app, "j");
    }
    press(app, "Enter");
    assert_eq!(open(app).entry, n);
    assert_eq!(app.focus, Focus::Reader);
}

fn annotation_file(ws: &Workspace, doc: &str) -> PathBuf {
    ws.annotations().join(format!("{doc}.toml"))
}

/// Waits for the background writer, then reads the annotation file of `doc` (`None` if absent).
fn on_disk(app: &App, ws: &Workspace, doc: &str) -> Option<String> {
    app.writer.flush();
    match std::fs::read_to_string(annotation_file(ws, doc)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{e}"),
    }
}

/// The annotations stored on disk for `doc`, parsed back.
fn stored(app: &App, ws: &Workspace, doc: &str) -> Vec<Annotation> {
    let text = on_disk(app, ws, doc).unwrap_or_else(|| panic!("{doc} has no annotation file"));
    store::from_toml(&text, &annotation_file(ws, doc))
        .expect("the saved file parses")
        .annotations
}

/// The code points `start..end` of the open document: what an annotation's offsets point at.
fn chars_at(app: &App, a: &Annotation) -> String {
    open(app)
        .doc
        .text
        .chars()
        .skip(a.start)
        .take(a.end - a.start)
        .collect()
}

fn tags(a: &Annotation) -> Vec<&str> {
    a.tags.iter().map(String::as_str).collect()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn text_size(app: &App) -> (usize, usize) {
    app.panes().expect("the layout fits").text_size()
}

/// Every row of the cursor sentence lies inside the reading pane.
fn assert_cursor_sentence_in_view(app: &App) {
    let (width, height) = text_size(app);
    let open = open(app);
    let layout = open.layout(width);
    let span = app.reader.cursor_span().unwrap();
    let first = layout.row_of(span.start);
    let last = layout.row_of(span.end - 1);
    assert!(
        first >= app.reader.top,
        "the cursor sentence starts at {first:?}, above the view at {:?}",
        app.reader.top
    );
    let below = layout.distance(app.reader.top, last, height + 1);
    assert!(
        below < height,
        "the cursor sentence ends {below} rows below the top of a {height}-row pane"
    );
}

/// At least part of the cursor sentence is on screen.
fn assert_cursor_visible(app: &App) {
    let (width, height) = text_size(app);
    let open = open(app);
    let span = app.reader.cursor_span().unwrap();
    let shown = open.layout(width).visible(app.reader.top, height);
    assert!(
        shown
            .iter()
            .any(|(r, _)| r.start < span.end && span.start < r.end),
        "the cursor sentence {:?} is not among the rows shown from {:?}",
        cursor_text(app),
        app.reader.top
    );
}

// 1. The sentence cursor.

#[test]
fn j_and_k_step_through_real_sentences_and_keep_abbreviations_inside_them() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    assert_eq!(open(&app).entry, 0);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(cursor(&app), 0);
    assert!(cursor_text(&app).starts_with("Forget the Great Firewall"));

    open_doc(&mut app, 4);
    assert_eq!(
        cursor_text(&app),
        "China's Cybersecurity Push and the Need for Sino-U.S. Cooperation"
    );
    press(&mut app, "j");
    assert_eq!(cursor(&app), 1);
    assert_eq!(cursor_text(&app), "Commentary | March 18, 2014");
    press(&mut app, "j j");
    assert_eq!(
        cursor_text(&app),
        "The U.S. and China must work together more closely to combat cyber crime and develop a \
         mutually beneficial relationship."
    );
    press(&mut app, "k");
    assert_eq!(cursor(&app), 2);
    assert!(cursor_text(&app).starts_with("Writing for China-U.S. Focus, Franz-Stefan Gady"));

    go_to(&mut app, "Diplomats and foreign policy makers");
    let sentence = cursor_text(&app);
    assert!(
        sentence.contains("(Coincidentally, in the U.S. State Department, a new function"),
        "{sentence}"
    );
    assert!(
        sentence.ends_with("International Information Technology Diplomacy)."),
        "{sentence}"
    );
    let at = cursor(&app);
    press(&mut app, "j");
    assert_eq!(cursor(&app), at + 1);
    assert!(cursor_text(&app).starts_with("It also confirms that even in the high echelons"));
    press(&mut app, "k");
    assert_eq!(cursor_text(&app), sentence);

    go_to(
        &mut app,
        "For example, my colleague Dr. Greg Austin, in a keynote",
    );
    assert!(
        cursor_text(&app).ends_with("exchanges and clearing houses in cyberspace."),
        "{}",
        cursor_text(&app)
    );
    press(&mut app, "j");
    assert!(cursor_text(&app).starts_with("Austin argues, “states should commit by treaty"));
}

#[test]
fn j_and_k_stop_at_either_end() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 4);
    press(&mut app, "k k");
    assert_eq!(cursor(&app), 0);
    let last = open(&app).doc.sentences().len() - 1;
    press(&mut app, "G j j Down");
    assert_eq!(cursor(&app), last);
    press(&mut app, "Up");
    assert_eq!(cursor(&app), last - 1);
}

#[test]
fn g_and_shift_g_go_to_either_end_and_the_view_follows() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 3);
    let (width, height) = text_size(&app);
    assert_eq!(
        (width, height),
        (57, 33),
        "the pane the test was written for"
    );
    assert_eq!(app.reader.top, RowPos::default());

    press(&mut app, "G");
    let last = open(&app).doc.sentences().len() - 1;
    assert_eq!(cursor(&app), last);
    assert_eq!(
        cursor_text(&app),
        "你将离开清华—卡内基中心网站,进入卡内基其他全球中心的网站。"
    );
    assert!(
        app.reader.top > RowPos::default(),
        "the view stayed at the top"
    );
    assert_cursor_sentence_in_view(&app);
    // The end of the document is at the bottom of the pane, not somewhere in the middle.
    let layout = open(&app).layout(width);
    let bottom = layout.last_row();
    assert_eq!(layout.distance(app.reader.top, bottom, 1000), height - 1);

    press(&mut app, "g");
    assert_eq!(cursor(&app), 0);
    assert_eq!(app.reader.top, RowPos::default());

    // Stepping down keeps the cursor in view all the way, and so does stepping back up.
    for _ in 0..60 {
        press(&mut app, "j");
        assert_cursor_sentence_in_view(&app);
    }
    assert!(app.reader.top > RowPos::default());
    for _ in 0..60 {
        press(&mut app, "k");
        assert_cursor_sentence_in_view(&app);
    }
    assert_eq!(cursor(&app), 0);
    assert_eq!(app.reader.top, RowPos::default());

    press(&mut app, "End");
    assert_eq!(cursor(&app), last);
    press(&mut app, "Home");
    assert_eq!(cursor(&app), 0);
}

// 2. Page keys.

#[test]
fn page_keys_scroll_the_view_and_keep_the_cursor_visible() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 3);
    let (width, height) = text_size(&app);
    let rows_from_top = |app: &App| {
        open(app)
            .layout(width)
            .distance(RowPos::default(), app.reader.top, 10_000)
    };

    press(&mut app, "Space");
    assert_eq!(rows_from_top(&app), height);
    assert!(cursor(&app) > 0, "the cursor was left above the view");
    // Wholly in view, so that a tag key reaches no text off the pane.
    assert_cursor_sentence_in_view(&app);

    press(&mut app, "Space");
    assert_eq!(rows_from_top(&app), 2 * height);
    assert_cursor_visible(&app);
    let cursor_after_pages = cursor(&app);

    press(&mut app, "C-d");
    assert_eq!(rows_from_top(&app), 2 * height + height / 2);
    assert_cursor_visible(&app);

    press(&mut app, "C-u");
    assert_eq!(rows_from_top(&app), 2 * height);
    assert_cursor_visible(&app);

    press(&mut app, "C-b");
    assert_eq!(rows_from_top(&app), height);
    assert_cursor_sentence_in_view(&app);
    assert!(
        cursor(&app) < cursor_after_pages,
        "the cursor was left below the view"
    );

    press(&mut app, "C-b C-b");
    assert_eq!(app.reader.top, RowPos::default());
    assert_cursor_visible(&app);

    // Paging down to the end stops with the last row at the bottom of the pane.
    for _ in 0..40 {
        press(&mut app, "PageDown");
        assert_cursor_sentence_in_view(&app);
    }
    assert_eq!(
        app.reader.top,
        open(&app).layout(width).max_top(height),
        "paged past the end"
    );
    // `j` from a cursor put on the view by paging moves on from there, not from where it was.
    let at = cursor(&app);
    press(&mut app, "j");
    assert_eq!(cursor(&app), (at + 1).min(doc_len(&app) - 1));
    assert_cursor_sentence_in_view(&app);
}

fn doc_len(app: &App) -> usize {
    open(app).doc.sentences().len()
}

#[test]
fn paging_leaves_a_visible_cursor_where_it_is() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 3);
    let (width, _) = text_size(&app);
    press(&mut app, "Space");
    let at = cursor(&app);
    // The first sentence that starts on the pane, not one cut by its top.
    let first_shown = |app: &App| {
        let open = open(app);
        let row = open.layout(width).visible(app.reader.top, 1)[0].0.clone();
        let s = open.doc.sentence_at(row.start).unwrap();
        let s = match s.start < row.start {
            true => open.doc.next_sentence(&s).unwrap(),
            false => s,
        };
        open.doc.sentence_number(&s).unwrap()
    };
    assert_eq!(
        at,
        first_shown(&app),
        "the cursor is not on the first sentence that starts on the pane"
    );
    // Half a page back up, the cursor is still on screen: it stays.
    press(&mut app, "C-u");
    assert_eq!(cursor(&app), at);
    assert!(first_shown(&app) < at);
    press(&mut app, "C-d");
    assert_eq!(cursor(&app), at);
    // Half a page further down it is not, and comes along to the top of the view.
    press(&mut app, "C-d");
    assert!(cursor(&app) > at);
    assert_eq!(cursor(&app), first_shown(&app));
    assert_cursor_visible(&app);
}

// 3. Tagging.

#[test]
fn tag_keys_create_extend_and_remove_an_annotation_on_the_cursor_sentence() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "China, meanwhile, released a blueprint");
    let sentence = cursor_text(&app);
    assert_eq!(on_disk(&app, &ws, DOC0), None);

    press(&mut app, "a");
    let anns = app.open_annotations().to_vec();
    assert_eq!(anns.len(), 1);
    let a = &anns[0];
    assert_eq!(tags(a), ["accusation"]);
    assert_eq!(a.quote, sentence);
    assert_eq!(chars_at(&app, a), sentence);
    // The text before holds curly apostrophes: code points, not bytes.
    let byte_start = app.reader.cursor_span().unwrap().start;
    assert!(a.start < byte_start, "{} is a byte offset", a.start);
    assert_eq!(a.end - a.start, sentence.chars().count());
    assert_eq!(a.annotator, "tester");
    assert_eq!((a.created.as_str(), a.modified.as_str()), (TIME, TIME));
    assert!(a.note.is_empty());
    assert!(a.suffix.starts_with(" “Enhanced defence capability"));
    assert!(a.prefix.ends_with("cybersecurity overhaul.\n\n"));
    assert_eq!(stored(&app, &ws, DOC0), anns);
    let text = on_disk(&app, &ws, DOC0).unwrap();
    assert!(text.contains(&format!("document = \"{DOC0}\"")), "{text}");
    assert!(text.contains("tags = [\"accusation\"]"), "{text}");
    assert_eq!(text.matches("[[annotation]]").count(), 1);

    // A later change keeps the annotation and its creation time and stamps the modification.
    app.stamp = Box::new(|| Stamp {
        annotator: "tester".into(),
        time: "2026-02-03T04:05:06Z".into(),
    });
    let id = a.id.clone();
    press(&mut app, "1");
    let b = &app.open_annotations()[0];
    assert_eq!(app.open_annotations().len(), 1);
    assert_eq!(b.id, id);
    assert_eq!(tags(b), ["accusation", "authoritative"]);
    assert_eq!(
        (b.created.as_str(), b.modified.as_str()),
        (TIME, "2026-02-03T04:05:06Z")
    );

    // Tags are kept in the order of the scheme, not the order pressed.
    press(&mut app, "s");
    assert_eq!(
        tags(&app.open_annotations()[0]),
        ["accusation", "statistic", "authoritative"]
    );
    press(&mut app, "r");
    assert_eq!(
        tags(&app.open_annotations()[0]),
        ["accusation", "denial", "statistic", "authoritative"]
    );
    assert_eq!(stored(&app, &ws, DOC0), app.open_annotations());
    assert!(
        on_disk(&app, &ws, DOC0)
            .unwrap()
            .contains("tags = [\"accusation\", \"denial\", \"statistic\", \"authoritative\"]")
    );

    // A key the span already has takes that tag off.
    press(&mut app, "a");
    assert_eq!(
        tags(&app.open_annotations()[0]),
        ["denial", "statistic", "authoritative"]
    );
    assert_eq!(app.open_annotations()[0].id, id);
    press(&mut app, "s r");
    assert_eq!(tags(&app.open_annotations()[0]), ["authoritative"]);
    assert_eq!(stored(&app, &ws, DOC0), app.open_annotations());

    // Taking off the last tag of an annotation without a note deletes it.
    press(&mut app, "1");
    assert!(app.open_annotations().is_empty());
    assert_eq!(stored(&app, &ws, DOC0), []);
    assert!(!on_disk(&app, &ws, DOC0).unwrap().contains("[[annotation]]"));
}

#[test]
fn tagging_two_sentences_makes_two_annotations_in_text_order() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Long also warned");
    press(&mut app, "p");
    press(&mut app, "g");
    go_to(&mut app, "Cybersecurity has been a flashpoint");
    press(&mut app, "a");
    let anns = stored(&app, &ws, DOC0);
    assert_eq!(anns.len(), 2);
    assert!(
        anns[0]
            .quote
            .starts_with("Cybersecurity has been a flashpoint")
    );
    assert!(anns[1].quote.starts_with("Long also warned"));
    assert_eq!(anns, app.open_annotations());
    for a in &anns {
        assert_eq!(chars_at(&app, a), a.quote);
    }
}

#[test]
fn the_tag_keys_do_nothing_outside_the_reading_pane() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Sidebar);
    press(&mut app, "a c 1");
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, "a c 1");
    assert!(app.open_annotations().is_empty());
    assert_eq!(on_disk(&app, &ws, DOC0), None);
}

// 4. Selections.

#[test]
fn a_selection_grows_by_sentence_and_word_and_tagging_it_annotates_exactly_that() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "«We are not like some people");
    let first = cursor_text(&app);
    press(&mut app, "v");
    assert_eq!(selection_text(&app).as_deref(), Some(first.as_str()));
    press(&mut app, "j");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some(
            "«We are not like some people who always label themselves as victims and point \
             their fingers at others. We firmly oppose and harshly punish hacking activities."
        )
    );
    assert!(cursor_text(&app).starts_with("We firmly"));

    // `l` ends it a word later, `h` a word earlier.
    press(&mut app, "l");
    assert!(
        selection_text(&app)
            .unwrap()
            .ends_with("hacking activities. This"),
        "{:?}",
        selection_text(&app)
    );
    press(&mut app, "h");
    assert!(
        selection_text(&app)
            .unwrap()
            .ends_with("harshly punish hacking activities"),
        "{:?}",
        selection_text(&app)
    );
    press(&mut app, "j");
    assert!(
        selection_text(&app)
            .unwrap()
            .ends_with("clear,» he said, without naming the US."),
    );
    press(&mut app, "h Left");
    let chosen = selection_text(&app).unwrap();
    assert!(chosen.starts_with("«We are not like"), "{chosen}");
    assert!(
        chosen.ends_with("consistent and clear,» he said, without naming"),
        "{chosen}"
    );

    press(&mut app, "c");
    // Tagging ends the selection; what it tagged is the current annotation, so that a second
    // key tags the same span.
    assert_eq!(selection_text(&app), None);
    assert_eq!(current_text(&app).unwrap(), chosen);
    press(&mut app, "2");
    let anns = app.open_annotations().to_vec();
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].tags, ["policy commitment", "quasi-authoritative"]);
    press(&mut app, "2");
    let anns = app.open_annotations().to_vec();
    let a = &anns[0];
    assert_eq!(tags(a), ["policy commitment"]);
    assert_eq!(a.quote, chosen);
    assert_eq!(chars_at(&app, a), chosen);
    let bytes = open(&app).doc.text.find(&chosen).unwrap();
    assert!(a.start < bytes, "offsets must count code points, not bytes");
    assert_eq!(a.end - a.start, chosen.chars().count());
    assert_eq!(a.suffix, " the US.\n\nWhen asked to comment ");
    assert_eq!(stored(&app, &ws, DOC1), anns);

    // The same span is found again by selecting it: a second tag goes on the same annotation,
    // and a tag key on the plain sentence makes a separate one.
    press(&mut app, "Esc k k");
    assert!(cursor_text(&app).starts_with("«We are not"));
    press(&mut app, "v j j h h 2");
    let anns = app.open_annotations().to_vec();
    assert_eq!(anns.len(), 1);
    assert_eq!(tags(&anns[0]), ["policy commitment", "quasi-authoritative"]);
    press(&mut app, "Esc k");
    assert!(cursor_text(&app).starts_with("We firmly"));
    press(&mut app, "r");
    let anns = stored(&app, &ws, DOC1);
    assert_eq!(anns.len(), 2);
    assert_eq!(
        anns[1].quote,
        "We firmly oppose and harshly punish hacking activities."
    );
    assert_eq!(tags(&anns[1]), ["denial"]);
}

#[test]
fn shift_h_and_shift_l_move_the_start_of_the_selection_by_a_word() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "This stance is consistent");
    press(&mut app, "v H");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("activities. This stance is consistent and clear,» he said, without naming the US.")
    );
    press(&mut app, "L L");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("stance is consistent and clear,» he said, without naming the US.")
    );
    press(&mut app, "a");
    assert!(app.reader.selection().is_none());
    let a = &stored(&app, &ws, DOC1)[0];
    assert_eq!(
        a.quote,
        "stance is consistent and clear,» he said, without naming the US."
    );
    assert_eq!(chars_at(&app, a), a.quote);
    assert_eq!(a.prefix, "punish hacking activities. This ");
}

#[test]
fn a_word_key_without_a_selection_starts_one_at_the_cursor_sentence() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "We firmly");
    press(&mut app, "h");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("We firmly oppose and harshly punish hacking")
    );
    // A selection never shrinks to nothing.
    press(&mut app, "h h h h h h h h h");
    assert_eq!(selection_text(&app).as_deref(), Some("We"));
    press(&mut app, "L");
    assert_eq!(selection_text(&app).as_deref(), Some("We"));
}

#[test]
fn esc_and_v_drop_the_selection() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "«We are not like");
    press(&mut app, "v j");
    assert!(app.reader.selection().is_some());
    press(&mut app, "Esc");
    assert_eq!(app.reader.selection(), None);
    assert!(cursor_text(&app).starts_with("We firmly"));
    // With the selection gone, a tag key acts on the cursor sentence alone.
    press(&mut app, "r");
    let anns = stored(&app, &ws, DOC1);
    assert_eq!(anns.len(), 1);
    assert_eq!(
        anns[0].quote,
        "We firmly oppose and harshly punish hacking activities."
    );

    press(&mut app, "v l");
    assert!(app.reader.selection().is_some());
    press(&mut app, "v");
    assert_eq!(app.reader.selection(), None);
}

#[test]
fn moving_back_to_the_anchor_shrinks_the_selection_to_it() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "We firmly");
    let anchor = cursor_text(&app);
    press(&mut app, "v k");
    assert!(
        selection_text(&app)
            .unwrap()
            .starts_with("«We are not like")
    );
    assert!(selection_text(&app).unwrap().ends_with(&anchor));
    press(&mut app, "j");
    assert_eq!(selection_text(&app), Some(anchor.clone()));
    press(&mut app, "j");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some(
            "We firmly oppose and harshly punish hacking activities. This stance is consistent \
             and clear,» he said, without naming the US."
        )
    );
    // A start moved by a word is kept while the cursor moves on.
    press(&mut app, "k H j");
    assert_eq!(
        selection_text(&app).as_deref(),
        Some(
            "others. We firmly oppose and harshly punish hacking activities. This stance is \
             consistent and clear,» he said, without naming the US."
        )
    );
}

// 5. Notes.

#[test]
fn n_edits_the_note_of_the_annotation_here_with_unicode_and_cursor_keys() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "China is the victim");
    press(&mut app, "a");
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!("n did not open the note editor: {:?}", app.mode)
    };
    assert_eq!(edit.editor.text(), "");
    assert_eq!(
        edit.id.as_deref(),
        Some(app.open_annotations()[0].id.as_str())
    );

    type_text(&mut app, "Dit «très» 中文");
    press(&mut app, "Left Left Backspace Right");
    type_text(&mut app, "—");
    press(&mut app, "Right");
    type_text(&mut app, "!");
    let Mode::Note(edit) = &app.mode else {
        panic!()
    };
    assert_eq!(edit.editor.text(), "Dit «très»中—文!");
    // Keys that mean something in the reader are text while the note is open.
    type_text(&mut app, " q u d j");
    press(&mut app, "C-s");
    assert!(app.mode.is_normal());
    assert!(!app.should_quit);
    let note = "Dit «très»中—文! q u d j";
    assert_eq!(app.open_annotations()[0].note, note);
    assert_eq!(tags(&app.open_annotations()[0]), ["accusation"]);
    let text = on_disk(&app, &ws, DOC1).unwrap();
    assert!(text.contains(&format!("note = \"{note}\"\n")), "{text}");
    assert_eq!(stored(&app, &ws, DOC1), app.open_annotations());

    // The editor opens on the note written, with the cursor at its end.
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!()
    };
    assert_eq!(edit.editor.text(), note);
    assert_eq!(edit.editor.cursor(), (0, note.chars().count()));
    type_text(&mut app, " and more");
    // A changed note is dropped only at the second Esc.
    press(&mut app, "Esc");
    assert!(matches!(app.mode, Mode::Note(_)));
    assert_eq!(
        status(&app),
        "the note has changed: Esc again drops the changes, C-s saves them"
    );
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());
    assert_eq!(app.open_annotations()[0].note, note);
    assert_eq!(
        on_disk(&app, &ws, DOC1).unwrap(),
        text,
        "Esc changed the file"
    );

    // Saving an unchanged note writes nothing either.
    press(&mut app, "n C-s");
    assert!(app.mode.is_normal());
    assert_eq!(on_disk(&app, &ws, DOC1).unwrap(), text);

    // Emptying the note keeps the tagged annotation.
    press(&mut app, "n C-u C-s");
    assert!(app.open_annotations()[0].note.is_empty());
    assert_eq!(tags(&app.open_annotations()[0]), ["accusation"]);
    assert!(!on_disk(&app, &ws, DOC1).unwrap().contains("note ="));
}

#[test]
fn a_note_on_an_unannotated_sentence_makes_a_note_only_annotation() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "«We need mutual trust");
    let sentence = cursor_text(&app);

    // An empty note makes nothing.
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!()
    };
    assert_eq!(edit.id, None);
    type_text(&mut app, "   ");
    press(&mut app, "C-s");
    assert!(app.open_annotations().is_empty());
    assert_eq!(on_disk(&app, &ws, DOC1), None);

    press(&mut app, "n");
    type_text(&mut app, "  «mutual trust» ≠ trust  ");
    press(&mut app, "C-s");
    let anns = stored(&app, &ws, DOC1);
    assert_eq!(anns.len(), 1);
    let a = &anns[0];
    assert!(a.tags.is_empty());
    assert_eq!(a.note, "«mutual trust» ≠ trust", "the note is trimmed");
    assert_eq!(a.quote, sentence);
    assert_eq!(chars_at(&app, a), sentence);
    assert_eq!((a.annotator.as_str(), a.created.as_str()), ("tester", TIME));
    assert!(on_disk(&app, &ws, DOC1).unwrap().contains("tags = []\n"));

    // Tagging it afterwards adds to the same annotation; taking the tag off again leaves the
    // note, and emptying the note then deletes it.
    press(&mut app, "p");
    assert_eq!(app.open_annotations().len(), 1);
    assert_eq!(app.open_annotations()[0].id, a.id);
    press(&mut app, "p");
    assert_eq!(app.open_annotations().len(), 1);
    assert_eq!(app.open_annotations()[0].note, a.note);
    press(&mut app, "n C-u C-s");
    assert!(app.open_annotations().is_empty());
    assert_eq!(stored(&app, &ws, DOC1), []);
}

#[test]
fn a_note_on_a_selection_goes_on_exactly_the_selection() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "«We need mutual trust");
    press(&mut app, "a v h h h h h h h h h");
    // The sentence's closing » is gone from the selection, so its opening « goes too.
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("We need mutual trust")
    );
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!()
    };
    assert_eq!(
        edit.id, None,
        "the note went on the whole-sentence annotation"
    );
    type_text(&mut app, "«trust»");
    press(&mut app, "C-s");
    // As tagging does, the note ends the selection and its annotation is the current one.
    assert!(app.reader.selection().is_none());
    assert_eq!(current_text(&app).as_deref(), Some("We need mutual trust"));
    let anns = stored(&app, &ws, DOC1);
    assert_eq!(anns.len(), 2);
    assert!(anns[0].note.is_empty());
    assert_eq!(anns[1].quote, "We need mutual trust");
    assert_eq!(anns[1].note, "«trust»");
    assert_eq!(chars_at(&app, &anns[1]), anns[1].quote);
}

#[test]
fn a_note_of_several_lines_is_typed_with_enter_saved_with_c_s_and_written_as_a_multi_line_string() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "China is the victim");
    press(&mut app, "a n");
    type_text(&mut app, "Two claimz");
    press(&mut app, "Enter");
    type_text(&mut app, "- victim, \"quoted\" '''");
    press(&mut app, "Enter Enter");
    type_text(&mut app, "中文 after an empty line");
    // A word typed wrong on the first line, put right from the last one (drawn once, so that
    // the editor knows its rows).
    common::screen::draw(&app, 120, 36);
    press(&mut app, "Up Up Up C-e C-w");
    type_text(&mut app, "claims, two:");
    press(&mut app, "C-s");
    let note = "Two claims, two:\n- victim, \"quoted\" '''\n\n中文 after an empty line";
    assert_eq!(app.open_annotations()[0].note, note);
    let text = on_disk(&app, &ws, DOC1).unwrap();
    assert!(
        text.contains(
            "note = \"\"\"\nTwo claims, two:\n- victim, \"quoted\" '''\n\n中文 after an empty line\"\"\"\n"
        ),
        "{text}"
    );
    // Read back by a TOML parser of its own, the note is the one typed.
    let parsed: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(parsed["annotation"][0]["note"].as_str(), Some(note));
    assert_eq!(stored(&app, &ws, DOC1), app.open_annotations());

    // The editor opens on every line of it, the cursor at its very end.
    press(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!()
    };
    assert_eq!(edit.editor.text(), note);
    assert_eq!(
        edit.editor.cursor(),
        (3, "中文 after an empty line".chars().count())
    );
    // Trailing empty lines are not kept.
    press(&mut app, "Enter Enter C-s");
    assert_eq!(app.open_annotations()[0].note, note);
}

#[test]
fn tab_types_a_tab_into_the_note_and_a_pasted_table_is_saved_with_its_tabs() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "China is the victim");
    press(&mut app, "a n");
    // Pasted as a terminal without bracketed paste sends it: a tab is the Tab key.
    type_text(&mut app, "who");
    press(&mut app, "Tab");
    type_text(&mut app, "says");
    press(&mut app, "Enter");
    type_text(&mut app, "China");
    press(&mut app, "Tab");
    type_text(&mut app, "victim");
    press(&mut app, "C-s");
    assert_first_note(&app, &ws, "who\tsays\nChina\tvictim");
    assert_eq!(stored(&app, &ws, DOC1), app.open_annotations());

    // A table whose first cell is empty keeps the tab that starts it; blank lines around go.
    press(&mut app, "n C-Home Enter Up Tab");
    type_text(&mut app, "2017");
    press(&mut app, "C-Home Enter C-End Enter Enter");
    let Mode::Note(edit) = &app.mode else {
        panic!("n opened no editor")
    };
    assert_eq!(edit.editor.text(), "\n\t2017\nwho\tsays\nChina\tvictim\n\n");
    press(&mut app, "C-s");
    assert_first_note(&app, &ws, "\t2017\nwho\tsays\nChina\tvictim");
}

/// The first annotation of document 1 has `note`, in the reader and, read back by a TOML parser
/// of its own, in its file.
fn assert_first_note(app: &App, ws: &Workspace, note: &str) {
    assert_eq!(app.open_annotations()[0].note, note);
    let text = on_disk(app, ws, DOC1).unwrap();
    let parsed: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(
        parsed["annotation"][0]["note"].as_str(),
        Some(note),
        "{text}"
    );
}

#[test]
fn a_long_note_is_edited_in_the_middle_and_nothing_else_of_it_changes() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "China is the victim");
    let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
    let long = words.join(" ");
    press(&mut app, "a n");
    type_text(&mut app, &long);
    press(&mut app, "C-s");
    assert_eq!(app.open_annotations()[0].note, long);

    // Drawn once, so that the editor knows its width; then to the middle by words.
    press(&mut app, "n C-Home");
    common::screen::draw(&app, 120, 36);
    for _ in 0..200 {
        press(&mut app, "C-Right");
    }
    type_text(&mut app, "INSERTED ");
    // C-w takes back the word before the cursor.
    press(&mut app, "C-Right C-w");
    type_text(&mut app, "w200x ");
    press(&mut app, "C-s");
    let mut expected = words.clone();
    expected.insert(200, "INSERTED".into());
    expected[201] = "w200x".into();
    let expected = expected.join(" ");
    assert_eq!(app.open_annotations()[0].note, expected);
    assert_eq!(stored(&app, &ws, DOC1)[0].note, expected);
    // Undone, the note is the long one again, on disk too.
    press(&mut app, "u");
    assert_eq!(stored(&app, &ws, DOC1)[0].note, long);
}

// 6. Deleting and jumping between annotations.

#[test]
fn bracket_keys_jump_between_annotations_and_d_deletes_the_one_here() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Cybersecurity has been a flashpoint");
    let first = cursor(&app);
    press(&mut app, "a");
    go_to(&mut app, "Long also warned");
    let second = cursor(&app);
    press(&mut app, "p");
    go_to(&mut app, "Chinese public security chief");
    let third = cursor(&app);
    press(&mut app, "s");

    press(&mut app, "g");
    press(&mut app, "]");
    assert_eq!(cursor(&app), first);
    press(&mut app, "]");
    assert_eq!(cursor(&app), second);
    press(&mut app, "]");
    assert_eq!(cursor(&app), third);
    assert_cursor_sentence_in_view(&app);
    press(&mut app, "]");
    assert_eq!(cursor(&app), third);
    assert_eq!(status(&app), "no annotation after this one");
    press(&mut app, "[ [");
    assert_eq!(cursor(&app), first);
    press(&mut app, "[");
    assert_eq!(cursor(&app), first);
    assert_eq!(status(&app), "no annotation before this one");
    press(&mut app, "G [");
    assert_eq!(cursor(&app), third);

    // `d` on a sentence without an annotation changes nothing.
    press(&mut app, "k");
    let before = on_disk(&app, &ws, DOC0).unwrap();
    press(&mut app, "d");
    assert_eq!(status(&app), "no annotation here to delete");
    assert_eq!(app.open_annotations().len(), 3);
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), before);

    press(&mut app, "[");
    assert_eq!(cursor(&app), second);
    press(&mut app, "d");
    let anns = stored(&app, &ws, DOC0);
    assert_eq!(anns.len(), 2);
    assert!(anns[0].quote.starts_with("Cybersecurity has been"));
    assert!(anns[1].quote.starts_with("Chinese public security chief"));
    assert_eq!(anns, app.open_annotations());
    press(&mut app, "g ] ]");
    assert_eq!(cursor(&app), third);
}

/// The status bar's label for the current annotation: what the next tag key acts on.
fn pick_label(app: &App) -> String {
    let screen = common::screen::text(&common::screen::draw(app, 140, 40));
    let line = screen.lines().last().expect("a status bar");
    let label = line.split('│').find(|part| part.contains(" · "));
    label.unwrap_or("").trim().to_owned()
}

#[test]
fn bracket_keys_follow_annotations_added_deleted_and_undone_and_the_status_bar_names_the_one_reached()
 {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Cybersecurity has been a flashpoint");
    press(&mut app, "a");
    go_to(&mut app, "Long also warned");
    press(&mut app, "p");
    go_to(&mut app, "Chinese public security chief");
    press(&mut app, "s");

    press(&mut app, "g ]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Cybersecurity has been")
    );
    assert_eq!(pick_label(&app), "TAGGED · a — next tag key adds to it");
    press(&mut app, "]");
    assert!(current_text(&app).unwrap().starts_with("Long also warned"));
    assert_eq!(pick_label(&app), "TAGGED · p — next tag key adds to it");

    // Deleted, the middle one is skipped; undone, it is reached again with its tag.
    press(&mut app, "d");
    press(&mut app, "g ] ]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Chinese public security chief")
    );
    assert_eq!(pick_label(&app), "TAGGED · s — next tag key adds to it");
    press(&mut app, "u");
    press(&mut app, "G [ [");
    assert!(current_text(&app).unwrap().starts_with("Long also warned"));
    assert_eq!(pick_label(&app), "TAGGED · p — next tag key adds to it");

    // One added before it, and a tag added to the current one, are reached as they now are.
    press(&mut app, "g");
    go_to(&mut app, "Since taking office");
    press(&mut app, "s");
    press(&mut app, "g ] ]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Since taking office")
    );
    assert_eq!(pick_label(&app), "TAGGED · s — next tag key adds to it");
    press(&mut app, "a");
    press(&mut app, "g ] ]");
    assert_eq!(pick_label(&app), "TAGGED · a,s — next tag key adds to it");
    press(&mut app, "]");
    assert!(current_text(&app).unwrap().starts_with("Long also warned"));

    // Two annotations that start at one byte (a sentence and its first words) are both reached,
    // the shorter first; undoing the shorter one leaves the sentence's alone.
    press(&mut app, "h h h p");
    let part = current_text(&app).unwrap();
    assert!(
        part.starts_with("Long also") && !part.contains("cyberspace"),
        "{part}"
    );
    press(&mut app, "g ] ] ]");
    assert_eq!(current_text(&app), Some(part));
    press(&mut app, "]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Long also warned against")
    );
    press(&mut app, "]");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Chinese public security chief")
    );
    press(&mut app, "u G [ [");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Long also warned against")
    );
    press(&mut app, "[ [ [");
    assert!(
        current_text(&app)
            .unwrap()
            .starts_with("Cybersecurity has been")
    );
    assert_eq!(status(&app), "no annotation before this one");
}

#[test]
fn jumping_to_a_part_of_a_sentence_selects_it_so_that_d_deletes_it() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 1);
    go_to(&mut app, "We firmly");
    let sentence = cursor(&app);
    press(&mut app, "p");
    press(&mut app, "h h h a");
    assert_eq!(app.open_annotations().len(), 2);
    press(&mut app, "g ]");
    assert_eq!(cursor(&app), sentence);
    // The first annotation in text order is the shorter one (same start, earlier end); it is
    // the current one, not a selection that a motion would grow.
    assert_eq!(selection_text(&app), None);
    assert_eq!(
        current_text(&app).as_deref(),
        Some("We firmly oppose and harshly")
    );
    press(&mut app, "d");
    let anns = stored(&app, &ws, DOC1);
    assert_eq!(anns.len(), 1);
    assert_eq!(tags(&anns[0]), ["position/norm"]);
    assert_eq!(
        anns[0].quote,
        "We firmly oppose and harshly punish hacking activities."
    );
}

// 7. Undo and redo.

#[test]
fn undo_and_redo_walk_every_kind_of_change_and_the_file_follows() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "“The US policy on cybersecurity");
    let sentence = cursor(&app);
    press(&mut app, "a");
    let tagged = on_disk(&app, &ws, DOC0).unwrap();
    press(&mut app, "1");
    let two_tags = on_disk(&app, &ws, DOC0).unwrap();
    press(&mut app, "a");
    let untagged = on_disk(&app, &ws, DOC0).unwrap();
    press(&mut app, "n");
    type_text(&mut app, "«wait and see»");
    press(&mut app, "C-s");
    let noted = on_disk(&app, &ws, DOC0).unwrap();
    press(&mut app, "d");
    let deleted = on_disk(&app, &ws, DOC0).unwrap();
    let states = [&tagged, &two_tags, &untagged, &noted, &deleted];
    for (i, a) in states.iter().enumerate() {
        for b in &states[i + 1..] {
            assert_ne!(a, b, "two changes left the same file");
        }
    }
    assert!(deleted.ends_with(&format!("content_hash = \"{}\"\n", open(&app).doc.hash())));

    // Undo puts back each earlier file, byte for byte, and the cursor on the change.
    press(&mut app, "G u");
    assert_eq!(cursor(&app), sentence);
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), noted);
    assert!(
        status(&app).starts_with("undid: deleted the annotation"),
        "{}",
        status(&app)
    );
    press(&mut app, "u");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), untagged);
    assert_eq!(status(&app), "undid: noted");
    press(&mut app, "u");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), two_tags);
    assert_eq!(status(&app), "undid: removed accusation");
    press(&mut app, "u");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), tagged);
    assert_eq!(stored(&app, &ws, DOC0), app.open_annotations());
    press(&mut app, "u");
    assert!(app.open_annotations().is_empty());
    assert_eq!(stored(&app, &ws, DOC0), []);
    press(&mut app, "u");
    assert_eq!(status(&app), "nothing to undo");

    // Redo replays them, byte for byte.
    press(&mut app, "g C-r");
    assert_eq!(cursor(&app), sentence);
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), tagged);
    press(&mut app, "C-r");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), two_tags);
    press(&mut app, "C-r");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), untagged);
    press(&mut app, "C-r");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), noted);
    assert_eq!(app.open_annotations()[0].note, "«wait and see»");
    press(&mut app, "C-r");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), deleted);
    press(&mut app, "C-r");
    assert_eq!(status(&app), "nothing to redo");

    // A new change after an undo drops what could have been redone.
    press(&mut app, "u u");
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), untagged);
    press(&mut app, "c");
    press(&mut app, "C-r");
    assert_eq!(status(&app), "nothing to redo");
    assert!(
        on_disk(&app, &ws, DOC0)
            .unwrap()
            .contains("tags = [\"policy commitment\", \"authoritative\"]")
    );
}

#[test]
fn undo_of_a_change_in_another_document_reopens_it() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    go_to(&mut app, "Long also warned");
    press(&mut app, "p");
    let doc0 = on_disk(&app, &ws, DOC0).unwrap();
    open_doc(&mut app, 2);
    go_to(&mut app, "These regulations will officially");
    let sentence2 = cursor(&app);
    press(&mut app, "c");
    let doc2 = on_disk(&app, &ws, DOC2).unwrap();
    open_doc(&mut app, 4);

    press(&mut app, "u");
    assert_eq!(open(&app).entry, 2);
    assert_eq!(app.list.selected, 2);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(cursor(&app), sentence2);
    assert!(app.open_annotations().is_empty());
    assert_eq!(stored(&app, &ws, DOC2), []);
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), doc0);

    press(&mut app, "u");
    assert_eq!(open(&app).entry, 0);
    assert!(cursor_text(&app).starts_with("Long also warned"));
    assert_eq!(stored(&app, &ws, DOC0), []);

    press(&mut app, "C-r");
    assert_eq!(open(&app).entry, 0);
    assert_eq!(on_disk(&app, &ws, DOC0).unwrap(), doc0);
    press(&mut app, "C-r");
    assert_eq!(open(&app).entry, 2);
    assert_eq!(cursor(&app), sentence2);
    assert_eq!(on_disk(&app, &ws, DOC2).unwrap(), doc2);
    assert_eq!(on_disk(&app, &ws, DOC4), None);
}

// 8. Focus.

#[test]
fn tab_cycles_the_panes_and_the_list_opens_documents() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    assert_eq!(app.focus, Focus::Reader);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Sidebar);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Reader);
    press(&mut app, "S-Tab");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, "S-Tab");
    assert_eq!(app.focus, Focus::Sidebar);
    press(&mut app, "S-Tab S-Tab");
    assert_eq!(app.focus, Focus::List);

    // In the list, j and k move the selection, not the reader's cursor.
    press(&mut app, "j");
    assert_eq!(app.list.selected, 1);
    assert_eq!(open(&app).entry, 0);
    assert_eq!(cursor(&app), 0);
    press(&mut app, "Enter");
    assert_eq!(open(&app).entry, 1);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(cursor(&app), 0);
    assert_eq!(cursor_text(&app), "Author: Bai Tiantian");
    press(&mut app, "j");
    assert_eq!(cursor(&app), 1);

    press(&mut app, "S-Tab G");
    assert_eq!(app.list.selected, 4);
    press(&mut app, "j");
    assert_eq!(app.list.selected, 4);
    press(&mut app, "k l");
    assert_eq!(open(&app).entry, 3);
    assert_eq!(cursor(&app), 0);
    assert_eq!(app.reader.top, RowPos::default());
}

#[test]
fn the_sidebar_jumps_the_reading_pane_to_an_annotation() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 3);
    go_to(&mut app, "Beijing has repeatedly denied");
    let early = cursor(&app);
    press(&mut app, "r");
    press(&mut app, "G");
    let last = cursor(&app);
    press(&mut app, "s");
    press(&mut app, "g");
    assert_eq!(app.reader.top, RowPos::default());

    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Sidebar);
    press(&mut app, "k");
    assert_eq!(app.sidebar.selected, 0);
    press(&mut app, "j");
    assert_eq!(app.sidebar.selected, 1);
    press(&mut app, "j");
    assert_eq!(app.sidebar.selected, 1, "moved past the last annotation");
    assert_eq!(cursor(&app), 0, "the sidebar moved the reader before Enter");
    press(&mut app, "Enter");
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(cursor(&app), last);
    assert!(app.reader.top > RowPos::default());
    assert_cursor_sentence_in_view(&app);

    // Focusing the sidebar selects the annotation under the cursor.
    press(&mut app, "g");
    go_to(&mut app, "Beijing has repeatedly denied");
    press(&mut app, "Tab");
    assert_eq!(app.sidebar.selected, 0);
    press(&mut app, "j k Enter");
    assert_eq!(cursor(&app), early);
    assert_cursor_sentence_in_view(&app);

    // `d` in the sidebar deletes the selected annotation.
    press(&mut app, "Tab j d");
    assert_eq!(app.focus, Focus::Sidebar);
    let anns = stored(&app, &ws, DOC3);
    assert_eq!(anns.len(), 1);
    assert!(anns[0].quote.starts_with("Beijing has repeatedly denied"));
}

// 9. A broken annotation file.

#[test]
fn a_broken_annotation_file_makes_its_document_read_only_and_is_never_overwritten() {
    let ws = Workspace::new(false);
    std::fs::create_dir_all(ws.annotations()).unwrap();
    let broken = annotation_file(&ws, DOC1);
    let garbage = "format = 1\ndocument = \"001_bcba7e35c127046e.txt\"\n[[annotation]\nid = \n";
    std::fs::write(&broken, garbage).unwrap();
    let mut app = app(&ws);

    open_doc(&mut app, 1);
    let shown = app.status.clone().expect("a status");
    assert!(shown.error);
    assert!(shown.text.starts_with("read-only: "), "{}", shown.text);
    assert!(
        shown.text.contains(&format!("{}:3:", broken.display())),
        "the status does not name the file and line: {}",
        shown.text
    );

    go_to(&mut app, "We firmly");
    press(&mut app, "a 1 v j c d n");
    type_text(&mut app, "x");
    press(&mut app, "Enter");
    assert!(app.mode.is_normal());
    assert!(app.open_annotations().is_empty());
    assert!(
        status(&app).starts_with("read-only, nothing changed: "),
        "{}",
        status(&app)
    );
    press(&mut app, "u");
    assert_eq!(status(&app), "nothing to undo");
    assert_eq!(on_disk(&app, &ws, DOC1).unwrap(), garbage);

    // The other documents still work, and undo there leaves the broken file alone.
    open_doc(&mut app, 2);
    assert!(app.status.is_none());
    press(&mut app, "a");
    assert_eq!(stored(&app, &ws, DOC2).len(), 1);
    open_doc(&mut app, 1);
    press(&mut app, "u");
    assert_eq!(open(&app).entry, 2);
    assert_eq!(stored(&app, &ws, DOC2), []);
    assert_eq!(on_disk(&app, &ws, DOC1).unwrap(), garbage);
    press(&mut app, "q");
    assert!(app.should_quit);
    assert_eq!(on_disk(&app, &ws, DOC1).unwrap(), garbage);
}

// 10. Quitting and help.

#[test]
fn q_quits_and_help_opens_and_closes() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    let sentence = common::cursor_text(&app);
    press(&mut app, "F1");
    assert!(matches!(&app.mode, Mode::Help(h) if h.scroll == 0));
    // The help's own keys scroll it, and reach nothing behind it: the text there is hidden.
    press(&mut app, "j j");
    assert!(matches!(&app.mode, Mode::Help(h) if h.scroll == 2));
    // The key that closes the help does nothing else.
    press(&mut app, "q");
    assert!(app.mode.is_normal());
    assert!(!app.should_quit);
    assert_eq!(
        common::cursor_text(&app),
        sentence,
        "j scrolled the help only"
    );
    // Nor does any other key, which closes it: a motion or a tag key would act unseen.
    press(&mut app, "F1 G");
    assert!(app.mode.is_normal());
    assert_eq!(common::cursor_text(&app), sentence);
    press(&mut app, "F1");
    assert!(matches!(&app.mode, Mode::Help(h) if h.scroll == 0));
    press(&mut app, "a");
    assert!(app.mode.is_normal());
    assert!(app.open_annotations().is_empty());
    press(&mut app, "Tab ?");
    assert!(matches!(app.mode, Mode::Help(_)));
    press(&mut app, "Esc Tab ?");
    assert_eq!(app.focus, Focus::List);
    assert!(matches!(app.mode, Mode::Help(_)));
    // In the reading pane, `?` searches backward.
    press(&mut app, "Esc Tab ?");
    assert_eq!(app.focus, Focus::Reader);
    assert!(matches!(app.mode, Mode::Prompt(_)));
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());

    press(&mut app, "q");
    assert!(app.should_quit);

    let mut app = common::app(&ws);
    press(&mut app, "C-c");
    assert!(app.should_quit);
}

// 11. Deterministic output.

fn session(ws: &Workspace) -> Vec<(&'static str, Option<String>)> {
    let mut app = app(ws);
    go_to(&mut app, "Cybersecurity has been a flashpoint");
    press(&mut app, "a 1 j v j l l r");
    press(&mut app, "n");
    type_text(&mut app, "«note» 中文 ‘quoted’ \"and\" \\ back");
    press(&mut app, "C-s");
    open_doc(&mut app, 1);
    go_to(&mut app, "«We are not like");
    press(&mut app, "v j j h c 2 k k p n");
    type_text(&mut app, "second");
    press(&mut app, "C-s j d u u C-r");
    open_doc(&mut app, 4);
    press(&mut app, "G s 3 u");
    open_doc(&mut app, 3);
    press(&mut app, "Space n");
    type_text(&mut app, "on page two");
    press(&mut app, "C-s");
    app.writer.flush();
    [DOC0, DOC1, DOC2, DOC3, DOC4]
        .into_iter()
        .map(|d| {
            let text = on_disk(&app, ws, d).map(|t| {
                t.lines()
                    .map(|l| {
                        if l.starts_with("id = ") {
                            "id = …"
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            (d, text)
        })
        .collect()
}

#[test]
fn the_same_keys_give_the_same_files() {
    let (one, two) = (Workspace::new(false), Workspace::new(false));
    let first = session(&one);
    let second = session(&two);
    assert_eq!(first, second);
    let written: Vec<_> = first.iter().filter(|(_, t)| t.is_some()).collect();
    assert_eq!(written.len(), 4, "{first:#?}");
    assert!(first[2].1.is_none());
    let doc0 = first[0].1.as_deref().unwrap();
    assert_eq!(doc0.matches("[[annotation]]").count(), 2, "{doc0}");
    assert!(
        doc0.contains("note = \"«note» 中文 ‘quoted’ \\\"and\\\" \\\\ back\""),
        "{doc0}"
    );
    // Only the ids differ, and they are fresh.
    let ids = |ws: &Workspace| -> Vec<String> {
        [DOC0, DOC1, DOC3]
            .iter()
            .flat_map(|d| {
                let path = annotation_file(ws, d);
                store::load(&path).unwrap().unwrap().annotations
            })
            .map(|a| a.id)
            .collect()
    };
    let (a, b) = (ids(&one), ids(&two));
    assert_eq!(a.len(), b.len());
    assert!(a.iter().all(|id| !b.contains(id)));
}

/// Chinese text wraps between characters, so a sentence can start exactly where the row above
/// ends; paging up must still count it as below the view.
#[test]
fn paging_up_over_chinese_text_keeps_the_cursor_visible() {
    let ws = Workspace::new(false);
    // Each sentence is 56 columns wide, one row of the 57-column pane: the next starts the next row.
    let sentence: String = "网络安全是国家安全的重要组成部分各国应当加强合作共同维护"
        .chars()
        .take(27)
        .chain(['。'])
        .collect();
    let paragraph = sentence.repeat(40);
    std::fs::write(
        ws.corpus().join("005_zh.txt"),
        format!("{paragraph}\n\n{paragraph}\n"),
    )
    .unwrap();
    let mut app = app(&ws);
    open_doc(&mut app, 5);
    let (width, height) = text_size(&app);
    assert_eq!(
        open(&app).layout(width).line_rows(0).len(),
        40,
        "one sentence a row"
    );
    press(&mut app, "Space");
    assert_eq!(cursor(&app), height);
    assert_cursor_visible(&app);
    press(&mut app, "C-b");
    assert_eq!(app.reader.top, RowPos::default());
    assert_cursor_visible(&app);
    assert_eq!(cursor(&app), height - 1);
    press(&mut app, "Space C-u");
    assert_cursor_visible(&app);
}

#[test]
fn without_a_tag_file_the_reader_says_so_and_uses_the_built_in_tags() {
    let ws = Workspace::new(false);
    std::fs::remove_file(ws.corpus().join("tags.toml")).unwrap();
    let mut app = app(&ws);
    assert_eq!(open(&app).entry, 0);
    let shown = status(&app);
    assert!(
        shown.contains("tags.toml not found: using the built-in tags"),
        "the first screen does not say that the tag file is missing: {shown:?}"
    );
    press(&mut app, "a 2");
    assert_eq!(
        tags(&stored(&app, &ws, DOC0)[0]),
        ["accusation", "quasi-authoritative"]
    );
}

/// The history keeps annotations with the offsets of the text they were made in. The document
/// edited on disk and opened again, its annotations are placed in the new text: undo and redo
/// must act on them there, neither keep the undone tag as "changed elsewhere" nor bring it back
/// at offsets that no longer hold its quote.
#[test]
fn undo_and_redo_after_the_document_changed_on_disk_act_where_the_text_now_is() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_doc(&mut app, 2);
    press(&mut app, "j j a");
    assert_eq!(app.open_annotations().len(), 1);
    let quote = app.open_annotations()[0].quote.clone();
    open_doc(&mut app, 3);
    let path = ws.corpus().join(DOC2);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("An update was added here.\n\n{text}")).unwrap();
    open_doc(&mut app, 2);
    assert_eq!(app.open_annotations()[0].quote, quote);

    press(&mut app, "u");
    assert_eq!(app.open_annotations(), [], "{:?}", app.status);
    press(&mut app, "C-r");
    let anns = app.open_annotations();
    assert_eq!(anns.len(), 1);
    let doc = &open(&app).doc;
    assert_eq!(&doc.text[anns[0].byte_span(&doc.text, &doc.index)], quote);
    app.writer.flush();
    let saved = store::load(&annotation_file(&ws, DOC2)).unwrap().unwrap();
    assert_eq!(saved.annotations[0].quote, quote);
    assert_eq!(saved.annotations[0].start, anns[0].start);
}

/// The annotation file read to open its document is not read again to save a change to it, or
/// to check it for changes made elsewhere: the writer is told what it held.
#[test]
fn a_tag_saved_on_an_annotated_document_reads_its_file_no_more() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    assert!(!app.open_annotations().is_empty(), "{DOC0} is annotated");
    let before = stored(&app, &ws, DOC0).len();
    press(&mut app, "G a");
    assert_eq!(stored(&app, &ws, DOC0).len(), before + 1);
    app.writer
        .check(annotation_file(&ws, DOC0), app.open_annotations().to_vec());
    assert_eq!(app.writer.flush(), []);
    assert_eq!(app.writer.reads(), 0);
}

/// What the sidebar lists and counts, counted again from the annotations: those shown, the
/// placed in text order, then those to confirm, then the unplaced; and how many carry each tag.
fn recount(app: &App) -> (Vec<usize>, BTreeMap<String, usize>) {
    let anns = app.open_annotations();
    let shown: Vec<usize> = (0..anns.len()).filter(|&i| app.shows(&anns[i])).collect();
    let section = |i: &usize| (anns[*i].is_orphan(), anns[*i].to_confirm());
    let mut order = shown.clone();
    order.sort_by_key(|i| match section(i) {
        (false, false) => 0,
        (false, true) => 1,
        (true, _) => 2,
    });
    let mut tags = BTreeMap::new();
    for tag in shown.iter().flat_map(|&i| &anns[i].tags) {
        *tags.entry(tag.clone()).or_insert(0) += 1;
    }
    (order, tags)
}

proptest::proptest! {
    #![proptest_config(common::proptest_config(12))]

    /// The sidebar's listing and the annotations' spans are kept as the annotations change
    /// (tags added and removed, annotations deleted, undone and redone, blind coding turned on
    /// and off, in the reading pane and the sidebar): always what counting them again gives.
    #[test]
    fn the_listing_and_the_spans_are_always_a_recount(
        keys in proptest::collection::vec(
            proptest::sample::select(vec!["j", "k", "a", "r", "c", "d", "u", "C-r", "F2", "Tab"]),
            1..40,
        ),
    ) {
        let ws = Workspace::new(true);
        let mut app = app(&ws);
        for key in keys {
            press(&mut app, key);
            let open = open(&app);
            let (order, tags) = recount(&app);
            proptest::prop_assert_eq!(open.listing.order(), order.as_slice(), "after {}", key);
            for (tag, n) in &tags {
                proptest::prop_assert_eq!(open.listing.count(tag), *n);
            }
            proptest::prop_assert_eq!(open.listing.tags().count(), tags.len());
            let anns = app.open_annotations();
            let spans: Vec<_> = anns
                .iter()
                .take_while(|a| !a.is_orphan())
                .map(|a| a.byte_span(&open.doc.text, &open.doc.index))
                .collect();
            proptest::prop_assert_eq!(&*open.spans, spans.as_slice());
        }
    }
}
