//! Title, author, date and source of a document, read from the document itself.
//!
//! The shipped documents are dumps of web pages, so these facts sit in conventional lines near the
//! top (`Author: …`, `PUBLISHED : …`, `Commentary | March 18, 2014`) or the bottom (`Written by …`,
//! `Source http://…`). A TOML front-matter block lets a user state them outright.

use serde::Deserialize;
use toml::{Spanned, Value};

use crate::core::toml_file;

/// Lines read from the top of the body (after any front matter). 80 rather than 60 leaves room
/// for page furniture: 003 puts its `Source http://…` line at line 52.
const HEAD_LINES: usize = 80;
/// Lines read from the bottom, where bylines and source links of web pages end up.
const TAIL_LINES: usize = 60;
/// Each window is also capped in bytes, so that a document made of a few huge lines is not read
/// to its end just to find line breaks.
const WINDOW_BYTES: usize = 64 * 1024;
/// How far to look for the closing `+++` before calling the block unclosed.
const FRONT_MATTER_MAX_LINES: usize = 100;
/// Longer lines are prose, not metadata; the cap also bounds the work spent on each line.
const MAX_METADATA_LINE_BYTES: usize = 300;
/// The document list has one row per document; a first line can be a whole paragraph.
const MAX_TITLE_CHARS: usize = 200;
/// For a document that holds nothing but front matter without a title.
const UNTITLED: &str = "Untitled";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Never empty for a non-empty doc; "" for an empty (or whitespace-only) doc.
    pub title: String,
    pub author: Option<String>,
    /// ISO "YYYY-MM-DD" when the date could be parsed, else the raw text as written.
    pub date: Option<String>,
    pub source: Option<String>,
    /// A problem worth telling the user (e.g. a broken front-matter block), with the line number.
    pub warning: Option<String>,
}

/// Reads the metadata of a document.
///
/// `text` is canonical text (LF line endings, no BOM). Only the front matter (up to 100 lines),
/// the first 80 and the last 60 lines of the body are read, each window also capped at 64 KiB, so
/// the cost does not grow with the size of the document; metadata lines in the middle of a long
/// document are not seen.
///
/// Front matter overrides the text. Among lines, labelled ones win (`Date:` over `Published:` over
/// a bare date over `Updated:`; a source URL over `Posted on: <publication>, …` over `Source:
/// <text>`), then the earliest; a parsed date beats a source URL's `/YYYY/MM/DD/`, which beats a
/// date that could not be parsed.
pub fn extract(text: &str) -> Metadata {
    if text.trim().is_empty() {
        return Metadata::default();
    }
    let (front, body) = split_front_matter(text);
    let (head, rest) = head_lines(body);
    let tail = tail_lines(rest);

    let mut found = Found::default();
    let mut first_plain_line = None;
    for line in &head {
        if !found.read(line) && first_plain_line.is_none() && !line.trim().is_empty() {
            first_plain_line = Some(line.trim());
        }
    }
    for line in &tail {
        found.read(line);
    }

    let title = front.title.unwrap_or_else(|| {
        found
            .title
            .as_deref()
            .or(first_plain_line)
            .or_else(|| first_line(body))
            .map_or_else(|| UNTITLED.to_string(), clip_title)
    });
    let source = front.source.or(found.source.map(|(_, s)| s));
    let date = front
        .date
        .or(found.date.map(|(_, d)| d))
        .or_else(|| source.as_deref().and_then(url_date))
        .or(found.raw_date.map(|(_, d)| d));
    Metadata {
        title,
        author: front.author.or(found.author.map(|(_, a)| a)),
        date,
        source,
        warning: front.warning,
    }
}

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    source: Option<String>,
    warning: Option<String>,
}

#[derive(Deserialize)]
struct FrontMatterToml {
    title: Option<String>,
    author: Option<String>,
    // A `Value` because TOML lets the date be written bare (`date = 2017-03-02`) as well as quoted.
    date: Option<Spanned<Value>>,
    source: Option<String>,
}

/// Splits off a leading `+++` block, returning what it says and the body after it.
fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let Some(after_open) = text.strip_prefix("+++\n").or((text == "+++").then_some("")) else {
        return (FrontMatter::default(), text);
    };
    let region = &after_open[..after_open.floor_char_boundary(WINDOW_BYTES)];
    let mut offset = 0;
    for piece in region.split_inclusive('\n').take(FRONT_MATTER_MAX_LINES) {
        if piece.trim_end() == "+++" {
            let body = &after_open[offset + piece.len()..];
            return (parse_front_matter(&after_open[..offset]), body);
        }
        offset += piece.len();
    }
    let warning = front_matter_warning(1, "no closing +++ line");
    let front = FrontMatter {
        warning: Some(warning),
        ..FrontMatter::default()
    };
    (front, skip_toml_lines(region, after_open))
}

/// Parses the inside of a closed block; the block starts on line 2 of the file.
fn parse_front_matter(toml_text: &str) -> FrontMatter {
    let line_of = |byte: usize| 2 + toml_text[..byte].matches('\n').count();
    let parsed = match toml_file::parse::<FrontMatterToml>(toml_text) {
        Ok(parsed) => parsed,
        Err(e) => {
            return FrontMatter {
                warning: Some(front_matter_warning(e.line + 1, &e.message)),
                ..FrontMatter::default()
            };
        }
    };
    let date = match parsed.date {
        None => None,
        Some(spanned) => {
            let line = line_of(spanned.span().start);
            match spanned.into_inner() {
                Value::String(s) => non_empty(s).map(|s| parse_date(&s).unwrap_or(s)),
                Value::Datetime(dt) => Some(
                    dt.date
                        .map_or_else(|| dt.to_string(), |d| format_ymd((d.year, d.month, d.day))),
                ),
                _ => {
                    let warning = front_matter_warning(line, "`date` must be a string or a date");
                    return FrontMatter {
                        warning: Some(warning),
                        ..FrontMatter::default()
                    };
                }
            }
        }
    };
    FrontMatter {
        title: parsed.title.and_then(non_empty),
        author: parsed.author.and_then(non_empty),
        date,
        source: parsed.source.and_then(non_empty),
        warning: None,
    }
}

fn front_matter_warning(line: usize, problem: &str) -> String {
    format!("front matter at line {line}: {problem}; fix it or remove the +++ block")
}

fn non_empty(s: String) -> Option<String> {
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The body after an unclosed block: its TOML-looking lines are skipped so that
/// `title = "…"` does not become the title.
fn skip_toml_lines<'a>(region: &str, after_open: &'a str) -> &'a str {
    let mut offset = 0;
    for piece in region.split_inclusive('\n').take(FRONT_MATTER_MAX_LINES) {
        if !looks_like_toml(piece) {
            break;
        }
        offset += piece.len();
    }
    &after_open[offset..]
}

fn looks_like_toml(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || line.starts_with('#')
        || line.starts_with('[')
        || line.split_once('=').is_some_and(|(key, _)| {
            let key = key.trim();
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c))
        })
}

/// The first lines of the body and the rest after them. A line cut by the byte cap is left to the
/// rest: its fragment could look like a label.
fn head_lines(body: &str) -> (Vec<&str>, &str) {
    let region = &body[..body.floor_char_boundary(WINDOW_BYTES)];
    let mut lines = Vec::new();
    let mut end = 0;
    for piece in region.split_inclusive('\n').take(HEAD_LINES) {
        let line = match piece.strip_suffix('\n') {
            Some(line) => line,
            None if region.len() == body.len() => piece,
            None => break,
        };
        lines.push(line);
        end += piece.len();
    }
    (lines, &body[end..])
}

/// The last lines of `rest`, read backwards from its end.
fn tail_lines(rest: &str) -> Vec<&str> {
    let start = rest.ceil_char_boundary(rest.len().saturating_sub(WINDOW_BYTES));
    let region = if start == 0 || rest.as_bytes()[start - 1] == b'\n' {
        &rest[start..]
    } else {
        rest[start..]
            .split_once('\n')
            .map_or("", |(_, after)| after)
    };
    let mut lines: Vec<&str> = region.lines().rev().take(TAIL_LINES).collect();
    lines.reverse();
    lines
}

/// The first non-empty line, for a body whose top holds nothing but metadata or blank lines.
fn first_line(body: &str) -> Option<&str> {
    let start = body.trim_start();
    let region = &start[..start.floor_char_boundary(WINDOW_BYTES)];
    region
        .lines()
        .next()
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

fn clip_title(line: &str) -> String {
    let mut starts = line
        .char_indices()
        .map(|(at, _)| at)
        .skip(MAX_TITLE_CHARS - 1);
    match (starts.next(), starts.next()) {
        (Some(cut), Some(_)) => format!("{}…", &line[..cut]),
        _ => line.to_string(),
    }
}

// Lower variants win.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AuthorRank {
    Label,
    Byline,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateRank {
    Label,
    Published,
    Bare,
    Updated,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SourceRank {
    Url,
    // `Posted on: Global Times, …` names the publication; a bare `Source: Getty` under a title
    // is usually a photo credit.
    Publication,
    Label,
}

enum Fact {
    Title(String),
    Author(AuthorRank, String),
    Date(DateRank, String),
    RawDate(DateRank, String),
    Source(SourceRank, String),
}

#[derive(Default)]
struct Found {
    title: Option<String>,
    author: Option<(AuthorRank, String)>,
    date: Option<(DateRank, String)>,
    raw_date: Option<(DateRank, String)>,
    source: Option<(SourceRank, String)>,
}

impl Found {
    /// Records what a line says; false if it is an ordinary line of text.
    fn read(&mut self, line: &str) -> bool {
        let Some(facts) = read_line(line) else {
            return false;
        };
        for fact in facts {
            match fact {
                Fact::Title(t) => {
                    self.title.get_or_insert(t);
                }
                Fact::Author(rank, a) => keep_best(&mut self.author, rank, a),
                Fact::Date(rank, d) => keep_best(&mut self.date, rank, d),
                Fact::RawDate(rank, d) => keep_best(&mut self.raw_date, rank, d),
                Fact::Source(rank, s) => keep_best(&mut self.source, rank, s),
            }
        }
        true
    }
}

/// Lines are read top to bottom, so on a tie the earlier one stays.
fn keep_best<R: Ord>(slot: &mut Option<(R, String)>, rank: R, value: String) {
    if slot.as_ref().is_none_or(|(held, _)| rank < *held) {
        *slot = Some((rank, value));
    }
}

/// What a line says about the document; `None` if it is an ordinary line of text. A metadata
/// line may say nothing (`Author:` with no name) and is still not a title.
fn read_line(line: &str) -> Option<Vec<Fact>> {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_METADATA_LINE_BYTES {
        return None;
    }
    if !line.contains('|') {
        return read_segment(line);
    }
    // `Commentary | March 18, 2014`, `By Jane Doe | Updated March 2, 2017`
    let mut facts = Vec::new();
    let mut any = false;
    for segment in line.split('|') {
        if let Some(more) = read_segment(segment.trim()) {
            any = true;
            facts.extend(more);
        }
    }
    any.then_some(facts)
}

fn read_segment(s: &str) -> Option<Vec<Fact>> {
    if s.is_empty() {
        return None;
    }
    if let Some((label, value)) = split_label(s) {
        return Some(read_labelled(label, value));
    }
    if let Some(url) = strip_prefix_ci(s, "source")
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .and_then(|rest| url_token(rest.trim_start()))
    {
        return Some(vec![Fact::Source(SourceRank::Url, url.to_string())]);
    }
    if let Some(name) = byline(s) {
        return Some(vec![Fact::Author(AuthorRank::Byline, name.to_string())]);
    }
    if let Some((rank, date)) = prefixed_date(s) {
        return Some(vec![Fact::Date(rank, date)]);
    }
    parse_date(s).map(|date| vec![Fact::Date(DateRank::Bare, date)])
}

#[derive(Clone, Copy)]
enum Label {
    Title,
    Author,
    Date(DateRank),
    Source,
}

/// `Label: value`, also with a full-width colon as Chinese pages write it.
fn split_label(s: &str) -> Option<(Label, &str)> {
    let (at, colon) = s.char_indices().find(|&(_, c)| c == ':' || c == '：')?;
    let label = match s[..at].trim().to_lowercase().as_str() {
        "title" | "标题" => Label::Title,
        "author" | "authors" | "by" | "written by" | "byline" | "作者" => Label::Author,
        "date" | "日期" => Label::Date(DateRank::Label),
        "published" | "published on" | "posted" | "posted on" | "publication date"
        | "first published" | "发布时间" | "发布日期" => Label::Date(DateRank::Published),
        "updated" | "updated on" | "last updated" | "modified" | "last modified" | "更新时间" => {
            Label::Date(DateRank::Updated)
        }
        "source" | "url" | "来源" => Label::Source,
        _ => return None,
    };
    Some((label, s[at + colon.len_utf8()..].trim()))
}

fn read_labelled(label: Label, value: &str) -> Vec<Fact> {
    if value.is_empty() {
        return Vec::new();
    }
    match label {
        Label::Title => vec![Fact::Title(value.to_string())],
        Label::Author => vec![Fact::Author(AuthorRank::Label, value.to_string())],
        Label::Source => vec![match url_token(value) {
            Some(url) => Fact::Source(SourceRank::Url, url.to_string()),
            None => Fact::Source(SourceRank::Label, value.to_string()),
        }],
        Label::Date(rank) => match split_source_date(value) {
            Some((publication, date)) => {
                let mut facts = vec![Fact::Date(rank, date)];
                facts.extend(
                    publication.map(|p| Fact::Source(SourceRank::Publication, p.to_string())),
                );
                facts
            }
            None => vec![Fact::RawDate(rank, value.to_string())],
        },
    }
}

/// `Global Times, March 3rd,2017` → the publication and the date; the longest date suffix wins so
/// that `Thursday, 2 March 2017` is not read as a publication called "Thursday".
fn split_source_date(value: &str) -> Option<(Option<&str>, String)> {
    if let Some(date) = parse_date(value) {
        return Some((None, date));
    }
    value.match_indices(',').find_map(|(at, _)| {
        let date = parse_date(&value[at + 1..])?;
        let publication = value[..at].trim();
        Some(((!publication.is_empty()).then_some(publication), date))
    })
}

fn url_token(s: &str) -> Option<&str> {
    let token = s.split_whitespace().next()?;
    (strip_prefix_ci(token, "http://").is_some() || strip_prefix_ci(token, "https://").is_some())
        .then_some(token)
}

/// `By Jane Doe`, `Written by Chris Bing`: only when what follows looks like a short name, since
/// "By the time…" opens sentences too.
fn byline(s: &str) -> Option<&str> {
    let name = strip_prefix_ci(s, "by ")
        .or_else(|| strip_prefix_ci(s, "written by "))?
        .trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name_word = |w: &&str| {
        matches!(
            *w,
            "and" | "&" | "de" | "van" | "von" | "der" | "den" | "da" | "del" | "di" | "la" | "le"
        ) || w
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
    };
    let ok = (1..=6).contains(&words.len())
        && name.chars().count() <= 60
        && !name.contains(|c: char| c.is_ascii_digit() || ":;?!\"“”".contains(c))
        && words.iter().all(is_name_word);
    ok.then_some(name)
}

/// `Published March 2, 2017` without a colon; strict, since such words also open sentences.
fn prefixed_date(s: &str) -> Option<(DateRank, String)> {
    const PREFIXES: [(&str, DateRank); 7] = [
        ("published on ", DateRank::Published),
        ("published ", DateRank::Published),
        ("posted on ", DateRank::Published),
        ("posted ", DateRank::Published),
        ("updated on ", DateRank::Updated),
        ("last updated ", DateRank::Updated),
        ("updated ", DateRank::Updated),
    ];
    PREFIXES.iter().find_map(|&(prefix, rank)| {
        let date = parse_date(strip_prefix_ci(s, prefix)?)?;
        Some((rank, date))
    })
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The date in a URL's `/YYYY/MM/DD/` path, as news and think-tank sites write them.
fn url_date(url: &str) -> Option<String> {
    url_token(url)?;
    let segments: Vec<&str> = url.split('/').collect();
    segments.windows(3).find_map(|w| {
        let ymd = (
            number(w[0], 4, 4)? as u16,
            number(w[1], 1, 2)? as u8,
            number(w[2], 1, 2)? as u8,
        );
        valid_date(ymd).then(|| format_ymd(ymd))
    })
}

type Ymd = (u16, u8, u8);

/// A date written in one of the common English forms, as ISO "YYYY-MM-DD".
///
/// Accepts `2017-03-02` (also `2017/03/02`, `2017-03-02T10:00Z`, `2017年3月2日`), `2 March 2017`,
/// `March 2, 2017`, `Mar. 2, 2017`, ordinals (`March 3rd,2017`), a leading weekday and a trailing
/// time (`Thursday, 02 March, 2017, 4:27pm`). Returns `None` rather than guess: day-first versus
/// month-first numbers (`03/02/2017`), two-digit years, a missing day, anything left over.
fn parse_date(s: &str) -> Option<String> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("of"))
        .collect();
    let tokens = match tokens.split_first() {
        Some((first, rest)) if weekday(first) => rest,
        _ => &tokens[..],
    };
    let (ymd, rest) = date_tokens(tokens)?;
    (rest.is_empty() || is_time(rest)).then(|| format_ymd(ymd))
}

fn date_tokens<'a>(tokens: &'a [&'a str]) -> Option<(Ymd, &'a [&'a str])> {
    let (first, rest) = tokens.split_first()?;
    if let Some((ymd, time)) = numeric_date(first) {
        return (time.is_empty() || is_clock(time)).then_some((ymd, rest));
    }
    let [a, b, c, rest @ ..] = tokens else {
        return None;
    };
    let year = number(c, 4, 4)? as u16;
    let ymd = match (month(a), month(b)) {
        (Some(m), None) => (year, m, day(b)?),
        (None, Some(m)) => (year, m, day(a)?),
        _ => return None,
    };
    valid_date(ymd).then_some((ymd, rest))
}

/// `2017-03-02`, `2017/3/2`, `2017年3月2日`, with whatever time is glued on after them.
fn numeric_date(token: &str) -> Option<(Ymd, &str)> {
    let (year, rest) = leading_number(token, 4, 4)?;
    let sep = rest.chars().next()?;
    let month_end = match sep {
        '-' | '/' => sep,
        '年' => '月',
        _ => return None,
    };
    let (month, rest) = leading_number(&rest[sep.len_utf8()..], 1, 2)?;
    let (day, rest) = leading_number(rest.strip_prefix(month_end)?, 1, 2)?;
    let time = if sep == '年' {
        rest.strip_prefix('日')?
    } else if rest.is_empty() {
        rest
    } else {
        rest.strip_prefix(['T', 't'])?
    };
    let ymd = (year as u16, month as u8, day as u8);
    valid_date(ymd).then_some((ymd, time))
}

fn leading_number(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(min..=max).contains(&digits) {
        return None;
    }
    Some((s[..digits].parse().ok()?, &s[digits..]))
}

fn number(s: &str, min: usize, max: usize) -> Option<u32> {
    leading_number(s, min, max)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(n, _)| n)
}

fn day(token: &str) -> Option<u8> {
    let (n, suffix) = leading_number(token, 1, 2)?;
    let ordinal = ["", "st", "nd", "rd", "th"]
        .iter()
        .any(|s| suffix.eq_ignore_ascii_case(s));
    ordinal.then_some(n as u8)
}

fn month(token: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let token = token.to_ascii_lowercase();
    let index = MONTHS
        .iter()
        .position(|m| *m == token || (token.len() == 3 && m.starts_with(&token)))
        .or((token == "sept").then_some(8))?;
    Some(index as u8 + 1)
}

fn weekday(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
    )
}

/// What may follow a date: `4:27pm`, `at 16:27 GMT`, `10:00 a.m. EST`.
fn is_time(tokens: &[&str]) -> bool {
    let tokens = match tokens.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case("at") => rest,
        _ => tokens,
    };
    let Some((clock, zone)) = tokens.split_first() else {
        return false;
    };
    is_clock(clock) && zone.iter().all(|t| meridiem(t) || time_zone(t))
}

fn is_clock(token: &str) -> bool {
    let lower = token.to_ascii_lowercase().replace('.', "");
    let (clock, has_meridiem) = match lower.strip_suffix("am").or(lower.strip_suffix("pm")) {
        Some(clock) => (clock, true),
        None => (lower.as_str(), false),
    };
    let clock = clock.strip_suffix('z').unwrap_or(clock);
    let (clock, offset) = clock
        .split_once(['+', '-'])
        .map_or((clock, None), |(c, o)| (c, Some(o)));
    if offset.is_some_and(|o| o.is_empty() || !o.chars().all(|c| c.is_ascii_digit() || c == ':')) {
        return false;
    }
    let mut parts = clock.split(':');
    let hour_ok = parts
        .next()
        .and_then(|h| number(h, 1, 2))
        .is_some_and(|h| h <= 23);
    let rest: Vec<&str> = parts.collect();
    hour_ok
        && (has_meridiem || !rest.is_empty())
        && rest.len() <= 2
        && rest
            .iter()
            .all(|p| number(p, 2, 2).is_some_and(|n| n <= 59))
}

fn meridiem(token: &str) -> bool {
    let t = token.to_ascii_lowercase().replace('.', "");
    t == "am" || t == "pm"
}

/// `GMT`, `HKT`, `UTC+8`, `(EST)`, `+08:00`.
fn time_zone(token: &str) -> bool {
    let token = token.trim_start_matches('(').trim_end_matches(')');
    let (letters, offset) = token
        .split_once(['+', '-'])
        .map_or((token, None), |(l, o)| (l, Some(o)));
    let letters_ok = letters.is_empty()
        || ((2..=5).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase()));
    let offset_ok =
        offset.is_none_or(|o| !o.is_empty() && o.chars().all(|c| c.is_ascii_digit() || c == ':'));
    letters_ok && offset_ok && (!letters.is_empty() || offset.is_some())
}

fn valid_date((year, month, day): Ymd) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1000 && (1..=days).contains(&day)
}

fn format_ymd((year, month, day): Ymd) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(
        title: &str,
        author: Option<&str>,
        date: Option<&str>,
        source: Option<&str>,
    ) -> Metadata {
        Metadata {
            title: title.to_string(),
            author: author.map(str::to_string),
            date: date.map(str::to_string),
            source: source.map(str::to_string),
            warning: None,
        }
    }

    #[test]
    fn shipped_000_published_wins_over_updated() {
        assert_eq!(
            extract(include_str!("../../corpus/000_073045cb8793dce5.txt")),
            meta(
                "Forget the Great Firewall ... China is beefing up its ability to police all cyberspace",
                None,
                Some("2017-03-02"),
                None,
            )
        );
    }

    #[test]
    fn shipped_001_author_and_posted_on() {
        assert_eq!(
            extract(include_str!("../../corpus/001_bcba7e35c127046e.txt")),
            meta(
                "China opposes using Internet to interfere",
                Some("Bai Tiantian"),
                Some("2017-03-03"),
                Some("Global Times"),
            )
        );
    }

    #[test]
    fn shipped_002_written_by_at_the_bottom() {
        assert_eq!(
            extract(include_str!("../../corpus/002_3e2178b0d7cc894e.txt")),
            meta(
                "China looks to unseat U.S. as leader on global internet policy",
                Some("Chris Bing"),
                None,
                None,
            )
        );
    }

    #[test]
    fn shipped_003_source_url_over_photo_credit_and_date_from_url() {
        assert_eq!(
            extract(include_str!("../../corpus/003_51e4aaa34ca25599.txt")),
            meta(
                "Chinese Views on Cybersecurity in Foreign Relations",
                None,
                Some("2013-09-20"),
                Some(
                    "http://carnegieendowment.org/2013/09/20/chinese-views-on-cybersecurity-in-foreign-relations/gnx9"
                ),
            )
        );
    }

    #[test]
    fn shipped_004_date_after_a_bar() {
        assert_eq!(
            extract(include_str!("../../corpus/004_5fd63ba584e4c364.txt")),
            meta(
                "China's Cybersecurity Push and the Need for Sino-U.S. Cooperation",
                None,
                Some("2014-03-18"),
                None,
            )
        );
    }

    #[test]
    fn empty_and_whitespace_only_text() {
        assert_eq!(extract(""), Metadata::default());
        assert_eq!(extract("  \n\n\t \n"), Metadata::default());
    }

    #[test]
    fn front_matter_overrides_the_text() {
        let text = "+++\ntitle = \"Chosen title\"\nauthor = \"A. Editor\"\ndate = 2020-01-31\n\
                    source = \"Archive\"\ntags = [\"x\"]\n+++\nHeadline in the text\nAuthor: Someone Else\n\
                    Date: 2017-03-02\nSource: Elsewhere\n";
        assert_eq!(
            extract(text),
            meta(
                "Chosen title",
                Some("A. Editor"),
                Some("2020-01-31"),
                Some("Archive")
            )
        );
    }

    #[test]
    fn front_matter_fills_in_only_what_it_has() {
        let text = "+++\ndate = \"March 2, 2017\"\n+++\n\nHeadline\nBy Jane Doe\n";
        assert_eq!(
            extract(text),
            meta("Headline", Some("Jane Doe"), Some("2017-03-02"), None)
        );
        let raw = "+++\ndate = \"spring 2017\"\n+++\nHeadline\n";
        assert_eq!(extract(raw).date.as_deref(), Some("spring 2017"));
        let datetime = "+++\ndate = 2017-03-02T16:27:00+08:00\n+++\nHeadline\n";
        assert_eq!(extract(datetime).date.as_deref(), Some("2017-03-02"));
    }

    #[test]
    fn front_matter_without_a_title_or_body() {
        assert_eq!(
            extract("+++\nauthor = \"A\"\n+++\n"),
            meta(UNTITLED, Some("A"), None, None)
        );
    }

    #[test]
    fn invalid_front_matter_warns_with_its_line_and_falls_back() {
        let text = "+++\ntitle = \"Fine\"\nauthor = Bai\n+++\nHeadline\nAuthor: Bai Tiantian\n";
        let m = extract(text);
        assert_eq!(m.title, "Headline");
        assert_eq!(m.author.as_deref(), Some("Bai Tiantian"));
        assert_eq!(
            m.warning.as_deref(),
            Some(
                "front matter at line 3: string values must be quoted, expected literal string; \
                 fix it or remove the +++ block"
            )
        );
    }

    #[test]
    fn front_matter_with_a_wrong_type_warns() {
        let m = extract("+++\ntitle = 5\n+++\nHeadline\n");
        assert_eq!(m.title, "Headline");
        assert!(m.warning.unwrap().starts_with("front matter at line 2: "));
        let m = extract("+++\n\ndate = [1]\n+++\nHeadline\n");
        assert_eq!(m.title, "Headline");
        assert_eq!(
            m.warning.as_deref(),
            Some(
                "front matter at line 3: `date` must be a string or a date; fix it or remove the +++ block"
            )
        );
    }

    #[test]
    fn unclosed_front_matter_warns_and_is_not_the_title() {
        let m = extract("+++\ntitle = \"Draft\"\n# note\n\nReal headline\nMore text.\n");
        assert_eq!(m.title, "Real headline");
        assert_eq!(
            m.warning.as_deref(),
            Some("front matter at line 1: no closing +++ line; fix it or remove the +++ block")
        );
    }

    #[test]
    fn plus_signs_later_in_the_text_are_not_front_matter() {
        let m = extract("Headline\n+++\ntitle = \"x\"\n+++\n");
        assert_eq!(m.title, "Headline");
        assert_eq!(m.warning, None);
    }

    #[test]
    fn labelled_lines() {
        let text = "Site navigation\nTitle: The Real Title\nDate: 2017-03-02\nSource: Reuters\nAuthors: A and B\n";
        assert_eq!(
            extract(text),
            meta(
                "The Real Title",
                Some("A and B"),
                Some("2017-03-02"),
                Some("Reuters")
            )
        );
    }

    #[test]
    fn metadata_lines_are_skipped_for_the_title() {
        let text =
            "By Jane Doe\nMarch 2, 2017\nUpdated: 3 March 2017\n\nHeadline after the byline\n";
        assert_eq!(
            extract(text),
            meta(
                "Headline after the byline",
                Some("Jane Doe"),
                Some("2017-03-02"),
                None
            )
        );
    }

    #[test]
    fn only_metadata_lines_gives_the_first_line_as_title() {
        let m = extract("\n\nAuthor: Bai Tiantian\nDate: 2017-03-02\n");
        assert_eq!(m.title, "Author: Bai Tiantian");
        assert_eq!(m.author.as_deref(), Some("Bai Tiantian"));
    }

    #[test]
    fn label_ranks() {
        let text = "Headline\nUPDATED : Friday, 03 March, 2017, 6:13am\nPUBLISHED : Thursday, 02 March, 2017, 4:27pm\n\
                    Source: Getty\nPosted on: Global Times, March 3rd,2017\nSource: https://example.com/a\n";
        assert_eq!(
            extract(text),
            meta(
                "Headline",
                None,
                Some("2017-03-02"),
                Some("https://example.com/a")
            )
        );
        let text = "Headline\nMarch 5, 2017\nDate: March 2, 2017\n";
        assert_eq!(extract(text).date.as_deref(), Some("2017-03-02"));
    }

    #[test]
    fn dates_that_do_not_parse_are_kept_as_written_but_lose_to_parsed_ones() {
        let m = extract("Headline\nDate: sometime in spring\n");
        assert_eq!(m.date.as_deref(), Some("sometime in spring"));
        let m = extract("Headline\nDate: sometime in spring\nPosted: 2 March 2017\n");
        assert_eq!(m.date.as_deref(), Some("2017-03-02"));
        let m = extract("Headline\nDate: n/a\nSource http://example.com/2013/09/20/story\n");
        assert_eq!(m.date.as_deref(), Some("2013-09-20"));
    }

    #[test]
    fn bylines_need_to_look_like_names() {
        assert_eq!(
            extract("Headline\nBy Jane Doe\n").author.as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            extract("Headline\nBY Ludwig van Beethoven\n")
                .author
                .as_deref(),
            Some("Ludwig van Beethoven")
        );
        assert_eq!(
            extract("Headline\nBy the time it ended, all had left.\n").author,
            None
        );
        assert_eq!(
            extract("Headline\nBy 2020 the plan was done\n").author,
            None
        );
        assert_eq!(
            extract("By The Numbers: China's Cyber Force\n").author,
            None
        );
        assert_eq!(
            extract("By The Numbers: China's Cyber Force\n").title,
            "By The Numbers: China's Cyber Force"
        );
    }

    #[test]
    fn chinese_title_and_labels() {
        let text =
            "网络空间国际合作战略\n\n作者：新华社\n发布时间：2017年3月1日 16:27\n\n正文第一段。\n";
        assert_eq!(
            extract(text),
            meta(
                "网络空间国际合作战略",
                Some("新华社"),
                Some("2017-03-01"),
                None
            )
        );
    }

    #[test]
    fn long_first_lines_are_clipped() {
        let exact = "é".repeat(MAX_TITLE_CHARS);
        assert_eq!(extract(&exact).title, exact);
        let title = extract(&format!("{exact}x\nmore")).title;
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
        assert!(title.ends_with("é…"));
    }

    #[test]
    fn only_the_head_and_tail_are_read() {
        let filler = "A line of body text.\n".repeat(500);
        let text = format!("Headline\n{filler}Date: 2001-01-01\n{filler}Written by Chris Bing\n");
        assert_eq!(
            extract(&text),
            meta("Headline", Some("Chris Bing"), None, None)
        );
        let huge = format!("Headline\n{}\nDate: 2017-03-02\n", "x".repeat(200_000));
        assert_eq!(extract(&huge).date.as_deref(), Some("2017-03-02"));
        let body = format!(
            "{}Headline far down\n",
            "\n".repeat(HEAD_LINES + TAIL_LINES + 10)
        );
        assert_eq!(extract(&body).title, "Headline far down");
    }

    #[test]
    fn date_forms() {
        let cases = [
            ("2017-03-02", "2017-03-02"),
            ("2017/3/2", "2017-03-02"),
            ("2017-03-02T16:27:00Z", "2017-03-02"),
            ("2017-03-02 16:27", "2017-03-02"),
            ("2 March 2017", "2017-03-02"),
            ("02 March, 2017", "2017-03-02"),
            ("March 2, 2017", "2017-03-02"),
            ("march 2 2017", "2017-03-02"),
            ("Mar. 2, 2017", "2017-03-02"),
            ("Sept. 30, 2017", "2017-09-30"),
            ("1st May 2017", "2017-05-01"),
            ("March 2nd, 2017", "2017-03-02"),
            ("March 3rd,2017", "2017-03-03"),
            ("4th of July 2017", "2017-07-04"),
            ("Thursday, 02 March, 2017, 4:27pm", "2017-03-02"),
            ("Thu, Mar 2, 2017 at 10:00 a.m. EST", "2017-03-02"),
            ("March 2, 2017 16:27 GMT+8", "2017-03-02"),
            ("Feb 29, 2016", "2016-02-29"),
            ("2017年3月2日", "2017-03-02"),
        ];
        for (text, iso) in cases {
            assert_eq!(parse_date(text).as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn unsure_dates_are_none() {
        for text in [
            "03/02/2017",
            "March 2017",
            "March 2, 17",
            "Feb 29, 2017",
            "April 31, 2017",
            "Marc 2, 2017",
            "March 2, 2017 and then some",
            "March 2, 2017 EST",
            "2017-13-01",
            "2017-03-02x",
            "Thursday",
            "",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://example.com/2013/09/20/story").as_deref(),
            Some("2013-09-20")
        );
        assert_eq!(url_date("https://example.com/2013/09/story"), None);
        assert_eq!(url_date("Getty"), None);
    }
}
