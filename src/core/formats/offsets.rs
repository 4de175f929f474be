//! How other tools count positions in a text, and which counting the spans of a file use.
//!
//! gloss counts Unicode code points of the canonical text (see [`text`](crate::core::documents::text)).
//! Other tools count what their language's strings count: code points (Python, brat, spaCy),
//! UTF-16 code units (JavaScript, so doccano's editor, and .NET/Java tools), or UTF-8 bytes; a
//! CR LF may count as one or two (MAXQDA counts every line break as two), and a byte-order mark
//! may be counted. A file that ships its own copy of the text (brat's `.txt`, a doccano line's
//! `text`, a REFI-QDA source) lets [`detect`] try every counting and keep the one under which
//! every span agrees with what the file says it covers.

use std::fmt;

/// What one position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values: Python's `str`, Rust's `char`, brat, spaCy.
    CodePoints,
    /// UTF-16 code units: JavaScript strings (doccano's default), Java, .NET.
    Utf16,
    /// Bytes of the UTF-8 encoding.
    Bytes,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::CodePoints, Unit::Utf16, Unit::Bytes];

    /// The name the command line takes: `codepoints`, `utf16`, `bytes`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::CodePoints => "codepoints",
            Unit::Utf16 => "utf16",
            Unit::Bytes => "bytes",
        }
    }

    /// How many positions `c` takes.
    pub fn width(self, c: char) -> usize {
        match self {
            Unit::CodePoints => 1,
            Unit::Utf16 => c.len_utf16(),
            Unit::Bytes => c.len_utf8(),
        }
    }
}

/// A unit named otherwise than [`Unit::name`] names one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown offset unit {0:?}: use codepoints, utf16 or bytes")]
pub struct UnknownUnit(pub String);

impl std::str::FromStr for Unit {
    type Err = UnknownUnit;

    fn from_str(s: &str) -> Result<Unit, UnknownUnit> {
        Unit::ALL
            .into_iter()
            .find(|u| u.name() == s)
            .ok_or_else(|| UnknownUnit(s.to_owned()))
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::CodePoints => "code points",
            Unit::Utf16 => "UTF-16 code units",
            Unit::Bytes => "UTF-8 bytes",
        })
    }
}

/// How a line break counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// As the file's text has them: a CR LF two, a lone LF or CR one.
    AsWritten,
    /// Every line break one, CR LF included (gloss's canonical text).
    One,
    /// Every line break two, as if written CR LF (MAXQDA).
    Two,
}

/// One way of counting positions in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counting {
    pub unit: Unit,
    pub breaks: Breaks,
    /// Whether a byte-order mark at the start of the text takes positions.
    pub bom: bool,
}

impl Counting {
    /// gloss's own: code points of the canonical text.
    pub const GLOSS: Counting = Counting {
        unit: Unit::CodePoints,
        breaks: Breaks::One,
        bom: false,
    };
}

impl fmt::Display for Counting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.unit)?;
        match self.breaks {
            Breaks::AsWritten => f.write_str(", CR LF as two")?,
            Breaks::One => {}
            Breaks::Two => f.write_str(", every line break as two")?,
        }
        if self.bom {
            f.write_str(", byte-order mark counted")?;
        }
        Ok(())
    }
}

/// What the command line fixes of the counting; the rest is detected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    pub unit: Option<Unit>,
    pub breaks: Option<Breaks>,
}

/// A span as a file gives it: one or more fragments (brat cuts spans at line breaks) in the file's
/// counting, and the text the file says they cover, when it says (fragments joined by a space,
/// as brat writes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub fragments: Vec<(usize, usize)>,
    pub says: Option<String>,
}

impl Claimed {
    pub fn span(start: usize, end: usize, says: Option<String>) -> Claimed {
        Claimed {
            fragments: vec![(start, end)],
            says,
        }
    }
}

/// What [`detect`] found.
#[derive(Debug, Clone)]
pub struct Detection {
    /// The counting used.
    pub counting: Counting,
    /// Other countings under which every span fits as well (agrees with its text, or has as few
    /// edges inside words) but lands elsewhere: the file is ambiguous, and `counting` was
    /// preferred.
    pub also_fits: Vec<Counting>,
    /// The canonical text (byte-order mark removed, every line break LF).
    pub canonical: Vec<char>,
    /// Per claimed span, in order: its code points in `canonical` (from the first fragment's start
    /// to the last's end), or why it does not agree with its text under `counting`.
    pub spans: Vec<Landing>,
}

/// Maps positions of one counting of a text to code points of its canonical text: only the
/// positions asked for, found in one walk over the text, so that a 50 MB document costs no
/// table of 50 million entries per counting tried.
struct Table {
    /// Each position asked for, ascending, and the canonical code point there: `None` inside a
    /// character (half a surrogate pair, a byte in the middle of a UTF-8 sequence, between CR
    /// and LF) or past the end.
    at: Vec<(usize, Option<usize>)>,
}

impl Table {
    fn new(raw: &[char], counting: Counting, positions: impl IntoIterator<Item = usize>) -> Table {
        let mut wanted: Vec<usize> = positions.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut at = Vec::with_capacity(wanted.len());
        let mut next = wanted.into_iter().peekable();
        // Every position from `position` up to `position + width` is taken: the first by the
        // code point `canonical`, the others inside it.
        let mut take = |position: usize, width: usize, canonical: usize| {
            while let Some(p) = next.next_if(|&p| p < position + width) {
                at.push((p, (p == position).then_some(canonical)));
            }
        };
        let (mut position, mut canonical) = (0, 0);
        let mut rest = raw;
        if let Some(('\u{feff}', after)) = rest.split_first() {
            if counting.bom {
                let width = counting.width(Kind::Bom);
                take(position, width, 0);
                position += width;
            }
            rest = after;
        }
        let mut i = 0;
        while i < rest.len() {
            let c = rest[i];
            let crlf = c == '\r' && rest.get(i + 1) == Some(&'\n');
            let width = counting.width(match c {
                '\r' if crlf => Kind::CrLf,
                '\r' | '\n' => Kind::Break,
                c => Kind::Char(c.len_utf16(), c.len_utf8()),
            });
            take(position, width, canonical);
            position += width;
            canonical += 1;
            i += if crlf { 2 } else { 1 };
        }
        take(position, 1, canonical);
        Table { at }
    }

    fn get(&self, position: usize) -> Option<usize> {
        let i = self.at.binary_search_by_key(&position, |&(p, _)| p).ok()?;
        self.at[i].1
    }
}

/// The canonical text of `raw`: byte-order mark removed, CR LF and CR read as LF.
fn canonical(raw: &[char]) -> Vec<char> {
    let raw = raw.strip_prefix(&['\u{feff}']).unwrap_or(raw);
    let mut out = Vec::with_capacity(raw.len());
    for (i, &c) in raw.iter().enumerate() {
        match c {
            '\n' if i > 0 && raw[i - 1] == '\r' => {}
            '\r' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// A kind of character whose width a counting decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bom,
    CrLf,
    Break,
    /// Any other character, by its lengths in UTF-16 and UTF-8.
    Char(usize, usize),
}

impl Counting {
    fn width(self, kind: Kind) -> usize {
        match (kind, self.breaks) {
            (Kind::Bom, _) if !self.bom => 0,
            (Kind::Bom, _) => self.unit.width('\u{feff}'),
            (Kind::CrLf | Kind::Break, Breaks::Two) => 2,
            (Kind::CrLf, Breaks::AsWritten) => 2,
            (Kind::CrLf | Kind::Break, _) => 1,
            (Kind::Char(utf16, utf8), _) => match self.unit {
                Unit::CodePoints => 1,
                Unit::Utf16 => utf16,
                Unit::Bytes => utf8,
            },
        }
    }
}

/// The countings worth trying on `raw`, `preferred` first, without two that count it alike.
fn candidates(raw: &[char], preferred: Counting, given: Given) -> Vec<Counting> {
    let mut kinds: Vec<Kind> = Vec::new();
    for (i, &c) in raw.iter().enumerate() {
        let kind = match c {
            '\u{feff}' if i == 0 => Kind::Bom,
            '\r' if raw.get(i + 1) == Some(&'\n') => Kind::CrLf,
            '\n' if i > 0 && raw[i - 1] == '\r' => continue,
            '\r' | '\n' => Kind::Break,
            c => Kind::Char(c.len_utf16(), c.len_utf8()),
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let mut out = vec![preferred];
    out.extend(all());
    out.retain(|c| given.unit.is_none_or(|u| u == c.unit));
    out.retain(|c| given.breaks.is_none_or(|b| b == c.breaks));
    let mut kept: Vec<Counting> = Vec::new();
    let mut seen: Vec<Vec<usize>> = Vec::new();
    for c in out {
        // Two countings that give every character of this text the same width are one, named
        // by the simplest of them: code points for UTF-16 in a text without characters past
        // U+FFFF, and no CR LF mentioned for a text without one.
        let widths = |c: Counting| -> Vec<usize> { kinds.iter().map(|&k| c.width(k)).collect() };
        if !seen.contains(&widths(c)) {
            seen.push(widths(c));
            let simplest = all().find(|s| widths(*s) == widths(c)).unwrap_or(c);
            kept.push(simplest);
        }
    }
    kept
}

/// Every counting, simplest first: gloss's line breaks before others, no byte-order mark before one.
fn all() -> impl Iterator<Item = Counting> {
    Unit::ALL.into_iter().flat_map(|unit| {
        [Breaks::One, Breaks::AsWritten, Breaks::Two]
            .into_iter()
            .flat_map(move |breaks| [false, true].map(|bom| Counting { unit, breaks, bom }))
    })
}

/// Whether a position falls between two letters or digits (inside a word): spans people select
/// rarely start or end there, which tells countings apart when the file quotes nothing.
fn inside_word(text: &[char], at: usize) -> bool {
    at > 0 && at < text.len() && text[at - 1].is_alphanumeric() && text[at].is_alphanumeric()
}

/// Where `claimed` lands under `table`, or why it does not fit.
fn place(table: &Table, text: &[char], claimed: &Claimed) -> Landing {
    let mut pieces = Vec::with_capacity(claimed.fragments.len());
    for &(start, end) in &claimed.fragments {
        let (Some(s), Some(e)) = (table.get(start), table.get(end)) else {
            return Err(Unfit::OffText { start, end });
        };
        if s > e {
            return Err(Unfit::Backwards { start, end });
        }
        pieces.push((s, e));
    }
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return Err(Unfit::NoOffsets);
    };
    if let Some(says) = &claimed.says {
        let found: Vec<String> = pieces
            .iter()
            .map(|&(s, e)| text[s..e].iter().collect())
            .collect();
        let found = found.join(" ");
        let says = says.replace("\r\n", "\n").replace('\r', "\n");
        if found != says {
            return Err(Unfit::OtherText { found, says });
        }
    }
    // gloss holds one unbroken span: fragments are taken only where they are cut at line
    // breaks (as brat cuts them); anything else between them would be widened into the span.
    for pair in pieces.windows(2) {
        let (before, after) = (pair[0].1, pair[1].0);
        if after < before {
            return Err(Unfit::Overlapping);
        }
        let gap: String = text[before..after].iter().collect();
        if gap.chars().any(|c| c != '\n') {
            return Err(Unfit::Gap { gap });
        }
    }
    Ok((first.0, last.1))
}

/// Which counting of `raw` (the text as the file holds it, byte-order mark and CRs included) the
/// `claimed` spans use: the first of the candidates ([`candidates`], `preferred` first) under which
/// every span fits its text and agrees with what the file says it covers; when several fit and
/// the file says nothing, the one with fewest span edges inside words. When none fits every span,
/// the one that fits most, and the others are reported per span.
pub fn detect(raw: &str, claimed: &[Claimed], preferred: Counting, given: Given) -> Detection {
    let raw: Vec<char> = raw.chars().collect();
    let text = canonical(&raw);
    let trials: Vec<Trial> = candidates(&raw, preferred, given)
        .into_iter()
        .map(|counting| {
            let edges = claimed
                .iter()
                .flat_map(|c| c.fragments.iter().flat_map(|&(s, e)| [s, e]));
            let table = Table::new(&raw, counting, edges);
            let spans: Vec<Landing> = claimed.iter().map(|c| place(&table, &text, c)).collect();
            let in_words = spans
                .iter()
                .flatten()
                .map(|&(s, e)| {
                    usize::from(inside_word(&text, s)) + usize::from(inside_word(&text, e))
                })
                .sum();
            Trial {
                counting,
                fit: spans.iter().filter(|s| s.is_ok()).count(),
                in_words,
                spans,
            }
        })
        .collect();
    // More spans fitting first, then fewer edges inside words; the earlier candidate on a tie.
    let best = trials
        .iter()
        .enumerate()
        .min_by_key(|(i, t)| (std::cmp::Reverse(t.fit), t.in_words, *i))
        .map(|(_, t)| t)
        .expect("there is always a candidate");
    // Only as good a fit of every span that lands elsewhere makes the file ambiguous.
    let also_fits = trials
        .iter()
        .filter(|t| t.fit == claimed.len() && t.in_words == best.in_words)
        .filter(|t| t.counting != best.counting && t.spans != best.spans)
        .map(|t| t.counting)
        .collect();
    Detection {
        counting: best.counting,
        also_fits,
        canonical: text,
        spans: best.spans.clone(),
    }
}

/// Where a claimed span lands in the canonical text, or why it does not fit.
pub type Landing = Result<(usize, usize), Unfit>;

/// Why a span a file gives does not fit the text under a counting; offsets are the file's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unfit {
    #[error("{start}..{end} does not fall on characters of its text")]
    OffText { start: usize, end: usize },
    #[error("{start}..{end} ends before it starts")]
    Backwards { start: usize, end: usize },
    #[error("a span without offsets")]
    NoOffsets,
    #[error("covers “{found}”, not “{says}” as the file says")]
    OtherText { found: String, says: String },
    #[error("its fragments overlap or are out of order; gloss cannot hold that")]
    Overlapping,
    #[error("leaves out “{gap}” between its fragments; gloss holds only unbroken spans")]
    Gap { gap: String },
}

/// The claimed spans under one counting.
struct Trial {
    counting: Counting,
    /// How many spans fit.
    fit: usize,
    /// How many span edges fall inside words.
    in_words: usize,
    spans: Vec<Landing>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(d: &Detection) -> Vec<Landing> {
        d.spans.clone()
    }

    #[test]
    fn utf16_offsets_after_emoji_are_found_by_word_edges() {
        let text = "😀😀 Officials denied any delay. The end.";
        // "Officials" counted in UTF-16 code units: the two emoji take two each.
        let claimed = [Claimed::span(5, 14, None)];
        let d = detect(text, &claimed, Counting::GLOSS, Given::default());
        assert_eq!(d.counting.unit, Unit::Utf16);
        assert_eq!(spans(&d), [Ok((3, 12))]);
        let found: String = d.canonical[3..12].iter().collect();
        assert_eq!(found, "Officials");
    }

    #[test]
    fn a_span_past_the_code_points_fits_in_utf16() {
        let text = "😀 end";
        let claimed = [Claimed::span(3, 6, None)];
        let d = detect(text, &claimed, Counting::GLOSS, Given::default());
        assert_eq!(d.counting.unit, Unit::Utf16);
        assert_eq!(spans(&d), [Ok((2, 5))]);
    }

    #[test]
    fn the_quoted_text_decides_crlf_counting() {
        let raw = "one\r\ntwo\r\nthree";
        let claimed = [
            Claimed::span(5, 8, Some("two".into())),
            Claimed::span(10, 15, Some("three".into())),
        ];
        let d = detect(raw, &claimed, Counting::GLOSS, Given::default());
        assert_eq!(d.counting.breaks, Breaks::AsWritten);
        assert_eq!(spans(&d), [Ok((4, 7)), Ok((8, 13))]);
        // Counted once, the same spans read as gloss counts them.
        let once = [Claimed::span(4, 7, Some("two".into()))];
        let d = detect(raw, &once, Counting::GLOSS, Given::default());
        assert_eq!(d.counting, Counting::GLOSS);
        assert_eq!(spans(&d), [Ok((4, 7))]);
    }

    #[test]
    fn every_break_as_two_on_lf_text() {
        let raw = "one\ntwo\nthree";
        let claimed = [Claimed::span(10, 15, None)];
        let given = Given {
            breaks: Some(Breaks::Two),
            ..Given::default()
        };
        let d = detect(raw, &claimed, Counting::GLOSS, given);
        assert_eq!(spans(&d), [Ok((8, 13))]);
    }

    #[test]
    fn a_counted_bom_shifts_by_one() {
        let raw = "\u{feff}abc def";
        let claimed = [Claimed::span(5, 8, Some("def".into()))];
        let d = detect(raw, &claimed, Counting::GLOSS, Given::default());
        assert!(d.counting.bom);
        assert_eq!(spans(&d), [Ok((4, 7))]);
    }

    #[test]
    fn a_span_no_counting_explains_is_reported_alone() {
        let raw = "alpha beta gamma";
        let claimed = [
            Claimed::span(0, 5, Some("alpha".into())),
            Claimed::span(6, 10, Some("delta".into())),
        ];
        let d = detect(raw, &claimed, Counting::GLOSS, Given::default());
        assert_eq!(d.counting, Counting::GLOSS);
        assert_eq!(d.spans[0], Ok((0, 5)));
        let why = d.spans[1].clone().unwrap_err().to_string();
        assert!(why.contains("“beta”") && why.contains("“delta”"), "{why}");
    }

    #[test]
    fn a_given_unit_is_kept_even_when_another_fits_better() {
        let text = "😀😀 Officials denied";
        let claimed = [Claimed::span(5, 14, None)];
        let given = Given {
            unit: Some(Unit::CodePoints),
            ..Given::default()
        };
        let d = detect(text, &claimed, Counting::GLOSS, given);
        assert_eq!(d.counting.unit, Unit::CodePoints);
        assert_eq!(spans(&d), [Ok((5, 14))]);
    }

    #[test]
    fn bytes_land_on_characters_only() {
        let text = "café au lait";
        let claimed = [Claimed::span(6, 8, Some("au".into()))];
        let d = detect(text, &claimed, Counting::GLOSS, Given::default());
        assert_eq!(d.counting.unit, Unit::Bytes);
        assert_eq!(spans(&d), [Ok((5, 7))]);
        let table = Table::new(
            &text.chars().collect::<Vec<_>>(),
            Counting {
                unit: Unit::Bytes,
                ..Counting::GLOSS
            },
            [3, 4, 5, 13, 14],
        );
        assert_eq!(table.get(3), Some(3), "é");
        assert_eq!(table.get(4), None, "inside é");
        assert_eq!(table.get(5), Some(4), "after é");
        assert_eq!(table.get(13), Some(12), "the end");
        assert_eq!(table.get(14), None, "past the end");
        assert_eq!(table.get(6), None, "not asked for");
    }

    /// The position of code point `at` of `canonical` in `raw` under `counting`.
    fn position(raw: &[char], counting: Counting, at: usize) -> usize {
        // No counting takes more than 4 positions a code point (UTF-8), nor 3 for a BOM.
        let table = Table::new(raw, counting, 0..=4 * raw.len() + 3);
        table.at.iter().find(|(_, c)| *c == Some(at)).unwrap().0
    }

    proptest::proptest! {
        /// Quoted spans written in any counting of a text with emoji, accents, CR LF and a
        /// byte-order mark are read back to the same code points, whatever the preferred counting.
        #[test]
        fn quoted_spans_come_back_from_every_counting(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["a", "café", "😀", "word", "\r\n", "\n", "中文", " "]),
                1..40,
            ),
            bom: bool,
            spans in proptest::collection::vec((0usize..200, 0usize..200), 1..4),
            which in 0usize..18,
        ) {
            let mut raw = if bom { String::from("\u{feff}") } else { String::new() };
            raw.push_str(&words.concat());
            let chars: Vec<char> = raw.chars().collect();
            let text = canonical(&chars);
            let counting = all().nth(which).unwrap();
            let claimed: Vec<(usize, usize, Claimed)> = spans
                .iter()
                .map(|&(a, b)| {
                    let (s, e) = (a.min(b) % (text.len() + 1), a.max(b) % (text.len() + 1));
                    let (s, e) = (s.min(e), s.max(e));
                    let says: String = text[s..e].iter().collect();
                    let claimed = Claimed::span(
                        position(&chars, counting, s),
                        position(&chars, counting, e),
                        Some(says),
                    );
                    (s, e, claimed)
                })
                .collect();
            let only: Vec<Claimed> = claimed.iter().map(|c| c.2.clone()).collect();
            let d = detect(&raw, &only, Counting::GLOSS, Given::default());
            for ((s, e, _), got) in claimed.iter().zip(&d.spans) {
                let (gs, ge) = got.clone().unwrap();
                // Another counting may fit too; it must then cover the same text.
                proptest::prop_assert_eq!(&text[gs..ge], &text[*s..*e]);
            }
        }
    }

    #[test]
    fn units_parse_by_name() {
        for u in Unit::ALL {
            assert_eq!(u.name().parse::<Unit>(), Ok(u));
        }
        assert!("chars".parse::<Unit>().is_err());
    }
}
