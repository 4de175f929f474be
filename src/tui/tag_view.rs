//! The tag view (`t`): pick tags, then see every annotation with them across the corpus, with
//! its document, note and annotator, narrowed to one annotator or one document by cycling
//! through those that have such annotations; `Enter` shows one in its document.

use crate::core::annotation::Annotation;
use crate::core::tag_query::{self, TagQuery};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::state::{App, Mode};

/// The tag picker: a checkbox per tag of the scheme, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPicker {
    pub checked: Vec<bool>,
    pub row: usize,
    /// Annotations with every checked tag, rather than any of them.
    pub all: bool,
}

pub struct TagView {
    pub query: TagQuery,
    /// The annotations that answer the query, with their documents' indices, as they were when
    /// the query ran.
    pub items: Vec<(usize, Annotation)>,
    /// How many of `items` carry each of the query's tags.
    pub counts: Vec<usize>,
    pub selected: usize,
}

/// Rows `PageDown` and `PageUp` move.
const PAGE: usize = 10;

impl App {
    /// Opens the picker with the tags of the last tag view checked.
    pub fn open_tag_picker(&mut self) {
        self.finish_scan();
        let last = self.tag_view.as_ref().map(|v| &v.query);
        let checked = self
            .corpus
            .tags
            .tags
            .iter()
            .map(|t| last.is_some_and(|q| q.tags.contains(&t.name)))
            .collect();
        self.mode = Mode::TagPicker(TagPicker {
            checked,
            row: 0,
            all: last.is_some_and(|q| q.all),
        });
    }

    pub fn tag_picker_key(&mut self, key: Key) {
        let tags = &self.corpus.tags.tags;
        let Mode::TagPicker(picker) = &mut self.mode else {
            return;
        };
        let last = tags.len().saturating_sub(1);
        let tag_key = match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => tags.iter().position(|t| t.key == c),
            _ => None,
        };
        if let Some(i) = tag_key {
            picker.checked[i] = !picker.checked[i];
            picker.row = i;
            return;
        }
        match key.code {
            KeyCode::Char(' ') if !picker.checked.is_empty() => {
                picker.checked[picker.row] = !picker.checked[picker.row];
            }
            KeyCode::Char('j') | KeyCode::Down => picker.row = (picker.row + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => picker.row = picker.row.saturating_sub(1),
            KeyCode::Tab => picker.all = !picker.all,
            KeyCode::Enter => {
                let names: Vec<String> = tags
                    .iter()
                    .zip(&picker.checked)
                    .filter(|(_, on)| **on)
                    .map(|(t, _)| t.name.clone())
                    .collect();
                if names.is_empty() {
                    self.set_status("check a tag first: its key or Space", false);
                    return;
                }
                let previous = self.tag_view.take().map(|v| v.query);
                let query = TagQuery {
                    tags: names,
                    all: picker.all,
                    // The filters stay while they still name something.
                    annotator: previous.as_ref().and_then(|q| q.annotator.clone()),
                    document: previous.and_then(|q| q.document),
                };
                self.show_tag_view(query);
            }
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// Runs `query` and shows its answer.
    fn show_tag_view(&mut self, mut query: TagQuery) {
        if query
            .annotator
            .as_ref()
            .is_some_and(|a| !query.annotators(&self.corpus).contains(a))
        {
            query.annotator = None;
        }
        if query
            .document
            .is_some_and(|d| !query.documents(&self.corpus).contains(&d))
        {
            query.document = None;
        }
        let items: Vec<(usize, Annotation)> = query
            .run(&self.corpus)
            .into_iter()
            .map(|(i, a)| (i, a.clone()))
            .collect();
        let counts = query
            .tags
            .iter()
            .map(|t| items.iter().filter(|(_, a)| a.has_tag(t)).count())
            .collect();
        self.tag_view = Some(TagView {
            query,
            items,
            counts,
            selected: 0,
        });
        self.mode = Mode::TagView;
    }

    pub fn tag_view_key(&mut self, key: Key) {
        let Some(view) = &mut self.tag_view else {
            self.mode = Mode::Normal;
            return;
        };
        let last = view.items.len().saturating_sub(1);
        let at = view.selected;
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => view.selected = (at + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => view.selected = at.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => view.selected = (at + PAGE).min(last),
            KeyCode::PageUp => view.selected = at.saturating_sub(PAGE),
            KeyCode::Char('g') | KeyCode::Home => view.selected = 0,
            KeyCode::Char('G') | KeyCode::End => view.selected = last,
            KeyCode::Char('A') => {
                let mut query = view.query.clone();
                let annotators = query.annotators(&self.corpus);
                query.annotator = tag_query::cycle(&annotators, query.annotator.as_ref());
                self.show_tag_view(query);
            }
            KeyCode::Char('D') => {
                let mut query = view.query.clone();
                let documents = query.documents(&self.corpus);
                query.document = tag_query::cycle(&documents, query.document.as_ref());
                self.show_tag_view(query);
            }
            KeyCode::Char('t') => self.open_tag_picker(),
            KeyCode::Enter | KeyCode::Char('l') => self.open_tagged(),
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// Shows the selected annotation in its document, selected, as `Enter` in the sidebar does.
    fn open_tagged(&mut self) {
        let Some(view) = &self.tag_view else { return };
        let Some((entry, ann)) = view.items.get(view.selected) else {
            return;
        };
        let (entry, id) = (*entry, ann.id.clone());
        self.mode = Mode::Normal;
        self.list_selected = entry;
        self.open_entry(entry);
        if self.open.as_ref().is_none_or(|o| o.entry != entry) {
            return;
        }
        match self.open_annotations().iter().position(|a| a.id == id) {
            Some(i) => self.show_annotation(i),
            None => self.set_status("that annotation is no longer there", true),
        }
    }
}
