//! A pane's frame: its border and titles, drawn as the theme's `Block` draws them but without
//! styling every cell inside first, which a `Block` does even in the default style, where it
//! changes nothing: that was an eighth of a key's frame for the panes drawn on every key.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use crate::tui::view::rows;
use crate::tui::view::theme::Theme;

/// The border of a pane and its titles, at the top and the bottom, each on the left unless it
/// is right-aligned (no centred titles).
pub struct PaneFrame<'a> {
    set: border::Set<'static>,
    style: Style,
    top: Vec<Line<'a>>,
    bottom: Vec<Line<'a>>,
}

impl<'a> PaneFrame<'a> {
    /// The frame of a pane, marked when it has the focus, as [`Theme::block`] draws it.
    pub fn new(theme: &Theme, focused: bool) -> Self {
        let (kind, style) = theme.border(focused);
        PaneFrame {
            set: kind.to_border_set(),
            style,
            top: Vec::new(),
            bottom: Vec::new(),
        }
    }

    /// A title on the top border, after (or, right-aligned, before) those given already.
    pub fn title(mut self, title: impl Into<Line<'a>>) -> Self {
        self.top.push(title.into());
        self
    }

    /// A title on the bottom border, as [`PaneFrame::title`].
    pub fn title_bottom(mut self, title: impl Into<Line<'a>>) -> Self {
        self.bottom.push(title.into());
        self
    }

    /// The room inside the border.
    pub fn inner(area: Rect) -> Rect {
        Block::bordered().inner(area)
    }

    /// Draws the border round `area`, then its titles, as `Block::render` draws them.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let set = &self.set;
        // Sides first, then corners over their ends, in the order a `Block` draws them.
        let mut side = |cells: &mut dyn Iterator<Item = (u16, u16)>, symbol: &str| {
            for at in cells {
                set_symbol(&mut buf[at], symbol).set_style(self.style);
            }
        };
        side(&mut (top..=bottom).map(|y| (left, y)), set.vertical_left);
        side(&mut (left..=right).map(|x| (x, top)), set.horizontal_top);
        side(&mut (top..=bottom).map(|y| (right, y)), set.vertical_right);
        side(
            &mut (left..=right).map(|x| (x, bottom)),
            set.horizontal_bottom,
        );
        for (x, y, symbol) in [
            (right, bottom, set.bottom_right),
            (right, top, set.top_right),
            (left, bottom, set.bottom_left),
            (left, top, set.top_left),
        ] {
            set_symbol(&mut buf[(x, y)], symbol).set_style(self.style);
        }
        // Titles go between the corners.
        let row = |y| Rect::new(left + 1, y, area.width.saturating_sub(2), 1);
        for (titles, y) in [(&self.top, top), (&self.bottom, bottom)] {
            let right_aligned = |t: &&Line| t.alignment == Some(Alignment::Right);
            let mut room = row(y);
            for title in titles.iter().filter(|t| !right_aligned(t)) {
                if room.is_empty() {
                    break;
                }
                let width = title_width(title);
                draw_title(
                    title,
                    width,
                    Rect {
                        width: width.min(room.width),
                        ..room
                    },
                    buf,
                );
                let advance = width.saturating_add(1);
                room.x = room.x.saturating_add(advance);
                room.width = room.width.saturating_sub(advance);
            }
            let mut room = row(y);
            for title in titles.iter().filter(right_aligned).rev() {
                if room.is_empty() {
                    break;
                }
                let width = title_width(title);
                let x = room.right().saturating_sub(width).max(room.left());
                draw_title(
                    title,
                    width,
                    Rect {
                        x,
                        width: width.min(room.width),
                        ..room
                    },
                    buf,
                );
                room.width = room.width.saturating_sub(width).saturating_sub(1);
            }
        }
    }
}

/// `cell` given `symbol`, as `Cell::set_symbol` gives it. A symbol of three bytes, as every line
/// and corner of the theme's borders is, is sliced to that length, which the compiler then copies
/// in place: `Cell::set_symbol` copies a symbol of any length by a call to `memcpy`, and reading
/// the cell's string back after that stalls (setting the borders' cells was 3% of the CPU of a
/// `j`'s frame).
fn set_symbol<'c>(cell: &'c mut Cell, symbol: &str) -> &'c mut Cell {
    if symbol.len() == 3 {
        cell.set_symbol(&symbol[..3])
    } else {
        set_any_symbol(cell, symbol)
    }
}

/// `Cell::set_symbol`, kept a call of its own: inlined, the compiler would merge it with the
/// copy of three bytes above into one of any length.
#[inline(never)]
fn set_any_symbol<'c>(cell: &'c mut Cell, symbol: &str) -> &'c mut Cell {
    cell.set_symbol(symbol)
}

/// `title` (`width` columns wide) drawn in `area`, as `Line::render` draws it. One that fits
/// whole and is all characters of one column that are graphemes by themselves is set straight
/// into its cells, the line's style patched by each span's, as ratatui's sets each cell; ratatui
/// splits every title into graphemes and measures each, on every key.
fn draw_title(title: &Line, width: u16, area: Rect, buf: &mut Buffer) {
    let shown = area.intersection(buf.area);
    if shown.width == width && shown.height > 0 && rows::is_plain(title) {
        rows::set_line(buf, shown.x, shown.y, title, width);
    } else {
        title.render(area, buf);
    }
}

/// A title's width in columns, as `Block` counts it.
fn title_width(title: &Line) -> u16 {
    title.width().min(usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;
    use crate::core::tags::TagSet;
    use crate::core::user_state::config::{self, Depth};

    /// The same frame as a `Block` and as a `PaneFrame`, drawn over cells that hold text
    /// already, at every size from nothing up, for each kind of border the theme has, with
    /// titles on the left and right at the top and the bottom, too long for the narrow ones, one
    /// with a wide character.
    #[test]
    fn draws_as_the_themes_block_does() {
        let titles = |frame: PaneFrame<'static>| {
            frame
                .title(" Title ")
                .title(Line::styled(" read-only ", Style::new().fg(Color::Red)).right_aligned())
                .title(" second ")
                .title(" wide 宽 ")
                .title(Line::from(" 7 ").right_aligned())
                .title_bottom(Line::from(" 12% ").right_aligned())
                .title_bottom(" 3/4 done ")
        };
        let block = |theme: &Theme, focused| {
            theme
                .block(focused)
                .title(" Title ")
                .title(Line::styled(" read-only ", Style::new().fg(Color::Red)).right_aligned())
                .title(" second ")
                .title(" wide 宽 ")
                .title(Line::from(" 7 ").right_aligned())
                .title_bottom(Line::from(" 12% ").right_aligned())
                .title_bottom(" 3/4 done ")
        };
        for depth in [Depth::None, Depth::Ansi16, Depth::TrueColor] {
            let theme = Theme::new(&config::Theme::default(), depth, &TagSet::default());
            for focused in [false, true] {
                for (width, height) in (0..30).flat_map(|w| (0..5).map(move |h| (w, h))) {
                    let mut before = Buffer::empty(Rect::new(0, 0, 32, 6));
                    for y in 0..6 {
                        before.set_string(
                            0,
                            y,
                            "under the frame, some text here",
                            Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
                        );
                    }
                    let area = Rect::new(1, 1, width, height);
                    let mut by_block = before.clone();
                    block(&theme, focused).render(area, &mut by_block);
                    let mut by_frame = before;
                    titles(PaneFrame::new(&theme, focused)).render(area, &mut by_frame);
                    assert_eq!(by_frame, by_block, "{depth:?} {focused} {width}×{height}");
                    assert_eq!(PaneFrame::inner(area), block(&theme, focused).inner(area));
                }
            }
        }
    }
}
