//! What a special key's escape sequence stands for, when the terminal library has already taken
//! its `ESC` for a key of its own. A terminal sends Up as `ESC [ A` and F5 as `ESC [ 1 5 ~`;
//! crossterm reads `ESC ESC` (an Esc typed right before such a key, in one read: a fast typist,
//! ssh, tmux) as one Esc and the rest of the sequence as the plain keys `[`, `1`, `5`, `~`, which
//! would move, attach and tag. `terminal` hands the bytes that followed such an Esc to `decode`,
//! which reads them as crossterm reads a whole sequence: every legacy (vt100/xterm/rxvt/linux
//! console) key crossterm knows, with modifiers, and the SGR mouse reports gloss asks for. No
//! parser that is kept up fits: crossterm's own is private, termina's (its successor in helix)
//! has the same fault, and termwiz would replace the whole event loop and bring some thirty
//! crates for this one case.

use crate::tui::keys::{Key, KeyCode};
use crate::tui::mouse::{Mouse, MouseKind};

/// What the bytes after an `ESC` (`ESC` itself not included) stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Key(Key),
    Mouse(Mouse),
    /// A whole sequence that means nothing to gloss (Insert, a middle click, a report), dropped
    /// as crossterm drops it: never read as the keys its bytes spell.
    Ignored,
    /// The start of a sequence: its next byte decides.
    Partial,
    /// Not a sequence: the bytes are the keys they are.
    NotASequence,
}

/// Longer than any key or mouse report (`[<35;1000;1000M` is 15 bytes): what grows past it is
/// not waited for any longer.
pub const LONGEST: usize = 24;

/// Reads `tail`, the bytes that followed an `ESC`: `[15~` is F5, `[1;5A` C-Up, `OP` F1, `[Z`
/// S-Tab, `[<0;5;6M` a left press at column 4, row 5 (counted from 0).
pub fn decode(tail: &[u8]) -> Decoded {
    match tail {
        [] | [b'O'] => Decoded::Partial,
        [b'O', last] => match final_key(*last) {
            Some(code) => Decoded::Key(Key::new(code)),
            None => Decoded::Ignored,
        },
        [b'[', body @ ..] => csi(body),
        _ => Decoded::NotASequence,
    }
}

/// `body`: what follows `ESC [`.
fn csi(body: &[u8]) -> Decoded {
    // The linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E`.
    if let [b'[', rest @ ..] = body {
        return match rest {
            [] => Decoded::Partial,
            [c @ b'A'..=b'E'] => Decoded::Key(Key::new(KeyCode::F(c - b'A' + 1))),
            _ => Decoded::Ignored,
        };
    }
    // ECMA-48: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte
    // 0x40–0x7E.
    let Some((&last, params)) = body.split_last() else {
        return Decoded::Partial;
    };
    if !params.iter().all(|b| (0x20..=0x3F).contains(b)) {
        return Decoded::NotASequence;
    }
    if (0x20..=0x3F).contains(&last) {
        return if body.len() < LONGEST {
            Decoded::Partial
        } else {
            Decoded::Ignored
        };
    }
    if !(0x40..=0x7E).contains(&last) {
        return Decoded::NotASequence;
    }
    let Ok(params) = std::str::from_utf8(params) else {
        return Decoded::Ignored;
    };
    if let Some(sgr) = params.strip_prefix('<') {
        return sgr_mouse(sgr, last).map_or(Decoded::Ignored, Decoded::Mouse);
    }
    key(params, last).map_or(Decoded::Ignored, Decoded::Key)
}

/// The key of a CSI sequence with parameters `params` and final byte `last`.
fn key(params: &str, last: u8) -> Option<Key> {
    let fields: Vec<&str> = match params {
        "" => Vec::new(),
        _ => params.split(';').collect(),
    };
    // 1 + a mask of Shift 1, Alt 2, Ctrl 4 (and Super, Hyper, Meta, which gloss does not read),
    // with `:kind` after it under the kitty protocol.
    let modifiers = |field: &str| -> Option<u8> {
        let mask = field.split(':').next()?.parse::<u8>().ok()?;
        Some(mask.saturating_sub(1))
    };
    let (code, mask) = match (last, fields.as_slice()) {
        (b'~', [n]) => (numbered_key(n.parse().ok()?)?, 0),
        (b'~', [n, m, ..]) => (numbered_key(n.parse().ok()?)?, modifiers(m)?),
        (b'Z', []) => (KeyCode::BackTab, 0),
        (_, []) => (final_key(last)?, 0),
        // `ESC [ 5 A`, rxvt's older form, carries the modifiers alone.
        (_, [m]) => (final_key(last)?, modifiers(m)?),
        (_, [_, m, ..]) => (final_key(last)?, modifiers(m)?),
    };
    Some(Key {
        code,
        ctrl: mask & 4 != 0,
        alt: mask & 2 != 0,
    })
}

/// The key of `ESC [ X` and `ESC O X`.
fn final_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        _ => return None,
    })
}

/// The key of `ESC [ n ~`, numbered as crossterm numbers them, so that a key reads the same
/// with an Esc before it as without (xterm's and rxvt's up to F14; 2, Insert, is no key of
/// gloss's).
fn numbered_key(n: u8) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F(n - 10),
        17..=21 => KeyCode::F(n - 11),
        23..=26 => KeyCode::F(n - 12),
        28..=29 => KeyCode::F(n - 15),
        31..=34 => KeyCode::F(n - 17),
        _ => return None,
    })
}

/// `ESC [ < b ; x ; y M` (pressed, or moved) or `… m` (released), x and y counted from 1; only
/// what `terminal` passes on from crossterm (the left button and the wheel) is kept.
fn sgr_mouse(params: &str, last: u8) -> Option<Mouse> {
    let mut fields = params.split(';').map(|f| f.parse::<u16>().ok());
    let (Some(Some(b)), Some(Some(x)), Some(Some(y)), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return None;
    };
    // Bits 2–4 are Shift, Alt, Ctrl, which gloss's mouse does not read; 32 a drag, 64 the wheel.
    let kind = match (b & !0b1_1100, last) {
        (0, b'M') => MouseKind::Press,
        (0, b'm') => MouseKind::Release,
        (32, b'M') => MouseKind::Drag,
        (64, b'M') => MouseKind::ScrollUp,
        (65, b'M') => MouseKind::ScrollDown,
        _ => return None,
    };
    Some(Mouse {
        kind,
        column: x.checked_sub(1)?,
        row: y.checked_sub(1)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The bytes after `ESC` that xterm (PC-style function keys, normal or application cursor
    /// mode), rxvt or the linux console send for `code` with Ctrl and Alt (and Shift, which
    /// gloss does not read apart from S-Tab) as `mods` (Shift 1, Alt 2, Ctrl 4); `variant`
    /// picks among the forms a key has. Written from xterm's ctlseqs, not from `decode`.
    fn encode(code: KeyCode, mods: u8, variant: usize) -> String {
        let m = 1 + mods;
        let letter = |c: char| match (mods, variant % 2) {
            (0, 0) => format!("[{c}"),
            (0, _) => format!("O{c}"),
            _ => format!("[1;{m}{c}"),
        };
        let tilde = |n: u8| match mods {
            0 => format!("[{n}~"),
            _ => format!("[{n};{m}~"),
        };
        match code {
            KeyCode::Up => letter('A'),
            KeyCode::Down => letter('B'),
            KeyCode::Right => letter('C'),
            KeyCode::Left => letter('D'),
            KeyCode::Home if variant % 3 == 2 => tilde([1, 7][variant % 2]),
            KeyCode::Home => letter('H'),
            KeyCode::End if variant % 3 == 2 => tilde([4, 8][variant % 2]),
            KeyCode::End => letter('F'),
            KeyCode::F(n @ 1..=4) if variant % 3 == 2 && mods == 0 => match variant % 2 {
                0 => tilde(n + 10),
                _ => format!("[[{}", (b'A' + n - 1) as char),
            },
            KeyCode::F(n @ 1..=4) => match mods {
                0 => format!("O{}", (b'P' + n - 1) as char),
                _ => format!("[1;{m}{}", (b'P' + n - 1) as char),
            },
            KeyCode::F(5) if variant % 3 == 2 && mods == 0 => "[[E".to_owned(),
            KeyCode::F(n @ 5) => tilde(n + 10),
            KeyCode::F(n @ 6..=10) => tilde(n + 11),
            KeyCode::F(n @ 11..=14) => tilde(n + 12),
            // Past F14, crossterm's numbers (28 is F13, 31 F14, up to 34 F17; xterm says F15,
            // F17): an F key reads the same with an Esc before it as without.
            KeyCode::F(n @ 15..=17) => tilde(n + 17),
            KeyCode::Delete => tilde(3),
            KeyCode::PageUp => tilde(5),
            KeyCode::PageDown => tilde(6),
            KeyCode::BackTab => "[Z".to_owned(),
            other => unreachable!("{other:?} has no escape sequence"),
        }
    }

    fn special() -> impl Strategy<Value = KeyCode> {
        prop_oneof![
            Just(KeyCode::Up),
            Just(KeyCode::Down),
            Just(KeyCode::Right),
            Just(KeyCode::Left),
            Just(KeyCode::Home),
            Just(KeyCode::End),
            Just(KeyCode::Delete),
            Just(KeyCode::PageUp),
            Just(KeyCode::PageDown),
            Just(KeyCode::BackTab),
            (1u8..=17).prop_map(KeyCode::F),
        ]
    }

    proptest! {
        /// Every special key, with any modifiers and in each form a terminal sends it, reads
        /// as itself, and each byte before its last asks for the next.
        #[test]
        fn special_keys_read_as_themselves(code in special(), mods in 0u8..8, variant in 0usize..6) {
            let mods = if code == KeyCode::BackTab { 1 } else { mods };
            let tail = encode(code, mods, variant);
            let key = Key { code, ctrl: mods & 4 != 0, alt: mods & 2 != 0 };
            prop_assert_eq!(decode(tail.as_bytes()), Decoded::Key(key), "{}", tail);
            for end in 1..tail.len() {
                prop_assert_eq!(decode(&tail.as_bytes()[..end]), Decoded::Partial, "{}", &tail[..end]);
            }
        }

        /// The left button and the wheel, anywhere, with any modifiers, as SGR reports them.
        #[test]
        fn sgr_mouse_reports_read_as_the_mouse(kind in 0usize..5, held in 0u16..8, x in 1u16..1000, y in 1u16..1000) {
            let (button, last, kind) = [
                (0, 'M', MouseKind::Press),
                (0, 'm', MouseKind::Release),
                (32, 'M', MouseKind::Drag),
                (64, 'M', MouseKind::ScrollUp),
                (65, 'M', MouseKind::ScrollDown),
            ][kind];
            let tail = format!("[<{};{x};{y}{last}", button + held * 4);
            let mouse = Mouse { kind, column: x - 1, row: y - 1 };
            prop_assert_eq!(decode(tail.as_bytes()), Decoded::Mouse(mouse));
            for end in 1..tail.len() {
                prop_assert_eq!(decode(&tail.as_bytes()[..end]), Decoded::Partial);
            }
        }

        /// After an Esc, what starts no sequence is the keys it is.
        #[test]
        fn other_keys_are_no_sequence(c in any::<char>().prop_filter("a sequence's start", |c| !"[O".contains(*c))) {
            prop_assert_eq!(decode(c.to_string().as_bytes()), Decoded::NotASequence);
        }
    }

    #[test]
    fn sequences_gloss_ignores_are_dropped_whole() {
        // Insert, a middle click, the answer to a device-attributes query.
        for tail in ["[2~", "[<1;5;6M", "[?62c", "Ox", "[[x"] {
            assert_eq!(decode(tail.as_bytes()), Decoded::Ignored, "{tail}");
        }
        // A `[` and a letter are no key either: dropped, as crossterm drops `ESC [ j`.
        assert_eq!(decode(b"[j"), Decoded::Ignored);
        // A `[` then a character no sequence holds: the keys.
        assert_eq!(decode("[é".as_bytes()), Decoded::NotASequence);
    }
}
