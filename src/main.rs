//! The `gloss` command: parses the command line and starts the reader or a subcommand.
//! Exit codes: 0 success, 1 the command ran and found problems, 2 bad usage or input that stops
//! it (a missing corpus, a broken tag file), 3 an I/O or terminal failure.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// A terminal reader for annotating claims in a corpus of documents.
///
/// `gloss CORPUS_DIR` opens the reader on a folder of .txt and .md documents; `gloss DOCUMENT`
/// opens one document in its corpus. Annotations are saved at once as TOML in the `annotations`
/// folder beside the corpus folder. In the reader, the help key shows every key (F1, unless the
/// configuration gives `help` another); `gloss help keys` prints the keys in effect.
#[derive(Parser)]
#[command(
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true,
    after_long_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Option<cli::Command>,
    #[command(flatten)]
    read: cli::read::Args,
}

const AFTER_HELP: &str = "\
Files:
  config.toml      your configuration: annotator, colours, reading width, sidebar, keys
                   (`gloss config --path` prints where it is, `gloss config --init` writes one)
  positions.toml   where you were in each document, in the platform's state folder
                   ($XDG_STATE_HOME/gloss on Linux)
  CORPUS/tags.toml the corpus's tags: name, key, colour, group, description

Environment:
  GLOSS_CONFIG     read this configuration file instead
  XDG_CONFIG_HOME, XDG_STATE_HOME
                   where the configuration and the positions go on Linux
  NO_COLOR         when set and not empty, no colour (unless the configuration sets `colors`)
  COLORTERM, TERM  how many colours the terminal has (truecolor or 24bit; 256color; else 16)
  USER             the annotator, unless the configuration names one

Exit status:
  0 done; 1 the command ran and found problems; 2 bad usage or input that stops it (a missing
  corpus, a broken tag or configuration file, with its line); 3 an I/O or terminal failure";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => cli::read::run(cli.read),
        Some(command) => command.run(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gloss: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
