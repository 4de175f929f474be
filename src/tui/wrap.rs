//! Wrapping one display line to the reading pane's width, keeping byte offsets into the document
//! so that highlights and the cursor can be drawn on the wrapped rows.

use std::borrow::Cow;
use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::break_words;

/// Tab stops are every this many columns from the start of a row.
pub const TAB_STOP: usize = 8;

/// The rows `line` (a range of `text`) occupies at `width` columns, as byte ranges of `text`. An
/// empty line is one empty row. Widths are display widths, so wide (CJK) characters count two
/// columns and a tab reaches the next tab stop. A reflowed line holds line breaks, which break
/// like spaces (see [`crate::core::documents::reflow`]).
pub fn rows(text: &str, line: Range<usize>, width: usize) -> Vec<Range<usize>> {
    rows_between(text, line, width, WordSeparator::UnicodeBreakProperties)
}

/// As [`rows`], broken only at spaces (a word longer than a row is cut): for messages, whose
/// paths `rows` would break after a `/`.
pub fn rows_at_spaces(text: &str, line: Range<usize>, width: usize) -> Vec<Range<usize>> {
    rows_between(text, line, width, WordSeparator::AsciiSpace)
}

/// The rows of `line` at `width`, between the words `separator` finds.
fn rows_between(
    text: &str,
    line: Range<usize>,
    width: usize,
    separator: WordSeparator,
) -> Vec<Range<usize>> {
    let s = &text[line.clone()];
    if s.is_empty() {
        return std::iter::once(line.start..line.start).collect();
    }
    // Line breaks as spaces, byte for byte, so that offsets into the copy are offsets into `s`.
    let spaced;
    let s = if s.contains('\n') {
        spaced = s.replace('\n', " ");
        spaced.as_str()
    } else {
        s
    };
    let width = width.max(1);
    let words = separator.find_words(s).map(|mut w| {
        w.width = columns(w.word);
        w
    });
    let words = break_words(words, width);
    let offset = |w: &str| w.as_ptr() as usize - s.as_ptr() as usize;
    // First fit, as textwrap's, but measuring each word where it lands, for its tabs.
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut column = 0;
    for word in &words {
        let start = line.start + offset(word.word);
        let end = start + word.word.len();
        let mut advance = columns_at(word.word, column);
        match out.last_mut() {
            Some(row) if column + advance <= width => row.end = end,
            _ => {
                column = 0;
                advance = columns_at(word.word, 0);
                out.push(start..end);
            }
        }
        column += advance + word.whitespace.len();
    }
    // Leading indentation is shown; the whitespace at a break is not.
    match out.first_mut() {
        Some(first) => first.start = line.start,
        None => out.push(line.start..line.start),
    }
    out
}

/// Display columns of `s` drawn from the start of a row: see [`columns_at`].
pub fn columns(s: &str) -> usize {
    columns_at(s, 0)
}

/// Display columns `s` takes when drawn from column `at`, as the reading pane draws it: a tab
/// reaches the next tab stop, other control characters (a reflowed line break) take one column
/// (textwrap would count them as zero and the row would overflow).
pub fn columns_at(s: &str, at: usize) -> usize {
    s.chars()
        .fold(at, |column, c| column + char_columns(c, column))
        - at
}

/// Display columns of `c` drawn at column `at`.
pub fn char_columns(c: char, at: usize) -> usize {
    match c {
        '\t' => TAB_STOP - at % TAB_STOP,
        c if c.is_control() => 1,
        c => unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
    }
}

/// `s` as drawn from column `at`: tabs expanded to spaces up to the next tab stop, other control
/// characters (which would move the terminal's cursor) as one space each; `s` itself when it has
/// none, as nearly every run of the reading pane has.
pub fn drawn(s: &str, at: usize) -> Cow<'_, str> {
    // Controls are below 0x20, 0x7F, or U+0080 to U+009F, which UTF-8 begins with 0xC2.
    if !s.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut column = at;
    for c in s.chars() {
        let n = char_columns(c, column);
        match c {
            '\t' => out.extend(std::iter::repeat_n(' ', n)),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        column += n;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn texts(text: &str, width: usize) -> Vec<&str> {
        rows(text, 0..text.len(), width)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_offsets() {
        assert_eq!(
            texts("the U.S. State Department said", 12),
            ["the U.S.", "State", "Department", "said"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let text = "你将离开清华—卡内基中心网站,进入卡内基其他全球中心的网站。";
        for row in texts(text, 10) {
            assert!(row.width() <= 10, "{row:?} is {} wide", row.width());
        }
        assert_eq!(texts(text, 10).concat(), text);
    }

    #[test]
    fn long_words_are_broken_and_empty_lines_are_one_row() {
        assert_eq!(texts("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(rows("x\n\ny", 2..2, 10), vec![2..2]);
    }

    #[test]
    fn indentation_is_kept_on_the_first_row() {
        assert_eq!(texts("  • Report Abuse", 40), ["  • Report Abuse"]);
    }

    #[test]
    fn tabs_reach_the_next_tab_stop_and_rows_fit() {
        assert_eq!(drawn("a\tbb\tc", 0), "a       bb      c");
        assert_eq!(drawn("\tx", 3), "     x");
        assert_eq!(columns("a\tbb\tc"), 17);
        assert_eq!(texts("name\tcount\tplace", 40), ["name\tcount\tplace"]);
        for row in texts("a\tb\tc\td\te\tf\tg\th", 20) {
            assert!(columns(row) <= 20, "{row:?}");
        }
        // "c" would start at column 16 and its tab reach 24.
        assert_eq!(texts("a\tb\tc\td", 17), ["a\tb\t", "c\td"]);
    }

    #[test]
    fn a_reflowed_line_break_wraps_like_a_space() {
        let text = "one two\nthree four";
        assert_eq!(texts(text, 9), ["one two", "three", "four"]);
        assert_eq!(texts(text, 13), ["one two\nthree", "four"]);
    }

    #[test]
    fn non_breaking_spaces_do_not_break() {
        assert_eq!(texts("aa bb\u{a0}cc", 6), ["aa", "bb\u{a0}cc"]);
    }
}
