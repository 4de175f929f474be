//! The W3C Web Annotation Data Model in JSON-LD: one `AnnotationCollection` whose first (and
//! only) page holds every annotation. Each targets its document, an absolute IRI (the
//! material's [`base`](Material::base) and the document's path, percent-encoded), with a
//! `TextQuoteSelector` and a `TextPositionSelector` (code points, as the model counts); tags are
//! `TextualBody` bodies with purpose `tagging`, the note one with purpose `commenting`, and each
//! field value one with purpose `classifying` (a field with a list of values) or `describing`
//! (free text), naming its field under [`FIELD`]: the model has no property for that, and its
//! purposes are a closed list.
//!
//! A link between two annotations (see [`crate::core::links`]) is an annotation of its own,
//! written right after the one it starts from, with motivation `linking`, whose targets are the
//! two annotations' ids (the one it starts from first) and whose body is the link type, a
//! `TextualBody` with purpose `classifying`. JSON-LD takes `target` as a set, so the source is
//! also named under [`LINK_SOURCE`]. Its id is [`link_guid`] as a `urn:uuid:` URN.
//!
//! The model's agents are the `creator` (and the software, `generator`); it names no one for
//! `modified`. Who changed an annotation last, when not its creator, is a `Person` under
//! [`MODIFIED_BY`], an absolute IRI as a property name, which JSON-LD allows without a context
//! of its own and other consumers ignore.
//!
//! Every id is an absolute IRI, as the model's MUST assertions require: gloss's ids (UUIDs) as
//! `urn:uuid:` URNs, so an import recognises annotations it already has; an id that is already
//! an absolute IRI (one imported from another tool) as it is; any other under
//! [`OTHER_ID`], percent-encoded.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::core::annotation::Annotation;
use crate::core::formats::import::links::LinkTarget;
use crate::core::formats::import::{Batch, Incoming};
use crate::core::formats::{Doc, Material, Parked, link_guid, stable_guid};
use crate::core::links::Link;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const URN: &str = "urn:uuid:";
/// The prefix of an id that is neither a UUID nor an absolute IRI.
pub const OTHER_ID: &str = "urn:x-gloss:annotation:";
/// The property naming who changed an annotation last (see the module's description).
pub const MODIFIED_BY: &str = "urn:x-gloss:modifiedBy";
/// The property of a body naming the field whose value it is (see the module's description).
pub const FIELD: &str = "urn:x-gloss:field";
/// The property of a linking annotation naming the annotation the link starts from.
pub const LINK_SOURCE: &str = "urn:x-gloss:linkSource";

/// Percent-encodes what RFC 3986 does not allow in a path (or, with `keep_slash` false, a
/// segment), byte by byte of the UTF-8: everything but letters, digits, `-._~`, the
/// sub-delimiters and `:@`. A URI, not an IRI, since validators check the `uri` format.
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if path_byte(b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A byte RFC 3986 allows as it is in a path segment: unreserved, a sub-delimiter, `:` or `@`.
fn path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
}

/// Undoes [`encode`]; `None` for a malformed escape or bytes that are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// The `file://` URL of the folder `dir` (made absolute), ending in `/`.
pub fn folder_iri(dir: &std::path::Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let mut path: Vec<String> = Vec::new();
    for part in absolute.components() {
        match part {
            std::path::Component::Normal(p) => path.push(encode(&p.to_string_lossy(), false)),
            // A Windows drive (`C:`) is the first segment of a file URL's path.
            std::path::Component::Prefix(p) => {
                path.push(encode(&p.as_os_str().to_string_lossy(), false))
            }
            _ => {}
        }
    }
    format!("file:///{}/", path.join("/")).replace("file:////", "file:///")
}

/// Whether `text` starts with a URI scheme (`https:`, `urn:`, `file:`).
fn has_scheme(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Why a `--base` cannot be a base IRI; each says what to give instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseError {
    #[error(
        "--base {0:?} is not an absolute IRI: give one with a scheme, as in \
         https://example.org/corpus/ or file:///home/me/corpus/"
    )]
    NotAbsolute(String),
    /// Documents' paths are appended to the base: after a query or a fragment they would be
    /// part of it, not of the path.
    #[error(
        "--base {0:?} has a query or a fragment, which the documents' paths would be appended \
         to: give the folder's IRI alone, as in https://example.org/corpus/"
    )]
    QueryOrFragment(String),
}

/// The base given with `--base`: an absolute IRI, to which a `/` is added if it lacks one (it
/// names the corpus folder).
pub fn base_iri(given: &str) -> Result<String, BaseError> {
    if !has_scheme(given) || given.contains(char::is_whitespace) {
        return Err(BaseError::NotAbsolute(given.to_owned()));
    }
    if given.contains(['?', '#']) {
        return Err(BaseError::QueryOrFragment(given.to_owned()));
    }
    Ok(if given.ends_with('/') {
        given.to_owned()
    } else {
        format!("{given}/")
    })
}

/// The IRI of a document: the base and its path, percent-encoded.
pub fn document_iri(base: &str, rel_path: &str) -> String {
    format!("{base}{}", encode(rel_path, true))
}

/// The id of an annotation, as an absolute IRI: see the module's documentation.
fn annotation_iri(id: &str) -> String {
    if uuid::Uuid::parse_str(id).is_ok() {
        format!("{URN}{id}")
    } else if has_scheme(id) && id.bytes().all(|b| path_byte(b) || b"/?#%".contains(&b)) {
        id.to_owned()
    } else {
        format!("{OTHER_ID}{}", encode(id, false))
    }
}

/// Undoes [`annotation_iri`].
fn annotation_id(iri: &str) -> String {
    if let Some(id) = iri.strip_prefix(URN) {
        id.to_owned()
    } else if let Some(id) = iri.strip_prefix(OTHER_ID).and_then(decode) {
        id
    } else {
        iri.to_owned()
    }
}

/// One annotation of `doc` as the model describes it.
fn item(material: &Material, doc: &Doc, a: &Annotation) -> Value {
    let mut body: Vec<Value> = a
        .tags
        .iter()
        .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t}))
        .collect();
    if !a.note.is_empty() {
        body.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": a.note,
            "format": "text/plain",
        }));
    }
    for (name, value) in &a.fields {
        let choice = material.scheme.field(name).is_some_and(|f| f.is_choice());
        body.push(json!({
            "type": "TextualBody",
            "purpose": if choice { "classifying" } else { "describing" },
            "value": value,
            FIELD: name,
        }));
    }
    let mut item = json!({
        "id": annotation_iri(&a.id),
        "type": "Annotation",
        "creator": person(&a.annotator),
        "created": a.created,
        "modified": a.modified,
        "target": {
            "source": document_iri(&material.base, &doc.rel_path),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": a.quote,
                    "prefix": a.prefix,
                    "suffix": a.suffix,
                },
                {"type": "TextPositionSelector", "start": a.start, "end": a.end},
            ],
        },
    });
    if !body.is_empty() {
        item["body"] = Value::Array(body);
    }
    if !a.modified_by.is_empty() && a.modified_by != a.annotator {
        item[MODIFIED_BY] = person(&a.modified_by);
    }
    item
}

/// The linking annotation of the link `link` of the annotation `a` (see the module's
/// description).
fn linking(a: &Annotation, link: &Link) -> Value {
    let from = annotation_iri(&a.id);
    json!({
        "id": format!("{URN}{}", link_guid(&a.id, &link.kind, &link.to)),
        "type": "Annotation",
        "motivation": "linking",
        "body": {"type": "TextualBody", "purpose": "classifying", "value": link.kind},
        "target": [from, annotation_iri(&link.to)],
        LINK_SOURCE: from,
    })
}

/// An agent as the model describes a person: `{"type": "Person", "name": …}`.
fn person(name: &str) -> Value {
    json!({"type": "Person", "name": name})
}

/// The name of an agent written by [`person`], or by other tools as a plain string or with a
/// `nickname` only.
fn agent_name(agent: &Value) -> Option<String> {
    match agent {
        Value::String(s) => Some(s.clone()),
        agent => agent
            .get("name")
            .or_else(|| agent.get("nickname"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// Writes the collection as the annotations come, each as soon as it is made, so that memory
/// does not grow with the corpus: `total`, known only at the end, comes after the page. The
/// collection's id names the documents, known only once they are read: the items go to a
/// temporary file first when some documents are unread.
pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    if material.unread.is_none() {
        let documents: Vec<String> = material.docs.iter().map(|d| d.rel_path.clone()).collect();
        head(&documents, out)?;
        let total = items_of(material, &mut Vec::new(), out)?;
        return tail(total, out);
    }
    let mut items = Parked::new()?;
    let mut documents = Vec::new();
    let total = items_of(material, &mut documents, &mut items)?;
    head(&documents, out)?;
    io::copy(&mut items.read_back()?, out)?;
    tail(total, out)
}

/// The collection up to its first item; `documents` name it.
fn head(documents: &[String], out: &mut dyn Write) -> io::Result<()> {
    let collection = stable_guid("collection", &documents.join("\n"));
    let page = stable_guid("page", &collection);
    let string = |s: &str| Value::from(s).to_string();
    write!(
        out,
        "{{\n  \"@context\": {},\n  \"id\": \"{URN}{collection}\",\n  \"type\": \
         \"AnnotationCollection\",\n  \"label\": \"Annotations exported by gloss\",\n  \
         \"first\": {{\n    \"id\": \"{URN}{page}\",\n    \"type\": \"AnnotationPage\",\n    \
         \"startIndex\": 0,\n    \"items\": [",
        string(CONTEXT)
    )
}

/// Writes every annotation as an item, each followed by its links' linking annotations, each
/// after a comma but the first; returns how many items, with the paths of the documents in
/// `documents`.
fn items_of(
    material: &Material,
    documents: &mut Vec<String>,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut total = 0;
    material.start_write();
    material.each_doc(&mut |doc| {
        documents.push(doc.rel_path.clone());
        for a in &doc.annotations {
            let links = a.links.iter().map(|link| linking(a, link));
            for value in std::iter::once(item(material, doc, a)).chain(links) {
                out.write_all(if total == 0 { b"\n" } else { b",\n" })?;
                let pretty = serde_json::to_string_pretty(&value)?;
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "      {line}")?;
                }
                total += 1;
            }
        }
        Ok(())
    })?;
    Ok(total)
}

/// The collection after its last item.
fn tail(total: usize, out: &mut dyn Write) -> io::Result<()> {
    let close = if total == 0 { "]" } else { "\n    ]" };
    writeln!(out, "{close}\n  }},\n  \"total\": {total}\n}}")
}

/// Why a file is not W3C annotations gloss can read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// serde_json's message says the line and column.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "not a W3C annotation document: expected an AnnotationCollection, an AnnotationPage, an \
         Annotation or a list of annotations"
    )]
    NotAnnotations,
    /// `number` counts the file's annotations from 1.
    #[error("annotation {number}: {problem}")]
    Annotation { number: usize, problem: Problem },
}

/// What an annotation lacks that gloss needs to place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("no target")]
    NoTarget,
    #[error("its target names no source document")]
    NoSource,
    /// `key` is `start` or `end`.
    #[error("a TextPositionSelector without {key}")]
    PositionWithout { key: &'static str },
    #[error("neither a TextQuoteSelector nor a TextPositionSelector")]
    NoSelector,
}

/// Reads a collection (its embedded pages followed through `first` and `next`), a page, a list
/// of annotations or a single one. Bodies that are plain strings count as tags. A linking
/// annotation between two annotations becomes a link of the first (see the module's
/// description); one whose source is not in the file is reported as not placed.
pub fn read(data: &[u8]) -> Result<Batch, ReadError> {
    let value: Value = serde_json::from_slice(data)?;
    let mut items = Vec::new();
    gather(&value, &mut items)?;
    let mut batch = Batch::default();
    let mut links = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(link) = link_of(item) {
            links.push((i + 1, link));
            continue;
        }
        batch
            .annotations
            .push(annotation(item).map_err(|problem| ReadError::Annotation {
                number: i + 1,
                problem,
            })?);
    }
    for (number, (from, kind, to)) in links {
        if !batch.link_from(&from, kind.clone(), LinkTarget::Id(to)) {
            batch.not_placed.push(format!(
                "annotation {number}, a link “{kind}” from {from}: that annotation is not in the \
                 file; export the annotation with its links"
            ));
        }
    }
    Ok(batch)
}

/// The link a linking annotation stands for (see the module's description): the ids of its
/// source and target and its type. `None` for any other annotation.
fn link_of(item: &Value) -> Option<(String, String, String)> {
    let motivations = match item.get("motivation")? {
        Value::Array(list) => list.iter().collect(),
        one => vec![one],
    };
    if !motivations.iter().any(|m| m.as_str() == Some("linking")) {
        return None;
    }
    // Each target an annotation's IRI, given as it is or as an object with an `id`.
    let targets: Vec<&str> = item
        .get("target")?
        .as_array()?
        .iter()
        .map(|t| t.as_str().or_else(|| t.get("id")?.as_str()))
        .collect::<Option<_>>()?;
    let [first, second] = targets[..] else {
        return None;
    };
    let (from, to) = match item.get(LINK_SOURCE).and_then(Value::as_str) {
        Some(source) if source == second => (second, first),
        _ => (first, second),
    };
    let body = match item.get("body") {
        Some(Value::Array(list)) => list.first(),
        other => other,
    };
    let kind = body.and_then(|b| b.as_str().or_else(|| b.get("value")?.as_str()))?;
    Some((annotation_id(from), kind.to_owned(), annotation_id(to)))
}

fn gather<'a>(value: &'a Value, items: &mut Vec<&'a Value>) -> Result<(), ReadError> {
    if let Some(list) = value.as_array() {
        items.extend(list);
        return Ok(());
    }
    match kind(value) {
        Some("AnnotationCollection") => {
            let mut page = value.get("first");
            while let Some(p) = page.filter(|p| p.is_object()) {
                gather(p, items)?;
                page = p.get("next");
            }
            Ok(())
        }
        Some("AnnotationPage") => {
            items.extend(
                value
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
            Ok(())
        }
        Some("Annotation") => {
            items.push(value);
            Ok(())
        }
        _ => Err(ReadError::NotAnnotations),
    }
}

/// `type` as a string, or the first of a list of types.
fn kind(value: &Value) -> Option<&str> {
    match value.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(list) => list.iter().find_map(Value::as_str),
        _ => None,
    }
}

fn annotation(item: &Value) -> Result<Incoming, Problem> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let target = item.get("target").ok_or(Problem::NoTarget)?;
    let target = target.as_array().and_then(|t| t.first()).unwrap_or(target);
    let document = text(target.get("source"))
        .or_else(|| text(Some(target)))
        .ok_or(Problem::NoSource)?;
    // An IRI names the document percent-encoded; the corpus names it as it is.
    let document = match has_scheme(&document).then(|| decode(&document)) {
        Some(Some(decoded)) => decoded,
        _ => document,
    };
    let mut inc = Incoming {
        document,
        id: text(item.get("id")).map(|id| annotation_id(&id)),
        created: text(item.get("created")),
        modified: text(item.get("modified")),
        annotator: item.get("creator").and_then(agent_name),
        modified_by: item.get(MODIFIED_BY).and_then(agent_name),
        ..Incoming::default()
    };
    let selectors = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    let mut positioned = false;
    for s in selectors {
        match kind(s) {
            Some("TextQuoteSelector") => {
                inc.quote = text(s.get("exact"));
                inc.prefix = text(s.get("prefix")).unwrap_or_default();
                inc.suffix = text(s.get("suffix")).unwrap_or_default();
            }
            Some("TextPositionSelector") => {
                let at = |k: &str| s.get(k).and_then(Value::as_u64).map(|n| n as usize);
                inc.start = at("start").ok_or(Problem::PositionWithout { key: "start" })?;
                inc.end = at("end").ok_or(Problem::PositionWithout { key: "end" })?;
                positioned = true;
            }
            _ => {}
        }
    }
    if inc.quote.is_none() && !positioned {
        return Err(Problem::NoSelector);
    }
    let bodies = match item.get("body") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    for body in bodies {
        let value = text(Some(body)).or_else(|| text(body.get("value")));
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        if let Some(field) = body.get(FIELD).and_then(Value::as_str) {
            inc.fields.insert(field.to_owned(), value);
            continue;
        }
        match body.get("purpose").and_then(Value::as_str) {
            Some("commenting") | Some("describing") => {
                if !inc.note.is_empty() {
                    inc.note.push_str("\n\n");
                }
                inc.note.push_str(&value);
            }
            _ => inc.tags.push(value),
        }
    }
    Ok(inc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_is_an_absolute_iri_to_which_paths_can_be_appended() {
        assert_eq!(
            base_iri("https://example.org/corpus").unwrap(),
            "https://example.org/corpus/"
        );
        assert_eq!(
            document_iri(&base_iri("file:///c/").unwrap(), "press cuttings/a.txt"),
            "file:///c/press%20cuttings/a.txt"
        );
        for refused in [
            "corpus/",
            "https://example.org/c?x=1",
            "https://example.org/c#f",
        ] {
            assert!(base_iri(refused).is_err(), "{refused}");
        }
    }
}
