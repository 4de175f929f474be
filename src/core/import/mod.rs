//! Bringing annotations made elsewhere into the corpus's annotation files.
//!
//! A format module reads its file into [`Incoming`] annotations: whatever the format says of each
//! one, in its own counting. Each is then placed in the corpus's document by
//! [`anchor`](crate::core::anchor::anchor) (quote and context first, offsets second), merged with
//! the annotations already there, and the files are rewritten through
//! [`store::to_toml`] and an atomic replace. A file that does not parse, or whose document changed
//! since its annotations were made, is left alone and reported.

pub mod new_tags;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::anchor;
use crate::core::annotation::Placement;
use crate::core::annotation::{Annotation, Stamp};
use crate::core::corpus::Corpus;
use crate::core::export::{self, TagInfo};
use crate::core::lock::FolderLock;
use crate::core::store::{self, AnnotationFile};
use crate::core::text::{self, CharIndex};

/// How long an import waits for a gloss writing the same folder, as the reader's writer does.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// One annotation as a format describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    /// The document's path relative to the corpus, `/`-separated.
    pub document: String,
    /// Kept when the format carries one; a new one is made otherwise.
    pub id: Option<String>,
    /// Code points, in the text the format counted in (which may have changed since).
    pub start: usize,
    pub end: usize,
    /// The quoted text; `None` when the format gives only offsets, which are then trusted.
    pub quote: Option<String>,
    pub prefix: String,
    pub suffix: String,
    pub tags: Vec<String>,
    pub note: String,
    pub annotator: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

impl Incoming {
    /// Quote and context taken from the text the format's offsets count, for formats that ship
    /// their own copy of the documents (brat, doccano, REFI-QDA).
    pub fn quoting(mut self, chars: &[char]) -> Incoming {
        let end = self.end.min(chars.len());
        let start = self.start.min(end);
        let text: String = chars.iter().collect();
        let bytes = |n: usize| chars[..n].iter().map(|c| c.len_utf8()).sum::<usize>();
        let span = bytes(start)..bytes(end);
        let (prefix, suffix) = crate::core::context::around(&text, span.clone());
        self.quote = Some(text[span].to_owned());
        self.prefix = text[prefix].to_owned();
        self.suffix = text[suffix].to_owned();
        self
    }
}

/// What a format file holds: annotations, and the tags it describes (a codebook, a brat
/// configuration), which may include tags no annotation uses.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub annotations: Vec<Incoming>,
    pub tags: Vec<TagInfo>,
    /// Things in the file that are not annotations gloss can hold (brat relations, say).
    pub ignored: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    /// Annotations already present (same id, or same span for formats without ids) that the
    /// import changed.
    pub updated: usize,
    pub unchanged: usize,
    /// Placed by an approximate match: the document differs from the one annotated.
    pub approximate: Vec<String>,
    /// Could not be placed, or belong to documents or files that cannot take them.
    pub not_placed: Vec<String>,
    pub files_written: Vec<PathBuf>,
    /// Tags added to the corpus's `tags.toml`.
    pub new_tags: Vec<String>,
    /// Tags the annotations now use that could not be added to the scheme, with why.
    pub unknown_tags: Vec<String>,
    pub ignored: Vec<String>,
}

impl Report {
    pub fn has_problems(&self) -> bool {
        !self.not_placed.is_empty() || !self.unknown_tags.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "imported: {} added, {} updated, {} already there; {} not placed",
            self.added,
            self.updated,
            self.unchanged,
            self.not_placed.len()
        )?;
        let sections = [
            (
                "written",
                self.files_written
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            ),
            (
                "placed approximately (check them)",
                self.approximate.clone(),
            ),
            ("not placed", self.not_placed.clone()),
            ("new tags in tags.toml", self.new_tags.clone()),
            ("tags not in tags.toml", self.unknown_tags.clone()),
            ("ignored", self.ignored.clone()),
        ];
        for (title, lines) in sections {
            let lines: Vec<String> = lines;
            if !lines.is_empty() {
                writeln!(f, "{title}:")?;
                for line in lines {
                    writeln!(f, "  {line}")?;
                }
            }
        }
        Ok(())
    }
}

/// The corpus document another tool calls `name`: its path relative to the corpus, or that path
/// without extension; else, looking only at the last part of `name` (of a URL or a path
/// elsewhere), the document's file name with or without extension. A rule counts only when it
/// picks one document.
pub fn document_named(corpus: &Corpus, name: &str) -> Option<String> {
    let name = name.replace('\\', "/");
    // A URL or a path that ends in a document's path (a W3C export's `target.source`): the
    // longest such path, the most specific.
    let ending = corpus
        .entries
        .iter()
        .map(|e| e.rel_path.as_str())
        .filter(|rel| name.ends_with(&format!("/{rel}")))
        .max_by_key(|rel| rel.len());
    if let Some(rel) = ending {
        return Some(rel.to_owned());
    }
    let file = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    let stem = |p: &str| p.rsplit_once('.').map_or(p, |(s, _)| s).to_owned();
    // Each rule: what to make of a document's path, and what that must equal.
    type Rule<'a> = (&'a dyn Fn(&str) -> String, String);
    let rules: [Rule; 4] = [
        (&|p| p.to_owned(), name.clone()),
        (&stem, name.clone()),
        (&file, file(&name)),
        (&|p| stem(&file(p)), file(&name)),
    ];
    for (rule, wanted) in rules {
        let matching: Vec<&str> = corpus
            .entries
            .iter()
            .map(|e| e.rel_path.as_str())
            .filter(|rel| rule(rel) == wanted)
            .collect();
        if let [one] = matching[..] {
            return Some(one.to_owned());
        }
    }
    None
}

/// The corpus document whose canonical text is `text`.
pub fn document_with_text(corpus: &Corpus, text: &str) -> Option<String> {
    corpus.entries.iter().find_map(|e| {
        let bytes = std::fs::read(&e.path).ok()?;
        (text::canonicalize(&bytes).ok()? == text).then(|| e.rel_path.clone())
    })
}

/// Merges `batch` into the corpus's annotation files and appends missing tags to its
/// `tags.toml` (see [`new_tags`]); `stamp` stands in for the author and time a format does not
/// give; `reserved` tells the keys a new tag cannot take. `source` names the file imported, for
/// the tag descriptions.
pub fn merge(
    corpus: &Corpus,
    batch: Batch,
    stamp: &Stamp,
    reserved: &dyn Fn(char) -> bool,
    source: &Path,
) -> Report {
    let mut report = Report {
        ignored: batch.ignored,
        ..Report::default()
    };
    let mut by_doc: BTreeMap<String, Vec<Incoming>> = BTreeMap::new();
    for mut inc in batch.annotations {
        // Other tools name documents their own way (a title, a URL, a path elsewhere).
        if !corpus.entries.iter().any(|e| e.rel_path == inc.document)
            && let Some(rel) = document_named(corpus, &inc.document)
        {
            inc.document = rel;
        }
        by_doc.entry(inc.document.clone()).or_default().push(inc);
    }
    let mut used_tags: Vec<String> = Vec::new();
    for (document, incoming) in by_doc {
        let refuse = |report: &mut Report, why: String| {
            for inc in &incoming {
                report.not_placed.push(format!("{}: {why}", describe(inc)));
            }
        };
        let Some(entry) = corpus.entries.iter().find(|e| e.rel_path == document) else {
            refuse(&mut report, "no such document in the corpus".into());
            continue;
        };
        let text = match std::fs::read(&entry.path)
            .map_err(|e| format!("{}: cannot read: {e}", entry.path.display()))
            .and_then(|b| {
                text::canonicalize(&b).map_err(|e| format!("{}: {e}", entry.path.display()))
            }) {
            Ok(text) => text,
            Err(why) => {
                refuse(&mut report, why);
                continue;
            }
        };
        let hash = text::content_hash(&text);
        let path = store::annotation_path(&corpus.annotations_dir, &document);
        // Held from reading the file to replacing it, as the reader's writer does: a gloss
        // saving this folder meanwhile would otherwise overwrite the import, or be overwritten.
        let folder = path.parent().unwrap_or(Path::new("."));
        let _lock = match std::fs::create_dir_all(folder)
            .and_then(|()| FolderLock::acquire(folder, LOCK_PATIENCE))
        {
            Ok(lock) => lock,
            Err(e) => {
                refuse(
                    &mut report,
                    format!("{}: cannot lock its folder: {e}", path.display()),
                );
                continue;
            }
        };
        // Read again now rather than trusting the corpus as opened: the file is about to be
        // replaced, and must parse and match the document as it is.
        let mut file = match store::load(&path) {
            Ok(Some(file)) if file.content_hash != hash => {
                refuse(
                    &mut report,
                    format!(
                        "{}: the document changed since its annotations were made; open it in \
                         gloss first so that they are placed again, then import",
                        path.display()
                    ),
                );
                continue;
            }
            Ok(Some(file)) => file,
            Ok(None) => new_file(&document, hash),
            Err(e) => {
                refuse(&mut report, e.to_string());
                continue;
            }
        };
        let before = file.annotations.clone();
        let chars: Vec<char> = text.chars().collect();
        let index = CharIndex::new(&text);
        for inc in incoming {
            let probe = probe(&inc, &chars);
            let anchored = anchor::anchor(&probe, &chars);
            match anchored.placement {
                Placement::Orphan => {
                    report.not_placed.push(format!(
                        "{}: its text is not in the document",
                        describe(&inc)
                    ));
                    continue;
                }
                Placement::Fuzzy { score } => report.approximate.push(format!(
                    "{}: placed at {}..{} (match {:.0}%)",
                    describe(&inc),
                    anchored.start,
                    anchored.end,
                    score * 100.0
                )),
                Placement::Exact | Placement::Moved => {}
            }
            let span =
                index.char_to_byte(&text, anchored.start)..index.char_to_byte(&text, anchored.end);
            let placed = annotation(&inc, &text, &index, span, stamp);
            for t in &placed.tags {
                if !used_tags.contains(t) {
                    used_tags.push(t.clone());
                }
            }
            let outcome = merge_one(&mut file.annotations, placed, inc.id.is_some());
            match outcome {
                Merged::Added => report.added += 1,
                Merged::Updated => report.updated += 1,
                Merged::Unchanged => report.unchanged += 1,
            }
        }
        if file.annotations == before {
            continue;
        }
        file.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        match export::atomic_write(&path, store::to_toml(&file).as_bytes()) {
            Ok(()) => report.files_written.push(path),
            Err(e) => {
                let n = file.annotations.len() - before.len().min(file.annotations.len());
                report.not_placed.push(format!(
                    "{}: cannot write: {e} ({n} annotations not saved)",
                    path.display()
                ));
            }
        }
    }
    let mut wanted = batch.tags;
    for t in used_tags {
        if !wanted.iter().any(|w| w.name == t) {
            wanted.push(TagInfo {
                name: t,
                ..TagInfo::default()
            });
        }
    }
    new_tags::add(corpus, &wanted, reserved, source, &mut report);
    report
}

fn new_file(document: &str, content_hash: String) -> AnnotationFile {
    AnnotationFile {
        document: document.to_owned(),
        content_hash,
        annotations: Vec::new(),
        extra: Default::default(),
    }
}

/// How an incoming annotation was taken.
enum Merged {
    Added,
    Updated,
    Unchanged,
}

/// Same id: the more recently modified version wins. No id (the format carries none) and an
/// annotation on the same span: the tags and note are added to it. Otherwise a new annotation.
fn merge_one(anns: &mut Vec<Annotation>, placed: Annotation, has_id: bool) -> Merged {
    if let Some(old) = anns.iter_mut().find(|a| a.id == placed.id) {
        if *old == placed || !newer(&placed.modified, &old.modified) {
            return Merged::Unchanged;
        }
        *old = placed;
        return Merged::Updated;
    }
    if !has_id
        && let Some(old) = anns
            .iter_mut()
            .find(|a| a.start == placed.start && a.end == placed.end)
    {
        let mut changed = false;
        for t in placed.tags {
            if !old.has_tag(&t) {
                old.tags.push(t);
                changed = true;
            }
        }
        if !placed.note.is_empty() && !old.note.contains(&placed.note) {
            if !old.note.is_empty() {
                old.note.push_str("\n\n");
            }
            old.note.push_str(&placed.note);
            changed = true;
        }
        if changed {
            old.modified = placed.modified;
            return Merged::Updated;
        }
        return Merged::Unchanged;
    }
    anns.push(placed);
    Merged::Added
}

/// Whether RFC 3339 time `a` is later than `b`; unreadable times compare as text.
fn newer(a: &str, b: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    match (
        time::OffsetDateTime::parse(a, &Rfc3339),
        time::OffsetDateTime::parse(b, &Rfc3339),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

/// The incoming annotation as [`anchor`](anchor::anchor) looks for it: its quote and context, at
/// its offsets. Without a quote, the offsets are trusted and the quote is the document's text
/// there.
fn probe(inc: &Incoming, chars: &[char]) -> Annotation {
    let described = match &inc.quote {
        Some(_) => inc.clone(),
        None => inc.clone().quoting(chars),
    };
    let quote = described.quote.unwrap_or_default();
    let text = format!("{}{quote}{}", described.prefix, described.suffix);
    let index = CharIndex::new(&text);
    let span = described.prefix.len()..described.prefix.len() + quote.len();
    let mut probe = annotation(
        inc,
        &text,
        &index,
        span,
        &Stamp {
            annotator: String::new(),
            time: String::new(),
        },
    );
    probe.start = inc.start;
    probe.end = inc.end;
    probe
}

/// The one place an imported annotation is made: on the byte range `span` of `text`, with what
/// the format said of it and `stamp` for what it did not.
fn annotation(
    inc: &Incoming,
    text: &str,
    index: &CharIndex,
    span: std::ops::Range<usize>,
    stamp: &Stamp,
) -> Annotation {
    let created = inc.created.clone().unwrap_or_else(|| stamp.time.clone());
    let by = Stamp {
        annotator: inc
            .annotator
            .clone()
            .unwrap_or_else(|| stamp.annotator.clone()),
        time: created.clone(),
    };
    let mut a = Annotation::new(text, index, span, inc.tags.clone(), &by);
    if let Some(id) = &inc.id {
        a.id = id.clone();
    }
    a.note = inc.note.clone();
    a.modified = inc.modified.clone().unwrap_or(created);
    a
}

/// An annotation named for a report: its document, offsets and the start of its quote.
fn describe(inc: &Incoming) -> String {
    let quote = inc.quote.as_deref().unwrap_or("");
    let mut short: String = quote.chars().take(50).collect();
    if quote.chars().count() > 50 {
        short.push('…');
    }
    format!(
        "{} {}..{} “{}”",
        inc.document,
        inc.start,
        inc.end,
        short.replace('\n', " ")
    )
}
