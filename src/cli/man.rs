//! `gloss man [COMMAND]`: a manual page, in roff, on standard output, made from the same
//! description as `--help`: gloss's own (`gloss man | man -l -`, or
//! `gloss man > ~/.local/share/man/man1/gloss.1`) or a command's, `gloss-COMMAND(1)`, which
//! gloss's page lists (`gloss man export > ~/.local/share/man/man1/gloss-export.1`).

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Error, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The command whose page to print (export, import, check…); gloss's own when absent.
    command: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut gloss = crate::Cli::command();
    // Built, the commands know their names as the pages call them (`gloss-export`).
    gloss.build();
    let page = match &args.command {
        None => gloss,
        Some(name) => gloss.find_subcommand(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = gloss.get_subcommands().map(|c| c.get_name()).collect();
            Error::Input(format!(
                "no command {name:?}: give one of {}",
                names.join(", ")
            ))
        })?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| Error::Io(format!("cannot write the manual page: {e}")))?;
    print(&String::from_utf8_lossy(&roff))?;
    Ok(ExitCode::SUCCESS)
}
