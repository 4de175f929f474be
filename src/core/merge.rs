//! Three-way merge of one document's annotations, for when the annotation file changed on disk
//! (another gloss, a `git pull`) while this gloss had changes of its own to write.
//!
//! Annotations are matched by id and compared whole, so that a field added to [`Annotation`]
//! later takes part without changes here. An annotation changed on one side only takes that
//! side's version; changed differently on both sides, the one with the newer `modified` time is
//! kept whole and the merge reports it.

use std::collections::{BTreeSet, HashMap};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::core::annotation::Annotation;

/// Where an annotation kept by a conflict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The changes being written by this gloss.
    Here,
    /// What was found on disk.
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Conflict {
    /// Changed differently on both sides: `kept` is the version with the newer `modified` time
    /// (this side's on a tie), the other version is dropped.
    BothChanged { kept: Annotation, from: Side },
    /// Changed on one side and deleted on the other: the change wins, so no work is lost.
    ChangedAndDeleted { kept: Annotation, from: Side },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// In [`Annotation::sort_key`] order.
    pub annotations: Vec<Annotation>,
    pub conflicts: Vec<Conflict>,
}

/// Merges the changes from `base` to `elsewhere` with those from `base` to `here`: both sides'
/// new annotations are kept; a deletion is applied unless the other side changed the
/// annotation; an annotation changed on both sides keeps the newer version.
pub fn merge(base: &[Annotation], elsewhere: &[Annotation], here: &[Annotation]) -> Merge {
    let index = |list: &[Annotation]| -> HashMap<String, Annotation> {
        list.iter().map(|a| (a.id.clone(), a.clone())).collect()
    };
    let (base_of, elsewhere_of, here_of) = (index(base), index(elsewhere), index(here));
    let ids: BTreeSet<&String> = base_of
        .keys()
        .chain(elsewhere_of.keys())
        .chain(here_of.keys())
        .collect();
    let mut annotations = Vec::new();
    let mut conflicts = Vec::new();
    for id in ids {
        let (b, e, h) = (base_of.get(id), elsewhere_of.get(id), here_of.get(id));
        match (b, e, h) {
            (_, Some(e), Some(h)) if e == h => annotations.push(h.clone()),
            (Some(b), Some(e), Some(h)) if e == b => annotations.push(h.clone()),
            (Some(b), Some(e), Some(h)) if h == b => annotations.push(e.clone()),
            // Changed on both sides, or added on both with one id (only a copied file does that).
            (_, Some(e), Some(h)) => {
                let (kept, from) = if newer(e, h) {
                    (e, Side::Elsewhere)
                } else {
                    (h, Side::Here)
                };
                annotations.push(kept.clone());
                conflicts.push(Conflict::BothChanged {
                    kept: kept.clone(),
                    from,
                });
            }
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                if kept != b {
                    let from = if e.is_some() {
                        Side::Elsewhere
                    } else {
                        Side::Here
                    };
                    annotations.push(kept.clone());
                    conflicts.push(Conflict::ChangedAndDeleted {
                        kept: kept.clone(),
                        from,
                    });
                }
            }
            (None, Some(added), None) | (None, None, Some(added)) => {
                annotations.push(added.clone())
            }
            (_, None, None) => {}
        }
    }
    annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Merge {
        annotations,
        conflicts,
    }
}

/// Whether `a` was modified strictly later than `b`. A time that does not parse counts as older
/// than any that does.
fn newer(a: &Annotation, b: &Annotation) -> bool {
    let time = |x: &Annotation| OffsetDateTime::parse(&x.modified, &Rfc3339).ok();
    time(a) > time(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Stamp;
    use crate::core::text::CharIndex;

    /// Built through the constructor, so that these tests survive new fields in `Annotation`.
    fn ann(id: &str, start: usize, tags: &[&str], modified: &str) -> Annotation {
        let text = "0123456789".repeat(4);
        let stamp = Stamp {
            annotator: "alice".into(),
            time: modified.into(),
        };
        let tags = tags.iter().map(|t| (*t).into()).collect();
        let mut a = Annotation::new(
            &text,
            &CharIndex::new(&text),
            start..start + 5,
            tags,
            &stamp,
        );
        a.id = id.into();
        a
    }

    const T0: &str = "2026-01-01T00:00:00Z";
    const T1: &str = "2026-01-01T00:00:01Z";
    const T2: &str = "2026-01-01T00:00:02Z";

    fn ids(m: &Merge) -> Vec<&str> {
        m.annotations.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn both_sides_additions_are_kept_in_text_order() {
        let base = [ann("a", 10, &["x"], T0)];
        let elsewhere = [ann("a", 10, &["x"], T0), ann("e", 30, &["y"], T1)];
        let here = [ann("h", 0, &["z"], T1), ann("a", 10, &["x"], T0)];
        let m = merge(&base, &elsewhere, &here);
        assert_eq!(ids(&m), ["h", "a", "e"]);
        assert_eq!(m.conflicts, []);
    }

    #[test]
    fn a_change_on_one_side_wins_over_the_unchanged_other() {
        let base = [ann("a", 0, &["x"], T0), ann("b", 10, &["x"], T0)];
        let elsewhere = [ann("a", 0, &["x", "y"], T1), ann("b", 10, &["x"], T0)];
        let here = [ann("a", 0, &["x"], T0), ann("b", 10, &[], T2)];
        let m = merge(&base, &elsewhere, &here);
        assert_eq!(m.annotations, [elsewhere[0].clone(), here[1].clone()]);
        assert_eq!(m.conflicts, []);
    }

    #[test]
    fn a_deletion_applies_to_an_annotation_the_other_side_left_alone() {
        let base = [ann("a", 0, &["x"], T0), ann("b", 10, &["x"], T0)];
        let elsewhere = [ann("b", 10, &["x"], T0)];
        let here = [ann("a", 0, &["x"], T0)];
        let m = merge(&base, &elsewhere, &here);
        assert_eq!(m.annotations, []);
        assert_eq!(m.conflicts, []);
    }

    #[test]
    fn a_deleted_annotation_changed_on_the_other_side_is_kept_and_reported() {
        let base = [ann("a", 0, &["x"], T0), ann("b", 10, &["x"], T0)];
        let changed_a = ann("a", 0, &["x", "y"], T1);
        let changed_b = ann("b", 10, &["z"], T1);
        let m = merge(
            &base,
            std::slice::from_ref(&changed_a),
            std::slice::from_ref(&changed_b),
        );
        assert_eq!(m.annotations, [changed_a.clone(), changed_b.clone()]);
        assert_eq!(
            m.conflicts,
            [
                Conflict::ChangedAndDeleted {
                    kept: changed_a,
                    from: Side::Elsewhere
                },
                Conflict::ChangedAndDeleted {
                    kept: changed_b,
                    from: Side::Here
                },
            ]
        );
    }

    #[test]
    fn changed_on_both_sides_keeps_the_newer_whole_and_says_so() {
        let base = [ann("a", 0, &["x"], T0), ann("b", 10, &["x"], T0)];
        let mut noted_elsewhere = ann("a", 0, &["x"], T2);
        noted_elsewhere.note = "from a colleague".into();
        let tagged_here = ann("a", 0, &["x", "y"], T1);
        let older_elsewhere = ann("b", 10, &[], T1);
        let newer_here = ann("b", 10, &["x", "z"], T2);
        let m = merge(
            &base,
            &[noted_elsewhere.clone(), older_elsewhere],
            &[tagged_here, newer_here.clone()],
        );
        assert_eq!(m.annotations, [noted_elsewhere.clone(), newer_here.clone()]);
        assert_eq!(
            m.conflicts,
            [
                Conflict::BothChanged {
                    kept: noted_elsewhere,
                    from: Side::Elsewhere
                },
                Conflict::BothChanged {
                    kept: newer_here,
                    from: Side::Here
                },
            ]
        );
    }

    #[test]
    fn times_compare_as_instants_and_a_tie_keeps_this_side() {
        let base = [ann("a", 0, &[], T0)];
        // 01:00+02:00 is 23:00 the day before: older than T1 although it sorts later as text.
        let elsewhere = [ann("a", 0, &["e"], "2026-01-01T01:00:00+02:00")];
        let here = [ann("a", 0, &["h"], T1)];
        assert_eq!(merge(&base, &elsewhere, &here).annotations, here);
        let tie = [ann("a", 0, &["e"], T1)];
        assert_eq!(merge(&base, &tie, &here).annotations, here);
        let garbled = [ann("a", 0, &["e"], "yesterday")];
        assert_eq!(merge(&base, &garbled, &here).annotations, here);
    }

    #[test]
    fn identical_changes_on_both_sides_are_no_conflict() {
        let base = [ann("a", 0, &["x"], T0)];
        let same = [ann("a", 0, &["x", "y"], T1)];
        let m = merge(&base, &same, &same);
        assert_eq!(m.annotations, same);
        assert_eq!(m.conflicts, []);
        let m = merge(&base, &[], &[]);
        assert_eq!(m.annotations, []);
        assert_eq!(m.conflicts, []);
    }

    #[test]
    fn with_nothing_changed_elsewhere_the_result_is_this_side() {
        let base = [ann("a", 0, &["x"], T0), ann("b", 10, &["x"], T0)];
        let here = [ann("b", 10, &["y"], T1), ann("c", 20, &[], T1)];
        assert_eq!(merge(&base, &base, &here).annotations, here);
        assert_eq!(merge(&base, &here, &base).annotations, here);
    }
}
