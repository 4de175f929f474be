//! Undo and redo of every change to annotations made in a session.

use crate::core::annotation::Annotation;

/// One change: the annotations of one corpus entry before and after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub entry: usize,
    pub before: Vec<Annotation>,
    pub after: Vec<Annotation>,
    /// What the change did, for the status bar ("tagged accusation").
    pub what: String,
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
            entry: 0,
            before: vec![],
            after: vec![],
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
