//! JSON Lines as doccano and spaCy-style pipelines read them: one line per document,
//! `{"text": …, "label": [[start, end, "tag"], …], "document": …, "offsets": "utf16"}`.
//!
//! Offsets are UTF-16 code units by default, as doccano counts them: its annotator takes a
//! span from the browser's selection (`TextSelectionHandler.ts` in doccano/v-annotator adds
//! DOM `anchorOffset`s, which count UTF-16 code units), and a project counts graphemes only
//! when created with `grapheme_mode`, which is off by default (`backend/projects/models.py`).
//! spaCy and other Python tools count code points: [`OffsetUnit::Codepoints`]. The unit is
//! written as `offsets` on every line (doccano keeps it as metadata), and reading honours it.
//!
//! Each tag of an annotation is a label on its span ([`LabelForm::PerTag`]). A doccano project
//! created without "Allow overlapping spans" (`allow_overlapping`, off by default) keeps, of
//! the labels sorted by start, only those that begin at or after the end of the last one kept
//! (`SpanCleaner` in doccano's `backend/data_import/pipeline/cleaners.py`): the second tag of
//! a span is dropped. [`dropped_by_doccano`] counts what it drops, for a warning;
//! [`LabelForm::Joined`] writes one label per annotation, its tags joined by [`JOINER`], which
//! such a project keeps unless annotations themselves overlap. `document`, which doccano keeps
//! as metadata, tells an import which document a line belongs to; lines without it are matched
//! by their text.
//!
//! Links (see [`crate::core::links`]) within a document travel in the form of doccano's
//! projects with relations, [`LabelForm::Relations`]: `entities`, one object per annotation
//! (`{"id": 1, "label": "denial + hedge", "start_offset": …, "end_offset": …}`, its tags joined
//! as [`LabelForm::Joined`] joins them), and `relations` between them (`{"id": 1, "from_id": 2,
//! "to_id": 1, "type": "denies"}`). A relation joins two entities of one line: a link to another
//! document, and every link in the other forms, is named as not carried.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::core::formats::import::links::{IncomingLink, LinkTarget};
use crate::core::formats::import::{Batch, Incoming};
use crate::core::formats::offsets::{self, Breaks, Claimed, Counting, Given, Unit};
use crate::core::formats::{Doc, Material, Options};

/// doccano's editor counts JavaScript string positions: UTF-16 code units, a CR LF as two.
pub const DOCCANO: Counting = Counting {
    unit: Unit::Utf16,
    breaks: Breaks::AsWritten,
    bom: false,
};

/// What a JSONL offset counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-16 code units, as doccano (and JavaScript) count.
    #[default]
    Utf16,
    /// Unicode code points, as Python (spaCy) and gloss count.
    Codepoints,
    /// Bytes of the UTF-8 text.
    Bytes,
}

impl OffsetUnit {
    /// The same unit as import's detection names it.
    pub fn unit(self) -> Unit {
        match self {
            OffsetUnit::Utf16 => Unit::Utf16,
            OffsetUnit::Codepoints => Unit::CodePoints,
            OffsetUnit::Bytes => Unit::Bytes,
        }
    }

    /// For each code point offset `0..=n` into `text`, the same place counted in this unit.
    pub fn places(self, text: &str) -> Vec<usize> {
        let mut places = Vec::with_capacity(text.len() + 1);
        let mut at = 0;
        places.push(at);
        for c in text.chars() {
            at += self.unit().width(c);
            places.push(at);
        }
        places
    }
}

/// How the tags of an annotation become labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LabelForm {
    /// One label per tag, all on the annotation's span.
    #[default]
    PerTag,
    /// One label per annotation, its tags joined by [`JOINER`] (`denial + hedge`), the form a
    /// doccano project without "Allow overlapping spans" keeps.
    Joined,
    /// As [`LabelForm::Joined`], but as the entity objects of a doccano project with relations,
    /// with the links within the document as its relations.
    Relations,
}

/// Between the tags of one label in the [`LabelForm::Joined`] form.
pub const JOINER: &str = " + ";

#[derive(Deserialize)]
struct Line {
    text: String,
    /// doccano writes `label`; older versions `labels`, spaCy's converters `entities`; each
    /// a `[start, end, "tag"]` triple, or an object as doccano writes for projects with
    /// relations ([`Label`]).
    #[serde(
        alias = "labels",
        alias = "entities",
        default,
        deserialize_with = "triples"
    )]
    label: Vec<Labelled>,
    /// doccano's relations between the entities of the line, by their ids.
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    document: Option<String>,
    /// What the offsets count; code points when absent (what gloss wrote before it said).
    #[serde(default)]
    offsets: Option<OffsetUnit>,
    /// Set when labels are tags joined by it ([`LabelForm::Joined`]).
    #[serde(default)]
    joined_by: Option<String>,
}

/// A label as a file gives it: doccano's sequence-labelling triple, or the object its projects
/// with relations write (`{"id": 1, "label": "tag", "start_offset": 0, "end_offset": 5}`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Label {
    Triple(usize, usize, String),
    Entity {
        #[serde(default)]
        id: Option<serde_json::Value>,
        label: String,
        start_offset: usize,
        end_offset: usize,
    },
}

/// A label: its start, end and text, and its id when it is an entity object that has one.
type Labelled = (usize, usize, String, Option<serde_json::Value>);

/// A relation of a doccano project with relations, between two entities by id.
#[derive(Serialize, Deserialize)]
struct Relation {
    #[serde(default)]
    id: Option<serde_json::Value>,
    from_id: serde_json::Value,
    to_id: serde_json::Value,
    #[serde(rename = "type")]
    kind: String,
}

/// An entity as [`LabelForm::Relations`] writes it.
#[derive(Serialize)]
struct EntityOut {
    id: usize,
    label: String,
    start_offset: usize,
    end_offset: usize,
}

fn triples<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Labelled>, D::Error> {
    let labels = Vec::<Label>::deserialize(d)?;
    Ok(labels
        .into_iter()
        .map(|l| match l {
            Label::Triple(start, end, tag) => (start, end, tag, None),
            Label::Entity {
                id,
                label,
                start_offset,
                end_offset,
            } => (start_offset, end_offset, label, id),
        })
        .collect())
}

/// The labels of `doc`, in code points.
fn labels(doc: &Doc, form: LabelForm) -> Vec<(usize, usize, String)> {
    match form {
        LabelForm::PerTag => doc
            .annotations
            .iter()
            .flat_map(|a| a.tags.iter().map(|t| (a.start, a.end, t.clone())))
            .collect(),
        LabelForm::Joined | LabelForm::Relations => doc
            .annotations
            .iter()
            .filter(|a| !a.tags.is_empty())
            .map(|a| (a.start, a.end, a.tags.join(JOINER)))
            .collect(),
    }
}

/// A line as written: [`Line`]'s fields, borrowed; `entities` and `relations` in the
/// [`LabelForm::Relations`] form, `label` in the others.
#[derive(Serialize)]
struct LineOut<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<Vec<(usize, usize, String)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<Vec<EntityOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relations: Option<Vec<Relation>>,
    document: &'a str,
    offsets: OffsetUnit,
    #[serde(skip_serializing_if = "Option::is_none")]
    joined_by: Option<&'a str>,
}

/// Writes a line per document as it goes, one document's text in memory at a time. The links
/// it cannot carry (see the module's description) are named as not carried, and the labels a
/// default doccano project would drop are warned of (see [`doccano_warning`]), and so are
/// several coders' annotations, which its lines cannot tell apart (see [`coders_warning`]).
pub fn write(material: &Material, options: Options, out: &mut dyn Write) -> io::Result<()> {
    material.start_write();
    let (mut total, mut dropped) = (0, 0);
    let mut coders: Vec<String> = Vec::new();
    material.each_doc(&mut |doc| {
        for a in &doc.annotations {
            if !coders.contains(&a.annotator) {
                coders.push(a.annotator.clone());
            }
        }
        let text = doc.text()?;
        let places = options.offsets.places(&text);
        let labels = labels(doc, options.labels);
        total += labels.len();
        dropped += dropped_by_doccano(&labels);
        let labels = labels
            .into_iter()
            .map(|(s, e, t)| (places[s], places[e], t));
        let (label, entities, relations) = if options.labels == LabelForm::Relations {
            let (entities, relations) = entities(material, doc, labels);
            (None, Some(entities), Some(relations))
        } else {
            for a in &doc.annotations {
                for link in &a.links {
                    material.not_carried(format!(
                        "{}: the link “{}” from {} to {}: doccano lines carry links only as \
                         relations; export with --labels relations",
                        doc.rel_path, link.kind, a.id, link.to
                    ));
                }
            }
            (Some(labels.collect()), None, None)
        };
        let line = LineOut {
            text: &text,
            label,
            entities,
            relations,
            document: &doc.rel_path,
            offsets: options.offsets,
            joined_by: (options.labels != LabelForm::PerTag).then_some(JOINER),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
    })?;
    if let Some(warning) = coders_warning(&coders) {
        material.warn(warning);
    }
    if let Some(warning) = doccano_warning(total, dropped, options.labels) {
        material.warn(warning);
    }
    Ok(())
}

/// The warning to give when the annotations written are those of `coders`, more than one:
/// doccano's lines name no coder, so an import makes them all the importer's, one annotation per
/// span.
fn coders_warning(coders: &[String]) -> Option<String> {
    let [first @ .., last] = coders else {
        return None;
    };
    (!first.is_empty()).then(|| {
        format!(
            "doccano lines name no coder: the annotations of {} and {last} are written alike, \
             and an import makes them all the importer's, one annotation per span; give \
             --coder NAME for one coder's, or export json, csv, brat or qdpx to keep the coders \
             apart",
            first.join(", ")
        )
    })
}

/// The entities of `doc`, one per tagged annotation with its `labels` (of the joined form, in
/// the unit written), numbered from 1, and the relations between them; a link that is not
/// between two of them is named as not carried.
fn entities(
    material: &Material,
    doc: &Doc,
    labels: impl Iterator<Item = (usize, usize, String)>,
) -> (Vec<EntityOut>, Vec<Relation>) {
    let tagged: Vec<&str> = doc
        .annotations
        .iter()
        .filter(|a| !a.tags.is_empty())
        .map(|a| a.id.as_str())
        .collect();
    let entities: Vec<EntityOut> = labels
        .enumerate()
        .map(|(i, (start_offset, end_offset, label))| EntityOut {
            id: i + 1,
            label,
            start_offset,
            end_offset,
        })
        .collect();
    let entity = |id: &str| tagged.iter().position(|t| *t == id).map(|i| i + 1);
    let mut relations = Vec::new();
    for a in &doc.annotations {
        for link in &a.links {
            match (entity(&a.id), entity(&link.to)) {
                (Some(from), Some(to)) => relations.push(Relation {
                    id: Some((relations.len() + 1).into()),
                    from_id: from.into(),
                    to_id: to.into(),
                    kind: link.kind.clone(),
                }),
                _ => material.not_carried(format!(
                    "{}: the link “{}” from {} to {}, not between two tagged annotations of \
                     this document: a doccano relation joins two entities of one line",
                    doc.rel_path, link.kind, a.id, link.to
                )),
            }
        }
    }
    (entities, relations)
}

/// How many of `labels` a doccano project without "Allow overlapping spans" drops on import:
/// `SpanCleaner.clean` sorts them by start (a stable sort) and keeps one only if it starts at
/// or after the end of the last one kept.
pub fn dropped_by_doccano(labels: &[(usize, usize, String)]) -> usize {
    let mut spans: Vec<(usize, usize)> = labels.iter().map(|(s, e, _)| (*s, *e)).collect();
    spans.sort_by_key(|&(start, _)| start);
    let mut last_end = 0;
    let mut dropped = 0;
    for (start, end) in spans {
        if start >= last_end {
            last_end = end;
        } else {
            dropped += 1;
        }
    }
    dropped
}

/// The warning to give when `total` labels in `form` were written, of which a default doccano
/// project would drop `dropped` (see [`dropped_by_doccano`]): how many of how many, and what
/// keeps them.
fn doccano_warning(total: usize, dropped: usize, form: LabelForm) -> Option<String> {
    if dropped == 0 {
        return None;
    }
    let remedy = match form {
        LabelForm::PerTag => {
            "create the doccano project with \"Allow overlapping spans\", or export with \
             --labels joined (one label per annotation, its tags joined by \" + \")"
        }
        LabelForm::Joined | LabelForm::Relations => {
            "the annotations themselves overlap: create the doccano project with \"Allow \
             overlapping spans\""
        }
    };
    Some(format!(
        "a doccano project made with its default settings keeps one label per stretch of \
         text and would drop {dropped} of these {total} labels on import: {remedy}"
    ))
}

/// Why a file is not lines gloss can read; `line` counts from 1.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("line {line}: {source}")]
    Json {
        line: usize,
        source: serde_json::Error,
    },
    #[error("line {line}: no `document` key, and its text is that of no document in the corpus")]
    NoDocument { line: usize },
}

/// `document_of(text)` names the corpus document whose canonical text is `text`, for lines that
/// do not say. Each line's offsets are read in the counting under which its labels fit its text
/// best (see [`offsets::detect`]), doccano's UTF-16 code units first unless `given` says.
pub fn read(
    data: &str,
    given: Given,
    document_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Batch, ReadError> {
    let mut batch = Batch::default();
    for (i, raw) in data.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(raw).map_err(|source| ReadError::Json {
            line: i + 1,
            source,
        })?;
        let canonical = line.text.replace("\r\n", "\n").replace('\r', "\n");
        let Some(document) = line.document.or_else(|| document_of(&canonical)) else {
            return Err(ReadError::NoDocument { line: i + 1 });
        };
        // A unit the line states (as gloss writes it) is taken unless the command line gives
        // one; the rest of the counting is detected from the labels and the text.
        let given = Given {
            unit: given.unit.or(line.offsets.map(OffsetUnit::unit)),
            ..given
        };
        let claimed: Vec<Claimed> = line
            .label
            .iter()
            .map(|(start, end, _, _)| Claimed::span(*start, *end, None))
            .collect();
        let found = offsets::detect(&line.text, &claimed, DOCCANO, given);
        batch.counted(&format!("{document} (line {})", i + 1), &found);
        let mut spans: Vec<Incoming> = Vec::new();
        // Each entity's id with the span it went to, for relations.
        let mut ids: Vec<(serde_json::Value, usize)> = Vec::new();
        for ((start, end, label, id), at) in line.label.into_iter().zip(&found.spans) {
            let tags: Vec<String> = match &line.joined_by {
                Some(joiner) => label.split(joiner.as_str()).map(str::to_owned).collect(),
                None => vec![label],
            };
            let inc = Incoming {
                document: document.clone(),
                start,
                end,
                tags: tags.clone(),
                ..Incoming::default()
            };
            let Some(inc) = batch.place(inc, at, &found.canonical) else {
                continue;
            };
            let at = match spans
                .iter()
                .position(|s| (s.start, s.end) == (inc.start, inc.end))
            {
                Some(at) => at,
                None => {
                    spans.push(inc);
                    spans.len() - 1
                }
            };
            ids.extend(id.map(|id| (id, at)));
            let span = &mut spans[at];
            for tag in tags {
                if !span.tags.contains(&tag) {
                    span.tags.push(tag);
                }
            }
        }
        let first = batch.annotations.len();
        for r in line.relations {
            let at = |id: &serde_json::Value| ids.iter().find(|(i, _)| i == id).map(|&(_, at)| at);
            match (at(&r.from_id), at(&r.to_id)) {
                (Some(from), Some(to)) => spans[from].links.push(IncomingLink {
                    kind: r.kind,
                    to: LinkTarget::Incoming(first + to),
                }),
                _ => batch.ignored.push(format!(
                    "{document} (line {}): relation {} “{}” between entities not placed",
                    i + 1,
                    r.id.map_or_else(String::new, |id| id.to_string()),
                    r.kind
                )),
            }
        }
        batch.annotations.extend(spans);
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_in_the_unit_asked_for() {
        // "é" is one code point and one UTF-16 unit but two bytes; "😀" two units and four bytes.
        let text = "é😀a";
        assert_eq!(OffsetUnit::Codepoints.places(text), [0, 1, 2, 3]);
        assert_eq!(OffsetUnit::Utf16.places(text), [0, 1, 3, 4]);
        assert_eq!(OffsetUnit::Bytes.places(text), [0, 2, 6, 7]);
    }

    #[test]
    fn doccano_s_cleaner_keeps_labels_that_start_after_the_last_kept_one_ends() {
        let l = |s, e| (s, e, String::from("t"));
        // Two tags on one span, a nested span, a crossing one, then one after them all.
        let labels = [l(0, 5), l(0, 5), l(1, 3), l(4, 8), l(8, 9)];
        assert_eq!(dropped_by_doccano(&labels), 3);
        assert_eq!(dropped_by_doccano(&[l(5, 6), l(0, 5)]), 0);
    }

    #[test]
    fn utf16_offsets_after_emoji_read_back_as_code_points() {
        let line = r#"{"text":"😀😀 no delay","label":[[5,13,"denial"]],"document":"d.txt","offsets":"utf16"}"#;
        let batch = read(line, Given::default(), &|_| None).unwrap();
        assert_eq!(batch.annotations[0].quote.as_deref(), Some("no delay"));
        assert_eq!(
            (batch.annotations[0].start, batch.annotations[0].end),
            (3, 11)
        );
        let split = r#"{"text":"😀 a","label":[[1,3,"x"]],"document":"d.txt","offsets":"utf16"}"#;
        // A label that splits a character is reported, and the rest of the file still read.
        let batch = read(split, Given::default(), &|_| None).unwrap();
        assert!(batch.annotations.is_empty());
        assert!(
            batch.not_placed[0].contains("does not fall on characters"),
            "{:?}",
            batch.not_placed
        );
    }

    #[test]
    fn doccano_entity_objects_are_read_as_labels() {
        let line = r#"{"text":"We deny it.","entities":[{"id":7,"label":"denial","start_offset":3,"end_offset":7}],"document":"d.txt"}"#;
        let batch = read(line, Given::default(), &|_| None).unwrap();
        assert_eq!(batch.annotations[0].tags, ["denial"]);
        assert_eq!(
            (batch.annotations[0].start, batch.annotations[0].end),
            (3, 7)
        );
    }

    #[test]
    fn joined_labels_read_back_as_tags() {
        let line = r#"{"text":"We deny it.","label":[[3,7,"denial + hedge"]],"document":"d.txt","offsets":"codepoints","joined_by":" + "}"#;
        let batch = read(line, Given::default(), &|_| None).unwrap();
        assert_eq!(batch.annotations[0].tags, ["denial", "hedge"]);
    }
}
