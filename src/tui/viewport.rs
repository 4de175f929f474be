//! Positions in the wrapped text of a document, counted by display row. Only the lines near a
//! position are wrapped, so scrolling costs the same in a 50 MB document as in a short one; and
//! each line is wrapped once at a width, then remembered ([`Wrapping`]), so that a key that
//! moves the cursor by a sentence does not wrap again the screen's lines it measures and draws
//! (wrapping was more than half of a key's frame).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::core::documents::document::Document;
use crate::tui::wrap;

/// A display row: the `row`-th wrapped row of the display line starting at byte `line`. Rows
/// sort in the order they are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowPos {
    pub line: usize,
    pub row: usize,
}

/// The lines of one document wrapped so far, at one width: the rows of each display line (by
/// the byte it starts at) as [`wrap::rows`] gives them. Valid for as long as the document's text
/// does not change, which it does not while it is open (a document read again is opened anew,
/// with a `Wrapping` of its own). At most [`Wrapping::LINES`] lines are kept, so that a walk
/// through a 50 MB document keeps no copy of its layout.
#[derive(Debug, Default)]
pub struct Wrapping {
    lines: RefCell<(usize, LineRows)>,
}

/// The rows of each display line wrapped, by the byte the line starts at. Hashed by foldhash,
/// not the standard SipHash, which guards against keys chosen to collide and was most of each
/// ask of the map: it is asked for every line a key and its frame walk through, a hundred or
/// so, and the offsets are the document's, chosen by no one.
type LineRows = HashMap<usize, Rc<[Range<usize>]>, foldhash::fast::FixedState>;

impl Wrapping {
    /// Lines remembered before the whole memory is dropped and wrapping starts again: many
    /// screens' worth, few enough that the memory is a few hundred kilobytes.
    const LINES: usize = 4096;

    /// The rows of `line` (a display line of `doc`) at `width` columns.
    fn rows(&self, doc: &Document, line: Range<usize>, width: usize) -> Rc<[Range<usize>]> {
        let mut lines = self.lines.borrow_mut();
        let (at, known) = &mut *lines;
        if *at != width || known.len() >= Self::LINES {
            *at = width;
            known.clear();
        }
        Rc::clone(
            known
                .entry(line.start)
                .or_insert_with(|| wrap::rows(&doc.text, line, width).into()),
        )
    }
}

/// A document's text laid out at `width` columns: where its rows are, counted from any row.
#[derive(Clone, Copy)]
pub struct Layout<'a> {
    pub doc: &'a Document,
    pub width: usize,
    pub wrapping: &'a Wrapping,
}

impl Layout<'_> {
    /// The wrapped rows of the display line starting at byte `line`.
    pub fn line_rows(&self, line: usize) -> Rc<[Range<usize>]> {
        self.rows(self.doc.line_at(line))
    }

    /// The wrapped rows of the display line `line`.
    fn rows(&self, line: Range<usize>) -> Rc<[Range<usize>]> {
        self.wrapping.rows(self.doc, line, self.width)
    }

    /// The row that shows byte `offset`.
    pub fn row_of(&self, offset: usize) -> RowPos {
        let line = self.doc.line_at(offset);
        let row = self
            .rows(line.clone())
            .iter()
            .rposition(|r| r.start <= offset)
            .unwrap_or_default();
        RowPos {
            line: line.start,
            row,
        }
    }

    /// The last row of the document.
    pub fn last_row(&self) -> RowPos {
        let line = self.doc.last_line();
        RowPos {
            line: line.start,
            row: self.rows(line).len() - 1,
        }
    }

    /// `pos` moved by `delta` rows, stopping at either end of the document.
    pub fn advance(&self, mut pos: RowPos, delta: isize) -> RowPos {
        let doc = self.doc;
        let mut left = delta.unsigned_abs();
        let mut line = doc.line_at(pos.line);
        if delta >= 0 {
            let mut count = self.rows(line.clone()).len();
            while left > 0 {
                // Within the line, as far as it goes at once.
                let within = (count - 1 - pos.row.min(count - 1)).min(left);
                if within > 0 {
                    pos.row += within;
                    left -= within;
                } else if let Some(next) = doc.next_line(&line) {
                    pos = RowPos {
                        line: next.start,
                        row: 0,
                    };
                    count = self.rows(next.clone()).len();
                    line = next;
                    left -= 1;
                } else {
                    break;
                }
            }
        } else {
            while left > 0 {
                if pos.row > 0 {
                    let within = pos.row.min(left);
                    pos.row -= within;
                    left -= within;
                } else if let Some(previous) = doc.previous_line(&line) {
                    pos = RowPos {
                        line: previous.start,
                        row: self.rows(previous.clone()).len() - 1,
                    };
                    line = previous;
                    left -= 1;
                } else {
                    break;
                }
            }
        }
        pos
    }

    /// Rows from `from` to `to` (`to` after `from`), counting no further than `limit`: line by
    /// line, each line's rows at once (every key measures the cursor's distance to the top).
    pub fn distance(&self, from: RowPos, to: RowPos, limit: usize) -> usize {
        if to <= from {
            return 0;
        }
        let mut line = self.doc.line_at(from.line);
        let mut row = from.row;
        let mut n = 0;
        while n < limit {
            let count = self.rows(line.clone()).len();
            if line.start == to.line {
                return (n + to.row.min(count).saturating_sub(row)).min(limit);
            }
            match self.doc.next_line(&line) {
                // Onto the next line's first row: one row more than this line's rest.
                Some(next) if next.start <= to.line => {
                    n += count.saturating_sub(row);
                    row = 0;
                    line = next;
                }
                // `to` lies past the last row (or between lines): as far as the rows go.
                Some(_) => return (n + count.saturating_sub(row)).min(limit),
                None => return (n + count.saturating_sub(row + 1)).min(limit),
            }
        }
        limit
    }

    /// The rows a pane `height` rows high shows from `top`: (byte range, the byte its display
    /// line starts at) for each.
    pub fn visible(&self, top: RowPos, height: usize) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::with_capacity(height);
        let mut line = Some(self.doc.line_at(top.line));
        let mut skip = top.row;
        while out.len() < height
            && let Some(shown) = line
        {
            for r in self.rows(shown.clone()).iter().skip(skip) {
                if out.len() == height {
                    break;
                }
                out.push((r.clone(), shown.start));
            }
            skip = 0;
            line = self.doc.next_line(&shown);
        }
        out
    }

    /// Wraps the lines from a pane's height above `top` to twice its height below it, those not
    /// wrapped yet: meant for between keys, so that a key that scrolls a pane `height` rows
    /// high from `top` finds the rows it brings into view measured already.
    pub fn wrap_around(&self, top: RowPos, height: usize) {
        self.advance(top, 2 * height as isize);
        self.advance(top, -(height as isize));
    }

    /// The highest top row that still fills a pane `height` rows high.
    pub fn max_top(&self, height: usize) -> RowPos {
        self.advance(self.last_row(), -(height.saturating_sub(1) as isize))
    }
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

    /// `doc` laid out at `width`, remembering its lines in `wrapping`.
    fn layout<'a>(doc: &'a Document, width: usize, wrapping: &'a Wrapping) -> Layout<'a> {
        Layout {
            doc,
            width,
            wrapping,
        }
    }

    #[test]
    fn rows_are_walked_across_lines_both_ways() {
        let (d, w) = (doc(), Wrapping::default());
        // At width 9: line 0 has 2 rows, line 1 one, line 2 one, line 3 two, line 4 one.
        let l = layout(&d, 9, &w);
        let start = RowPos::default();
        assert_eq!(l.advance(start, 1), at(0, 1));
        assert_eq!(l.advance(start, 2), at(1, 0));
        assert_eq!(l.advance(start, 5), at(3, 1));
        assert_eq!(l.advance(start, 99), l.last_row());
        assert_eq!(l.advance(at(3, 1), -4), at(0, 1));
        assert_eq!(l.advance(at(1, 0), -9), start);
        assert_eq!(l.distance(start, at(3, 0), 99), 4);
        assert_eq!(l.distance(start, at(3, 0), 2), 2);
    }

    #[test]
    fn a_long_move_or_distance_is_as_many_moves_of_one_row() {
        let (d, w) = (doc(), Wrapping::default());
        for width in [3, 5, 9, 40] {
            let l = layout(&d, width, &w);
            let mut rows = vec![RowPos::default()];
            while let Some(&last) = rows.last() {
                let next = l.advance(last, 1);
                if next == last {
                    break;
                }
                rows.push(next);
            }
            for (i, &from) in rows.iter().enumerate() {
                for (j, &to) in rows.iter().enumerate() {
                    assert_eq!(
                        l.advance(from, j as isize - i as isize),
                        to,
                        "width {width}"
                    );
                    // Counted line by line, as many rows as stepped, up to the limit.
                    for limit in [0, 1, 3, 99] {
                        let stepped = j.saturating_sub(i).min(limit);
                        assert_eq!(l.distance(from, to, limit), stepped, "width {width}");
                    }
                }
                // A place past the end counts as far as the rows go.
                let beyond = RowPos {
                    line: d.text.len() + 1,
                    row: 0,
                };
                let to_end = rows.len() - 1 - i;
                assert_eq!(l.distance(from, beyond, 99), to_end, "width {width}");
                assert_eq!(l.advance(from, 99), l.last_row());
                assert_eq!(l.advance(from, -99), RowPos::default());
            }
        }
    }

    #[test]
    fn wrapping_around_a_pane_leaves_nothing_near_it_to_wrap() {
        let (d, w) = (doc(), Wrapping::default());
        // At width 9, a pane of one row at line 2: from a row above it (line 1) to two below it
        // (line 3's second), and no further.
        let l = layout(&d, 9, &w);
        l.wrap_around(at(2, 0), 1);
        let remembered = |w: &Wrapping| {
            let mut lines: Vec<usize> = w.lines.borrow().1.keys().copied().collect();
            lines.sort();
            lines
        };
        assert_eq!(remembered(&w), &LINE[1..4]);
        // Walking within them wraps nothing more.
        assert_eq!(l.advance(at(2, 0), 2), at(3, 1));
        assert_eq!(l.advance(at(2, 0), -1), at(1, 0));
        assert_eq!(remembered(&w), &LINE[1..4]);
    }

    #[test]
    fn the_remembered_rows_are_those_of_the_width_asked() {
        let (d, w) = (doc(), Wrapping::default());
        assert_eq!(layout(&d, 9, &w).last_row(), at(4, 0));
        assert_eq!(
            layout(&d, 9, &w).row_of(d.text.find("gggg").unwrap()),
            at(3, 1)
        );
        // Wider, the same line is one row: nothing of the narrower layout is taken.
        assert_eq!(
            layout(&d, 40, &w).row_of(d.text.find("gggg").unwrap()),
            at(3, 0)
        );
        assert_eq!(
            layout(&d, 4, &w).row_of(d.text.find("gggg").unwrap()),
            at(3, 2)
        );
    }

    /// Line starts a power of two apart, as in a file hard-wrapped at 64 columns, spread over the
    /// buckets as others do: the lowest bits of their hashes, which pick the bucket, differ.
    #[test]
    fn offsets_a_power_of_two_apart_spread_over_the_buckets() {
        use std::hash::BuildHasher;
        let hasher = foldhash::fast::FixedState::default();
        for step in [1, 64, 4096, 65 * 64] {
            let buckets: std::collections::HashSet<u64> = (0..4096_usize)
                .map(|k| hasher.hash_one(k * step) & 4095)
                .collect();
            assert!(buckets.len() > 1024, "step {step}: {}", buckets.len());
        }
    }

    #[test]
    fn row_of_finds_the_wrapped_row_of_an_offset() {
        let (d, w) = (doc(), Wrapping::default());
        let l = layout(&d, 9, &w);
        let g = d.text.find("gggg").unwrap();
        assert_eq!(l.row_of(g), at(3, 1));
        assert_eq!(l.row_of(0), RowPos::default());
    }

    #[test]
    fn visible_rows_and_max_top() {
        let (d, w) = (doc(), Wrapping::default());
        let l = layout(&d, 9, &w);
        let rows: Vec<&str> = l
            .visible(at(0, 1), 3)
            .into_iter()
            .map(|(r, _)| &d.text[r])
            .collect();
        assert_eq!(rows, ["cccc", "", "dddd"]);
        assert_eq!(l.max_top(3), at(3, 0));
    }
}
