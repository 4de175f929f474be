//! Quotation marks at the edges of a span chosen by word steps: the span holds both marks of a
//! pair or neither, so that `“We oppose hacking.”` is never cut to `We oppose hacking.”`.
//! Offsets are bytes; every scan is bounded by `WINDOW`.

use std::ops::Range;

/// How far a scan for the other mark of a pair goes; a quotation longer than this is taken to
/// be whole.
const WINDOW: usize = 4096;

/// The pairs looked at: curly double quotes, guillemets and CJK corner brackets. Single curly
/// quotes are left out, since `’` is also the apostrophe of `China’s`; the straight `"` is an
/// opening mark when nothing but space or an opening bracket precedes it.
const PAIRS: [(char, char); 5] = [
    ('“', '”'),
    ('«', '»'),
    ('「', '」'),
    ('『', '』'),
    ('"', '"'),
];

/// Which pair `c` at byte `at` belongs to, and whether it opens it.
fn mark(text: &str, at: usize, c: char) -> Option<(usize, bool)> {
    if c == '"' {
        let before = text[..at].chars().next_back();
        let opens = before.is_none_or(|b| b.is_whitespace() || "([{“«".contains(b));
        return Some((PAIRS.len() - 1, opens));
    }
    PAIRS.iter().enumerate().find_map(|(i, (open, close))| {
        if c == *open {
            Some((i, true))
        } else if c == *close {
            Some((i, false))
        } else {
            None
        }
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the opening mark of pair `pair` at `at` is closed before `end`.
fn closed_before(text: &str, at: usize, pair: usize, end: usize) -> bool {
    let limit = end.min(at + WINDOW);
    let mut depth = 0usize;
    for (i, c) in text[at..text.floor_char_boundary(limit)].char_indices() {
        match mark(text, at + i, c) {
            Some((p, true)) if p == pair => depth += 1,
            Some((p, false)) if p == pair => {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    // Past the window: taken to be closed, rather than cut on a guess.
    limit < end
}

/// Whether the closing mark of pair `pair` at `at` was opened at or after `start`.
fn opened_after(text: &str, at: usize, pair: usize, start: usize) -> bool {
    let limit = start.max(at.saturating_sub(WINDOW));
    let mut depth = 0usize;
    let close_len = PAIRS[pair].1.len_utf8();
    let from = text.ceil_char_boundary(limit);
    for (i, c) in text[from..at + close_len].char_indices().rev() {
        let i = from + i;
        match mark(text, i, c) {
            Some((p, false)) if p == pair => depth += 1,
            Some((p, true)) if p == pair => {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    limit > start
}

/// The marks right outside an edge: the run of characters that are neither space nor part of a
/// word, at most a few, before `at` (`forward` false) or from it.
fn run_outside(text: &str, at: usize, forward: bool) -> Vec<(usize, char)> {
    const MOST: usize = 4;
    let keep = |c: &char| !c.is_whitespace() && !is_word_char(*c);
    if forward {
        text[at..]
            .char_indices()
            .map(|(i, c)| (at + i, c))
            .take_while(|(_, c)| keep(c))
            .take(MOST)
            .collect()
    } else {
        text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| keep(c))
            .take(MOST)
            .collect()
    }
}

/// `span` with the quotation marks at its edges paired. An opening mark before its first word
/// whose closing mark is not in the span takes that closing mark in when it follows the span's
/// last word (`hacking,”`), else is left out; the same for a closing mark after the last word.
/// A mark right outside an edge whose partner is in the span is taken in. Marks with words on
/// both sides are the words' business and stay as they are.
pub fn balance(text: &str, span: Range<usize>) -> Range<usize> {
    let inside = &text[span.clone()];
    let Some(first_word) = inside.find(is_word_char).map(|i| span.start + i) else {
        return span;
    };
    let last_word_end = inside
        .char_indices()
        .rev()
        .find(|(_, c)| is_word_char(*c))
        .map_or(span.end, |(i, c)| span.start + i + c.len_utf8());
    let partner_after = |pair: usize| {
        run_outside(text, span.end, true)
            .into_iter()
            .find(|&(j, d)| mark(text, j, d) == Some((pair, false)))
            .map(|(j, d)| j + d.len_utf8())
    };
    let partner_before = |pair: usize| {
        run_outside(text, span.start, false)
            .into_iter()
            .find(|&(j, d)| mark(text, j, d) == Some((pair, true)))
            .map(|(j, _)| j)
    };
    let (mut start, mut end) = (span.start, span.end);
    // The first mark before the first word decides for the start.
    let lead = text[span.start..first_word]
        .char_indices()
        .find_map(|(i, c)| mark(text, span.start + i, c).map(|m| (span.start + i, m)));
    match lead {
        Some((at, (pair, true))) if !closed_before(text, at, pair, span.end) => {
            match partner_after(pair).filter(|_| last_word_end == span.end) {
                Some(after) => end = after,
                None => start = first_word,
            }
        }
        Some((_, (_, false))) => start = first_word,
        _ => {}
    }
    // The last mark after the last word decides for the end.
    let trail = text[last_word_end..span.end]
        .char_indices()
        .rev()
        .find_map(|(i, c)| mark(text, last_word_end + i, c).map(|m| (last_word_end + i, m)));
    match trail {
        Some((at, (pair, false))) if !opened_after(text, at, pair, span.start) => {
            match partner_before(pair).filter(|_| first_word == span.start) {
                Some(before) => start = before,
                None => end = last_word_end,
            }
        }
        Some((_, (_, true))) => end = last_word_end,
        _ => {}
    }
    // A mark right outside whose partner is inside comes in.
    if first_word == span.start
        && let Some((at, pair)) =
            run_outside(text, span.start, false)
                .into_iter()
                .find_map(|(j, d)| match mark(text, j, d) {
                    Some((pair, true)) => Some((j, pair)),
                    _ => None,
                })
        && closed_before(text, at, pair, span.end)
    {
        start = start.min(at);
    }
    if last_word_end == span.end
        && let Some((at, pair, len)) =
            run_outside(text, span.end, true)
                .into_iter()
                .find_map(|(j, d)| match mark(text, j, d) {
                    Some((pair, false)) => Some((j, pair, d.len_utf8())),
                    _ => None,
                })
        && opened_after(text, at, pair, span.start)
    {
        end = end.max(at + len);
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn balanced(text: &str, from: &str) -> String {
        let start = text.find(from).unwrap();
        text[balance(text, start..start + from.len())].to_owned()
    }

    const TEXT: &str = "Long said, “We firmly oppose hacking.” Then: «Nous refusons», dit-il; \
                        “We oppose it,” he said.";

    #[test]
    fn a_closing_mark_brings_its_opening_mark_in_and_the_other_way_round() {
        assert_eq!(
            balanced(TEXT, "We firmly oppose hacking.”"),
            "“We firmly oppose hacking.”"
        );
        assert_eq!(balanced(TEXT, "“We oppose it"), "“We oppose it,”");
        assert_eq!(balanced(TEXT, "Nous refusons»"), "«Nous refusons»");
    }

    #[test]
    fn an_unpaired_mark_whose_partner_is_not_at_the_other_edge_is_left_out() {
        assert_eq!(
            balanced(TEXT, "firmly oppose hacking.”"),
            "firmly oppose hacking"
        );
        assert_eq!(balanced(TEXT, "“We firmly oppose"), "We firmly oppose");
        assert_eq!(balanced(TEXT, "«Nous"), "Nous");
    }

    #[test]
    fn a_mark_outside_an_edge_comes_in_when_its_partner_is_inside() {
        assert_eq!(
            balanced(TEXT, "We firmly oppose hacking.” Then"),
            "“We firmly oppose hacking.” Then"
        );
        assert_eq!(balanced(TEXT, "il; “We oppose it"), "il; “We oppose it,”");
    }

    #[test]
    fn paired_marks_and_marks_between_words_stay() {
        for whole in [
            "“We firmly oppose hacking.”",
            "“We firmly oppose hacking.” Then: «Nous",
            "said, “We firmly",
            "hacking.” Then",
            "We firmly oppose hacking",
            "«Nous refusons», dit",
        ] {
            assert_eq!(balanced(TEXT, whole), whole);
        }
    }

    #[test]
    fn straight_quotes_open_after_space_and_close_after_words() {
        let text = "He said \"no more\" twice.";
        assert_eq!(balanced(text, "no more\""), "\"no more\"");
        assert_eq!(balanced(text, "\"no more"), "\"no more\"");
        assert_eq!(balanced(text, "\"no"), "no");
        assert_eq!(balanced(text, "\"no more\""), "\"no more\"");
    }
}
