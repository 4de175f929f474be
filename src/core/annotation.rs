//! One annotation: a span of a document's canonical text with tags and an optional note.

use serde::{Deserialize, Serialize};

use crate::core::text::CharIndex;

/// How many code points of context are kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Offsets are code points of the document's canonical text; `end` is exclusive.
/// Field order is the order written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub quote: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(default)]
    pub annotator: String,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339.
    pub modified: String,
}

/// Who made a change and when, stamped on what it creates or modifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub annotator: String,
    /// RFC 3339.
    pub time: String,
}

impl Stamp {
    /// The annotator (from the configuration) at the current time in UTC.
    pub fn now(annotator: &str) -> Stamp {
        let annotator = annotator.to_owned();
        let time = time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Stamp { annotator, time }
    }
}

impl Annotation {
    /// A new annotation on the byte range `start..end` of `text`, with a fresh id.
    pub fn new(
        text: &str,
        index: &CharIndex,
        span: std::ops::Range<usize>,
        tags: Vec<String>,
        stamp: &Stamp,
    ) -> Annotation {
        let (prefix, quote, suffix) = quote_with_context(text, span.clone());
        Annotation {
            id: uuid::Uuid::new_v4().to_string(),
            start: index.byte_to_char(text, span.start),
            end: index.byte_to_char(text, span.end),
            tags,
            note: String::new(),
            quote,
            prefix,
            suffix,
            annotator: stamp.annotator.clone(),
            created: stamp.time.clone(),
            modified: stamp.time.clone(),
        }
    }

    /// The byte range of this annotation in `text`.
    pub fn byte_span(&self, text: &str, index: &CharIndex) -> std::ops::Range<usize> {
        index.char_to_byte(text, self.start)..index.char_to_byte(text, self.end)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// The order annotations are kept in, in memory and on disk.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.start, self.end, &self.id)
    }
}

fn quote_with_context(text: &str, span: std::ops::Range<usize>) -> (String, String, String) {
    let before = &text[..span.start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[span.end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    (
        before[prefix_start..].to_owned(),
        text[span].to_owned(),
        after[..suffix_end].to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            annotator: "tester".into(),
            time: "2026-01-02T03:04:05Z".into(),
        }
    }

    #[test]
    fn offsets_are_code_points_and_context_is_kept() {
        let text = "«Le café» — 中文句子。Then the U.S. said so.";
        let index = CharIndex::new(text);
        let start = text.find("中文").unwrap();
        let end = text.find("。").unwrap() + "。".len();
        let a = Annotation::new(text, &index, start..end, vec!["x".into()], &stamp());
        assert_eq!(a.quote, "中文句子。");
        assert_eq!(a.start, 12);
        assert_eq!(a.end, 17);
        let sliced: String = text.chars().skip(a.start).take(a.end - a.start).collect();
        assert_eq!(sliced, a.quote);
        assert_eq!(a.prefix, "«Le café» — ");
        assert_eq!(a.suffix, "Then the U.S. said so.");
        assert_eq!(a.byte_span(text, &index), start..end);
    }

    #[test]
    fn context_is_limited_to_a_fixed_number_of_characters() {
        let text = format!("{}QUOTE{}", "é".repeat(100), "ü".repeat(100));
        let index = CharIndex::new(&text);
        let start = text.find("QUOTE").unwrap();
        let a = Annotation::new(&text, &index, start..start + 5, vec![], &stamp());
        assert_eq!(a.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);
    }
}
