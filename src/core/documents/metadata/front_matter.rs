//! A TOML front-matter block (`+++` lines) at the top of a document, in which a user states its
//! title, author, date and source outright.

use serde::Deserialize;
use toml::{Spanned, Value};

use super::dates::{format_ymd, parse_date};
use super::{FRONT_MATTER_MAX_LINES, WINDOW_BYTES};
use crate::core::storage::toml_file;

#[derive(Default)]
pub(super) struct FrontMatter {
    pub(super) title: Option<String>,
    pub(super) author: Option<String>,
    pub(super) date: Option<String>,
    pub(super) source: Option<String>,
    pub(super) warning: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct FrontMatterToml {
    title: Option<String>,
    author: Option<String>,
    // A `Value` because TOML lets the date be written bare (`date = 2017-03-02`) as well as quoted.
    date: Option<Spanned<Value>>,
    source: Option<String>,
}

/// Splits off a leading `+++` block, returning what it says and the body after it.
pub(super) fn split_front_matter(text: &str) -> (FrontMatter, &str) {
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
pub(super) fn parse_front_matter(toml_text: &str) -> FrontMatter {
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

pub(super) fn front_matter_warning(line: usize, problem: &str) -> String {
    format!("front matter at line {line}: {problem}; fix it or remove the +++ block")
}

pub(super) fn non_empty(s: String) -> Option<String> {
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The body after an unclosed block: its TOML-looking lines are skipped so that
/// `title = "…"` does not become the title.
pub(super) fn skip_toml_lines<'a>(region: &str, after_open: &'a str) -> &'a str {
    let mut offset = 0;
    for piece in region.split_inclusive('\n').take(FRONT_MATTER_MAX_LINES) {
        if !looks_like_toml(piece) {
            break;
        }
        offset += piece.len();
    }
    &after_open[offset..]
}

pub(super) fn looks_like_toml(line: &str) -> bool {
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
