//! Reading an annotation file written in the layout gloss writes ([`store::to_toml`]) without a
//! TOML tree: one pass over its lines, each value decoded straight into the annotation it belongs
//! to. The toml crate builds a tree of the whole file first, every key and value with its place,
//! which for 10,000 annotations took most of the time and memory of opening their document.
//!
//! Only that layout is read here: `key = value` lines with one space either side of `=`, basic
//! strings (a multi-line one opening with a line break), whole numbers, floats, booleans, arrays
//! of strings, the three table headers gloss writes, comments and empty lines. Anything else (a
//! key this gloss does not know, a literal string, a comment after a value, a CR, an escape gloss
//! does not write, indentation, a file that breaks a rule of TOML or of the format) gives up, and
//! [`store`] reads the file with the toml crate, which reads all of TOML and says what is wrong.
//! A file thus reads the same either way, which the tests check on files changed at random.
//!
//! [`store`]: super::store
//! [`store::to_toml`]: super::store::to_toml

use std::collections::HashSet;

use crate::core::annotation::{Annotation, Extras};
use crate::core::fields::FieldValues;
use crate::core::links::Link;
use crate::core::storage::store::{self, AnnotationFile, FORMAT_VERSION, Offsets};

/// The annotation file `text` and where its parts start, if it is in gloss's own layout and
/// valid; `None` otherwise, whatever is wrong (see the module's documentation).
pub(super) fn parse(text: &str) -> Option<(AnnotationFile, Offsets)> {
    // A CR is only ever part of a CR LF, which gloss does not write; a byte order mark neither.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() || text.starts_with('\u{feff}') {
        return None;
    }
    let mut at = Cursor { text, at: 0 };
    let mut top = Top::default();
    let mut annotations: Vec<Partial> = Vec::new();
    let mut table = Table::Top;
    while !at.done() {
        let line = at.at;
        match at.peek() {
            b'\n' => at.at += 1,
            b'#' => at.comment()?,
            b'[' => {
                let header = at.rest_of_line();
                let current = annotations.last_mut();
                table = match (header, current) {
                    ("[[annotation]]", _) => {
                        annotations.push(Partial {
                            at: line,
                            ..Partial::default()
                        });
                        Table::Annotation
                    }
                    // Fields come before links, once, as gloss writes them.
                    ("[annotation.fields]", Some(a))
                        if a.fields.is_none() && a.links.is_empty() =>
                    {
                        a.fields = Some(FieldValues::new());
                        Table::Fields
                    }
                    ("[[annotation.links]]", Some(a)) => {
                        a.links.push(PartialLink::default());
                        Table::Link
                    }
                    _ => return None,
                };
            }
            _ => {
                let key = at.key()?;
                at.expect(" = ")?;
                match table {
                    Table::Top => top.value(&key, &mut at)?,
                    Table::Annotation => annotations.last_mut()?.value(&key, &mut at)?,
                    Table::Fields => {
                        let value = at.string()?;
                        let fields = annotations.last_mut()?.fields.as_mut()?;
                        if fields.insert(key, value).is_some() {
                            return None;
                        }
                    }
                    Table::Link => annotations
                        .last_mut()?
                        .links
                        .last_mut()?
                        .value(&key, &mut at)?,
                }
                at.end_of_line()?;
            }
        }
    }
    let (document, (content_hash, content_hash_at)) = (top.document?, top.content_hash?);
    if !top.format {
        return None;
    }
    let mut ids = HashSet::with_capacity(annotations.len());
    let offsets = Offsets {
        content_hash: content_hash_at,
        annotations: annotations.iter().map(|a| a.at).collect(),
    };
    let annotations = annotations
        .into_iter()
        .map(|a| {
            let a = a.finish()?;
            ids.insert(a.id.clone()).then_some(a)
        })
        .collect::<Option<Vec<_>>>()?;
    let file = AnnotationFile {
        document,
        content_hash,
        annotations,
        extra: Extras::new(),
    };
    Some((file, offsets))
}

/// The table the lines being read belong to.
#[derive(Clone, Copy)]
enum Table {
    Top,
    Annotation,
    Fields,
    Link,
}

/// The top-level keys read so far.
#[derive(Default)]
struct Top {
    format: bool,
    document: Option<String>,
    /// With where its value starts.
    content_hash: Option<(String, usize)>,
}

impl Top {
    fn value(&mut self, key: &str, at: &mut Cursor) -> Option<()> {
        match key {
            // Other versions are the toml crate's to read or refuse.
            "format" if !self.format => {
                self.format = at.integer()? == u64::from(FORMAT_VERSION);
                self.format.then_some(())
            }
            "document" => set(&mut self.document, at.string()?),
            "content_hash" => {
                let start = at.at;
                set(&mut self.content_hash, (at.string()?, start))
            }
            _ => None,
        }
    }
}

/// An `[[annotation]]` table as read so far: each key at most once.
#[derive(Default)]
struct Partial {
    /// Where its header starts.
    at: usize,
    id: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    placed: Option<String>,
    score: Option<f64>,
    confirmed: Option<bool>,
    tags: Option<Vec<String>>,
    note: Option<String>,
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    annotator: Option<String>,
    created: Option<String>,
    modified: Option<String>,
    modified_by: Option<String>,
    final_coding: Option<bool>,
    /// `Some` once its `[annotation.fields]` header is read.
    fields: Option<FieldValues>,
    links: Vec<PartialLink>,
}

impl Partial {
    fn value(&mut self, key: &str, at: &mut Cursor) -> Option<()> {
        match key {
            "id" => set(&mut self.id, at.string()?),
            "start" => set(&mut self.start, usize::try_from(at.integer()?).ok()?),
            "end" => set(&mut self.end, usize::try_from(at.integer()?).ok()?),
            "placed" => set(&mut self.placed, at.string()?),
            "score" => set(&mut self.score, at.float()?),
            "confirmed" => set(&mut self.confirmed, at.boolean()?),
            "tags" => set(&mut self.tags, at.strings()?),
            "note" => set(&mut self.note, at.string()?),
            "quote" => set(&mut self.quote, at.string()?),
            "prefix" => set(&mut self.prefix, at.string()?),
            "suffix" => set(&mut self.suffix, at.string()?),
            "annotator" => set(&mut self.annotator, at.string()?),
            "created" => set(&mut self.created, at.string()?),
            "modified" => set(&mut self.modified, at.string()?),
            "modified_by" => set(&mut self.modified_by, at.string()?),
            "final" => set(&mut self.final_coding, at.boolean()?),
            _ => None,
        }
    }

    /// The annotation, if it has every key it needs and they agree, by the rules of
    /// [`store`](super::store)'s reading.
    fn finish(self) -> Option<Annotation> {
        let (start, end) = (self.start?, self.end?);
        if end < start {
            return None;
        }
        let placed = self.placed.as_deref().map(|p| (p, 0..0));
        let placement = store::placement_of(
            placed,
            self.score.map(|s| (s, 0..0)),
            self.confirmed.map(|c| (c, 0..0)),
        )
        .ok()?;
        let annotator = self.annotator.unwrap_or_default();
        Some(Annotation {
            id: self.id?,
            start,
            end,
            placement,
            tags: self.tags.unwrap_or_default(),
            note: self.note.unwrap_or_default(),
            quote: self.quote?,
            prefix: self.prefix.unwrap_or_default(),
            suffix: self.suffix.unwrap_or_default(),
            modified_by: self.modified_by.unwrap_or_else(|| annotator.clone()),
            annotator,
            created: self.created?,
            modified: self.modified?,
            final_coding: self.final_coding.unwrap_or(false),
            // An empty value is no value, as the writer has it.
            fields: self
                .fields
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            links: self
                .links
                .into_iter()
                .map(PartialLink::finish)
                .collect::<Option<_>>()?,
            extra: Extras::new(),
        })
    }
}

/// An `[[annotation.links]]` table as read so far.
#[derive(Default)]
struct PartialLink {
    kind: Option<String>,
    to: Option<String>,
}

impl PartialLink {
    fn value(&mut self, key: &str, at: &mut Cursor) -> Option<()> {
        match key {
            "type" => set(&mut self.kind, at.string()?),
            "to" => set(&mut self.to, at.string()?),
            _ => None,
        }
    }

    fn finish(self) -> Option<Link> {
        Some(Link {
            kind: self.kind?,
            to: self.to?,
            extra: Extras::new(),
        })
    }
}

/// Fills `slot` with `value` unless a value came before: TOML has no key twice in a table.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// A place in the file being read, a byte offset.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    fn bytes(&self) -> &[u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// The next byte; 0 at the end.
    fn peek(&self) -> u8 {
        self.bytes().first().copied().unwrap_or(0)
    }

    /// Steps over `expected` if it comes next.
    fn expect(&mut self, expected: &str) -> Option<()> {
        self.bytes().starts_with(expected.as_bytes()).then(|| {
            self.at += expected.len();
        })
    }

    /// Steps over the line break that ends a line, or stands at the end of the file.
    fn end_of_line(&mut self) -> Option<()> {
        match self.peek() {
            b'\n' => {
                self.at += 1;
                Some(())
            }
            _ if self.done() => Some(()),
            _ => None,
        }
    }

    /// The rest of the line, stepping over its line break.
    fn rest_of_line(&mut self) -> &str {
        let end = memchr::memchr(b'\n', self.bytes()).map_or(self.text.len(), |n| self.at + n);
        let line = &self.text[self.at..end];
        self.at = (end + 1).min(self.text.len());
        line
    }

    /// A comment line, which TOML allows no control character in but tabs.
    fn comment(&mut self) -> Option<()> {
        let line = self.rest_of_line();
        (!line.bytes().any(|b| is_control(b) && b != b'\t')).then_some(())
    }

    /// A bare key or a quoted one.
    fn key(&mut self) -> Option<String> {
        if self.peek() == b'"' {
            return if self.bytes().starts_with(b"\"\"\"") {
                None
            } else {
                self.string()
            };
        }
        let length = self
            .bytes()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
            .count();
        let key = &self.text[self.at..self.at + length];
        self.at += length;
        (!key.is_empty()).then(|| key.to_owned())
    }

    /// A decimal whole number as TOML writes it (no sign, no leading zero, no underscore), at
    /// most `i64::MAX`.
    fn integer(&mut self) -> Option<u64> {
        let digits = self.digits();
        if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        digits
            .parse::<i64>()
            .ok()
            .and_then(|n| u64::try_from(n).ok())
    }

    /// Digits from here on, stepped over.
    fn digits(&mut self) -> &str {
        let length = self
            .bytes()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let digits = &self.text[self.at..self.at + length];
        self.at += length;
        digits
    }

    /// A float as TOML writes it without a sign or underscores: an integer part, then a
    /// fraction, an exponent or both (as Rust's `{:?}` writes a float).
    fn float(&mut self) -> Option<f64> {
        let start = self.at;
        let whole = self.digits();
        if whole.is_empty() || (whole.len() > 1 && whole.starts_with('0')) {
            return None;
        }
        let mut exact = true;
        if self.expect(".").is_some() {
            exact = false;
            if self.digits().is_empty() {
                return None;
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            exact = false;
            self.at += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.at += 1;
            }
            if self.digits().is_empty() {
                return None;
            }
        }
        if exact {
            return None;
        }
        self.text[start..self.at].parse().ok()
    }

    fn boolean(&mut self) -> Option<bool> {
        if self.expect("true").is_some() {
            Some(true)
        } else {
            self.expect("false").map(|()| false)
        }
    }

    /// An array of strings on one line, `[]` or `["a", "b"]`, as gloss writes it.
    fn strings(&mut self) -> Option<Vec<String>> {
        self.expect("[")?;
        let mut all = Vec::new();
        if self.expect("]").is_some() {
            return Some(all);
        }
        loop {
            all.push(self.string()?);
            if self.expect("]").is_some() {
                return Some(all);
            }
            self.expect(", ")?;
        }
    }

    /// A basic string, on one line, or multi-line with a line break after its opening quotes.
    fn string(&mut self) -> Option<String> {
        if self.expect("\"\"\"\n").is_some() {
            return self.string_body(true);
        }
        self.expect("\"")?;
        self.string_body(false)
    }

    /// The rest of a basic string after its opening quotes, stepping over its closing ones.
    fn string_body(&mut self, multiline: bool) -> Option<String> {
        let mut out = String::new();
        loop {
            let bytes = self.bytes();
            // Everything up to the next byte that needs a look goes as it is; the bytes of a
            // code point beyond ASCII are all 0x80 or more, so this never cuts one.
            let plain = bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || (is_control(b) && b != b'\t'))?;
            out.push_str(&self.text[self.at..self.at + plain]);
            self.at += plain;
            match self.peek() {
                b'"' if !multiline => {
                    self.at += 1;
                    return Some(out);
                }
                b'"' => {
                    let quotes = self.bytes().iter().take_while(|&&b| b == b'"').count();
                    match quotes {
                        // Quotes just before the closing ones are TOML's own puzzle: the toml
                        // crate's to solve.
                        4.. => return None,
                        3 => {
                            self.at += 3;
                            return Some(out);
                        }
                        _ => {
                            out.push_str(&self.text[self.at..self.at + quotes]);
                            self.at += quotes;
                        }
                    }
                }
                b'\\' => {
                    out.push(self.escape()?);
                }
                b'\n' if multiline => {
                    out.push('\n');
                    self.at += 1;
                }
                _ => return None,
            }
        }
    }

    /// The character an escape stands for: those gloss writes, and `\U`.
    fn escape(&mut self) -> Option<char> {
        let code = *self.bytes().get(1)?;
        self.at += 2;
        let simple = match code {
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'u' => return self.hex(4),
            b'U' => return self.hex(8),
            _ => return None,
        };
        Some(simple)
    }

    /// `digits` hexadecimal digits naming a Unicode scalar value.
    fn hex(&mut self, digits: usize) -> Option<char> {
        let hex = self.text.get(self.at..self.at + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += digits;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }
}

/// The bytes TOML allows nowhere raw but a tab, and a line break between lines.
fn is_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Placement;
    use proptest::prelude::*;
    use std::path::Path;

    /// What the toml crate makes of `text`.
    fn by_toml(text: &str) -> Result<(AnnotationFile, Vec<usize>, usize), store::StoreError> {
        store::parse_with_toml(text, Path::new("a.toml")).map(|(file, o)| {
            (
                file,
                lines(text, &o.annotations),
                line(text, o.content_hash),
            )
        })
    }

    fn by_layout(text: &str) -> Option<(AnnotationFile, Vec<usize>, usize)> {
        parse(text).map(|(file, o)| {
            (
                file,
                lines(text, &o.annotations),
                line(text, o.content_hash),
            )
        })
    }

    fn line(text: &str, offset: usize) -> usize {
        crate::core::storage::file_error::line_of(text, offset)
    }

    fn lines(text: &str, offsets: &[usize]) -> Vec<usize> {
        offsets.iter().map(|&o| line(text, o)).collect()
    }

    /// Characters that make strings hard to write and read back.
    fn tricky() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "\"",
            "\"\"",
            "\"\"\"",
            "\\",
            "\\\\",
            "\n",
            "\t",
            "\r",
            "\u{0}",
            "\u{1b}",
            "\u{7f}",
            "é",
            "中",
            "😀",
            "#",
            "=",
            "[",
            "]",
            ",",
            "'",
            "\u{2028}",
            "\u{feff}",
            "x = \"y\"",
            "\\u0041",
            "\\n",
        ]);
        prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
    }

    fn annotation() -> impl Strategy<Value = Annotation> {
        (
            (
                tricky(),
                0..1000usize,
                0..50usize,
                0..5u8,
                0.0..=1.0f64,
                any::<bool>(),
            ),
            (
                prop::collection::vec(tricky(), 0..3),
                tricky(),
                tricky(),
                tricky(),
                tricky(),
                prop::collection::btree_map(tricky(), tricky(), 0..3),
                prop::collection::vec((tricky(), tricky()), 0..3),
            ),
        )
            .prop_map(
                |(
                    (id, start, length, placed, score, confirmed),
                    (tags, note, quote, who, by, fields, links),
                )| {
                    Annotation {
                        id,
                        start,
                        end: start + length,
                        placement: match placed {
                            0 => Placement::Exact,
                            1 => Placement::Moved,
                            2 => Placement::Orphan,
                            _ => Placement::Fuzzy { score, confirmed },
                        },
                        tags,
                        note: note.clone(),
                        quote,
                        prefix: note.chars().rev().collect(),
                        suffix: format!("{note}{note}"),
                        annotator: who,
                        created: "2026-01-02T03:04:05Z".into(),
                        modified: "2026-01-03T03:04:05.25Z".into(),
                        modified_by: by,
                        // Independent enough of the placement for the test.
                        final_coding: confirmed,
                        fields,
                        links: links.into_iter().map(|(k, to)| Link::new(k, to)).collect(),
                        extra: Extras::new(),
                    }
                },
            )
    }

    fn file() -> impl Strategy<Value = AnnotationFile> {
        (tricky(), prop::collection::vec(annotation(), 0..5)).prop_map(|(document, anns)| {
            // Ids are unique in a file.
            let annotations = anns
                .into_iter()
                .enumerate()
                .map(|(i, mut a)| {
                    a.id = format!("{i}{}", a.id);
                    a
                })
                .collect();
            AnnotationFile {
                document,
                content_hash: "sha256:00".into(),
                annotations,
                extra: Extras::new(),
            }
        })
    }

    /// A change a person or a tool might make to a file, at `at` (a fraction of its length).
    #[derive(Debug, Clone)]
    enum Edit {
        Insert(f64, &'static str),
        Delete(f64, usize),
        DoubleLine(f64),
        DropLine(f64),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let inserted = prop::sample::select(vec![
            "\"",
            "\\",
            "\n",
            " ",
            "\t",
            "#",
            "x",
            "0",
            "-",
            ".",
            "e",
            "[",
            "]",
            ",",
            "=",
            "'",
            "\r",
            "\u{7f}",
            "\"\"\"",
            "[[annotation]]\n",
            "[annotation.fields]\n",
            "[[annotation.links]]\n",
            "a = \"b\"\n",
            "id = \"x\"\n",
            "start = 3\n",
            "score = 0.5\n",
            "format = 1\n",
            "tags = []\n",
            "\\u00e9",
            "\\U0001F600",
            "\\uD800",
            "\\e",
            "1e5",
            "true",
            "+",
        ]);
        prop_oneof![
            (0.0..1.0f64, inserted).prop_map(|(at, s)| Edit::Insert(at, s)),
            (0.0..1.0f64, 1..4usize).prop_map(|(at, n)| Edit::Delete(at, n)),
            (0.0..1.0f64).prop_map(Edit::DoubleLine),
            (0.0..1.0f64).prop_map(Edit::DropLine),
        ]
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let place = |at: f64| {
            let mut i = (at * text.len() as f64) as usize;
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let line_at = |at: f64| {
            let i = place(at);
            let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
            (start, end)
        };
        match *edit {
            Edit::Insert(at, s) => {
                let i = place(at);
                format!("{}{s}{}", &text[..i], &text[i..])
            }
            Edit::Delete(at, n) => {
                let i = place(at);
                let mut end = (i + n).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                format!("{}{}", &text[..i], &text[end..])
            }
            Edit::DoubleLine(at) => {
                let (start, end) = line_at(at);
                format!("{}{}", &text[..end], &text[start..])
            }
            Edit::DropLine(at) => {
                let (start, end) = line_at(at);
                format!("{}{}", &text[..start], &text[end..])
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever gloss writes is read here, as the toml crate reads it.
        #[test]
        fn what_gloss_writes_reads_as_with_the_toml_crate(file in file()) {
            let text = store::to_toml(&file);
            let ours = by_layout(&text);
            prop_assert!(ours.is_some(), "not read:\n{text}");
            let theirs = by_toml(&text);
            prop_assert!(theirs.is_ok(), "{theirs:?}");
            prop_assert_eq!(ours.unwrap(), theirs.unwrap());
        }

        /// A file changed by hand either reads as with the toml crate or is left to it.
        #[test]
        fn a_changed_file_reads_as_with_the_toml_crate_or_not_at_all(
            file in file(),
            edits in prop::collection::vec(edit(), 1..4),
        ) {
            let mut text = store::to_toml(&file);
            for e in &edits {
                text = apply(&text, e);
            }
            if let Some(ours) = by_layout(&text) {
                let theirs = by_toml(&text);
                prop_assert!(theirs.is_ok(), "{theirs:?}\n{text}");
                prop_assert_eq!(ours, theirs.unwrap(), "{}", text);
            }
        }
    }

    #[test]
    fn what_gloss_does_not_write_is_left_to_the_toml_crate() {
        let head = "format = 1\ndocument = \"d\"\ncontent_hash = \"h\"\n";
        let annotation = "\n[[annotation]]\nid = \"a\"\nstart = 1\nend = 2\nquote = \"q\"\n\
                          created = \"c\"\nmodified = \"m\"\n";
        assert!(parse(&format!("{head}{annotation}")).is_some());
        for other in [
            // An unknown key, kept as an extra.
            "{head}reviewed = true\n{annotation}",
            // A comment after a value, and literal strings.
            "{head}{annotation}note = \"n\" # why\n",
            "{head}{annotation}note = 'n'\n",
            // Spaces TOML allows.
            "{head}{annotation}note  =  \"n\"\n",
            "{head}  {annotation}",
            // Another version, and one that does not read.
            "format = 2\ndocument = \"d\"\ncontent_hash = \"h\"\n{annotation}",
            "{head}{annotation}end = 3\n",
            "{head}{annotation}{annotation}",
            // CR LF line ends.
            "format = 1\r\ndocument = \"d\"\r\ncontent_hash = \"h\"\r\n",
        ] {
            let text = other
                .replace("{head}", head)
                .replace("{annotation}", annotation);
            assert!(parse(&text).is_none(), "{text}");
        }
    }
}
