//! `gloss help [TOPIC]`: the keys in effect, or a command's help.

use std::process::ExitCode;

use clap::CommandFactory;
use gloss::core::corpus;
use gloss::core::tags::TagSet;
use gloss::core::user_state::config;
use gloss::tui::{startup, view::help};

use crate::cli::{Error, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// `keys` for the key table with the configuration's keys and the tags, as F1 shows them in
    /// the reader; or the name of a command.
    topic: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut cli = crate::Cli::command();
    cli.build();
    let text = match args.topic {
        None => cli.render_long_help().to_string(),
        Some(topic) if topic.eq_ignore_ascii_case("keys") => {
            let (_, keymap) =
                startup::configuration(config::file_path().as_deref()).map_err(Error::Input)?;
            // The tags of the corpus the reader opens by default, as F1 shows them there.
            let tags_file = std::path::Path::new("corpus").join(corpus::TAGS_FILE);
            let tags = if tags_file.exists() {
                TagSet::load(&tags_file)
            } else {
                TagSet::parse(
                    corpus::DEFAULT_TAGS,
                    std::path::Path::new("(built-in tags)"),
                )
            }
            .map_err(|e| Error::Input(e.to_string()))?;
            help::key_table(&keymap, &tags)
        }
        Some(topic) => match cli.find_subcommand_mut(&topic) {
            Some(command) => command.render_long_help().to_string(),
            None => {
                return Err(Error::Input(format!(
                    "no help on {topic:?}: try `gloss help keys`, `gloss help config` or `gloss --help`"
                )));
            }
        },
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
