//! Fitting text into a number of terminal columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` on one line (runs of whitespace folded to one space), cut to `cols` display columns
/// with an ellipsis when it does not fit.
pub fn fit(text: &str, cols: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= cols {
        return flat;
    }
    let mut out = String::new();
    let mut width = 0;
    for c in flat.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > cols {
            break;
        }
        out.push(c);
        width += w;
    }
    if cols > 0 {
        out.push('…');
    }
    out
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
}
