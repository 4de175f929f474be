//! `gloss rename-link OLD NEW [CORPUS_DIR] [--annotations DIR]`: renames a link type of the
//! scheme and every link of that type in the corpus (see `core::storage::link_rename`), as the
//! tag editor renames a tag. `gloss rename-link NEW OLD` takes it back.

use std::process::ExitCode;

use gloss::core::annotation::Stamp;
use gloss::core::plural::count;
use gloss::core::storage::link_rename;

use crate::cli::{Error, FolderArgs, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The link type's name in tags.toml.
    old: String,
    /// Its new name.
    new: String,
    #[command(flatten)]
    corpus: FolderArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let (config, _, _) = crate::cli::configuration()?;
    let corpus = args.corpus.open("rename-link")?;
    if let Some(Ok(done)) = &corpus.rename_recovery {
        eprintln!("gloss rename-link: {done}");
    }
    let stamp = Stamp::now(&config.annotator);
    let done = link_rename::rename(&corpus, &args.old, &args.new, &stamp)
        .map_err(|e| Error::Input(e.to_string()))?;
    print(&format!(
        "renamed the link type {} to {} in {} of {}\n",
        args.old,
        args.new.trim(),
        count(done.links, "link"),
        count(done.files, "annotation file"),
    ))?;
    Ok(ExitCode::SUCCESS)
}
