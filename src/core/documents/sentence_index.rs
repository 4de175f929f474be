//! A document's sentences, found piece by piece as they are needed, so that opening a document
//! costs the screen and not the document: the text is cut at fixed byte offsets into pieces of
//! [`PIECE_BYTES`], and a piece holds the sentences of the paragraphs starting in it
//! ([`sentences::split_paragraphs_starting_in`]). A piece is split the first time anything asks
//! for it, by whichever thread asks first: the reader for the pieces on screen, a background
//! thread ([`SentenceIndex::index_all`]) for the rest. Everything that needs every piece (the
//! number of sentences, the ordinal of one) answers `None` until all are split.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::core::documents::sentences;

/// Bytes of text per piece: a piece is split in about a tenth of a millisecond (segmentation
/// costs about 25 ms per MB), so that a key that reaches a piece not split yet is not held up,
/// and a first screen, which needs one or two pieces, costs little more than reading them.
pub const PIECE_BYTES: usize = 4 * 1024;

/// Where a sentence is: its piece and its place in that piece's list.
type Place = (usize, usize);

#[derive(Debug)]
pub struct SentenceIndex {
    /// Length of the text, in bytes.
    len: usize,
    /// Bytes per piece: [`PIECE_BYTES`], smaller in tests.
    piece_bytes: usize,
    pieces: Vec<OnceLock<Box<[Range<usize>]>>>,
    /// How many pieces are split.
    done: AtomicUsize,
    /// Sentences before each piece (and the total last), once every piece is split.
    before: OnceLock<Vec<usize>>,
}

impl SentenceIndex {
    /// The index of a text of `len` bytes, nothing split yet.
    pub fn new(len: usize) -> SentenceIndex {
        SentenceIndex::with_pieces_of(len, PIECE_BYTES)
    }

    fn with_pieces_of(len: usize, piece_bytes: usize) -> SentenceIndex {
        SentenceIndex {
            len,
            piece_bytes,
            pieces: (0..len.div_ceil(piece_bytes).max(1))
                .map(|_| OnceLock::new())
                .collect(),
            done: AtomicUsize::new(0),
            before: OnceLock::new(),
        }
    }

    /// Splits every piece not split yet, in order; stops early when `go_on` says no (a
    /// background indexer whose document was closed). `text` is the text the index is of.
    pub fn index_all(&self, text: &str, mut go_on: impl FnMut() -> bool) {
        for k in 0..self.pieces.len() {
            if !go_on() {
                return;
            }
            self.piece(text, k);
        }
    }

    /// Pieces split, of all pieces: `(done, total)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.load(Ordering::Acquire), self.pieces.len())
    }

    pub fn is_complete(&self) -> bool {
        let (done, total) = self.progress();
        done == total
    }

    /// The number of sentences, once every piece is split.
    pub fn count(&self) -> Option<usize> {
        self.before().map(|b| b[b.len() - 1])
    }

    /// The 0-based ordinal of the sentence starting at byte `start`, once every piece is split.
    pub fn ordinal(&self, text: &str, start: usize) -> Option<usize> {
        let before = self.before()?;
        let (k, i) = self.last_starting_at_or_before(text, start)?;
        Some(before[k] + i)
    }

    /// Every sentence, in order (splitting what is not split yet): see [`sentences::split`].
    pub fn all(&self, text: &str) -> Vec<Range<usize>> {
        (0..self.pieces.len())
            .flat_map(|k| self.piece(text, k).iter().cloned())
            .collect()
    }

    /// The sentence holding byte `offset`, or the nearest one after it (else the last).
    pub fn at(&self, text: &str, offset: usize) -> Option<Range<usize>> {
        let holding = self.last_starting_at_or_before(text, offset);
        if let Some(place) = holding
            && self.get(text, place).end > offset
        {
            return Some(self.get(text, place));
        }
        self.after(text, holding)
            .or(holding)
            .map(|p| self.get(text, p))
    }

    /// The sentence after the one starting at byte `start`, if any.
    pub fn next(&self, text: &str, start: usize) -> Option<Range<usize>> {
        let place = self.last_starting_at_or_before(text, start);
        self.after(text, place).map(|p| self.get(text, p))
    }

    /// The sentence before the one starting at byte `start`, if any.
    pub fn previous(&self, text: &str, start: usize) -> Option<Range<usize>> {
        let place = self.last_starting_at_or_before(text, start.checked_sub(1)?)?;
        Some(self.get(text, place))
    }

    pub fn first(&self, text: &str) -> Option<Range<usize>> {
        self.after(text, None).map(|p| self.get(text, p))
    }

    pub fn last(&self, text: &str) -> Option<Range<usize>> {
        self.last_starting_at_or_before(text, self.len)
            .map(|p| self.get(text, p))
    }

    /// The sentences overlapping `span`, in order.
    pub fn overlapping(&self, text: &str, span: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut next = self.at(text, span.start);
        while let Some(s) = next.filter(|s| s.start < span.end && s.end > span.start) {
            next = self.next(text, s.start);
            out.push(s);
        }
        out
    }

    fn before(&self) -> Option<&Vec<usize>> {
        if let Some(before) = self.before.get() {
            return Some(before);
        }
        if !self.is_complete() {
            return None;
        }
        Some(self.before.get_or_init(|| {
            let mut total = 0;
            let mut before: Vec<usize> = self
                .pieces
                .iter()
                .map(|p| {
                    let here = total;
                    total += p.get().map_or(0, |s| s.len());
                    here
                })
                .collect();
            before.push(total);
            before
        }))
    }

    /// The sentences of piece `k`, split now if they were not.
    fn piece(&self, text: &str, k: usize) -> &[Range<usize>] {
        debug_assert_eq!(text.len(), self.len, "the text the index is of");
        self.pieces[k].get_or_init(|| {
            let from = k * self.piece_bytes;
            let to = (from + self.piece_bytes).min(self.len);
            let sentences = sentences::split_paragraphs_starting_in(text, from..to);
            self.done.fetch_add(1, Ordering::AcqRel);
            sentences.into_boxed_slice()
        })
    }

    fn get(&self, text: &str, (k, i): Place) -> Range<usize> {
        self.piece(text, k)[i].clone()
    }

    /// The last sentence starting at or before byte `offset`. A piece's sentences start in it or
    /// after it, so the pieces up to `offset`'s are looked at, back from it.
    fn last_starting_at_or_before(&self, text: &str, offset: usize) -> Option<Place> {
        let last = (offset / self.piece_bytes).min(self.pieces.len() - 1);
        (0..=last).rev().find_map(|k| {
            let i = self.piece(text, k).partition_point(|s| s.start <= offset);
            (i > 0).then(|| (k, i - 1))
        })
    }

    /// The sentence after the one at `place` (after none: the first).
    fn after(&self, text: &str, place: Option<Place>) -> Option<Place> {
        let (k, i) = match place {
            Some((k, i)) => (k, i + 1),
            None => (0, 0),
        };
        if i < self.piece(text, k).len() {
            return Some((k, i));
        }
        (k + 1..self.pieces.len()).find_map(|k| (!self.piece(text, k).is_empty()).then_some((k, 0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Texts made of the pieces that matter to segmentation: stops, abbreviations, line breaks,
    /// blank and whitespace-only lines, long lines, list items and multi-byte characters, long
    /// enough to span several pieces.
    fn texts() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec![
            "word",
            "Dr.",
            "U.S.",
            "etc.",
            "and",
            "The",
            "end.",
            "Why?",
            "中文。",
            "“Yes.”",
            "é",
            "\n",
            "\n\n",
            " \n \n",
            "\n- ",
            "\n1. ",
            "\n2. ",
            "\n7. ",
            "  ",
            ".",
            "\u{2028}",
        ]);
        prop::collection::vec(word, 0..400).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Split piece by piece, in any order, the sentences are those of the whole text at once,
        /// and every lookup agrees with looking in the whole list.
        #[test]
        fn piece_by_piece_is_the_whole(
            text in texts(),
            piece in 1usize..64,
            order in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
            offsets in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
        ) {
            let whole = sentences::split(&text);
            let pieces: Vec<Range<usize>> = (0..text.len().div_ceil(piece))
                .flat_map(|k| {
                    let to = ((k + 1) * piece).min(text.len());
                    sentences::split_paragraphs_starting_in(&text, k * piece..to)
                })
                .collect();
            prop_assert_eq!(&pieces, &whole);

            let index = SentenceIndex::with_pieces_of(text.len(), piece);
            // Some pieces first, as the reader asks for the ones on screen.
            for i in &order {
                let k = i.index(index.pieces.len());
                index.piece(&text, k);
            }
            if !index.is_complete() {
                prop_assert_eq!(index.count(), None);
            }
            for o in &offsets {
                let offset = o.index(text.len() + 1);
                let expected = whole
                    .iter()
                    .position(|s| s.end > offset)
                    .or(whole.len().checked_sub(1))
                    .map(|i| whole[i].clone());
                prop_assert_eq!(index.at(&text, offset), expected.clone());
                if let Some(s) = expected {
                    let i = whole.iter().position(|w| *w == s).unwrap();
                    prop_assert_eq!(index.next(&text, s.start), whole.get(i + 1).cloned());
                    prop_assert_eq!(
                        index.previous(&text, s.start),
                        i.checked_sub(1).map(|p| whole[p].clone())
                    );
                }
                let span = offset..(offset + 40).min(text.len());
                let overlapping: Vec<_> = whole
                    .iter()
                    .filter(|s| s.start < span.end && s.end > span.start)
                    .cloned()
                    .collect();
                prop_assert_eq!(index.overlapping(&text, span), overlapping);
            }
            prop_assert_eq!(index.first(&text), whole.first().cloned());
            prop_assert_eq!(index.last(&text), whole.last().cloned());
            index.index_all(&text, || true);
            prop_assert!(index.is_complete());
            prop_assert_eq!(index.all(&text), whole.clone());
            prop_assert_eq!(index.count(), Some(whole.len()));
            for (i, s) in whole.iter().enumerate() {
                prop_assert_eq!(index.ordinal(&text, s.start), Some(i));
            }
        }
    }

    #[test]
    fn nothing_needing_every_piece_is_answered_before_all_are_split() {
        let text = "One sentence. Another one.\n\n".repeat(4 * PIECE_BYTES / 28);
        let index = SentenceIndex::new(text.len());
        assert_eq!(index.first(&text), Some(0..13));
        assert_eq!(index.progress(), (1, 4));
        assert_eq!(index.count(), None);
        assert_eq!(index.ordinal(&text, 0), None);
        let mut asked = 0;
        index.index_all(&text, || {
            asked += 1;
            asked < 3
        });
        assert_eq!(index.progress(), (2, 4));
        index.index_all(&text, || true);
        assert_eq!(index.count(), Some(2 * (4 * PIECE_BYTES / 28)));
    }
}
