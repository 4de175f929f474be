//! Cross tables as text: Markdown for papers and notes, CSV and JSON for R and pandas.

use std::fmt::Write as _;

use crate::core::crosstab::{Request, Table};

/// How `gloss table` writes its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One GitHub Markdown table per table, a `### by = value` heading over each with `--by`;
    /// a `total` column and row.
    #[default]
    Md,
    /// One header line, `<by>,<rows>,<col>…,total` (`<by>` only with `--by`), then one line per
    /// row and a `total` line, for each table in turn.
    Csv,
    /// `{"rows": "<dimension>", "cols": "<dimension>", "by": "<dimension>" | null, "count":
    /// "annotations" | "documents", "tables": [{"by": value | null, "rows": [..], "cols": [..],
    /// "cells": [[..]], "row_totals": [..], "col_totals": [..], "total": n}]}`.
    Json,
}

/// `tables` as `format` writes them, ending with a line break.
pub fn render(request: &Request, tables: &[Table], format: Format) -> String {
    match format {
        Format::Md => markdown(request, tables),
        Format::Csv => csv(request, tables),
        Format::Json => format!("{:#}\n", json(request, tables)),
    }
}

fn markdown(request: &Request, tables: &[Table]) -> String {
    let mut out = String::new();
    for table in tables {
        if let (Some(by), Some(value)) = (&request.by, &table.by) {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "### {} = {}\n", by.name(), md_cell(value));
        }
        let corner = format!("{} \\ {}", request.rows.name(), request.cols.name());
        let mut header = vec![md_cell(&corner)];
        header.extend(table.cols.iter().map(|c| md_cell(c)));
        header.push("total".into());
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let rule: Vec<&str> = std::iter::once("---")
            .chain(std::iter::repeat_n("---:", header.len() - 1))
            .collect();
        let _ = writeln!(out, "|{}|", rule.join("|"));
        for (row, (cells, total)) in table
            .rows
            .iter()
            .zip(table.cells.iter().zip(&table.row_totals))
        {
            let mut line = vec![md_cell(row)];
            line.extend(cells.iter().map(usize::to_string));
            line.push(total.to_string());
            let _ = writeln!(out, "| {} |", line.join(" | "));
        }
        let mut line = vec!["total".to_owned()];
        line.extend(table.col_totals.iter().map(usize::to_string));
        line.push(table.total.to_string());
        let _ = writeln!(out, "| {} |", line.join(" | "));
    }
    out
}

/// A value in a Markdown table cell: `|` escaped, line breaks as spaces.
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn csv(request: &Request, tables: &[Table]) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; every record has the header's length.
    let mut write = |record: Vec<String>| {
        let _ = writer.write_record(&record);
    };
    let by = request.by.as_ref().map(|d| d.name().to_owned());
    let lead = |value: Option<&String>| by.as_ref().map(|_| value.cloned().unwrap_or_default());
    let Some(first) = tables.first() else {
        return String::new();
    };
    let mut header: Vec<String> = by.iter().cloned().collect();
    header.push(request.rows.name().to_owned());
    header.extend(first.cols.iter().cloned());
    header.push("total".into());
    write(header);
    for table in tables {
        for (row, (cells, total)) in table
            .rows
            .iter()
            .zip(table.cells.iter().zip(&table.row_totals))
        {
            let mut record: Vec<String> = lead(table.by.as_ref()).into_iter().collect();
            record.push(row.clone());
            record.extend(cells.iter().map(usize::to_string));
            record.push(total.to_string());
            write(record);
        }
        let mut record: Vec<String> = lead(table.by.as_ref()).into_iter().collect();
        record.push("total".into());
        record.extend(table.col_totals.iter().map(usize::to_string));
        record.push(table.total.to_string());
        write(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn json(request: &Request, tables: &[Table]) -> serde_json::Value {
    let tables: Vec<serde_json::Value> = tables
        .iter()
        .map(|t| {
            serde_json::json!({
                "by": t.by,
                "rows": t.rows,
                "cols": t.cols,
                "cells": t.cells,
                "row_totals": t.row_totals,
                "col_totals": t.col_totals,
                "total": t.total,
            })
        })
        .collect();
    serde_json::json!({
        "rows": request.rows.name(),
        "cols": request.cols.name(),
        "by": request.by.as_ref().map(|d| d.name()),
        "count": match request.count {
            crate::core::crosstab::Count::Annotations => "annotations",
            crate::core::crosstab::Count::Documents => "documents",
        },
        "tables": tables,
    })
}
