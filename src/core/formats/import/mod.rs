//! Bringing annotations made elsewhere into the corpus's annotation files.
//!
//! A format module reads its file into [`Incoming`] annotations: whatever the format says of each
//! one, in its own counting. Each is then placed in the corpus's document by
//! [`anchor`](crate::core::anchoring::anchor::anchor) (quote and context first, offsets second), merged with
//! the annotations already there, and the files are rewritten through
//! [`store::to_toml`] and an atomic replace. A file that does not parse, or whose document changed
//! since its annotations were made, is left alone and reported.

pub mod links;
pub mod new_tags;
pub mod rows;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::anchoring::anchor;
use crate::core::anchoring::context;
use crate::core::anchoring::occurrences::Occurrences;
use crate::core::annotation::Placement;
use crate::core::annotation::{Annotation, Stamp};
use crate::core::corpus::Corpus;
use crate::core::documents::document::read_file;
use crate::core::documents::text::{self, CharIndex};
use crate::core::fields::FieldValues;
use crate::core::formats::TagInfo;
use crate::core::formats::offsets::{self, Claimed, Counting, Detection, Given, Landing, Unfit};
use crate::core::storage::atomic_file;
use crate::core::storage::store::{self, AnnotationFile};
use links::{IncomingLink, Resolver};

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
    /// Field values by field name (none when the format carries none).
    pub fields: FieldValues,
    /// Links from it to other annotations (none when the format carries none): see [`links`].
    pub links: Vec<IncomingLink>,
    pub annotator: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Who changed it last; the annotator when the format does not say.
    pub modified_by: Option<String>,
    /// Where in the file it came from (`lines 4, 5` of a CSV), for the report; empty if the
    /// document and span say enough.
    pub origin: String,
    /// Columns its rows give different values in (a CSV's, one row per tag), settled against
    /// the corpus when it is merged: see [`rows`]. The other fields hold its first row's.
    pub disagreements: Vec<rows::Disagreement>,
    /// Its offsets were checked against the file's own copy of the text and are code points of
    /// its canonical form. Otherwise, those of a quoted span are checked against the corpus's
    /// document when it is merged.
    pub counted: bool,
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
        let (prefix, suffix) = crate::core::anchoring::context::around(&text, span.clone());
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
    /// Spans that do not fit the text the file says they cover, with why.
    pub not_placed: Vec<String>,
    /// How the file counted its offsets: what it counted (a document, a line), and the counting.
    pub counted: Vec<(String, String)>,
    /// What the command line fixed of the counting, for the spans checked when they are merged.
    pub given: Given,
}

impl Batch {
    /// Records which counting `detection` found for `what` (a document, a line of the file), and
    /// the others that would fit as well; nothing when it had no span to go by.
    pub fn counted(&mut self, what: &str, detection: &Detection) {
        // Without spans there is nothing the counting was found from.
        if !detection.spans.is_empty() {
            self.counted.push((how_counted(detection), what.to_owned()));
        }
    }

    /// `inc` moved to where [`offsets::detect`](crate::core::formats::offsets::detect) found it (`found`,
    /// code points of `canonical`) and quoted from there; `None` when it did not fit its text,
    /// which is then reported as not placed.
    pub fn place(
        &mut self,
        inc: Incoming,
        found: &Landing,
        canonical: &[char],
    ) -> Option<Incoming> {
        match found {
            Ok((start, end)) => Some(
                Incoming {
                    start: *start,
                    end: *end,
                    counted: true,
                    ..inc
                }
                .quoting(canonical),
            ),
            Err(why) => {
                self.not_placed.push(unfit(&inc, why));
                None
            }
        }
    }
}

impl Batch {
    /// Adds the link of type `kind` to `to` to the annotation of the batch whose id is `from`;
    /// false when the batch has none, which the caller reports, naming where in its file.
    pub fn link_from(&mut self, from: &str, kind: String, to: links::LinkTarget) -> bool {
        let source = self
            .annotations
            .iter_mut()
            .find(|a| a.id.as_deref() == Some(from));
        match source {
            Some(source) => {
                source.links.push(IncomingLink { kind, to });
                true
            }
            None => false,
        }
    }
}

/// How `detection` counted, for the report: the counting, and the others that fit as well.
fn how_counted(detection: &Detection) -> String {
    let mut how = detection.counting.to_string();
    if !detection.also_fits.is_empty() {
        let others: Vec<String> = detection.also_fits.iter().map(|c| c.to_string()).collect();
        how.push_str(&format!(
            " (also fits: {}; give --offsets if the file counts that way)",
            others.join("; ")
        ));
    }
    how
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    /// Annotations already present (same id, or, for a file without ids, the same coder's on
    /// the same span) that the import changed.
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
    /// How the file counted its offsets: each counting, with what was counted so.
    pub counted: BTreeMap<String, Vec<String>>,
    /// Annotations whose fields were edited in the file (a spreadsheet): each with what changed.
    pub edited: Vec<String>,
    /// Annotations modified after the corpus's and taken: each with what it changed, so that a
    /// move to other text or a retag is seen in the report.
    pub newer: Vec<String>,
    /// Annotations that differ from the corpus's but were modified before it: not taken, each
    /// with what the file has otherwise, so that a dropped edit is not counted as "already
    /// there".
    pub older: Vec<String>,
    /// Annotations whose rows disagreed, one of them holding an edit, which was taken: each with
    /// what was taken from which line (see [`rows`]).
    pub rows_settled: Vec<String>,
    /// Links the import put on annotations.
    pub links_added: usize,
    /// Links put on annotations whose target is neither in the corpus nor in the file, with
    /// what to do: see [`links::Resolver::dangling`].
    pub dangling_links: Vec<String>,
    /// Nothing was written: the report says what an import would do.
    pub dry_run: bool,
}

impl Report {
    pub fn has_problems(&self) -> bool {
        !self.not_placed.is_empty()
            || !self.unknown_tags.is_empty()
            || !self.dangling_links.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.dry_run {
            writeln!(f, "dry run: nothing was written; an import would do this")?;
        }
        let older = match self.older.len() {
            0 => String::new(),
            n => format!(", {n} older than the corpus's (not taken)"),
        };
        writeln!(
            f,
            "imported: {} added, {} updated, {} already there{older}; {} not placed",
            self.added,
            self.updated,
            self.unchanged,
            self.not_placed.len()
        )?;
        if self.links_added > 0 {
            writeln!(f, "links: {} added", self.links_added)?;
        }
        let sections = [
            ("edited in the file", self.edited.clone()),
            ("newer than the corpus's, taken", self.newer.clone()),
            (
                "older than the corpus's, not taken (give them a later `modified` to take them)",
                self.older.clone(),
            ),
            (
                "rows of one annotation that disagreed, one of them edited",
                self.rows_settled.clone(),
            ),
            (
                if self.dry_run {
                    "would write"
                } else {
                    "written"
                },
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
            ("links whose target is missing", self.dangling_links.clone()),
            ("new tags in tags.toml", self.new_tags.clone()),
            ("tags not in tags.toml", self.unknown_tags.clone()),
            ("ignored", self.ignored.clone()),
            (
                "offsets counted in",
                self.counted
                    .iter()
                    .map(|(how, what)| format!("{how}: {}", what.join(", ")))
                    .collect(),
            ),
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

/// The corpus's documents by the hash of their canonical text, for files that tell a document
/// by its text (a doccano line without `document`, a REFI-QDA source named otherwise). Each
/// document is read once, when first asked.
pub struct ByText<'a> {
    corpus: &'a Corpus,
    hashes: std::cell::OnceCell<BTreeMap<String, String>>,
}

impl<'a> ByText<'a> {
    pub fn new(corpus: &'a Corpus) -> ByText<'a> {
        ByText {
            corpus,
            hashes: std::cell::OnceCell::new(),
        }
    }

    /// The document whose canonical text is `text` (the first, if two are the same).
    pub fn find(&self, text: &str) -> Option<String> {
        let hashes = self.hashes.get_or_init(|| {
            let mut out = BTreeMap::new();
            for e in self.corpus.entries.iter().rev() {
                if let Some(text) = std::fs::read(&e.path)
                    .ok()
                    .and_then(|b| text::canonicalize(&b).ok())
                {
                    out.insert(text::content_hash(&text), e.rel_path.clone());
                }
            }
            out
        });
        hashes.get(&text::content_hash(text)).cloned()
    }
}

/// Merges `batch` into the corpus's annotation files and appends missing tags to its
/// `tags.toml` (see [`new_tags`]); `stamp` stands in for the author and time a format does not
/// give, and is the modification time of annotations edited in the file; `reserved` tells the
/// keys a new tag cannot take. `source` names the file imported, for the tag descriptions. Each
/// annotation file is written under its folder's lock, waited for up to `lock_wait` (the
/// configuration's [`Timing::lock_wait`](crate::core::user_state::timing::Timing::lock_wait)).
/// With `dry_run`, nothing is written and the report tells what would be.
pub fn merge(
    corpus: &Corpus,
    batch: Batch,
    stamp: &Stamp,
    reserved: &dyn Fn(char) -> bool,
    source: &Path,
    lock_wait: Duration,
    dry_run: bool,
) -> Report {
    let mut report = Report {
        ignored: batch.ignored,
        not_placed: batch.not_placed,
        dry_run,
        ..Report::default()
    };
    for (how, what) in batch.counted {
        report.counted.entry(how).or_default().push(what);
    }
    let mut resolver = Resolver::new(batch.annotations.len());
    // Each with its place in the batch, by which links name annotations without ids.
    let mut by_doc: BTreeMap<String, Vec<(usize, Incoming)>> = BTreeMap::new();
    for (at, mut inc) in batch.annotations.into_iter().enumerate() {
        // Other tools name documents their own way (a title, a URL, a path elsewhere).
        if !corpus.entries.iter().any(|e| e.rel_path == inc.document)
            && let Some(rel) = document_named(corpus, &inc.document)
        {
            inc.document = rel;
        }
        by_doc
            .entry(inc.document.clone())
            .or_default()
            .push((at, inc));
    }
    let mut used_tags: Vec<String> = Vec::new();
    for (document, incoming) in by_doc {
        let refuse = |report: &mut Report, why: String| {
            for (_, inc) in &incoming {
                report.not_placed.push(format!("{}: {why}", describe(inc)));
            }
        };
        let Some(entry) = corpus.entries.iter().find(|e| e.rel_path == document) else {
            refuse(&mut report, "no such document in the corpus".into());
            continue;
        };
        let written = match read_file(&entry.path, text::as_written_owned) {
            Ok(decoded) => decoded.text,
            Err(why) => {
                refuse(&mut report, why.to_string());
                continue;
            }
        };
        let text = text::canonical(&written);
        let hash = text::content_hash(&text);
        let path = store::annotation_path(&corpus.annotations_dir, &document);
        // Held from reading the file to replacing it, as the reader's writer does: a gloss
        // saving this folder meanwhile would otherwise overwrite the import, or be overwritten.
        // A dry run writes nothing, not even the folder or its lock file.
        let _lock = match (!dry_run)
            .then(|| atomic_file::lock_folder_of(&path, lock_wait))
            .transpose()
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
                        "{}: the document changed since its annotations were made; run `gloss \
                         check --fix` so that they are placed again in it (opening it in gloss \
                         does not record the new places until something in it is changed), \
                         then import",
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
        let incoming = rows::settle(incoming, &file.annotations, source, &mut report);
        let incoming = check_quoted(incoming, &written, batch.given, &document, &mut report);
        let mut pending = Vec::new();
        // Every quote found in one pass over the text, not one pass per annotation: 40 ms each
        // in a 50 MB document, for the quote and again for its context.
        let probes: Vec<Annotation> = incoming.iter().map(|(_, inc)| probe(inc, &chars)).collect();
        let occurrences = Occurrences::find(&text, probes.iter().map(|p| p.quote.as_str()));
        for ((at, mut inc), probe) in incoming.into_iter().zip(probes) {
            if !inc.links.is_empty() {
                pending.push((at, describe(&inc), std::mem::take(&mut inc.links)));
            }
            let found = occurrences.of(&probe.quote);
            let starts: Vec<usize> = found.iter().map(|o| o.char).collect();
            let anchored = anchor::anchor_among(&probe, &chars, &starts);
            match anchored.placement {
                Placement::Orphan => {
                    report.not_placed.push(format!(
                        "{}: its text is not in the document",
                        describe(&inc)
                    ));
                    continue;
                }
                Placement::Fuzzy { score, .. } => report.approximate.push(format!(
                    "{}: placed at {}..{} (match {:.0}%)",
                    describe(&inc),
                    anchored.start,
                    anchored.end,
                    score * 100.0
                )),
                Placement::Moved if inc.quote.is_some() => report.approximate.push(format!(
                    "{}: its text moved; placed at {}..{}",
                    describe(&inc),
                    anchored.start,
                    anchored.end
                )),
                Placement::Exact | Placement::Moved => {}
            }
            let span =
                index.char_to_byte(&text, anchored.start)..index.char_to_byte(&text, anchored.end);
            // Placed word for word, the quote is the one looked for, whose occurrences are known.
            let context = match anchored.placement {
                Placement::Fuzzy { .. } => context::around(&text, span.clone()),
                _ => context::around_among(&text, span.clone(), found.iter().map(|o| o.byte)),
            };
            let placed = annotation(&inc, &text, &index, span, context, stamp);
            for t in &placed.tags {
                if !used_tags.contains(t) {
                    used_tags.push(t.clone());
                }
            }
            let timed = inc.created.is_some() || inc.modified.is_some();
            let (outcome, id) = merge_one(
                &mut file.annotations,
                placed,
                inc.id.is_some(),
                inc.annotator.is_some(),
                timed,
                stamp,
            );
            resolver.placed(at, &id, matches!(outcome, Merged::Added));
            match outcome {
                Merged::Added => report.added += 1,
                Merged::Updated => report.updated += 1,
                Merged::Edited(what) => {
                    report.updated += 1;
                    report
                        .edited
                        .push(format!("{}: {}", describe(&inc), what.join("; ")));
                }
                Merged::Newer(what) => {
                    report.updated += 1;
                    if !what.is_empty() {
                        report
                            .newer
                            .push(format!("{}: {}", describe(&inc), what.join("; ")));
                    }
                }
                Merged::Unchanged => report.unchanged += 1,
                Merged::Older(what) => {
                    report
                        .older
                        .push(format!("{}: {}", describe(&inc), what.join("; ")))
                }
            }
        }
        report.links_added += resolver.attach(
            &mut file.annotations,
            pending,
            stamp,
            &mut report.not_placed,
        );
        if file.annotations == before {
            continue;
        }
        if dry_run {
            report.files_written.push(path);
            continue;
        }
        file.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        match atomic_file::write(&path, store::to_toml(&file).as_bytes()) {
            Ok(()) => report.files_written.push(path),
            Err(e) => {
                let n = file.annotations.len() - before.len().min(file.annotations.len());
                report.not_placed.push(format!(
                    "{}: cannot write: {e} ({} not saved)",
                    path.display(),
                    crate::core::plural::count(n, "annotation")
                ));
            }
        }
    }
    report.dangling_links = resolver.dangling(corpus, source);
    let mut wanted = batch.tags;
    for t in used_tags {
        if !wanted.iter().any(|w| w.name == t) {
            wanted.push(TagInfo {
                name: t,
                ..TagInfo::default()
            });
        }
    }
    if dry_run {
        report.new_tags = wanted
            .into_iter()
            .filter(|t| corpus.tags.by_name(&t.name).is_none())
            .map(|t| t.name)
            .collect();
    } else {
        new_tags::add(corpus, &wanted, reserved, source, &mut report);
    }
    report
}

/// The quoted spans of `incoming` that no copy of the text has checked, checked against the
/// document's text as `written` ([`offsets::detect`], gloss's counting first): those that fit
/// get code points of its canonical text; the others are left to be looked for by their quote.
/// Each is paired with its place in the batch, which stays with it.
fn check_quoted(
    mut paired: Vec<(usize, Incoming)>,
    written: &str,
    given: Given,
    document: &str,
    report: &mut Report,
) -> Vec<(usize, Incoming)> {
    let unchecked: Vec<usize> = (0..paired.len())
        .filter(|&i| !paired[i].1.counted && paired[i].1.quote.is_some())
        .collect();
    if unchecked.is_empty() {
        return paired;
    }
    let mut incoming: Vec<&mut Incoming> = paired.iter_mut().map(|(_, inc)| inc).collect();
    let claimed: Vec<Claimed> = unchecked
        .iter()
        .map(|&i| {
            Claimed::span(
                incoming[i].start,
                incoming[i].end,
                incoming[i].quote.clone(),
            )
        })
        .collect();
    let found = offsets::detect(written, &claimed, Counting::GLOSS, given);
    if found.spans.iter().any(|s| s.is_ok()) {
        let how = how_counted(&found);
        report
            .counted
            .entry(how)
            .or_default()
            .push(document.to_owned());
    }
    // A span that fits shows the file counts this very text: one that does not fit the same
    // counting is then wrong, not moved. When none fits, the file was made from an older text,
    // and each is looked for by its quote and reported if it moved.
    let same_text = found.spans.iter().any(|s| s.is_ok());
    let mut wrong = Vec::new();
    for (&i, span) in unchecked.iter().zip(&found.spans) {
        match span {
            Ok((start, end)) => {
                incoming[i].start = *start;
                incoming[i].end = *end;
            }
            Err(why) if same_text => {
                report.not_placed.push(unfit(incoming[i], why));
                wrong.push(i);
            }
            Err(_) => {}
        }
    }
    let mut i = 0;
    paired.retain(|_| {
        i += 1;
        !wrong.contains(&(i - 1))
    });
    paired
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
    /// Same id and modification time, other fields: edited outside gloss (in a spreadsheet),
    /// which did not change the time. What changed, one item per field.
    Edited(Vec<String>),
    /// Same id, modified after the corpus's: taken. What it changed, one item per field.
    Newer(Vec<String>),
    Unchanged,
    /// Same id, other fields, modified before the corpus's: not taken. What differs, one item
    /// per field.
    Older(Vec<String>),
}

/// Same id: the more recently modified version wins; at the same time, the fields edited in the
/// file (span, tags, note) are applied and the annotation is stamped modified now; so too when
/// the file gives no time (`timed` false), whose stand-in, now, says nothing of which is newer.
/// No id (the format carries none) and an annotation of the same coder on the same span: the
/// tags and note are added to it; another coder's on that span is never touched (issue 12: each
/// coder has their own annotation), and the incoming one is added as its coder's own. Otherwise
/// a new annotation. Links are the annotation's own, kept whatever the
/// file says: the import adds the file's afterwards ([`links::Resolver::attach`]). Returns the id
/// of the annotation `placed` went to. An id the file gives to another coder's annotation than
/// the corpus's (`named`: the file names its coder) is not taken: the incoming annotation is that
/// coder's, merged as one without an id, and the first coder's is left as it is.
fn merge_one(
    anns: &mut Vec<Annotation>,
    mut placed: Annotation,
    mut has_id: bool,
    named: bool,
    timed: bool,
    stamp: &Stamp,
) -> (Merged, String) {
    if has_id
        && named
        && anns
            .iter()
            .any(|a| a.id == placed.id && a.annotator != placed.annotator)
    {
        placed.id = uuid::Uuid::new_v4().to_string();
        has_id = false;
    }
    let id = placed.id.clone();
    if let Some(old) = anns.iter_mut().find(|a| a.id == placed.id) {
        if *old == placed {
            return (Merged::Unchanged, id);
        }
        // A spreadsheet may also rewrite the time in a format of its own: that is no newer
        // version either.
        let unreadable = time::OffsetDateTime::parse(
            &placed.modified,
            &time::format_description::well_known::Rfc3339,
        )
        .is_err();
        if placed.modified == old.modified || unreadable || !timed {
            let edits = edits(old, &placed);
            if edits.is_empty() {
                return (Merged::Unchanged, id);
            }
            if (old.start, old.end) != (placed.start, placed.end) {
                old.start = placed.start;
                old.end = placed.end;
                old.placement = placed.placement;
                old.quote = placed.quote;
                old.prefix = placed.prefix;
                old.suffix = placed.suffix;
            }
            old.tags = placed.tags;
            old.note = placed.note;
            old.fields = placed.fields;
            // The edit is the importer's: the file kept the old time and author.
            old.touch(stamp);
            return (Merged::Edited(edits), id);
        }
        if !newer(&placed.modified, &old.modified) {
            let differs = edits(old, &placed);
            if differs.is_empty() {
                return (Merged::Unchanged, id);
            }
            return (Merged::Older(differs), id);
        }
        let changed = edits(old, &placed);
        let links = std::mem::take(&mut old.links);
        *old = Annotation { links, ..placed };
        return (Merged::Newer(changed), id);
    }
    if !has_id
        && let Some(old) = anns.iter_mut().find(|a| {
            a.annotator == placed.annotator && (a.start, a.end) == (placed.start, placed.end)
        })
    {
        let mut changed = false;
        for t in placed.tags {
            if !old.has_tag(&t) {
                old.tags.push(t);
                changed = true;
            }
        }
        for (name, value) in placed.fields {
            if let std::collections::btree_map::Entry::Vacant(slot) = old.fields.entry(name) {
                slot.insert(value);
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
        let id = old.id.clone();
        if changed {
            old.modified = placed.modified;
            old.modified_by = placed.modified_by;
            return (Merged::Updated, id);
        }
        return (Merged::Unchanged, id);
    }
    anns.push(placed);
    (Merged::Added, id)
}

/// What `new` changes of `old`'s span, tags, note and field values, one line each, as “before → after”.
fn edits(old: &Annotation, new: &Annotation) -> Vec<String> {
    let short = |s: &str| {
        let mut out: String = s.chars().take(40).collect();
        if s.chars().count() > 40 {
            out.push('…');
        }
        out.replace('\n', " ")
    };
    let mut out = Vec::new();
    if (old.start, old.end) != (new.start, new.end) {
        out.push(format!(
            "span {}..{} → {}..{} “{}”",
            old.start,
            old.end,
            new.start,
            new.end,
            short(&new.quote)
        ));
    }
    if old.tags != new.tags {
        out.push(format!(
            "tags “{}” → “{}”",
            old.tags.join(", "),
            new.tags.join(", ")
        ));
    }
    if old.note != new.note {
        out.push(format!(
            "note “{}” → “{}”",
            short(&old.note),
            short(&new.note)
        ));
    }
    let names: std::collections::BTreeSet<&String> =
        old.fields.keys().chain(new.fields.keys()).collect();
    for name in names {
        let (was, now) = (old.fields.get(name), new.fields.get(name));
        if was != now {
            let value = |v: Option<&String>| v.map_or_else(String::new, |v| short(v));
            out.push(format!("{name} “{}” → “{}”", value(was), value(now)));
        }
    }
    out
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
    let context = context::around(&text, span.clone());
    let mut probe = annotation(
        inc,
        &text,
        &index,
        span,
        context,
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
    context: (std::ops::Range<usize>, std::ops::Range<usize>),
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
    let mut a = Annotation::new_in(text, index, span, context, inc.tags.clone(), &by);
    if let Some(id) = &inc.id {
        a.id = id.clone();
    }
    a.note = inc.note.clone();
    a.fields = inc.fields.clone();
    a.modified = inc.modified.clone().unwrap_or(created);
    if let Some(by) = &inc.modified_by {
        a.modified_by = by.clone();
    }
    a
}

/// Why `inc` is not placed: its offsets in the file do not fit its text, as `why` says.
fn unfit(inc: &Incoming, why: &Unfit) -> String {
    format!(
        "{}: offsets {}..{} in the file: {why}",
        describe(inc),
        inc.start,
        inc.end
    )
}

/// An annotation named for a report: its document, offsets and the start of its quote.
fn describe(inc: &Incoming) -> String {
    let quote = inc.quote.as_deref().unwrap_or("");
    let mut short: String = quote.chars().take(50).collect();
    if quote.chars().count() > 50 {
        short.push('…');
    }
    let origin = if inc.origin.is_empty() {
        String::new()
    } else {
        format!(" ({})", inc.origin)
    };
    format!(
        "{} {}..{} “{}”{origin}",
        inc.document,
        inc.start,
        inc.end,
        short.replace('\n', " ")
    )
}
