//! A CSV export has one row per annotation and tag, so an annotation with two tags repeats its
//! note, quote, creator and fields on two rows. A spreadsheet user who edits a value on one row
//! only leaves them disagreeing: the one row that differs from what the corpus holds is the
//! edit, and is taken; rows that change it two ways are a conflict, reported with the file and
//! its lines, and nothing of that annotation is imported. Through the real binary.

mod common;

use common::Workspace;
use gloss::core::corpus::Corpus;

/// The id of the shipped annotation with two tags and a speaker ("We firmly oppose…").
const TWO_TAGS: &str = "f9637412-b5b7-4028-9d46-ef378f7c7769";

/// The CSV export of the shipped annotations, as a header and rows.
fn exported(ws: &Workspace) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let out = ws
        .gloss()
        .args(["export", "--format", "csv", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let data = out.stdout.strip_prefix("\u{feff}".as_bytes()).unwrap();
    let mut reader = csv::Reader::from_reader(data);
    let header = reader.headers().unwrap().clone();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// Writes `rows` under `header` to `edited.csv` in the workspace, and imports it; the exit
/// code and what gloss printed.
fn import(ws: &Workspace, header: &csv::StringRecord, rows: &[csv::StringRecord]) -> (i32, String) {
    let path = ws.dir.path().join("edited.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    let out = ws
        .gloss()
        .env("USER", "importer")
        .args(["import", "--format", "csv", "edited.csv", "corpus"])
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), said)
}

/// `row` with `value` in the column `name`.
fn set(header: &csv::StringRecord, row: &mut csv::StringRecord, name: &str, value: &str) {
    let at = header.iter().position(|h| h == name).unwrap();
    *row = row
        .iter()
        .enumerate()
        .map(|(i, v)| if i == at { value } else { v })
        .collect();
}

/// The lines (the header is line 1) of the annotation's rows.
fn rows_of(header: &csv::StringRecord, rows: &[csv::StringRecord], id: &str) -> Vec<usize> {
    let at = header.iter().position(|h| h == "id").unwrap();
    let lines: Vec<usize> = (0..rows.len()).filter(|&i| rows[i][at] == *id).collect();
    assert_eq!(lines.len(), 2, "the annotation has two tags, so two rows");
    lines
}

fn stored(ws: &Workspace, id: &str) -> gloss::core::annotation::Annotation {
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    corpus
        .entries
        .iter()
        .flat_map(|e| e.annotations.iter())
        .find(|a| a.id == id)
        .unwrap()
        .clone()
}

#[test]
fn a_value_edited_on_one_row_of_an_annotation_is_taken() {
    for (column, value) in [
        ("speaker", "Hua Chunying"),
        ("note", "Said at the regular press conference."),
        ("role", "state media"),
    ] {
        let ws = Workspace::new(true);
        let (header, mut rows) = exported(&ws);
        // The second row only: the first still holds what the corpus holds.
        let second = rows_of(&header, &rows, TWO_TAGS)[1];
        set(&header, &mut rows[second], column, value);
        let (code, said) = import(&ws, &header, &rows);
        assert_eq!(code, 0, "{column}: {said}");
        assert!(said.contains("1 updated"), "{column}: {said}");
        assert!(
            said.contains(&format!(
                "{column} “{value}” from line {}, the other rows holding",
                second + 2
            )),
            "{column}: {said}"
        );
        let a = stored(&ws, TWO_TAGS);
        let now = match column {
            "note" => a.note.clone(),
            field => a.fields[field].clone(),
        };
        assert_eq!(now, value, "{column}: {said}");
        assert_eq!(a.tags, ["denial", "authoritative"]);
        // The edit is the importer's; the annotation stays its coder's.
        assert_eq!(
            (a.annotator.as_str(), a.modified_by.as_str()),
            ("gloss-example", "importer")
        );
    }
}

/// Who made an annotation and when is not changed by an edit in the file, on one row as on
/// all: the report says so rather than take it silently or drop it unsaid.
#[test]
fn a_creator_edited_on_one_row_is_named_as_not_taken() {
    let ws = Workspace::new(true);
    let (header, mut rows) = exported(&ws);
    // The first row this time: the annotation takes the other rows' value, the corpus's.
    let first = rows_of(&header, &rows, TWO_TAGS)[0];
    set(&header, &mut rows[first], "annotator", "bob");
    let (code, said) = import(&ws, &header, &rows);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains(&format!(
            "annotator “bob” on line {} not taken: an edit in the file does not change who made \
             an annotation or when; it keeps “gloss-example”",
            first + 2
        )),
        "{said}"
    );
    assert_eq!(stored(&ws, TWO_TAGS).annotator, "gloss-example");
}

#[test]
fn rows_that_change_a_value_two_ways_are_a_conflict_and_nothing_of_it_is_imported() {
    let ws = Workspace::new(true);
    let (header, mut rows) = exported(&ws);
    let [first, second] = rows_of(&header, &rows, TWO_TAGS)[..] else {
        unreachable!()
    };
    set(&header, &mut rows[first], "speaker", "Hua Chunying");
    set(&header, &mut rows[second], "speaker", "Zhao Lijian");
    // Another column edited on both rows, which would be taken alone, is not taken either.
    set(&header, &mut rows[first], "note", "Edited.");
    set(&header, &mut rows[second], "note", "Edited.");
    let before = std::fs::read(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    let (code, said) = import(&ws, &header, &rows);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("0 updated"), "{said}");
    let (l1, l2) = (first + 2, second + 2);
    assert!(
        said.contains(&format!(
            "(lines {l1}, {l2}): in edited.csv, its rows give different speaker: “Hua Chunying” on \
             line {l1}, “Zhao Lijian” on line {l2}, and the annotation holds “Long Zhou”: give \
             every row of it the value you mean"
        )),
        "{said}"
    );
    assert_eq!(
        std::fs::read(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap(),
        before
    );
}

/// A row modified before the corpus's annotation is an older version: not taken, and the report
/// says so with what it would have changed, rather than counting it "already there".
#[test]
fn an_edit_older_than_the_corpus_s_is_named_as_not_taken() {
    let ws = Workspace::new(true);
    let (header, mut rows) = exported(&ws);
    let before = stored(&ws, TWO_TAGS);
    for line in rows_of(&header, &rows, TWO_TAGS) {
        set(&header, &mut rows[line], "modified", "2001-01-01T00:00:00Z");
        set(&header, &mut rows[line], "note", "An older reading.");
    }
    let (code, said) = import(&ws, &header, &rows);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("0 updated, ") && said.contains("1 older than the corpus's (not taken)"),
        "{said}"
    );
    let start: String = before.note.chars().take(20).collect();
    assert!(
        said.contains(&format!("note “{start}")) && said.contains("→ “An older reading.”"),
        "{said}"
    );
    assert_eq!(stored(&ws, TWO_TAGS), before);
}

/// A version modified after the corpus's is taken, and the report says what it changed.
#[test]
fn an_edit_newer_than_the_corpus_s_is_taken_and_named() {
    let ws = Workspace::new(true);
    let (header, mut rows) = exported(&ws);
    for line in rows_of(&header, &rows, TWO_TAGS) {
        set(&header, &mut rows[line], "modified", "2030-01-01T00:00:00Z");
        set(&header, &mut rows[line], "note", "A later reading.");
    }
    let (code, said) = import(&ws, &header, &rows);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("1 updated"), "{said}");
    assert!(
        said.contains("newer than the corpus's, taken:") && said.contains("→ “A later reading.”"),
        "{said}"
    );
    assert_eq!(stored(&ws, TWO_TAGS).note, "A later reading.");
}
