//! `gloss git-setup [CORPUS_DIR]`: prepares the git repository that holds the corpus for a team:
//! annotation files merge through `gloss merge-annotations` (a line in `.gitattributes` and the
//! repository's `merge.gloss.driver`), and the lock files stay out (`.gitignore`). Run it once in
//! every clone: git does not copy a repository's configuration.

use std::path::Path;
use std::process::{Command, ExitCode};

use gloss::core::storage::git_setup;

use crate::cli::{Error, FolderArgs};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub corpus: FolderArgs,
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Error::Input(format!("cannot run git ({e}): install git first")))?;
    if !out.status.success() {
        return Err(Error::Input(format!(
            "git {} failed in {}: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let corpus = args.corpus.open("git-setup")?;
    let top = git(&corpus.root, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        Error::Input(format!(
            "{} is not in a git repository: run `git init` (or clone the team's repository) first",
            corpus.root.display()
        ))
    })?;
    let top = Path::new(&top)
        .canonicalize()
        .map_err(|e| Error::Io(format!("{top}: {e}")))?;
    std::fs::create_dir_all(&corpus.annotations_dir).map_err(|e| {
        Error::Io(format!(
            "{}: cannot create: {e}",
            corpus.annotations_dir.display()
        ))
    })?;
    let annotations = corpus
        .annotations_dir
        .canonicalize()
        .map_err(|e| Error::Io(format!("{}: {e}", corpus.annotations_dir.display())))?;
    let rel = annotations.strip_prefix(&top).map_err(|_| {
        Error::Input(format!(
            "the annotations folder {} is outside the repository {}: keep it inside to share it",
            annotations.display(),
            top.display()
        ))
    })?;
    let rel: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let attributes = git_setup::attributes_lines(&rel.join("/")).map(|l| (".gitattributes", l));
    for (file, line) in attributes
        .into_iter()
        .chain([(".gitignore", git_setup::ignore_line())])
    {
        let path = top.join(file);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::Io(format!("{}: cannot read: {e}", path.display()))),
        };
        match git_setup::with_line(&existing, &line) {
            Some(text) => {
                std::fs::write(&path, text)
                    .map_err(|e| Error::Io(format!("{}: cannot write: {e}", path.display())))?;
                println!("{}: added `{line}`", path.display());
            }
            None => println!("{}: already has `{line}`", path.display()),
        }
    }
    let program = std::env::current_exe()
        .map_err(|e| Error::Io(format!("cannot tell where gloss is: {e}")))?;
    let driver = git_setup::driver_command(&program.to_string_lossy());
    let name = format!("merge.{}", git_setup::DRIVER);
    git(
        &top,
        &[
            "config",
            &format!("{name}.name"),
            "gloss annotations, merged by id",
        ],
    )?;
    git(&top, &["config", &format!("{name}.driver"), &driver])?;
    println!("git config {name}.driver = {driver}");
    println!("Commit .gitattributes and .gitignore; every clone runs `gloss git-setup` once.");
    Ok(ExitCode::SUCCESS)
}
