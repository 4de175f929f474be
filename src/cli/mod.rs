//! Subcommands of the binary, each in its own file. Each returns an exit code or an error that
//! says what to do.

pub mod agree;
pub mod check;
pub mod completions;
pub mod config;
pub mod export;
pub mod git_setup;
pub mod help;
pub mod import;
pub mod man;
pub mod merge_annotations;
pub mod read;
pub mod rename_link;
pub mod table;

use std::path::{Path, PathBuf};

use gloss::core::user_state::config::Config;
use gloss::tui::keymap::Keymap;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check the tag file, every annotation file and the place of every annotation; one line per
    /// problem. Exit code 0 when all is well, 1 when an annotation is broken, has no place or
    /// was placed by a guess nobody confirmed, 2 when the corpus cannot be used.
    Check(check::Args),
    /// Write the annotations for other tools: W3C JSON-LD, doccano JSONL, CSV, brat, REFI-QDA or
    /// a Markdown report.
    Export(export::Args),
    /// How far coders agree: κ and α with sentences as units, unitizing α on the text, span
    /// precision/recall/F1 between two coders; per tag, per group and over all tags.
    Agree(agree::Args),
    /// Count annotations (or documents) in a cross table: rows and columns among tag groups,
    /// fields and document metadata (year, outlet, author), as Markdown, CSV or JSON.
    Table(table::Args),
    /// Merge annotations from a JSON, JSONL, CSV, brat or REFI-QDA file into the annotation files.
    Import(import::Args),
    /// Rename a link type of the scheme (a `[[link]]` of tags.toml) and every link of that type
    /// in the annotation files, as the tag editor renames a tag.
    RenameLink(rename_link::Args),
    /// Prepare the git repository holding the corpus for a team: annotation files merge by
    /// annotation id, lock files are ignored. Run once in every clone.
    GitSetup(git_setup::Args),
    /// git's merge driver for annotation files (installed by `gloss git-setup`): merges BASE,
    /// OURS and THEIRS by annotation id into OURS; exit 1 leaves a conflict when one does not
    /// parse.
    MergeAnnotations(merge_annotations::Args),
    /// Show where the configuration file is, or write a commented one with the defaults.
    Config(config::Args),
    /// Print help: `gloss help keys` prints the keys in effect; `gloss help COMMAND` a
    /// command's help.
    Help(help::Args),
    /// Print a completion script for bash, zsh, fish, elvish or powershell, as in
    /// `gloss completions bash > ~/.local/share/bash-completion/completions/gloss`.
    Completions(completions::Args),
    /// Print a manual page (roff): gloss's, as in `gloss man | man -l -`, or a command's, as in
    /// `gloss man export > ~/.local/share/man/man1/gloss-export.1`.
    Man(man::Args),
}

impl Command {
    pub fn run(self) -> Result<std::process::ExitCode, Error> {
        match self {
            Command::Check(args) => check::run(args),
            Command::Export(args) => export::run(args),
            Command::Import(args) => import::run(args),
            Command::Agree(args) => agree::run(args),
            Command::Table(args) => table::run(args),
            Command::RenameLink(args) => rename_link::run(args),
            Command::GitSetup(args) => git_setup::run(args),
            Command::MergeAnnotations(args) => merge_annotations::run(args),
            Command::Config(args) => config::run(args),
            Command::Help(args) => help::run(args),
            Command::Completions(args) => completions::run(args),
            Command::Man(args) => man::run(args),
        }
    }
}

/// A document given on the command line, as its path relative to the corpus: taken as such,
/// unless it names a file inside the corpus folder.
pub fn relative_to_corpus(corpus: &gloss::core::corpus::Corpus, given: &str) -> String {
    let inside = Path::new(given)
        .canonicalize()
        .ok()
        .zip(corpus.root.canonicalize().ok())
        .and_then(|(file, root)| {
            let rel = file.strip_prefix(root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        });
    inside.unwrap_or_else(|| given.replace('\\', "/"))
}

/// The user's configuration, its key map and where the file is (or would be), for subcommands
/// that need the annotator or the keys the reader keeps.
pub fn configuration() -> Result<(Config, Keymap, PathBuf), Error> {
    let path = gloss::core::user_state::config::file_path();
    let (config, keymap) = gloss::tui::startup::configuration(path.as_deref())
        .map_err(|e| Error::Input(e.to_string()))?;
    let shown = path.unwrap_or_else(|| PathBuf::from(gloss::core::user_state::config::FILE_NAME));
    Ok((config, keymap, shown))
}

/// The corpus folder and where its annotations live, as the reader and the subcommands that
/// work on some documents take them: a document stands for its corpus (the nearest folder above
/// it that holds a tags.toml, else its own folder), limited to that document.
#[derive(clap::Args, Debug)]
pub struct CorpusArgs {
    /// The corpus folder: its .txt and .md documents, searched recursively. Or one document, in
    /// its corpus (the nearest folder above it that holds a tags.toml, else its own folder): the
    /// reader opens it there; export, import, table and agree take only that document.
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR|DOCUMENT")]
    pub corpus: PathBuf,
    /// Where annotation files go (default: `annotations` beside the corpus folder).
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
}

/// A corpus opened from the command line, and the one document it was limited to, if a
/// document was given: its path relative to the corpus.
pub struct Opened {
    pub corpus: gloss::core::corpus::Corpus,
    pub document: Option<String>,
}

impl CorpusArgs {
    /// The corpus with every document read (see `Corpus::open`).
    pub fn open(self) -> Result<Opened, Error> {
        self.opened(gloss::core::corpus::Corpus::open)
    }

    /// The corpus with its documents listed, none read (see `Corpus::listed`).
    pub fn listed(self) -> Result<Opened, Error> {
        self.opened(gloss::core::corpus::Corpus::listed)
    }

    fn opened(
        self,
        open: impl Fn(
            &Path,
            Option<PathBuf>,
        ) -> Result<gloss::core::corpus::Corpus, gloss::core::corpus::CorpusError>,
    ) -> Result<Opened, Error> {
        let input = |e: &dyn std::fmt::Display| Error::Input(e.to_string());
        if !self.corpus.is_file() {
            let corpus = open(&self.corpus, self.annotations).map_err(|e| input(&e))?;
            return Ok(Opened {
                corpus,
                document: None,
            });
        }
        let (root, rel) = gloss::core::corpus::locate_document(&self.corpus)
            .map_err(|e| Error::Input(format!("{}: {e}", self.corpus.display())))?;
        let corpus = open(&root, self.annotations).map_err(|e| input(&e))?;
        if !corpus.entries.iter().any(|e| e.rel_path == rel) {
            return Err(Error::Input(format!(
                "{}: not a document gloss reads (only .txt and .md files, outside hidden folders \
                 and the annotations folder): give a document, or its corpus folder",
                self.corpus.display()
            )));
        }
        Ok(Opened {
            corpus,
            document: Some(rel),
        })
    }
}

/// The corpus folder and where its annotations live, for the subcommands that work on a whole
/// corpus (its tag file, every annotation file, its repository).
#[derive(clap::Args, Debug)]
pub struct FolderArgs {
    /// The corpus folder: its .txt and .md documents, searched recursively.
    #[arg(default_value = "corpus", value_name = "CORPUS_DIR")]
    pub corpus: PathBuf,
    /// Where annotation files go (default: `annotations` beside the corpus folder).
    #[arg(long, value_name = "DIR")]
    pub annotations: Option<PathBuf>,
}

impl FolderArgs {
    /// The corpus folder, checked to be no document: `command` works on a whole corpus.
    pub fn folder(&self, command: &str) -> Result<&Path, Error> {
        if self.corpus.is_file() {
            let root = gloss::core::corpus::locate_document(&self.corpus)
                .map(|(root, _)| format!(", {}", root.display()))
                .unwrap_or_default();
            return Err(Error::Input(format!(
                "{}: a document, and `gloss {command}` works on a whole corpus: give its folder{root}",
                self.corpus.display()
            )));
        }
        Ok(&self.corpus)
    }

    /// The corpus with every document read (see `Corpus::open`).
    pub fn open(self, command: &str) -> Result<gloss::core::corpus::Corpus, Error> {
        gloss::core::corpus::Corpus::open(self.folder(command)?, self.annotations.clone())
            .map_err(|e| Error::Input(e.to_string()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that stops the command: say what is wrong and what to do.
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Io(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => 2,
            Error::Io(_) => 3,
        }
    }
}

/// Writes to standard output; a reader that stopped early (`| head`) is no failure.
pub fn print(text: &str) -> Result<(), Error> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Io(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}
