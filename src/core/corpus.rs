//! A corpus: a folder of documents, its coding scheme and the annotations made on it.

use std::path::{Path, PathBuf};

use crate::core::annotation::{Annotation, Extras};
use crate::core::metadata::{self, Metadata};
use crate::core::reanchor::{self, Tally};
use crate::core::store;
use crate::core::tags::{TagError, TagSet};
use crate::core::text::{self, CharIndex};

/// The scheme used when a corpus has no `tags.toml` of its own.
pub const DEFAULT_TAGS: &str = include_str!("../../corpus/tags.toml");
pub const TAGS_FILE: &str = "tags.toml";

#[derive(Debug)]
pub struct Corpus {
    pub root: PathBuf,
    pub annotations_dir: PathBuf,
    pub tags: TagSet,
    /// Set when the corpus has no tag file and the default scheme is in use.
    pub tags_note: Option<String>,
    pub entries: Vec<Entry>,
}

/// One document of the corpus as the list shows it, with its annotations.
#[derive(Debug)]
pub struct Entry {
    /// Path relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    pub path: PathBuf,
    pub meta: Metadata,
    /// In text order, orphans last ([`Annotation::sort_key`]).
    pub annotations: Vec<Annotation>,
    /// The annotations as their file held them when the corpus was read, before placing them in
    /// the current text: what a save merges against, so that placing is not mistaken for a
    /// change made elsewhere.
    pub stored: Vec<Annotation>,
    /// Why the document cannot be read, if it cannot.
    pub unreadable: Option<String>,
    /// Why its annotation file cannot be used; the document is then read-only so that the file,
    /// which may hold work the user can still repair, is never overwritten.
    pub annotations_error: Option<String>,
    /// Hash of the text the annotations' offsets refer to, saved with them: the one their file
    /// recorded until they are placed in the document's current text.
    pub text_hash: String,
    /// Top-level keys of the annotation file that this gloss does not know, saved back with it.
    pub extra: Extras,
    /// What placing the annotations in the current text did, until the user is told.
    pub reanchored: Tally,
}

impl Entry {
    pub fn annotation_file(&self, annotations_dir: &Path) -> PathBuf {
        store::annotation_path(annotations_dir, &self.rel_path)
    }

    pub fn read_only(&self) -> bool {
        self.annotations_error.is_some()
    }

    /// Places the annotations in the document's current text, whose hash is `hash` (see
    /// [`reanchor`]); from then on their offsets refer to it. Nothing is saved: the new places go
    /// to disk with the next change to the document.
    pub fn place_in(&mut self, text: &str, index: &CharIndex, hash: &str) {
        if self.read_only() {
            return;
        }
        let changed = self.text_hash != hash;
        self.reanchored += reanchor::reanchor(&mut self.annotations, text, index, changed);
        self.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.text_hash = hash.to_owned();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error(
        "corpus folder {0} does not exist: pass the folder that holds your documents, as in `gloss path/to/corpus`"
    )]
    Missing(PathBuf),
    #[error("{0} is not a folder: pass the folder that holds your documents")]
    NotAFolder(PathBuf),
    #[error("cannot list {path}: {source}")]
    List {
        path: PathBuf,
        source: walkdir::Error,
    },
    #[error("{0}; fix the tag file and start gloss again")]
    Tags(#[from] TagError),
}

impl Corpus {
    /// Opens the corpus at `root`, reading every document and its annotations. Annotations live
    /// in `annotations_dir`, by default the `annotations` folder next to the corpus folder.
    pub fn open(root: &Path, annotations_dir: Option<PathBuf>) -> Result<Corpus, CorpusError> {
        let mut corpus = Corpus::locate(root, annotations_dir)?;
        for (path, rel_path) in corpus.documents()? {
            let entry = load_entry(path, rel_path, &corpus.annotations_dir);
            corpus.entries.push(entry);
        }
        Ok(corpus)
    }

    /// The corpus at `root` with its tag scheme, before any document is read: no entries.
    pub fn locate(root: &Path, annotations_dir: Option<PathBuf>) -> Result<Corpus, CorpusError> {
        if !root.exists() {
            return Err(CorpusError::Missing(root.to_owned()));
        }
        if !root.is_dir() {
            return Err(CorpusError::NotAFolder(root.to_owned()));
        }
        let annotations_dir = annotations_dir.unwrap_or_else(|| default_annotations_dir(root));
        let tag_path = root.join(TAGS_FILE);
        let (tags, tags_note) = if tag_path.exists() {
            (TagSet::load(&tag_path)?, None)
        } else {
            (
                TagSet::parse(DEFAULT_TAGS, Path::new("(built-in tags)"))?,
                Some(format!(
                    "{} not found: using the built-in tags; write your own scheme there",
                    tag_path.display()
                )),
            )
        };
        Ok(Corpus {
            root: root.to_owned(),
            annotations_dir,
            tags,
            tags_note,
            entries: Vec::new(),
        })
    }

    /// Every document under the folder, with its path relative to it (`/`-separated), in order.
    pub fn documents(&self) -> Result<Vec<(PathBuf, String)>, CorpusError> {
        let paths = document_paths(&self.root, &self.annotations_dir)?;
        Ok(paths
            .into_iter()
            .map(|path| {
                let rel_path = relative(&self.root, &path);
                (path, rel_path)
            })
            .collect())
    }
}

/// The corpus of one document: the nearest folder above it that holds a `tags.toml` (as git finds
/// `.git`), else the document's own folder; with the document's path in that corpus.
pub fn locate_document(document: &Path) -> std::io::Result<(PathBuf, String)> {
    let document = std::fs::canonicalize(document)?;
    let folder = document.parent().unwrap_or(Path::new("/"));
    let root = folder
        .ancestors()
        .find(|dir| dir.join(TAGS_FILE).is_file())
        .unwrap_or(folder)
        .to_owned();
    let rel = relative(&root, &document);
    Ok((root, rel))
}

/// `annotations/` beside the corpus folder.
pub fn default_annotations_dir(root: &Path) -> PathBuf {
    match root.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join("annotations"),
        _ if root.is_absolute() => root.join("annotations"),
        _ => PathBuf::from("annotations"),
    }
}

fn document_paths(root: &Path, annotations_dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let mut paths = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            !hidden && e.path() != annotations_dir
        });
    for entry in walk {
        let entry = entry.map_err(|source| CorpusError::List {
            path: root.to_owned(),
            source,
        })?;
        let is_doc = entry.file_type().is_file()
            && matches!(
                entry.path().extension().and_then(|e| e.to_str()),
                Some("txt" | "md")
            );
        if is_doc {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_entry(path: PathBuf, rel_path: String, annotations_dir: &Path) -> Entry {
    let text = match std::fs::read(&path) {
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
        Ok(bytes) => text::canonical(bytes).map_err(|e| {
            format!(
                "{}: {e}; convert it to UTF-8 text to read it in gloss",
                path.display()
            )
        }),
    };
    let mut meta = match &text {
        Ok(text) => metadata::extract(text),
        Err(_) => fallback_meta(&rel_path),
    };
    if meta.title.is_empty() {
        meta.title = rel_path.clone();
    }
    let mut entry = Entry {
        rel_path,
        path,
        meta,
        annotations: Vec::new(),
        stored: Vec::new(),
        unreadable: text.as_ref().err().cloned(),
        annotations_error: None,
        text_hash: String::new(),
        extra: Extras::new(),
        reanchored: Tally::default(),
    };
    match store::load(&store::annotation_path(annotations_dir, &entry.rel_path)) {
        Ok(Some(file)) => {
            entry.stored = file.annotations.clone();
            entry.annotations = file.annotations;
            entry.text_hash = file.content_hash;
            entry.extra = file.extra;
        }
        Ok(None) => {}
        Err(e) => entry.annotations_error = Some(e.to_string()),
    }
    if let Ok(text) = &text
        && !entry.annotations.is_empty()
    {
        entry.place_in(text, &CharIndex::new(text), &text::content_hash(text));
    }
    entry
}

fn fallback_meta(rel_path: &str) -> Metadata {
    Metadata {
        title: rel_path.to_owned(),
        ..Metadata::default()
    }
}
