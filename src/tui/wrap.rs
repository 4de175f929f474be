//! Wrapping one display line to the reading pane's width, keeping byte offsets into the document
//! so that highlights and the cursor can be drawn on the wrapped rows.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::break_words;
use textwrap::wrap_algorithms::wrap_first_fit;

/// The rows `line` (a range of `text` without line breaks) occupies at `width` columns, as byte
/// ranges of `text`. An empty line is one empty row. Widths are display widths, so wide
/// (CJK) characters count two columns.
pub fn rows(text: &str, line: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let s = &text[line.clone()];
    if s.is_empty() {
        return std::iter::once(line.start..line.start).collect();
    }
    let width = width.max(1);
    let words = WordSeparator::UnicodeBreakProperties
        .find_words(s)
        .map(|mut w| {
            w.width = columns(w.word);
            w
        });
    let words = break_words(words, width);
    let offset = |w: &str| w.as_ptr() as usize - s.as_ptr() as usize;
    let mut out: Vec<Range<usize>> = wrap_first_fit(&words, &[width as f64])
        .into_iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            let first = &row[0];
            let last = &row[row.len() - 1];
            line.start + offset(first.word)..line.start + offset(last.word) + last.word.len()
        })
        .collect();
    // Leading indentation is shown; the whitespace at a break is not.
    match out.first_mut() {
        Some(first) => first.start = line.start,
        None => out.push(line.start..line.start),
    }
    out
}

/// Display columns of `s` as the reading pane draws it: control characters such as tabs are drawn
/// as one space each (textwrap would count them as zero columns and the row would overflow).
pub fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if c.is_control() {
                1
            } else {
                unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
            }
        })
        .sum()
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
    fn tabs_count_one_column_as_drawn() {
        for row in texts("a\tb\tc\td\te\tf\tg\th", 5) {
            assert!(columns(row) <= 5, "{row:?}");
        }
    }

    #[test]
    fn non_breaking_spaces_do_not_break() {
        assert_eq!(texts("aa bb\u{a0}cc", 6), ["aa", "bb\u{a0}cc"]);
    }
}
