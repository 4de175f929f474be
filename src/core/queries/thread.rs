//! A claim thread: from one annotation, every annotation linked to it, transitively and in
//! either direction, across the corpus; the accusation and all its denials, each with who says
//! it, how authoritative the source is and when it was published, in date order.
//!
//! Attribution links (`source of`, `cue of`: the span naming a claim's speaker and its reporting
//! verb, see [`crate::core::attribution`]) are not steps of a thread: they make a claim's
//! speaker. Two claims of one speaker are not one thread for that, so a thread asked from such
//! a span is the thread of the first claim it attributes. The reader's view and the md report
//! both read threads from here.

use std::collections::{HashSet, VecDeque};

use crate::core::annotation::Annotation;
use crate::core::attribution;
use crate::core::corpus::Corpus;
use crate::core::links::{LinkIndex, Place};
use crate::core::tags::TagSet;

// Where the thread's callers have found them.
pub use crate::core::attribution::{CUE_OF, SOURCE_OF, SPEAKER_FIELD, attributes};

/// The tag group whose tags say how authoritative a claim's source is.
pub const AUTHORITY_GROUP: &str = "source";

/// One document as a thread reads it: the annotations the [`LinkIndex`] was built from, with
/// the document's title and date ([`crate::core::documents::metadata::Metadata`]).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub title: &'a str,
    /// ISO `YYYY-MM-DD` when the date could be read, else the text as written.
    pub date: Option<&'a str>,
    pub annotations: &'a [Annotation],
}

/// Which way the link that brought a row into the thread goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The row's annotation holds the link: it `denies` the other one.
    Out,
    /// The other annotation holds a link to the row's: the other `denies` it.
    In,
}

/// The link by which a row was first reached (a shortest way from where the thread started).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    /// The link type's name.
    pub kind: String,
    pub direction: Direction,
    /// The id of the annotation at the link's other end, a row of the same thread.
    pub other: String,
}

impl Via {
    /// How the link reads from the row it brought in, the other end named by `other` (its
    /// number in a list): "denies 3" for a link the row holds, "3 denies it" for one into it.
    pub fn said(&self, other: &str) -> String {
        match self.direction {
            Direction::Out => format!("{} {other}", self.kind),
            Direction::In => format!("{other} {} it", self.kind),
        }
    }
}

/// One annotation of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub place: Place,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    /// Its [`attribution::speakers`] joined by "; ", `None` when it has none.
    pub speaker: Option<String>,
    pub tags: Vec<String>,
    /// Those of its tags that are of the `source` group.
    pub authority: Vec<String>,
    pub quote: String,
    /// Code points from the start of its document's text; `end` exclusive.
    pub start: usize,
    pub end: usize,
    /// `None` for where the thread started.
    pub via: Option<Via>,
}

/// The thread of the annotation `id`: the rows in date order (undated documents last, a date
/// that could not be read after those that could, then document order and position in the
/// text). Empty when no annotation has that id. Links to annotations that are gone are passed
/// over; each annotation comes once, however many ways lead to it, so cycles end.
///
/// `sources` are the documents `index` was built from, by [`Place::document`]; `scheme` says
/// which tags are of the `source` group. Cost: a
/// breadth-first walk over the thread's annotations and their links (a hash look-up each),
/// then a sort of the rows; building the index, once for any number of threads, is the pass
/// over the corpus.
pub fn thread(sources: &[Source], index: &LinkIndex, scheme: &TagSet, id: &str) -> Vec<Row> {
    shown_thread(sources, index, scheme, id, &|_| true)
}

/// [`thread`] as a coder sees the corpus: only the annotations `shows` (blind coding and the
/// coders chosen hide the others). The walk does not go through hidden annotations, nor does a
/// hidden span name a speaker, so that a thread tells nothing of what the coder does not see;
/// empty when the annotation `id` is hidden.
pub fn shown_thread(
    sources: &[Source],
    index: &LinkIndex,
    scheme: &TagSet,
    id: &str,
    shows: &dyn Fn(&Annotation) -> bool,
) -> Vec<Row> {
    let annotation = |p: Place| &sources[p.document].annotations[p.annotation];
    let shown = |p: &Place| shows(annotation(*p));
    let Some(start) = index.place(id).filter(shown) else {
        return Vec::new();
    };
    // A span attributing claims stands for the first of them.
    let start = annotation(start)
        .links
        .iter()
        .filter(|l| attributes(&l.kind))
        .filter_map(|l| index.place(&l.to))
        .find(shown)
        .unwrap_or(start);
    // By document and annotation index.
    let mut seen: HashSet<(usize, usize)> = HashSet::from([(start.document, start.annotation)]);
    let mut queue: VecDeque<(Place, Option<Via>)> = VecDeque::from([(start, None)]);
    let mut rows = Vec::new();
    while let Some((place, via)) = queue.pop_front() {
        let a = annotation(place);
        let outgoing = a
            .links
            .iter()
            .filter(|l| !attributes(&l.kind))
            .filter_map(|l| Some((index.place(&l.to)?, &l.kind, Direction::In)));
        let incoming = index
            .inbound(&a.id)
            .iter()
            .filter(|i| !attributes(&i.kind))
            .map(|i| (i.place, &i.kind, Direction::Out));
        // The direction is the reached annotation's: a link this one holds comes into it.
        for (next, kind, direction) in outgoing.chain(incoming) {
            if shown(&next) && seen.insert((next.document, next.annotation)) {
                let via = Via {
                    kind: kind.clone(),
                    direction,
                    other: a.id.clone(),
                };
                queue.push_back((next, Some(via)));
            }
        }
        rows.push(row(sources, index, scheme, place, via, shows));
    }
    rows.sort_by(by_date);
    rows
}

/// Every thread of two annotations or more (see [`thread`]), each in date order, the threads in
/// the order of their first rows: what the md report lists, as the reader's view shows each.
/// Each annotation is in one thread at most; a source or cue span, linked to claims only by
/// attribution links, is in none, nor is a claim linked only to annotations that are gone.
/// Cost: a look at each annotation's links, then one walk per thread.
pub fn threads(sources: &[Source], index: &LinkIndex, scheme: &TagSet) -> Vec<Vec<Row>> {
    let mut done: HashSet<String> = HashSet::new();
    let mut found: Vec<Vec<Row>> = Vec::new();
    for a in sources.iter().flat_map(|s| s.annotations) {
        let linked = a
            .links
            .iter()
            .any(|l| !attributes(&l.kind) && index.place(&l.to).is_some())
            || index.inbound(&a.id).iter().any(|i| !attributes(&i.kind));
        if !linked || done.contains(&a.id) {
            continue;
        }
        let rows = thread(sources, index, scheme, &a.id);
        done.extend(rows.iter().map(|r| r.id.clone()));
        // A claim linked only to itself is no thread.
        if rows.len() > 1 {
            found.push(rows);
        }
    }
    found.sort_by(|a, b| by_date(&a[0], &b[0]));
    found
}

/// The order of a thread's rows: dated first (dates that were read before dates as written),
/// then by date, document and position in the text.
pub fn by_date(a: &Row, b: &Row) -> std::cmp::Ordering {
    date_key(a).cmp(&date_key(b))
}

/// See [`by_date`].
fn date_key(row: &Row) -> (bool, bool, Option<&str>, usize, usize) {
    let date = row.date.as_deref();
    (
        date.is_none(),
        !date.is_some_and(is_iso),
        date,
        row.place.document,
        row.start,
    )
}

/// Whether `date` is `YYYY-MM-DD`, as metadata writes a date it could read.
fn is_iso(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn row(
    sources: &[Source],
    index: &LinkIndex,
    scheme: &TagSet,
    place: Place,
    via: Option<Via>,
    shows: &dyn Fn(&Annotation) -> bool,
) -> Row {
    let source = &sources[place.document];
    let a = &source.annotations[place.annotation];
    let spans = index
        .inbound(&a.id)
        .iter()
        .filter(|i| i.kind == SOURCE_OF)
        .map(|i| &sources[i.place.document].annotations[i.place.annotation])
        .filter(|span| shows(span));
    let speakers = attribution::speakers(a, spans);
    let speaker = (!speakers.is_empty()).then(|| speakers.join("; "));
    Row {
        place,
        id: a.id.clone(),
        title: source.title.to_owned(),
        date: source.date.map(str::to_owned),
        speaker,
        tags: a.tags.clone(),
        authority: a
            .tags
            .iter()
            .filter(|t| {
                scheme
                    .by_name(t)
                    .is_some_and(|t| t.group == AUTHORITY_GROUP)
            })
            .cloned()
            .collect(),
        quote: a.quote.clone(),
        start: a.start,
        end: a.end,
        via,
    }
}

/// The documents of `corpus` as threads read them, by entry index, and the index of their
/// links: one pass over the corpus's annotations (see [`LinkIndex::build`]). Documents not read
/// yet have no annotations here.
pub fn of_corpus(corpus: &Corpus) -> (Vec<Source<'_>>, LinkIndex) {
    let sources = corpus
        .entries
        .iter()
        .map(|e| Source {
            title: &e.meta.title,
            date: e.meta.date.as_deref(),
            annotations: &e.annotations,
        })
        .collect();
    let index = LinkIndex::build(
        corpus
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, &*e.annotations)),
    );
    (sources, index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;
    use crate::core::documents::text::CharIndex;
    use crate::core::links::Link;

    const TEXT: &str =
        "The US accused China. Beijing denied it. A spokesman said so. Others agreed.";

    /// An annotation `id` on the words `quote` of [`TEXT`], with `tags` and links (type, to).
    fn ann(id: &str, quote: &str, tags: &[&str], links: &[(&str, &str)]) -> Annotation {
        let at = TEXT.find(quote).unwrap();
        let stamp = Stamp {
            annotator: "t".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| t.to_string()).collect();
        let mut a = Annotation::new(
            TEXT,
            &CharIndex::new(TEXT),
            at..at + quote.len(),
            tags,
            &stamp,
        );
        a.id = id.into();
        a.links = links.iter().map(|(k, to)| Link::new(*k, *to)).collect();
        a
    }

    fn scheme() -> TagSet {
        TagSet::parse(
            include_str!("../../../corpus/tags.toml"),
            std::path::Path::new("tags.toml"),
        )
        .unwrap()
    }

    /// Four documents: an accusation (2017), two denials of it (2014, undated) of which one is
    /// answered in turn, a claim said to be the same as the accusation (a date as written), a
    /// span naming the accusation's speaker, and a claim linked to nothing.
    fn corpus() -> Vec<(&'static str, Option<&'static str>, Vec<Annotation>)> {
        vec![
            (
                "Accusation",
                Some("2017-03-02"),
                vec![
                    ann("acc", "The US accused China.", &["accusation"], &[]),
                    ann("us", "The US", &[], &[(SOURCE_OF, "acc")]),
                    ann("lone", "Others agreed.", &["statistic"], &[]),
                ],
            ),
            (
                "Early denial",
                Some("2014-03-18"),
                vec![
                    ann(
                        "den1",
                        "Beijing denied it.",
                        &["denial", "authoritative"],
                        &[("denies", "acc"), ("denies", "gone")],
                    ),
                    ann("resp", "Others agreed.", &[], &[("responds to", "den1")]),
                ],
            ),
            (
                "Undated denial",
                None,
                vec![ann(
                    "den2",
                    "A spokesman said so.",
                    &["denial", "quasi-authoritative"],
                    // Both ways: a cycle.
                    &[("denies", "acc"), ("same claim as", "den1")],
                )],
            ),
            (
                "Same claim",
                Some("spring 2015"),
                vec![ann(
                    "same",
                    "The US accused China.",
                    &["accusation"],
                    &[("same claim as", "acc")],
                )],
            ),
        ]
    }

    /// Documents as [`corpus`] gives them: title, date, annotations.
    type Docs = [(&'static str, Option<&'static str>, Vec<Annotation>)];

    fn sources(docs: &Docs) -> Vec<Source<'_>> {
        (docs.iter())
            .map(|(title, date, annotations)| Source {
                title,
                date: *date,
                annotations,
            })
            .collect()
    }

    fn index(docs: &Docs) -> LinkIndex {
        LinkIndex::build(docs.iter().enumerate().map(|(i, d)| (i, d.2.as_slice())))
    }

    fn run(docs: &Docs, id: &str) -> Vec<Row> {
        thread(&sources(docs), &index(docs), &scheme(), id)
    }

    fn ids(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn every_claim_linked_either_way_comes_once_in_date_order() {
        let mut docs = corpus();
        docs[0].2[0]
            .fields
            .insert(SPEAKER_FIELD.into(), "a senator".into());
        let rows = run(&docs, "acc");
        // 2014, 2017, a date as written, undated; within a document by position.
        assert_eq!(ids(&rows), ["den1", "resp", "acc", "same", "den2"]);
        let den1 = &rows[0];
        assert_eq!(den1.title, "Early denial");
        assert_eq!(den1.date.as_deref(), Some("2014-03-18"));
        assert_eq!(den1.authority, ["authoritative"]);
        assert_eq!(den1.quote, "Beijing denied it.");
        assert_eq!(
            den1.via,
            Some(Via {
                kind: "denies".into(),
                direction: Direction::Out,
                other: "acc".into()
            })
        );
        // Two links away, reached through the denial it answers.
        assert_eq!(
            rows[1].via,
            Some(Via {
                kind: "responds to".into(),
                direction: Direction::Out,
                other: "den1".into()
            })
        );
        assert_eq!(rows[2].via, None, "where the thread started");
        assert_eq!(rows[2].speaker.as_deref(), Some("a senator"));
        assert_eq!(rows[4].authority, ["quasi-authoritative"]);
        assert_eq!(rows[4].speaker, None);
    }

    #[test]
    fn the_thread_is_the_same_from_any_of_its_claims_and_the_links_point_back() {
        let docs = corpus();
        let from_acc = run(&docs, "acc");
        let from_resp = run(&docs, "resp");
        assert_eq!(ids(&from_acc), ids(&from_resp));
        // From the response, the accusation is reached against the denial's link.
        let acc = from_resp.iter().find(|r| r.id == "acc").unwrap();
        assert_eq!(
            acc.via,
            Some(Via {
                kind: "denies".into(),
                direction: Direction::In,
                other: "den1".into()
            })
        );
    }

    #[test]
    fn hidden_annotations_are_neither_rows_nor_ways_nor_speakers() {
        let docs = corpus();
        let (sources, index) = (sources(&docs), index(&docs));
        let hiding = |hidden: &'static [&'static str]| {
            move |a: &Annotation| !hidden.contains(&a.id.as_str())
        };
        let rows = shown_thread(&sources, &index, &scheme(), "acc", &hiding(&["den1", "us"]));
        // The response is linked to the accusation only through the hidden denial.
        assert_eq!(ids(&rows), ["acc", "same", "den2"]);
        assert_eq!(rows[0].speaker, None, "the hidden span names no one");
        assert!(shown_thread(&sources, &index, &scheme(), "acc", &hiding(&["acc"])).is_empty());
        assert_eq!(
            ids(&shown_thread(
                &sources,
                &index,
                &scheme(),
                "acc",
                &hiding(&[])
            )),
            ids(&run(&docs, "acc"))
        );
    }

    #[test]
    fn a_source_span_names_the_speaker_and_stands_for_its_claim() {
        let docs = corpus();
        let rows = run(&docs, "acc");
        let acc = rows.iter().find(|r| r.id == "acc").unwrap();
        assert_eq!(acc.speaker.as_deref(), Some("The US"));
        assert!(!ids(&rows).contains(&"us"), "a source span is not a claim");
        let from_span = run(&docs, "us");
        assert_eq!(ids(&from_span), ids(&rows));
        assert!(
            from_span
                .iter()
                .find(|r| r.id == "acc")
                .unwrap()
                .via
                .is_none()
        );
    }

    #[test]
    fn one_span_source_of_two_claims_joins_them_in_no_thread() {
        let mut docs = corpus();
        // "The US" names the speaker of the accusation and of a claim linked to nothing.
        docs[0].2[1].links.push(Link::new(SOURCE_OF, "lone"));
        let lone = run(&docs, "lone");
        assert_eq!(ids(&lone), ["lone"]);
        assert_eq!(lone[0].speaker.as_deref(), Some("The US"));
        assert!(!ids(&run(&docs, "acc")).contains(&"lone"));
        // From the span: the thread of the first claim it attributes, starting once.
        let from_span = run(&docs, "us");
        assert_eq!(ids(&from_span), ids(&run(&docs, "acc")));
        assert_eq!(from_span.iter().filter(|r| r.via.is_none()).count(), 1);
        // The report's threads are the view's: the accusation's, and no other.
        let (sources, index) = (sources(&docs), index(&docs));
        let all = threads(&sources, &index, &scheme());
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0],
            run(&docs, "acc"),
            "walked from the first in document order"
        );
    }

    #[test]
    fn an_annotation_without_links_is_a_thread_of_one_and_an_unknown_id_none() {
        let docs = corpus();
        let rows = run(&docs, "lone");
        assert_eq!(ids(&rows), ["lone"]);
        assert_eq!(rows[0].authority, Vec::<String>::new());
        assert!(run(&docs, "gone").is_empty());
    }

    #[test]
    fn only_year_month_day_is_a_date_that_was_read() {
        assert!(is_iso("2014-03-18"));
        assert!(!is_iso("2014-3-18"));
        assert!(!is_iso("spring 2015"));
    }
}
