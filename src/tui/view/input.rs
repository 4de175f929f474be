//! A one-line text input as drawn: the end of the text before the cursor that fits, the cursor
//! as a reversed cell, then what follows it.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::tui::text_input::TextInput;

/// The input in `width` columns, the cursor always in view.
pub fn spans(input: &TextInput, width: usize) -> Vec<Span<'static>> {
    let (before, after) = input.value.split_at(input.cursor);
    let mut shown_before = before;
    while shown_before.width() + 1 > width && !shown_before.is_empty() {
        let mut chars = shown_before.chars();
        chars.next();
        shown_before = chars.as_str();
    }
    let mut after_chars = after.chars();
    let under = after_chars.next().map_or(" ".to_owned(), |c| c.to_string());
    vec![
        Span::raw(shown_before.to_owned()),
        Span::styled(under, Style::new().add_modifier(Modifier::REVERSED)),
        Span::raw(after_chars.as_str().to_owned()),
    ]
}
