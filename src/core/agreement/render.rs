//! A [`Report`] as text: an aligned table for people, JSON and CSV for programs. Figures are
//! printed with three decimals in the table and in full in JSON and CSV; a figure that cannot be
//! computed is printed as what it means, never as a number.

use std::fmt::Write as _;

use serde_json::json;

use crate::core::agreement::{Figure, Report, Row, shown};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// A format named otherwise than `table`, `json` or `csv`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: use table, json or csv")]
pub struct UnknownFormat(pub String);

impl std::str::FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Table => table(report),
        Format::Json => json(report),
        Format::Csv => csv(report),
    }
}

fn coders(row: &Row) -> String {
    row.coders
        .iter()
        .map(|c| shown(c))
        .collect::<Vec<_>>()
        .join(",")
}

/// A figure as people read it: three decimals, or a dash and what its absence means.
pub fn value(figure: &Figure) -> String {
    match figure {
        Figure::Value(v) => format!("{v:.3}"),
        Figure::Undefined(why) => format!("- ({})", why.meaning()),
    }
}

fn table(report: &Report) -> String {
    let mut out = String::new();
    let names: Vec<&str> = report.coders.iter().map(|c| shown(c)).collect();
    let _ = writeln!(
        out,
        "coders: {}; documents coded by two or more: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        },
        report.documents
    );
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if report.rows.is_empty() {
        return out;
    }
    let cells: Vec<[String; 4]> = report
        .rows
        .iter()
        .map(|r| {
            let value = value(&r.figure);
            [
                r.subject.to_string(),
                r.measure.name().to_owned(),
                format!("{} {}", r.units, r.unit()),
                value,
            ]
        })
        .collect();
    let header = ["subject", "measure", "units", "value"];
    let width = |i: usize| {
        cells
            .iter()
            .map(|c| c[i].chars().count())
            .chain([header[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut line = |c: [&str; 4]| {
        let _ = writeln!(
            out,
            "{:w0$}  {:w1$}  {:>w2$}  {}",
            c[0],
            c[1],
            c[2],
            c[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    };
    line(header);
    for c in &cells {
        line([&c[0], &c[1], &c[2], &c[3]]);
    }
    out
}

fn json(report: &Report) -> String {
    let rows: Vec<serde_json::Value> = report
        .rows
        .iter()
        .map(|r| {
            let (value, undefined) = match &r.figure {
                Figure::Value(v) => (json!(v), serde_json::Value::Null),
                Figure::Undefined(why) => (serde_json::Value::Null, json!(why.meaning())),
            };
            json!({
                "subject": r.subject.to_string(),
                "measure": r.measure.name(),
                "value": value,
                "undefined": undefined,
                "units": r.units,
                "unit": r.unit(),
                "coders": r.coders,
            })
        })
        .collect();
    let doc = json!({
        "coders": report.coders,
        "documents": report.documents,
        "notes": report.notes,
        "rows": rows,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn csv(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "subject",
        "measure",
        "value",
        "undefined",
        "units",
        "unit",
        "coders",
    ]);
    for r in &report.rows {
        let (value, undefined) = match &r.figure {
            Figure::Value(v) => (v.to_string(), String::new()),
            Figure::Undefined(why) => (String::new(), why.meaning().to_owned()),
        };
        let _ = w.write_record([
            r.subject.to_string(),
            r.measure.name().to_owned(),
            value,
            undefined,
            r.units.to_string(),
            r.unit().to_owned(),
            coders(r),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
