//! A key of gloss's own, written as in a key table ("j", "C-r", "S-Tab", "PageDown"), so that the
//! key map and its help screen never depend on the terminal library.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    /// Control held. Shift is folded into the character (`G`, not `S-g`).
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn new(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The key as gloss reads it: `C-j` and `C-m` are `Enter`, `C-i` is `Tab`, `C-[` is `Esc`.
    /// A terminal sends `C-i`, `C-m` and `C-[` as the bytes of `Tab`, `Enter` and `Esc`, and
    /// `C-j` is the line feed that a terminal not yet in raw mode makes of `Enter` typed while
    /// gloss starts; so the terminal's keys are read so (also where the terminal could tell
    /// them apart, so that they do the same everywhere), and a key table's are read the same
    /// way, so that binding one clashes, as it would in use, with what the other key does.
    pub const fn as_read(self) -> Key {
        let code = match self {
            Key {
                ctrl: true,
                alt,
                code: KeyCode::Char(c),
            } => match c {
                'j' | 'm' if !alt => KeyCode::Enter,
                'i' if !alt => KeyCode::Tab,
                '[' if !alt => KeyCode::Esc,
                _ => return self,
            },
            _ => return self,
        };
        Key::new(code)
    }
}

const NAMED: [(&str, KeyCode); 14] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("S-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

/// Text that is no key as a key table writes it; holds the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {0:?}")]
pub struct UnknownKey(pub String);

impl std::str::FromStr for Key {
    type Err = UnknownKey;

    /// Parses "x", "C-x", "A-x", "C-A-x", "Space", "F1" and the names in `NAMED`.
    fn from_str(s: &str) -> Result<Key, UnknownKey> {
        let mut rest = s;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if rest.len() > 2 && rest.starts_with("C-") {
                ctrl = true;
                rest = &rest[2..];
            } else if rest.len() > 2 && rest.starts_with("A-") {
                alt = true;
                rest = &rest[2..];
            } else {
                break;
            }
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
            *code
        } else if rest == "Space" {
            KeyCode::Char(' ')
        } else if let Some(n) = rest.strip_prefix('F').and_then(|n| n.parse().ok()) {
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => return Err(UnknownKey(s.to_owned())),
            }
        };
        Ok(Key { code, ctrl, alt }.as_read())
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_back() {
        for text in [
            "j", "G", "C-r", "A-x", "C-A-x", "S-Tab", "PageDown", "Space", "F1", "?",
        ] {
            let key: Key = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!("C-r".parse::<Key>(), Ok(Key::ctrl('r')));
        assert_eq!("-".parse::<Key>(), Ok(Key::char('-')));
        assert!("Ctrl+r".parse::<Key>().is_err());
    }

    #[test]
    fn control_keys_a_terminal_sends_as_others_are_read_as_those() {
        for (text, read) in [
            ("C-j", KeyCode::Enter),
            ("C-m", KeyCode::Enter),
            ("C-i", KeyCode::Tab),
            ("C-[", KeyCode::Esc),
        ] {
            assert_eq!(text.parse::<Key>(), Ok(Key::new(read)), "{text}");
        }
        assert_eq!(Key::ctrl('j').as_read(), Key::new(KeyCode::Enter));
        // Only control and those: the others are keys of their own.
        for text in ["j", "C-A-j", "C-k", "A-j", "C-h", "i", "A-m"] {
            let key: Key = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
    }
}
