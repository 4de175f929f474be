//! Sentence boundaries of canonical text.
//!
//! The text is first cut into paragraphs at blank lines, so that no sentence ever spans one. Within
//! a paragraph, UAX #29 proposes the boundaries and a single merge pass drops the ones it gets wrong
//! for the documents we read:
//!
//! * Inside a line, UAX #29 breaks after every full stop followed by a capital, so a break stands
//!   unless the word before it is an abbreviation: listed in `abbreviations.txt`, a dotted acronym
//!   of single capitals (`U.S.`, `P.R.C.`) or a single capital initial (`J.`).
//! * UAX #29 breaks after every line break, which is right for headings, lists and one-paragraph-
//!   per-line text but wrong for hard-wrapped prose. A line break is kept as a space, merging the
//!   lines, when the previous line does not end its sentence (no `. ! ? 。 ！ ？`, possibly before
//!   closing quotes or brackets, or a full stop closing an abbreviation), the next line is not a
//!   list item, and either the next line starts with a lowercase letter or the paragraph as a
//!   whole looks hard-wrapped. A line `7. ` after one that stops mid-sentence is no list item
//!   unless an item near it is numbered next to it (see [`starts_list_item`]); when it is none,
//!   the line break before it is merged whether or not the paragraph looks hard-wrapped, since
//!   the line before may be short. A full stop followed by a lowercase line is merged too, as
//!   UAX #29 does within a line (`etc.` then `and`). List items are lines starting with a
//!   bullet, `- `, `* `, `+ `, or one to three digits and `. ` or `) `.
//!
//! A paragraph looks hard-wrapped when it has several lines, all at most [`WRAP_MAX`] columns wide,
//! all but the last at least [`WRAP_MIN`], and its last line ends a sentence. Headings, bylines and
//! datelines fail one of these (short lines, or a last line without a stop), and so do documents
//! that put each paragraph on one long line.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Narrowest line, in display columns, that can be a non-final line of a hard-wrapped paragraph:
/// wrapping at 60 to 80 columns leaves lines much shorter than this only before very long words.
const WRAP_MIN: usize = 40;

/// Widest line of a hard-wrapped paragraph: text is wrapped for terminals and mail, at 80 columns
/// or fewer, so a wider line is a paragraph of its own (or an address, a table row, …).
const WRAP_MAX: usize = 80;

/// Longest word checked against the abbreviations, in characters; bounds the backward scan at each
/// break so that long runs of dots and letters cannot make splitting quadratic.
const ABBREVIATION_MAX_CHARS: usize = 16;

const STOPS: &[char] = &['!', '?', '。', '！', '？'];
const CLOSERS: &[char] = &[
    '”', '’', '"', '\'', '»', '›', ')', ']', '}', '」', '』', '）', '】', '》',
];
const OPENERS: &[char] = &[
    '“', '‘', '"', '\'', '«', '‹', '(', '[', '{', '¿', '¡', '「', '『', '（', '【', '《',
];
/// Openers that are never closers, unlike `"` and `'`.
const OPENING_ONLY: &[char] = &['“', '‘', '«', '(', '[', '{', '「', '『', '（', '【', '《'];
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '●', '○', '■', '□', '◆', '►', '▶', '·',
];

/// Splits canonical text (LF line endings) into sentences: byte ranges into `text`, in order,
/// non-overlapping, each trimmed of leading/trailing whitespace (so never empty), together covering
/// every non-whitespace character of the text.
pub fn split(text: &str) -> Vec<Range<usize>> {
    split_paragraphs_starting_in(text, 0..text.len())
}

/// The sentences of the paragraphs that start in the byte range `starts` (whole, even where they
/// run on past its end), as [`split`] finds them: splitting a text in consecutive ranges and
/// putting the pieces together gives [`split`] of the whole. Looks at the lines from `starts`
/// up to the end of its last paragraph and at the end of the line before, so that a document can
/// be indexed piece by piece, the piece on screen first.
pub fn split_paragraphs_starting_in(text: &str, starts: Range<usize>) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    // The first line starting in the range: a paragraph can only start at a line's start.
    let mut line_start = match starts.start {
        0 => 0,
        from => match text.as_bytes()[from - 1..starts.end.min(text.len())]
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(i) => from + i,
            None => return sentences,
        },
    };
    // A line that follows a non-blank one goes on a paragraph started before the range.
    let mut skipping = line_start > 0
        && text[..line_start - 1]
            .chars()
            .rev()
            .find(|&c| c == '\n' || !c.is_whitespace())
            .is_some_and(|c| c != '\n');
    let mut paragraph: Option<Paragraph> = None;
    for line in text[line_start..].split_inclusive('\n') {
        if paragraph.is_none() && line_start >= starts.end {
            break;
        }
        let content = line.trim_end();
        if content.trim_start().is_empty() {
            if let Some(p) = paragraph.take() {
                p.split_into(text, &mut sentences);
            }
            skipping = false;
        } else if !skipping {
            let end = line_start + content.len();
            let width = content.width();
            match &mut paragraph {
                Some(p) => p.push_line(end, width),
                None => paragraph = Some(Paragraph::new(line_start, end, width)),
            }
        }
        line_start += line.len();
    }
    if let Some(p) = paragraph {
        p.split_into(text, &mut sentences);
    }
    sentences
}

/// A run of non-blank lines, with what is needed to tell whether it is hard-wrapped prose.
struct Paragraph {
    start: usize,
    end: usize,
    lines: usize,
    last_width: usize,
    widths_fit: bool,
}

impl Paragraph {
    fn new(start: usize, end: usize, width: usize) -> Self {
        Paragraph {
            start,
            end,
            lines: 1,
            last_width: width,
            widths_fit: width <= WRAP_MAX,
        }
    }

    fn push_line(&mut self, end: usize, width: usize) {
        self.widths_fit &= self.last_width >= WRAP_MIN && width <= WRAP_MAX;
        self.end = end;
        self.lines += 1;
        self.last_width = width;
    }

    fn split_into(&self, text: &str, sentences: &mut Vec<Range<usize>>) {
        let para = &text[self.start..self.end];
        let wrapped = self.lines > 1 && self.widths_fit && ends_with_stop(para);
        let mut current: Option<Range<usize>> = None;
        let mut carried_opener = None;
        for (offset, segment) in para.split_sentence_bound_indices() {
            let trimmed = segment.trim_start();
            let mut start = offset + segment.len() - trimmed.len();
            let mut end = start + trimmed.trim_end().len();
            if start == end {
                continue;
            }
            if let Some(opener) = carried_opener.take() {
                start = opener;
            }
            // UAX #29 counts opening quotes and brackets as closing punctuation, so in "他说：“好。”“不"
            // it breaks after the second “, which opens the next sentence instead.
            let segment_end = offset + segment.len();
            if end == segment_end && para[end..].starts_with(|c: char| !c.is_whitespace()) {
                let kept = para[start..end].trim_end_matches(OPENING_ONLY).len();
                if kept > 0 && start + kept < end {
                    carried_opener = Some(start + kept);
                    end = start + kept;
                }
            }
            current = Some(match current {
                Some(sentence)
                    if continues(para, sentence.end, start, wrapped)
                        || is_item_number(&para[sentence.clone()]) =>
                {
                    sentence.start..end
                }
                Some(sentence) => {
                    sentences.push(self.start + sentence.start..self.start + sentence.end);
                    start..end
                }
                None => start..end,
            });
        }
        if let Some(sentence) = current {
            sentences.push(self.start + sentence.start..self.start + sentence.end);
        }
    }
}

/// Whether the sentence ending at `end` goes on at `next`, across a UAX #29 boundary between them.
fn continues(para: &str, end: usize, next: usize, wrapped: bool) -> bool {
    let before = &para[..end];
    let after = &para[next..];
    let ending = ending(before, after);
    if !para[end..next].contains('\n') {
        return ending == Ending::Abbreviation || pauses(before, after);
    }
    if is_list_item(after) {
        // A number and a stop that is no item goes on the sentence whether or not the paragraph
        // looks hard-wrapped: the line before it may be short ("…had reached" / "7. By then").
        return !starts_list_item(before.rsplit('\n'), after, after.split('\n').nth(1));
    }
    match ending {
        Ending::Stop => false,
        Ending::FullStop => starts_lowercase(after),
        Ending::Abbreviation | Ending::Open => wrapped || starts_lowercase(after),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Ending {
    /// `!`, `?` or a CJK stop: the sentence ends whatever follows.
    Stop,
    /// A full stop that does not close an abbreviation.
    FullStop,
    /// A full stop closing an abbreviation that the next word can follow.
    Abbreviation,
    /// No sentence-final punctuation at all.
    Open,
}

/// How the text `before` a candidate break ends, given the text `after` it.
fn ending(before: &str, after: &str) -> Ending {
    let body = before.trim_end_matches(CLOSERS);
    match body.chars().next_back() {
        Some(c) if STOPS.contains(&c) => Ending::Stop,
        // A quote or bracket closed after the full stop shows that the stop ends something.
        Some('.') if body.len() == before.len() && is_abbreviation(body, after) => {
            Ending::Abbreviation
        }
        Some('.') => Ending::FullStop,
        _ => Ending::Open,
    }
}

/// Whether `before` ends in an ellipsis (`...` or `…`) that pauses its sentence rather than ends
/// it: the next word is in lower case, or the ellipsis stands apart between spaces, as in the
/// headline `Forget the Great Firewall ... China is beefing up`.
fn pauses(before: &str, after: &str) -> bool {
    let Some(rest) = before
        .strip_suffix("...")
        .or_else(|| before.strip_suffix('…'))
    else {
        return false;
    };
    starts_lowercase(after) || rest.ends_with(char::is_whitespace)
}

fn ends_with_stop(text: &str) -> bool {
    text.trim_end_matches(CLOSERS)
        .ends_with(|c| c == '.' || STOPS.contains(&c))
}

/// Whether `before`, which ends in a full stop, ends with an abbreviation that `after` continues.
fn is_abbreviation(before: &str, after: &str) -> bool {
    // The word is the trailing run of letters, digits and dots, so that "(e.g." and "Sino-U.S."
    // are looked up as "e.g." and "U.S.".
    let mut word_start = before.len();
    for (i, c) in before.char_indices().rev().take(ABBREVIATION_MAX_CHARS + 1) {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        word_start = i;
    }
    let word = &before[word_start..];
    if word.chars().count() > ABBREVIATION_MAX_CHARS {
        return false;
    }
    match abbreviations().get(word) {
        Some(Follower::Anything) => true,
        Some(Follower::Number) => after.starts_with(|c: char| c.is_ascii_digit()),
        None => is_initials(word),
    }
}

/// `J.`, `U.S.`, `P.R.C.`: one or more single capitals, each followed by a full stop.
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return !word.is_empty(),
            (Some(c), Some('.')) if c.is_uppercase() => {}
            _ => return false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follower {
    Anything,
    Number,
}

fn abbreviations() -> &'static HashMap<&'static str, Follower> {
    static ABBREVIATIONS: OnceLock<HashMap<&'static str, Follower>> = OnceLock::new();
    ABBREVIATIONS.get_or_init(|| parse_abbreviations(include_str!("abbreviations.txt")))
}

fn parse_abbreviations(list: &'static str) -> HashMap<&'static str, Follower> {
    list.lines()
        .filter_map(|line| {
            let mut fields = line.split('#').next()?.split_whitespace();
            let word = fields.next()?;
            let follower = match fields.next() {
                None => Follower::Anything,
                Some("number") => Follower::Number,
                Some(other) => panic!("abbreviations.txt: unknown field {other:?} after {word}"),
            };
            Some((word, follower))
        })
        .collect()
}

/// Whether a line starting with `text` starts like a bullet or numbered list item.
pub(crate) fn is_list_item(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if BULLETS.contains(&first) {
        return true;
    }
    let then_space = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    if matches!(first, '-' | '*' | '+') {
        return then_space(chars.as_str());
    }
    // "1. " and "12) ", but not "2014. " (a year) nor "a) " or "(1) ", which as often enumerate
    // inline and so may start a wrapped line of prose.
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &text[digits..];
    (1..=3).contains(&digits)
        && (rest.starts_with('.') || rest.starts_with(')'))
        && then_space(&rest[1..])
}

/// How many lines before a numbered line its list's previous item is looked for: an item
/// wrapped onto that many lines is recognised (the CC licences' wrap onto five).
const ITEM_LINES: usize = 16;

/// Whether `line` starts a list item, `before` being the lines before it in its paragraph,
/// nearest first (read lazily, as far as needed and at most [`ITEM_LINES`] past the first),
/// and `later` the line after it. A number and a full stop (`7. `) after a line that stops
/// mid-sentence (on a letter, a digit or a comma) and is itself no list item is hard-wrapped
/// prose going on ("…across the state had reached" / "7. By then…"), not an item, unless it is
/// numbered next to a neighbouring item: the previous item, wrapped onto the lines since (`6. `
/// a few lines up), or the next (`later` is `8. `), as in a list introduced without a colon or
/// whose items wrap. Next to means one more, one less (a countdown) or the same (Markdown
/// numbers every item `1.`); with no item before, a `1. ` starts a list. After its introduction
/// (`…as follows:`), a finished sentence or another item, a numbered line is an item.
pub(crate) fn starts_list_item<'a>(
    mut before: impl Iterator<Item = &'a str>,
    line: &str,
    later: Option<&str>,
) -> bool {
    if !is_list_item(line) {
        return false;
    }
    let (Some(number), Some(just_before)) = (stop_number(line), before.next()) else {
        return true;
    };
    let mid_sentence = just_before
        .trim_end()
        .ends_with(|c: char| c.is_alphanumeric() || c == ',');
    if !mid_sentence || is_list_item(just_before.trim_start()) {
        return true;
    }
    let item_number = |l: &str| {
        let l = l.trim_start();
        is_list_item(l).then(|| stop_number(l)).flatten()
    };
    let next_to = |n: u16| n.abs_diff(number) <= 1;
    let previous = before
        .take(ITEM_LINES)
        .take_while(|l| !l.trim().is_empty())
        .find_map(item_number);
    previous.map_or(number == 1, next_to) || later.and_then(item_number).is_some_and(next_to)
}

/// Whether `sentence` is only the number of a list item (`3.`), which UAX #29 ends at its full
/// stop: a number alone is no claim, so the item's text, on its line or the next of the
/// paragraph, is one sentence with it.
fn is_item_number(sentence: &str) -> bool {
    stop_number(sentence).is_some()
        && sentence.trim_start_matches(|c: char| c.is_ascii_digit()) == "."
}

/// The number of a line starting with one to three digits and a full stop (`7. `), else `None`.
fn stop_number(line: &str) -> Option<u16> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let numbered = (1..=3).contains(&digits) && line[digits..].starts_with('.');
    numbered.then(|| line[..digits].parse().ok()).flatten()
}

fn starts_lowercase(text: &str) -> bool {
    text.trim_start_matches(OPENERS)
        .starts_with(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTS: [&str; 5] = [
        include_str!("../../../corpus/000_073045cb8793dce5.txt"),
        include_str!("../../../corpus/001_bcba7e35c127046e.txt"),
        include_str!("../../../corpus/002_3e2178b0d7cc894e.txt"),
        include_str!("../../../corpus/003_51e4aaa34ca25599.txt"),
        include_str!("../../../corpus/004_5fd63ba584e4c364.txt"),
    ];

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The one sentence of `text` containing `needle`.
    fn sentence_with<'a>(text: &'a str, needle: &str) -> &'a str {
        let found: Vec<_> = sentences(text)
            .into_iter()
            .filter(|s| s.contains(needle))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "sentences containing {needle:?}: {found:#?}"
        );
        found[0]
    }

    fn assert_invariants(text: &str) {
        let ranges = split(text);
        let mut covered = 0;
        for range in &ranges {
            assert!(
                range.start >= covered,
                "{ranges:?} out of order or overlapping"
            );
            let sentence = &text[range.clone()];
            assert!(!sentence.is_empty());
            assert_eq!(sentence, sentence.trim(), "sentence not trimmed");
            assert!(
                text[covered..range.start].trim().is_empty(),
                "not covered: {:?}",
                &text[covered..range.start]
            );
            covered = range.end;
        }
        assert!(text[covered..].trim().is_empty(), "tail not covered");
    }

    fn normalize_space(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn empty_and_blank_text_have_no_sentences() {
        assert!(split("").is_empty());
        assert!(split(" \n\n\t \n  ").is_empty());
    }

    #[test]
    fn ranges_are_ordered_trimmed_and_cover_all_text() {
        for text in DOCUMENTS {
            assert_invariants(text);
        }
        for text in [
            "x",
            " Dr. \n\n",
            "a.B.c.D.e.F.",
            "\u{2029}One.\u{2028}Two\u{85}three  ",
            "(1)\n- \n•\n“”\n",
            "U.S.A.B.C.D.E.F.G.H.I.J.K.L.M.N.O. Next.",
        ] {
            assert_invariants(text);
        }
    }

    #[test]
    fn acronyms_in_the_middle_of_a_sentence_do_not_end_it() {
        let doc = DOCUMENTS[4];
        let sentence = sentence_with(doc, "in the U.S. State Department");
        assert!(sentence.starts_with("Diplomats and foreign policy makers"));
        assert!(sentence.ends_with("Catherine A. Novelli, as the Department’s Senior Coordinator for International Information Technology Diplomacy)."));
        let sentence = sentence_with(doc, "Writing for China-U.S. Focus");
        assert!(sentence.ends_with("oversee internet activities and information."));
        assert_eq!(
            sentence_with(DOCUMENTS[2], "The news comes"),
            "The news comes as U.S. President Donald Trump has repeatedly discussed the possibility of leveraging import tariffs on Chinese goods."
        );
    }

    #[test]
    fn listed_abbreviations_do_not_end_a_sentence() {
        let sentence = sentence_with(DOCUMENTS[4], "Dr. Greg Austin");
        assert!(sentence.starts_with("For example, my colleague Dr. Greg Austin, in a keynote"));
        assert!(sentence.ends_with("for exchanges and clearing houses in cyberspace."));
        assert_eq!(
            sentence_with(DOCUMENTS[2], "St. Marys"),
            "Chris is an alumnus\u{a0}of St. Marys College of Maryland, a small liberal arts school based in Southern Maryland."
        );
        assert_eq!(
            sentences("Roe v. Wade was argued on Dec. 13 by Sen. Smith, i.e. Mr. Smith."),
            ["Roe v. Wade was argued on Dec. 13 by Sen. Smith, i.e. Mr. Smith."]
        );
    }

    #[test]
    fn initials_do_not_end_a_sentence() {
        assert_eq!(
            sentence_with(DOCUMENTS[2], "Christopher J. Bing"),
            "Christopher J. Bing is a cybersecurity reporter for CyberScoop."
        );
        assert_eq!(
            sentences("J. R. R. Tolkien met P.R.C. Foreign Ministry staff. They talked."),
            [
                "J. R. R. Tolkien met P.R.C. Foreign Ministry staff.",
                "They talked."
            ]
        );
    }

    #[test]
    fn washington_dc_stays_in_its_sentence() {
        let sentence = sentence_with(DOCUMENTS[3], "Washington D.C.");
        assert!(sentence.starts_with("In response to the importance and urgency of the issue"));
        assert!(sentence.ends_with("held in Washington D.C. on 8 July."));
    }

    #[test]
    fn words_that_often_end_a_sentence_are_not_abbreviations() {
        assert_eq!(
            sentences("They met ministers, diplomats, etc. The talks ended at 5 p.m. He left."),
            [
                "They met ministers, diplomats, etc.",
                "The talks ended at 5 p.m.",
                "He left."
            ]
        );
        assert_eq!(
            sentences("Oil, gas, etc. and coal were sold to Apple Inc. last year."),
            ["Oil, gas, etc. and coal were sold to Apple Inc. last year."]
        );
        assert_eq!(
            sentences("He lives at No. 10 Downing Street. “No. We will not,” he said."),
            [
                "He lives at No. 10 Downing Street.",
                "“No.",
                "We will not,” he said."
            ]
        );
    }

    #[test]
    fn an_ellipsis_before_lower_case_or_standing_apart_does_not_end_a_sentence() {
        let headline = sentence_with(DOCUMENTS[0], "Forget the Great Firewall");
        assert_eq!(
            headline,
            "Forget the Great Firewall ... China is beefing up its ability to police all cyberspace"
        );
        assert_eq!(
            sentences("He waited… then he left."),
            ["He waited… then he left."]
        );
        assert_eq!(
            sentences("He waited... then he left."),
            ["He waited... then he left."]
        );
        assert_eq!(
            sentences("It ended... Then a new one began."),
            ["It ended...", "Then a new one began."]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence() {
        assert_eq!(
            sentence_with(DOCUMENTS[4], "Xi Jinping insisted"),
            "During the China-US Summit in June 2013 in California, Xi Jinping insisted that China was also a victim of “cyber theft.”"
        );
        assert!(sentence_with(DOCUMENTS[4], "President Obama").starts_with("President Obama"));
        assert_eq!(
            sentence_with(DOCUMENTS[2], "it makes sense"),
            "“The U.S. has in the past signaled how they would respond to an attack and now China is doing the same,” said Segal, “it makes sense.”"
        );
        assert_eq!(
            sentence_with(DOCUMENTS[1], "groundless speculation"),
            "«We need mutual trust rather than groundless speculation on these issues,» Long noted."
        );
        assert_eq!(
            sentences("He said (it was late.) Then he left."),
            ["He said (it was late.)", "Then he left."]
        );
    }

    #[test]
    fn chinese_sentences_end_at_chinese_stops() {
        let tail: Vec<_> = sentences(DOCUMENTS[3]).into_iter().rev().take(2).collect();
        assert_eq!(
            tail,
            [
                "你将离开清华—卡内基中心网站,进入卡内基其他全球中心的网站。",
                "请注意...",
            ]
        );
        assert_eq!(
            sentences("你好。我很好！他说：“好。”“不好。”"),
            ["你好。", "我很好！", "他说：“好。”", "“不好。”"]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_merge_into_sentences() {
        let text = "\
The committee met on Tuesday with my colleague Dr.
Greg Austin to discuss the proposal submitted by the
United States delegation, and it agreed to study the
matter further.  A second meeting with the envoys of the U.S.
and China follows next week, in Beijing, on Jan.
5 at noon.\n";
        assert_eq!(
            sentences(text)
                .into_iter()
                .map(normalize_space)
                .collect::<Vec<_>>(),
            [
                "The committee met on Tuesday with my colleague Dr. Greg Austin to discuss the proposal submitted by the United States delegation, and it agreed to study the matter further.",
                "A second meeting with the envoys of the U.S. and China follows next week, in Beijing, on Jan. 5 at noon."
            ]
        );
    }

    #[test]
    fn wrapping_the_shipped_documents_does_not_change_their_sentences() {
        let options = textwrap::Options::new(72)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for text in DOCUMENTS {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let blank = |i: Option<&&str>| i.is_none_or(|line| line.trim().is_empty());
            let mut wrapped_count = 0;
            let mut wrapped = String::new();
            for (i, line) in lines.iter().enumerate() {
                let content = line.trim_end();
                let alone =
                    blank(i.checked_sub(1).and_then(|i| lines.get(i))) && blank(lines.get(i + 1));
                if alone && content.chars().count() > 72 && ends_with_stop(content) {
                    wrapped_count += 1;
                    wrapped += &textwrap::fill(content, &options);
                    wrapped += &line[content.len()..];
                } else {
                    wrapped += line;
                }
            }
            assert!(wrapped_count > 3);
            assert_invariants(&wrapped);
            let expected: Vec<_> = sentences(text).into_iter().map(normalize_space).collect();
            let actual: Vec<_> = sentences(&wrapped)
                .into_iter()
                .map(normalize_space)
                .collect();
            assert_eq!(actual, expected);
        }
    }

    #[test]
    fn headings_and_datelines_stay_separate() {
        let text = DOCUMENTS[3];
        let start = text.find("Source: Getty").unwrap();
        let end = text.find("Related Media and Tools").unwrap();
        let heads: Vec<_> = split(text)
            .into_iter()
            .filter(|r| r.start >= start && r.start <= end)
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            heads,
            [
                "Source: Getty",
                "Op-Ed China Leadership Monitor",
                "Summary",
                "The apparent unanimity of viewpoints within China on cybersecurity suggests that this issue will remain a major source of tension and differences in the Sino-U.S. relationship.",
                "Related Topics",
                "Related Media and Tools",
            ]
        );
        assert!(sentences(DOCUMENTS[0]).contains(&"PUBLISHED : Thursday, 02 March, 2017, 4:27pm"));
        assert!(sentences(DOCUMENTS[3]).contains(&"Please note..."));
    }

    #[test]
    fn a_numbered_item_is_one_sentence_with_its_number() {
        let text = "The treaty sets out three rules.\n\n1. Each state keeps control of its \
                    networks.\n2. No state shall attack another. It shall defend.\n\
                    10. Disputes go to a joint commission.\n";
        assert_eq!(
            sentences(text),
            [
                "The treaty sets out three rules.",
                "1. Each state keeps control of its networks.",
                "2. No state shall attack another.",
                "It shall defend.",
                "10. Disputes go to a joint commission.",
            ]
        );
        // The number alone on its line, the item's text on the next.
        assert_eq!(
            sentences("Rules:\n11.\nEach state shall report.\n12. Each shall help.\n"),
            [
                "Rules:",
                "11.\nEach state shall report.",
                "12. Each shall help."
            ]
        );
        // A number ending a sentence stays with it; a year is no item number.
        assert_eq!(
            sentences("The count had reached 7. By then it was over. In 2017. Then more."),
            [
                "The count had reached 7.",
                "By then it was over.",
                "In 2017.",
                "Then more."
            ]
        );
    }

    #[test]
    fn list_items_stay_separate_even_in_wrapped_prose() {
        let text = "\
The ministry named three measures that it will take this year
- a review of the rules for foreign technology suppliers
1. a cyber force for the armed forces and the police services
2) closer cooperation with the United Nations and its agencies.";
        assert_eq!(sentences(text).len(), 4);
    }

    #[test]
    fn a_number_and_a_stop_starting_a_wrapped_line_mid_sentence_splits_as_unwrapped() {
        // Hard-wrapped at 72 columns, as the tester's text was: "7." is the state's number.
        let text = "\
The court found that the officials, who had travelled across state number
7. Had denied the charge, were not in the country at the time of the vote.
The judge said so in her ruling, which ran to more than forty short pages.
1. The appeal will be heard in the spring by the full bench of the court.";
        // Split as the same text unwrapped is (UAX #29 breaks after "7." before a capital there
        // too), not at the line's end.
        let unwrapped = text.replace('\n', " ");
        assert_eq!(
            sentences(text)
                .iter()
                .map(|s| s.replace('\n', " "))
                .collect::<Vec<_>>(),
            sentences(&unwrapped)
        );
        assert!(sentences(text)[0].ends_with("state number\n7."));
        // After an introduction or another item, a numbered line is an item still.
        let list = "\
The ministry named three measures that it will take over the next year:
1. a review of the rules for foreign technology suppliers and their staff
2. a cyber force for the armed forces and the police services in each city
3. closer cooperation with the United Nations and its agencies in Geneva.";
        assert_eq!(sentences(list).len(), 4);
    }

    /// Paragraphs in which a line starts with a number and a full stop after a line that
    /// stops mid-sentence, short or long: prose going on, or a list.
    const NUMBERED_LINES: &[(&str, bool)] = &[
        // The tester's: the line before is short, so the paragraph does not look wrapped.
        (
            "In March the number of provinces\nacross the state had reached\n7. By then the ministry had left.",
            false,
        ),
        ("The total came to about\n12. Nobody disputed it.", false),
        ("It was the last of\n3. The others had gone.", false),
        // Not next to the item before: "1." is two lines up.
        (
            "1. The count began at one\nand by the end had reached\n7. By then it was over.",
            false,
        ),
        ("1. one\n2. two\n3. three", true),
        (
            "The ministry named three measures\n1. a review\n2. a cyber force\n3. closer cooperation",
            true,
        ),
        // Items wrapped onto lines that stop mid-sentence.
        (
            "1. a review of the rules for\nforeign suppliers and\n2. a cyber force for\nthe police, and\n3. closer cooperation.",
            true,
        ),
        // The CC licences' items, indented and wrapped onto several lines.
        (
            "     2.  Waivable Compulsory License Schemes. In those jurisdictions in\n         which the right to collect royalties through any statutory or\n         compulsory licensing scheme can be waived, the Licensor waives\n         the exclusive right to collect such royalties for any exercise\n         by You of the rights granted under this License; and,\n     3.  Voluntary License Schemes.",
            true,
        ),
        ("The top three\n3. Rome\n2. Paris\n1. Tokyo", true),
        ("Steps\n1. mix\n1. bake", true),
        ("License: Compaq\n 1. GRANT", true),
    ];

    /// The lines of `text` that start with a number and a full stop.
    fn numbered_lines(text: &str) -> Vec<usize> {
        let mut at = 0;
        let mut starts = Vec::new();
        for line in text.split_inclusive('\n') {
            let content = line.trim_start();
            if stop_number(content).is_some() {
                starts.push(at + line.len() - content.len());
            }
            at += line.len();
        }
        starts
    }

    #[test]
    fn a_numbered_line_after_one_stopping_mid_sentence_is_an_item_only_next_to_another() {
        for &(text, list) in NUMBERED_LINES {
            let starts: Vec<usize> = split(text).into_iter().map(|r| r.start).collect();
            if list {
                for line in numbered_lines(text) {
                    assert!(
                        starts.contains(&line),
                        "{text:?}: no item at {line}: {starts:?}"
                    );
                }
            } else {
                // Split as the same text unwrapped is: the line breaks end no sentence.
                let unwrapped = text.replace('\n', " ");
                assert_eq!(
                    split(text),
                    split(&unwrapped),
                    "{text:?}: {:?}",
                    sentences(text)
                );
            }
        }
    }

    proptest::proptest! {
        /// Whatever the line before says, short or long, a numbered line with no item numbered
        /// next to it (nor a `1. `) goes on the sentence, and the items of a list with wrapped
        /// items, introduced with or without a colon, start sentences.
        #[test]
        fn numbered_lines_go_on_prose_and_start_items(
            words in proptest::collection::vec(proptest::sample::select(
                vec!["the", "reached", "of", "about", "provinces", "state", "had", "and,", "in"],
            ), 1..9),
            breaks in proptest::collection::vec(proptest::bool::weighted(0.3), 9),
            number in 2u16..1000,
            items in 1usize..8,
            colon in proptest::bool::ANY,
        ) {
            let mut prose = String::new();
            for (i, word) in words.iter().enumerate() {
                prose += if i == 0 { "" } else if breaks[i] { "\n" } else { " " };
                prose += word;
            }
            let text = format!("{prose}\n{number}. By then it was over.");
            proptest::prop_assert_eq!(split(&text), split(&text.replace('\n', " ")), "{:?}", text);

            let mut list = format!("{prose}{}", if colon { ":" } else { "" });
            for item in 1..=items {
                // An item wrapped onto lines that stop mid-sentence, up to sixteen of them.
                list += &format!("\n{item}. {prose}\n{prose}");
            }
            let starts: Vec<usize> = split(&list).into_iter().map(|r| r.start).collect();
            for line in numbered_lines(&list) {
                proptest::prop_assert!(starts.contains(&line), "{:?} {:?}", list, starts);
            }
        }
    }

    #[test]
    fn a_blank_line_always_ends_a_sentence() {
        assert_eq!(
            sentences("my colleague Dr.\n\nGreg"),
            ["my colleague Dr.", "Greg"]
        );
        assert_eq!(
            sentences("the talks continued\n \t\nand ended"),
            ["the talks continued", "and ended"]
        );
        let line = "a wrapped line of prose that is long enough to be one of them";
        let text = format!("{line}\n{line}\n\n{line}\n{line}.");
        assert_eq!(sentences(&text).len(), 2);
    }

    #[test]
    fn unpunctuated_paragraphs_are_one_sentence_each() {
        assert_eq!(
            sentences(
                "Related Topics\n\nRelated Media and Tools\n\n45%\n\nof the Chinese general public"
            ),
            [
                "Related Topics",
                "Related Media and Tools",
                "45%",
                "of the Chinese general public"
            ]
        );
        assert_eq!(
            sentences("45%\nof the Chinese general public\nbelieve their country should lead"),
            ["45%\nof the Chinese general public\nbelieve their country should lead"]
        );
    }

    #[test]
    fn abbreviation_list_is_well_formed() {
        let list = abbreviations();
        assert!(list.len() > 40);
        for word in list.keys() {
            assert!(word.ends_with('.'), "{word}");
            assert!(!is_initials(word), "{word} is covered by the initials rule");
        }
        assert_eq!(list.get("Dr."), Some(&Follower::Anything));
        assert_eq!(list.get("No."), Some(&Follower::Number));
        assert_eq!(list.get("etc."), None);
    }
}
