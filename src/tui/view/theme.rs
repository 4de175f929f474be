//! Colours and styles shared by the views: the user's theme, drawn with as many colours as the
//! terminal has. Without colour every mark stays visible by a modifier: the cursor sentence bold,
//! the selection reversed, annotations underlined (their tag keys are in the gutter), the focused
//! pane's border thick.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

use crate::core::tags::{TagColor, TagSet};
use crate::core::user_state::config::{self, Depth};
use crate::tui::view::palette;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    depth: Depth,
    cursor: Color,
    /// `None`: reversed.
    selection: Option<Color>,
    focus: Color,
    /// The colour of each tag of the scheme, index for index.
    tags: Vec<Color>,
}

/// The 16 named colours, in the order of their ANSI numbers.
pub const NAMED: [Color; 16] = [
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
];

/// Background of the item under the cursor in a pane without focus.
const UNFOCUSED_ITEM: TagColor = TagColor::Rgb(0x44, 0x44, 0x44);

impl Theme {
    /// The theme for `tags` at `depth`. On 16 colours each tag given as `#rrggbb` gets the
    /// nearest ANSI colour that no earlier tag has, so that tags stay apart.
    pub fn new(theme: &config::Theme, depth: Depth, tags: &TagSet) -> Theme {
        let mut out = Theme {
            depth,
            cursor: Color::Reset,
            selection: None,
            focus: Color::Reset,
            tags: Vec::new(),
        };
        out.cursor = out.paint(theme.cursor);
        out.selection = theme.selection.map(|c| out.paint(c));
        out.focus = out.paint(theme.focus);
        out.set_tags(tags);
        out
    }

    /// Takes the colours of a changed scheme.
    pub fn set_tags(&mut self, tags: &TagSet) {
        self.tags = if self.depth == Depth::Ansi16 {
            let mut taken: Vec<u8> = tags
                .tags
                .iter()
                .filter_map(|t| match t.color {
                    TagColor::Named(i) => Some(i),
                    TagColor::Rgb(..) => None,
                })
                .collect();
            let mut colors = Vec::new();
            for t in &tags.tags {
                let i = match t.color {
                    TagColor::Named(i) => i,
                    TagColor::Rgb(r, g, b) => {
                        let i = palette::nearest_16((r, g, b), |i| i != 0 && !taken.contains(&i))
                            .or_else(|| palette::nearest_16((r, g, b), |i| i != 0))
                            .unwrap_or(7);
                        taken.push(i);
                        i
                    }
                };
                colors.push(NAMED[usize::from(i) % 16]);
            }
            colors
        } else {
            tags.tags.iter().map(|t| self.paint(t.color)).collect()
        };
    }

    /// A colour as the terminal can show it. Black is the usual background, so on 16 colours no
    /// `#rrggbb` becomes black.
    fn paint(&self, color: TagColor) -> Color {
        match (self.depth, color) {
            (Depth::None, _) => Color::Reset,
            (_, TagColor::Named(i)) => NAMED[usize::from(i) % 16],
            (Depth::TrueColor, TagColor::Rgb(r, g, b)) => Color::Rgb(r, g, b),
            (Depth::Ansi256, TagColor::Rgb(r, g, b)) => {
                Color::Indexed(palette::nearest_256((r, g, b)))
            }
            (Depth::Ansi16, TagColor::Rgb(r, g, b)) => {
                NAMED[usize::from(palette::nearest_16((r, g, b), |i| i != 0).unwrap_or(8))]
            }
        }
    }

    fn colorless(&self) -> bool {
        self.depth == Depth::None
    }

    /// The colour of the tag at `index` of the scheme.
    pub fn tag_color(&self, index: usize) -> Color {
        self.tags.get(index).copied().unwrap_or(Color::Reset)
    }

    /// The colour of a tag by name; tags missing from the scheme are grey.
    pub fn color_of(&self, tags: &TagSet, name: &str) -> Color {
        match tags.tags.iter().position(|t| t.name == name) {
            Some(i) => self.tag_color(i),
            None => self.paint(TagColor::Named(7)),
        }
    }

    /// A pane's bordered block, marked when it has the focus.
    pub fn block(&self, focused: bool) -> Block<'static> {
        let (kind, style) = self.border(focused);
        Block::bordered().border_type(kind).border_style(style)
    }

    /// A pane's border and its style: thick without colour when it has the focus, else in the
    /// focus colour, bold; dim without it.
    pub fn border(&self, focused: bool) -> (BorderType, Style) {
        match (focused, self.colorless()) {
            (true, true) => (BorderType::Thick, Style::new().add_modifier(Modifier::BOLD)),
            (true, false) => (
                BorderType::Plain,
                Style::new().fg(self.focus).add_modifier(Modifier::BOLD),
            ),
            (false, _) => (BorderType::Plain, self.dim()),
        }
    }

    pub fn dim(&self) -> Style {
        if self.colorless() {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            Style::new().fg(Color::DarkGray)
        }
    }

    pub fn cursor(&self) -> Style {
        if self.colorless() {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().bg(self.cursor)
        }
    }

    /// The cursor's mark in the gutter.
    pub fn cursor_mark(&self, focused: bool) -> Style {
        if focused {
            Style::new().fg(self.paint(TagColor::Named(3)))
        } else {
            self.dim()
        }
    }

    pub fn selection(&self) -> Style {
        match self.selection {
            Some(bg) if !self.colorless() => Style::new().bg(bg),
            _ => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// The annotation the next tag key adds to: bold, and underlined like every annotation, so
    /// that it is not taken for a selection.
    pub fn current_annotation(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Every match of the search on screen.
    pub fn search_match(&self) -> Style {
        if self.colorless() {
            Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC)
        } else {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        }
    }

    /// The match the search last went to: another colour, and bold so that colour is not all.
    pub fn current_match(&self) -> Style {
        if self.colorless() {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn selected_item(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
                .add_modifier(Modifier::BOLD)
                .bg(self.paint(UNFOCUSED_ITEM))
        }
    }

    pub fn error(&self) -> Style {
        Style::new()
            .fg(self.paint(TagColor::Named(9)))
            .add_modifier(Modifier::BOLD)
    }

    /// Text of an annotation placed by a guess and not yet confirmed, over its tag's colour and
    /// underline: italic, which needs no colour, so that it never reads as a normal tag.
    pub fn to_confirm(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    /// A suggested sentence (an attributed claim not yet coded): dim italic, which needs no
    /// colour, so that it reads as a hint and never as an annotation (those are underlined in
    /// their tag's colour).
    pub fn suggestion(&self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM)
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Keys in the help.
    pub fn key(&self) -> Style {
        Style::new().fg(self.paint(TagColor::Named(6)))
    }
}

impl Default for Theme {
    /// The default theme on 256 colours, with no tags.
    fn default() -> Theme {
        Theme::new(
            &config::Theme::default(),
            Depth::Ansi256,
            &TagSet::default(),
        )
    }
}

/// The key shown for a tag by name; `?` for a tag missing from the scheme.
pub fn key_of(tags: &TagSet, name: &str) -> char {
    tags.by_name(name).map_or('?', |t| t.key)
}
