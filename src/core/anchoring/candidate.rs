//! Judging a place where an annotation might belong in a changed text, by what surrounds it.
//!
//! The quote alone cannot say where an annotation belongs once its document changed: a speaker's
//! name, a figure or a two-word phrase occurs in many places, and a sentence may have a near-twin
//! in the next paragraph. What was recorded around the quote (its prefix and suffix, see
//! `context`) decides, by these rules:
//!
//! - Each side of a candidate is compared with the side recorded: the [`Side`] is `Verbatim`,
//!   the `Same` next to the quote, `Near` (edited) or `Differs` (other text).
//! - A candidate that holds the text recorded around the quote, rather than having it around
//!   itself, is the quote's neighbour and never its new place: when a paragraph is deleted, the
//!   twin paragraph after it begins with what the deleted one's suffix recorded.
//! - A short quote (fewer code points than [`SHORT_QUOTE_CHARS`]) is no evidence of its own: no
//!   side may differ, and unless both are verbatim, the place is only a guess for a person to
//!   confirm (inside one sentence, 32 code points cannot tell "Team North" deleted from "Team
//!   North" renamed "Team South").
//! - A longer quote found word for word is placed for certain when one side is the same (the
//!   other may have been rewritten); with both sides edited, or both different while it occurs
//!   only once, it is a guess to confirm; occurring more than once with nothing around it
//!   agreeing, it is not placed.
//! - An approximate occurrence is always a guess to confirm, and is not placed when both sides
//!   differ.
//!
//! Guesses are then ranked by Hypothesis's score (`match-quote.ts`), which must reach
//! `anchor::ACCEPT_THRESHOLD`. All offsets are code points of the current text.

use crate::core::anchoring::context::MIN_CONTEXT_CHARS;
use crate::core::anchoring::fuzzy::Searcher;
use crate::core::annotation::Annotation;

/// Quotes shorter than this many code points (the context kept on each side) could be anywhere:
/// a name, a figure, a phrase of a few words.
pub const SHORT_QUOTE_CHARS: usize = MIN_CONTEXT_CHARS;

/// The least similarity (see [`Context::prefix_similarity`]) of a side that was edited rather
/// than replaced. Against a 32-code-point side, a window of the shipped documents elsewhere
/// scores 0.28 (median), 0.44 (99th percentile), 0.59 (99.9th); the same side with one word of
/// up to 8 letters replaced scores at least 0.69 (`tests::sides_of_unrelated_and_edited_text`).
/// The rare unrelated window above (0.72 at most: a repeated phrase) makes a guess at worst,
/// never a certain place, which takes the same words next to the quote.
pub const NEAR_SIMILARITY: f64 = 0.65;

const QUOTE_WEIGHT: f64 = 50.0;
const PREFIX_WEIGHT: f64 = 20.0;
const SUFFIX_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;

/// How many code points of a side, counted from the quote, must be word for word for the side
/// to be the [`Side::Same`]: edits further away (a neighbouring sentence rewritten, the text
/// ending) say little about the quote, while "Team North" for "Team South" just before it says
/// that this may be another passage.
pub const SAME_NEAR_QUOTE_CHARS: usize = MIN_CONTEXT_CHARS / 2;

/// How one side of a candidate compares with the side recorded with the annotation, from worst
/// to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// Other text.
    Differs,
    /// At least [`NEAR_SIMILARITY`]: the recorded text, edited.
    Near,
    /// Word for word over the [`SAME_NEAR_QUOTE_CHARS`] next to the quote, and at least
    /// [`NEAR_SIMILARITY`] in all.
    Same,
    /// Word for word throughout (or nothing was recorded: the quote began or ended the text).
    Verbatim,
}

impl Side {
    /// `similarity` of the whole side; `same_near_quote`: whether the code points next to the
    /// quote are the recorded ones.
    fn of(similarity: f64, same_near_quote: bool) -> Side {
        if similarity >= 1.0 {
            Side::Verbatim
        } else if similarity < NEAR_SIMILARITY {
            Side::Differs
        } else if same_near_quote {
            Side::Same
        } else {
            Side::Near
        }
    }
}

/// A place in the current text: `start..end` in code points, holding the quote with `errors`
/// edits (0: word for word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

/// What the context says of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Not the annotation's place.
    Rejected,
    /// Perhaps its place: placed only for a person to confirm.
    Guess,
    /// Its place.
    Certain,
}

/// The judgement of one candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    /// Sum of the two sides' similarities, 0..=2: among certain places, the better fitting wins.
    pub fit: f64,
    /// Hypothesis's score, 0..=1: `(50·quote + 20·prefix + 20·suffix + 2·position) / 92`.
    pub score: f64,
}

/// What is known of the quote's old surroundings, and the text to compare them with.
pub struct Context<'a> {
    chars: &'a [char],
    prefix_chars: Vec<char>,
    suffix_chars: Vec<char>,
    prefix: Searcher,
    suffix: Searcher,
    old_start: usize,
    quote_len: usize,
}

impl<'a> Context<'a> {
    /// `chars` is the current text's code points.
    pub fn new(annotation: &Annotation, chars: &'a [char]) -> Context<'a> {
        let prefix: Vec<char> = annotation.prefix.chars().collect();
        let suffix: Vec<char> = annotation.suffix.chars().collect();
        Context {
            chars,
            prefix: Searcher::new(&prefix),
            suffix: Searcher::new(&suffix),
            prefix_chars: prefix,
            suffix_chars: suffix,
            old_start: annotation.start,
            quote_len: annotation.quote.chars().count(),
        }
    }

    /// The current text's code points.
    pub fn chars(&self) -> &'a [char] {
        self.chars
    }

    /// Where the quote began in the text its offsets were recorded in.
    pub fn old_start(&self) -> usize {
        self.old_start
    }

    /// Whether the candidate may be the annotation's place, and how well it fits. `occurrences`
    /// is how many times the quote occurs word for word in the current text.
    pub fn judge(&self, c: Candidate, occurrences: usize) -> Judgement {
        let prefix = self.prefix_similarity(c.start);
        let suffix = self.suffix_similarity(c.end);
        let quote = 1.0 - c.errors as f64 / self.quote_len.max(1) as f64;
        let score = weighted(quote, prefix, suffix, self.position_similarity(c.start));
        let sides = (
            Side::of(prefix, self.same_before(c.start)),
            Side::of(suffix, self.same_after(c.end)),
        );
        let mut verdict = self.verdict(c.errors == 0, sides.0, sides.1, occurrences);
        // Both sides word for word are where they belong, so no better match of them can be
        // inside; otherwise a candidate not refused already is looked into.
        if verdict != Verdict::Rejected
            && sides != (Side::Verbatim, Side::Verbatim)
            && self.holds_its_context(c)
        {
            verdict = Verdict::Rejected;
        }
        Judgement {
            verdict,
            fit: prefix + suffix,
            score,
        }
    }

    /// The rules of this module's documentation, given the sides.
    fn verdict(&self, verbatim: bool, prefix: Side, suffix: Side, occurrences: usize) -> Verdict {
        let (worse, better) = (prefix.min(suffix), prefix.max(suffix));
        if self.quote_len < SHORT_QUOTE_CHARS {
            return match worse {
                Side::Verbatim if verbatim => Verdict::Certain,
                Side::Differs => Verdict::Rejected,
                _ => Verdict::Guess,
            };
        }
        match (verbatim, better) {
            (true, Side::Same | Side::Verbatim) => Verdict::Certain,
            (true, Side::Near) => Verdict::Guess,
            (true, Side::Differs) if occurrences <= 1 => Verdict::Guess,
            (false, Side::Differs) => Verdict::Rejected,
            (false, _) => Verdict::Guess,
            (true, Side::Differs) => Verdict::Rejected,
        }
    }

    /// How well the recorded prefix occurs just before `start`: 1 minus the edits of its best
    /// approximate occurrence there per code point. A prefix that was never recorded (the quote
    /// began the text) counts as matching, as in Hypothesis.
    pub fn prefix_similarity(&self, start: usize) -> f64 {
        let from = start.saturating_sub(self.prefix.len());
        similarity(&self.prefix, &self.chars[from..start])
    }

    /// Likewise for the recorded suffix just after `end`.
    pub fn suffix_similarity(&self, end: usize) -> f64 {
        let to = (end + self.suffix.len()).min(self.chars.len());
        similarity(&self.suffix, &self.chars[end..to])
    }

    /// Whether the code points just before `start` are the recorded prefix's last ones, as far
    /// as the text goes.
    fn same_before(&self, start: usize) -> bool {
        let n = SAME_NEAR_QUOTE_CHARS
            .min(self.prefix_chars.len())
            .min(start);
        self.chars[start - n..start] == self.prefix_chars[self.prefix_chars.len() - n..]
    }

    /// Whether the code points just after `end` are the recorded suffix's first ones, as far as
    /// the text goes.
    fn same_after(&self, end: usize) -> bool {
        let n = SAME_NEAR_QUOTE_CHARS.min(self.suffix_chars.len());
        let to = (end + n).min(self.chars.len());
        self.chars[end..to] == self.suffix_chars[..to - end]
    }

    /// 1 at the old position, falling linearly to 0 a whole text's length away.
    fn position_similarity(&self, start: usize) -> f64 {
        let distance = start.abs_diff(self.old_start) as f64;
        (1.0 - distance / self.chars.len().max(1) as f64).max(0.0)
    }

    /// Whether the recorded prefix or suffix is found inside the candidate, more than half of it
    /// past the candidate's edge, and better than at its own side: the candidate then holds the
    /// quote's old neighbour (the paragraph after a deleted one, say), not the quote.
    fn holds_its_context(&self, c: Candidate) -> bool {
        // Where the suffix should end, and where it ends once half of it is inside.
        let len = self.suffix.len();
        let to = (c.end + len).min(self.chars.len());
        let inside_suffix = inside_better(&self.suffix, &self.chars[c.start..to], |end| {
            c.start + end <= c.end + len / 2
        });
        let len = self.prefix.len();
        let from = c.start.saturating_sub(len);
        let inside_prefix = inside_better(&self.prefix, &self.chars[from..c.end], |end| {
            from + end >= c.start + len.div_ceil(2)
        });
        inside_suffix || inside_prefix
    }
}

/// Whether the best approximate occurrence of a recorded side in `window` (within a quarter of
/// its length in edits) has an end for which `inside` holds, with fewer edits than any other.
fn inside_better(side: &Searcher, window: &[char], inside: impl Fn(usize) -> bool) -> bool {
    let (mut best_inside, mut best_outside) = (usize::MAX, usize::MAX);
    side.for_each_end(window, side.len() / 4, |end, errors| {
        let best = if inside(end) {
            &mut best_inside
        } else {
            &mut best_outside
        };
        *best = (*best).min(errors);
    });
    best_inside < best_outside
}

/// How well `context` occurs in `window`: 1 minus the edits of its best approximate occurrence
/// per code point. An empty context counts as matching.
fn similarity(context: &Searcher, window: &[char]) -> f64 {
    let len = context.len();
    if len == 0 {
        return 1.0;
    }
    let mut least = len;
    context.for_each_end(window, len, |_, errors| least = least.min(errors));
    1.0 - least as f64 / len as f64
}

/// Hypothesis's score from the similarity of each part, each in 0..=1.
pub fn weighted(quote: f64, prefix: f64, suffix: f64, position: f64) -> f64 {
    (QUOTE_WEIGHT * quote
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * position)
        / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: [&str; 5] = [
        include_str!("../../../corpus/000_073045cb8793dce5.txt"),
        include_str!("../../../corpus/001_bcba7e35c127046e.txt"),
        include_str!("../../../corpus/002_3e2178b0d7cc894e.txt"),
        include_str!("../../../corpus/003_51e4aaa34ca25599.txt"),
        include_str!("../../../corpus/004_5fd63ba584e4c364.txt"),
    ];

    /// Similarity of a recorded side `side` to the window of its length ending at `at`.
    fn side_similarity(side: &[char], text: &[char], at: usize) -> f64 {
        similarity(
            &Searcher::new(side),
            &text[at.saturating_sub(side.len())..at],
        )
    }

    /// The bounds [`NEAR_SIMILARITY`] sits between: 32 code points before every 97th position of
    /// the shipped documents, against the 32 before every other such position (unrelated text),
    /// and against themselves with one word of up to 8 letters replaced by "North" or by as many
    /// other letters (edited text).
    #[test]
    fn sides_of_unrelated_and_edited_text() {
        let n = MIN_CONTEXT_CHARS;
        let mut unrelated: Vec<f64> = Vec::new();
        let mut edited: f64 = 1.0;
        for doc in DOCS {
            let text: Vec<char> = doc.chars().collect();
            let positions: Vec<usize> = (n..text.len()).step_by(97).collect();
            for &a in &positions {
                let side = &text[a - n..a];
                for &b in positions.iter().filter(|&&b| b.abs_diff(a) >= n) {
                    unrelated.push(side_similarity(side, &text, b));
                }
                // The middle word replaced: "North" for "South", or by a longer one.
                let middle = side.len() / 2;
                let word_start = side[..middle]
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                let word_end = side[middle..]
                    .iter()
                    .position(|c| c.is_whitespace())
                    .map_or(side.len(), |i| middle + i);
                let same_length = "x".repeat(word_end - word_start);
                for replacement in ["North", &same_length] {
                    let mut changed = text[..a - n + word_start].to_vec();
                    changed.extend(replacement.chars());
                    changed.extend(&text[a - n + word_end..a]);
                    let at = changed.len();
                    if word_end - word_start <= 8 {
                        edited = edited.min(side_similarity(side, &changed, at));
                    }
                }
            }
        }
        unrelated.sort_by(f64::total_cmp);
        let quantile = |p: f64| unrelated[((unrelated.len() - 1) as f64 * p) as usize];
        let (median, rare) = (quantile(0.5), quantile(0.999));
        eprintln!("unrelated: median {median:.2}, 99.9th percentile {rare:.2}; edited {edited:.2}");
        assert!(median < 0.3 && rare < NEAR_SIMILARITY, "{median} {rare}");
        assert!(edited > NEAR_SIMILARITY, "edited down to {edited}");
    }
}
