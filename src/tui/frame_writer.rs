//! The bytes of a frame's changed cells: byte for byte what ratatui's crossterm backend writes
//! for them (ratatui-crossterm 0.1, `CrosstermBackend::draw`), without formatting each
//! command through `fmt`. That backend moves the cursor before every cell not right after the
//! last and changes style where it changes; crossterm's own commands still give each colour
//! and attribute its parameters (so `NO_COLOR` is honoured as crossterm honours it), asked once
//! and kept.

use std::collections::HashMap;
use std::io::{self, Write};

use crossterm::Command;
use crossterm::style::{Attribute, Colored, SetAttribute};
use ratatui::backend::IntoCrossterm;
use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// Writes frames' cells, keeping the escape sequences it was given by crossterm.
#[derive(Default)]
pub struct FrameWriter {
    /// Colours' SGR parameters, e.g. `38;5;3`: the theme's and the tags' few dozen, searched in order,
    /// quicker than hashed.
    colours: Vec<(Colored, String)>,
    /// An attribute's whole escape sequence, e.g. `ESC[1m`.
    attributes: HashMap<Attribute, String>,
}

/// The style the terminal draws with, as the cells written so far left it.
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl FrameWriter {
    /// Writes `cells` (column, row, cell; zero-based) to `out`, then resets the style, as
    /// crossterm's backend does.
    pub fn write<'a>(
        &mut self,
        out: &mut impl Write,
        cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
    ) -> io::Result<()> {
        let mut pen = Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
        };
        let mut last: Option<(u16, u16)> = None;
        let mut number = itoa::Buffer::new();
        for (x, y, cell) in cells {
            if !last.is_some_and(|(lx, ly)| x == lx + 1 && y == ly) {
                // crossterm's `MoveTo`: one-based row, then column.
                out.write_all(b"\x1b[")?;
                out.write_all(number.format(y + 1).as_bytes())?;
                out.write_all(b";")?;
                out.write_all(number.format(x + 1).as_bytes())?;
                out.write_all(b"H")?;
            }
            last = Some((x, y));
            if cell.modifier != pen.modifier {
                self.modifiers(out, pen.modifier, cell.modifier)?;
                pen.modifier = cell.modifier;
            }
            if cell.fg != pen.fg || cell.bg != pen.bg {
                // crossterm's `SetColors` with both colours.
                out.write_all(b"\x1b[")?;
                out.write_all(self.colour(Colored::ForegroundColor(cell.fg.into_crossterm())))?;
                out.write_all(b";")?;
                out.write_all(self.colour(Colored::BackgroundColor(cell.bg.into_crossterm())))?;
                out.write_all(b"m")?;
                (pen.fg, pen.bg) = (cell.fg, cell.bg);
            }
            if cell.underline_color != pen.underline {
                self.underline(out, cell.underline_color)?;
                pen.underline = cell.underline_color;
            }
            out.write_all(cell.symbol().as_bytes())?;
        }
        // `SetForegroundColor`, `SetBackgroundColor` and `SetUnderlineColor` to their defaults,
        // then `SetAttribute(Reset)`.
        out.write_all(b"\x1b[")?;
        out.write_all(self.colour(Colored::ForegroundColor(crossterm::style::Color::Reset)))?;
        out.write_all(b"m\x1b[")?;
        out.write_all(self.colour(Colored::BackgroundColor(crossterm::style::Color::Reset)))?;
        out.write_all(b"m")?;
        self.underline(out, Color::Reset)?;
        self.attribute(out, Attribute::Reset)
    }

    /// crossterm's `SetUnderlineColor`.
    fn underline(&mut self, out: &mut impl Write, colour: Color) -> io::Result<()> {
        out.write_all(b"\x1b[")?;
        out.write_all(self.colour(Colored::UnderlineColor(colour.into_crossterm())))?;
        out.write_all(b"m")
    }

    fn colour(&mut self, colour: Colored) -> &[u8] {
        let at = match self.colours.iter().position(|(c, _)| *c == colour) {
            Some(at) => at,
            None => {
                self.colours.push((colour, colour.to_string()));
                self.colours.len() - 1
            }
        };
        self.colours[at].1.as_bytes()
    }

    fn attribute(&mut self, out: &mut impl Write, attribute: Attribute) -> io::Result<()> {
        let code = self.attributes.entry(attribute).or_insert_with(|| {
            let mut code = String::new();
            // Writing to a `String` cannot fail.
            let _ = SetAttribute(attribute).write_ansi(&mut code);
            code
        });
        out.write_all(code.as_bytes())
    }

    /// The attributes that turn `from` into `to`: ratatui-crossterm's `ModifierDiff`, in its
    /// order (bold and dim are undone together, by normal intensity, and the one kept is set
    /// again).
    fn modifiers(&mut self, out: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
        let removed = from - to;
        if removed.contains(Modifier::REVERSED) {
            self.attribute(out, Attribute::NoReverse)?;
        }
        let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
        if reset_intensity {
            self.attribute(out, Attribute::NormalIntensity)?;
            if to.contains(Modifier::DIM) {
                self.attribute(out, Attribute::Dim)?;
            }
            if to.contains(Modifier::BOLD) {
                self.attribute(out, Attribute::Bold)?;
            }
        }
        for (modifier, off) in [
            (Modifier::ITALIC, Attribute::NoItalic),
            (Modifier::UNDERLINED, Attribute::NoUnderline),
            (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
            (Modifier::HIDDEN, Attribute::NoHidden),
        ] {
            if removed.contains(modifier) {
                self.attribute(out, off)?;
            }
        }
        if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
            self.attribute(out, Attribute::NoBlink)?;
        }
        let added = to - from;
        for (modifier, on, unless_reset) in [
            (Modifier::REVERSED, Attribute::Reverse, false),
            (Modifier::BOLD, Attribute::Bold, true),
            (Modifier::ITALIC, Attribute::Italic, false),
            (Modifier::UNDERLINED, Attribute::Underlined, false),
            (Modifier::DIM, Attribute::Dim, true),
            (Modifier::CROSSED_OUT, Attribute::CrossedOut, false),
            (Modifier::HIDDEN, Attribute::Hidden, false),
            (Modifier::SLOW_BLINK, Attribute::SlowBlink, false),
            (Modifier::RAPID_BLINK, Attribute::RapidBlink, false),
        ] {
            if added.contains(modifier) && !(unless_reset && reset_intensity) {
                self.attribute(out, on)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::backend::{Backend, CrosstermBackend};
    use ratatui::style::Style;

    use super::*;

    /// A cell of one of a few symbols (wide, multi-byte, empty) and of any colours and
    /// modifiers.
    fn cell() -> impl Strategy<Value = Cell> {
        let symbols = prop::sample::select(vec!["a", "b", " ", "“", "─", "宽", "e\u{301}", ""]);
        let colour = prop_oneof![
            prop::sample::select(vec![
                Color::Reset,
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ]),
            any::<u8>().prop_map(Color::Indexed),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ];
        (
            symbols,
            colour.clone(),
            colour.clone(),
            colour,
            any::<u16>().prop_map(Modifier::from_bits_truncate),
        )
            .prop_map(|(symbol, fg, bg, underline, modifier)| {
                let mut cell = Cell::default();
                cell.set_symbol(symbol).set_style(
                    Style::new()
                        .fg(fg)
                        .bg(bg)
                        .underline_color(underline)
                        .add_modifier(modifier),
                );
                cell
            })
    }

    /// Cells at places that mostly follow one another on a row, sometimes on the next row or
    /// further along, as a frame's changes come; styles mostly as the cell before.
    fn cells() -> impl Strategy<Value = Vec<(u16, u16, Cell)>> {
        prop::collection::vec((0u16..4, cell(), prop::bool::weighted(0.7)), 0..60).prop_map(
            |steps| {
                let (mut x, mut y) = (0, 0);
                let mut before: Option<Cell> = None;
                steps
                    .into_iter()
                    .map(|(step, mut cell, alike)| {
                        match step {
                            0 => (x, y) = (x + 3, y),
                            1 if x > 20 => (x, y) = (0, y + 1),
                            _ => x += 1,
                        }
                        if let Some(style) = before.as_ref().filter(|_| alike).map(Cell::style) {
                            cell.set_style(style);
                        }
                        before = Some(cell.clone());
                        (x, y, cell)
                    })
                    .collect()
            },
        )
    }

    proptest! {
        /// Byte for byte what crossterm's backend writes for the same cells.
        #[test]
        fn writes_what_crosstermss_backend_writes(cells in cells()) {
            let mut theirs = Vec::new();
            CrosstermBackend::new(&mut theirs)
                .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
                .unwrap();
            let mut ours = Vec::new();
            let mut writer = FrameWriter::default();
            writer.write(&mut ours, cells.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
            // Again, from what it kept.
            writer.write(&mut ours, cells.iter().map(|(x, y, c)| (*x, *y, c))).unwrap();
            let theirs = String::from_utf8_lossy(&theirs).into_owned();
            prop_assert_eq!(String::from_utf8_lossy(&ours).into_owned(), theirs.repeat(2));
        }
    }
}
