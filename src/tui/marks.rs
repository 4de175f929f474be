//! Marking documents to review or done from the list, and the progress the list shows. The
//! marks are the corpus's, kept beside its annotations (see [`crate::core::user_state::progress`]).

use crate::core::corpus::Corpus;
use crate::core::history::{Change, MarkEdit};
use crate::core::user_state::progress::{Mark, Progress};
use crate::tui::state::App;

pub struct Marks {
    pub progress: Progress,
    /// Documents of the corpus marked done, and to review: the list's progress, counted once
    /// and kept up to date as marks change, not on every frame.
    pub done: usize,
    pub to_review: usize,
}

impl Marks {
    pub fn new(progress: Progress, corpus: &Corpus) -> Marks {
        let mut marks = Marks {
            progress,
            done: 0,
            to_review: 0,
        };
        for e in &corpus.entries {
            marks.count(marks.progress.mark(&e.rel_path), 1);
        }
        marks
    }

    fn count(&mut self, mark: Option<Mark>, n: isize) {
        match mark {
            Some(Mark::Done) => self.done = self.done.saturating_add_signed(n),
            Some(Mark::ToReview) => self.to_review = self.to_review.saturating_add_signed(n),
            None => {}
        }
    }
}

impl App {
    /// Moves the selected document's mark on: none, to review, done, none; and saves the marks.
    pub fn cycle_mark(&mut self) {
        if self.list.position(self.list.selected).is_none() {
            return;
        }
        let rel = self.corpus.entries[self.list.selected].rel_path.clone();
        let was = self.marks.progress.mark(&rel);
        let mark = Mark::after(was);
        self.set_mark(&rel, mark);
        let title = crate::tui::fit::fit(&self.corpus.entries[self.list.selected].meta.title, 40);
        let what = match mark {
            Some(mark) => format!("marked {}: “{title}”", mark.label()),
            None => format!("mark taken off “{title}”"),
        };
        self.record(Change {
            edits: Vec::new(),
            scheme: None,
            dismissal: None,
            mark: Some(MarkEdit {
                rel_path: rel,
                before: was,
                after: mark,
            }),
            what,
        });
        self.save_marks();
    }

    /// Gives the document at `rel_path` the mark `mark` (none for `None`), counted in the
    /// list's progress; saved by [`App::save_marks`].
    pub(crate) fn set_mark(&mut self, rel_path: &str, mark: Option<Mark>) {
        let was = self.marks.progress.mark(rel_path);
        self.marks.progress.set(rel_path, mark, &(self.stamp)());
        self.marks.count(was, -1);
        self.marks.count(mark, 1);
    }

    /// Saves the marks set since the last save. A failure counts as unsaved work, which `q`
    /// warns about, and is tried again with the next mark and on quitting.
    pub(crate) fn save_marks(&mut self) {
        let path = self.marks.progress.path().to_owned();
        self.unsaved.retain(|(p, _)| *p != path);
        if let Err(why) = self.marks.progress.save() {
            let why = why.to_string();
            self.set_status(why.clone(), true);
            self.unsaved.push((path, why));
        }
    }
}
