//! `gloss [CORPUS_DIR]`: the reader.

use std::process::ExitCode;

use gloss::core::annotation::Stamp;
use gloss::core::writer::Writer;
use gloss::tui::{keymap, state::App, terminal};

use crate::cli::{CorpusArgs, Error};

pub type Args = CorpusArgs;

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let tags_file = args.corpus.join(gloss::core::corpus::TAGS_FILE);
    let corpus = args.open()?;
    keymap::check_tag_keys(&corpus.tags)
        .map_err(|e| Error::Input(format!("{}: {e}", tags_file.display())))?;
    gloss::core::leftovers::remove(&corpus.annotations_dir);
    let app = App::new(corpus, Writer::spawn(), Box::new(Stamp::now));
    terminal::run(app).map_err(|e| Error::Io(format!("terminal error: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
