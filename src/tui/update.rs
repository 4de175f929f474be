//! Applying keys and actions to the reader's state. Nothing here draws or touches the terminal.

use std::collections::HashMap;
use std::sync::Arc;

use crate::core::annotation::{Annotation, Placement};
use crate::core::document::Document;
use crate::core::history::{Change, Edit};
use crate::core::intervals::Intervals;
use crate::core::merge;
use crate::core::selection::{End, Toward};
use crate::core::store::AnnotationFile;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::keys::{Key, KeyCode};
use crate::tui::prompt::PromptKind;
use crate::tui::state::{App, Focus, Mode, NoteEdit, OpenDoc, Pick, Selection};
use crate::tui::text_input::{InputEvent, TextInput};
use crate::tui::viewport::{self, RowPos};

/// Rows kept between the cursor sentence and the edge of the pane when the view follows it.
const MARGIN: usize = 2;
/// The largest count a motion takes; more digits are not taken in.
const MAX_COUNT: usize = 9999;

impl App {
    pub fn handle_key(&mut self, key: Key) {
        // A terminal too small for the panes shows only a message: nothing behind it, in any
        // mode, may change unseen, but the way out that the message names stays open.
        if self.panes().is_none() {
            if self.keymap.lookup_in(key, Scope::Global) == Some(Action::Quit) {
                self.apply(Action::Quit);
            }
            return;
        }
        match &mut self.mode {
            Mode::Note(edit) => match edit.input.handle(key) {
                InputEvent::Submit => self.commit_note(),
                InputEvent::Cancel => {
                    self.mode = Mode::Normal;
                    self.set_status("note left unchanged", false);
                }
                InputEvent::Edited | InputEvent::Ignored => {}
            },
            Mode::Help { .. } => {
                let max = crate::tui::view::help::max_scroll(self, self.size);
                let Mode::Help { scroll } = &mut self.mode else {
                    unreachable!()
                };
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down => *scroll = (*scroll + 1).min(max),
                    KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                    KeyCode::Char(' ') | KeyCode::PageDown => *scroll = (*scroll + 10).min(max),
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                    _ => self.mode = Mode::Normal,
                }
            }
            Mode::Export(_) => self.export_key(key),
            Mode::Prompt(_) => self.prompt_key(key),
            Mode::Grep => self.grep_key(key),
            Mode::TagPicker(_) => self.tag_picker_key(key),
            Mode::TagView => self.tag_view_key(key),
            Mode::ListFilter(_) => self.filter_key(key),
            Mode::Tags(_) => self.tag_editor_key(key),
            Mode::Normal => {
                let scope = match self.focus {
                    Focus::List => Scope::List,
                    Focus::Reader => Scope::Reader,
                    Focus::Sidebar => Scope::Sidebar,
                };
                if scope == Scope::Reader && self.count_key(key) {
                    return;
                }
                let count = self.count.take();
                let searching = scope == Scope::Reader && self.active_search().is_some();
                let action = searching
                    .then(|| self.keymap.lookup_in(key, Scope::Search))
                    .flatten()
                    .or_else(|| self.keymap.lookup(key, scope, &self.corpus.tags));
                if let Some(action) = action {
                    self.apply_times(action, count.unwrap_or(1));
                }
            }
        }
    }

    /// Takes a digit into the count of the next motion, as vim does (`5l`, `40j`): a digit
    /// that is neither a tag's key nor bound by the key map starts a count, and once one is
    /// started every digit goes on with it. `true` when the key was taken.
    fn count_key(&mut self, key: Key) -> bool {
        let KeyCode::Char(c) = key.code else {
            return false;
        };
        let Some(digit) = c.to_digit(10).filter(|_| !key.ctrl && !key.alt) else {
            return false;
        };
        let digit = digit as usize;
        let tag = self.corpus.tags.tags.iter().any(|t| t.key == c);
        self.count = match self.count {
            Some(n) => Some((n * 10 + digit).min(MAX_COUNT)),
            None if digit > 0 && !tag && !self.keymap.reader_uses(c) => Some(digit),
            None => return false,
        };
        true
    }

    /// Applies `action` `times` times when it is a step that a count repeats, else once.
    pub fn apply_times(&mut self, action: Action, times: usize) {
        match action {
            Action::NextSentence => self.step_sentence(times as isize),
            Action::PreviousSentence => self.step_sentence(-(times as isize)),
            Action::SelectEndWordForward
            | Action::SelectEndWordBack
            | Action::SelectStartWordBack
            | Action::SelectStartWordForward
            | Action::ClauseForward
            | Action::ClauseBack
            | Action::NextAnnotation
            | Action::PreviousAnnotation
            | Action::NextMatch
            | Action::PreviousMatch => {
                for _ in 0..times {
                    self.apply(action);
                }
            }
            _ => self.apply(action),
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        // Rows are counted at a width: keep the text that was at the top there at the new one.
        let first_shown = self.panes().and_then(|p| {
            let open = self.open.as_ref()?;
            let rows = viewport::visible(&open.doc, p.text_size().0, open.top, 1);
            rows.first().map(|(row, _)| row.start)
        });
        self.size = ratatui::layout::Rect::new(0, 0, width, height);
        if let (Some(byte), Some(panes), Some(open)) = (first_shown, self.panes(), &mut self.open) {
            open.top = viewport::row_of(&open.doc, panes.text_size().0, byte);
        }
        self.follow_cursor();
    }

    pub fn apply(&mut self, action: Action) {
        if action != Action::Quit {
            self.quit_warned = false;
        }
        if leaves_annotation(action)
            && let Some(open) = &mut self.open
            && matches!(open.pick, Pick::Annotation { .. })
        {
            open.pick = Pick::Sentence;
        }
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrevious => self.cycle_focus(-1),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Export => self.open_export_dialog(),
            Action::CommandLine => self.open_prompt(PromptKind::Command, ""),
            Action::Grep => self.open_prompt(PromptKind::Command, "grep "),
            Action::TagView => self.open_tag_picker(),
            Action::EditTags => self.open_tag_editor(),
            Action::ListDown => self.move_list(1),
            Action::ListUp => self.move_list(-1),
            Action::ListTop => self.list_to_end(false),
            Action::ListBottom => self.list_to_end(true),
            Action::OpenDocument => self.open_selected(),
            Action::FilterList => self.start_filter(),
            Action::ClearFilter => self.clear_filter(),
            Action::CycleSort => self.cycle_sort(),
            Action::CycleMark => self.cycle_mark(),
            Action::NextSentence => self.step_sentence(1),
            Action::PreviousSentence => self.step_sentence(-1),
            Action::HalfPageDown => self.scroll_pages(1, 2),
            Action::HalfPageUp => self.scroll_pages(-1, 2),
            Action::PageDown => self.scroll_pages(1, 1),
            Action::PageUp => self.scroll_pages(-1, 1),
            Action::Top => self.cursor_to_end(false),
            Action::Bottom => self.cursor_to_end(true),
            Action::ToggleSelection => self.toggle_selection(),
            Action::ClearSelection => self.drop_pick(),
            Action::SelectEndWordForward => self.step_word(End::Moving, Toward::End),
            Action::SelectEndWordBack => self.step_word(End::Moving, Toward::Start),
            Action::SelectStartWordBack => self.step_word(End::Fixed, Toward::Start),
            Action::SelectStartWordForward => self.step_word(End::Fixed, Toward::End),
            Action::ClauseForward => self.step_clause(Toward::End),
            Action::ClauseBack => self.step_clause(Toward::Start),
            Action::SwapEnds => self.swap_ends(),
            Action::SelectMatch => self.select_match(),
            Action::ToggleBlind => self.toggle_blind(),
            Action::NextAnnotation => self.jump_annotation(true),
            Action::PreviousAnnotation => self.jump_annotation(false),
            Action::EditNote => self.start_note(),
            Action::DeleteAnnotation => self.delete_annotation(),
            Action::SearchForward => self.open_prompt(PromptKind::Search { forward: true }, ""),
            Action::SearchBackward => self.open_prompt(PromptKind::Search { forward: false }, ""),
            Action::NextMatch => self.step_match(true),
            Action::PreviousMatch => self.step_match(false),
            Action::EndSearch => {
                // One thing at a time: a selection or a current annotation goes first.
                if self.open.as_ref().is_some_and(|o| o.pick != Pick::Sentence) {
                    self.drop_pick();
                } else {
                    self.end_search();
                }
            }
            Action::SidebarDown => self.move_sidebar(1),
            Action::SidebarUp => self.move_sidebar(-1),
            Action::JumpToAnnotation => self.jump_from_sidebar(),
            Action::AttachAnnotation => self.attach_annotation(),
            Action::ConfirmPlacement => self.confirm_placement(),
            Action::Tag(i) => self.toggle_tag(i),
        }
    }

    fn quit(&mut self) {
        if let Err(why) = self.remember_position() {
            self.set_status(why, true);
        }
        self.save_marks();
        self.collect_outcomes(self.writer.flush());
        if self.unsaved.is_empty() || self.quit_warned {
            self.should_quit = true;
            return;
        }
        self.quit_warned = true;
        let (path, why) = &self.unsaved[0];
        self.set_status(
            format!(
                "{} is not saved ({why}); fix that and it is retried, or press q again to quit and lose it",
                path.display()
            ),
            true,
        );
    }

    /// Moves the focus `step` panes on (1 next, -1 previous), past a hidden sidebar.
    fn cycle_focus(&mut self, step: isize) {
        let order: &[Focus] = if self.layout.sidebar {
            &[Focus::List, Focus::Reader, Focus::Sidebar]
        } else {
            &[Focus::List, Focus::Reader]
        };
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = order[(at as isize + step).rem_euclid(order.len() as isize) as usize];
        if self.focus == Focus::Sidebar
            && let Some(i) = self.annotation_here()
        {
            self.sidebar_selected = i;
        }
    }

    /// Turns blind coding on or off: everyone else's annotations leave the screen or come back.
    fn toggle_blind(&mut self) {
        self.blind = !self.blind;
        let coder = self.blind.then_some(&self.coder);
        if let Some(open) = &mut self.open {
            let anns = &self.corpus.entries[open.entry].annotations;
            open.hidden = hidden_of(coder, anns);
            // Another coder's annotation may have been the current one.
            if let Pick::Annotation { id, .. } = &open.pick
                && anns
                    .iter()
                    .position(|a| a.id == *id)
                    .is_some_and(|i| !open.shows(i))
            {
                open.pick = Pick::Sentence;
            }
        }
        self.sidebar_selected = self.first_in_sidebar();
        self.set_status(
            if self.blind {
                format!("blind coding: only {}'s annotations are shown", self.coder)
            } else {
                "everyone's annotations are shown".to_owned()
            },
            false,
        );
    }

    /// The annotation the sidebar selects first: the first it lists, or, when it lists none
    /// (blind coding may hide them all), an index past every annotation, which the sidebar's
    /// keys take for "nothing selected" rather than act on a hidden one.
    fn first_in_sidebar(&self) -> usize {
        self.sidebar_order().first().copied().unwrap_or(usize::MAX)
    }

    /// The open document's shown annotations in the order the sidebar lists them, by index.
    pub(crate) fn sidebar_order(&self) -> Vec<usize> {
        let anns = self.open_annotations();
        crate::tui::view::sidebar::shown_order(anns)
            .into_iter()
            .filter(|&i| self.shows(&anns[i]))
            .collect()
    }

    /// Moves the sidebar's selection `delta` rows, in the order the list shows.
    pub(crate) fn move_sidebar(&mut self, delta: isize) {
        let order = self.sidebar_order();
        if let Some(last) = order.len().checked_sub(1) {
            let at = order
                .iter()
                .position(|&i| i == self.sidebar_selected)
                .unwrap_or(0);
            self.sidebar_selected = order[at.saturating_add_signed(delta).min(last)];
        }
    }

    pub fn open_entry(&mut self, i: usize) {
        let Some(entry) = self.corpus.entries.get(i) else {
            return;
        };
        if let Some(why) = &entry.unreadable {
            self.set_status(why.clone(), true);
            return;
        }
        if self.open.as_ref().is_some_and(|o| o.entry == i) {
            self.focus = Focus::Reader;
            return;
        }
        let unsaved_position = self.remember_position().err();
        let entry = &self.corpus.entries[i];
        match Document::load(&entry.path, &entry.rel_path) {
            Ok(doc) => {
                // The document may have changed since the corpus was loaded.
                let entry = &mut self.corpus.entries[i];
                entry.place_in(&doc.text, &doc.index, &doc.hash);
                let reanchored = std::mem::take(&mut entry.reanchored);
                let remembered = self.positions.as_ref().and_then(|p| p.get(&entry.rel_path));
                let cursor = match remembered {
                    Some(offset) => doc.sentence_at(doc.index.char_to_byte(&doc.text, offset)),
                    None => (!doc.sentences.is_empty()).then_some(0),
                };
                let mut open = OpenDoc {
                    entry: i,
                    cursor,
                    doc: Arc::new(doc),
                    pick: Pick::Sentence,
                    top: RowPos::default(),
                    spans: Intervals::default(),
                    hidden: Vec::new(),
                };
                open.spans = spans_of(&open.doc, &entry.annotations);
                open.hidden = hidden_of(self.blind.then_some(&self.coder), &entry.annotations);
                let status = match &entry.annotations_error {
                    Some(e) => Some((format!("read-only: {e}"), true)),
                    None if reanchored.anything_moved() => Some((
                        format!("document changed since annotated: {reanchored}"),
                        reanchored.orphans + reanchored.fuzzy > 0,
                    )),
                    None => open.doc.meta.warning.clone().map(|w| (w, true)),
                };
                self.open = Some(open);
                self.sidebar_selected = self.first_in_sidebar();
                self.focus = Focus::Reader;
                match status.or(unsaved_position.map(|why| (why, true))) {
                    Some((text, error)) => self.set_status(text, error),
                    None => self.status = None,
                }
                if remembered.is_some() {
                    self.show_from_top();
                }
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    /// Notes where the reader is in the open document and saves the positions: on leaving the
    /// document and on quitting, not on every key.
    fn remember_position(&mut self) -> Result<(), String> {
        let (Some(positions), Some(open)) = (&mut self.positions, &self.open) else {
            return Ok(());
        };
        if let Some(span) = open.cursor_span() {
            let offset = open.doc.index.byte_to_char(&open.doc.text, span.start);
            positions.set(&self.corpus.entries[open.entry].rel_path, offset);
        }
        positions.save().map_err(|e| e.to_string())
    }

    /// Scrolls so that the cursor sentence is near the top of the reading pane, where reading
    /// goes on from.
    fn show_from_top(&mut self) {
        let Some(panes) = self.panes() else { return };
        let (width, _) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let Some(span) = open.cursor_span() else {
            return;
        };
        let row = viewport::row_of(&open.doc, width, span.start);
        open.top = viewport::advance(&open.doc, width, row, -(MARGIN as isize));
        self.follow_cursor();
    }

    fn step_sentence(&mut self, delta: isize) {
        let Some(open) = &self.open else { return };
        let Some(cursor) = open.cursor else { return };
        let last = open.doc.sentences.len() - 1;
        self.move_cursor(cursor.saturating_add_signed(delta).min(last));
    }

    fn cursor_to_end(&mut self, bottom: bool) {
        let Some(open) = &self.open else { return };
        if open.cursor.is_some() {
            let to = if bottom {
                open.doc.sentences.len() - 1
            } else {
                0
            };
            self.move_cursor(to);
        }
    }

    /// Moves the cursor to sentence `to`, the moving end of the selection with it; a current
    /// annotation is left behind.
    pub(crate) fn move_cursor(&mut self, to: usize) {
        let Some(open) = &mut self.open else { return };
        open.cursor = Some(to);
        match &mut open.pick {
            Pick::Select(sel) => sel.to_sentence(&open.doc, to),
            Pick::Annotation { .. } => open.pick = Pick::Sentence,
            Pick::Sentence => {}
        }
        self.follow_cursor();
    }

    /// Scrolls the reading pane so that the cursor sentence is in view.
    pub(crate) fn follow_cursor(&mut self) {
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let Some(span) = open.cursor_span() else {
            return;
        };
        let doc = &open.doc;
        let margin = MARGIN.min(height.saturating_sub(1) / 2);
        let first = viewport::row_of(doc, width, span.start);
        let last = viewport::row_of(doc, width, span.end.saturating_sub(1).max(span.start));
        let earliest = viewport::advance(doc, width, first, -(margin as isize));
        if earliest < open.top {
            open.top = earliest;
            return;
        }
        let latest = viewport::advance(doc, width, last, margin as isize);
        if viewport::distance(doc, width, open.top, latest, height) >= height {
            // Show the end of the sentence, but never at the cost of its first row.
            let top = viewport::advance(doc, width, latest, -(height as isize - 1));
            open.top = top.min(earliest);
        }
    }

    /// Scrolls by `dir` pages (`parts` = 2 for half pages).
    fn scroll_pages(&mut self, dir: isize, parts: usize) {
        let Some(panes) = self.panes() else { return };
        let (_, height) = panes.text_size();
        self.scroll_rows(dir * (height / parts).max(1) as isize);
    }

    /// Scrolls by `rows` (up when negative) and keeps the cursor in view.
    pub(crate) fn scroll_rows(&mut self, rows: isize) {
        let Some(panes) = self.panes() else { return };
        let (width, height) = panes.text_size();
        let Some(open) = &mut self.open else { return };
        let doc = &open.doc;
        let dir = rows.signum();
        let max = viewport::max_top(doc, width, height);
        open.top = viewport::advance(doc, width, open.top, rows).min(max);
        let Some(cursor) = open.cursor else { return };
        let shown = viewport::visible(doc, width, open.top, height);
        let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
            return;
        };
        // Shown: the bytes `from..to`. A sentence starting at `to` is on the next row (text without
        // spaces, such as Chinese, wraps with no gap between rows).
        let (from, to) = (first.0.start, last.0.end);
        let span = &doc.sentences[cursor];
        if span.end <= from || span.start >= to {
            let target = if dir > 0 {
                doc.sentence_at(from)
            } else {
                doc.sentence_at(to).map(|i| {
                    if doc.sentences[i].start >= to {
                        i.saturating_sub(1)
                    } else {
                        i
                    }
                })
            };
            if let Some(t) = target {
                let top = open.top;
                self.move_cursor(t);
                if let Some(open) = &mut self.open {
                    open.top = top;
                }
            }
        }
    }

    fn toggle_selection(&mut self) {
        let Some(open) = &mut self.open else { return };
        if matches!(open.pick, Pick::Select(_)) {
            open.pick = Pick::Sentence;
        } else if let Some(span) = open.cursor_span() {
            open.pick = Pick::Select(Selection::of(span));
        }
    }

    /// `Esc`: back to the cursor sentence, from a selection or a current annotation.
    fn drop_pick(&mut self) {
        if let Some(open) = &mut self.open {
            open.pick = Pick::Sentence;
        }
    }

    /// Changes the selection with `step`, starting one at the cursor sentence if there is none,
    /// then puts the cursor on the sentence of its moving end.
    fn change_selection(&mut self, step: impl FnOnce(&mut Selection, &Document)) {
        let Some(open) = &mut self.open else { return };
        if open.selection().is_none() {
            let Some(span) = open.cursor_span() else {
                return;
            };
            open.pick = Pick::Select(Selection::of(span));
        }
        let Pick::Select(sel) = &mut open.pick else {
            return;
        };
        step(sel, &open.doc);
        if let Some(s) = sel.moving_sentence(&open.doc) {
            open.cursor = Some(s);
        }
        self.follow_cursor();
    }

    fn step_word(&mut self, end: End, toward: Toward) {
        self.change_selection(|sel, doc| {
            sel.step_word(&doc.text, end, toward);
        });
    }

    fn step_clause(&mut self, toward: Toward) {
        self.change_selection(|sel, doc| {
            sel.step_clause(doc, toward);
        });
    }

    fn swap_ends(&mut self) {
        if self.open.as_ref().and_then(OpenDoc::selection).is_none() {
            self.set_status("no selection to turn round: v starts one", false);
            return;
        }
        self.change_selection(|sel, _| sel.swap());
    }

    /// Selects the match the search went to last, to grow or cut from there.
    fn select_match(&mut self) {
        let Some(found) = self
            .active_search()
            .and_then(|s| s.current_match().cloned())
        else {
            self.set_status("no match to select yet", false);
            return;
        };
        if let Some(open) = &mut self.open {
            open.pick = Pick::Select(Selection::of(found));
        }
        self.change_selection(|_, _| {});
    }

    fn jump_annotation(&mut self, forward: bool) {
        let Some(open) = &self.open else { return };
        // From the selection when there is one, so that repeated jumps walk annotations that
        // start inside the same sentence.
        let Some(here) = open.target_span() else {
            return;
        };
        let shown = |i: &usize| open.shows(*i);
        let found = if forward {
            (0..open.spans.len())
                .filter(shown)
                .find(|&i| open.spans[i].start > here.start)
        } else {
            (0..open.spans.len())
                .rev()
                .filter(shown)
                .find(|&i| open.spans[i].start < here.start)
        };
        match found {
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

    /// Shows the sidebar's annotation in the text, if it has a place there.
    pub(crate) fn jump_from_sidebar(&mut self) {
        let Some(open) = &self.open else { return };
        let i = self.sidebar_selected;
        if i < open.spans.len() {
            self.show_annotation(i);
            self.focus = Focus::Reader;
        } else if i < self.open_annotations().len() {
            self.set_status(UNPLACED, false);
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
        open.pick = Pick::Annotation { id, span };
        open.cursor = Some(first);
        self.sidebar_selected = i;
        self.follow_cursor();
    }

    /// Checks that the open document can be changed, saying why not in the status bar.
    fn editable(&mut self) -> Option<usize> {
        let entry = self.open.as_ref()?.entry;
        if let Some(e) = &self.corpus.entries[entry].annotations_error {
            let text = format!("read-only, nothing changed: {e}");
            self.set_status(text, true);
            return None;
        }
        Some(entry)
    }

    pub(crate) fn toggle_tag(&mut self, tag: usize) {
        let Some(entry) = self.editable() else { return };
        let Some(open) = &self.open else { return };
        let Some(span) = open.target_span() else {
            return;
        };
        let name = self.corpus.tags.tags[tag].name.clone();
        let stamp = (self.stamp)();
        let mut anns = self.corpus.entries[entry].annotations.clone();
        // Only this coder's own annotation on the span takes the tag: another coder's stays
        // theirs, so that two coders' codings of one span are never merged into one.
        let here = open
            .spans
            .iter()
            .zip(&anns)
            .position(|(s, a)| *s == span && a.annotator == stamp.annotator);
        let id = match here {
            Some(i) => anns[i].id.clone(),
            None => String::new(),
        };
        let (what, id) = match here {
            Some(i) if anns[i].has_tag(&name) => {
                anns[i].tags.retain(|t| *t != name);
                anns[i].touch(&stamp);
                if anns[i].tags.is_empty() && anns[i].note.is_empty() {
                    anns.remove(i);
                }
                (format!("removed {name}"), id)
            }
            Some(i) => {
                anns[i].tags.push(name.clone());
                let tags = &self.corpus.tags;
                anns[i].tags.sort_by_key(|t| tags.rank(t));
                anns[i].touch(&stamp);
                (format!("tagged {name}"), id)
            }
            None => {
                let doc = &open.doc;
                let new = Annotation::new(
                    &doc.text,
                    &doc.index,
                    span.clone(),
                    vec![name.clone()],
                    &stamp,
                );
                let id = new.id.clone();
                anns.push(new);
                (format!("tagged {name}"), id)
            }
        };
        self.change(entry, anns, what);
        // Tagging ends the selection: what was tagged is the current annotation, so that the
        // next tag key (say, the source's authority after the claim's kind) goes on it, and
        // any motion leaves it.
        self.make_current(id, span);
    }

    /// Makes the annotation `id` on `span` the current one.
    fn make_current(&mut self, id: String, span: std::ops::Range<usize>) {
        if let Some(open) = &mut self.open {
            open.pick = Pick::Annotation { id, span };
        }
    }

    fn start_note(&mut self) {
        if self.editable().is_none() {
            return;
        }
        let Some(open) = &self.open else { return };
        let here = if self.focus == Focus::Sidebar {
            if self.sidebar_selected >= open.spans.len()
                && self.sidebar_selected < self.open_annotations().len()
            {
                self.set_status(UNPLACED, false);
                return;
            }
            Some(self.sidebar_selected).filter(|&i| i < open.spans.len())
        } else {
            self.annotation_here()
        };
        let anns = self.open_annotations();
        let edit = match here {
            Some(i) => NoteEdit {
                input: TextInput::new(&anns[i].note),
                id: Some(anns[i].id.clone()),
                span: open.spans[i].clone(),
            },
            None => match open.target_span() {
                Some(span) => NoteEdit {
                    input: TextInput::default(),
                    id: None,
                    span,
                },
                None => return,
            },
        };
        self.mode = Mode::Note(edit);
    }

    fn commit_note(&mut self) {
        let Mode::Note(edit) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return;
        };
        let Some(open) = &self.open else { return };
        let entry = open.entry;
        let note = edit.input.value.trim().to_owned();
        let stamp = (self.stamp)();
        let mut anns = self.corpus.entries[entry].annotations.clone();
        let span = edit.span.clone();
        let mut id = edit.id.clone().unwrap_or_default();
        let what = match edit.id.and_then(|id| anns.iter().position(|a| a.id == id)) {
            Some(i) => {
                if anns[i].note == note {
                    self.set_status("note left unchanged", false);
                    return;
                }
                anns[i].note = note.clone();
                anns[i].touch(&stamp);
                if anns[i].tags.is_empty() && note.is_empty() {
                    anns.remove(i);
                }
                if note.is_empty() {
                    "removed the note"
                } else {
                    "noted"
                }
            }
            None if note.is_empty() => {
                self.set_status("empty note: nothing written", false);
                return;
            }
            None => {
                let doc = &open.doc;
                let mut ann = Annotation::new(&doc.text, &doc.index, edit.span, vec![], &stamp);
                ann.note = note;
                id = ann.id.clone();
                anns.push(ann);
                "noted"
            }
        };
        self.change(entry, anns, what.to_owned());
        // As tagging does, a note ends the selection: its annotation is the current one.
        self.make_current(id, span);
    }

    fn delete_annotation(&mut self) {
        let Some(entry) = self.editable() else { return };
        if self.open.is_none() {
            return;
        }
        let here = if self.focus == Focus::Sidebar {
            Some(self.sidebar_selected).filter(|&i| i < self.open_annotations().len())
        } else {
            self.annotation_here()
        };
        let Some(i) = here else {
            self.set_status("no annotation here to delete", false);
            return;
        };
        let mut anns = self.corpus.entries[entry].annotations.clone();
        let gone = anns.remove(i);
        self.drop_pick();
        // Another coder's work is named as theirs: `d` reaches it only where the coder has no
        // annotation of their own.
        let whose = if gone.annotator == self.coder {
            String::from("the annotation on")
        } else {
            format!("{}'s", gone.annotator)
        };
        let what = format!(
            "deleted {whose} “{}”",
            crate::tui::fit::fit(&gone.quote, 30)
        );
        self.change(entry, anns, what);
    }

    /// Moves the sidebar's annotation onto the selection (or the cursor sentence): how an
    /// unplaced annotation is put back in the text, or a misplaced one corrected.
    fn attach_annotation(&mut self) {
        let Some(entry) = self.editable() else { return };
        let Some(open) = &self.open else { return };
        let i = self.sidebar_selected;
        let (Some(span), true) = (open.target_span(), i < self.open_annotations().len()) else {
            self.set_status(
                "nothing to attach: select the annotation in the sidebar",
                false,
            );
            return;
        };
        let mut anns = self.corpus.entries[entry].annotations.clone();
        let a = &mut anns[i];
        a.set_span(&open.doc.text, &open.doc.index, span.clone());
        a.placement = Placement::Exact;
        a.touch(&(self.stamp)());
        let what = format!(
            "attached the annotation to “{}”",
            crate::tui::fit::fit(&a.quote, 30)
        );
        let id = a.id.clone();
        self.change(entry, anns, what);
        if let Some(at) = self.open_annotations().iter().position(|a| a.id == id) {
            self.sidebar_selected = at;
        }
        self.make_current(id, span);
    }

    /// Confirms the place the sidebar's annotation was given by a guess when its text changed:
    /// it leaves "To confirm", and `gloss check` passes it.
    fn confirm_placement(&mut self) {
        let Some(entry) = self.editable() else { return };
        let i = self.sidebar_selected;
        let mut anns = self.corpus.entries[entry].annotations.clone();
        let Some(a) = anns.get_mut(i) else { return };
        let Placement::Fuzzy {
            confirmed: confirmed @ false,
            ..
        } = &mut a.placement
        else {
            let why = if a.is_orphan() {
                "it has no place to confirm: select its text and press A"
            } else {
                "only an annotation under To confirm needs confirming"
            };
            self.set_status(why, false);
            return;
        };
        *confirmed = true;
        let coded = crate::tui::fit::fit(&a.quote, 30);
        // Until now it held the text that was coded; confirmed, it holds the text it is on.
        if let Some(open) = &self.open {
            let (text, index) = (&open.doc.text, &open.doc.index);
            let span = a.byte_span(text, index);
            a.set_span(text, index, span);
        }
        a.touch(&(self.stamp)());
        let now = crate::tui::fit::fit(&a.quote, 30);
        let what = if now == coded {
            format!("confirmed the place of “{now}”")
        } else {
            format!("confirmed “{now}” where “{coded}” was guessed to be")
        };
        // The order is by place, which stays: the sidebar's selection still points at it.
        self.change(entry, anns, what);
    }

    fn undo(&mut self) {
        let Some(change) = self.history.undo().cloned() else {
            return self.set_status("nothing to undo", false);
        };
        if let Err(why) = self.replay(change, true) {
            self.history.redo();
            self.set_status(format!("nothing undone: {why}"), true);
        }
    }

    fn redo(&mut self) {
        let Some(change) = self.history.redo().cloned() else {
            return self.set_status("nothing to redo", false);
        };
        if let Err(why) = self.replay(change, false) {
            self.history.undo();
            self.set_status(format!("nothing redone: {why}"), true);
        }
    }

    /// Takes a change back (`back`) or makes it again: the scheme first, since it may fail and
    /// the annotations name its tags, then each entry's annotations. A change to one entry is
    /// shown where it happened; one across the corpus (a rename) leaves the reader where it is.
    fn replay(&mut self, change: Change, back: bool) -> Result<(), String> {
        if let Some(scheme) = change.scheme {
            let (from, to) = if back {
                (scheme.after, scheme.before)
            } else {
                (scheme.before, scheme.after)
            };
            self.set_scheme(&from, to)?;
        }
        let show = change.edits.len() == 1;
        let mut conflicts = String::new();
        for edit in change.edits {
            let (from, to) = if back {
                (edit.after, edit.before)
            } else {
                (edit.before, edit.after)
            };
            conflicts += &self.restore(edit.entry, &from, to, show);
        }
        let done = if back { "undid" } else { "redid" };
        self.set_status(format!("{done}: {}{conflicts}", change.what), false);
        Ok(())
    }

    /// Takes an entry's annotations from the state `from` back or forward to `to`, opening the
    /// document and moving to the first difference when `show`; returns what the merge had to
    /// choose. Done as a merge onto what the entry holds now, so that changes taken in from
    /// elsewhere since (another gloss, a `git pull`) stay, and undo never deletes them.
    fn restore(
        &mut self,
        entry: usize,
        from: &[Annotation],
        to: Vec<Annotation>,
        show: bool,
    ) -> String {
        if show && self.open.as_ref().is_none_or(|o| o.entry != entry) {
            self.list_selected = entry;
            self.open_entry(entry);
        }
        // The history holds the offsets of the text the change was made in; the document may
        // have changed on disk since, its annotations placed anew when it was opened. Placed
        // the same way, an annotation the change made is not mistaken for one changed
        // elsewhere, and one it brings back takes its place in the text as it is now.
        let (mut from, mut to) = (from.to_vec(), to);
        if let Some(open) = &self.open
            && open.entry == entry
        {
            let (text, index) = (&open.doc.text, &open.doc.index);
            crate::core::reanchor::reanchor(&mut from, text, index, false);
            crate::core::reanchor::reanchor(&mut to, text, index, false);
        }
        let merge = merge::merge(&from, &self.corpus.entries[entry].annotations, &to);
        let anns = merge.annotations;
        let changed = first_difference(&self.corpus.entries[entry].annotations, &anns);
        if let Some(open) = &mut self.open
            && open.entry == entry
        {
            open.pick = Pick::Sentence;
        }
        self.set_annotations(entry, anns);
        if let (true, Some(offset), Some(open)) = (show, changed, &self.open)
            && let Some(s) = open
                .doc
                .sentence_at(open.doc.index.char_to_byte(&open.doc.text, offset))
        {
            self.move_cursor(s);
        }
        crate::tui::saving::describe_conflicts(&merge.conflicts)
            .map(|said| format!("; {said}"))
            .unwrap_or_default()
    }

    /// Records and saves a change to an entry's annotations.
    fn change(&mut self, entry: usize, after: Vec<Annotation>, what: String) {
        let before = self.corpus.entries[entry].annotations.clone();
        self.commit(Change {
            edits: vec![Edit {
                entry,
                before,
                after,
            }],
            scheme: None,
            what,
        });
    }

    /// Records a change, puts its annotations in place and saves them. A change to the scheme
    /// is already written: the caller makes it first, since it may fail.
    pub(crate) fn commit(&mut self, change: Change) {
        for edit in &change.edits {
            self.set_annotations(edit.entry, edit.after.clone());
        }
        self.set_status(change.what.clone(), false);
        self.history.record(change);
    }

    fn set_annotations(&mut self, entry: usize, anns: Vec<Annotation>) {
        self.show_annotations(entry, anns);
        self.save(entry);
    }

    /// Puts `anns` in the entry and, if it is open, on the screen; saving is the caller's choice.
    pub(crate) fn show_annotations(&mut self, entry: usize, mut anns: Vec<Annotation>) {
        anns.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.corpus.entries[entry].annotations = anns;
        self.list_annotations_changed(entry);
        if let Some(open) = &mut self.open
            && open.entry == entry
        {
            let anns = &self.corpus.entries[entry].annotations;
            open.spans = spans_of(&open.doc, anns);
            open.hidden = hidden_of(self.blind.then_some(&self.coder), anns);
            self.sidebar_selected = self
                .sidebar_selected
                .min(open.spans.len().saturating_sub(1));
            // The current annotation may have moved (a merge placed it anew): follow it.
            if let Pick::Annotation { id, span } = &mut open.pick
                && let Some(i) = anns.iter().position(|a| a.id == *id)
                && let Some(now) = open.spans.get(i)
            {
                *span = now.clone();
            }
            if self.blind && !self.sidebar_order().contains(&self.sidebar_selected) {
                self.sidebar_selected = self.first_in_sidebar();
            }
        }
    }

    /// Places the open document's annotations in its text again, for annotations that came from
    /// disk and may have been made on another version of it (see `Entry::place_in`).
    pub(crate) fn place_open_annotations(&mut self) {
        let Some(open) = &mut self.open else { return };
        let entry = &mut self.corpus.entries[open.entry];
        entry.place_in(&open.doc.text, &open.doc.index, &open.doc.hash);
        open.spans = spans_of(&open.doc, &entry.annotations);
        open.hidden = hidden_of(self.blind.then_some(&self.coder), &entry.annotations);
    }

    /// Hands the entry's annotation file to the background writer. Files that failed before are
    /// retried at the same time.
    fn save(&mut self, entry: usize) {
        let e = &self.corpus.entries[entry];
        if e.read_only() {
            return;
        }
        let file = AnnotationFile {
            document: e.rel_path.clone(),
            content_hash: e.text_hash.clone(),
            annotations: e.annotations.clone(),
            extra: e.extra.clone(),
        };
        let path = e.annotation_file(&self.corpus.annotations_dir);
        let base = self.saving.hand_over(entry, &file.annotations);
        self.writer.retry_failed();
        self.writer.save(path, file, base);
    }
}

/// Whether `action` moves through the text, which leaves the current annotation behind: the
/// next tag key then applies to the cursor sentence. The word and clause steps start a
/// selection at the cursor instead, and a jump makes the annotation it lands on current.
fn leaves_annotation(action: Action) -> bool {
    matches!(
        action,
        Action::NextSentence
            | Action::PreviousSentence
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::SearchForward
            | Action::SearchBackward
            | Action::NextMatch
            | Action::PreviousMatch
            | Action::SelectEndWordForward
            | Action::SelectEndWordBack
            | Action::SelectStartWordBack
            | Action::SelectStartWordForward
            | Action::ClauseForward
            | Action::ClauseBack
            | Action::OpenDocument
    )
}

/// What to do with an annotation that has no place in the text.
const UNPLACED: &str = "no place in the text: select where it goes, then press A here";

/// Orphans sort last and have no span.
/// In blind coding (`coder` is the one coding), which of `anns` are another coder's, index for
/// index; empty when everyone's are shown.
fn hidden_of(coder: Option<&String>, anns: &[Annotation]) -> Vec<bool> {
    match coder {
        Some(coder) => anns.iter().map(|a| a.annotator != *coder).collect(),
        None => Vec::new(),
    }
}

fn spans_of(doc: &Document, anns: &[Annotation]) -> Intervals {
    Intervals::new(
        anns.iter()
            .take_while(|a| !a.is_orphan())
            .map(|a| a.byte_span(&doc.text, &doc.index))
            .collect(),
    )
}

/// Code-point offset of the first annotation that differs between two states: one that is in
/// one but not, field for field, in the other. Found by id (unique in a state), so that an undo
/// among 10,000 annotations does not compare each with every other.
fn first_difference(a: &[Annotation], b: &[Annotation]) -> Option<usize> {
    fn by_id(list: &[Annotation]) -> HashMap<&str, &Annotation> {
        list.iter().map(|x| (x.id.as_str(), x)).collect()
    }
    let (in_a, in_b) = (by_id(a), by_id(b));
    let missing =
        |x: &Annotation, other: &HashMap<&str, &Annotation>| other.get(x.id.as_str()) != Some(&x);
    a.iter()
        .filter(|x| missing(x, &in_b))
        .chain(b.iter().filter(|x| missing(x, &in_a)))
        .map(|x| x.start)
        .min()
}
