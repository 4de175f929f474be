//! A rectangle of the screen cut into parts of known sizes, by arithmetic. The panes and bars
//! are cut so rather than by ratatui's `Layout`: their sizes fit by construction, so there is
//! nothing for its constraint solver to solve, and setting the solver up cost a first screen a
//! quarter of a millisecond.

use ratatui::layout::Rect;

/// `area` split into what is above its last `rows` rows and those rows (all of it when it has
/// fewer).
pub fn bottom(area: Rect, rows: u16) -> [Rect; 2] {
    let rows = rows.min(area.height);
    let above = Rect {
        height: area.height - rows,
        ..area
    };
    let below = Rect {
        y: area.y + above.height,
        height: rows,
        ..area
    };
    [above, below]
}

/// `area` split into its first `left` columns, its last `right` and what lies between (`left`
/// first when the two do not fit).
pub fn sides(area: Rect, left: u16, right: u16) -> [Rect; 3] {
    let left = left.min(area.width);
    let right = right.min(area.width - left);
    let middle = area.width - left - right;
    [
        Rect {
            width: left,
            ..area
        },
        Rect {
            x: area.x + left,
            width: middle,
            ..area
        },
        Rect {
            x: area.x + left + middle,
            width: right,
            ..area
        },
    ]
}

/// `area` split into what is left of its last `cols` columns and those columns (all of it when
/// it has fewer).
pub fn right(area: Rect, cols: u16) -> [Rect; 2] {
    let [_, left, right] = sides(area, 0, cols);
    [left, right]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_tile_the_area() {
        let area = Rect::new(3, 2, 50, 20);
        assert_eq!(
            bottom(area, 4),
            [Rect::new(3, 2, 50, 16), Rect::new(3, 18, 50, 4)]
        );
        assert_eq!(
            sides(area, 10, 12),
            [
                Rect::new(3, 2, 10, 20),
                Rect::new(13, 2, 28, 20),
                Rect::new(41, 2, 12, 20)
            ]
        );
        assert_eq!(
            right(area, 7),
            [Rect::new(3, 2, 43, 20), Rect::new(46, 2, 7, 20)]
        );
    }

    #[test]
    fn what_does_not_fit_is_cut_from_the_last_part() {
        let area = Rect::new(0, 0, 10, 3);
        assert_eq!(bottom(area, 5), [Rect::new(0, 0, 10, 0), area]);
        assert_eq!(
            sides(area, 6, 6),
            [
                Rect::new(0, 0, 6, 3),
                Rect::new(6, 0, 0, 3),
                Rect::new(6, 0, 4, 3)
            ]
        );
    }
}
