//! Undo and redo of every change to annotations and to the tag scheme made in a session.

use std::collections::HashMap;

use crate::core::annotation::Annotation;
use crate::core::tags::TagSet;
use crate::core::user_state::progress::Mark;

/// One undoable step: what it did to the annotations of one entry (a tag, a note) or of many (a
/// tag renamed across the corpus), and to the scheme. Undo takes it back whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub edits: Vec<Edit>,
    pub scheme: Option<SchemeEdit>,
    /// A suggestion dismissed (`X`): undo brings it back.
    pub dismissal: Option<Dismissal>,
    /// A document's progress mark set (`m` in the list): undo puts back the one before.
    pub mark: Option<MarkEdit>,
    /// What the change did, for the status bar ("tagged accusation").
    pub what: String,
}

/// The annotations of one corpus entry before and after a change. Made with every annotation
/// of the entry in each; kept by the history as their difference ([`Edit::into_difference`]),
/// which undo and redo merge onto what the entry holds as they would the whole states.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edit {
    pub entry: usize,
    pub before: Vec<Annotation>,
    pub after: Vec<Annotation>,
}

impl Edit {
    /// The state the edit leads to, whole, and the edit as the history keeps it: only the
    /// annotations the change deleted or changed, as they were, and those it added or changed,
    /// as they became. A tag key among 10,000 annotations then keeps one or two of them, not
    /// two copies of all.
    pub fn into_difference(self) -> (Vec<Annotation>, Edit) {
        let edit = Edit::between(self.entry, &self.before, &self.after);
        (self.after, edit)
    }

    /// The edit of entry `entry` from `before` to `after` as the history keeps it (see
    /// [`Edit::into_difference`]), copying only the annotations that differ.
    pub fn between(entry: usize, before: &[Annotation], after: &[Annotation]) -> Edit {
        let (changed_before, changed_after) = changed_both(before, after);
        let only_changed = |list: &[Annotation], changed: Vec<bool>| {
            list.iter()
                .zip(changed)
                .filter(|(_, changed)| *changed)
                .map(|(a, _)| a.clone())
                .collect()
        };
        Edit {
            entry,
            before: only_changed(before, changed_before),
            after: only_changed(after, changed_after),
        }
    }
}

/// For each annotation of `list`, whether `other` lacks it as it is (field for field), found by
/// id (unique in a state) so that it costs one pass over each.
pub fn changed(list: &[Annotation], other: &[Annotation]) -> Vec<bool> {
    let by_id: HashMap<&str, &Annotation> = other.iter().map(|a| (a.id.as_str(), a)).collect();
    list.iter()
        .map(|a| by_id.get(a.id.as_str()) != Some(&a))
        .collect()
}

/// [`changed`] of `before` against `after`, and of `after` against `before`. A change leaves
/// most of a list as it was, in the same order: the lists are compared place by place from
/// either end first, and only what lies between is matched by id, so that a tag key among
/// 10,000 annotations hashes a few ids, not 20,000. What is equal at the same place is
/// unchanged; what lies between is matched only with what lies between in the other, since
/// ids are unique in a list.
pub fn changed_both(before: &[Annotation], after: &[Annotation]) -> (Vec<bool>, Vec<bool>) {
    let head = before.iter().zip(after).take_while(|(b, a)| b == a).count();
    let tail = before[head..]
        .iter()
        .rev()
        .zip(after[head..].iter().rev())
        .take_while(|(b, a)| b == a)
        .count();
    let (middle_before, middle_after) = (
        &before[head..before.len() - tail],
        &after[head..after.len() - tail],
    );
    let whole = |middle: Vec<bool>| {
        let mut flags = vec![false; head];
        flags.extend(middle);
        flags.resize(flags.len() + tail, false);
        flags
    };
    (
        whole(changed(middle_before, middle_after)),
        whole(changed(middle_after, middle_before)),
    )
}

/// A suggestion dismissed in the document of corpus entry `entry`: its sentence, as the file of
/// dismissed suggestions keeps it (`core::suggestions::dismissal_key`), which starts at code
/// point `offset`, where undo shows it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Dismissal {
    pub entry: usize,
    pub offset: usize,
    pub sentence: String,
}

/// A document's progress mark before and after `m` (see `core::user_state::progress`).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkEdit {
    /// The document, by its path in the corpus, as the marks file keys it.
    pub rel_path: String,
    pub before: Option<Mark>,
    pub after: Option<Mark>,
}

/// The corpus's tag scheme before and after a change.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeEdit {
    pub before: TagSet,
    pub after: TagSet,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Records a change just made; it can no longer be followed by what was undone before it.
    pub fn record(&mut self, change: Change) {
        self.undo.push(change);
        self.redo.clear();
    }

    /// The change to revert: apply its `before`.
    pub fn undo(&mut self) -> Option<&Change> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    /// The change to apply again: apply its `after`.
    pub fn redo(&mut self) -> Option<&Change> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(what: &str) -> Change {
        Change {
            edits: vec![],
            scheme: None,
            dismissal: None,
            mark: None,
            what: what.into(),
        }
    }

    #[test]
    fn an_edit_is_kept_as_the_annotations_it_changed() {
        let stamp = crate::core::annotation::Stamp {
            annotator: "a".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let text = "one two three";
        let index = crate::core::documents::text::CharIndex::new(text);
        let ann = |span| Annotation::new(text, &index, span, vec!["t".into()], &stamp);
        let (kept, changed, deleted) = (ann(0..3), ann(4..7), ann(8..13));
        let mut tagged = changed.clone();
        tagged.tags.push("u".into());
        let added = ann(0..7);
        let whole = Edit {
            entry: 3,
            before: vec![kept.clone(), changed.clone(), deleted.clone()],
            after: vec![added.clone(), kept.clone(), tagged.clone()],
        };
        let (after, edit) = whole.clone().into_difference();
        assert_eq!(after, whole.after);
        assert_eq!(edit.entry, 3);
        assert_eq!(edit.before, [changed, deleted]);
        assert_eq!(edit.after, [added, tagged]);
    }

    proptest::proptest! {
        /// Compared from the ends first, the flags are those of matching every annotation by
        /// id, whatever the edits: some annotations changed, removed, added, moved.
        #[test]
        fn both_sides_changed_are_those_matched_by_id(
            n in 0..12usize,
            edits in proptest::collection::vec((0..4u8, 0..12usize, 0..12usize), 0..5),
        ) {
            let stamp = crate::core::annotation::Stamp {
                annotator: "a".into(),
                time: "2026-01-01T00:00:00Z".into(),
            };
            let text = "one two three four five six seven eight nine ten eleven twelve";
            let index = crate::core::documents::text::CharIndex::new(text);
            let before: Vec<Annotation> = (0..n)
                .map(|i| Annotation::new(text, &index, i..i + 3, vec!["t".into()], &stamp))
                .collect();
            let mut after = before.clone();
            for (what, at, to) in edits {
                let len = after.len();
                match what {
                    0 if len > 0 => after[at % len].tags.push("u".into()),
                    1 if len > 0 => {
                        after.remove(at % len);
                    }
                    2 if len > 0 => {
                        let moved = after.remove(at % len);
                        after.insert(to % len, moved);
                    }
                    _ => after.insert(
                        at % (len + 1),
                        Annotation::new(text, &index, to..to + 2, vec!["t".into()], &stamp),
                    ),
                }
            }
            let (b, a) = changed_both(&before, &after);
            proptest::prop_assert_eq!(b, changed(&before, &after));
            proptest::prop_assert_eq!(a, changed(&after, &before));
        }
    }

    #[test]
    fn undo_redo_walk_the_changes_and_a_new_change_drops_the_redo_branch() {
        let mut h = History::default();
        h.record(change("one"));
        h.record(change("two"));
        assert_eq!(h.undo().unwrap().what, "two");
        assert_eq!(h.undo().unwrap().what, "one");
        assert!(h.undo().is_none());
        assert_eq!(h.redo().unwrap().what, "one");
        h.record(change("three"));
        assert!(h.redo().is_none());
        assert_eq!(h.undo().unwrap().what, "three");
    }
}
