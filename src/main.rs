//! The `gloss` command: parses the command line and starts the reader.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use gloss::core::annotation::Stamp;
use gloss::core::corpus::Corpus;
use gloss::core::writer::Writer;
use gloss::tui::{keymap, state::App, terminal};

/// A terminal reader for annotating claims in a corpus of documents.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The folder of documents (.txt and .md, searched recursively).
    #[arg(default_value = "corpus")]
    corpus: PathBuf,
    /// Where annotation files go (default: `annotations` beside the corpus folder).
    #[arg(long, value_name = "DIR")]
    annotations: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let corpus = match Corpus::open(&cli.corpus, cli.annotations) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gloss: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = keymap::check_tag_keys(&corpus.tags) {
        eprintln!("gloss: {}: {e}", cli.corpus.join("tags.toml").display());
        return ExitCode::from(2);
    }
    let app = App::new(corpus, Writer::spawn(), Box::new(Stamp::now));
    match terminal::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gloss: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}
