//! Fitting text into a number of terminal columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` on one line (runs of whitespace folded to one space), cut to `cols` display columns
/// with an ellipsis when it does not fit.
pub fn fit(text: &str, cols: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= cols {
        return flat;
    }
    match cols.checked_sub(1) {
        Some(room) => format!("{}…", keep_start(&flat, room)),
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
    use super::*;

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
