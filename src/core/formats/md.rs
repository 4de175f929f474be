//! A report to read: counts per tag and per document, the coders' agreement (when two or more
//! coded), then, tag by tag, every quote with its document, position and note. Markdown, so that it reads as plain text and renders anywhere.

use std::io::{self, Write};

use crate::core::agreement::{self, Request, Scope, render};
use crate::core::formats::Material;

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    let tags = material.tags();
    let total: usize = material.docs.iter().map(|d| d.annotations.len()).sum();
    let count = |tag: &str| {
        material
            .docs
            .iter()
            .flat_map(|d| &d.annotations)
            .filter(|a| a.has_tag(tag))
            .count()
    };
    writeln!(out, "# Annotations\n")?;
    writeln!(
        out,
        "{total} annotations in {} of {} documents. Positions count Unicode code points of \
         each document's text.\n",
        material
            .docs
            .iter()
            .filter(|d| !d.annotations.is_empty())
            .count(),
        material.docs.len()
    )?;
    writeln!(out, "## Tags\n")?;
    writeln!(out, "| tag | group | annotations |\n|---|---|---:|")?;
    for t in &tags {
        writeln!(
            out,
            "| {} | {} | {} |",
            cell(&t.name),
            cell(&t.group),
            count(&t.name)
        )?;
    }
    let untagged = material
        .docs
        .iter()
        .flat_map(|d| &d.annotations)
        .filter(|a| a.tags.is_empty())
        .count();
    if untagged > 0 {
        writeln!(out, "| *(no tag, note only)* |  | {untagged} |")?;
    }
    writeln!(out, "\n## Documents\n")?;
    writeln!(out, "| document | title | annotations |\n|---|---|---:|")?;
    for d in &material.docs {
        writeln!(
            out,
            "| `{}` | {} | {} |",
            d.rel_path.replace('`', "'"),
            cell(&d.title),
            d.annotations.len()
        )?;
    }
    agreement_table(material, out)?;
    let sections = tags
        .iter()
        .map(|t| (t.name.as_str(), Some(t.name.as_str())))
        .chain((untagged > 0).then_some(("No tag, note only", None)));
    for (heading, tag) in sections {
        let mut quotes = material.docs.iter().flat_map(|d| {
            d.annotations
                .iter()
                .filter(move |a| match tag {
                    Some(t) => a.has_tag(t),
                    None => a.tags.is_empty(),
                })
                .map(move |a| (d, a))
        });
        let Some(first) = quotes.next() else {
            continue;
        };
        writeln!(out, "\n## {}", inline(heading))?;
        for (d, a) in std::iter::once(first).chain(quotes) {
            writeln!(out)?;
            for line in a.quote.lines() {
                writeln!(out, "> {}", inline(line))?;
            }
            writeln!(
                out,
                "\n— {} (`{}`), {}–{}{}",
                inline(&d.title),
                d.rel_path.replace('`', "'"),
                a.start,
                a.end,
                if a.annotator.is_empty() {
                    String::new()
                } else {
                    format!(", {}", inline(&a.annotator))
                }
            )?;
            if !a.note.is_empty() {
                let note: Vec<String> = a.note.lines().map(inline).collect();
                writeln!(out, "\nNote: {}", note.join("  \n"))?;
            }
        }
    }
    Ok(())
}

/// How far the coders agree, as `gloss agree` reports it over the same tags: who was compared,
/// why a figure or coder is missing, and one row per tag, group and measure.
fn agreement_table(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    let request = Request {
        coders: Vec::new(),
        scope: if material.tag_filter.is_empty() {
            Scope::Everything
        } else {
            Scope::Tags(material.tag_filter.clone())
        },
    };
    let report = material.agreement(&request)?;
    writeln!(
        out,
        "
## Agreement
"
    )?;
    let coders: Vec<String> = report
        .coders
        .iter()
        .map(|c| inline(agreement::shown(c)))
        .collect();
    writeln!(
        out,
        "Coders: {}; documents coded by two or more: {}. Sentences count as units for κ and α; \
         code points for uα and cuα (see `gloss agree`).",
        if coders.is_empty() {
            "none".to_owned()
        } else {
            coders.join(", ")
        },
        report.documents
    )?;
    if !report.notes.is_empty() {
        writeln!(out)?;
        for note in &report.notes {
            writeln!(out, "- {}", cell(note))?;
        }
    }
    if report.rows.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n| subject | measure | coders | units | value |\n|---|---|---|---:|---:|"
    )?;
    for r in &report.rows {
        let coders: Vec<&str> = r.coders.iter().map(|c| agreement::shown(c)).collect();
        writeln!(
            out,
            "| {} | {} | {} | {} {} | {} |",
            cell(&r.subject.to_string()),
            r.measure.name(),
            cell(&coders.join(", ")),
            r.units,
            r.measure.unit(),
            render::value(&r.figure)
        )?;
    }
    Ok(())
}

/// Text with Markdown's markup characters escaped, so that a quote shows as it is.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table cell: escaped, on one line.
fn cell(s: &str) -> String {
    inline(&s.replace('\n', " "))
}
