//! Checking a corpus's annotations without opening the reader: every annotation file is read, and
//! every annotation placed in its document's current text (see `reanchor`), with one line per
//! problem, `file:line: what is wrong — what to do`. On request, the new places are written.
//!
//! Only documents that have an annotation file are read, and a document whose hash matches the
//! one its file recorded needs no anchoring unless an offset was edited by hand. What a check
//! learns is kept in the annotations folder's [`StatCache`]: a document and annotation file
//! whose stamps (size, times, inode) are those of a check that found every annotation in place
//! are not read again, and a document whose stamp is known is not hashed again, so a corpus of
//! thousands of documents where nothing changed checks in the time it takes to read its
//! annotation files, on every core. The cache never decides anything a cold check would decide
//! otherwise: any change to either file's stamp, or a cache that is not whole, and the files
//! are read.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::core::anchoring::reanchor;
use crate::core::annotation::{Annotation, Placement};
use crate::core::attribution::{SOURCE_OF, SPEAKER_FIELD};
use crate::core::corpus::{Corpus, CorpusError, TAGS_FILE};
use crate::core::documents::text::{self, CharIndex};
use crate::core::fields::{self, FieldProblem};
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::stat_cache::{Known, StatCache};
use crate::core::storage::store::{self, AnnotationFile, StoreError};
use crate::core::storage::writer::{WriteOutcome, Writer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something needs a person: a file gloss cannot use, an annotation with no place in its
    /// document or placed by a guess nobody confirmed, a tag, field or link type outside the
    /// scheme, a field value off its list or missing where the scheme requires one, a link
    /// whose target is gone.
    Error,
    /// Only the file is out of date: gloss places the annotations itself on loading, and
    /// `--fix` records where.
    Stale,
    /// An entry of the corpus folder that could not be followed (a symbolic link to nothing, a
    /// loop of links) was left out; the rest of the corpus is checked. Worth knowing, not a
    /// failure: an editor's lock file is one.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The annotation file, as the corpus names it (for a skipped entry, the entry; for a rename
    /// cut short, its journal).
    pub file: PathBuf,
    /// 1-based, in `file` (1 where the problem is the whole file).
    pub line: usize,
    /// `file:line: what is wrong — what to do`.
    pub message: String,
}

impl Problem {
    fn new(severity: Severity, file: &Path, line: usize, message: String) -> Problem {
        Problem {
            severity,
            file: file.to_owned(),
            line,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// In the order of the files' paths, then of lines.
    pub problems: Vec<Problem>,
    /// Annotation files read.
    pub files: usize,
    pub annotations: usize,
    /// Files written with new places (with `fix`).
    pub rewritten: usize,
    /// Documents read (and hashed unless their stamp was known); the others were known to be
    /// unchanged from the [`StatCache`].
    pub documents_read: usize,
}

impl Report {
    /// Whether anything needs a person.
    pub fn failed(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Checks every annotation file of `corpus` (as given by [`Corpus::locate`]); with `fix`, writes
/// the new places of the annotations of changed documents, atomically, leaving alone every file
/// that does not parse.
pub fn check(corpus: &Corpus, fix: bool) -> Result<Report, CorpusError> {
    check_at(corpus, fix, std::time::SystemTime::now())
}

/// [`check`] started at `now`, which says which files changed too recently for the
/// [`StatCache`] to record them.
fn check_at(corpus: &Corpus, fix: bool, now: SystemTime) -> Result<Report, CorpusError> {
    let mut report = Report::default();
    if let Some(Err(why)) = &corpus.rename_recovery {
        report.problems.push(Problem::new(
            Severity::Error,
            &crate::core::storage::rename_journal::path(&corpus.root),
            1,
            why.to_string(),
        ));
    }
    let mut documents = HashMap::new();
    for listed in corpus.documents()? {
        match listed.skipped {
            Some(why) => report.problems.push(Problem::new(
                Severity::Skipped,
                &listed.path,
                1,
                format!("{}: {why}", listed.path.display()),
            )),
            None => {
                documents.insert(listed.rel_path, listed.path);
            }
        }
    }
    let checker = Checker {
        corpus,
        documents,
        writer: fix.then(Writer::spawn),
        cache: StatCache::load(&corpus.annotations_dir),
    };
    let files = annotation_files(&corpus.annotations_dir);
    report.files = files.len();
    // Each file is checked on its own (reading its document, hashing it, placing its
    // annotations), so the files are shared out between the cores in runs that keep their
    // order; std's scoped threads, since a crate for a parallel loop would bring a thread pool
    // for this one loop.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts: Vec<(Report, Seen)> = std::thread::scope(|scope| {
        let checker = &checker;
        let runs: Vec<_> = files
            .chunks(files.len().div_ceil(threads).max(1))
            .map(|run| {
                scope.spawn(move || {
                    let mut part = (Report::default(), Seen::default());
                    for (path, rel) in run {
                        checker.file(path, rel, &mut part.0, &mut part.1);
                    }
                    part
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| {
                run.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let first_of_files = report.problems.len();
    let mut seen = Seen::default();
    let mut cache = checker.cache;
    cache.retain(|rel| checker.documents.contains_key(rel));
    for (part, part_seen) in parts {
        report.problems.extend(part.problems);
        report.annotations += part.annotations;
        report.rewritten += part.rewritten;
        report.documents_read += part.documents_read;
        seen.ids.extend(part_seen.ids);
        seen.links.extend(part_seen.links);
        seen.no_speaker.extend(part_seen.no_speaker);
        for (rel, known) in part_seen.learnt {
            cache.record(&rel, known, now);
        }
    }
    // A cache that cannot be written (a read-only corpus) only means reading again next time.
    let _ = cache.save(&corpus.annotations_dir);
    // A claim without a speaker field has one if a span is the `source of` it (see
    // `attribution::speakers`), which may be in any file: known only once every file is read.
    let attributed: HashSet<&str> = (seen.links.iter())
        .filter(|l| l.kind == SOURCE_OF)
        .map(|l| l.to.as_str())
        .collect();
    report.problems.extend(
        (seen.no_speaker.into_iter())
            .filter(|(id, _)| !attributed.contains(id.as_str()))
            .map(|(_, problem)| problem),
    );
    // Links whose target no annotation file holds: known only once every file is read.
    for link in seen.links.iter().filter(|l| !seen.ids.contains(&l.to)) {
        let message = format!(
            "{}:{}: “{}” links ({}) to {:?}, which no annotation of the corpus has: it was \
             deleted, or its file is broken — delete the link here (its [[annotation.links]] \
             table) or the target in gloss, or undo the deletion",
            link.file.display(),
            link.line,
            link.quote,
            link.kind,
            link.to
        );
        report.problems.push(Problem::new(
            Severity::Error,
            &link.file,
            link.line,
            message,
        ));
    }
    // In the order of the files, then of lines (a stable sort: each file's problems are already
    // in line order).
    let order: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (path.as_path(), i))
        .collect();
    report.problems[first_of_files..]
        .sort_by_key(|p| (order.get(p.file.as_path()).copied(), p.line));
    if let Some(writer) = &checker.writer {
        for outcome in writer.flush() {
            if let WriteOutcome::Failed { path, error } = outcome {
                report.rewritten -= 1;
                let message = format!(
                    "{}:1: {error} — nothing was changed in it; make it writable and run again",
                    path.display()
                );
                report
                    .problems
                    .push(Problem::new(Severity::Error, &path, 1, message));
            }
        }
    }
    Ok(report)
}

/// Every `.toml` file under `dir` with the path of the document it belongs to, in order.
fn annotation_files(dir: &Path) -> Vec<(PathBuf, String)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            let document = rel.join("/").strip_suffix(".toml")?.to_owned();
            Some((e.into_path(), document))
        })
        .collect()
}

/// What the links of the annotation files read so far need to be checked against the corpus:
/// the ids of their annotations and the links that point somewhere; and the claims that lack a
/// required speaker field, by id, with the problem to report unless a span is their source.
#[derive(Default)]
struct Seen {
    ids: HashSet<String>,
    links: Vec<SeenLink>,
    no_speaker: Vec<(String, Problem)>,
    /// What was learnt of each document read, for the [`StatCache`].
    learnt: Vec<(String, Known)>,
}

/// A link as read, with where it was read, for a message if its target is gone.
struct SeenLink {
    file: PathBuf,
    /// The line of its annotation.
    line: usize,
    quote: String,
    kind: String,
    to: String,
}

struct Checker<'a> {
    corpus: &'a Corpus,
    /// Path of each document by its path relative to the corpus.
    documents: HashMap<String, PathBuf>,
    writer: Option<Writer>,
    /// As it was when the check started; what the check learns is recorded in it at the end.
    cache: StatCache,
}

impl Checker<'_> {
    fn file(&self, path: &Path, rel: &str, report: &mut Report, seen: &mut Seen) {
        let shown = path.display();
        let mut error = |line: usize, message: String| {
            report
                .problems
                .push(Problem::new(Severity::Error, path, line, message))
        };
        // Taken before the file is read: a change made meanwhile changes it.
        let stamp = FileStamp::of(path).ok().flatten();
        let contents = match std::fs::read_to_string(path) {
            Ok(contents) => contents,
            Err(e) => {
                return error(
                    1,
                    format!("{shown}:1: cannot read: {e} — check that it is a readable text file"),
                );
            }
        };
        let (file, lines) = match store::from_toml_with_lines(&contents, path) {
            Ok(parsed) => parsed,
            Err(e) => {
                let line = match &e {
                    StoreError::Parse { line, .. }
                    | StoreError::UnsupportedVersion { line, .. } => *line,
                    StoreError::Read { .. } => 1,
                };
                return error(line, e.to_string());
            }
        };
        let Some(doc_path) = self.documents.get(rel) else {
            return error(
                1,
                format!(
                    "{shown}:1: there is no document {rel} in {} for these annotations — move the \
                 file to the path of its document, or delete it if the document is gone",
                    self.corpus.root.display()
                ),
            );
        };
        let doc_stamp = FileStamp::of(doc_path).ok().flatten();
        let known_in_place = match (&doc_stamp, &stamp) {
            (Some(doc), Some(file_stamp)) => {
                self.cache.in_place(rel, doc, file_stamp)
                    && self.cache.hash(rel, doc) == Some(file.content_hash.as_str())
            }
            _ => false,
        };
        // Known in place: placing them again would change nothing, and the document needs no
        // reading.
        let (hash, placed_anew, tally) = if known_in_place {
            (file.content_hash.clone(), None, reanchor::Tally::default())
        } else {
            let text = match std::fs::read(doc_path).map(|bytes| text::canonicalize(&bytes)) {
                Ok(Ok(text)) => text,
                Ok(Err(e)) => {
                    return error(
                        1,
                        format!(
                            "{shown}:1: its document {} cannot be read: {e}",
                            doc_path.display()
                        ),
                    );
                }
                Err(e) => {
                    return error(
                        1,
                        format!(
                            "{shown}:1: cannot read its document {}: {e} — check its permissions",
                            doc_path.display()
                        ),
                    );
                }
            };
            report.documents_read += 1;
            let known = doc_stamp.as_ref().and_then(|doc| self.cache.hash(rel, doc));
            let hash = known.map_or_else(|| text::content_hash(&text), str::to_owned);
            let mut placed = file.annotations.clone();
            let changed = hash != file.content_hash;
            let tally = reanchor::reanchor(&mut placed, &text, &CharIndex::new(&text), changed);
            if let Some(document) = doc_stamp {
                let in_place = !changed && placed == file.annotations;
                seen.learnt.push((
                    rel.to_owned(),
                    Known {
                        document,
                        content_hash: hash.clone(),
                        in_place: stamp.filter(|_| in_place),
                    },
                ));
            }
            (hash, Some(placed), tally)
        };
        report.annotations += file.annotations.len();
        for (a, line) in file.annotations.iter().zip(&lines.annotations) {
            seen.ids.insert(a.id.clone());
            seen.links.extend(a.links.iter().map(|l| SeenLink {
                file: path.to_owned(),
                line: *line,
                quote: short(&a.quote),
                kind: l.kind.clone(),
                to: l.to.clone(),
            }));
        }
        let placed = placed_anew.as_deref().unwrap_or(&file.annotations);
        let changed = hash != file.content_hash;
        let rewrite = changed || placed != file.annotations;
        let to_do = if self.writer.is_some() {
            "recorded by --fix"
        } else {
            "run `gloss check --fix` to record where they are now"
        };
        let mut problems = Vec::new();
        if changed {
            let message = format!(
                "{shown}:{}: {rel} changed since these annotations were saved; placed in its new \
                 text: {} — {to_do}",
                lines.content_hash,
                if file.annotations.is_empty() {
                    "nothing to place".to_owned()
                } else {
                    tally.to_string()
                }
            );
            problems.push(Problem::new(
                Severity::Stale,
                path,
                lines.content_hash,
                message,
            ));
        }
        for ((old, new), line) in file.annotations.iter().zip(placed).zip(&lines.annotations) {
            let (found, no_speaker) = self.annotation((path, *line), rel, old, new, to_do);
            problems.extend(found);
            seen.no_speaker
                .extend(no_speaker.map(|problem| (new.id.clone(), problem)));
        }
        report.problems.extend(problems);
        if rewrite && let Some(writer) = &self.writer {
            let fixed = AnnotationFile {
                document: rel.to_owned(),
                content_hash: hash,
                annotations: placed_anew.unwrap_or_else(|| file.annotations.clone()),
                extra: file.extra,
            };
            // The base is the file as read, so a change made meanwhile is merged, not lost.
            writer.save(path.to_owned(), fixed, file.annotations);
            report.rewritten += 1;
        }
    }

    /// What is wrong with one annotation, `old` as read and `new` as placed in the current text;
    /// `(file, line)` is where it is written. A missing speaker comes apart, second: a source
    /// span elsewhere may make up for it.
    fn annotation(
        &self,
        (file, line): (&Path, usize),
        rel: &str,
        old: &Annotation,
        new: &Annotation,
        to_do: &str,
    ) -> (Vec<Problem>, Option<Problem>) {
        let mut problems = Vec::new();
        let mut no_speaker = None;
        let at = format!("{}:{line}", file.display());
        let mut problem =
            |severity, message| problems.push(Problem::new(severity, file, line, message));
        let quote = short(&new.quote);
        if new.is_orphan() {
            problem(
                Severity::Error,
                format!(
                    "{at}: “{quote}” has no place in {rel}: its text was deleted or rewritten — \
                     open the document in gloss, select the text it belongs to and press A on it \
                     under Unplaced in the sidebar, or delete it there with d"
                ),
            );
        } else if let Placement::Fuzzy {
            score,
            confirmed: false,
        } = new.placement
        {
            let moved = if (old.start, old.end) != (new.start, new.end) || old.quote != new.quote {
                format!("moved from {}..{} to", old.start, old.end)
            } else {
                "placed at".to_owned()
            };
            problem(
                Severity::Error,
                format!(
                    "{at}: “{quote}” {moved} {}..{} by a guess (score {score:.2}) that nobody \
                     has confirmed — open the document in gloss and, under To confirm in the \
                     sidebar, press c if it fits, A to attach it to the right text instead, or \
                     d to delete it",
                    new.start, new.end
                ),
            );
        } else if (old.start, old.end) != (new.start, new.end) || old.quote != new.quote {
            problem(
                Severity::Stale,
                format!(
                    "{at}: “{quote}” moved from {}..{} to {}..{} — {to_do}",
                    old.start, old.end, new.start, new.end
                ),
            );
        }
        let scheme = match self.corpus.tags_note {
            Some(_) => "the built-in tags (the corpus has no tags.toml)".to_owned(),
            None => self.corpus.root.join(TAGS_FILE).display().to_string(),
        };
        for tag in new
            .tags
            .iter()
            .filter(|t| self.corpus.tags.by_name(t).is_none())
        {
            problem(
                Severity::Error,
                format!(
                    "{at}: tag {tag:?} is not in {scheme} — add it there, or correct the tag here"
                ),
            );
        }
        for field in fields::problems(new, &self.corpus.tags) {
            let message = match field {
                FieldProblem::Missing { field, group } if field.name == SPEAKER_FIELD => {
                    no_speaker = Some(Problem::new(
                        Severity::Error,
                        file,
                        line,
                        format!(
                            "{at}: “{quote}” has no speaker, which {scheme} requires of {group:?} \
                             annotations — give it one in gloss (or mark the span naming them \
                             with W), or add `speaker = \"…\"` under [annotation.fields] here"
                        ),
                    ));
                    continue;
                }
                FieldProblem::Missing { field, group } => format!(
                    "{at}: “{quote}” has no {name}, which {scheme} requires of {group:?} \
                     annotations — give it one in gloss, or add `{name} = \"…\"` under \
                     [annotation.fields] here",
                    name = field.name
                ),
                FieldProblem::NotInList { field, value } => format!(
                    "{at}: {name} {value:?} is not one of the values {scheme} lists for it ({}) \
                     — correct it here, or add it to the field's `values` there",
                    field.values.join(", "),
                    name = field.name
                ),
                FieldProblem::Unknown { name } => format!(
                    "{at}: field {name:?} is not in {scheme} — add a [[field]] named so there, \
                     or correct its name here"
                ),
            };
            problem(Severity::Error, message);
        }
        for link in new
            .links
            .iter()
            .filter(|l| self.corpus.tags.link_type(&l.kind).is_none())
        {
            problem(
                Severity::Error,
                format!(
                    "{at}: “{quote}” has a link of type {kind:?}, which is not in {scheme} — add \
             a [[link]] named so there, or correct its `type` here",
                    kind = link.kind
                ),
            );
        }
        // The reader refuses to make one; a hand-written one would make a claim its own reply.
        for link in new.links.iter().filter(|l| l.to == new.id) {
            problem(
                Severity::Error,
                format!(
                    "{at}: “{quote}” links ({kind}) to itself — a link goes to another \
                     annotation: correct its `to`, or delete that [[annotation.links]] table",
                    kind = link.kind
                ),
            );
        }
        (problems, no_speaker)
    }
}

/// The start of a quote on one line, for a message.
fn short(quote: &str) -> String {
    const MAX: usize = 40;
    let one_line = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", one_line[..cut].trim_end()),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::links::Link;

    /// A corpus folder with one document and its annotation file, in a temporary folder.
    fn corpus_with(document: &str, annotations: &str) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("doc.txt"), document).unwrap();
        let notes = dir.path().join("annotations");
        std::fs::create_dir_all(&notes).unwrap();
        std::fs::write(notes.join("doc.txt.toml"), annotations).unwrap();
        let corpus = Corpus::locate(&root, None).unwrap();
        (dir, corpus)
    }

    fn file_for(text: &str, quotes: &[&str]) -> String {
        let index = CharIndex::new(text);
        let stamp = crate::core::annotation::Stamp {
            annotator: "t".into(),
            time: "2026-01-02T03:04:05Z".into(),
        };
        let annotations = quotes
            .iter()
            .map(|q| {
                let at = text.find(q).unwrap();
                let mut a = Annotation::new(
                    text,
                    &index,
                    at..at + q.len(),
                    vec!["denial".into()],
                    &stamp,
                );
                a.id = format!("id-{q}");
                a
            })
            .collect();
        store::to_toml(&AnnotationFile {
            document: "doc.txt".into(),
            content_hash: text::content_hash(text),
            annotations,
            extra: Vec::new(),
        })
    }

    const TEXT: &str = "The first claim is here. The second claim is there.\n\nA third one.";

    #[test]
    fn a_file_in_step_with_its_document_has_no_problems() {
        let (_dir, corpus) = corpus_with(TEXT, &file_for(TEXT, &["The second claim is there."]));
        let report = check(&corpus, false).unwrap();
        assert_eq!(report.problems, []);
        assert_eq!((report.files, report.annotations), (1, 1));
        assert!(!report.failed());
    }

    #[test]
    fn moved_annotations_are_stale_and_guessed_and_lost_ones_errors_with_their_lines() {
        let both = "The first claim is here. The second claim is there.";
        let file = file_for(TEXT, &["The first claim is here.", both, "A third one."]);
        let edited = "Preamble. The first claim is here. The second claim is there.";
        let (dir, corpus) = corpus_with(edited, &file);
        let report = check(&corpus, false).unwrap();
        let path = dir.path().join("annotations/doc.txt.toml");
        let lines: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(lines[0].starts_with(&format!("{}:7: doc.txt changed", path.display())));
        assert!(
            lines[0].contains("1 moved, 1 to confirm, 1 unplaced"),
            "{}",
            lines[0]
        );
        // A short quote whose suffix is gone with the text's end is only a guess.
        assert!(
            lines[1].contains(
                ":9: “The first claim is here.” moved from 0..24 to 10..34 by a guess (score \
                 0.94) that nobody has confirmed — open the document in gloss and, under To \
                 confirm in the sidebar, press c"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains(":24: “The first claim is here. The second clai…” moved from 0..51 to 10..61 — run `gloss check --fix`"), "{}", lines[2]);
        assert!(
            lines[3].contains(":39: “A third one.” has no place in doc.txt"),
            "{}",
            lines[3]
        );
        let severities: Vec<Severity> = report.problems.iter().map(|p| p.severity).collect();
        use Severity::{Error, Stale};
        assert_eq!(severities, [Stale, Error, Stale, Error]);
        assert!(report.failed());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            file,
            "nothing written without fix"
        );
    }

    #[test]
    fn unknown_tags_and_files_without_documents_are_errors() {
        let file = file_for(TEXT, &["A third one."]).replace("\"denial\"", "\"denail\"");
        let (dir, corpus) = corpus_with(TEXT, &file);
        std::fs::write(dir.path().join("annotations/gone.txt.toml"), &file).unwrap();
        let report = check(&corpus, false).unwrap();
        let lines: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[0].contains("doc.txt.toml:9: tag \"denail\" is not in the built-in tags"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("gone.txt.toml:1: there is no document gone.txt in"),
            "{}",
            lines[1]
        );
        assert!(
            report
                .problems
                .iter()
                .all(|p| p.severity == Severity::Error)
        );
    }

    #[test]
    fn fields_missing_off_their_list_or_unknown_are_errors_naming_the_file_and_what_to_do() {
        let file = file_for(TEXT, &["A third one.", "The first claim is here."]);
        let mut parsed = store::from_toml(&file, Path::new("x")).unwrap();
        parsed.annotations[0].fields = [("role", "general"), ("mood", "calm"), ("speaker", "Long")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let file = store::to_toml(&parsed);
        let (dir, corpus) = corpus_with(TEXT, &file);
        std::fs::write(
            dir.path().join("corpus/tags.toml"),
            "[[tag]]\nname = \"denial\"\nkey = \"r\"\ncolor = \"red\"\ngroup = \"claim\"\n\n\
             [[field]]\nname = \"speaker\"\nrequired_for = [\"claim\"]\n\n\
             [[field]]\nname = \"role\"\nvalues = [\"military\", \"scholar\"]\n",
        )
        .unwrap();
        let corpus = Corpus::locate(&corpus.root, None).unwrap();
        let report = check(&corpus, false).unwrap();
        let path = dir.path().join("annotations/doc.txt.toml");
        let tags = dir.path().join("corpus/tags.toml");
        let lines: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        let (p, t) = (path.display(), tags.display());
        assert_eq!(
            lines,
            [
                format!(
                    "{p}:9: role \"general\" is not one of the values {t} lists for it \
                     (military, scholar) — correct it here, or add it to the field's `values` there"
                ),
                format!(
                    "{p}:9: field \"mood\" is not in {t} — add a [[field]] named so there, or \
                     correct its name here"
                ),
                format!(
                    "{p}:29: “A third one.” has no speaker, which {t} requires of \"claim\" \
                     annotations — give it one in gloss (or mark the span naming them with W), \
                     or add `speaker = \"…\"` under [annotation.fields] here"
                ),
            ]
        );
        assert!(report.failed());
    }

    #[test]
    fn links_to_gone_targets_and_of_unknown_types_are_errors_across_documents() {
        let first = file_for(TEXT, &["A third one.", "The first claim is here."]);
        let mut parsed = store::from_toml(&first, Path::new("x")).unwrap();
        parsed.annotations[0].links = vec![
            Link::new("denies", "id-Other."),
            Link::new("denies", "id-gone"),
            Link::new("refutes", "id-A third one."),
        ];
        let (dir, corpus) = corpus_with(TEXT, &store::to_toml(&parsed));
        let other = "Other.";
        let mut second = store::from_toml(&file_for(other, &["Other."]), Path::new("x")).unwrap();
        second.document = "b.txt".into();
        second.annotations[0].links = vec![Link::new("supports", "id-The first claim is here.")];
        std::fs::write(dir.path().join("corpus/b.txt"), other).unwrap();
        std::fs::write(
            dir.path().join("annotations/b.txt.toml"),
            store::to_toml(&second),
        )
        .unwrap();
        let report = check(&corpus, false).unwrap();
        let path = dir.path().join("annotations/doc.txt.toml");
        let lines: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        let p = path.display();
        assert_eq!(
            lines,
            [
                format!(
                    "{p}:9: “The first claim is here.” has a link of type \"refutes\", which is \
                     not in the built-in tags (the corpus has no tags.toml) — add a [[link]] \
                     named so there, or correct its `type` here"
                ),
                format!(
                    "{p}:9: “The first claim is here.” links (denies) to \"id-gone\", which no \
                     annotation of the corpus has: it was deleted, or its file is broken — \
                     delete the link here (its [[annotation.links]] table) or the target in \
                     gloss, or undo the deletion"
                ),
            ],
            "b.txt.toml (first in file order) links to a target that is there"
        );
        assert!(
            report
                .problems
                .iter()
                .all(|p| p.severity == Severity::Error)
        );
    }

    /// Later than any file a test writes by more than the stat cache's slack.
    fn later() -> SystemTime {
        SystemTime::now() + std::time::Duration::from_secs(60)
    }

    /// What a check says, without how it came to know it.
    fn said(report: &Report) -> (Vec<Problem>, usize, usize, usize) {
        let Report {
            problems,
            files,
            annotations,
            rewritten,
            documents_read: _,
        } = report;
        (problems.clone(), *files, *annotations, *rewritten)
    }

    /// A check as if no check had been made before: its cache removed first.
    fn cold(corpus: &Corpus) -> Report {
        let _ = std::fs::remove_dir_all(corpus.annotations_dir.join(".gloss-cache"));
        let report = check_at(corpus, false, later()).unwrap();
        assert!(report.documents_read > 0);
        report
    }

    #[test]
    fn a_document_unchanged_is_not_read_again_and_any_change_or_broken_cache_reads_it() {
        let quotes = ["The first claim is here.", "A third one."];
        let file = file_for(TEXT, &quotes).replacen("\"denial\"", "\"denail\"", 1);
        let (dir, corpus) = corpus_with(TEXT, &file);
        let doc = dir.path().join("corpus/doc.txt");
        let first = cold(&corpus);
        assert_eq!(first.problems.len(), 1, "{:?}", first.problems);
        let warm = check_at(&corpus, false, later()).unwrap();
        assert_eq!(warm.documents_read, 0);
        assert_eq!(said(&warm), said(&first));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("annotations/.gloss-cache/.gitignore"))
                .unwrap(),
            "*\n"
        );

        // Touched: read again, to the same result.
        let set_modified = |time: SystemTime| {
            let file = std::fs::File::options().write(true).open(&doc).unwrap();
            file.set_modified(time).unwrap();
        };
        let modified = std::fs::metadata(&doc).unwrap().modified().unwrap();
        set_modified(modified + std::time::Duration::from_secs(1));
        let touched = check_at(&corpus, false, later()).unwrap();
        assert_eq!(touched.documents_read, 1);
        assert_eq!(said(&touched), said(&first));
        assert_eq!(check_at(&corpus, false, later()).unwrap().documents_read, 0);

        // A byte of a quote edited, size and modification time kept: what a cold check says.
        let modified = std::fs::metadata(&doc).unwrap().modified().unwrap();
        std::fs::write(&doc, TEXT.replacen("here.", "hera.", 1)).unwrap();
        set_modified(modified);
        let edited = check_at(&corpus, false, later()).unwrap();
        assert_eq!(edited.documents_read, 1);
        assert_ne!(said(&edited), said(&first));
        assert_eq!(said(&edited), said(&cold(&corpus)));
        assert_eq!(
            said(&check_at(&corpus, false, later()).unwrap()),
            said(&edited)
        );

        // The annotation file edited (a tag corrected), its size kept: read again.
        let notes = dir.path().join("annotations/doc.txt.toml");
        std::fs::write(&notes, file.replacen("\"denail\"", "\"denial\"", 1)).unwrap();
        let corrected = check_at(&corpus, false, later()).unwrap();
        assert_eq!(corrected.documents_read, 1);
        assert_eq!(said(&corrected), said(&cold(&corpus)));

        // A cache whose records were edited is not believed.
        let cache = dir.path().join("annotations/.gloss-cache/documents");
        let body = std::fs::read_to_string(&cache).unwrap();
        let hash = text::content_hash(&std::fs::read_to_string(&doc).unwrap());
        std::fs::write(&cache, body.replace(&hash, &text::content_hash(TEXT))).unwrap();
        let broken = check_at(&corpus, false, later()).unwrap();
        assert_eq!(broken.documents_read, 1);
        assert_eq!(said(&broken), said(&corrected));
    }

    #[test]
    fn files_just_written_are_not_cached() {
        let file = file_for(TEXT, &["A third one."]);
        let (dir, corpus) = corpus_with(TEXT, &file);
        for _ in 0..2 {
            assert_eq!(check(&corpus, false).unwrap().documents_read, 1);
        }
        assert!(!dir.path().join("annotations/.gloss-cache").exists());
    }

    #[test]
    fn fix_records_new_places_and_leaves_broken_files_alone() {
        let file = file_for(TEXT, &["The first claim is here."]);
        let edited = format!("Preamble. {TEXT}");
        let (dir, corpus) = corpus_with(&edited, &file);
        let broken = dir.path().join("annotations/broken.txt.toml");
        std::fs::write(dir.path().join("corpus/broken.txt"), "x").unwrap();
        std::fs::write(&broken, "format = 1\n[[annotation]\n").unwrap();
        let report = check(&corpus, true).unwrap();
        assert_eq!(report.rewritten, 1);
        assert!(
            report.problems[0].message.contains("broken.txt.toml:2:"),
            "{:?}",
            report.problems
        );
        assert!(report.problems[1].message.ends_with("recorded by --fix"));
        assert_eq!(
            std::fs::read_to_string(&broken).unwrap(),
            "format = 1\n[[annotation]\n"
        );
        let written = std::fs::read_to_string(dir.path().join("annotations/doc.txt.toml")).unwrap();
        assert!(
            written.contains("start = 10\nend = 34\nplaced = \"moved\"\n"),
            "{written}"
        );
        assert!(written.contains(&text::content_hash(&edited)));
        // Fixed, it checks clean and is not written again.
        let again = check(&corpus, true).unwrap();
        assert_eq!(again.rewritten, 0);
        assert_eq!(
            again.problems.len(),
            1,
            "only the broken file: {:?}",
            again.problems
        );
    }
}
