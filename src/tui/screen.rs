//! The terminal's screen as gloss last drew it, and the frame drawn next: what ratatui's
//! `Terminal` does for a full-screen view (ratatui-core 0.1, `terminal/render.rs` and
//! `resize.rs`), with less work between a key and its frame on the terminal. Ratatui asks the
//! terminal its size before every frame (opening `/dev/tty` each time), diffs the two buffers
//! cell by cell through their widths and `memcmp` (see `cell_diff`), prints each command through
//! `fmt` and moves the cursor over every unchanged space between words (see `frame_writer`),
//! and clears the next frame's buffer before writing this one.

use std::io::{self, Write};

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;

use crate::tui::cell_diff::{changed_cells, uncovered};
use crate::tui::frame_writer::FrameWriter;

/// Hides the cursor, as ratatui does after every frame without one (crossterm's `Hide`).
/// gloss never shows it; the benchmark takes these bytes as a frame's end.
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

/// Shows the cursor again (crossterm's `Show`), as ratatui's `Terminal` does when dropped.
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// Clears the whole screen (crossterm's `Clear(ClearType::All)`), as ratatui does when the
/// terminal's size changes.
const CLEAR_ALL: &[u8] = b"\x1b[2J";

/// A terminal's screen, drawn through `out`.
pub struct Screen<W: Write> {
    out: W,
    /// What the terminal shows.
    shown: Buffer,
    /// The next frame, blank until it is drawn.
    next: Buffer,
    /// The terminal's size, as it was last told (`resize`).
    size: Size,
    writer: FrameWriter,
    /// The indices of the cells a frame changes, kept to reuse their room.
    changed: Vec<usize>,
    /// Whether a frame hid the cursor: a screen never drawn on leaves the terminal as it was.
    cursor_hidden: bool,
    /// A frame drawn ahead ([`Screen::draw_ahead`]), not shown yet: its bytes and the
    /// rectangles it keeps. `next` holds it until it is shown or dropped.
    ahead: Option<(Vec<u8>, Vec<Rect>)>,
    /// The room of the bytes of frames drawn ahead, kept to reuse.
    ahead_room: Vec<u8>,
}

impl<W: Write> Screen<W> {
    /// A screen of `size` that shows nothing yet (a terminal's alternate screen, as entered).
    /// Writes nothing.
    pub fn new(out: W, size: Size) -> Screen<W> {
        let area = Rect::from((ratatui::layout::Position::ORIGIN, size));
        Screen {
            out,
            shown: Buffer::empty(area),
            next: Buffer::empty(area),
            size,
            writer: FrameWriter::default(),
            changed: Vec::new(),
            cursor_hidden: false,
            ahead: None,
            ahead_room: Vec::new(),
        }
    }

    /// Where bytes go to the terminal; they are written with the next frame.
    pub fn out(&mut self) -> &mut W {
        &mut self.out
    }

    pub fn size(&self) -> Size {
        self.size
    }

    /// Tells the screen the terminal is now `size`, or was resized back to the size it had:
    /// the next frame is drawn whole, on a cleared screen (a terminal made smaller, even for a
    /// moment, may have cut or moved what it showed).
    pub fn resize(&mut self, size: Size) {
        self.drop_ahead();
        self.size = size;
        self.shown = Buffer::empty(Rect::ZERO);
    }

    /// Draws `frame` over the whole screen: writes the cells that differ from what is shown,
    /// then hides the cursor, in one write.
    pub fn draw(&mut self, frame: impl Widget) -> io::Result<()> {
        self.draw_keeping(frame, &[])
    }

    /// Whether the screen shows a whole frame of its size, which a frame may keep parts of
    /// ([`Screen::draw_keeping`]): not before the first frame, nor after a resize.
    pub fn shows_whole(&self) -> bool {
        self.shown.area == Rect::from((ratatui::layout::Position::ORIGIN, self.size))
    }

    /// [`Screen::draw`] for a frame that leaves the rectangles `kept` as the screen shows them:
    /// it does not draw there, and their cells are neither compared nor written. Each must be
    /// inside the screen and have a one-column character, such as a border, on its left, so
    /// that no wide character reaches into it; `kept` must be empty unless
    /// [`Screen::shows_whole`].
    pub fn draw_keeping(&mut self, frame: impl Widget, kept: &[Rect]) -> io::Result<()> {
        self.drop_ahead();
        let area = Rect::from((ratatui::layout::Position::ORIGIN, self.size));
        if area != self.shown.area {
            debug_assert!(kept.is_empty(), "a frame keeps parts of no frame shown");
            self.out.write_all(CLEAR_ALL)?;
            self.shown.resize(area);
            self.shown.reset();
            self.next.resize(area);
        }
        self.render(frame, kept);
        // A frame that changes nothing writes nothing: after a frame drawn ahead was shown,
        // the frame drawn for the key is most often the same (`ahead`).
        let writes = !self.changed.is_empty() || !self.cursor_hidden;
        if writes {
            self.writer
                .write(&mut self.out, &self.next, &self.shown, &self.changed)?;
            self.out.write_all(HIDE_CURSOR)?;
            self.cursor_hidden = true;
        }
        self.out.flush()?;
        if writes {
            hand_over();
        }
        self.shown_now(kept);
        Ok(())
    }

    /// Draws `frame` as [`Screen::draw_keeping`] does, but writes nothing yet: its bytes wait
    /// for [`Screen::show_ahead`], and any other frame drops it. For a key not pressed yet
    /// (see `ahead`). Nothing is drawn ahead of a screen that shows no whole frame: `false`
    /// then.
    pub fn draw_ahead(&mut self, frame: impl Widget, kept: &[Rect]) -> io::Result<bool> {
        self.drop_ahead();
        if !self.shows_whole() || !self.cursor_hidden {
            return Ok(false);
        }
        self.render(frame, kept);
        let mut bytes = std::mem::take(&mut self.ahead_room);
        bytes.clear();
        if !self.changed.is_empty() {
            self.writer
                .write(&mut bytes, &self.next, &self.shown, &self.changed)?;
            bytes.extend_from_slice(HIDE_CURSOR);
        }
        self.ahead = Some((bytes, kept.to_vec()));
        Ok(true)
    }

    /// Writes the frame drawn ahead, and it is what the screen shows; `false`, writing nothing,
    /// when there is none.
    pub fn show_ahead(&mut self) -> io::Result<bool> {
        let Some((bytes, kept)) = self.ahead.take() else {
            return Ok(false);
        };
        let written = self.out.write_all(&bytes).and_then(|()| self.out.flush());
        if !bytes.is_empty() {
            hand_over();
        }
        self.shown_now(&kept);
        self.ahead_room = bytes;
        written.map(|()| true)
    }

    /// Drops the frame drawn ahead, if any: the next frame starts blank.
    fn drop_ahead(&mut self) {
        if let Some((bytes, kept)) = self.ahead.take() {
            let len = self.next.content.len();
            let next = &mut self.next.content;
            uncovered(self.next.area, &kept, |run| {
                next[run.start.min(len)..run.end.min(len)]
                    .iter_mut()
                    .for_each(Cell::reset);
            });
            self.ahead_room = bytes;
        }
    }

    /// Draws `frame` into `next`, but for `kept`, and finds the cells that differ from what is
    /// shown.
    fn render(&mut self, frame: impl Widget, kept: &[Rect]) {
        let area = self.next.area;
        self.warm(kept);
        frame.render(area, &mut self.next);
        // What a frame leaves blank in `next` stays so, for the frames after it (see below).
        debug_assert!(
            kept.iter()
                .all(|rect| rect.positions().all(|at| self.next[at] == Cell::EMPTY)),
            "a frame drew in a rectangle it keeps"
        );
        changed_cells(&self.shown, &self.next, kept, &mut self.changed);
    }

    /// After the frame in `next` is out, not between the key and it: the cells drawn become
    /// what is shown, and the next frame starts blank. Only the cells drawn are touched, still
    /// in the processor's caches: the kept ones are shown already and blank in `next`. Copying
    /// the kept ones into the frame and blanking the whole of the next one instead, cells the
    /// rest between keys had taken out of the caches, was a tenth of a `j`'s CPU (issue 10).
    fn shown_now(&mut self, kept: &[Rect]) {
        let len = self.next.content.len();
        let (shown, next) = (&mut self.shown.content, &mut self.next.content);
        uncovered(self.shown.area, kept, |run| {
            let run = run.start.min(len)..run.end.min(len);
            shown[run.clone()].swap_with_slice(&mut next[run.clone()]);
            next[run].iter_mut().for_each(Cell::reset);
        });
    }

    /// Reads every cell of both buffers outside `kept`, one independent load a cell, before a
    /// frame is drawn and compared. After a rest between keys the buffers have left the
    /// processor's caches: drawing and the diff then wait on each line in turn, where this
    /// loop has many fetched at once. On a 140×45 screen after 50 ms rests it took drawing and
    /// the diff from 116 to 70 µs for 25 µs of its own (`j`, 10,000 annotations, issue 10).
    fn warm(&self, kept: &[Rect]) {
        let mut sum = 0u16;
        let len = self.shown.content.len().min(self.next.content.len());
        uncovered(self.next.area, kept, |run| {
            let run = run.start.min(len)..run.end.min(len);
            for (a, b) in self.shown.content[run.clone()]
                .iter()
                .zip(&self.next.content[run])
            {
                sum ^= a.modifier.bits() ^ b.modifier.bits();
            }
        });
        std::hint::black_box(sum);
    }

    /// What the screen shows: the last frame drawn, with what it kept.
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }
}

/// Gives the core up once, right after a frame is written: a pseudo-terminal hands the bytes to
/// its reader by work the write queues for a kernel thread, which may wait on this core for
/// what gloss does after the frame (blanking the buffer, wrapping lines, the next frame drawn
/// ahead: a few hundred µs). One `j` in four or five was answered in 350 to 450 µs rather than
/// about 200; with the core given up, none was (issue 10).
fn hand_over() {
    std::thread::yield_now();
}

/// The cursor, hidden by every frame, is shown again, whether gloss ends or unwinds from a
/// panic.
impl<W: Write> Drop for Screen<W> {
    fn drop(&mut self) {
        if self.cursor_hidden {
            let _ = self
                .out
                .write_all(SHOW_CURSOR)
                .and_then(|()| self.out.flush());
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};
    use ratatui::text::Line;

    use super::*;

    /// A frame: a line of text or none on each row, somewhere along it, some wide, some
    /// combining, some in colour. (Lines overlapping on a row could cut a wide character in
    /// two, which ratatui's buffer keeps whole and a terminal does not.)
    #[derive(Debug, Clone)]
    struct Frame(Vec<Option<(u16, String, Style)>>);

    impl Widget for &Frame {
        fn render(self, area: Rect, buf: &mut Buffer) {
            for (y, line) in (0..area.height).zip(&self.0) {
                if let Some((x, text, style)) = line.as_ref().filter(|(x, ..)| *x < area.width) {
                    buf.set_line(*x, y, &Line::styled(text.as_str(), *style), area.width - x);
                }
            }
        }
    }

    fn frame() -> impl Strategy<Value = Frame> {
        let text = prop::sample::select(vec![
            "Beijing denies",
            "宽宽",
            "a",
            "e\u{301}té",
            "─────",
            "  ",
        ]);
        let style = prop::sample::select(vec![
            Style::new(),
            Style::new().fg(Color::Red).bg(Color::Indexed(236)),
            Style::new().reversed(),
        ]);
        let line = prop::option::of((0u16..30, text, style));
        prop::collection::vec(line, 6).prop_map(|lines| {
            Frame(
                lines
                    .into_iter()
                    .map(|line| line.map(|(x, t, s)| (x, t.to_string(), s)))
                    .collect(),
            )
        })
    }

    /// A step: draw a frame, or the terminal takes a new size first.
    fn steps() -> impl Strategy<Value = Vec<(Option<(u16, u16)>, Frame)>> {
        prop::collection::vec(
            (prop::option::weighted(0.15, (10u16..30, 2u16..6)), frame()),
            1..8,
        )
    }

    proptest! {
        /// Whatever frames came before and whatever sizes the terminal took, a terminal fed
        /// what the screen wrote shows the last frame: each cell's text as ratatui drew it,
        /// and the colours of each that is not blank. (A terminal blanks a wide character's
        /// second column in the colours of what overwrote its first; ratatui, whose diff this
        /// is, keeps them as they were.)
        #[test]
        fn a_terminal_shows_the_last_frame(steps in steps()) {
            let mut size = Size::new(20, 4);
            let mut screen = Screen::new(Vec::new(), size);
            let mut terminal = vt100::Parser::new(
                size.height.try_into().unwrap(),
                size.width.try_into().unwrap(),
                0,
            );
            let mut last = Buffer::empty(Rect::ZERO);
            for (resize, frame) in steps {
                if let Some((width, height)) = resize {
                    size = Size::new(width, height);
                    screen.resize(size);
                    terminal
                        .screen_mut()
                        .set_size(height.try_into().unwrap(), width.try_into().unwrap());
                }
                screen.draw(&frame).unwrap();
                terminal.process(screen.out());
                screen.out().clear();
                last = Buffer::empty(Rect::from((ratatui::layout::Position::ORIGIN, size)));
                (&frame).render(last.area, &mut last);
            }
            for y in 0..size.height {
                for x in 0..size.width {
                    let cell = &last[(x, y)];
                    let shown = terminal.screen().cell(y, x).unwrap();
                    // A wide character's second column is its own in vt100, blank in ratatui.
                    if shown.is_wide_continuation() {
                        continue;
                    }
                    // vt100 keeps a cell never written as empty; ratatui as a space.
                    let text = Some(shown.contents()).filter(|t| !t.is_empty()).unwrap_or(" ");
                    prop_assert_eq!(text, cell.symbol(), "at {},{}", x, y);
                    if text != " " {
                        prop_assert_eq!(shown.fgcolor(), colour(cell.fg), "at {},{}", x, y);
                        prop_assert_eq!(shown.bgcolor(), colour(cell.bg), "at {},{}", x, y);
                        prop_assert_eq!(shown.inverse(), cell.modifier.contains(ratatui::style::Modifier::REVERSED));
                    }
                }
            }
        }
    }

    fn colour(colour: Color) -> vt100::Color {
        match colour {
            Color::Reset => vt100::Color::Default,
            Color::Red => vt100::Color::Idx(1),
            Color::Indexed(i) => vt100::Color::Idx(i),
            other => panic!("no such colour in these frames: {other:?}"),
        }
    }

    #[test]
    fn a_frame_ends_by_hiding_the_cursor_and_a_second_alike_writes_nothing() {
        let frame = Frame(vec![Some((0, "Beijing denies".into(), Style::new()))]);
        let mut screen = Screen::new(Vec::new(), Size::new(20, 2));
        screen.draw(&frame).unwrap();
        assert!(screen.out().ends_with(HIDE_CURSOR));
        screen.out().clear();
        screen.draw(&frame).unwrap();
        assert_eq!(String::from_utf8_lossy(screen.out()), "");
    }

    proptest! {
        /// A frame drawn ahead writes nothing; shown, it writes what drawing it would have, and
        /// the screen shows it; dropped, or left for another frame, it changes nothing that
        /// comes after.
        #[test]
        fn a_frame_drawn_ahead_is_written_as_drawn_or_leaves_no_trace(
            first in frame(),
            ahead in frame(),
            then in frame(),
            show in any::<bool>(),
            drop in any::<bool>(),
        ) {
            let size = Size::new(20, 4);
            let mut screen = Screen::new(Vec::new(), size);
            let mut direct = Screen::new(Vec::new(), size);
            screen.draw(&first).unwrap();
            direct.draw(&first).unwrap();
            screen.out().clear();
            prop_assert!(screen.draw_ahead(&ahead, &[]).unwrap());
            prop_assert!(screen.out().is_empty(), "written before it is shown");
            if show {
                prop_assert!(screen.show_ahead().unwrap());
                direct.out().clear();
                direct.draw(&ahead).unwrap();
                prop_assert_eq!(screen.out(), direct.out());
                prop_assert_eq!(screen.shown(), direct.shown());
            } else if drop {
                screen.drop_ahead();
            }
            screen.out().clear();
            direct.out().clear();
            screen.draw(&then).unwrap();
            direct.draw(&then).unwrap();
            prop_assert_eq!(screen.out(), direct.out());
            prop_assert_eq!(screen.shown(), direct.shown());
        }
    }

    #[test]
    fn the_cursor_is_shown_again_when_the_screen_is_dropped() {
        let mut written = Vec::new();
        let mut screen = Screen::new(&mut written, Size::new(20, 2));
        screen.draw(&Frame(vec![])).unwrap();
        drop(screen);
        assert!(written.ends_with(b"\x1b[?25l\x1b[?25h"));
    }

    /// As when gloss stops at start-up, before the reader: the screen made meanwhile is
    /// dropped, and nothing may reach a standard output that is no terminal.
    #[test]
    fn a_screen_never_drawn_on_writes_nothing() {
        let mut written = Vec::new();
        drop(Screen::new(&mut written, Size::new(20, 2)));
        assert!(written.is_empty());
    }
}
