//! Krippendorff's unitizing α (uα) and its coding-only variant (cuα) over continua of code
//! points.
//!
//! Source: Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing
//! textual continua: Further developments", *Quality & Quantity* 50, as also given in
//! Krippendorff, *Content Analysis* (4th ed., 2019), section 12.6. Each coder's unitizing of a
//! continuum of length L is a partition of it into units (each with a category) and gaps (∅).
//! With m coders, the observed coincidences are
//! `l_ck = 1/(m−1) Σ_i Σ_{j≠i} Σ_g Σ_h |s_icg ∩ s_jkh|` (the lengths where coder i has c and
//! coder j has k), l_·· = mL; the expected ones
//! `e_ck = l_·· (l_c· l_·k − [c=k] S_c) / (l_··² − S)`, where S_c sums over every coder's segments
//! of category c their length squared, except that a gap counts its length (a gap is no unit);
//! S = Σ_c S_c. Nominal uα = 1 − (l_·· − Σ_c l_cc) / (l_·· − Σ_c e_cc).
//!
//! Several documents are several continua: the sums run over all of them, and a document counts
//! only the coders who coded it (m is then that document's number of coders), so that coders who
//! coded different documents are not taken for coders who disagree.
//!
//! cuα here asks whether coders who both put a unit on the same code points gave it the same
//! category: Krippendorff's α for coding, with each code point that at least two coders put in a
//! unit as a unit of analysis and each coder's category there as their value (gaps are missing
//! values). This is *not* the cuα of Krippendorff et al. (2016) and Krippendorff (2019, section
//! 12.6.5), although it asks the same question: theirs restricts uα's coincidences to the
//! categories and corrects the expected ones with each unit's length squared, where this counts
//! every code point as a unit of its own; the two differ (by a few hundredths on random data, for
//! two coders as for more). It is kept because it can be checked: for any number of coders it is
//! α, computed by the `krippendorff` package on the same code points (`tests/agreement.rs`). No
//! implementation of the published cuα could be had to check one against:
//! `krippendorff-unitized-alpha` computes uα only (its source has no cuα), DKPro Agreement's
//! unitizing α is uα, and the R package quallmer, which implements section 12.6.5, is not on a
//! registry this project installs from.

use crate::core::agreement::coefficients::Coincidences;
use crate::core::agreement::{Figure, Undefined};

/// A unit placed by a coder: code points `start..end` of the document, with a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub category: u32,
}

/// One document: its length in code points and, for each coder, their units there, or `None`
/// when the coder did not code the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Continuum {
    pub length: usize,
    pub coders: Vec<Option<Vec<Unit>>>,
}

/// A stretch of a coder's partition: `None` is a gap.
type Segment = (usize, usize, Option<u32>);

/// The coder's partition of `0..length`: units in text order (a unit starting inside an earlier
/// one starts where that one ends; empty ones go) and the gaps between them.
pub fn partition(units: &[Unit], length: usize) -> Vec<Segment> {
    let mut sorted: Vec<Unit> = units
        .iter()
        .map(|u| Unit {
            start: u.start.min(length),
            end: u.end.min(length),
            category: u.category,
        })
        .collect();
    sorted.sort_by_key(|u| (u.start, u.end, u.category));
    let mut segments = Vec::with_capacity(2 * sorted.len() + 1);
    let mut at = 0;
    for u in sorted {
        let start = u.start.max(at);
        if u.end <= start {
            continue;
        }
        if start > at {
            segments.push((at, start, None));
        }
        segments.push((start, u.end, Some(u.category)));
        at = u.end;
    }
    if at < length {
        segments.push((at, length, None));
    }
    segments
}

/// The partitions of the coders who coded `continuum`, if two or more did.
fn partitions(continuum: &Continuum) -> Option<Vec<Vec<Segment>>> {
    let parts: Vec<Vec<Segment>> = continuum
        .coders
        .iter()
        .flatten()
        .map(|units| partition(units, continuum.length))
        .collect();
    (parts.len() >= 2).then_some(parts)
}

/// uα with the number of code points it rests on: the length of the continua two coders or
/// more coded (l_·· counts each once per coder).
pub fn u_alpha(continua: &[Continuum], categories: usize) -> (Figure, usize) {
    // Index categories + 1 holds the gap.
    let gap = categories;
    let size = categories + 1;
    let mut observed = vec![0.0; size * size];
    let mut squares = vec![0.0; size];
    let mut points = 0;
    for continuum in continua {
        let Some(parts) = partitions(continuum) else {
            continue;
        };
        points += continuum.length;
        let weight = 1.0 / (parts.len() - 1) as f64;
        let index = |c: Option<u32>| c.map_or(gap, |c| c as usize);
        for (i, a) in parts.iter().enumerate() {
            for &(start, end, c) in a {
                let len = (end - start) as f64;
                squares[index(c)] += if c.is_none() { len } else { len * len };
            }
            for b in parts.iter().skip(i + 1) {
                overlaps(a, b, |len, c, k| {
                    observed[index(c) * size + index(k)] += weight * len;
                    observed[index(k) * size + index(c)] += weight * len;
                });
            }
        }
    }
    let total: f64 = observed.iter().sum();
    if total == 0.0 {
        return (Figure::Undefined(Undefined::NothingToPair), 0);
    }
    let marginal: Vec<f64> = (0..size)
        .map(|c| observed[c * size..(c + 1) * size].iter().sum())
        .collect();
    let disagreeing: f64 = (0..size)
        .flat_map(|c| (0..size).filter(move |&k| k != c).map(move |k| (c, k)))
        .map(|(c, k)| observed[c * size + k])
        .sum();
    if disagreeing == 0.0 {
        return (Figure::Value(1.0), points);
    }
    let all_squares: f64 = squares.iter().sum();
    let expected_agreeing: f64 = (0..size)
        .map(|c| total * (marginal[c] * marginal[c] - squares[c]) / (total * total - all_squares))
        .sum();
    let value = 1.0 - disagreeing / (total - expected_agreeing);
    (Figure::Value(value), points)
}

/// cuα (see the module) with the number of code points it rests on.
pub fn cu_alpha(continua: &[Continuum]) -> (Figure, usize) {
    let mut coincidences = Coincidences::default();
    let mut points = 0;
    let mut values = Vec::new();
    for continuum in continua {
        let Some(parts) = partitions(continuum) else {
            continue;
        };
        let mut cuts: Vec<usize> = parts.iter().flatten().map(|s| s.0).collect();
        cuts.push(continuum.length);
        cuts.sort_unstable();
        cuts.dedup();
        let mut at = vec![0usize; parts.len()];
        for piece in cuts.windows(2) {
            values.clear();
            for (coder, part) in parts.iter().enumerate() {
                while part[at[coder]].1 <= piece[0] {
                    at[coder] += 1;
                }
                values.push(part[at[coder]].2);
            }
            if values.iter().flatten().count() >= 2 {
                points += piece[1] - piece[0];
                coincidences.add(&values, (piece[1] - piece[0]) as f64);
            }
        }
    }
    (coincidences.alpha(), points)
}

/// Calls `each(length, category of a, category of b)` for every stretch where the partitions
/// `a` and `b` of one continuum overlap.
fn overlaps(a: &[Segment], b: &[Segment], mut each: impl FnMut(f64, Option<u32>, Option<u32>)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].0.max(b[j].0);
        let end = a[i].1.min(b[j].1);
        if end > start {
            each((end - start) as f64, a[i].2, b[j].2);
        }
        if a[i].1 <= b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(start: usize, end: usize, category: u32) -> Unit {
        Unit {
            start,
            end,
            category,
        }
    }

    #[test]
    fn a_partition_clips_overlaps_and_fills_gaps() {
        let units = [unit(5, 8, 0), unit(2, 6, 1), unit(6, 7, 0)];
        assert_eq!(
            partition(&units, 10),
            [
                (0, 2, None),
                (2, 6, Some(1)),
                (6, 8, Some(0)),
                (8, 10, None)
            ]
        );
        assert_eq!(partition(&[], 3), [(0, 3, None)]);
    }

    #[test]
    fn identical_unitizing_is_one_and_coders_of_different_documents_pair_nothing() {
        let same = Continuum {
            length: 20,
            coders: vec![Some(vec![unit(3, 9, 0)]), Some(vec![unit(3, 9, 0)])],
        };
        assert_eq!(
            u_alpha(std::slice::from_ref(&same), 1).0,
            Figure::Value(1.0)
        );
        assert_eq!(cu_alpha(&[same]).0, Figure::Value(1.0));
        let apart = [
            Continuum {
                length: 20,
                coders: vec![Some(vec![unit(3, 9, 0)]), None],
            },
            Continuum {
                length: 20,
                coders: vec![None, Some(vec![unit(3, 9, 0)])],
            },
        ];
        let nothing = Figure::Undefined(Undefined::NothingToPair);
        assert_eq!(u_alpha(&apart, 1).0, nothing);
        assert_eq!(cu_alpha(&apart).0, nothing);
    }

    #[test]
    fn a_unit_against_nothing_is_disagreement() {
        let one_sided = Continuum {
            length: 20,
            coders: vec![Some(vec![unit(3, 9, 0)]), Some(vec![])],
        };
        match u_alpha(&[one_sided], 1).0 {
            Figure::Value(v) => assert!(v < 0.0, "{v}"),
            other => panic!("{other:?}"),
        }
    }
}
