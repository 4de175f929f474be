//! Many files replaced together (an export's folder of thousands), each whole or not at all as
//! [`atomic_file::write`](crate::core::storage::atomic_file::write) replaces one, but with one
//! sync for them all instead of two `fsync`s per file, which cost a brat export of 20,000 files
//! minutes.
//!
//! Each file is written to a temporary file beside it (`.<name>.XXXXXX`). [`Batch::commit`]
//! puts every temporary file on disk (one `syncfs` per file system on Linux, an `fsync` each
//! elsewhere), then renames each over its file, then `fsync`s each folder once. A crash before
//! the renames leaves every file as it was (and the temporary files); a crash among them leaves
//! each file old or new, never cut short, since what is renamed is already on disk.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Files written, not yet in place: see the module's documentation. Dropped without
/// [`Batch::commit`], it removes its temporary files and changes nothing.
#[derive(Default)]
pub struct Batch {
    /// Each temporary file with the path it replaces, in the order written.
    pending: Vec<(tempfile::TempPath, PathBuf)>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Writes `contents` to a temporary file beside `path` (creating its folder), to replace
    /// `path` at [`Batch::commit`].
    pub fn write(&mut self, path: &Path, contents: &[u8]) -> io::Result<()> {
        let folder = folder_of(path);
        std::fs::create_dir_all(folder)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let mut file = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .rand_bytes(6)
            .tempfile_in(folder)?;
        file.write_all(contents)?;
        self.pending.push((file.into_temp_path(), path.to_owned()));
        Ok(())
    }

    /// Puts every file written in place, on disk when this returns. On an error, the files
    /// not yet renamed are left as they were and their temporary files removed.
    pub fn commit(self) -> io::Result<()> {
        let mut folders: Vec<PathBuf> = self
            .pending
            .iter()
            .map(|(_, path)| folder_of(path).to_owned())
            .collect();
        folders.sort();
        folders.dedup();
        sync_written(&self.pending, &folders)?;
        for (temporary, path) in self.pending {
            temporary.persist(&path).map_err(|e| e.error)?;
        }
        for folder in &folders {
            std::fs::File::open(folder)?.sync_all()?;
        }
        Ok(())
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Puts the temporary files' contents on disk: on Linux with a `syncfs` of the file system of
/// each folder (several folders of one file system cost one sync: the later ones find nothing
/// to write).
#[cfg(target_os = "linux")]
fn sync_written(_: &[(tempfile::TempPath, PathBuf)], folders: &[PathBuf]) -> io::Result<()> {
    for folder in folders {
        rustix::fs::syncfs(std::fs::File::open(folder)?)?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_written(pending: &[(tempfile::TempPath, PathBuf)], _: &[PathBuf]) -> io::Result<()> {
    for (temporary, _) in pending {
        std::fs::File::open(temporary)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path().strip_prefix(dir).unwrap().display().to_string()
            })
            .collect();
        names.sort();
        names
    }

    /// A folder holding `a.txt` ("old"), and a batch that replaces it and adds `sub/b.ann`.
    fn written() -> (tempfile::TempDir, Batch) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "old").unwrap();
        let mut batch = Batch::new();
        batch.write(&dir.path().join("a.txt"), b"new a").unwrap();
        batch
            .write(&dir.path().join("sub/b.ann"), b"new b")
            .unwrap();
        (dir, batch)
    }

    fn read(dir: &tempfile::TempDir, name: &str) -> String {
        std::fs::read_to_string(dir.path().join(name)).unwrap()
    }

    #[test]
    fn files_appear_only_at_commit_and_replace_the_old_ones_whole() {
        let (dir, batch) = written();
        assert_eq!(read(&dir, "a.txt"), "old");
        assert!(!dir.path().join("sub/b.ann").exists());
        batch.commit().unwrap();
        assert_eq!(
            (read(&dir, "a.txt"), read(&dir, "sub/b.ann")),
            ("new a".into(), "new b".into())
        );
        assert_eq!(names(dir.path()), ["a.txt", "sub", "sub/b.ann"]);
    }

    #[test]
    fn a_batch_dropped_uncommitted_changes_nothing_and_leaves_no_temporary_file() {
        let (dir, batch) = written();
        assert_eq!(
            names(dir.path()).len(),
            4,
            "a.txt, sub and a temporary file in each"
        );
        drop(batch);
        assert_eq!(names(dir.path()), ["a.txt", "sub"]);
        assert_eq!(read(&dir, "a.txt"), "old");
    }
}
