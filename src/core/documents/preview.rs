//! The first and the last piece of a large document's file, read to show it before the whole
//! file is read and checked: the first screen, or the end, of a 50 MB file then costs two reads
//! of [`PIECE_BYTES`], as `less` does, and not the whole file (which the reader reads on a thread
//! meanwhile). The file is not memory-mapped: an editor truncating it while it is open would
//! then kill gloss.
//!
//! A preview is a [`Document`] of the two pieces joined by a blank paragraph: what lies away
//! from the cuts ([`Cuts::shows_as_whole`]) is shown as the whole document shows it. Its
//! offsets are those of the whole document's canonical text in the first piece; in the last
//! piece they are those the whole will have if no line break between the pieces is a CR (a guess
//! that the caller checks once the whole is read, see [`Cuts::in_whole`]).

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use crate::core::documents::document::Document;
use crate::core::documents::reflow::Reflow;
use crate::core::documents::text;

/// Bytes read from each end of the file.
pub const PIECE_BYTES: usize = 64 * 1024;

/// Files up to this size are read whole before their first screen (a few milliseconds).
pub const READ_WHOLE_UP_TO: u64 = 4 * 1024 * 1024;

/// Bytes next to a cut that a preview does not show: a paragraph cut there is split into
/// sentences, and its lines joined, otherwise than in the whole text.
pub const MARGIN: usize = 16 * 1024;

/// What joins the two pieces: a paragraph of its own, so that neither piece's last or first
/// paragraph runs into the other.
const GAP: &str = "\n\n…\n\n";

#[derive(Debug)]
pub struct Preview {
    pub doc: Document,
    pub cuts: Cuts,
}

/// Where a preview's pieces lie in the whole document.
#[derive(Debug, Clone)]
pub struct Cuts {
    /// Bytes of the preview's text that are the start of the whole canonical text.
    head: usize,
    /// Code points in them.
    head_chars: usize,
    /// Where the last piece starts in `doc.text`, and where it is expected to start in the whole
    /// canonical text; `None` when only the first piece is shown.
    tail: Option<(usize, usize)>,
    /// The whole canonical text's expected length, in bytes.
    whole_len: usize,
}

impl Preview {
    /// The preview of the file at `path` (`rel_path` in the corpus) if it is larger than
    /// `read_whole_up_to` bytes and its first piece is UTF-8 text; `None` when the file is to be
    /// read whole first (small, UTF-16, or not UTF-8, whose offsets its first piece cannot tell).
    /// The last piece is shown only when it is UTF-8 and neither piece has a CR, so that its
    /// offsets in the whole are likely known.
    pub fn read(
        path: &Path,
        rel_path: &str,
        reflow: Reflow,
        read_whole_up_to: u64,
    ) -> std::io::Result<Option<Preview>> {
        let mut file = std::fs::File::open(path)?;
        let file_len = file.metadata()?.len();
        if file_len <= read_whole_up_to {
            return Ok(None);
        }
        let first = read_piece(&mut file, 0, PIECE_BYTES)?;
        if first.starts_with(&[0xFF, 0xFE]) || first.starts_with(&[0xFE, 0xFF]) {
            return Ok(None);
        }
        let bom = if first.starts_with("\u{feff}".as_bytes()) {
            3
        } else {
            0
        };
        let Some(head) = utf8_piece(&first[bom..], true) else {
            return Ok(None);
        };
        // A CR cut off from the LF after it would be read as a line break of its own.
        let head = head.strip_suffix('\r').unwrap_or(head);
        let whole_len = usize::try_from(file_len).unwrap_or(usize::MAX) - bom;
        let tail_from = file_len.saturating_sub(PIECE_BYTES as u64);
        let tail = if tail_from > PIECE_BYTES as u64
            && memchr::memchr(b'\r', first.as_slice()).is_none()
        {
            let last = read_piece(&mut file, tail_from, PIECE_BYTES)?;
            // The piece starts after the rest of a character cut in two.
            let skip = last
                .iter()
                .take(3)
                .take_while(|&&b| b & 0xC0 == 0x80)
                .count();
            utf8_piece(&last[skip..], false)
                .filter(|t| memchr::memchr(b'\r', t.as_bytes()).is_none())
                .map(|t| (t.to_owned(), tail_from as usize + skip - bom))
        } else {
            None
        };
        let mut text = text::canonical(head);
        let head_len = text.len();
        let tail = tail.map(|(piece, base)| {
            text.push_str(GAP);
            let at = text.len();
            text.push_str(&piece);
            (at, base)
        });
        let doc = Document::with_reflow(rel_path, text, reflow);
        let cuts = Cuts {
            head: head_len,
            head_chars: doc.index.byte_to_char(&doc.text, head_len),
            tail,
            whole_len,
        };
        Ok(Some(Preview { doc, cuts }))
    }
}

impl Cuts {
    /// The whole canonical text's expected length, in bytes: the file's, without a byte-order
    /// mark (CRs, and text in another encoding, make it less, or more).
    pub fn whole_len(&self) -> usize {
        self.whole_len
    }

    /// Where byte `at` of the preview is expected in the whole canonical text. Exact in the
    /// first piece; in the last, exact unless the text between the pieces had CRs or was not
    /// UTF-8, which the caller checks by comparing the texts.
    pub fn in_whole(&self, at: usize) -> usize {
        match self.tail {
            Some((start, base)) if at >= start => at - start + base,
            _ => at.min(self.head),
        }
    }

    /// [`Cuts::in_whole`] of a range of the preview.
    pub fn range_in_whole(&self, range: &Range<usize>) -> Range<usize> {
        self.in_whole(range.start)..self.in_whole(range.end)
    }

    /// Whether `range` (bytes of the preview) is shown as the whole document shows it: it lies
    /// at least [`MARGIN`] away from the cuts.
    pub fn shows_as_whole(&self, range: &Range<usize>) -> bool {
        let in_head = range.end.saturating_add(MARGIN) <= self.head;
        let in_tail = self
            .tail
            .is_some_and(|(start, _)| range.start >= start + MARGIN);
        in_head || in_tail
    }

    /// Whether byte `at` of the preview lies in the first piece, where its code point offset is
    /// the whole document's.
    pub fn in_first_piece(&self, at: usize) -> bool {
        at <= self.head
    }

    /// Code points in the first piece: an annotation ending at or before this is placed in the
    /// preview as in the whole (if the document did not change since it was made).
    pub fn head_chars(&self) -> usize {
        self.head_chars
    }
}

/// `len` bytes (fewer at the end of the file) from byte `from` of `file`.
fn read_piece(file: &mut std::fs::File, from: u64, len: usize) -> std::io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(from))?;
    // Read into a buffer of the piece's size: `read_to_end` would grow it to twice that to see
    // the end of the file.
    let mut bytes = vec![0; len];
    let mut filled = 0;
    while filled < len {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// `bytes` as UTF-8 text without NUL bytes, but for a character cut in two at its end when
/// `cut_at_end`; `None` when they are anything else.
fn utf8_piece(bytes: &[u8], cut_at_end: bool) -> Option<&str> {
    if memchr::memchr(0, bytes).is_some() {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) if cut_at_end && e.error_len().is_none() => {
            Some(std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid up to there"))
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(n: usize) -> String {
        (0..n)
            .map(|i| format!("Paragraph {i} opens here. Then it ends, café.\n\n"))
            .collect()
    }

    #[test]
    fn both_ends_are_shown_at_their_places_in_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let whole = paragraphs(40_000);
        std::fs::write(&path, &whole).unwrap();
        assert!(
            Preview::read(&path, "big.txt", Reflow::Auto, whole.len() as u64)
                .unwrap()
                .is_none(),
            "read whole up to the limit"
        );
        let preview = Preview::read(&path, "big.txt", Reflow::Auto, 1000)
            .unwrap()
            .unwrap();
        let (doc, preview) = (&preview.doc, &preview.cuts);
        assert_eq!(preview.whole_len(), whole.len());
        let first = doc.first_sentence().unwrap();
        assert_eq!(&doc.text[first.clone()], "Paragraph 0 opens here.");
        assert_eq!(preview.range_in_whole(&first), first);
        let last = doc.last_sentence().unwrap();
        let in_whole = preview.range_in_whole(&last);
        assert_eq!(&whole[in_whole], &doc.text[last.clone()]);
        assert_eq!(&doc.text[last.clone()], "Then it ends, café.");
        assert!(preview.shows_as_whole(&first));
        assert!(preview.shows_as_whole(&last));
        let cut = PIECE_BYTES - 10..PIECE_BYTES - 5;
        assert!(!preview.shows_as_whole(&cut));
        assert_eq!(preview.head_chars(), whole[..preview.head].chars().count());
    }

    #[test]
    fn what_the_first_piece_cannot_tell_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let mut latin = paragraphs(10).into_bytes();
        latin.extend(b"caf\xe9 ".repeat(1000));
        std::fs::write(&path, &latin).unwrap();
        assert!(
            Preview::read(&path, "big.txt", Reflow::Auto, 10)
                .unwrap()
                .is_none()
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "text"
                .repeat(1000)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        std::fs::write(&path, &utf16).unwrap();
        assert!(
            Preview::read(&path, "big.txt", Reflow::Auto, 10)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_cut_character_and_crlf_lines_keep_the_head_a_prefix_of_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.resize(PIECE_BYTES - 1, b'a');
        // 'é' cut in two by the end of the piece, then CRLF lines.
        bytes.extend("é\r\nline\r\n".repeat(PIECE_BYTES / 8).as_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let preview = Preview::read(&path, "big.txt", Reflow::Never, 10)
            .unwrap()
            .unwrap();
        let whole = text::canonicalize(&bytes).unwrap();
        assert!(whole.starts_with(&preview.doc.text), "the head is a prefix");
        assert!(
            preview.cuts.tail.is_none(),
            "offsets after CRs are not known"
        );
    }
}
