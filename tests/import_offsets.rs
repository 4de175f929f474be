//! Imported spans are checked against the text the file says they cover, under the countings
//! other tools use (code points, UTF-16 code units, bytes; CR LF as one or two), through the real
//! command line: each fault found in files other tools wrote, on a small corpus of its own.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    /// A corpus folder holding `files`, beside an empty `annotations/`.
    fn new(files: &[(&str, &str)]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join("corpus").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Corpus { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.dir.path().join("in").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// `gloss import --format FORMAT PATH CORPUS EXTRA…`: exit code and standard output.
    fn import(&self, format: &str, path: &Path, extra: &[&str]) -> (i32, String) {
        let out = common::gloss_in(self.dir.path(), self.dir.path())
            .args(["import", "--format", format])
            .arg(path)
            .arg(self.root())
            .args(extra)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap(), format!("{stdout}{stderr}"))
    }

    /// The annotations stored for `doc`, in order; none without a file.
    fn annotations(&self, doc: &str) -> Vec<gloss::core::annotation::Annotation> {
        let path = self
            .dir
            .path()
            .join("annotations")
            .join(format!("{doc}.toml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Vec::new();
        };
        gloss::core::storage::store::from_toml(&text, &path)
            .unwrap()
            .annotations
    }

    /// The quotes and tags of the annotations stored for `doc`, in order.
    fn stored(&self, doc: &str) -> Vec<(String, Vec<String>)> {
        let all = self.annotations(doc).into_iter();
        all.map(|a| (a.quote, a.tags)).collect()
    }

    fn note(&self, doc: &str) -> Vec<String> {
        self.annotations(doc).into_iter().map(|a| a.note).collect()
    }
}

/// A corpus of `a.txt` holding `text`, and the brat folder of that text with `ann` imported into
/// it: the corpus, the exit code and the output.
fn brat_a(text: &str, ann: &str) -> (Corpus, i32, String) {
    let c = Corpus::new(&[("a.txt", text)]);
    c.file("brat/a.txt", text.as_bytes());
    c.file("brat/a.ann", ann.as_bytes());
    let (code, out) = c.import("brat", &c.dir.path().join("in/brat"), &[]);
    (c, code, out)
}

fn one(quote: &str, tag: &str) -> (String, Vec<String>) {
    (quote.to_owned(), vec![tag.to_owned()])
}

const EMOJI: &str = "Fans 😀😀 wrote that officials denied any delay. Then the talks went on.\n";

/// Where `part` starts and ends in `text`, in UTF-16 code units, as doccano counts.
fn utf16(text: &str, part: &str) -> (usize, usize) {
    let at = text.find(part).unwrap();
    let start = text[..at].encode_utf16().count();
    (start, start + part.encode_utf16().count())
}

#[test]
fn doccano_utf16_offsets_after_emoji_land_on_the_labelled_words() {
    let c = Corpus::new(&[("a.txt", EMOJI)]);
    let (s, e) = utf16(EMOJI, "officials denied any delay.");
    let line = serde_json::json!({"text": EMOJI, "label": [[s, e, "denial"]]});
    let path = c.file("doccano.jsonl", format!("{line}\n").as_bytes());
    let (code, out) = c.import("jsonl", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("UTF-16 code units: a.txt (line 1)"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [one("officials denied any delay.", "denial")]
    );
    // Said to count code points, the same file is read so: the span lands two characters off,
    // as asked, and never silently.
    let c = Corpus::new(&[("a.txt", EMOJI)]);
    let (code, out) = c.import("jsonl", &path, &["--offsets", "codepoints"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("code points: a.txt (line 1)"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [one("ficials denied any delay. T", "denial")]
    );
}

#[test]
fn a_doccano_label_past_the_code_points_is_read_and_one_outside_every_counting_is_reported() {
    let c = Corpus::new(&[("a.txt", EMOJI)]);
    // The last label ends at the text's end in UTF-16 code units, past its code points.
    let (s, e) = utf16(EMOJI, "Then the talks went on.\n");
    let line = serde_json::json!({
        "text": EMOJI,
        "label": [[s, e, "denial"], [500, 510, "accusation"]],
        "document": "a.txt",
    });
    let path = c.file("doccano.jsonl", format!("{line}\n").as_bytes());
    let (code, out) = c.import("jsonl", &path, &[]);
    assert_eq!(code, 1, "something was not placed: {out}");
    assert!(out.contains("1 added"), "{out}");
    assert!(out.contains("offsets 500..510"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [one("Then the talks went on.\n", "denial")]
    );
}

#[test]
fn brat_text_with_crlf_is_read_in_whichever_counting_its_text_column_fits() {
    let text = "First line.\nSecond line here.\nThird.\n";
    let c = Corpus::new(&[("once.txt", text), ("twice.txt", text)]);
    let crlf = text.replace('\n', "\r\n");
    // A tool that counted each CR LF once, and brat itself, which counts both characters.
    c.file("brat/once.txt", crlf.as_bytes());
    c.file("brat/once.ann", b"T1\tclaim 12 18\tSecond\n");
    c.file("brat/twice.txt", crlf.as_bytes());
    c.file(
        "brat/twice.ann",
        b"T1\tclaim 13 19\tSecond\nT2\tclaim 32 38\tThird.\n",
    );
    let (code, out) = c.import("brat", &c.dir.path().join("in/brat"), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("code points: once.txt"), "{out}");
    assert!(
        out.contains("code points, CR LF as two: twice.txt"),
        "{out}"
    );
    assert_eq!(c.stored("once.txt"), [one("Second", "claim")]);
    assert_eq!(
        c.stored("twice.txt"),
        [one("Second", "claim"), one("Third.", "claim")]
    );
}

#[test]
fn a_brat_span_whose_text_column_no_counting_explains_is_not_placed() {
    let (c, code, out) = brat_a(
        "Alpha beta gamma.\n",
        "T1\tclaim 0 5\tAlpha\nT2\tclaim 6 10\tdelta\n",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("covers “beta”, not “delta”"), "{out}");
    assert_eq!(c.stored("a.txt"), [one("Alpha", "claim")]);
}

#[test]
fn brat_type_names_are_decoded_only_when_gloss_wrote_the_configuration() {
    let text = "Evidence one. Source two.\n";
    let c = Corpus::new(&[("a.txt", text)]);
    let ann = "T1\tGrade_A_Evidence 0 13\tEvidence one.\nT2\tTier_1_Source 14 25\tSource two.\n";
    c.file("brat/a.txt", text.as_bytes());
    c.file("brat/a.ann", ann.as_bytes());
    c.file(
        "brat/annotation.conf",
        b"[entities]\nGrade_A_Evidence\nTier_1_Source\n[relations]\n[events]\n[attributes]\n",
    );
    let (code, out) = c.import("brat", &c.dir.path().join("in/brat"), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [
            one("Evidence one.", "Grade_A_Evidence"),
            one("Source two.", "Tier_1_Source")
        ]
    );
    // gloss's own configuration says its names are escaped tag names.
    let c = Corpus::new(&[("a.txt", text)]);
    c.file("brat/a.txt", text.as_bytes());
    c.file("brat/a.ann", b"T1\tposition_2f_norm 0 13\tEvidence one.\n");
    let conf = format!(
        "{}: one entity type per tag.\n[entities]\nposition_2f_norm\n",
        gloss::core::formats::brat::MARK
    );
    c.file("brat/annotation.conf", conf.as_bytes());
    let (code, out) = c.import("brat", &c.dir.path().join("in/brat"), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(c.stored("a.txt"), [one("Evidence one.", "position/norm")]);
}

/// A REFI-QDA project with one source of `text` at `sources/S.txt`, named `name`, whose
/// selections (start, end, code) are as given, with `extra` inside the first selection and
/// `notes` after the sources.
fn project(
    name: &str,
    text: &str,
    selections: &[(usize, usize)],
    extra: &str,
    notes: &str,
) -> Vec<u8> {
    let mut sels = String::new();
    for (i, (s, e)) in selections.iter().enumerate() {
        sels.push_str(&format!(
            "<PlainTextSelection guid=\"0a1b2c3d-0000-4000-8000-00000000000{i}\" \
             startPosition=\"{s}\" endPosition=\"{e}\">\
             <Coding guid=\"0a1b2c3d-0000-4000-8000-0000000000d{i}\">\
             <CodeRef targetGUID=\"0a1b2c3d-0000-4000-8000-0000000000c1\"/></Coding>{}\
             </PlainTextSelection>",
            if i == 0 { extra } else { "" }
        ));
    }
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\
         <CodeBook><Codes><Code guid=\"0a1b2c3d-0000-4000-8000-0000000000c1\" name=\"claim\" \
         isCodable=\"true\"/></Codes></CodeBook>\
         <Sources><TextSource guid=\"0a1b2c3d-0000-4000-8000-0000000000e1\" name=\"{name}\" \
         plainTextPath=\"internal://S.txt\">{sels}</TextSource></Sources>{notes}</Project>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.start_file("sources/S.txt", options).unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

const FOUR_LINES: &str = "First line.\nSecond line.\nThird line.\nFourth and last line.\n";

#[test]
fn refi_qda_positions_counting_each_line_break_as_two_are_found_from_the_source_text() {
    let c = Corpus::new(&[("a.txt", FOUR_LINES)]);
    // "Fourth and last line." counted as MAXQDA counts: each of the three breaks before it twice.
    let at = FOUR_LINES.find("Fourth").unwrap() + 3;
    let second = FOUR_LINES.find("Second").unwrap() + 1;
    let qdpx = project(
        "a.txt",
        FOUR_LINES,
        &[(at, at + 21), (second, second + 6)],
        "",
        "",
    );
    let path = c.file("p.qdpx", &qdpx);
    let (code, out) = c.import("qdpx", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every line break as two: a.txt"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [
            one("Second", "claim"),
            one("Fourth and last line.", "claim")
        ]
    );
    // The same positions in a source written with CR LF: counted as the text is written.
    let c = Corpus::new(&[("a.txt", FOUR_LINES)]);
    let crlf = FOUR_LINES.replace('\n', "\r\n");
    let path = c.file("p.qdpx", &project("a.txt", &crlf, &[(at, at + 21)], "", ""));
    let (code, out) = c.import("qdpx", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(c.stored("a.txt"), [one("Fourth and last line.", "claim")]);
}

#[test]
fn a_refi_qda_source_named_otherwise_is_found_by_its_text_and_its_memos_are_kept() {
    let c = Corpus::new(&[("interviews/dana.txt", FOUR_LINES)]);
    let note_ref = "<NoteRef targetGUID=\"0a1b2c3d-0000-4000-8000-0000000000f1\"/>";
    let notes = "<Notes>\
        <Note guid=\"0a1b2c3d-0000-4000-8000-0000000000f1\" name=\"Memo 1\">\
        <PlainTextContent>Check this against the minutes.</PlainTextContent></Note>\
        <Note guid=\"0a1b2c3d-0000-4000-8000-0000000000f2\" name=\"Journal\">\
        <PlainTextContent>Day one of coding.</PlainTextContent></Note></Notes>";
    let qdpx = project("Interview Dana", FOUR_LINES, &[(12, 18)], note_ref, notes);
    let path = c.file("p.qdpx", &qdpx);
    let (code, out) = c.import("qdpx", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(c.stored("interviews/dana.txt"), [one("Second", "claim")]);
    assert_eq!(
        c.note("interviews/dana.txt"),
        ["Check this against the minutes."]
    );
    assert!(
        out.contains("note \"Journal\" (“Day one of coding.”)"),
        "{out}"
    );
    // A source that is no document of the corpus, by name or text, is reported: exit 1.
    let other = project("Elsewhere", "Other text.\n", &[(0, 5)], "", "");
    let path = c.file("q.qdpx", &other);
    let (code, out) = c.import("qdpx", &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("source \"Elsewhere\""), "{out}");
}

#[test]
fn w3c_positions_in_utf16_are_checked_against_the_exact_quote_in_the_corpus_document() {
    let c = Corpus::new(&[("a.txt", EMOJI)]);
    let (s, e) = utf16(EMOJI, "officials denied any delay.");
    let annotation = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {"source": "a.txt", "selector": [
            {"type": "TextQuoteSelector", "exact": "officials denied any delay."},
            {"type": "TextPositionSelector", "start": s, "end": e},
        ]},
        "body": [{"type": "TextualBody", "value": "denial", "purpose": "tagging"}],
    });
    let path = c.file("w3c.json", annotation.to_string().as_bytes());
    let (code, out) = c.import("json", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("UTF-16 code units: a.txt"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [one("officials denied any delay.", "denial")]
    );
}

/// Six emoji, then four “Yes.”: offsets 18..22 fit only UTF-16 code units, 7..11 only code
/// points; no one counting fits both.
const REP: &str = "😀😀😀😀😀😀 Yes. Yes. Yes. Yes.\n";

#[test]
fn a_csv_row_that_does_not_fit_the_counting_of_the_others_is_not_placed() {
    let c = Corpus::new(&[("rep3.txt", REP)]);
    let path = c.file(
        "rep.csv",
        b"document,start,end,quote,tag\nrep3.txt,18,22,Yes.,denial\nrep3.txt,7,11,Yes.,hedge\n",
    );
    let (code, out) = c.import("csv", &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 not placed"), "{out}");
    let placed: Vec<(usize, usize)> = c
        .annotations("rep3.txt")
        .iter()
        .map(|a| (a.start, a.end))
        .collect();
    // Only one row is placed, where its own offsets say under the counting chosen.
    assert_eq!(placed.len(), 1, "{out}");
    assert!([(12, 16), (7, 11)].contains(&placed[0]), "{placed:?} {out}");
}

#[test]
fn a_w3c_annotation_that_does_not_fit_the_counting_of_the_others_is_not_placed() {
    let c = Corpus::new(&[("rep3.txt", REP)]);
    let one = |s: usize, e: usize, tag: &str| {
        serde_json::json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "target": {"source": "rep3.txt", "selector": [
                {"type": "TextQuoteSelector", "exact": "Yes."},
                {"type": "TextPositionSelector", "start": s, "end": e},
            ]},
            "body": [{"type": "TextualBody", "value": tag, "purpose": "tagging"}],
        })
    };
    let page = serde_json::json!([one(18, 22, "denial"), one(7, 11, "hedge")]);
    let path = c.file("w3c.json", page.to_string().as_bytes());
    let (code, out) = c.import("json", &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 not placed"), "{out}");
    assert_eq!(c.annotations("rep3.txt").len(), 1, "{out}");
}

#[test]
fn a_csv_made_from_an_older_text_is_placed_by_its_quote_and_reported_as_moved() {
    // The file was made before “Yes.” moved two characters on: no row fits this text.
    let c = Corpus::new(&[("a.txt", "Oh, so Yes. No.\n")]);
    let path = c.file(
        "old.csv",
        b"document,start,end,quote,tag\na.txt,4,8,Yes.,denial\n",
    );
    let (code, out) = c.import("csv", &path, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("moved"), "{out}");
    assert_eq!(c.stored("a.txt"), [one("Yes.", "denial")]);
}

#[test]
fn a_csv_edit_whose_offsets_disagree_with_its_quote_is_reported_not_taken_as_already_there() {
    let c = Corpus::new(&[("a.txt", "Yes. No. Maybe.\n")]);
    let rows = |no: (usize, usize)| {
        format!(
            "document,start,end,quote,tag,id\na.txt,0,4,Yes.,denial,a1\na.txt,{},{},No.,hedge,a2\n",
            no.0, no.1
        )
    };
    let path = c.file("first.csv", rows((5, 8)).as_bytes());
    let (code, out) = c.import("csv", &path, &[]);
    assert_eq!(code, 0, "{out}");
    // The second row's offsets edited to cover “Maybe” while its quote still says “No.”.
    let path = c.file("edited.csv", rows((9, 14)).as_bytes());
    let (code, out) = c.import("csv", &path, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("covers “Maybe”, not “No.”"), "{out}");
    assert_eq!(
        c.stored("a.txt"),
        [one("Yes.", "denial"), one("No.", "hedge")]
    );
}

#[test]
fn a_brat_span_with_a_gap_is_reported_as_not_representable_never_widened() {
    let (c, code, out) = brat_a(
        "Alpha beta gamma delta epsilon.\n",
        "T1\tdenial 0 5;17 22\tAlpha delta\nT2\thedge 6 10\tbeta\n",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("leaves out “ beta gamma ”"), "{out}");
    assert_eq!(c.stored("a.txt"), [one("beta", "hedge")]);
}

#[test]
fn a_brat_span_cut_at_a_line_break_is_one_span() {
    let (c, code, out) = brat_a("Alpha\nbeta gamma.\n", "T1\tdenial 0 5;6 10\tAlpha beta\n");
    assert_eq!(code, 0, "{out}");
    assert_eq!(c.stored("a.txt"), [one("Alpha\nbeta", "denial")]);
}

/// Every path under `dir` with its contents (`None` for a folder), in order.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push((path.clone(), None));
            out.extend(tree(&path));
        } else {
            out.push((path.clone(), Some(std::fs::read(&path).unwrap())));
        }
    }
    out.sort();
    out
}

#[test]
fn a_dry_run_import_writes_nothing_at_all() {
    let c = Corpus::new(&[("a.txt", "Yes. No.\n"), ("sub/b.txt", "Maybe.\n")]);
    let path = c.file(
        "rows.csv",
        b"document,start,end,quote,tag\na.txt,0,4,Yes.,denial\nsub/b.txt,0,6,Maybe.,hedge\n",
    );
    let before = tree(c.dir.path());
    let (code, out) = c.import("csv", &path, &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 added"), "{out}");
    assert_eq!(tree(c.dir.path()), before, "{out}");
}

#[test]
fn importing_the_same_file_without_times_twice_changes_nothing() {
    let c = Corpus::new(&[("a.txt", "Yes. No. Maybe.\n")]);
    let csv = c.file(
        "rows.csv",
        b"document,start,end,quote,tag,note,id\na.txt,0,4,Yes.,denial,,a1\na.txt,5,8,No.,hedge,why,a2\n",
    );
    let w3c = c.file(
        "w3c.json",
        serde_json::json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "urn:uuid:9a6c6a0e-3c1f-4a51-9d55-0a1b2c3d4e5f",
            "type": "Annotation",
            "target": {"source": "a.txt", "selector": [
                {"type": "TextQuoteSelector", "exact": "Maybe."},
                {"type": "TextPositionSelector", "start": 9, "end": 15},
            ]},
            "body": [{"type": "TextualBody", "value": "hedge", "purpose": "tagging"}],
        })
        .to_string()
        .as_bytes(),
    );
    for (format, path) in [("json", &w3c), ("csv", &csv)] {
        let (code, out) = c.import(format, path, &[]);
        assert_eq!(code, 0, "{out}");
        let first = tree(c.dir.path());
        let (code, out) = c.import(format, path, &[]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("0 added, 0 updated"), "{format}: {out}");
        assert_eq!(tree(c.dir.path()), first, "{format}: {out}");
    }
}
