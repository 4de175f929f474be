//! Rows of one annotation that disagree. A CSV repeats an annotation's columns (its span, quote,
//! note, creator, times, fields) on each of its rows, one row per tag; a spreadsheet user who
//! changes a value on one row only leaves the rows disagreeing. Which row holds the edit is told
//! by the annotation the corpus holds, of the same id: when one value differs from what it holds
//! (on one row, or on several that agree), that value is the user's edit and is taken (but for
//! who made the annotation and when, which such an edit never changes, and which the report
//! names as not taken). When
//! several differ, or the corpus has no such annotation to compare with, which is the edit cannot
//! be told: the annotation is reported, naming the file, its lines and each row's value, and
//! nothing of it is imported, so no edit is lost by being overwritten either way.

use std::path::Path;

use crate::core::annotation::Annotation;
use crate::core::formats::import::{Incoming, Report, describe};

/// A column the rows of one annotation repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Start,
    End,
    Quote,
    Note,
    Annotator,
    Created,
    Modified,
    ModifiedBy,
    /// A field, by its name.
    Field(String),
}

impl Column {
    /// The columns every row repeats, fields aside, as a CSV's header names them.
    pub const FIXED: [(Column, &'static str); 8] = [
        (Column::Start, "start"),
        (Column::End, "end"),
        (Column::Quote, "quote"),
        (Column::Note, "note"),
        (Column::Annotator, "annotator"),
        (Column::Created, "created"),
        (Column::Modified, "modified"),
        (Column::ModifiedBy, "modified_by"),
    ];

    /// Its name in a CSV's header (a field's own name).
    pub fn name(&self) -> &str {
        match self {
            Column::Field(name) => name,
            fixed => {
                Column::FIXED
                    .iter()
                    .find(|(c, _)| c == fixed)
                    .expect("every other column is in FIXED")
                    .1
            }
        }
    }

    /// Whether it records who made the annotation, or when, which an edit in a file of the
    /// same version (see `merge_one`) does not change, on one row or on all.
    fn is_record(&self) -> bool {
        matches!(
            self,
            Column::Annotator | Column::Created | Column::ModifiedBy
        )
    }

    /// What `a` holds in this column, as a CSV export writes it.
    fn stored(&self, a: &Annotation) -> String {
        match self {
            Column::Start => a.start.to_string(),
            Column::End => a.end.to_string(),
            Column::Quote => a.quote.clone(),
            Column::Note => a.note.clone(),
            Column::Annotator => a.annotator.clone(),
            Column::Created => a.created.clone(),
            Column::Modified => a.modified.clone(),
            Column::ModifiedBy => a.modified_by.clone(),
            Column::Field(name) => a.fields.get(name).cloned().unwrap_or_default(),
        }
    }

    /// Gives `inc` the value `value` (as a row gives it) in this column.
    fn apply(&self, inc: &mut Incoming, value: &str) {
        let some = || Some(value.to_owned()).filter(|v| !v.is_empty());
        match self {
            // The rows' numbers were checked when they were read.
            Column::Start => inc.start = value.parse().unwrap_or(inc.start),
            Column::End => inc.end = value.parse().unwrap_or(inc.end),
            Column::Quote => inc.quote = Some(value.to_owned()),
            Column::Note => inc.note = value.to_owned(),
            Column::Annotator => inc.annotator = some(),
            Column::Created => inc.created = some(),
            Column::Modified => inc.modified = some(),
            Column::ModifiedBy => inc.modified_by = some(),
            Column::Field(name) => match some() {
                Some(v) => {
                    inc.fields.insert(name.clone(), v);
                }
                None => {
                    inc.fields.remove(name);
                }
            },
        }
    }
}

/// A column whose rows of one annotation give different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub column: Column,
    /// Each row's value, with its line in the file (the header is line 1).
    pub rows: Vec<(usize, String)>,
}

/// The disagreements among `rows`, each a row's line and its values in the order of `columns`.
pub fn disagreements(columns: &[Column], rows: &[(usize, Vec<String>)]) -> Vec<Disagreement> {
    columns
        .iter()
        .enumerate()
        .filter(|(i, _)| rows.iter().any(|(_, values)| values[*i] != rows[0].1[*i]))
        .map(|(i, column)| Disagreement {
            column: column.clone(),
            rows: rows
                .iter()
                .map(|(line, values)| (*line, values[i].clone()))
                .collect(),
        })
        .collect()
}

/// Settles the disagreeing rows of each of `incoming` against `stored`, the annotations of its
/// document in the corpus (see the module's description): those settled go on with the edit
/// taken, said in `report.rows_settled`; the others are reported as not placed, naming `source`
/// (the file), and left out.
pub(super) fn settle(
    incoming: Vec<(usize, Incoming)>,
    stored: &[Annotation],
    source: &Path,
    report: &mut Report,
) -> Vec<(usize, Incoming)> {
    let mut kept = Vec::with_capacity(incoming.len());
    for (at, mut inc) in incoming {
        if inc.disagreements.is_empty() {
            kept.push((at, inc));
            continue;
        }
        let old = inc
            .id
            .as_deref()
            .and_then(|id| stored.iter().find(|a| a.id == id));
        match settle_one(&mut inc, old) {
            Ok(taken) => {
                report
                    .rows_settled
                    .push(format!("{}: {}", describe(&inc), taken.join("; ")));
                kept.push((at, inc));
            }
            Err(why) => report.not_placed.push(format!(
                "{}: in {}, {why}: give every row of it the value you mean (or only one row a \
                 new value), then import again; nothing of it was imported",
                describe(&inc),
                source.display()
            )),
        }
    }
    kept
}

/// Takes the one edit of each disagreement of `inc` against `old`; what it took, or why it
/// cannot tell which row is the edit.
fn settle_one(inc: &mut Incoming, old: Option<&Annotation>) -> Result<Vec<String>, String> {
    let quoted = |d: &Disagreement| {
        d.rows
            .iter()
            .map(|(line, v)| format!("“{v}” on line {line}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(old) = old else {
        let d = &inc.disagreements[0];
        return Err(format!(
            "its rows give different {}: {}, and the corpus has no annotation of its id to tell \
             which is the edit",
            d.column.name(),
            quoted(d)
        ));
    };
    let mut taken = Vec::new();
    for d in std::mem::take(&mut inc.disagreements) {
        let held = d.column.stored(old);
        let new: Vec<&(usize, String)> = d.rows.iter().filter(|(_, v)| *v != held).collect();
        let all_same = new.iter().all(|(_, v)| *v == new[0].1);
        match new.first() {
            Some((_, value)) if all_same => {
                let lines: Vec<String> = d
                    .rows
                    .iter()
                    .filter(|(_, v)| v == value)
                    .map(|(line, _)| line.to_string())
                    .collect();
                if d.column.is_record() {
                    taken.push(format!(
                        "{} “{value}” on line {} not taken: an edit in the file does not change \
                         who made an annotation or when; it keeps “{held}”",
                        d.column.name(),
                        lines.join(", ")
                    ));
                    d.column.apply(inc, &held);
                    continue;
                }
                taken.push(format!(
                    "{} “{value}” from line {}, the other rows holding the annotation's “{held}”",
                    d.column.name(),
                    lines.join(", ")
                ));
                d.column.apply(inc, value);
            }
            _ => {
                return Err(format!(
                    "its rows give different {}: {}, and the annotation holds “{held}”",
                    d.column.name(),
                    quoted(&d)
                ));
            }
        }
    }
    Ok(taken)
}
