//! brat's own rules for overlapping entities, applied to gloss's brat export.
//!
//! brat (nlplab/brat) is a Python web application that cannot be installed here as a package, so
//! this file re-implements the part of its verifier that a multi-tag export trips on, from its
//! source: `verify_entity_overlap` and `verify_annotation_types` in
//! `server/src/verify_annotations.py`, with the configuration they consult, `overlap_types`,
//! `spans_can_be_equal`, `span_can_contain` and `spans_can_cross` in
//! `server/src/projectconfig.py`, and `same_span` and `contains` of `TextBoundAnnotation` in
//! `server/src/annotation.py`. The messages are brat's.

mod common;

use std::collections::BTreeSet;

use gloss::core::corpus::Corpus;
use gloss::core::formats::{self, Material, Scope};

/// One `<OVERLAP>` line of `[relations]`: the types of Arg1 and Arg2 and the `<OVL-TYPE>`s.
struct OverlapRule {
    arg1: Vec<String>,
    arg2: Vec<String>,
    kinds: Vec<String>,
}

/// What brat reads from an `annotation.conf` for these checks.
struct Config {
    entity_types: BTreeSet<String>,
    overlap: Vec<OverlapRule>,
}

impl Config {
    /// Sections are `[name]` lines; in each, a line is `TERMS ARGS` with TERMS `|`-separated
    /// (the first, without a leading `!`, is the type) and ARGS `,`-separated `KEY:VALUES`.
    fn parse(text: &str) -> Config {
        let mut config = Config {
            entity_types: BTreeSet::new(),
            overlap: Vec::new(),
        };
        let mut section = String::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') && trimmed.ends_with(']') {
                section = trimmed[1..trimmed.len() - 1].to_owned();
                continue;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (terms, args) = match trimmed.split_once(char::is_whitespace) {
                Some((t, a)) => (t, a.trim()),
                None => (trimmed, ""),
            };
            let first = terms.split('|').next().unwrap().trim_start_matches('!');
            let args: Vec<(&str, &str)> = args
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.split_once(':').expect("KEY:VALUE"))
                .collect();
            let values = |key: &str| -> Vec<String> {
                args.iter()
                    .filter(|(k, _)| *k == key)
                    .flat_map(|(_, v)| v.split('|').map(str::to_owned))
                    .collect()
            };
            match section.as_str() {
                "entities" => {
                    config.entity_types.insert(first.to_owned());
                }
                "relations" if first == "<OVERLAP>" => config.overlap.push(OverlapRule {
                    arg1: values("Arg1"),
                    arg2: values("Arg2"),
                    kinds: values("<OVL-TYPE>"),
                }),
                _ => {}
            }
        }
        config
    }

    /// A configured argument type matches an annotation type as `__directory_relations_by_arg_num`
    /// decides: the same, `<ANY>`, or `<ENTITY>` for an entity type.
    fn matches(&self, configured: &str, ty: &str) -> bool {
        configured == ty
            || configured == "<ANY>"
            || (configured == "<ENTITY>" && self.entity_types.contains(ty))
    }

    fn overlap_types(&self, inner: &str, outer: &str) -> BTreeSet<&str> {
        self.overlap
            .iter()
            .filter(|r| r.arg1.iter().any(|t| self.matches(t, inner)))
            .filter(|r| r.arg2.iter().any(|t| self.matches(t, outer)))
            .flat_map(|r| r.kinds.iter().map(String::as_str))
            .collect()
    }

    /// `spans_can_be_equal` (kind `equal`) and `spans_can_cross` (kind `cross`): allowed either
    /// way round.
    fn allows(&self, kind: &str, t1: &str, t2: &str) -> bool {
        [(t1, t2), (t2, t1)].iter().any(|(a, b)| {
            self.overlap_types(a, b)
                .iter()
                .any(|k| *k == kind || *k == "<ANY>")
        })
    }

    /// `span_can_contain(inner, outer)`: `contain` from inner to outer, or `<ANY>` either way.
    fn can_contain(&self, inner: &str, outer: &str) -> bool {
        let there = self.overlap_types(inner, outer);
        there.contains("contain")
            || there.contains("<ANY>")
            || self.overlap_types(outer, inner).contains("<ANY>")
    }
}

/// A text-bound annotation: `T1\tType 0 5;6 9\ttext`.
struct TextBound {
    id: String,
    ty: String,
    spans: Vec<(usize, usize)>,
}

impl TextBound {
    fn first_start(&self) -> usize {
        self.spans.iter().map(|s| s.0).min().unwrap()
    }
    fn last_end(&self) -> usize {
        self.spans.iter().map(|s| s.1).max().unwrap()
    }
    fn same_span(&self, other: &TextBound) -> bool {
        let mine: BTreeSet<_> = self.spans.iter().collect();
        let theirs: BTreeSet<_> = other.spans.iter().collect();
        mine == theirs
    }
    /// Every span of `other` inside one of these.
    fn contains(&self, other: &TextBound) -> bool {
        other
            .spans
            .iter()
            .all(|o| self.spans.iter().any(|s| o.0 >= s.0 && o.1 <= s.1))
    }
}

fn text_bounds(ann: &str) -> Vec<TextBound> {
    ann.lines()
        .filter(|l| l.starts_with('T'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let (ty, offsets) = cols[1].split_once(' ').unwrap();
            let spans = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    (s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            TextBound {
                id: cols[0].to_owned(),
                ty: ty.to_owned(),
                spans,
            }
        })
        .collect()
}

/// The errors brat's verifier reports on `ann` under `config`.
fn verify(config: &Config, ann: &str) -> Vec<String> {
    let anns = text_bounds(ann);
    let mut errors = Vec::new();
    for t in &anns {
        if !config.entity_types.contains(&t.ty) {
            errors.push(format!(
                "{}: Error: {} is not a known textbound type (check configuration?)",
                t.id, t.ty
            ));
        }
    }
    for a1 in &anns {
        for a2 in &anns {
            if std::ptr::eq(a1, a2)
                || !(a2.first_start() < a1.last_end() && a2.last_end() > a1.first_start())
            {
                continue;
            }
            let error = if a1.same_span(a2) {
                (!config.allows("equal", &a1.ty, &a2.ty)).then(|| {
                    format!(
                        "{} cannot have identical span with {} {}",
                        a1.ty, a2.ty, a2.id
                    )
                })
            } else if a2.contains(a1) {
                (!config.can_contain(&a1.ty, &a2.ty))
                    .then(|| format!("{} cannot be contained in {} ({})", a1.ty, a2.ty, a2.id))
            } else if a1.contains(a2) {
                (!config.can_contain(&a2.ty, &a1.ty))
                    .then(|| format!("{} cannot contain {} ({})", a1.ty, a2.ty, a2.id))
            } else {
                (!config.allows("cross", &a1.ty, &a2.ty))
                    .then(|| format!("annotation cannot have crossing span with {}", a2.id))
            };
            errors.extend(error.map(|e| format!("{}: Error: {e}", a1.id)));
        }
    }
    errors
}

/// Every error over the whole exported folder.
fn verify_folder(files: &[(String, String)]) -> Vec<String> {
    let conf = &files
        .iter()
        .find(|(p, _)| p == "annotation.conf")
        .unwrap()
        .1;
    let config = Config::parse(conf);
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".ann"))
        .flat_map(|(p, ann)| {
            verify(&config, ann)
                .into_iter()
                .map(move |e| format!("{p}: {e}"))
        })
        .collect()
}

/// The workspace's material; the corpus it borrows from lives as long as the test.
fn material(ws: &common::Workspace) -> Material<'static> {
    let corpus = Box::leak(Box::new(Corpus::open(&ws.corpus(), None).unwrap()));
    Material::collect(corpus, &Scope::default()).unwrap()
}

#[test]
fn brat_accepts_entities_that_share_nest_in_or_cross_one_another() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    // Besides the shipped annotations (each with two tags on one span), one nested inside
    // another and one crossing it.
    let first = (*m.docs[0].annotations[0]).clone();
    let mut nested = first.clone();
    nested.start += 5;
    nested.end -= 5;
    nested.tags = vec!["denial".into()];
    let mut crossing = first.clone();
    crossing.start += 10;
    crossing.end += 10;
    crossing.tags = vec!["statistic".into()];
    m.docs[0]
        .annotations
        .extend([nested, crossing].map(formats::Exported::from));
    let files: Vec<(String, String)> = formats::brat::files(&m).map(Result::unwrap).collect();
    assert_eq!(verify_folder(&files), Vec::<String>::new());

    // Without the rule, brat reports what the issue found: identical spans, and more.
    let without: Vec<(String, String)> = files
        .iter()
        .map(|(p, c)| {
            let c = c
                .lines()
                .filter(|l| !l.starts_with("<OVERLAP>"))
                .map(|l| format!("{l}\n"))
                .collect();
            (p.clone(), c)
        })
        .collect();
    let errors = verify_folder(&without);
    let identical = errors
        .iter()
        .filter(|e| e.contains("cannot have identical span"))
        .count();
    assert!(identical >= 14, "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("cannot be contained in")));
    assert!(errors.iter().any(|e| e.contains("crossing span")));
}

/// brat's annotation form offers an attribute only as `[attributes]` of `annotation.conf`
/// declares it, with its `Value:` list (`attribute_types` and `attribute_values` in brat's
/// `projectconfig.py`): every attribute of the export, the coders' names among them, must be
/// declared there with its value.
#[test]
fn every_attribute_the_export_writes_is_declared_with_its_value() {
    let ws = common::Workspace::new(true);
    let mut m = material(&ws);
    let mut other = (*m.docs[0].annotations[0]).clone();
    other.annotator = "Dana Scully".into();
    other.modified_by = "bob".into();
    other.tags = vec!["denial".into()];
    m.docs[0].annotations.push(formats::Exported::from(other));
    let files: Vec<(String, String)> = formats::brat::files(&m).map(Result::unwrap).collect();
    let conf = &files
        .iter()
        .find(|(p, _)| p == "annotation.conf")
        .unwrap()
        .1;
    let declared: Vec<(String, Vec<String>)> = conf
        .split("[attributes]")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, args) = l.split_once('\t').unwrap();
            assert!(args.starts_with("Arg:<ENTITY>, Value:"), "{l}");
            let values = args["Arg:<ENTITY>, Value:".len()..]
                .split('|')
                .map(str::to_owned)
                .collect();
            (name.to_owned(), values)
        })
        .collect();
    let mut coders = BTreeSet::new();
    for (path, ann) in files.iter().filter(|(p, _)| p.ends_with(".ann")) {
        for line in ann.lines().filter(|l| l.starts_with('A')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, target, value] = cols[1].split(' ').collect::<Vec<_>>()[..] else {
                panic!("{path}: {line}");
            };
            assert!(
                ann.contains(&format!("\n{target}\t")) || ann.starts_with(&format!("{target}\t"))
            );
            let values = &declared.iter().find(|(n, _)| n == name).unwrap().1;
            assert!(values.iter().any(|v| v == value), "{path}: {line}");
            if name == formats::brat::ANNOTATOR {
                coders.insert(value.to_owned());
            }
        }
    }
    assert_eq!(
        coders,
        BTreeSet::from(["Dana__Scully".to_owned(), "gloss-example".to_owned()])
    );
}
