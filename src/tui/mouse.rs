//! The mouse: a click opens a document, puts the cursor on a sentence, shows an annotation or
//! applies a tag of the legend; a drag selects text, word by word; the wheel scrolls the pane
//! under the pointer. What is under the pointer is asked of each view, which knows its layout
//! (see `view::documents::entry_at`, `view::reader::offset_at`, `view::sidebar::hit_at`).
//! Everything here can also be done with keys.

use crate::core::documents::words;
use crate::tui::state::{App, Focus, Pick, Selection};
use crate::tui::view::sidebar::Hit;
use crate::tui::view::{documents, reader, sidebar};

/// A mouse event of gloss's own, so that nothing but `terminal` depends on the terminal
/// library. Only the left button selects; the others are not passed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Press,
    Drag,
    Release,
    ScrollUp,
    ScrollDown,
}

/// Rows the wheel scrolls the reading pane by, per notch.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Takes a click, a drag or the wheel, then scrolls the sidebar's list to what it follows.
    pub fn handle_mouse(&mut self, m: Mouse) {
        self.take_mouse(m);
        self.follow_in_sidebar();
    }

    fn take_mouse(&mut self, m: Mouse) {
        // After a search's jump that waits, not before: the jump would undo it.
        if self.hold_mouse_while_opening(m)
            || self.hold_mouse_while_reloading(m)
            || self.hold_mouse(m)
        {
            return;
        }
        // A dialog or an input has the keyboard; the mouse does not reach behind it.
        if !self.mode.is_normal() {
            return;
        }
        let Some(panes) = self.panes() else { return };
        let (x, y) = (m.column, m.row);
        let inside = |r: ratatui::layout::Rect| r.contains((x, y).into());
        let sidebar = panes.sidebar.filter(|r| inside(*r));
        match m.kind {
            MouseKind::Press => {
                self.reader.drag_from = None;
                if inside(panes.list) {
                    if let Some(entry) = documents::entry_at(self, panes.list, x, y) {
                        self.list.selected = entry;
                        self.open_entry(entry);
                    }
                } else if inside(panes.reader) {
                    self.click_text(x, y);
                } else if let Some(area) = sidebar {
                    match sidebar::hit_at(self, area, x, y) {
                        Some(Hit::Tag(i)) => self.toggle_tag(i),
                        Some(Hit::Annotation(i)) => {
                            self.sidebar.selected = i;
                            self.focus = Focus::Sidebar;
                            self.jump_from_sidebar();
                        }
                        None => {}
                    }
                }
            }
            MouseKind::Drag => self.drag_to(x, y),
            MouseKind::Release => self.reader.drag_from = None,
            MouseKind::ScrollUp | MouseKind::ScrollDown => {
                let step = if m.kind == MouseKind::ScrollUp { -1 } else { 1 };
                if inside(panes.list) {
                    self.move_list(step);
                } else if inside(panes.reader) {
                    self.scroll_rows(step * WHEEL_ROWS);
                } else if sidebar.is_some() {
                    self.move_sidebar(step);
                    // Unfocused, the list shows no selection and follows the reading: the
                    // wheel scrolls it.
                    if self.focus != Focus::Sidebar {
                        self.scroll_sidebar(step);
                    }
                }
            }
        }
    }

    /// Puts the cursor on the sentence under the pointer, drops the selection, and remembers
    /// where a drag would start.
    fn click_text(&mut self, x: u16, y: u16) {
        let Some(at) = reader::offset_at(self, x, y) else {
            return;
        };
        self.focus = Focus::Reader;
        let Some(open) = &mut self.open else { return };
        self.reader.pick = Pick::Sentence;
        if let Some(s) = open.doc.sentence_at(at) {
            self.reader.cursor = Some(s);
        }
        self.reader.drag_from = Some(at);
    }

    /// Selects from where the drag started to the pointer, both ends out to whole words; the
    /// cursor follows the pointer's sentence, so that the keys refine the selection from there.
    fn drag_to(&mut self, x: u16, y: u16) {
        let Some(from) = self.reader.drag_from else {
            return;
        };
        let Some(to) = reader::offset_at(self, x, y) else {
            return;
        };
        let Some(open) = &mut self.open else { return };
        let text = &open.doc.text;
        let (a, b) = (from.min(to), from.max(to));
        let b = b + text[b..].chars().next().map_or(0, char::len_utf8);
        let start = words::boundary_at_or_before(text, a);
        let end = words::boundary_at_or_after(text, b);
        // Out to words, but not to the spaces around them.
        let span = &text[start..end];
        let start = start + (span.len() - span.trim_start().len());
        let end = end - (span.len() - span.trim_end().len());
        if start >= end {
            return;
        }
        // The end the drag started at stays, the one under the pointer moves.
        let sel = if to >= from {
            Selection {
                fixed: start,
                moving: end,
            }
        } else {
            Selection {
                fixed: end,
                moving: start,
            }
        };
        self.reader.cursor = sel.moving_sentence(&open.doc).or(self.reader.cursor.take());
        self.reader.pick = Pick::Select(sel);
    }
}
