//! The reader's side of saving: each change goes to the background writer with its base; what
//! the writer reports (saved, merged with changes made elsewhere, changed on disk, failed) is
//! taken in here; and while the reader idles, the open document's file is checked for changes
//! made elsewhere and failed saves are retried. Nothing here waits for the disk.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::core::annotation::Annotation;
use crate::core::corpus::Corpus;
use crate::core::merge::{Conflict, Side};
use crate::core::writer::WriteOutcome;
use crate::tui::state::App;

/// How often the open document's annotation file is compared with what the reader shows.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// How often failed saves are tried again when no new change comes to retry them.
const RETRY_EVERY: Duration = Duration::from_secs(5);

pub struct Saving {
    /// Per corpus entry, what its annotation file holds as far as the reader knows (the base):
    /// as loaded, then as last handed to the writer or reported by it. Each save carries it, so
    /// that the writer merges what changed on disk since instead of overwriting it. Shared with
    /// the writer, so that handing one over for a check copies nothing.
    bases: Vec<Arc<[Annotation]>>,
    next_check: Instant,
    next_retry: Instant,
}

impl Saving {
    /// The bases are what the files held when the corpus was read, not the annotations as placed
    /// in changed documents: a base that differs from the file would make its differences look
    /// like changes made elsewhere.
    pub fn new(corpus: &Corpus) -> Saving {
        let now = Instant::now();
        Saving {
            bases: corpus
                .entries
                .iter()
                .map(|e| e.stored.as_slice().into())
                .collect(),
            next_check: now + CHECK_EVERY,
            next_retry: now + RETRY_EVERY,
        }
    }

    /// Takes `annotations`, about to be handed to the writer for `entry`, as its new base, and
    /// returns the one they were made from, for the writer to merge against.
    pub fn hand_over(&mut self, entry: usize, annotations: &[Annotation]) -> Arc<[Annotation]> {
        std::mem::replace(&mut self.bases[entry], annotations.into())
    }
}

impl App {
    /// Takes in what the background writer has done. Every few seconds, also asks it to check
    /// the open document's file for changes made elsewhere and to retry failed saves. Called by
    /// the event loop whenever it wakes. Returns whether the writer reported anything, which
    /// may change the screen.
    pub fn poll_writer(&mut self) -> bool {
        let now = Instant::now();
        if now >= self.saving.next_retry {
            self.saving.next_retry = now + RETRY_EVERY;
            self.writer.retry_failed();
        }
        if now >= self.saving.next_check {
            self.saving.next_check = now + CHECK_EVERY;
            self.check_open_file();
        }
        let outcomes = self.writer.try_outcomes();
        let any = !outcomes.is_empty();
        self.collect_outcomes(outcomes);
        any
    }

    fn check_open_file(&mut self) {
        let Some(open) = &self.open else { return };
        let entry = &self.corpus.entries[open.entry];
        if entry.read_only() {
            return;
        }
        let path = entry.annotation_file(&self.corpus.annotations_dir);
        self.writer
            .check(path, Arc::clone(&self.saving.bases[open.entry]));
    }

    /// Applies what the writer reports: the status bar, unsaved files, annotations merged or
    /// changed elsewhere.
    pub fn collect_outcomes(&mut self, outcomes: Vec<WriteOutcome>) {
        for outcome in outcomes {
            match outcome {
                WriteOutcome::Saved { path } => {
                    self.unsaved.retain(|(p, _)| *p != path);
                }
                WriteOutcome::Merged {
                    path,
                    annotations,
                    conflicts,
                } => {
                    self.unsaved.retain(|(p, _)| *p != path);
                    self.take_in(&path, annotations);
                    self.set_status(
                        format!(
                            "merged changes made elsewhere in {}{}",
                            path.display(),
                            describe_conflicts(&conflicts)
                        ),
                        !conflicts.is_empty(),
                    );
                }
                WriteOutcome::Reloaded { path, annotations } => {
                    self.take_in(&path, annotations);
                    self.set_status(
                        format!("reloaded {}: it was changed elsewhere", path.display()),
                        false,
                    );
                }
                WriteOutcome::Failed { path, error } => {
                    // A retry that fails the same way is no news.
                    if !self.unsaved.contains(&(path.clone(), error.clone())) {
                        self.set_status(
                            format!(
                                "{error} (kept in memory; tried again every {} s)",
                                RETRY_EVERY.as_secs()
                            ),
                            true,
                        );
                    }
                    self.unsaved.retain(|(p, _)| *p != path);
                    self.unsaved.push((path, error));
                }
            }
        }
    }

    /// Shows `annotations` as what the entry whose file is at `path` now holds, and takes them
    /// as its new base: not an undoable change, since nothing was changed here. Skipped while a
    /// save of the file is unwritten: those annotations are already out of date, and that
    /// save's own outcome brings what it leaves on disk.
    fn take_in(&mut self, path: &Path, annotations: Vec<Annotation>) {
        if self.writer.unwritten(path) {
            return;
        }
        let dir = &self.corpus.annotations_dir;
        let Some(entry) = self
            .corpus
            .entries
            .iter()
            .position(|e| e.annotation_file(dir) == path)
        else {
            return;
        };
        self.saving.bases[entry] = annotations.as_slice().into();
        self.show_annotations(entry, annotations);
        self.place_open_annotations();
    }
}

/// What a merge had to choose, for the status bar, starting with "; " (empty if nothing).
pub fn describe_conflicts(conflicts: &[Conflict]) -> String {
    let (here, elsewhere) = ("here", "elsewhere");
    match conflicts {
        [] => String::new(),
        [Conflict::BothChanged { kept, from }] => format!(
            "; “{}” was changed both here and elsewhere: kept the newer, from {}",
            crate::tui::fit::fit(&kept.quote, 30),
            if *from == Side::Here { here } else { elsewhere }
        ),
        [Conflict::ChangedAndDeleted { kept, from }] => {
            let (changed, deleted) = match from {
                Side::Here => (here, elsewhere),
                Side::Elsewhere => (elsewhere, here),
            };
            format!(
                "; “{}” was changed {changed} but deleted {deleted}: kept it",
                crate::tui::fit::fit(&kept.quote, 30)
            )
        }
        many => format!(
            "; {} annotations were changed on both sides (or deleted on one): kept the newer of \
             each, and changes over deletions",
            many.len()
        ),
    }
}
