//! `gloss import --format json|jsonl|brat|csv|qdpx PATH [CORPUS_DIR|DOCUMENT]`: merges annotations
//! made elsewhere into the corpus's annotation files (for CSV, with the links file beside PATH);
//! given a document, only the file's annotations of that document.

use std::path::PathBuf;
use std::process::ExitCode;

use gloss::core::annotation::Stamp;
use gloss::core::corpus::Corpus;
use gloss::core::formats::import;
use gloss::core::formats::offsets::{Breaks, Given, Unit};
use gloss::core::formats::{Format, brat, csv, json, jsonl, qdpx};

use crate::cli::{CorpusArgs, Error, Opened, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// json (W3C Web Annotation), jsonl (doccano), csv, brat or qdpx (REFI-QDA).
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to import (a folder for brat). For csv, the links file beside it
    /// (NAME.links.csv beside NAME.csv) is imported with it.
    pub path: PathBuf,
    /// qdpx: positions count every line break as two characters (CR LF), as MAXQDA writes them.
    #[arg(long)]
    pub crlf_positions: bool,
    /// What the file's offsets count: codepoints, utf16 or bytes. By default the unit under which
    /// every span agrees with the text the file says it covers (see docs/export.md).
    #[arg(long, value_name = "UNIT", value_parser = parse_unit())]
    pub offsets: Option<Unit>,
    /// Write nothing: tell what the import would add and change.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let Opened { corpus, document } = args.corpus.open()?;
    let path = &args.path;
    let read_bytes = || {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Input(format!(
                "{}: no such file: give the file to import",
                path.display()
            )),
            _ => Error::Io(format!("{}: cannot read: {e}", path.display())),
        })
    };
    let unusable = |e: &dyn std::fmt::Display| Error::Input(format!("{}: {e}", path.display()));
    let by_text = import::ByText::new(&corpus);
    let given = Given {
        unit: args.offsets,
        breaks: args.crlf_positions.then_some(Breaks::Two),
    };
    let batch = match args.format {
        Format::Json => json::read(&read_bytes()?).map_err(|e| unusable(&e))?,
        Format::Csv => {
            let mut batch = csv::read(&read_bytes()?).map_err(|e| unusable(&e))?;
            // The links file written beside it, when there is one.
            let links = csv::links_path(path);
            match std::fs::read(&links) {
                Ok(data) => {
                    let name = links.display().to_string();
                    csv::read_links(&data, &name, &mut batch)
                        .map_err(|e| Error::Input(format!("{name}: {e}")))?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::Io(format!("{}: cannot read: {e}", links.display()))),
            }
            batch
        }
        Format::Jsonl => {
            let text = String::from_utf8(read_bytes()?)
                .map_err(|e| unusable(&format!("not UTF-8 text: {e}")))?;
            jsonl::read(&text, given, &|t| by_text.find(t)).map_err(|e| unusable(&e))?
        }
        Format::Brat => brat::read(path, given).map_err(|e| unusable(&e))?,
        Format::Qdpx => qdpx::read(&read_bytes()?, given, &|name, text| {
            import::document_named(&corpus, name).or_else(|| text.and_then(|t| by_text.find(t)))
        })
        .map_err(|e| unusable(&e))?,
        Format::Md => {
            return Err(Error::Input(
                "md is a report for people: import json, jsonl, csv, brat or qdpx".into(),
            ));
        }
    };
    let mut batch = import::Batch { given, ..batch };
    if let Some(document) = document {
        only_document(&corpus, &mut batch, &document);
    }
    let (config, keymap, _) = crate::cli::configuration()?;
    let report = import::merge(
        &corpus,
        batch,
        &Stamp::now(&config.annotator),
        &|c| keymap.reader_uses(c),
        path,
        config.timing.lock_wait,
        args.dry_run,
    );
    // Through `print`: a reader that stops early (`| head`) is no failure.
    print(&report.to_string())?;
    Ok(if report.has_problems() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Leaves in `batch` only the annotations of `document` (named as the corpus names it, or as
/// another tool does, see `import::document_named`); the others are listed as ignored, with
/// what to do to import them.
fn only_document(corpus: &Corpus, batch: &mut import::Batch, document: &str) {
    // As the import finds documents: by their path in the corpus, else as other tools name them.
    let of_it = |inc: &import::Incoming| {
        if corpus.entries.iter().any(|e| e.rel_path == inc.document) {
            inc.document == document
        } else {
            import::document_named(corpus, &inc.document).as_deref() == Some(document)
        }
    };
    let (kept, others): (Vec<_>, Vec<_>) = std::mem::take(&mut batch.annotations)
        .into_iter()
        .partition(of_it);
    batch.annotations = kept;
    if !others.is_empty() {
        batch.ignored.push(format!(
            "{} of other documents: the command line named {document} only; give \
             the corpus folder to import them too",
            gloss::core::plural::count(others.len(), "annotation")
        ));
    }
}

/// The units by name, so that help and shell completions list them.
fn parse_unit() -> impl clap::builder::TypedValueParser<Value = Unit> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Unit::ALL.map(Unit::name))
        .map(|s| s.parse::<Unit>().expect("one of the names"))
}
