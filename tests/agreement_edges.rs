//! `gloss agree`'s edge cases: each says what it means instead of printing a misleading number,
//! and full agreement is 1. Through the core, then once through the real binary.

mod common;

use std::process::Command;

use gloss::core::agreement::{
    Coded, Figure, Measure, Report, Request, Scope, Subject, Undefined, agree,
};
use gloss::core::annotation::{Annotation, Stamp};
use gloss::core::documents::text::CharIndex;
use gloss::core::tags::TagSet;

const TEXT: &str = "The minister blamed them. The embassy denied it. Nobody knows. \
                    They will act. Rules matter.";

const SCHEME: &str = r#"
[[tag]]
name = "accusation"
key = "a"
color = "red"
group = "claim"
[[tag]]
name = "denial"
key = "r"
color = "blue"
group = "claim"
[[tag]]
name = "statistic"
key = "s"
color = "green"
group = "claim"
"#;

fn scheme() -> TagSet {
    TagSet::parse(SCHEME, std::path::Path::new("tags.toml")).unwrap()
}

/// `coder`'s annotation with `tag` on the sentence that starts with `words`.
fn ann(coder: &str, tag: &str, words: &str) -> Annotation {
    let start = TEXT.find(words).unwrap();
    let end = start + TEXT[start..].find('.').unwrap() + 1;
    let stamp = Stamp {
        annotator: coder.into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    Annotation::new(
        TEXT,
        &CharIndex::new(TEXT),
        start..end,
        vec![tag.into()],
        &stamp,
    )
}

fn report(docs: &[Vec<Annotation>], coders: &[&str]) -> Report {
    let coded: Vec<Coded<'_>> = docs
        .iter()
        .map(|annotations| Coded {
            text: TEXT,
            annotations,
        })
        .collect();
    let request = Request {
        coders: coders.iter().map(|c| c.to_string()).collect(),
        scope: Scope::Everything,
    };
    agree(&coded, &scheme(), &request)
}

fn figure(report: &Report, subject: &Subject, measure: Measure) -> Figure {
    report
        .rows
        .iter()
        .find(|r| r.subject == *subject && r.measure == measure)
        .unwrap_or_else(|| panic!("no {measure:?} for {subject:?} in {report:#?}"))
        .figure
        .clone()
}

fn tag(name: &str) -> Subject {
    Subject::Tag(name.into())
}

#[test]
fn full_agreement_is_one_everywhere() {
    let both = |c| {
        vec![
            ann(c, "accusation", "The minister"),
            ann(c, "denial", "The embassy"),
        ]
    };
    let doc: Vec<Annotation> = both("alice").into_iter().chain(both("bob")).collect();
    let r = report(&[doc], &[]);
    assert_eq!(r.coders, ["alice", "bob"]);
    for subject in [
        tag("accusation"),
        tag("denial"),
        Subject::Group("claim".into()),
        Subject::AllTags,
    ] {
        for measure in [Measure::CohenKappa, Measure::Alpha, Measure::UAlpha] {
            assert_eq!(
                figure(&r, &subject, measure),
                Figure::Value(1.0),
                "{subject} {measure:?}"
            );
        }
    }
    assert_eq!(
        figure(&r, &Subject::Group("claim".into()), Measure::CuAlpha),
        Figure::Value(1.0)
    );
    assert_eq!(
        figure(&r, &Subject::AllTags, Measure::F1 { exact: true }),
        Figure::Value(1.0)
    );
    assert_eq!(
        figure(&r, &tag("statistic"), Measure::Alpha),
        Figure::Undefined(Undefined::TagUnused),
        "a tag nobody used says so"
    );
}

#[test]
fn nobody_coded_anything() {
    let r = report(&[vec![]], &[]);
    assert!(r.rows.is_empty());
    assert_eq!(
        r.notes,
        ["nobody coded anything in these documents: there is nothing to compare"]
    );
}

#[test]
fn one_coder_coded_nothing() {
    let doc = vec![ann("alice", "accusation", "The minister")];
    let r = report(&[doc], &["alice", "bob"]);
    assert!(r.rows.is_empty(), "no figure from one coder: {r:#?}");
    assert_eq!(
        r.notes,
        [
            "bob has no annotation in these documents: left out",
            "only alice coded anything in these documents: agreement needs two coders",
        ]
    );
}

#[test]
fn only_one_of_three_coders_coded_anything() {
    let doc = vec![ann("alice", "accusation", "The minister")];
    let r = report(&[doc], &["alice", "bob", "carol"]);
    assert!(r.rows.is_empty(), "{r:#?}");
    assert_eq!(r.notes.len(), 3);
}

#[test]
fn coders_who_share_no_document() {
    let docs = [
        vec![ann("alice", "accusation", "The minister")],
        vec![ann("bob", "accusation", "The minister")],
    ];
    let r = report(&docs, &[]);
    assert!(
        r.rows.is_empty(),
        "never 1.0 for coders who coded different documents: {r:#?}"
    );
    assert_eq!(
        r.notes,
        ["the coders (alice, bob) share no document: no document was coded by two of them"]
    );
}

#[test]
fn a_single_unit_gives_no_coefficient() {
    // One sentence: whatever the coders did, one unit cannot tell agreement from chance.
    let text = "Only one sentence here.";
    let stamp = |c: &str| Stamp {
        annotator: c.into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    let index = CharIndex::new(text);
    let annotations = vec![
        Annotation::new(
            text,
            &index,
            0..4,
            vec!["accusation".into()],
            &stamp("alice"),
        ),
        Annotation::new(
            text,
            &index,
            0..23,
            vec!["accusation".into()],
            &stamp("bob"),
        ),
    ];
    let coded = [Coded {
        text,
        annotations: &annotations,
    }];
    let r = agree(&coded, &scheme(), &Request::default());
    assert_eq!(
        figure(&r, &tag("accusation"), Measure::Alpha),
        Figure::Undefined(Undefined::SingleUnit)
    );
    assert_eq!(
        figure(&r, &tag("accusation"), Measure::CohenKappa),
        Figure::Undefined(Undefined::SingleUnit)
    );
    // The text itself still has many code points to agree or disagree on.
    assert!(matches!(
        figure(&r, &tag("accusation"), Measure::UAlpha),
        Figure::Value(v) if v < 1.0
    ));
}

#[test]
fn a_sentence_carries_a_tag_when_the_coders_marks_cover_most_of_it() {
    // bob marks only "The minister" (12 of 25 code points): not the sentence.
    let start = TEXT.find("The minister").unwrap();
    let stamp = Stamp {
        annotator: "bob".into(),
        time: "2026-01-01T00:00:00Z".into(),
    };
    let short = Annotation::new(
        TEXT,
        &CharIndex::new(TEXT),
        start..start + 12,
        vec!["accusation".into()],
        &stamp,
    );
    let doc = vec![
        ann("alice", "accusation", "The minister"),
        ann("alice", "denial", "The embassy"),
        short,
        ann("bob", "denial", "The embassy"),
    ];
    let r = report(&[doc], &[]);
    assert!(matches!(
        figure(&r, &tag("accusation"), Measure::CohenKappa),
        Figure::Value(v) if v < 1.0
    ));
    assert_eq!(
        figure(&r, &tag("denial"), Measure::CohenKappa),
        Figure::Value(1.0)
    );
    assert!(matches!(
        figure(&r, &tag("accusation"), Measure::F1 { exact: false }),
        Figure::Value(v) if v == 1.0
    ));
    assert_eq!(
        figure(&r, &tag("accusation"), Measure::F1 { exact: true }),
        Figure::Value(0.0)
    );
}

#[test]
fn the_binary_prints_the_report_and_its_notes() {
    let ws = common::Workspace::new(false);
    let corpus = ws.corpus();
    let doc = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let text = gloss::core::documents::text::canonicalize(&std::fs::read(&doc).unwrap()).unwrap();
    let rel = doc.file_name().unwrap().to_str().unwrap().to_owned();
    let index = CharIndex::new(&text);
    let sentences = gloss::core::documents::sentences::split(&text);
    let mut annotations = Vec::new();
    for (i, s) in sentences.iter().take(12).enumerate() {
        for coder in ["alice", "bob"] {
            let tag = if coder == "bob" && i % 4 == 0 {
                "denial"
            } else {
                "accusation"
            };
            let stamp = Stamp {
                annotator: coder.into(),
                time: "2026-01-01T00:00:00Z".into(),
            };
            annotations.push(Annotation::new(
                &text,
                &index,
                s.clone(),
                vec![tag.into()],
                &stamp,
            ));
        }
    }
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let file = gloss::core::storage::store::AnnotationFile {
        document: rel.clone(),
        content_hash: gloss::core::documents::text::content_hash(&text),
        annotations,
        extra: Vec::new(),
    };
    let path = gloss::core::storage::store::annotation_path(&ws.annotations(), &rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, gloss::core::storage::store::to_toml(&file)).unwrap();

    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("agree")
            .args(args)
            .arg(&corpus)
            .output()
            .unwrap()
    };
    let out = run(&["--group", "claim"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        table.starts_with("coders: alice, bob; documents coded by two or more: 1\n"),
        "{table}"
    );
    assert!(table.contains("group claim"), "{table}");
    assert!(
        table.contains("- (nobody used this tag in these documents)"),
        "{table}"
    );
    let out = run(&[
        "--format",
        "json",
        "--coders",
        "alice,carol",
        "--tag",
        "accusation",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["coders"], serde_json::json!(["alice"]));
    assert_eq!(json["rows"], serde_json::json!([]));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("carol has no annotation in these documents: left out"),
        "{stderr}"
    );
    let out = run(&["--group", "nonesuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no group \"nonesuch\""));
}
