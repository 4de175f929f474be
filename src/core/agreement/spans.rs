//! Span precision, recall and F1 between two coders, as used to compare NER-style annotation:
//! coder `a` is taken as the reference and coder `b` as the one compared with it (swapping them
//! swaps precision and recall; F1 stays).
//!
//! A span is (document, start, end) in code points with one tag; the same span marked twice by
//! one coder counts once. Exact: a span matches when the other coder has the same span with the
//! same tag. Overlapping: when the other coder has a span with the same tag that shares at least
//! one code point with it. Precision = matched spans of `b` / spans of `b`; recall = matched spans
//! of `a` / spans of `a`; F1 = 2PR / (P + R), 0 when both are 0 or when only one coder marked
//! spans (nothing matched).

use crate::core::agreement::{Figure, Undefined};

/// A span of one coder: document number, start, end (code points, end exclusive), tag number.
pub type Span = (usize, usize, usize, u32);

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub precision: Figure,
    pub recall: Figure,
    pub f1: Figure,
    /// Spans of the reference and of the compared coder.
    pub spans: (usize, usize),
}

/// Exact and overlapping scores of `b` against `a`.
pub fn scores(a: &[Span], b: &[Span]) -> (Scores, Scores) {
    let (a, b) = (normalized(a), normalized(b));
    let exact_b = b.iter().filter(|s| contains(&a, s)).count();
    let exact_a = a.iter().filter(|s| contains(&b, s)).count();
    let overlap_b = b.iter().filter(|s| overlaps_any(s, &a)).count();
    let overlap_a = a.iter().filter(|s| overlaps_any(s, &b)).count();
    (
        score(exact_a, exact_b, a.len(), b.len()),
        score(overlap_a, overlap_b, a.len(), b.len()),
    )
}

/// The order spans are searched in: by document, tag, start, end.
fn key(&(doc, start, end, tag): &Span) -> (usize, u32, usize, usize) {
    (doc, tag, start, end)
}

fn normalized(spans: &[Span]) -> Vec<Span> {
    let mut v = spans.to_vec();
    v.sort_unstable_by_key(key);
    v.dedup();
    v
}

fn contains(sorted: &[Span], span: &Span) -> bool {
    sorted.binary_search_by_key(&key(span), key).is_ok()
}

/// Whether `span` shares a code point with a span of `others` (sorted by document, tag, start)
/// with its document and tag.
fn overlaps_any(span: &Span, others: &[Span]) -> bool {
    let &(doc, start, end, tag) = span;
    if start >= end {
        return false;
    }
    // The spans of this document and tag that start before `end`: one reaching past `start`
    // overlaps. Their ends are not sorted, so each is looked at; a coder's spans of one tag in
    // one document are few.
    let from = others.partition_point(|o| (o.0, o.3) < (doc, tag));
    let to = others.partition_point(|o| (o.0, o.3, o.1) < (doc, tag, end));
    others[from..to].iter().any(|o| o.1 < o.2 && o.2 > start)
}

fn score(matched_a: usize, matched_b: usize, of_a: usize, of_b: usize) -> Scores {
    let ratio = |n: usize, d: usize, why: Undefined| {
        if d == 0 {
            Figure::Undefined(why)
        } else {
            Figure::Value(n as f64 / d as f64)
        }
    };
    let precision = ratio(matched_b, of_b, Undefined::NoSpans);
    let recall = ratio(matched_a, of_a, Undefined::NoSpans);
    let f1 = match (&precision, &recall) {
        (Figure::Value(p), Figure::Value(r)) if p + r > 0.0 => Figure::Value(2.0 * p * r / (p + r)),
        (Figure::Value(_), Figure::Value(_)) => Figure::Value(0.0),
        // One coder marked no span and the other some: nothing matched, so F1 =
        // 2TP / (2TP + FP + FN) is 0, though one of its ratios has nothing to divide by.
        (Figure::Value(_), _) | (_, Figure::Value(_)) => Figure::Value(0.0),
        _ => Figure::Undefined(Undefined::NoSpans),
    };
    Scores {
        precision,
        recall,
        f1,
        spans: (of_a, of_b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_overlapping_matches() {
        let a = [(0, 0, 10, 1), (0, 20, 30, 1), (1, 0, 5, 2)];
        let b = [(0, 0, 10, 1), (0, 25, 40, 1), (0, 25, 40, 1), (1, 0, 5, 1)];
        let (exact, overlap) = scores(&a, &b);
        assert_eq!(exact.spans, (3, 3), "a span marked twice counts once");
        assert_eq!(exact.precision, Figure::Value(1.0 / 3.0));
        assert_eq!(exact.recall, Figure::Value(1.0 / 3.0));
        assert_eq!(overlap.precision, Figure::Value(2.0 / 3.0));
        assert_eq!(overlap.recall, Figure::Value(2.0 / 3.0));
        let touching = [(0, 10, 20, 1)];
        assert_eq!(
            scores(&a, &touching).1.precision,
            Figure::Value(0.0),
            "spans that only touch share no code point"
        );
    }

    #[test]
    fn no_spans_on_one_side_leaves_its_ratio_undefined() {
        let (exact, _) = scores(&[(0, 0, 1, 0)], &[]);
        assert_eq!(exact.precision, Figure::Undefined(Undefined::NoSpans));
        assert_eq!(exact.recall, Figure::Value(0.0));
        assert_eq!(
            exact.f1,
            Figure::Value(0.0),
            "2TP / (2TP + FP + FN) = 0 / 1"
        );
        let (none, _) = scores(&[], &[]);
        assert_eq!(none.f1, Figure::Undefined(Undefined::NoSpans));
    }
}
