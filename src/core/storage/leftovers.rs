//! Temporary files left in the annotations folder by a gloss that was killed while saving.
//!
//! The writer (through `atomic-write-file`) writes `<name>.toml` as a temporary file named
//! `.<name>.toml.XXXXXX` (six random letters or digits) in the same folder and renames it over
//! the real one. A process killed before the rename leaves that temporary file behind. gloss
//! never reads such files, but they pile up and look like data, so they are removed at start-up.
//!
//! A temporary file only exists while its writer holds the folder's [`FolderLock`], so one found
//! while holding the lock belongs to a writer that died: removing it cannot break a save in
//! progress, even with another gloss running on the same corpus.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::storage::lock::FolderLock;

/// Removes the leftover temporary files under `annotations_dir` and returns their paths. A
/// folder that is locked by a gloss saving right now, or that cannot be read or written, is
/// left alone: its leftovers are harmless and go next time.
pub fn remove(annotations_dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let folders = walkdir::WalkDir::new(annotations_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir());
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder.path()) else {
            continue;
        };
        let leftovers: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| is_leftover(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect();
        if leftovers.is_empty() {
            continue;
        }
        let Ok(_lock) = FolderLock::acquire(folder.path(), Duration::ZERO) else {
            continue;
        };
        for path in leftovers {
            if std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// Removes the temporary files of saves of `path` left in its folder, for a save that just
/// failed: `atomic-write-file` removes its temporary file when a write fails, but not when the
/// last step (the rename over `path`) does, and every retry would leave another. Only to be
/// called while holding the folder's [`FolderLock`], so that none of them is a save in
/// progress. What cannot be removed is left for [`remove`] at the next start.
pub fn remove_of(path: &Path) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if temporary_of(&entry.file_name().to_string_lossy()) == Some(&*name.to_string_lossy()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `.<name>.toml.XXXXXX`, the name `atomic-write-file` gives the temporary file of
/// `<name>.toml`.
fn is_leftover(file_name: &str) -> bool {
    temporary_of(file_name)
        .is_some_and(|target| target.len() > ".toml".len() && target.ends_with(".toml"))
}

/// The name of the file whose temporary file `file_name` is, if it is one: `<target>` for
/// `.<target>.XXXXXX` (six letters or digits).
fn temporary_of(file_name: &str) -> Option<&str> {
    let (target, suffix) = file_name.strip_prefix('.')?.rsplit_once('.')?;
    let random = suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric());
    (random && !target.is_empty()).then_some(target)
}

/// Marks `path` immutable (`chattr +i`) or not, for tests of a write whose last step, the rename
/// over `path`, fails: even root cannot rename over an immutable file. Whether it could (only
/// root may, on a file system that has the attribute).
#[cfg(all(test, target_os = "linux"))]
pub(crate) fn set_immutable(path: &Path, on: bool) -> bool {
    std::process::Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Leaves the temporary file `atomic-write-file` makes for `path`, as a killed process
    /// would: the test fails if the crate ever names it differently.
    fn abandon_a_save_of(path: &Path) {
        let mut file = atomic_write_file::AtomicWriteFile::open(path).unwrap();
        file.write_all(b"half a fi").unwrap();
        // Neither committed nor discarded, as when the process dies here.
        std::mem::forget(file);
    }

    #[test]
    fn leftovers_of_killed_saves_go_and_everything_else_stays() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("reports/2017");
        std::fs::create_dir_all(&sub).unwrap();
        for (folder, name) in [(dir.path(), "a.txt.toml"), (sub.as_path(), "b.md.toml")] {
            std::fs::write(folder.join(name), "format = 1\n").unwrap();
            abandon_a_save_of(&folder.join(name));
        }
        abandon_a_save_of(&dir.path().join("never-saved.txt.toml"));
        for keep in [
            ".gloss.lock",
            ".keep",
            ".a.txt.toml",
            ".a.txt.toml.bak",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(keep), "").unwrap();
        }
        assert_eq!(names_in(dir.path()).len(), 9);

        let removed = remove(dir.path());
        assert_eq!(removed.len(), 3, "{removed:?}");
        assert_eq!(
            names_in(dir.path()),
            [
                ".a.txt.toml",
                ".a.txt.toml.bak",
                ".gloss.lock",
                ".keep",
                "a.txt.toml",
                "notes.txt",
                "reports"
            ]
        );
        assert_eq!(names_in(&sub), [".gloss.lock", "b.md.toml"]);
    }

    #[test]
    fn a_folder_locked_by_a_running_save_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let held = FolderLock::acquire(dir.path(), Duration::ZERO).unwrap();
        abandon_a_save_of(&dir.path().join("a.txt.toml"));
        assert_eq!(remove(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(names_in(dir.path()).len(), 2);
        drop(held);
        assert_eq!(remove(dir.path()).len(), 1);
        assert_eq!(names_in(dir.path()), [".gloss.lock"]);
    }

    #[test]
    fn a_missing_folder_is_nothing_to_clean() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(remove(&dir.path().join("absent")), Vec::<PathBuf>::new());
    }

    #[test]
    fn only_the_temporary_files_of_the_path_go() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt.toml", "b.txt.toml"] {
            abandon_a_save_of(&dir.path().join(name));
            abandon_a_save_of(&dir.path().join(name));
        }
        std::fs::write(dir.path().join(".a.txt.toml.bak"), "").unwrap();
        remove_of(&dir.path().join("a.txt.toml"));
        let left = names_in(dir.path());
        assert_eq!(left.len(), 3, "{left:?}");
        assert!(left.contains(&".a.txt.toml.bak".to_owned()));
        assert!(
            left.iter()
                .filter(|n| n.starts_with(".b.txt.toml."))
                .count()
                == 2
        );
    }

    #[test]
    fn names() {
        assert!(is_leftover(".001_bcba7e35c127046e.txt.toml.a1B2c3"));
        assert!(!is_leftover(".001.txt.toml.a1B2c"));
        assert!(!is_leftover(".001.txt.toml.a1B2c3d"));
        assert!(!is_leftover(".001.txt.toml.a1-2c3"));
        assert!(!is_leftover("001.txt.toml.a1B2c3"));
        assert!(!is_leftover("..toml.a1B2c3"));
        assert!(!is_leftover(".001.txt.a1B2c3"));
    }
}
