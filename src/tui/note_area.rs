//! The note editor's text: a multi-line text area (the ratatui organisation's `ratatui-textarea`, which
//! wraps, scrolls and keeps an undo history) driven by the key table's `Note` scope, so that its
//! keys are listed in the help and can be rebound. What the user typed stays until they save it
//! or drop it, and a changed note is only dropped on a second `Esc`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::tui::action::Action;
use crate::tui::keymap::Resolved;
use crate::tui::wrap::TAB_STOP;

/// What a key did in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteEvent {
    /// The text or the cursor changed, or nothing happened.
    Edited,
    Save,
    Cancel,
    /// `Esc` on a changed note: the next `Esc` drops the changes.
    AskToDrop,
}

#[derive(Debug, Clone)]
pub struct NoteArea {
    area: TextArea<'static>,
    /// The note as it was when the editor opened, to tell whether it changed.
    original: String,
    /// Set by an `Esc` on a changed note, cleared by any other key.
    drop_asked: bool,
}

impl PartialEq for NoteArea {
    fn eq(&self, other: &NoteArea) -> bool {
        self.text() == other.text()
            && self.cursor() == other.cursor()
            && self.original == other.original
    }
}

impl Eq for NoteArea {}

impl NoteArea {
    /// The editor on `note`, its line breaks as lines, with the cursor at its end; `placeholder`
    /// is shown while it is empty.
    pub fn new(note: &str, placeholder: &str) -> NoteArea {
        let mut area = TextArea::new(note.split('\n').map(str::to_owned).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        // Tabs to the reading pane's and the note pane's tab stops, not the text area's 4.
        area.set_tab_length(u8::try_from(TAB_STOP).expect("a tab stop fits a byte"));
        area.set_cursor_line_style(Style::new());
        area.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
        area.set_placeholder_text(placeholder);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        NoteArea {
            area,
            original: note.to_owned(),
            drop_asked: false,
        }
    }

    /// The note as written so far, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The cursor as (line, column in code points) of [`NoteArea::text`].
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    /// Whether an `Esc` asked whether to drop the changes, and no key came since.
    pub fn drop_asked(&self) -> bool {
        self.drop_asked
    }

    /// Applies `key`, resolved in the key table's `Note` scope: an editing action, or a
    /// character typed into the note.
    pub fn handle(&mut self, key: Resolved) -> NoteEvent {
        let asked = std::mem::take(&mut self.drop_asked);
        let action = match key {
            Resolved::Action(action) => action,
            Resolved::Typed(c) => {
                self.area.insert_char(c);
                return NoteEvent::Edited;
            }
            Resolved::Unbound => return NoteEvent::Edited,
        };
        match action {
            Action::SaveNote => return NoteEvent::Save,
            Action::Cancel if asked || !self.changed() => return NoteEvent::Cancel,
            Action::Cancel => {
                self.drop_asked = true;
                return NoteEvent::AskToDrop;
            }
            _ => {}
        }
        let a = &mut self.area;
        match action {
            Action::NewLine => a.insert_newline(),
            Action::InsertTab => a.insert_char('\t'),
            Action::CursorLeft => a.move_cursor(CursorMove::Back),
            Action::CursorRight => a.move_cursor(CursorMove::Forward),
            Action::CursorUp => a.move_cursor(CursorMove::Up),
            Action::CursorDown => a.move_cursor(CursorMove::Down),
            Action::LineStart => a.move_cursor(CursorMove::Head),
            Action::LineEnd => a.move_cursor(CursorMove::End),
            Action::WordBack => a.move_cursor(CursorMove::WordBack),
            Action::WordForward => a.move_cursor(CursorMove::WordForward),
            Action::TextStart => {
                a.move_cursor(CursorMove::Top);
                a.move_cursor(CursorMove::Head);
            }
            Action::TextEnd => {
                a.move_cursor(CursorMove::Bottom);
                a.move_cursor(CursorMove::End);
            }
            Action::DeleteBack => _ = a.delete_char(),
            Action::DeleteForward => _ = a.delete_next_char(),
            Action::DeleteWordBack => _ = a.delete_word(),
            Action::DeleteToStart => _ = a.delete_line_by_head(),
            Action::DeleteToEnd => _ = a.delete_line_by_end(),
            Action::UndoEdit => _ = a.undo(),
            Action::RedoEdit => _ = a.redo(),
            _ => {}
        }
        NoteEvent::Edited
    }

    /// Draws the note into `area`, wrapped at words, scrolled to keep the cursor in view.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        (&self.area).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::core::tags::TagSet;
    use crate::tui::keymap::{Keymap, Scope};
    use crate::tui::keys::Key;

    fn resolved(key: Key) -> Resolved {
        let tags = TagSet::parse(crate::core::corpus::DEFAULT_TAGS, Path::new("t")).unwrap();
        Keymap::default().resolve(key, Scope::Note, &tags)
    }

    fn press(editor: &mut NoteArea, keys: &str) -> NoteEvent {
        let mut last = NoteEvent::Edited;
        for k in keys.split_whitespace() {
            last = editor.handle(resolved(k.parse().unwrap()));
        }
        last
    }

    fn typed(editor: &mut NoteArea, text: &str) {
        for c in text.chars() {
            editor.handle(resolved(Key::char(c)));
        }
    }

    #[test]
    fn enter_breaks_the_line_and_the_editing_keys_work_across_lines() {
        let mut e = NoteArea::new("", "");
        typed(&mut e, "first «line»");
        press(&mut e, "Enter");
        typed(&mut e, "second 中文 line");
        assert_eq!(e.text(), "first «line»\nsecond 中文 line");
        assert_eq!(e.cursor(), (1, 14));
        press(&mut e, "C-w");
        assert_eq!(e.text(), "first «line»\nsecond 中文 ");
        press(&mut e, "C-Left C-Left");
        assert_eq!(e.cursor(), (1, 0));
        press(&mut e, "Backspace");
        assert_eq!(e.text(), "first «line»second 中文 ", "joined");
        typed(&mut e, " ");
        press(&mut e, "C-u");
        assert_eq!(e.text(), "second 中文 ");
        press(&mut e, "C-Right C-k");
        assert_eq!(e.text(), "second ");
        press(&mut e, "Home Delete C-e");
        assert_eq!((e.text().as_str(), e.cursor()), ("econd ", (0, 6)));
        press(&mut e, "C-z");
        assert_eq!(e.text(), "second ");
        press(&mut e, "C-y");
        assert_eq!(e.text(), "econd ");
    }

    #[test]
    fn keys_with_control_or_alt_that_are_not_bound_type_nothing() {
        let mut e = NoteArea::new("a", "");
        press(&mut e, "C-x A-b C-r F1");
        assert_eq!(e.text(), "a");
        // Reader and global keys are text here.
        typed(&mut e, "qjd:");
        assert_eq!(e.text(), "aqjd:");
    }

    /// `text` as a terminal sends it when pasted without bracketed paste: a tab as the Tab key,
    /// a line break as Enter, any other character as itself.
    fn pasted(editor: &mut NoteArea, text: &str) {
        for c in text.chars() {
            let key = match c {
                '\t' => "Tab".parse().unwrap(),
                '\n' => "Enter".parse().unwrap(),
                c => Key::char(c),
            };
            editor.handle(resolved(key));
        }
    }

    #[test]
    fn tab_types_a_tab_and_a_pasted_table_keeps_its_tabs() {
        let mut e = NoteArea::new("a", "");
        press(&mut e, "Tab");
        typed(&mut e, "b");
        assert_eq!((e.text().as_str(), e.cursor()), ("a\tb", (0, 3)));
        let table = "name\tcount\nRome\t3\n\tindented";
        let mut e = NoteArea::new("", "");
        pasted(&mut e, table);
        assert_eq!(e.text(), table);
        // A tab is one character to the editing keys.
        press(&mut e, "Home Delete");
        assert_eq!(e.text(), "name\tcount\nRome\t3\nindented");
    }

    /// The editor's rows at `width` columns as drawn, and where the cursor is drawn.
    fn drawn(editor: &NoteArea, width: u16) -> (Vec<String>, Option<(u16, u16)>) {
        let area = Rect::new(0, 0, width, 3);
        let mut buf = Buffer::empty(area);
        editor.render(area, &mut buf);
        let rows = (0..area.height)
            .map(|y| {
                let row: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
                row.trim_end().to_owned()
            })
            .collect();
        let cursor = area
            .positions()
            .find(|&p| buf[p].modifier.contains(Modifier::REVERSED));
        (rows, cursor.map(|p| (p.x, p.y)))
    }

    #[test]
    fn a_tab_is_drawn_to_the_next_tab_stop_with_the_cursor_after_it() {
        let mut e = NoteArea::new("", "");
        pasted(&mut e, "a\tbb\tc");
        // As the reading pane and the note pane draw it: tab stops every 8 columns.
        let (rows, cursor) = drawn(&e, 30);
        assert_eq!(rows[0], crate::tui::wrap::drawn("a\tbb\tc", 0));
        assert_eq!(cursor, Some((17, 0)));
        press(&mut e, "Left Left");
        let (_, cursor) = drawn(&e, 30);
        assert_eq!(cursor, Some((10, 0)), "on the tab after bb");
        // A row that a tab would overflow wraps before it; the tab starts the next row, where
        // the cursor can be put on it.
        let mut e = NoteArea::new("", "");
        pasted(&mut e, "name\tcount\tplace");
        assert_eq!(drawn(&e, 14).0[..2], ["name    count", "        place"]);
    }

    #[test]
    fn the_editor_opens_with_the_cursor_at_the_end_of_a_multi_line_note() {
        let e = NoteArea::new("one\ntwo\n\nfour", "");
        assert_eq!(e.cursor(), (3, 4));
        assert_eq!(e.text(), "one\ntwo\n\nfour");
        assert!(!e.changed());
    }

    #[test]
    fn esc_closes_an_unchanged_note_at_once_and_a_changed_one_on_the_second_press() {
        let mut e = NoteArea::new("kept", "");
        assert_eq!(press(&mut e, "Esc"), NoteEvent::Cancel);
        typed(&mut e, "!");
        assert_eq!(press(&mut e, "Esc"), NoteEvent::AskToDrop);
        assert!(e.drop_asked());
        // Any other key goes on editing and asks again at the next Esc.
        press(&mut e, "Left");
        assert!(!e.drop_asked());
        assert_eq!(press(&mut e, "Esc"), NoteEvent::AskToDrop);
        assert_eq!(press(&mut e, "Esc"), NoteEvent::Cancel);
        assert_eq!(press(&mut e, "C-s"), NoteEvent::Save);
    }
}
