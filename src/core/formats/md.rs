//! A report to read: counts per tag and per document, the coders' agreement (when two or more
//! coded), then, tag by tag, every quote with its document, position and note. Markdown, so that it reads as plain text and renders anywhere.

use std::collections::BTreeSet;
use std::io::{self, Write};

use crate::core::agreement::{self, Request, Scope, render};
use crate::core::formats::{Material, Seen};

/// One annotation as the report quotes it: what it shows of an annotation, so that a report
/// on a large corpus holds its quotes but not every annotation whole.
struct Quoted {
    /// Index in the report's documents.
    doc: usize,
    tags: Vec<String>,
    quote: String,
    start: usize,
    end: usize,
    annotator: String,
    note: String,
}

impl Quoted {
    fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    // Each document's path, title and number of annotations, and every quote, in one pass.
    let mut docs: Vec<(String, String, usize)> = Vec::new();
    let mut quoted: Vec<Quoted> = Vec::new();
    let mut seen = Seen::default();
    // The coders to compare: the adjudicator's final coding is no coder's.
    let mut coders: BTreeSet<String> = BTreeSet::new();
    material.each_doc(&mut |d| {
        seen.add(d);
        let made = agreement::annotators(d.annotations.iter().map(|a| &**a), &Request::default());
        coders.extend(made.into_iter().map(str::to_owned));
        quoted.extend(d.annotations.iter().map(|a| Quoted {
            doc: docs.len(),
            tags: a.tags.clone(),
            quote: a.quote.clone(),
            start: a.start,
            end: a.end,
            annotator: a.annotator.clone(),
            note: a.note.clone(),
        }));
        docs.push((d.rel_path.clone(), d.title.clone(), d.annotations.len()));
        Ok(())
    })?;
    let tags = material.tags(&seen);
    let total = quoted.len();
    let count = |tag: &str| quoted.iter().filter(|a| a.has_tag(tag)).count();
    writeln!(out, "# Annotations\n")?;
    writeln!(
        out,
        "{total} annotations in {} of {} documents. Positions count Unicode code points of \
         each document's text.\n",
        docs.iter().filter(|d| d.2 > 0).count(),
        docs.len()
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
    let untagged = quoted.iter().filter(|a| a.tags.is_empty()).count();
    if untagged > 0 {
        writeln!(out, "| *(no tag, note only)* |  | {untagged} |")?;
    }
    writeln!(out, "\n## Documents\n")?;
    writeln!(out, "| document | title | annotations |\n|---|---|---:|")?;
    for (rel_path, title, n) in &docs {
        writeln!(
            out,
            "| `{}` | {} | {} |",
            rel_path.replace('`', "'"),
            cell(title),
            n
        )?;
    }
    let annotators = coders.iter().map(String::as_str).collect();
    agreement_table(material, &annotators, out)?;
    let sections = tags
        .iter()
        .map(|t| (t.name.as_str(), Some(t.name.as_str())))
        .chain((untagged > 0).then_some(("No tag, note only", None)));
    for (heading, tag) in sections {
        let mut quotes = quoted.iter().filter(move |a| match tag {
            Some(t) => a.has_tag(t),
            None => a.tags.is_empty(),
        });
        let Some(first) = quotes.next() else {
            continue;
        };
        writeln!(out, "\n## {}", inline(heading))?;
        for a in std::iter::once(first).chain(quotes) {
            let (rel_path, title, _) = &docs[a.doc];
            writeln!(out)?;
            for line in a.quote.lines() {
                writeln!(out, "> {}", inline(line))?;
            }
            writeln!(
                out,
                "\n— {} (`{}`), {}–{}{}",
                inline(title),
                rel_path.replace('`', "'"),
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

/// How far the coders agree, as `gloss agree` reports it over the same tags (from all the
/// coders' annotations, whatever their tags, as `gloss agree --tags` does): who was compared,
/// why a figure or coder is missing, and one row per tag, group and measure. Only when two
/// coders or more made the material's annotations (`annotators`), or a tag filter may have
/// hidden some, are the texts read again, and held together, to compare them.
fn agreement_table(
    material: &Material,
    annotators: &BTreeSet<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let request = Request {
        coders: Vec::new(),
        scope: if material.tag_filter.is_empty() {
            Scope::Everything
        } else {
            Scope::Tags(material.tag_filter.clone())
        },
    };
    // With a tag filter the annotations here are not all the coders': every one is read.
    let report = match agreement::compared(annotators, &request) {
        Err(report) if material.tag_filter.is_empty() => report,
        _ => material.agreement(&request)?,
    };
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
