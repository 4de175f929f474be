//! The final coding's links, kept within it (see [`crate::core::adjudication`]). A version
//! taken into the final coding is copied with its links, which point at the coder's own
//! annotations; and the coder's annotations that link to it (a claim's source or cue span,
//! another claim that responds to it) are the coder's, which the adjudication never changes. So
//! that the final coding's claim thread is whole, after every change to the final coding:
//!
//! - the coder's untagged annotations that link to a version taken in (source and cue spans,
//!   which code nothing and so form no passage of their own) are copied along, their links to
//!   it pointing at its copy ([`dependents`]);
//! - a final annotation's link to a coder's tagged annotation of the document that the final
//!   coding covers points at the final annotation that overlaps that one most, whichever passage
//!   was settled first; a link to a final annotation that was replaced points at the one that
//!   replaced it ([`keep_within`]).
//!
//! Links from the coders' annotations are left as they are: they are the coders' coding, which
//! agreement compares. Links to other documents are left too: their final coding is settled in
//! their own review. Offsets are code points, as in [`Annotation`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::core::annotation::Annotation;

/// Whether `a` is part of `adjudicator`'s final coding.
fn is_final(a: &Annotation, adjudicator: &str) -> bool {
    a.final_coding && a.annotator == adjudicator
}

/// How many code points `a` shares with `span`.
fn overlap(a: &Annotation, span: &Range<usize>) -> usize {
    a.end.min(span.end).saturating_sub(a.start.max(span.start))
}

/// Of `candidates`, the tagged one that overlaps `span` most (the first in `anns` order on a
/// tie), if any overlaps it.
fn best<'a>(
    candidates: impl Iterator<Item = &'a Annotation>,
    span: &Range<usize>,
) -> Option<&'a Annotation> {
    let mut found: Option<(&Annotation, usize)> = None;
    for a in candidates.filter(|a| !a.tags.is_empty()) {
        let shared = overlap(a, span);
        if shared > 0 && found.is_none_or(|(_, most)| shared > most) {
            found = Some((a, shared));
        }
    }
    found.map(|(a, _)| a)
}

/// Indices into `anns` of the coders' untagged annotations that link to one of `originals`
/// (indices into `anns`: a version being taken into the final coding) and are by that one's
/// coder: a claim's source or cue span, which belongs to the coder's coding of the claim.
pub fn dependents(anns: &[Annotation], originals: &[usize]) -> Vec<usize> {
    (0..anns.len())
        .filter(|&x| {
            let a = &anns[x];
            a.tags.is_empty()
                && !a.final_coding
                && a.links.iter().any(|l| {
                    originals
                        .iter()
                        .any(|&o| anns[o].id == l.to && anns[o].annotator == a.annotator)
                })
        })
        .collect()
}

/// `after` (the document's annotations after a change to the final coding that started from
/// `before`) with `adjudicator`'s final coding's links kept within it (see the module), and
/// without the untagged final annotations (copied source and cue spans) whose every link went
/// to a final annotation that is gone. A link to a final annotation that is gone and that
/// nothing now overlaps goes, so that no link points nowhere.
pub fn keep_within(
    before: &[Annotation],
    mut after: Vec<Annotation>,
    adjudicator: &str,
) -> Vec<Annotation> {
    let present: HashSet<&str> = after.iter().map(|a| a.id.as_str()).collect();
    // The final annotations the change took away, with their spans.
    let gone: Vec<(String, Range<usize>)> = before
        .iter()
        .filter(|a| is_final(a, adjudicator) && !present.contains(a.id.as_str()))
        .map(|a| (a.id.clone(), a.start..a.end))
        .collect();
    let gone_span = |id: &str| gone.iter().find(|(g, _)| g == id).map(|(_, s)| s.clone());
    after.retain(|a| {
        !(is_final(a, adjudicator)
            && a.tags.is_empty()
            && !a.links.is_empty()
            && a.links.iter().all(|l| gone_span(&l.to).is_some()))
    });
    // Where each link of a final annotation now points (`None`: nowhere, the link goes),
    // worked out before any is changed.
    let mut moves: Vec<(usize, usize, Option<String>)> = Vec::new();
    let by_id: HashMap<&str, &Annotation> = after.iter().map(|a| (a.id.as_str(), a)).collect();
    for (i, a) in after.iter().enumerate() {
        if !is_final(a, adjudicator) {
            continue;
        }
        for (n, l) in a.links.iter().enumerate() {
            let finals = || after.iter().filter(|f| is_final(f, adjudicator));
            let to = match by_id.get(l.to.as_str()) {
                // A coder's tagged annotation: the final annotation over it, once there is one.
                Some(t) if !is_final(t, adjudicator) && !t.tags.is_empty() => {
                    match best(finals(), &(t.start..t.end)) {
                        Some(f) => Some(f.id.clone()),
                        None => continue,
                    }
                }
                Some(_) => continue,
                // A final annotation replaced: what replaced it, else a coder's annotation
                // there (pointed at the final coding again once it is settled), else nothing.
                None => match gone_span(&l.to) {
                    Some(span) => best(finals(), &span)
                        .or_else(|| best(after.iter(), &span))
                        .map(|t| t.id.clone()),
                    None => continue,
                },
            };
            if to.as_deref() != Some(l.to.as_str()) {
                moves.push((i, n, to));
            }
        }
    }
    for (i, n, to) in moves.into_iter().rev() {
        match to {
            Some(to) => after[i].links[n].to = to,
            None => {
                after[i].links.remove(n);
            }
        }
    }
    for a in after.iter_mut().filter(|a| is_final(a, adjudicator)) {
        let mut seen = Vec::new();
        a.links.retain(|l| {
            let new = !seen.contains(l);
            if new {
                seen.push(l.clone());
            }
            new
        });
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;
    use crate::core::documents::text::CharIndex;
    use crate::core::links::Link;

    const TEXT: &str = "One claim here. Another claim there. A third one.";

    /// An annotation of `who` on `span` (bytes, which are code points in this ASCII text),
    /// final when `who` is the judge.
    fn ann(who: &str, span: Range<usize>, tags: &[&str]) -> Annotation {
        let stamp = Stamp {
            annotator: who.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| t.to_string()).collect();
        let mut a = Annotation::new(TEXT, &CharIndex::new(TEXT), span, tags, &stamp);
        a.final_coding = who == "judge";
        a
    }

    fn link(to: &Annotation) -> Link {
        Link {
            kind: "responds to".into(),
            to: to.id.clone(),
            extra: Vec::new(),
        }
    }

    #[test]
    fn a_link_to_a_final_annotation_gone_with_nothing_there_goes() {
        let gone = ann("judge", 16..36, &["denial"]);
        let mut claim = ann("judge", 0..15, &["accusation"]);
        claim.links = vec![link(&gone)];
        let before = vec![claim.clone(), gone];
        let after = keep_within(&before, vec![claim], "judge");
        assert_eq!(after.len(), 1);
        assert!(after[0].links.is_empty(), "{:?}", after[0].links);
    }

    #[test]
    fn links_that_come_to_point_at_one_annotation_are_kept_once() {
        let alices = ann("alice", 16..36, &["denial"]);
        let copy = ann("judge", 16..36, &["denial"]);
        let mut claim = ann("judge", 0..15, &["accusation"]);
        claim.links = vec![link(&alices), link(&copy)];
        let all = vec![claim, alices, copy.clone()];
        let after = keep_within(&all, all.clone(), "judge");
        assert_eq!(after[0].links, [link(&copy)]);
    }

    #[test]
    fn links_elsewhere_and_the_coders_own_links_are_left() {
        let alices = ann("alice", 16..36, &["denial"]);
        let copy = ann("judge", 16..36, &["denial"]);
        let mut hers = ann("alice", 0..15, &["accusation"]);
        hers.links = vec![link(&alices)];
        let mut claim = ann("judge", 0..15, &["accusation"]);
        // An annotation of another document: not among these.
        let elsewhere = ann("alice", 37..49, &["denial"]);
        claim.links = vec![link(&elsewhere)];
        let all = vec![hers.clone(), claim.clone(), alices, copy];
        let after = keep_within(&all, all.clone(), "judge");
        assert_eq!(after[0].links, hers.links);
        assert_eq!(after[1].links, claim.links);
    }

    #[test]
    fn a_copied_source_whose_claim_is_gone_goes_with_it() {
        let gone = ann("judge", 16..36, &["denial"]);
        let mut source = ann("judge", 0..3, &[]);
        source.links = vec![link(&gone)];
        let replacement = ann("judge", 16..36, &["accusation"]);
        let before = vec![source.clone(), gone];
        let after = keep_within(&before, vec![source, replacement.clone()], "judge");
        assert_eq!(after, [replacement]);
    }
}
