//! A backend that hands the one it wraps runs of cells instead of cells: crossterm's backend
//! prints each cell through `fmt` (a fifth of a key's frame was that backend), and a frame's
//! cells come mostly in long runs of one style on a row.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// `B`, drawing each run of cells that are side by side on a row and styled alike as one cell
/// holding the run's symbols. What it writes is byte for byte what `B` writes for the cells
/// one by one, for a backend that moves the cursor only before a cell not right after the last
/// and changes style only where it changes (as crossterm's does).
pub struct RunsBackend<B> {
    inner: B,
    /// The runs of the frame being drawn, kept to reuse their room.
    runs: Vec<(u16, u16, Cell)>,
}

impl<B> RunsBackend<B> {
    pub fn new(inner: B) -> Self {
        RunsBackend {
            inner,
            runs: Vec::new(),
        }
    }
}

/// What is written straight to the backend (the alternate screen, mouse reporting) goes out
/// with the next frame, in its write.
impl<B: std::io::Write> std::io::Write for RunsBackend<B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<B: Backend> Backend for RunsBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.runs.clear();
        // The last cell's place on the screen, and the place the last run was given.
        let mut last: Option<(Position, Position)> = None;
        let mut symbols = String::new();
        for (x, y, cell) in content {
            let next_to_last = last.is_some_and(|(at, _)| at.y == y && at.x + 1 == x);
            if let Some((_, _, run)) = self.runs.last_mut()
                && next_to_last
                && run.style() == cell.style()
            {
                symbols.push_str(cell.symbol());
                last = last.map(|(_, given)| (Position { x, y }, given));
                continue;
            }
            if let Some((_, _, run)) = self.runs.last_mut() {
                run.set_symbol(&symbols);
            }
            // A run right after the last is given the place right after the last one's, so
            // that the cursor is not moved there.
            let given = match last {
                Some((_, given)) if next_to_last => Position {
                    x: given.x + 1,
                    y: given.y,
                },
                _ => Position { x, y },
            };
            self.runs.push((given.x, given.y, cell.clone()));
            symbols.clear();
            symbols.push_str(cell.symbol());
            last = Some((Position { x, y }, given));
        }
        if let Some((_, _, run)) = self.runs.last_mut() {
            run.set_symbol(&symbols);
        }
        self.inner
            .draw(self.runs.iter().map(|(x, y, cell)| (*x, *y, cell)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::io::Write;
    use std::rc::Rc;

    use proptest::prelude::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;

    /// A cell of one of a few symbols (wide, multi-byte, empty) and styles.
    fn cell() -> impl Strategy<Value = Cell> {
        let symbols = prop::sample::select(vec!["a", "b", " ", "“", "─", "宽", "e\u{301}", ""]);
        let styles = prop::sample::select(vec![
            Style::new(),
            Style::new().fg(Color::Red),
            Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            Style::new().underline_color(Color::Green),
        ]);
        (symbols, styles).prop_map(|(symbol, style)| {
            let mut cell = Cell::default();
            cell.set_symbol(symbol).set_style(style);
            cell
        })
    }

    /// Cells at places that mostly follow one another on a row, sometimes on the next row or
    /// further along, as a frame's changes come.
    fn cells() -> impl Strategy<Value = Vec<(u16, u16, Cell)>> {
        prop::collection::vec((0u16..4, cell()), 0..60).prop_map(|steps| {
            let (mut x, mut y) = (0, 0);
            steps
                .into_iter()
                .map(|(step, cell)| {
                    match step {
                        0 => (x, y) = (x + 3, y),
                        1 if x > 20 => (x, y) = (0, y + 1),
                        _ => x += 1,
                    }
                    (x, y, cell)
                })
                .collect()
        })
    }

    /// Bytes written, kept where the test can read them after the backend took the writer.
    #[derive(Clone, Default)]
    struct Written(Rc<RefCell<Vec<u8>>>);

    impl Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().write(bytes)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    proptest! {
        /// Byte for byte what crossterm's backend writes for the cells one by one.
        #[test]
        fn writes_what_the_backend_writes_cell_by_cell(cells in cells()) {
            let (by_cells, by_runs) = (Written::default(), Written::default());
            CrosstermBackend::new(by_cells.clone())
                .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
                .unwrap();
            RunsBackend::new(CrosstermBackend::new(by_runs.clone()))
                .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
                .unwrap();
            let text = |w: &Written| String::from_utf8_lossy(&w.0.borrow()).into_owned();
            prop_assert_eq!(text(&by_runs), text(&by_cells));
        }
    }
}
