//! A link type renamed across the corpus (`gloss rename-link`): its `[[link]]` in `tags.toml`
//! and every link of that type in the annotation files, as the tag editor renames a tag, and
//! through the same journal (see [`rename_journal`]): a gloss killed midway leaves it for the
//! next start to complete, so that the scheme and the links never disagree on a type's name.

use std::path::PathBuf;

use crate::core::annotation::Stamp;
use crate::core::corpus::{Corpus, TAGS_FILE};
use crate::core::storage::lock::FolderLock;
use crate::core::storage::rename_journal::{self, Journal, RenameError};
use crate::core::storage::tag_file::{self, TagFileError};
use crate::core::user_state::timing::LOCK_WAIT;

/// Why nothing was renamed, or a rename was cut short (its journal then stays for the next
/// start to complete). Each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum LinkRenameError {
    #[error("{}: there is no link type {old:?}; the scheme has {known}", path.display())]
    Unknown {
        path: PathBuf,
        old: String,
        known: String,
    },
    #[error("{}: there is a link type {new:?} already: choose another name", path.display())]
    Taken { path: PathBuf, new: String },
    #[error("give the link type a new name that is not empty")]
    Empty,
    #[error("not renamed: {0} — fix that file first, or its links would keep the old type")]
    Broken(String),
    #[error("{}: not renamed: {source}", path.display())]
    Locked {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Scheme(#[from] TagFileError),
    #[error(transparent)]
    Journal(#[from] RenameError),
}

/// What a rename did, for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renamed {
    /// The links that had the old type.
    pub links: usize,
    /// The annotation files rewritten.
    pub files: usize,
}

/// Renames the link type `old` of `corpus`'s scheme to `new`, in `tags.toml` (its comments
/// kept) and in every link of the corpus's annotations (read already: [`Corpus::open`]),
/// stamping the annotations changed with `stamp`. Refused while an annotation file is broken:
/// it may hold links of the type, which would keep the old name.
pub fn rename(
    corpus: &Corpus,
    old: &str,
    new: &str,
    stamp: &Stamp,
) -> Result<Renamed, LinkRenameError> {
    let path = corpus.root.join(TAGS_FILE);
    let new = new.trim();
    if new.is_empty() {
        return Err(LinkRenameError::Empty);
    }
    let Some(at) = corpus.tags.links.iter().position(|l| l.name == old) else {
        let names: Vec<String> = (corpus.tags.links.iter())
            .map(|l| format!("{:?}", l.name))
            .collect();
        return Err(LinkRenameError::Unknown {
            path,
            old: old.to_owned(),
            known: if names.is_empty() {
                "none: define them as [[link]] tables".into()
            } else {
                names.join(", ")
            },
        });
    };
    if corpus.tags.link_type(new).is_some() {
        return Err(LinkRenameError::Taken {
            path,
            new: new.to_owned(),
        });
    }
    if let Some(e) = corpus.entries.iter().find(|e| e.read_only()) {
        let why = e.annotations_error.clone().unwrap_or_default();
        return Err(LinkRenameError::Broken(why));
    }
    let mut to = corpus.tags.clone();
    to.links[at].name = new.to_owned();
    let (tags_before, tags_after) = tag_file::rewritten(&path, &corpus.tags, &to, None)?;
    let mut links = 0;
    let mut documents = Vec::new();
    for e in &corpus.entries {
        let n = (e.annotations.iter().flat_map(|a| &a.links))
            .filter(|l| l.kind == old)
            .count();
        if n > 0 {
            links += n;
            documents.push(e.rel_path.clone());
        }
    }
    let journal = Journal {
        renames: Vec::new(),
        link_renames: vec![(old.to_owned(), new.to_owned())],
        tags_before,
        tags_after,
        documents,
        annotator: stamp.annotator.clone(),
        time: stamp.time.clone(),
    };
    // As a completion of a journal left by a gloss killed midway does, under the corpus
    // folder's lock, so that a gloss starting now waits for the rename to be made.
    let root = &corpus.root;
    let _lock = FolderLock::acquire(root, LOCK_WAIT).map_err(|source| LinkRenameError::Locked {
        path: root.clone(),
        source,
    })?;
    journal.write(root)?;
    let (mut files, _) = rename_journal::complete(root, &corpus.annotations_dir, &journal)?;
    // A reader may have linked with the old type, where the corpus read here had none, since.
    let dir = &corpus.annotations_dir;
    let listed: std::collections::HashSet<&str> =
        journal.documents.iter().map(String::as_str).collect();
    let folders: std::collections::BTreeSet<PathBuf> = (corpus.entries.iter())
        .filter_map(|e| Some(e.annotation_file(dir).parent()?.to_owned()))
        .collect();
    let unlisted = (corpus.entries.iter()).filter(|e| !listed.contains(e.rel_path.as_str()));
    let late = rename_journal::written_since_read(
        folders.iter().map(PathBuf::as_path),
        unlisted.map(|e| (e.annotation_file(dir), e.stored_stamp.as_ref())),
        LOCK_WAIT,
    );
    files += rename_journal::rename_files(&late, &journal)?;
    rename_journal::remove(root).map_err(|source| RenameError::Remove {
        path: rename_journal::path(root),
        source,
    })?;
    Ok(Renamed { links, files })
}
