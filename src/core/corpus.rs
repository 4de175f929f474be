//! A corpus: a folder of documents, its coding scheme and the annotations made on it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::core::anchoring::reanchor::{self, Tally};
use crate::core::annotation::{Annotation, Extras};
use crate::core::documents::document::{self, Document};
use crate::core::documents::metadata::{self, Metadata};
use crate::core::documents::text::{self, CharIndex};
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::rename_journal;
use crate::core::storage::store;
use crate::core::tags::{TagError, TagSet};

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
    /// What became of a tag rename cut short last time (see [`rename_journal`]), when there was
    /// one: completed (`Ok`, what was done), or why it could not be, for the user.
    pub rename_recovery: Option<Result<String, rename_journal::RenameError>>,
    /// The [`FileStamp`] of `tags.toml` when [`Corpus::tags`] was read from it or written to
    /// it; `None` when there was no file: the reader compares it with the file's to see that
    /// another gloss or a `git pull` changed the scheme.
    pub tags_stamp: Option<FileStamp>,
    pub entries: Vec<Entry>,
}

/// What reading a document gave: its text, with its code point checkpoints, encoding and
/// metadata.
struct Read<'a> {
    text: &'a str,
    index: &'a CharIndex,
    encoding: &'static str,
    meta: Metadata,
}

impl<'a> Read<'a> {
    fn of(doc: &'a Document) -> Read<'a> {
        Read {
            text: &doc.text,
            index: &doc.index,
            encoding: doc.encoding,
            meta: doc.meta.clone(),
        }
    }
}

/// One document of the corpus as the list shows it, with its annotations.
#[derive(Debug)]
pub struct Entry {
    /// Path relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    pub path: PathBuf,
    pub meta: Metadata,
    /// In text order, orphans last ([`Annotation::sort_key`]). Shared, not copied, with the
    /// background writer that saves them and with the reader's base for the next save: a
    /// change makes a new list (see `App::show_annotations`).
    pub annotations: Arc<[Annotation]>,
    /// The annotations as their file held them when the corpus was read, before placing them in
    /// the current text: what a save merges against, so that placing is not mistaken for a
    /// change made elsewhere. Shared with the reader's base and the background writer, which
    /// remember it as what the file held.
    pub stored: Arc<[Annotation]>,
    /// The annotation file's [`FileStamp`] when `stored` was read from it; `None` when there was
    /// no file or it could not be used.
    pub stored_stamp: Option<FileStamp>,
    /// Why the document cannot be read, if it cannot.
    pub unreadable: Option<String>,
    /// The encoding its file was read in when that is not UTF-8 (`windows-1252`, `UTF-16LE`…),
    /// which the reader shows: see [`text::decode`].
    pub encoding: Option<&'static str>,
    /// Why its annotation file cannot be used; the document is then read-only so that the file,
    /// which may hold work the user can still repair, is never overwritten.
    pub annotations_error: Option<String>,
    /// Hash of the text the annotations' offsets refer to, saved with them: the one their file
    /// recorded until they are placed in the document's current text. While the document is
    /// open, the open document's hash is the one (it may not be made yet when the entry has no
    /// annotations): the reader records it here whenever it saves the entry.
    pub text_hash: String,
    /// Top-level keys of the annotation file that this gloss does not know, saved back with it.
    pub extra: Extras,
    /// What placing the annotations in the current text did, until the user is told.
    pub reanchored: Tally,
    /// Whether the document and its annotation file have been read. Until then (see
    /// [`Corpus::listed`]) the entry holds only its path, which is also its title, and no
    /// annotations.
    pub loaded: bool,
}

impl Entry {
    /// The document at `path` (`rel_path` in the corpus) read, with its annotations from
    /// `annotations_dir` placed in its current text. Whatever cannot be read is said in the
    /// entry ([`Entry::unreadable`], [`Entry::annotations_error`]), never an error.
    pub fn read(path: PathBuf, rel_path: String, annotations_dir: &Path) -> Entry {
        Entry::read_with_text(path, rel_path, annotations_dir).0
    }

    /// [`Entry::read`], with the document's canonical text when it could be read, for a caller
    /// that needs it next (an export), so that it is not read twice.
    pub fn read_with_text(
        path: PathBuf,
        rel_path: String,
        annotations_dir: &Path,
    ) -> (Entry, Option<String>) {
        match document::read_file(&path, text::decode_owned) {
            Ok(decoded) => {
                let text = decoded.text;
                let read = Read {
                    text: &text,
                    index: &CharIndex::new(&text),
                    encoding: decoded.encoding,
                    meta: metadata::extract(&text),
                };
                let entry = Entry::of_text(path, rel_path, annotations_dir, read, || {
                    text::content_hash(&text)
                });
                (entry, Some(text))
            }
            Err(why) => {
                let mut entry = Entry::unread(path, rel_path);
                entry.unreadable = Some(why.to_string());
                entry.loaded = true;
                entry.read_annotations(annotations_dir);
                (entry, None)
            }
        }
    }

    /// [`Entry::read`] of a document already read to be opened: its text is not read again,
    /// and its hash is made only if it has annotations to place.
    pub fn of_document(
        path: PathBuf,
        rel_path: String,
        annotations_dir: &Path,
        doc: &Document,
    ) -> Entry {
        Entry::of_text(path, rel_path, annotations_dir, Read::of(doc), || {
            doc.hash().to_owned()
        })
    }

    /// The entry of a document read as `read` says, whose text's hash `hash` makes, with its
    /// annotations placed in that text.
    fn of_text(
        path: PathBuf,
        rel_path: String,
        annotations_dir: &Path,
        read: Read,
        hash: impl FnOnce() -> String,
    ) -> Entry {
        let mut entry = Entry::unread(path, rel_path);
        entry.read_annotations(annotations_dir);
        entry.complete(read, hash);
        entry
    }

    /// Completes an entry whose annotation file is read with what reading its document gave,
    /// placing the annotations in its text.
    fn complete(&mut self, read: Read, hash: impl FnOnce() -> String) {
        self.set_meta(read.meta);
        self.encoding = (read.encoding != encoding_rs::UTF_8.name()).then_some(read.encoding);
        self.loaded = true;
        self.place_in(read.text, read.index, hash);
    }

    /// Reads the entry's annotation file as it is, its annotations not placed in any text: for
    /// [`Entry::read`], and for a document shown before it is read whole.
    pub fn read_annotations(&mut self, annotations_dir: &Path) {
        let path = store::annotation_path(annotations_dir, &self.rel_path);
        // Taken before the file is read: if it changes meanwhile, the writer reads it again.
        let stamp = FileStamp::of(&path).ok().flatten();
        match store::load(&path) {
            Ok(Some(file)) => {
                self.stored = file.annotations.into();
                self.stored_stamp = stamp;
                self.annotations = Arc::clone(&self.stored);
                self.text_hash = file.content_hash;
                self.extra = file.extra;
            }
            Ok(None) => {}
            Err(e) => self.annotations_error = Some(e.to_string()),
        }
    }

    /// The document at `path` (`rel_path` in the corpus) before it is read: its path for title.
    fn unread(path: PathBuf, rel_path: String) -> Entry {
        Entry {
            meta: fallback_meta(&rel_path),
            rel_path,
            path,
            annotations: Arc::from([]),
            stored: Arc::from([]),
            stored_stamp: None,
            unreadable: None,
            encoding: None,
            annotations_error: None,
            text_hash: String::new(),
            extra: Extras::new(),
            reanchored: Tally::default(),
            loaded: false,
        }
    }

    /// Takes `meta`, read from the document's text, as its title, date and source; a text
    /// without a title is called by its path.
    pub fn set_meta(&mut self, meta: Metadata) {
        self.meta = meta;
        if self.meta.title.is_empty() {
            self.meta.title = self.rel_path.clone();
        }
    }

    pub fn annotation_file(&self, annotations_dir: &Path) -> PathBuf {
        store::annotation_path(annotations_dir, &self.rel_path)
    }

    pub fn read_only(&self) -> bool {
        self.annotations_error.is_some()
    }

    /// Places the annotations in the document's current text, whose hash `hash` makes (see
    /// [`reanchor`]); from then on their offsets refer to it. Nothing is saved: the new places go
    /// to disk with the next change to the document. Without annotations there is nothing to
    /// place and the hash is not made (it costs a pass over the text): whoever adds the first
    /// annotation records the hash of the text it is made in (see [`Entry::text_hash`]).
    pub fn place_in(&mut self, text: &str, index: &CharIndex, hash: impl FnOnce() -> String) {
        if let Some(from) = self.to_place() {
            self.take_placed(Placed::in_text(from, &self.text_hash, text, index, hash));
        }
    }

    /// The annotations [`Entry::place_in`] would place, shared, for placing them elsewhere (on
    /// a thread, see [`Placed::in_text`]); `None` when there are none, or the entry is
    /// read-only.
    pub fn to_place(&self) -> Option<Arc<[Annotation]>> {
        (!self.read_only() && !self.annotations.is_empty()).then(|| Arc::clone(&self.annotations))
    }

    /// Takes the annotations placed elsewhere as [`Entry::place_in`] would have placed them;
    /// whether it could: not if the entry's annotations changed since they were handed out
    /// (the caller then places them anew).
    pub fn take_placed(&mut self, placed: Placed) -> bool {
        if !Arc::ptr_eq(&placed.from, &self.annotations) {
            return false;
        }
        self.reanchored += placed.tally;
        self.annotations = placed.annotations.into();
        self.text_hash = placed.hash;
        true
    }
}

/// An entry's annotations placed in a text, made apart from the entry (see
/// [`Entry::to_place`]).
#[derive(Debug)]
pub struct Placed {
    /// The list they were placed from, to tell that it is still the entry's.
    from: Arc<[Annotation]>,
    /// Placed, in text order.
    annotations: Vec<Annotation>,
    tally: Tally,
    /// The text's hash, which their offsets now refer to.
    hash: String,
}

impl Placed {
    /// The annotations placed, in text order.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    /// Places `from`, whose offsets refer to the text whose hash is `text_hash`, in `text`,
    /// whose hash `hash` makes (see [`reanchor`]).
    pub fn in_text(
        from: Arc<[Annotation]>,
        text_hash: &str,
        text: &str,
        index: &CharIndex,
        hash: impl FnOnce() -> String,
    ) -> Placed {
        let hash = hash();
        let changed = text_hash != hash;
        // A list of their own: `stored` keeps what the file held.
        let mut annotations = from.to_vec();
        let tally = reanchor::reanchor(&mut annotations, text, index, changed);
        annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Placed {
            from,
            annotations,
            tally,
            hash,
        }
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
    /// Opens the corpus at `root`, reading every document and its annotations, on as many
    /// threads as there are cores (each document is read on its own, so the order of reading
    /// changes nothing). Annotations live in `annotations_dir`, by default the `annotations`
    /// folder beside the corpus folder.
    pub fn open(root: &Path, annotations_dir: Option<PathBuf>) -> Result<Corpus, CorpusError> {
        let mut corpus = Corpus::listed(root, annotations_dir)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = corpus.entries.len().div_ceil(threads).max(1);
        let dir = &corpus.annotations_dir;
        std::thread::scope(|scope| {
            for entries in corpus.entries.chunks_mut(chunk) {
                scope.spawn(move || {
                    for entry in entries.iter_mut().filter(|e| !e.loaded) {
                        *entry = Entry::read(entry.path.clone(), entry.rel_path.clone(), dir);
                    }
                });
            }
        });
        Ok(corpus)
    }

    /// The corpus at `root` with every document listed but none read yet (see
    /// [`Entry::loaded`]), but for the entries the walk of the folder skipped, which are
    /// complete as they are: what the reader shows at once, while `corpus_scan` reads the rest.
    pub fn listed(root: &Path, annotations_dir: Option<PathBuf>) -> Result<Corpus, CorpusError> {
        let mut corpus = Corpus::locate(root, annotations_dir)?;
        for listed in corpus.documents()? {
            let entry = match listed.skipped {
                Some(why) => {
                    let mut entry =
                        Entry::read(listed.path, listed.rel_path, &corpus.annotations_dir);
                    entry.unreadable = Some(format!("{}: {why}", entry.path.display()));
                    entry
                }
                None => Entry::unread(listed.path, listed.rel_path),
            };
            corpus.entries.push(entry);
        }
        Ok(corpus)
    }

    /// For a command that only reads the annotations (an export, agreement): drops each
    /// entry's [`Entry::stored`], the copy of its annotations kept for saving, which is half the
    /// memory a large corpus takes.
    pub fn forget_stored(&mut self) {
        for entry in &mut self.entries {
            entry.stored = Arc::from([]);
        }
    }

    /// Reads the entry `i` (see [`Entry::read`]) unless it is read already; whether it read it.
    pub fn load(&mut self, i: usize) -> bool {
        let Some(entry) = self.entries.get_mut(i).filter(|e| !e.loaded) else {
            return false;
        };
        *entry = Entry::read(
            entry.path.clone(),
            entry.rel_path.clone(),
            &self.annotations_dir,
        );
        true
    }

    /// Makes the entry `i` of `doc`, the document it names just read to be opened (see
    /// [`Entry::of_document`]), unless it is read already; whether it made it. An annotation
    /// file read already for its preview ([`Entry::read_annotations`]) is not read again.
    pub fn load_opened(&mut self, i: usize, doc: &Document) -> bool {
        let Some(entry) = self.entries.get_mut(i).filter(|e| !e.loaded) else {
            return false;
        };
        if entry.stored_stamp.is_some() || entry.annotations_error.is_some() {
            entry.complete(Read::of(doc), || doc.hash().to_owned());
            return true;
        }
        *entry = Entry::of_document(
            entry.path.clone(),
            entry.rel_path.clone(),
            &self.annotations_dir,
            doc,
        );
        true
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
        // Before the scheme is read: a rename cut short may still have to write it.
        let rename_recovery = rename_journal::recover(root, &annotations_dir).transpose();
        let tag_path = root.join(TAGS_FILE);
        // Taken before the file is read: if it changes meanwhile, the reader reads it again.
        let tags_stamp = FileStamp::of(&tag_path).ok().flatten();
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
            rename_recovery,
            tags_stamp,
            entries: Vec::new(),
        })
    }

    /// Every document under the folder, and every entry that had to be skipped, in order of
    /// their paths. Only a corpus folder that cannot be listed at all is an error.
    pub fn documents(&self) -> Result<Vec<Listed>, CorpusError> {
        list(&self.root, &self.annotations_dir)
    }
}

/// A document of the corpus folder, or an entry of it that could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    /// Relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    /// Why the entry was skipped (a symbolic link to nothing, a loop of links, a folder that
    /// cannot be read), what that means and what to do; `None` for a document.
    pub skipped: Option<String>,
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

/// `annotations/` beside the corpus folder. A root named `.` or `..` (or ending in one) has no
/// parent to read off its name: its real path is asked for, so that `gloss check .` inside the
/// corpus finds the same folder as `gloss check corpus` from beside it.
pub fn default_annotations_dir(root: &Path) -> PathBuf {
    let named_by_dots = matches!(
        root.components().next_back(),
        Some(std::path::Component::CurDir | std::path::Component::ParentDir)
    );
    if named_by_dots && let Ok(real) = std::fs::canonicalize(root) {
        return default_annotations_dir(&real);
    }
    match root.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join("annotations"),
        _ if root.is_absolute() => root.join("annotations"),
        _ => PathBuf::from("annotations"),
    }
}

/// Documents are the `.txt` and `.md` files under `root`, outside hidden folders and the
/// annotations folder, symbolic links followed. An entry that cannot be followed is skipped
/// rather than failing the whole corpus (an editor's lock file is a link to nothing); it is
/// listed with the reason, unless it would not have been read anyway (hidden, or a file that is
/// not a document by its name).
fn list(root: &Path, annotations_dir: &Path) -> Result<Vec<Listed>, CorpusError> {
    let mut listed = Vec::new();
    let hidden = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with('.');
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(e.depth() > 0 && hidden(e.file_name())) && e.path() != annotations_dir);
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let Some(path) = error.path().filter(|_| error.depth() > 0) else {
                    return Err(CorpusError::List {
                        path: root.to_owned(),
                        source: error,
                    });
                };
                let ignored = path.file_name().is_none_or(hidden)
                    || path.starts_with(annotations_dir)
                    || path
                        .extension()
                        .is_some_and(|e| !matches!(e.to_str(), Some("txt" | "md")));
                if !ignored {
                    listed.push(Listed {
                        path: path.to_owned(),
                        rel_path: relative(root, path),
                        skipped: Some(why_skipped(&error, root)),
                    });
                }
                continue;
            }
        };
        let is_doc = entry.file_type().is_file()
            && matches!(
                entry.path().extension().and_then(|e| e.to_str()),
                Some("txt" | "md")
            );
        if is_doc {
            let path = entry.into_path();
            listed.push(Listed {
                rel_path: relative(root, &path),
                path,
                skipped: None,
            });
        }
    }
    Ok(listed)
}

/// What is wrong with an entry the walk of the corpus could not follow, and what to do.
fn why_skipped(error: &walkdir::Error, root: &Path) -> String {
    let path = error.path().unwrap_or(root);
    if let Some(ancestor) = error.loop_ancestor() {
        return format!(
            "skipped: a symbolic link to {}, a folder that holds it, so it would be read forever \
             — remove the link",
            ancestor.display()
        );
    }
    let target = std::fs::read_link(path).ok();
    match target {
        Some(target) if leads_back(path) => format!(
            "skipped: a symbolic link to {}, which leads back to itself — remove the link",
            target.display()
        ),
        Some(target) if !path.exists() => format!(
            "skipped: a symbolic link to {}, which does not exist — remove the link, or put back \
             what it pointed to",
            target.display()
        ),
        _ => match error.io_error() {
            Some(e) => format!("skipped: cannot be read: {e} — check its permissions"),
            None => format!("skipped: {error}"),
        },
    }
}

/// Whether following the symbolic link at `path` comes back to a link already followed (or goes
/// on past the 40 links systems give up at).
fn leads_back(path: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut at = path.to_owned();
    while seen.len() <= 40 {
        if !seen.insert(at.clone()) {
            return true;
        }
        let Ok(target) = std::fs::read_link(&at) else {
            return false;
        };
        at = at.parent().unwrap_or(Path::new("")).join(target);
    }
    true
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn fallback_meta(rel_path: &str) -> Metadata {
    Metadata {
        title: rel_path.to_owned(),
        ..Metadata::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::documents::reflow::Reflow;

    /// The entry of a document opened (read once, for the reader) is the one the list reads.
    #[test]
    fn an_entry_made_from_the_opened_document_is_the_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).unwrap();
        // windows-1252, with CR LF: decoded and made canonical, with the annotation's offsets.
        std::fs::write(
            root.join("a.txt"),
            b"Caf\xe9 title\r\n\r\nThe court said so.\r\n",
        )
        .unwrap();
        std::fs::write(root.join("b.txt"), "Plain\n\nNo annotations.\n").unwrap();
        let notes = dir.path().join("annotations");
        std::fs::create_dir_all(&notes).unwrap();
        std::fs::write(
            notes.join("a.txt.toml"),
            "format = 1\ndocument = \"a.txt\"\ncontent_hash = \"sha256:00\"\n\n[[annotation]]\n\
             id = \"x\"\nstart = 12\nend = 21\ntags = [\"denial\"]\nquote = \"The court\"\n\
             annotator = \"t\"\ncreated = \"2026-01-02T03:04:05Z\"\n\
             modified = \"2026-01-02T03:04:05Z\"\n",
        )
        .unwrap();
        for name in ["a.txt", "b.txt"] {
            let path = root.join(name);
            let read = Entry::read(path.clone(), name.into(), &notes);
            let doc = Document::load(&path, name, Reflow::Auto).unwrap();
            let opened = Entry::of_document(path, name.into(), &notes, &doc);
            assert_eq!(format!("{opened:?}"), format!("{read:?}"));
        }
        let a = Entry::read(root.join("a.txt"), "a.txt".into(), &notes);
        assert_eq!(a.encoding, Some("windows-1252"));
        assert_eq!(a.annotations.len(), 1);
        assert!(a.text_hash.starts_with("sha256:") && a.text_hash != "sha256:00");
    }
}
