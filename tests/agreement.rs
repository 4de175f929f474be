//! Every agreement figure gloss computes, against independent reference implementations on
//! generated data, to 1e-9: the Python packages `krippendorff` (α), scikit-learn's
//! `cohen_kappa_score` and `nltk.metrics.agreement` (Cohen's and Fleiss' κ), `agreement`
//! (Fleiss' κ when coders coded different units),
//! `krippendorff-unitized-alpha` (uα), `nltk.metrics.scores` (exact span precision/recall/F1),
//! and, for cuα, which no package this project can install implements, the reference script's
//! own code written from Krippendorff et al. (2016)'s formulas (our reading, as gloss's is), and
//! for overlapping span matches its own count of gloss's rule; uα and cuα also against the figures
//! Krippendorff (2019) publishes for his worked example, and against figures recorded from the R
//! package quallmer.
//! `.ci/run` installs them; without python the test says so and passes, without the packages
//! it fails.

use std::io::Write as _;
use std::process::{Command, Stdio};

use gloss::core::agreement::Figure;
use gloss::core::agreement::coefficients::{self, Reliability};
use gloss::core::agreement::spans::{self, Span};
use gloss::core::agreement::unitizing::{self, Continuum, Unit};
use serde_json::{Value, json};

/// xorshift64: the same cases on every run, no crate needed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn value(figure: &Figure) -> f64 {
    match figure {
        Figure::Value(v) => *v,
        Figure::Undefined(why) => panic!("no figure: {}", why.meaning()),
    }
}

/// The reference figures for `cases`, or `None` when there is no python to ask.
fn reference(cases: &Value) -> Option<Vec<Value>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement_reference.py");
    let child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "SKIPPED: python3 is not installed, so the reference figures cannot be computed"
            );
            return None;
        }
        Err(e) => panic!("cannot run python3: {e}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(cases.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the reference script failed (install its packages as .ci/run does):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn close(ours: f64, theirs: &Value, what: &str) {
    let theirs = theirs
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {theirs}"));
    assert!(
        (ours - theirs).abs() < 1e-9,
        "{what}: gloss {ours}, reference {theirs}"
    );
}

fn reliability(
    rng: &mut Rng,
    coders: usize,
    units: usize,
    values: u64,
    missing: u64,
) -> Reliability {
    let mut data = Reliability::new(coders);
    let mut row = Vec::new();
    while data.len() < units {
        row.clear();
        // A unit mostly agreed on, so that the coefficients span a useful range.
        let agreed = rng.below(values) as u32;
        for _ in 0..coders {
            row.push(match rng.below(10) {
                r if r < missing => None,
                r if r < 6 => Some(agreed),
                _ => Some(rng.below(values) as u32),
            });
        }
        data.push(&row);
    }
    data
}

#[test]
fn alpha_and_kappa_match_krippendorff_sklearn_and_nltk() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut datasets = Vec::new();
    for (coders, units, values, missing) in
        [(2, 40, 2, 0), (2, 200, 4, 2), (3, 150, 3, 2), (4, 90, 5, 1)]
    {
        for _ in 0..3 {
            datasets.push(reliability(&mut rng, coders, units, values, missing));
        }
    }
    let cases: Vec<Value> = datasets
        .iter()
        .map(|d| json!({"kind": "coding", "coders": d.coders, "units": d.units().collect::<Vec<_>>()}))
        .collect();
    let Some(answers) = reference(&json!(cases)) else {
        return;
    };
    for (d, answer) in datasets.iter().zip(&answers) {
        close(
            value(&coefficients::krippendorff_alpha(d).0),
            &answer["alpha"],
            "alpha",
        );
        close(
            value(&coefficients::fleiss_kappa(d).0),
            &answer["fleiss_missing"],
            "Fleiss' kappa, missing values",
        );
        // nltk's takes complete data: the units every coder coded.
        let mut complete = Reliability::new(d.coders);
        for unit in d.units().filter(|u| u.iter().all(Option::is_some)) {
            complete.push(unit);
        }
        close(
            value(&coefficients::fleiss_kappa(&complete).0),
            &answer["fleiss_nltk"],
            "Fleiss' kappa, complete units",
        );
        if d.coders == 2 {
            let (kappa, _) = coefficients::cohen_kappa(d, 0, 1);
            close(
                value(&kappa),
                &answer["cohen_sklearn"],
                "Cohen's kappa (sklearn)",
            );
            close(value(&kappa), &answer["cohen_nltk"], "Cohen's kappa (nltk)");
        }
    }
}

/// Units that do not overlap within one coder, as a unitizing is.
fn unitizing_case(
    rng: &mut Rng,
    coders: usize,
    documents: usize,
    categories: u64,
) -> Vec<Continuum> {
    (0..documents)
        .map(|_| {
            let length = 150 + rng.below(100) as usize;
            // Shared places, which each coder takes, shifts or leaves, so that coders agree
            // in part.
            let mut places = Vec::new();
            let mut at = rng.below(10) as usize;
            while at + 30 < length {
                let len = 3 + rng.below(20) as usize;
                places.push((at, at + len, rng.below(categories) as u32));
                at += len + 1 + rng.below(15) as usize;
            }
            let coders = (0..coders)
                .map(|_| {
                    let mut units = Vec::new();
                    let mut end = 0;
                    for &(s, e, c) in &places {
                        if rng.below(5) == 0 {
                            continue;
                        }
                        let start = (s + rng.below(3) as usize).max(end);
                        let stop = e + rng.below(3) as usize;
                        let category = if rng.below(4) == 0 {
                            rng.below(categories) as u32
                        } else {
                            c
                        };
                        if start < stop {
                            units.push(Unit {
                                start,
                                end: stop,
                                category,
                            });
                            end = stop;
                        }
                    }
                    Some(units)
                })
                .collect();
            Continuum { length, coders }
        })
        .collect()
}

#[test]
fn unitizing_alpha_matches_krippendorff_unitized_alpha_and_cu_alpha_the_papers_formulas() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut sets = Vec::new();
    for (coders, documents, categories) in [(2, 1, 1), (2, 4, 3), (3, 3, 2), (3, 5, 4), (4, 2, 3)] {
        sets.push((
            unitizing_case(&mut rng, coders, documents, categories),
            categories as usize,
        ));
    }
    let cases: Vec<Value> = sets
        .iter()
        .map(|(continua, categories)| {
            let documents: Vec<Value> = continua
                .iter()
                .map(|c| {
                    let units: Vec<Vec<(usize, usize, u32)>> = c
                        .coders
                        .iter()
                        .map(|u| {
                            u.iter()
                                .flatten()
                                .map(|u| (u.start, u.end, u.category))
                                .collect()
                        })
                        .collect();
                    json!({"length": c.length, "units": units})
                })
                .collect();
            json!({
                "kind": "unitizing",
                "coders": continua[0].coders.len(),
                "categories": categories,
                "documents": documents,
            })
        })
        .collect();
    let Some(answers) = reference(&json!(cases)) else {
        return;
    };
    for ((continua, categories), answer) in sets.iter().zip(&answers) {
        close(
            value(&unitizing::u_alpha(continua, *categories).0),
            &answer["u_alpha"],
            "u-alpha",
        );
        if *categories > 1 {
            close(
                value(&unitizing::cu_alpha(continua).0),
                &answer["cu_alpha"],
                "cu-alpha",
            );
        }
    }
}

/// Krippendorff, *Content Analysis* (4th ed., 2019), figure 12.11: three observers unitize a
/// continuum of 60 (code points 1–60 there, each unit's ends included) into values 1–7, and the
/// book gives uα = .510 and cuα = .724. The data and the figures are as the R package quallmer's
/// test suite transcribes them (`tests/testthat/test-alpha_u.R`), the only published worked
/// example of cuα found; figures to the book's three decimals.
#[test]
fn cu_alpha_reproduces_the_books_worked_example() {
    let observer = |units: &[(usize, usize, u32)]| {
        Some(
            units
                .iter()
                .map(|&(first, last, category)| Unit {
                    start: first - 1,
                    end: last,
                    category,
                })
                .collect::<Vec<_>>(),
        )
    };
    let alex = [
        (1, 7, 1),
        (8, 13, 2),
        (31, 32, 5),
        (33, 37, 6),
        (38, 44, 6),
        (45, 60, 7),
    ];
    let paul = [(1, 7, 1), (8, 13, 3), (14, 21, 5), (33, 44, 6)];
    let suzan = [
        (1, 7, 1),
        (8, 13, 4),
        (14, 21, 5),
        (33, 37, 6),
        (38, 41, 6),
        (42, 44, 6),
    ];
    let continuum = [Continuum {
        length: 60,
        coders: vec![observer(&alex), observer(&paul), observer(&suzan)],
    }];
    let book = |ours: f64, published: f64, what: &str| {
        assert!(
            (ours - published).abs() < 0.0005,
            "{what}: gloss {ours}, the book {published}"
        );
    };
    book(
        value(&unitizing::u_alpha(&continuum, 8).0),
        0.510,
        "u-alpha",
    );
    book(value(&unitizing::cu_alpha(&continuum).0), 0.724, "cu-alpha");
}

/// Continua (length, each coder's units as code points `start..end` with a category) and the
/// uα and cuα that the R package quallmer's `reliability_alpha_u` (its development sources of
/// 2026, written from Krippendorff 2019, independently of gloss) gives for them, run once under
/// R 4.2.2 from Debian and recorded here: quallmer is on CRAN only, out of this project's
/// reach, so CI cannot run it. (Run again on the `agree12` branch, its `reliability_alpha_u`
/// gave every figure below to the 15 decimals printed, and uα .510, cuα .728 on the book's
/// example above.) Its cuα counts a code point of a unit pairable once whatever the number of
/// other coders who put a unit there (see `unitizing`'s module), so for more than two coders
/// only its uα is compared, and its cuα where every pair agrees (1).
type Recorded = (usize, &'static [&'static [(usize, usize, u32)]], f64, f64);
const QUALLMER: [Recorded; 7] = [
    (
        75,
        &[
            &[
                (13, 17, 1),
                (20, 25, 0),
                (34, 43, 1),
                (48, 55, 2),
                (63, 67, 2),
            ],
            &[(4, 9, 0), (21, 27, 2), (34, 41, 2), (62, 66, 1)],
        ],
        0.071352764047497,
        -0.347457627118644,
    ),
    (
        87,
        &[
            &[
                (5, 14, 2),
                (18, 21, 1),
                (22, 29, 1),
                (32, 35, 0),
                (53, 54, 2),
                (62, 68, 0),
                (73, 77, 0),
                (78, 85, 1),
            ],
            &[
                (7, 13, 1),
                (18, 20, 1),
                (23, 30, 1),
                (32, 37, 0),
                (39, 48, 0),
                (53, 55, 0),
                (62, 69, 0),
                (73, 79, 2),
                (80, 83, 1),
            ],
        ],
        0.401577936571102,
        0.450135553834237,
    ),
    (
        73,
        &[
            &[(3, 6, 2), (56, 64, 1)],
            &[
                (1, 7, 0),
                (12, 21, 0),
                (24, 32, 0),
                (36, 42, 1),
                (45, 52, 0),
                (57, 65, 2),
            ],
        ],
        -0.086095739723709,
        -0.173553719008265,
    ),
    (
        81,
        &[
            &[
                (5, 15, 1),
                (17, 18, 1),
                (23, 32, 1),
                (32, 34, 2),
                (40, 48, 1),
                (48, 57, 0),
                (63, 70, 0),
            ],
            &[(33, 35, 2), (40, 48, 1), (59, 61, 1), (63, 70, 0)],
            &[
                (6, 14, 1),
                (15, 17, 0),
                (21, 31, 1),
                (41, 48, 1),
                (49, 55, 0),
                (57, 61, 1),
            ],
        ],
        0.318494487999760,
        1.000000000000000,
    ),
    (
        69,
        &[
            &[
                (1, 3, 0),
                (5, 10, 1),
                (36, 39, 2),
                (40, 46, 2),
                (49, 54, 1),
                (56, 57, 2),
                (59, 67, 2),
            ],
            &[
                (2, 4, 0),
                (4, 10, 1),
                (15, 21, 0),
                (23, 28, 2),
                (36, 37, 2),
                (39, 45, 2),
                (51, 54, 1),
                (60, 68, 2),
            ],
            &[
                (1, 3, 0),
                (5, 9, 2),
                (16, 21, 1),
                (24, 30, 2),
                (36, 39, 2),
                (39, 45, 2),
                (49, 55, 1),
                (57, 58, 2),
                (60, 68, 2),
            ],
            &[
                (0, 2, 0),
                (5, 10, 0),
                (14, 21, 0),
                (24, 29, 1),
                (35, 39, 2),
                (39, 46, 2),
                (49, 55, 0),
                (55, 57, 2),
            ],
        ],
        0.352320840065665,
        0.455213352091864,
    ),
    // Recorded on the `agree12` branch the same way: units at both ends of the continuum and
    // next to each other, one of them with the same category as its neighbour.
    (
        40,
        &[
            &[(0, 5, 0), (5, 10, 1), (10, 18, 1), (30, 40, 2)],
            &[(0, 3, 0), (3, 10, 1), (11, 20, 2), (29, 40, 2)],
        ],
        0.578471001757469,
        0.525160802118804,
    ),
    // A third coder who coded the continuum and put no unit on it.
    (
        50,
        &[
            &[(2, 9, 1), (19, 30, 2), (40, 50, 1)],
            &[(3, 9, 1), (21, 33, 2)],
            &[],
        ],
        0.146337913294435,
        1.0,
    ),
];

#[test]
fn unitizing_alpha_matches_quallmers_recorded_figures() {
    for (n, (length, coders, u, cu)) in QUALLMER.iter().enumerate() {
        let continuum = [Continuum {
            length: *length,
            coders: coders
                .iter()
                .map(|units| {
                    Some(
                        units
                            .iter()
                            .map(|&(start, end, category)| Unit {
                                start,
                                end,
                                category,
                            })
                            .collect(),
                    )
                })
                .collect(),
        }];
        let ours = value(&unitizing::u_alpha(&continuum, 3).0);
        assert!(
            (ours - u).abs() < 1e-9,
            "case {n}: uα gloss {ours}, quallmer {u}"
        );
        let ours = value(&unitizing::cu_alpha(&continuum).0);
        if coders.len() == 2 || *cu == 1.0 {
            assert!(
                (ours - cu).abs() < 1e-9,
                "case {n}: cuα gloss {ours}, quallmer {cu}"
            );
        } else {
            assert!(
                (ours - cu).abs() > 1e-3,
                "case {n}: cuα the same as quallmer's"
            );
        }
    }
}

#[test]
fn span_scores_match_nltk_and_the_overlap_rule() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    let mut pairs: Vec<(Vec<Span>, Vec<Span>)> = Vec::new();
    for _ in 0..6 {
        let mut a = Vec::new();
        let mut b = Vec::new();
        for _ in 0..80 {
            let doc = rng.below(5) as usize;
            let start = rng.below(500) as usize;
            let span = (
                doc,
                start,
                start + 1 + rng.below(30) as usize,
                rng.below(3) as u32,
            );
            match rng.below(4) {
                0 => a.push(span),
                1 => b.push(span),
                2 => {
                    a.push(span);
                    b.push(span);
                }
                _ => {
                    a.push(span);
                    b.push((span.0, span.1 + rng.below(8) as usize, span.2 + 4, span.3));
                }
            }
        }
        pairs.push((a, b));
    }
    let cases: Vec<Value> = pairs
        .iter()
        .map(|(a, b)| json!({"kind": "spans", "a": a, "b": b}))
        .collect();
    let Some(answers) = reference(&json!(cases)) else {
        return;
    };
    for ((a, b), answer) in pairs.iter().zip(&answers) {
        let (exact, overlap) = spans::scores(a, b);
        for (scores, key) in [(exact, "exact"), (overlap, "overlap")] {
            close(value(&scores.precision), &answer[key][0], key);
            close(value(&scores.recall), &answer[key][1], key);
            close(value(&scores.f1), &answer[key][2], key);
        }
    }
}
