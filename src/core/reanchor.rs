//! Placing a document's annotations in its current text, which may not be the text their offsets
//! were recorded in (see `anchor` for how one annotation is found).
//!
//! An annotation placed anew takes its new offsets, quote and context from the current text, so
//! that slicing the text by its offsets gives its quote; an orphan keeps the offsets, quote and
//! context it had, since they are all that is left to place it by hand. Nothing is written here:
//! the caller decides when the new places go to disk.

use std::fmt;

use crate::core::anchor;
use crate::core::annotation::{Annotation, Placement};
use crate::core::text::CharIndex;

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

/// Places `annotations` in `text`. `text_changed` says that `text` is not the text they were
/// placed in (the hash recorded with them differs from its hash): then every one is placed
/// again. Otherwise only those whose offsets do not hold their quote are, a file edited by hand
/// say. Their order is left alone; orphans should be sorted last before the annotations are shown
/// (see [`Annotation::sort_key`]).
pub fn reanchor(
    annotations: &mut [Annotation],
    text: &str,
    index: &CharIndex,
    text_changed: bool,
) -> Tally {
    let mut tally = Tally::default();
    // Built only when some annotation needs placing: a whole document's code points.
    let mut chars: Option<Vec<char>> = None;
    for a in annotations {
        let fits = a.fits(text, index);
        // In the text they were placed in, an annotation in place and an orphan are where
        // they were left: an orphan's quote may still stand at its offsets with other words
        // around it, which is why it has no place. A guess holds the text that was coded, not
        // the text it is on: it stays where it was guessed, unconfirmed, or where it was
        // confirmed (by `c`, or by `confirmed = true` typed in the file).
        let guessed = matches!(a.placement, Placement::Fuzzy { .. });
        let settled = a.is_orphan() || fits || guessed;
        if !text_changed && settled {
            continue;
        }
        let chars = chars.get_or_insert_with(|| text.chars().collect());
        let found = anchor::anchor(a, chars);
        match found.placement {
            Placement::Orphan => tally.orphans += 1,
            Placement::Exact => tally.exact += 1,
            Placement::Moved => tally.moved += 1,
            Placement::Fuzzy { .. } => tally.fuzzy += 1,
        }
        if found.placement == Placement::Orphan {
            a.placement = Placement::Orphan;
            continue;
        }
        if let Placement::Fuzzy {
            confirmed: false, ..
        } = found.placement
        {
            // A guess keeps what the coder coded, its quote and context, until a person
            // confirms it: the review shows what was coded beside where it was guessed to be,
            // and the next placement starts again from the coded text, so that a passage put
            // back finds its annotation word for word instead of the guess becoming certain.
            a.start = found.start;
            a.end = found.end;
        } else {
            let span = index.char_to_byte(text, found.start)..index.char_to_byte(text, found.end);
            a.set_span(text, index, span);
        }
        a.placement = match found.placement {
            // Kept as the file writes it, so that what is in memory is what a reload gives. Cut,
            // not rounded: a guess is never perfect, and one character edited in a quote of
            // 150 scores 0.997, which rounded would read as a perfect 1.00.
            Placement::Fuzzy { score, confirmed } => Placement::Fuzzy {
                score: (score * 100.0).floor() / 100.0,
                confirmed,
            },
            other => other,
        };
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;

    const DOC: &str = include_str!("../../corpus/001_bcba7e35c127046e.txt");
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
