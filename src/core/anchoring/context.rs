//! How much text is kept either side of a quote: enough to find the quote again once its document
//! changes (see `anchor`), where the context tells an edited occurrence from other text.
//!
//! Each side gets at least [`MIN_CONTEXT_CHARS`] code points. When the quote occurs more than once
//! in the document, both sides grow until quote and context together occur only once, that is
//! until each side is longer than what the other occurrences share with it, up to
//! [`MAX_CONTEXT_CHARS`]. Then each side is taken on to the next word boundary (UAX #29) so that it
//! does not end inside a word; that adds at most a word, and at most 1 KiB.
//!
//! Cost: one scan of the document for the quote (`memchr`'s substring search), then
//! for each other occurrence a comparison of its surroundings that stops at the first difference
//! or at the cap, and the work stops as soon as the cap is reached. A quote that occurs once in a
//! 50 MB document costs the scan alone; a caller that already knows where the quote occurs
//! (placing a document's annotations finds every quote in one pass, see `occurrences`) passes
//! them to [`around_among`] and spares the scan.

use std::ops::Range;

use crate::core::documents::words;

/// Code points of context kept on each side of a quote that occurs once.
pub const MIN_CONTEXT_CHARS: usize = 32;

/// The most code points a side grows to when other occurrences of the quote share its
/// surroundings; past it, boilerplate repeated word for word is told apart by position alone.
pub const MAX_CONTEXT_CHARS: usize = 256;

/// Byte ranges of the prefix and the suffix kept around the byte range `span` of `text`.
pub fn around(text: &str, span: Range<usize>) -> (Range<usize>, Range<usize>) {
    around_among(text, span.clone(), occurrences(text, &text[span]))
}

/// [`around`] when the byte offsets where the quote `text[span]` occurs in `text` are known:
/// `occurrences` must hold every one (overlapping ones too, `span.start` among them or not), in
/// any order.
pub fn around_among(
    text: &str,
    span: Range<usize>,
    occurrences: impl IntoIterator<Item = usize>,
) -> (Range<usize>, Range<usize>) {
    let chars = chars_needed(text, span.clone(), occurrences);
    let before = &text[..span.start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[span.end..];
    let suffix_end = span.end
        + after
            .char_indices()
            .nth(chars)
            .map_or(after.len(), |(i, _)| i);
    (
        words::boundary_at_or_before(text, prefix_start)..span.start,
        span.end..words::boundary_at_or_after(text, suffix_end),
    )
}

/// Byte offsets of every occurrence of `quote` in `text`, overlapping ones too; none for an
/// empty quote. `memmem`
/// searches several times faster than `str::find`: a new annotation's context searches the
/// whole document on the input thread, 11 ms for 50 MB with `str::find`.
fn occurrences<'a>(text: &'a str, quote: &'a str) -> impl Iterator<Item = usize> + 'a {
    let step = quote.chars().next().map_or(0, char::len_utf8);
    let finder = memchr::memmem::Finder::new(quote);
    let mut from = 0;
    std::iter::from_fn(move || {
        if step == 0 {
            return None;
        }
        let at = from + finder.find(text.as_bytes().get(from..)?)?;
        // Stepping one character past each find, so that overlapping occurrences count too.
        from = at + step;
        Some(at)
    })
}

/// Code points each side needs so that no other occurrence of the quote (at the byte offsets
/// `occurrences`) has the same context.
fn chars_needed(
    text: &str,
    span: Range<usize>,
    occurrences: impl IntoIterator<Item = usize>,
) -> usize {
    let quote = &text[span.clone()];
    if quote.is_empty() {
        return MIN_CONTEXT_CHARS;
    }
    let (before, after) = (&text[..span.start], &text[span.end..]);
    let mut needed = MIN_CONTEXT_CHARS;
    for at in occurrences {
        if at == span.start {
            continue;
        }
        let by_prefix = telling_length(before.chars().rev(), text[..at].chars().rev());
        let by_suffix = telling_length(after.chars(), text[at + quote.len()..].chars());
        let here = match (by_prefix, by_suffix) {
            (Some(p), Some(s)) => p.min(s),
            (Some(n), None) | (None, Some(n)) => n,
            (None, None) => MAX_CONTEXT_CHARS,
        };
        needed = needed.max(here);
        if needed >= MAX_CONTEXT_CHARS {
            return MAX_CONTEXT_CHARS;
        }
    }
    needed
}

/// How long our side must be to differ from the other occurrence's, or `None` if no side within
/// the cap would: one more than what they share, unless ours runs out (at the edge of the text)
/// first.
fn telling_length(
    mut ours: impl Iterator<Item = char>,
    mut theirs: impl Iterator<Item = char>,
) -> Option<usize> {
    for shared in 0..MAX_CONTEXT_CHARS {
        match (ours.next(), theirs.next()) {
            (None, _) => return None,
            (Some(a), Some(b)) if a == b => {}
            _ => return Some(shared + 1),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str, quote: &str, nth: usize) -> (String, String) {
        let start = text.match_indices(quote).nth(nth).unwrap().0;
        let (p, s) = around(text, start..start + quote.len());
        (text[p].to_owned(), text[s].to_owned())
    }

    #[test]
    fn a_unique_quote_keeps_the_minimum_rounded_to_words() {
        let text = "Officials said on Thursday that the principle of cyber sovereignty has been \
                    widely accepted. Long refuted the accusation in a statement issued late on \
                    Friday evening.";
        let (prefix, suffix) = context(text, "Long refuted the accusation", 0);
        assert_eq!(prefix, "sovereignty has been widely accepted. ");
        assert_eq!(suffix, " in a statement issued late on Friday");
        assert!(prefix.chars().count() >= MIN_CONTEXT_CHARS);
        assert!(suffix.chars().count() >= MIN_CONTEXT_CHARS);
    }

    #[test]
    fn the_edges_of_the_text_cut_the_context_short() {
        let text = "Short. Then the quote. End.";
        assert_eq!(
            context(text, "the quote.", 0),
            ("Short. Then ".to_owned(), " End.".to_owned())
        );
        assert_eq!(
            context("中文句子。", "中文句子。", 0),
            (String::new(), String::new())
        );
    }

    #[test]
    fn chinese_context_ends_between_characters() {
        // Eighty different ideographs, each a word of its own.
        let text: String = (0..80)
            .map(|i| char::from_u32(0x4E00 + 7 * i).unwrap())
            .collect();
        let at = 40 * "一".len();
        let (prefix, suffix) = around(&text, at..at + 2 * "一".len());
        assert_eq!(text[prefix].chars().count(), MIN_CONTEXT_CHARS);
        assert_eq!(text[suffix].chars().count(), MIN_CONTEXT_CHARS);
    }

    #[test]
    fn a_repeated_quote_grows_until_its_context_is_unique() {
        let line = "The same boilerplate line, word for word, in every section of the report.\n";
        let text = format!(
            "{}Section one ends.\n{line}Section two is longer and ends.\n{line}",
            line.repeat(3)
        );
        let quote = "The same boilerplate line";
        for nth in 0..5 {
            let (prefix, suffix) = context(&text, quote, nth);
            let whole = format!("{prefix}{quote}{suffix}");
            assert_eq!(
                text.matches(&whole).count(),
                1,
                "occurrence {nth}: {whole:?}"
            );
            assert!(prefix.chars().count() <= MAX_CONTEXT_CHARS + 30);
        }
        // The fourth and fifth occurrences differ in what precedes them.
        let (prefix, _) = context(&text, quote, 4);
        assert!(prefix.contains("Section two"), "{prefix:?}");
    }

    #[test]
    fn indistinguishable_copies_stop_at_the_cap() {
        let text = "abc ".repeat(1000);
        let (prefix, suffix) = context(&text, "abc", 500);
        let limit = MAX_CONTEXT_CHARS + 4;
        assert!((MAX_CONTEXT_CHARS..=limit).contains(&prefix.chars().count()));
        assert!((MAX_CONTEXT_CHARS..=limit).contains(&suffix.chars().count()));
        let text = "a".repeat(10_000);
        let (prefix, suffix) = around(&text, 5000..5001);
        assert!(
            prefix.len() <= MAX_CONTEXT_CHARS + 1024 && suffix.len() <= 1024 + MAX_CONTEXT_CHARS
        );
    }

    #[test]
    fn overlapping_occurrences_are_rivals_too() {
        // "aXa" occurs at 0 and 2, overlapping; the context must tell them apart.
        let text = "aXaXa then something unique enough to go on for a while.";
        let (prefix, suffix) = around(text, 2..5);
        assert_eq!(&text[prefix], "aX");
        assert!(text[suffix].starts_with(" then something"));
    }
}
