//! Undo and redo: a change taken back or made again as a merge onto what the annotations hold
//! now, so that changes made elsewhere meanwhile stay.

use crate::core::annotation::Annotation;
use crate::core::history::{Change, changed};
use crate::core::storage::merge;
use crate::tui::state::{App, Pick};
use crate::tui::tag_edit::{SchemeChangeError, tag_renames};

impl App {
    pub(crate) fn undo(&mut self) {
        let Some(change) = self.history.undo().cloned() else {
            return self.set_status("nothing to undo", false);
        };
        if let Err(why) = self.replay(change, true) {
            self.history.redo();
            self.set_status(format!("nothing undone: {why}"), true);
        }
    }

    pub(crate) fn redo(&mut self) {
        let Some(change) = self.history.redo().cloned() else {
            return self.set_status("nothing to redo", false);
        };
        if let Err(why) = self.replay(change, false) {
            self.history.undo();
            self.set_status(format!("nothing redone: {why}"), true);
        }
    }

    /// Takes a change back (`back`) or makes it again: the scheme first, since it may fail and
    /// the annotations name its tags, then each entry's annotations. A change to one entry is
    /// shown where it happened; one across the corpus (a rename) leaves the reader where it is.
    ///
    /// A rename is then made again over every annotation that still has the name: its edits
    /// hold only the annotations it renamed then (taken back byte for byte), and one tagged
    /// with the name since (in another gloss, say) would keep a name the scheme no longer has.
    pub(crate) fn replay(&mut self, change: Change, back: bool) -> Result<(), SchemeChangeError> {
        let mut renames = Vec::new();
        if let Some(scheme) = change.scheme {
            let (from, to) = if back {
                (scheme.after, scheme.before)
            } else {
                (scheme.before, scheme.after)
            };
            renames = tag_renames(&from, &to);
            if !renames.is_empty() {
                self.no_broken_file()?;
            }
            self.set_scheme(&from, to)?;
        }
        if let Some(dismissal) = &change.dismissal {
            self.replay_dismissal(dismissal, back)?;
        }
        if let Some(mark) = &change.mark {
            self.set_mark(&mark.rel_path, if back { mark.before } else { mark.after });
            self.save_marks();
        }
        let show = change.edits.len() == 1;
        let mut conflicts = String::new();
        for edit in change.edits {
            let (from, to) = if back {
                (edit.after, edit.before)
            } else {
                (edit.before, edit.after)
            };
            conflicts += &self.restore(edit.entry, &from, to, show);
        }
        for (old, new) in &renames {
            for edit in self.renamed(old, new)? {
                conflicts += &self.restore(edit.entry, &edit.before, edit.after, false);
            }
        }
        let done = if back { "undid" } else { "redid" };
        self.set_status(format!("{done}: {}{conflicts}", change.what), false);
        Ok(())
    }

    /// Takes an entry's annotations from the state `from` back or forward to `to`, opening the
    /// document and moving to the first difference when `show`; returns what the merge had to
    /// choose. Done as a merge onto what the entry holds now, so that changes taken in from
    /// elsewhere since (another gloss, a `git pull`) stay, and undo never deletes them.
    pub(crate) fn restore(
        &mut self,
        entry: usize,
        from: &[Annotation],
        to: Vec<Annotation>,
        show: bool,
    ) -> String {
        if show && self.open.as_ref().is_none_or(|o| o.entry != entry) {
            self.list.selected = entry;
            self.open_entry(entry);
        }
        // The history holds the offsets of the text the change was made in; the document may
        // have changed on disk since, its annotations placed anew when it was opened. Placed
        // the same way, an annotation the change made is not mistaken for one changed
        // elsewhere, and one it brings back takes its place in the text as it is now.
        let (mut from, mut to) = (from.to_vec(), to);
        if let Some(open) = &self.open
            && open.entry == entry
        {
            let (text, index) = (&open.doc.text, &open.doc.index);
            crate::core::anchoring::reanchor::reanchor(&mut from, text, index, false);
            crate::core::anchoring::reanchor::reanchor(&mut to, text, index, false);
        }
        let merge = merge::merge(&from, &self.corpus.entries[entry].annotations, &to);
        let anns = merge.annotations;
        let current = &self.corpus.entries[entry].annotations;
        let changed = first_difference(current, &anns);
        let differ = crate::core::history::changed(&anns, current);
        (self.saving).changed(anns.iter().zip(differ).filter(|(_, d)| *d).map(|(a, _)| a));
        if let Some(open) = &mut self.open
            && open.entry == entry
        {
            self.reader.pick = Pick::Sentence;
        }
        self.set_annotations(entry, anns);
        if let (true, Some(offset), Some(open)) = (show, changed, &self.open)
            && let Some(s) = open
                .doc
                .sentence_at(open.doc.index.char_to_byte(&open.doc.text, offset))
        {
            self.move_cursor(s);
        }
        crate::tui::saving::describe_conflicts(&merge.conflicts)
            .map(|said| format!("; {said}"))
            .unwrap_or_default()
    }
}

/// Code-point offset of the first annotation that differs between two states: one that is in
/// one but not, field for field, in the other. Found by id (unique in a state), so that an undo
/// among 10,000 annotations does not compare each with every other.
fn first_difference(a: &[Annotation], b: &[Annotation]) -> Option<usize> {
    let starts = |list: &[Annotation], other: &[Annotation]| {
        list.iter()
            .zip(changed(list, other))
            .filter(|(_, changed)| *changed)
            .map(|(x, _)| x.start)
            .min()
    };
    starts(a, b).into_iter().chain(starts(b, a)).min()
}
