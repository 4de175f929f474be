//! `gloss agree`'s edge cases: each says what it means instead of printing a misleading number,
//! and full agreement is 1. Through the core, then once through the real binary.

mod common;

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

/// The corpus's documents (paths relative to it), in name order.
fn documents(corpus: &std::path::Path) -> Vec<String> {
    let mut docs: Vec<String> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_str().unwrap().to_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    docs.sort();
    docs
}

/// Writes the annotation file of document `rel`: each `(coder, sentence, tag)` an annotation
/// covering that whole sentence. Returns how many sentences the document has.
fn code_document(ws: &common::Workspace, rel: &str, coding: &[(&str, usize, &str)]) -> usize {
    let text =
        gloss::core::documents::text::canonicalize(&std::fs::read(ws.corpus().join(rel)).unwrap())
            .unwrap();
    let index = CharIndex::new(&text);
    let sentences = gloss::core::documents::sentences::split(&text);
    let mut annotations: Vec<Annotation> = coding
        .iter()
        .map(|&(coder, s, tag)| {
            let stamp = Stamp {
                annotator: coder.into(),
                time: "2026-01-01T00:00:00Z".into(),
            };
            Annotation::new(
                &text,
                &index,
                sentences[s].clone(),
                vec![tag.into()],
                &stamp,
            )
        })
        .collect();
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let file = gloss::core::storage::store::AnnotationFile {
        document: rel.to_owned(),
        content_hash: gloss::core::documents::text::content_hash(&text),
        annotations,
        extra: Vec::new(),
    };
    let path = gloss::core::storage::store::annotation_path(&ws.annotations(), rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, gloss::core::storage::store::to_toml(&file)).unwrap();
    sentences.len()
}

fn gloss_agree(ws: &common::Workspace, args: &[&str]) -> std::process::Output {
    ws.gloss()
        .arg("agree")
        .args(args)
        .arg(ws.corpus())
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The value of the row about `subject` measured by `measure` in `gloss agree`'s JSON.
fn json_value(json: &serde_json::Value, subject: &str, measure: &str) -> f64 {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subject"] == subject && r["measure"] == measure)
        .and_then(|r| r["value"].as_f64())
        .unwrap_or_else(|| panic!("no {measure} value for {subject} in {json:#}"))
}

/// Twelve sentences coded by alice and bob: accusation for both, except that bob says denial
/// on every fourth.
fn two_coders(ws: &common::Workspace) -> String {
    let rel = documents(&ws.corpus()).remove(0);
    let mut coding = Vec::new();
    for i in 0..12 {
        coding.push(("alice", i, "accusation"));
        coding.push(("bob", i, if i % 4 == 0 { "denial" } else { "accusation" }));
    }
    code_document(ws, &rel, &coding);
    rel
}

#[test]
fn the_binary_prints_the_report_and_its_notes() {
    let ws = common::Workspace::new(false);
    two_coders(&ws);
    let out = gloss_agree(&ws, &["--group", "claim"]);
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
        table
            .contains("- (nobody used this tag (for a group: any of its tags) in these documents)"),
        "{table}"
    );
    let out = gloss_agree(&ws, &["--group", "nonesuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no group \"nonesuch\""));
}

#[test]
fn an_unknown_coder_is_an_error_that_names_the_coders() {
    let ws = common::Workspace::new(false);
    two_coders(&ws);
    let out = gloss_agree(&ws, &["--coders", "alice,carol", "--tag", "accusation"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "no report for a misspelt coder");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no coder \"carol\" in these documents: the coders are alice, bob"),
        "{stderr}"
    );
}

/// A coder named twice is a mistake in the command, not two coders who share no document.
#[test]
fn a_coder_named_twice_is_a_usage_error() {
    let ws = common::Workspace::new(false);
    two_coders(&ws);
    let out = gloss_agree(&ws, &["--coders", "alice,alice"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "no report for a coder named twice");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--coders names alice twice: name each coder once, two or more to compare (the coders are alice, bob)"),
        "{stderr}"
    );
}

#[test]
fn a_coder_who_never_used_the_tag_asked_for_still_counts() {
    // alice marks three sentences as accusations; bob coded the same document but never
    // used the tag: he said "no accusation" on every sentence, which is disagreement.
    let ws = common::Workspace::new(false);
    let rel = documents(&ws.corpus()).remove(0);
    let mut coding = vec![("bob", 0, "denial"), ("bob", 5, "denial")];
    for s in [1, 2, 3] {
        coding.push(("alice", s, "accusation"));
    }
    coding.push(("alice", 5, "denial"));
    let sentences = code_document(&ws, &rel, &coding);
    let whole = json_of(&gloss_agree(&ws, &["--format", "json"]));
    for args in [
        &["--tag", "accusation"][..],
        &["--tags", "accusation,denial"],
        &["--group", "claim"],
    ] {
        let json = json_of(&gloss_agree(
            &ws,
            &[args, &["--format", "json"][..]].concat(),
        ));
        assert_eq!(
            json["coders"],
            serde_json::json!(["alice", "bob"]),
            "{args:?}"
        );
        assert_eq!(json["documents"], 1, "{args:?}");
        for measure in ["Cohen's kappa", "alpha", "u-alpha"] {
            assert_eq!(
                json_value(&json, "tag accusation", measure),
                json_value(&whole, "tag accusation", measure),
                "{args:?} {measure}: the same figure as without --tag"
            );
        }
    }
    // Every sentence of the document is a unit: alice 0 (accusation) on three, 1 elsewhere;
    // bob 1 everywhere.
    let mut data = gloss::core::agreement::coefficients::Reliability::new(2);
    for s in 0..sentences {
        data.push(&[Some(u32::from(!(1..=3).contains(&s))), Some(1)]);
    }
    let Figure::Value(expected) = gloss::core::agreement::coefficients::krippendorff_alpha(&data).0
    else {
        panic!("no alpha");
    };
    let json = json_of(&gloss_agree(
        &ws,
        &["--tag", "accusation", "--format", "json"],
    ));
    assert!((json_value(&json, "tag accusation", "alpha") - expected).abs() < 1e-12);
    assert!(expected < 0.0, "{expected}");
}

#[test]
fn five_coders_who_each_coded_some_documents_get_fleiss_kappa() {
    // As a team shares out a corpus: no document coded by all five, each by two or three.
    // Fleiss' κ (like α) takes every sentence two coders or more coded.
    let ws = common::Workspace::new(false);
    let docs = documents(&ws.corpus());
    let teams: [&[&str]; 4] = [
        &["ann", "ben", "cat"],
        &["cat", "dan"],
        &["dan", "eve", "ann"],
        &["ben", "eve"],
    ];
    let mut units = 0;
    for (d, team) in teams.iter().enumerate() {
        let mut coding = Vec::new();
        for (c, coder) in team.iter().enumerate() {
            for s in 0..6 {
                let tag = if (s + c) % 5 == 0 {
                    "denial"
                } else {
                    "accusation"
                };
                coding.push((*coder, s, tag));
            }
        }
        units += code_document(&ws, &docs[d], &coding);
    }
    let json = json_of(&gloss_agree(&ws, &["--format", "json"]));
    assert_eq!(
        json["coders"],
        serde_json::json!(["ann", "ben", "cat", "dan", "eve"])
    );
    assert_eq!(json["documents"], 4);
    for subject in ["tag accusation", "tag denial", "group claim"] {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject"] == subject && r["measure"] == "Fleiss' kappa")
            .unwrap_or_else(|| panic!("no Fleiss' kappa for {subject}: {json:#}"));
        assert!(row["value"].is_f64(), "{row:#}");
        assert_eq!(row["units"], units, "every sentence of the coded documents");
        let alpha = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject"] == subject && r["measure"] == "alpha")
            .unwrap();
        assert_eq!(alpha["units"], units, "κ and α rest on the same sentences");
    }
    let pooled = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subject"] == "all tags" && r["measure"] == "alpha")
        .unwrap();
    assert_eq!(pooled["unit"], "sentence-tag pairs");
    assert_eq!(pooled["units"], 2 * units, "two tags used");
}

/// The adjudicator's final coding (annotations marked final) is no coder's: left out of the
/// coders compared unless named.
#[test]
fn the_final_coding_is_left_out_unless_its_adjudicator_is_named() {
    let mut final_one = ann("judge", "denial", "The minister");
    final_one.final_coding = true;
    let doc = vec![
        ann("alice", "accusation", "The minister"),
        ann("bob", "accusation", "The minister"),
        final_one,
    ];
    let r = report(std::slice::from_ref(&doc), &[]);
    assert_eq!(r.coders, ["alice", "bob"]);
    assert_eq!(
        figure(&r, &tag("accusation"), Measure::Alpha),
        Figure::Value(1.0)
    );
    let r = report(&[doc], &["alice", "judge"]);
    assert_eq!(r.coders, ["alice", "judge"]);
}
