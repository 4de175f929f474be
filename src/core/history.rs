//! Undo and redo of every change to annotations and to the tag scheme made in a session.

use crate::core::annotation::Annotation;
use crate::core::tags::TagSet;

/// One undoable step: what it did to the annotations of one entry (a tag, a note) or of many (a
/// tag renamed across the corpus), and to the scheme. Undo takes it back whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub edits: Vec<Edit>,
    pub scheme: Option<SchemeEdit>,
    /// What the change did, for the status bar ("tagged accusation").
    pub what: String,
}

/// The annotations of one corpus entry before and after a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub entry: usize,
    pub before: Vec<Annotation>,
    pub after: Vec<Annotation>,
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
            what: what.into(),
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
