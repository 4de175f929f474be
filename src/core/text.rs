//! The canonical text of a document and the two ways of counting positions in it.
//!
//! Annotations are stored in Unicode code points of the canonical text (byte-order mark removed,
//! CRLF and lone CR read as LF, no normalisation), the unit of the W3C annotation model, brat and
//! doccano. In memory everything works in byte offsets; `CharIndex` converts between the two
//! without scanning the whole document.

use std::borrow::Cow;

/// Why a file's bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("looks like a binary file (it contains NUL bytes)")]
    Binary,
}

/// Turns a file's bytes into canonical text.
pub fn canonicalize(bytes: &[u8]) -> Result<String, DecodeError> {
    canonical(bytes.to_vec())
}

/// Turns a file's bytes into canonical text in their own buffer when they need no change but
/// the byte-order mark removed (no CR): a large document is not copied.
pub fn canonical(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let text = String::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(match normalize_newlines(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    })
}

fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Checkpoints every `STRIDE` code points, so that a conversion scans at most `STRIDE` characters.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of code point `i * STRIDE`.
    checkpoints: Vec<usize>,
    chars: usize,
    bytes: usize,
}

const STRIDE: usize = 512;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(byte);
            }
            chars += 1;
        }
        if checkpoints.is_empty() {
            checkpoints.push(0);
        }
        CharIndex {
            checkpoints,
            chars,
            bytes: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Code point offset of a byte offset (which must lie on a character boundary).
    pub fn byte_to_char(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.bytes);
        let slot = self.checkpoints.partition_point(|&b| b <= byte) - 1;
        slot * STRIDE + text[self.checkpoints[slot]..byte].chars().count()
    }

    /// Byte offset of a code point offset; offsets past the end give the text's length.
    pub fn char_to_byte(&self, text: &str, ch: usize) -> usize {
        if ch >= self.chars {
            return self.bytes;
        }
        let slot = ch / STRIDE;
        let from = self.checkpoints[slot];
        let rest = ch - slot * STRIDE;
        text[from..]
            .char_indices()
            .nth(rest)
            .map_or(self.bytes, |(b, _)| from + b)
    }
}

/// Hex SHA-256 of the canonical text, as recorded in annotation files.
pub fn content_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 50 MB document read into memory once, not twice.
    #[test]
    fn canonical_bytes_are_not_copied() {
        for bytes in [&b"plain text\n"[..], b"\xEF\xBB\xBFwith a byte-order mark"] {
            let bytes = bytes.to_vec();
            let buffer = bytes.as_ptr();
            let text = canonical(bytes).unwrap();
            assert_eq!(text.as_ptr(), buffer, "{text:?}");
        }
        assert_eq!(canonical(b"a\r\nb".to_vec()).unwrap(), "a\nb");
        assert_eq!(
            canonical(b"ok\xFF".to_vec()),
            Err(DecodeError::NotUtf8 { offset: 2 })
        );
    }

    #[test]
    fn bom_and_crlf_are_removed() {
        let text = canonicalize(b"\xEF\xBB\xBFone\r\ntwo\rthree\n").unwrap();
        assert_eq!(text, "one\ntwo\nthree\n");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        assert_eq!(
            canonicalize(b"abc\xFFdef"),
            Err(DecodeError::NotUtf8 { offset: 3 })
        );
        assert_eq!(canonicalize(b"a\0b"), Err(DecodeError::Binary));
    }

    #[test]
    fn char_index_round_trips_on_multibyte_text() {
        let text: String = "a’中«é»\u{a0}😀".repeat(400);
        let index = CharIndex::new(&text);
        assert_eq!(index.len_chars(), text.chars().count());
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.byte_to_char(&text, byte), ch);
            assert_eq!(index.char_to_byte(&text, ch), byte);
        }
        assert_eq!(index.char_to_byte(&text, index.len_chars()), text.len());
        assert_eq!(index.byte_to_char(&text, text.len()), index.len_chars());
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(
            content_hash("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
