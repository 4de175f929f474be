//! Properties of the unitizing coefficients for any number of coders, on random unitizings:
//! what no reference implementation checks for more than two coders' cuα (see
//! `core::agreement::unitizing`), and what must hold of uα too. Full agreement is 1; neither
//! the order of the coders nor the order of the documents changes a figure; a coder who did not
//! code a document changes nothing there.

mod common;

use gloss::core::agreement::Figure;
use gloss::core::agreement::unitizing::{Continuum, Unit, cu_alpha, u_alpha};
use proptest::prelude::*;

const CATEGORIES: u32 = 3;

/// One coder's units on a continuum of `length`: non-overlapping, in order.
fn unitizing(length: usize) -> impl Strategy<Value = Vec<Unit>> {
    prop::collection::vec((0..20usize, 1..25usize, 0..CATEGORIES), 0..8).prop_map(move |steps| {
        let mut at = 0;
        let mut units = Vec::new();
        for (gap, len, category) in steps {
            let start = at + gap;
            let end = (start + len).min(length);
            if start >= end {
                break;
            }
            units.push(Unit {
                start,
                end,
                category,
            });
            at = end;
        }
        units
    })
}

/// `coders` coders' unitizings of 1 to 4 documents; now and then a coder skips a document.
fn continua(coders: usize) -> impl Strategy<Value = Vec<Continuum>> {
    let document = (40..160usize).prop_flat_map(move |length| {
        prop::collection::vec(
            (any::<u8>(), unitizing(length))
                .prop_map(|(skip, units)| (skip % 6 != 0).then_some(units)),
            coders,
        )
        .prop_map(move |coders| Continuum { length, coders })
    });
    prop::collection::vec(document, 1..4)
}

fn figure(f: Figure) -> Option<f64> {
    match f {
        Figure::Value(v) => Some(v),
        Figure::Undefined(_) => None,
    }
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    #[test]
    fn neither_coder_nor_document_order_changes_a_figure(
        seed in any::<u64>(),
        data in (2..6usize).prop_flat_map(continua),
    ) {
        let m = data[0].coders.len();
        // A permutation of the coders, from the seed.
        let mut order: Vec<usize> = (0..m).collect();
        let mut s = seed | 1;
        for i in (1..m).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            order.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let permuted: Vec<Continuum> = data
            .iter()
            .rev()
            .map(|c| Continuum {
                length: c.length,
                coders: order.iter().map(|&i| c.coders[i].clone()).collect(),
            })
            .collect();
        let k = CATEGORIES as usize;
        prop_assert!(same(figure(u_alpha(&data, k).0), figure(u_alpha(&permuted, k).0)));
        prop_assert!(same(figure(cu_alpha(&data).0), figure(cu_alpha(&permuted).0)));
        prop_assert_eq!(u_alpha(&data, k).1, u_alpha(&permuted, k).1);
        prop_assert_eq!(cu_alpha(&data).1, cu_alpha(&permuted).1);
    }

    #[test]
    fn coders_who_all_unitize_alike_agree_fully(
        coders in 2..6usize,
        length in 40..160usize,
        units in unitizing(160),
    ) {
        let units: Vec<Unit> = units.into_iter().filter(|u| u.end <= length).collect();
        let doc = Continuum { length, coders: vec![Some(units.clone()); coders] };
        let data = [doc];
        prop_assert_eq!(u_alpha(&data, CATEGORIES as usize).0, Figure::Value(1.0));
        if !units.is_empty() {
            prop_assert_eq!(cu_alpha(&data).0, Figure::Value(1.0));
        }
    }

    #[test]
    fn a_coder_who_skipped_a_document_changes_nothing_there(
        data in continua(3),
    ) {
        // The same documents with a fourth coder who coded none of them.
        let more: Vec<Continuum> = data
            .iter()
            .map(|c| {
                let mut coders = c.coders.clone();
                coders.insert(1, None);
                Continuum { length: c.length, coders }
            })
            .collect();
        let k = CATEGORIES as usize;
        prop_assert!(same(figure(u_alpha(&data, k).0), figure(u_alpha(&more, k).0)));
        prop_assert!(same(figure(cu_alpha(&data).0), figure(cu_alpha(&more).0)));
    }

    #[test]
    fn u_alpha_is_at_most_one(data in (2..6usize).prop_flat_map(continua)) {
        if let Some(v) = figure(u_alpha(&data, CATEGORIES as usize).0) {
            prop_assert!(v <= 1.0 + 1e-12, "{}", v);
        }
        if let Some(v) = figure(cu_alpha(&data).0) {
            prop_assert!(v <= 1.0 + 1e-12, "{}", v);
        }
    }
}
