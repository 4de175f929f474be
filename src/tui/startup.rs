//! Starting the reader: the configuration file, the corpus or document named on the command line,
//! the key map and the remembered reading positions, put together into an `App` before the
//! terminal is touched, so that every mistake is reported on an ordinary screen.

use std::path::{Path, PathBuf};

use crate::core::annotation::Stamp;
use crate::core::corpus::{self, Corpus, CorpusError};
use crate::core::storage::writer::Writer;
use crate::core::user_state::config::{self, Config, ConfigError};
use crate::core::user_state::positions::{self, Positions};
use crate::core::user_state::session::{self, Session};
use crate::tui::keymap::{Keymap, TagKeyClash};
use crate::tui::opening::Prefetch;
use crate::tui::state::{App, Layout, Settings};

pub struct Startup {
    /// A corpus folder, or one document: its corpus is then the nearest folder above it that
    /// holds a `tags.toml`, else its own folder, and it is opened first.
    pub target: PathBuf,
    /// Where annotation files go; by default `annotations` beside the corpus folder.
    pub annotations: Option<PathBuf>,
    /// The configuration file (the defaults when it does not exist); `None` when there is none.
    pub config: Option<PathBuf>,
    /// The file of reading positions; `None` forgets them. The last open document and export
    /// choice are kept beside it, in `session.toml`.
    pub positions: Option<PathBuf>,
}

/// Why the reader does not start: each names the file (and line) at fault and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The document named cannot be placed in a corpus.
    #[error("{}: {source}", path.display())]
    Locate {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    TagKeys(#[from] Box<TagKeyClash>),
    /// The file named is no document of its corpus.
    #[error(
        "{}: not a document gloss reads (only .txt and .md files, outside hidden folders and the annotations folder); rename it, or pass its folder",
        .0.display()
    )]
    NotADocument(PathBuf),
}

impl Startup {
    /// With the configuration and state files where the platform keeps them.
    pub fn new(target: PathBuf, annotations: Option<PathBuf>) -> Startup {
        Startup {
            target,
            annotations,
            config: config::file_path(),
            positions: positions::default_path(),
        }
    }

    /// The reader, ready to run, with colours as `env` (the environment) allows; an error names
    /// the file (and line) at fault and says what to do.
    pub fn app(self, env: impl Fn(&str) -> Option<String>) -> Result<App, StartupError> {
        let (config, keymap) = configuration(self.config.as_deref())?;
        let read_whole_up_to = crate::core::documents::preview::READ_WHOLE_UP_TO;
        let (root, document, prefetch) = if self.target.is_file() {
            let (root, rel) =
                corpus::locate_document(&self.target).map_err(|source| StartupError::Locate {
                    path: self.target.clone(),
                    source,
                })?;
            let prefetch = Prefetch::start(
                root.join(&rel),
                rel.clone(),
                config.reflow,
                read_whole_up_to,
            );
            (root, Some(rel), Some(prefetch))
        } else {
            (self.target.clone(), None, None)
        };
        // The documents are read in the background once the reader runs (see `scanning`).
        let corpus = Corpus::listed(&root, self.annotations)?;
        keymap.check_tags(
            &corpus.tags,
            &root.join(corpus::TAGS_FILE),
            &config_name(self.config.as_deref()),
        )?;
        if let Some(doc) = &document
            && !corpus.entries.iter().any(|e| e.rel_path == *doc)
        {
            return Err(StartupError::NotADocument(self.target));
        }
        let (positions, session, problem) = match &self.positions {
            Some(path) => {
                let (positions, problem) = Positions::load(path, &root, config.timing.lock_wait);
                let (session, session_problem) =
                    Session::load(&path.with_file_name(session::FILE_NAME), &root);
                (Some(positions), Some(session), problem.or(session_problem))
            }
            None => (None, None, None),
        };
        // Named on the command line, else the one open when gloss last quit, if it is still there.
        let document = document.or_else(|| {
            let last = session.as_ref()?.document()?;
            corpus
                .entries
                .iter()
                .any(|e| e.rel_path == last && e.unreadable.is_none())
                .then(|| last.to_owned())
        });
        let settings = Settings {
            keymap,
            theme: config.theme,
            depth: config.colors.depth(&env),
            layout: Layout {
                max_width: config.max_width,
                sidebar: config.sidebar,
                reflow: config.reflow,
                list: true,
                ..Layout::default()
            },
            positions,
            session,
            config_path: self.config.clone(),
            document,
            blind: config.blind,
            index_in_background: true,
            adjudicator: config.adjudicator,
            scan_gate: None,
            read_whole_up_to,
            open_gate: None,
            prefetch,
            timing: config.timing,
        };
        // The file's name, else the login name; with neither, the coder is asked for one.
        let named = match config.annotator_in_file {
            true => Some(config.annotator),
            false => config::login_name(&env),
        };
        let ask_name = named.is_none();
        let annotator = named.unwrap_or_else(|| config::UNKNOWN_ANNOTATOR.to_owned());
        let stamp = Box::new(move || Stamp::now(&annotator));
        // Saves cut short by a killed gloss leave temporary files, removed in the background
        // before any save of this one (see `leftovers`).
        let writer = Writer::with_lock_wait(config.timing.lock_wait);
        writer.remove_leftovers(corpus.annotations_dir.clone());
        let mut app = App::start(corpus, writer, stamp, settings);
        if let Some(problem) = problem {
            app.set_status(problem, true);
        }
        if ask_name {
            app.ask_name();
        }
        Ok(app)
    }
}

/// The configuration file at `path` (the defaults when it does not exist, or when there is no
/// path) and the key map it makes.
pub fn configuration(path: Option<&Path>) -> Result<(Config, Keymap), ConfigError> {
    let config = match path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let keymap = Keymap::new(&config.keys, &config_name(path))?;
    Ok((config, keymap))
}

fn config_name(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from(config::FILE_NAME), Path::to_owned)
}
