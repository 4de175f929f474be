//! A document opened for reading: its canonical text indexed once (lines, sentences, code points)
//! so that everything done per keystroke is a lookup.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::core::metadata::{self, Metadata};
use crate::core::reflow::{self, Reflow};
use crate::core::sentences;
use crate::core::text::{self, CharIndex, DecodeError};

/// Lines longer than this are cut into pieces for display, so that wrapping one screen never has to
/// look at a whole megabyte-long line.
const MAX_LINE_BYTES: usize = 4096;

#[derive(Debug)]
pub struct Document {
    /// Path relative to the corpus folder, `/`-separated.
    pub rel_path: String,
    pub text: String,
    pub index: CharIndex,
    pub meta: Metadata,
    pub hash: String,
    /// The encoding the file was read in (WHATWG name, `UTF-8` for most): see [`text::decode`].
    pub encoding: &'static str,
    /// Display lines: the text split at line breaks (the breaks excluded), hard-wrapped lines
    /// joined as [`reflow`] says, very long lines cut.
    pub lines: Vec<Range<usize>>,
    pub sentences: Vec<Range<usize>>,
}

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

impl Document {
    pub fn load(path: &Path, rel_path: &str) -> Result<Document, DocumentError> {
        let bytes = std::fs::read(path).map_err(|source| DocumentError::Read {
            path: path.to_owned(),
            source,
        })?;
        let decoded = text::decode(&bytes).map_err(|source| DocumentError::Decode {
            path: path.to_owned(),
            source,
        })?;
        Ok(Document {
            encoding: decoded.encoding,
            ..Document::from_text(rel_path, decoded.text)
        })
    }

    pub fn from_text(rel_path: &str, text: String) -> Document {
        Document {
            rel_path: rel_path.to_owned(),
            index: CharIndex::new(&text),
            meta: metadata::extract(&text),
            hash: text::content_hash(&text),
            encoding: "UTF-8",
            lines: display_lines(&text, Reflow::Auto),
            sentences: sentences::split(&text),
            text,
        }
    }

    /// The document with its display lines reflowed as `reflow` says (they are [`Reflow::Auto`]'s
    /// until then).
    pub fn reflowed(mut self, reflow: Reflow) -> Document {
        if reflow != Reflow::Auto {
            self.lines = display_lines(&self.text, reflow);
        }
        self
    }

    /// The display line holding byte `offset` (the last line for the end of the text).
    pub fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.end < offset)
            .min(self.lines.len().saturating_sub(1))
    }

    /// The sentence holding byte `offset`, or the nearest one after it (else the last).
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        if self.sentences.is_empty() {
            return None;
        }
        Some(
            self.sentences
                .partition_point(|s| s.end <= offset)
                .min(self.sentences.len() - 1),
        )
    }

    /// The sentences overlapping `span`, as an index range.
    pub fn sentences_in(&self, span: Range<usize>) -> Range<usize> {
        let first = self.sentences.partition_point(|s| s.end <= span.start);
        let last = self.sentences.partition_point(|s| s.start < span.end);
        first..last.max(first)
    }
}

fn display_lines(text: &str, reflow: Reflow) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    for line in reflow::display_lines(text, reflow) {
        let end = line.end;
        let mut from = line.start;
        while end - from > MAX_LINE_BYTES {
            let mut cut = from + MAX_LINE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            if let Some(space) = text[from..cut].rfind([' ', '\n']) {
                cut = from + space + 1;
            }
            lines.push(from..cut);
            from = cut;
        }
        lines.push(from..end);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_exclude_breaks_and_keep_blank_lines() {
        let doc = Document::from_text("a.txt", "One.\n\nTwo 中文。\n".into());
        let lines: Vec<&str> = doc.lines.iter().map(|l| &doc.text[l.clone()]).collect();
        assert_eq!(lines, ["One.", "", "Two 中文。", ""]);
        assert_eq!(doc.line_at(0), 0);
        assert_eq!(doc.line_at(4), 0);
        assert_eq!(doc.line_at(5), 1);
        assert_eq!(doc.line_at(doc.text.len()), 3);
    }

    #[test]
    fn very_long_lines_are_cut_at_spaces_on_char_boundaries() {
        let text = "中文 word ".repeat(2000);
        let doc = Document::from_text("long.txt", text.clone());
        assert!(doc.lines.len() > 1);
        assert!(doc.lines.iter().all(|l| l.len() <= MAX_LINE_BYTES));
        let joined: String = doc.lines.iter().map(|l| &text[l.clone()]).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn sentence_lookup() {
        let doc = Document::from_text("a.txt", "First one. Second one.\n\nThird.".into());
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.sentence_at(0), Some(0));
        assert_eq!(doc.sentence_at(10), Some(1));
        assert_eq!(doc.sentence_at(doc.text.len()), Some(2));
        assert_eq!(doc.sentences_in(3..13), 0..2);
    }

    #[test]
    fn a_legacy_file_is_decoded_and_a_binary_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"caf\xe9 cr\xe8me").unwrap();
        let doc = Document::load(&path, "latin1.txt").unwrap();
        assert_eq!(doc.text, "café crème");
        assert_eq!(doc.encoding, "windows-1252");
        std::fs::write(&path, b"\x7fELF\0\0").unwrap();
        let err = Document::load(&path, "latin1.txt").unwrap_err().to_string();
        assert!(err.contains("latin1.txt"), "{err}");
        assert!(err.contains("binary"), "{err}");
    }
}
