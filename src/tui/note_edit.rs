//! The note editor (`n`): the note of the annotation here, or of a new one on the selection or
//! the cursor sentence, written over half of the reading pane, on as many lines as it takes.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::annotation::Annotation;
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::note_area::{NoteArea, NoteEvent};
use crate::tui::state::{App, Focus, Mode, Panes};

/// A note being written: for the annotation with `id`, or for a new one on `span` (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEdit {
    pub editor: NoteArea,
    pub id: Option<String>,
    pub span: Range<usize>,
}

impl Component for NoteEdit {
    fn scope(&self) -> Scope {
        Scope::Note
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::SaveNote], "save"),
            Hint::keys(&[Action::Cancel], "cancel"),
            Hint::keys(&[Action::NewLine], "new line"),
            Hint::keys(&[Action::DeleteWordBack], "delete word"),
            Hint::keys(&[Action::UndoEdit], "undo"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        match self.editor.handle(key) {
            NoteEvent::Save => app.commit_note(self.clone()),
            NoteEvent::Cancel => app.set_status("note left unchanged", false),
            NoteEvent::AskToDrop => {
                app.ask_to_drop_note();
                return Outcome::Stay;
            }
            NoteEvent::Edited => return Outcome::Stay,
        }
        Outcome::Close
    }

    fn draw(&self, app: &App, _: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::note::render(app, self, panes.reader, buf);
    }
}

/// The note `text` as saved: without blank lines at its start nor blank space at its end, and
/// without its first line's indentation unless that holds a tab: a pasted table's empty first
/// cell, which would otherwise shift its first row.
fn saved(text: &str) -> &str {
    let text = text.trim_end();
    let first = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..first].contains('\t') {
        &text[line_start..]
    } else {
        &text[first..]
    }
}

impl App {
    pub(crate) fn start_note(&mut self) {
        if self.editable().is_none() {
            return;
        }
        if let Some(shown) = self.show_own() {
            self.set_status(shown, false);
        }
        let Some(open) = &self.open else { return };
        let sidebar = self.focus == Focus::Sidebar;
        if sidebar
            && self.sidebar.selected >= open.spans.len()
            && self.sidebar.selected < self.open_annotations().len()
        {
            let text = self.prefs.keymap.with_keys(crate::tui::update::UNPLACED);
            self.set_status(text, false);
            return;
        }
        let placeholder = self
            .prefs
            .keymap
            .with_keys("type the note; {new_line} starts a new line");
        let placeholder = placeholder.as_str();
        let anns = self.open_annotations();
        let edit = match self.own_here() {
            Some(Ok(i)) => NoteEdit {
                editor: NoteArea::new(&anns[i].note, placeholder),
                id: Some(anns[i].id.clone()),
                span: open.spans[i].clone(),
            },
            // Another coder's note stays theirs: the note goes on an annotation of the coder's
            // own, on the span of theirs picked in the sidebar, else the selection or sentence.
            Some(Err(i)) => {
                let span = if sidebar {
                    open.spans[i].clone()
                } else if let Some(span) = self.reader.target_span() {
                    span
                } else {
                    return;
                };
                let said = format!(
                    "{}'s note stays theirs: this one goes on an annotation of your own",
                    anns[i].annotator
                );
                self.set_status(said, false);
                NoteEdit {
                    editor: NoteArea::new("", placeholder),
                    id: None,
                    span,
                }
            }
            None => match self.reader.target_span() {
                Some(span) => NoteEdit {
                    editor: NoteArea::new("", placeholder),
                    id: None,
                    span,
                },
                None => return,
            },
        };
        self.mode = Mode::Note(Box::new(edit));
    }

    /// A cancel on a changed note: says how to drop it or save it, with the keys in effect.
    fn ask_to_drop_note(&mut self) {
        let key = |a: Action| {
            self.prefs
                .keymap
                .key_for(a, Scope::Note)
                .map_or_else(|| a.name(), |k| k.to_string())
        };
        let (drop, save) = (key(Action::Cancel), key(Action::SaveNote));
        self.set_status(
            format!("the note has changed: {drop} again drops the changes, {save} saves them"),
            false,
        );
    }

    fn commit_note(&mut self, edit: NoteEdit) {
        let Some(open) = &self.open else { return };
        let entry = open.entry;
        let note = saved(&edit.editor.text()).to_owned();
        let stamp = (self.stamp)();
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let span = edit.span.clone();
        let mut id = edit.id.clone().unwrap_or_default();
        let what = match edit.id.and_then(|id| anns.iter().position(|a| a.id == id)) {
            Some(i) => {
                if anns[i].note == note {
                    self.set_status("note left unchanged", false);
                    return;
                }
                anns[i].note = note.clone();
                anns[i].touch(&stamp);
                if anns[i].tags.is_empty() && note.is_empty() {
                    anns.remove(i);
                }
                if note.is_empty() {
                    "removed the note"
                } else {
                    "noted"
                }
            }
            None if note.is_empty() => {
                self.set_status("empty note: nothing written", false);
                return;
            }
            None => {
                let doc = &open.doc;
                let mut ann = Annotation::new(&doc.text, &doc.index, edit.span, vec![], &stamp);
                ann.note = note;
                id = ann.id.clone();
                anns.push(ann);
                "noted"
            }
        };
        self.change(entry, anns, what.to_owned());
        // As tagging does, a note ends the selection: its annotation is the current one.
        self.make_current(id, span);
    }
}
