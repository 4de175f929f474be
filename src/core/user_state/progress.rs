//! Where each document of a corpus stands: to review, or done; and the adjudicators' decisions
//! that no code goes on a passage, which leave no annotation to show them. The marks belong to
//! the corpus,
//! not to one reader: they are kept with the annotations, in `.progress.toml` in the annotations
//! folder, so that a team that shares its annotations (in git, on a shared drive) shares them,
//! with who set each mark and when. The name starts with a dot so that `gloss check` and import,
//! which take every other `.toml` file there for a document's annotations, pass it by.
//!
//! The file is written atomically, under the folder's lock, merged with what it holds then: only
//! the documents whose mark changed here are written, so marks set meanwhile by another gloss are
//! kept. A file that does not parse (a git conflict left in it) is never overwritten.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::core::annotation::Stamp;
use crate::core::storage::atomic_file;
use crate::core::storage::toml_file;

pub const FILE_NAME: &str = ".progress.toml";

const HEADER: &str = "# Where each document stands, set in gloss's document list: \"to-review\" or \"done\",\n# with who set it and when; and under [nothing-coded], the passages (code points start..end)\n# an adjudicator settled as coded by nothing. Written by gloss; documents without either are\n# left out.\n\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    ToReview,
    Done,
}

impl Mark {
    /// The next mark as a key cycles them: none, to review, done, none.
    pub fn after(mark: Option<Mark>) -> Option<Mark> {
        match mark {
            None => Some(Mark::ToReview),
            Some(Mark::ToReview) => Some(Mark::Done),
            Some(Mark::Done) => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::ToReview => "to review",
            Mark::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub mark: Mark,
    /// The annotator who set it.
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

type Records = BTreeMap<String, Record>;

/// A passage an adjudicator settled as coded by nothing (the review screen's "did not code it"
/// version accepted): code points `start..end` of the document's canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nothing {
    pub start: usize,
    pub end: usize,
    /// The adjudicator.
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

/// Per document, its passages settled as coded by nothing.
type Nothings = BTreeMap<String, Vec<Nothing>>;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    documents: Records,
    #[serde(
        default,
        rename = "nothing-coded",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    nothing_coded: Nothings,
}

/// Why the marks file could not be read or written. Each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum MarksError {
    #[error("{}: document marks not read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}:{line}: document marks not read: {message}; fix the file (a merge conflict left in \
         it?) and the marks are saved with the next one",
        path.display()
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{}: marks not saved: {source}; they are saved with the next mark once it can be written",
        path.display()
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The marks of one corpus's documents, by their path in the corpus.
#[derive(Debug)]
pub struct Progress {
    path: PathBuf,
    records: Records,
    nothings: Nothings,
    /// Documents whose mark was set here and is not saved yet.
    changed: Vec<String>,
    /// Documents whose passages settled as coded by nothing changed here, not saved yet.
    changed_nothings: Vec<String>,
    /// How long a save waits for another gloss holding the folder's lock:
    /// [`Timing::lock_wait`](crate::core::user_state::timing::Timing::lock_wait).
    lock_wait: Duration,
}

impl Progress {
    /// The marks kept in `annotations_dir`. A file that cannot be read or parsed is no reason to
    /// stop reading: the marks start empty, the second value says why, and saving waits until
    /// the file is fixed. A save waits up to `lock_wait` for another gloss writing the folder.
    pub fn load(annotations_dir: &Path, lock_wait: Duration) -> (Progress, Option<String>) {
        let path = annotations_dir.join(FILE_NAME);
        let (file, problem) = match read(&path) {
            Ok(file) => (file, None),
            Err(why) => (File::default(), Some(why.to_string())),
        };
        let progress = Progress {
            path,
            records: file.documents,
            nothings: file.nothing_coded,
            changed: Vec::new(),
            changed_nothings: Vec::new(),
            lock_wait,
        };
        (progress, problem)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn mark(&self, rel_path: &str) -> Option<Mark> {
        self.records.get(rel_path).map(|r| r.mark)
    }

    /// Sets (or with `None` clears) the mark of the document at `rel_path`; [`Progress::save`]
    /// writes it.
    pub fn set(&mut self, rel_path: &str, mark: Option<Mark>, stamp: &Stamp) {
        match mark {
            Some(mark) => {
                let record = Record {
                    mark,
                    by: stamp.annotator.clone(),
                    at: stamp.time.clone(),
                };
                self.records.insert(rel_path.to_owned(), record);
            }
            None => {
                self.records.remove(rel_path);
            }
        }
        if !self.changed.iter().any(|c| c == rel_path) {
            self.changed.push(rel_path.to_owned());
        }
    }

    /// The passages of the document at `rel_path` settled by `adjudicator` as coded by nothing.
    pub fn nothing_coded<'a>(
        &'a self,
        rel_path: &str,
        adjudicator: &'a str,
    ) -> impl Iterator<Item = &'a Nothing> + 'a {
        self.nothings
            .get(rel_path)
            .into_iter()
            .flatten()
            .filter(move |n| n.by == adjudicator)
    }

    /// Records (`nothing` true) or forgets that `stamp`'s annotator, adjudicating, settled the
    /// passage `span` (code points) of the document at `rel_path` as coded by nothing;
    /// [`Progress::save`] writes it.
    pub fn set_nothing_coded(
        &mut self,
        rel_path: &str,
        span: Range<usize>,
        nothing: bool,
        stamp: &Stamp,
    ) {
        let list = self.nothings.entry(rel_path.to_owned()).or_default();
        let was = list.len();
        list.retain(|n| !(n.start == span.start && n.end == span.end && n.by == stamp.annotator));
        if nothing {
            list.push(Nothing {
                start: span.start,
                end: span.end,
                by: stamp.annotator.clone(),
                at: stamp.time.clone(),
            });
            list.sort_by_key(|n| (n.start, n.end));
        } else if list.len() == was {
            return;
        }
        if list.is_empty() {
            self.nothings.remove(rel_path);
        }
        if !self.changed_nothings.iter().any(|c| c == rel_path) {
            self.changed_nothings.push(rel_path.to_owned());
        }
    }

    /// Writes the marks set here into the file as it is now, and takes in the marks set
    /// elsewhere meanwhile. Does nothing when nothing changed; on failure the marks stay to be
    /// saved with the next change, and the error names the file and says what to do.
    pub fn save(&mut self) -> Result<(), MarksError> {
        if self.changed.is_empty() && self.changed_nothings.is_empty() {
            return Ok(());
        }
        let fail = |source| MarksError::Write {
            path: self.path.clone(),
            source,
        };
        let file = atomic_file::update(&self.path, self.lock_wait, fail, || {
            let mut file = read(&self.path)?;
            for doc in &self.changed {
                match self.records.get(doc) {
                    Some(record) => file.documents.insert(doc.clone(), record.clone()),
                    None => file.documents.remove(doc),
                };
            }
            for doc in &self.changed_nothings {
                match self.nothings.get(doc) {
                    Some(list) => file.nothing_coded.insert(doc.clone(), list.clone()),
                    None => file.nothing_coded.remove(doc),
                };
            }
            let text = toml::to_string(&file).map_err(|e| fail(std::io::Error::other(e)))?;
            Ok((Some(format!("{HEADER}{text}")), file))
        })?;
        self.records = file.documents;
        self.nothings = file.nothing_coded;
        self.changed.clear();
        self.changed_nothings.clear();
        Ok(())
    }
}

fn read(path: &Path) -> Result<File, MarksError> {
    match toml_file::read(path) {
        Ok(Some(text)) => toml_file::parse::<File>(&text).map_err(|e| MarksError::Invalid {
            path: path.to_owned(),
            line: e.line,
            message: e.message,
        }),
        Ok(None) => Ok(File::default()),
        Err(source) => Err(MarksError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::user_state::timing::LOCK_WAIT;

    fn stamp(who: &str) -> Stamp {
        Stamp {
            annotator: who.into(),
            time: "2026-01-02T03:04:05Z".into(),
        }
    }

    #[test]
    fn marks_are_saved_merged_with_marks_set_elsewhere_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let annotations = dir.path().join("annotations");
        let (mut here, problem) = Progress::load(&annotations, LOCK_WAIT);
        assert!(problem.is_none());
        let (mut there, _) = Progress::load(&annotations, LOCK_WAIT);
        here.set("a.txt", Some(Mark::Done), &stamp("ann"));
        here.set("b.txt", Some(Mark::ToReview), &stamp("ann"));
        here.save().unwrap();
        // Another gloss that read the file before: its marks go in beside these.
        there.set("c.txt", Some(Mark::ToReview), &stamp("bob"));
        there.set("b.txt", None, &stamp("bob"));
        there.save().unwrap();
        assert_eq!(
            there.mark("a.txt"),
            Some(Mark::Done),
            "taken in from the file"
        );
        let (again, _) = Progress::load(&annotations, LOCK_WAIT);
        assert_eq!(again.mark("a.txt"), Some(Mark::Done));
        assert_eq!(again.mark("b.txt"), None);
        assert_eq!(again.mark("c.txt"), Some(Mark::ToReview));
        let text = std::fs::read_to_string(annotations.join(FILE_NAME)).unwrap();
        assert!(text.starts_with("# Where each document stands"), "{text}");
        assert!(
            text.contains(
                "[documents.\"c.txt\"]\nmark = \"to-review\"\nby = \"bob\"\nat = \"2026-01-02T03:04:05Z\"\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn passages_settled_as_coded_by_nothing_are_kept_per_adjudicator_and_merged() {
        let dir = tempfile::tempdir().unwrap();
        let (mut here, _) = Progress::load(dir.path(), LOCK_WAIT);
        let (mut there, _) = Progress::load(dir.path(), LOCK_WAIT);
        here.set_nothing_coded("a.txt", 3..9, true, &stamp("judge"));
        here.set_nothing_coded("a.txt", 12..20, true, &stamp("judge"));
        here.save().unwrap();
        there.set("b.txt", Some(Mark::Done), &stamp("bob"));
        there.set_nothing_coded("c.txt", 0..4, true, &stamp("ada"));
        there.save().unwrap();
        let (mut again, problem) = Progress::load(dir.path(), LOCK_WAIT);
        assert!(problem.is_none());
        let judged = |p: &Progress, doc: &str, who: &str| {
            p.nothing_coded(doc, who)
                .map(|n| n.start..n.end)
                .collect::<Vec<_>>()
        };
        assert_eq!(judged(&again, "a.txt", "judge"), [3..9, 12..20]);
        assert!(judged(&again, "a.txt", "ada").is_empty());
        assert_eq!(judged(&again, "c.txt", "ada").pop(), Some(0..4));
        assert_eq!(again.mark("b.txt"), Some(Mark::Done));
        again.set_nothing_coded("a.txt", 3..9, false, &stamp("judge"));
        again.save().unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(
            text.contains(
                "[[nothing-coded.\"a.txt\"]]\nstart = 12\nend = 20\nby = \"judge\"\nat = \"2026-01-02T03:04:05Z\"\n"
            ),
            "{text}"
        );
        assert!(!text.contains("start = 3\n"), "{text}");
        // A file of an earlier gloss, marks only, still loads.
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[documents.\"a.txt\"]\nmark = \"done\"\nby = \"x\"\nat = \"t\"\n",
        )
        .unwrap();
        let (old, problem) = Progress::load(dir.path(), LOCK_WAIT);
        assert!(problem.is_none());
        assert_eq!(old.nothing_coded("a.txt", "judge").count(), 0);
    }

    #[test]
    fn a_broken_file_is_reported_with_its_line_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let broken = "[documents.\"a.txt\"]\n<<<<<<< HEAD\nmark = \"done\"\n";
        std::fs::write(&path, broken).unwrap();
        let (mut progress, problem) = Progress::load(dir.path(), LOCK_WAIT);
        let problem = problem.unwrap();
        assert!(problem.contains(".progress.toml:2: "), "{problem}");
        progress.set("b.txt", Some(Mark::Done), &stamp("ann"));
        let err = progress.save().unwrap_err();
        assert!(err.to_string().contains(".progress.toml:2: "), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
        // Fixed, the mark waiting in memory is written.
        std::fs::write(&path, "").unwrap();
        progress.save().unwrap();
        assert_eq!(
            Progress::load(dir.path(), LOCK_WAIT).0.mark("b.txt"),
            Some(Mark::Done)
        );
    }

    /// The wait is the one given (the configuration's), not the default: its message says it.
    #[test]
    fn a_save_waits_for_the_lock_as_long_as_configured_and_keeps_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let held =
            crate::core::storage::lock::FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let (mut progress, _) = Progress::load(dir.path(), Duration::from_millis(50));
        progress.set("a.txt", Some(Mark::Done), &stamp("ann"));
        let err = progress.save().unwrap_err().to_string();
        assert!(err.contains("for over 0.05 s"), "{err}");
        drop(held);
        progress.save().unwrap();
        assert_eq!(
            Progress::load(dir.path(), LOCK_WAIT).0.mark("a.txt"),
            Some(Mark::Done)
        );
    }
}
