//! `gloss agree` on a corpus of 1,000 documents, each coded by three coders, 30,000 annotations
//! in all: everything (sentences, unitizing, spans) for every tag and group. It must take well
//! under a second. Run with `cargo bench --bench agreement`.
//!
//! The corpus is made once, before anything is measured (making it takes longer than the
//! agreement: each annotation finds its quote and context). Two figures: the time it takes
//! (`wall`), and the processor time it uses (`cpu`, every thread's, from `/proc/self/stat` on
//! Linux), which a busy machine does not inflate as it does the time taken: agreement shares the
//! documents out among the cores, so on an idle machine `cpu` exceeds `wall`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

use gloss::core::agreement::{Coded, Request, agree};
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::corpus::DEFAULT_TAGS;
use gloss::core::documents::sentences;
use gloss::core::documents::text::CharIndex;
use gloss::core::tags::TagSet;

const SHIPPED: &str = include_str!("../corpus/004_5fd63ba584e4c364.txt");
const DOCUMENTS: usize = 1000;
const CODERS: [&str; 3] = ["alice", "bob", "carol"];
/// Per coder per document: 3 × 10 × 1,000 = 30,000.
const PER_CODER: usize = 10;

fn corpus(scheme: &TagSet) -> Vec<(String, Vec<Annotation>)> {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    (0..DOCUMENTS)
        .map(|d| {
            let text = format!("Document {d}.\n\n{SHIPPED}");
            let index = CharIndex::new(&text);
            let sentences = sentences::split(&text);
            let mut annotations = Vec::new();
            for coder in CODERS {
                let stamp = Stamp {
                    annotator: coder.into(),
                    time: "2026-01-01T00:00:00Z".into(),
                };
                for i in 0..PER_CODER {
                    // Mostly the same sentences and tags, so that the coders agree in part.
                    let s = if next(4) == 0 {
                        next(sentences.len())
                    } else {
                        i * 3 % sentences.len()
                    };
                    let tag = if next(4) == 0 {
                        next(scheme.tags.len())
                    } else {
                        i % scheme.tags.len()
                    };
                    let span = sentences[s].clone();
                    let tags = vec![scheme.tags[tag].name.clone()];
                    annotations.push(Annotation::new(&text, &index, span, tags, &stamp));
                }
            }
            (text, annotations)
        })
        .collect()
}

/// The processor time this process has used so far, all threads, user and system; `None`
/// where `/proc` is not there.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command (in parentheses, which may hold spaces): utime and stime are the
    // 12th and 13th, in clock ticks of 1/100 s on Linux.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn agreement(c: &mut Criterion) {
    let scheme = TagSet::parse(DEFAULT_TAGS, std::path::Path::new("tags.toml")).unwrap();
    let corpus = corpus(&scheme);
    let docs: Vec<Coded<'_>> = corpus
        .iter()
        .map(|(text, annotations)| Coded { text, annotations })
        .collect();
    let request = Request::default();
    let mut group = c.benchmark_group("agree 1000 documents, 3 coders, 30000 annotations");
    group.sample_size(10);
    group.bench_function("wall", |b| b.iter(|| agree(&docs, &scheme, &request)));
    if cpu_time().is_some() {
        group.bench_function("cpu", |b| {
            b.iter_custom(|iters| {
                let before = cpu_time().unwrap_or_default();
                for _ in 0..iters {
                    std::hint::black_box(agree(&docs, &scheme, &request));
                }
                cpu_time().unwrap_or_default().saturating_sub(before)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, agreement);
criterion_main!(benches);
