//! Which of a document's annotated spans touch a range (the screen, the cursor sentence), found
//! without looking at every span: the spans are sorted by start, and the furthest end reached by
//! each prefix of them is kept, so a binary search skips every span that ends before the range
//! and another every span that starts after it. What is left to look at is the spans touching the
//! range, plus the short ones lying between a long span that reaches it and the range (none
//! unless spans nest across the screen, as one annotation over a whole chapter would).

use std::ops::{Deref, Range};

/// Byte spans sorted by start, with their reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intervals {
    spans: Vec<Range<usize>>,
    /// `reach[i]` is the largest end among `spans[..=i]`: never decreasing.
    reach: Vec<usize>,
}

impl Intervals {
    /// `spans` must be sorted by start (as annotations are, by [`sort_key`]).
    ///
    /// [`sort_key`]: crate::core::annotation::Annotation::sort_key
    pub fn new(spans: Vec<Range<usize>>) -> Intervals {
        debug_assert!(spans.is_sorted_by_key(|s| s.start), "spans sorted by start");
        let reach = spans
            .iter()
            .scan(0, |furthest, s| {
                *furthest = s.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Intervals { spans, reach }
    }

    /// Indices of the spans touching `range`, ascending: those starting at or before its end and
    /// ending at or after its start, so that spans just at its edges count (an empty line at the
    /// edge of the screen still shows an annotation's mark).
    pub fn touching(&self, range: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let first = self.reach.partition_point(|&end| end < range.start);
        let past = self.spans.partition_point(|s| s.start <= range.end);
        let start = range.start;
        (first..past.max(first)).filter(move |&i| self.spans[i].end >= start)
    }
}

impl Deref for Intervals {
    type Target = [Range<usize>];

    fn deref(&self) -> &[Range<usize>] {
        &self.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_same_spans_as_looking_at_every_one(
            mut spans in prop::collection::vec((0usize..200, 0usize..60), 0..60),
            range in (0usize..220, 0usize..40),
        ) {
            spans.sort();
            let spans: Vec<Range<usize>> = spans.into_iter().map(|(s, len)| s..s + len).collect();
            let range = range.0..range.0 + range.1;
            let expected: Vec<usize> = (0..spans.len())
                .filter(|&i| spans[i].start <= range.end && spans[i].end >= range.start)
                .collect();
            let index = Intervals::new(spans);
            prop_assert_eq!(index.touching(&range).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn only_the_spans_reaching_the_range_are_kept() {
        let index = Intervals::new(vec![0..5, 3..100, 20..30, 60..70, 200..210]);
        let touching = |range: Range<usize>| index.touching(&range).collect::<Vec<_>>();
        assert_eq!(touching(50..60), [1, 3]);
        assert_eq!(touching(25..25), [1, 2]);
        assert_eq!(touching(0..2), [0]);
        assert!(touching(300..400).is_empty());
    }
}
