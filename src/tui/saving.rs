//! The reader's side of saving: each change goes to the background writer with its base; what
//! the writer reports (saved, merged with changes made elsewhere, changed on disk, failed) is
//! taken in here; and while the reader idles, the open document's annotation file is checked for
//! changes made elsewhere (the document's own file too, see `document_reload`) and failed saves
//! are retried. Nothing here waits for the disk.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::core::annotation::Annotation;
use crate::core::corpus::{Corpus, Entry};
use crate::core::plural::count;
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::merge::{self, Conflict, Side};
use crate::core::storage::store;
use crate::core::storage::writer::WriteOutcome;
use crate::core::user_state::timing::Timing;
use crate::tui::state::App;

pub struct Saving {
    /// Per corpus entry, what its annotation file holds as far as the reader knows (the base):
    /// as loaded, then as last handed to the writer or reported by it. Each save carries it, so
    /// that the writer merges what changed on disk since instead of overwriting it. Shared with
    /// the writer, so that handing one over for a check copies nothing.
    bases: Vec<Arc<[Annotation]>>,
    /// Ids of the annotations the coder changed or added in this session, whichever the
    /// document (see [`Saving::changed`]): when one comes back from disk changed elsewhere,
    /// the coder is told that their change met another.
    changed_here: HashSet<String>,
    /// Per corpus entry, the stamp of its annotation file when the reader last read it (`None`:
    /// no file, or not read yet). A save made here changes the file's stamp, so that the next
    /// opening of the document reads the file once more and finds it as written.
    stamps: Vec<Option<FileStamp>>,
    /// The folders that hold the annotation files, which the idle check looks at.
    folders: Vec<Folder>,
    /// The annotation files a journaled rename rewrites, while its journal is on disk.
    journal: Option<Vec<PathBuf>>,
    next_check: Instant,
    next_retry: Instant,
    /// How often to check and retry, and how long a rename waits for the corpus folder's lock.
    pub(crate) timing: Timing,
}

/// A folder of annotation files. Another gloss replaces a file by renaming a new one into the
/// folder, and a `git pull` writes new files: either changes the folder's stamp, so that the
/// idle check costs one `stat` per folder while nothing changed, and then has the writer check
/// each file of the folder, for the document list's counts.
struct Folder {
    path: PathBuf,
    stamp: Option<FileStamp>,
    /// The corpus entries whose annotation files are in it.
    entries: Vec<usize>,
}

impl Saving {
    /// The bases are what the files held when the corpus was read, not the annotations as placed
    /// in changed documents: a base that differs from the file would make its differences look
    /// like changes made elsewhere.
    pub fn new(corpus: &Corpus, timing: Timing) -> Saving {
        let now = Instant::now();
        let mut by_folder: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
        for (i, e) in corpus.entries.iter().enumerate() {
            let file = e.annotation_file(&corpus.annotations_dir);
            let folder = file.parent().map(Path::to_owned).unwrap_or_default();
            by_folder.entry(folder).or_default().push(i);
        }
        let folders = (by_folder.into_iter())
            .map(|(path, entries)| Folder {
                stamp: FileStamp::of(&path).ok().flatten(),
                path,
                entries,
            })
            .collect();
        Saving {
            stamps: (corpus.entries.iter())
                .map(|e| e.stored_stamp.clone())
                .collect(),
            folders,
            bases: corpus
                .entries
                .iter()
                .map(|e| Arc::clone(&e.stored))
                .collect(),
            changed_here: HashSet::new(),
            journal: None,
            next_check: now + timing.check_every,
            next_retry: now + timing.retry_every,
            timing,
        }
    }

    /// Takes what the entry `i`, read after the reader started (see `scanning`), stored as its
    /// base.
    pub fn read(&mut self, i: usize, entry: &Entry) {
        self.bases[i] = Arc::clone(&entry.stored);
        self.stamps[i] = entry.stored_stamp.clone();
    }

    /// The stamp of entry `i`'s annotation file when the reader last read it (`None`: no
    /// file, or not read yet).
    pub fn read_stamp(&self, i: usize) -> Option<&FileStamp> {
        self.stamps[i].as_ref()
    }

    /// The folders that hold the annotation files.
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.folders.iter().map(|f| f.path.as_path())
    }

    /// Records that a rename's journal is on disk until `files` are written (`None`: it is
    /// gone).
    pub fn journaled(&mut self, files: Option<Vec<PathBuf>>) {
        self.journal = files;
    }

    /// The files the journal on disk waits for, if one is.
    pub fn journal(&self) -> Option<&[PathBuf]> {
        self.journal.as_deref()
    }

    /// Takes `annotations`, about to be handed to the writer for `entry`, as its new base, and
    /// returns the one they were made from, for the writer to merge against.
    /// Shared with the writer, which writes them: nothing is copied.
    pub fn hand_over(
        &mut self,
        entry: usize,
        annotations: &Arc<[Annotation]>,
    ) -> Arc<[Annotation]> {
        std::mem::replace(&mut self.bases[entry], Arc::clone(annotations))
    }

    /// Records that the coder changed or added `annotations` (a change, an undo or a redo).
    /// Not worked out from the base at a save: in a document edited since it was annotated,
    /// every annotation placed anew differs from its base, and the coder changed none of them.
    pub fn changed<'a>(&mut self, annotations: impl IntoIterator<Item = &'a Annotation>) {
        (self.changed_here).extend(annotations.into_iter().map(|a| a.id.clone()));
    }

    /// What became of the annotations changed here that `annotations`, now on disk for
    /// `entry`, changed or deleted since this gloss last wrote or read them: for the status
    /// bar (`None` if nothing). Each is told once: from then on the entry's
    /// annotations count as read from disk, not changed here.
    fn met_elsewhere(&mut self, entry: usize, annotations: &[Annotation]) -> Option<String> {
        let mut told = Vec::new();
        for ours in self.bases[entry].iter() {
            if !self.changed_here.remove(&ours.id) {
                continue;
            }
            let quote = crate::tui::fit::fit(&ours.quote, 30);
            match annotations.iter().find(|a| a.id == ours.id) {
                Some(now) if now == ours => {}
                Some(now) => {
                    let kept =
                        ours.tags.iter().all(|t| now.has_tag(t)) && now.note.contains(&ours.note);
                    let mut how = if kept {
                        "was merged with a change made elsewhere".to_owned()
                    } else {
                        "was changed elsewhere after you".to_owned()
                    };
                    if now.note != ours.note && now.note.contains(merge::NOTES_BEGIN) {
                        how.push_str(" (");
                        how.push_str(&both_notes_kept());
                        how.push(')');
                    }
                    let tags = if now.tags.is_empty() {
                        "no tags".to_owned()
                    } else {
                        now.tags.join(", ")
                    };
                    told.push(format!("“{quote}”, which you changed, {how}: now {tags}"));
                }
                None => told.push(format!(
                    "“{quote}”, which you changed, was deleted elsewhere"
                )),
            }
        }
        match told.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            many => Some(format!(
                "{} you changed were changed elsewhere too: {}",
                count(many.len(), "annotation"),
                many.join("; ")
            )),
        }
    }
}

impl App {
    /// Takes in what the background writer has done. Every few seconds, also asks it to check
    /// the open document's annotation file for changes made elsewhere and to retry failed
    /// saves, reads the scheme again if it changed (see `scheme_reload`), and the open document
    /// if its own file did (see `document_reload`). Called by the event loop whenever it wakes.
    /// Returns whether the writer reported anything, which may change the screen, or read the
    /// scheme again, or the status bar changed.
    pub fn poll_writer(&mut self) -> bool {
        self.poll_writer_at(Instant::now())
    }

    /// [`App::poll_writer`] as if it were `now`: tests pass a time instead of waiting for it.
    pub fn poll_writer_at(&mut self, now: Instant) -> bool {
        if now >= self.saving.next_retry {
            self.saving.next_retry = now + self.saving.timing.retry_every;
            self.writer.retry_failed();
        }
        let mut reloaded = false;
        if now >= self.saving.next_check {
            self.saving.next_check = now + self.saving.timing.check_every;
            reloaded = self.reload_scheme();
            self.check_open_file();
            reloaded |= self.check_open_document();
            self.check_changed_folders();
        }
        let outcomes = self.writer.try_outcomes();
        let any = reloaded || !outcomes.is_empty();
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

    /// Has the writer check the annotation files of every folder whose stamp changed since the
    /// last look (but the open document's, checked anyway): what another gloss wrote reaches
    /// the document list's counts. Files read only when their own stamps changed.
    fn check_changed_folders(&mut self) {
        let open = self.open.as_ref().map(|o| o.entry);
        let mut files = Vec::new();
        for folder in &mut self.saving.folders {
            let stamp = FileStamp::of(&folder.path).ok().flatten();
            if stamp == folder.stamp {
                continue;
            }
            folder.stamp = stamp;
            for &i in &folder.entries {
                let e = &self.corpus.entries[i];
                if e.loaded && !e.read_only() && Some(i) != open {
                    let path = e.annotation_file(&self.corpus.annotations_dir);
                    files.push((path, Arc::clone(&self.saving.bases[i])));
                }
            }
        }
        if !files.is_empty() {
            self.writer.check_many(files);
        }
    }

    /// Reads the annotation file of entry `i` again, just before its document opens, if the
    /// file changed since the reader read it (a `stat` while it has not), so that the document
    /// opens with what the file holds now rather than a few seconds later. What the status bar
    /// says of it, if the file held other annotations. A save of the file not yet written
    /// brings what is on disk with its outcome; a file that cannot be read now is the next
    /// save's to report.
    pub(crate) fn read_again(&mut self, i: usize) -> Option<String> {
        let entry = &self.corpus.entries[i];
        if !entry.loaded || entry.read_only() {
            return None;
        }
        let path = entry.annotation_file(&self.corpus.annotations_dir);
        let stamp = FileStamp::of(&path).ok().flatten();
        if stamp == self.saving.stamps[i] || self.writer.unwritten(&path) {
            return None;
        }
        let annotations = match store::load(&path) {
            Ok(file) => file.map(|f| f.annotations).unwrap_or_default(),
            Err(_) => return None,
        };
        self.saving.stamps[i] = stamp;
        if crate::core::storage::writer::same_annotations(&self.saving.bases[i], &annotations) {
            return None;
        }
        let met = self.saving.met_elsewhere(i, &annotations);
        self.take_in(&path, annotations);
        Some(match met {
            Some(met) => format!("{met} (read again {})", path.display()),
            None => format!("read again {}: it was changed elsewhere", path.display()),
        })
    }

    /// Applies what the writer reports: the status bar, unsaved files, annotations merged or
    /// changed elsewhere.
    pub fn collect_outcomes(&mut self, outcomes: Vec<WriteOutcome>) {
        self.take_outcomes(outcomes);
        self.finish_rename();
        // A reload may have taken away the annotation a pending link starts from.
        self.forget_link_from_gone();
    }

    fn take_outcomes(&mut self, outcomes: Vec<WriteOutcome>) {
        for outcome in outcomes {
            match outcome {
                WriteOutcome::Saved { path } => self.saved(&path),
                WriteOutcome::Merged {
                    path,
                    annotations,
                    conflicts,
                    refused,
                } => {
                    self.unsaved.retain(|(p, _)| *p != path);
                    self.take_in(&path, annotations);
                    // What became of the coder's own work first: the path may not fit.
                    let text = match describe_conflicts(&conflicts) {
                        _ if !refused.is_empty() => format!(
                            "not saved: {} {} no longer in the scheme (renamed elsewhere \
                             meanwhile; {}); tag again",
                            refused.join(", "),
                            if refused.len() == 1 { "is" } else { "are" },
                            path.display()
                        ),
                        Some(said) => format!("{said} (in {})", path.display()),
                        None => format!("merged changes made elsewhere in {}", path.display()),
                    };
                    let error = !refused.is_empty() || conflicts.iter().any(needs_a_look);
                    self.set_status(text, error);
                }
                WriteOutcome::Reloaded { path, annotations } => {
                    let entry = self.entry_of(&path);
                    let met = match entry {
                        Some(entry) if !self.writer.unwritten(&path) => {
                            self.saving.met_elsewhere(entry, &annotations)
                        }
                        _ => None,
                    };
                    self.take_in(&path, annotations);
                    // What became of the coder's own work first: the path may not fit. Another
                    // document's reload changes only its count in the list: no news; nor is
                    // the open one's beside an error or refusal still shown (a tag key refused
                    // after a rename elsewhere, whose files are then reloaded).
                    let open = self.open.as_ref().map(|o| o.entry);
                    let error_shown = self.status.as_ref().is_some_and(|s| s.error);
                    let text = match met {
                        Some(met) => format!("{met} (reloaded {})", path.display()),
                        None if entry == open && !error_shown => {
                            format!("reloaded {}: it was changed elsewhere", path.display())
                        }
                        None => continue,
                    };
                    self.set_status(text, false);
                }
                WriteOutcome::Failed { path, error } => {
                    // A retry that fails the same way is no news. The file is counted unsaved
                    // before the news is told, so that the status bar's rows are counted with
                    // both (see `App::set_status`).
                    let news = !self.unsaved.contains(&(path.clone(), error.clone()));
                    self.unsaved.retain(|(p, _)| *p != path);
                    self.unsaved.push((path, error.clone()));
                    if news {
                        self.set_status(
                            format!(
                                "{error} (kept in memory; tried again every {} s)",
                                self.saving.timing.retry_every.as_secs_f32()
                            ),
                            true,
                        );
                    }
                }
            }
        }
    }

    /// The files whose last save failed, with the reason, until a save of each succeeds.
    pub fn unsaved(&self) -> &[(PathBuf, String)] {
        &self.unsaved
    }

    /// The file at `path` is written: it is no longer unsaved, and a message about its failing
    /// to save gives way to one saying it is saved.
    fn saved(&mut self, path: &Path) {
        let Some(at) = self.unsaved.iter().position(|(p, _)| p == path) else {
            return;
        };
        let (_, error) = self.unsaved.remove(at);
        let refused_quit = not_saved(path, &error);
        if self
            .status
            .as_ref()
            .is_some_and(|s| s.text.starts_with(&error) || s.text.starts_with(&refused_quit))
        {
            self.set_status(format!("saved {} after all", path.display()), false);
        }
    }

    /// The corpus entry whose annotation file is at `path`.
    fn entry_of(&self, path: &Path) -> Option<usize> {
        let dir = &self.corpus.annotations_dir;
        self.corpus
            .entries
            .iter()
            .position(|e| e.annotation_file(dir) == path)
    }

    /// Shows `annotations` as what the entry whose file is at `path` now holds, and takes them
    /// as its new base: not an undoable change, since nothing was changed here. Skipped while a
    /// save of the file is unwritten: those annotations are already out of date, and that
    /// save's own outcome brings what it leaves on disk.
    fn take_in(&mut self, path: &Path, annotations: Vec<Annotation>) {
        if self.writer.unwritten(path) {
            return;
        }
        let Some(entry) = self.entry_of(path) else {
            return;
        };
        self.saving.bases[entry] = annotations.as_slice().into();
        self.show_annotations(entry, annotations);
        if self.open.as_ref().is_some_and(|o| o.entry == entry) {
            self.place_open_annotations();
        }
        self.refresh_thread();
    }
}

/// What the status bar says of a note that holds both sides' notes.
/// How the status bar begins to say that the file at `path` is not saved, failing with `why`,
/// when a quit is refused for it: a save that then succeeds recognises it and says so instead.
pub(crate) fn not_saved(path: &Path, why: &str) -> String {
    // The writer's reasons name the file already ("cannot save annotations/a.txt.toml: …"):
    // said twice, the path took a row of the status bar at 80 columns.
    if why.contains(&path.display().to_string()) {
        return why.to_owned();
    }
    format!("{} is not saved ({why})", path.display())
}

fn both_notes_kept() -> String {
    format!(
        "both notes kept in its note, between {} and{}: edit it to keep one",
        merge::NOTES_BEGIN.trim(),
        merge::NOTES_END
    )
}

/// Whether a merge left something for the coder to check: two notes in one, a place chosen
/// over another, a deletion undone. Tags merged on their own need nothing.
fn needs_a_look(conflict: &Conflict) -> bool {
    !matches!(
        conflict,
        Conflict::BothChanged {
            notes: false,
            placed_from: None,
            ..
        }
    )
}

/// What a merge had to choose, for the status bar; `None` if nothing.
pub fn describe_conflicts(conflicts: &[Conflict]) -> Option<String> {
    let (here, elsewhere) = ("here", "elsewhere");
    let side = |s: &Side| if *s == Side::Here { here } else { elsewhere };
    let said = match conflicts {
        [] => return None,
        [
            Conflict::BothChanged {
                merged,
                notes,
                placed_from,
            },
        ] => {
            let tags = if merged.tags.is_empty() {
                "no tags".to_owned()
            } else {
                merged.tags.join(", ")
            };
            let mut said = format!(
                "merged “{}”, changed here and elsewhere: now {tags}",
                crate::tui::fit::fit(&merged.quote, 24)
            );
            if *notes {
                said.push_str("; ");
                said.push_str(&both_notes_kept());
            }
            if let Some(from) = placed_from {
                said.push_str(&format!(
                    "; moved on both sides: placed as {}, changed later",
                    side(from)
                ));
            }
            said
        }
        [Conflict::ChangedAndDeleted { kept, from }] => {
            let (changed, deleted) = match from {
                Side::Here => (here, elsewhere),
                Side::Elsewhere => (elsewhere, here),
            };
            let tags = if kept.tags.is_empty() {
                "no tags".to_owned()
            } else {
                kept.tags.join(", ")
            };
            format!(
                "“{}” was changed {changed} but deleted {deleted}: kept what was added \
                 {changed}, now {tags}",
                crate::tui::fit::fit(&kept.quote, 24)
            )
        }
        many => {
            let notes = many
                .iter()
                .filter(|c| matches!(c, Conflict::BothChanged { notes: true, .. }))
                .count();
            let mut said = format!(
                "merged {} changed on both sides (or deleted on one): tag by tag, \
                 and what was added kept over deletions",
                count(many.len(), "annotation")
            );
            if notes > 0 {
                said.push_str(&format!("; {notes} with {}", both_notes_kept()));
            }
            said
        }
    };
    Some(said)
}
