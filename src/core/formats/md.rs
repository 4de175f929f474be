//! A report to read: counts per tag and per document, the coders' agreement (when two or more
//! coded), then, tag by tag, every quote with its document, position and note, and last the
//! claim threads, each in date order. Markdown, so that it reads as plain text and renders
//! anywhere.

use crate::core::plural;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::ops::Range;

use crate::core::agreement::{self, Request, Scope, render};
use crate::core::annotation::Annotation;
use crate::core::attribution::SPEAKER_FIELD;
use crate::core::fields::FieldValues;
use crate::core::formats::{Material, Seen};
use crate::core::links::LinkIndex;
use crate::core::queries::thread::{self, Source};
use crate::core::tags::TagSet;

/// One document as the report names it, with its annotations' place in the report's list.
struct Reported {
    rel_path: String,
    title: String,
    date: Option<String>,
    annotations: Range<usize>,
}

/// What the report shows of an annotation (its quote, tags, place, annotator, note, speaker
/// and links), so that a report on a large corpus holds its quotes but not every annotation
/// whole: no context, times or other fields.
fn slim(a: &Annotation) -> Annotation {
    let fields: FieldValues = a
        .fields
        .get_key_value(SPEAKER_FIELD)
        .map(|(k, v)| (k.clone(), v.clone()))
        .into_iter()
        .collect();
    Annotation {
        prefix: String::new(),
        suffix: String::new(),
        created: String::new(),
        modified: String::new(),
        modified_by: String::new(),
        extra: Vec::new(),
        fields,
        ..a.clone()
    }
}

pub fn write(material: &Material, out: &mut dyn Write) -> io::Result<()> {
    // Each document's path, title and number of annotations, and every quote, in one pass.
    let mut docs: Vec<Reported> = Vec::new();
    let mut quoted: Vec<Annotation> = Vec::new();
    let mut seen = Seen::default();
    // The coders to compare: the adjudicator's final coding is no coder's.
    let mut coders: BTreeSet<String> = BTreeSet::new();
    material.each_doc(&mut |d| {
        seen.add(d);
        let made = agreement::annotators(d.annotations.iter().map(|a| &**a), &Request::default());
        coders.extend(made.into_iter().map(str::to_owned));
        let first = quoted.len();
        quoted.extend(d.annotations.iter().map(|a| slim(a)));
        docs.push(Reported {
            rel_path: d.rel_path.clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            annotations: first..quoted.len(),
        });
        Ok(())
    })?;
    // Each annotation with its document.
    let with_doc = || {
        docs.iter()
            .flat_map(|d| quoted[d.annotations.clone()].iter().map(move |a| (d, a)))
    };
    let tags = material.tags(&seen);
    let total = quoted.len();
    let count = |tag: &str| quoted.iter().filter(|a| a.has_tag(tag)).count();
    writeln!(out, "# Annotations\n")?;
    writeln!(
        out,
        "{} in {} of {}. Positions count Unicode code points of each document's text.\n",
        plural::count(total, "annotation"),
        docs.iter().filter(|d| !d.annotations.is_empty()).count(),
        plural::count(docs.len(), "document")
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
    for d in &docs {
        writeln!(
            out,
            "| `{}` | {} | {} |",
            d.rel_path.replace('`', "'"),
            cell(&d.title),
            d.annotations.len()
        )?;
    }
    let annotators = coders.iter().map(String::as_str).collect();
    agreement_table(material, &annotators, out)?;
    let sections = tags
        .iter()
        .map(|t| (t.name.as_str(), Some(t.name.as_str())))
        .chain((untagged > 0).then_some(("No tag, note only", None)));
    for (heading, tag) in sections {
        let mut quotes = with_doc().filter(move |(_, a)| match tag {
            Some(t) => a.has_tag(t),
            None => a.tags.is_empty(),
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
    threads(&docs, &quoted, &material.scheme, out)
}

/// The claim threads among the report's annotations ([`thread::threads`], the threads the
/// reader's view shows): a section each, its rows in date order. Nothing when no annotation is
/// linked to another. Each row names the links its claim holds to others of the thread, by
/// their numbers.
fn threads(
    docs: &[Reported],
    quoted: &[Annotation],
    scheme: &TagSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sources: Vec<Source> = docs
        .iter()
        .map(|d| Source {
            title: &d.title,
            date: d.date.as_deref(),
            annotations: &quoted[d.annotations.clone()],
        })
        .collect();
    let index = LinkIndex::build(sources.iter().enumerate().map(|(i, s)| (i, s.annotations)));
    let found = thread::threads(&sources, &index, scheme);
    if found.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n## Threads\n\nClaims linked to one another, across documents: each thread in date \
         order (undated last), each claim with the links it holds to the others, naming them by \
         their numbers."
    )?;
    for (n, rows) in found.iter().enumerate() {
        let documents: BTreeSet<usize> = rows.iter().map(|r| r.place.document).collect();
        writeln!(
            out,
            "\n### Thread {}: {} in {}",
            n + 1,
            plural::count(rows.len(), "annotation"),
            plural::count(documents.len(), "document")
        )?;
        let number = |id: &str| rows.iter().position(|r| r.id == id).map(|i| i + 1);
        for (i, r) in rows.iter().enumerate() {
            let d = &docs[r.place.document];
            let mut details = vec![
                r.date
                    .as_deref()
                    .map_or_else(|| "undated".to_owned(), inline),
                format!(
                    "{} (`{}`), {}–{}",
                    inline(&d.title),
                    d.rel_path.replace('`', "'"),
                    r.start,
                    r.end
                ),
            ];
            if !r.tags.is_empty() {
                details.push(inline(&r.tags.join(", ")));
            }
            // Each link once, said by the claim that holds it, whichever claim the walk began at.
            let held = &sources[r.place.document].annotations[r.place.annotation].links;
            for l in held.iter().filter(|l| !thread::attributes(&l.kind)) {
                if let Some(other) = number(&l.to) {
                    details.push(inline(&format!("{} {other}", l.kind)));
                }
            }
            if let Some(speaker) = &r.speaker {
                details.push(format!("said by {}", cell(speaker)));
            }
            writeln!(out, "\n{}. {}\n", i + 1, details.join(" · "))?;
            for line in r.quote.lines() {
                writeln!(out, "   > {}", inline(line))?;
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
