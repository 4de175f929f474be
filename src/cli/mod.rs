//! Subcommands of the binary, each in its own file. Each returns an exit code or an error that
//! says what to do.

pub mod completions;
pub mod config;
pub mod help;
pub mod read;

use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Show where the configuration file is, or write a commented one with the defaults.
    Config(config::Args),
    /// Print help: `gloss help keys` prints the keys in effect; `gloss help COMMAND` a
    /// command's help.
    Help(help::Args),
    /// Print a completion script for bash, zsh, fish, elvish or powershell, as in
    /// `gloss completions bash > ~/.local/share/bash-completion/completions/gloss`.
    Completions(completions::Args),
}

impl Command {
    pub fn run(self) -> Result<std::process::ExitCode, Error> {
        match self {
            Command::Config(args) => config::run(args),
            Command::Help(args) => help::run(args),
            Command::Completions(args) => completions::run(args),
        }
    }
}

/// The corpus folder and where its annotations live, as every subcommand takes them.
#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// The corpus folder: its .txt and .md documents, searched recursively. The reader also
    /// takes one document, and opens it in its corpus: the nearest folder above it that holds a
    /// tags.toml, else its own folder.
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR|DOCUMENT")]
    pub corpus: PathBuf,
    /// Where annotation files go (default: `annotations` beside the corpus folder).
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
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

/// Writes to standard output; a reader that stopped early (`| head`) is no failure.
pub fn print(text: &str) -> Result<(), Error> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Io(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}
