//! Who makes a claim: its `speaker` field, or else the span of the text that names them, linked
//! to the claim as its `source of` (with, optionally, the reporting verb as its `cue of`), as in
//! the Penn Attribution Relations corpus's source, cue and content. One definition of both for
//! everything that asks: the claim thread, the cross tables and `gloss check`.
//!
//! A source or cue span is not a claim: it has no tag (the link says what it is), tables do not
//! count it and threads do not pass through it.

use std::collections::HashMap;

use crate::core::annotation::Annotation;

/// The link type from a span naming who makes a claim to the claim.
pub const SOURCE_OF: &str = "source of";
/// The link type from a span holding a claim's reporting verb ("said", "denied") to the claim.
pub const CUE_OF: &str = "cue of";
/// The field that names a claim's speaker.
pub const SPEAKER_FIELD: &str = "speaker";

/// Whether links of type `kind` attribute a claim rather than relate two claims.
pub fn attributes(kind: &str) -> bool {
    kind == SOURCE_OF || kind == CUE_OF
}

/// Whether `a` is a source or cue span rather than a claim: it has no tag and holds a
/// `source of` or `cue of` link.
pub fn is_span(a: &Annotation) -> bool {
    a.tags.is_empty() && a.links.iter().any(|l| attributes(&l.kind))
}

/// Who makes `claim`: its `speaker` field's value; else the quotes of `spans`, the annotations
/// holding a `source of` link to it, each once, in their order. Empty when it has neither.
pub fn speakers<'a>(
    claim: &'a Annotation,
    spans: impl IntoIterator<Item = &'a Annotation>,
) -> Vec<&'a str> {
    if let Some(speaker) = claim.fields.get(SPEAKER_FIELD) {
        return vec![speaker.as_str()];
    }
    let mut quotes: Vec<&str> = Vec::new();
    for span in spans {
        if !quotes.contains(&span.quote.as_str()) {
            quotes.push(&span.quote);
        }
    }
    quotes
}

/// The source spans of a set of annotations by the id of the claim they are `source of`: what
/// [`speakers`] needs, for a caller without a [`crate::core::links::LinkIndex`]. Built in one
/// pass, holding only the annotations that have such a link.
#[derive(Debug, Default)]
pub struct SourceSpans<'a> {
    by_claim: HashMap<&'a str, Vec<&'a Annotation>>,
}

impl<'a> SourceSpans<'a> {
    pub fn of(annotations: impl IntoIterator<Item = &'a Annotation>) -> SourceSpans<'a> {
        let mut spans = SourceSpans::default();
        for a in annotations {
            for link in a.links.iter().filter(|l| l.kind == SOURCE_OF) {
                spans.by_claim.entry(&link.to).or_default().push(a);
            }
        }
        spans
    }

    /// [`speakers`] of `claim`.
    pub fn speakers<'b>(&'b self, claim: &'b Annotation) -> Vec<&'b str> {
        let spans = self.by_claim.get(claim.id.as_str());
        speakers(claim, spans.into_iter().flatten().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::links::Link;

    fn ann(id: &str, quote: &str, tags: &[&str], links: &[(&str, &str)]) -> Annotation {
        let index = crate::core::documents::text::CharIndex::new(quote);
        let stamp = crate::core::annotation::Stamp {
            annotator: "t".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| t.to_string()).collect();
        let mut a = Annotation::new(quote, &index, 0..quote.len(), tags, &stamp);
        a.id = id.into();
        a.links = links.iter().map(|(k, to)| Link::new(*k, *to)).collect();
        a
    }

    #[test]
    fn a_speaker_is_the_field_else_every_source_span_once() {
        let mut claim = ann("c", "China denied it.", &["denial"], &[]);
        let long = ann("l", "Long", &[], &[(SOURCE_OF, "c"), (SOURCE_OF, "d")]);
        let again = ann("a", "Long", &[], &[(SOURCE_OF, "c")]);
        let cue = ann("v", "denied", &[], &[(CUE_OF, "c")]);
        let hua = ann("h", "Hua", &["authoritative"], &[(SOURCE_OF, "c")]);
        let spans = SourceSpans::of([&long, &again, &cue, &hua]);
        assert_eq!(spans.speakers(&claim), ["Long", "Hua"]);
        assert_eq!(speakers(&claim, []), Vec::<&str>::new());
        claim
            .fields
            .insert(SPEAKER_FIELD.into(), "Hua Chunying".into());
        assert_eq!(spans.speakers(&claim), ["Hua Chunying"]);
        assert!(is_span(&long) && is_span(&cue));
        assert!(!is_span(&hua), "tagged: a claim of its own");
        assert!(!is_span(&claim));
    }
}
