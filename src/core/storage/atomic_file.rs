//! The one way gloss replaces a file it keeps (annotation files, `tags.toml`, marks, positions,
//! the rename journal, exports, imports): whole or not at all, on disk before it is reported
//! written; and the one way it updates such a file that another gloss may write too: under the
//! folder's [`FolderLock`], read what the file holds now, merge, replace.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use atomic_write_file::AtomicWriteFile;

use crate::core::storage::lock::FolderLock;

/// Replaces the file at `path` (creating its folder) with `contents`, so that a crash at any
/// moment leaves either the old file or the new one, whole. See [`write_with`].
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, |out| out.write_all(contents))
}

/// Replaces the file at `path` (creating its folder) with what `write` writes, through a buffer
/// as it is made; the file appears only once `write` has succeeded.
///
/// `atomic-write-file` 0.3 (checked in its source) writes a temporary file in the same folder,
/// and its `commit` `fsync`s that file, renames it over `path`, then `fsync`s the folder, so
/// both the data and the rename are on disk when this returns. A failure inside `commit` (the
/// `fsync`, say on a full disk, or the rename) leaves the temporary file behind, and it is
/// removed here ([`crate::core::storage::leftovers::remove_of`]); callers writing a folder other
/// gloss processes write hold its lock, so that no other save's temporary file is taken for a
/// leftover. The file is not synced before `commit` as well: a second `fsync` of a 3.5 MB file
/// took 8–12 ms of each save. A process killed before the rename leaves the temporary file:
/// see [`crate::core::storage::leftovers`].
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_seekable(path, |out| write(out))
}

/// [`write_with`] for a writer that also seeks in the file being written (a zip archive, whose
/// directory is written last and points back into it).
pub fn write_seekable(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&mut AtomicWriteFile>) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let written = AtomicWriteFile::open(path).and_then(|mut file| {
        {
            let mut buffered = io::BufWriter::new(&mut file);
            write(&mut buffered)?;
            buffered.flush()?;
        }
        file.commit()
    });
    if written.is_err() {
        crate::core::storage::leftovers::remove_of(path);
    }
    written
}

/// Locks the folder of `path` (creating it), waiting up to `patience` for another holder.
pub fn lock_folder_of(path: &Path, patience: Duration) -> io::Result<FolderLock> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)?;
    FolderLock::acquire(folder, patience)
}

/// Updates the file at `path` that other gloss processes may write too: under its folder's lock
/// (waiting up to `patience`), `change` reads the file as it is now and returns the new contents
/// (merged with what it read; `None` leaves the file as it is) and a value for the caller; the
/// contents then replace the file with [`write`]. `io_error` turns a failure to lock or write
/// into the caller's error, which should name the file. Nothing is written when `change` fails.
pub fn update<R, E>(
    path: &Path,
    patience: Duration,
    io_error: impl Fn(io::Error) -> E,
    change: impl FnOnce() -> Result<(Option<String>, R), E>,
) -> Result<R, E> {
    let _lock = lock_folder_of(path, patience).map_err(&io_error)?;
    let (contents, value) = change()?;
    if let Some(contents) = contents {
        write(path, contents.as_bytes()).map_err(io_error)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_creates_the_folder_and_replaces_the_file_leaving_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.toml");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.toml"]);
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "before").unwrap();
        let err = write_with(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("broken"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "broken");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_update_writes_nothing_when_the_change_fails_and_holds_the_lock_while_changing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        let failed: io::Result<()> = update(
            &path,
            Duration::ZERO,
            |e| e,
            || {
                // Held: a second locker gives up at once.
                assert!(FolderLock::acquire(dir.path(), Duration::ZERO).is_err());
                Err(io::Error::other("no"))
            },
        );
        assert_eq!(failed.unwrap_err().to_string(), "no");
        assert!(!path.exists());
        let n: io::Result<usize> =
            update(&path, Duration::ZERO, |e| e, || Ok((Some("x".into()), 1)));
        assert_eq!(n.unwrap(), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
    }

    /// A write that fails at its last step (the rename over an immutable file) leaves no
    /// temporary file: `tags.toml` retried after such a failure would leave one each time.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        std::fs::write(&path, "before").unwrap();
        if !crate::core::storage::leftovers::set_immutable(&path, true) {
            eprintln!("chattr +i is not allowed here (not root?): not checked");
            return;
        }
        let failed = write(&path, b"after").is_err();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        crate::core::storage::leftovers::set_immutable(&path, false);
        assert!(failed);
        assert_eq!(names, ["tags.toml"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
    }
}
