//! Where the reader was in each document, remembered between runs in the platform's state folder
//! (not beside the corpus, which may be shared): `positions.toml`, one table per corpus, keyed by
//! the corpus folder's absolute path, holding the code-point offset of the cursor sentence of each
//! document by its path in the corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::storage::atomic_file;
use crate::core::storage::toml_file;

type Tables = BTreeMap<String, BTreeMap<String, usize>>;

pub const FILE_NAME: &str = "positions.toml";

/// `positions.toml` in the platform's state folder (`$XDG_STATE_HOME/gloss` on Linux), else in
/// its local data folder where the platform has no state folder.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gloss")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join(FILE_NAME))
}

/// Why a state file (the positions, the session) was not read or written. Each names the file
/// and what it holds (`what`: "reading positions", "the last open document").
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: {what} ignored: {source}", path.display())]
    Read {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
    #[error("{}:{line}: {what} ignored: {message}", path.display())]
    Invalid {
        path: PathBuf,
        what: &'static str,
        line: usize,
        message: String,
    },
    #[error("{}: {what} not saved: {source}", path.display())]
    Write {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
}

/// What the positions file holds, for its messages.
const WHAT: &str = "reading positions";

/// The positions of one corpus's documents.
#[derive(Debug)]
pub struct Positions {
    path: PathBuf,
    corpus: String,
    offsets: BTreeMap<String, usize>,
    /// Documents whose position changed since the last save.
    changed: Vec<String>,
    /// How long a save waits for another gloss holding the folder's lock:
    /// [`Timing::lock_wait`](crate::core::user_state::timing::Timing::lock_wait).
    lock_wait: Duration,
}

impl Positions {
    /// Reads the positions of the corpus at `root` from the file at `path`. A file that cannot be
    /// read or parsed is no reason to stop reading: the positions start empty and the second
    /// value says why, for the status bar. A save waits up to `lock_wait` for another gloss
    /// saving its positions.
    pub fn load(path: &Path, root: &Path, lock_wait: Duration) -> (Positions, Option<String>) {
        let corpus = corpus_key(root);
        let (mut tables, problem) = read_or_afresh::<Tables>(
            path,
            WHAT,
            "reading positions start afresh and the file is rewritten on quit",
        );
        let positions = Positions {
            path: path.to_owned(),
            offsets: tables.remove(&corpus).unwrap_or_default(),
            corpus,
            changed: Vec::new(),
            lock_wait,
        };
        (positions, problem)
    }

    /// The remembered offset in the document at `rel_path`.
    pub fn get(&self, rel_path: &str) -> Option<usize> {
        self.offsets.get(rel_path).copied()
    }

    pub fn set(&mut self, rel_path: &str, offset: usize) {
        if self.offsets.insert(rel_path.to_owned(), offset) != Some(offset)
            && !self.changed.iter().any(|c| c == rel_path)
        {
            self.changed.push(rel_path.to_owned());
        }
    }

    /// Writes what changed, atomically, into the file as it is now, so that another gloss that
    /// saved meanwhile keeps its positions. Does nothing when nothing changed.
    pub fn save(&mut self) -> Result<(), StateError> {
        if self.changed.is_empty() {
            return Ok(());
        }
        let fail = |source| StateError::Write {
            path: self.path.clone(),
            what: WHAT,
            source,
        };
        atomic_file::update(&self.path, self.lock_wait, fail, || {
            let mut tables = read::<Tables>(&self.path, WHAT).unwrap_or_default();
            let table = tables.entry(self.corpus.clone()).or_default();
            for doc in &self.changed {
                table.insert(doc.clone(), self.offsets[doc]);
            }
            let text = toml::to_string(&tables).map_err(|e| fail(std::io::Error::other(e)))?;
            Ok((Some(text), ()))
        })?;
        self.changed.clear();
        Ok(())
    }
}

/// How a corpus is named in the state files: its folder's absolute path.
pub(crate) fn corpus_key(root: &Path) -> String {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_owned())
        .to_string_lossy()
        .into_owned()
}

/// Reads a state file; one that does not exist gives the default. The error names the file (and
/// line) and says that `what` it holds is ignored.
pub(crate) fn read<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    what: &'static str,
) -> Result<T, StateError> {
    match toml_file::read(path) {
        Ok(Some(text)) => toml_file::parse(&text).map_err(|e| StateError::Invalid {
            path: path.to_owned(),
            what,
            line: e.line,
            message: e.message,
        }),
        Ok(None) => Ok(T::default()),
        Err(source) => Err(StateError::Read {
            path: path.to_owned(),
            what,
            source,
        }),
    }
}

/// A state file as [`read`] reads it, else the default and why, with what happens `then`, for
/// the status bar: a state file that cannot be read is no reason to stop reading.
pub(crate) fn read_or_afresh<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    what: &'static str,
    then: &str,
) -> (T, Option<String>) {
    match read(path, what) {
        Ok(value) => (value, None),
        Err(why) => (T::default(), Some(format!("{why}; {then}"))),
    }
}

/// Replaces a state file with `text`, atomically, creating its folder.
pub(crate) fn write(path: &Path, text: &str) -> std::io::Result<()> {
    atomic_file::write(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::user_state::timing::LOCK_WAIT;

    #[test]
    fn positions_survive_a_save_and_other_corpora_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/positions.toml");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let (mut in_a, problem) = Positions::load(&file, &a, LOCK_WAIT);
        assert!(problem.is_none());
        let (mut in_b, _) = Positions::load(&file, &b, LOCK_WAIT);
        in_a.set("x/doc.txt", 120);
        in_a.save().unwrap();
        // Saved meanwhile by another gloss on another corpus: both stay.
        in_b.set("doc.txt", 7);
        in_b.save().unwrap();
        let (again, _) = Positions::load(&file, &a, LOCK_WAIT);
        assert_eq!(again.get("x/doc.txt"), Some(120));
        assert_eq!(again.get("doc.txt"), None);
        assert_eq!(
            Positions::load(&file, &b, LOCK_WAIT).0.get("doc.txt"),
            Some(7)
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"x/doc.txt\" = 120"), "{text}");
    }

    #[test]
    fn a_broken_file_is_ignored_with_a_reason_and_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("positions.toml");
        std::fs::write(&file, "[\"/c\"]\n\"d.txt\" = \"many\"\n").unwrap();
        let (mut positions, problem) = Positions::load(&file, dir.path(), LOCK_WAIT);
        let problem = problem.expect("a reason");
        assert!(problem.contains("positions.toml:2:"), "{problem}");
        assert_eq!(positions.get("d.txt"), None);
        positions.set("d.txt", 3);
        positions.save().unwrap();
        assert_eq!(
            Positions::load(&file, dir.path(), LOCK_WAIT).0.get("d.txt"),
            Some(3)
        );
    }

    /// The wait is the one given (the configuration's), not the default: its message says it.
    #[test]
    fn a_save_waits_for_the_lock_as_long_as_configured_and_keeps_the_position() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state").join(FILE_NAME);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let held =
            crate::core::storage::lock::FolderLock::acquire(file.parent().unwrap(), Duration::ZERO)
                .unwrap();
        let (mut positions, _) = Positions::load(&file, dir.path(), Duration::from_millis(50));
        positions.set("d.txt", 3);
        let err = positions.save().unwrap_err().to_string();
        assert!(err.contains("for over 0.05 s"), "{err}");
        drop(held);
        positions.save().unwrap();
        assert_eq!(
            Positions::load(&file, dir.path(), LOCK_WAIT).0.get("d.txt"),
            Some(3)
        );
    }
}
