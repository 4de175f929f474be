//! A document's display lines, found piece by piece as the screen needs them, so that opening a
//! document costs the screen and not the document: the text is cut at fixed byte offsets into
//! pieces of [`PIECE_BYTES`] (as [`SentenceIndex`](super::sentence_index::SentenceIndex) does),
//! and a piece holds the display lines starting in it. A display line is a line of the file
//! without its line break, or under [`reflow`] a run of file lines joined where a line was
//! broken only for width; one longer than [`MAX_LINE_BYTES`] is cut, at a space where it can be.
//!
//! A piece is made from the nearest display line before it that starts a file line without the
//! line before going on into it: there, what came before changes nothing, so the lines of any
//! piece are those the whole text gives, whatever the order pieces are made in. Only the pieces
//! shown are ever made: a display line is a lookup of a few bytes, never of the whole text.

use std::ops::Range;
use std::sync::OnceLock;

use crate::core::documents::reflow::{self, Reflow};
use crate::core::documents::sentence_index::PIECE_BYTES;

/// Lines longer than this are cut into pieces for display, so that wrapping one screen never has to
/// look at a whole megabyte-long line.
pub const MAX_LINE_BYTES: usize = 4096;

/// Which file lines go on into the next display line: see [`reflow::goes_on`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joins {
    /// None: display lines are the file's lines.
    Never,
    /// Every line of a paragraph goes on into the next, but before a list item.
    Always,
    /// Lines broken only for this wrap width, in display columns.
    Width(usize),
}

impl Joins {
    /// What `reflow` means for `text`: under [`Reflow::Auto`], joins at the wrap width
    /// [`reflow::sampled_wrap_width`] finds, if any.
    pub fn of(text: &str, reflow: Reflow) -> Joins {
        match reflow {
            Reflow::Never => Joins::Never,
            Reflow::Always => Joins::Always,
            Reflow::Auto => reflow::sampled_wrap_width(text).map_or(Joins::Never, Joins::Width),
        }
    }

    /// Whether the line after the line break at byte `at` of `text` goes on in the display line
    /// of the one before it.
    fn goes_on(self, text: &str, at: usize) -> bool {
        match self {
            Joins::Never => false,
            Joins::Always => reflow::goes_on(text, at, None),
            Joins::Width(width) => reflow::goes_on(text, at, Some(width)),
        }
    }
}

#[derive(Debug)]
pub struct DisplayLines {
    /// Length of the text, in bytes.
    len: usize,
    /// Bytes per piece: [`PIECE_BYTES`], smaller in tests.
    piece_bytes: usize,
    joins: Joins,
    /// The display lines starting in each piece (byte ranges, line breaks between lines
    /// excluded); the last piece also holds a line starting at the very end of the text.
    pieces: Vec<OnceLock<Box<[Range<usize>]>>>,
}

impl DisplayLines {
    /// The display lines of a text of `len` bytes joined as `joins` says, none found yet.
    pub fn new(len: usize, joins: Joins) -> DisplayLines {
        DisplayLines::with_pieces_of(len, joins, PIECE_BYTES)
    }

    fn with_pieces_of(len: usize, joins: Joins, piece_bytes: usize) -> DisplayLines {
        DisplayLines {
            len,
            piece_bytes,
            joins,
            pieces: (0..len.div_ceil(piece_bytes).max(1))
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The display line holding byte `offset`: the last one starting at or before it (a line
    /// break belongs to the line it ends; the end of the text, to the last line).
    pub fn at(&self, text: &str, offset: usize) -> Range<usize> {
        let offset = offset.min(self.len);
        let last = self.piece_of(offset);
        (0..=last)
            .rev()
            .find_map(|k| {
                let lines = self.piece(text, k);
                let i = lines.partition_point(|l| l.start <= offset);
                lines.get(i.checked_sub(1)?).cloned()
            })
            .expect("a line starts at byte 0")
    }

    /// The display line after `line` (a display line), if any.
    pub fn next(&self, text: &str, line: &Range<usize>) -> Option<Range<usize>> {
        (self.piece_of(line.start)..self.pieces.len()).find_map(|k| {
            let lines = self.piece(text, k);
            let i = lines.partition_point(|l| l.start <= line.start);
            lines.get(i).cloned()
        })
    }

    /// The display line before `line` (a display line), if any.
    pub fn previous(&self, text: &str, line: &Range<usize>) -> Option<Range<usize>> {
        Some(self.at(text, line.start.checked_sub(1)?))
    }

    /// The last display line.
    pub fn last(&self, text: &str) -> Range<usize> {
        self.at(text, self.len)
    }

    fn piece_of(&self, offset: usize) -> usize {
        (offset / self.piece_bytes).min(self.pieces.len() - 1)
    }

    /// The display lines starting in piece `k`, found now if they were not.
    fn piece(&self, text: &str, k: usize) -> &[Range<usize>] {
        debug_assert_eq!(text.len(), self.len, "the text the lines are of");
        self.pieces[k].get_or_init(|| {
            let from = k * self.piece_bytes;
            let to = if k + 1 == self.pieces.len() {
                self.len + 1
            } else {
                from + self.piece_bytes
            };
            Walk::new(text, self.joins, self.restart_before(text, from))
                .skip_while(|l| l.start < from)
                .take_while(|l| l.start < to)
                .collect()
        })
    }

    /// The start of the nearest file line at or before `offset` that starts a display line
    /// whatever came before it: the line before it does not go on into it.
    fn restart_before(&self, text: &str, offset: usize) -> usize {
        let mut start = line_start(text, offset);
        while start > 0 {
            let before = line_start(text, start - 1);
            if !self.joins.goes_on(text, start - 1) {
                break;
            }
            start = before;
        }
        start
    }
}

/// The display lines from `from`, a byte at which one starts whatever came before (see
/// [`DisplayLines::restart_before`]), to the end of the text.
struct Walk<'a> {
    text: &'a str,
    joins: Joins,
    /// Where the next display line starts.
    from: usize,
    /// The last file line joined into it so far (its break excluded).
    line: Range<usize>,
    done: bool,
}

impl<'a> Walk<'a> {
    fn new(text: &'a str, joins: Joins, from: usize) -> Walk<'a> {
        Walk {
            text,
            joins,
            from,
            line: from..line_end(text, from),
            done: false,
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.done {
            return None;
        }
        let text = self.text;
        // Joined only as far as it takes to know whether the line must be cut: a paragraph of
        // megabytes is walked a cut at a time.
        while self.line.end - self.from <= MAX_LINE_BYTES && self.line.end < text.len() {
            let next = self.line.end + 1..line_end(text, self.line.end + 1);
            if !self.joins.goes_on(text, self.line.end) {
                break;
            }
            self.line = next;
        }
        if self.line.end - self.from > MAX_LINE_BYTES {
            let cut = cut_after(text, self.from);
            let shown = self.from..cut;
            self.from = cut;
            return Some(shown);
        }
        let shown = self.from..self.line.end;
        if self.line.end == text.len() {
            self.done = true;
        } else {
            self.from = self.line.end + 1;
            self.line = self.from..line_end(text, self.from);
        }
        Some(shown)
    }
}

/// Where a display line starting at `from` and longer than [`MAX_LINE_BYTES`] is cut: after the
/// last space or line break within that many bytes, else at the last character boundary.
fn cut_after(text: &str, from: usize) -> usize {
    let mut cut = from + MAX_LINE_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text.as_bytes()[from..cut]
        .iter()
        .rposition(|&b| b == b' ' || b == b'\n')
    {
        Some(space) => from + space + 1,
        None => cut,
    }
}

/// The start of the file line holding byte `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1)
}

/// The end of the file line starting at `start`, its break excluded.
fn line_end(text: &str, start: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The display lines of the whole text at once, as they were made before they were found
    /// piece by piece: the file's lines, joined where they go on (each break judged with its
    /// neighbours in the whole text), then cut.
    fn eager(text: &str, joins: Joins) -> Vec<Range<usize>> {
        let mut file_lines = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            file_lines.push(start..start + line.len());
            start += line.len() + 1;
        }
        let mut joined: Vec<Range<usize>> = Vec::new();
        for line in &file_lines {
            match joined.last_mut() {
                Some(last) if joins.goes_on(text, line.start - 1) => last.end = line.end,
                _ => joined.push(line.clone()),
            }
        }
        let mut lines = Vec::new();
        for line in joined {
            let mut from = line.start;
            while line.end - from > MAX_LINE_BYTES {
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
            lines.push(from..line.end);
        }
        lines
    }

    /// Texts made of what matters to display lines: short and long words, line breaks, blank
    /// lines, list items, quoted mail, `Key: value` lines alone and in blocks, lines of names,
    /// indented lines, wide characters, and lines long enough to be cut.
    fn texts() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "word",
            "a",
            "longerword",
            "中文",
            "é",
            "\n",
            "\n",
            "\n\n",
            " \n",
            "\n- ",
            "\n1. ",
            "\n2. ",
            "\n7. ",
            "\n> ",
            "\nSubject:",
            "\nNote:",
            "\nAda Lovelace",
            "Street,",
            "\n    ",
            "\n\t",
            "  ",
            "\u{2028}",
        ]);
        let long = "x".repeat(MAX_LINE_BYTES - 3);
        let long_spaced = "lorem ipsum ".repeat(MAX_LINE_BYTES / 10);
        let part = prop_oneof![
            20 => word.prop_map(str::to_owned),
            1 => Just(long),
            1 => Just(long_spaced),
        ];
        prop::collection::vec(part, 0..300).prop_map(|w| w.join(" "))
    }

    fn joins() -> impl Strategy<Value = Joins> {
        prop_oneof![
            Just(Joins::Never),
            Just(Joins::Always),
            (10usize..40).prop_map(Joins::Width),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Found piece by piece, in any order, the display lines are those of the whole text at
        /// once, and every lookup agrees with looking in the whole list.
        #[test]
        fn piece_by_piece_is_the_whole(
            text in texts(),
            joins in joins(),
            piece in prop_oneof![1usize..64, 64usize..20_000],
            order in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
            offsets in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
        ) {
            let whole = eager(&text, joins);
            let lines = DisplayLines::with_pieces_of(text.len(), joins, piece);
            // Some pieces first, as the reader asks for the ones on screen.
            for i in &order {
                lines.piece(&text, i.index(lines.pieces.len()));
            }
            for o in &offsets {
                let offset = o.index(text.len() + 1);
                let i = whole.partition_point(|l| l.start <= offset) - 1;
                prop_assert_eq!(lines.at(&text, offset), whole[i].clone());
                prop_assert_eq!(lines.next(&text, &whole[i]), whole.get(i + 1).cloned());
                prop_assert_eq!(
                    lines.previous(&text, &whole[i]),
                    i.checked_sub(1).map(|p| whole[p].clone())
                );
            }
            prop_assert_eq!(lines.last(&text), whole.last().cloned().unwrap());
            let all: Vec<Range<usize>> = (0..lines.pieces.len())
                .flat_map(|k| lines.piece(&text, k).to_vec())
                .collect();
            prop_assert_eq!(all, whole);
        }
    }

    #[test]
    fn lines_exclude_breaks_and_a_cut_belongs_to_the_line_it_starts() {
        let text = "One.\n\nTwo 中文。\n";
        let lines = DisplayLines::new(text.len(), Joins::Never);
        assert_eq!(lines.at(text, 0), 0..4);
        assert_eq!(lines.at(text, 4), 0..4, "a break, with the line it ends");
        assert_eq!(lines.at(text, 5), 5..5);
        assert_eq!(lines.last(text), text.len()..text.len());
        assert_eq!(lines.next(text, &(5..5)), Some(6..text.len() - 1));
        assert_eq!(lines.previous(text, &(0..4)), None);

        let long = "中文 word ".repeat(2000);
        let lines = DisplayLines::new(long.len(), Joins::Never);
        let first = lines.at(&long, 0);
        assert!(first.end < MAX_LINE_BYTES && long[..first.end].ends_with(' '));
        assert_eq!(
            lines.at(&long, first.end),
            lines.next(&long, &first).unwrap()
        );
    }
}
