//! Which annotations of a corpus carry chosen tags, optionally those of one annotator or in one
//! document: the question a researcher asks when reviewing a code. Only the annotations the
//! caller shows count at all (the reader's blind coding and `:coders` decide, in one place).

use crate::core::annotation::Annotation;
use crate::core::corpus::Corpus;

/// Whether an annotation is shown, and so counts at all: the reader's blind coding and
/// `:coders` answer it.
pub type Shows<'s> = &'s dyn Fn(&Annotation) -> bool;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagQuery {
    /// Tag names.
    pub tags: Vec<String>,
    /// Annotations with every one of the tags, rather than any of them.
    pub all: bool,
    pub annotator: Option<String>,
    /// Index of the document in the corpus.
    pub document: Option<usize>,
}

impl TagQuery {
    fn has_tags(&self, a: &Annotation) -> bool {
        if self.all {
            self.tags.iter().all(|t| a.has_tag(t))
        } else {
            self.tags.iter().any(|t| a.has_tag(t))
        }
    }

    fn with_tags<'c>(
        &self,
        corpus: &'c Corpus,
        shows: Shows<'_>,
    ) -> impl Iterator<Item = (usize, &'c Annotation)> {
        corpus
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.annotations.iter().map(move |a| (i, a)))
            .filter(move |(_, a)| self.has_tags(a) && shows(a))
    }

    /// Every annotation that `shows` and that answers the query, with its document's index, in
    /// the order of the corpus and of the text.
    pub fn run<'c>(&self, corpus: &'c Corpus, shows: Shows<'_>) -> Vec<(usize, &'c Annotation)> {
        self.with_tags(corpus, shows)
            .filter(|(i, a)| {
                self.document.is_none_or(|d| d == *i)
                    && self
                        .annotator
                        .as_ref()
                        .is_none_or(|who| *who == a.annotator)
            })
            .collect()
    }

    /// The annotators of annotations with the tags, whatever the other filters say, sorted:
    /// what the annotator filter goes through.
    pub fn annotators(&self, corpus: &Corpus, shows: Shows<'_>) -> Vec<String> {
        let mut out: Vec<String> = self
            .with_tags(corpus, shows)
            .map(|(_, a)| a.annotator.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The documents holding annotations with the tags, whatever the other filters say, in
    /// corpus order: what the document filter goes through.
    pub fn documents(&self, corpus: &Corpus, shows: Shows<'_>) -> Vec<usize> {
        let mut out: Vec<usize> = self.with_tags(corpus, shows).map(|(i, _)| i).collect();
        out.dedup();
        out
    }
}

/// The value after `current` in `values`, `None` (no filter) after the last: one press of a
/// key that cycles a filter.
pub fn cycle<T: Clone + PartialEq>(values: &[T], current: Option<&T>) -> Option<T> {
    let next = match current {
        None => 0,
        Some(c) => values.iter().position(|v| v == c).map_or(0, |i| i + 1),
    };
    values.get(next).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(_: &Annotation) -> bool {
        true
    }

    fn corpus() -> Corpus {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut corpus = Corpus::open(&root, None).unwrap();
        // The shipped annotations are all by one annotator; make one of another.
        let mut anns = corpus.entries[0].annotations.to_vec();
        anns[0].annotator = "zoe".into();
        corpus.entries[0].annotations = anns.into();
        corpus
    }

    #[test]
    fn any_or_all_of_the_tags_in_corpus_and_text_order() {
        let corpus = corpus();
        let query = |tags: &[&str], all: bool| TagQuery {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            all,
            ..TagQuery::default()
        };
        assert_eq!(query(&["denial"], false).run(&corpus, &all).len(), 3);
        let either = query(&["denial", "accusation"], false).run(&corpus, &all);
        assert_eq!(either.len(), 5);
        let order: Vec<(usize, usize)> = either.iter().map(|(i, a)| (*i, a.start)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        let both = query(&["denial", "non-authoritative"], true).run(&corpus, &all);
        assert_eq!(both.len(), 2);
        assert!(
            both.iter()
                .all(|(_, a)| a.tags == ["denial", "non-authoritative"])
        );
        assert!(query(&[], false).run(&corpus, &all).is_empty());
    }

    #[test]
    fn filters_cycle_through_the_annotators_and_documents_that_have_the_tags() {
        let corpus = corpus();
        let tags: Vec<String> = corpus.tags.tags.iter().map(|t| t.name.clone()).collect();
        let mut query = TagQuery {
            tags,
            ..TagQuery::default()
        };
        let annotators = query.annotators(&corpus, &all);
        assert_eq!(annotators.len(), 2, "{annotators:?}");
        assert!(annotators.contains(&"zoe".to_owned()));
        query.annotator = cycle(&annotators, None);
        let by_first = query.run(&corpus, &all);
        assert!(
            by_first
                .iter()
                .all(|(_, a)| Some(&a.annotator) == query.annotator.as_ref())
        );
        query.annotator = Some("zoe".into());
        assert_eq!(query.run(&corpus, &all).len(), 1);
        query.annotator = None;
        // What is not shown (blind coding, a set of coders) narrows everything, the annotators
        // cycled through included.
        let zoes = |a: &Annotation| a.annotator == "zoe";
        assert_eq!(query.run(&corpus, &zoes).len(), 1);
        assert_eq!(query.annotators(&corpus, &zoes), ["zoe"]);
        assert_eq!(query.documents(&corpus, &zoes), [0]);
        let documents = query.documents(&corpus, &all);
        assert_eq!(documents, [0, 1, 3, 4]);
        query.document = cycle(&documents, Some(&1));
        assert_eq!(query.document, Some(3));
        assert!(query.run(&corpus, &all).iter().all(|(i, _)| *i == 3));
        assert_eq!(cycle(&documents, Some(&4)), None);
    }
}
