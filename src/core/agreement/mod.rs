//! Agreement between coders who coded the same documents independently: `gloss agree`.
//!
//! Three views of the same annotations, each reported per tag, per group and over all tags:
//!
//! * **Sentences as units** ([`sentence_units`]): the unit a coder actually chooses from in gloss.
//!   A sentence carries a tag for a coder when the coder's annotations with that tag, together,
//!   cover more than half of its code points. Cohen's κ for two coders, Fleiss' κ for more, and
//!   Krippendorff's nominal α for any number ([`coefficients`]). A group's tags are taken to
//!   exclude each other (a claim is of one type): a sentence's value for the group is the group's
//!   tag that covers most of it (more than half; on a tie the first in the scheme), or "none".
//! * **Spans on the text itself**: Krippendorff's unitizing uα and cuα over each document's
//!   continuum of code points ([`unitizing`]); per tag with the tag's units against gaps, per
//!   group with the group's tags as categories.
//! * **Span matches** between two coders: precision, recall and F1, exact and overlapping
//!   ([`spans`]).
//!
//! A coder coded a document when they have at least one annotation in it, with any tag; a
//! document only counts for the coders who coded it, and only when at least two did. The
//! [`Scope`] chooses the rows, never the annotations read: a coder who coded a document but not
//! with a tag said "not this tag" on all of it, so `docs` must carry every annotation. What cannot be computed is said
//! ([`Undefined`]) rather than shown as a number.

pub mod coefficients;
pub mod render;
pub mod sentence_units;
pub mod spans;
pub mod unitizing;

use std::collections::BTreeSet;

use crate::core::annotation::Annotation;
use crate::core::tags::TagSet;

use coefficients::Reliability;
use unitizing::{Continuum, Unit};

/// A figure, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Value(f64),
    Undefined(Undefined),
}

/// Why a figure cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No unit (sentence, code point) was coded by two of the coders.
    NothingToPair,
    /// Only one unit had values to pair: too few to tell agreement from chance.
    SingleUnit,
    /// Nobody used the tag (or any tag of the group) in these documents.
    TagUnused,
    /// One of the two coders marked no span, so one ratio has nothing to divide by.
    NoSpans,
}

impl Undefined {
    pub fn meaning(self) -> &'static str {
        match self {
            Undefined::NothingToPair => {
                "no unit was coded by two of the coders: there is nothing to compare"
            }
            Undefined::SingleUnit => "only one unit: too few to tell agreement from chance",
            Undefined::TagUnused => {
                "nobody used this tag (for a group: any of its tags) in these documents"
            }
            Undefined::NoSpans => {
                "one of the two coders marked no span here: the ratio has nothing to divide by"
            }
        }
    }
}

/// What a row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Tag(String),
    Group(String),
    /// Every tag in scope, pooled: each (sentence, tag) or (document, tag) a unit of its own.
    AllTags,
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Tag(t) => write!(f, "tag {t}"),
            Subject::Group(g) => write!(f, "group {g}"),
            Subject::AllTags => f.write_str("all tags"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    CohenKappa,
    FleissKappa,
    Alpha,
    UAlpha,
    CuAlpha,
    Precision { exact: bool },
    Recall { exact: bool },
    F1 { exact: bool },
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::CohenKappa => "Cohen's kappa",
            Measure::FleissKappa => "Fleiss' kappa",
            Measure::Alpha => "alpha",
            Measure::UAlpha => "u-alpha",
            Measure::CuAlpha => "cu-alpha",
            Measure::Precision { exact: true } => "precision exact",
            Measure::Recall { exact: true } => "recall exact",
            Measure::F1 { exact: true } => "F1 exact",
            Measure::Precision { exact: false } => "precision overlap",
            Measure::Recall { exact: false } => "recall overlap",
            Measure::F1 { exact: false } => "F1 overlap",
        }
    }

    /// What [`Row::units`] counts for this measure.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::CohenKappa | Measure::FleissKappa | Measure::Alpha => "sentences",
            Measure::UAlpha | Measure::CuAlpha => "code points",
            _ => "spans",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub subject: Subject,
    pub measure: Measure,
    pub figure: Figure,
    /// How many units the figure rests on, counted as [`Row::unit`] says: sentences two coders
    /// or more coded (κ: for Cohen's, both of its coders), code points of the documents two
    /// coders or more coded (uα) or code points two coders put in a unit (cuα), spans of both
    /// coders (P/R/F1). The pooled rows count each unit once per tag.
    pub units: usize,
    /// The coders compared: all of them, or the two of a pairwise measure (reference first).
    pub coders: Vec<String>,
}

impl Row {
    /// What [`Row::units`] counts: the measure's unit, or for the pooled rows that unit paired
    /// with each tag.
    pub fn unit(&self) -> &'static str {
        match (&self.subject, self.measure.unit()) {
            (Subject::AllTags, "sentences") => "sentence-tag pairs",
            (Subject::AllTags, "code points") => "code point-tag pairs",
            (_, unit) => unit,
        }
    }
}

/// The whole answer of `gloss agree`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub coders: Vec<String>,
    /// Documents coded by at least two of the coders.
    pub documents: usize,
    /// What was left out or cannot be computed at all, and why, one sentence each.
    pub notes: Vec<String>,
    pub rows: Vec<Row>,
}

/// One document with its annotations (of every coder).
#[derive(Debug, Clone, Copy)]
pub struct Coded<'a> {
    /// Canonical text, which the annotations' offsets count in code points.
    pub text: &'a str,
    pub annotations: &'a [Annotation],
}

/// Which coders and tags to compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Empty: everyone who annotated in these documents.
    pub coders: Vec<String>,
    pub scope: Scope,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every tag of the scheme (and any other tag in use), every group of two tags or more.
    #[default]
    Everything,
    Tags(Vec<String>),
    /// The tags of one group, and the group.
    Group(String),
}

/// Agreement of the coders in `request` on `docs`.
pub fn agree(docs: &[Coded<'_>], scheme: &TagSet, request: &Request) -> Report {
    let annotators = annotators(docs.iter().flat_map(|d| d.annotations), request);
    let (report, coders) = match compared(&annotators, request) {
        Ok(compared) => compared,
        Err(report) => return report,
    };
    let (tags, groups) = subjects(docs, scheme, &request.scope);
    agree_with(docs, coders, tags, groups, report)
}

/// Who made `annotations`, as coders to compare for `request`: an adjudicator, whose
/// annotations are all final coding ([`Annotation::final_coding`]), is no coder unless
/// `request` names them.
pub fn annotators<'a>(
    annotations: impl IntoIterator<Item = &'a Annotation>,
    request: &Request,
) -> BTreeSet<&'a str> {
    annotations
        .into_iter()
        .filter(|a| !a.final_coding || request.coders.contains(&a.annotator))
        .map(|a| a.annotator.as_str())
        .collect()
}

/// The coders of `request` to compare, of those who made an annotation (`annotators`), with a
/// report noting who is left out; or, when fewer than two are left, the whole report, which
/// needs no text.
pub fn compared(
    annotators: &BTreeSet<&str>,
    request: &Request,
) -> Result<(Report, Vec<String>), Report> {
    let mut report = Report::default();
    let mut coders: Vec<String> = if request.coders.is_empty() {
        annotators.iter().map(|a| (*a).to_owned()).collect()
    } else {
        request.coders.clone()
    };
    coders.retain(|c| {
        let coded = annotators.contains(c.as_str());
        if !coded {
            report.notes.push(format!(
                "{} has no annotation in these documents: left out",
                shown(c)
            ));
        }
        coded
    });
    report.coders = coders.clone();
    match coders.len() {
        0 => {
            report.notes.push(
                "nobody coded anything in these documents: there is nothing to compare".into(),
            );
            return Err(report);
        }
        1 => {
            report.notes.push(format!(
                "only {} coded anything in these documents: agreement needs two coders",
                shown(&coders[0])
            ));
            return Err(report);
        }
        _ => {}
    }
    Ok((report, coders))
}

/// [`agree`] once the coders to compare are known.
fn agree_with(
    docs: &[Coded<'_>],
    coders: Vec<String>,
    tags: Vec<String>,
    groups: Vec<(String, Vec<String>)>,
    mut report: Report,
) -> Report {
    let prepared = sentence_units::prepare(docs, &coders);
    report.documents = prepared.len();
    if prepared.is_empty() {
        report.notes.push(format!(
            "the coders ({}) share no document: no document was coded by two of them",
            coders
                .iter()
                .map(|c| shown(c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return report;
    }
    if coders.len() != 2 {
        report.notes.push(
            "span precision, recall and F1 compare two coders: choose two with --coders".into(),
        );
    }
    let used: BTreeSet<&str> = prepared.iter().flat_map(|p| p.tags_used()).collect();
    let mut pooled_sentences = Reliability::new(coders.len());
    let mut pooled_continua = Vec::new();
    let mut pooled_spans = vec![Vec::new(); coders.len()];
    for tag in &tags {
        let subject = Subject::Tag(tag.clone());
        if !used.contains(tag.as_str()) {
            report.rows.extend(unused(subject, &coders));
            continue;
        }
        let group = [tag.as_str()];
        let data = sentence_units::reliability(&prepared, &group);
        pooled_sentences.cells.extend_from_slice(&data.cells);
        coding_rows(&mut report.rows, &subject, &data, &coders);
        let continua = continua(&prepared, &group);
        unitizing_rows(&mut report.rows, &subject, &continua, 1, false, &coders);
        pooled_continua.extend(continua);
        let spans = sentence_units::spans(&prepared, tag, tags_index(&tags, tag));
        for (all, these) in pooled_spans.iter_mut().zip(&spans) {
            all.extend_from_slice(these);
        }
        span_rows(&mut report.rows, &subject, &spans, &coders);
    }
    for (name, members) in &groups {
        let subject = Subject::Group(name.clone());
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        if !members.iter().any(|t| used.contains(t)) {
            report.rows.extend(unused(subject, &coders));
            continue;
        }
        let data = sentence_units::reliability(&prepared, &members);
        coding_rows(&mut report.rows, &subject, &data, &coders);
        let continua = continua(&prepared, &members);
        unitizing_rows(
            &mut report.rows,
            &subject,
            &continua,
            members.len(),
            true,
            &coders,
        );
    }
    if tags.len() > 1 {
        let subject = Subject::AllTags;
        if used.is_empty() {
            report.rows.extend(unused(subject, &coders));
        } else {
            coding_rows(&mut report.rows, &subject, &pooled_sentences, &coders);
            unitizing_rows(
                &mut report.rows,
                &subject,
                &pooled_continua,
                1,
                false,
                &coders,
            );
            span_rows(&mut report.rows, &subject, &pooled_spans, &coders);
        }
    }
    report
}

/// A coder's name as printed: an annotation without one was made before names were recorded.
pub fn shown(coder: &str) -> &str {
    if coder.is_empty() { "(no name)" } else { coder }
}

fn tags_index(tags: &[String], tag: &str) -> u32 {
    tags.iter().position(|t| t == tag).unwrap_or(0) as u32
}

/// The tags and groups `scope` asks for, in the scheme's order (tags in use that the scheme
/// lacks after it).
fn subjects(
    docs: &[Coded<'_>],
    scheme: &TagSet,
    scope: &Scope,
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut all: Vec<String> = scheme.tags.iter().map(|t| t.name.clone()).collect();
    for a in docs.iter().flat_map(|d| d.annotations) {
        for t in &a.tags {
            if !all.contains(t) {
                all.push(t.clone());
            }
        }
    }
    let group_of = |name: &str| -> Vec<String> {
        scheme
            .tags
            .iter()
            .filter(|t| t.group == name)
            .map(|t| t.name.clone())
            .collect()
    };
    match scope {
        Scope::Everything => {
            let mut groups: Vec<(String, Vec<String>)> = Vec::new();
            for t in &scheme.tags {
                if !t.group.is_empty() && !groups.iter().any(|(g, _)| *g == t.group) {
                    groups.push((t.group.clone(), group_of(&t.group)));
                }
            }
            groups.retain(|(_, members)| members.len() > 1);
            (all, groups)
        }
        Scope::Tags(tags) => (tags.clone(), Vec::new()),
        Scope::Group(name) => {
            let members = group_of(name);
            (members.clone(), vec![(name.clone(), members)])
        }
    }
}

fn unused(subject: Subject, coders: &[String]) -> Vec<Row> {
    vec![Row {
        subject,
        measure: Measure::Alpha,
        figure: Figure::Undefined(Undefined::TagUnused),
        units: 0,
        coders: coders.to_vec(),
    }]
}

/// κ (Cohen's for two coders, Fleiss' for more) and α on sentence data.
fn coding_rows(rows: &mut Vec<Row>, subject: &Subject, data: &Reliability, coders: &[String]) {
    let (kappa, kappa_units, measure) = if coders.len() == 2 {
        let (k, n) = coefficients::cohen_kappa(data, 0, 1);
        (k, n, Measure::CohenKappa)
    } else {
        let (k, n) = coefficients::fleiss_kappa(data);
        (k, n, Measure::FleissKappa)
    };
    let (alpha, alpha_units) = coefficients::krippendorff_alpha(data);
    for (measure, figure, units) in [
        (measure, kappa, kappa_units),
        (Measure::Alpha, alpha, alpha_units),
    ] {
        rows.push(Row {
            subject: subject.clone(),
            measure,
            figure: single_unit(figure, units),
            units,
            coders: coders.to_vec(),
        });
    }
}

/// One unit can only agree or not: no figure from it.
fn single_unit(figure: Figure, units: usize) -> Figure {
    if units == 1 {
        Figure::Undefined(Undefined::SingleUnit)
    } else {
        figure
    }
}

fn continua(prepared: &[sentence_units::Prepared], tags: &[&str]) -> Vec<Continuum> {
    prepared
        .iter()
        .map(|p| Continuum {
            length: p.length,
            coders: p
                .coders
                .iter()
                .map(|own| {
                    own.as_ref().map(|spans| {
                        spans
                            .iter()
                            .filter_map(|s| {
                                let category = tags.iter().position(|t| *t == s.tag)?;
                                Some(Unit {
                                    start: s.start,
                                    end: s.end,
                                    category: category as u32,
                                })
                            })
                            .collect()
                    })
                })
                .collect(),
        })
        .collect()
}

fn unitizing_rows(
    rows: &mut Vec<Row>,
    subject: &Subject,
    continua: &[Continuum],
    categories: usize,
    with_cu: bool,
    coders: &[String],
) {
    let (u, points) = unitizing::u_alpha(continua, categories);
    rows.push(Row {
        subject: subject.clone(),
        measure: Measure::UAlpha,
        figure: u,
        units: points,
        coders: coders.to_vec(),
    });
    if with_cu {
        let (cu, points) = unitizing::cu_alpha(continua);
        rows.push(Row {
            subject: subject.clone(),
            measure: Measure::CuAlpha,
            figure: cu,
            units: points,
            coders: coders.to_vec(),
        });
    }
}

fn span_rows(
    rows: &mut Vec<Row>,
    subject: &Subject,
    spans: &[Vec<spans::Span>],
    coders: &[String],
) {
    if coders.len() != 2 {
        return;
    }
    let (exact, overlap) = spans::scores(&spans[0], &spans[1]);
    for (scores, exact) in [(exact, true), (overlap, false)] {
        let units = scores.spans.0 + scores.spans.1;
        for (measure, figure) in [
            (Measure::Precision { exact }, scores.precision.clone()),
            (Measure::Recall { exact }, scores.recall.clone()),
            (Measure::F1 { exact }, scores.f1.clone()),
        ] {
            rows.push(Row {
                subject: subject.clone(),
                measure,
                figure,
                units,
                coders: coders.to_vec(),
            });
        }
    }
}
