//! Positions in the wrapped text of a document, counted by display row. Only the lines near a
//! position are wrapped, so scrolling costs the same in a 50 MB document as in a short one.

use std::ops::Range;

use crate::core::documents::document::Document;
use crate::tui::wrap;

/// A display row: the `row`-th wrapped row of the display line starting at byte `line`. Rows
/// sort in the order they are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowPos {
    pub line: usize,
    pub row: usize,
}

/// The wrapped rows of the display line starting at byte `line`.
pub fn line_rows(doc: &Document, line: usize, width: usize) -> Vec<Range<usize>> {
    wrap::rows(&doc.text, doc.line_at(line), width)
}

/// The row that shows byte `offset`.
pub fn row_of(doc: &Document, width: usize, offset: usize) -> RowPos {
    let line = doc.line_at(offset);
    let rows = wrap::rows(&doc.text, line.clone(), width);
    let row = rows
        .iter()
        .rposition(|r| r.start <= offset)
        .unwrap_or_default();
    RowPos {
        line: line.start,
        row,
    }
}

/// The last row of the document.
pub fn last_row(doc: &Document, width: usize) -> RowPos {
    let line = doc.last_line();
    RowPos {
        line: line.start,
        row: wrap::rows(&doc.text, line, width).len() - 1,
    }
}

/// `pos` moved by `delta` rows, stopping at either end of the document.
pub fn advance(doc: &Document, width: usize, mut pos: RowPos, delta: isize) -> RowPos {
    let mut left = delta.unsigned_abs();
    let mut line = doc.line_at(pos.line);
    if delta >= 0 {
        let mut count = wrap::rows(&doc.text, line.clone(), width).len();
        while left > 0 {
            if pos.row + 1 < count {
                pos.row += 1;
            } else if let Some(next) = doc.next_line(&line) {
                pos = RowPos {
                    line: next.start,
                    row: 0,
                };
                count = wrap::rows(&doc.text, next.clone(), width).len();
                line = next;
            } else {
                break;
            }
            left -= 1;
        }
    } else {
        while left > 0 {
            if pos.row > 0 {
                pos.row -= 1;
            } else if let Some(previous) = doc.previous_line(&line) {
                pos = RowPos {
                    line: previous.start,
                    row: wrap::rows(&doc.text, previous.clone(), width).len() - 1,
                };
                line = previous;
            } else {
                break;
            }
            left -= 1;
        }
    }
    pos
}

/// Rows from `from` to `to` (`to` after `from`), counting no further than `limit`.
pub fn distance(doc: &Document, width: usize, from: RowPos, to: RowPos, limit: usize) -> usize {
    let mut pos = from;
    let mut n = 0;
    while pos < to && n < limit {
        let next = advance(doc, width, pos, 1);
        if next == pos {
            break;
        }
        pos = next;
        n += 1;
    }
    n
}

/// The rows a pane `height` rows high shows from `top`: (byte range, the byte its display line
/// starts at) for each.
pub fn visible(
    doc: &Document,
    width: usize,
    top: RowPos,
    height: usize,
) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::with_capacity(height);
    let mut line = Some(doc.line_at(top.line));
    let mut skip = top.row;
    while out.len() < height
        && let Some(shown) = line
    {
        for r in wrap::rows(&doc.text, shown.clone(), width)
            .into_iter()
            .skip(skip)
        {
            if out.len() == height {
                break;
            }
            out.push((r, shown.start));
        }
        skip = 0;
        line = doc.next_line(&shown);
    }
    out
}

/// The highest top row that still fills a pane `height` rows high.
pub fn max_top(doc: &Document, width: usize, height: usize) -> RowPos {
    advance(
        doc,
        width,
        last_row(doc, width),
        -(height.saturating_sub(1) as isize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte each display line of [`doc`] starts at.
    const LINE: [usize; 5] = [0, 15, 16, 21, 41];

    /// Row `row` of display line `line` of [`doc`].
    fn at(line: usize, row: usize) -> RowPos {
        RowPos {
            line: LINE[line],
            row,
        }
    }

    fn doc() -> Document {
        Document::from_text(
            "t.txt",
            "aaaa bbbb cccc\n\ndddd\neeee ffff gggg hhhh\n".into(),
        )
    }

    #[test]
    fn rows_are_walked_across_lines_both_ways() {
        let d = doc();
        // At width 9: line 0 has 2 rows, line 1 one, line 2 one, line 3 two, line 4 one.
        let start = RowPos::default();
        assert_eq!(advance(&d, 9, start, 1), at(0, 1));
        assert_eq!(advance(&d, 9, start, 2), at(1, 0));
        assert_eq!(advance(&d, 9, start, 5), at(3, 1));
        assert_eq!(advance(&d, 9, start, 99), last_row(&d, 9));
        assert_eq!(advance(&d, 9, at(3, 1), -4), at(0, 1));
        assert_eq!(advance(&d, 9, at(1, 0), -9), start);
        assert_eq!(distance(&d, 9, start, at(3, 0), 99), 4);
        assert_eq!(distance(&d, 9, start, at(3, 0), 2), 2);
    }

    #[test]
    fn row_of_finds_the_wrapped_row_of_an_offset() {
        let d = doc();
        let g = d.text.find("gggg").unwrap();
        assert_eq!(row_of(&d, 9, g), at(3, 1));
        assert_eq!(row_of(&d, 9, 0), RowPos::default());
    }

    #[test]
    fn visible_rows_and_max_top() {
        let d = doc();
        let rows: Vec<&str> = visible(&d, 9, at(0, 1), 3)
            .into_iter()
            .map(|(r, _)| &d.text[r])
            .collect();
        assert_eq!(rows, ["cccc", "", "dddd"]);
        assert_eq!(max_top(&d, 9, 3), at(3, 0));
    }
}
