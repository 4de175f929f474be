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
//! cuα (coding-only, Krippendorff et al. 2016; Krippendorff 2019, section 12.6.5, eqs. 36–37)
//! asks whether coders who put units on the same code points gave them the same category: the
//! observed coincidences are uα's restricted to categories (no gap), cu l_ck for c, k ≠ ∅, and
//! the expected ones `cu e_ck = cu l_·· (cu l_c· cu l_·k − [c=k] S*_c) / (cu l_··² − S*)`, where
//! S*_c sums, over every coder's units of category c, the square of the unit's pairable length
//! `cu l_icg = 1/(m−1) Σ_{j≠i} Σ_{k≠∅} Σ_h |s_icg ∩ s_jkh|`: what the unit adds to its row of
//! cu l, as a segment's length is what it adds to l in uα (each code point of the unit counts
//! once for every other coder who also put a unit there). cuα = 1 − (cu l_·· − Σ_c cu l_cc) /
//! (cu l_·· − Σ_c cu e_cc). Documents are pooled as for uα.
//!
//! For two coders, the pairable length is the code points of the unit that the other coder also
//! put in a unit. For more, counting such a code point once whatever the number of other coders
//! who put a unit there (as the R package quallmer's `reliability_alpha_u` does) is not what the
//! unit adds to cu l: on Krippendorff (2019)'s worked example of three observers (figure 12.11)
//! it gives cuα 0.728, where the book gives 0.724 (as quallmer's own tests quote it, with the
//! data), which the rule above reproduces (test `cu_alpha_reproduces_the_books_worked_example`).
//!
//! Checked in `tests/agreement.rs`: uα against the `krippendorff-unitized-alpha` package, cuα
//! against `tests/agreement_reference.py`, written from these formulas, code point by code point
//! (no package that this project can install implements cuα: `krippendorff-unitized-alpha` and
//! DKPro Agreement do uα only; quallmer is on CRAN only, which this project cannot reach), and
//! both against the figures that Krippendorff (2019) publishes for his worked example.

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
    let disagreeing: f64 = (0..size)
        .flat_map(|c| (0..size).filter(move |&k| k != c).map(move |k| (c, k)))
        .map(|(c, k)| observed[c * size + k])
        .sum();
    alpha(&observed, size, &squares, disagreeing, points)
}

/// Nominal α from a `size`² matrix of observed coincidences, its off-diagonal sum
/// (`disagreeing`, summed as it was built so that full agreement is exactly zero) and each
/// category's correction `squares` (S_c), as uα and cuα have them (see the module): the
/// expected coincidences are `l_·· (l_c·² − S_c) / (l_··² − S)` on the diagonal. With `points`,
/// the code points it rests on.
fn alpha(
    observed: &[f64],
    size: usize,
    squares: &[f64],
    disagreeing: f64,
    points: usize,
) -> (Figure, usize) {
    let total: f64 = observed.iter().sum();
    if total == 0.0 {
        return (Figure::Undefined(Undefined::NothingToPair), 0);
    }
    if disagreeing == 0.0 {
        return (Figure::Value(1.0), points);
    }
    let all_squares: f64 = squares.iter().sum();
    if total * total <= all_squares {
        return (Figure::Undefined(Undefined::SingleUnit), points);
    }
    let expected_agreeing: f64 = (0..size)
        .map(|c| {
            let marginal: f64 = observed[c * size..(c + 1) * size].iter().sum();
            total * (marginal * marginal - squares[c]) / (total * total - all_squares)
        })
        .sum();
    (
        Figure::Value(1.0 - disagreeing / (total - expected_agreeing)),
        points,
    )
}

/// cuα (see the module) with the number of code points it rests on: those where two coders or
/// more put a unit (counted once).
pub fn cu_alpha(continua: &[Continuum]) -> (Figure, usize) {
    // cu l_ck over categories (grown as categories appear), the squared pairable lengths S*_c,
    // the disagreeing part of l, and the code points two coders put a unit on.
    let mut observed: Vec<f64> = Vec::new();
    let mut size = 0;
    let mut squares: Vec<f64> = Vec::new();
    let mut disagreeing = 0.0;
    let mut points = 0;
    let mut values = Vec::new();
    for continuum in continua {
        let Some(parts) = partitions(continuum) else {
            continue;
        };
        let others = parts.len() - 1;
        let weight = 1.0 / others as f64;
        let mut cuts: Vec<usize> = parts.iter().flatten().map(|s| s.0).collect();
        cuts.push(continuum.length);
        cuts.sort_unstable();
        cuts.dedup();
        // Per coder: the segment the sweep is in, and its pairable length so far times m − 1
        // (code points times the other coders who put a unit on them).
        let mut at = vec![0usize; parts.len()];
        let mut pairable = vec![0usize; parts.len()];
        for piece in cuts.windows(2) {
            let len = piece[1] - piece[0];
            values.clear();
            for (coder, part) in parts.iter().enumerate() {
                while part[at[coder]].1 <= piece[0] {
                    settle(
                        &mut squares,
                        part[at[coder]].2,
                        &mut pairable[coder],
                        others,
                    );
                    at[coder] += 1;
                }
                values.push(part[at[coder]].2);
            }
            let coded = values.iter().flatten().count();
            if coded < 2 {
                continue;
            }
            points += len;
            let top = values.iter().flatten().max().map_or(0, |&c| c as usize + 1);
            if top > size {
                observed = grow(&observed, size, top);
                squares.resize(top, 0.0);
                size = top;
            }
            for (coder, c) in values.iter().enumerate() {
                let Some(c) = *c else { continue };
                pairable[coder] += len * (coded - 1);
                for k in values.iter().skip(coder + 1).flatten() {
                    let w = weight * len as f64;
                    observed[c as usize * size + *k as usize] += w;
                    observed[*k as usize * size + c as usize] += w;
                    if c != *k {
                        disagreeing += 2.0 * w;
                    }
                }
            }
        }
        for (coder, part) in parts.iter().enumerate() {
            settle(
                &mut squares,
                part[at[coder]].2,
                &mut pairable[coder],
                others,
            );
        }
    }
    alpha(&observed, size, &squares, disagreeing, points)
}

/// Adds a finished segment's pairable length (`pairable` / `others`, the number of other
/// coders m − 1), squared, to its category's S*_c (a gap adds nothing), and starts the next
/// segment's count at zero.
fn settle(squares: &mut [f64], category: Option<u32>, pairable: &mut usize, others: usize) {
    if let (Some(c), 1..) = (category, *pairable) {
        let length = *pairable as f64 / others as f64;
        squares[c as usize] += length * length;
    }
    *pairable = 0;
}

/// The `size`² matrix `old` laid out again as a `size_new`² one, zeros added.
fn grow(old: &[f64], size: usize, size_new: usize) -> Vec<f64> {
    let mut new = vec![0.0; size_new * size_new];
    for c in 0..size {
        new[c * size_new..c * size_new + size].copy_from_slice(&old[c * size..(c + 1) * size]);
    }
    new
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

    /// Worked by hand from the formulas: coders agree on 0..4 (category 0) and differ on 6..10
    /// (1 against 0). cu l: l_00 = 8, l_01 = l_10 = 4, l_·· = 16; S*_0 = 3 · 4², S*_1 = 4²;
    /// cu e_00 = 16 (12² − 48) / (16² − 64) = 8, cu e_11 = 0; cuα = 1 − 8 / (16 − 8) = 0.
    /// (α over the code points, which gloss computed before, says −0.25.)
    #[test]
    fn cu_alpha_by_hand() {
        let continuum = Continuum {
            length: 10,
            coders: vec![
                Some(vec![unit(0, 4, 0), unit(6, 10, 1)]),
                Some(vec![unit(0, 4, 0), unit(6, 10, 0)]),
            ],
        };
        assert_eq!(cu_alpha(&[continuum]), (Figure::Value(0.0), 8));
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
