//! `gloss completions SHELL`: a completion script for the shell, on standard output.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Error, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut crate::Cli::command(), "gloss", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
