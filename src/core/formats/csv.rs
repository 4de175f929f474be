//! CSV for spreadsheets, pandas and R: a header row, then one row per annotation and tag (an
//! annotation with two tags is two rows, one without tags is one row with an empty tag), quoted
//! as RFC 4180 says, in UTF-8 with a byte-order mark so that spreadsheets do not guess another
//! encoding (pandas and readr skip it; base R needs `fileEncoding = "UTF-8-BOM"`). The last
//! column, the annotation's id, groups the rows of one annotation and lets an import recognise it.
//! Before it comes one column per field (see [`crate::core::fields`]), named for the field, the
//! scheme's fields first: on reading, every column that is not one of [`HEADER`] is a field, and
//! a field named like one of them is written `field:NAME`.
//!
//! Links between annotations (see [`crate::core::links`]) go in a second CSV beside the first,
//! `NAME.links.csv` beside `NAME.csv` ([`links_path`]), in the same dialect: one row per link,
//! [`LINK_HEADER`]: the document and id of the annotation it starts from, its type, and the
//! document (empty when that annotation is not exported) and id of its target. The ids join it
//! to the first file's rows.
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (or a tab or CR) as a formula:
//! a note `=HYPERLINK("http://…?"&A1, "x")` becomes a live link that sends the sheet's cells
//! away. As the OWASP CSV Injection guidance recommends, such a text cell is written behind a
//! single quote (`'=HYPERLINK(…)`), which spreadsheets show as text; see [`guard`]. Reading
//! undoes it ([`unguard`]), so a round trip is exact.
//! [`Options::raw_cells`](crate::core::formats::Options::raw_cells) writes the cells as they are.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::core::formats::import::links::LinkTarget;
use crate::core::formats::import::rows::{self, Column};
use crate::core::formats::import::{Batch, Incoming};
use crate::core::formats::{Material, Options, Parked, Seen, TagInfo};

pub const HEADER: [&str; 13] = [
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
    "modified_by",
    "id",
];

/// The columns of the links file: see the module's description.
pub const LINK_HEADER: [&str; 5] = ["document", "id", "type", "target document", "target id"];

/// The links file that goes with the CSV at `path`: `NAME.links.csv` beside `NAME.csv` (or
/// beside `NAME`, whatever its extension).
pub fn links_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    path.with_file_name(format!("{stem}.links.csv"))
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The first characters that make a spreadsheet read a cell as a formula, as the OWASP CSV
/// Injection page lists them: `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` needs a leading `'` to be read as text: it starts like a formula, or with a
/// `'` that reading would otherwise take for the guard (so that `'=x` itself survives).
fn needs_guard(cell: &str) -> bool {
    match cell.strip_prefix('\'') {
        Some(rest) => needs_guard(rest),
        None => cell.starts_with(FORMULA_STARTS),
    }
}

/// `cell` as a spreadsheet reads it as text: behind a `'` if [`needs_guard`] says so.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`guard`]: the cell without the `'` it added, any other cell as it is.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// The I/O error inside a csv error, so that a closed pipe stays a closed pipe.
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes the annotations to `out`; their links, which go in a second file
/// ([`write_with_links`]), are named as not carried.
pub fn write(material: &Material, options: Options, out: &mut dyn Write) -> io::Result<()> {
    write_rows(material, options, out, None)
}

/// Writes the annotations to `out` and their links to `links` (see the module's description).
pub fn write_with_links(
    material: &Material,
    options: Options,
    out: &mut dyn Write,
    links: &mut dyn Write,
) -> io::Result<()> {
    write_rows(material, options, out, Some(links))
}

fn write_rows(
    material: &Material,
    options: Options,
    out: &mut dyn Write,
    links_out: Option<&mut dyn Write>,
) -> io::Result<()> {
    material.start_write();
    out.write_all(BOM)?;
    let mut csv = ::csv::Writer::from_writer(out);
    let cell = |text: &str| -> String {
        if options.raw_cells {
            text.to_owned()
        } else {
            guard(text).into_owned()
        }
    };
    // The header names every field before any row, but the fields are known only once every
    // document is read: the rows wait in a temporary file, each with the values of the fields
    // known when it was made (the list only grows at its end), its id before them, and are
    // copied behind the header at the end, the missing values empty. That reads each document
    // once.
    let mut seen = Seen::default();
    // The document of every annotation written, by id (an index into `seen.documents`), for
    // the targets of links.
    let mut document_of: HashMap<String, usize> = HashMap::new();
    // Each link: its source's document and id, its type and its target's id.
    let mut links: Vec<[String; 4]> = Vec::new();
    let mut parked = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Parked::new()?);
    material.each_doc(&mut |doc| {
        seen.add(doc);
        let fields = material.field_names(&seen);
        let doc_index = seen.documents.len() - 1;
        for a in &doc.annotations {
            document_of.insert(a.id.clone(), doc_index);
            for link in &a.links {
                links.push([
                    doc.rel_path.clone(),
                    a.id.clone(),
                    link.kind.clone(),
                    link.to.clone(),
                ]);
            }
            let untagged = [String::new()];
            let tags = if a.tags.is_empty() {
                &untagged[..]
            } else {
                &a.tags[..]
            };
            for tag in tags {
                let values = fields
                    .iter()
                    .map(|f| cell(a.fields.get(*f).map_or("", String::as_str)));
                let record = [
                    cell(&doc.rel_path),
                    cell(&doc.title),
                    a.start.to_string(),
                    a.end.to_string(),
                    cell(&a.quote),
                    cell(tag),
                    cell(material.group_of(tag)),
                    cell(&a.note),
                    cell(&a.annotator),
                    cell(&a.created),
                    cell(&a.modified),
                    cell(&a.modified_by),
                    cell(&a.id),
                ];
                parked
                    .write_record(record.into_iter().chain(values))
                    .map_err(io_error)?;
            }
        }
        Ok(())
    })?;
    let fields = material.field_names(&seen);
    // The fields go before `id`, which stays last.
    let (id_column, before_id) = HEADER.split_last().expect("HEADER is not empty");
    let header = before_id
        .iter()
        .map(|h| (*h).to_owned())
        .chain(fields.iter().map(|f| field_column(f)))
        .chain([(*id_column).to_owned()]);
    csv.write_record(header).map_err(io_error)?;
    let parked = parked.into_inner().map_err(|e| e.into_error())?;
    let mut rows = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(parked.read_back()?);
    let mut row = ::csv::ByteRecord::new();
    let mut out_row = ::csv::ByteRecord::new();
    while rows.read_byte_record(&mut row).map_err(io_error)? {
        out_row.clear();
        out_row.extend(row.iter().take(before_id.len()));
        out_row
            .extend((HEADER.len()..HEADER.len() + fields.len()).map(|i| row.get(i).unwrap_or(b"")));
        out_row.push_field(&row[before_id.len()]);
        csv.write_byte_record(&out_row).map_err(io_error)?;
    }
    csv.flush()?;
    let Some(links_out) = links_out else {
        if !links.is_empty() {
            material.not_carried(format!(
                "{}: they go in a second CSV beside the file, which standard output \
                 cannot hold; give --out FILE.csv to have them in FILE.links.csv",
                crate::core::plural::count(links.len(), "link")
            ));
        }
        return Ok(());
    };
    links_out.write_all(BOM)?;
    let mut csv = ::csv::Writer::from_writer(links_out);
    csv.write_record(LINK_HEADER).map_err(io_error)?;
    for [document, id, kind, to] in &links {
        let target_document = document_of
            .get(to)
            .map_or("", |&i| seen.documents[i].as_str());
        let record = [document.as_str(), id, kind, target_document, to].map(cell);
        csv.write_record(record).map_err(io_error)?;
    }
    csv.flush()
}

/// The column of the field `name`: its name, unless one of [`HEADER`] has it.
fn field_column(name: &str) -> String {
    if HEADER.contains(&name) || name.starts_with(FIELD_PREFIX) {
        format!("{FIELD_PREFIX}{name}")
    } else {
        name.to_owned()
    }
}

/// What a field's column begins with when its name alone would be taken for another column.
const FIELD_PREFIX: &str = "field:";

/// Why a file is not rows gloss can read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The csv crate's message says the record and line.
    #[error("{0}")]
    Csv(#[from] ::csv::Error),
    #[error("no `{name}` column: the header row needs {}", HEADER.join(", "))]
    NoColumn { name: &'static str },
    /// `line` is the file's, counting the header as line 1.
    #[error("line {line}: `{column}` is not a whole number")]
    NotANumber { line: usize, column: &'static str },
    #[error(
        "this is a file of links (its columns are {}): import the annotations' CSV beside it, \
         which brings it in",
        LINK_HEADER.join(", ")
    )]
    LinksFile,
    #[error("no `{name}` column: the header row of a links file needs {}", LINK_HEADER.join(", "))]
    NoLinkColumn { name: &'static str },
}

/// Reads rows written by [`write`], or by a spreadsheet from them: columns are found by their
/// header, so they may be reordered, and only `document`, `start`, `end` and `quote` are needed.
/// Rows of the same annotation (same id, or same document, span and annotator when there is no
/// id: two coders' rows on one span are two annotations) are
/// joined, with the columns where they disagree, which the import settles (see
/// [`rows`](crate::core::formats::import::rows)). Text cells are [`unguard`]ed.
pub fn read(data: &[u8]) -> Result<Batch, ReadError> {
    let data = data.strip_prefix(BOM).unwrap_or(data);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header = reader.headers()?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    if column("quote").is_none() && column("target id").is_some() {
        return Err(ReadError::LinksFile);
    }
    let required = |name: &'static str| column(name).ok_or(ReadError::NoColumn { name });
    let (document, start, end, quote) = (
        required("document")?,
        required("start")?,
        required("end")?,
        required("quote")?,
    );
    // The columns after `quote`, in the order `HEADER` gives them; each may be missing.
    let [
        tag,
        group,
        note,
        annotator,
        created,
        modified,
        modified_by,
        id,
    ] = <[&str; 8]>::try_from(&HEADER[5..])
        .expect("HEADER has 13 columns")
        .map(column);
    // Every other column holds a field.
    let field_columns: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| !HEADER.contains(&h.trim()))
        .map(|(i, h)| {
            let h = h.trim();
            (i, h.strip_prefix(FIELD_PREFIX).unwrap_or(h).to_owned())
        })
        .collect();
    // The columns each row of an annotation repeats, and where each is: see `rows`.
    let repeated: Vec<(Column, Option<usize>)> = Column::FIXED
        .map(|(c, name)| (c, column(name)))
        .into_iter()
        .chain(
            field_columns
                .iter()
                .map(|(i, name)| (Column::Field(name.clone()), Some(*i))),
        )
        .collect();
    let columns: Vec<Column> = repeated.iter().map(|(c, _)| c.clone()).collect();
    let mut batch = Batch::default();
    // Each annotation's rows: their lines and repeated values, to find where they disagree.
    let mut rows_of: Vec<Vec<(usize, Vec<String>)>> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record?;
        let line = row + 2;
        let get =
            |i: Option<usize>| unguard(i.and_then(|i| record.get(i)).unwrap_or("")).to_owned();
        let some = |i: Option<usize>| Some(get(i)).filter(|s| !s.is_empty());
        let number = |i: usize, column: &'static str| {
            get(Some(i))
                .trim()
                .parse::<usize>()
                .map_err(|_| ReadError::NotANumber { line, column })
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
            modified_by: some(modified_by),
            fields: field_columns
                .iter()
                .map(|(i, name)| (name.clone(), get(Some(*i))))
                .filter(|(_, value)| !value.is_empty())
                .collect(),
            origin: format!("line {line}"),
            ..Incoming::default()
        };
        // The numbers as numbers, so that `007` on one row and `7` on another agree.
        let values: Vec<String> = repeated
            .iter()
            .map(|(c, i)| match c {
                Column::Start => inc.start.to_string(),
                Column::End => inc.end.to_string(),
                _ => get(*i),
            })
            .collect();
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
                    && other.annotator == inc.annotator
            }
        };
        let at = match batch.annotations.iter().position(same) {
            Some(at) => at,
            None => {
                batch.annotations.push(inc);
                rows_of.push(Vec::new());
                batch.annotations.len() - 1
            }
        };
        rows_of[at].push((line, values));
        let joined = &mut batch.annotations[at];
        if !tag_name.is_empty() && !joined.tags.contains(&tag_name) {
            joined.tags.push(tag_name);
        }
        if !joined.origin.ends_with(&format!(" {line}")) {
            joined.origin = joined.origin.replacen("line ", "lines ", 1) + &format!(", {line}");
        }
    }
    for (inc, rows) in batch.annotations.iter_mut().zip(&rows_of) {
        inc.disagreements = rows::disagreements(&columns, rows);
    }
    Ok(batch)
}

/// Reads a links file written by [`write_with_links`] (see the module's description) into the
/// links of `batch`'s annotations, found by id. A link from an annotation that is not in the
/// batch is reported as not placed, naming the line of `name` (the file).
pub fn read_links(data: &[u8], name: &str, batch: &mut Batch) -> Result<(), ReadError> {
    let data = data.strip_prefix(BOM).unwrap_or(data);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header = reader.headers()?.clone();
    let column = |name: &'static str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(ReadError::NoLinkColumn { name })
    };
    let (id, kind, to) = (column("id")?, column("type")?, column("target id")?);
    for (row, record) in reader.records().enumerate() {
        let record = record?;
        let get = |i: usize| unguard(record.get(i).unwrap_or("")).to_owned();
        let (from, kind) = (get(id), get(kind));
        if !batch.link_from(&from, kind.clone(), LinkTarget::Id(get(to))) {
            batch.not_placed.push(format!(
                "{name} line {}: a link “{kind}” from {from}, which is not in the annotations' \
                 file: export the two files together",
                row + 2
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_guarded_and_every_cell_comes_back_as_it_was() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''@", "'''@"),
            ("'tis", "'tis"),
            ("a=b", "a=b"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(guard(cell), written, "{cell:?}");
            assert_eq!(unguard(written), cell, "{written:?}");
        }
    }
}
