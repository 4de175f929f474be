//! The canonical text of a document and the two ways of counting positions in it.
//!
//! Annotations are stored in Unicode code points of the canonical text (the file decoded from
//! its encoding, byte-order mark removed, CRLF and lone CR read as LF, no normalisation), the unit of the W3C annotation model, brat and
//! doccano. In memory everything works in byte offsets; `CharIndex` converts between the two
//! without scanning the whole document.

/// Why a file's bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not {encoding} text, as its byte-order mark says (malformed at byte {offset})")]
    Malformed {
        encoding: &'static str,
        offset: usize,
    },
    #[error("looks like a binary file (it contains NUL bytes)")]
    Binary,
    #[error("looks like a binary file (control character U+{code:04X} in text read as {encoding})")]
    Control { code: u32, encoding: &'static str },
}

/// A document's text, canonical or as written, and the encoding its bytes were read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding (`UTF-8`, `UTF-16LE`, `windows-1252`…).
    pub encoding: &'static str,
}

impl Decoded {
    /// Whether the encoding was anything but UTF-8, which the reader then shows.
    pub fn is_legacy(&self) -> bool {
        self.encoding != encoding_rs::UTF_8.name()
    }
}

/// Turns a file's bytes into canonical text: see [`decode`].
pub fn canonicalize(bytes: &[u8]) -> Result<String, DecodeError> {
    decode(bytes).map(|d| d.text)
}

/// Reads a file's bytes as text (see [`as_written`]), canonical: byte-order mark removed, CR LF
/// and lone CR read as LF. Copies `bytes` once: [`decode_owned`] does not when it need not.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_owned(bytes.to_vec())
}

/// [`decode`], taking the bytes: valid UTF-8 without a byte-order mark or CR becomes the text
/// as it is, without a copy, so that a large file is held in memory once.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    let written = as_written_owned(bytes)?;
    Ok(Decoded {
        text: canonical_owned(written.text),
        encoding: written.encoding,
    })
}

/// The canonical form of a text as written: byte-order mark removed, CR LF and CR read as LF.
pub fn canonical(as_written: &str) -> String {
    canonical_owned(as_written.to_owned())
}

/// [`canonical`], in place: the text is only moved up over what is removed, so that a large
/// file with Windows line breaks is not held twice.
fn canonical_owned(as_written: String) -> String {
    let bom = if as_written.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    if bom == 0 && memchr::memchr(b'\r', as_written.as_bytes()).is_none() {
        return as_written;
    }
    let mut bytes = as_written.into_bytes();
    let (mut read, mut write) = (bom, 0);
    while let Some(cr) = memchr::memchr(b'\r', &bytes[read..]) {
        let cr = read + cr;
        bytes.copy_within(read..cr, write);
        write += cr - read;
        bytes[write] = b'\n';
        write += 1;
        read = cr + 1 + usize::from(bytes.get(cr + 1) == Some(&b'\n'));
    }
    let len = bytes.len();
    bytes.copy_within(read..len, write);
    bytes.truncate(write + len - read);
    String::from_utf8(bytes).expect("UTF-8 with ASCII bytes replaced or removed is UTF-8")
}

/// Reads a file's bytes as text, in the encoding its byte-order mark names (UTF-8, UTF-16LE or
/// UTF-16BE); without one, as UTF-8 when they are valid UTF-8, else in the legacy encoding
/// `chardetng` (Firefox's detector) guesses, usually windows-1252 for Western text. NUL bytes
/// outside UTF-16, or a control character in a legacy encoding's text, mean a binary file.
/// The text is as written: line breaks as they are, and a byte-order mark as U+FEFF at its
/// start, for checking positions that other tools counted in it.
pub fn as_written(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    as_written_owned(bytes.to_vec())
}

/// [`as_written`], taking the bytes: valid UTF-8 becomes the text without a copy.
pub fn as_written_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    let (text, encoding) = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, bom)) => {
            let rest = &bytes[bom..];
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| DecodeError::Malformed {
                    encoding: encoding.name(),
                    offset: bom + malformed_at(encoding, rest),
                })?;
            if text.contains('\0') {
                return Err(DecodeError::Binary);
            }
            (format!("\u{feff}{text}"), encoding)
        }
        None if memchr::memchr(0, &bytes).is_some() => return Err(DecodeError::Binary),
        None => match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text,
                    encoding: encoding_rs::UTF_8.name(),
                });
            }
            Err(e) => {
                let bytes = e.as_bytes();
                // ISO-2022-JP is 7-bit: such a file is valid UTF-8 and never reaches here.
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
                let (text, _) = encoding.decode_without_bom_handling(bytes);
                if let Some(c) = text
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
                {
                    return Err(DecodeError::Control {
                        code: u32::from(c),
                        encoding: encoding.name(),
                    });
                }
                (text.into_owned(), encoding)
            }
        },
    };
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

/// The byte of `bytes` at which decoding in `encoding` first fails.
fn malformed_at(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    match decoder.decode_to_string_without_replacement(bytes, &mut out, true) {
        // `read` counts the malformed bytes and the `extra` ones after them.
        (encoding_rs::DecoderResult::Malformed(bad, extra), read) => {
            read - usize::from(bad) - usize::from(extra)
        }
        (_, read) => read,
    }
}

/// The number of code points before every `BLOCK`-th byte, so that a conversion looks at no more
/// than `BLOCK` bytes. Made by counting the bytes that start a character, block by block, which
/// the compiler vectorises: a 50 MB text is indexed in a few milliseconds.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// `chars_before[i]`: code points starting before byte `i * BLOCK`.
    chars_before: Vec<usize>,
    chars: usize,
    bytes: usize,
}

const BLOCK: usize = 4096;

/// Bytes [`CharIndex::char_to_byte`] counts at a time before it looks at them one by one.
const CHUNK: usize = 64;

/// Whether a byte of UTF-8 starts a character (is not a continuation byte `10xxxxxx`).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Counted in runs of 255 bytes into a byte-wide sum, which the compiler vectorises 16 or 32
/// bytes at a time (a count into a `usize` widens every byte first, several times slower).
fn count_chars(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            run.iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(starts_char(b))))
        })
        .map(usize::from)
        .sum()
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before.push(chars);
            chars += count_chars(block);
        }
        if chars_before.is_empty() {
            chars_before.push(0);
        }
        CharIndex {
            chars_before,
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
        let slot = (byte / BLOCK).min(self.chars_before.len() - 1);
        self.chars_before[slot] + count_chars(&text.as_bytes()[slot * BLOCK..byte])
    }

    /// Byte offset of a code point offset; offsets past the end give the text's length.
    pub fn char_to_byte(&self, text: &str, ch: usize) -> usize {
        if ch >= self.chars {
            return self.bytes;
        }
        let slot = self.chars_before.partition_point(|&c| c <= ch) - 1;
        // A block may start inside a character: its first bytes then continue the one before.
        let mut seen = self.chars_before[slot];
        let mut at = slot * BLOCK;
        // Whole chunks that end before the character are counted as `byte_to_char` counts, which
        // the compiler vectorises; a byte-by-byte walk over the half block a conversion looks at
        // on average made placing 10,000 annotations cost tens of milliseconds.
        for chunk in text.as_bytes()[at..].chunks_exact(CHUNK) {
            let n = count_chars(chunk);
            if seen + n > ch {
                break;
            }
            seen += n;
            at += CHUNK;
        }
        for (i, &b) in text.as_bytes()[at..].iter().enumerate() {
            if starts_char(b) {
                if seen == ch {
                    return at + i;
                }
                seen += 1;
            }
        }
        self.bytes
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

    #[test]
    fn bom_and_crlf_are_removed() {
        let text = canonicalize(b"\xEF\xBB\xBFone\r\ntwo\rthree\n").unwrap();
        assert_eq!(text, "one\ntwo\nthree\n");
    }

    proptest::proptest! {
        /// Made canonical in place, a text is what replacing its line breaks gives.
        #[test]
        fn canonical_in_place_replaces_every_kind_of_line_break(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["\r", "\n", "\r\n", "a", "é", "中", "\u{feff}"]),
                0..40,
            )
        ) {
            let written: String = parts.concat();
            let expected = written
                .strip_prefix('\u{feff}')
                .unwrap_or(&written)
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            proptest::prop_assert_eq!(canonical(&written), expected);
        }
    }

    #[test]
    fn legacy_and_utf16_text_is_decoded_and_binary_refused() {
        let latin = decode(b"Caf\xe9 cr\xe8me \x93quoted\x94\r\n").unwrap();
        assert_eq!(latin.text, "Café crème “quoted”\n");
        assert_eq!(latin.encoding, "windows-1252");
        assert!(latin.is_legacy());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "Ünïcode 😀\r\nline"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let utf16 = decode(&utf16).unwrap();
        assert_eq!(utf16.text, "Ünïcode 😀\nline");
        assert_eq!(utf16.encoding, "UTF-16LE");
        let mut be = vec![0xFE, 0xFF];
        be.extend("ab".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
        assert_eq!(decode(b"plain").unwrap().encoding, "UTF-8");
        assert!(!decode(b"plain").unwrap().is_legacy());
        assert_eq!(canonicalize(b"a\0b"), Err(DecodeError::Binary));
        assert!(matches!(
            canonicalize(b"\x89PNG\x1a\x0b\xff"),
            Err(DecodeError::Control { .. })
        ));
        // An unpaired surrogate: the byte-order mark promised UTF-16.
        assert_eq!(
            canonicalize(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]),
            Err(DecodeError::Malformed {
                encoding: "UTF-16LE",
                offset: 4
            })
        );
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
