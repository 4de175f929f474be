//! An advisory lock on a folder of annotation files, held by whoever reads, merges and replaces
//! one of them, so that two gloss processes never write the same folder at once.
//!
//! The lock is taken on a separate, empty file, `.gloss.lock`, in the folder: a lock on an
//! annotation file itself would be lost when the atomic replace renames a new file over it. One
//! lock per folder rather than per file keeps the folder tidy (one hidden file) and also covers
//! the writer's temporary files, which [`crate::core::storage::leftovers`] relies on. The file is never
//! removed: removing a lock file while another process waits on it would let two hold "the"
//! lock on different files.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const LOCK_FILE: &str = ".gloss.lock";

/// Held until dropped; the operating system also releases it if the process dies.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Locks `dir`, waiting up to `patience` for another holder to finish.
    pub fn acquire(dir: &Path, patience: Duration) -> io::Result<FolderLock> {
        let path = lock_path(dir);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        let deadline = Instant::now() + patience;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FolderLock { _file: file }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another program has held {} for over {} s; if no other gloss is \
                             running there, something else keeps it locked",
                            path.display(),
                            patience.as_secs_f32()
                        ),
                    ));
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}

pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join(LOCK_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up_naming_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let started = Instant::now();
        let err = FolderLock::acquire(dir.path(), Duration::from_millis(200)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
        assert!(
            err.to_string()
                .contains(&lock_path(dir.path()).display().to_string()),
            "{err}"
        );
        drop(first);
        FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
    }

    #[test]
    fn a_waiting_holder_gets_the_lock_once_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let path = dir.path().to_owned();
        let waiter =
            std::thread::spawn(move || FolderLock::acquire(&path, Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
        waiter.join().unwrap().unwrap();
    }

    #[test]
    fn the_lock_file_stays_and_is_the_only_file_made() {
        let dir = tempfile::tempdir().unwrap();
        drop(FolderLock::acquire(dir.path(), Duration::ZERO).unwrap());
        drop(FolderLock::acquire(dir.path(), Duration::ZERO).unwrap());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [LOCK_FILE]);
    }
}
