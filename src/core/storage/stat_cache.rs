//! What reading a document and its annotation file taught gloss, kept by [`FileStamp`] in
//! `annotations/.gloss-cache/`, so that a document unchanged since costs a `stat` instead of a
//! read and a SHA-256: `gloss check` of a corpus where nothing changed reads the annotation files
//! only.
//!
//! Nothing in the cache is believed beyond what its stamps vouch for. A record is used only while
//! the stamp of its document (and, for what concerns the annotations, of the annotation file) is
//! the one it was made with: size, modification time to the nanosecond, inode and change time, so
//! that touching a file, or editing it and setting its modification time back, is seen. A cache
//! file that does not begin with this version's line, or whose body's SHA-256 is not the one that
//! line gives, is ignored and replaced whole; so is one that cannot be read. A file changed less
//! than [`SLACK`] before it was read is not recorded: a second change within the file system's
//! clock tick, to the same size, would keep its whole stamp (git's "racy" files), and only the
//! passing of time rules that out.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::core::storage::file_stamp::FileStamp;

/// The cache's folder in the annotations folder; hidden, so that nothing looking for annotation
/// files finds it, and ignored by git through a `.gitignore` of its own.
pub const DIR: &str = ".gloss-cache";
const FILE: &str = "documents";
/// The first line's start: what the file is, and the version of its body.
const MAGIC: &str = "gloss stat cache 1";
/// How long before it was read a file must have last changed for its stamp to be recorded: more
/// than the coarsest clock tick of common file systems (FAT's 2 s).
pub const SLACK: Duration = Duration::from_secs(3);

/// What is known of one document, by its path relative to the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// The document's stamp when it was read.
    pub document: FileStamp,
    /// The SHA-256 of its canonical text (`text::content_hash`'s form, `sha256:<hex>`).
    pub content_hash: String,
    /// The stamp of an annotation file whose annotations were all in place in that text: the
    /// hash it records is `content_hash` and every annotation's quote stands at its offsets (or
    /// it is an orphan or a guess, which stay where they are), so that placing them again would
    /// change nothing. `None` when that is not known.
    pub in_place: Option<FileStamp>,
}

/// The cache of one annotations folder, as read at start; see the module's documentation.
#[derive(Debug, Default)]
pub struct StatCache {
    known: HashMap<String, Known>,
    /// Whether `known` differs from the file.
    changed: bool,
}

impl StatCache {
    /// The cache kept in `annotations_dir`; empty when there is none, or when it cannot be read
    /// or is not one this gloss wrote whole.
    pub fn load(annotations_dir: &Path) -> StatCache {
        let read = std::fs::read(path(annotations_dir));
        if read
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return StatCache::default();
        }
        match read.ok().and_then(|bytes| parse(&bytes)) {
            Some(known) => StatCache {
                known,
                changed: false,
            },
            // Replaced at the next save, even with nothing new in it.
            None => StatCache {
                known: HashMap::new(),
                changed: true,
            },
        }
    }

    /// The content hash of the document `rel`, if it was recorded with the stamp `document`.
    pub fn hash(&self, rel: &str, document: &FileStamp) -> Option<&str> {
        self.known
            .get(rel)
            .filter(|k| k.document == *document)
            .map(|k| k.content_hash.as_str())
    }

    /// Whether the annotation file of `rel`, at stamp `annotations`, was found all in place in
    /// the document at stamp `document` (see [`Known::in_place`]).
    pub fn in_place(&self, rel: &str, document: &FileStamp, annotations: &FileStamp) -> bool {
        self.known
            .get(rel)
            .is_some_and(|k| k.document == *document && k.in_place.as_ref() == Some(annotations))
    }

    /// Records `known` for the document `rel`, read after `now`, unless one of its stamps is
    /// too recent to vouch for the content (see [`SLACK`]); a record with a recent annotation
    /// file keeps the document's hash.
    pub fn record(&mut self, rel: &str, mut known: Known, now: SystemTime) {
        if !settled(&known.document, now) {
            return;
        }
        if known.in_place.as_ref().is_some_and(|s| !settled(s, now)) {
            known.in_place = None;
        }
        if self.known.get(rel) != Some(&known) {
            self.known.insert(rel.to_owned(), known);
            self.changed = true;
        }
    }

    /// Forgets the documents for which `keep` is false (those no longer in the corpus).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        let before = self.known.len();
        self.known.retain(|rel, _| keep(rel));
        self.changed |= self.known.len() != before;
    }

    /// Writes the cache into `annotations_dir` if it changed, replacing the file whole (a
    /// temporary file renamed over it, not synced: a cache lost in a crash is only rebuilt, and
    /// one cut short fails its checksum), with a `.gitignore` that keeps the folder out of git.
    /// An annotations folder that does not exist is not created.
    pub fn save(&self, annotations_dir: &Path) -> std::io::Result<()> {
        if !self.changed || !annotations_dir.is_dir() {
            return Ok(());
        }
        let dir = annotations_dir.join(DIR);
        std::fs::create_dir_all(&dir)?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "*\n")?;
        }
        let mut sorted: Vec<(&String, &Known)> = self.known.iter().collect();
        sorted.sort_by_key(|(rel, _)| *rel);
        let body = serde_json::to_vec(&sorted).map_err(std::io::Error::other)?;
        let mut file = tempfile::NamedTempFile::new_in(&dir)?;
        writeln!(file, "{MAGIC} {}", digest(&body))?;
        file.write_all(&body)?;
        file.persist(dir.join(FILE)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where the cache of `annotations_dir` is kept.
pub fn path(annotations_dir: &Path) -> PathBuf {
    annotations_dir.join(DIR).join(FILE)
}

/// The records of a cache file's bytes, if they are a whole cache of this version.
fn parse(bytes: &[u8]) -> Option<HashMap<String, Known>> {
    let newline = memchr::memchr(b'\n', bytes)?;
    let (first, body) = (&bytes[..newline], &bytes[newline + 1..]);
    let expected = std::str::from_utf8(first).ok()?.strip_prefix(MAGIC)?;
    if expected.strip_prefix(' ')? != digest(body) {
        return None;
    }
    let records: Vec<(String, Known)> = serde_json::from_slice(body).ok()?;
    Some(records.into_iter().collect())
}

fn digest(body: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a file with stamp `stamp` had stopped changing [`SLACK`] before `now`.
fn settled(stamp: &FileStamp, now: SystemTime) -> bool {
    let Some(before) = now.checked_sub(SLACK) else {
        return false;
    };
    let modified = stamp.modified.is_some_and(|m| m <= before);
    #[cfg(unix)]
    let changed = {
        let (_, secs, nanos) = stamp.inode_and_ctime;
        let ctime = u64::try_from(secs)
            .ok()
            .map(|s| SystemTime::UNIX_EPOCH + Duration::new(s, nanos.clamp(0, 999_999_999) as u32));
        ctime.is_some_and(|c| c <= before)
    };
    #[cfg(not(unix))]
    let changed = true;
    modified && changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp_of(path: &Path) -> FileStamp {
        FileStamp::of(path).unwrap().unwrap()
    }

    /// Later than any file a test makes by more than [`SLACK`].
    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(60)
    }

    #[test]
    fn records_come_back_only_for_the_stamps_they_were_made_with() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.txt");
        let notes = dir.path().join("a.txt.toml");
        std::fs::write(&doc, "text").unwrap();
        std::fs::write(&notes, "format = 1").unwrap();
        let mut cache = StatCache::load(dir.path());
        let known = Known {
            document: stamp_of(&doc),
            content_hash: "sha256:ab".into(),
            in_place: Some(stamp_of(&notes)),
        };
        cache.record("a.txt", known, later());
        cache.save(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gloss-cache/.gitignore")).unwrap(),
            "*\n"
        );
        let cache = StatCache::load(dir.path());
        assert_eq!(cache.hash("a.txt", &stamp_of(&doc)), Some("sha256:ab"));
        assert!(cache.in_place("a.txt", &stamp_of(&doc), &stamp_of(&notes)));
        assert_eq!(cache.hash("b.txt", &stamp_of(&doc)), None);
        // Rewritten to the same size: a new inode (or change time) says so.
        std::fs::write(dir.path().join("new"), "TEXT").unwrap();
        std::fs::rename(dir.path().join("new"), &doc).unwrap();
        assert_eq!(cache.hash("a.txt", &stamp_of(&doc)), None);
        assert!(!cache.in_place("a.txt", &stamp_of(&doc), &stamp_of(&notes)));
    }

    #[test]
    fn files_changed_too_recently_are_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.txt");
        std::fs::write(&doc, "text").unwrap();
        let known = Known {
            document: stamp_of(&doc),
            content_hash: "sha256:ab".into(),
            in_place: Some(stamp_of(&doc)),
        };
        let mut cache = StatCache::default();
        cache.record("a.txt", known.clone(), SystemTime::now());
        assert_eq!(cache.hash("a.txt", &known.document), None);
        // The document settled, its annotation file not: the hash alone is kept.
        let mut recent = stamp_of(&doc);
        recent.modified = Some(later());
        let known = Known {
            in_place: Some(recent.clone()),
            ..known
        };
        cache.record("a.txt", known.clone(), later());
        assert_eq!(cache.hash("a.txt", &known.document), Some("sha256:ab"));
        assert!(!cache.in_place("a.txt", &known.document, &recent));
    }

    #[test]
    fn a_cache_cut_short_edited_or_foreign_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.txt");
        std::fs::write(&doc, "text").unwrap();
        let mut cache = StatCache::load(dir.path());
        let known = Known {
            document: stamp_of(&doc),
            content_hash: "sha256:ab".into(),
            in_place: None,
        };
        cache.record("a.txt", known, later());
        cache.save(dir.path()).unwrap();
        let file = path(dir.path());
        let whole = std::fs::read(&file).unwrap();
        let edited = String::from_utf8(whole.clone())
            .unwrap()
            .replace("sha256:ab", "sha256:cd");
        let foreign =
            String::from_utf8(whole.clone())
                .unwrap()
                .replacen(MAGIC, "gloss stat cache 999", 1);
        for broken in [
            &whole[..whole.len() - 3],
            edited.as_bytes(),
            foreign.as_bytes(),
            b"",
            b"\xff\xfe\n{}",
        ] {
            std::fs::write(&file, broken).unwrap();
            let cache = StatCache::load(dir.path());
            assert_eq!(cache.hash("a.txt", &stamp_of(&doc)), None);
            cache.save(dir.path()).unwrap();
            assert!(
                parse(&std::fs::read(&file).unwrap()).is_some(),
                "replaced by a whole, empty cache"
            );
        }
    }
}
