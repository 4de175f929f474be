//! JSON Lines as doccano and spaCy-style pipelines read them: one line per document,
//! `{"text": …, "label": [[start, end, "tag"], …], "document": …}`, offsets in code points (the
//! characters of Python strings). An annotation with two tags is two labels on the same span; one
//! without tags has no label. `document`, which doccano keeps as metadata, tells an import which
//! document a line belongs to; lines without it are matched by their text.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::core::export::Material;
use crate::core::import::{Batch, Incoming};

#[derive(Serialize, Deserialize)]
struct Line {
    text: String,
    /// doccano writes `label`; older versions `labels`, spaCy's converters `entities`.
    #[serde(alias = "labels", alias = "entities", default)]
    label: Vec<(usize, usize, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
}

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    for doc in &material.docs {
        let line = Line {
            text: doc.text.clone(),
            label: doc
                .annotations
                .iter()
                .flat_map(|a| a.tags.iter().map(|t| (a.start, a.end, t.clone())))
                .collect(),
            document: Some(doc.rel_path.clone()),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `document_of(text)` names the corpus document whose canonical text is `text`, for lines that
/// do not say.
pub fn read(data: &str, document_of: &dyn Fn(&str) -> Option<String>) -> Result<Batch, String> {
    let mut batch = Batch::default();
    for (i, raw) in data.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(raw).map_err(|e| format!("line {}: {e}", i + 1))?;
        let canonical = line.text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(document) = line.document.or_else(|| document_of(&canonical)) else {
            return Err(format!(
                "line {}: no `document` key, and its text is that of no document in the corpus",
                i + 1
            ));
        };
        // Quotes come from the text as given, which the offsets count.
        let chars: Vec<char> = line.text.chars().collect();
        let mut spans: Vec<Incoming> = Vec::new();
        for (start, end, tag) in line.label {
            if start > end || end > chars.len() {
                return Err(format!(
                    "line {}: label {start}..{end} lies outside its text",
                    i + 1
                ));
            }
            match spans.iter_mut().find(|s| (s.start, s.end) == (start, end)) {
                Some(span) if span.tags.contains(&tag) => {}
                Some(span) => span.tags.push(tag),
                None => spans.push(
                    Incoming {
                        document: document.clone(),
                        start,
                        end,
                        tags: vec![tag],
                        ..Incoming::default()
                    }
                    .quoting(&chars),
                ),
            }
        }
        batch.annotations.extend(spans);
    }
    Ok(batch)
}
