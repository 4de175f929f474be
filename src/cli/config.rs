//! `gloss config`: where the configuration file is, and a commented one to start from.

use std::io::Write as _;
use std::process::ExitCode;

use gloss::core::user_state::config;
use gloss::tui::keymap::Keymap;

use crate::cli::{Error, print};

#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct Args {
    /// Print the path of the configuration file, whether or not it exists.
    #[arg(long)]
    path: bool,
    /// Write a commented configuration file with the defaults there; an existing one is left
    /// alone.
    #[arg(long)]
    init: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let path = config::file_path().ok_or_else(|| {
        Error::Input(format!(
            "no home folder to keep the configuration in: set {} to the path of a file",
            config::PATH_VAR
        ))
    })?;
    if args.path {
        print(&format!("{}\n", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let exists = || {
        Error::Input(format!(
            "{} already exists and is left as it is: edit it, or move it away and run `gloss config --init` again",
            path.display()
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    let io = |e: std::io::Error| Error::Io(format!("{}: cannot write: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => exists(),
            _ => io(e),
        })?;
    file.write_all(config::template(&Keymap::commented_defaults()).as_bytes())
        .map_err(io)?;
    print(&format!("wrote {}\n", path.display()))?;
    Ok(ExitCode::SUCCESS)
}
