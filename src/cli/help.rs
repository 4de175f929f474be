//! `gloss help [TOPIC]`: the keys in effect, or a command's help.

use std::process::ExitCode;

use clap::CommandFactory;
use gloss::core::corpus;
use gloss::core::tags::TagSet;
use gloss::core::user_state::config;
use gloss::tui::startup;

use crate::cli::{Error, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// `keys` for the keys in effect as the `[keys]` table of a configuration file (what each
    /// does, and the tags' keys, in comments); or the name of a command.
    topic: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut cli = crate::Cli::command();
    cli.build();
    let text = match args.topic {
        None => cli.render_long_help().to_string(),
        Some(topic) if topic.eq_ignore_ascii_case("keys") => {
            let path = config::file_path();
            let (_, keymap) =
                startup::configuration(path.as_deref()).map_err(|e| Error::Input(e.to_string()))?;
            // The tags of the corpus the reader opens by default, as F1 shows them there.
            let tags_file = std::path::Path::new("corpus").join(corpus::TAGS_FILE);
            let (tags, tags_file) = if tags_file.exists() {
                (TagSet::load(&tags_file), tags_file)
            } else {
                let built_in = std::path::PathBuf::from("(built-in tags)");
                (TagSet::parse(corpus::DEFAULT_TAGS, &built_in), built_in)
            };
            let tags = tags.map_err(|e| Error::Input(e.to_string()))?;
            let shown =
                path.map_or_else(|| config::FILE_NAME.to_owned(), |p| p.display().to_string());
            // Refused as the reader refuses it: a key table it would not start with.
            keymap
                .check_tags(&tags, &tags_file, std::path::Path::new(&shown))
                .map_err(|e| Error::Input(e.to_string()))?;
            format!(
                "# The keys in effect ({shown} and the key table), as the configuration writes\n\
                 # them: copy a line into the [keys] table there and change its keys. Lines\n\
                 # commented out are said, not set: a line sets an action's keys on every screen.\n\n{}",
                keymap.as_config(&tags)
            )
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
