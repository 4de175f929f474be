//! Agreement coefficients for coders who each give every unit one nominal value (or none):
//! Krippendorff's α, Cohen's κ and Fleiss' κ.
//!
//! Sources: Krippendorff, *Content Analysis* (2004), ch. 11, and "Computing Krippendorff's
//! alpha-reliability" (2011) for α with missing values; Cohen (1960) "A coefficient of agreement
//! for nominal scales"; Fleiss (1971) "Measuring nominal scale agreement among many raters".

use std::collections::HashMap;

use crate::core::agreement::Figure;
use crate::core::agreement::Undefined;

/// Reliability data: one row per unit, one column per coder, each cell a value (a small
/// integer naming a category) or `None` when the coder gave the unit no value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reliability {
    pub coders: usize,
    /// Row-major: unit `u`, coder `i` is `cells[u * coders + i]`.
    pub cells: Vec<Option<u32>>,
}

impl Reliability {
    pub fn new(coders: usize) -> Reliability {
        Reliability {
            coders,
            cells: Vec::new(),
        }
    }

    /// Adds a unit with one cell per coder, in coder order.
    pub fn push(&mut self, unit: &[Option<u32>]) {
        debug_assert_eq!(unit.len(), self.coders);
        self.cells.extend_from_slice(unit);
    }

    pub fn units(&self) -> impl Iterator<Item = &[Option<u32>]> {
        self.cells.chunks(self.coders.max(1))
    }

    pub fn len(&self) -> usize {
        self.cells.len() / self.coders.max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Krippendorff's coincidences, built unit by unit.
#[derive(Debug, Default)]
pub struct Coincidences {
    /// Σ_{c≠k} o_ck, summed directly so that full agreement is exactly zero.
    disagreeing: f64,
    /// `n_c`: how many pairable values c there are.
    marginal: HashMap<u32, f64>,
    /// Units that had at least two values.
    pub units: usize,
    /// How many of each value the unit being added has: kept to spare an allocation per unit.
    counts: Vec<(u32, f64)>,
}

impl Coincidences {
    /// Adds a unit's values (the `None`s ignored). A unit with fewer than two values has
    /// nothing to pair and adds nothing.
    pub fn add(&mut self, values: &[Option<u32>]) {
        let counts = &mut self.counts;
        counts.clear();
        for v in values.iter().flatten() {
            match counts.iter_mut().find(|(c, _)| c == v) {
                Some((_, n)) => *n += 1.0,
                None => counts.push((*v, 1.0)),
            }
        }
        let m: f64 = counts.iter().map(|(_, n)| n).sum();
        if m < 2.0 {
            return;
        }
        self.units += 1;
        let same: f64 = counts.iter().map(|(_, n)| n * n).sum();
        self.disagreeing += (m * m - same) / (m - 1.0);
        for &(c, n) in counts.iter() {
            *self.marginal.entry(c).or_default() += n;
        }
    }

    /// Nominal α = 1 − (n − 1) Σ_{c≠k} o_ck / (n² − Σ n_c²). Full agreement is 1, also when
    /// every value is the same (where the formula divides zero by zero).
    pub fn alpha(&self) -> Figure {
        if self.units == 0 {
            return Figure::Undefined(Undefined::NothingToPair);
        }
        if self.disagreeing == 0.0 {
            return Figure::Value(1.0);
        }
        let n: f64 = self.marginal.values().sum();
        let expected = n * n - self.marginal.values().map(|x| x * x).sum::<f64>();
        Figure::Value(1.0 - (n - 1.0) * self.disagreeing / expected)
    }
}

/// Krippendorff's α for nominal data, missing values allowed.
pub fn krippendorff_alpha(data: &Reliability) -> (Figure, usize) {
    let mut coincidences = Coincidences::default();
    for unit in data.units() {
        coincidences.add(unit);
    }
    (coincidences.alpha(), coincidences.units)
}

/// Cohen's κ between coders `a` and `b` over the units both gave a value, with that count.
pub fn cohen_kappa(data: &Reliability, a: usize, b: usize) -> (Figure, usize) {
    let mut agree = 0.0;
    let mut n = 0usize;
    let mut of_a: HashMap<u32, f64> = HashMap::new();
    let mut of_b: HashMap<u32, f64> = HashMap::new();
    for unit in data.units() {
        if let (Some(x), Some(y)) = (unit[a], unit[b]) {
            n += 1;
            if x == y {
                agree += 1.0;
            }
            *of_a.entry(x).or_default() += 1.0;
            *of_b.entry(y).or_default() += 1.0;
        }
    }
    if n == 0 {
        return (Figure::Undefined(Undefined::NothingToPair), 0);
    }
    let total = n as f64;
    let observed = agree / total;
    let chance: f64 = of_a
        .iter()
        .map(|(c, x)| x * of_b.get(c).copied().unwrap_or(0.0))
        .sum::<f64>()
        / (total * total);
    (kappa(observed, chance), n)
}

/// Fleiss' κ over the units that two coders or more gave a value, with that count.
///
/// Fleiss (1971) lets each unit be rated by different raters, but by the same number of them;
/// here a unit may have any number of values from two up (a coder may not have coded its
/// document), as in Fleiss' κ generalized to missing ratings (Gwet, *Handbook of Inter-Rater
/// Reliability*, 4th ed., 2014, on Fleiss' generalized kappa): p_o averages over those units the share of
/// agreeing pairs, Σ_k r_ik(r_ik − 1) / (r_i(r_i − 1)); the chance agreement is Σ_k π_k², where
/// π_k averages each unit's share r_ik / r_i of category k. With every unit rated by the same
/// number of coders this is Fleiss' κ.
pub fn fleiss_kappa(data: &Reliability) -> (Figure, usize) {
    let mut n = 0usize;
    let mut agreement = 0.0;
    let mut shares: HashMap<u32, f64> = HashMap::new();
    let mut counts: Vec<(u32, f64)> = Vec::new();
    for unit in data.units() {
        counts.clear();
        for v in unit.iter().flatten() {
            match counts.iter_mut().find(|(c, _)| c == v) {
                Some((_, k)) => *k += 1.0,
                None => counts.push((*v, 1.0)),
            }
        }
        let r: f64 = counts.iter().map(|(_, k)| k).sum();
        if r < 2.0 {
            continue;
        }
        n += 1;
        let pairs: f64 = counts.iter().map(|(_, k)| k * (k - 1.0)).sum();
        agreement += pairs / (r * (r - 1.0));
        for (c, k) in &counts {
            *shares.entry(*c).or_default() += k / r;
        }
    }
    if n == 0 {
        return (Figure::Undefined(Undefined::NothingToPair), 0);
    }
    let units = n as f64;
    let chance: f64 = shares.values().map(|s| (s / units).powi(2)).sum();
    (kappa(agreement / units, chance), n)
}

/// κ = (p_o − p_e) / (1 − p_e); 1 for full agreement, also when chance agreement is certain.
fn kappa(observed: f64, chance: f64) -> Figure {
    if observed >= 1.0 {
        return Figure::Value(1.0);
    }
    Figure::Value((observed - chance) / (1.0 - chance))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(rows: &[&[Option<u32>]]) -> Reliability {
        let mut d = Reliability::new(rows[0].len());
        for r in rows {
            d.push(r);
        }
        d
    }

    fn value(f: Figure) -> f64 {
        match f {
            Figure::Value(v) => v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn krippendorffs_worked_example_with_missing_values() {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
        // coders, twelve units, nominal α = 0.743.
        let n = None;
        let s = Some;
        let rows: [[Option<u32>; 4]; 12] = [
            [s(1), s(1), n, s(1)],
            [s(2), s(2), s(3), s(2)],
            [s(3), s(3), s(3), s(3)],
            [s(3), s(3), s(3), s(3)],
            [s(2), s(2), s(2), s(2)],
            [s(1), s(2), s(3), s(4)],
            [s(4), s(4), s(4), s(4)],
            [s(1), s(1), s(2), s(1)],
            [s(2), s(2), s(2), s(2)],
            [n, s(5), s(5), s(5)],
            [n, n, s(1), s(1)],
            [n, n, s(3), n],
        ];
        let rows: Vec<&[Option<u32>]> = rows.iter().map(|r| &r[..]).collect();
        let (alpha, units) = krippendorff_alpha(&data(&rows));
        assert!((value(alpha) - 0.743).abs() < 5e-4);
        assert_eq!(units, 11, "the unit with one value pairs with nothing");
    }

    #[test]
    fn full_agreement_is_one_even_without_variation() {
        let rows: Vec<&[Option<u32>]> = vec![&[Some(0), Some(0)], &[Some(0), Some(0)]];
        let d = data(&rows);
        assert_eq!(krippendorff_alpha(&d).0, Figure::Value(1.0));
        assert_eq!(cohen_kappa(&d, 0, 1).0, Figure::Value(1.0));
        assert_eq!(fleiss_kappa(&d).0, Figure::Value(1.0));
    }

    #[test]
    fn nothing_to_pair_is_said_not_computed() {
        let rows: Vec<&[Option<u32>]> = vec![&[Some(0), None], &[None, Some(1)]];
        let d = data(&rows);
        let nothing = Figure::Undefined(Undefined::NothingToPair);
        assert_eq!(krippendorff_alpha(&d), (nothing.clone(), 0));
        assert_eq!(cohen_kappa(&d, 0, 1), (nothing.clone(), 0));
        assert_eq!(fleiss_kappa(&d), (nothing, 0));
    }
}
