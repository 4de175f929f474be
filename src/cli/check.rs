//! `gloss check [CORPUS_DIR] [--annotations DIR] [--fix]`: the corpus's tag file, annotation
//! files and the place of every annotation, checked without the reader (see `core::check`), for
//! scripts and pre-commit hooks. Exit code 0 when nothing needs a person (annotations that only
//! moved are reported, and recorded with `--fix`), 1 when something does (a guessed place that
//! nobody confirmed included, recorded by `--fix` as still unconfirmed), 2 when the corpus or its
//! tag file cannot be used.

use std::process::ExitCode;

use gloss::core::check;
use gloss::core::corpus::{Corpus, TAGS_FILE};

use crate::cli::{CorpusArgs, Error};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Write the new places of annotations whose document changed, guesses marked unconfirmed
    /// (files that do not parse are never touched).
    #[arg(long)]
    fix: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let tags_file = args.corpus.corpus.join(TAGS_FILE);
    let corpus = Corpus::locate(&args.corpus.corpus, args.corpus.annotations)
        .map_err(|e| Error::Input(e.to_string()))?;
    let (_, keymap, config) = crate::cli::configuration()?;
    keymap
        .check_tags(&corpus.tags, &tags_file, &config)
        .map_err(Error::Input)?;
    if let Some(note) = &corpus.tags_note {
        eprintln!("gloss check: {note}");
    }
    if let Some(Ok(done)) = &corpus.rename_recovery {
        eprintln!("gloss check: {done}");
    }
    let report = check::check(&corpus, args.fix).map_err(|e| Error::Input(e.to_string()))?;
    for problem in &report.problems {
        println!("{problem}");
    }
    let mut summary = format!(
        "gloss check: {} annotations in {} files",
        report.annotations, report.files
    );
    if args.fix {
        summary.push_str(&format!(", {} files rewritten", report.rewritten));
    }
    eprintln!("{summary}");
    Ok(if report.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
