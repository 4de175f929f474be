//! Which cells of a frame differ from the frame before: ratatui's `Buffer::diff` (ratatui-core
//! 0.1, `buffer/diff.rs`), rule for rule, with a quick way past the cells that are most of a
//! frame, a one-byte symbol equal to the one before. Ratatui measures the width of both cells
//! and compares their symbols through `memcmp` before it knows they are equal: a fifth of a
//! keystroke's CPU on a 140×45 screen. One rule is added: a blank that differs from the one
//! shown only in its foreground colour is not written, since nothing shows it; the blank rows
//! of the list and sidebar, in the panes' colour, were a fifth of a first screen's bytes.

use std::ops::Range;

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// Modifiers that show on a blank cell, in its foreground colour: a wide character's trailing
/// cells are written again when it is replaced by a narrow one (ratatui's `VISIBLE_ON_BLANK`),
/// a blank in another foreground colour is written, and a blank in one is never erased
/// (`frame_writer`).
pub(crate) const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// Fills `changed` with the indices into `next.content` of the cells to write to turn a screen
/// showing `prev` into one showing `next`, in order: what `prev.diff(next)` gives, as indices
/// (`Buffer::pos_of` turns one into a place), but for the cells inside `kept`, rectangles
/// (in the buffers' coordinates) that the caller knows are the same in both: those are not
/// read. With `kept`, each row is compared on its own, so no wide character may reach into a
/// kept rectangle or past the end of a row (the panes' borders are one column wide). Panics,
/// as ratatui does, when the buffers do not start at the same place or differ in width.
pub fn changed_cells(prev: &Buffer, next: &Buffer, kept: &[Rect], changed: &mut Vec<usize>) {
    changed.clear();
    assert!(
        prev.area.x == next.area.x
            && prev.area.y == next.area.y
            && prev.area.width == next.area.width,
        "buffer areas must have the same x, y, and width: prev={:?}, next={:?}",
        prev.area,
        next.area,
    );
    let len = next.content.len().min(prev.content.len());
    let (next_cells, prev_cells) = (&next.content[..len], &prev.content[..len]);
    if kept.is_empty() {
        changed_in(next_cells, prev_cells, 0, len, changed);
    } else {
        uncovered(next.area, kept, |run| {
            changed_in(next_cells, prev_cells, run.start, run.end.min(len), changed);
        });
    }
}

/// Calls `each` with the indices, into a buffer of `area`, of every run of cells on a row that
/// no rectangle of `kept` covers, row by row, left to right.
pub(crate) fn uncovered(area: Rect, kept: &[Rect], mut each: impl FnMut(Range<usize>)) {
    let width = area.width as usize;
    let mut covered: Vec<(usize, usize)> = Vec::with_capacity(kept.len());
    for row in 0..area.height as usize {
        let y = area.y + row as u16;
        covered.clear();
        covered.extend(kept.iter().filter(|r| r.y <= y && y < r.bottom()).map(|r| {
            let from = r.x.saturating_sub(area.x) as usize;
            (from, (r.right().saturating_sub(area.x) as usize).min(width))
        }));
        covered.sort_unstable();
        let mut x = 0;
        for &(from, to) in &covered {
            if x < from {
                each(row * width + x..row * width + from);
            }
            x = x.max(to);
        }
        if x < width {
            each(row * width + x..row * width + width);
        }
    }
}

/// [`changed_cells`] for the cells `from..to` of `next` and `prev`: ratatui's rules, a wide
/// cell's trailing columns looked at only up to `to`.
fn changed_in(next: &[Cell], prev: &[Cell], from: usize, to: usize, changed: &mut Vec<usize>) {
    let mut pos = from;
    while pos < to {
        let i = pos;
        pos += 1;
        let (current, previous) = (&next[i], &prev[i]);
        match narrow_pair(current, previous) {
            Some(false) => continue,
            Some(true) => {
                changed.push(i);
                continue;
            }
            None => {}
        }
        match current.diff_option {
            CellDiffOption::Skip => {}
            _ if is_skip(current) => {}
            CellDiffOption::ForcedWidth(width) => {
                pos = pos.saturating_add(width.get().saturating_sub(1) as usize);
                if current != previous {
                    changed.push(i);
                }
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                let cell_width = current.cell_width() as usize;
                if matches!(current.diff_option, CellDiffOption::None) && current == previous {
                    pos += cell_width.saturating_sub(1);
                    continue;
                }
                changed.push(i);
                let previous_width = previous.cell_width() as usize;
                let contains_vs16 =
                    cell_width > 1 && current.symbol().chars().any(|c| c == '\u{FE0F}');
                if contains_vs16 {
                    pos = trailing(
                        next,
                        prev,
                        i + 1,
                        (i + cell_width).min(to),
                        to,
                        false,
                        changed,
                    );
                } else if cell_width > 1 {
                    pos += cell_width.saturating_sub(1);
                } else if previous_width > cell_width
                    && (previous.bg != Color::Reset
                        || previous.modifier.intersects(VISIBLE_ON_BLANK))
                {
                    pos = trailing(next, prev, i + 1, i + previous_width, to, true, changed);
                }
            }
        }
    }
}

/// For a cell and the one it replaces that are both one byte, so one column, wide, with no
/// diff option and `current` not skipped: whether it changed (`Cell::eq` on the fields it
/// compares, the symbols compared as the one byte they are, the foreground of a blank not at
/// all). Ratatui's diff then writes it when it changed and steps to the next cell either way;
/// `None` for any other pair.
#[allow(deprecated)] // `skip`: ratatui still reads it where `diff_option` is `None`.
fn narrow_pair(current: &Cell, previous: &Cell) -> Option<bool> {
    let (a, b) = (current.symbol().as_bytes(), previous.symbol().as_bytes());
    // A width forced on `previous` would make ratatui write the cells it covered again.
    if a.len() != 1
        || b.len() != 1
        || current.diff_option != CellDiffOption::None
        || previous.diff_option != CellDiffOption::None
        || current.skip
    {
        return None;
    }
    let same = a[0] == b[0]
        && !previous.skip
        && (current.fg == previous.fg
            || (a[0] == b' ' && !current.modifier.intersects(VISIBLE_ON_BLANK)))
        && current.bg == previous.bg
        && current.modifier == previous.modifier
        && current.underline_color == previous.underline_color;
    Some(!same)
}

/// The cells after one written, up to `end` and never past `limit`, that ratatui writes too:
/// those whose symbol changed (or all of them when `force`), stepping by their widths. Returns
/// where the diff goes on.
fn trailing(
    next: &[Cell],
    prev: &[Cell],
    mut next_index: usize,
    mut end: usize,
    limit: usize,
    force: bool,
    changed: &mut Vec<usize>,
) -> usize {
    // Ratatui indexes past the end here, and panics, when a wide cell ends the buffer.
    while next_index < end.min(limit) {
        let j = next_index;
        next_index += next[j].cell_width().max(1) as usize;
        end = end.max(next_index).min(limit);
        if !is_skip(&next[j]) && (force || prev[j].symbol() != next[j].symbol()) {
            changed.push(j);
        }
    }
    end
}

#[allow(deprecated)] // As ratatui's own `is_skip`.
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU16;

    use proptest::prelude::*;
    use ratatui::style::Style;

    use super::*;

    /// A cell as frames have them and as they rarely do: narrow, wide, emoji with a variation
    /// selector, empty, combining; styled or not; skipped, forced to a width, always updated.
    #[allow(deprecated)]
    fn cell() -> impl Strategy<Value = Cell> {
        let symbols = prop::sample::select(vec![
            "a",
            "b",
            " ",
            "“",
            "─",
            "宽",
            "e\u{301}",
            "",
            "❤\u{fe0f}",
            "👍",
            "ｶﾞ",
        ]);
        let styles = prop::sample::select(vec![
            Style::new(),
            Style::new().fg(Color::Red),
            Style::new().bg(Color::Blue),
            Style::new().add_modifier(Modifier::REVERSED),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            Style::new().underline_color(Color::Green),
        ]);
        let options = prop::sample::select(vec![
            CellDiffOption::None,
            CellDiffOption::None,
            CellDiffOption::None,
            CellDiffOption::Skip,
            CellDiffOption::AlwaysUpdate,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap()),
        ]);
        (symbols, styles, options, prop::bool::weighted(0.05)).prop_map(
            |(symbol, style, option, skip)| {
                let mut cell = Cell::default();
                cell.set_symbol(symbol).set_style(style);
                cell.diff_option = option;
                cell.skip = skip;
                cell
            },
        )
    }

    /// Two frames of one size, the second mostly the first with a few cells changed, as a key
    /// changes a frame.
    fn frames() -> impl Strategy<Value = (Buffer, Buffer)> {
        (1u16..12, 1u16..5).prop_flat_map(|(width, height)| {
            let cells = (width * height) as usize;
            (
                prop::collection::vec(cell(), cells),
                prop::collection::vec((0..cells, cell()), 0..cells + 1),
            )
                .prop_map(move |(before, changes)| {
                    let area = Rect::new(2, 1, width, height);
                    let mut prev = Buffer {
                        area,
                        content: before,
                    };
                    let mut next = prev.clone();
                    for (i, cell) in changes {
                        next.content[i] = cell;
                    }
                    // A wide cell ending the buffer makes ratatui's own diff index past its end.
                    next.content[cells - 1] = Cell::default();
                    prev.content[cells - 1] = Cell::default();
                    (prev, next)
                })
        })
    }

    proptest! {
        /// The cells ratatui's own diff gives, at the same places, in the same order, but
        /// for blanks whose foreground colour alone changed.
        #[test]
        fn gives_what_ratatuis_diff_gives((prev, next) in frames()) {
            let mut changed = Vec::new();
            changed_cells(&prev, &next, &[], &mut changed);
            let ours: Vec<(u16, u16, &Cell)> = changed
                .iter()
                .map(|&i| {
                    let (x, y) = next.pos_of(i);
                    (x, y, &next.content[i])
                })
                .collect();
            let colour_of_a_blank = |&&(x, y, cell): &&(u16, u16, &Cell)| {
                let before = &prev[(x, y)];
                cell.symbol() == " "
                    && before.symbol() == " "
                    && cell.diff_option == CellDiffOption::None
                    && cell.fg != before.fg
                    && *before == {
                        let mut recoloured = cell.clone();
                        recoloured.fg = before.fg;
                        recoloured
                    }
                    && !cell.modifier.intersects(VISIBLE_ON_BLANK)
            };
            let theirs = prev.diff(&next);
            let (_, written): (Vec<_>, Vec<_>) =
                theirs.iter().partition(|change| colour_of_a_blank(change));
            prop_assert_eq!(ours, written.into_iter().copied().collect::<Vec<_>>());
        }
    }

    /// `frames()` with a rectangle inside them made the same in both, of one-column cells, as
    /// are the two columns before it and the last two of every row: what a kept pane between
    /// borders is, with no wide character over a border.
    fn frames_keeping() -> impl Strategy<Value = (Buffer, Buffer, Rect)> {
        frames().prop_flat_map(|(prev, next)| {
            let area = prev.area;
            (0..area.width, 0..area.height)
                .prop_flat_map(move |(x, y)| {
                    (Just((x, y)), 1..=area.width - x, 1..=area.height - y)
                })
                .prop_map(move |((x, y), w, h)| {
                    let (mut prev, mut next) = (prev.clone(), next.clone());
                    let kept = Rect::new(area.x + x, area.y + y, w, h);
                    let border = kept.x.checked_sub(1).filter(|&b| b >= area.x);
                    let mut set = |col: u16, row: u16, symbol: &str| {
                        let mut cell = Cell::default();
                        cell.set_symbol(symbol);
                        cell.fg = next[(col, row)].fg;
                        prev[(col, row)] = cell.clone();
                        next[(col, row)] = cell;
                    };
                    for row in area.top()..area.bottom() {
                        set(area.right().saturating_sub(2).max(area.x), row, "a");
                        set(area.right() - 1, row, "│");
                    }
                    for row in kept.y..kept.bottom() {
                        if let Some(border) = border {
                            set(border.saturating_sub(1).max(area.x), row, "a");
                            set(border, row, "│");
                        }
                        for col in kept.x..kept.right() {
                            set(col, row, "k");
                        }
                    }
                    (prev, next, kept)
                })
        })
    }

    proptest! {
        /// A rectangle kept the same in both frames changes nothing in what is written, and
        /// what the next frame holds inside it is not looked at.
        #[test]
        fn a_kept_rectangle_is_left_out((prev, next, kept) in frames_keeping()) {
            let (mut all, mut outside) = (Vec::new(), Vec::new());
            changed_cells(&prev, &next, &[], &mut all);
            changed_cells(&prev, &next, &[kept, kept], &mut outside);
            prop_assert_eq!(&all, &outside);
            let mut scribbled = next.clone();
            for row in kept.y..kept.bottom() {
                for col in kept.x..kept.right() {
                    scribbled[(col, row)].set_symbol("z");
                }
            }
            changed_cells(&prev, &scribbled, &[kept], &mut outside);
            prop_assert_eq!(all, outside);
        }
    }

    #[test]
    fn a_frame_the_same_as_the_one_before_changes_nothing() {
        let mut frame = Buffer::empty(Rect::new(0, 0, 20, 3));
        frame.set_string(
            0,
            0,
            "Beijing denies 宽 ❤\u{fe0f}",
            Style::new().fg(Color::Red),
        );
        let mut changed = vec![7];
        changed_cells(&frame, &frame.clone(), &[], &mut changed);
        assert_eq!(changed, Vec::<usize>::new());
    }
}
