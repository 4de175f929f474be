//! Cross tables of a corpus's annotations: rows and columns chosen among tag groups, fields and
//! document metadata, each cell the number of annotations (or documents) with that row's value
//! and that column's, as a study crossing claim types with source authority needs.
//!
//! An annotation may have several values on one dimension (two tags of a group): it then counts
//! once in each of their rows, so that no coding is left out, and the totals count it once, so
//! that a total may be less than the sum of its cells. One with no value counts under
//! [`NONE`]. Source and cue spans are not counted: they name a claim's speaker, which is its
//! `speaker` field or else their quotes ([`attribution::speakers`]). With [`Count::Documents`], a cell is the number of documents with at least one
//! annotation in it, a document without annotations counting under [`NONE`] for tag groups
//! and fields.
//!
//! Whose annotations count is the caller's choice (`shown`): the reader counts what it shows
//! (blind coding, `:coders`), `gloss table` the coders of `--coders`, else every coder's, so
//! that a claim coded by two coders and a judge then counts three times.

pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use crate::core::annotation::Annotation;
use crate::core::attribution::{self, SPEAKER_FIELD, SourceSpans};
use crate::core::corpus::Corpus;
use crate::core::documents::metadata::Metadata;
use crate::core::tags::TagSet;

/// The row or column of an annotation without a value on a dimension: no tag of the group, no
/// value for the field, no date or source found in the document.
pub const NONE: &str = "(none)";

/// What the rows, columns or sub-tables of a table are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dimension {
    /// The tags of a group of the scheme, in the scheme's order.
    Group(String),
    /// The values of a field: a choice field's in its list's order, then any others found.
    Field(String),
    /// The year of the document's date (`YYYY`).
    Year,
    /// Where the document was published: the site of its source URL (`scmp.com`), else its
    /// source as written.
    Outlet,
    Author,
}

/// Names of the document metadata a dimension may be, for messages.
const METADATA: [&str; 3] = ["year", "outlet (or source)", "author"];

/// A name that is no tag group, field or document metadata of the scheme, with what the scheme
/// has, for a message that lists what to use instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{name:?} is no tag group, field or document metadata: use a tag group ({}), a field ({}) or \
     {}",
    listed(.groups),
    listed(.fields),
    METADATA.join(", ")
)]
pub struct UnknownDimension {
    pub name: String,
    /// The scheme's tag groups, in its order.
    pub groups: Vec<String>,
    /// The scheme's fields, in its order.
    pub fields: Vec<String>,
}

/// `names` joined by commas, or that the scheme has none.
fn listed(names: &[String]) -> String {
    if names.is_empty() {
        "none in the scheme".to_owned()
    } else {
        names.join(", ")
    }
}

impl Dimension {
    /// The dimension `name` stands for in `scheme`: a tag group, else a field, else document
    /// metadata (`year`, `outlet` or `source`, `author`). So `source` is the shipped scheme's
    /// group of that name, and `outlet` the document's source. The error lists what there is.
    pub fn parse(name: &str, scheme: &TagSet) -> Result<Dimension, UnknownDimension> {
        let name = name.trim();
        if !name.is_empty() && scheme.tags.iter().any(|t| t.group == name) {
            return Ok(Dimension::Group(name.to_owned()));
        }
        if scheme.field(name).is_some() {
            return Ok(Dimension::Field(name.to_owned()));
        }
        match name.to_lowercase().as_str() {
            "year" => Ok(Dimension::Year),
            "outlet" | "source" => Ok(Dimension::Outlet),
            "author" => Ok(Dimension::Author),
            _ => Err(UnknownDimension {
                name: name.to_owned(),
                groups: scheme.groups().into_iter().map(str::to_owned).collect(),
                fields: scheme.fields.iter().map(|f| f.name.clone()).collect(),
            }),
        }
    }

    /// Every dimension of `scheme`, in the order a screen cycles through them: its tag groups,
    /// its fields, then year, outlet and author.
    pub fn all(scheme: &TagSet) -> Vec<Dimension> {
        let groups = scheme
            .groups()
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|g| Dimension::Group(g.to_owned()));
        let fields = scheme
            .fields
            .iter()
            .map(|f| Dimension::Field(f.name.clone()));
        groups
            .chain(fields)
            .chain([Dimension::Year, Dimension::Outlet, Dimension::Author])
            .collect()
    }

    /// Its name, as a table's header gives it.
    pub fn name(&self) -> &str {
        match self {
            Dimension::Group(name) | Dimension::Field(name) => name,
            Dimension::Year => "year",
            Dimension::Outlet => "outlet",
            Dimension::Author => "author",
        }
    }

    /// The values `annotation` (of the document described by `meta`; `None` for a document
    /// without annotations) has on this dimension, each once; [`NONE`] when it has none. Its
    /// speakers are [`attribution::speakers`], found among `spans`.
    fn values(
        &self,
        annotation: Option<&Annotation>,
        meta: &Metadata,
        scheme: &TagSet,
        spans: &SourceSpans,
    ) -> Vec<String> {
        let found: Vec<String> = match self {
            Dimension::Group(group) => annotation.map_or_else(Vec::new, |a| {
                let mut tags: Vec<&String> = a
                    .tags
                    .iter()
                    .filter(|t| scheme.by_name(t).is_some_and(|tag| tag.group == *group))
                    .collect();
                tags.dedup();
                tags.into_iter().cloned().collect()
            }),
            Dimension::Field(name) if name == SPEAKER_FIELD => annotation
                .map_or_else(Vec::new, |a| spans.speakers(a))
                .into_iter()
                .map(str::to_owned)
                .collect(),
            Dimension::Field(name) => annotation
                .and_then(|a| a.fields.get(name))
                .into_iter()
                .cloned()
                .collect(),
            Dimension::Year => year(meta.date.as_deref()).into_iter().collect(),
            Dimension::Outlet => meta.source.as_deref().map(outlet).into_iter().collect(),
            Dimension::Author => meta.author.iter().cloned().collect(),
        };
        if found.is_empty() {
            vec![NONE.to_owned()]
        } else {
            found
        }
    }

    /// The values the scheme gives this dimension, in its order, so that a table shows them
    /// even where nothing is counted.
    fn scheme_values(&self, scheme: &TagSet) -> Vec<String> {
        match self {
            Dimension::Group(group) => scheme
                .tags
                .iter()
                .filter(|t| t.group == *group)
                .map(|t| t.name.clone())
                .collect(),
            Dimension::Field(name) => scheme
                .field(name)
                .map_or_else(Vec::new, |f| f.values.clone()),
            Dimension::Year | Dimension::Outlet | Dimension::Author => Vec::new(),
        }
    }

    /// Every value of the dimension for a table: the scheme's in its order, then the others
    /// found, in order of their text, [`NONE`] last.
    fn ordered(&self, scheme: &TagSet, found: &BTreeSet<String>) -> Vec<String> {
        let mut values = self.scheme_values(scheme);
        let others: Vec<String> = found
            .iter()
            .filter(|v| *v != NONE && !values.contains(v))
            .cloned()
            .collect();
        values.extend(others);
        if found.contains(NONE) {
            values.push(NONE.to_owned());
        }
        values
    }
}

/// The year of a date as metadata gives it: the first four digits of an ISO date.
fn year(date: Option<&str>) -> Option<String> {
    let year = date?.get(..4)?;
    year.chars()
        .all(|c| c.is_ascii_digit())
        .then(|| year.to_owned())
}

/// The site of a source URL without `www.`, or the source as written.
fn outlet(source: &str) -> String {
    let source = source.trim();
    let Some(rest) = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
    else {
        return source.to_owned();
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_lowercase()
}

/// What a cell counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Count {
    #[default]
    Annotations,
    Documents,
}

/// What to tabulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub rows: Dimension,
    pub cols: Dimension,
    /// One table per value of this dimension, as well.
    pub by: Option<Dimension>,
    pub count: Count,
}

/// One cross table: `cells[r][c]` counts what has `rows[r]` and `cols[c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The value of the `by` dimension this table is for; `None` without one.
    pub by: Option<String>,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<usize>>,
    /// What has each row's value, counted once however many columns it is in.
    pub row_totals: Vec<usize>,
    pub col_totals: Vec<usize>,
    /// Everything counted, once each.
    pub total: usize,
}

/// The claims a table counts, and the source spans that name their speakers: the annotations
/// `shown` accepts, but for source and cue spans ([`attribution::is_span`]), which are part of
/// a claim rather than codings of their own.
fn counted<'a>(
    corpus: &'a Corpus,
    shown: &'a dyn Fn(&Annotation) -> bool,
) -> (impl Fn(&Annotation) -> bool + 'a, SourceSpans<'a>) {
    let spans = SourceSpans::of(
        (corpus.entries.iter())
            .flat_map(|e| e.annotations.iter())
            .filter(|a| shown(a)),
    );
    (
        move |a: &Annotation| shown(a) && !attribution::is_span(a),
        spans,
    )
}

/// The tables asked for, over the annotations of `corpus` that `shown` accepts (orphans
/// included: they are codings still; source and cue spans left out: they only name a claim's
/// speaker), one per value of `by` in its order (one table with `by: None` without it). A
/// document none of whose annotations is counted counts as one without annotations.
pub fn tabulate(
    corpus: &Corpus,
    request: &Request,
    shown: &dyn Fn(&Annotation) -> bool,
) -> Vec<Table> {
    let scheme = &corpus.tags;
    let (shown, spans) = counted(corpus, shown);
    // Each counted thing (an annotation, or a document) as the (row, column, by) cells it is in.
    let mut items: Vec<BTreeSet<Cell>> = Vec::new();
    for entry in &corpus.entries {
        let mut annotations = entry.annotations.iter().filter(|a| shown(a)).peekable();
        match request.count {
            Count::Annotations => items.extend(
                annotations.map(|a| cells_of(request, scheme, &spans, &entry.meta, Some(a))),
            ),
            // A document is in the cells its annotations are in.
            Count::Documents if annotations.peek().is_none() => {
                items.push(cells_of(request, scheme, &spans, &entry.meta, None))
            }
            Count::Documents => items.push(
                annotations
                    .flat_map(|a| cells_of(request, scheme, &spans, &entry.meta, Some(a)))
                    .collect(),
            ),
        }
    }
    let mut found: [BTreeSet<String>; 3] = Default::default();
    let mut counts: BTreeMap<&Cell, usize> = BTreeMap::new();
    for cell in items.iter().flatten() {
        found[0].insert(cell.0.clone());
        found[1].insert(cell.1.clone());
        found[2].insert(cell.2.clone());
        *counts.entry(cell).or_default() += 1;
    }
    let bys: Vec<Option<String>> = match &request.by {
        Some(by) => by
            .ordered(scheme, &found[0])
            .into_iter()
            .map(Some)
            .collect(),
        None => vec![None],
    };
    let rows = request.rows.ordered(scheme, &found[1]);
    let cols = request.cols.ordered(scheme, &found[2]);
    bys.into_iter()
        .map(|by| {
            let b = by.clone().unwrap_or_default();
            // How many items are in at least one cell that `keep` accepts.
            let count = |keep: &dyn Fn(&Cell) -> bool| {
                items
                    .iter()
                    .filter(|cells| cells.iter().any(|cell| cell.0 == b && keep(cell)))
                    .count()
            };
            Table {
                cells: rows
                    .iter()
                    .map(|r| {
                        cols.iter()
                            .map(|c| {
                                let cell = (b.clone(), r.clone(), c.clone());
                                counts.get(&cell).copied().unwrap_or(0)
                            })
                            .collect()
                    })
                    .collect(),
                row_totals: rows.iter().map(|r| count(&|cell| cell.1 == *r)).collect(),
                col_totals: cols.iter().map(|c| count(&|cell| cell.2 == *c)).collect(),
                total: count(&|_| true),
                by,
                rows: rows.clone(),
                cols: cols.clone(),
            }
        })
        .collect()
}

/// The annotations counted in the cell of row value `row` and column value `col` of the table
/// for `by` (`None` without a `by` dimension), as (entry index in the corpus, annotation index
/// in the entry), in corpus order: what the cell's count counts, or with [`Count::Documents`]
/// the annotations that put their documents there. Found with the same cells as
/// [`tabulate`] and the same `shown`, so that a cell lists exactly what it counts.
pub fn members(
    corpus: &Corpus,
    request: &Request,
    shown: &dyn Fn(&Annotation) -> bool,
    by: Option<&str>,
    row: &str,
    col: &str,
) -> Vec<(usize, usize)> {
    let cell: Cell = (
        by.unwrap_or_default().to_owned(),
        row.to_owned(),
        col.to_owned(),
    );
    let (shown, spans) = counted(corpus, shown);
    let mut out = Vec::new();
    for (e, entry) in corpus.entries.iter().enumerate() {
        for (i, a) in entry.annotations.iter().enumerate() {
            if shown(a)
                && cells_of(request, &corpus.tags, &spans, &entry.meta, Some(a)).contains(&cell)
            {
                out.push((e, i));
            }
        }
    }
    out
}

/// The cells `annotation` (of the document described by `meta`; `None` for a document without
/// annotations) is in.
fn cells_of(
    request: &Request,
    scheme: &TagSet,
    spans: &SourceSpans,
    meta: &Metadata,
    annotation: Option<&Annotation>,
) -> BTreeSet<Cell> {
    let rows = request.rows.values(annotation, meta, scheme, spans);
    let cols = request.cols.values(annotation, meta, scheme, spans);
    let bys = match &request.by {
        Some(by) => by.values(annotation, meta, scheme, spans),
        None => vec![String::new()],
    };
    let mut cells = BTreeSet::new();
    for r in &rows {
        for c in &cols {
            for b in &bys {
                cells.insert((b.clone(), r.clone(), c.clone()));
            }
        }
    }
    cells
}

/// A cell an item is counted in: the values of `by` (empty without it), of the row and of the
/// column.
type Cell = (String, String, String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_are_sites_and_years_iso_dates_first_digits() {
        assert_eq!(
            outlet("http://www.Carnegieendowment.org/2013/09/20/x?y#z"),
            "carnegieendowment.org"
        );
        assert_eq!(outlet(" Global Times "), "Global Times");
        assert_eq!(year(Some("2017-03-02")).as_deref(), Some("2017"));
        assert_eq!(year(Some("March 2017")), None);
        assert_eq!(year(None), None);
    }

    #[test]
    fn names_are_groups_then_fields_then_metadata() {
        let scheme = TagSet::parse(
            crate::core::corpus::DEFAULT_TAGS,
            std::path::Path::new("tags.toml"),
        )
        .unwrap();
        let parse = |name| Dimension::parse(name, &scheme);
        assert_eq!(parse("source"), Ok(Dimension::Group("source".into())));
        assert_eq!(parse("role"), Ok(Dimension::Field("role".into())));
        assert_eq!(parse("outlet"), Ok(Dimension::Outlet));
        assert_eq!(parse("Year"), Ok(Dimension::Year));
        assert!(parse("").is_err());
    }
}
