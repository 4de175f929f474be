//! The annotation file of a document: `<annotations dir>/<rel>.toml`, human-readable and
//! git-diffable. The layout is written by hand rather than by `toml::to_string` so that the bytes
//! depend only on the annotations (not on the toml crate's formatting choices) and so that the
//! file can open with a comment. The format is described in `docs/format.md`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::core::annotation::{Annotation, Extras, Placement};
use crate::core::fields::FieldValues;
use crate::core::links::Link;
use crate::core::storage::file_error::{LineIndex, line_and_column, line_of};
use crate::core::storage::own_layout;
use crate::core::storage::toml_file::TomlError;

/// The version of the layout written by this gloss; files with a higher one are not read.
pub const FORMAT_VERSION: u32 = 1;

/// The annotations of one document, as stored in its annotation file.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationFile {
    /// The document's path relative to the corpus, `/`-separated.
    pub document: String,
    /// [`content_hash`](crate::core::documents::text::content_hash) of the text the offsets refer to.
    pub content_hash: String,
    pub annotations: Vec<Annotation>,
    /// Top-level keys this gloss does not know, written back after the ones it knows.
    pub extra: Extras,
}

/// Where things are in a parsed annotation file, as 1-based lines, for messages about them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    pub content_hash: usize,
    /// The line of each annotation's `[[annotation]]`, in the order of the file.
    pub annotations: Vec<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot read the annotation file: {source}", path = path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}:{line}:{column}: {message} — fix or move the file; the document stays read-only until then",
        path = path.display()
    )]
    Parse {
        path: PathBuf,
        /// 1-based.
        line: usize,
        /// 1-based, in characters.
        column: usize,
        message: String,
    },
    #[error(
        "{path}:{line}: written by a newer gloss (format {found}, this gloss reads format {FORMAT_VERSION}) \
         — update gloss; the document stays read-only until then",
        path = path.display()
    )]
    UnsupportedVersion {
        path: PathBuf,
        line: usize,
        found: i64,
    },
}

/// Where the annotations of the document at `rel_path` (relative to the corpus, `/`-separated)
/// are kept: the same subfolders under `annotations_dir`, with `.toml` appended to the name.
pub fn annotation_path(annotations_dir: &Path, rel_path: &str) -> PathBuf {
    let mut path = annotations_dir.to_path_buf();
    for part in rel_path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        path.push(part);
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".toml");
    path.set_file_name(name);
    path
}

const HEADER: &str = "\
# Annotations of one document, written by gloss (format described in docs/format.md).
# start/end count Unicode code points of the document's canonical text; end is exclusive.
# gloss rewrites this file on every change: comments added here are not kept.
";

const TOP_KEYS: [&str; 4] = ["format", "document", "content_hash", "annotation"];

/// Every key of an `[[annotation]]` table that this gloss reads; others are kept as extras.
const ANNOTATION_KEYS: [&str; 18] = [
    "id",
    "start",
    "end",
    "placed",
    "score",
    "confirmed",
    "tags",
    "note",
    "quote",
    "prefix",
    "suffix",
    "annotator",
    "created",
    "modified",
    "modified_by",
    "final",
    "fields",
    "links",
];

/// Every key of an `[[annotation.links]]` table that this gloss reads; others are kept as extras.
const LINK_KEYS: [&str; 2] = ["type", "to"];

/// Deterministic: header comment, `format = 1`, `document`, `content_hash`, unknown top-level
/// keys, then `[[annotation]]` tables sorted by [`Annotation::sort_key`], keys in the struct's
/// order, unknown keys, then the field values, if any, as an `[annotation.fields]` table in
/// name order, one `name = "value"` a line (so that a diff shows which changed), then each
/// link, in the annotation's order, as an `[[annotation.links]]` table: `type`, `to`, unknown
/// keys. Same input → same bytes, always.
pub fn to_toml(file: &AnnotationFile) -> String {
    to_toml_of(
        &file.document,
        &file.content_hash,
        &file.extra,
        &file.annotations,
    )
}

/// [`to_toml`] of a file whose annotations are held elsewhere (shared with the reader, say).
pub fn to_toml_of(
    document: &str,
    content_hash: &str,
    extra: &Extras,
    annotations: &[Annotation],
) -> String {
    let mut out = String::with_capacity(512 + 512 * annotations.len());
    write_head(&mut out, document, content_hash, extra);
    for a in sorted(annotations) {
        write_annotation(&mut out, a);
    }
    out
}

/// `annotations` in the order of the file, [`Annotation::sort_key`].
pub(crate) fn sorted(annotations: &[Annotation]) -> Vec<&Annotation> {
    let mut sorted: Vec<&Annotation> = annotations.iter().collect();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    sorted
}

/// What [`to_toml_of`] writes before the first annotation: the header comment, the format,
/// document and content hash, the unknown top-level keys.
pub(crate) fn write_head(out: &mut String, document: &str, content_hash: &str, extra: &Extras) {
    out.push_str(HEADER);
    out.push('\n');
    let _ = writeln!(out, "format = {FORMAT_VERSION}");
    push_line(out, "document = ", document);
    push_line(out, "content_hash = ", content_hash);
    write_extras(out, extra);
}

/// One annotation's block as [`to_toml_of`] writes it: from the blank line before its
/// `[[annotation]]` to the end of its last link.
pub(crate) fn write_annotation(out: &mut String, a: &Annotation) {
    // Destructured so that a new field in `Annotation` fails to compile here rather than
    // being left out of the file.
    let Annotation {
        id,
        start,
        end,
        placement,
        tags,
        note,
        quote,
        prefix,
        suffix,
        annotator,
        created,
        modified,
        modified_by,
        final_coding,
        fields,
        links,
        extra,
    } = a;
    out.push_str("\n[[annotation]]\n");
    push_line(out, "id = ", id);
    let _ = writeln!(out, "start = {start}");
    let _ = writeln!(out, "end = {end}");
    match placement {
        Placement::Exact => {}
        Placement::Moved => out.push_str("placed = \"moved\"\n"),
        Placement::Fuzzy { score, confirmed } => {
            // Debug gives the shortest text that reads back as the same number.
            let _ = writeln!(
                out,
                "placed = \"fuzzy\"\nscore = {score:?}\nconfirmed = {confirmed}"
            );
        }
        Placement::Orphan => out.push_str("placed = \"orphan\"\n"),
    }
    out.push_str("tags = [");
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string(out, tag);
    }
    out.push_str("]\n");
    if !note.is_empty() {
        push_line(out, "note = ", note);
    }
    push_line(out, "quote = ", quote);
    push_line(out, "prefix = ", prefix);
    push_line(out, "suffix = ", suffix);
    push_line(out, "annotator = ", annotator);
    push_line(out, "created = ", created);
    push_line(out, "modified = ", modified);
    // Like an empty note, left out when it says nothing: the annotator changed it last.
    if modified_by != annotator {
        push_line(out, "modified_by = ", modified_by);
    }
    if *final_coding {
        out.push_str("final = true\n");
    }
    write_extras(out, extra);
    if !fields.is_empty() {
        out.push_str("\n[annotation.fields]\n");
        for (name, value) in fields {
            push_key(out, name);
            out.push_str(" = ");
            push_string(out, value);
            out.push('\n');
        }
    }
    for Link { kind, to, extra } in links {
        out.push_str("\n[[annotation.links]]\n");
        push_line(out, "type = ", kind);
        push_line(out, "to = ", to);
        write_extras(out, extra);
    }
}

/// `key` (with its ` = `), `value` as a TOML string, and a line break.
fn push_line(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    push_string(out, value);
    out.push('\n');
}

/// Unknown keys as `key = value`, tables inline so that they stay inside the table they came
/// from, in the toml crate's layout (they are not gloss's to format).
fn write_extras(out: &mut String, extras: &Extras) {
    for (key, value) in extras {
        push_key(out, key);
        let _ = writeln!(out, " = {value}");
    }
}

/// A bare key when TOML allows one, else a quoted key on one line.
fn push_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
    if bare {
        out.push_str(key);
    } else {
        push_quoted(out, key, false);
    }
}

/// A TOML basic string; multi-line when `s` has line breaks, so that quotes and notes spanning
/// paragraphs read as text.
fn push_string(out: &mut String, s: &str) {
    push_quoted(out, s, s.contains('\n'));
}

/// Tabs and other control characters are escaped so that nothing invisible hides in a diff;
/// everything else, including non-ASCII, is written as is. Runs that need no escape are copied
/// whole: most text has none, and going character by character was most of a save's time.
fn push_quoted(out: &mut String, s: &str, multiline: bool) {
    out.push_str(if multiline { "\"\"\"\n" } else { "\"" });
    let mut quotes_in_a_row = 0;
    let mut plain_from = 0;
    for (at, c) in s.bytes().enumerate() {
        // Every byte to escape is ASCII, so a run of others ends on a character boundary.
        if c != b'"' && c != b'\\' && !c.is_ascii_control() {
            quotes_in_a_row = 0;
            continue;
        }
        out.push_str(&s[plain_from..at]);
        plain_from = at + 1;
        if c == b'"' {
            // In a multi-line string up to two quotes in a row are literal; a third, or one just
            // before the closing `"""`, would end the string.
            if multiline && quotes_in_a_row < 2 && at + 1 < s.len() {
                out.push('"');
                quotes_in_a_row += 1;
            } else {
                out.push_str("\\\"");
                quotes_in_a_row = 0;
            }
            continue;
        }
        quotes_in_a_row = 0;
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' if multiline => out.push('\n'),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            c => {
                let _ = write!(out, "\\u{:04X}", c);
            }
        }
    }
    out.push_str(&s[plain_from..]);
    out.push_str(if multiline { "\"\"\"" } else { "\"" });
}

#[derive(Deserialize)]
struct RawFile {
    document: String,
    content_hash: Spanned<String>,
    #[serde(default)]
    annotation: Vec<Spanned<RawAnnotation>>,
}

/// An `[[annotation]]` table as written: `placed` and `score` become one [`Placement`].
#[derive(Deserialize)]
struct RawAnnotation {
    id: String,
    start: usize,
    end: usize,
    placed: Option<Spanned<String>>,
    score: Option<Spanned<f64>>,
    /// Absent in files of older versions, whose guesses nobody was asked to confirm.
    confirmed: Option<Spanned<bool>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: String,
    quote: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default)]
    annotator: String,
    created: String,
    modified: String,
    /// Absent from files written before it existed: the annotator then.
    modified_by: Option<String>,
    #[serde(default, rename = "final")]
    final_coding: bool,
    #[serde(default)]
    fields: FieldValues,
    #[serde(default)]
    links: Vec<RawLink>,
}

/// An `[[annotation.links]]` table as written; its unknown keys are read apart.
#[derive(Deserialize)]
struct RawLink {
    #[serde(rename = "type")]
    kind: String,
    to: String,
}

/// Parses an annotation file; `path` only names the file in errors. Annotations come out sorted
/// by [`Annotation::sort_key`], whatever their order in the file. Takes time linear in the file.
pub fn from_toml(text: &str, path: &Path) -> Result<AnnotationFile, StoreError> {
    let (mut file, _) = parse(text, path)?;
    file.annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(file)
}

/// Parses an annotation file, leaving the annotations in the file's order, and says where each
/// is. The lines are counted in one pass over the file.
pub fn from_toml_with_lines(
    text: &str,
    path: &Path,
) -> Result<(AnnotationFile, Lines), StoreError> {
    let (file, offsets) = parse(text, path)?;
    let index = LineIndex::new(text);
    let lines = Lines {
        content_hash: index.line(offsets.content_hash),
        annotations: offsets.annotations.iter().map(|&o| index.line(o)).collect(),
    };
    Ok((file, lines))
}

/// Where things start in a parsed annotation file, as byte offsets: [`Lines`] before the lines
/// are counted, which only some callers need.
pub(super) struct Offsets {
    /// Where the value of `content_hash` starts.
    pub(super) content_hash: usize,
    /// Where each annotation's `[[annotation]]` starts, in the order of the file.
    pub(super) annotations: Vec<usize>,
}

/// Parses an annotation file, leaving the annotations in the file's order. A file in the layout
/// gloss writes is read without a TOML tree ([`own_layout`]); any other is read with the toml
/// crate, which says what is wrong with it. Lines are counted only for an error, so that reading
/// a good file is linear in its size.
fn parse(text: &str, path: &Path) -> Result<(AnnotationFile, Offsets), StoreError> {
    match own_layout::parse(text) {
        Some(parsed) => Ok(parsed),
        None => parse_with_toml(text, path),
    }
}

/// [`parse`] by the toml crate, for any TOML.
pub(super) fn parse_with_toml(
    text: &str,
    path: &Path,
) -> Result<(AnnotationFile, Offsets), StoreError> {
    let parse_error = |span: Range<usize>, message: &str| {
        let (line, column) = line_and_column(text, span.start);
        StoreError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: message.trim().to_owned(),
        }
    };
    let from_toml_error = |e: toml::de::Error| {
        let e = TomlError::new(text, &e);
        StoreError::Parse {
            path: path.to_owned(),
            line: e.line,
            column: e.column,
            message: e.message,
        }
    };
    let line = |offset: usize| line_of(text, offset);

    let root = DeTable::parse(text).map_err(from_toml_error)?;
    // The version comes first: a newer file may well fail every other check below.
    let Some(format) = root.get_ref().get("format") else {
        return Err(parse_error(
            0..0,
            "missing `format = 1`: this is not a gloss annotation file",
        ));
    };
    let found = match format.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    };
    match found {
        Some(v) if v > i64::from(FORMAT_VERSION) => {
            return Err(StoreError::UnsupportedVersion {
                path: path.to_owned(),
                line: line(format.span().start),
                found: v,
            });
        }
        Some(v) if v >= 1 => {}
        _ => {
            return Err(parse_error(
                format.span(),
                "`format` must be a positive whole number",
            ));
        }
    }
    let extra = extras(root.get_ref(), &TOP_KEYS).map_err(from_toml_error)?;
    // Each annotation's unknown keys, and those of each of its links.
    let mut annotation_extras: Vec<(Extras, Vec<Extras>)> = Vec::new();
    if let Some(DeValue::Array(tables)) = root.get_ref().get("annotation").map(|v| v.get_ref()) {
        for table in tables.iter() {
            if let DeValue::Table(t) = table.get_ref() {
                let mut link_extras = Vec::new();
                if let Some(DeValue::Array(links)) = t.get("links").map(|v| v.get_ref()) {
                    for link in links.iter() {
                        if let DeValue::Table(l) = link.get_ref() {
                            link_extras.push(extras(l, &LINK_KEYS).map_err(from_toml_error)?);
                        }
                    }
                }
                annotation_extras.push((
                    extras(t, &ANNOTATION_KEYS).map_err(from_toml_error)?,
                    link_extras,
                ));
            }
        }
    }

    let raw = RawFile::deserialize(toml::de::Deserializer::from(root)).map_err(from_toml_error)?;
    let mut first_of_id: HashMap<&str, usize> = HashMap::new();
    for a in &raw.annotation {
        if a.get_ref().end < a.get_ref().start {
            return Err(parse_error(a.span(), "an annotation ends before it starts"));
        }
        if let Some(first) = first_of_id.insert(&a.get_ref().id, a.span().start) {
            let message = format!(
                "the annotations at lines {} and {} have the same id {:?}: give one of them a \
                 new one (any UUID) or delete the copy",
                line(first),
                line(a.span().start),
                a.get_ref().id
            );
            return Err(parse_error(a.span(), &message));
        }
    }
    let offsets = Offsets {
        content_hash: raw.content_hash.span().start,
        annotations: raw.annotation.iter().map(|a| a.span().start).collect(),
    };
    let mut annotations = Vec::with_capacity(raw.annotation.len());
    for (a, (extra, link_extras)) in raw.annotation.into_iter().zip(annotation_extras) {
        let a = a.into_inner();
        let placement = placement(&a).map_err(|(span, m)| parse_error(span, &m))?;
        annotations.push(Annotation {
            id: a.id,
            start: a.start,
            end: a.end,
            placement,
            tags: a.tags,
            note: a.note,
            quote: a.quote,
            prefix: a.prefix,
            suffix: a.suffix,
            modified_by: a.modified_by.unwrap_or_else(|| a.annotator.clone()),
            annotator: a.annotator,
            created: a.created,
            modified: a.modified,
            final_coding: a.final_coding,
            // An empty value is no value, as the writer has it.
            fields: a
                .fields
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            links: a
                .links
                .into_iter()
                .zip(link_extras)
                .map(|(l, extra)| Link {
                    kind: l.kind,
                    to: l.to,
                    extra,
                })
                .collect(),
            extra,
        });
    }
    let file = AnnotationFile {
        document: raw.document,
        content_hash: raw.content_hash.into_inner(),
        annotations,
        extra,
    };
    Ok((file, offsets))
}

fn placement(a: &RawAnnotation) -> Result<Placement, (Range<usize>, String)> {
    placement_of(
        a.placed.as_ref().map(|p| (p.get_ref().as_str(), p.span())),
        a.score.as_ref().map(|s| (*s.get_ref(), s.span())),
        a.confirmed.as_ref().map(|c| (*c.get_ref(), c.span())),
    )
}

/// The placement that `placed`, `score` and `confirmed` say, each with where it is written (for
/// an error's place, the span at fault).
pub(super) fn placement_of(
    placed: Option<(&str, Range<usize>)>,
    score: Option<(f64, Range<usize>)>,
    confirmed: Option<(bool, Range<usize>)>,
) -> Result<Placement, (Range<usize>, String)> {
    let (placed, placed_span) = placed.unwrap_or(("exact", 0..0));
    match (placed, score, confirmed) {
        ("exact", None, None) => Ok(Placement::Exact),
        ("moved", None, None) => Ok(Placement::Moved),
        ("orphan", None, None) => Ok(Placement::Orphan),
        ("fuzzy", Some((score, _)), confirmed) if (0.0..=1.0).contains(&score) => {
            Ok(Placement::Fuzzy {
                score,
                confirmed: confirmed.is_some_and(|(c, _)| c),
            })
        }
        ("fuzzy", _, _) => Err((
            placed_span,
            "`placed = \"fuzzy\"` needs a `score` from 0 to 1 on the next line".into(),
        )),
        ("exact" | "moved" | "orphan", Some((_, span)), _) => {
            Err((span, "`score` goes only with `placed = \"fuzzy\"`".into()))
        }
        ("exact" | "moved" | "orphan", None, Some((_, span))) => Err((
            span,
            "`confirmed` goes only with `placed = \"fuzzy\"`".into(),
        )),
        (other, _, _) => Err((
            placed_span,
            format!("unknown placement {other:?}: it is one of exact, moved, fuzzy or orphan"),
        )),
    }
}

/// The keys of `table` outside `known`, with their values, in the order of the file.
fn extras(table: &DeTable<'_>, known: &[&str]) -> Result<Extras, toml::de::Error> {
    let mut unknown: Vec<_> = table
        .iter()
        .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
        .collect();
    unknown.sort_by_key(|(k, _)| k.span().start);
    unknown
        .into_iter()
        .map(|(k, v)| {
            let value = toml::Value::deserialize(toml::de::ValueDeserializer::from(v.clone()))?;
            Ok((k.get_ref().to_string(), value))
        })
        .collect()
}

/// Reads and parses an annotation file; `Ok(None)` when the file does not exist.
pub fn load(path: &Path) -> Result<Option<AnnotationFile>, StoreError> {
    match std::fs::read_to_string(path) {
        Ok(text) => from_toml(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// The annotations of the file at `path` that start before code point `before`, sorted: for
/// showing the first piece of a large document before its annotation file is read whole (10,000
/// annotations take tens of milliseconds to parse). Only the `[[annotation]]` tables of a file
/// in the layout gloss writes whose `start` is lower are parsed. `None` when the file does not
/// exist, cannot be read, or is not in that layout as far as this can tell: the caller then
/// reads it whole. Never all of a file: for display only, never to be saved or merged.
pub fn load_starting_before(path: &Path, before: usize) -> Option<Vec<Annotation>> {
    const TABLE: &str = "\n[[annotation]]\n";
    let text = std::fs::read_to_string(path).ok()?;
    let mut tables: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), TABLE)
        .map(|at| at + 1)
        .collect();
    let mut picked = text[..*tables.first()?].to_owned();
    tables.push(text.len());
    for pair in tables.windows(2) {
        let table = &text[pair[0]..pair[1]];
        // Written second, after the id.
        let start: usize = table
            .lines()
            .take(3)
            .find_map(|line| line.strip_prefix("start = "))?
            .parse()
            .ok()?;
        if start < before {
            picked.push_str(table);
        }
    }
    let (file, _) = own_layout::parse(&picked)?;
    let mut annotations = file.annotations;
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Some(annotations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;
    use crate::core::documents::text::{CharIndex, canonicalize, content_hash};

    const PATH: &str = "annotations/sub/doc.txt.toml";

    fn parse(text: &str) -> Result<AnnotationFile, StoreError> {
        from_toml(text, Path::new(PATH))
    }

    fn annotation(id: &str, start: usize, end: usize) -> Annotation {
        Annotation {
            id: id.into(),
            start,
            end,
            placement: Placement::Exact,
            tags: vec![],
            note: String::new(),
            quote: "q".into(),
            prefix: String::new(),
            suffix: String::new(),
            annotator: "alice".into(),
            created: "2026-01-02T03:04:05Z".into(),
            modified: "2026-01-02T03:04:05Z".into(),
            modified_by: "alice".into(),
            final_coding: false,
            fields: Default::default(),
            links: Vec::new(),
            extra: Extras::new(),
        }
    }

    /// `final = true` on the final coding's annotations only, read back; absent is false.
    #[test]
    fn the_final_mark_is_written_where_set_and_read_back() {
        let mut marked = annotation("a", 0, 1);
        marked.final_coding = true;
        let f = file(vec![marked, annotation("b", 2, 3)]);
        let text = to_toml(&f);
        assert_eq!(text.matches("\nfinal = true\n").count(), 1, "{text}");
        assert!(!text.contains("final = false"), "{text}");
        assert_eq!(from_toml(&text, Path::new(PATH)).unwrap(), f);
    }

    /// Of a file gloss wrote, the annotations starting before a point, and nothing of one in
    /// another layout (a comment after a value), which is to be read whole.
    #[test]
    fn the_annotations_starting_before_a_point_are_read_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt.toml");
        let f = file(vec![
            annotation("c", 20, 25),
            annotation("a", 0, 5),
            annotation("b", 10, 15),
        ]);
        std::fs::write(&path, to_toml(&f)).unwrap();
        let ids = |before| {
            load_starting_before(&path, before)
                .unwrap()
                .into_iter()
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(11), ["a", "b"]);
        assert_eq!(ids(0), Vec::<String>::new());
        assert_eq!(ids(100), ["a", "b", "c"]);
        let whole = load(&path).unwrap().unwrap().annotations;
        assert_eq!(load_starting_before(&path, 100).unwrap(), whole);

        let commented = to_toml(&f).replace("\nend = 15\n", "\nend = 15 # why\n");
        std::fs::write(&path, commented).unwrap();
        assert_eq!(load_starting_before(&path, 100), None);
        assert_eq!(
            load_starting_before(&dir.path().join("none.toml"), 100),
            None
        );
    }

    fn file(annotations: Vec<Annotation>) -> AnnotationFile {
        AnnotationFile {
            document: "sub/doc.txt".into(),
            content_hash: content_hash("abc"),
            annotations,
            extra: Extras::new(),
        }
    }

    const GOLDEN: &str = r#"# Annotations of one document, written by gloss (format described in docs/format.md).
# start/end count Unicode code points of the document's canonical text; end is exclusive.
# gloss rewrites this file on every change: comments added here are not kept.

format = 1
document = "sub/doc.txt"
content_hash = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
reviewed_by = "carol"
review = { "due date" = 2026-02-01, notes = ["a", "b"], round = 2 }

[[annotation]]
id = "0c6f6a5e-5d7b-4c1e-9a59-1c2f0f7e2b11"
start = 4
end = 9
placed = "fuzzy"
score = 0.87
confirmed = false
tags = ["denial", "authoritative"]
note = """
Said twice:
see "below"."""
quote = "quick"
prefix = "The "
suffix = " \"brown\"\tfox"
annotator = "alice"
created = "2026-01-02T03:04:05Z"
modified = "2026-01-03T00:00:00.25Z"
modified_by = "carol"
confidence = "high"
"checked\nby" = { when = 1979-05-27T07:32:00Z, who = "dan" }

[[annotation]]
id = "9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00"
start = 10
end = 15
placed = "moved"
tags = []
quote = "brown"
prefix = """
line one
The quick \""""
suffix = "\\ fox"
annotator = "bob"
created = "2026-01-02T03:04:05Z"
modified = "2026-01-02T03:04:05Z"
"#;

    fn golden_file() -> AnnotationFile {
        let mut first = annotation("0c6f6a5e-5d7b-4c1e-9a59-1c2f0f7e2b11", 4, 9);
        first.tags = vec!["denial".into(), "authoritative".into()];
        first.note = "Said twice:\nsee \"below\".".into();
        first.quote = "quick".into();
        first.prefix = "The ".into();
        first.suffix = " \"brown\"\tfox".into();
        first.modified = "2026-01-03T00:00:00.25Z".into();
        first.modified_by = "carol".into();
        first.placement = Placement::Fuzzy {
            score: 0.87,
            confirmed: false,
        };
        first.extra = vec![
            ("confidence".into(), "high".into()),
            (
                "checked\nby".into(),
                toml::Value::Table(
                    r#"who = "dan"
                       when = 1979-05-27T07:32:00Z"#
                        .parse()
                        .unwrap(),
                ),
            ),
        ];
        let mut second = annotation("9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00", 10, 15);
        second.quote = "brown".into();
        second.prefix = "line one\nThe quick \"".into();
        second.suffix = "\\ fox".into();
        second.annotator = "bob".into();
        second.modified_by = "bob".into();
        second.placement = Placement::Moved;
        // Given out of order: the file is sorted by position.
        let mut golden = file(vec![second, first]);
        golden.extra = vec![
            ("reviewed_by".into(), "carol".into()),
            (
                "review".into(),
                toml::Value::Table(
                    r#"round = 2
                       "due date" = 2026-02-01
                       notes = ["a", "b"]"#
                        .parse()
                        .unwrap(),
                ),
            ),
        ];
        golden
    }

    #[test]
    fn golden_layout() {
        let golden = golden_file();
        assert_eq!(to_toml(&golden), GOLDEN);
        let mut sorted = golden.clone();
        sorted.annotations.reverse();
        assert_eq!(parse(GOLDEN).unwrap(), sorted);
    }

    #[test]
    fn tricky_strings_round_trip() {
        let tricky = [
            "“curly” ‘quotes’ and «guillemets»",
            "non\u{a0}breaking\u{a0}space, 中文句子。, emoji 😀",
            "tab\there, backslash \\ and \\\\, and a trailing backslash \\",
            "three \"\"\" quotes, four \"\"\"\", and ''' singles",
            "\"",
            "\"\"",
            "\"\"\"\"\"\"",
            "ends in a quote\nacross lines\"",
            "ends in two quotes\n\"\"",
            "\nstarts with a newline",
            "ends with a newline\n",
            "\n",
            "\n\n\n",
            "windows\r\nline end and lone \r and a line ending backslash \\\nnext",
            "controls \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f} and zero\u{200b}width",
            "\u{feff}byte order mark, \u{2028} line separator",
            "'single' and \"double\" and `back`",
            "",
            " leading and trailing spaces ",
        ];
        let annotations: Vec<Annotation> = tricky
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut a = annotation(&format!("id-{i:02}"), i, i + 1);
                a.quote = (*s).into();
                a.prefix = s.chars().rev().collect();
                a.suffix = format!("{s}{s}");
                a.note = (*s).into();
                a.tags = vec![(*s).into(), "x".into()];
                a.annotator = (*s).into();
                a.extra = vec![(format!("x{s}"), (*s).into())];
                a.links = vec![Link::new(*s, *s), Link::new("x", format!("{s}{s}"))];
                if !s.is_empty() {
                    a.fields = [
                        ((*s).to_owned(), (*s).to_owned()),
                        ("y".into(), (*s).into()),
                    ]
                    .into_iter()
                    .collect();
                }
                a
            })
            .collect();
        let original = file(annotations);
        let text = to_toml(&original);
        assert_eq!(parse(&text).unwrap(), original, "{text}");
    }

    #[test]
    fn every_short_string_over_awkward_characters_round_trips() {
        let alphabet = ['"', '\\', '\n', '\r', '\t', '\'', 'a', '\u{7f}'];
        let mut strings = vec![String::new()];
        let mut last = strings.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        for s in strings {
            let mut encoded = "v = ".to_owned();
            push_string(&mut encoded, &s);
            let table: toml::Table = toml::from_str(&encoded)
                .unwrap_or_else(|e| panic!("{s:?} gave {encoded:?}, which does not parse: {e}"));
            assert_eq!(table["v"].as_str(), Some(s.as_str()), "{encoded:?}");
            let mut encoded = String::new();
            push_key(&mut encoded, &s);
            encoded.push_str(" = 1");
            let table: toml::Table = toml::from_str(&encoded).unwrap_or_else(|e| {
                panic!("key {s:?} gave {encoded:?}, which does not parse: {e}")
            });
            assert!(table.contains_key(&s), "{encoded:?}");
        }
    }

    #[test]
    fn output_is_sorted_and_byte_for_byte_stable() {
        let mut b = annotation("b", 5, 9);
        b.note = "multi\nline".into();
        let given = file(vec![
            annotation("c", 5, 9),
            b,
            annotation("a", 20, 21),
            annotation("z", 0, 30),
            annotation("y", 5, 6),
        ]);
        let text = to_toml(&given);
        let parsed = parse(&text).unwrap();
        let ids: Vec<&str> = parsed.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["z", "y", "b", "c", "a"]);
        assert_eq!(to_toml(&parsed), text);
        let mut shuffled = given.clone();
        shuffled.annotations.rotate_left(2);
        assert_eq!(to_toml(&shuffled), text);
    }

    #[test]
    fn parse_errors_carry_path_line_and_column() {
        let broken_string = GOLDEN.replace("quote = \"quick\"", "quote = \"quick");
        let wrong_type = GOLDEN.replace("start = 10", "start = \"ten\"");
        let missing_field = GOLDEN.replace("quote = \"brown\"\n", "");
        let unknown_placement = GOLDEN.replace("placed = \"moved\"", "placed = \"nearby\"");
        let score_alone = GOLDEN.replace("placed = \"fuzzy\"\n", "");
        let fuzzy_alone = GOLDEN.replace("score = 0.87\n", "");
        let score_too_high = GOLDEN.replace("score = 0.87", "score = 1.5");
        let cases = [
            (broken_string.as_str(), 22, 15, "expected `\"`"),
            (wrong_type.as_str(), 34, 9, "invalid type: string \"ten\""),
            (missing_field.as_str(), 32, 1, "missing field `quote`"),
            (
                unknown_placement.as_str(),
                36,
                10,
                "unknown placement \"nearby\"",
            ),
            (score_alone.as_str(), 15, 9, "`score` goes only with"),
            (fuzzy_alone.as_str(), 15, 10, "needs a `score`"),
            (
                score_too_high.as_str(),
                15,
                10,
                "needs a `score` from 0 to 1",
            ),
            ("format = 1\nformat = 1\n", 2, 1, "duplicate key"),
        ];
        for (text, line, column, words) in cases {
            match parse(text) {
                Err(StoreError::Parse {
                    path,
                    line: l,
                    column: c,
                    message,
                }) => {
                    assert_eq!(path, Path::new(PATH));
                    assert_eq!((l, c), (line, column), "{message}");
                    assert!(message.contains(words), "{message}");
                }
                other => panic!("expected a parse error, got {other:?}"),
            }
            let shown = parse(text).unwrap_err().to_string();
            assert!(
                shown.starts_with(&format!("{PATH}:{line}:{column}: ")),
                "{shown}"
            );
            assert!(
                shown.ends_with(" — fix or move the file; the document stays read-only until then"),
                "{shown}"
            );
        }
    }

    #[test]
    fn column_counts_characters() {
        let err = parse("format = 1\ndocument = «x»\n").unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Parse {
                    line: 2,
                    column: 12,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn the_format_version_is_checked_first() {
        let body = "document = \"d.txt\"\ncontent_hash = \"sha256:00\"\n";
        let err = parse(body).unwrap_err();
        assert!(
            matches!(&err, StoreError::Parse { line: 1, column: 1, message, .. } if message.contains("format")),
            "{err:?}"
        );
        // A newer gloss may have changed anything else, so the version wins over other errors.
        let newer = format!("format = 2\n{body}shiny = true\n[[annotation]]\nnew = 1\n");
        let err = parse(&newer).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::UnsupportedVersion {
                    found: 2,
                    line: 1,
                    ..
                }
            ),
            "{err:?}"
        );
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{PATH}:1: written by a newer gloss")),
            "{shown}"
        );
        assert!(shown.contains("update gloss"), "{shown}");
        for bad in ["format = 0", "format = \"1\"", "format = 1.0"] {
            let err = parse(&format!("{bad}\n{body}")).unwrap_err();
            assert!(
                matches!(
                    &err,
                    StoreError::Parse {
                        line: 1,
                        column: 10,
                        ..
                    }
                ),
                "{bad}: {err:?}"
            );
        }
        assert_eq!(
            parse(&format!("format = 1\n{body}")).unwrap().annotations,
            []
        );
    }

    #[test]
    fn inverted_spans_and_duplicate_ids_are_refused() {
        let inverted = GOLDEN.replace("end = 15", "end = 3");
        let err = parse(&inverted).unwrap_err().to_string();
        assert!(
            err.contains(":32:1: an annotation ends before it starts"),
            "{err}"
        );
        let duplicate = GOLDEN.replace(
            "9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00",
            "0c6f6a5e-5d7b-4c1e-9a59-1c2f0f7e2b11",
        );
        let err = parse(&duplicate).unwrap_err().to_string();
        assert!(
            err.contains(":32:1: the annotations at lines 11 and 32 have the same id \"0c6f6a5e-"),
            "{err}"
        );
        assert!(err.contains("give one of them a new one"), "{err}");
    }

    #[test]
    fn unknown_keys_are_kept_in_their_order_and_tables_stay_where_they_were() {
        let text = format!(
            "{GOLDEN}zeta = 1\nalpha = [1, 2]\n\n[annotation.later]\nx = \"y\"\n\n[[annotation]]\n\
             id = \"third\"\nstart = 0\nend = 1\nquote = \"a\"\ncreated = \"\"\nmodified = \"\"\n"
        );
        let parsed = parse(&text).unwrap();
        let second = parsed
            .annotations
            .iter()
            .find(|a| a.id == "9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00")
            .unwrap();
        let keys: Vec<&str> = second.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "later"]);
        let written = to_toml(&parsed);
        assert!(
            written.contains("modified = \"2026-01-02T03:04:05Z\"\nzeta = 1\nalpha = [1, 2]\nlater = { x = \"y\" }\n"),
            "{written}"
        );
        assert_eq!(parse(&written).unwrap(), parsed);
        assert_eq!(to_toml(&parse(&written).unwrap()), written);
    }

    /// The first annotation of [`GOLDEN`] with field values, and how they are written.
    const WITH_FIELDS: &str = r#"modified_by = "carol"
confidence = "high"
"checked\nby" = { when = 1979-05-27T07:32:00Z, who = "dan" }

[annotation.fields]
role = "foreign ministry"
speaker = "Long Zhou"
"stance toward the US" = """
firm
but open"""

[[annotation]]
"#;

    fn with_fields() -> AnnotationFile {
        let mut file = golden_file();
        file.annotations[1].fields = [
            ("speaker", "Long Zhou"),
            ("stance toward the US", "firm\nbut open"),
            ("role", "foreign ministry"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        file
    }

    #[test]
    fn fields_are_a_table_after_the_annotations_keys_in_name_order() {
        let file = with_fields();
        let text = to_toml(&file);
        let start = GOLDEN.find("modified_by = \"carol\"").unwrap();
        let end = start + GOLDEN[start..].find("[[annotation]]\n").unwrap() + 15;
        let expected = format!("{}{WITH_FIELDS}{}", &GOLDEN[..start], &GOLDEN[end..]);
        assert_eq!(text, expected);
        let mut sorted = file.clone();
        sorted.annotations.reverse();
        assert_eq!(parse(&text).unwrap(), sorted);
    }

    /// An older gloss keeps `fields` as a key it does not know and writes it back inline: read
    /// the same. Empty values are no values; a value that is not text is refused with its line.
    #[test]
    fn fields_written_inline_or_empty_read_the_same_and_non_text_is_refused() {
        let text = to_toml(&with_fields());
        let start = text.find("\n[annotation.fields]").unwrap();
        let end = text.find("\n\n[[annotation]]\nid = \"9b1e").unwrap();
        let inline = format!(
            "{}fields = {{ speaker = \"Long Zhou\", \"stance toward the US\" = \"firm\\nbut open\", \
             role = \"foreign ministry\", mood = \"\" }}{}",
            &text[..start + 1],
            &text[end..]
        );
        let parsed = parse(&inline).unwrap();
        assert_eq!(parsed, parse(&text).unwrap());
        assert_eq!(to_toml(&parsed), text);
        let number = text.replace("speaker = \"Long Zhou\"", "speaker = 3");
        let err = parse(&number).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{PATH}:34:")), "{err}");
        assert!(err.contains("string"), "{err}");
    }

    /// The first annotation of [`GOLDEN`] with a field value and links, one of them with a key
    /// this gloss does not know, and how they are written.
    const WITH_LINKS: &str = r#"modified_by = "carol"
confidence = "high"
"checked\nby" = { when = 1979-05-27T07:32:00Z, who = "dan" }

[annotation.fields]
speaker = "Long Zhou"

[[annotation.links]]
type = "denies"
to = "9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00"

[[annotation.links]]
type = "same claim as"
to = "in another document"
weight = 0.5
seen = { by = "dan" }

[[annotation]]
"#;

    fn with_links() -> AnnotationFile {
        let mut file = golden_file();
        let a = &mut file.annotations[1];
        a.fields = [("speaker".to_owned(), "Long Zhou".to_owned())].into();
        let mut far = Link::new("same claim as", "in another document");
        far.extra = vec![
            ("weight".into(), 0.5.into()),
            (
                "seen".into(),
                toml::Value::Table("by = \"dan\"".parse().unwrap()),
            ),
        ];
        a.links = vec![
            Link::new("denies", "9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00"),
            far,
        ];
        file
    }

    #[test]
    fn links_are_tables_after_the_fields_in_their_order_with_their_unknown_keys() {
        let file = with_links();
        let text = to_toml(&file);
        let start = GOLDEN.find("modified_by = \"carol\"").unwrap();
        let end = start + GOLDEN[start..].find("[[annotation]]\n").unwrap() + 15;
        let expected = format!("{}{WITH_LINKS}{}", &GOLDEN[..start], &GOLDEN[end..]);
        assert_eq!(text, expected);
        let mut sorted = file.clone();
        sorted.annotations.reverse();
        assert_eq!(parse(&text).unwrap(), sorted);
        // Without fields the links follow the annotation's keys.
        let mut bare = file.clone();
        bare.annotations[1].fields.clear();
        let text = to_toml(&bare);
        assert!(
            text.contains("who = \"dan\" }\n\n[[annotation.links]]\ntype = \"denies\"\n"),
            "{text}"
        );
        assert_eq!(to_toml(&parse(&text).unwrap()), text);
        // Links given in another order are written in that order: it is the coder's.
        let mut swapped = file.clone();
        swapped.annotations[1].links.reverse();
        let text = to_toml(&swapped);
        assert!(
            text.find("type = \"same claim as\"").unwrap()
                < text.find("type = \"denies\"").unwrap()
        );
    }

    /// An older gloss keeps `links` as a key it does not know and writes it back inline: read
    /// the same. A link without a target, or whose type is not text, is refused with its line.
    #[test]
    fn links_written_inline_read_the_same_and_malformed_ones_are_refused_with_their_line() {
        let text = to_toml(&with_links());
        let end = text.find("\n\n[[annotation]]\nid = \"9b1e").unwrap();
        // As an older gloss writes it: an unknown key, inline, before the fields.
        let checked = "\"checked\\nby\" = { when = 1979-05-27T07:32:00Z, who = \"dan\" }\n";
        let inline = format!(
            "{}{checked}links = [{{ type = \"denies\", to = \"9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00\" }}, \
             {{ type = \"same claim as\", to = \"in another document\", weight = 0.5, \
             seen = {{ by = \"dan\" }} }}]\n\n[annotation.fields]\nspeaker = \"Long Zhou\"{}",
            &text[..text.find(checked).unwrap()],
            &text[end..]
        );
        let parsed = parse(&inline).unwrap();
        assert_eq!(parsed, parse(&text).unwrap(), "{inline}");
        assert_eq!(to_toml(&parsed), text);
        let line_of_to = text[..text.find("to = \"9b1e").unwrap()].lines().count() + 1;
        for (bad, words) in [
            (
                text.replace("to = \"9b1e7a3c-2f44-4d0a-8e6b-5a7c3d2e1f00\"\n", ""),
                "missing field `to`",
            ),
            (text.replace("type = \"denies\"", "type = 3"), "string"),
        ] {
            let err = parse(&bad).unwrap_err().to_string();
            assert!(err.starts_with(&format!("{PATH}:")), "{err}");
            assert!(err.contains(words), "{err}");
            let line: usize = err[PATH.len() + 1..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!((line_of_to - 2..=line_of_to).contains(&line), "{err}");
        }
    }

    /// Files written before `modified_by` existed name only the annotator, who made the
    /// annotation and, as far as anyone can tell, changed it last; gloss leaves it out when it
    /// is the annotator, so that such files are written back as they were.
    #[test]
    fn a_file_without_modified_by_gives_the_annotator() {
        let old = GOLDEN.replace("modified_by = \"carol\"\n", "");
        assert!(!old.contains("modified_by"));
        let parsed = parse(&old).unwrap();
        let by: Vec<(&str, &str)> = parsed
            .annotations
            .iter()
            .map(|a| (a.annotator.as_str(), a.modified_by.as_str()))
            .collect();
        assert_eq!(by, [("alice", "alice"), ("bob", "bob")]);
        assert_eq!(to_toml(&parsed), old);
        let explicit = GOLDEN.replace("modified_by = \"carol\"", "modified_by = \"alice\"");
        assert_eq!(parse(&explicit).unwrap(), parsed);
    }

    #[test]
    fn placements_round_trip() {
        for placement in [
            Placement::Exact,
            Placement::Moved,
            Placement::Fuzzy {
                score: 0.7,
                confirmed: false,
            },
            Placement::Fuzzy {
                score: 1.0,
                confirmed: true,
            },
            Placement::Fuzzy {
                score: 0.123456789,
                confirmed: false,
            },
            Placement::Orphan,
        ] {
            let mut a = annotation("a", 1, 2);
            a.placement = placement;
            let original = file(vec![a]);
            let text = to_toml(&original);
            assert_eq!(parse(&text).unwrap(), original, "{text}");
            assert_eq!(
                text.contains("placed"),
                placement != Placement::Exact,
                "{text}"
            );
        }
        // Files of older versions have no `confirmed`: their guesses were never confirmed.
        let older = parse(&GOLDEN.replace("confirmed = false\n", "")).unwrap();
        assert_eq!(older, parse(GOLDEN).unwrap());
        let confirmed = GOLDEN.replace("confirmed = false", "confirmed = true");
        assert!(!parse(&confirmed).unwrap().annotations[0].to_confirm());
        let misplaced = GOLDEN.replace(
            "placed = \"moved\"\n",
            "placed = \"moved\"\nconfirmed = true\n",
        );
        let err = parse(&misplaced).unwrap_err().to_string();
        assert!(err.contains(":37:13: `confirmed` goes only with"), "{err}");
        let explicit = GOLDEN.replace("placed = \"moved\"", "placed = \"exact\"");
        let parsed = parse(&explicit).unwrap();
        assert_eq!(parsed.annotations[1].placement, Placement::Exact);
        assert!(!to_toml(&parsed).contains("\"exact\""));
    }

    #[test]
    fn orphans_are_written_last() {
        let mut orphan = annotation("o", 0, 1);
        orphan.placement = Placement::Orphan;
        let text = to_toml(&file(vec![orphan, annotation("p", 50, 60)]));
        assert!(text.find("id = \"p\"").unwrap() < text.find("id = \"o\"").unwrap());
    }

    #[test]
    fn lines_locate_each_annotation_in_file_order() {
        let (file, lines) = from_toml_with_lines(GOLDEN, Path::new(PATH)).unwrap();
        assert_eq!(lines.content_hash, 7);
        assert_eq!(lines.annotations, [11, 32]);
        assert_eq!(file.annotations[0].start, 4);
    }

    #[test]
    fn annotation_path_mirrors_subfolders() {
        let dir = Path::new("/data/annotations");
        assert_eq!(
            annotation_path(dir, "reports/2017/a.txt"),
            Path::new("/data/annotations/reports/2017/a.txt.toml")
        );
        assert_eq!(
            annotation_path(dir, "001.txt"),
            Path::new("/data/annotations/001.txt.toml")
        );
    }

    #[test]
    fn load_reads_what_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt.toml");
        assert!(load(&path).unwrap().is_none());
        std::fs::write(&path, GOLDEN).unwrap();
        let loaded = load(&path).unwrap().unwrap();
        assert_eq!(to_toml(&loaded), GOLDEN);
        std::fs::write(&path, "format = 1\n[[annotation]\n").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:2:", path.display())), "{err}");
        let err = load(dir.path()).unwrap_err();
        assert!(matches!(err, StoreError::Read { .. }), "{err:?}");
    }

    /// The example in docs/format.md is real: its offsets, context and hash match the shipped
    /// corpus, and it is laid out exactly as gloss writes it.
    #[test]
    fn documented_example_matches_the_corpus() {
        let doc = include_str!("../../../docs/format.md");
        let example = doc
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/format.md has a ```toml example");
        let parsed = parse(example).unwrap();
        assert_eq!(to_toml(&parsed), example);
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let text = canonicalize(&std::fs::read(corpus.join(&parsed.document)).unwrap()).unwrap();
        assert_eq!(parsed.content_hash, content_hash(&text));
        let index = CharIndex::new(&text);
        assert!(!parsed.annotations.is_empty());
        for a in &parsed.annotations {
            let stamp = Stamp {
                annotator: a.annotator.clone(),
                time: a.created.clone(),
            };
            let fresh = Annotation::new(
                &text,
                &index,
                a.byte_span(&text, &index),
                a.tags.clone(),
                &stamp,
            );
            assert_eq!(
                (
                    &fresh.quote,
                    &fresh.prefix,
                    &fresh.suffix,
                    fresh.start,
                    fresh.end
                ),
                (&a.quote, &a.prefix, &a.suffix, a.start, a.end)
            );
            assert_eq!(uuid::Uuid::parse_str(&a.id).unwrap().get_version_num(), 4);
        }
    }
}
