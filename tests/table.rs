//! `gloss table`, the real binary on temporary copies of the shipped corpus: its counts against
//! an independent count (tests/table_reference.py, reading the TOML files with Python's
//! tomllib), its CSV parsed back, and the rule for annotations with several values.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn gloss(ws: &common::Workspace, args: &[&str]) -> String {
    let out = ws
        .gloss()
        .arg("table")
        .args(args)
        .env("USER", "tester")
        .output()
        .expect("gloss runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A CSV table parsed back: each row's cells by column name, the header's first name, the
/// lines in order.
fn parse_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The reference count for `rows` × `cols` (`group:NAME` or `field:NAME`), or `None` without
/// python.
fn reference(ws: &common::Workspace, rows: &str, cols: &str) -> Option<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/table_reference.py");
    let (corpus, annotations) = (ws.corpus(), ws.annotations());
    let args: [&std::ffi::OsStr; 5] = [
        script.as_ref(),
        corpus.as_ref(),
        annotations.as_ref(),
        rows.as_ref(),
        cols.as_ref(),
    ];
    let out = common::python3(&args, b"", "the reference count cannot be made")?;
    Some(serde_json::from_slice(&out).unwrap())
}

/// gloss's CSV table, parsed back, holds exactly the reference's counts (zero where the
/// reference has none), totals included.
fn assert_matches(csv: &str, reference: &Value) {
    let (header, lines) = parse_csv(csv);
    let rows_name = &header[0];
    let cols = &header[1..header.len() - 1];
    assert_eq!(header.last().unwrap(), "total");
    let count = |v: &Value| v.as_u64().unwrap_or(0) as usize;
    let mut seen_rows = 0;
    for line in &lines {
        let row = &line[rows_name];
        let number = |col: &str| line[col].parse::<usize>().unwrap();
        if row == "total" {
            for col in cols {
                assert_eq!(
                    number(col),
                    count(&reference["col_totals"][col]),
                    "total {col}"
                );
            }
            assert_eq!(number("total"), count(&reference["total"]));
            continue;
        }
        seen_rows += 1;
        for col in cols {
            assert_eq!(
                number(col),
                count(&reference["cells"][row][col]),
                "{row} × {col}"
            );
        }
        assert_eq!(
            number("total"),
            count(&reference["row_totals"][row]),
            "{row}"
        );
    }
    // Every row and column the reference counts in is in gloss's table.
    for (row, by_col) in reference["cells"].as_object().unwrap() {
        assert!(
            lines.iter().any(|l| l[rows_name] == *row),
            "row {row} missing"
        );
        for col in by_col.as_object().unwrap().keys() {
            assert!(cols.contains(col), "column {col} missing");
        }
    }
    assert!(seen_rows > 0);
}

fn edit(path: &Path, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}

#[test]
fn claim_type_by_source_authority_matches_an_independent_count() {
    let ws = common::Workspace::new(true);
    let csv = gloss(
        &ws,
        &["--rows", "claim", "--cols", "source", "--format", "csv"],
    );
    let (header, lines) = parse_csv(&csv);
    assert_eq!(
        header,
        [
            "claim",
            "authoritative",
            "quasi-authoritative",
            "non-authoritative",
            "total"
        ],
        "the scheme's order"
    );
    let denial = lines.iter().find(|l| l["claim"] == "denial").unwrap();
    assert_eq!(
        (
            &denial["authoritative"][..],
            &denial["non-authoritative"][..]
        ),
        ("1", "2")
    );
    if let Some(reference) = reference(&ws, "group:claim", "group:source") {
        assert_matches(&csv, &reference);
    }
}

/// Two claim tags on one annotation: it counts in both rows and once in the totals; a field
/// as rows, with an annotation without a value under (none).
#[test]
fn several_values_count_in_each_row_and_once_in_totals_and_fields_are_dimensions() {
    let ws = common::Workspace::new(true);
    let file = ws.annotations().join("000_073045cb8793dce5.txt.toml");
    edit(&file, |t| {
        t.replacen(
            "tags = [\"accusation\", \"non-authoritative\"]",
            "tags = [\"accusation\", \"denial\", \"non-authoritative\"]\n",
            1,
        )
        .replacen(
            "modified = \"2026-11-23T10:00:00Z\"\n",
            "modified = \"2026-11-23T10:00:00Z\"\n\n[annotation.fields]\nrole = \"journalist\"\n",
            1,
        )
    });
    let csv = gloss(
        &ws,
        &["--rows", "claim", "--cols", "source", "--format", "csv"],
    );
    let (_, lines) = parse_csv(&csv);
    let cell = |row: &str, col: &str| {
        lines.iter().find(|l| l["claim"] == row).unwrap()[col]
            .parse::<usize>()
            .unwrap()
    };
    assert_eq!(cell("accusation", "non-authoritative"), 2);
    assert_eq!(cell("denial", "non-authoritative"), 3);
    assert_eq!(cell("total", "non-authoritative"), 4, "counted once");
    assert_eq!(cell("total", "total"), 7);
    let by_role = gloss(
        &ws,
        &["--rows", "role", "--cols", "claim", "--format", "csv"],
    );
    let (header, lines) = parse_csv(&by_role);
    assert_eq!(header[0], "role");
    let journalist = lines.iter().find(|l| l["role"] == "journalist").unwrap();
    assert_eq!(
        (&journalist["accusation"][..], &journalist["denial"][..]),
        ("1", "1")
    );
    if let Some(reference) = reference(&ws, "group:claim", "group:source") {
        assert_matches(&csv, &reference);
    }
    if let Some(reference) = reference(&ws, "field:role", "group:claim") {
        assert_matches(&by_role, &reference);
    }
}

/// Split by year, the tables add up to the table over all years (each annotation's document has
/// one year); Markdown and JSON say the same as CSV.
#[test]
fn by_year_the_tables_add_up_and_every_format_agrees() {
    let ws = common::Workspace::new(true);
    let args = ["--rows", "claim", "--cols", "source"];
    let all = parse_csv(&gloss(&ws, &[&args[..], &["--format", "csv"]].concat())).1;
    let by = parse_csv(&gloss(
        &ws,
        &[&args[..], &["--by", "year", "--format", "csv"]].concat(),
    ))
    .1;
    let years: std::collections::BTreeSet<&str> = by.iter().map(|l| l["year"].as_str()).collect();
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        ["2013", "2014", "2017"]
    );
    for line in &all {
        for (col, value) in line.iter().filter(|(k, _)| *k != "claim") {
            let sum: usize = by
                .iter()
                .filter(|l| l["claim"] == line["claim"])
                .map(|l| l[col].parse::<usize>().unwrap())
                .sum();
            assert_eq!(sum.to_string(), *value, "{} × {col}", line["claim"]);
        }
    }
    let json: Value = serde_json::from_str(&gloss(
        &ws,
        &[&args[..], &["--by", "year", "--format", "json"]].concat(),
    ))
    .unwrap();
    assert_eq!(json["tables"][2]["by"], "2017");
    assert_eq!(json["tables"][2]["total"], 5);
    let md = gloss(&ws, &[&args[..], &["--by", "year"]].concat());
    assert!(
        md.contains("### year = 2017\n\n| claim \\ source | authoritative |"),
        "{md}"
    );
    assert!(md.contains("| denial | 1 | 0 | 1 | 2 |\n"), "{md}");
}

#[test]
fn documents_are_counted_once_per_cell_and_unknown_names_are_refused() {
    let ws = common::Workspace::new(true);
    let csv = gloss(
        &ws,
        &[
            "--rows",
            "claim",
            "--cols",
            "outlet",
            "--count",
            "documents",
            "--format",
            "csv",
        ],
    );
    let (_, lines) = parse_csv(&csv);
    let total = lines.iter().find(|l| l["claim"] == "total").unwrap();
    assert_eq!(
        total["total"], "5",
        "every document, one without annotations under (none)"
    );
    let none = lines.iter().find(|l| l["claim"] == "(none)").unwrap();
    assert_eq!(none["total"], "1");
    let out = ws
        .gloss()
        .args(["table", "--rows", "claims", "--cols", "source"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--rows: \"claims\" is no tag group, field or document metadata: use a tag group (claim, source)"),
        "{err}"
    );
}

/// The first annotation of the first document coded again by "alice" and by the judge: without
/// `--coders` the claim counts once per coder (as the help says), with it only those coders'
/// annotations count; a name that annotated nothing is refused with the coders there are.
#[test]
fn coders_limits_the_count_to_those_coders_and_an_unknown_one_is_refused() {
    let ws = common::Workspace::new(true);
    let file = ws.annotations().join("000_073045cb8793dce5.txt.toml");
    edit(&file, |t| {
        let first = t.find("[[annotation]]").unwrap();
        let second = first + 1 + t[first + 1..].find("[[annotation]]").unwrap();
        let block = &t[first..second];
        let copy = |n: char, who: &str| {
            block
                .replacen("0deb526a", &format!("{n}deb526a"), 1)
                .replacen("\"gloss-example\"", &format!("\"{who}\""), 1)
        };
        format!("{t}\n{}\n{}", copy('1', "alice"), copy('2', "judge"))
    });
    let count = |extra: &[&str]| {
        let mut args = vec!["--rows", "claim", "--cols", "source", "--format", "csv"];
        args.extend(extra);
        let (_, lines) = parse_csv(&gloss(&ws, &args));
        let cell = |row: &str, col: &str| {
            lines.iter().find(|l| l["claim"] == row).unwrap()[col]
                .parse::<usize>()
                .unwrap()
        };
        (
            cell("accusation", "non-authoritative"),
            cell("total", "total"),
        )
    };
    assert_eq!(count(&[]), (4, 9), "every coder's copy counts");
    assert_eq!(count(&["--coders", "gloss-example"]), (2, 7));
    assert_eq!(count(&["--coders", "judge"]), (1, 1));
    assert_eq!(count(&["--coders", "alice,judge"]), (2, 2));

    let out = ws
        .gloss()
        .args(["table", "--rows", "claim", "--cols", "source"])
        .args(["--coders", "judge,jugde"])
        .env("USER", "tester")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--coders: no annotation by \"jugde\"")
            && err.contains("the coders are alice, gloss-example, judge"),
        "{err}"
    );
    let help = ws.gloss().args(["table", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--coders") && help.contains("Without it every coder's annotation counts"),
        "{help}"
    );
}

/// A source span (what `W` marks) is no claim: it counts in no row, not even "(none)", and its
/// quote is the speaker of the claims it is the `source of` that have no speaker field.
#[test]
fn source_spans_are_not_counted_and_name_the_speaker() {
    let ws = common::Workspace::new(true);
    let before = gloss(
        &ws,
        &["--rows", "speaker", "--cols", "claim", "--format", "csv"],
    );
    // "Long" names the speaker of the statistic (no field) and of the denial (field "Long Zhou").
    common::add_source_span(
        &ws,
        "001_bcba7e35c127046e.txt",
        ("Long", " refuted"),
        &[
            "37bdbd92-38b4-4f8b-8678-3a86aa0f4008",
            "f9637412-b5b7-4028-9d46-ef378f7c7769",
        ],
    );
    let csv = gloss(
        &ws,
        &["--rows", "speaker", "--cols", "claim", "--format", "csv"],
    );
    let (_, lines) = parse_csv(&csv);
    let row = |name: &str| lines.iter().find(|l| l["speaker"] == name);
    let (_, lines_before) = parse_csv(&before);
    let total = |lines: &[BTreeMap<String, String>]| {
        lines.iter().find(|l| l["speaker"] == "total").unwrap()["total"].clone()
    };
    assert_eq!(
        total(&lines),
        total(&lines_before),
        "the span is not counted"
    );
    assert_eq!(row("Long").unwrap()["statistic"], "1");
    assert_eq!(
        row("Long Zhou").unwrap()["denial"],
        "1",
        "the field comes first"
    );
    assert!(row("(none)").is_none_or(|l| l["statistic"] == "0"), "{csv}");
    if let Some(reference) = reference(&ws, "field:speaker", "group:claim") {
        assert_matches(&csv, &reference);
    }
    let by_source = gloss(
        &ws,
        &["--rows", "claim", "--cols", "source", "--format", "csv"],
    );
    if let Some(reference) = reference(&ws, "group:claim", "group:source") {
        assert_matches(&by_source, &reference);
    }
    let (_, lines) = parse_csv(&by_source);
    assert!(lines.iter().all(|l| l["claim"] != "(none)"), "{by_source}");
}
