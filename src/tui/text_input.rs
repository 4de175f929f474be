//! A one-line text input for notes: Unicode, cursor keys, and nothing the user typed is lost
//! until they confirm or cancel.

use unicode_segmentation::UnicodeSegmentation;

use crate::tui::keys::{Key, KeyCode};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub value: String,
    /// Byte offset of the cursor in `value`, always on a grapheme boundary.
    pub cursor: usize,
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEvent {
    Edited,
    Submit,
    Cancel,
    Ignored,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_owned(),
            cursor: value.len(),
        }
    }

    pub fn handle(&mut self, key: Key) -> InputEvent {
        match (key.code, key.ctrl) {
            (KeyCode::Enter, _) => return InputEvent::Submit,
            (KeyCode::Esc, _) | (KeyCode::Char('c'), true) => return InputEvent::Cancel,
            (KeyCode::Left, _) | (KeyCode::Char('b'), true) => self.cursor = self.prev(),
            (KeyCode::Right, _) | (KeyCode::Char('f'), true) => self.cursor = self.next(),
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => self.cursor = 0,
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => self.cursor = self.value.len(),
            (KeyCode::Backspace, _) => {
                let from = self.prev();
                self.value.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            (KeyCode::Delete, _) | (KeyCode::Char('d'), true) => {
                let to = self.next();
                self.value.replace_range(self.cursor..to, "");
            }
            (KeyCode::Char('u'), true) => {
                self.value.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            (KeyCode::Char('k'), true) => self.value.truncate(self.cursor),
            (KeyCode::Char(c), false) if !key.alt => {
                self.value.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            _ => return InputEvent::Ignored,
        }
        InputEvent::Edited
    }

    fn prev(&self) -> usize {
        self.value[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next(&self) -> usize {
        self.value[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(input: &mut TextInput, text: &str) {
        for c in text.chars() {
            input.handle(Key::char(c));
        }
    }

    #[test]
    fn editing_with_cursor_keys_over_multibyte_text() {
        let mut input = TextInput::new("");
        typed(&mut input, "中文 «é»");
        input.handle(Key::new(KeyCode::Left));
        input.handle(Key::new(KeyCode::Left));
        input.handle(Key::new(KeyCode::Backspace));
        assert_eq!(input.value, "中文 é»");
        input.handle(Key::new(KeyCode::Home));
        input.handle(Key::new(KeyCode::Delete));
        typed(&mut input, "Z");
        assert_eq!(input.value, "Z文 é»");
        input.handle(Key::new(KeyCode::End));
        typed(&mut input, "!");
        assert_eq!(input.value, "Z文 é»!");
        assert_eq!(input.handle(Key::new(KeyCode::Enter)), InputEvent::Submit);
        assert_eq!(input.handle(Key::new(KeyCode::Esc)), InputEvent::Cancel);
    }

    #[test]
    fn combining_characters_are_deleted_whole() {
        let mut input = TextInput::new("cafe\u{301}");
        input.handle(Key::new(KeyCode::Backspace));
        assert_eq!(input.value, "caf");
    }
}
