//! `gloss [CORPUS_DIR | DOCUMENT]`: the reader.

use std::io::IsTerminal;
use std::process::ExitCode;

use gloss::tui::startup::Startup;
use gloss::tui::terminal;

use crate::cli::{CorpusArgs, Error};

pub type Args = CorpusArgs;

pub fn run(args: Args) -> Result<ExitCode, Error> {
    // First, so that keys typed while the corpus is read are kept as typed.
    let _raw = terminal::EarlyRawMode::start();
    let screen = terminal::ScreenSoon::start();
    let app = Startup::new(args.corpus, args.annotations)
        .app(|name| std::env::var(name).ok())
        .map_err(|e| Error::Input(e.to_string()))?;
    if !std::io::stdout().is_terminal() {
        return Err(Error::Io(
            "the reader needs a terminal, and standard output is not one: run gloss in a \
             terminal, or use `gloss export` or `gloss check` in scripts"
                .into(),
        ));
    }
    let ended = terminal::run(app, screen).map_err(|e| {
        Error::Io(format!(
            "the reader cannot use the terminal ({e}): run gloss in a terminal, or use \
             `gloss export` or `gloss check` in scripts"
        ))
    })?;
    Ok(match ended {
        terminal::Ended::Quit => ExitCode::SUCCESS,
        // As a shell reports a program a signal ended.
        terminal::Ended::Signal(signal) => ExitCode::from(128 + signal as u8),
    })
}
