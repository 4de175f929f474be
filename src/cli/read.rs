//! `gloss [CORPUS_DIR | DOCUMENT]`: the reader.

use std::process::ExitCode;

use gloss::tui::startup::Startup;
use gloss::tui::terminal;

use crate::cli::{CorpusArgs, Error};

pub type Args = CorpusArgs;

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let app = Startup::new(args.corpus, args.annotations)
        .app(|name| std::env::var(name).ok())
        .map_err(Error::Input)?;
    terminal::run(app).map_err(|e| Error::Io(format!("terminal error: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
