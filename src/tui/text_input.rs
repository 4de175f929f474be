//! A one-line text input for notes: Unicode, cursor keys, and nothing the user typed is lost
//! until they confirm or cancel.

use unicode_segmentation::UnicodeSegmentation;

use crate::tui::action::Action;
use crate::tui::keymap::Resolved;

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

    /// Applies what a key resolved to in an input's scope: an editing action of the key table
    /// (`Scope::Input`), or a typed character. Keys that are neither are ignored.
    pub fn handle(&mut self, key: Resolved) -> InputEvent {
        match key {
            Resolved::Action(action) => self.edit(action),
            Resolved::Typed(c) => {
                self.value.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                InputEvent::Edited
            }
            Resolved::Unbound => InputEvent::Ignored,
        }
    }

    fn edit(&mut self, action: Action) -> InputEvent {
        match action {
            Action::Submit => return InputEvent::Submit,
            Action::Cancel => return InputEvent::Cancel,
            Action::CursorLeft => self.cursor = self.prev(),
            Action::CursorRight => self.cursor = self.next(),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.value.len(),
            Action::DeleteBack => {
                let from = self.prev();
                self.value.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::DeleteForward => {
                let to = self.next();
                self.value.replace_range(self.cursor..to, "");
            }
            Action::DeleteWordBack => {
                // The spaces before the cursor, then the word before them.
                let from = self.value[..self.cursor]
                    .split_word_bound_indices()
                    .rev()
                    .find(|(_, w)| !w.trim().is_empty())
                    .map_or(0, |(i, _)| i);
                self.value.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::DeleteToStart => {
                self.value.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Action::DeleteToEnd => self.value.truncate(self.cursor),
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

    use crate::tui::keymap::{Keymap, Scope};
    use crate::tui::keys::{Key, KeyCode};

    fn typed(input: &mut TextInput, text: &str) {
        for c in text.chars() {
            input.handle(Resolved::Typed(c));
        }
    }

    /// A key as the default key map resolves it in a text input.
    fn key(code: KeyCode) -> Resolved {
        let tags = crate::core::tags::TagSet::default();
        Keymap::default().resolve(Key::new(code), Scope::Input, &tags)
    }

    #[test]
    fn editing_with_cursor_keys_over_multibyte_text() {
        let mut input = TextInput::new("");
        typed(&mut input, "中文 «é»");
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Backspace));
        assert_eq!(input.value, "中文 é»");
        input.handle(key(KeyCode::Home));
        input.handle(key(KeyCode::Delete));
        typed(&mut input, "Z");
        assert_eq!(input.value, "Z文 é»");
        input.handle(key(KeyCode::End));
        typed(&mut input, "!");
        assert_eq!(input.value, "Z文 é»!");
        assert_eq!(input.handle(key(KeyCode::Enter)), InputEvent::Submit);
        assert_eq!(input.handle(key(KeyCode::Esc)), InputEvent::Cancel);
    }

    #[test]
    fn combining_characters_are_deleted_whole() {
        let mut input = TextInput::new("cafe\u{301}");
        input.handle(key(KeyCode::Backspace));
        assert_eq!(input.value, "caf");
    }

    #[test]
    fn control_w_deletes_the_word_before_the_cursor() {
        let mut input = TextInput::new("grep two words ");
        let tags = crate::core::tags::TagSet::default();
        let c_w = Keymap::default().resolve(Key::ctrl('w'), Scope::Input, &tags);
        input.handle(c_w);
        assert_eq!(input.value, "grep two ");
        input.handle(c_w);
        assert_eq!(input.value, "grep ");
    }
}
