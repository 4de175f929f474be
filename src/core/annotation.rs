//! One annotation: a span of a document's canonical text with tags and an optional note.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::core::anchoring::context;
use crate::core::documents::text::CharIndex;
use crate::core::fields::FieldValues;
use crate::core::links::Link;

/// How an annotation was last placed in its document's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// Made on this text, or its quote was still at its offsets when the text changed.
    #[default]
    Exact,
    /// The text changed and the quote was found word for word elsewhere.
    Moved,
    /// The text changed and the place found is a guess: an approximate occurrence, or one whose
    /// surroundings left doubt (see `candidate`); `score` is in 0..=1, see
    /// `anchor::ACCEPT_THRESHOLD`. A guess is `confirmed` once a person has looked at it; until
    /// then the reader lists it to confirm and `gloss check` fails.
    Fuzzy { score: f64, confirmed: bool },
    /// Nothing good enough was found: the offsets, quote and context are those it had before.
    Orphan,
}

impl Placement {
    /// Whether the place is known for certain: made or found word for word there, or confirmed
    /// by a person.
    pub fn is_certain(&self) -> bool {
        match self {
            Placement::Exact | Placement::Moved => true,
            Placement::Fuzzy { confirmed, .. } => *confirmed,
            Placement::Orphan => false,
        }
    }
}

/// Keys gloss does not know, with their values, in the order they were read: a newer gloss or
/// another tool wrote them, and they are written back as they were.
pub type Extras = Vec<(String, toml::Value)>;

/// Offsets are code points of the document's canonical text; `end` is exclusive.
/// Field order is the order written to disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub placement: Placement,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub quote: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    /// Who made it.
    #[serde(default)]
    pub annotator: String,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339, with fractional seconds since format 1 gained them (whole seconds in older
    /// files), so that two changes within a second are told apart.
    pub modified: String,
    /// Who changed it last; files written before it existed give the annotator.
    #[serde(default)]
    pub modified_by: String,
    /// Part of the final coding an adjudicator made in the review screen (`final = true` on
    /// disk; absent, false, in every other annotation and in files written before it existed):
    /// left out of coder agreement unless its annotator is named (see
    /// [`crate::core::adjudication`]).
    #[serde(default, rename = "final", skip_serializing_if = "std::ops::Not::not")]
    pub final_coding: bool,
    /// Values of the scheme's fields (see [`crate::core::fields`]), and of any others a file
    /// holds.
    #[serde(default)]
    pub fields: FieldValues,
    /// Links from this annotation to others (see [`crate::core::links`]), in the order they
    /// were written; a new link is appended.
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub extra: Extras,
}

/// Who made a change and when, stamped on what it creates or modifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub annotator: String,
    /// RFC 3339.
    pub time: String,
}

impl Stamp {
    /// The annotator (from the configuration) at the current time in UTC, to the microsecond:
    /// finer than any two keys pressed in a row, so that merges can tell which came last.
    pub fn now(annotator: &str) -> Stamp {
        Stamp::at(annotator, time::OffsetDateTime::now_utc())
    }

    /// The annotator at `time`, in UTC to the microsecond, written as RFC 3339 with as many
    /// fractional digits as needed (none for a whole second).
    pub fn at(annotator: &str, time: time::OffsetDateTime) -> Stamp {
        let time = time.to_offset(time::UtcOffset::UTC);
        let micros = time.nanosecond() / 1_000 * 1_000;
        let time = time
            .replace_nanosecond(micros)
            .unwrap_or(time)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Stamp {
            annotator: annotator.to_owned(),
            time,
        }
    }
}

impl Annotation {
    /// A new annotation on the byte range `span` of `text`, with a fresh id.
    pub fn new(
        text: &str,
        index: &CharIndex,
        span: Range<usize>,
        tags: Vec<String>,
        stamp: &Stamp,
    ) -> Annotation {
        let context = context::around(text, span.clone());
        Annotation::new_in(text, index, span, context, tags, stamp)
    }

    /// [`Annotation::new`] with the byte ranges of the prefix and the suffix already chosen (see
    /// [`context::around_among`]), for a caller that found where its quote occurs.
    pub fn new_in(
        text: &str,
        index: &CharIndex,
        span: Range<usize>,
        context: (Range<usize>, Range<usize>),
        tags: Vec<String>,
        stamp: &Stamp,
    ) -> Annotation {
        let mut annotation = Annotation {
            id: uuid::Uuid::new_v4().to_string(),
            start: 0,
            end: 0,
            placement: Placement::Exact,
            tags,
            note: String::new(),
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            annotator: stamp.annotator.clone(),
            created: stamp.time.clone(),
            modified: stamp.time.clone(),
            modified_by: stamp.annotator.clone(),
            final_coding: false,
            fields: FieldValues::new(),
            links: Vec::new(),
            extra: Extras::new(),
        };
        annotation.set_span_in(text, index, span, context);
        annotation
    }

    /// Records that `stamp`'s annotator changed it at `stamp`'s time.
    pub fn touch(&mut self, stamp: &Stamp) {
        self.modified = stamp.time.clone();
        self.modified_by = stamp.annotator.clone();
    }

    /// Puts the annotation on the byte range `span` of `text`: its offsets, quote and context
    /// become those of the span (see [`context`] for how much context).
    pub fn set_span(&mut self, text: &str, index: &CharIndex, span: Range<usize>) {
        let context = context::around(text, span.clone());
        self.set_span_in(text, index, span, context);
    }

    /// [`Annotation::set_span`] with the byte ranges of the prefix and the suffix already
    /// chosen (see [`context::around_among`]).
    pub fn set_span_in(
        &mut self,
        text: &str,
        index: &CharIndex,
        span: Range<usize>,
        (prefix, suffix): (Range<usize>, Range<usize>),
    ) {
        self.start = index.byte_to_char(text, span.start);
        self.end = index.byte_to_char(text, span.end);
        self.quote = text[span].to_owned();
        self.prefix = text[prefix].to_owned();
        self.suffix = text[suffix].to_owned();
    }

    /// The byte range of this annotation in `text`.
    pub fn byte_span(&self, text: &str, index: &CharIndex) -> Range<usize> {
        index.char_to_byte(text, self.start)..index.char_to_byte(text, self.end)
    }

    /// Whether its offsets in `text` hold its quote.
    pub fn fits(&self, text: &str, index: &CharIndex) -> bool {
        self.start <= self.end
            && self.end <= index.len_chars()
            && text[self.byte_span(text, index)] == self.quote
    }

    pub fn is_orphan(&self) -> bool {
        self.placement == Placement::Orphan
    }

    /// Whether it was placed by a guess that no person has confirmed yet.
    pub fn to_confirm(&self) -> bool {
        matches!(
            self.placement,
            Placement::Fuzzy {
                confirmed: false,
                ..
            }
        )
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// Gives the tag `old` the name `new`, in its place; if the annotation already has `new`
    /// (a tag the scheme did not know), `old` just goes. Whether anything changed.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> bool {
        let Some(at) = self.tags.iter().position(|t| t == old) else {
            return false;
        };
        if self.has_tag(new) {
            self.tags.remove(at);
        } else {
            self.tags[at] = new.to_owned();
        }
        true
    }

    /// The order annotations are kept in, in memory and on disk: in text order, then orphans,
    /// whose offsets belong to an older text.
    pub fn sort_key(&self) -> (bool, usize, usize, &str) {
        (self.is_orphan(), self.start, self.end, &self.id)
    }
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
    fn context_stops_at_word_boundaries() {
        let text = format!("{}QUOTE{}", "é ".repeat(100), " ü".repeat(100));
        let index = CharIndex::new(&text);
        let start = text.find("QUOTE").unwrap();
        let a = Annotation::new(&text, &index, start..start + 5, vec![], &stamp());
        assert_eq!(a.prefix.chars().count(), context::MIN_CONTEXT_CHARS);
        assert_eq!(a.suffix.chars().count(), context::MIN_CONTEXT_CHARS);
        let text = format!("{}QUOTE{}", "é".repeat(100), "ü".repeat(100));
        let index = CharIndex::new(&text);
        let start = text.find("QUOTE").unwrap();
        let a = Annotation::new(&text, &index, start..start + 5, vec![], &stamp());
        assert_eq!(a.prefix, "é".repeat(100), "the word before is kept whole");
    }

    #[test]
    fn a_renamed_tag_keeps_its_place_and_is_never_doubled() {
        let text = "Some text.";
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect();
        let mut a = Annotation::new(
            text,
            &CharIndex::new(text),
            0..4,
            tags(&["a", "b"]),
            &stamp(),
        );
        assert!(a.rename_tag("a", "z"));
        assert_eq!(a.tags, ["z", "b"]);
        assert!(!a.rename_tag("a", "z"));
        assert!(a.rename_tag("z", "b"));
        assert_eq!(a.tags, ["b"]);
    }

    #[test]
    fn stamps_keep_fractions_of_a_second_and_touch_names_who_changed_it() {
        use time::macros::datetime;
        let at = |t| Stamp::at("bob", t).time;
        assert_eq!(
            at(datetime!(2026-01-02 03:04:05 UTC)),
            "2026-01-02T03:04:05Z"
        );
        assert_eq!(
            at(datetime!(2026-01-02 03:04:05.25 UTC)),
            "2026-01-02T03:04:05.25Z"
        );
        assert_eq!(
            at(datetime!(2026-01-02 03:04:05.123456789 UTC)),
            "2026-01-02T03:04:05.123456Z",
            "to the microsecond"
        );
        assert_eq!(
            at(datetime!(2026-01-02 05:04:05.5 +02:00)),
            "2026-01-02T03:04:05.5Z",
            "in UTC"
        );
        let now = Stamp::now("bob");
        assert!(
            time::OffsetDateTime::parse(&now.time, &time::format_description::well_known::Rfc3339)
                .is_ok(),
            "{}",
            now.time
        );
        let text = "Some text.";
        let mut a = Annotation::new(text, &CharIndex::new(text), 0..4, vec![], &stamp());
        assert_eq!(
            (a.annotator.as_str(), a.modified_by.as_str()),
            ("tester", "tester")
        );
        a.touch(&Stamp::at("bob", datetime!(2026-01-03 00:00:00.5 UTC)));
        assert_eq!(
            (
                a.annotator.as_str(),
                a.modified_by.as_str(),
                a.modified.as_str()
            ),
            ("tester", "bob", "2026-01-03T00:00:00.5Z")
        );
        assert_eq!(a.created, "2026-01-02T03:04:05Z");
    }

    #[test]
    fn fits_checks_offsets_and_quote() {
        let text = "«Le café» — 中文句子。";
        let index = CharIndex::new(text);
        let start = text.find("中文").unwrap();
        let mut a = Annotation::new(text, &index, start..text.len(), vec![], &stamp());
        assert!(a.fits(text, &index));
        a.start += 1;
        assert!(!a.fits(text, &index));
        a.start = 100;
        a.end = 104;
        assert!(!a.fits(text, &index));
        a.quote.clear();
        a.end = 100;
        assert!(
            !a.fits(text, &index),
            "an empty quote past the end does not fit"
        );
    }
}
