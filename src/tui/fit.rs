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
    // Whether `out` is all printable ASCII, a column a byte, as nearly every quote and title is:
    // then it is measured by its length, not character by character (the sidebar fits every
    // row's quote on every key).
    let mut plain = true;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            (width, char_width) = (width + 1, char_width + 1);
        }
        out.push_str(word);
        if word.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            (width, char_width) = (width + word.len(), char_width + word.len());
        } else {
            plain = false;
            width += word.width();
            char_width += word.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
        }
        if width > cols && char_width > cols {
            break;
        }
    }
    if (if plain { out.len() } else { out.width() }) <= cols {
        return out;
    }
    match cols.checked_sub(1) {
        Some(room) => {
            let kept = if plain {
                room
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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
                'a', 'b', '~', '!', ' ', ' ', '\n', '\t', '\u{7f}', '\u{a0}', '\u{3000}', '中', '\u{301}',
                '\u{200d}', '\u{fe0f}', '\u{fe0e}', '\u{2764}', '\u{1f468}', '\u{1f1eb}',
                '\u{1f1f7}', '\u{1b}', '\u{ad}', '…',
            ]), 0..40),
            cols in 0usize..30,
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(fit(&text, cols), fit_whole(&text, cols));
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
