//! The W3C Web Annotation Data Model in JSON-LD: one `AnnotationCollection` whose first (and
//! only) page holds every annotation. Each targets its document (the path relative to the corpus)
//! with a `TextQuoteSelector` and a `TextPositionSelector` (code points, as the model counts);
//! tags are `TextualBody` bodies with purpose `tagging`, the note one with purpose `commenting`.
//! Ids are `urn:uuid:` URNs of gloss's ids, so an import recognises annotations it already has.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::core::export::{Material, stable_guid};
use crate::core::import::{Batch, Incoming};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const URN: &str = "urn:uuid:";

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    let documents: Vec<&str> = material.docs.iter().map(|d| d.rel_path.as_str()).collect();
    let collection = stable_guid("collection", &documents.join("\n"));
    let mut items = Vec::new();
    for doc in &material.docs {
        for a in &doc.annotations {
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
            let id = match uuid::Uuid::parse_str(&a.id) {
                Ok(_) => format!("{URN}{}", a.id),
                Err(_) => a.id.clone(),
            };
            let mut item = json!({
                "id": id,
                "type": "Annotation",
                "creator": {"type": "Person", "name": a.annotator},
                "created": a.created,
                "modified": a.modified,
                "target": {
                    "source": doc.rel_path,
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
            items.push(item);
        }
    }
    let document = json!({
        "@context": CONTEXT,
        "id": format!("{URN}{collection}"),
        "type": "AnnotationCollection",
        "label": "Annotations exported by gloss",
        "total": items.len(),
        "first": {
            "id": format!("{URN}{}", stable_guid("page", &collection)),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

/// Reads a collection (its embedded pages followed through `first` and `next`), a page, a list
/// of annotations or a single one. Bodies that are plain strings count as tags.
pub fn read(data: &[u8]) -> Result<Batch, String> {
    let value: Value = serde_json::from_slice(data).map_err(|e| e.to_string())?;
    let mut items = Vec::new();
    gather(&value, &mut items)?;
    let mut batch = Batch::default();
    for (i, item) in items.iter().enumerate() {
        batch
            .annotations
            .push(annotation(item).map_err(|e| format!("annotation {}: {e}", i + 1))?);
    }
    Ok(batch)
}

fn gather<'a>(value: &'a Value, items: &mut Vec<&'a Value>) -> Result<(), String> {
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
        _ => Err(
            "not a W3C annotation document: expected an AnnotationCollection, an \
             AnnotationPage, an Annotation or a list of annotations"
                .into(),
        ),
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

fn annotation(item: &Value) -> Result<Incoming, String> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let target = item.get("target").ok_or("no target")?;
    let target = target.as_array().and_then(|t| t.first()).unwrap_or(target);
    let document = text(target.get("source"))
        .or_else(|| text(Some(target)))
        .ok_or("its target names no source document")?;
    let mut inc = Incoming {
        document,
        id: text(item.get("id")).map(|id| id.strip_prefix(URN).unwrap_or(&id).to_owned()),
        created: text(item.get("created")),
        modified: text(item.get("modified")),
        annotator: match item.get("creator") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(c) => text(c.get("name")).or_else(|| text(c.get("nickname"))),
            None => None,
        },
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
                inc.start = at("start").ok_or("a TextPositionSelector without start")?;
                inc.end = at("end").ok_or("a TextPositionSelector without end")?;
                positioned = true;
            }
            _ => {}
        }
    }
    if inc.quote.is_none() && !positioned {
        return Err("neither a TextQuoteSelector nor a TextPositionSelector".into());
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
