//! The shipped documents edited in temporary copies: where each annotation lands, how it was
//! placed, and what reaches the disk (nothing until the user changes something in the document).

mod common;

use std::path::PathBuf;

use gloss::core::annotation::{Annotation, Placement};
use gloss::core::corpus::Corpus;
use gloss::core::documents::text::content_hash;
use gloss::core::links::{Link, LinkIndex};
use gloss::core::storage::store;

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
    entry.annotations.to_vec()
}

fn by_id<'a>(anns: &'a [Annotation], id: &str) -> &'a Annotation {
    anns.iter()
        .find(|a| a.id == id)
        .expect("the annotation is kept")
}

fn slice(text: &str, a: &Annotation) -> String {
    text.chars().skip(a.start).take(a.end - a.start).collect()
}

/// Placed for certain, `a` holds the text it is on and its context is around it; a guess keeps
/// the text that was coded until confirmed, so only its place can be checked (by the caller).
fn assert_placed(text: &str, a: &Annotation) {
    if a.to_confirm() {
        return;
    }
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
        (accusation.start, slice(&text, accusation).as_str()),
        (508, inserted.as_str())
    );
    // Until confirmed, it holds what was coded.
    assert_eq!(accusation.quote, ACCUSATION);
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
        let on = slice(&text, a);
        assert_eq!(on.replace('\n', " "), quote);
        assert!(on.contains('\n'), "{quote} spans a wrapped line");
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
        slice(&text, commitment),
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

/// Links name their target by id, so moving or orphaning either end changes nothing in them,
/// and the reader's save after a change writes them back as they were.
#[test]
fn links_follow_their_annotations_by_id_through_moves_orphaning_and_a_save() {
    let (ws, _) = edited(without_the_paragraph);
    let path = annotation_file(&ws);
    let mut file = store::load(&path).unwrap().unwrap();
    let links = |id: &str| match id {
        id if id == SHIPPED[1].0 => vec![Link::new("denies", SHIPPED[0].0)],
        id if id == SHIPPED[2].0 => vec![
            Link::new("responds to", SHIPPED[1].0),
            Link::new("same claim as", "in-another-document"),
        ],
        _ => vec![],
    };
    for a in &mut file.annotations {
        a.links = links(&a.id);
    }
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    let anns = loaded(&ws);
    assert_eq!(by_id(&anns, SHIPPED[1].0).placement, Placement::Orphan);
    assert_eq!(by_id(&anns, SHIPPED[2].0).placement, Placement::Moved);
    for (id, _, _) in SHIPPED {
        assert_eq!(by_id(&anns, id).links, links(id), "{id}");
    }
    let index = LinkIndex::build([(0, &anns[..])]);
    let into = |id: &str| -> Vec<(String, String)> {
        index
            .inbound(id)
            .iter()
            .map(|i| (i.from.clone(), i.kind.clone()))
            .collect()
    };
    assert_eq!(
        into(SHIPPED[0].0),
        [(SHIPPED[1].0.to_owned(), "denies".to_owned())]
    );
    assert_eq!(
        index
            .place(SHIPPED[1].0)
            .map(|p| anns[p.annotation].id.as_str()),
        Some(SHIPPED[1].0)
    );

    let mut app = common::app(&ws);
    common::go_to(&mut app, "Since taking office");
    common::press(&mut app, "s");
    app.writer.flush();
    let saved = store::load(&path).unwrap().unwrap();
    for (id, _, _) in SHIPPED {
        assert_eq!(by_id(&saved.annotations, id).links, links(id), "{id}");
    }
}

#[test]
fn an_orphan_is_attached_to_the_selection_undone_and_deleted_from_the_sidebar() {
    let (ws, text) = edited(without_the_paragraph);
    let mut app = common::app(&ws);
    // The orphans are the shipped example coder's: only their coder attaches or deletes them.
    app.coding.coder = "gloss-example".into();
    common::go_to(&mut app, "Since taking office");
    // The sidebar: the commitment, then the two orphans; j steps onto the first orphan.
    common::press(&mut app, "v Tab j");
    assert_eq!(
        app.open_annotations()[app.sidebar.selected].id,
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

    // The other orphan is last; its coder deletes it from the sidebar.
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

// Edits that leave lookalike text: where each annotation belongs was decided by reading the
// edited document, not by running gloss. An annotation whose passage is gone is unplaced; one
// whose text changed under it is a guess to confirm; none lands on other text that happens to
// hold the same words.

const OTHER: &str = "001_bcba7e35c127046e.txt";

/// A workspace whose document `OTHER` is `base`, annotated (as the reader would) on the `nth`
/// occurrence of each quote, then changed to `edited(base)`; the annotations as the corpus
/// loads them, in the order of `quotes`, and the new text.
fn scenario(
    base: &str,
    quotes: &[(&str, usize)],
    edit: impl FnOnce(&str) -> String,
) -> (Vec<Annotation>, String) {
    let ws = common::Workspace::new(false);
    let path = ws.corpus().join(OTHER);
    let index = gloss::core::documents::text::CharIndex::new(base);
    let stamp = gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let annotations: Vec<Annotation> = quotes
        .iter()
        .enumerate()
        .map(|(i, &(quote, nth))| {
            let (at, _) = base.match_indices(quote).nth(nth).expect("quote in base");
            let mut a = Annotation::new(
                base,
                &index,
                at..at + quote.len(),
                vec!["statistic".into()],
                &stamp,
            );
            a.id = format!("q{i}");
            a
        })
        .collect();
    std::fs::create_dir_all(ws.annotations()).unwrap();
    let file = store::AnnotationFile {
        document: OTHER.into(),
        content_hash: content_hash(base),
        annotations,
        extra: Vec::new(),
    };
    std::fs::write(
        ws.annotations().join(format!("{OTHER}.toml")),
        store::to_toml(&file),
    )
    .unwrap();
    let new = edit(base);
    assert_ne!(new, base, "the edit changed nothing");
    std::fs::write(&path, &new).unwrap();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let entry = corpus.entries.iter().find(|e| e.rel_path == OTHER).unwrap();
    let found = (0..quotes.len())
        .map(|i| by_id(&entry.annotations, &format!("q{i}")).clone())
        .collect();
    (found, new)
}

fn shipped_other() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(OTHER),
    )
    .unwrap()
}

/// Code-point offset of the `nth` occurrence of `needle` in `text`.
fn char_offset(text: &str, needle: &str, nth: usize) -> usize {
    let (byte, _) = text.match_indices(needle).nth(nth).unwrap();
    text[..byte].chars().count()
}

fn assert_orphan(a: &Annotation) {
    assert_eq!(a.placement, Placement::Orphan, "{} “{}”", a.id, a.quote);
}

/// A guess waiting for confirmation, on the `nth` occurrence of `quote` in `text`.
fn assert_to_confirm_on(text: &str, a: &Annotation, quote: &str, nth: usize) {
    assert!(a.to_confirm(), "{} is {:?}", a.id, a.placement);
    assert_eq!(
        (a.start, slice(text, a).as_str()),
        (char_offset(text, quote, nth), quote),
        "{}",
        a.id
    );
    assert_placed(text, a);
}

const REFUTED: &str = "Long refuted accusations that the Chinese government has sponsored \
                       cyber-attacks against the US, and stressed that China, too, has major \
                       concerns over cyber security.\n\n";
const NOTED: &str = "«The current cyber security situation is severe and citizens alone are not \
                     able to deal with cybercrime and cyber terrorism … Only when we apply the \
                     rules of cyber sovereignty can we protect human rights and freedom,» Long \
                     noted.\n\n";

#[test]
fn a_speakers_name_whose_sentence_is_deleted_is_unplaced_not_moved_to_another_mention() {
    let base = shipped_other();
    // "Long" opening the refutation (the 4th), "Long noted" closing the quote about cyber
    // security (the 1st of two), "the US" in the refutation (the 4th), and "cyber security"
    // ending it (the 2nd).
    let quotes = [
        ("Long", 3),
        ("Long noted", 0),
        ("the US", 3),
        ("cyber security", 1),
    ];
    let (found, text) = scenario(&base, &quotes, |t| {
        t.replacen(REFUTED, "", 1).replacen(NOTED, "", 1)
    });
    assert!(text.contains("Long noted") && text.matches("Long").count() >= 3);
    for a in &found {
        assert_orphan(a);
    }
}

#[test]
fn a_short_quote_whose_surroundings_are_kept_moves_with_them() {
    let base = shipped_other();
    let quotes = [("Long", 3), ("Long noted", 1), ("the US", 2)];
    // A paragraph before them is deleted: they only move up.
    let (found, text) = scenario(&base, &quotes, |t| t.replacen(NOTED, "", 1));
    for (a, (quote, nth)) in found.iter().zip(quotes) {
        assert_eq!(a.placement, Placement::Moved, "{quote}");
        let nth = if quote.starts_with("Long") {
            nth - 1
        } else {
            nth
        };
        assert_eq!(a.start, char_offset(&text, quote, nth), "{quote}");
        assert_placed(&text, a);
    }
}

#[test]
fn a_passage_replaced_by_another_with_the_same_name_at_the_same_place_is_not_kept() {
    let base = shipped_other();
    // The refutation rewritten as another sentence about Long of the same length, so that
    // "Long" is still at the annotation's offsets; what surrounds it is another passage.
    let replacement = "Long Zhou later left the ministry";
    let replacement = format!(
        "{replacement}{}.\n\n",
        " and".repeat((REFUTED.chars().count() - replacement.len() - 3) / 4)
    );
    let replacement = format!("{replacement:.<width$}", width = REFUTED.chars().count());
    let (found, text) = scenario(&base, &[("Long", 3)], |t| {
        t.replacen(REFUTED, &replacement, 1)
    });
    assert_eq!(text.chars().count(), base.chars().count());
    assert_eq!(
        char_offset(&text, "Long Zhou later", 0),
        char_offset(&base, REFUTED, 0)
    );
    assert_orphan(&found[0]);
}

#[test]
fn a_replaced_article_is_a_guess_on_the_new_words_never_another_occurrence() {
    let base = shipped_other();
    let (found, text) = scenario(&base, &[("the US presidential", 0), ("the US", 5)], |t| {
        t.replacen(
            "hacking of the US presidential",
            "hacking of a US presidential",
            1,
        )
    });
    assert_to_confirm_on(&text, &found[0], "a US presidential", 0);
    assert_to_confirm_on(&text, &found[1], "a US", 0);
}

#[test]
fn a_corrected_figure_is_a_guess_on_the_new_figure_not_on_another_sentence_with_the_old_one() {
    let base = shipped_other();
    let added = "A survey found that 80 percent of firms had been attacked.\n\n";
    let (found, text) = scenario(&base, &[("80 percent", 0)], |t| {
        t.replacen("about 80 percent", "about 60 percent", 1)
            .replacen(
                "International rules\n\n",
                &format!("International rules\n\n{added}"),
                1,
            )
    });
    assert!(text.contains("that 80 percent of firms"));
    assert_to_confirm_on(&text, &found[0], "60 percent", 0);
}

const TWINS: &str = "Team North reported that the new filter cut emissions by 12 percent in the \
                     first year of the trial.\n\nTeam South reported that the new filter cut \
                     emissions by 9 percent in the first year of the trial.\n\n";
const NORTH: &str = "Team North reported that the new filter cut emissions by 12 percent in the \
                     first year of the trial.\n\n";
const SOUTH: &str = "Team South reported that the new filter cut emissions by 9 percent in the \
                     first year of the trial.\n\n";

fn with_twins() -> String {
    shipped_other().replacen(
        "International rules\n\n",
        &format!("International rules\n\n{TWINS}"),
        1,
    )
}

#[test]
fn a_deleted_paragraph_with_a_near_twin_is_unplaced_not_moved_to_the_twin() {
    let base = with_twins();
    let sentence = |s: &str| s.trim_end().to_owned();
    let north = sentence(NORTH);
    let south = sentence(SOUTH);
    let (found, _) = scenario(&base, &[(&north, 0)], |t| t.replacen(NORTH, "", 1));
    assert_orphan(&found[0]);
    let (found, _) = scenario(&base, &[(&south, 0)], |t| t.replacen(SOUTH, "", 1));
    assert_orphan(&found[0]);
}

#[test]
fn quotes_inside_a_deleted_twin_are_never_placed_for_certain() {
    // Inside one sentence, 32 code points either side cannot tell "North was deleted" from
    // "North was renamed South and its figure corrected": a guess to confirm at most.
    let base = with_twins();
    let (found, text) = scenario(
        &base,
        &[("12 percent", 0), ("reported", 0), ("the new filter", 0)],
        |t| t.replacen(NORTH, "", 1),
    );
    assert_to_confirm_on(&text, &found[0], "9 percent", 0);
    let south = char_offset(&text, SOUTH, 0);
    assert_to_confirm_on(&text, &found[1], "reported", 0);
    assert!(found[1].start > south);
    assert_to_confirm_on(&text, &found[2], "the new filter", 0);
    assert!(found[2].start > south);
}

#[test]
fn a_sentence_repeated_elsewhere_loses_its_annotation_with_its_own_copy() {
    // The denial quoted again at the end as a pull quote; the coder tagged the one in the text,
    // which the editor then deleted.
    let base = shipped_other();
    let denial = "We firmly oppose and harshly punish hacking activities.";
    let base = format!("{base}\n\n{denial}\n");
    let (found, text) = scenario(&base, &[(denial, 0), (denial, 1)], |t| {
        t.replacen(&format!("{denial} "), "", 1)
    });
    assert_orphan(&found[0]);
    // The pull quote's own annotation moves up with it.
    assert_eq!(found[1].placement, Placement::Moved);
    assert_eq!(found[1].start, char_offset(&text, denial, 0));
}

#[test]
fn of_a_sentence_doubled_by_mistake_either_copy_deleted_unplaces_its_annotation() {
    let base = shipped_other();
    let denial = "We firmly oppose and harshly punish hacking activities. ";
    let base = base.replacen(denial, &denial.repeat(2), 1);
    for deleted in 0..2 {
        let (found, _) = scenario(&base, &[(denial.trim_end(), deleted)], |t| {
            t.replacen(&denial.repeat(2), denial, 1)
        });
        // Whichever copy was deleted, the same text is left: nothing tells which copy it was,
        // and the context of the annotated one holds the other copy.
        assert_orphan(&found[0]);
    }
}

#[test]
fn a_guess_is_listed_to_confirm_drawn_apart_and_confirmed_with_c() {
    use common::screen::{draw, find, text};
    use ratatui::style::Modifier;
    let (ws, _) =
        edited(|t| without_the_paragraph(t).replacen("important part of", "important part  of", 1));
    let path = annotation_file(&ws);
    let mut app = common::app(&ws);
    let status = app.status.clone().unwrap();
    assert_eq!(
        status.text,
        "document changed since annotated: 1 to confirm, 2 unplaced"
    );
    assert!(status.error);
    assert!(by_id(app.open_annotations(), SHIPPED[2].0).to_confirm());
    common::go_to(&mut app, "Since taking office");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    // Listed apart, between those in place and the unplaced.
    let heading = find(&screen, "To confirm (text changed):").expect(&screen);
    let item = find(&screen, "“Enhanced defence").expect("the guess listed");
    let unplaced = find(&screen, "Unplaced (text changed):").unwrap();
    assert!(heading.1 < item.1 && item.1 < unplaced.1, "{screen}");
    // Drawn in italics, with `~` in the gutter: not as a normal tag.
    let (x, y) = find(&screen, "defence capability in cyberspace").unwrap();
    let cell = &buf[(x, y)];
    assert!(
        cell.modifier
            .contains(Modifier::ITALIC | Modifier::UNDERLINED),
        "{cell:?}"
    );
    let row = screen.lines().nth(y as usize).unwrap();
    assert!(row.contains("│ ~"), "{row}");
    insta::assert_snapshot!(screen);

    // `c` on it in the sidebar confirms it: saved, out of the section, drawn as any other.
    common::press(&mut app, "Tab");
    assert_eq!(
        app.open_annotations()[app.sidebar.selected].id,
        SHIPPED[2].0
    );
    common::press(&mut app, "c");
    app.writer.flush();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("placed = \"fuzzy\"\nscore = 0.99\nconfirmed = true\n"),
        "{written}"
    );
    let confirmed = by_id(app.open_annotations(), SHIPPED[2].0);
    assert!(!confirmed.to_confirm());
    assert_eq!(confirmed.modified, "2026-01-02T03:04:05Z");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    assert!(!screen.contains("To confirm"), "{screen}");
    let (x, y) = find(&screen, "defence capability in cyberspace").unwrap();
    assert!(!buf[(x, y)].modifier.contains(Modifier::ITALIC));

    // Undone, it is to confirm again; c on an orphan says what to do instead.
    common::press(&mut app, "u");
    assert!(by_id(app.open_annotations(), SHIPPED[2].0).to_confirm());
    common::press(&mut app, "j c");
    assert!(app.open_annotations()[app.sidebar.selected].is_orphan());
    assert!(
        app.status.as_ref().unwrap().text.contains("press A"),
        "{:?}",
        app.status
    );
}

#[test]
fn the_sidebar_steps_through_its_sections_in_the_order_shown() {
    // The accusation's sentence reworded (a guess, first in the text), the denial deleted (an
    // orphan), the commitment only moved: shown commitment, accusation, denial.
    let (ws, _) = edited(|t| {
        t.replacen("with the US accusing", "with the US repeatedly accusing", 1)
            .replacen(DENIAL, "", 1)
    });
    let mut app = common::app(&ws);
    let anns = app.open_annotations();
    assert!(by_id(anns, SHIPPED[0].0).to_confirm());
    assert!(by_id(anns, SHIPPED[1].0).is_orphan());
    assert_eq!(by_id(anns, SHIPPED[2].0).placement, Placement::Moved);
    common::go_to(&mut app, "“Enhanced defence");
    common::press(&mut app, "Tab");
    let mut seen = vec![app.open_annotations()[app.sidebar.selected].id.clone()];
    for _ in 0..3 {
        common::press(&mut app, "j");
        seen.push(app.open_annotations()[app.sidebar.selected].id.clone());
    }
    assert_eq!(
        seen,
        [SHIPPED[2].0, SHIPPED[0].0, SHIPPED[1].0, SHIPPED[1].0]
    );
    common::press(&mut app, "k k");
    assert_eq!(
        app.open_annotations()[app.sidebar.selected].id,
        SHIPPED[2].0
    );
}

mod certain_places {
    //! Property: whatever is deleted or duplicated, an annotation placed for certain (exact or
    //! moved) sits on its quote with its recorded surroundings around it: all of them for a
    //! short quote, the words next to it on one side at least for a longer one.

    use gloss::core::anchoring::candidate::{SAME_NEAR_QUOTE_CHARS, SHORT_QUOTE_CHARS};
    use gloss::core::anchoring::reanchor::reanchor;
    use gloss::core::annotation::{Annotation, Placement, Stamp};
    use gloss::core::documents::text::CharIndex;
    use proptest::prelude::*;

    const DOC: &str = include_str!("../corpus/001_bcba7e35c127046e.txt");
    const WORDS: [&str; 6] = ["Long", "the US", "China", "cyber", "said", "sovereignty"];

    /// Byte ranges of the document's sentences, roughly: up to each ". " or paragraph break.
    fn sentences() -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        for (i, _) in DOC.match_indices(['.', '\n']) {
            let end = i + 1;
            if end - from > 20 {
                out.push(from..end);
            }
            from = end;
        }
        out
    }

    /// Annotations on every sentence and every occurrence of `WORDS`.
    fn annotations() -> Vec<Annotation> {
        let index = CharIndex::new(DOC);
        let stamp = Stamp {
            annotator: "t".into(),
            time: "2026-01-02T03:04:05Z".into(),
        };
        let mut spans: Vec<std::ops::Range<usize>> = sentences();
        for w in WORDS {
            spans.extend(DOC.match_indices(w).map(|(at, _)| at..at + w.len()));
        }
        spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| {
                let mut a = Annotation::new(DOC, &index, span, vec![], &stamp);
                a.id = i.to_string();
                a
            })
            .collect()
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Whether `side` (recorded before the quote if `before`) is found next to `at` in `text`,
    /// over its `n` code points nearest the quote, as far as the text goes.
    fn next_to(text: &[char], at: usize, side: &str, before: bool, n: usize) -> bool {
        let side = chars(side);
        let n = n.min(side.len());
        if before {
            let n = n.min(at);
            text[at - n..at] == side[side.len() - n..]
        } else {
            let to = (at + n).min(text.len());
            text[at..to] == side[..to - at]
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(16),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn certain_places_keep_their_surroundings(
            first in 0usize..1000,
            count in 1usize..4,
            copy_to in proptest::option::of(0usize..1000),
        ) {
            let all = sentences();
            let first = first % all.len();
            let last = (first + count - 1).min(all.len() - 1);
            let cut = all[first].start..all[last].end;
            let mut text = DOC.to_owned();
            let removed = text[cut.clone()].to_owned();
            text.replace_range(cut, "");
            // Sometimes the deleted text is put back elsewhere: a duplicate, or a move.
            if let Some(to) = copy_to {
                let to = all[to % all.len()].start.min(text.len());
                if text.is_char_boundary(to) {
                    text.insert_str(to, &removed);
                }
            }
            let mut anns = annotations();
            let before = anns.clone();
            reanchor(&mut anns, &text, &CharIndex::new(&text), true);
            let new = chars(&text);
            for (old, a) in before.iter().zip(&anns) {
                if !matches!(a.placement, Placement::Exact | Placement::Moved) {
                    continue;
                }
                prop_assert_eq!(&a.quote, &old.quote);
                let prefix = next_to(&new, a.start, &old.prefix, true, usize::MAX);
                let suffix = next_to(&new, a.end, &old.suffix, false, usize::MAX);
                if old.quote.chars().count() < SHORT_QUOTE_CHARS {
                    prop_assert!(prefix && suffix, "short {:?} at {}: {:?}", old.quote, a.start, a.placement);
                } else {
                    let n = SAME_NEAR_QUOTE_CHARS;
                    prop_assert!(
                        next_to(&new, a.start, &old.prefix, true, n)
                            || next_to(&new, a.end, &old.suffix, false, n),
                        "long {:?} at {}", old.quote, a.start
                    );
                }
            }
        }
    }
}
