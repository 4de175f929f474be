//! Placing a document's annotations in its current text, which may not be the text their offsets
//! were recorded in (see `anchor` for how one annotation is found).
//!
//! An annotation placed anew takes its new offsets, quote and context from the current text, so
//! that slicing the text by its offsets gives its quote; an orphan keeps the offsets, quote and
//! context it had, since they are all that is left to place it by hand. Nothing is written here:
//! the caller decides when the new places go to disk.

use std::fmt;
use std::ops::Range;

use crate::core::anchoring::anchor::{self, Anchored};
use crate::core::anchoring::context::{self, MAX_CONTEXT_CHARS};
use crate::core::anchoring::occurrences::Occurrences;
use crate::core::annotation::{Annotation, Placement};
use crate::core::documents::text::CharIndex;

/// How many annotations were placed anew, by how they were placed; `fuzzy` counts the guesses,
/// all to confirm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub exact: usize,
    pub moved: usize,
    pub fuzzy: usize,
    pub orphans: usize,
}

impl Tally {
    /// Whether anything was moved, guessed or lost: what the user should hear about.
    pub fn anything_moved(&self) -> bool {
        self.moved + self.fuzzy + self.orphans > 0
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.exact += other.exact;
        self.moved += other.moved;
        self.fuzzy += other.fuzzy;
        self.orphans += other.orphans;
    }
}

/// "2 moved, 1 to confirm, 1 unplaced".
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            (self.exact, "in place"),
            (self.moved, "moved"),
            (self.fuzzy, "to confirm"),
            (self.orphans, "unplaced"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        f.write_str(&parts.join(", "))
    }
}

/// Below this many code points, the approximate search for an annotation covers the whole
/// text, as [`anchor::anchor`] does: it costs well under a millisecond there.
pub const WHOLE_TEXT_CHARS: usize = 1 << 16;

/// Places `annotations` in `text`. `text_changed` says that `text` is not the text they were
/// placed in (the hash recorded with them differs from its hash): then every one is placed
/// again. Otherwise only those whose offsets do not hold their quote are, a file edited by hand
/// say. Their order is left alone; orphans should be sorted last before the annotations are shown
/// (see [`Annotation::sort_key`]).
///
/// Each is placed as [`anchor::anchor`] places it, in time proportional to the text and the
/// annotations together rather than to their product: every quote is found in one pass over the
/// text ([`Occurrences`]), which also tells the contexts which quotes occur more than once; and
/// in a text longer than [`WHOLE_TEXT_CHARS`], the approximate search for an annotation no word
/// for word occurrence placed looks only between where its neighbours (in the order of their old
/// offsets) were placed for certain, and a margin around, when they kept their order. A guess
/// outside that window (a passage both moved far away and edited) is then missed: the
/// annotation becomes an orphan to place by hand, which is the safe side.
pub fn reanchor(
    annotations: &mut [Annotation],
    text: &str,
    index: &CharIndex,
    text_changed: bool,
) -> Tally {
    // In the text they were placed in, an annotation in place and an orphan are where they were
    // left: an orphan's quote may still stand at its offsets with other words around it, which
    // is why it has no place. A guess holds the text that was coded, not the text it is on: it
    // stays where it was guessed, unconfirmed, or where it was confirmed (by `c`, or by
    // `confirmed = true` typed in the file).
    let to_place: Vec<usize> = (0..annotations.len())
        .filter(|&i| {
            let a = &annotations[i];
            let settled = || {
                a.is_orphan()
                    || matches!(a.placement, Placement::Fuzzy { .. })
                    || a.fits(text, index)
            };
            text_changed || !settled()
        })
        .collect();
    let mut tally = Tally::default();
    if to_place.is_empty() {
        return tally;
    }
    // A whole document's code points, for the context comparisons, made once.
    let chars: Vec<char> = text.chars().collect();
    let occurrences = Occurrences::find(text, to_place.iter().map(|&i| &*annotations[i].quote));
    let mut found: Vec<(usize, Anchored)> = Vec::with_capacity(to_place.len());
    let mut pending = Vec::new();
    for &i in &to_place {
        let a = &annotations[i];
        let starts: Vec<usize> = occurrences.of(&a.quote).iter().map(|o| o.char).collect();
        match anchor::certain(a, &chars, &starts) {
            Ok(place) => found.push((i, place)),
            Err(left) => pending.push((i, left)),
        }
    }
    let windows = Windows::new(annotations, &to_place, &found, chars.len());
    for (i, left) in pending {
        let window = windows.around(annotations[i].start, left.quote_len());
        found.push((i, (*left).guess(window)));
    }
    for (i, place) in found {
        tally.count(&place.placement);
        put(&mut annotations[i], place, text, index, &occurrences);
    }
    tally
}

impl Tally {
    fn count(&mut self, placement: &Placement) {
        match placement {
            Placement::Orphan => self.orphans += 1,
            Placement::Exact => self.exact += 1,
            Placement::Moved => self.moved += 1,
            Placement::Fuzzy { .. } => self.fuzzy += 1,
        }
    }
}

/// Gives `a` the place found for it in `text`.
fn put(a: &mut Annotation, found: Anchored, text: &str, index: &CharIndex, occ: &Occurrences) {
    if found.placement == Placement::Orphan {
        a.placement = Placement::Orphan;
        return;
    }
    if let Placement::Fuzzy {
        confirmed: false, ..
    } = found.placement
    {
        // A guess keeps what the coder coded, its quote and context, until a person confirms
        // it: the review shows what was coded beside where it was guessed to be, and the next
        // placement starts again from the coded text, so that a passage put back finds its
        // annotation word for word instead of the guess becoming certain.
        a.start = found.start;
        a.end = found.end;
    } else {
        // Placed for certain, the quote is the one looked for: its occurrences are known.
        let span = index.char_to_byte(text, found.start)..index.char_to_byte(text, found.end);
        let others = occ.of(&a.quote).iter().map(|o| o.byte);
        let context = context::around_among(text, span.clone(), others);
        a.set_span_in(text, index, span, context);
    }
    a.placement = match found.placement {
        // Kept as the file writes it, so that what is in memory is what a reload gives. Cut,
        // not rounded: a guess is never perfect, and one character edited in a quote of 150
        // scores 0.997, which rounded would read as a perfect 1.00.
        Placement::Fuzzy { score, confirmed } => Placement::Fuzzy {
            score: (score * 100.0).floor() / 100.0,
            confirmed,
        },
        other => other,
    };
}

/// Where the annotations placed for certain are, old and new, to bound the approximate search
/// of the others.
struct Windows {
    /// `(old start, new start, new end)` in code points, by old start.
    certain: Vec<(usize, usize, usize)>,
    len_chars: usize,
}

impl Windows {
    /// `found` holds the places found for some of `to_place`; the annotations not placed again
    /// stay where they are, which is certain unless they are guesses or orphans.
    fn new(
        annotations: &[Annotation],
        to_place: &[usize],
        found: &[(usize, Anchored)],
        len_chars: usize,
    ) -> Windows {
        let mut placed_again = vec![false; annotations.len()];
        for &i in to_place {
            placed_again[i] = true;
        }
        let stayed = annotations
            .iter()
            .zip(&placed_again)
            .filter(|(a, again)| !**again && a.placement.is_certain())
            .map(|(a, _)| (a.start, a.start, a.end));
        let moved = found
            .iter()
            .map(|(i, place)| (annotations[*i].start, place.start, place.end));
        let mut certain: Vec<(usize, usize, usize)> = stayed.chain(moved).collect();
        certain.sort_unstable();
        Windows { certain, len_chars }
    }

    /// The code points to search for an annotation that began at `old_start`, with a quote of
    /// `quote_len`: from where the certain one before it (by old offsets) now begins to where
    /// the one after it now ends, widened by twice the quote's length (a quote may grow by half
    /// of it in edits, and the search must see that far before a match to count its errors)
    /// and the longest context. The whole text when it is short or the neighbours changed
    /// order.
    fn around(&self, old_start: usize, quote_len: usize) -> Range<usize> {
        let whole = 0..self.len_chars;
        if self.len_chars <= WHOLE_TEXT_CHARS {
            return whole;
        }
        let margin = 2 * quote_len + MAX_CONTEXT_CHARS;
        let before = self.certain.partition_point(|c| c.0 <= old_start);
        let after = self.certain.partition_point(|c| c.0 < old_start);
        let from = before
            .checked_sub(1)
            .map_or(0, |b| self.certain[b].1.saturating_sub(margin));
        let to = self
            .certain
            .get(after)
            .map_or(self.len_chars, |c| (c.2 + margin).min(self.len_chars));
        if from < to { from..to } else { whole }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;

    const DOC: &str = include_str!("../../../corpus/001_bcba7e35c127046e.txt");
    const DENIAL: &str = "We firmly oppose and harshly punish hacking activities.";
    const TERM: &str = "The term refers to the rights of each country to choose how to develop and \
                        regulate its own Internet.";

    fn annotate(text: &str, quote: &str) -> Annotation {
        let byte = text.find(quote).unwrap();
        let stamp = Stamp {
            annotator: "tester".into(),
            time: "2026-01-02T03:04:05Z".into(),
        };
        let index = CharIndex::new(text);
        Annotation::new(text, &index, byte..byte + quote.len(), vec![], &stamp)
    }

    fn slice(text: &str, a: &Annotation) -> String {
        text.chars().skip(a.start).take(a.end - a.start).collect()
    }

    fn place(anns: &mut [Annotation], text: &str, changed: bool) -> Tally {
        reanchor(anns, text, &CharIndex::new(text), changed)
    }

    #[test]
    fn in_the_same_text_nothing_moves() {
        let mut anns = vec![annotate(DOC, DENIAL), annotate(DOC, TERM)];
        let before = anns.clone();
        assert_eq!(place(&mut anns, DOC, false), Tally::default());
        assert_eq!(anns, before);
    }

    #[test]
    fn placed_annotations_take_their_new_offsets_quote_and_context() {
        let mut anns = vec![annotate(DOC, DENIAL), annotate(DOC, TERM)];
        let edited = DOC
            .replacen("China opposes", "Update: China opposes", 1)
            .replacen("hacking activities.", "hacking activity.", 1);
        let tally = place(&mut anns, &edited, true);
        assert_eq!(
            tally,
            Tally {
                moved: 1,
                fuzzy: 1,
                ..Tally::default()
            }
        );
        assert_eq!(tally.to_string(), "1 moved, 1 to confirm");
        // The guess is on the edited sentence but keeps the text that was coded, until confirmed.
        let denial = &anns[0];
        assert_eq!(
            slice(&edited, denial),
            "We firmly oppose and harshly punish hacking activity."
        );
        assert_eq!(denial.quote, DENIAL);
        assert!(
            matches!(denial.placement, Placement::Fuzzy { score, confirmed: false } if score == (score * 100.0).floor() / 100.0)
        );
        let moved = &anns[1];
        assert_eq!(moved.placement, Placement::Moved);
        assert_eq!(slice(&edited, moved), moved.quote);
        assert!(edited.contains(&format!("{}{}{}", moved.prefix, moved.quote, moved.suffix)));
        // In the same text again, the guess stays as it is.
        let before = anns.clone();
        place(&mut anns, &edited, false);
        assert_eq!(anns, before);

        // The passage put back, the guess finds what was coded, word for word.
        place(&mut anns, DOC, true);
        assert_eq!(anns[0].placement, Placement::Moved);
        assert_eq!(slice(DOC, &anns[0]), DENIAL);
    }

    #[test]
    fn orphans_keep_what_they_had_and_stay_orphans_in_the_same_text() {
        let mut anns = vec![annotate(DOC, DENIAL)];
        let original = anns[0].clone();
        let edited = DOC.replacen(DENIAL, "", 1);
        assert_eq!(place(&mut anns, &edited, true).orphans, 1);
        assert_eq!(anns[0].placement, Placement::Orphan);
        assert_eq!(
            Annotation {
                placement: Placement::Exact,
                ..anns[0].clone()
            },
            original
        );
        let orphan = anns[0].clone();
        assert_eq!(place(&mut anns, &edited, false), Tally::default());
        assert_eq!(anns[0], orphan);
        // Put back, the sentence is found again.
        assert_eq!(place(&mut anns, DOC, true).exact, 1);
        assert_eq!(anns[0].placement, Placement::Exact);
    }

    /// The path [`reanchor`] replaced, as the oracle it must agree with: each annotation looked
    /// for on its own over the whole text, its context made unique by a scan of the whole text.
    fn one_by_one(annotations: &mut [Annotation], text: &str, changed: bool) {
        let index = CharIndex::new(text);
        let chars: Vec<char> = text.chars().collect();
        for a in annotations {
            let guessed = matches!(a.placement, Placement::Fuzzy { .. });
            if !changed && (a.is_orphan() || guessed || a.fits(text, &index)) {
                continue;
            }
            let found = anchor::anchor(a, &chars);
            match found.placement {
                Placement::Orphan => {}
                Placement::Fuzzy { .. } => (a.start, a.end) = (found.start, found.end),
                _ => {
                    let span =
                        index.char_to_byte(text, found.start)..index.char_to_byte(text, found.end);
                    a.set_span(text, &index, span);
                }
            }
            a.placement = match found.placement {
                Placement::Fuzzy { score, confirmed } => Placement::Fuzzy {
                    score: (score * 100.0).floor() / 100.0,
                    confirmed,
                },
                other => other,
            };
        }
    }

    /// Text of words that repeat, so that quotes occur more than once and nearly so.
    fn words() -> impl proptest::strategy::Strategy<Value = String> {
        let word = proptest::sample::select(vec![
            "alpha ", "beta ", "gamma ", "délta ", "alpha. ", "\n\n", "中文", "be", "ta ",
        ]);
        proptest::collection::vec(word, 1..60).prop_map(|w| w.concat())
    }

    /// Text with passages repeated word for word, whose contexts must grow to tell them apart.
    fn repeating() -> impl proptest::strategy::Strategy<Value = String> {
        (words(), 1usize..4, words()).prop_map(|(a, n, b)| format!("{}{b}{a}", a.repeat(n)))
    }

    /// A byte offset of `text` on a character boundary, from any number.
    fn boundary(text: &str, n: usize) -> usize {
        let mut at = n % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

        /// Placed all at once, annotations land where the old path, one annotation at a time,
        /// placed them, with the same quote, context and placement, whatever the edits.
        #[test]
        fn one_pass_places_as_one_by_one_does(
            text in repeating(),
            spans in proptest::collection::vec((any::<usize>(), 1usize..60), 1..8),
            edits in proptest::collection::vec((any::<usize>(), 0usize..30, words()), 1..4),
            broken in any::<usize>(),
        ) {
            let index = CharIndex::new(&text);
            let stamp = Stamp { annotator: "p".into(), time: "2026-01-01T00:00:00Z".into() };
            let mut anns: Vec<Annotation> = spans
                .iter()
                .map(|&(at, len)| {
                    let from = boundary(&text, at);
                    let to = boundary(&text, (from + len).min(text.len()));
                    Annotation::new(&text, &index, from..to, vec![], &stamp)
                })
                .collect();
            let mut edited = text.clone();
            for (at, cut, put) in &edits {
                let from = boundary(&edited, *at);
                let to = boundary(&edited, (from + cut).min(edited.len()));
                edited.replace_range(from..to, &put[..boundary(put, put.len().min(40))]);
            }
            let mut expected = anns.clone();
            one_by_one(&mut expected, &edited, true);
            let mut placed = anns.clone();
            place(&mut placed, &edited, true);
            prop_assert_eq!(&placed, &expected);

            // In the same text, an annotation whose offsets were spoiled by hand.
            let i = broken % anns.len();
            anns[i].start += 1;
            anns[i].end += 1;
            let mut expected = anns.clone();
            one_by_one(&mut expected, &text, false);
            place(&mut anns, &text, false);
            prop_assert_eq!(anns, expected);
        }
    }

    #[test]
    fn offsets_that_do_not_hold_the_quote_are_placed_even_in_the_same_text() {
        let mut anns = vec![annotate(DOC, DENIAL)];
        let right = anns[0].start;
        anns[0].start = DOC.chars().count() + 5;
        anns[0].end = anns[0].start + 10;
        assert_eq!(place(&mut anns, DOC, false).moved, 1);
        assert_eq!(anns[0].start, right);
    }
}
