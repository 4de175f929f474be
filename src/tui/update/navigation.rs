//! Moving through the open document and the sidebar: the cursor sentence, scrolling with the
//! view following the cursor, and jumps to annotations.

use std::ops::Range;

use crate::tui::state::{App, Pick};

/// Rows kept between the cursor sentence and the edge of the pane when the view follows it.
const MARGIN: usize = 2;

impl App {
    /// Scrolls so that the cursor sentence is near the top of the reading pane, where reading
    /// goes on from.
    pub(crate) fn show_from_top(&mut self) {
        let Some(panes) = self.panes() else { return };
        let (width, _) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let Some(span) = self.reader.cursor_span() else {
            return;
        };
        let layout = open.layout(width);
        let row = layout.row_of(span.start);
        self.reader.top = layout.advance(row, -(MARGIN as isize));
        self.follow_cursor();
    }

    pub(crate) fn step_sentence(&mut self, delta: isize) {
        let Some(open) = &self.open else { return };
        let Some(cursor) = &self.reader.cursor else {
            return;
        };
        self.move_cursor(open.doc.sentence_from(cursor, delta));
    }

    /// The first or last sentence: found without the whole document's sentences, so that `G`
    /// goes to the end at once while they are still being found.
    pub(crate) fn cursor_to_end(&mut self, bottom: bool) {
        let Some(open) = &self.open else { return };
        let to = if bottom {
            open.doc.last_sentence()
        } else {
            open.doc.first_sentence()
        };
        if let Some(to) = to {
            self.move_cursor(to);
        }
    }

    /// Moves the cursor to the sentence `to` (bytes), the moving end of the selection with it; a
    /// current annotation is left behind.
    pub(crate) fn move_cursor(&mut self, to: Range<usize>) {
        let Some(open) = &mut self.open else { return };
        self.reader.cursor = Some(to.clone());
        match &mut self.reader.pick {
            Pick::Select(sel) => sel.to_sentence(&open.doc, to),
            Pick::Annotation { .. } => self.reader.pick = Pick::Sentence,
            Pick::Sentence => {}
        }
        self.follow_cursor();
    }

    /// Scrolls the reading pane so that the cursor sentence is in view, with a margin of rows
    /// around it.
    pub(crate) fn follow_cursor(&mut self) {
        self.keep_cursor_within(MARGIN);
    }

    /// Scrolls the reading pane as little as keeps the cursor sentence in view, `margin` rows
    /// from its edges where the pane has room.
    pub(crate) fn keep_cursor_within(&mut self, margin: usize) {
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let Some(span) = self.reader.cursor_span() else {
            return;
        };
        let layout = open.layout(width);
        let margin = margin.min(height.saturating_sub(1) / 2);
        let first = layout.row_of(span.start);
        let last = layout.row_of(span.end.saturating_sub(1).max(span.start));
        let earliest = layout.advance(first, -(margin as isize));
        if earliest < self.reader.top {
            self.reader.top = earliest;
            return;
        }
        let latest = layout.advance(last, margin as isize);
        // Counted as far as twice the pane, so that a top a few rows short of `latest`'s is
        // moved on by those rows, a short walk forward (the cursor stepping on at the bottom,
        // every `j`), rather than found a pane's height back from `latest`.
        let below = layout.distance(self.reader.top, latest, 2 * height);
        if below >= height {
            // Show the end of the sentence, but never at the cost of its first row.
            let top = if below < 2 * height {
                layout.advance(self.reader.top, (below + 1 - height) as isize)
            } else {
                layout.advance(latest, -(height as isize - 1))
            };
            self.reader.top = top.min(earliest);
        }
    }

    /// Wraps the lines around the reading pane not wrapped yet ([`Layout::wrap_around`]),
    /// meant for between keys. Wrapping them between a key that scrolled and its frame was
    /// 19 of a `j`'s 43 µs of handling, with the caches cold (issue 10). Once they are wrapped,
    /// it costs a look at each line.
    ///
    /// [`Layout::wrap_around`]: crate::tui::viewport::Layout::wrap_around
    pub(crate) fn wrap_ahead(&self) {
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &self.open else { return };
        open.layout(width).wrap_around(self.reader.top, height);
    }

    /// Scrolls by `dir` pages (`parts` = 2 for half pages).
    pub(crate) fn scroll_pages(&mut self, dir: isize, parts: usize) {
        let Some(panes) = self.panes() else { return };
        let (_, height) = panes.text_size();
        self.scroll_rows(dir * (height / parts).max(1) as isize);
    }

    /// Scrolls by `rows` (up when negative) and keeps the cursor in view.
    pub(crate) fn scroll_rows(&mut self, rows: isize) {
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let layout = open.layout(width);
        let dir = rows.signum();
        let max = layout.max_top(height);
        self.reader.top = layout.advance(self.reader.top, rows).min(max);
        let Some(span) = self.reader.cursor.clone() else {
            return;
        };
        let shown = layout.visible(self.reader.top, height);
        let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
            return;
        };
        // Shown: the bytes `from..to`. A sentence starting at `to` is on the next row (text without
        // spaces, such as Chinese, wraps with no gap between rows).
        let (from, to) = (first.0.start, last.0.end);
        if span.end <= from || span.start >= to {
            // The first sentence that starts in view (the last that ends in view, going up),
            // so that a tag key never reaches text off the pane; the one cut by the pane's edge
            // only when no other is in view, a sentence longer than the pane.
            let doc = layout.doc;
            let target = if dir > 0 {
                doc.sentence_at(from).map(|s| match doc.next_sentence(&s) {
                    Some(next) if s.start < from && next.start < to => next,
                    _ => s,
                })
            } else {
                doc.sentence_at(to).map(|s| {
                    let s = match s.start >= to {
                        true => doc.previous_sentence(&s).unwrap_or(s),
                        false => s,
                    };
                    match doc.previous_sentence(&s) {
                        Some(before) if s.end > to && before.start >= from => before,
                        _ => s,
                    }
                })
            };
            if let Some(t) = target {
                let top = self.reader.top;
                self.move_cursor(t);
                if self.open.is_some() {
                    self.reader.top = top;
                }
            }
        }
    }

    pub(crate) fn jump_annotation(&mut self, forward: bool) {
        let Some(open) = &self.open else { return };
        // From the selection when there is one, so that repeated jumps walk annotations that
        // start inside the same sentence.
        let Some(here) = self.reader.target_span() else {
            return;
        };
        // See `Listing::jump`: two that start at the same byte (two coders on one sentence) are
        // both reached, and with none current the cursor sentence's own are reached too.
        let annotations = &self.corpus.entries[open.entry].annotations;
        let current = match &self.reader.pick {
            Pick::Annotation { id, span } => open.index_of(annotations, id, span),
            _ => None,
        };
        match open.listing.jump(&open.spans, here.start, current, forward) {
            Some(i) => self.show_annotation(i),
            None => self.set_status(
                if forward {
                    "no annotation after this one"
                } else {
                    "no annotation before this one"
                },
                false,
            ),
        }
    }

    /// Puts the cursor on the annotation's first sentence and makes it the current one, so that
    /// tag keys, `n` and `d` act on it until a motion leaves it.
    pub(crate) fn show_annotation(&mut self, i: usize) {
        let Some(open) = &mut self.open else { return };
        let span = open.spans[i].clone();
        let Some(first) = open.doc.sentence_at(span.start) else {
            return;
        };
        let id = self.corpus.entries[open.entry].annotations[i].id.clone();
        self.reader.pick = Pick::Annotation { id, span };
        self.reader.cursor = Some(first);
        self.sidebar.selected = i;
        self.follow_cursor();
    }
}
