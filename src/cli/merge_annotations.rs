//! `gloss merge-annotations BASE OURS THEIRS PATH`: git's merge driver for annotation files
//! (`gloss git-setup` installs it). Writes the merge into OURS and exits 0; when a version does
//! not parse, leaves git's usual line-by-line conflict in OURS and exits 1, so that nothing is
//! resolved silently.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use gloss::core::storage::git_merge;
use gloss::core::storage::merge::Conflict;

use crate::cli::Error;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// This side's version, where the result goes (git's %A).
    pub ours: PathBuf,
    /// The other side's version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository, for messages (git's %P).
    pub path: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let shown = args.path.clone().unwrap_or_else(|| args.ours.clone());
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p)
            .map_err(|e| Error::Io(format!("{}: cannot read: {e}", p.display())))
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    match git_merge::merge_texts(&base, &ours, &theirs, &shown) {
        Ok(merged) => {
            std::fs::write(&args.ours, merged.text)
                .map_err(|e| Error::Io(format!("{}: cannot write: {e}", args.ours.display())))?;
            for conflict in &merged.conflicts {
                let what = match conflict {
                    Conflict::BothChanged { merged, notes, .. } => format!(
                        "annotation {} was changed on both sides: merged field by field{}",
                        merged.id,
                        if *notes {
                            " (both notes kept, marked, for a coder to choose)"
                        } else {
                            ""
                        }
                    ),
                    Conflict::ChangedAndDeleted { kept, .. } => format!(
                        "annotation {} was deleted on one side and changed on the other: kept what the \
                         other side added",
                        kept.id
                    ),
                };
                eprintln!("gloss: {}: {what}", shown.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("gloss: {e}\ngloss: left as a git conflict: fix the file, then `git add` it");
            // git's own merge writes the conflict markers into OURS.
            let status = Command::new("git")
                .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
                .args([&args.ours, &args.base, &args.theirs])
                .status();
            if let Err(e) = status {
                eprintln!(
                    "gloss: cannot run git merge-file ({e}): the file is left as this side's version"
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}
