//! Subcommands of the binary, each in its own file. Each returns an exit code or an error that
//! says what to do.

pub mod check;
pub mod export;
pub mod import;
pub mod read;

use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check the tag file, every annotation file and the place of every annotation; one line per
    /// problem. Exit code 0 when all is well, 1 when an annotation is broken or has no place, 2
    /// when the corpus cannot be used.
    Check(check::Args),
    /// Write the annotations for other tools: W3C JSON-LD, doccano JSONL, CSV, brat, REFI-QDA or
    /// a Markdown report.
    Export(export::Args),
    /// Merge annotations from a JSON, JSONL, CSV, brat or REFI-QDA file into the annotation files.
    Import(import::Args),
}

impl Command {
    pub fn run(self) -> Result<std::process::ExitCode, Error> {
        match self {
            Command::Check(args) => check::run(args),
            Command::Export(args) => export::run(args),
            Command::Import(args) => import::run(args),
        }
    }
}

/// A document given on the command line, as its path relative to the corpus: taken as such,
/// unless it names a file inside the corpus folder.
pub fn relative_to_corpus(corpus: &gloss::core::corpus::Corpus, given: &str) -> String {
    let inside = Path::new(given)
        .canonicalize()
        .ok()
        .zip(corpus.root.canonicalize().ok())
        .and_then(|(file, root)| {
            let rel = file.strip_prefix(root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        });
    inside.unwrap_or_else(|| given.replace('\\', "/"))
}

/// The corpus folder and where its annotations live, as every subcommand takes them.
#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// The folder of documents (.txt and .md, searched recursively).
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// Where annotation files go (default: `annotations` beside the corpus folder).
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
}

impl CorpusArgs {
    pub fn open(self) -> Result<gloss::core::corpus::Corpus, Error> {
        gloss::core::corpus::Corpus::open(&self.corpus, self.annotations)
            .map_err(|e| Error::Input(e.to_string()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that stops the command: say what is wrong and what to do.
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Io(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => 2,
            Error::Io(_) => 3,
        }
    }
}
