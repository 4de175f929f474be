//! Metadata lines as web pages write them: `Author: …`, `PUBLISHED : …`, `Commentary | March
//! 18, 2014`, `Written by …`, `Source http://…`, each read into facts ranked by how sure they are.

use super::dates::{parse_date, prefixed_date};
use super::{AuthorRank, DateRank, Fact, MAX_METADATA_LINE_BYTES, SourceRank, strip_prefix_ci};

/// What a line says about the document; `None` if it is an ordinary line of text. A metadata
/// line may say nothing (`Author:` with no name) and is still not a title.
pub(super) fn read_line(line: &str) -> Option<Vec<Fact>> {
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

pub(super) fn read_segment(s: &str) -> Option<Vec<Fact>> {
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
pub(super) enum Label {
    Title,
    Author,
    Date(DateRank),
    Source,
}

/// `Label: value`, also with a full-width colon as Chinese pages write it.
pub(super) fn split_label(s: &str) -> Option<(Label, &str)> {
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

pub(super) fn read_labelled(label: Label, value: &str) -> Vec<Fact> {
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
pub(super) fn split_source_date(value: &str) -> Option<(Option<&str>, String)> {
    if let Some(date) = parse_date(value) {
        return Some((None, date));
    }
    value.match_indices(',').find_map(|(at, _)| {
        let date = parse_date(&value[at + 1..])?;
        let publication = value[..at].trim();
        Some(((!publication.is_empty()).then_some(publication), date))
    })
}

pub(super) fn url_token(s: &str) -> Option<&str> {
    let token = s.split_whitespace().next()?;
    (strip_prefix_ci(token, "http://").is_some() || strip_prefix_ci(token, "https://").is_some())
        .then_some(token)
}

/// `By Jane Doe`, `Written by Chris Bing`: only when what follows looks like a short name, since
/// "By the time…" opens sentences too.
pub(super) fn byline(s: &str) -> Option<&str> {
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
