//! Annotations leaving gloss for other tools and coming back. Each file format is one module that
//! writes the same material (the documents in scope with their canonical text, annotations and
//! tags) and, where the format can carry annotations back, reads them into
//! [`Incoming`](crate::core::formats::import::Incoming) annotations for `gloss import`.

pub mod brat;
pub mod coders;
pub mod csv;
pub mod import;
pub mod json;
pub mod jsonl;
pub mod md;
pub mod offsets;
pub mod qdpx;

use std::borrow::Cow;
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use crate::core::agreement;
use crate::core::annotation::Annotation;
use crate::core::corpus::{self, Corpus, Entry};
use crate::core::documents::document::{self, DocumentError};
use crate::core::documents::text;
use crate::core::storage::{atomic_batch, atomic_file};
use crate::core::tags::{COLOR_NAMES, TagColor, TagSet};

/// The formats gloss writes. Deriving clap's `ValueEnum` here (rather than in the binary, which
/// may not implement a foreign trait for this type) lets `--format` list its values in `--help`
/// and in shell completions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Brat,
    Qdpx,
    Md,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
        Format::Qdpx,
        Format::Md,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "brat",
            Format::Qdpx => "qdpx",
            Format::Md => "md",
        }
    }

    /// What the format is, in a few words, for the export dialog.
    pub fn description(self) -> &'static str {
        match self {
            Format::Json => "W3C Web Annotation (JSON-LD)",
            Format::Jsonl => "one JSON line per document (doccano, spaCy)",
            Format::Csv => "one row per annotation and tag (spreadsheets, pandas, R)",
            Format::Brat => "a brat standoff folder (.txt, .ann, annotation.conf)",
            Format::Qdpx => "REFI-QDA project (ATLAS.ti, NVivo, MAXQDA, QualCoder)",
            Format::Md => "a readable report",
        }
    }

    /// brat is a folder of files; every other format is one file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// The report carries only what a person reads; every other format can be imported.
    pub fn can_import(self) -> bool {
        self != Format::Md
    }
}

/// Which documents and tags to export; empty lists mean all of them.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Documents by path relative to the corpus, `/`-separated.
    pub documents: Vec<String>,
    /// An annotation is exported if it has one of these tags, with only these tags.
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// QDPX only: count every line break as two characters (CR LF), as MAXQDA does.
    pub crlf_positions: bool,
    /// CSV only: write text cells as they are, without the `'` that keeps spreadsheets from
    /// running the ones that begin like a formula (see [`csv::guard`]).
    pub raw_cells: bool,
    /// JSONL only: what offsets count (UTF-16 code units, doccano's default, unless asked).
    pub offsets: jsonl::OffsetUnit,
    /// JSONL only: one label per tag, or per annotation with its tags joined.
    pub labels: jsonl::LabelForm,
}

/// Where a document's canonical text comes from when a format needs it.
#[derive(Debug, Clone)]
pub enum DocText {
    /// Read (and canonicalised) from this file when asked: an export holds one document's text
    /// at a time, however large the corpus.
    File(PathBuf),
    /// Given as it is (tests, documents made in memory).
    Given(String),
}

/// One document as it is exported.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Path relative to the corpus, `/`-separated.
    pub rel_path: String,
    pub title: String,
    /// The document's date as its metadata reads it (ISO `YYYY-MM-DD`, or as written).
    pub date: Option<String>,
    /// The canonical text, which the offsets count: see [`Doc::text`].
    pub text: DocText,
    /// In text order, each with the tags in scope.
    pub annotations: Vec<Exported<'a>>,
}

/// An annotation as exported: the corpus's own, or a copy the scope changed (some of its tags
/// left out). Two words each, so that an export does not copy the corpus's annotations.
#[derive(Debug, Clone)]
pub enum Exported<'a> {
    Corpus(&'a Annotation),
    Changed(Box<Annotation>),
}

impl Exported<'_> {
    /// The annotation to change, copied from the corpus first if it is the corpus's.
    pub fn to_mut(&mut self) -> &mut Annotation {
        if let Exported::Corpus(a) = *self {
            *self = Exported::Changed(Box::new(a.clone()));
        }
        match self {
            Exported::Changed(a) => a,
            Exported::Corpus(_) => unreachable!("made a copy above"),
        }
    }
}

impl std::ops::Deref for Exported<'_> {
    type Target = Annotation;

    fn deref(&self) -> &Annotation {
        match self {
            Exported::Corpus(a) => a,
            Exported::Changed(a) => a,
        }
    }
}

impl From<Annotation> for Exported<'_> {
    fn from(a: Annotation) -> Self {
        Exported::Changed(Box::new(a))
    }
}

impl Doc<'_> {
    /// The document's canonical text; an error names the file.
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match &self.text {
            DocText::Given(text) => Ok(Cow::Borrowed(text)),
            DocText::File(path) => read_text(path).map(Cow::Owned).map_err(io::Error::other),
        }
    }
}

/// The canonical text of the document at `path`, or why it cannot be had (naming the file).
fn read_text(path: &Path) -> Result<String, DocumentError> {
    document::read_file(path, text::decode_owned).map(|d| d.text)
}

/// What an export cannot do, naming what to change: a scope that names what is not in the
/// corpus, or a file that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "no document {document:?} in {}: give its path relative to the corpus folder",
        root.display()
    )]
    NoDocument { document: String, root: PathBuf },
    /// `tags` are the corpus's.
    #[error("no tag {tag:?} in the corpus: use one of {}", tags.join(", "))]
    NoTag { tag: String, tags: Vec<String> },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// Everything a format writes: the documents in scope, each read when a format needs its text,
/// and their annotations, borrowed from the corpus (`'a`).
#[derive(Debug, Clone)]
pub struct Material<'a> {
    pub scheme: TagSet,
    pub docs: Vec<Doc<'a>>,
    /// The tags asked for; empty for all.
    pub tag_filter: Vec<String>,
    /// What was left out and why, one line each (a document that cannot be read, an annotation
    /// that could not be placed in its changed document).
    pub left_out: Vec<String>,
    /// An absolute IRI ending in `/` that documents' paths are resolved against where a format
    /// names them by IRI (W3C `target.source`): the corpus folder's `file://` URL unless
    /// given (see [`json::base_iri`]).
    pub base: String,
    /// Documents read from their files only as they are written, after [`Material::docs`]:
    /// see [`Material::stream`].
    pub unread: Option<Unread>,
    /// What the last write could not carry (a link the format has no place for), one line
    /// each: see [`Material::not_carried`].
    not_carried: std::cell::RefCell<Vec<String>>,
    /// What the last write warns of without leaving anything out, one line each: see
    /// [`Material::warnings`].
    warnings: std::cell::RefCell<Vec<String>>,
    /// The corpus's annotations folder, where [`Material::agreement`] reads a document's
    /// annotations again, every tag, when a tag filter left some out.
    pub annotations_dir: PathBuf,
    /// The coders [`coders::keep`] kept (all when empty).
    pub coders: Vec<String>,
}

/// The documents of a corpus in scope, read one at a time as a format writes them (a few ahead,
/// on every core), each with its text and annotations dropped once written, so that an export
/// holds neither every annotation nor every text however large the corpus.
#[derive(Debug, Clone)]
pub struct Unread {
    annotations_dir: PathBuf,
    /// Each document's path and its path relative to the corpus, in the corpus's order.
    documents: Vec<(PathBuf, String)>,
    scope: Scope,
    /// What was left out of the documents of the last pass, and why.
    left_out: std::cell::RefCell<Vec<String>>,
    /// Annotations and documents handed out by the last pass.
    written: std::cell::Cell<(usize, usize)>,
}

impl<'a> Material<'a> {
    /// The documents of `corpus` (as listed by [`Corpus::listed`]: no document need be read) in
    /// `scope`, to be read only as they are written ([`Material::each_doc`]). Errors name what
    /// in the scope does not exist; a tag of the scope is checked against the scheme only,
    /// since the annotations are not read yet.
    pub fn stream(corpus: &Corpus, scope: &Scope) -> Result<Material<'static>, ExportError> {
        check_scope(corpus, scope, |_| false)?;
        let documents = corpus
            .entries
            .iter()
            .filter(|e| scope.documents.is_empty() || scope.documents.contains(&e.rel_path))
            .map(|e| (e.path.clone(), e.rel_path.clone()))
            .collect();
        Ok(Material {
            scheme: corpus.tags.clone(),
            docs: Vec::new(),
            tag_filter: scope.tags.clone(),
            left_out: Vec::new(),
            base: json::folder_iri(&corpus.root),
            not_carried: Default::default(),
            warnings: Default::default(),
            annotations_dir: corpus.annotations_dir.clone(),
            coders: Vec::new(),
            unread: Some(Unread {
                annotations_dir: corpus.annotations_dir.clone(),
                documents,
                scope: scope.clone(),
                left_out: Default::default(),
                written: Default::default(),
            }),
        })
    }

    /// Calls `f` with each document in order: those held, then the unread ones, each read from
    /// its files (its annotations placed in its current text, as the reader places them) and
    /// dropped once `f` returns. What cannot be exported is added to [`Material::all_left_out`]
    /// as it is found. Stops at the first error of `f`.
    pub fn each_doc(&self, f: &mut dyn FnMut(&Doc) -> io::Result<()>) -> io::Result<()> {
        for doc in &self.docs {
            f(doc)?;
        }
        let Some(unread) = &self.unread else {
            return Ok(());
        };
        unread.left_out.borrow_mut().clear();
        let mut written = (0, 0);
        // Worker `k` reads documents k, k + n, k + 2n… into a channel of its own that holds two
        // ahead, and they are taken from the channels in turn: the corpus's order, every core
        // busy, and at most a few documents in memory.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let Unread {
            annotations_dir,
            documents,
            scope: in_scope,
            ..
        } = unread;
        let coders = &self.coders;
        std::thread::scope(|scope| {
            let channels: Vec<_> = (0..threads)
                .map(|k| {
                    let (send, receive) = std::sync::mpsc::sync_channel(2);
                    scope.spawn(move || {
                        for (path, rel) in documents.iter().skip(k).step_by(threads) {
                            let read = read_entry(path, rel, annotations_dir, in_scope, coders);
                            if send.send(read).is_err() {
                                return;
                            }
                        }
                    });
                    receive
                })
                .collect();
            for i in 0..documents.len() {
                let Ok((doc, left_out)) = channels[i % threads].recv() else {
                    return Err(io::Error::other("a document could not be read"));
                };
                unread.left_out.borrow_mut().extend(left_out);
                if let Some(doc) = doc {
                    f(&doc)?;
                    written = (written.0 + doc.annotations.len(), written.1 + 1);
                    unread.written.set(written);
                }
            }
            Ok(())
        })
    }

    /// How many annotations and documents there are: of those held, and of the unread ones
    /// as the last pass over them found.
    pub fn counts(&self) -> (usize, usize) {
        let held: usize = self.docs.iter().map(|d| d.annotations.len()).sum();
        let (annotations, docs) = self.unread.as_ref().map_or((0, 0), |u| u.written.get());
        (held + annotations, self.docs.len() + docs)
    }

    /// [`Material::left_out`], what the last pass over the unread documents left out, and what
    /// the last write could not carry.
    pub fn all_left_out(&self) -> Vec<String> {
        let mut all = self.left_out.clone();
        if let Some(unread) = &self.unread {
            all.extend(unread.left_out.borrow().iter().cloned());
        }
        all.extend(self.not_carried.borrow().iter().cloned());
        all
    }

    /// Records that the write under way could not carry `what` (naming it, why, and what to do).
    pub fn not_carried(&self, what: String) {
        self.not_carried.borrow_mut().push(what);
    }

    /// Records that the write under way warns of `what`: something the file carries that
    /// another tool may not take as it is (naming it and what to do).
    pub fn warn(&self, what: String) {
        self.warnings.borrow_mut().push(what);
    }

    /// What the last write warned of (see [`Material::warn`]).
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.borrow().clone()
    }

    /// Forgets what an earlier write could not carry or warned of: each write calls it as it
    /// starts.
    fn start_write(&self) {
        self.not_carried.borrow_mut().clear();
        self.warnings.borrow_mut().clear();
    }

    /// How far the coders of the material's annotations agree (see
    /// [`agreement`](crate::core::agreement)). Unlike an export, which reads the documents one
    /// at a time, this holds every document's text at once (sentences are split in parallel).
    /// An error names the document that cannot be read.
    pub fn agreement(&self, request: &agreement::Request) -> io::Result<agreement::Report> {
        // As `gloss agree` takes them: every annotation of the coders, whatever its tags (a
        // coder who coded a document without the tags asked for said "not this tag" there), so
        // a tag filter's are read again from the document's files.
        let every_tag = Scope {
            documents: Vec::new(),
            tags: Vec::new(),
        };
        let mut owned: Vec<(String, Vec<Annotation>)> = Vec::new();
        self.each_doc(&mut |d| {
            let text = d
                .text()
                .map_err(|e| io::Error::other(format!("{}: {e}", d.rel_path)))?;
            let annotations = match self.path_of(d).filter(|_| !self.tag_filter.is_empty()) {
                Some(path) => {
                    let (doc, _) = read_entry(
                        &path,
                        &d.rel_path,
                        &self.annotations_dir,
                        &every_tag,
                        &self.coders,
                    );
                    doc.map_or_else(Vec::new, |doc| {
                        doc.annotations.iter().map(|a| (**a).clone()).collect()
                    })
                }
                None => d.annotations.iter().map(|a| (**a).clone()).collect(),
            };
            owned.push((text.into_owned(), annotations));
            Ok(())
        })?;
        let docs: Vec<agreement::Coded<'_>> = owned
            .iter()
            .map(|(text, annotations)| agreement::Coded { text, annotations })
            .collect();
        Ok(agreement::agree(&docs, &self.scheme, request))
    }

    /// The file of the document `d`: its own for a held one, the listed one for an unread one.
    fn path_of(&self, d: &Doc) -> Option<PathBuf> {
        match &d.text {
            DocText::File(path) => Some(path.clone()),
            DocText::Given(_) => self
                .unread
                .as_ref()?
                .documents
                .iter()
                .find(|(_, rel)| *rel == d.rel_path)
                .map(|(path, _)| path.clone()),
        }
    }

    /// The documents and annotations of `corpus` in `scope`, each annotation checked against its
    /// document's text (read one document at a time, and not kept). Errors name what in the
    /// scope does not exist.
    pub fn collect(corpus: &'a Corpus, scope: &Scope) -> Result<Material<'a>, ExportError> {
        check_scope(corpus, scope, |tag| {
            corpus
                .entries
                .iter()
                .any(|e| e.annotations.iter().any(|a| a.has_tag(tag)))
        })?;
        let mut material = Material {
            scheme: corpus.tags.clone(),
            docs: Vec::new(),
            tag_filter: scope.tags.clone(),
            left_out: Vec::new(),
            base: json::folder_iri(&corpus.root),
            annotations_dir: corpus.annotations_dir.clone(),
            coders: Vec::new(),
            unread: None,
            not_carried: Default::default(),
            warnings: Default::default(),
        };
        let entries: Vec<&Entry> = corpus
            .entries
            .iter()
            .filter(|e| scope.documents.is_empty() || scope.documents.contains(&e.rel_path))
            .collect();
        // Each document is read on its own to check where its annotations are: the documents
        // are shared out between the cores in runs that keep their order.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let runs: Vec<Vec<Collected<'a>>> = std::thread::scope(|threads_scope| {
            let handles: Vec<_> = entries
                .chunks(entries.len().div_ceil(threads).max(1))
                .map(|run| {
                    threads_scope
                        .spawn(move || run.iter().map(|e| collect_entry(e, scope)).collect())
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (doc, left_out) in runs.into_iter().flatten() {
            material.left_out.extend(left_out);
            material.docs.extend(doc);
        }
        Ok(material)
    }

    /// The tags to describe: those of the scheme in scope, in the scheme's order (unused ones
    /// too, so that the coding scheme travels whole), then tags the annotations `seen` use that
    /// the scheme lacks, in order of first use.
    pub fn tags(&self, seen: &Seen) -> Vec<TagInfo> {
        let mut out: Vec<TagInfo> = self
            .scheme
            .tags
            .iter()
            .filter(|t| self.tag_filter.is_empty() || self.tag_filter.contains(&t.name))
            .map(|t| TagInfo {
                name: t.name.clone(),
                group: t.group.clone(),
                color: Some(t.color),
                description: t.description.clone(),
            })
            .collect();
        for t in &seen.tags {
            if !out.iter().any(|o| o.name == *t) {
                out.push(TagInfo {
                    name: t.clone(),
                    ..TagInfo::default()
                });
            }
        }
        out
    }

    /// What every document holds, gathered in a pass over them (reading the unread ones).
    pub fn seen(&self) -> io::Result<Seen> {
        let mut seen = Seen::default();
        self.each_doc(&mut |doc| {
            seen.add(doc);
            Ok(())
        })?;
        Ok(seen)
    }

    /// The fields to write: the scheme's, in its order (unused ones too, like tags), then
    /// fields the annotations `seen` have that the scheme lacks, in order of first use.
    pub fn field_names<'s>(&'s self, seen: &'s Seen) -> Vec<&'s str> {
        let mut names: Vec<&str> = self.scheme.fields.iter().map(|f| f.name.as_str()).collect();
        for (name, _) in &seen.fields {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }

    /// Each field of [`Material::field_names`] with its values: a choice field's list, then
    /// those the annotations `seen` use that it lacks (all of a free-text field's), in order of
    /// first use; fields without any value are left out. For formats that declare values
    /// (brat's attributes, REFI-QDA's codes).
    pub fn field_values<'s>(&'s self, seen: &'s Seen) -> Vec<(&'s str, Vec<&'s str>)> {
        self.field_names(seen)
            .into_iter()
            .map(|name| {
                let mut values: Vec<&str> = self
                    .scheme
                    .field(name)
                    .map_or_else(Vec::new, |f| f.values.iter().map(String::as_str).collect());
                let used = seen.fields.iter().find(|(n, _)| n == name);
                for v in used.into_iter().flat_map(|(_, vs)| vs) {
                    if !values.contains(&v.as_str()) {
                        values.push(v);
                    }
                }
                (name, values)
            })
            .filter(|(_, values)| !values.is_empty())
            .collect()
    }

    /// The link types to describe: the scheme's, in its order (unused ones too, like tags), then
    /// those the annotations `seen` use that it lacks, in order of first use.
    pub fn link_kinds<'s>(&'s self, seen: &'s Seen) -> Vec<&'s str> {
        let mut kinds: Vec<&str> = self.scheme.links.iter().map(|l| l.name.as_str()).collect();
        for kind in &seen.link_kinds {
            if !kinds.contains(&kind.as_str()) {
                kinds.push(kind);
            }
        }
        kinds
    }

    /// The group of a tag in the scheme, empty for a tag the scheme lacks.
    pub fn group_of(&self, tag: &str) -> &str {
        self.scheme.by_name(tag).map_or("", |t| t.group.as_str())
    }
}

/// The documents and tags `scope` names are in `corpus`; `used(tag)` says whether an annotation
/// has a tag the scheme lacks.
fn check_scope(
    corpus: &Corpus,
    scope: &Scope,
    used: impl Fn(&str) -> bool,
) -> Result<(), ExportError> {
    for wanted in &scope.documents {
        if !corpus.entries.iter().any(|e| e.rel_path == *wanted) {
            return Err(ExportError::NoDocument {
                document: wanted.clone(),
                root: corpus.root.clone(),
            });
        }
    }
    for tag in &scope.tags {
        if corpus.tags.by_name(tag).is_none() && !used(tag) {
            return Err(ExportError::NoTag {
                tag: tag.clone(),
                tags: corpus.tags.tags.iter().map(|t| t.name.clone()).collect(),
            });
        }
    }
    Ok(())
}

/// One entry as [`Material::collect`] takes it: the document, unless it cannot be read, and
/// what was left out of it and why.
type Collected<'a> = (Option<Doc<'a>>, Vec<String>);

fn collect_entry<'a>(entry: &'a Entry, scope: &Scope) -> Collected<'a> {
    if let Some(why) = entry
        .unreadable
        .as_ref()
        .or(entry.annotations_error.as_ref())
    {
        return (None, vec![why.clone()]);
    }
    let text = match read_text(&entry.path) {
        Ok(text) => text,
        Err(why) => return (None, vec![why.to_string()]),
    };
    let annotations = entry.annotations.iter().map(Exported::Corpus);
    let (annotations, left_out) = in_scope(entry, annotations, &text, scope, &[]);
    let doc = Doc {
        rel_path: entry.rel_path.clone(),
        title: entry.meta.title.clone(),
        date: entry.meta.date.clone(),
        text: DocText::File(entry.path.clone()),
        annotations,
    };
    (Some(doc), left_out)
}

/// The document at `path` (`rel` in the corpus) read for [`Material::each_doc`], its text
/// and annotations its own.
fn read_entry(
    path: &Path,
    rel: &str,
    annotations_dir: &Path,
    scope: &Scope,
    coders: &[String],
) -> Collected<'static> {
    let (mut entry, text) = Entry::read_with_text(path.to_owned(), rel.to_owned(), annotations_dir);
    if let Some(why) = entry.unreadable.take().or(entry.annotations_error.take()) {
        return (None, vec![why]);
    }
    let Some(text) = text else {
        return (None, Vec::new());
    };
    // A list shared (with `entry.stored`, or the writer), so taken by copy.
    let shared = std::mem::take(&mut entry.annotations);
    let owned = shared.iter().cloned().map(Exported::from);
    let (annotations, left_out) = in_scope(&entry, owned, &text, scope, coders);
    let doc = Doc {
        rel_path: entry.rel_path,
        title: entry.meta.title,
        date: entry.meta.date,
        text: DocText::Given(text),
        annotations,
    };
    (Some(doc), left_out)
}

/// Of `entry`'s `annotations`, those with a tag of `scope` (with only those tags) and by one of
/// `coders` (when any), and that fit `text`; with why each that does not fit is left out.
fn in_scope<'a>(
    entry: &Entry,
    annotations: impl Iterator<Item = Exported<'a>>,
    text: &str,
    scope: &Scope,
    coders: &[String],
) -> (Vec<Exported<'a>>, Vec<String>) {
    let index = text::CharIndex::new(text);
    let mut left_out = Vec::new();
    let mut kept = Vec::new();
    for mut a in annotations {
        if !coders.is_empty() && !coders.contains(&a.annotator) {
            continue;
        }
        if !scope.tags.is_empty() {
            if !a.tags.iter().any(|t| scope.tags.contains(t)) {
                continue;
            }
            a.to_mut().tags.retain(|t| scope.tags.contains(t));
        }
        if !a.fits(text, &index) {
            left_out.push(format!(
                "{}: the annotation {} could not be placed in the changed text (its quote is no \
                 longer at {}..{}); attach it in the reader (sidebar, A) or see `gloss check`",
                entry.rel_path, a.id, a.start, a.end
            ));
            continue;
        }
        kept.push(a);
    }
    (kept, left_out)
}

/// What the documents of a material hold that a format describes apart from them (a codebook,
/// a list of users), gathered as the documents are written: see [`Seen::add`].
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// Paths of the documents, relative to the corpus, in order.
    pub documents: Vec<String>,
    /// Every tag used, in order of first use.
    pub tags: Vec<String>,
    /// Every coder who made or last changed an annotation, in order of first appearance.
    pub coders: Vec<String>,
    /// Whether an annotation has no tag.
    pub untagged: bool,
    pub annotations: usize,
    /// Every field used, in order of first use, with its values in order of first use.
    pub fields: Vec<(String, Vec<String>)>,
    /// Every link type used, in order of first use.
    pub link_kinds: Vec<String>,
}

impl Seen {
    pub fn add(&mut self, doc: &Doc) {
        self.documents.push(doc.rel_path.clone());
        self.annotations += doc.annotations.len();
        for a in &doc.annotations {
            self.untagged |= a.tags.is_empty();
            for t in &a.tags {
                if !self.tags.contains(t) {
                    self.tags.push(t.clone());
                }
            }
            for who in [&a.annotator, &a.modified_by] {
                if !who.is_empty() && !self.coders.contains(who) {
                    self.coders.push(who.clone());
                }
            }
            for (name, value) in &a.fields {
                let i = match self.fields.iter().position(|(n, _)| n == name) {
                    Some(i) => i,
                    None => {
                        self.fields.push((name.clone(), Vec::new()));
                        self.fields.len() - 1
                    }
                };
                if !self.fields[i].1.contains(value) {
                    self.fields[i].1.push(value.clone());
                }
            }
            for link in &a.links {
                if !self.link_kinds.contains(&link.kind) {
                    self.link_kinds.push(link.kind.clone());
                }
            }
        }
    }
}

/// A temporary file written now and read back later, for what a format must write after
/// something that is known only at the end.
pub struct Parked(io::BufWriter<std::fs::File>);

impl Parked {
    pub fn new() -> io::Result<Parked> {
        Ok(Parked(io::BufWriter::new(tempfile::tempfile()?)))
    }

    /// The file, to read from its start.
    pub fn read_back(self) -> io::Result<io::BufReader<std::fs::File>> {
        let mut file = self.0.into_inner().map_err(|e| e.into_error())?;
        file.seek(io::SeekFrom::Start(0))?;
        Ok(io::BufReader::new(file))
    }
}

impl Write for Parked {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A tag as a format describes it: from the scheme on export, from a codebook or a configuration
/// file on import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagInfo {
    pub name: String,
    pub group: String,
    pub color: Option<TagColor>,
    pub description: String,
}

/// The groups of `tags`, each once, in order of first appearance ("" for tags without one).
pub fn groups(tags: &[TagInfo]) -> Vec<&str> {
    let mut groups: Vec<&str> = Vec::new();
    for t in tags {
        if !groups.contains(&t.group.as_str()) {
            groups.push(&t.group);
        }
    }
    groups
}

/// Writes `material` in `format` to `out`. brat, a folder, cannot be written to a stream.
pub fn write(
    format: Format,
    material: &Material,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    material.start_write();
    match format {
        Format::Json => json::write(material, out),
        Format::Jsonl => jsonl::write(material, options, out),
        Format::Csv => csv::write(material, options, out),
        Format::Md => md::write(material, out),
        Format::Qdpx => out.write_all(&qdpx::to_bytes(material, options)?),
        Format::Brat => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "brat writes a folder of files, not one stream: give a folder to write it to",
        )),
    }
}

/// Writes `material` in `format` at `path`: a folder for brat (created if missing), else a file,
/// replaced atomically so that an interrupted export never leaves half a file; for CSV also the
/// links file beside it ([`csv::links_path`]).
pub fn write_to(
    format: Format,
    material: &Material,
    options: Options,
    path: &Path,
) -> Result<(), ExportError> {
    material.start_write();
    let fail = |p: &Path, source: io::Error| ExportError::Write {
        path: p.to_owned(),
        source,
    };
    if format.is_folder() {
        // A failure to write names the file; one to read, the folder.
        let mut failed = None;
        // Each file whole or not at all, and all of them put in place only once every one is
        // written and on disk: one sync for the folder, not one per file.
        let mut batch = atomic_batch::Batch::new();
        let written = brat::write_files(material, &mut |rel, contents| {
            let file = path.join(rel);
            batch
                .write(&file, contents.as_bytes())
                .inspect_err(|_| failed = Some(file))
        });
        return written
            .and_then(|()| batch.commit())
            .map_err(|e| fail(failed.as_deref().unwrap_or(path), e));
    }
    if format == Format::Csv {
        // The links file first, so that the annotations' file is never newer than its links.
        let links = csv::links_path(path);
        let mut links_written = true;
        return atomic_file::write_with(path, |out| {
            atomic_file::write_with(&links, |links_out| {
                csv::write_with_links(material, options, out, links_out)
            })
            .inspect_err(|_| links_written = false)
        })
        .map_err(|e| fail(if links_written { path } else { &links }, e));
    }
    if format == Format::Qdpx {
        // Into the file as it is made: a project holds every document's text.
        return atomic_file::write_seekable(path, |out| {
            qdpx::write_zip(material, options, out).map(drop)
        })
        .map_err(|e| fail(path, e));
    }
    atomic_file::write_with(path, |out| write(format, material, options, out))
        .map_err(|e| fail(path, e))
}

/// `exports/` beside the corpus folder, where the reader writes its exports.
pub fn exports_dir(root: &Path) -> PathBuf {
    corpus::default_annotations_dir(root).with_file_name("exports")
}

/// The name of an export made at `time` (RFC 3339): `<what>-<yyyymmdd-hhmmss>.<extension>`,
/// without extension for brat's folder.
pub fn file_name(format: Format, what: &str, time: &str) -> String {
    let stamp: String = time
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .map(|c| if c == 'T' { '-' } else { c })
        .collect();
    let base = format!("{what}-{stamp}");
    if format.is_folder() {
        format!("{base}-{}", format.name())
    } else {
        format!("{base}.{}", format.name())
    }
}

/// `#rrggbb` of a tag colour; the 16 named colours as xterm draws them.
pub fn hex(color: TagColor) -> String {
    const NAMED: [(u8, u8, u8); COLOR_NAMES.len()] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x00, 0x00),
        (0x00, 0xcd, 0x00),
        (0xcd, 0xcd, 0x00),
        (0x00, 0x00, 0xee),
        (0xcd, 0x00, 0xcd),
        (0x00, 0xcd, 0xcd),
        (0xe5, 0xe5, 0xe5),
        (0x7f, 0x7f, 0x7f),
        (0xff, 0x00, 0x00),
        (0x00, 0xff, 0x00),
        (0xff, 0xff, 0x00),
        (0x5c, 0x5c, 0xff),
        (0xff, 0x00, 0xff),
        (0x00, 0xff, 0xff),
        (0xff, 0xff, 0xff),
    ];
    let (r, g, b) = match color {
        TagColor::Named(i) => NAMED[usize::from(i) % NAMED.len()],
        TagColor::Rgb(r, g, b) => (r, g, b),
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The GUID of the link of type `kind` from the annotation `from` to the annotation `to`, by
/// [`stable_guid`]: for the formats that name a link (W3C, REFI-QDA).
pub fn link_guid(from: &str, kind: &str, to: &str) -> String {
    stable_guid("link", &format!("{from}\n{kind}\n{to}"))
}

/// A GUID that is the same on every export of the same thing: a name-based UUID (version 5) of
/// `kind` and `name`, so that projects exported twice line up in the tools that import them.
pub fn stable_guid(kind: &str, name: &str) -> String {
    // Fixed once for gloss; any constant would do, as long as it never changes.
    const NAMESPACE: uuid::Uuid = uuid::uuid!("6c1f3b5e-8a52-4f7e-9d38-0b4a1e2c7d90");
    uuid::Uuid::new_v5(&NAMESPACE, format!("{kind}\n{name}").as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_time_without_separators() {
        assert_eq!(
            file_name(Format::Csv, "corpus", "2026-01-02T03:04:05Z"),
            "corpus-20260102-030405.csv"
        );
        assert_eq!(
            file_name(Format::Brat, "a", "2026-01-02T03:04:05+01:00"),
            "a-20260102-030405-brat"
        );
    }

    #[test]
    fn guids_are_stable_and_distinct() {
        let a = stable_guid("tag", "denial");
        assert_eq!(a, stable_guid("tag", "denial"));
        assert_ne!(a, stable_guid("user", "denial"));
        assert_eq!(a.len(), 36);
    }

    #[test]
    fn the_command_line_names_formats_by_their_names() {
        use clap::ValueEnum;
        let listed: Vec<Format> = Format::value_variants().to_vec();
        assert_eq!(listed, Format::ALL);
        for f in Format::ALL {
            assert_eq!(Format::from_str(f.name(), false), Ok(f));
        }
    }
}
