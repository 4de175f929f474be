//! A document opened for reading: its canonical text, read and decoded once, with what makes
//! every keystroke a lookup: code point checkpoints, and the display lines and sentences, which
//! are found piece by piece as they are needed (see [`DisplayLines`], [`SentenceIndex`]) so
//! that the first screen of a large document comes at once; [`Document::index_in_background`]
//! finds the rest of the sentences.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::core::documents::display_lines::{DisplayLines, Joins};
use crate::core::documents::indexing_hold::IndexingHold;
use crate::core::documents::metadata::{self, Metadata};
use crate::core::documents::reflow::Reflow;
use crate::core::documents::sentence_index::SentenceIndex;
use crate::core::documents::text::{self, CharIndex, DecodeError, Decoded};
use crate::core::storage::file_stamp::FileStamp;

/// Largest document whose sentences are all found before its first frame: about 2 ms.
pub const INDEX_AT_ONCE_BYTES: usize = 64 * 1024;

#[derive(Debug)]
pub struct Document {
    /// Path relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    pub text: String,
    pub index: CharIndex,
    pub meta: Metadata,
    /// The encoding the file was read in (WHATWG name, `UTF-8` for most): see [`text::decode`].
    pub encoding: &'static str,
    /// Display lines: the text split at line breaks (the breaks excluded), hard-wrapped lines
    /// joined as [`reflow`](crate::core::documents::reflow) says, very long lines cut.
    lines: DisplayLines,
    sentences: SentenceIndex,
    /// The content hash, made when first asked for: a document without annotations never needs it.
    hash: OnceLock<String>,
    /// The stamp of its file taken just before [`Document::load`] read it (`None` for a text
    /// not read that way): the reader stats the file against it to see it changed on disk. A
    /// change during the read differs from it too, and has the file read once more.
    pub stamp: Option<FileStamp>,
    /// What [`Document::hold_indexing`] asks of the background indexing.
    held: IndexingHold,
}

/// Why a document's file cannot be had as text; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}; gloss reads text files only")]
    Decode { path: PathBuf, source: DecodeError },
}

/// Reads the file at `path` and decodes its bytes with `decode`: [`text::decode_owned`] for the
/// canonical text, [`text::as_written_owned`] for the text as written (which other tools count
/// positions in). The error names the file.
pub fn read_file(
    path: &Path,
    decode: fn(Vec<u8>) -> Result<Decoded, DecodeError>,
) -> Result<Decoded, DocumentError> {
    let bytes = std::fs::read(path).map_err(|source| DocumentError::Read {
        path: path.to_owned(),
        source,
    })?;
    decode(bytes).map_err(|source| DocumentError::Decode {
        path: path.to_owned(),
        source,
    })
}

impl Document {
    /// Reads and decodes the file once; valid UTF-8 is kept as read, without a copy.
    pub fn load(path: &Path, rel_path: &str, reflow: Reflow) -> Result<Document, DocumentError> {
        let stamp = FileStamp::of(path).ok().flatten();
        let decoded = read_file(path, text::decode_owned)?;
        Ok(Document {
            encoding: decoded.encoding,
            stamp,
            ..Document::with_reflow(rel_path, decoded.text, reflow)
        })
    }

    /// No sentence is found yet: they are found as they are asked for. Display lines are
    /// [`Reflow::Auto`]'s.
    pub fn from_text(rel_path: &str, text: String) -> Document {
        Document::with_reflow(rel_path, text, Reflow::Auto)
    }

    /// [`Document::from_text`] with display lines joined as `reflow` says.
    pub fn with_reflow(rel_path: &str, text: String, reflow: Reflow) -> Document {
        Document {
            rel_path: rel_path.to_owned(),
            index: CharIndex::new(&text),
            meta: metadata::extract(&text),
            encoding: "UTF-8",
            lines: DisplayLines::new(text.len(), Joins::of(&text, reflow)),
            sentences: SentenceIndex::new(text.len()),
            hash: OnceLock::new(),
            stamp: None,
            held: IndexingHold::default(),
            text,
        }
    }

    /// Hex SHA-256 of the text: see [`text::content_hash`].
    pub fn hash(&self) -> &str {
        self.hash.get_or_init(|| text::content_hash(&self.text))
    }

    /// Makes the content hash and finds the sentences not found yet on a thread of its own,
    /// which ends when it is done or when nothing but it holds the document any more (another
    /// one was opened). A document of at most [`INDEX_AT_ONCE_BYTES`] is indexed here and now,
    /// so that its numbers show at once. The hash is made first, so that the first annotation
    /// saved does not wait for it.
    pub fn index_in_background(doc: &Arc<Document>) {
        if doc.text.len() <= INDEX_AT_ONCE_BYTES {
            doc.hash();
            doc.index_rest(|| true);
        }
        if doc.sentences.is_complete() {
            return;
        }
        let doc = Arc::clone(doc);
        std::thread::Builder::new()
            .name("index".into())
            .spawn(move || {
                doc.hash();
                doc.index_rest(|| {
                    doc.held.wait();
                    Arc::strong_count(&doc) > 1
                });
            })
            .expect("a thread can be started");
    }

    /// Has the background indexing ([`Document::index_in_background`]) wait, between two pieces
    /// of 4 KB, until `time` from now: the reader asks it at every key (see [`IndexingHold`]).
    pub fn hold_indexing(&self, time: std::time::Duration) {
        self.held.hold(time);
    }

    /// Finds every sentence not found yet, asking `go_on` before each piece.
    pub fn index_rest(&self, go_on: impl FnMut() -> bool) {
        self.sentences.index_all(&self.text, go_on);
    }

    /// How far finding the sentences is, in percent, while it is not done.
    pub fn indexing(&self) -> Option<usize> {
        let (done, total) = self.sentences.progress();
        (done < total).then(|| done * 100 / total)
    }

    /// Every sentence, in order, found now if need be: for whole-document work off the reader.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        self.sentences.all(&self.text)
    }

    /// The number of sentences, once all are found.
    pub fn sentence_count(&self) -> Option<usize> {
        self.sentences.count()
    }

    /// The 0-based number of the sentence `span`, once all are found.
    pub fn sentence_number(&self, span: &Range<usize>) -> Option<usize> {
        self.sentences.ordinal(&self.text, span.start)
    }

    /// The display line holding byte `offset`: see [`DisplayLines::at`].
    pub fn line_at(&self, offset: usize) -> Range<usize> {
        self.lines.at(&self.text, offset)
    }

    /// The display line after `line` (a display line), if any.
    pub fn next_line(&self, line: &Range<usize>) -> Option<Range<usize>> {
        self.lines.next(&self.text, line)
    }

    /// The display line before `line` (a display line), if any.
    pub fn previous_line(&self, line: &Range<usize>) -> Option<Range<usize>> {
        self.lines.previous(&self.text, line)
    }

    pub fn last_line(&self) -> Range<usize> {
        self.lines.last(&self.text)
    }

    /// The sentence holding byte `offset`, or the nearest one after it (else the last).
    pub fn sentence_at(&self, offset: usize) -> Option<Range<usize>> {
        self.sentences.at(&self.text, offset)
    }

    /// The sentence after `span` (a sentence), if any.
    pub fn next_sentence(&self, span: &Range<usize>) -> Option<Range<usize>> {
        self.sentences.next(&self.text, span.start)
    }

    /// The sentence before `span` (a sentence), if any.
    pub fn previous_sentence(&self, span: &Range<usize>) -> Option<Range<usize>> {
        self.sentences.previous(&self.text, span.start)
    }

    /// The sentence `delta` sentences from `span` (a sentence), stopping at either end.
    pub fn sentence_from(&self, span: &Range<usize>, delta: isize) -> Range<usize> {
        let mut at = span.clone();
        for _ in 0..delta.unsigned_abs() {
            let step = if delta > 0 {
                self.next_sentence(&at)
            } else {
                self.previous_sentence(&at)
            };
            match step {
                Some(s) => at = s,
                None => break,
            }
        }
        at
    }

    pub fn first_sentence(&self) -> Option<Range<usize>> {
        self.sentences.first(&self.text)
    }

    pub fn last_sentence(&self) -> Option<Range<usize>> {
        self.sentences.last(&self.text)
    }

    /// The sentences overlapping `span`, in order.
    pub fn sentences_in(&self, span: Range<usize>) -> Vec<Range<usize>> {
        self.sentences.overlapping(&self.text, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_exclude_breaks_and_keep_blank_lines() {
        let doc = Document::from_text("a.txt", "One.\n\nTwo 中文。\n".into());
        let lines: Vec<&str> = std::iter::successors(Some(doc.line_at(0)), |l| doc.next_line(l))
            .map(|l| &doc.text[l])
            .collect();
        assert_eq!(lines, ["One.", "", "Two 中文。", ""]);
        assert_eq!(doc.line_at(4), 0..4);
        assert_eq!(doc.line_at(5), 5..5);
        assert_eq!(doc.last_line(), doc.text.len()..doc.text.len());
        assert_eq!(doc.previous_line(&(5..5)), Some(0..4));
    }

    #[test]
    fn sentence_lookup() {
        let doc = Document::from_text("a.txt", "First one. Second one.\n\nThird.".into());
        assert_eq!(doc.indexing(), Some(0));
        assert_eq!(doc.sentence_count(), None);
        assert_eq!(doc.sentence_at(0), Some(0..10));
        assert_eq!(doc.sentence_at(10), Some(11..22));
        assert_eq!(doc.sentence_at(doc.text.len()), Some(24..30));
        assert_eq!(doc.sentences_in(3..13), [0..10, 11..22]);
        assert_eq!(doc.sentence_from(&(0..10), 5), 24..30);
        assert_eq!(doc.sentence_from(&(24..30), -1), 11..22);
        // One piece, found by the first lookup.
        assert_eq!(doc.indexing(), None);
        assert_eq!(doc.sentence_count(), Some(3));
        assert_eq!(doc.sentence_number(&(24..30)), Some(2));
    }

    #[test]
    fn a_legacy_file_is_decoded_and_a_binary_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"caf\xe9 cr\xe8me").unwrap();
        let doc = Document::load(&path, "latin1.txt", Reflow::Auto).unwrap();
        assert_eq!(doc.text, "café crème");
        assert_eq!(doc.encoding, "windows-1252");
        std::fs::write(&path, b"\x7fELF\0\0").unwrap();
        let err = Document::load(&path, "latin1.txt", Reflow::Auto)
            .unwrap_err()
            .to_string();
        assert!(err.contains("latin1.txt"), "{err}");
        assert!(err.contains("binary"), "{err}");
    }
}
