//! Reflowing hard-wrapped text for display: the lines of a paragraph that were broken only because
//! they reached the width the text was wrapped at (e-mails, Project Gutenberg, text from PDFs,
//! licences, mostly at 70 to 80 columns) are shown as one display line, which the reading pane then
//! wraps once to its own width. Only the display lines change: every offset is still the file's,
//! and a reflowed line keeps its line breaks inside, drawn as spaces.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::core::documents::sentences::is_list_item;

/// Whether to reflow, as the configuration's `reflow` says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reflow {
    /// When the document looks hard-wrapped: see [`wrap_width`].
    #[default]
    Auto,
    /// Every line of a paragraph goes on into the next, except before a list item.
    Always,
    /// Lines are shown as the file has them.
    Never,
}

impl std::str::FromStr for Reflow {
    type Err = ();

    fn from_str(s: &str) -> Result<Reflow, ()> {
        match s {
            "auto" => Ok(Reflow::Auto),
            "always" => Ok(Reflow::Always),
            "never" => Ok(Reflow::Never),
            _ => Err(()),
        }
    }
}

/// Fewest lines followed by another line of their paragraph that a hard-wrapped document has.
const MIN_WRAPPED_LINES: usize = 4;
/// Narrowest and widest wrap widths recognised, in display columns.
const WRAP_WIDTHS: Range<usize> = 40..101;
/// How far short of the wrap width a wrapped line may end: the length of a long word.
const SLACK: usize = 15;
/// How many columns short of the wrap width a line may have been broken although the next word
/// would have fitted: text wrapped by hand, or re-wrapped after edits, is ragged (the GPL's
/// lines end anywhere from 59 to 77 columns).
const RAGGED: usize = 10;

/// The width, in display columns, the text was hard-wrapped at; `None` when it does not look
/// hard-wrapped. Looked at are the lines followed by another line of their paragraph (not a blank
/// one): the wrap width is the width nine in ten of them do not exceed, and the text is
/// hard-wrapped when at least six in ten of them end within [`SLACK`] columns of it.
pub fn wrap_width(text: &str) -> Option<usize> {
    let mut widths = Vec::new();
    wrapped_widths(text, &mut widths);
    width_of(widths)
}

/// Bytes of text [`sampled_wrap_width`] looks at: a few milliseconds of measuring widths.
const SAMPLE_BYTES: usize = 512 * 1024;
/// Places across a longer text it looks at.
const SAMPLES: usize = 32;

/// [`wrap_width`] of a text up to [`SAMPLE_BYTES`]; of a longer one, of the whole lines in
/// [`SAMPLES`] stretches spread evenly across it, [`SAMPLE_BYTES`] in all: a 50 MB document is
/// opened without measuring every line, and how it was wrapped shows in any part of it.
pub fn sampled_wrap_width(text: &str) -> Option<usize> {
    if text.len() <= SAMPLE_BYTES {
        return wrap_width(text);
    }
    let stretch = SAMPLE_BYTES / SAMPLES;
    let mut widths = Vec::new();
    for i in 0..SAMPLES {
        let at = i * (text.len() - stretch) / (SAMPLES - 1);
        let bytes = &text.as_bytes()[at..at + stretch];
        // Whole lines only: from after the first break to the last one.
        if let (Some(first), Some(last)) =
            (memchr::memchr(b'\n', bytes), memchr::memrchr(b'\n', bytes))
            && first < last
        {
            wrapped_widths(&text[at + first + 1..at + last], &mut widths);
        }
    }
    width_of(widths)
}

/// Adds to `widths` the width of each line of `text` followed by another line of its
/// paragraph.
fn wrapped_widths(text: &str, widths: &mut Vec<usize>) {
    let mut lines = text.split('\n').peekable();
    while let (Some(line), Some(next)) = (lines.next(), lines.peek()) {
        if !is_blank(line) && !is_blank(next) {
            widths.push(line.trim_end().width());
        }
    }
}

/// The wrap width that the widths of wrapped lines show: see [`wrap_width`].
fn width_of(mut widths: Vec<usize>) -> Option<usize> {
    if widths.len() < MIN_WRAPPED_LINES {
        return None;
    }
    widths.sort_unstable();
    let width = widths[widths.len() * 9 / 10];
    let near = widths
        .iter()
        .filter(|&&w| w + SLACK >= width && w <= width)
        .count();
    (WRAP_WIDTHS.contains(&width) && near * 10 >= widths.len() * 6).then_some(width)
}

/// Whether the line `before` was broken only for width, so that `after` goes on in its display
/// line: both have text, `after` starts no list item nor quoted mail (`>`), and, when the wrap
/// `width` is known, the first word of `after` would not have fitted on `before` within
/// [`RAGGED`] columns of it.
pub fn goes_on(before: &str, after: &str, width: Option<usize>) -> bool {
    let next = after.trim_start();
    if is_blank(before) || next.is_empty() || is_list_item(next) || next.starts_with('>') {
        return false;
    }
    let Some(width) = width else { return true };
    let word = next.split(char::is_whitespace).next().unwrap_or_default();
    before.trim_end().width() + 1 + word.width() + RAGGED > width
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::documents::display_lines::{DisplayLines, Joins};

    const GPL: &str = "\
  Preamble

  The licenses for most software are designed to take away your
freedom to share and change it.  By contrast, the GNU General Public
License is intended to guarantee your freedom to share and change free
software--to make sure the software is free for all its users.  This
General Public License applies to most of the Free Software
Foundation's software.

  1. You may copy and distribute verbatim copies of the Program's
source code as you receive it, in any medium, provided that you
conspicuously publish on each copy an appropriate copyright notice.
";

    fn display_lines(text: &str, reflow: Reflow) -> Vec<Range<usize>> {
        let lines = DisplayLines::new(text.len(), Joins::of(text, reflow));
        std::iter::successors(Some(lines.at(text, 0)), |l| lines.next(text, l)).collect()
    }

    fn shown(text: &str, reflow: Reflow) -> Vec<String> {
        display_lines(text, reflow)
            .into_iter()
            .map(|r| text[r].replace('\n', "|"))
            .collect()
    }

    #[test]
    fn a_hard_wrapped_licence_is_joined_by_paragraph_and_short_lines_stay() {
        assert_eq!(wrap_width(GPL), Some(70));
        let lines = shown(GPL, Reflow::Auto);
        assert_eq!(lines[0], "Preamble");
        assert_eq!(lines[1], "");
        // "This" went on to the next line only for width, and so did the rest; the
        // paragraph's last line ends it.
        assert!(lines[2].starts_with("  The licenses"), "{lines:?}");
        assert!(lines[2].ends_with("Foundation's software."), "{lines:?}");
        assert_eq!(lines[2].matches('|').count(), 5);
        assert!(lines[4].starts_with("  1. You may") && lines[4].ends_with("notice."));
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn the_setting_forces_either_way_and_offsets_are_the_files() {
        assert_eq!(shown(GPL, Reflow::Never).len(), GPL.split('\n').count());
        let short = "Dear Ada,\nthanks for the list.\n- one\n- two\n\nBest";
        assert_eq!(wrap_width(short), None);
        assert_eq!(shown(short, Reflow::Auto).len(), 6);
        assert_eq!(
            shown(short, Reflow::Always),
            [
                "Dear Ada,|thanks for the list.",
                "- one",
                "- two",
                "",
                "Best"
            ]
        );
        // Display lines cover the text but for the breaks between them.
        let lines = display_lines(GPL, Reflow::Auto);
        let joined: String = lines
            .iter()
            .map(|r| &GPL[r.clone()])
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(joined, GPL);
    }

    #[test]
    fn the_shipped_gpl_is_joined_where_its_ragged_lines_were_broken_for_width() {
        // As /usr/share/common-licenses/GPL-2 has it: "freedom" would have fitted after "your".
        let text = "\
  The licenses for most software are designed to take away your
freedom to share and change it.  By contrast, the GNU General Public
License is intended to guarantee your freedom to share and change free
software--to make sure the software is free for all its users.  This
General Public License applies to most of the Free Software
Foundation's software and to any other program whose authors commit to
using it.  (Some other Free Software Foundation software is covered by
the GNU Lesser General Public License instead.)  You can apply it to
your programs, too.

Each version is given a distinguishing version number.  If the Program
specifies a version number of this License which applies to it and \"any
later version\", you have the option of following the terms and conditions
either of that version or of any later version published by the Free
Software Foundation.  If the Program does not specify a version number of
this License, you may choose any version ever published by the Free Software
Foundation.
";
        assert_eq!(wrap_width(text), Some(73));
        let lines = shown(text, Reflow::Auto);
        assert!(lines[0].contains("your|freedom"), "{lines:?}");
        assert_eq!(lines.len(), 4, "{lines:?}");
    }

    #[test]
    fn text_with_a_paragraph_per_line_is_not_hard_wrapped() {
        let long = "word ".repeat(40);
        let text = format!("{long}\n{long}\n{long}\n{long}\n{long}\n");
        assert_eq!(wrap_width(&text), None);
        let quoted = "> one two three four five six seven eight nine ten eleven twelve\n".repeat(6);
        assert_eq!(shown(&quoted, Reflow::Always).len(), 7);
    }

    #[test]
    fn a_long_text_is_judged_by_stretches_spread_across_it() {
        let wrapped = format!("{GPL}\n").repeat(2_000);
        assert!(wrapped.len() > SAMPLE_BYTES);
        assert_eq!(sampled_wrap_width(&wrapped), Some(70));
        let long = "word ".repeat(40) + "\n";
        assert_eq!(sampled_wrap_width(&long.repeat(20_000)), None);
        // Stretches without a whole line are passed over.
        assert_eq!(sampled_wrap_width(&"x".repeat(2 * SAMPLE_BYTES)), None);
    }
}
