//! Three-way merge of one document's annotations, for when the annotation file changed on disk
//! (another gloss, a `git pull`) while this gloss had changes of its own to write.
//!
//! Annotations are matched by id. An annotation changed on one side only takes that side's
//! version. One changed differently on both sides is merged field by field ([`merge_fields`]),
//! so that neither coder's work is lost: both sides' tags, both notes, the place from the side
//! that moved it. One changed on a side and deleted on the other keeps what that side added
//! ([`what_it_added`]).

use std::collections::{BTreeSet, HashMap};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::core::annotation::Annotation;
use crate::core::fields;
use crate::core::links;

/// Where part of a merged annotation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The changes being written by this gloss.
    Here,
    /// What was found on disk.
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Conflict {
    /// Changed differently on both sides and merged field by field into `merged`.
    BothChanged {
        merged: Annotation,
        /// Both sides changed the note differently: `merged`'s note holds both texts, marked
        /// (see [`both_notes`]), for the coder to choose.
        notes: bool,
        /// Both sides moved it, to different places: it is where the side that changed it
        /// later (by `modified`) put it.
        placed_from: Option<Side>,
    },
    /// Changed on one side and deleted on the other: `kept` holds only what the changing side
    /// added (its new tags, links, field values, note), so that neither side's work is lost.
    ChangedAndDeleted { kept: Annotation, from: Side },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// In [`Annotation::sort_key`] order.
    pub annotations: Vec<Annotation>,
    pub conflicts: Vec<Conflict>,
}

/// Merges the changes from `base` to `elsewhere` with those from `base` to `here`: both sides'
/// new annotations are kept; a deletion is applied, but what the other side added to the
/// annotation meanwhile stays; an annotation changed on both sides is merged field by field.
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
            (b, Some(e), Some(h)) => {
                let (merged, fields) = merge_fields(b, e, h);
                annotations.push(merged.clone());
                conflicts.push(Conflict::BothChanged {
                    merged,
                    notes: fields.notes,
                    placed_from: fields.placed_from,
                });
            }
            (Some(b), Some(changed), None) | (Some(b), None, Some(changed)) => {
                if let Some(kept) = what_it_added(b, changed) {
                    let from = if e.is_some() {
                        Side::Elsewhere
                    } else {
                        Side::Here
                    };
                    annotations.push(kept.clone());
                    conflicts.push(Conflict::ChangedAndDeleted { kept, from });
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

/// An annotation deleted on one side and `changed` from `base` on the other, merged tag by tag:
/// the deletion takes away what `base` held, and what the other side added stays (its new tags,
/// links and field values, its note if it changed it), in its place. `None` when it added
/// nothing (it only moved it, or took tags away): the deletion stands. So an undo of a coder's
/// new annotation, which another process tagged meanwhile, takes back only the coder's tags.
fn what_it_added(base: &Annotation, changed: &Annotation) -> Option<Annotation> {
    let mut kept = changed.clone();
    kept.tags.retain(|t| !base.tags.contains(t));
    kept.links.retain(|l| !base.links.contains(l));
    kept.fields
        .retain(|name, value| base.fields.get(name) != Some(value));
    if kept.note == base.note {
        kept.note.clear();
    }
    let added = !kept.tags.is_empty()
        || !kept.links.is_empty()
        || !kept.fields.is_empty()
        || !kept.note.is_empty();
    added.then_some(kept)
}

/// What a field-by-field merge could not reconcile on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fields {
    /// See [`Conflict::BothChanged`].
    pub notes: bool,
    /// See [`Conflict::BothChanged`].
    pub placed_from: Option<Side>,
}

/// One annotation changed on both sides (`base` is `None` when both added it with one id),
/// merged field by field:
/// - tags: a tag either side added is kept; one in `base` stays only if neither side removed it.
///   Here's order first, then elsewhere's additions.
/// - note: the side that changed it; changed differently on both, both texts, marked (see
///   [`both_notes`]).
/// - the place (offsets, placement, quote and context, as one): the side that moved it; moved
///   differently on both, the side changed later.
/// - field values: field by field, as [`fields::merge`] says.
/// - links: as sets, both sides' additions kept and either side's removals made, as
///   [`links::merge`] says.
/// - `modified` and `modified_by`: the side changed later (here on a tie).
/// - anything else: the side that changed it, else the side changed later.
pub fn merge_fields(
    base: Option<&Annotation>,
    elsewhere: &Annotation,
    here: &Annotation,
) -> (Annotation, Fields) {
    let later = if newer(elsewhere, here) {
        Side::Elsewhere
    } else {
        Side::Here
    };
    // Destructured so that a new field in `Annotation` fails to compile here rather than being
    // merged by accident.
    let Annotation {
        id,
        start,
        end,
        placement,
        tags,
        note,
        quote,
        prefix,
        suffix,
        annotator,
        created,
        modified,
        modified_by,
        final_coding,
        fields: values,
        links,
        extra,
    } = here.clone();
    let place = |a: &Annotation| {
        (
            a.start,
            a.end,
            a.placement,
            a.quote.clone(),
            a.prefix.clone(),
            a.suffix.clone(),
        )
    };
    let mut fields = Fields::default();
    let here_place = (start, end, placement, quote, prefix, suffix);
    let (start, end, placement, quote, prefix, suffix) =
        match three_way(base.map(place).as_ref(), &place(elsewhere), &here_place) {
            Some(chosen) => chosen,
            None => {
                fields.placed_from = Some(later);
                of(later, place(elsewhere), here_place)
            }
        };
    let note = match three_way(base.map(|b| &b.note), &elsewhere.note, &note) {
        Some(note) => note,
        None => {
            fields.notes = true;
            both_notes(here, elsewhere)
        }
    };
    let merged = Annotation {
        id,
        start,
        end,
        placement,
        tags: merge_tags(base.map_or(&[], |b| &b.tags), &elsewhere.tags, &tags),
        note,
        quote,
        prefix,
        suffix,
        annotator: three_way(base.map(|b| &b.annotator), &elsewhere.annotator, &annotator)
            .unwrap_or_else(|| of(later, elsewhere.annotator.clone(), annotator)),
        created: three_way(base.map(|b| &b.created), &elsewhere.created, &created)
            .unwrap_or_else(|| of(later, elsewhere.created.clone(), created)),
        modified: of(later, elsewhere.modified.clone(), modified),
        modified_by: of(later, elsewhere.modified_by.clone(), modified_by),
        final_coding: three_way(
            base.map(|b| &b.final_coding),
            &elsewhere.final_coding,
            &final_coding,
        )
        .unwrap_or_else(|| of(later, elsewhere.final_coding, final_coding)),
        fields: fields::merge(
            base.map(|b| &b.fields),
            &elsewhere.fields,
            &values,
            later == Side::Elsewhere,
        ),
        links: links::merge(base.map_or(&[], |b| &b.links), &elsewhere.links, &links),
        extra: three_way(base.map(|b| &b.extra), &elsewhere.extra, &extra)
            .unwrap_or_else(|| of(later, elsewhere.extra.clone(), extra)),
    };
    (merged, fields)
}

/// Elsewhere's `e` or here's `h`, as `side` says.
fn of<T>(side: Side, e: T, h: T) -> T {
    match side {
        Side::Elsewhere => e,
        Side::Here => h,
    }
}

/// The value both sides agree on, or the one a side changed from `base`; `None` when both
/// changed it differently.
fn three_way<T: PartialEq + Clone>(base: Option<&T>, elsewhere: &T, here: &T) -> Option<T> {
    if elsewhere == here || base == Some(elsewhere) {
        Some(here.clone())
    } else if base == Some(here) {
        Some(elsewhere.clone())
    } else {
        None
    }
}

/// A three-way merge of two tag lists as sets: every tag either side added (not in `base`) is
/// kept, and a tag of `base` is kept only if both sides kept it. Here's order, then elsewhere's
/// additions in theirs.
pub fn merge_tags(base: &[String], elsewhere: &[String], here: &[String]) -> Vec<String> {
    merge_as_sets(base, elsewhere, here, |a, b| a == b)
}

/// A three-way merge of two lists as sets, items being the same as `same` says: every item
/// either side added (not in `base`) is kept, and an item of `base` is kept only if both sides
/// kept it. Here's order (and here's copy of an item on both sides), then elsewhere's
/// additions in theirs.
pub fn merge_as_sets<T: Clone>(
    base: &[T],
    elsewhere: &[T],
    here: &[T],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let among = |x: &T, list: &[T]| list.iter().any(|y| same(x, y));
    let keep = |x: &T, other: &[T]| among(x, other) || !among(x, base);
    let mut merged: Vec<T> = here
        .iter()
        .filter(|x| keep(x, elsewhere))
        .cloned()
        .collect();
    for x in elsewhere {
        if !among(x, &merged) && keep(x, here) {
            merged.push(x.clone());
        }
    }
    merged
}

/// Marks what opens the text of the side written first in a note that kept both sides'.
pub const NOTES_BEGIN: &str = "<<<<<<< ";
/// Separates the two sides' texts in such a note.
pub const NOTES_BETWEEN: &str = " ======= ";
/// Closes such a note.
pub const NOTES_END: &str = " >>>>>>>";

/// The notes of two versions of an annotation in one text, each after the name of who changed
/// it last, on one line as the note input shows it, marked as git marks a conflict so that it
/// stands out and is easy to find: `<<<<<<< alice: her note ======= bob: his note >>>>>>>`.
pub fn both_notes(first: &Annotation, second: &Annotation) -> String {
    let side = |a: &Annotation| {
        if a.modified_by.is_empty() {
            a.note.clone()
        } else {
            format!("{}: {}", a.modified_by, a.note)
        }
    };
    format!(
        "{NOTES_BEGIN}{}{NOTES_BETWEEN}{}{NOTES_END}",
        side(first),
        side(second)
    )
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
    use crate::core::documents::text::CharIndex;
    use crate::core::links::Link;

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
        // Only what the changing side added stays: "y" (not "x", which the deletion took) and "z".
        let kept_a = ann("a", 0, &["y"], T1);
        assert_eq!(m.annotations, [kept_a.clone(), changed_b.clone()]);
        assert_eq!(
            m.conflicts,
            [
                Conflict::ChangedAndDeleted {
                    kept: kept_a,
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
    fn a_deleted_annotation_the_other_side_only_moved_or_untagged_stays_deleted() {
        let base = [ann("a", 0, &["x", "y"], T0), ann("b", 10, &["x"], T0)];
        let elsewhere = [ann("a", 0, &["x"], T1), ann("b", 12, &["x"], T1)];
        let m = merge(&base, &elsewhere, &[]);
        assert_eq!(m.annotations, []);
        assert_eq!(m.conflicts, []);
    }

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| (*t).into()).collect()
    }

    /// The case: one coder adds a tag while another adds two others to the same
    /// annotation, and one of them writes a note: nothing of either is lost.
    #[test]
    fn changed_on_both_sides_is_merged_field_by_field() {
        let base = [ann("a", 0, &["statistic"], T0)];
        let mut elsewhere = ann("a", 0, &["statistic", "accusation"], T2);
        elsewhere.note = "from a colleague".into();
        elsewhere.modified_by = "bob".into();
        let here = ann("a", 0, &["statistic", "non-authoritative"], T1);
        let m = merge(&base, std::slice::from_ref(&elsewhere), &[here]);
        let mut expected = elsewhere.clone();
        expected.tags = tags(&["statistic", "non-authoritative", "accusation"]);
        assert_eq!(m.annotations, [expected.clone()]);
        assert_eq!(
            m.conflicts,
            [Conflict::BothChanged {
                merged: expected,
                notes: false,
                placed_from: None
            }]
        );
        assert_eq!(m.annotations[0].modified_by, "bob", "the later change's");
    }

    #[test]
    fn a_tag_removed_on_one_side_goes_unless_the_other_side_added_it() {
        assert_eq!(
            merge_tags(&tags(&["x", "y"]), &tags(&["y", "p"]), &tags(&["x", "q"])),
            tags(&["q", "p"])
        );
        // Removed on one side and added again on the other (it was not in that side's base).
        assert_eq!(
            merge_tags(&tags(&[]), &tags(&["x"]), &tags(&["x", "y"])),
            tags(&["x", "y"])
        );
        assert_eq!(merge_tags(&tags(&["x"]), &tags(&[]), &tags(&[])), tags(&[]));
    }

    #[test]
    fn notes_changed_on_both_sides_are_both_kept_and_marked() {
        let mut base = ann("a", 0, &["x"], T0);
        base.note = "first thoughts".into();
        let mut elsewhere = base.clone();
        elsewhere.note = "a colleague's".into();
        elsewhere.modified = T1.into();
        elsewhere.modified_by = "bob".into();
        let mut here = base.clone();
        here.note = "mine".into();
        here.modified = T2.into();
        let m = merge(&[base], &[elsewhere], &[here]);
        assert_eq!(
            m.annotations[0].note,
            "<<<<<<< alice: mine ======= bob: a colleague's >>>>>>>"
        );
        assert!(matches!(
            m.conflicts[..],
            [Conflict::BothChanged {
                notes: true,
                placed_from: None,
                ..
            }]
        ));
        // Only one side changed it: that side's, unmarked.
        let (merged, fields) =
            merge_fields(Some(&ann("a", 0, &[], T0)), &ann("a", 0, &["y"], T1), &{
                let mut h = ann("a", 0, &[], T1);
                h.note = "only here".into();
                h
            });
        assert_eq!((merged.note.as_str(), fields.notes), ("only here", false));
    }

    #[test]
    fn the_place_comes_from_the_side_that_moved_it() {
        let base = ann("a", 0, &["x"], T0);
        let moved_elsewhere = ann("a", 20, &["x"], T1);
        let tagged_here = ann("a", 0, &["x", "y"], T2);
        let (merged, fields) = merge_fields(Some(&base), &moved_elsewhere, &tagged_here);
        assert_eq!(
            (merged.start, merged.end, merged.quote.as_str()),
            (20, 25, "01234")
        );
        assert_eq!(merged.prefix, moved_elsewhere.prefix);
        assert_eq!(merged.tags, tags(&["x", "y"]));
        assert_eq!(fields.placed_from, None);
        // Moved differently on both sides: where the later change put it.
        let moved_here = ann("a", 10, &["x", "y"], T2);
        let (merged, fields) = merge_fields(Some(&base), &moved_elsewhere, &moved_here);
        assert_eq!((merged.start, fields.placed_from), (10, Some(Side::Here)));
    }

    #[test]
    fn times_compare_as_instants_and_a_tie_keeps_this_side() {
        let base = ann("a", 0, &[], T0);
        // 01:00+02:00 is 23:00 the day before: older than T1 although it sorts later as text.
        let elsewhere = ann("a", 20, &["e"], "2026-01-01T01:00:00+02:00");
        let here = ann("a", 10, &["h"], T1);
        let start = |e: &Annotation| merge_fields(Some(&base), e, &here).0.start;
        assert_eq!(start(&elsewhere), 10);
        assert_eq!(start(&ann("a", 20, &["e"], T1)), 10, "a tie");
        assert_eq!(start(&ann("a", 20, &["e"], "yesterday")), 10);
        // Fractions of a second count.
        assert_eq!(start(&ann("a", 20, &["e"], "2026-01-01T00:00:01.5Z")), 20);
        assert_eq!(
            merge_fields(
                Some(&base),
                &ann("a", 20, &[], "2026-01-01T00:00:01.000001Z"),
                &here
            )
            .0
            .modified,
            "2026-01-01T00:00:01.000001Z"
        );
    }

    proptest::proptest! {
        /// Whatever each side did to the tags, the links and the note, no tag or link either
        /// side added is lost, a tag or link neither side removed stays, one either side
        /// removed goes, and neither side's new note is lost.
        #[test]
        fn nothing_either_side_added_is_lost(
            base_tags in proptest::collection::btree_set(0..6u8, 0..6),
            elsewhere_tags in proptest::collection::btree_set(0..6u8, 0..6),
            here_tags in proptest::collection::btree_set(0..6u8, 0..6),
            links in proptest::collection::vec(proptest::collection::vec(0..8u8, 0..6), 3),
            notes in proptest::collection::vec(0..3u8, 3),
            later_here: bool,
        ) {
            let names = |set: &std::collections::BTreeSet<u8>| -> Vec<String> {
                set.iter().map(|t| format!("t{t}")).collect()
            };
            // Two types, four targets; a side's list in its own order, without repeats.
            let links_of = |picks: &Vec<u8>| -> Vec<Link> {
                let mut out: Vec<Link> = Vec::new();
                for &p in picks {
                    let link = Link::new(["denies", "supports"][usize::from(p % 2)], format!("to{}", p / 2));
                    if !out.contains(&link) {
                        out.push(link);
                    }
                }
                out
            };
            let make = |set, side: usize, time| {
                let mut a = ann("a", 0, &[], time);
                a.tags = names(set);
                a.links = links_of(&links[side]);
                a.note = if notes[side] == 0 { String::new() } else { format!("note {}", notes[side]) };
                a
            };
            let (te, th) = if later_here { (T1, T2) } else { (T2, T1) };
            let base = make(&base_tags, 0, T0);
            let elsewhere = make(&elsewhere_tags, 1, te);
            let here = make(&here_tags, 2, th);
            let m = merge(std::slice::from_ref(&base), std::slice::from_ref(&elsewhere), std::slice::from_ref(&here));
            proptest::prop_assert_eq!(m.annotations.len(), 1);
            let merged = &m.annotations[0];
            let unique: BTreeSet<&String> = merged.tags.iter().collect();
            proptest::prop_assert_eq!(unique.len(), merged.tags.len(), "no tag twice");
            for side in [&elsewhere, &here] {
                for t in side.tags.iter().filter(|t| !base.tags.contains(t)) {
                    proptest::prop_assert!(merged.has_tag(t), "{} added, lost: {:?}", t, merged.tags);
                }
                if side.note != base.note {
                    proptest::prop_assert!(merged.note.contains(&side.note), "{:?}", merged.note);
                }
            }
            for t in &base.tags {
                let kept_by_both = elsewhere.has_tag(t) && here.has_tag(t);
                proptest::prop_assert_eq!(merged.has_tag(t), kept_by_both, "{}", t);
            }
            for t in &merged.tags {
                proptest::prop_assert!(elsewhere.has_tag(t) || here.has_tag(t));
            }
            let has = |a: &Annotation, l: &Link| a.links.contains(l);
            for (i, l) in merged.links.iter().enumerate() {
                proptest::prop_assert!(!merged.links[..i].contains(l), "no link twice: {:?}", merged.links);
                proptest::prop_assert!(has(&elsewhere, l) || has(&here, l), "{:?} from nowhere", l);
            }
            for side in [&elsewhere, &here] {
                for l in side.links.iter().filter(|l| !has(&base, l)) {
                    proptest::prop_assert!(has(merged, l), "{:?} added, lost: {:?}", l, merged.links);
                }
            }
            for l in &base.links {
                proptest::prop_assert_eq!(has(merged, l), has(&elsewhere, l) && has(&here, l), "{:?}", l);
            }
            proptest::prop_assert_eq!(merged.modified.as_str(), T2, "the later change's time");
        }
    }

    proptest::proptest! {
        /// Field by field: a value changed (set, altered or removed) on one side only is that
        /// side's; one neither side changed stays; one changed differently on both is the later
        /// side's. So neither coder's change to one field undoes the other's to another.
        #[test]
        fn fields_merge_field_by_field(
            values in proptest::collection::vec(proptest::collection::vec(0..3u8, 3), 3),
            later_here: bool,
        ) {
            let names = ["role", "speaker", "stance"];
            let value = |v: u8| (v > 0).then(|| format!("value {v}"));
            let make = |side: usize, time| {
                let mut a = ann("a", 0, &[], time);
                for (name, per_side) in names.iter().zip(&values) {
                    if let Some(v) = value(per_side[side]) {
                        a.fields.insert((*name).into(), v);
                    }
                }
                a
            };
            let (te, th) = if later_here { (T1, T2) } else { (T2, T1) };
            let (base, elsewhere, here) = (make(0, T0), make(1, te), make(2, th));
            let m = merge(std::slice::from_ref(&base), std::slice::from_ref(&elsewhere), std::slice::from_ref(&here));
            let merged = &m.annotations[0];
            for name in names {
                let (b, e, h, got) = (
                    base.fields.get(name),
                    elsewhere.fields.get(name),
                    here.fields.get(name),
                    merged.fields.get(name),
                );
                let expected = match (e != b, h != b) {
                    (false, _) => h,
                    (true, false) => e,
                    (true, true) if e == h => h,
                    (true, true) => if later_here { h } else { e },
                };
                proptest::prop_assert_eq!(got, expected, "{}: base {:?}, elsewhere {:?}, here {:?}", name, b, e, h);
            }
        }
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
