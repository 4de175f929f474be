//! The tag view (`t`): pick tags, then see every annotation with them across the corpus, with
//! its document, note and annotator, narrowed to one annotator or one document by cycling
//! through those that have such annotations; `Enter` shows one in its document.

use crate::core::annotation::Annotation;
use crate::core::queries::tag_query::{self, TagQuery};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::corpus::Corpus;
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::grep::move_row;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};

/// The tag picker: a checkbox per tag of the scheme, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPicker {
    pub checked: Vec<bool>,
    pub row: usize,
    /// Annotations with every checked tag, rather than any of them.
    pub all: bool,
}

#[derive(Debug)]
pub struct TagView {
    pub query: TagQuery,
    /// The annotations that answer the query, with their documents' indices, as they were when
    /// the query ran.
    pub items: Vec<(usize, Annotation)>,
    /// How many of `items` carry each of the query's tags.
    pub counts: Vec<usize>,
    pub selected: usize,
}

impl Component for TagPicker {
    fn scope(&self) -> Scope {
        Scope::TagPicker
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::CheckTag], "check").after("tag key or "),
            Hint::keys(&[Action::Choose], "show"),
            Hint::keys(&[Action::Close], "cancel"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        let tags = &app.corpus.tags.tags;
        let last = tags.len().saturating_sub(1);
        match action {
            Action::Tag(i) => {
                self.checked[i] = !self.checked[i];
                self.row = i;
            }
            Action::CheckTag if !self.checked.is_empty() => {
                self.checked[self.row] = !self.checked[self.row];
            }
            Action::RowDown => self.row = (self.row + 1).min(last),
            Action::RowUp => self.row = self.row.saturating_sub(1),
            Action::ToggleAllTags => self.all = !self.all,
            Action::Choose => {
                let names: Vec<String> = tags
                    .iter()
                    .zip(&self.checked)
                    .filter(|(_, on)| **on)
                    .map(|(t, _)| t.name.clone())
                    .collect();
                if names.is_empty() {
                    app.set_status("check a tag first: its key or Space", false);
                    return Outcome::Stay;
                }
                let previous = app.kept.tag_view.take().map(|v| v.query);
                let query = TagQuery {
                    tags: names,
                    all: self.all,
                    // The filters stay while they still name something.
                    annotator: previous.as_ref().and_then(|q| q.annotator.clone()),
                    document: previous.and_then(|q| q.document),
                    coders: app.coding.coders.clone(),
                };
                app.mode = Mode::TagView(TagView::new(query, &app.corpus));
                return Outcome::Close;
            }
            Action::Close => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::tag_view::render_picker(app, self, screen, buf);
    }
}

impl TagView {
    /// Runs `query` on the corpus; a filter that names no annotator or document with such
    /// annotations any more is dropped.
    fn new(mut query: TagQuery, corpus: &Corpus) -> TagView {
        if query
            .annotator
            .as_ref()
            .is_some_and(|a| !query.annotators(corpus).contains(a))
        {
            query.annotator = None;
        }
        if query
            .document
            .is_some_and(|d| !query.documents(corpus).contains(&d))
        {
            query.document = None;
        }
        let items: Vec<(usize, Annotation)> = query
            .run(corpus)
            .into_iter()
            .map(|(i, a)| (i, a.clone()))
            .collect();
        let counts = query
            .tags
            .iter()
            .map(|t| items.iter().filter(|(_, a)| a.has_tag(t)).count())
            .collect();
        TagView {
            query,
            items,
            counts,
            selected: 0,
        }
    }
}

impl Component for TagView {
    fn scope(&self) -> Scope {
        Scope::TagView
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "walk"),
            Hint::keys(&[A::Choose], "open"),
            Hint::keys(&[A::CycleAnnotator, A::CycleDocument], "filter"),
            Hint::keys(&[A::Close], "close"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        if let Some(outcome) = walk_or_open(&self.items, &mut self.selected, action, app) {
            return outcome;
        }
        match action {
            Action::CycleAnnotator => {
                let mut query = self.query.clone();
                let annotators = query.annotators(&app.corpus);
                query.annotator = tag_query::cycle(&annotators, query.annotator.as_ref());
                *self = TagView::new(query, &app.corpus);
            }
            Action::CycleDocument => {
                let mut query = self.query.clone();
                let documents = query.documents(&app.corpus);
                query.document = tag_query::cycle(&documents, query.document.as_ref());
                *self = TagView::new(query, &app.corpus);
            }
            Action::TagView => {
                app.open_tag_picker(Some(&self.query));
                return Outcome::Close;
            }
            Action::Close => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::tag_view::render(app, self, panes.above_status(screen), buf);
    }
}

/// A key of a list of annotations across the corpus (`items`, with their documents' indices;
/// `selected` the one selected): the tag view's, and a cross table cell's. The row keys move
/// the selection, `Enter` shows the annotation in its document and closes the list; `None`
/// for other keys.
pub(crate) fn walk_or_open(
    items: &[(usize, Annotation)],
    selected: &mut usize,
    action: Action,
    app: &mut App,
) -> Option<Outcome> {
    if let Some(to) = move_row(action, *selected, items.len().saturating_sub(1)) {
        *selected = to;
        return Some(Outcome::Stay);
    }
    let (entry, ann) = items.get(*selected).filter(|_| action == Action::Choose)?;
    app.open_tagged(*entry, &ann.id.clone());
    Some(Outcome::Close)
}

impl App {
    /// Opens the picker with the tags of `last` (the last tag view's query) checked.
    pub fn open_tag_picker(&mut self, last: Option<&TagQuery>) {
        // The view goes over every document's annotations.
        self.finish_scan();
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

    /// Shows the annotation `id` of the document `entry` in it, selected, as `Enter` in the
    /// sidebar does.
    pub(crate) fn open_tagged(&mut self, entry: usize, id: &str) {
        self.list.selected = entry;
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
