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
/// hard-wrapped. Looked at are the lines that their form lets go on into the next (see
/// [`Lines::may_join`]: not a blank line, a header, a list item…): the wrap width is the width
/// nine in ten of them do not exceed, and the text is hard-wrapped when at least six in ten of
/// them end within [`SLACK`] columns of it.
pub fn wrap_width(text: &str) -> Option<usize> {
    Lines::new(text).wrap_width()
}

/// The display lines of `text` (byte ranges, line breaks between lines excluded): the file's
/// lines, or under reflow, runs of them joined where a line was broken only for width.
pub fn display_lines(text: &str, reflow: Reflow) -> Vec<Range<usize>> {
    if reflow == Reflow::Never {
        return file_lines(text).collect();
    }
    let lines = Lines::new(text);
    let width = match reflow {
        Reflow::Auto => match lines.wrap_width() {
            Some(width) => Some(width),
            None => return lines.ranges,
        },
        _ => None,
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, line) in lines.ranges.iter().enumerate() {
        match out.last_mut() {
            Some(last) if i > 0 && lines.goes_on(i - 1, width) => last.end = line.end,
            _ => out.push(line.clone()),
        }
    }
    out
}

/// The file's lines, with what their form says of joining them.
struct Lines<'a> {
    text: &'a str,
    /// Byte ranges, without their line breaks.
    ranges: Vec<Range<usize>>,
    /// Which lines are in a block of `Key: value` lines (mail headers, front matter).
    headers: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let ranges: Vec<Range<usize>> = file_lines(text).collect();
        let header_form: Vec<bool> = ranges.iter().map(|r| is_header(&text[r.clone()])).collect();
        // One such line in prose ("Note: …" starting a paragraph) is no block.
        let headers = (0..ranges.len())
            .map(|i| {
                header_form[i]
                    && (i > 0 && header_form[i - 1] || header_form.get(i + 1) == Some(&true))
            })
            .collect();
        Lines {
            text,
            ranges,
            headers,
        }
    }

    fn line(&self, i: usize) -> &'a str {
        &self.text[self.ranges[i].clone()]
    }

    /// See [`wrap_width`].
    fn wrap_width(&self) -> Option<usize> {
        let mut widths: Vec<usize> = (1..self.ranges.len())
            .filter(|&i| self.may_join(i - 1))
            .map(|i| self.line(i - 1).trim_end().width())
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

    /// Whether line `i` was broken only for width, so that the next goes on in its display
    /// line: their form lets them join ([`Lines::may_join`]) and, when the wrap `width` is
    /// known, the first word of the next line would not have fitted on line `i` within
    /// [`RAGGED`] columns of it. Without a width (`reflow = always`), indented lines (code, a
    /// quoted block) are not joined either; with one, they are when they reach the width.
    fn goes_on(&self, i: usize, width: Option<usize>) -> bool {
        if !self.may_join(i) {
            return false;
        }
        let (before, after) = (self.line(i), self.line(i + 1));
        let Some(width) = width else {
            return !is_indented(before) && !is_indented(after);
        };
        let word = after.split_whitespace().next().unwrap_or_default();
        before.trim_end().width() + 1 + word.width() + RAGGED > width
    }

    /// Whether the form of line `i` and the next lets them be one display line: both have
    /// text; neither is in a block of `Key: value` lines; the next is no line of names (an
    /// address, a signature: see [`is_names`]), nor follows one unless it goes on in lower case
    /// (`Dear Ada,` / `thanks for…`); the next starts no list item nor quoted mail (`>`).
    fn may_join(&self, i: usize) -> bool {
        let (before, after) = (self.line(i), self.line(i + 1));
        let next = after.trim_start();
        !(is_blank(before)
            || next.is_empty()
            || is_list_item(next)
            || next.starts_with('>')
            || self.headers[i]
            || self.headers[i + 1]
            || is_names(before) && !next.starts_with(char::is_lowercase)
            || is_names(after))
    }
}

/// A mail header or a field of front matter: a key of letters, digits and hyphens that starts
/// with a capital, a colon, then a space or the end of the line (`Subject: …`, `Message-ID: …`).
fn is_header(line: &str) -> bool {
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && (value.is_empty() || value.starts_with([' ', '\t']))
}

/// A line of names, as in an address or under a letter (`51 Franklin Street, Fifth Floor,
/// Boston, MA 02110-1301 USA`): two words or more, each starting with a capital or a digit (after
/// an opening bracket or quote), and not all in capitals, which would be a shouted sentence
/// (the warranty clauses of licences) or a heading, joined or not by width.
fn is_names(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.trim_start_matches(|c: char| "([{\"'“‘".contains(c))
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        })
        && line.chars().any(char::is_lowercase)
}

/// Indented as code is in Markdown and e-mail: four columns or a tab.
fn is_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("    ")
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
        let text = format!(
            "{GPL_PREAMBLE}
Each version is given a distinguishing version number.  If the Program
specifies a version number of this License which applies to it and \"any
later version\", you have the option of following the terms and conditions
either of that version or of any later version published by the Free
Software Foundation.  If the Program does not specify a version number of
this License, you may choose any version ever published by the Free Software
Foundation.
"
        );
        assert_eq!(wrap_width(&text), Some(73));
        let lines = shown(&text, Reflow::Auto);
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

    /// The head of the GPL as shipped (`/usr/share/common-licenses/GPL-2`).
    const GPL_HEAD: &str = "\
                    GNU GENERAL PUBLIC LICENSE
                       Version 2, June 1991

 Copyright (C) 1989, 1991 Free Software Foundation, Inc.,
 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                            Preamble

";

    /// The GPL's first paragraph, hard-wrapped at about 70 columns.
    const GPL_PREAMBLE: &str = "\
  The licenses for most software are designed to take away your
freedom to share and change it.  By contrast, the GNU General Public
License is intended to guarantee your freedom to share and change free
software--to make sure the software is free for all its users.  This
General Public License applies to most of the Free Software
Foundation's software and to any other program whose authors commit to
using it.  (Some other Free Software Foundation software is covered by
the GNU Lesser General Public License instead.)  You can apply it to
your programs, too.
";

    #[test]
    fn the_address_in_the_gpl_s_head_stays_on_its_line() {
        let text = format!("{GPL_HEAD}{GPL_PREAMBLE}");
        for reflow in [Reflow::Auto, Reflow::Always] {
            let lines = shown(&text, reflow);
            assert_eq!(
                lines[3..6],
                [
                    " Copyright (C) 1989, 1991 Free Software Foundation, Inc.,",
                    " 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA",
                    " Everyone is permitted to copy and distribute verbatim copies| of this \
                     license document, but changing it is not allowed.",
                ],
                "{reflow:?}"
            );
            assert!(lines[9].ends_with("|your programs, too."), "{reflow:?}");
            assert_eq!(lines.len(), 11, "{reflow:?} {lines:?}");
        }
    }

    /// A mail as a mail program wraps it, at 72 columns: more header lines and list items than
    /// lines of prose, which alone tell the wrap width.
    const MAIL: &str = "\
From: Ada Lovelace <ada@example.org>
To: Charles Babbage <charles@example.org>
Cc: Mary Somerville <mary@example.org>
Subject: Notes on the Analytical Engine
Date: Mon, 2 Jan 1843 10:00:00 +0000
Message-ID: <1843-notes@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear Charles,

I have finished the notes on the Analytical Engine and send them with
this letter. They run longer than the memoir itself, which I hope you
will forgive. Before they go to the printer, please check:
- the table of operations for the Bernoulli numbers, which I worked out
  by hand and may have copied wrongly in one or two of its many places;
- the note on patterns;
- the remark on originality;
- the figures of the mill;
- the dedication.

With the table corrected, I think the notes are ready for Taylor's
Scientific Memoirs, and I should like them to appear before the summer.

Yours,
Ada Lovelace
";

    #[test]
    fn a_hard_wrapped_mail_with_headers_and_a_list_is_found_and_joined_by_paragraph() {
        assert_eq!(wrap_width(MAIL), Some(71));
        assert_eq!(
            shown(MAIL, Reflow::Auto),
            [
                "From: Ada Lovelace <ada@example.org>",
                "To: Charles Babbage <charles@example.org>",
                "Cc: Mary Somerville <mary@example.org>",
                "Subject: Notes on the Analytical Engine",
                "Date: Mon, 2 Jan 1843 10:00:00 +0000",
                "Message-ID: <1843-notes@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Dear Charles,",
                "",
                "I have finished the notes on the Analytical Engine and send them with|this \
                 letter. They run longer than the memoir itself, which I hope you|will \
                 forgive. Before they go to the printer, please check:",
                "- the table of operations for the Bernoulli numbers, which I worked out|  by \
                 hand and may have copied wrongly in one or two of its many places;",
                "- the note on patterns;",
                "- the remark on originality;",
                "- the figures of the mill;",
                "- the dedication.",
                "",
                "With the table corrected, I think the notes are ready for \
                 Taylor's|Scientific Memoirs, and I should like them to appear before the \
                 summer.",
                "",
                "Yours,",
                "Ada Lovelace",
                "",
            ]
        );
    }

    #[test]
    fn always_joins_prose_but_not_headers_code_list_items_or_names() {
        let text = "\
Title: Field notes
Author: Ada

The engine was shown to the visitors
on the second day, and they asked
how it stored its numbers:

    store[0] = 17
    store[1] = 42

Each item was answered:
1. the store holds
   forty numbers;
2. the mill works on two.

Ada Lovelace
Analytical Engine Society
";
        assert_eq!(
            shown(text, Reflow::Always),
            [
                "Title: Field notes",
                "Author: Ada",
                "",
                "The engine was shown to the visitors|on the second day, and they asked|how it \
                 stored its numbers:",
                "",
                "    store[0] = 17",
                "    store[1] = 42",
                "",
                "Each item was answered:",
                "1. the store holds|   forty numbers;",
                "2. the mill works on two.",
                "",
                "Ada Lovelace",
                "Analytical Engine Society",
                "",
            ]
        );
        // One `Key: value` line is no block: a paragraph may start with "Note:".
        assert_eq!(
            shown("Note: the engine\nwas shown.", Reflow::Always),
            ["Note: the engine|was shown."]
        );
    }
}
