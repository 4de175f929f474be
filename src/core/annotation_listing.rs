//! A document's annotations as a list shows them and a legend counts them: which are shown
//! (blind coding and a choice of coders hide the others'), in what order, and how many carry
//! each tag, are placed by a guess, or have no place. Made in one pass when the annotations
//! change, so that drawing a frame or moving through the list costs what the screen shows, not
//! what the document holds (with 10,000 annotations, counting and sorting them on every frame
//! took most of a key's time).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::core::annotation::Annotation;

/// The parts of the list, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Placed for certain, in text order.
    Placed,
    /// Placed by a guess since the text changed, to confirm (see `core::candidate`).
    ToConfirm,
    /// With no place in the text.
    Unplaced,
}

impl Section {
    pub fn of(a: &Annotation) -> Section {
        if a.is_orphan() {
            Section::Unplaced
        } else if a.to_confirm() {
            Section::ToConfirm
        } else {
            Section::Placed
        }
    }
}

/// One row of the list: an annotation by its index among the document's, or the heading that
/// opens the to-confirm or the unplaced section (the placed ones have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Annotation(usize),
    Heading(Section),
}

/// The shown annotations in list order, with their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Indices of the shown annotations: the placed ones, then those to confirm, then the
    /// unplaced, each part in the order of the annotations (text order).
    order: Vec<usize>,
    /// For each annotation, its place in `order`; `None` when it is hidden.
    place: Vec<Option<usize>>,
    /// Where the annotations to confirm and the unplaced ones begin in `order`.
    to_confirm_from: usize,
    unplaced_from: usize,
    /// How many shown annotations carry each tag; tags none carries are absent.
    tags: BTreeMap<String, usize>,
}

impl Listing {
    /// The listing of no annotations.
    pub const EMPTY: Listing = Listing {
        order: Vec::new(),
        place: Vec::new(),
        to_confirm_from: 0,
        unplaced_from: 0,
        tags: BTreeMap::new(),
    };

    /// The listing of `anns` (a document's annotations, in text order) of which `shows` says
    /// which are shown, by index.
    pub fn new(anns: &[Annotation], shows: impl Fn(usize) -> bool) -> Listing {
        let mut sections: [Vec<usize>; 3] = Default::default();
        let mut tags = BTreeMap::new();
        for (i, a) in anns.iter().enumerate().filter(|&(i, _)| shows(i)) {
            sections[Section::of(a) as usize].push(i);
            for tag in &a.tags {
                *tags.entry(tag.clone()).or_insert(0) += 1;
            }
        }
        let [placed, to_confirm, unplaced] = sections;
        let to_confirm_from = placed.len();
        let unplaced_from = to_confirm_from + to_confirm.len();
        let order: Vec<usize> = [placed, to_confirm, unplaced].concat();
        let mut place = vec![None; anns.len()];
        for (at, &i) in order.iter().enumerate() {
            place[i] = Some(at);
        }
        Listing {
            order,
            place,
            to_confirm_from,
            unplaced_from,
            tags,
        }
    }

    /// Indices of the shown annotations, in list order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Where the annotation at index `i` is in [`Listing::order`]; `None` when it is hidden.
    pub fn place(&self, i: usize) -> Option<usize> {
        self.place.get(i).copied().flatten()
    }

    /// The shown annotation a jump from `here` reaches in the text, forward or back (`None` at
    /// either end): the next or previous in order of their span's start (`spans`, byte spans of
    /// the placed annotations, index for index, sorted by start), then of their index, so that
    /// two starting at the same byte (two coders on one sentence) are both reached. `current`,
    /// the current annotation's index if there is one, counts as standing at `here`; without
    /// it, annotations starting at `here` are reached first either way (the cursor sentence's
    /// own). Found by binary search in the two runs of the listing in text order (the placed,
    /// those to confirm), not by a pass over all.
    pub fn jump(
        &self,
        spans: &[Range<usize>],
        here: usize,
        current: Option<usize>,
        forward: bool,
    ) -> Option<usize> {
        // The key of the annotation at index `i` grows with `i` among those with a span, since
        // spans are sorted by start.
        let key = |i: usize| (spans[i].start, i);
        // Without a current annotation the bound is taken in: those starting at `here` count.
        let (at, inclusive) = match current {
            Some(c) => ((here, c), false),
            None if forward => ((here, 0), true),
            None => ((here, usize::MAX), true),
        };
        let runs = [
            &self.order[..self.to_confirm_from],
            &self.order[self.to_confirm_from..self.unplaced_from],
        ];
        let found = runs.into_iter().filter_map(|run| {
            let run = &run[..run.partition_point(|&i| i < spans.len())];
            if forward {
                let before = |&i: &usize| key(i) < at || (!inclusive && key(i) == at);
                run.get(run.partition_point(before)).copied()
            } else {
                let within = |&i: &usize| key(i) < at || (inclusive && key(i) == at);
                let past = run.partition_point(within);
                past.checked_sub(1).map(|p| run[p])
            }
        });
        if forward {
            found.min_by_key(|&i| key(i))
        } else {
            found.max_by_key(|&i| key(i))
        }
    }

    /// How many annotations are shown.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// How many shown annotations are placed by a guess, to confirm.
    pub fn to_confirm(&self) -> usize {
        self.unplaced_from - self.to_confirm_from
    }

    /// How many shown annotations have no place.
    pub fn unplaced(&self) -> usize {
        self.order.len() - self.unplaced_from
    }

    /// How many shown annotations carry `tag`.
    pub fn count(&self, tag: &str) -> usize {
        self.tags.get(tag).copied().unwrap_or(0)
    }

    /// Every tag a shown annotation carries, sorted.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags.keys().map(String::as_str)
    }

    /// The rows of the heading before the to-confirm section and before the unplaced one, each
    /// `None` when its section is empty.
    fn heading_rows(&self) -> (Option<usize>, Option<usize>) {
        let to_confirm = (self.to_confirm() > 0).then_some(self.to_confirm_from);
        let unplaced =
            (self.unplaced() > 0).then_some(self.unplaced_from + usize::from(to_confirm.is_some()));
        (to_confirm, unplaced)
    }

    /// How many rows the list has: an annotation each, and the headings.
    pub fn rows(&self) -> usize {
        let (a, b) = self.heading_rows();
        self.order.len() + usize::from(a.is_some()) + usize::from(b.is_some())
    }

    /// The row that shows the annotation at `place` in [`Listing::order`].
    pub fn row_of(&self, place: usize) -> usize {
        let (to_confirm, unplaced) = self.heading_rows();
        let headings = usize::from(to_confirm.is_some() && place >= self.to_confirm_from)
            + usize::from(unplaced.is_some() && place >= self.unplaced_from);
        place + headings
    }

    /// What row `row` shows; `None` past the last.
    pub fn row(&self, row: usize) -> Option<Row> {
        let (to_confirm, unplaced) = self.heading_rows();
        if Some(row) == to_confirm {
            return Some(Row::Heading(Section::ToConfirm));
        }
        if Some(row) == unplaced {
            return Some(Row::Heading(Section::Unplaced));
        }
        let above = |heading: Option<usize>| usize::from(heading.is_some_and(|h| h < row));
        let place = row - above(to_confirm) - above(unplaced);
        self.order.get(place).map(|&i| Row::Annotation(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{Placement, Stamp};
    use crate::core::documents::text::CharIndex;
    use proptest::prelude::*;

    fn annotation(tags: &[&str], placement: Placement) -> Annotation {
        let stamp = Stamp {
            annotator: "a".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let tags = tags.iter().map(|t| t.to_string()).collect();
        let mut a = Annotation::new("x", &CharIndex::new("x"), 0..1, tags, &stamp);
        a.placement = placement;
        a
    }

    fn placement() -> impl Strategy<Value = Placement> {
        prop_oneof![
            Just(Placement::Exact),
            Just(Placement::Moved),
            Just(Placement::Orphan),
            any::<bool>().prop_map(|confirmed| Placement::Fuzzy {
                score: 0.5,
                confirmed
            }),
        ]
    }

    proptest! {
        /// The rows are those of the list written out whole: a heading before each section
        /// but the first, annotations in order; and each annotation's row is where it is.
        #[test]
        fn rows_are_the_sections_with_their_headings(
            anns in prop::collection::vec(
                (prop::sample::subsequence(vec!["a", "b", "c"], 0..3), placement(), any::<bool>()),
                0..30,
            ),
        ) {
            let shown: Vec<bool> = anns.iter().map(|a| a.2).collect();
            let anns: Vec<Annotation> =
                anns.into_iter().map(|(tags, p, _)| annotation(&tags, p)).collect();
            let listing = Listing::new(&anns, |i| shown[i]);
            let mut expected = Vec::new();
            for section in [Section::Placed, Section::ToConfirm, Section::Unplaced] {
                let mine: Vec<usize> = (0..anns.len())
                    .filter(|&i| shown[i] && Section::of(&anns[i]) == section)
                    .collect();
                if !mine.is_empty() && section != Section::Placed {
                    expected.push(Row::Heading(section));
                }
                expected.extend(mine.into_iter().map(Row::Annotation));
            }
            let rows: Vec<Row> = (0..listing.rows()).map(|r| listing.row(r).unwrap()).collect();
            prop_assert_eq!(&rows, &expected);
            prop_assert_eq!(listing.row(listing.rows()), None);
            for (at, &i) in listing.order().iter().enumerate() {
                prop_assert_eq!(listing.place(i), Some(at));
                prop_assert_eq!(listing.row(listing.row_of(at)), Some(Row::Annotation(i)));
            }
            for tag in ["a", "b", "c"] {
                let n = (0..anns.len()).filter(|&i| shown[i] && anns[i].has_tag(tag)).count();
                prop_assert_eq!(listing.count(tag), n);
            }
        }

        /// A jump reaches what a pass over every shown annotation with a span finds: the
        /// nearest in order of (start, index) past (or before) where it stands.
        #[test]
        fn a_jump_reaches_the_nearest_shown_annotation_in_text_order(
            anns in prop::collection::vec((0..8usize, placement(), any::<bool>()), 0..30),
            here in 0..10usize,
            current in prop::option::of(0..30usize),
            forward in any::<bool>(),
        ) {
            // As a document holds them: sorted by start, orphans last and without a span.
            let mut anns = anns;
            anns.sort_by_key(|(start, p, _)| (*p == Placement::Orphan, *start));
            let spans: Vec<Range<usize>> = anns
                .iter()
                .take_while(|(_, p, _)| *p != Placement::Orphan)
                .map(|(start, _, _)| *start..start + 2)
                .collect();
            let shown: Vec<bool> = anns.iter().map(|a| a.2).collect();
            let list: Vec<Annotation> =
                anns.iter().map(|(_, p, _)| annotation(&["a"], *p)).collect();
            let listing = Listing::new(&list, |i| shown[i]);
            let current = current.filter(|&c| c < spans.len());
            let key = |i: usize| (spans[i].start, i);
            let candidates = (0..spans.len()).filter(|&i| shown[i]);
            let expected = match (forward, current) {
                (true, Some(c)) => candidates.filter(|&i| key(i) > (here, c)).min_by_key(|&i| key(i)),
                (true, None) => candidates.filter(|&i| spans[i].start >= here).min_by_key(|&i| key(i)),
                (false, Some(c)) => candidates.filter(|&i| key(i) < (here, c)).max_by_key(|&i| key(i)),
                (false, None) => candidates.filter(|&i| spans[i].start <= here).max_by_key(|&i| key(i)),
            };
            prop_assert_eq!(listing.jump(&spans, here, current, forward), expected);
        }
    }
}
