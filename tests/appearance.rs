//! How the configuration changes what the reader draws, checked cell by cell on a `TestBackend`:
//! colours at each depth (truecolor, 256, 16, none) and the theme's own colours, the reading
//! width and the hidden sidebar.

mod common;

use common::screen::{draw, find, text};
use gloss::core::tags::TagColor;
use gloss::core::user_state::config::{self, Depth};
use gloss::tui::state::{App, Focus, Layout, Settings};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// The second shipped document with the shipped annotations, cursor on the sentence annotated
/// `r1` (denial, authoritative), the next one selected.
fn on_denial(settings: Settings) -> (common::Workspace, App) {
    let ws = common::Workspace::new(true);
    let mut app = common::app_with(&ws.corpus(), settings);
    common::press(&mut app, "S-Tab j Enter");
    common::go_to(&mut app, "We firmly oppose");
    (ws, app)
}

fn at_depth(depth: Depth) -> Settings {
    Settings {
        depth,
        ..Settings::default()
    }
}

/// The cells of the first occurrence of `needle` on the screen.
fn cells<'a>(buf: &'a Buffer, needle: &str) -> Vec<&'a ratatui::buffer::Cell> {
    let (x, y) = find(&text(buf), needle).unwrap_or_else(|| panic!("{needle:?} not on screen"));
    (0..needle.chars().count() as u16)
        .map(|dx| &buf[(x + dx, y)])
        .collect()
}

/// The cell of the gutter key `key` on the row showing `needle`.
fn gutter_key<'a>(buf: &'a Buffer, needle: &str, key: &str) -> &'a ratatui::buffer::Cell {
    let screen = text(buf);
    let (_, y) = find(&screen, needle).unwrap();
    let row = screen.lines().nth(y as usize).unwrap();
    let (x, _) = find(row, &format!("▌{key}")).expect("the cursor mark and keys in the gutter");
    &buf[(x + 1 + key.chars().count() as u16 - 1, y)]
}

/// The colours of the tag legend's swatches, in the scheme's order.
fn swatches(buf: &Buffer) -> Vec<Color> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            if buf[(x, y)].symbol() == "■" {
                out.push(buf[(x, y)].fg);
            }
        }
    }
    out
}

#[test]
fn truecolor_draws_rgb_as_it_is() {
    let (_ws, app) = on_denial(at_depth(Depth::TrueColor));
    let buf = draw(&app, 120, 36);
    assert!(
        cells(&buf, "harshly punish")
            .iter()
            .all(|c| c.bg == Color::Rgb(0x30, 0x30, 0x30))
    );
    // authoritative is #d75f00 in the shipped tags.toml.
    assert_eq!(
        gutter_key(&buf, "harshly punish", "r1").fg,
        Color::Rgb(0xd7, 0x5f, 0x00)
    );
    assert_eq!(
        gutter_key(&buf, "harshly punish", "r").fg,
        Color::LightMagenta
    );
}

#[test]
fn two_hundred_fifty_six_colours_take_the_nearest_xterm_colour() {
    let (_ws, app) = on_denial(at_depth(Depth::Ansi256));
    let buf = draw(&app, 120, 36);
    assert!(
        cells(&buf, "harshly punish")
            .iter()
            .all(|c| c.bg == Color::Indexed(236))
    );
    assert_eq!(
        gutter_key(&buf, "harshly punish", "r1").fg,
        Color::Indexed(166)
    );
    let legend = swatches(&buf);
    assert_eq!(
        legend[5..],
        [Color::Indexed(166), Color::Indexed(73), Color::Indexed(103)]
    );
}

#[test]
fn sixteen_colours_keep_every_tag_apart_and_the_cursor_off_black() {
    let (_ws, app) = on_denial(at_depth(Depth::Ansi16));
    let buf = draw(&app, 120, 36);
    assert!(
        cells(&buf, "harshly punish")
            .iter()
            .all(|c| c.bg == Color::DarkGray)
    );
    let legend = swatches(&buf);
    assert_eq!(legend.len(), 8, "{legend:?}");
    for (i, c) in legend.iter().enumerate() {
        assert!(
            !matches!(
                c,
                Color::Rgb(..) | Color::Indexed(_) | Color::Black | Color::Reset
            ),
            "tag {i} is {c:?}"
        );
        assert!(!legend[..i].contains(c), "tag {i} shares {c:?}: {legend:?}");
    }
    // The named colours stay; the RGB ones (orange, teal, lavender) keep their hue.
    assert_eq!(legend[0], Color::LightRed);
    assert_eq!(legend[5..], [Color::Red, Color::Cyan, Color::Magenta]);
    assert_eq!(gutter_key(&buf, "harshly punish", "r1").fg, Color::Red);
}

#[test]
fn without_colour_every_mark_stays_visible_by_its_modifier() {
    let (_ws, mut app) = on_denial(at_depth(Depth::None));
    common::press(&mut app, "j v k");
    let buf = draw(&app, 120, 36);
    let area = buf.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
    // The selection (two sentences, from the cursor's) is reversed.
    for c in cells(&buf, "harshly punish")
        .iter()
        .chain(&cells(&buf, "This stance"))
    {
        assert!(c.modifier.contains(Modifier::REVERSED));
    }
    // Dropped, the cursor sentence is bold and the annotated text underlined, marked in the
    // gutter.
    common::press(&mut app, "Esc");
    let buf = draw(&app, 120, 36);
    for c in cells(&buf, "harshly punish") {
        assert!(c.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED));
    }
    for c in cells(&buf, "According to data from the Cyberspace") {
        assert!(c.modifier.contains(Modifier::UNDERLINED));
        assert!(!c.modifier.contains(Modifier::BOLD));
    }
    assert_eq!(gutter_key(&buf, "harshly punish", "r1").symbol(), "1");
    // The focused pane (the reading pane) has a thick, bold border; the others a thin one.
    let screen = text(&buf);
    let (x, _) = find(&screen, "┏").expect("a thick corner");
    assert!(x > 20, "the reading pane's corner, not the list's");
    assert!(buf[(x, 0)].modifier.contains(Modifier::BOLD));
    assert_eq!(screen.matches('┏').count(), 1);
    assert!(screen.starts_with("┌ Documents"));
}

#[test]
fn the_theme_colours_the_cursor_the_selection_and_the_focus() {
    let theme = config::Theme {
        cursor: TagColor::Rgb(0x11, 0x22, 0x33),
        selection: Some(TagColor::Rgb(0x26, 0x4f, 0x78)),
        focus: TagColor::Named(9),
    };
    let (_ws, mut app) = on_denial(Settings {
        theme,
        depth: Depth::TrueColor,
        ..Settings::default()
    });
    let buf = draw(&app, 120, 36);
    assert_eq!(cells(&buf, "harshly")[0].bg, Color::Rgb(0x11, 0x22, 0x33));
    let (x, y) = find(&text(&buf), "China opposes using").unwrap();
    assert_eq!(buf[(x - 2, y)].fg, Color::LightRed, "the focused border");
    common::press(&mut app, "j v");
    let buf = draw(&app, 120, 36);
    let selected = cells(&buf, "This stance");
    assert_eq!(selected[0].bg, Color::Rgb(0x26, 0x4f, 0x78));
    assert!(!selected[0].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_maximum_width_centres_a_narrower_text_column() {
    let layout = Layout {
        max_width: Some(40),
        sidebar: true,
        ..Layout::default()
    };
    let (_ws, app) = on_denial(Settings {
        layout,
        ..Settings::default()
    });
    let screen = text(&draw(&app, 120, 36));
    let panes = app.panes().unwrap();
    let (width, _) = panes.text_size();
    assert_eq!(width, 40);
    // Centred: as much room on either side of the column, give or take a column.
    let left = panes.text.x - (panes.reader.x + 1);
    let right = panes.reader.x + panes.reader.width - 1 - (panes.text.x + panes.text.width);
    assert!(left.abs_diff(right) <= 1, "{left} left, {right} right");
    assert!(left > 5);
    // Every text row fits the column: nothing right of it but the border.
    for line in screen.lines().skip(1).take(30) {
        let reading: String = line
            .chars()
            .skip(usize::from(panes.text.x + panes.text.width))
            .take(usize::from(right))
            .collect();
        assert!(reading.trim().is_empty(), "{line:?}");
    }
    let (x, _) = find(&screen, "▌").unwrap();
    assert_eq!(x, panes.text.x, "the gutter moves with the column");
}

#[test]
fn without_the_sidebar_the_reading_pane_takes_its_room_and_focus_skips_it() {
    let layout = Layout {
        sidebar: false,
        ..Layout::default()
    };
    let (_ws, mut app) = on_denial(Settings {
        layout,
        ..Settings::default()
    });
    let screen = text(&draw(&app, 120, 36));
    assert!(!screen.contains("Annotations ("), "{screen}");
    assert!(!screen.contains(" Tags "), "{screen}");
    let panes = app.panes().unwrap();
    assert_eq!(panes.reader.x + panes.reader.width, 120);
    assert_eq!(app.focus, Focus::Reader);
    common::press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::List);
    common::press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Reader);
    common::press(&mut app, "S-Tab S-Tab");
    assert_eq!(app.focus, Focus::Reader);
}
