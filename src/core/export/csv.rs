//! CSV for spreadsheets, pandas and R: a header row, then one row per annotation and tag (an
//! annotation with two tags is two rows, one without tags is one row with an empty tag), quoted
//! as RFC 4180 says, in UTF-8 with a byte-order mark so that spreadsheets do not guess another
//! encoding (pandas and readr skip it; base R needs `fileEncoding = "UTF-8-BOM"`). The last
//! column, the annotation's id, groups the rows of one annotation and lets an import recognise it.

use std::io::{self, Write};

use crate::core::export::{Material, TagInfo};
use crate::core::import::{Batch, Incoming};

pub const HEADER: [&str; 12] = [
    "document",
    "title",
    "start",
    "end",
    "quote",
    "tag",
    "tag group",
    "note",
    "annotator",
    "created",
    "modified",
    "id",
];

const BOM: &[u8] = "\u{feff}".as_bytes();

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(HEADER)?;
    for doc in &material.docs {
        for a in &doc.annotations {
            let untagged = [String::new()];
            let tags = if a.tags.is_empty() {
                &untagged[..]
            } else {
                &a.tags[..]
            };
            for tag in tags {
                let (start, end) = (a.start.to_string(), a.end.to_string());
                csv.write_record([
                    doc.rel_path.as_str(),
                    &doc.title,
                    &start,
                    &end,
                    &a.quote,
                    tag,
                    material.group_of(tag),
                    &a.note,
                    &a.annotator,
                    &a.created,
                    &a.modified,
                    &a.id,
                ])?;
            }
        }
    }
    csv.flush()
}

/// Reads rows written by [`write`], or by a spreadsheet from them: columns are found by their
/// header, so they may be reordered, and only `document`, `start`, `end` and `quote` are needed.
/// Rows of the same annotation (same id, or same document and span when there is no id) are
/// joined.
pub fn read(data: &[u8]) -> Result<Batch, String> {
    let data = data.strip_prefix(BOM).unwrap_or(data);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            format!(
                "no `{name}` column: the header row needs {}",
                HEADER.join(", ")
            )
        })
    };
    let (document, start, end, quote) = (
        required("document")?,
        required("start")?,
        required("end")?,
        required("quote")?,
    );
    // The columns after `quote`, in the order `HEADER` gives them; each may be missing.
    let [tag, group, note, annotator, created, modified, id] = <[&str; 7]>::try_from(&HEADER[5..])
        .expect("HEADER has 12 columns")
        .map(column);
    let mut batch = Batch::default();
    // Annotations whose rows give different notes: which row was edited cannot be told.
    let mut disagree: Vec<usize> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let line = row + 2;
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_owned();
        let some = |i: Option<usize>| Some(get(i)).filter(|s| !s.is_empty());
        let number = |i: usize, name: &str| {
            get(Some(i))
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("line {line}: `{name}` is not a whole number"))
        };
        let inc = Incoming {
            document: get(Some(document)),
            id: some(id),
            start: number(start, "start")?,
            end: number(end, "end")?,
            quote: Some(get(Some(quote))),
            note: get(note),
            annotator: some(annotator),
            created: some(created),
            modified: some(modified),
            origin: format!("line {line}"),
            ..Incoming::default()
        };
        let tag_name = get(tag);
        if !tag_name.is_empty() && !batch.tags.iter().any(|t| t.name == tag_name) {
            batch.tags.push(TagInfo {
                name: tag_name.clone(),
                group: get(group),
                ..TagInfo::default()
            });
        }
        let same = |other: &Incoming| match &inc.id {
            Some(id) => other.id.as_ref() == Some(id) && other.document == inc.document,
            None => {
                other.id.is_none()
                    && other.document == inc.document
                    && (other.start, other.end) == (inc.start, inc.end)
            }
        };
        let at = match batch.annotations.iter().position(same) {
            Some(at) => at,
            None => {
                batch.annotations.push(inc);
                batch.annotations.len() - 1
            }
        };
        let joined = &mut batch.annotations[at];
        if joined.note != get(note) && !disagree.contains(&at) {
            disagree.push(at);
        }
        if !tag_name.is_empty() && !joined.tags.contains(&tag_name) {
            joined.tags.push(tag_name);
        }
        if !joined.origin.ends_with(&format!(" {line}")) {
            joined.origin = joined.origin.replacen("line ", "lines ", 1) + &format!(", {line}");
        }
    }
    for at in disagree.into_iter().rev() {
        let inc = batch.annotations.remove(at);
        batch.not_placed.push(format!(
            "{} {}..{} ({}): its rows give different notes; give each row of an annotation \
             the same note",
            inc.document, inc.start, inc.end, inc.origin
        ));
    }
    Ok(batch)
}
