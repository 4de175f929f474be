//! An imported coding stays its coder's own: a file without gloss's ids matches an annotation
//! already there only when it is the same coder's (the file's creator or annotator, else the
//! importer's), and is otherwise added as that coder's (issue 12: "Two coders may code the same
//! span: each has their own annotation"). Through the real binary, as a newcomer ran it.

mod common;

use std::process::Output;

const DOC: &str = "003_51e4aaa34ca25599.txt";

fn run(ws: &common::Workspace, args: &[&str]) -> Output {
    let out = ws
        .gloss()
        .env("USER", "someone")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The document's annotations as they are on disk.
fn annotations(ws: &common::Workspace) -> Vec<toml::Value> {
    let text =
        std::fs::read_to_string(ws.annotations().join(format!("{DOC}.toml"))).unwrap_or_default();
    let file: toml::Value = toml::from_str(&text).unwrap();
    file.get("annotation")
        .and_then(|a| a.as_array())
        .cloned()
        .unwrap_or_default()
}

/// The annotations on `start..end` of the document, as each one's annotator and tags.
fn on_span(ws: &common::Workspace, start: i64, end: i64) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = annotations(ws)
        .iter()
        .filter(|a| a["start"].as_integer() == Some(start) && a["end"].as_integer() == Some(end))
        .map(|a| {
            let tags = a["tags"].as_array().unwrap();
            (
                a["annotator"].as_str().unwrap().to_owned(),
                tags.iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    out.sort();
    out
}

const QUOTE: &str =
    "Beijing has repeatedly denied carrying out cyberattacks against any other country";

#[test]
fn a_csv_row_without_an_id_by_another_coder_becomes_that_coder_s_own_annotation() {
    let ws = common::Workspace::new(true);
    let example = |tags: &[&str]| {
        (
            "gloss-example".to_owned(),
            tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        on_span(&ws, 1217, 1298),
        [example(&["denial", "non-authoritative"])]
    );
    // Another tag than gloss-example's, and then the same ones: either way alice's own.
    let header = "document,start,end,quote,tag,annotator\n";
    let file = ws.dir.path().join("alice2.csv");
    std::fs::write(
        &file,
        format!("{header}{DOC},1217,1298,\"{QUOTE}\",accusation,alice\n"),
    )
    .unwrap();
    assert_imports(&ws, "csv", "alice2.csv", "1 added, 0 updated");
    let alice = |tags: &[&str]| {
        (
            "alice".to_owned(),
            tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        on_span(&ws, 1217, 1298),
        [
            alice(&["accusation"]),
            example(&["denial", "non-authoritative"])
        ]
    );

    let ws = common::Workspace::new(true);
    std::fs::write(
        ws.dir.path().join("alice2.csv"),
        format!(
            "{header}{DOC},1217,1298,\"{QUOTE}\",denial,alice\n\
             {DOC},1217,1298,\"{QUOTE}\",non-authoritative,alice\n"
        ),
    )
    .unwrap();
    assert_imports(
        &ws,
        "csv",
        "alice2.csv",
        "1 added, 0 updated, 0 already there",
    );
    assert_eq!(
        on_span(&ws, 1217, 1298),
        [
            alice(&["denial", "non-authoritative"]),
            example(&["denial", "non-authoritative"])
        ]
    );
    // Imported again: alice's annotation is there, and nothing is added twice.
    assert_imports(
        &ws,
        "csv",
        "alice2.csv",
        "0 added, 0 updated, 1 already there",
    );
}

#[test]
fn a_w3c_export_without_ids_under_another_creator_is_added_as_that_creator_s() {
    let ws = common::Workspace::new(true);
    let before = annotations(&ws).len();
    let mut json = examples_as_w3c(&ws);
    // Every `id`, at any depth, goes; the creator becomes bob.
    each_object(&mut json, &|map| {
        map.remove("id");
        if let Some(creator) = map.get_mut("creator") {
            creator["name"] = "bob".into();
        }
    });
    std::fs::write(ws.dir.path().join("bob.jsonld"), json.to_string()).unwrap();
    assert_imports(
        &ws,
        "json",
        "bob.jsonld",
        "imported: 7 added, 0 updated, 0 already there",
    );
    let all = annotations(&ws);
    assert_eq!(
        all.len(),
        before + 1,
        "this document holds one of the seven"
    );
    let bob = on_span(&ws, 1217, 1298);
    assert_eq!(bob.len(), 2, "{bob:?}");
    assert_eq!(bob[0].0, "bob");
    assert_eq!(
        bob[0].1, bob[1].1,
        "bob's has gloss-example's tags, on his own"
    );
    // Imported again: bob's are there, none twice.
    assert_imports(
        &ws,
        "json",
        "bob.jsonld",
        "imported: 0 added, 0 updated, 7 already there",
    );
}

/// A tab separates the fields of a brat line, so a tab in a note goes out as a space: the
/// export says so, naming the annotation, rather than changing the note unsaid.
#[test]
fn a_tab_in_a_note_goes_to_brat_as_a_space_and_the_export_says_so() {
    let ws = common::Workspace::new(true);
    let id = edit_first_annotation(&ws, |a| a.note = "before\tafter".into()).id;
    let out = run(
        &ws,
        &["export", "--format", "brat", "--out", "brat", "corpus"],
    );
    let ann = std::fs::read_to_string(
        ws.dir
            .path()
            .join("brat")
            .join(format!("{}.ann", DOC.trim_end_matches(".txt"))),
    )
    .unwrap();
    assert!(ann.contains("\tbefore after\n"), "{ann}");
    assert!(
        said(&out).contains(&format!(
            "gloss: left out: {DOC}: the tab in the note of {id}, written as a space"
        )),
        "{}",
        said(&out)
    );
}

#[test]
fn a_brat_round_trip_keeps_each_annotation_s_coder_and_the_line_breaks_of_its_note() {
    let ws = common::Workspace::new(true);
    let edited = edit_first_annotation(&ws, |a| {
        a.note = "a\nb\n\nc".into();
        a.modified_by = "carol".into();
    });
    run(
        &ws,
        &["export", "--format", "brat", "--out", "brat", "corpus"],
    );

    let fresh = common::Workspace::new(false);
    let brat = ws.dir.path().join("brat");
    assert_imports(&fresh, "brat", brat.to_str().unwrap(), "imported: 7 added");
    let all = annotations(&fresh);
    assert!(!all.is_empty());
    for a in &all {
        assert_eq!(a["annotator"].as_str(), Some("gloss-example"), "{a:?}");
    }
    let noted = all
        .iter()
        .find(|a| a["start"].as_integer() == Some(edited.start as i64))
        .unwrap();
    assert_eq!(noted["note"].as_str(), Some("a\nb\n\nc"));
    assert_eq!(noted["modified_by"].as_str(), Some("carol"));
    // Imported again, nothing is added twice.
    assert_imports(
        &fresh,
        "brat",
        brat.to_str().unwrap(),
        "imported: 0 added, 0 updated, 7 already there",
    );
}

#[test]
fn a_newer_version_under_another_creator_is_that_creator_s_own_and_the_first_coder_s_is_kept() {
    let ws = common::Workspace::new(true);
    let before = annotations(&ws);
    let mut json = examples_as_w3c(&ws);
    // The ids kept; the creator bob, and every annotation changed later than gloss-example's.
    each_object(&mut json, &|map| {
        if let Some(creator) = map.get_mut("creator") {
            creator["name"] = "bob".into();
        }
        if map.contains_key("modified") {
            map["modified"] = "2027-01-01T00:00:00Z".into();
        }
    });
    std::fs::write(ws.dir.path().join("bob.jsonld"), json.to_string()).unwrap();
    assert_imports(
        &ws,
        "json",
        "bob.jsonld",
        "imported: 7 added, 0 updated, 0 already there",
    );
    let after = annotations(&ws);
    for a in &before {
        assert!(after.contains(a), "gloss-example's {a:?} changed");
    }
    let bob = on_span(&ws, 1217, 1298);
    assert_eq!(bob[0].0, "bob", "{bob:?}");
    assert_eq!(bob[1].0, "gloss-example", "{bob:?}");
    assert_imports(
        &ws,
        "json",
        "bob.jsonld",
        "imported: 0 added, 0 updated, 7 already there",
    );
}

/// `gloss import --format FORMAT FILE corpus` in the workspace, which must say `report`.
fn assert_imports(ws: &common::Workspace, format: &str, file: &str, report: &str) {
    let out = run(ws, &["import", "--format", format, file, "corpus"]);
    assert!(said(&out).contains(report), "{}", said(&out));
}

/// A REFI-QDA selection alice made, coded by bob and, when `alice_codes`, by alice (each
/// `Coding` names its `creatingUser`), as a project where two coders share selections may hold
/// it.
fn shared_selection(alice_codes: bool) -> Vec<u8> {
    use std::io::Write;
    let user = |n: u8| format!("{{0A1B2C3D-0000-4000-8000-00000000000{n}}}");
    let code = |n: u8| format!("{{0A1B2C3D-0000-4000-8000-0000000000C{n}}}");
    let qde = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="shared">
  <Users><User guid="{a}" name="alice"/><User guid="{b}" name="bob"/></Users>
  <CodeBook><Codes>
    <Code guid="{denial}" name="denial" isCodable="true"/>
    <Code guid="{accusation}" name="accusation" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{{8E2B1B4C-1D1F-4C7B-9E57-7C1D2A3B4C5D}}" name="{DOC}">
      <PlainTextSelection guid="{{0A1B2C3D-0000-4000-8000-0000000000A1}}" startPosition="1217" endPosition="1298" creatingUser="{a}">
        {alice}
        <Coding guid="{{0A1B2C3D-0000-4000-8000-0000000000D2}}" creatingUser="{b}"><CodeRef targetGUID="{accusation}"/><NoteRef targetGUID="{{0A1B2C3D-0000-4000-8000-0000000000E1}}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes><Note guid="{{0A1B2C3D-0000-4000-8000-0000000000E1}}" name="why"><PlainTextContent>bob's reason</PlainTextContent></Note></Notes>
</Project>
"#,
        a = user(1),
        b = user(2),
        denial = code(1),
        accusation = code(2),
        alice = if alice_codes {
            format!(
                r#"<Coding guid="{{0A1B2C3D-0000-4000-8000-0000000000D1}}" creatingUser="{}"><CodeRef targetGUID="{}"/></Coding>"#,
                user(1),
                code(1)
            )
        } else {
            String::new()
        },
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("project.qde", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_refi_qda_selection_coded_by_two_users_gives_each_user_their_own_annotation() {
    let ws = common::Workspace::new(true);
    std::fs::write(ws.dir.path().join("shared.qdpx"), shared_selection(true)).unwrap();
    assert_imports(&ws, "qdpx", "shared.qdpx", "imported: 2 added");
    let of = |who: &str, tags: &[&str]| {
        (
            who.to_owned(),
            tags.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        on_span(&ws, 1217, 1298),
        [
            of("alice", &["denial"]),
            of("bob", &["accusation"]),
            of("gloss-example", &["denial", "non-authoritative"]),
        ]
    );
    // The note bob's coding refers to is on bob's annotation.
    let notes: Vec<(String, String)> = annotations(&ws)
        .iter()
        .filter(|a| a["annotator"].as_str() != Some("gloss-example"))
        .filter_map(|a| {
            let note = a.get("note")?.as_str()?.to_owned();
            Some((a["annotator"].as_str().unwrap().to_owned(), note))
        })
        .collect();
    assert_eq!(notes, [("bob".to_owned(), "bob's reason".to_owned())]);
    assert_imports(
        &ws,
        "qdpx",
        "shared.qdpx",
        "imported: 0 added, 0 updated, 2 already there",
    );
}

/// A selection alice made that only bob coded is bob's annotation, and no empty one of
/// alice's.
#[test]
fn a_refi_qda_selection_only_another_user_coded_is_theirs_alone() {
    let ws = common::Workspace::new(true);
    std::fs::write(ws.dir.path().join("shared.qdpx"), shared_selection(false)).unwrap();
    assert_imports(&ws, "qdpx", "shared.qdpx", "imported: 1 added");
    let on = on_span(&ws, 1217, 1298);
    let who: Vec<&str> = on.iter().map(|(who, _)| who.as_str()).collect();
    assert_eq!(who, ["bob", "gloss-example"]);
    assert_eq!(on[0].1, ["accusation"]);
}

mod property {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use gloss::core::annotation::{Annotation, Stamp};
    use gloss::core::corpus::Corpus;
    use gloss::core::documents::text::{self, CharIndex};
    use gloss::core::formats::import::{self, Batch};
    use gloss::core::formats::offsets::Given;
    use gloss::core::formats::{self, Format, Material, Options, Scope};
    use gloss::core::storage::store::{self, AnnotationFile};
    use proptest::prelude::*;

    use super::{DOC, common};

    const CODERS: [&str; 2] = ["alice", "bob"];
    const TAGS: [&str; 4] = ["accusation", "denial", "position/norm", "non-authoritative"];
    /// Who the import takes an annotation's coder to be when the file names none.
    const IMPORTER: &str = "importer";

    /// Tags by coder and span (code points of the document): one annotation each.
    type Coding = BTreeMap<(String, (usize, usize)), BTreeSet<String>>;

    /// Spans of the document to code: runs of three words, some of them overlapping.
    fn spans(text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            if chars[at].is_alphanumeric() {
                let start = at;
                while at < chars.len() && !chars[at].is_whitespace() {
                    at += 1;
                }
                words.push((start, at));
            }
            at += 1;
        }
        [0, 2, 40, 41, 90]
            .iter()
            .map(|&w| (words[w].0, words[w + 2].1))
            .collect()
    }

    fn text() -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        text::canonicalize(&std::fs::read(root.join("corpus").join(DOC)).unwrap()).unwrap()
    }

    /// Writes `coding` as the document's annotation file in `ws`.
    fn write(ws: &common::Workspace, coding: &Coding) {
        let text = text();
        let index = CharIndex::new(&text);
        let annotations: Vec<Annotation> = coding
            .iter()
            .map(|((coder, (start, end)), tags)| {
                let span = index.char_to_byte(&text, *start)..index.char_to_byte(&text, *end);
                let stamp = Stamp {
                    annotator: coder.clone(),
                    time: "2026-11-01T09:00:00Z".into(),
                };
                Annotation::new(&text, &index, span, tags.iter().cloned().collect(), &stamp)
            })
            .collect();
        let file = AnnotationFile {
            document: DOC.into(),
            content_hash: text::content_hash(&text),
            annotations,
            extra: Default::default(),
        };
        let path = store::annotation_path(&ws.annotations(), DOC);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, store::to_toml(&file)).unwrap();
    }

    fn on_disk(ws: &common::Workspace) -> Vec<Annotation> {
        store::load(&store::annotation_path(&ws.annotations(), DOC))
            .unwrap()
            .unwrap()
            .annotations
    }

    /// `json` without any `id`, as a tool that keeps none would write it.
    fn without_ids(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("id");
                map.values_mut().for_each(without_ids);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(without_ids),
            _ => {}
        }
    }

    /// The file of each format, read back: brat, W3C JSON and CSV without their ids, doccano, and
    /// REFI-QDA (whose selections must have GUIDs); with whether the format names coders.
    fn files_of(ws: &common::Workspace) -> Vec<(Format, Batch, bool)> {
        let corpus = Box::leak(Box::new(Corpus::open(&ws.corpus(), None).unwrap()));
        let m = Material::collect(corpus, &Scope::default()).unwrap();
        let written = |format| {
            let mut out = Vec::new();
            formats::write(format, &m, Options::default(), &mut out).unwrap();
            out
        };
        let mut json: serde_json::Value = serde_json::from_slice(&written(Format::Json)).unwrap();
        without_ids(&mut json);
        let json = formats::json::read(json.to_string().as_bytes()).unwrap();
        let csv = written(Format::Csv);
        let mut rows = ::csv::Reader::from_reader(&csv[..]);
        let header = rows.headers().unwrap().clone();
        let id = header.iter().position(|h| h == "id").unwrap();
        let mut stripped = ::csv::Writer::from_writer(Vec::new());
        let keep = |r: &::csv::StringRecord| -> Vec<String> {
            r.iter()
                .enumerate()
                .filter(|(i, _)| *i != id)
                .map(|(_, c)| c.to_owned())
                .collect()
        };
        stripped.write_record(keep(&header)).unwrap();
        for r in rows.records() {
            stripped.write_record(keep(&r.unwrap())).unwrap();
        }
        let csv = formats::csv::read(&stripped.into_inner().unwrap()).unwrap();
        let by_text = import::ByText::new(corpus);
        let jsonl = String::from_utf8(written(Format::Jsonl)).unwrap();
        let jsonl = formats::jsonl::read(&jsonl, Given::default(), &|t| by_text.find(t)).unwrap();
        let qdpx = formats::qdpx::read(&written(Format::Qdpx), Given::default(), &|n, _| {
            import::document_named(corpus, n)
        })
        .unwrap();
        let brat = tempfile::tempdir().unwrap();
        formats::write_to(Format::Brat, &m, Options::default(), brat.path()).unwrap();
        let brat = formats::brat::read(brat.path(), Given::default()).unwrap();
        vec![
            (Format::Brat, brat, true),
            (Format::Json, json, true),
            (Format::Csv, csv, true),
            (Format::Jsonl, jsonl, false),
            (Format::Qdpx, qdpx, true),
        ]
    }

    fn coding(entries: Vec<(usize, usize, BTreeSet<usize>)>, spans: &[(usize, usize)]) -> Coding {
        let mut out = Coding::new();
        for (coder, span, tags) in entries {
            out.entry((CODERS[coder].to_owned(), spans[span]))
                .or_default()
                .extend(tags.iter().map(|&t| TAGS[t].to_owned()));
        }
        out
    }

    fn entries(coders: usize) -> impl Strategy<Value = Vec<(usize, usize, BTreeSet<usize>)>> {
        prop::collection::vec(
            (
                0..coders,
                0..5usize,
                prop::collection::btree_set(0..TAGS.len(), 1..3),
            ),
            0..8,
        )
    }

    proptest! {
        #![proptest_config(common::proptest_config(12))]

        /// Two coders' random codings of a document, written by each format (without ids where
        /// the format can do without), imported into a copy where alice already coded: every
        /// coder's codes on a span are exactly those that coder gave there, in the copy or the
        /// file (the importer's, for a format that names no coder), and without ids each coder
        /// has one annotation per span.
        #[test]
        fn an_import_puts_each_coder_s_codes_only_on_that_coder_s_annotations(
            file in entries(2),
            there in entries(1),
        ) {
            let spans = spans(&text());
            let (file, there) = (coding(file, &spans), coding(there, &spans));
            let source = common::Workspace::new(false);
            write(&source, &file);
            for (format, batch, names_coders) in files_of(&source) {
                let target = common::Workspace::new(false);
                write(&target, &there);
                let before = on_disk(&target);
                let corpus = Corpus::open(&target.corpus(), None).unwrap();
                let report = import::merge(
                    &corpus,
                    batch,
                    &Stamp { annotator: IMPORTER.into(), time: "2026-12-01T09:00:00Z".into() },
                    &|c| gloss::tui::keymap::Keymap::default().reader_uses(c),
                    Path::new("file"),
                    gloss::core::user_state::timing::LOCK_WAIT,
                    false,
                );
                prop_assert!(!report.has_problems(), "{:?}: {}", format, report);
                let mut expected = there.clone();
                for ((coder, span), tags) in &file {
                    let coder = if names_coders { coder.clone() } else { IMPORTER.to_owned() };
                    expected.entry((coder, *span)).or_default().extend(tags.iter().cloned());
                }
                let after = on_disk(&target);
                let mut found = Coding::new();
                let mut count: BTreeMap<(String, (usize, usize)), usize> = BTreeMap::new();
                for a in &after {
                    let key = (a.annotator.clone(), (a.start, a.end));
                    found.entry(key.clone()).or_default().extend(a.tags.iter().cloned());
                    *count.entry(key).or_default() += 1;
                    prop_assert_eq!(&a.modified_by, &a.annotator, "{:?}", format);
                }
                prop_assert_eq!(&found, &expected, "{:?}: {}", format, report);
                // What alice had is there, on its span, with its tags.
                for a in &before {
                    let now = after.iter().find(|b| b.id == a.id);
                    prop_assert!(
                        now.is_some_and(|b| (b.start, b.end, &b.annotator) == (a.start, a.end, &a.annotator)
                            && a.tags.iter().all(|t| b.tags.contains(t))),
                        "{:?}: {:?} became {:?}", format, a, now
                    );
                }
                if format != Format::Qdpx {
                    prop_assert!(count.values().all(|&n| n == 1), "{:?}: {:?}", format, count);
                }
            }
        }
    }
}

#[test]
fn a_doccano_export_of_two_coders_says_that_its_lines_name_no_coder() {
    let ws = common::Workspace::new(true);
    let path = ws.annotations().join(format!("{DOC}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("annotator = \"gloss-example\"", "annotator = \"alice\""),
    )
    .unwrap();
    let out = run(&ws, &["export", "--format", "jsonl", "corpus"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "gloss: doccano lines name no coder: the annotations of gloss-example and alice are \
             written alike, and an import makes them all the importer's, one annotation per \
             span; give --coder NAME for one coder's, or export json, csv, brat or qdpx to keep \
             the coders apart\n"
        ),
        "{err}"
    );
    let out = run(
        &ws,
        &["export", "--format", "jsonl", "--coder", "alice", "corpus"],
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("name no coder"));
}

/// Applies `edit` to every JSON object in `v`, at any depth, before going into its values.
fn each_object(
    v: &mut serde_json::Value,
    edit: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>),
) {
    match v {
        serde_json::Value::Object(map) => {
            edit(map);
            map.values_mut().for_each(|v| each_object(v, edit));
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| each_object(v, edit)),
        _ => {}
    }
}

/// gloss-example's annotations exported as W3C JSON.
fn examples_as_w3c(ws: &common::Workspace) -> serde_json::Value {
    let args = [
        "export",
        "--format",
        "json",
        "--coder",
        "gloss-example",
        "corpus",
    ];
    serde_json::from_slice(&run(ws, &args).stdout).unwrap()
}

/// Changes the first annotation of DOC's file on disk with `edit`; returns it as changed.
fn edit_first_annotation(
    ws: &common::Workspace,
    edit: impl FnOnce(&mut gloss::core::annotation::Annotation),
) -> gloss::core::annotation::Annotation {
    use gloss::core::storage::store;
    let path = ws.annotations().join(format!("{DOC}.toml"));
    let mut file = store::load(&path).unwrap().unwrap();
    edit(&mut file.annotations[0]);
    std::fs::write(&path, store::to_toml(&file)).unwrap();
    file.annotations.swap_remove(0)
}
