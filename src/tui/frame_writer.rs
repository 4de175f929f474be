//! The bytes of a frame's changed cells: what ratatui's crossterm backend writes for them
//! (ratatui-crossterm 0.1, `CrosstermBackend::draw`), without formatting each command through
//! `fmt`, and with a short gap on a row crossed by writing what it holds rather than by moving
//! the cursor. That backend moves the cursor before every cell not right after the last and
//! changes style where it changes; crossterm's own commands still give each colour and
//! attribute its parameters (so `NO_COLOR` is honoured as crossterm honours it), asked once and
//! kept.

use std::collections::HashMap;
use std::io::{self, Write};

use crossterm::Command;
use crossterm::style::{Attribute, Colored, SetAttribute};
use ratatui::backend::IntoCrossterm;
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

use crate::tui::cell_diff::VISIBLE_ON_BLANK;

/// The widest gap between two changed cells on a row that is crossed by writing its cells
/// again: a cursor move (`ESC[row;colH`) takes six to eight bytes. Between the words of a first
/// screen, where every space is a cell unchanged, the cursor moves made a frame twice as long,
/// and a pseudo-terminal hands a reader a long frame in 2 KB pieces, a tenth of a millisecond
/// apart.
const GAP_WRITTEN: usize = 6;

/// The fewest changed blanks in a run on a row that are erased (`ESC[nX`, ECH: n blanks in the
/// background colour from the cursor, which stays) rather than written: five bytes and, after
/// them, a cursor move, where a row of text that grew shorter ends in dozens of spaces. A `j`
/// that scrolled the reading pane wrote 2.7 KB, a third of them such spaces; a
/// pseudo-terminal takes a write in pieces of 2 KB.
const BLANKS_ERASED: usize = 8;

/// Writes frames' cells, keeping the escape sequences it was given by crossterm.
#[derive(Default)]
pub struct FrameWriter {
    /// Colours' SGR parameters, e.g. `38;5;3`: the theme's and the tags' few dozen, searched
    /// in order, quicker than hashed.
    colours: Vec<(Colored, String)>,
    /// An attribute's whole escape sequence, e.g. `ESC[1m`.
    attributes: HashMap<Attribute, String>,
    /// The bytes of a run of cells written at once, kept to reuse their room.
    run: Vec<u8>,
}

/// The style the terminal draws with, as the cells written so far left it.
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    /// Whether `cell` is one byte, so one column, drawn in this pen and nothing else about it:
    /// a cell that can be written again as it is without changing anything. (A pen both bold
    /// and dim shows as one of them, the one set last, and so may differ from the pen the cell
    /// was first written in; crossterm's own writing has that ambiguity, and gloss draws in no
    /// such pen.)
    fn rewrites(&self, cell: &Cell) -> bool {
        cell.symbol().len() == 1 && self.draws(cell)
    }

    /// Whether `cell` is drawn in this pen and nothing else about it, whatever its symbol.
    #[allow(deprecated)] // `skip`, which ratatui's diff still reads.
    fn draws(&self, cell: &Cell) -> bool {
        cell.fg == self.fg
            && cell.bg == self.bg
            && cell.modifier == self.modifier
            && cell.underline_color == self.underline
            && cell.diff_option == CellDiffOption::None
            && !cell.skip
    }
}

/// Whether `cell` is a blank that erasing makes: a space on the default background, with nothing
/// that shows on a blank.
#[allow(deprecated)] // `skip`, which ratatui's diff still reads.
fn erasable(cell: &Cell) -> bool {
    cell.symbol() == " "
        && cell.bg == Color::Reset
        && !cell.modifier.intersects(VISIBLE_ON_BLANK)
        && cell.diff_option == CellDiffOption::None
        && !cell.skip
}

/// The run of blanks to erase from the first cell of `changed` (indices into `frame`, in
/// order, the first an erasable blank): how many columns, and how many cells of `changed` they
/// take. The run goes on to the next changed blank on the row over at most [`GAP_WRITTEN`]
/// blanks not changed, which erasing leaves as they are; no further, so that it never reaches
/// over a pane the frame kept as shown (`pane_reuse`), blank in `frame` but not on the screen,
/// and not past `row_end`, the index after the first cell's row.
fn blank_run(frame: &Buffer, changed: &[usize], row_end: usize) -> (usize, usize) {
    let Some(&first) = changed.first() else {
        return (0, 0);
    };
    let mut last = first;
    let mut taken = 1;
    for &i in &changed[1..] {
        let reachable = i < row_end
            && i <= last + GAP_WRITTEN + 1
            && frame.content[last + 1..=i].iter().all(erasable);
        if !reachable {
            break;
        }
        (last, taken) = (i, taken + 1);
    }
    (last + 1 - first, taken)
}

/// The columns an erase of `columns` blanks from index `first` takes so as not to end inside a
/// wide character on screen (`shown`): erasing its first column alone leaves the second
/// behind, which tmux keeps as a cell of no width, moving the rest of the row a column left
/// until it is drawn whole again. The erase takes the character's other columns when they are
/// blank in `frame` (not changed, so not in the run) and on the row (before `row_end`); `None`
/// when they are not, and the blanks are to be written, which clears the whole character.
fn whole_characters(
    frame: &Buffer,
    shown: &Buffer,
    first: usize,
    columns: usize,
    row_end: usize,
) -> Option<usize> {
    let end = first + columns;
    let width = shown
        .content
        .get(end - 1)
        .map_or(1, |c| c.cell_width() as usize);
    let to = end - 1 + width.max(1);
    (to <= row_end && frame.content[end..to].iter().all(erasable)).then_some(to - first)
}

impl FrameWriter {
    /// Writes the cells of `frame` at `changed` (indices into its content, in order, as
    /// `cell_diff` gives them) to `out`, then resets the style, as crossterm's backend does. The
    /// terminal must show what `frame` shows outside `changed`: a gap is crossed by writing
    /// its cells as they are. `shown` is what it shows at `changed` (the frame before): where a
    /// run of blanks to erase ends on a wide character's first column, the erase takes its
    /// other columns too.
    pub fn write(
        &mut self,
        out: &mut impl Write,
        frame: &Buffer,
        shown: &Buffer,
        changed: &[usize],
    ) -> io::Result<()> {
        let mut pen = Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
        };
        // The last cell written: its place and index, and whether it was one column wide.
        let mut last: Option<(u16, u16, usize, bool)> = None;
        let mut number = itoa::Buffer::new();
        let mut k = 0;
        while k < changed.len() {
            let i = changed[k];
            k += 1;
            let (x, y) = frame.pos_of(i);
            let cell = &frame.content[i];
            let gap = match last {
                Some((lx, ly, li, narrow)) if ly == y && x > lx + 1 && narrow => {
                    Some(&frame.content[li + 1..i]).filter(|gap| {
                        gap.len() <= GAP_WRITTEN && gap.iter().all(|c| pen.rewrites(c))
                    })
                }
                _ => None,
            };
            if let Some(gap) = gap {
                for c in gap {
                    out.write_all(c.symbol().as_bytes())?;
                }
            } else if !last.is_some_and(|(lx, ly, ..)| x == lx + 1 && y == ly) {
                // crossterm's `MoveTo`: one-based row, then column.
                out.write_all(b"\x1b[")?;
                out.write_all(number.format(y + 1).as_bytes())?;
                out.write_all(b";")?;
                out.write_all(number.format(x + 1).as_bytes())?;
                out.write_all(b"H")?;
            }
            let row_end = i - usize::from(x - frame.area.x) + usize::from(frame.area.width);
            // A run of blanks, in a pen that erases to what they show.
            let (columns, taken) = match erasable(cell) {
                true => blank_run(frame, &changed[k - 1..], row_end),
                false => (0, 0),
            };
            let erased = (taken >= BLANKS_ERASED
                && pen.bg == Color::Reset
                && !pen.modifier.intersects(VISIBLE_ON_BLANK))
            .then(|| whole_characters(frame, shown, i, columns, row_end))
            .flatten();
            if let Some(columns) = erased {
                out.write_all(b"\x1b[")?;
                out.write_all(number.format(columns).as_bytes())?;
                out.write_all(b"X")?;
                k += taken - 1;
                // The cursor stays where the blanks start: the next cell is moved to.
                last = None;
                continue;
            }
            last = Some((x, y, i, cell.symbol().len() == 1));
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
            // The cells right after it on its row that are one byte in the same pen, and no
            // start of blanks to erase: most of a frame, written without asking each what the
            // first was asked, which took 15 ns a cell (issue 10). After a wide character the
            // terminal's cursor is two columns on: no run follows one.
            if cell.symbol().len() != 1 {
                continue;
            }
            // Whether a space in this pen is a blank that erasing makes (see `erasable`).
            let pen_erases = pen.bg == Color::Reset && !pen.modifier.intersects(VISIBLE_ON_BLANK);
            let mut run = std::mem::take(&mut self.run);
            run.clear();
            while let Some(&j) = changed.get(k)
                && j == i + run.len() + 1
                && j < row_end
            {
                let c = &frame.content[j];
                let &[byte] = c.symbol().as_bytes() else {
                    break;
                };
                let blanks =
                    byte == b' ' && pen_erases && frame.content.get(j + 1).is_some_and(erasable);
                if blanks || !pen.draws(c) {
                    break;
                }
                run.push(byte);
                k += 1;
            }
            if !run.is_empty() {
                out.write_all(&run)?;
                last = Some((x + run.len() as u16, y, i + run.len(), true));
            }
            self.run = run;
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
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;
    use crate::tui::cell_diff::changed_cells;
    use crate::tui::view::theme::NAMED;

    fn colour() -> impl Strategy<Value = Color> {
        prop_oneof![
            prop::sample::select([&[Color::Reset][..], &NAMED[..]].concat()),
            any::<u8>().prop_map(Color::Indexed),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ]
    }

    fn style() -> impl Strategy<Value = Style> {
        (
            colour(),
            colour(),
            colour(),
            // Never both of bold and dim, or of slow and rapid blinking: terminals keep the
            // one set last, so what shows would depend on the cells written before.
            any::<u16>().prop_map(|bits| {
                let modifier = Modifier::from_bits_truncate(bits);
                modifier
                    - if modifier.contains(Modifier::BOLD) {
                        Modifier::DIM
                    } else {
                        Modifier::empty()
                    }
                    - if modifier.contains(Modifier::SLOW_BLINK) {
                        Modifier::RAPID_BLINK
                    } else {
                        Modifier::empty()
                    }
            }),
        )
            .prop_map(|(fg, bg, underline, modifier)| {
                Style::new()
                    .fg(fg)
                    .bg(bg)
                    .underline_color(underline)
                    .add_modifier(modifier)
            })
    }

    /// A style and others that differ from it in one thing each: its foreground, background,
    /// modifiers. No underline colour: vt100, the terminal these tests draw on, reads its
    /// parameters as others (`58;2;1;1;1` as dim, then bold), and gloss uses none.
    fn styles() -> impl Strategy<Value = Vec<Style>> {
        (style(), style()).prop_map(|(base, other)| {
            let base = Style {
                underline_color: None,
                ..base
            };
            vec![
                base,
                base.fg(other.fg.unwrap()),
                base.bg(other.bg.unwrap()),
                Style {
                    add_modifier: other.add_modifier,
                    ..base
                },
            ]
        })
    }

    /// Rows of cells, each of one of a few symbols (wide, multi-byte, empty), in one of a few
    /// styles, as a frame's rows are.
    fn frame(symbols: Vec<&'static str>) -> impl Strategy<Value = Buffer> {
        frames(symbols).prop_map(|(frame, _)| frame)
    }

    /// A frame, and the next: the same but for some cells, of the same symbols and styles.
    fn frames(symbols: Vec<&'static str>) -> impl Strategy<Value = (Buffer, Buffer)> {
        let cells = || prop::collection::vec((0..8usize, 0..4usize), 24 * 3);
        let changes =
            prop::collection::vec(prop::option::weighted(0.7, (0..8usize, 0..4usize)), 24 * 3);
        (styles(), cells(), changes).prop_map(move |(styles, cells, changes)| {
            let draw = |frame: &mut Buffer, i: usize, (symbol, style): (usize, usize)| {
                // Set on a fresh cell: a style adds its modifiers to the cell's.
                frame.content[i] = Cell::default();
                frame.content[i]
                    .set_symbol(symbols[symbol % symbols.len()])
                    .set_style(styles[style % styles.len()]);
            };
            let mut before = Buffer::empty(Rect::new(0, 0, 24, 3));
            for (i, cell) in cells.into_iter().enumerate() {
                draw(&mut before, i, cell);
            }
            let mut after = before.clone();
            for (i, change) in changes.into_iter().enumerate() {
                if let Some(cell) = change {
                    draw(&mut after, i, cell);
                }
            }
            (before, after)
        })
    }

    /// Which cells changed, at random: every cell of a frame is written by both writers, so
    /// wide characters need no care.
    fn changed() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::btree_set(0..24 * 3usize, 0..40).prop_map(|c| c.into_iter().collect())
    }

    /// Two frames of rows of text, each row's text in one of a few styles (the default,
    /// bold, underlined, on a colour) and ending in blanks, as the reading pane's rows are
    /// before and after a scroll: runs of blanks long enough to be erased, after pens that
    /// allow it and pens that do not.
    fn rows_of_text() -> impl Strategy<Value = (Buffer, Buffer)> {
        let row = (
            prop::collection::vec(prop::sample::select(vec!["a", "b", " "]), 0..=24),
            prop::sample::select(vec![
                Style::new(),
                Style::new().add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::UNDERLINED),
                Style::new().bg(Color::Blue),
            ]),
        );
        let frame = prop::collection::vec(row, 3).prop_map(|rows| {
            let mut frame = Buffer::empty(Rect::new(0, 0, 24, 3));
            for (y, (text, style)) in rows.iter().enumerate() {
                for (x, symbol) in text.iter().enumerate() {
                    frame[(x as u16, y as u16)]
                        .set_symbol(symbol)
                        .set_style(*style);
                }
            }
            frame
        });
        (frame.clone(), frame)
    }

    proptest! {
        /// Byte for byte what crossterm's backend writes for the same cells, where no gap can
        /// be crossed by writing it (every cell not written is three bytes) and no run of
        /// blanks is long enough to be erased.
        #[test]
        fn writes_what_crossterms_backend_writes(
            frame in frame(vec!["a", "b", " ", "“", "e\u{301}", "", "宽"]),
            changed in changed(),
        ) {
            let mut frame = frame;
            for (i, cell) in frame.content.iter_mut().enumerate() {
                if changed.binary_search(&i).is_err() || i % BLANKS_ERASED == 0 {
                    cell.set_symbol("─");
                }
            }
            let mut theirs = Vec::new();
            CrosstermBackend::new(&mut theirs)
                .draw(changed.iter().map(|&i| {
                    let (x, y) = frame.pos_of(i);
                    (x, y, &frame.content[i])
                }))
                .unwrap();
            let mut ours = Vec::new();
            let mut writer = FrameWriter::default();
            writer.write(&mut ours, &frame, &frame, &changed).unwrap();
            // Again, from what it kept.
            writer.write(&mut ours, &frame, &frame, &changed).unwrap();
            let theirs = String::from_utf8_lossy(&theirs).into_owned();
            prop_assert_eq!(String::from_utf8_lossy(&ours).into_owned(), theirs.repeat(2));
        }

        /// A terminal showing one frame shows the next alike, cell for cell in text and every
        /// attribute, whether the changes went through crossterm's backend or were written
        /// here, crossing gaps by writing them and erasing runs of blanks.
        #[test]
        fn a_terminal_shows_what_crossterms_backend_would_have_it_show(
            (before, after) in prop_oneof![
                frames(vec!["a", "b", " ", " ", "“", "e\u{301}"]),
                rows_of_text(),
            ],
        ) {
            let mut changed = Vec::new();
            changed_cells(&before, &after, &[], &mut changed);
            let diff = before.diff(&after);
            let shown = |writes: &dyn Fn(&mut Vec<u8>)| {
                let mut bytes = Vec::new();
                CrosstermBackend::new(&mut bytes)
                    .draw(before.content.iter().enumerate().map(|(i, c)| {
                        let (x, y) = before.pos_of(i);
                        (x, y, c)
                    }))
                    .unwrap();
                writes(&mut bytes);
                let mut terminal = vt100::Parser::new(3.try_into().unwrap(), 24.try_into().unwrap(), 0);
                terminal.process(&bytes);
                terminal
            };
            let theirs = shown(&|bytes| {
                CrosstermBackend::new(bytes).draw(diff.iter().copied()).unwrap();
            });
            let ours = shown(&|bytes| {
                FrameWriter::default().write(bytes, &after, &before, &changed).unwrap();
            });
            for y in 0..3 {
                for x in 0..24 {
                    let (ours, theirs) = (ours.screen().cell(y, x), theirs.screen().cell(y, x));
                    prop_assert!(
                        looks(ours) == looks(theirs),
                        "at {},{}: {:?} where crossterm's gives {:?}", x, y, ours, theirs
                    );
                }
            }
        }
    }

    /// A cell's text, background, underline and inverse, and, but on a blank, its foreground,
    /// bold, dim and italic.
    type Looks = (
        String,
        vt100::Color,
        [bool; 2],
        Option<(vt100::Color, [bool; 3])>,
    );

    /// What a terminal's cell shows: its text, background and attributes, and its foreground
    /// colour, bold, dim and italic but on a blank, where nothing shows them (`cell_diff` does
    /// not write a blank whose foreground alone changed; vt100 keeps one of bold and dim, the
    /// one set last). A cell erased (`ECH`), where vt100 keeps no text, shows as a space does.
    fn looks(cell: Option<&vt100::Cell>) -> Option<Looks> {
        cell.map(|c| {
            let text = match c.contents() {
                "" if !c.is_wide_continuation() => " ",
                text => text,
            };
            let blank = text == " " && !c.underline() && !c.inverse();
            (
                text.to_string(),
                c.bgcolor(),
                [c.underline(), c.inverse()],
                (!blank).then(|| (c.fgcolor(), [c.bold(), c.dim(), c.italic()])),
            )
        })
    }

    /// The bytes that turn a screen showing `before` into one showing `after`.
    fn written(before: &Buffer, after: &Buffer) -> String {
        let mut changed = Vec::new();
        changed_cells(before, after, &[], &mut changed);
        let mut written = Vec::new();
        FrameWriter::default()
            .write(&mut written, after, before, &changed)
            .unwrap();
        String::from_utf8(written).unwrap()
    }

    /// A row of text that grows shorter ends in blanks erased at once (`ECH`), not written one
    /// by one; the next change is moved to.
    #[test]
    fn blanks_that_end_a_shorter_row_are_erased() {
        let mut before = Buffer::empty(Rect::new(0, 0, 32, 2));
        let mut after = before.clone();
        before.set_string(0, 0, "China denies the claims outright", Style::new());
        after.set_string(0, 0, "Beijing denies", Style::new());
        after.set_string(0, 1, "it", Style::new());
        let written = written(&before, &after);
        assert_eq!(
            written,
            "\x1b[1;1HBeijing denies\x1b[18X\x1b[2;1Hit\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
        let mut terminal = vt100::Parser::new(2.try_into().unwrap(), 32.try_into().unwrap(), 0);
        terminal.process(b"China denies the claims outright");
        terminal.process(written.as_bytes());
        assert_eq!(terminal.screen().contents(), "Beijing denies\nit");
    }

    /// An erase reaches over a few blanks not changed, never over a wider stretch, which may be
    /// a pane kept as the screen shows it (blank in the frame, not on the screen).
    #[test]
    fn an_erase_does_not_reach_over_a_wide_stretch_not_changed() {
        let mut before = Buffer::empty(Rect::new(0, 0, 40, 1));
        before.set_string(0, 0, "xxxxxxxxxx", Style::new());
        before.set_string(14, 0, "zz", Style::new());
        before.set_string(30, 0, "yyyyyyyyyy", Style::new());
        let after = Buffer::empty(Rect::new(0, 0, 40, 1));
        assert_eq!(
            written(&before, &after),
            "\x1b[1;1H\x1b[16X\x1b[1;31H\x1b[10X\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
    }

    /// A run of blanks that ends on the first column of a wide character on screen is erased
    /// with its second column; where that column is not blank in the frame, the blanks are
    /// written, which clears the whole character. Erasing the first column alone left the
    /// second in tmux as a cell of no width, and the row's rest a column to the left.
    #[test]
    fn an_erase_never_ends_inside_a_wide_character_on_screen() {
        let mut before = Buffer::empty(Rect::new(0, 0, 16, 1));
        before.set_string(0, 0, "xxxxxxxxxx宽", Style::new());
        let after = Buffer::empty(Rect::new(0, 0, 16, 1));
        assert_eq!(
            written(&before, &after),
            "\x1b[1;1H\x1b[12X\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
        let mut after = Buffer::empty(Rect::new(0, 0, 16, 1));
        after.set_string(11, 0, "z", Style::new());
        assert_eq!(
            written(&before, &after),
            "\x1b[1;1H           z\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
    }

    #[test]
    fn the_spaces_between_words_are_written_not_jumped() {
        let mut before = Buffer::empty(Rect::new(0, 0, 32, 1));
        let mut after = before.clone();
        before.set_string(0, 0, "Beijing", Style::new());
        // A gap of one column is written, one of seven jumped.
        after.set_string(0, 0, "Beijing denies the       claims", Style::new());
        assert_eq!(
            written(&before, &after),
            "\x1b[1;9Hdenies the\x1b[1;26Hclaims\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
    }
}
