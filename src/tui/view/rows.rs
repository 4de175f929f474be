//! Lines drawn one per row, for the panes drawn on every key.

use std::borrow::Cow;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;

use crate::tui::fit::single_cell;

/// `lines` drawn one per row from the top of `area`, each cut at its width, as an unwrapped,
/// left-aligned `Paragraph` draws them, but without laying each line out again grapheme by
/// grapheme and styling the whole area first: the reading pane, the document list and the
/// sidebar are drawn on every key, and that was a third of a key's frame. Lines beyond the
/// area's height are not drawn.
pub fn draw<'a>(lines: impl IntoIterator<Item = Line<'a>>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        set_line(buf, area.x, y, &line, area.width);
    }
}

/// `line` drawn on the top row of `area` against its right edge, as an unwrapped `Paragraph`
/// draws a right-aligned line: one that fits and is all characters of one column that are
/// graphemes by themselves (see [`single_cell`]) is set as [`draw`] sets it; any other goes to
/// the `Paragraph`. The status bar draws its keys so on every key.
pub fn draw_right(line: Line, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    let width = line.width();
    if area.is_empty() || width > usize::from(area.width) || !is_plain(&line) {
        Paragraph::new(line.right_aligned()).render(area, buf);
        return;
    }
    let x = area.right() - width as u16;
    set_line(buf, x, area.y, &line, width as u16);
}

/// Whether `line` is all characters of one column that are graphemes by themselves (see
/// [`single_cell`]): one that [`set_line`] sets a character a cell, as ratatui would lay it out.
pub(super) fn is_plain(line: &Line) -> bool {
    line.spans
        .iter()
        .all(|s| s.content.chars().all(single_cell))
}

/// `line` drawn from (x, y) in at most `max_width` columns, as `Buffer::set_line` draws it.
pub(super) fn set_line(buf: &mut Buffer, mut x: u16, y: u16, line: &Line, max_width: u16) {
    let mut remaining = max_width;
    for span in line {
        if remaining == 0 {
            break;
        }
        let end = set_str(
            buf,
            x,
            y,
            &span.content,
            remaining,
            line.style.patch(span.style),
        );
        remaining = remaining.saturating_sub(end.saturating_sub(x));
        x = end;
    }
}

/// `s` drawn from (x, y) in at most `max_width` columns, as `Buffer::set_stringn` draws it;
/// returns the column after it. Characters that are a grapheme of one column by themselves (see
/// [`single_cell`]) are set straight into their cell; from the first that may not be, the rest
/// goes to ratatui, which splits it into graphemes and measures each: that was a fifth of a
/// key's frame, for text that is nearly all ASCII.
fn set_str(buf: &mut Buffer, x: u16, y: u16, s: &str, max_width: u16, style: Style) -> u16 {
    let room = usize::from(buf.area.right().saturating_sub(x).min(max_width));
    // The row's cells are consecutive from (x, y): found once, not for every character.
    let first = if room > 0 { buf.index_of(x, y) } else { 0 };
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        // All printable ASCII, as nearly every run of the reading pane is: a cell a byte, each
        // symbol sliced one byte long, which the compiler copies in place.
        let n = s.len().min(room);
        for (i, cell) in buf.content[first..first + n].iter_mut().enumerate() {
            cell.set_symbol(&s[i..i + 1]).set_style(style);
        }
        return x + n as u16;
    }
    let mut drawn = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // A character is a grapheme by itself unless the next one extends it.
        let alone = chars.peek().is_none_or(|&(_, next)| single_cell(next));
        if !(alone && single_cell(c)) {
            let at = x + drawn as u16;
            let rest = as_terminals_agree(&s[i..]);
            return buf.set_stringn(at, y, rest.as_ref(), room - drawn, style).0;
        }
        if drawn == room {
            break;
        }
        set_char(&mut buf.content[first + drawn], c).set_style(style);
        drawn += 1;
    }
    x + drawn as u16
}

/// `cell` given `c` as its symbol, as `Cell::set_char` gives it. Where `c` is ASCII the compiler
/// knows the symbol is one byte, and copies it in place; of any length, it is copied by a call
/// to `memcpy`, and reading the cell's string back after that stalls: that was a third of what
/// setting the reading pane's text cost. Done the same way in both branches, the two copies
/// would be merged into the slow one.
fn set_char(cell: &mut Cell, c: char) -> &mut Cell {
    if c.is_ascii() {
        cell.set_char(c)
    } else {
        cell.set_symbol(c.encode_utf8(&mut [0; 4]))
    }
}

/// `s` with each emoji sequence (emoji joined by a zero-width joiner, or followed by a variation
/// selector, a skin tone or a keycap mark) cut to its first character. Terminals disagree on
/// how many columns such a sequence takes: tmux draws 👍🏽 as two emoji, four columns, where its
/// Unicode width, which ratatui goes by, is two. The character after it is then drawn over by
/// the terminal, and lost from the screen until its row is drawn again whole. The first
/// character alone takes the same columns everywhere. Only what is drawn changes, not the text.
fn as_terminals_agree(s: &str) -> Cow<'_, str> {
    let in_sequence = |c: char| {
        matches!(
            c,
            '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{20e3}' | '\u{1f3fb}'..='\u{1f3ff}'
        )
    };
    if !s.chars().any(in_sequence) {
        return Cow::Borrowed(s);
    }
    s.graphemes(true)
        .map(|g| match g.chars().any(in_sequence) {
            true => &g[..g.chars().next().map_or(0, char::len_utf8)],
            false => g,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    use super::*;

    /// What `Paragraph` draws and what `draw` draws, side by side, for lines shorter and longer
    /// than the area, styled by line and by span, with wide characters and more lines than rows.
    #[test]
    fn draws_as_an_unwrapped_paragraph_does() {
        let lines = vec![
            Line::styled("short", Style::new().fg(Color::Red)),
            Line::from(vec![
                Span::raw("a span "),
                Span::styled("styled and cut at the edge", Style::new().bg(Color::Blue)),
            ]),
            Line::raw("宽字符在边上被截断了吗"),
            Line::raw(""),
            Line::raw("beyond the last row"),
        ];
        let area = Rect::new(2, 1, 15, 4);
        let mut by_paragraph = Buffer::empty(Rect::new(0, 0, 20, 6));
        Paragraph::new(lines.clone()).render(area, &mut by_paragraph);
        let mut by_rows = Buffer::empty(Rect::new(0, 0, 20, 6));
        draw(lines, area, &mut by_rows);
        assert_eq!(by_rows, by_paragraph);
    }

    /// A right-aligned line drawn as a `Paragraph` draws it: shorter than the area, as wide,
    /// wider (cut), with a wide character, styled by line and by span, over cells holding text.
    #[test]
    fn draws_right_aligned_as_a_paragraph_does() {
        let lines = [
            Line::styled("keys · q quit", Style::new().fg(Color::DarkGray)),
            Line::from(vec![
                Span::raw("a "),
                Span::styled("宽 b", Style::new().bg(Color::Blue)),
            ]),
            Line::raw(""),
        ];
        for line in lines {
            for width in 0..16 {
                let area = Rect::new(2, 1, width, 1);
                let mut before = Buffer::empty(Rect::new(0, 0, 20, 3));
                before.set_string(0, 1, "under the status", Style::new().fg(Color::Green));
                let mut by_paragraph = before.clone();
                Paragraph::new(line.clone().right_aligned()).render(area, &mut by_paragraph);
                let mut by_rows = before;
                draw_right(line.clone(), area, &mut by_rows);
                assert_eq!(by_rows, by_paragraph, "{line:?} {width}");
            }
        }
    }

    /// Characters of every kind the fast path must leave to ratatui, and ones it takes.
    fn character() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            'a',
            'Z',
            ' ',
            '~',
            'é',
            '\u{a0}',
            '\u{ad}',
            '“',
            '”',
            '…',
            '—',
            '→',
            '─',
            '▌',
            '■',
            '▸',
            '✎',
            '≡',
            '»',
            '\u{301}',
            '\u{200d}',
            '\u{200c}',
            '\u{fe0f}',
            '\u{fe0e}',
            '\t',
            '\n',
            '\r',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '宽',
            '\u{1f600}',
            '\u{1f1eb}',
            '\u{1f1f7}',
            '\u{600}',
            '\u{903}',
            '\u{915}',
            '\u{94d}',
            '\u{1100}',
            '\u{1161}',
            '\u{11a8}',
            '\u{2028}',
            '\u{200b}',
            '\u{e0041}',
            '\u{25fd}',
            '\u{2614}',
        ])
    }

    fn style() -> impl Strategy<Value = Style> {
        prop::sample::select(vec![
            Style::new(),
            Style::new().fg(Color::Red),
            Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD),
            Style::new().remove_modifier(Modifier::BOLD),
        ])
    }

    fn span() -> impl Strategy<Value = Span<'static>> {
        (prop::collection::vec(character(), 0..12), style())
            .prop_map(|(cs, s)| Span::styled(cs.into_iter().collect::<String>(), s))
    }

    /// An emoji sequence is drawn as its first emoji, in the columns the terminal gives it, so
    /// that the text after it is where the terminal draws it.
    #[test]
    fn an_emoji_sequence_is_drawn_as_its_first_emoji() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        let line = Line::from("tone 👍🏽 and ❤️ and 👨‍👩‍👧 and é");
        draw([line], buf.area, &mut buf);
        // A wide emoji's second cell is left blank, as ratatui leaves it.
        let shown: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(shown.trim_end(), "tone 👍  and ❤ and 👨  and é");
        assert_eq!(as_terminals_agree("plain é"), Cow::Borrowed("plain é"));
    }

    proptest! {
        /// Drawn cell for cell as ratatui's `Buffer::set_line` draws it, over a buffer away from
        /// the origin that already holds something, on any of its rows, at any place and width.
        #[test]
        fn draws_as_ratatui_draws(
            spans in prop::collection::vec(span(), 0..5),
            line_style in style(),
            x in 3u16..15,
            y in 1u16..3,
            width in 0u16..16,
        ) {
            let line = Line::from(spans).style(line_style);
            let mut before = Buffer::empty(Rect::new(3, 1, 10, 2));
            for y in 1..3 {
                before.set_string(3, y, "xxxxxxxxxx", Style::new().fg(Color::Green));
            }
            let x = x.min(12);
            let mut by_ratatui = before.clone();
            let agreed: Vec<Span> = line
                .spans
                .iter()
                .map(|s| Span::styled(as_terminals_agree(&s.content).into_owned(), s.style))
                .collect();
            by_ratatui.set_line(x, y, &Line::from(agreed).style(line_style), width);
            let mut by_rows = before;
            set_line(&mut by_rows, x, y, &line, width);
            prop_assert_eq!(by_rows, by_ratatui);
        }
    }
}
