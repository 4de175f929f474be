//! Colours and styles shared by the views.

use ratatui::style::{Color, Modifier, Style};

use crate::core::tags::{TagColor, TagSet};

pub fn tag_color(color: TagColor) -> Color {
    match color {
        TagColor::Named(i) => [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ][usize::from(i) % 16],
        TagColor::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

/// The colour of a tag by name; tags missing from the scheme are grey.
pub fn color_of(tags: &TagSet, name: &str) -> Color {
    tags.by_name(name)
        .map_or(Color::Gray, |t| tag_color(t.color))
}

/// The key shown for a tag by name; `?` for a tag missing from the scheme.
pub fn key_of(tags: &TagSet, name: &str) -> char {
    tags.by_name(name).map_or('?', |t| t.key)
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn cursor() -> Style {
    Style::new().bg(Color::Indexed(236))
}

pub fn selection() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// Every match of the search on screen.
pub fn search_match() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow)
}

/// The match the search last went to: another colour, and bold so that colour is not all.
pub fn current_match() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

pub fn selected_item(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
            .add_modifier(Modifier::BOLD)
            .bg(Color::Indexed(238))
    }
}

pub fn error() -> Style {
    Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

pub fn heading() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
