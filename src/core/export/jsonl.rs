//! JSON Lines as doccano and spaCy-style pipelines read them: one line per document,
//! `{"text": …, "label": [[start, end, "tag"], …], "document": …}`, offsets in code points (the
//! characters of Python strings). An annotation with two tags is two labels on the same span; one
//! without tags has no label. `document`, which doccano keeps as metadata, tells an import which
//! document a line belongs to; lines without it are matched by their text. doccano itself counts
//! UTF-16 code units (its editor's JavaScript strings): an import finds which counting a line's
//! labels use from its text ([`read`]).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::core::export::Material;
use crate::core::import::{Batch, Incoming};
use crate::core::offsets::{self, Breaks, Claimed, Counting, Given, Unit};

/// doccano's editor counts JavaScript string positions: UTF-16 code units, a CR LF as two.
pub const DOCCANO: Counting = Counting {
    unit: Unit::Utf16,
    breaks: Breaks::AsWritten,
    bom: false,
};

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
/// do not say. Each line's offsets are read in the counting under which its labels fit its text
/// best (see [`offsets::detect`]), doccano's UTF-16 code units first unless `given` says.
pub fn read(
    data: &str,
    given: Given,
    document_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Batch, String> {
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
        let claimed: Vec<Claimed> = line
            .label
            .iter()
            .map(|(start, end, _)| Claimed::span(*start, *end, None))
            .collect();
        let found = offsets::detect(&line.text, &claimed, DOCCANO, given);
        batch.counted(&format!("{document} (line {})", i + 1), &found);
        let mut spans: Vec<Incoming> = Vec::new();
        for ((start, end, tag), at) in line.label.into_iter().zip(&found.spans) {
            let inc = Incoming {
                document: document.clone(),
                start,
                end,
                tags: vec![tag.clone()],
                ..Incoming::default()
            };
            let Some(inc) = batch.place(inc, at, &found.canonical) else {
                continue;
            };
            match spans
                .iter_mut()
                .find(|s| (s.start, s.end) == (inc.start, inc.end))
            {
                Some(span) if span.tags.contains(&tag) => {}
                Some(span) => span.tags.push(tag),
                None => spans.push(inc),
            }
        }
        batch.annotations.extend(spans);
    }
    Ok(batch)
}
