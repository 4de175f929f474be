//! Which panes of the frame on screen the next frame keeps as they are, neither drawn again
//! nor compared: the document list and the sidebar, after keys that did no more than move the
//! reading cursor by sentence or page (`j`, `Space`, `G`…). Those panes were half the work of
//! such a key on a 140×45 screen (issue 10: a key's frame within twice `less`'s time).
//!
//! A pane is kept only when nothing else happened since the frame shown (any other key, the
//! mouse, a resize, work finished in the background: the loop then calls
//! [`PaneReuse::forget`]), no dialog is drawn over the panes now or was then, its place is the
//! same, and, for the sidebar, the annotation under the cursor, which it marks, where its list
//! is scrolled, and the focus are the same.
//!
//! The reading pane keeps its text rows but those either cursor touches, when it shows the
//! same rows with the same marks but the cursor (`RowsShown`): a `j` that does not scroll then
//! draws and compares a few rows of the pane, not forty.
//!
//! Debug builds draw every kept pane again and check it is what is kept.

use std::io::{self, Write};
use std::ops::Range;

use ratatui::layout::Rect;

use crate::tui::screen::Screen;
use crate::tui::state::{App, Focus};
use crate::tui::view::reader::RowsShown;
use crate::tui::view::{Frame, Keep};

/// What the last frame drawn showed of what decides whether a pane can be kept.
#[derive(Debug, Default)]
pub struct PaneReuse {
    /// `None` when the last frame had a dialog over its panes, showed no panes, or when
    /// something other than a move of the cursor happened since.
    shown: Option<Shown>,
    /// What the frame drawn ahead shows, while the screen holds it ([`PaneReuse::draw_ahead`]).
    ahead: Option<Option<Shown>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    /// The document list's place, `None` when hidden.
    list: Option<Rect>,
    /// The sidebar's place, `None` when hidden.
    sidebar: Option<Rect>,
    /// The annotation under the cursor, by index, which the sidebar marks and whose links it
    /// lists.
    here: Option<usize>,
    /// The sidebar's list's first row shown.
    first: usize,
    focus: Focus,
    /// What the reading pane's rows show but for the cursor; `None` when it shows no document.
    rows: Option<RowsShown>,
    /// The reading cursor, whose rows alone change while `rows` are the same.
    cursor: Option<Range<usize>>,
}

impl Shown {
    /// What `app` shows on a screen of `area`; `None` when a dialog or the message that the
    /// terminal is too small covers the panes.
    fn of(app: &App, area: Rect) -> Option<Shown> {
        if app.mode.component().is_some() {
            return None;
        }
        let panes = app.panes_in(area)?;
        let here = app.annotation_here();
        Some(Shown {
            list: app.prefs.layout.list.then_some(panes.list),
            sidebar: panes.sidebar,
            here,
            first: app.sidebar.first,
            focus: app.focus,
            rows: RowsShown::of(app, panes),
            cursor: app.reader.cursor_span(),
        })
    }
}

impl PaneReuse {
    /// Something other than a move of the reading cursor happened: the next frame is drawn
    /// whole.
    pub fn forget(&mut self) {
        self.shown = None;
    }

    /// Draws `app` on `screen`, keeping the panes the last frame drew that cannot have changed;
    /// returns what it kept.
    pub fn draw<W: Write>(&mut self, screen: &mut Screen<W>, app: &App) -> io::Result<Keep> {
        self.ahead = None;
        let (now, keep, kept) = self.frame(screen, app);
        screen.draw_keeping(
            Frame {
                app,
                keep: keep.clone(),
            },
            &kept,
        )?;
        #[cfg(debug_assertions)]
        if !kept.is_empty() {
            let mut whole = ratatui::buffer::Buffer::empty(screen.shown().area);
            ratatui::widgets::Widget::render(app, whole.area, &mut whole);
            assert!(
                *screen.shown() == whole,
                "a pane kept from the frame before is not what the app draws now ({keep:?})"
            );
        }
        self.shown = now;
        Ok(keep)
    }

    /// [`PaneReuse::draw`], but the frame waits on `screen` to be shown
    /// ([`PaneReuse::show_ahead`]); any frame drawn drops it. Nothing is drawn ahead of a
    /// screen that shows no whole frame.
    pub fn draw_ahead<W: Write>(&mut self, screen: &mut Screen<W>, app: &App) -> io::Result<()> {
        let (now, keep, kept) = self.frame(screen, app);
        self.ahead = screen
            .draw_ahead(Frame { app, keep }, &kept)?
            .then_some(now);
        Ok(())
    }

    /// Shows the frame drawn ahead; `false` when there is none.
    pub fn show_ahead<W: Write>(&mut self, screen: &mut Screen<W>) -> io::Result<bool> {
        let Some(now) = self.ahead.take() else {
            return Ok(false);
        };
        // A resize drops it from the screen.
        let shown = screen.show_ahead()?;
        if shown {
            self.shown = now;
        }
        Ok(shown)
    }

    /// What the next frame of `app` on `screen` shows of what decides what it keeps; what it
    /// keeps; the rectangles kept.
    fn frame<W: Write>(&self, screen: &Screen<W>, app: &App) -> (Option<Shown>, Keep, Vec<Rect>) {
        let area = Rect::from((ratatui::layout::Position::ORIGIN, screen.size()));
        let now = Shown::of(app, area);
        let keep = match (&self.shown, &now) {
            (Some(before), Some(now)) if screen.shows_whole() => Keep {
                list: now.list.is_some() && before.list == now.list,
                sidebar: now.sidebar.is_some()
                    && before.sidebar == now.sidebar
                    && before.here == now.here
                    && before.first == now.first
                    && before.focus == now.focus,
                reader_rows: now
                    .rows
                    .as_ref()
                    .filter(|rows| before.rows.as_ref() == Some(rows))
                    .map(|rows| {
                        let cursors = [&before.cursor, &now.cursor];
                        let cursors: Vec<&Range<usize>> = cursors.into_iter().flatten().collect();
                        rows.drawn(app, &cursors)
                    }),
            },
            _ => Keep::default(),
        };
        let mut kept: Vec<Rect> = Vec::with_capacity(4);
        if let Some(now) = &now {
            kept.extend(
                [(keep.list, now.list), (keep.sidebar, now.sidebar)]
                    .into_iter()
                    .filter_map(|(kept, rect)| rect.filter(|_| kept)),
            );
            if let (Some(drawn), Some(rows)) = (&keep.reader_rows, &now.rows) {
                kept.extend(rows.undrawn(drawn).into_iter().filter(|r| !r.is_empty()));
            }
        }
        (now, keep, kept)
    }
}
