//! The shipped documents edited in temporary copies: where each annotation lands, how it was
//! placed, and what reaches the disk (nothing until the user changes something in the document).

mod common;

use std::path::PathBuf;

use gloss::core::annotation::{Annotation, Placement};
use gloss::core::corpus::Corpus;
use gloss::core::store;
use gloss::core::text::content_hash;

const DOC: &str = "000_073045cb8793dce5.txt";

const ACCUSATION: &str = "Cybersecurity has been a flashpoint for Sino-US ties, with the US accusing \
                          the Chinese government and military of cyberattacks against US targets.";
const DENIAL: &str = "Beijing denies the claims and says it is a victim of hacking.";
const COMMITMENT: &str = "“Enhanced defence capability in cyberspace is an important part of \
                          China’s endeavour to modernise its national defences and armed forces,” \
                          the document said.";

/// The shipped annotations of `DOC`: id, quote and start.
const SHIPPED: [(&str, &str, usize); 3] = [
    ("0deb526a-2216-4c64-9b8a-6cd9d8932a40", ACCUSATION, 508),
    ("03a30f8b-d111-4b0c-8b85-5c0d3c182479", DENIAL, 655),
    ("042bf206-2625-47f5-9d50-03a9f8480eaf", COMMITMENT, 1068),
];

/// A workspace with the shipped corpus and annotations, `DOC` changed by `change`; returns the
/// new text too.
fn edited(change: impl FnOnce(&str) -> String) -> (common::Workspace, String) {
    let ws = common::Workspace::new(true);
    let path = ws.corpus().join(DOC);
    let text = std::fs::read_to_string(&path).unwrap();
    let new = change(&text);
    assert_ne!(new, text, "the edit changed nothing");
    std::fs::write(&path, &new).unwrap();
    (ws, new)
}

fn annotation_file(ws: &common::Workspace) -> PathBuf {
    ws.annotations().join(format!("{DOC}.toml"))
}

/// The annotations of `DOC` as the corpus loads them.
fn loaded(ws: &common::Workspace) -> Vec<Annotation> {
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let entry = corpus.entries.iter().find(|e| e.rel_path == DOC).unwrap();
    entry.annotations.clone()
}

fn by_id<'a>(anns: &'a [Annotation], id: &str) -> &'a Annotation {
    anns.iter()
        .find(|a| a.id == id)
        .expect("the annotation is kept")
}

fn slice(text: &str, a: &Annotation) -> String {
    text.chars().skip(a.start).take(a.end - a.start).collect()
}

/// Slicing the text by its offsets gives its quote, and its context surrounds it there.
fn assert_placed(text: &str, a: &Annotation) {
    assert_eq!(slice(text, a), a.quote, "{}", a.id);
    let around = format!("{}{}{}", a.prefix, a.quote, a.suffix);
    assert!(text.contains(&around), "context of {} not around it", a.id);
}

fn score(a: &Annotation) -> f64 {
    match a.placement {
        Placement::Fuzzy {
            score,
            confirmed: false,
        } => score,
        other => panic!("{} expected fuzzy, is {other:?}", a.id),
    }
}

#[test]
fn an_insertion_before_moves_every_annotation() {
    let note = "Editor’s note: this article was corrected on 4 March 2017.\n\n";
    let (ws, text) = edited(|t| {
        t.replacen(
            "China plans to bolster",
            &format!("{note}China plans to bolster"),
            1,
        )
    });
    let anns = loaded(&ws);
    for (id, quote, start) in SHIPPED {
        let a = by_id(&anns, id);
        assert_eq!(a.placement, Placement::Moved, "{quote}");
        assert_eq!(
            (a.start, a.quote.as_str()),
            (start + note.chars().count(), quote)
        );
        assert_placed(&text, a);
    }
}

#[test]
fn an_insertion_inside_a_quote_places_it_approximately_and_takes_the_new_words() {
    let inserted = ACCUSATION.replace("the US accusing", "the US repeatedly accusing");
    let (ws, text) = edited(|t| t.replacen(ACCUSATION, &inserted, 1));
    let anns = loaded(&ws);
    let accusation = by_id(&anns, SHIPPED[0].0);
    assert_eq!(
        (accusation.start, accusation.quote.as_str()),
        (508, inserted.as_str())
    );
    let score = score(accusation);
    assert!((0.9..1.0).contains(&score), "{score}");
    assert_eq!(score, (score * 100.0).floor() / 100.0, "kept in hundredths");
    for (id, _, start) in &SHIPPED[1..] {
        let a = by_id(&anns, id);
        assert_eq!(
            (a.placement, a.start),
            (Placement::Moved, start + "repeatedly ".len())
        );
    }
    for a in &anns {
        assert_placed(&text, a);
    }
}

#[test]
fn an_insertion_after_keeps_them_exact_at_their_offsets() {
    let (ws, text) = edited(|t| format!("{t}\n\nA paragraph added at the end.\n"));
    let anns = loaded(&ws);
    for (id, quote, start) in SHIPPED {
        let a = by_id(&anns, id);
        assert_eq!(
            (a.placement, a.start, a.quote.as_str()),
            (Placement::Exact, start, quote)
        );
        assert_placed(&text, a);
    }
}

#[test]
fn reflowed_lines_are_placed_approximately_where_they_were() {
    // Hard-wrapped at 60 columns: spaces become line breaks, so lengths stay the same.
    let (ws, text) = edited(|t| {
        let mut out = String::new();
        let mut column = 0;
        for c in t.chars() {
            column = if c == '\n' { 0 } else { column + 1 };
            if c == ' ' && column > 60 {
                out.push('\n');
                column = 0;
            } else {
                out.push(c);
            }
        }
        out
    });
    let anns = loaded(&ws);
    for (id, quote, start) in SHIPPED {
        let a = by_id(&anns, id);
        assert_eq!(a.start, start, "{quote}");
        assert_eq!(a.quote.replace('\n', " "), quote);
        assert!(a.quote.contains('\n'), "{quote} spans a wrapped line");
        assert!(score(a) > 0.9, "{quote}: {:?}", a.placement);
        assert_placed(&text, a);
    }
}

#[test]
fn straightened_quotes_place_the_curly_quote_approximately() {
    let (ws, text) = edited(|t| t.replace(['“', '”'], "\"").replace('’', "'"));
    let anns = loaded(&ws);
    let commitment = by_id(&anns, SHIPPED[2].0);
    assert_eq!(commitment.start, 1068);
    assert_eq!(
        commitment.quote,
        COMMITMENT.replace(['“', '”'], "\"").replace('’', "'")
    );
    assert!(score(commitment) > 0.9);
    // Those without curly quotes did not move: straightening keeps lengths.
    for (id, _, start) in &SHIPPED[..2] {
        let a = by_id(&anns, id);
        assert_eq!((a.placement, a.start), (Placement::Exact, *start));
    }
    for a in &anns {
        assert_placed(&text, a);
    }
}

#[test]
fn a_duplicated_sentence_does_not_capture_the_annotation() {
    // The denial copied before the accusation, so the copy is nearer the old offsets.
    let (ws, text) = edited(|t| t.replacen(ACCUSATION, &format!("{DENIAL} {ACCUSATION}"), 1));
    let shift = DENIAL.chars().count() + 1;
    let anns = loaded(&ws);
    let denial = by_id(&anns, SHIPPED[1].0);
    assert_eq!(
        (denial.placement, denial.start),
        (Placement::Moved, 655 + shift)
    );
    assert_eq!(by_id(&anns, SHIPPED[0].0).start, 508 + shift);
    for a in &anns {
        assert_placed(&text, a);
    }
}

const PARAGRAPH: &str = "Cybersecurity has been a flashpoint";

fn without_the_paragraph(text: &str) -> String {
    let at = text.find(PARAGRAPH).unwrap();
    let end = at + text[at..].find("\n\n").unwrap() + 2;
    format!("{}{}", &text[..at], &text[end..])
}

#[test]
fn a_deleted_paragraph_orphans_its_annotations_which_keep_what_they_had() {
    let (ws, text) = edited(without_the_paragraph);
    let shipped = store::load(&annotation_file(&ws)).unwrap().unwrap();
    let anns = loaded(&ws);
    for (id, _, _) in &SHIPPED[..2] {
        let orphan = by_id(&anns, id);
        assert_eq!(orphan.placement, Placement::Orphan);
        let was = by_id(&shipped.annotations, id);
        assert_eq!(
            &Annotation {
                placement: Placement::Exact,
                ..orphan.clone()
            },
            was
        );
    }
    let commitment = by_id(&anns, SHIPPED[2].0);
    assert_eq!(commitment.placement, Placement::Moved);
    assert_placed(&text, commitment);
    // Orphans come last.
    assert_eq!(anns[0].id, SHIPPED[2].0);
}

#[test]
fn the_file_is_untouched_until_a_change_and_then_holds_the_new_places_and_hash() {
    let (ws, text) = edited(without_the_paragraph);
    let path = annotation_file(&ws);
    let before = std::fs::read(&path).unwrap();
    let mut app = common::app(&ws);
    let status = app.status.clone().unwrap();
    assert!(
        status.text == "document changed since annotated: 1 moved, 2 unplaced",
        "{status:?}"
    );
    assert!(status.error, "unplaced annotations are worth attention");
    common::press(&mut app, "j j Tab Enter G g");
    app.writer.flush();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "reading changes nothing on disk"
    );

    common::go_to(&mut app, "Since taking office");
    common::press(&mut app, "s");
    app.writer.flush();
    let written = std::fs::read_to_string(&path).unwrap();
    let file = store::from_toml(&written, &path).unwrap();
    assert_eq!(file.content_hash, content_hash(&text));
    let ids: Vec<&str> = file.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 4);
    for (id, _, _) in SHIPPED {
        assert!(ids.contains(&id), "{id} kept");
    }
    let commitment = by_id(&file.annotations, SHIPPED[2].0);
    let shift = ACCUSATION.chars().count() + DENIAL.chars().count() + 3;
    assert_eq!(commitment.start, 1068 - shift);
    assert!(written.contains(&format!(
        "id = \"{}\"\nstart = {}\nend = {}\nplaced = \"moved\"\n",
        SHIPPED[2].0,
        1068 - shift,
        1225 - shift
    )));
    assert!(
        written.contains("start = 508\nend = 654\nplaced = \"orphan\"\n"),
        "{written}"
    );
    // Saved and reloaded, nothing is placed again.
    let again = Corpus::open(&ws.corpus(), None).unwrap();
    assert_eq!(again.entries[0].reanchored, Default::default());
}

#[test]
fn an_orphan_is_attached_to_the_selection_undone_and_deleted_from_the_sidebar() {
    let (ws, text) = edited(without_the_paragraph);
    let mut app = common::app(&ws);
    common::go_to(&mut app, "Since taking office");
    // The sidebar: the commitment, then the two orphans; j steps onto the first orphan.
    common::press(&mut app, "v Tab j");
    assert_eq!(
        app.open_annotations()[app.sidebar_selected].id,
        SHIPPED[0].0
    );
    common::press(&mut app, "Enter");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("no place in the text")
    );
    common::press(&mut app, "A");
    let attached = by_id(app.open_annotations(), SHIPPED[0].0).clone();
    assert_eq!(attached.placement, Placement::Exact);
    assert!(
        attached.quote.starts_with("Since taking office"),
        "{}",
        attached.quote
    );
    assert_eq!(attached.tags, ["accusation", "non-authoritative"]);
    assert_eq!(attached.modified, "2026-01-02T03:04:05Z");
    assert_placed(&text, &attached);
    assert_eq!(
        app.open.as_ref().unwrap().spans.len(),
        2,
        "now drawn in the text"
    );

    common::press(&mut app, "u");
    let orphan = by_id(app.open_annotations(), SHIPPED[0].0);
    assert_eq!((orphan.placement, orphan.start), (Placement::Orphan, 508));
    common::press(&mut app, "C-r");
    assert_eq!(
        by_id(app.open_annotations(), SHIPPED[0].0).placement,
        Placement::Exact
    );

    // The other orphan is last; delete it from the sidebar.
    common::press(&mut app, "Tab Tab Tab G");
    common::press(&mut app, "j j j d");
    app.writer.flush();
    let file = store::load(&annotation_file(&ws)).unwrap().unwrap();
    let ids: Vec<&str> = file.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [SHIPPED[0].0, SHIPPED[2].0]);
    assert!(file.annotations.iter().all(|a| !a.is_orphan()));
}

#[test]
fn offsets_past_the_end_are_placed_by_their_quote_without_touching_the_file() {
    let ws = common::Workspace::new(true);
    let path = annotation_file(&ws);
    let hostile = std::fs::read_to_string(&path)
        .unwrap()
        .replace("start = 508\nend = 654", "start = 90508\nend = 90654");
    std::fs::write(&path, &hostile).unwrap();
    let anns = loaded(&ws);
    let a = by_id(&anns, SHIPPED[0].0);
    assert_eq!((a.placement, a.start, a.end), (Placement::Moved, 508, 654));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), hostile);
}

#[test]
fn unknown_keys_overlaps_and_unknown_tags_survive_a_save() {
    let ws = common::Workspace::new(true);
    let path = annotation_file(&ws);
    let shipped = std::fs::read_to_string(&path).unwrap();
    let denial_table = &shipped[shipped.find("[[annotation]]\nid = \"03a30f8b").unwrap()..];
    let denial_table = &denial_table[..denial_table.find("\n\n[[annotation]]").unwrap() + 1];
    let copy = denial_table
        .replace(
            "03a30f8b-d111-4b0c-8b85-5c0d3c182479",
            "00000000-0000-4000-8000-000000000001",
        )
        .replace("[\"denial\", \"non-authoritative\"]", "[\"rumour\"]");
    let hostile = shipped
        .replace(
            "content_hash = ",
            "reviewed_by = \"carol\"\ncontent_hash = ",
        )
        .replace(
            "modified = \"2026-11-23T10:00:00Z\"\n\n[[annotation]]\nid = \"03a30f8b",
            "modified = \"2026-11-23T10:00:00Z\"\nconfidence = 0.5\n\n[[annotation]]\nid = \"03a30f8b",
        )
        + "\n"
        + &copy;
    std::fs::write(&path, &hostile).unwrap();
    let mut app = common::app(&ws);
    assert_eq!(app.corpus.entries[0].annotations_error, None);
    assert_eq!(app.open_annotations().len(), 4);
    common::go_to(&mut app, "Since taking office");
    common::press(&mut app, "s");
    app.writer.flush();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("content_hash = \"sha256:66a8b1b212300aa8a0eef2b5f66b0f0b21ddb09f04a7f9502a8613904a601bb3\"\nreviewed_by = \"carol\"\n"),
        "{written}"
    );
    assert!(written.contains("modified = \"2026-11-23T10:00:00Z\"\nconfidence = 0.5\n"));
    assert!(written.contains("tags = [\"rumour\"]\nquote = \"Beijing denies"));
    assert_eq!(written.matches("start = 655\nend = 716\n").count(), 2);
}

#[test]
fn a_file_from_a_newer_gloss_leaves_the_document_read_only_and_says_so() {
    let ws = common::Workspace::new(true);
    let path = annotation_file(&ws);
    let newer = std::fs::read_to_string(&path)
        .unwrap()
        .replace("format = 1", "format = 7");
    std::fs::write(&path, &newer).unwrap();
    let mut app = common::app(&ws);
    let status = app.status.clone().unwrap();
    assert!(
        status.text.contains(&format!(
            "{}:5: written by a newer gloss (format 7",
            path.display()
        )),
        "{status:?}"
    );
    assert!(status.text.contains("update gloss"), "{status:?}");
    common::press(&mut app, "s");
    app.writer.flush();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
}
