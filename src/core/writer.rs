//! Saving files off the input path. The reader hands over a path and its new contents and carries
//! on; one background thread writes them, each atomically, so a keystroke never waits for the disk
//! and a crash never leaves a half-written annotation file.

use std::collections::{BTreeMap, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use atomic_write_file::AtomicWriteFile;

/// What became of a save, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    Saved {
        path: PathBuf,
    },
    /// `error` names the file and the OS error. The contents are kept: see
    /// [`Writer::retry_failed`].
    Failed {
        path: PathBuf,
        error: String,
    },
}

impl WriteOutcome {
    pub fn path(&self) -> &Path {
        match self {
            WriteOutcome::Saved { path } | WriteOutcome::Failed { path, .. } => path,
        }
    }
}

/// Writes files on a background thread, in the order given, the newest contents of each path
/// last. Dropping it waits for every queued save.
pub struct Writer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Contents waiting to be written, at most one entry per path.
    queue: VecDeque<(PathBuf, String)>,
    /// The path the thread is writing now, outside the lock.
    writing: Option<PathBuf>,
    /// Contents whose write failed and that no later save has replaced.
    failed: BTreeMap<PathBuf, String>,
    /// The latest outcome of each path, not yet handed out.
    outcomes: Vec<WriteOutcome>,
    closing: bool,
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
}

impl Writer {
    /// Starts the writing thread.
    pub fn spawn() -> Writer {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
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

    /// Queues `contents` to replace the file at `path`, creating missing folders. Returns at
    /// once. If an earlier save of the same path is still waiting, it is replaced, since only
    /// the newest contents matter; if one is being written, these are written after it.
    pub fn save(&self, path: PathBuf, contents: String) {
        let mut state = self.shared.lock();
        state.failed.remove(&path);
        match state.queue.iter_mut().find(|(p, _)| *p == path) {
            Some(waiting) => waiting.1 = contents,
            None => state.queue.push_back((path, contents)),
        }
        self.shared.changed.notify_all();
    }

    /// Queues again every save whose write failed, with the contents it had. Nothing is retried
    /// on its own: failed contents wait (see [`Writer::failed_paths`]) until this is called,
    /// typically when the user asks for it after fixing permissions or freeing space, or until
    /// the same path is saved again, which supersedes them.
    pub fn retry_failed(&self) {
        let mut state = self.shared.lock();
        let failed = std::mem::take(&mut state.failed);
        state.queue.extend(failed);
        self.shared.changed.notify_all();
    }

    /// Outcomes of the saves finished since the last call, at most one per path (the latest).
    /// Never blocks on I/O.
    pub fn try_outcomes(&self) -> Vec<WriteOutcome> {
        std::mem::take(&mut self.shared.lock().outcomes)
    }

    /// Waits until every queued save has been attempted, then returns the outcomes not yet
    /// handed out. Saves that fail are not retried: check [`Writer::failed_paths`] before quitting.
    pub fn flush(&self) -> Vec<WriteOutcome> {
        let mut state = self.shared.lock();
        while !state.queue.is_empty() || state.writing.is_some() {
            state = self.shared.wait(state);
        }
        std::mem::take(&mut state.outcomes)
    }

    /// Saves queued or being written ("saving…").
    pub fn saves_pending(&self) -> usize {
        let state = self.shared.lock();
        state.queue.len() + usize::from(state.writing.is_some())
    }

    /// Paths whose newest contents could not be written and are held for
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
    let mut state = shared.lock();
    loop {
        let Some((path, contents)) = state.queue.pop_front() else {
            if state.closing {
                return;
            }
            state = shared.wait(state);
            continue;
        };
        state.writing = Some(path.clone());
        drop(state);
        let result = write_atomically(&path, &contents);
        state = shared.lock();
        state.writing = None;
        let outcome = match result {
            Ok(()) => WriteOutcome::Saved { path: path.clone() },
            Err(e) => {
                let error = format!("cannot save {}: {e}", path.display());
                let superseded = state.queue.iter().any(|(p, _)| *p == path);
                if !superseded {
                    state.failed.insert(path.clone(), contents);
                }
                WriteOutcome::Failed {
                    path: path.clone(),
                    error,
                }
            }
        };
        // Only the current state of each file matters to the status bar, and keeping one
        // outcome per path bounds the list if nobody drains it.
        state.outcomes.retain(|o| o.path() != path);
        state.outcomes.push(outcome);
        shared.changed.notify_all();
    }
}

fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = AtomicWriteFile::open(path)?;
    file.write_all(contents.as_bytes())?;
    // Synced here although `commit` syncs too: if this fails (disk full), dropping `file`
    // removes the temporary file, whereas a failure inside `commit` would leave it behind.
    file.sync_all()?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_last_of_several_saves_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        let writer = Writer::spawn();
        for i in 0..200 {
            writer.save(a.clone(), format!("a {i}\n"));
            if i % 3 == 0 {
                writer.save(b.clone(), format!("b {i}\n"));
            }
        }
        let outcomes = writer.flush();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "a 199\n");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "b 198\n");
        let mut saved: Vec<&Path> = outcomes.iter().map(WriteOutcome::path).collect();
        saved.sort();
        assert_eq!(saved, [a.as_path(), b.as_path()]);
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, WriteOutcome::Saved { .. }))
        );
        assert_eq!(writer.try_outcomes(), []);
        assert_eq!(writer.saves_pending(), 0);
    }

    #[test]
    fn missing_parent_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports/2017/deep/a.txt.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), "x = 1\n".into());
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 1\n");
    }

    #[test]
    fn flush_waits_until_everything_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        let big = "é".repeat(1 << 19);
        let paths: Vec<PathBuf> = (0..16)
            .map(|i| dir.path().join(format!("sub{}/{i}.toml", i % 4)))
            .collect();
        for path in &paths {
            writer.save(path.clone(), format!("{big}{}", path.display()));
        }
        assert_eq!(writer.flush().len(), paths.len());
        assert_eq!(writer.saves_pending(), 0);
        for path in &paths {
            let on_disk = std::fs::read_to_string(path).unwrap();
            assert_eq!(on_disk, format!("{big}{}", path.display()));
        }
    }

    #[test]
    fn outcomes_arrive_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), "x".into());
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
        writer.save(path.clone(), "first".into());
        writer.save(path.clone(), "last".into());
        drop(writer);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "last");
    }

    #[test]
    fn no_temporary_files_are_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::spawn();
        for i in 0..50 {
            for name in ["a.toml", "b.toml", "c.toml"] {
                writer.save(dir.path().join(name), format!("{name} {i}"));
            }
            if i % 10 == 0 {
                writer.flush();
            }
        }
        writer.flush();
        assert_eq!(names_in(dir.path()), ["a.toml", "b.toml", "c.toml"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.toml")).unwrap(),
            "b.toml 49"
        );
    }

    /// A file where a folder should be fails even for root, unlike permissions.
    #[test]
    fn a_failed_save_is_kept_until_a_retry_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        std::fs::write(&blocker, "not a folder").unwrap();
        let path = blocker.join("a.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), "kept".into());
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
        assert_eq!(writer.failed_paths(), std::slice::from_ref(&path));

        writer.retry_failed();
        assert!(matches!(
            writer.flush().as_slice(),
            [WriteOutcome::Failed { .. }]
        ));
        assert_eq!(writer.failed_paths(), std::slice::from_ref(&path));

        std::fs::remove_file(&blocker).unwrap();
        writer.retry_failed();
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept");
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_later_save_supersedes_failed_contents() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("sub");
        std::fs::write(&blocker, "not a folder").unwrap();
        let path = blocker.join("a.toml");
        let writer = Writer::spawn();
        writer.save(path.clone(), "old".into());
        writer.flush();
        std::fs::remove_file(&blocker).unwrap();
        writer.save(path.clone(), "new".into());
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
        assert_eq!(writer.flush(), [WriteOutcome::Saved { path: path.clone() }]);
        writer.retry_failed();
        writer.flush();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_fails_naming_the_file_then_a_retry_succeeds() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("ro");
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("a.toml");
        std::fs::write(&path, "before").unwrap();
        let set_mode = |mode| {
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        set_mode(0o555);
        // Root writes into read-only folders anyway; then there is no failure to observe.
        let probe = folder.join("probe");
        let enforced = std::fs::write(&probe, "").is_err();
        let _ = std::fs::remove_file(&probe);

        let writer = Writer::spawn();
        writer.save(path.clone(), "after".into());
        let outcomes = writer.flush();
        if enforced {
            let [WriteOutcome::Failed { error, .. }] = outcomes.as_slice() else {
                panic!("expected one failure, got {outcomes:?}");
            };
            assert!(error.contains(&path.display().to_string()), "{error}");
            assert!(error.contains("ermission denied"), "{error}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
            assert_eq!(names_in(&folder), ["a.toml"]);
        } else {
            eprintln!("read-only folders are writable here (root?): failure not checked");
        }
        set_mode(0o755);
        writer.retry_failed();
        writer.flush();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "after");
        assert_eq!(writer.failed_paths(), Vec::<PathBuf>::new());
        assert_eq!(names_in(&folder), ["a.toml"]);
    }
}
