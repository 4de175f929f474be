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
    let lines: Vec<&str> = text.split('\n').collect();
    let mut widths: Vec<usize> = lines
        .windows(2)
        .filter(|pair| !is_blank(pair[0]) && !is_blank(pair[1]))
        .map(|pair| pair[0].trim_end().width())
        .collect();
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

/// The display lines of `text` (byte ranges, line breaks between lines excluded): the file's
/// lines, or under reflow, runs of them joined where a line was broken only for width.
pub fn display_lines(text: &str, reflow: Reflow) -> Vec<Range<usize>> {
    let width = match reflow {
        Reflow::Never => return file_lines(text).collect(),
        Reflow::Always => None,
        Reflow::Auto => match wrap_width(text) {
            Some(width) => Some(width),
            None => return file_lines(text).collect(),
        },
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous: Option<Range<usize>> = None;
    for line in file_lines(text) {
        match (&previous, out.last_mut()) {
            (Some(before), Some(last))
                if goes_on(&text[before.clone()], &text[line.clone()], width) =>
            {
                last.end = line.end;
            }
            _ => out.push(line.clone()),
        }
        previous = Some(line);
    }
    out
}

/// Whether the line `before` was broken only for width, so that `after` goes on in its display
/// line: both have text, `after` starts no list item nor quoted mail (`>`), and, when the wrap
/// `width` is known, the first word of `after` would not have fitted on `before` within
/// [`RAGGED`] columns of it.
fn goes_on(before: &str, after: &str, width: Option<usize>) -> bool {
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

/// The file's lines as byte ranges, without their line breaks.
fn file_lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let range = start..start + line.len();
        start = range.end + 1;
        range
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
