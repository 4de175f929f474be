//! The `gloss` command: parses the command line and starts the reader or a subcommand.
//! Exit codes: 0 success, 1 the command ran and found problems, 2 bad usage or input that stops
//! it (a missing corpus, a broken tag file), 3 an I/O or terminal failure.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// A terminal reader for annotating claims in a corpus of documents.
#[derive(Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<cli::Command>,
    #[command(flatten)]
    read: cli::read::Args,
}

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
