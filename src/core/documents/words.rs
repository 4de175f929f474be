//! Word steps for refining a selection, and word boundaries for the context kept around a quote:
//! each looks only at a bounded window around the offset.

use unicode_segmentation::UnicodeSegmentation;

/// How far a word step looks; a "word" longer than this is stepped over in pieces.
const WINDOW: usize = 1024;

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// UAX #29 word boundaries in the window around `at`, in order; the window's edges count as
/// boundaries, which bounds how far a caller looking for the nearest one goes.
fn boundaries_around(text: &str, at: usize) -> impl DoubleEndedIterator<Item = usize> {
    let from = floor_boundary(text, at.saturating_sub(WINDOW));
    let to = floor_boundary(text, (at + WINDOW).min(text.len()));
    text[from..to]
        .split_word_bound_indices()
        .map(move |(i, _)| from + i)
        .chain(std::iter::once(to))
}

/// `at` if it is a word boundary, else the boundary before it: where a context that should not
/// begin inside a word begins.
pub fn boundary_at_or_before(text: &str, at: usize) -> usize {
    boundaries_around(text, at)
        .rev()
        .find(|&b| b <= at)
        .unwrap_or(at)
}

/// `at` if it is a word boundary, else the boundary after it.
pub fn boundary_at_or_after(text: &str, at: usize) -> usize {
    boundaries_around(text, at).find(|&b| b >= at).unwrap_or(at)
}

/// Words (byte ranges) in `text[from..to]`.
fn words_in(text: &str, from: usize, to: usize) -> impl DoubleEndedIterator<Item = (usize, usize)> {
    text[from..to]
        .split_word_bound_indices()
        .filter(|(_, w)| is_word(w))
        .map(move |(i, w)| (from + i, from + i + w.len()))
}

/// How many words `text[span]` holds, counting no further than `most`.
pub fn count(text: &str, span: std::ops::Range<usize>, most: usize) -> usize {
    text[span]
        .split_word_bounds()
        .filter(|w| is_word(w))
        .take(most)
        .count()
}

/// The end of the first word that ends after `from`.
pub fn next_word_end(text: &str, from: usize) -> Option<usize> {
    let to = floor_boundary(text, (from + WINDOW).min(text.len()));
    words_in(text, from, to).next().map(|(_, end)| end)
}

/// The start of the last word that starts before `from`.
pub fn previous_word_start(text: &str, from: usize) -> Option<usize> {
    let start = floor_boundary(text, from.saturating_sub(WINDOW));
    words_in(text, start, from).next_back().map(|(s, _)| s)
}

/// `span` without its last word: it ends where the word before that ends. `None` when the span
/// holds a single word.
pub fn drop_last_word(text: &str, span: std::ops::Range<usize>) -> Option<usize> {
    let from = floor_boundary(text, span.start.max(span.end.saturating_sub(WINDOW)));
    let mut words = words_in(text, from, span.end).rev();
    words.next()?;
    words.next().map(|(_, end)| end).filter(|&e| e > span.start)
}

/// `span` without its first word: it starts where the word after that starts.
pub fn drop_first_word(text: &str, span: std::ops::Range<usize>) -> Option<usize> {
    let to = floor_boundary(text, span.end.min(span.start + WINDOW));
    let mut words = words_in(text, span.start, to);
    words.next()?;
    words.next().map(|(s, _)| s).filter(|&s| s < span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Long said, «We firmly oppose hacking.» 我们反对。";

    fn at(s: &str) -> usize {
        TEXT.find(s).unwrap()
    }

    #[test]
    fn steps_skip_punctuation_and_spaces() {
        assert_eq!(next_word_end(TEXT, at("said")), Some(at(", «")));
        assert_eq!(next_word_end(TEXT, at(", «")), Some(at(" firmly")));
        assert_eq!(previous_word_start(TEXT, at("We")), Some(at("said")));
        assert_eq!(previous_word_start(TEXT, 0), None);
    }

    #[test]
    fn chinese_steps_by_character() {
        let from = at("我们");
        assert_eq!(next_word_end(TEXT, from), Some(from + "我".len()));
    }

    #[test]
    fn dropping_words_from_either_end() {
        let span = at("We")..at(".»") + 1;
        assert_eq!(drop_last_word(TEXT, span.clone()), Some(at(" hacking")));
        assert_eq!(drop_first_word(TEXT, span), Some(at("firmly")));
        let one = at("We")..at(" firmly");
        assert_eq!(drop_last_word(TEXT, one.clone()), None);
        assert_eq!(drop_first_word(TEXT, one), None);
    }

    #[test]
    fn boundaries_round_outwards_only_inside_words() {
        let inside = at("firmly") + 3;
        assert_eq!(boundary_at_or_before(TEXT, inside), at("firmly"));
        assert_eq!(boundary_at_or_after(TEXT, inside), at(" oppose"));
        for edge in [
            0,
            at(" firmly"),
            at("firmly"),
            at("我们") + "我".len(),
            TEXT.len(),
        ] {
            assert_eq!(boundary_at_or_before(TEXT, edge), edge);
            assert_eq!(boundary_at_or_after(TEXT, edge), edge);
        }
        // A run with no boundary stops at the edge of the window.
        let long = "x".repeat(5 * WINDOW);
        let middle = 2 * WINDOW;
        assert_eq!(boundary_at_or_before(&long, middle), middle - WINDOW);
        assert_eq!(boundary_at_or_after(&long, middle), middle + WINDOW);
    }
}
