//! The intent journal of a tag or link type renamed across the corpus. A rename rewrites
//! `tags.toml` and the annotation file of every document that uses the tag or has a link of
//! the type: many files, which no single atomic write
//! covers. Before it writes any of them, gloss writes what it is about to do to
//! `.gloss-rename.toml` in the corpus folder, and removes that once every file is written. A
//! gloss killed in between leaves the journal; the next start (the reader, `gloss check`, any
//! command that reads the corpus) completes the rename from it, so that the scheme and the
//! annotations never disagree on a tag's name.
//!
//! Completing is always possible and loses nothing: renaming a tag in a file that already has
//! the new name changes nothing, and the scheme is written only if it is still the old one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::annotation::Stamp;
use crate::core::storage::atomic_file;
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::lock::FolderLock;
use crate::core::storage::store::{self, StoreError};
use crate::core::storage::tag_file::TagFileError;
use crate::core::storage::toml_file;
use crate::core::user_state::timing::LOCK_WAIT;

/// The journal's name in the corpus folder; hidden, so that it is never taken for a document.
pub const FILE_NAME: &str = ".gloss-rename.toml";

/// Why a rename's journal could not be written, or a rename cut short not completed (the
/// journal then stays for the next start). Each names the file and, where it helps, what to do.
#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    #[error("{}: cannot write: {source}; nothing was renamed", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: a rename was cut short, and it cannot be completed now: {source}",
        path.display()
    )]
    Locked {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}:{line}: not a rename journal this gloss can read ({message}); if no rename was cut \
         short, delete it",
        path.display()
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Scheme(#[from] TagFileError),
    #[error(transparent)]
    Annotations(#[from] StoreError),
    #[error("{}: cannot rename tags in it: {source}", path.display())]
    Rename {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot remove: {source}", path.display())]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A rename about to be made: everything needed to complete it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// Each tag's old name and new name.
    pub renames: Vec<(String, String)>,
    /// Each link type's old name and new name (`gloss rename-link`); journals written before
    /// link types could be renamed have none.
    #[serde(default)]
    pub link_renames: Vec<(String, String)>,
    /// `tags.toml` as it was before the rename, and as the rename writes it.
    pub tags_before: String,
    pub tags_after: String,
    /// The documents (paths in the corpus, `/`-separated) whose annotation files use an old
    /// name.
    pub documents: Vec<String>,
    /// Who renamed and when, stamped on the annotations renamed.
    pub annotator: String,
    pub time: String,
}

/// Where the journal of the corpus at `root` is.
pub fn path(root: &Path) -> PathBuf {
    root.join(FILE_NAME)
}

impl Journal {
    /// Writes the journal into the corpus folder `root`, atomically. The error names the file.
    pub fn write(&self, root: &Path) -> Result<(), RenameError> {
        let path = path(root);
        let fail = |source| RenameError::Write {
            path: path.clone(),
            source,
        };
        let text = format!(
            "# gloss is renaming tags. If this file is still here, a rename was cut short: the\n\
             # next gloss started on this corpus completes it, then removes this file.\n{}",
            toml::to_string(self).map_err(|e| fail(std::io::Error::other(e)))?
        );
        atomic_file::write(&path, text.as_bytes()).map_err(fail)
    }
}

/// Removes the journal of the corpus at `root`, the rename it describes being complete. A
/// journal that is already gone is no error.
pub fn remove(root: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path(root)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The journal in the corpus folder `root`: `None` when there is none (no rename is being
/// made, or cut short). The error names the file.
pub fn read(root: &Path) -> Result<Option<Journal>, RenameError> {
    let path = path(root);
    let text = match toml_file::read(&path) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(None),
        Err(source) => return Err(RenameError::Read { path, source }),
    };
    let journal = toml_file::parse(&text).map_err(|e| RenameError::Invalid {
        path,
        line: e.line,
        message: e.message,
    })?;
    Ok(Some(journal))
}

/// Completes the rename a journal in the corpus folder `root` describes, if there is one, with
/// the annotation files in `annotations_dir`; then removes the journal. Returns what was done,
/// for the user: `Ok(None)` when there was no journal. On an error (a file that cannot be read
/// or written), the journal stays for the next start, and the message names the file and says
/// what to do.
pub fn recover(root: &Path, annotations_dir: &Path) -> Result<Option<String>, RenameError> {
    let journal_path = path(root);
    if !journal_path.exists() {
        return Ok(None);
    }
    // Another gloss may be renaming right now: it holds this lock while it writes the journal
    // and the scheme.
    let _lock = FolderLock::acquire(root, LOCK_WAIT).map_err(|source| RenameError::Locked {
        path: journal_path.clone(),
        source,
    })?;
    // Completed by another gloss while this one waited for the lock.
    let Some(journal) = read(root)? else {
        return Ok(None);
    };
    let (rewritten, left) = complete(root, annotations_dir, &journal)?;
    remove(root).map_err(|source| RenameError::Remove {
        path: journal_path,
        source,
    })?;
    let tags = journal
        .renames
        .iter()
        .map(|(old, new)| format!("{old} to {new}"));
    let links =
        (journal.link_renames.iter()).map(|(old, new)| format!("the link type {old} to {new}"));
    let names: Vec<String> = tags.chain(links).collect();
    Ok(Some(format!(
        "completed the renaming of {} cut short last time: {} rewritten{}",
        names.join(", "),
        crate::core::plural::count(rewritten, "annotation file"),
        left.unwrap_or_default()
    )))
}

/// Makes the rename `journal` describes in the corpus folder `root`, with the annotation files
/// in `annotations_dir`, leaving the journal where it is: writes the scheme if it is still the
/// one before, and renames in every annotation file the journal names. Returns the number of
/// annotation files rewritten, and a note when the scheme was changed since and left as it is.
pub fn complete(
    root: &Path,
    annotations_dir: &Path,
    journal: &Journal,
) -> Result<(usize, Option<String>), RenameError> {
    let tags_path = root.join(crate::core::corpus::TAGS_FILE);
    let tags_now = std::fs::read_to_string(&tags_path).unwrap_or_default();
    let mut left = None;
    if tags_now == journal.tags_before || (tags_now.is_empty() && !tags_path.exists()) {
        crate::core::storage::tag_file::write(&tags_path, &journal.tags_after)?;
    } else if tags_now != journal.tags_after {
        left = Some(format!(
            "; {} was changed since, and is left as it is",
            tags_path.display()
        ));
    }
    let stamp = Stamp {
        annotator: journal.annotator.clone(),
        time: journal.time.clone(),
    };
    let mut rewritten = 0;
    for document in &journal.documents {
        let file = store::annotation_path(annotations_dir, document);
        if rename_in(&file, journal, &stamp)? {
            rewritten += 1;
        }
    }
    Ok((rewritten, left))
}

/// Of `files` (each annotation file with its stamp when the renaming gloss read it), those
/// another gloss wrote since: one may give a name being renamed to an annotation the renaming
/// gloss has not seen. Called once the new scheme is written: a save looks at the scheme
/// under its folder's lock (see [`crate::core::storage::scheme_guard`]), so once each folder of
/// `folders` has been locked, no save that saw the old scheme is still to land. A `stat` per
/// file; a folder whose lock cannot be had within `lock_wait` is looked at all the same.
pub fn written_since_read<'a>(
    folders: impl IntoIterator<Item = &'a Path>,
    files: impl IntoIterator<Item = (PathBuf, Option<&'a FileStamp>)>,
    lock_wait: std::time::Duration,
) -> Vec<PathBuf> {
    for folder in folders {
        drop(FolderLock::acquire(folder, lock_wait));
    }
    (files.into_iter())
        .filter(|(file, read)| {
            let now = FileStamp::of(file).ok().flatten();
            now.is_some() && now.as_ref() != *read
        })
        .map(|(file, _)| file)
        .collect()
}

/// Renames the tags and link types of `journal` in the annotation files at `files` (which it
/// does not list: written by another gloss since the renaming one read them), as
/// [`complete`] does in those it lists; the number of files rewritten.
pub fn rename_files(files: &[PathBuf], journal: &Journal) -> Result<usize, RenameError> {
    let stamp = Stamp {
        annotator: journal.annotator.clone(),
        time: journal.time.clone(),
    };
    let mut rewritten = 0;
    for file in files {
        if rename_in(file, journal, &stamp)? {
            rewritten += 1;
        }
    }
    Ok(rewritten)
}

/// Renames the tags and link types of `journal` in the annotation file at `file`, under its
/// folder's lock, stamping what it renames; whether it rewrote the file. A missing file has
/// nothing to rename.
fn rename_in(file: &Path, journal: &Journal, stamp: &Stamp) -> Result<bool, RenameError> {
    if !file.parent().is_some_and(Path::is_dir) {
        return Ok(false);
    }
    let cannot = |source| RenameError::Rename {
        path: file.to_owned(),
        source,
    };
    atomic_file::update(file, LOCK_WAIT, cannot, || {
        let Some(mut stored) = store::load(file)? else {
            return Ok((None, false));
        };
        let mut changed = false;
        for a in &mut stored.annotations {
            let mut renamed = false;
            for (old, new) in &journal.renames {
                renamed |= a.rename_tag(old, new);
            }
            for (old, new) in &journal.link_renames {
                renamed |= crate::core::links::rename(&mut a.links, old, new);
            }
            if renamed {
                a.touch(stamp);
                changed = true;
            }
        }
        Ok((changed.then(|| store::to_toml(&stored)), changed))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Annotation;
    use crate::core::documents::text::CharIndex;
    use crate::core::storage::store::AnnotationFile;

    const TEXT: &str = "One claim. Another claim.";

    fn journal(tags_before: &str, tags_after: &str) -> Journal {
        Journal {
            renames: vec![("old".into(), "new".into())],
            link_renames: Vec::new(),
            tags_before: tags_before.into(),
            tags_after: tags_after.into(),
            documents: vec!["a.txt".into(), "gone.txt".into()],
            annotator: "bob".into(),
            time: "2026-01-02T03:04:05.5Z".into(),
        }
    }

    fn annotations_file(dir: &Path, tags: &[&str]) -> PathBuf {
        let stamp = Stamp {
            annotator: "alice".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| (*t).into()).collect();
        let a = Annotation::new(TEXT, &CharIndex::new(TEXT), 0..3, tags, &stamp);
        let path = store::annotation_path(dir, "a.txt");
        std::fs::create_dir_all(dir).unwrap();
        let file = AnnotationFile {
            document: "a.txt".into(),
            content_hash: crate::core::documents::text::content_hash(TEXT),
            annotations: vec![a],
            extra: Vec::new(),
        };
        std::fs::write(&path, store::to_toml(&file)).unwrap();
        path
    }

    #[test]
    fn without_a_journal_nothing_happens() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            recover(dir.path(), &dir.path().join("annotations")),
            Ok(None)
        ));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// A scheme edited by hand since the rename was cut short is not overwritten; the
    /// annotations are renamed and stamped all the same, and a missing file is nothing to do.
    #[test]
    fn a_scheme_changed_since_is_left_as_it_is_and_the_annotations_are_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let annotations = dir.path().join("annotations");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("tags.toml"), "# edited by hand\n").unwrap();
        let file = annotations_file(&annotations, &["x", "old"]);
        journal("before\n", "after\n").write(&root).unwrap();

        let done = recover(&root, &annotations).unwrap().unwrap();
        assert!(
            done.starts_with("completed the renaming of old to new cut short last time: 1 annotation file rewritten; "),
            "{done}"
        );
        assert!(
            done.ends_with("tags.toml was changed since, and is left as it is"),
            "{done}"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("tags.toml")).unwrap(),
            "# edited by hand\n"
        );
        let renamed = &store::load(&file).unwrap().unwrap().annotations[0];
        assert_eq!(renamed.tags, ["x", "new"]);
        assert_eq!(
            (
                renamed.modified.as_str(),
                renamed.modified_by.as_str(),
                renamed.annotator.as_str()
            ),
            ("2026-01-02T03:04:05.5Z", "bob", "alice")
        );
        assert!(!path(&root).exists());
    }

    /// A link type's rename cut short (`gloss rename-link` killed after the journal) is
    /// completed as a tag's is: the links of the type renamed, the others kept.
    #[test]
    fn a_link_types_rename_is_completed_in_every_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let annotations = dir.path().join("annotations");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("tags.toml"), "before\n").unwrap();
        let file = annotations_file(&annotations, &["old"]);
        let mut stored = store::load(&file).unwrap().unwrap();
        stored.annotations[0].links = vec![
            crate::core::links::Link::new("denies", "x"),
            crate::core::links::Link::new("supports", "y"),
        ];
        std::fs::write(&file, store::to_toml(&stored)).unwrap();
        let mut journal = journal("before\n", "after\n");
        journal.renames.clear();
        journal.link_renames = vec![("denies".into(), "rejects".into())];
        journal.write(&root).unwrap();

        let done = recover(&root, &annotations).unwrap().unwrap();
        assert_eq!(
            done,
            "completed the renaming of the link type denies to rejects cut short last time: 1 \
             annotation file rewritten"
        );
        let renamed = &store::load(&file).unwrap().unwrap().annotations[0];
        let kinds: Vec<&str> = renamed.links.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds, ["rejects", "supports"]);
        assert_eq!(renamed.tags, ["old"], "no tag renamed");
        assert_eq!(renamed.modified_by, "bob");
        assert_eq!(
            std::fs::read_to_string(root.join("tags.toml")).unwrap(),
            "after\n"
        );
    }

    /// The scheme as it was before is written as the rename leaves it.
    #[test]
    fn the_old_scheme_is_written_as_the_rename_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("tags.toml"), "before\n").unwrap();
        journal("before\n", "after\n").write(&root).unwrap();
        let done = recover(&root, &dir.path().join("annotations"))
            .unwrap()
            .unwrap();
        assert!(done.ends_with(": 0 annotation files rewritten"), "{done}");
        assert_eq!(
            std::fs::read_to_string(root.join("tags.toml")).unwrap(),
            "after\n"
        );
    }
}
