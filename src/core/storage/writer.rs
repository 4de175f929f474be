//! Saving annotation files off the input path, without losing what others write. The reader
//! hands over a path, the annotations to write and the base (the annotations the file held when
//! those were made), and carries on; one background thread does the rest, so a keystroke never
//! waits for the disk:
//!
//! - it locks the file's folder ([`FolderLock`](crate::core::storage::lock::FolderLock)), so that
//!   another gloss on the same corpus never writes it at the same time;
//! - it reads the file, and if it changed since the base (another gloss, a `git pull`), merges
//!   those changes with the reader's ([`merge`]) and reports the result for the reader to show;
//! - it replaces the file atomically ([`atomic_file::write`]), so that a crash never leaves a
//!   half-written annotation file.
//!
//! When asked, it also checks whether a file changed on disk while nothing was being saved, and
//! removes what killed saves left in the annotations folder ([`leftovers`]), off the input path.
//!
//! The thread remembers what each file held when it last read or wrote it, with the file's
//! [`FileStamp`]: while the stamp is the same, a check costs one `stat` and a save does not read the
//! file again, so that an idle reader does no work whatever the size of the file.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::core::annotation::{Annotation, Extras};
use crate::core::storage::atomic_file;
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::leftovers;
use crate::core::storage::merge::{self, Conflict};
use crate::core::storage::scheme_guard;
use crate::core::storage::serialised::Serialised;
use crate::core::storage::store::{self, AnnotationFile, StoreError};

/// What became of a save or a check, for the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    Saved {
        path: PathBuf,
    },
    /// The file had changed on disk since the save's base, and the changes made there and here
    /// were merged; or the scheme's last look ([`scheme_guard`]) renamed or refused tags or
    /// link types. `annotations` is what the file now holds; `refused` names what the scheme
    /// dropped ("the tag accusation"), left as the file on disk had it.
    Merged {
        path: PathBuf,
        annotations: Vec<Annotation>,
        conflicts: Vec<Conflict>,
        refused: Vec<String>,
    },
    /// A check found the file changed on disk: `annotations` is what it holds now (none if it
    /// is gone).
    Reloaded {
        path: PathBuf,
        annotations: Vec<Annotation>,
    },
    /// `error` names the file, says why and what to do. The annotations are kept: see
    /// [`Writer::retry_failed`].
    Failed {
        path: PathBuf,
        error: String,
    },
}

impl WriteOutcome {
    pub fn path(&self) -> &Path {
        match self {
            WriteOutcome::Saved { path }
            | WriteOutcome::Merged { path, .. }
            | WriteOutcome::Reloaded { path, .. }
            | WriteOutcome::Failed { path, .. } => path,
        }
    }
}

/// Writes annotation files on a background thread, in the order given, the newest annotations
/// of each path last. Dropping it waits for every queued save.
pub struct Writer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// How many annotation files the thread has read, for tests of what a check costs.
    reads: AtomicUsize,
    /// How long a save waits for another gloss writing the same folder before it fails (and is
    /// retried like any failed save): [`crate::core::user_state::timing::Timing::lock_wait`].
    lock_wait: Duration,
    /// The corpus folder whose scheme every save looks at last ([`Writer::guard_scheme`]).
    scheme_root: OnceLock<PathBuf>,
}

/// An annotation file to write whose annotations may be shared with the reader, so that handing
/// them over copies none: the same list is the reader's next base and what the thread
/// remembers having written.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub document: String,
    pub content_hash: String,
    pub extra: Extras,
    pub annotations: Arc<[Annotation]>,
}

impl From<AnnotationFile> for Snapshot {
    fn from(file: AnnotationFile) -> Snapshot {
        Snapshot {
            document: file.document,
            content_hash: file.content_hash,
            extra: file.extra,
            annotations: file.annotations.into(),
        }
    }
}

/// Annotations to write, and the base they were made from.
struct Save {
    file: Snapshot,
    base: Arc<[Annotation]>,
}

enum Job {
    Save(Save),
    Check {
        base: Arc<[Annotation]>,
    },
    /// What the reader read from the file, to remember unless the thread knows the file already.
    Seen(Seen),
    /// Remove the leftovers of killed saves under the folder (see [`leftovers::remove`]).
    Leftovers,
}

/// What the thread last read from or wrote to one file.
struct Seen {
    /// `None`: there was no file.
    stamp: Option<FileStamp>,
    /// What the file held; a base found equal to it replaces it, so that the next check of the
    /// same base compares pointers, not annotations.
    annotations: Arc<[Annotation]>,
}

#[derive(Default)]
struct State {
    /// Jobs waiting, at most one save per path.
    queue: VecDeque<(PathBuf, Job)>,
    /// The path the thread is saving now, outside the lock.
    writing: Option<PathBuf>,
    /// Whether the thread is checking a file or removing leftovers now, outside the lock:
    /// `flush` waits for that too, or a check popped from the queue would report after `flush`
    /// returned.
    busy: bool,
    /// Saves whose write failed and that no later save has replaced.
    failed: BTreeMap<PathBuf, Save>,
    /// The latest outcome of each path, not yet handed out.
    outcomes: Vec<WriteOutcome>,
    closing: bool,
}

impl State {
    /// Whether a save of `path` has not reached the disk yet.
    fn unwritten(&self, path: &Path) -> bool {
        self.writing.as_deref() == Some(path)
            || self.failed.contains_key(path)
            || self
                .queue
                .iter()
                .any(|(p, job)| p == path && matches!(job, Job::Save(_)))
    }

    /// Whether the reader has yet to hear all that happened to `path`: a check would then
    /// compare the disk with a base the reader is about to replace.
    fn in_flight(&self, path: &Path) -> bool {
        self.unwritten(path) || self.outcomes.iter().any(|o| o.path() == path)
    }

    fn report(&mut self, outcome: WriteOutcome) {
        // Only the current state of each file matters to the reader, and keeping one outcome
        // per path bounds the list if nobody drains it.
        self.outcomes.retain(|o| o.path() != outcome.path());
        self.outcomes.push(outcome);
    }
}

impl Shared {
    /// The state stays consistent even if a holder panicked, so poisoning is ignored rather
    /// than losing the saves still queued.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The state once every queued save has been attempted.
    fn idle(&self) -> MutexGuard<'_, State> {
        let mut state = self.lock();
        while !state.queue.is_empty() || state.writing.is_some() || state.busy {
            state = self.wait(state);
        }
        state
    }
}

/// Waits, from any thread, for the saves a [`Writer`] has queued ([`Writer::flusher`]).
#[derive(Clone)]
pub struct Flusher {
    shared: Arc<Shared>,
}

impl Flusher {
    /// Returns once every save queued so far has been attempted (its outcome is left for the
    /// writer's [`Writer::try_outcomes`]).
    pub fn flush(&self) {
        drop(self.shared.idle());
    }
}

impl Writer {
    /// Starts the writing thread, with the default [`crate::core::user_state::timing::Timing`].
    pub fn spawn() -> Writer {
        Writer::with_lock_wait(crate::core::user_state::timing::Timing::default().lock_wait)
    }

    /// Starts the writing thread; a save waits up to `lock_wait` for another gloss writing the
    /// same folder.
    pub fn with_lock_wait(lock_wait: Duration) -> Writer {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            reads: AtomicUsize::new(0),
            lock_wait,
            scheme_root: OnceLock::new(),
        });
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("gloss-writer".into())
            .spawn(move || run(&worker))
            .expect("cannot start the thread that saves files");
        Writer {
            shared,
            thread: Some(thread),
        }
    }

    /// Has every save from now on look at the scheme of the corpus folder `root` last, under
    /// the annotation folder's lock (see [`scheme_guard`]), so that no save writes a tag or a
    /// link type that another gloss's rename dropped meanwhile. Set once; later calls change
    /// nothing.
    pub fn guard_scheme(&self, root: PathBuf) {
        let _ = self.shared.scheme_root.set(root);
    }

    /// Queues `file` to replace the annotation file at `path`, creating missing folders, and
    /// returns at once. `base` is what the file held when `file`'s annotations were made from
    /// it: whatever changed on disk since is merged in before writing.
    ///
    /// If an earlier save of the same path has not been written (it is waiting, or failed), it
    /// is replaced, since only the newest annotations matter; its base is kept, because that is
    /// still what the file holds. If one is being written, this one is written after it.
    pub fn save(
        &self,
        path: PathBuf,
        file: impl Into<Snapshot>,
        base: impl Into<Arc<[Annotation]>>,
    ) {
        let (file, base) = (file.into(), base.into());
        let mut state = self.shared.lock();
        let base = state
            .failed
            .remove(&path)
            .map_or(base, |failed| failed.base);
        let waiting = state.queue.iter_mut().find_map(|(p, job)| match job {
            Job::Save(save) if *p == path => Some(save),
            _ => None,
        });
        match waiting {
            Some(save) => save.file = file,
            None => state
                .queue
                .push_back((path, Job::Save(Save { file, base }))),
        }
        self.shared.changed.notify_all();
    }

    /// Queues a check of the file at `path` against `base`, the annotations the reader last
    /// took from it: if the file holds others, [`WriteOutcome::Reloaded`] reports them. Skipped
    /// while a save of the path is unwritten or its outcome not yet handed out, since that save
    /// merges whatever changed. While the file is as the thread last saw it, this costs a `stat`.
    pub fn check(&self, path: PathBuf, base: impl Into<Arc<[Annotation]>>) {
        self.check_many(vec![(path, base.into())]);
    }

    /// [`Writer::check`] of each file with its base, at once: the files of a folder that
    /// changed. Costs one pass over the queue, not one per file.
    pub fn check_many(&self, files: Vec<(PathBuf, Arc<[Annotation]>)>) {
        let mut state = self.shared.lock();
        // A save or check of the file already queued makes a check needless; what the reader
        // told of it (`Seen`) does not, as it reads nothing. Nor does a file in flight.
        let queued = (state.queue.iter())
            .filter(|(_, job)| !matches!(job, Job::Seen(_)))
            .map(|(p, _)| p.clone());
        let outcomes = state.outcomes.iter().map(|o| o.path().to_owned());
        let mut busy: std::collections::HashSet<PathBuf> = queued
            .chain(outcomes)
            .chain(state.writing.clone())
            .chain(state.failed.keys().cloned())
            .collect();
        for (path, base) in files {
            if busy.insert(path.clone()) {
                state.queue.push_back((path, Job::Check { base }));
            }
        }
        self.shared.changed.notify_all();
    }

    /// Tells the thread that the file at `path` held `annotations` when it had `stamp`, as the
    /// reader found it when it read the file, so that the first check or save of it costs a
    /// `stat` rather than reading it again. Ignored if the thread has seen the file itself.
    pub fn seen(&self, path: PathBuf, stamp: FileStamp, annotations: Arc<[Annotation]>) {
        let seen = Seen {
            stamp: Some(stamp),
            annotations,
        };
        let mut state = self.shared.lock();
        state.queue.push_back((path, Job::Seen(seen)));
        self.shared.changed.notify_all();
    }

    /// Queues the removal of the leftovers of killed saves under `annotations_dir` (see
    /// [`leftovers::remove`]): a walk of the folder, milliseconds for thousands of files, kept
    /// off the first frame. [`Writer::flush`] waits for it. Safe beside this gloss's saves for
    /// the reason it is beside another gloss's: a temporary file is only removed under its
    /// folder's lock.
    pub fn remove_leftovers(&self, annotations_dir: PathBuf) {
        let mut state = self.shared.lock();
        state.queue.push_back((annotations_dir, Job::Leftovers));
        self.shared.changed.notify_all();
    }

    /// Queues again every save whose write failed, with the annotations it had. Nothing is
    /// retried on its own: failed saves wait (see [`Writer::failed_paths`]) until this is
    /// called, or until the same path is saved again, which supersedes them.
    pub fn retry_failed(&self) {
        let mut state = self.shared.lock();
        let failed = std::mem::take(&mut state.failed);
        state.queue.extend(
            failed
                .into_iter()
                .map(|(path, save)| (path, Job::Save(save))),
        );
        self.shared.changed.notify_all();
    }

    /// Whether a save of `path` has not reached the disk yet (waiting, being written, or
    /// failed). Its outcome will say what the file holds then.
    pub fn unwritten(&self, path: &Path) -> bool {
        self.shared.lock().unwritten(path)
    }

    /// Outcomes of the jobs finished since the last call, at most one per path (the latest).
    /// Never blocks on I/O.
    pub fn try_outcomes(&self) -> Vec<WriteOutcome> {
        std::mem::take(&mut self.shared.lock().outcomes)
    }

    /// Waits until every queued save has been attempted, then returns the outcomes not yet
    /// handed out. Saves that fail are not retried: check [`Writer::failed_paths`] before quitting.
    pub fn flush(&self) -> Vec<WriteOutcome> {
        std::mem::take(&mut self.shared.idle().outcomes)
    }

    /// A handle that another thread can wait on until every queued save has been attempted,
    /// while this writer goes on being used.
    pub fn flusher(&self) -> Flusher {
        Flusher {
            shared: Arc::clone(&self.shared),
        }
    }

    /// How many annotation files the thread has read since it started (a check or save of a file
    /// it has seen unchanged reads none).
    pub fn reads(&self) -> usize {
        self.shared.reads.load(Ordering::Relaxed)
    }

    /// Paths whose newest annotations could not be written and are held for
    /// [`Writer::retry_failed`]: unsaved work.
    pub fn failed_paths(&self) -> Vec<PathBuf> {
        self.shared.lock().failed.keys().cloned().collect()
    }
}

impl Drop for Writer {
    /// Waits for every queued save: the thread empties the queue before it stops.
    fn drop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(shared: &Shared) {
    let mut files = Files {
        seen: HashMap::new(),
        last: None,
        reads: &shared.reads,
        lock_wait: shared.lock_wait,
        scheme_root: &shared.scheme_root,
        scheme: scheme_guard::SchemeCache::default(),
    };
    let mut state = shared.lock();
    loop {
        let Some((path, job)) = state.queue.pop_front() else {
            if state.closing {
                return;
            }
            state = shared.wait(state);
            continue;
        };
        match job {
            Job::Save(save) => {
                state.writing = Some(path.clone());
                drop(state);
                let result = files.store_merged(&path, &save);
                state = shared.lock();
                state.writing = None;
                let outcome = match result {
                    Ok(None) => WriteOutcome::Saved { path },
                    Ok(Some((merge, refused))) => WriteOutcome::Merged {
                        path,
                        annotations: merge.annotations,
                        conflicts: merge.conflicts,
                        refused,
                    },
                    Err(error) => {
                        // A save queued meanwhile was made from this one's annotations, which
                        // never reached the disk: it takes this one's base, what the file holds.
                        let later = state.queue.iter_mut().find_map(|(p, job)| match job {
                            Job::Save(later) if *p == path => Some(later),
                            _ => None,
                        });
                        match later {
                            Some(later) => later.base = save.base,
                            None => {
                                state.failed.insert(path.clone(), save);
                            }
                        }
                        WriteOutcome::Failed {
                            path,
                            error: error.to_string(),
                        }
                    }
                };
                state.report(outcome);
            }
            Job::Check { base } => {
                if state.in_flight(&path) {
                    continue;
                }
                state.busy = true;
                drop(state);
                let found = files.changed_on_disk(&path, &base);
                state = shared.lock();
                state.busy = false;
                // A save queued meanwhile merges the change and reports it itself.
                if let Some(annotations) = found.filter(|_| !state.in_flight(&path)) {
                    state.report(WriteOutcome::Reloaded { path, annotations });
                }
            }
            Job::Seen(seen) => {
                files.seen.entry(path).or_insert(seen);
            }
            Job::Leftovers => {
                state.busy = true;
                drop(state);
                leftovers::remove(&path);
                state = shared.lock();
                state.busy = false;
            }
        }
        shared.changed.notify_all();
    }
}

/// The files the thread has read or written, as it last saw them.
struct Files<'a> {
    seen: HashMap<PathBuf, Seen>,
    /// The text of the last file written, whose blocks the next save of the same file reuses:
    /// one file's, so that a session that writes many keeps no more than one in memory.
    last: Option<(PathBuf, Serialised)>,
    reads: &'a AtomicUsize,
    lock_wait: Duration,
    /// See [`Writer::guard_scheme`]; looked at by each save, since it is set after the thread
    /// starts.
    scheme_root: &'a OnceLock<PathBuf>,
    scheme: scheme_guard::SchemeCache,
}

impl Files<'_> {
    /// Writes `save` to `path` under the folder's lock, first merging in what changed on disk
    /// since its base, then letting the scheme have its last look. Returns the merge, if one
    /// was needed or the scheme changed anything, and what the scheme refused.
    fn store_merged(
        &mut self,
        path: &Path,
        save: &Save,
    ) -> Result<Option<(merge::Merge, Vec<String>)>, SaveError> {
        let io_error = |source| SaveError::Io {
            path: path.to_owned(),
            source,
        };
        let _lock = atomic_file::lock_folder_of(path, self.lock_wait).map_err(io_error)?;
        let on_disk = self.read_for_merge(path)?;
        let (mut written, mut merge) = if same(&on_disk, &save.base) {
            (save.file.clone(), None)
        } else {
            let merge = merge::merge(&save.base, &on_disk, &save.file.annotations);
            let mut merged = save.file.clone();
            merged.annotations = merge.annotations.as_slice().into();
            (merged, Some(merge))
        };
        let mut refused = Vec::new();
        let guarded = (self.scheme_root.get()).and_then(|root| {
            scheme_guard::guard(root, &mut self.scheme, &on_disk, &written.annotations)
        });
        if let Some(guarded) = guarded {
            refused = guarded.refused;
            written.annotations = guarded.annotations.as_slice().into();
            let conflicts = merge.map(|m| m.conflicts).unwrap_or_default();
            merge = Some(merge::Merge {
                annotations: guarded.annotations,
                conflicts,
            });
        }
        let text = self.serialise(path, &written);
        atomic_file::write(path, text.text().as_bytes()).map_err(io_error)?;
        self.last = Some((path.to_owned(), text));
        // A stamp that cannot be had now only means that the next check reads the file.
        match FileStamp::of(path) {
            Ok(stamp) => {
                let annotations = written.annotations;
                self.seen
                    .insert(path.to_owned(), Seen { stamp, annotations });
            }
            Err(_) => {
                self.seen.remove(path);
            }
        }
        Ok(merge.map(|m| (m, refused)))
    }

    /// The text of `file`, made from the blocks of the last file written when that was `path`.
    fn serialise(&self, path: &Path, file: &Snapshot) -> Serialised {
        let none;
        let last = match &self.last {
            Some((last, text)) if last == path => text,
            _ => {
                none = Serialised::default();
                &none
            }
        };
        last.next(
            &file.document,
            &file.content_hash,
            &file.extra,
            &file.annotations,
        )
    }

    /// The annotations in the file at `path` if they differ from `base`. A file that cannot be
    /// read now is no news: the next save says why.
    fn changed_on_disk(
        &mut self,
        path: &Path,
        base: &Arc<[Annotation]>,
    ) -> Option<Vec<Annotation>> {
        let on_disk = self.read(path).ok()?;
        if Arc::ptr_eq(&on_disk, base) {
            return None;
        }
        if same(&on_disk, base) {
            if let Some(seen) = self.seen.get_mut(path) {
                seen.annotations = Arc::clone(base);
            }
            return None;
        }
        Some(on_disk.to_vec())
    }

    /// The annotations in the file at `path`, none if there is no file. A file that does not
    /// parse is an error: it is never overwritten, since it may hold someone's work.
    fn read_for_merge(&mut self, path: &Path) -> Result<Arc<[Annotation]>, SaveError> {
        self.read(path).map_err(|e| match e {
            StoreError::Read { source, .. } => SaveError::Io {
                path: path.to_owned(),
                source,
            },
            source => SaveError::Unreadable {
                path: path.to_owned(),
                source,
            },
        })
    }

    /// The annotations in the file at `path` (none if there is no file): as last seen if its
    /// stamp is the same, else read from it.
    fn read(&mut self, path: &Path) -> Result<Arc<[Annotation]>, StoreError> {
        let stamp = FileStamp::of(path).map_err(|source| StoreError::Read {
            path: path.to_owned(),
            source,
        })?;
        if let Some(seen) = self.seen.get(path)
            && seen.stamp == stamp
        {
            return Ok(Arc::clone(&seen.annotations));
        }
        self.reads.fetch_add(1, Ordering::Relaxed);
        let annotations: Arc<[Annotation]> = store::load(path)?
            .map(|f| f.annotations)
            .unwrap_or_default()
            .into();
        // The stamp taken before reading: if the file changed meanwhile, the next look reads it.
        let seen = Seen {
            stamp,
            annotations: Arc::clone(&annotations),
        };
        self.seen.insert(path.to_owned(), seen);
        Ok(annotations)
    }
}

/// Equal as sets: the order of annotations in a list is not part of the file's contents. A list
/// shared by both (the reader's base is what the thread last wrote) is compared by pointer.
fn same(a: &Arc<[Annotation]>, b: &Arc<[Annotation]>) -> bool {
    Arc::ptr_eq(a, b) || same_annotations(a, b)
}

/// Whether two lists hold the same annotations, in whatever order (the order of annotations in
/// a file is not part of its contents).
pub fn same_annotations(a: &[Annotation], b: &[Annotation]) -> bool {
    fn sorted(list: &[Annotation]) -> Vec<&Annotation> {
        let mut refs: Vec<&Annotation> = list.iter().collect();
        refs.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        refs
    }
    a.len() == b.len() && sorted(a) == sorted(b)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Why a save did not reach the disk; each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
enum SaveError {
    /// Locking, reading or writing the file failed.
    #[error("{}", cannot_save(path, source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file no longer reads as annotations: it is never overwritten, since it may hold
    /// someone's work.
    #[error(
        "not saving over {}: it was changed elsewhere and no longer reads as annotations ({}); \
         fix the file and the change is merged into it",
        path.display(),
        unreadable(source)
    )]
    Unreadable { path: PathBuf, source: StoreError },
}

/// Why an annotation file does not read, in a few words (its path is said around it).
fn unreadable(error: &StoreError) -> String {
    match error {
        StoreError::Parse {
            line,
            column,
            message,
            ..
        } => format!("line {line}, column {column}: {message}"),
        StoreError::UnsupportedVersion { found, .. } => {
            format!("written by a newer gloss, format {found}")
        }
        StoreError::Read { source, .. } => source.to_string(),
    }
}

/// Names the file, what to do about the error where that is clear (first, so that it shows in a
/// narrow status bar), and the OS error.
fn cannot_save(path: &Path, error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let folder = folder_of(path);
    let advice = match error.kind() {
        K::StorageFull | K::QuotaExceeded => Some("the disk is full: free some space".to_owned()),
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            Some(format!("make {} writable", folder.display()))
        }
        _ => folder
            .ancestors()
            .find(|a| a.is_file())
            .map(|file| format!("{} is a file where a folder should be", file.display())),
    };
    match advice {
        Some(advice) => format!("cannot save {}: {advice}; {error}", path.display()),
        None => format!("cannot save {}: {error}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;
    use crate::core::documents::text::CharIndex;
    use crate::core::storage::lock::FolderLock;
    use std::time::Instant;

    const TEXT: &str = "One claim. Another claim. A third claim, longer than the others.";

    /// An annotation on `TEXT[start..start + 5]` tagged `tag`, built through the constructor so
    /// that these tests survive new fields in `Annotation`.
    fn ann(tag: &str, start: usize) -> Annotation {
        let stamp = Stamp {
            annotator: "alice".into(),
            time: "2026-01-02T03:04:05Z".into(),
        };
        let index = CharIndex::new(TEXT);
        Annotation::new(TEXT, &index, start..start + 5, vec![tag.into()], &stamp)
    }

    fn file(annotations: &[Annotation]) -> AnnotationFile {
        AnnotationFile {
            document: "doc.txt".into(),
            content_hash: crate::core::documents::text::content_hash(TEXT),
            annotations: annotations.to_vec(),
            extra: Default::default(),
        }
    }

    fn on_disk(path: &Path) -> Vec<Annotation> {
        store::load(path).unwrap().unwrap().annotations
    }

    fn sorted(mut list: Vec<Annotation>) -> Vec<Annotation> {
        list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        list
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Saves `annotations` as the reader does, with the previous save's annotations as base.
    struct Reader<'a> {
        writer: &'a Writer,
        path: PathBuf,
        base: Vec<Annotation>,
    }

    impl Reader<'_> {
        fn save(&mut self, annotations: &[Annotation]) {
            let base = std::mem::replace(&mut self.base, annotations.to_vec());
            self.writer.save(self.path.clone(), file(annotations), base);
        }
    }

    #[test]
    fn the_last_of_several_saves_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        let mut a = Reader {
            writer: &writer,
            path: dir.path().join("a.toml"),
            base: vec![],
        };
        let mut b = Reader {
            writer: &writer,
            path: dir.path().join("b.toml"),
            base: vec![],
        };
        let mut kept = Vec::new();
        for i in 0..100 {
            kept.push(ann(&format!("a{i}"), i % 50));
            a.save(&kept);
            if i % 3 == 0 {
                b.save(&kept);
            }
        }
        let outcomes = writer.flush();
        assert_eq!(on_disk(&a.path), sorted(kept.clone()));
        assert_eq!(on_disk(&b.path), sorted(kept[..=99 / 3 * 3].to_vec()));
        let mut saved: Vec<&Path> = outcomes.iter().map(WriteOutcome::path).collect();
        saved.sort();
        assert_eq!(saved, [a.path.as_path(), b.path.as_path()]);
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, WriteOutcome::Saved { .. })),
            "{outcomes:?}"
        );
        assert_eq!(writer.try_outcomes(), []);
    }

    #[test]
    fn missing_parent_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports/2017/deep/a.txt.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[ann("x", 0)]), vec![]);
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert!(on_disk(&path)[0].has_tag("x"));
    }

    /// Saves of 16 large files queued on `writer`, in folders not made yet: slow enough that a
    /// flush that did not wait would find some unwritten. Returns the annotation each holds
    /// and the files.
    fn queue_big_saves(writer: &Writer, dir: &Path) -> (Annotation, Vec<PathBuf>) {
        let mut big = ann("big", 0);
        big.note = "é".repeat(1 << 19);
        let paths: Vec<PathBuf> = (0..16)
            .map(|i| dir.join(format!("sub{}/{i}.toml", i % 4)))
            .collect();
        for path in &paths {
            writer.save(path.clone(), file(std::slice::from_ref(&big)), vec![]);
        }
        (big, paths)
    }

    #[test]
    fn flush_waits_until_everything_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        let (big, paths) = queue_big_saves(&writer, dir.path());
        assert_eq!(writer.flush().len(), paths.len());
        for path in &paths {
            assert_eq!(on_disk(path), std::slice::from_ref(&big));
        }
    }

    /// From another thread, as the hang-up watcher waits, while the writer stays with its
    /// owner; the outcomes are left for the owner.
    #[test]
    fn a_flusher_waits_from_another_thread_until_everything_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        let (big, paths) = queue_big_saves(&writer, dir.path());
        let flusher = writer.flusher();
        std::thread::spawn(move || flusher.flush()).join().unwrap();
        for path in &paths {
            assert_eq!(on_disk(path), std::slice::from_ref(&big));
        }
        assert_eq!(writer.try_outcomes().len(), paths.len());
    }

    #[test]
    fn outcomes_arrive_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[]), vec![]);
        let deadline = Instant::now() + Duration::from_secs(10);
        let outcomes = loop {
            let outcomes = writer.try_outcomes();
            if !outcomes.is_empty() || Instant::now() > deadline {
                break outcomes;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        assert_eq!(outcomes, [WriteOutcome::Saved { path }]);
        assert_eq!(writer.flush(), []);
    }

    #[test]
    fn dropping_the_writer_finishes_its_saves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let writer = Writer::spawn();
        let mut reader = Reader {
            writer: &writer,
            path: path.clone(),
            base: vec![],
        };
        reader.save(&[ann("first", 0)]);
        reader.save(&[ann("last", 0)]);
        drop(writer);
        assert!(on_disk(&path)[0].has_tag("last"));
    }

    #[test]
    fn no_temporary_files_are_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        let mut readers: Vec<Reader> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|name| Reader {
                writer: &writer,
                path: dir.path().join(name),
                base: vec![],
            })
            .collect();
        for i in 0..50 {
            for reader in &mut readers {
                reader.save(&[ann(&i.to_string(), 0)]);
            }
            if i % 10 == 0 {
                writer.flush();
            }
        }
        writer.flush();
        assert_eq!(
            names_in(dir.path()),
            [".gloss.lock", "a.toml", "b.toml", "c.toml"]
        );
        assert!(on_disk(&readers[1].path)[0].has_tag("49"));
    }

    #[test]
    fn changes_made_on_disk_since_the_base_are_merged_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let shared = ann("shared", 0);
        let base = vec![shared.clone()];
        let elsewhere = ann("elsewhere", 11);
        std::fs::write(
            &path,
            store::to_toml(&file(&[shared.clone(), elsewhere.clone()])),
        )
        .unwrap();
        let here = ann("here", 26);
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[shared.clone(), here.clone()]), base);
        let merged = vec![shared, elsewhere, here];
        assert_eq!(
            writer.flush(),
            [WriteOutcome::Merged {
                path: path.clone(),
                annotations: merged.clone(),
                conflicts: vec![],
                refused: vec![],
            }]
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            store::to_toml(&file(&merged))
        );
    }

    #[test]
    fn an_annotation_changed_on_both_sides_is_merged_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let original = ann("x", 0);
        let mut noted_elsewhere = original.clone();
        noted_elsewhere.note = "later, elsewhere".into();
        noted_elsewhere.modified = "2026-01-02T03:09:00Z".into();
        std::fs::write(&path, store::to_toml(&file(&[noted_elsewhere.clone()]))).unwrap();
        let mut tagged_here = original.clone();
        tagged_here.tags.push("y".into());
        tagged_here.modified = "2026-01-02T03:08:00Z".into();
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[tagged_here]), vec![original]);
        let outcomes = writer.flush();
        let [WriteOutcome::Merged { conflicts, .. }] = outcomes.as_slice() else {
            panic!("expected a merge, got {outcomes:?}");
        };
        let mut merged = noted_elsewhere.clone();
        merged.tags = vec!["x".into(), "y".into()];
        assert_eq!(
            conflicts,
            &[Conflict::BothChanged {
                merged: merged.clone(),
                notes: false,
                placed_from: None,
            }]
        );
        assert_eq!(on_disk(&path), [merged]);
    }

    /// Each writer has its own thread and its own lock handle, as separate processes would.
    #[test]
    fn several_writers_on_one_file_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let made: Vec<Annotation> = (0..8).map(|i| ann(&format!("w{i}"), i * 3)).collect();
        std::thread::scope(|scope| {
            for a in &made {
                let path = path.clone();
                scope.spawn(move || {
                    let writer = Writer::spawn();
                    writer.save(path, file(std::slice::from_ref(a)), vec![]);
                    writer.flush()
                });
            }
        });
        assert_eq!(on_disk(&path), sorted(made));
        assert_eq!(names_in(dir.path()), [".gloss.lock", "a.toml"]);
    }

    #[test]
    fn a_file_broken_elsewhere_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let broken = "format = 1\n<<<<<<< HEAD\n";
        std::fs::write(&path, broken).unwrap();
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[ann("x", 0)]), vec![]);
        let outcomes = writer.flush();
        let [WriteOutcome::Failed { error, .. }] = outcomes.as_slice() else {
            panic!("expected a failure, got {outcomes:?}");
        };
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("line 2, column"), "{error}");
        assert!(error.contains("fix the file"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);

        std::fs::write(&path, store::to_toml(&file(&[ann("fixed", 11)]))).unwrap();
        writer.retry_failed();
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Merged { .. }]
        ));
        let tags: Vec<String> = on_disk(&path)
            .into_iter()
            .map(|a| a.tags[0].clone())
            .collect();
        assert_eq!(tags, ["x", "fixed"]);
    }

    /// A file where a folder should be fails even for root, unlike permissions.
    #[test]
    fn a_failed_save_is_kept_until_a_retry_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        std::fs::write(&blocker, "not a folder").unwrap();
        let path = blocker.join("a.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[ann("kept", 0)]), vec![]);
        let outcomes = writer.flush();
        let [
            WriteOutcome::Failed {
                path: failed,
                error,
            },
        ] = outcomes.as_slice()
        else {
            panic!("expected one failure, got {outcomes:?}");
        };
        assert_eq!(failed, &path);
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("os error"), "{error}");
        assert!(
            error.contains(&format!(
                "{} is a file where a folder should be",
                blocker.display()
            )),
            "{error}"
        );
        assert_eq!(writer.failed_paths(), std::slice::from_ref(&path));
        assert!(writer.unwritten(&path));

        writer.retry_failed();
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Failed { .. }]
        ));
        assert_eq!(writer.failed_paths(), std::slice::from_ref(&path));

        std::fs::remove_file(&blocker).unwrap();
        writer.retry_failed();
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert!(on_disk(&path)[0].has_tag("kept"));
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
        assert!(!writer.unwritten(&path));
    }

    /// A save that fails at its last step, the rename of the temporary file over the old one,
    /// leaves no temporary file, however often it is retried: each would be as big as the
    /// annotations. The rename is made to fail by marking the old file immutable (`chattr +i`,
    /// which even root cannot rename over), where the system allows it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_that_keeps_failing_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let before = vec![ann("before", 0)];
        std::fs::write(&path, store::to_toml(&file(&before))).unwrap();
        let chattr =
            |flag: &str| crate::core::storage::leftovers::set_immutable(&path, flag == "+i");
        if !chattr("+i") {
            eprintln!("chattr +i is not allowed here (not root?): not checked");
            return;
        }
        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[ann("kept", 0)]), before.clone());
        for _ in 0..3 {
            let outcomes = writer.flush();
            let [WriteOutcome::Failed { error, .. }] = outcomes.as_slice() else {
                chattr("-i");
                panic!("expected one failure, got {outcomes:?}");
            };
            let left = names_in(dir.path());
            if left != [".gloss.lock", "a.toml"] {
                chattr("-i");
                panic!("{left:?} after {error}");
            }
            writer.retry_failed();
        }
        writer.flush();
        assert!(chattr("-i"));
        writer.retry_failed();
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert_eq!(names_in(dir.path()), [".gloss.lock", "a.toml"]);
        assert!(on_disk(&path)[0].has_tag("kept"));
    }

    /// The file still holds what the failed save's base says, not what the failed save held:
    /// measured against the latter, the annotation it added would look deleted on disk.
    #[test]
    fn a_later_save_supersedes_a_failed_one_and_keeps_its_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let (x, y, z) = (ann("x", 0), ann("y", 11), ann("z", 26));
        let good = store::to_toml(&file(std::slice::from_ref(&x)));
        std::fs::write(&path, "format = 1\n[[broken\n").unwrap();
        let writer = Writer::spawn();
        let mut reader = Reader {
            writer: &writer,
            path: path.clone(),
            base: vec![x.clone()],
        };
        reader.save(&[x.clone(), y.clone()]);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Failed { .. }]
        ));
        std::fs::write(&path, good).unwrap();
        reader.save(&[x.clone(), y.clone(), z.clone()]);
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert_eq!(on_disk(&path), [x, y, z]);
    }

    /// A save made while a failed one is being retried, and that retry failing again: the later
    /// save still has to be measured against what the file holds (the failed save's base), or
    /// the annotation the failed save added looks deleted elsewhere and is dropped.
    #[test]
    fn a_save_made_during_a_retry_that_fails_keeps_the_failed_saves_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let (x, y, z) = (ann("x", 0), ann("y", 11), ann("z", 26));
        std::fs::write(&path, store::to_toml(&file(std::slice::from_ref(&x)))).unwrap();
        let writer = Writer::with_lock_wait(Duration::from_millis(300));
        let mut reader = Reader {
            writer: &writer,
            path: path.clone(),
            base: vec![x.clone()],
        };
        // Another program holds the folder: the save of y waits for it, then fails.
        let held = FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
        reader.save(&[x.clone(), y.clone()]);
        let started = Instant::now();
        while writer.shared.lock().writing.is_none() {
            assert!(started.elapsed() < Duration::from_secs(5));
            std::thread::sleep(Duration::from_millis(5));
        }
        // Made while y is being written: its base is y's annotations, which never reach the disk.
        reader.save(&[x.clone(), y.clone(), z.clone()]);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Failed { .. }]
        ));
        drop(held);
        writer.retry_failed();
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert_eq!(on_disk(&path), [x, y, z]);
    }

    #[test]
    fn a_check_reports_a_file_changed_on_disk_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let writer = Writer::spawn();
        let known = vec![ann("x", 0)];
        writer.check(path.clone(), vec![]);
        assert_eq!(writer.flush(), []);
        std::fs::write(&path, store::to_toml(&file(&known))).unwrap();
        writer.check(path.clone(), known.clone());
        assert_eq!(writer.flush(), []);

        let pulled = vec![ann("x", 0), ann("pulled", 11)];
        std::fs::write(&path, store::to_toml(&file(&pulled))).unwrap();
        writer.check(path.clone(), known.clone());
        assert_eq!(
            writer.flush(),
            [WriteOutcome::Reloaded {
                path: path.clone(),
                annotations: pulled.clone(),
            }]
        );
        std::fs::remove_file(&path).unwrap();
        writer.check(path.clone(), pulled.clone());
        assert_eq!(
            writer.flush(),
            [WriteOutcome::Reloaded {
                path: path.clone(),
                annotations: vec![],
            }]
        );
        std::fs::write(&path, "not toml [").unwrap();
        writer.check(path.clone(), vec![]);
        assert_eq!(writer.flush(), []);
    }

    /// What makes an idle reader idle: checking a file nobody changed costs a `stat`, and a
    /// change costs one read.
    #[test]
    fn a_file_is_read_again_only_when_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let known = vec![ann("x", 0)];
        std::fs::write(&path, store::to_toml(&file(&known))).unwrap();
        let writer = Writer::spawn();
        let base: Arc<[Annotation]> = known.clone().into();
        for _ in 0..5 {
            writer.check(path.clone(), Arc::clone(&base));
            assert_eq!(writer.flush(), []);
        }
        assert_eq!(writer.reads(), 1);

        // What the writer wrote it knows without reading it back, for checks and saves alike.
        let two = vec![ann("x", 0), ann("y", 11)];
        writer.save(path.clone(), file(&two), base);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Saved { .. }]
        ));
        writer.check(path.clone(), two.clone());
        assert_eq!(writer.flush(), []);
        let three = vec![ann("x", 0), ann("y", 11), ann("z", 26)];
        writer.save(path.clone(), file(&three), two);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Saved { .. }]
        ));
        assert_eq!(writer.reads(), 1);

        let pulled = vec![ann("pulled", 5)];
        std::fs::write(&path, store::to_toml(&file(&pulled))).unwrap();
        writer.check(path.clone(), three);
        assert_eq!(
            writer.flush(),
            [WriteOutcome::Reloaded {
                path: path.clone(),
                annotations: pulled.clone(),
            }]
        );
        writer.check(path.clone(), pulled);
        assert_eq!(writer.flush(), []);
        assert_eq!(writer.reads(), 2);
    }

    #[test]
    fn what_the_reader_read_is_not_read_again_unless_the_file_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let known = vec![ann("x", 0)];
        std::fs::write(&path, store::to_toml(&file(&known))).unwrap();
        let writer = Writer::spawn();
        let read: Arc<[Annotation]> = known.clone().into();
        let stamp = FileStamp::of(&path).unwrap().unwrap();
        writer.seen(path.clone(), stamp.clone(), Arc::clone(&read));
        writer.check(path.clone(), Arc::clone(&read));
        assert_eq!(writer.flush(), []);
        let two = vec![ann("x", 0), ann("y", 11)];
        writer.save(path.clone(), file(&two), Arc::clone(&read));
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Saved { .. }]
        ));
        assert_eq!(on_disk(&path), two);
        assert_eq!(writer.reads(), 0);

        // Told late, what the reader read is older than what the thread wrote: it is ignored.
        writer.seen(path.clone(), stamp, read);
        writer.check(path.clone(), two.clone());
        assert_eq!(writer.flush(), []);
        assert_eq!(writer.reads(), 0);

        // A file that changed after the reader read it is read, and its change reported.
        let other = dir.path().join("b.toml");
        std::fs::write(&other, store::to_toml(&file(&known))).unwrap();
        let stamp = FileStamp::of(&other).unwrap().unwrap();
        let pulled = vec![ann("pulled", 5)];
        std::fs::write(&other, store::to_toml(&file(&pulled)) + "\n").unwrap();
        writer.seen(other.clone(), stamp, known.clone().into());
        writer.check(other.clone(), known);
        assert_eq!(
            writer.flush(),
            [WriteOutcome::Reloaded {
                path: other,
                annotations: pulled,
            }]
        );
        assert_eq!(writer.reads(), 1);
    }

    #[test]
    fn no_check_while_a_save_of_the_file_is_unwritten_or_unreported() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        std::fs::write(&blocker, "not a folder").unwrap();
        let path = dir.path().join("a.toml");
        let x = ann("x", 0);
        std::fs::write(&path, store::to_toml(&file(std::slice::from_ref(&x)))).unwrap();
        let writer = Writer::spawn();
        writer.save(
            path.clone(),
            file(std::slice::from_ref(&x)),
            vec![x.clone()],
        );
        writer.check(path.clone(), vec![]);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Saved { .. }]
        ));
        writer.save(path.clone(), file(&[]), vec![]);
        std::thread::sleep(Duration::from_millis(100));
        // The outcome of the save is not handed out yet: the reader's base is about to change.
        writer.check(path.clone(), vec![ann("other", 5)]);
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Merged { .. }]
        ));
        let failing = blocker.join("b.toml");
        writer.save(failing.clone(), file(&[]), vec![]);
        writer.flush();
        writer.check(failing.clone(), vec![ann("other", 5)]);
        assert_eq!(writer.flush(), []);
    }

    /// A full disk cannot be had without privileges here, so the error the OS gives for one
    /// (ENOSPC) is put through the message the writer reports.
    #[test]
    fn a_full_disk_is_named_with_the_file_and_what_to_do() {
        let path = Path::new("annotations/reports/a.txt.toml");
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let message = cannot_save(path, &full);
        assert!(
            message.starts_with(
                "cannot save annotations/reports/a.txt.toml: the disk is full: free some space; "
            ),
            "{message}"
        );
        assert!(message.ends_with(&full.to_string()), "{message}");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let message = cannot_save(path, &denied);
        assert!(
            message.starts_with(
                "cannot save annotations/reports/a.txt.toml: make annotations/reports writable; "
            ),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_fails_naming_the_file_then_a_retry_succeeds() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("ro");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("a.toml");
        let before = vec![ann("before", 0)];
        std::fs::write(&path, store::to_toml(&file(&before))).unwrap();
        let set_mode = |mode| {
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        set_mode(0o555);
        // Root writes into read-only folders anyway; then there is no failure to observe.
        let probe = folder.join("probe");
        let enforced = std::fs::write(&probe, "").is_err();
        let _ = std::fs::remove_file(&probe);

        let writer = Writer::spawn();
        writer.save(path.clone(), file(&[ann("after", 0)]), before.clone());
        let outcomes = writer.flush();
        if enforced {
            let [WriteOutcome::Failed { error, .. }] = outcomes.as_slice() else {
                panic!("expected one failure, got {outcomes:?}");
            };
            assert!(error.contains(&path.display().to_string()), "{error}");
            assert!(error.contains("ermission denied"), "{error}");
            assert_eq!(on_disk(&path), before);
            assert_eq!(names_in(&folder), ["a.toml"]);
        } else {
            eprintln!("read-only folders are writable here (root?): failure not checked");
        }
        set_mode(0o755);
        writer.retry_failed();
        writer.flush();
        assert!(on_disk(&path)[0].has_tag("after"));
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
        assert_eq!(names_in(&folder), [".gloss.lock", "a.toml"]);
    }
}
