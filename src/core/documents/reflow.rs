//! Reflowing hard-wrapped text for display: the lines of a paragraph that were broken only because
//! they reached the width the text was wrapped at (e-mails, Project Gutenberg, text from PDFs,
//! licences, mostly at 70 to 80 columns) are shown as one display line, which the reading pane then
//! wraps once to its own width. Only the display lines change: every offset is still the file's,
//! and a reflowed line keeps its line breaks inside, drawn as spaces.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::core::documents::sentences::starts_list_item;

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
/// [`Break::may_join`]: not a blank line, a header, a list item…): the wrap width is the width
/// nine in ten of them do not exceed, and the text is hard-wrapped when at least six in ten of
/// them end within [`SLACK`] columns of it.
pub fn wrap_width(text: &str) -> Option<usize> {
    let mut widths = Vec::new();
    wrapped_widths(text, &mut widths);
    width_of(widths)
}

/// Bytes of text [`sampled_wrap_width`] looks at: a few hundred lines, enough for the width
/// nine in ten do not exceed, in a fraction of a millisecond, which the first screen of a large
/// document waits for (its preview is judged as the whole is).
const SAMPLE_BYTES: usize = 32 * 1024;
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

/// Adds to `widths` the width of each line of `text` that its form lets go on into the next
/// ([`Break::may_join`]). The first and last lines of `text` are judged without the lines
/// beyond it, which a stretch of [`sampled_wrap_width`] does not have.
fn wrapped_widths(text: &str, widths: &mut Vec<usize>) {
    let lines: Vec<&str> = text.split('\n').collect();
    // Where the line before each break starts, for the text before it.
    let mut before_start: usize = 0;
    for i in 1..lines.len() {
        let at = Break {
            preceding: before_start.checked_sub(1).map(|end| &text[..end]),
            before: lines[i - 1],
            after: lines[i],
            later: lines.get(i + 1).copied(),
        };
        if at.may_join() {
            widths.push(at.before.trim_end().width());
        }
        before_start += lines[i - 1].len() + 1;
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

/// Whether the line break at byte `at` of `text` (a `\n`) was made only for width, so that the
/// line after it goes on in the display line of the one before: see [`Break::goes_on`]. Looks
/// at those two lines and the one either side of them, and before a numbered line at most
/// sixteen more lines back (see [`starts_list_item`]), and nowhere else, so that
/// display lines can be found piece by piece.
pub fn goes_on(text: &str, at: usize, width: Option<usize>) -> bool {
    Break::at(text, at).goes_on(width)
}

/// A line break, with the lines that say whether it was made only for width: the two it
/// separates and, for the `Key: value` blocks (a header line joins no block unless a neighbour
/// is also one), one more either side; for a numbered line, the few before it that its list's
/// previous item may have wrapped onto (see [`starts_list_item`]).
struct Break<'a> {
    /// The text before `before` and the line break ending it, if any: its last line is the one
    /// before `before`.
    preceding: Option<&'a str>,
    before: &'a str,
    after: &'a str,
    /// The line after `after`, if any.
    later: Option<&'a str>,
}

impl<'a> Break<'a> {
    /// The break at byte `at` of `text`, a `\n`.
    fn at(text: &'a str, at: usize) -> Break<'a> {
        let bytes = text.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at + 1..]).map_or(text.len(), |i| at + 1 + i);
        let later = (end < text.len()).then(|| {
            let to = memchr::memchr(b'\n', &bytes[end + 1..]).map_or(text.len(), |i| end + 1 + i);
            &text[end + 1..to]
        });
        Break {
            preceding: start.checked_sub(1).map(|e| &text[..e]),
            before: &text[start..at],
            after: &text[at + 1..end],
            later,
        }
    }

    /// Whether the break was made only for width, so that `after` goes on in the display line
    /// of `before`: their form lets them join ([`Break::may_join`]) and, when the wrap `width`
    /// is known, the first word of `after` would not have fitted on `before` within [`RAGGED`]
    /// columns of it. Without a width (`reflow = always`), indented lines (code, a quoted
    /// block) are not joined either; with one, they are when they reach the width.
    fn goes_on(&self, width: Option<usize>) -> bool {
        if !self.may_join() {
            return false;
        }
        let Some(width) = width else {
            return !is_indented(self.before) && !is_indented(self.after);
        };
        let word = self.after.split_whitespace().next().unwrap_or_default();
        self.before.trim_end().width() + 1 + word.width() + RAGGED > width
    }

    /// `before` and the lines before it, nearest first, read backwards as far as asked.
    fn lines_before(&self) -> impl Iterator<Item = &'a str> {
        let preceding = self.preceding.into_iter().flat_map(|p| p.rsplit('\n'));
        std::iter::once(self.before).chain(preceding)
    }

    /// Whether the form of `before` and `after` lets them be one display line: both have text;
    /// neither is in a block of `Key: value` lines; `after` is no line of names (an address, a
    /// signature: see [`is_names`]), nor follows one unless it goes on in lower case (`Dear
    /// Ada,` / `thanks for…`); `after` starts no list item nor quoted mail (`>`).
    fn may_join(&self) -> bool {
        let (before, after) = (self.before, self.after);
        let next = after.trim_start();
        // One `Key: value` line in prose ("Note: …" starting a paragraph) is no block.
        let in_block = |line: &str, neighbours: [Option<&str>; 2]| {
            is_header(line) && neighbours.into_iter().flatten().any(is_header)
        };
        !(is_blank(before)
            || next.is_empty()
            || starts_list_item(self.lines_before(), next, self.later)
            || next.starts_with('>')
            || in_block(before, [self.lines_before().nth(1), Some(after)])
            || in_block(after, [Some(before), self.later])
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
    // Word by word, stopping at the first in lower case, as most lines of prose do at once: this
    // runs for every line break that the first screen of a hard-wrapped document samples.
    let mut words = 0;
    for w in line.split_whitespace() {
        let capital = w
            .trim_start_matches(|c: char| "([{\"'“‘".contains(c))
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if !capital {
            return false;
        }
        words += 1;
    }
    words >= 2 && line.chars().any(char::is_lowercase)
}

/// Indented as code is in Markdown and e-mail: four columns or a tab.
fn is_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("    ")
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
    fn a_number_and_a_stop_going_on_a_sentence_is_joined_as_prose() {
        let text = "\
They had travelled across state number
7. Had they denied it? Nobody asked:
1. the first question
2. the second one.
";
        assert_eq!(
            shown(text, Reflow::Always),
            [
                "They had travelled across state number|7. Had they denied it? Nobody asked:",
                "1. the first question",
                "2. the second one.",
                "",
            ]
        );
    }

    #[test]
    fn a_numbered_line_is_an_item_next_to_another_and_prose_going_on_otherwise() {
        let text = "\
In March the number of provinces
across the state had reached
7. By then the ministry had left.

The ministry named three measures
1. a review of the rules for
foreign suppliers and
2. a cyber force for
the police, and
3. closer cooperation.

2. Waivable Compulsory License Schemes. In those jurisdictions in
which the right to collect royalties through any statutory or
compulsory licensing scheme can be waived, the Licensor waives
the exclusive right to collect such royalties for any exercise
by You of the rights granted under this License; and,
3. Voluntary schemes: the Licensor waives the right.
";
        assert_eq!(
            shown(text, Reflow::Always),
            [
                "In March the number of provinces|across the state had reached|7. By then the ministry had left.",
                "",
                "The ministry named three measures",
                "1. a review of the rules for|foreign suppliers and",
                "2. a cyber force for|the police, and",
                "3. closer cooperation.",
                "",
                "2. Waivable Compulsory License Schemes. In those jurisdictions in|which the right to collect royalties through any statutory or|compulsory licensing scheme can be waived, the Licensor waives|the exclusive right to collect such royalties for any exercise|by You of the rights granted under this License; and,",
                "3. Voluntary schemes: the Licensor waives the right.",
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
