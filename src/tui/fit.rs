//! Fitting text into a number of terminal columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` on one line (runs of whitespace folded to one space), cut to `cols` display columns
/// with an ellipsis when it does not fit. Reads `text` only as far as the cut: the sidebar fits
/// every row's quote on every key.
pub fn fit(text: &str, cols: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * cols + 4));
    // The folded text's width, word by word (a space ends whatever a character sequence makes
    // of its neighbours' widths), and the same counted character by character as `keep_start`
    // counts: once both pass `cols` the text does not fit, and `keep_start` cuts inside `out`.
    let (mut width, mut char_width) = (0, 0);
    // Whether `out` is all characters of one column that are graphemes by themselves, as nearly
    // every quote and title is: then it is measured by counting its characters, not by their
    // widths (the sidebar fits every row's quote on every key).
    let mut plain = true;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            (width, char_width) = (width + 1, char_width + 1);
        }
        out.push_str(word);
        match word
            .chars()
            .try_fold(0, |n, c| single_cell(c).then_some(n + 1))
        {
            Some(n) => (width, char_width) = (width + n, char_width + n),
            None => {
                plain = false;
                width += word.width();
                char_width += word.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
            }
        }
        if width > cols && char_width > cols {
            break;
        }
    }
    if (if plain {
        out.chars().count()
    } else {
        out.width()
    }) <= cols
    {
        return out;
    }
    match cols.checked_sub(1) {
        Some(room) => {
            let kept = if plain {
                out.char_indices().nth(room).map_or(out.len(), |(i, _)| i)
            } else {
                keep_start(&out, room).len()
            };
            out.truncate(kept);
            out.push('…');
            out
        }
        None => String::new(),
    }
}

/// The start of one line of text that fits in `cols` display columns, cut without a mark.
pub fn keep_start(text: &str, cols: usize) -> &str {
    let mut width = 0;
    for (i, c) in text.char_indices() {
        width += c.width().unwrap_or(0);
        if width > cols {
            return &text[..i];
        }
    }
    text
}

/// The end of one line of text that fits in `cols` display columns, cut without a mark.
pub fn keep_end(text: &str, cols: usize) -> &str {
    let mut width = 0;
    for (i, c) in text.char_indices().rev() {
        width += c.width().unwrap_or(0);
        if width > cols {
            return &text[i + c.len_utf8()..];
        }
    }
    text
}

/// Whether `c` takes one column and starts a grapheme of its own when another such character
/// follows: printable ASCII and Latin-1 (not the soft hyphen), the general punctuation of
/// quotes, dashes and the ellipsis, arrows, box drawing, blocks and the geometric shapes the
/// panes draw. None of them is a control, a combining or joining mark, a prepended mark or a
/// wide character (see the test that checks each against ratatui's own segmenting and width).
pub fn single_cell(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2500}'..='\u{25fc}'
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    /// `fit` as it was first written: the whole text folded, then measured, then cut.
    fn fit_whole(text: &str, cols: usize) -> String {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.width() <= cols {
            return flat;
        }
        match cols.checked_sub(1) {
            Some(room) => format!("{}…", keep_start(&flat, room)),
            None => String::new(),
        }
    }

    proptest! {
        /// Reading only as far as the cut gives what folding and measuring the whole gives, with
        /// wide characters, combining and joining marks, emoji sequences and variation selectors.
        #[test]
        fn fits_as_the_whole_text_measured(
            chars in prop::collection::vec(prop::sample::select(vec![
                'a', 'b', '~', '!', '¶', '’', '—', '→', 'é', '■', ' ', ' ', '\n', '\t', '\u{7f}',
                '\u{a0}', '\u{3000}', '中', '\u{301}',
                '\u{200d}', '\u{fe0f}', '\u{fe0e}', '\u{2764}', '\u{1f468}', '\u{1f1eb}',
                '\u{1f1f7}', '\u{1b}', '\u{ad}', '…',
            ]), 0..40),
            cols in 0usize..30,
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(fit(&text, cols), fit_whole(&text, cols));
        }
    }

    /// Every character fitted and drawn a column a character is one column wide, no control,
    /// and a grapheme apart from any other such character on either side of it, two of them two
    /// columns wide (so that a text of them is as many columns as characters, as `fit` counts).
    #[test]
    fn single_cell_characters_are_graphemes_of_one_column() {
        let all: Vec<char> = (0..=0x2fff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| single_cell(c))
            .collect();
        for &c in &all {
            let s = c.to_string();
            assert!(!c.is_control(), "{c:?}");
            assert_eq!(s.width(), 1, "{c:?}");
            for &d in &all {
                let pair = format!("{c}{d}");
                assert_eq!(pair.graphemes(true).count(), 2, "{c:?} {d:?}");
                assert_eq!(pair.width(), 2, "{c:?} {d:?}");
            }
        }
    }

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly ten", 11), "exactly ten");
        assert_eq!(fit("a  b\n c", 10), "a b c");
        assert_eq!(fit("one two three", 8), "one two…");
        assert_eq!(fit("中文中文中文", 7), "中文中…");
        assert_eq!(fit("anything", 0), "");
    }

    #[test]
    fn keeps_either_end_by_display_width() {
        assert_eq!(keep_start(" the Cyber law", 6), " the C");
        assert_eq!(keep_end("said the ", 5), " the ");
        assert_eq!(keep_start("中文中文", 5), "中文");
        assert_eq!(keep_end("中文中文", 5), "中文");
        assert_eq!(keep_end("short", 10), "short");
    }
}
