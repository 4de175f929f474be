//! What identifies one version of a file without reading it, so that a file seen before is read
//! again only when it changed: the background writer's checks of annotation files, and the
//! documents whose content hash is remembered.

use std::path::Path;

/// Size, modification and change times, inode. Another gloss replaces a file by renaming a new
/// one over it, which always has another inode; a tool that rewrites a file in place changes its
/// times, and nothing but the system sets the change time. The one change this misses is a
/// rewrite in place to the same size within the file system's clock tick (a few milliseconds) of
/// the moment the file was read, as for `make` or `rsync`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Bytes.
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    /// Inode, and change time in seconds and nanoseconds.
    #[cfg(unix)]
    pub inode_and_ctime: (u64, i64, i64),
}

impl FileStamp {
    /// The stamp of the file at `path`; `None` when there is no file, an error when it cannot
    /// be told.
    pub fn of(path: &Path) -> std::io::Result<Option<FileStamp>> {
        match std::fs::metadata(path) {
            Ok(meta) => Ok(Some(FileStamp::of_metadata(&meta))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The stamp of the file `meta` describes (of a file already open, say).
    pub fn of_metadata(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt as _;
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode_and_ctime: (meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}
