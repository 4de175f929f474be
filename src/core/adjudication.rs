//! Adjudication: where the coders of one document disagree, and the final coding an adjudicator
//! makes from their versions.
//!
//! The coders' annotations that overlap (transitively) form a *passage*. In a passage each coder
//! has a *version*: their annotations there, possibly none. The coders agree on a passage when
//! every one of them has the same spans with the same tags, field values (a speaker, say) and
//! links; otherwise it is a disagreement of one of five kinds ([`Kind`]). The final coding is the adjudicator's own annotations (their
//! `annotator` is the adjudicator's name, and each is marked [`Annotation::final_coding`]), so
//! that it is exported as any coder's, and left out of coder agreement unless asked for;
//! the coders' annotations are never changed. Offsets are code points of the canonical text, as
//! in [`Annotation`].

use std::ops::Range;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::core::annotation::{Annotation, Stamp};
use crate::core::documents::selection::{End, Selection, Toward};
use crate::core::documents::text::CharIndex;
use crate::core::fields::FieldValues;
use crate::core::final_links;
use crate::core::links::Link;

/// How the coders' versions of a passage differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Every coder has the same spans with the same tags and field values.
    Agreed,
    /// Some coders coded the passage and the others did not: the indices (into the compared
    /// coders) of those who did.
    OnlySome(Vec<usize>),
    /// Every coder marked the same spans, with different tags.
    Tags,
    /// Every coder marked the same spans with the same tags, and different field values (see
    /// [`crate::core::fields`]): another speaker, say.
    Fields,
    /// Every coder marked the same spans with the same tags and field values, and links of
    /// other types or to other places (a place in the document compared by its span, since
    /// each coder links to their own annotation of the same words).
    Links,
    /// Every coder coded it, on different spans.
    Extent,
}

/// Overlapping annotations of the compared coders in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Code points every version's annotations lie in: from the first start to the last end.
    pub region: Range<usize>,
    pub kind: Kind,
    /// Per compared coder, in their order, the indices (into the document's annotations) of their
    /// annotations in the passage; empty when they did not code it.
    pub versions: Vec<Vec<usize>>,
    /// The adjudicator's annotations that overlap the region: the final coding so far.
    pub finals: Vec<usize>,
    /// When a coder last changed their version (the latest `modified` of its annotations), if
    /// the stamps can be read.
    pub coded_at: Option<OffsetDateTime>,
    /// When the adjudicator last changed the final coding here, if there is one.
    pub final_at: Option<OffsetDateTime>,
}

impl Passage {
    /// Whether the final coding settles the passage: the adjudicator has annotations there,
    /// changed after every coder's version. A coder who codes the passage after it was settled
    /// (the third of three, say) or changes their version unsettles it, so that the
    /// adjudicator looks again; unreadable stamps count as older.
    pub fn settled(&self) -> bool {
        !self.finals.is_empty() && self.settled_at(self.final_at)
    }

    /// Whether a decision made at `at` (an RFC 3339 stamp's time) came after every coder's last
    /// change to their version of the passage.
    pub fn settled_at(&self, at: Option<OffsetDateTime>) -> bool {
        match (self.coded_at, at) {
            (None, _) => true,
            (Some(coded), Some(at)) => at >= coded,
            (Some(_), None) => false,
        }
    }
}

/// The time of an RFC 3339 stamp (`created`, `modified`), `None` when it cannot be read.
pub fn stamp_time(stamp: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(stamp, &Rfc3339).ok()
}

/// The latest of the `modified` stamps of the annotations `at` (indices into `anns`) that can
/// be read.
fn latest(anns: &[Annotation], at: &[usize]) -> Option<OffsetDateTime> {
    at.iter()
        .filter_map(|&i| stamp_time(&anns[i].modified))
        .max()
}

/// The passages of one document's annotations `anns` for `coders` (in their order), in text
/// order, with the final coding of `adjudicator`. Orphans (no place in the text) are left out,
/// and so are annotations without a tag (a note a coder keeps on another's annotation): they
/// code nothing, so they neither agree nor disagree.
pub fn passages(anns: &[Annotation], coders: &[String], adjudicator: &str) -> Vec<Passage> {
    let mut coded: Vec<usize> = (0..anns.len())
        .filter(|&i| {
            let a = &anns[i];
            !a.is_orphan() && !a.tags.is_empty() && coders.contains(&a.annotator)
        })
        .collect();
    coded.sort_by_key(|&i| (anns[i].start, anns[i].end));
    let mut out: Vec<Passage> = Vec::new();
    for i in coded {
        let a = &anns[i];
        let coder = coders.iter().position(|c| *c == a.annotator).unwrap_or(0);
        match out.last_mut() {
            Some(p) if a.start < p.region.end || (a.start == p.region.start) => {
                p.region.end = p.region.end.max(a.end);
                p.versions[coder].push(i);
            }
            _ => {
                let mut versions = vec![Vec::new(); coders.len()];
                versions[coder].push(i);
                out.push(Passage {
                    region: a.start..a.end,
                    kind: Kind::Agreed,
                    versions,
                    finals: Vec::new(),
                    coded_at: None,
                    final_at: None,
                });
            }
        }
    }
    for p in &mut out {
        p.kind = kind(anns, &p.versions);
        p.finals = (0..anns.len())
            .filter(|&i| {
                let a = &anns[i];
                // Copied source and cue spans (no tag) code nothing, and settle nothing.
                a.annotator == adjudicator
                    && !a.tags.is_empty()
                    && !a.is_orphan()
                    && overlaps(a, &p.region)
            })
            .collect();
        let coded: Vec<usize> = p.versions.iter().flatten().copied().collect();
        p.coded_at = latest(anns, &coded);
        p.final_at = latest(anns, &p.finals);
    }
    out
}

fn overlaps(a: &Annotation, region: &Range<usize>) -> bool {
    (a.start < region.end && region.start < a.end)
        || (a.start == a.end && region.contains(&a.start))
}

fn kind(anns: &[Annotation], versions: &[Vec<usize>]) -> Kind {
    let coded: Vec<usize> = (0..versions.len())
        .filter(|&c| !versions[c].is_empty())
        .collect();
    if coded.len() < versions.len() {
        return Kind::OnlySome(coded);
    }
    // What of each annotation is compared: its span always, then its tags, field values and
    // links, one more at each level.
    let shape = |v: &Vec<usize>, level: u8| {
        let mut s: Vec<Shape> = v
            .iter()
            .map(|&i| {
                let a = &anns[i];
                let mut tags: Vec<&str> = if level >= 1 {
                    a.tags.iter().map(String::as_str).collect()
                } else {
                    Vec::new()
                };
                tags.sort_unstable();
                let fields = (level >= 2).then_some(&a.fields);
                let links = if level >= 3 {
                    link_shape(anns, a)
                } else {
                    Vec::new()
                };
                (a.start, a.end, tags, fields, links)
            })
            .collect();
        s.sort();
        s
    };
    let same = |level: u8| {
        versions
            .windows(2)
            .all(|w| shape(&w[0], level) == shape(&w[1], level))
    };
    if !same(0) {
        Kind::Extent
    } else if !same(1) {
        Kind::Tags
    } else if !same(2) {
        Kind::Fields
    } else if !same(3) {
        Kind::Links
    } else {
        Kind::Agreed
    }
}

/// Where a link points, as versions are compared: a place in this document, or the id of an
/// annotation elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target<'a> {
    /// Code points of an annotation of this document.
    Here(usize, usize),
    /// An annotation of another document (or none): its id.
    Elsewhere(&'a str),
}

/// A link as versions compare it: its type and where it points.
type LinkShape<'a> = (&'a str, Target<'a>);

/// An annotation as versions compare it: its span (code points), sorted tags, field values
/// and links, the later ones left empty at the lower levels of comparison.
type Shape<'a> = (
    usize,
    usize,
    Vec<&'a str>,
    Option<&'a FieldValues>,
    Vec<LinkShape<'a>>,
);

/// `a`'s links, sorted, each with its type and target: a target in this document (`anns`) by
/// its span, since each coder links to their own annotation of the same words (ids differ);
/// one elsewhere by its id.
fn link_shape<'a>(anns: &'a [Annotation], a: &'a Annotation) -> Vec<LinkShape<'a>> {
    let mut links: Vec<LinkShape<'a>> = a
        .links
        .iter()
        .map(|l| {
            let target = match anns.iter().find(|t| t.id == l.to) {
                Some(t) => Target::Here(t.start, t.end),
                None => Target::Elsewhere(l.to.as_str()),
            };
            (l.kind.as_str(), target)
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

/// The document's text, which new final annotations take their quote and context from.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a CharIndex,
}

impl Text<'_> {
    /// A copy of `a` by `stamp`'s annotator: its span, tags, note, field values and links, a
    /// new id. Its links still point where `a`'s do.
    fn copy(&self, a: &Annotation, stamp: &Stamp) -> Annotation {
        let mut copy = self.annotation(a.start..a.end, a.tags.clone(), stamp);
        copy.note = a.note.clone();
        copy.fields = a.fields.clone();
        copy.links = a.links.clone();
        copy
    }

    /// A new annotation of the final coding, by `stamp`'s annotator, on the code points `span`.
    fn annotation(&self, span: Range<usize>, tags: Vec<String>, stamp: &Stamp) -> Annotation {
        let bytes = self.index.char_to_byte(self.text, span.start)
            ..self.index.char_to_byte(self.text, span.end);
        let mut a = Annotation::new(self.text, self.index, bytes, tags, stamp);
        a.final_coding = true;
        a
    }
}

/// `anns` with the passage's final coding replaced by `finals`.
fn replace_finals(
    anns: &[Annotation],
    passage: &Passage,
    finals: Vec<Annotation>,
) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = anns
        .iter()
        .enumerate()
        .filter(|(i, _)| !passage.finals.contains(i))
        .map(|(_, a)| a.clone())
        .collect();
    out.extend(finals);
    out
}

/// Copies by `stamp`'s annotator of the coders' untagged annotations that link to `originals`
/// (indices into `anns`; see [`final_links::dependents`]), their links to the original at
/// position k of `originals` pointing at `copy_of(k)` instead; the same twice (from two coders'
/// versions merged) once.
fn dependents<'a>(
    anns: &[Annotation],
    originals: &[usize],
    copy_of: impl Fn(usize) -> &'a str,
    text: Text<'_>,
    stamp: &Stamp,
) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = Vec::new();
    for x in final_links::dependents(anns, originals) {
        let mut copy = text.copy(&anns[x], stamp);
        for l in &mut copy.links {
            if let Some(k) = originals.iter().position(|&o| anns[o].id == l.to) {
                l.to = copy_of(k).to_owned();
            }
        }
        let same =
            |a: &Annotation| (a.start, a.end, &a.links) == (copy.start, copy.end, &copy.links);
        if !out.iter().any(same) {
            out.push(copy);
        }
    }
    out
}

/// Copies by `stamp`'s annotator of `originals` (indices into `anns`: a coder's version), and
/// of that coder's source and cue spans of them, linked to the copies.
fn take_in(
    anns: &[Annotation],
    originals: &[usize],
    text: Text<'_>,
    stamp: &Stamp,
) -> Vec<Annotation> {
    let mut copies: Vec<Annotation> = originals
        .iter()
        .map(|&i| text.copy(&anns[i], stamp))
        .collect();
    let ids: Vec<String> = copies.iter().map(|c| c.id.clone()).collect();
    copies.extend(dependents(anns, originals, |k| &ids[k], text, stamp));
    copies
}

/// `anns` with the passage's final coding made a copy of coder `version`'s version (nothing, for
/// a coder who did not code it), made by `stamp`'s annotator (the adjudicator): same spans,
/// tags, notes, field values and links, new ids; with the coder's source and cue spans of it,
/// and the final coding's links kept within it (see [`final_links`]).
pub fn accept(
    anns: &[Annotation],
    passage: &Passage,
    version: usize,
    text: Text<'_>,
    stamp: &Stamp,
) -> Vec<Annotation> {
    let copies = take_in(anns, &passage.versions[version], text, stamp);
    let after = replace_finals(anns, passage, copies);
    final_links::keep_within(anns, after, &stamp.annotator)
}

/// `anns` with the passage's final coding one annotation over every version's extent (the
/// passage's region), with every tag any version gives (in the order first met, coder by coder),
/// their distinct notes joined by " / ", and every link any gives (once each). A field takes
/// the value coder `version`'s version gives it (the version chosen on the screen), else the
/// first other coder's who gives one: a field holds one value, so where the versions differ the
/// adjudicator picks by choosing the version before merging.
pub fn merge(
    anns: &[Annotation],
    passage: &Passage,
    version: usize,
    text: Text<'_>,
    stamp: &Stamp,
) -> Vec<Annotation> {
    let mut tags: Vec<String> = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    for &i in passage.versions.iter().flatten() {
        for t in &anns[i].tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        let note = anns[i].note.as_str();
        if !note.is_empty() && !notes.contains(&note) {
            notes.push(note);
        }
        for l in &anns[i].links {
            if !links.contains(l) {
                links.push(l.clone());
            }
        }
    }
    let chosen = passage.versions.get(version).into_iter().flatten();
    let mut fields = FieldValues::new();
    for &i in chosen.chain(passage.versions.iter().flatten()) {
        for (name, value) in &anns[i].fields {
            fields.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    let mut merged = text.annotation(passage.region.clone(), tags, stamp);
    merged.note = notes.join(" / ");
    merged.fields = fields;
    merged.links = links;
    let originals: Vec<usize> = passage.versions.iter().flatten().copied().collect();
    let id = merged.id.clone();
    let mut finals = vec![merged];
    finals.extend(dependents(anns, &originals, |_| &id, text, stamp));
    let after = replace_finals(anns, passage, finals);
    final_links::keep_within(anns, after, &stamp.annotator)
}

/// `anns` with `tag` put on the passage's final coding, or taken off when every final annotation
/// has it. With no final coding yet, a new annotation takes the tag on the extent of coder
/// `version`'s version (the region, for a coder who did not code it). A final annotation left
/// without tags goes.
pub fn toggle_tag(
    anns: &[Annotation],
    passage: &Passage,
    version: usize,
    tag: &str,
    text: Text<'_>,
    stamp: &Stamp,
) -> Vec<Annotation> {
    if passage.finals.is_empty() {
        let own = &passage.versions[version];
        let span = match (
            own.iter().map(|&i| anns[i].start).min(),
            own.iter().map(|&i| anns[i].end).max(),
        ) {
            (Some(start), Some(end)) => start..end,
            _ => passage.region.clone(),
        };
        let mut out = anns.to_vec();
        out.push(text.annotation(span, vec![tag.to_owned()], stamp));
        return final_links::keep_within(anns, out, &stamp.annotator);
    }
    let remove = passage.finals.iter().all(|&i| anns[i].has_tag(tag));
    let mut out = Vec::with_capacity(anns.len());
    for (i, a) in anns.iter().enumerate() {
        if !passage.finals.contains(&i) {
            out.push(a.clone());
            continue;
        }
        let mut a = a.clone();
        if remove {
            a.tags.retain(|t| t != tag);
        } else if !a.has_tag(tag) {
            a.tags.push(tag.to_owned());
        }
        a.touch(stamp);
        if !a.tags.is_empty() || !a.note.is_empty() {
            out.push(a);
        }
    }
    final_links::keep_within(anns, out, &stamp.annotator)
}

/// Which edge of the final coding [`reshape`] moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start of its first annotation.
    Start,
    /// The end of its last annotation.
    End,
}

/// Why [`reshape`] changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unshaped {
    #[error("no final coding here to change: accept a version, merge them, or press a tag key")]
    NoFinal,
    #[error("the final coding keeps one word at least")]
    LastWord,
    #[error("the final coding may not leave its passage or reach into the next")]
    LeavesPassage,
}

/// `anns` with the passage's final coding one word longer or shorter at `edge`, moved `toward`
/// the start or the end of the text by the reader's word steps (the quotation marks at its
/// edges paired, see [`Selection::step_word`]): the start of its first annotation or the end of
/// its last. It keeps a word, and some of the passage's region, since a final coding is on what
/// the coders coded; and it stays within `room` (code points: from the end of the passage
/// before to the start of the next, see [`room`]), since a final coding that reached into
/// another passage would be taken for that one's.
pub fn reshape(
    anns: &[Annotation],
    passage: &Passage,
    room: &Range<usize>,
    edge: Edge,
    toward: Toward,
    text: Text<'_>,
    stamp: &Stamp,
) -> Result<Vec<Annotation>, Unshaped> {
    let at = match edge {
        Edge::Start => passage.finals.iter().min_by_key(|&&i| anns[i].start),
        Edge::End => passage.finals.iter().max_by_key(|&&i| anns[i].end),
    };
    let &i = at.ok_or(Unshaped::NoFinal)?;
    // A selection of the annotation's bytes, whose end is the moving one.
    let mut selection = Selection::of(anns[i].byte_span(text.text, text.index));
    let end = match edge {
        Edge::Start => End::Fixed,
        Edge::End => End::Moving,
    };
    if !selection.step_word(text.text, end, toward) {
        return Err(Unshaped::LastWord);
    }
    let mut out = anns.to_vec();
    let a = &mut out[i];
    a.set_span(text.text, text.index, selection.span());
    if !overlaps(a, &passage.region) || a.start < room.start || a.end > room.end {
        return Err(Unshaped::LeavesPassage);
    }
    a.touch(stamp);
    Ok(out)
}

/// The code points a final coding of `passages[i]` may cover, for [`reshape`]: from the end of
/// the passage before it (the text's start for the first) to the start of the next (`length`,
/// the text's length in code points, for the last).
pub fn room(passages: &[Passage], i: usize, length: usize) -> Range<usize> {
    let start = i
        .checked_sub(1)
        .and_then(|b| passages.get(b))
        .map_or(0, |p| p.region.end);
    let end = passages.get(i + 1).map_or(length, |p| p.region.start);
    start..end
}

/// `anns` with every passage the coders agree on (spans, tags, field values and links) and that has no
/// final coding yet taken into the final coding as it is (the first coder's version: its notes,
/// field values and links too); with how many passages were taken.
pub fn accept_agreements(
    anns: &[Annotation],
    passages: &[Passage],
    text: Text<'_>,
    stamp: &Stamp,
) -> (Vec<Annotation>, usize) {
    let mut out = anns.to_vec();
    let mut taken = 0;
    for p in passages
        .iter()
        .filter(|p| p.kind == Kind::Agreed && p.finals.is_empty())
    {
        out.extend(take_in(anns, &p.versions[0], text, stamp));
        taken += 1;
    }
    (final_links::keep_within(anns, out, &stamp.annotator), taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "One claim here. Another claim there. A third one.";

    fn ann(coder: &str, span: Range<usize>, tags: &[&str]) -> Annotation {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let index = CharIndex::new(TEXT);
        Annotation::new(
            TEXT,
            &index,
            span,
            tags.iter().map(|t| t.to_string()).collect(),
            &stamp,
        )
    }

    fn text(index: &CharIndex) -> Text<'_> {
        Text { text: TEXT, index }
    }

    fn judge() -> Stamp {
        Stamp {
            annotator: "judge".into(),
            time: "2026-02-02T00:00:00Z".into(),
        }
    }

    fn coders() -> Vec<String> {
        vec!["alice".into(), "bob".into()]
    }

    #[test]
    fn passages_are_classified_by_what_differs() {
        let anns = vec![
            ann("alice", 0..15, &["accusation"]),
            ann("bob", 0..15, &["accusation"]),
            ann("alice", 16..36, &["denial"]),
            ann("bob", 16..36, &["accusation"]),
            ann("alice", 37..49, &["denial"]),
            ann("bob", 39..49, &["denial"]),
        ];
        let kinds: Vec<Kind> = passages(&anns, &coders(), "judge")
            .into_iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(kinds, [Kind::Agreed, Kind::Tags, Kind::Extent]);
        let only = passages(&anns[..1], &coders(), "judge");
        assert_eq!(only[0].kind, Kind::OnlySome(vec![0]));
        // Bob's note on Alice's annotation, an annotation of his without tags, codes nothing.
        let mut noted = anns[..1].to_vec();
        noted.push(ann("alice", 16..36, &["denial"]));
        noted.push(ann("bob", 16..36, &["denial"]));
        let mut note = ann("bob", 0..15, &[]);
        note.note = "why?".into();
        noted.push(note);
        let kinds: Vec<Kind> = passages(&noted, &coders(), "judge")
            .into_iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(kinds, [Kind::OnlySome(vec![0]), Kind::Agreed]);
    }

    /// Each coder links to their own annotation of the same words: the same place. Another type
    /// or another place is a disagreement ("links differ"); links are compared after tags and
    /// field values.
    #[test]
    fn versions_that_differ_only_in_links_are_a_disagreement() {
        let mut anns = vec![
            ann("alice", 0..15, &["accusation"]),
            ann("bob", 0..15, &["accusation"]),
            ann("alice", 16..36, &["denial"]),
            ann("bob", 16..36, &["denial"]),
            ann("alice", 37..49, &["denial"]),
            ann("bob", 37..49, &["denial"]),
        ];
        let link = |kind: &str, to: &Annotation| Link {
            kind: kind.into(),
            to: to.id.clone(),
            extra: Vec::new(),
        };
        let kinds = |anns: &[Annotation]| -> Vec<Kind> {
            passages(anns, &coders(), "judge")
                .into_iter()
                .map(|p| p.kind)
                .collect()
        };
        let (alices, bobs, elsewhere) = (anns[4].clone(), anns[5].clone(), anns[2].clone());
        anns[0].links = vec![link("denies", &alices)];
        anns[1].links = vec![link("denies", &bobs)];
        anns[2].links = vec![link("denies", &alices)];
        anns[3].links = vec![link("responds to", &bobs)];
        assert_eq!(kinds(&anns), [Kind::Agreed, Kind::Links, Kind::Agreed]);
        // The same type to another place.
        anns[1].links = vec![link("denies", &elsewhere)];
        assert_eq!(kinds(&anns), [Kind::Links, Kind::Links, Kind::Agreed]);
        // A link one coder has and the other has not.
        anns[1].links.clear();
        assert_eq!(kinds(&anns), [Kind::Links, Kind::Links, Kind::Agreed]);
        // Other tags come first.
        anns[3].tags = vec!["threat".into()];
        assert_eq!(kinds(&anns), [Kind::Links, Kind::Tags, Kind::Agreed]);
    }

    /// The final coding's links stay within it: a claim's source span comes along with the
    /// claim, and a response settled before the claim it responds to points at the claim's
    /// final annotation once there is one, and at the one that replaces it.
    #[test]
    fn the_final_codings_links_point_into_the_final_coding() {
        let link = |kind: &str, to: &Annotation| Link {
            kind: kind.into(),
            to: to.id.clone(),
            extra: Vec::new(),
        };
        let (claim_a, claim_b) = (
            ann("alice", 16..36, &["accusation"]),
            ann("bob", 16..36, &["denial"]),
        );
        let mut source = ann("alice", 0..3, &[]);
        source.links = vec![link("source of", &claim_a)];
        let mut reply_a = ann("alice", 37..49, &["denial"]);
        reply_a.links = vec![link("responds to", &claim_a)];
        let mut reply_b = ann("bob", 37..49, &["denial"]);
        reply_b.links = vec![link("responds to", &claim_b)];
        let anns = vec![source, claim_a, claim_b, reply_a, reply_b];
        let index = CharIndex::new(TEXT);
        let (text, judge) = (text(&index), judge());
        let finals = |anns: &[Annotation]| -> Vec<Annotation> {
            anns.iter()
                .filter(|a| a.annotator == "judge")
                .cloned()
                .collect()
        };
        let at = |finals: &[Annotation], start: usize| {
            finals.iter().find(|a| a.start == start).cloned().unwrap()
        };

        // The reply, agreed on, first: its link still points at Alice's claim.
        let found = passages(&anns, &coders(), "judge");
        let (after, _) = accept_agreements(&anns, &found, text, &judge);
        assert_eq!(
            at(&finals(&after), 37).links,
            [link("responds to", &anns[1])]
        );

        // Alice's claim accepted: her source span comes along, linked to the claim's copy, and
        // the reply's link moves to it too.
        let found = passages(&after, &coders(), "judge");
        let after = accept(&after, &found[0], 0, text, &judge);
        let judged = finals(&after);
        assert_eq!(judged.len(), 3, "{judged:?}");
        let claim = at(&judged, 16);
        assert_eq!(claim.tags, ["accusation"]);
        assert_eq!(at(&judged, 0).links, [link("source of", &claim)]);
        assert!(at(&judged, 0).tags.is_empty() && at(&judged, 0).final_coding);
        assert_eq!(at(&judged, 37).links, [link("responds to", &claim)]);
        assert_eq!(
            &after[..5],
            &anns[..],
            "the coders' annotations stay as they were"
        );

        // Bob's instead: Alice's source span goes with her claim, the reply follows.
        let found = passages(&after, &coders(), "judge");
        assert_eq!(
            found[0].finals.len(),
            1,
            "a copied source span settles nothing"
        );
        let after = accept(&after, &found[0], 1, text, &judge);
        let judged = finals(&after);
        assert_eq!(judged.len(), 2, "{judged:?}");
        let claim = at(&judged, 16);
        assert_eq!(claim.tags, ["denial"]);
        assert_eq!(at(&judged, 37).links, [link("responds to", &claim)]);

        // Merged: one claim, the reply's link to it once, Alice's source span back.
        let found = passages(&after, &coders(), "judge");
        let after = merge(&after, &found[0], 0, text, &judge);
        let judged = finals(&after);
        let claim = at(&judged, 16);
        assert_eq!(at(&judged, 37).links, [link("responds to", &claim)]);
        assert_eq!(at(&judged, 0).links, [link("source of", &claim)]);
        assert_eq!(judged.len(), 3, "{judged:?}");
    }

    #[test]
    fn accepting_and_merging_write_the_adjudicators_annotations_only() {
        let anns = vec![
            ann("alice", 37..49, &["denial"]),
            ann("bob", 39..49, &["threat"]),
        ];
        let index = CharIndex::new(TEXT);
        let (text, judge) = (text(&index), judge());
        let p = &passages(&anns, &coders(), "judge")[0];
        let after = accept(&anns, p, 1, text, &judge);
        assert_eq!(after.len(), 3);
        assert_eq!(&after[..2], &anns[..]);
        assert_eq!(
            (after[2].start, after[2].end, &after[2].annotator),
            (39, 49, &"judge".to_owned())
        );
        // Merging replaces that final coding with one over both extents and both tags.
        let p = &passages(&after, &coders(), "judge")[0];
        assert_eq!(p.finals, [2]);
        let merged = merge(&after, p, 0, text, &judge);
        assert_eq!(merged.len(), 3);
        assert_eq!((merged[2].start, merged[2].end), (37, 49));
        assert_eq!(merged[2].tags, ["denial", "threat"]);
        assert_eq!(merged[2].quote, "A third one.");
        // Accepting the version of a coder who did not code it leaves no final coding.
        let one = vec![anns[0].clone(), merged[2].clone()];
        let p = &passages(&one, &coders(), "judge")[0];
        assert_eq!(p.kind, Kind::OnlySome(vec![0]));
        assert_eq!(accept(&one, p, 1, text, &judge), &one[..1]);
    }

    #[test]
    fn the_final_codings_edges_move_by_words_and_keep_to_the_passage() {
        let anns = vec![
            ann("alice", 16..36, &["denial"]),
            ann("bob", 24..36, &["denial"]),
        ];
        let index = CharIndex::new(TEXT);
        let (text, judge) = (text(&index), judge());
        let p = &passages(&anns, &coders(), "judge")[0];
        let all = 0..TEXT.chars().count();
        assert_eq!(
            reshape(&anns, p, &all, Edge::Start, Toward::End, text, &judge),
            Err(Unshaped::NoFinal)
        );
        let after = accept(&anns, p, 1, text, &judge);
        let span = |anns: &[Annotation]| (anns[2].start, anns[2].end, anns[2].quote.clone());
        assert_eq!(span(&after), (24, 36, "claim there.".into()));
        // Each step on the passages found again, as the review screen does.
        let step = |anns: &[Annotation], edge: Edge, toward: Toward| {
            let p = &passages(anns, &coders(), "judge")[0];
            reshape(anns, p, &all, edge, toward, text, &judge)
        };
        let after = step(&after, Edge::Start, Toward::Start).unwrap();
        assert_eq!(span(&after), (16, 36, "Another claim there.".into()));
        assert_eq!(&after[..2], &anns[..], "the coders' stay as they were");
        let after = step(&after, Edge::End, Toward::End).unwrap();
        assert_eq!(span(&after), (16, 38, "Another claim there. A".into()));
        let after = step(&after, Edge::End, Toward::Start).unwrap();
        let after = step(&after, Edge::End, Toward::Start).unwrap();
        assert_eq!(span(&after), (16, 29, "Another claim".into()));
        let after = step(&after, Edge::Start, Toward::End).unwrap();
        assert_eq!(span(&after), (24, 29, "claim".into()));
        assert_eq!(
            step(&after, Edge::Start, Toward::End),
            Err(Unshaped::LastWord)
        );
    }

    /// A final coding grown into the next passage would make that one look settled, and
    /// settling that one would replace it: its edges stop at the passages beside it.
    #[test]
    fn the_final_coding_does_not_reach_into_the_next_passage() {
        let anns = vec![
            ann("alice", 16..36, &["denial"]),
            ann("bob", 24..36, &["denial"]),
            ann("alice", 39..49, &["threat"]),
        ];
        let index = CharIndex::new(TEXT);
        let (text, judge) = (text(&index), judge());
        let found = passages(&anns, &coders(), "judge");
        let length = TEXT.chars().count();
        assert_eq!(room(&found, 0, length), 0..39);
        assert_eq!(room(&found, 1, length), 36..length);
        let mut after = accept(&anns, &found[0], 0, text, &judge);
        let end = |anns: &[Annotation]| anns.iter().find(|a| a.annotator == "judge").unwrap().end;
        loop {
            let found = passages(&after, &coders(), "judge");
            match reshape(
                &after,
                &found[0],
                &room(&found, 0, length),
                Edge::End,
                Toward::End,
                text,
                &judge,
            ) {
                Ok(next) => after = next,
                Err(e) => {
                    assert_eq!(e, Unshaped::LeavesPassage);
                    break;
                }
            }
        }
        assert_eq!(end(&after), 38, "“… there. A”, short of “third one.”");
        let found = passages(&after, &coders(), "judge");
        assert!(
            found[1].finals.is_empty(),
            "the next passage is not settled"
        );
    }

    #[test]
    fn a_tag_key_edits_the_final_coding() {
        let anns = vec![ann("alice", 0..15, &["denial"])];
        let index = CharIndex::new(TEXT);
        let (text, judge) = (text(&index), judge());
        let p = &passages(&anns, &coders(), "judge")[0];
        let after = toggle_tag(&anns, p, 0, "threat", text, &judge);
        assert_eq!(after[1].tags, ["threat"]);
        let p = &passages(&after, &coders(), "judge")[0];
        let after = toggle_tag(&after, p, 0, "denial", text, &judge);
        assert_eq!(after[1].tags, ["threat", "denial"]);
        let p = &passages(&after, &coders(), "judge")[0];
        let after = toggle_tag(&after, p, 0, "threat", text, &judge);
        let p = &passages(&after, &coders(), "judge")[0];
        let after = toggle_tag(&after, p, 0, "denial", text, &judge);
        assert_eq!(after, anns, "the last tag taken off takes the annotation");
    }
}
