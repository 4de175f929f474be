//! The tag view (`t`): pick tags, then see every annotation with them across the corpus, with
//! its document, note, annotator and fields, narrowed to one annotator or one document by
//! cycling through those that have such annotations, and by a filter typed after `/`: words its
//! text must hold and field terms its fields must answer (`speaker:Long Zhou role=military`,
//! see `core::queries::filter`); `Enter` shows one in its document.

use crate::core::annotation::Annotation;
use crate::core::queries::filter::Filter;
use crate::core::queries::tag_query::{self, TagQuery};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::corpus::Corpus;
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::grep::move_row;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

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
    /// The filter as typed; while `typing`, it has the keyboard.
    pub filter: TextInput,
    pub typing: bool,
    /// The indices in `items` of those the filter lets through: what the view lists.
    pub shown: Vec<usize>,
    /// How many of those shown carry each of the query's tags.
    pub counts: Vec<usize>,
    /// Index in `shown`.
    pub selected: usize,
}

impl Component for TagPicker {
    fn scope(&self) -> Scope {
        Scope::TagPicker
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::CheckTag], "check").after("tag key or "),
            Hint::keys(&[Action::ToggleAllTags], "any/all"),
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
                    let text = app
                        .prefs
                        .keymap
                        .with_keys("check a tag first: its key or {check_tag}");
                    app.set_status(text, false);
                    return Outcome::Stay;
                }
                let previous = app.kept.tag_view.take();
                let filter = previous.as_ref().map(|v| v.filter.value.clone());
                let previous = previous.map(|v| v.query);
                let query = TagQuery {
                    tags: names,
                    all: self.all,
                    // The filters stay while they still name something.
                    annotator: previous.as_ref().and_then(|q| q.annotator.clone()),
                    document: previous.and_then(|q| q.document),
                };
                let filter = filter.unwrap_or_default();
                app.mode = Mode::TagView(TagView::new(query, &filter, app));
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
    /// Runs `query` on the annotations the reader shows ([`App::shows`]: blind coding,
    /// `:coders`), and lists what `filter` lets through; a filter that names no annotator or
    /// document with such annotations any more is dropped.
    fn new(mut query: TagQuery, filter: &str, app: &App) -> TagView {
        let (corpus, shows) = (&app.corpus, &|a: &Annotation| app.shows(a));
        if query
            .annotator
            .as_ref()
            .is_some_and(|a| !query.annotators(corpus, shows).contains(a))
        {
            query.annotator = None;
        }
        if query
            .document
            .is_some_and(|d| !query.documents(corpus, shows).contains(&d))
        {
            query.document = None;
        }
        let items: Vec<(usize, Annotation)> = query
            .run(corpus, shows)
            .into_iter()
            .map(|(i, a)| (i, a.clone()))
            .collect();
        let mut view = TagView {
            query,
            items,
            filter: TextInput::new(filter),
            typing: false,
            shown: Vec::new(),
            counts: Vec::new(),
            selected: 0,
        };
        view.refilter(corpus);
        view
    }

    /// Lists the items the filter as typed lets through: plain words in the quote, note, tags,
    /// annotator, fields' values or document title; field terms on the fields. Goes over the
    /// items only, not the corpus: typing stays in proportion to what the tags matched.
    fn refilter(&mut self, corpus: &Corpus) {
        let filter = Filter::with_scheme(&self.filter.value, &corpus.tags);
        let passes = |(entry, a): &(usize, Annotation)| {
            if !filter.fields_match(&a.fields) {
                return false;
            }
            if filter.words.is_empty() {
                return true;
            }
            let mut text = vec![a.quote.as_str(), a.note.as_str(), a.annotator.as_str()];
            text.extend(a.tags.iter().map(String::as_str));
            text.extend(a.fields.values().map(String::as_str));
            text.push(&corpus.entries[*entry].meta.title);
            filter.words_in(&text.join("\n").to_lowercase())
        };
        self.shown = (0..self.items.len())
            .filter(|&i| passes(&self.items[i]))
            .collect();
        self.counts = self
            .query
            .tags
            .iter()
            .map(|t| {
                self.shown
                    .iter()
                    .filter(|&&i| self.items[i].1.has_tag(t))
                    .count()
            })
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The item selected, with its document's index.
    fn selected_item(&self) -> Option<&(usize, Annotation)> {
        self.items.get(*self.shown.get(self.selected)?)
    }

    /// Takes a key while the filter is typed.
    fn type_filter(&mut self, key: Resolved, app: &mut App) {
        let last = self.shown.len().saturating_sub(1);
        match key {
            Resolved::Action(Action::FilterDown) => self.selected = (self.selected + 1).min(last),
            Resolved::Action(Action::FilterUp) => self.selected = self.selected.saturating_sub(1),
            _ => match self.filter.handle(key) {
                InputEvent::Edited => self.refilter(&app.corpus),
                InputEvent::Submit => self.typing = false,
                InputEvent::Cancel => {
                    self.typing = false;
                    self.filter = TextInput::default();
                    self.refilter(&app.corpus);
                }
                InputEvent::Ignored => {}
            },
        }
    }
}

impl Component for TagView {
    fn scope(&self) -> Scope {
        if self.typing {
            Scope::Filter
        } else {
            Scope::TagView
        }
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        if self.typing {
            return vec![
                Hint::text("words, speaker:… role=…"),
                Hint::keys(&[A::FilterUp, A::FilterDown], "move"),
                Hint::keys(&[A::Submit], "keep"),
                Hint::keys(&[A::Cancel], "drop"),
            ];
        }
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "walk"),
            Hint::keys(&[A::Choose], "open"),
            Hint::keys(&[A::FilterList], "filter"),
            Hint::keys(&[A::CycleAnnotator, A::CycleDocument], "annotator/document"),
            Hint::keys(&[A::Link], "link"),
            Hint::keys(&[A::Close], "close"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        if self.typing {
            self.type_filter(key, app);
            return Outcome::Stay;
        }
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        let last = self.shown.len().saturating_sub(1);
        if let Some(to) = move_row(action, self.selected, last) {
            self.selected = to;
            return Outcome::Stay;
        }
        match action {
            Action::CycleAnnotator => {
                let mut query = self.query.clone();
                let annotators = query.annotators(&app.corpus, &|a| app.shows(a));
                query.annotator = tag_query::cycle(&annotators, query.annotator.as_ref());
                *self = TagView::new(query, &self.filter.value, app);
            }
            Action::CycleDocument => {
                let mut query = self.query.clone();
                let documents = query.documents(&app.corpus, &|a| app.shows(a));
                query.document = tag_query::cycle(&documents, query.document.as_ref());
                *self = TagView::new(query, &self.filter.value, app);
            }
            Action::TagView => {
                app.open_tag_picker(Some(&self.query));
                return Outcome::Close;
            }
            // The view lists what the reader shows: it follows.
            Action::ToggleBlind => {
                app.apply(action);
                *self = TagView::new(self.query.clone(), &self.filter.value, app);
            }
            Action::FilterList => self.typing = true,
            Action::Link => {
                let Some((entry, ann)) = self.selected_item() else {
                    app.set_status("no annotation listed: nothing to link", false);
                    return Outcome::Stay;
                };
                if app.link_listed(*entry, &ann.clone()) {
                    // The link type picker is open; the view comes back with `t`.
                    return Outcome::Close;
                }
            }
            Action::Choose => {
                if let Some((entry, ann)) = self.selected_item() {
                    app.open_tagged(*entry, &ann.id.clone());
                    return Outcome::Close;
                }
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

/// Walks `items` with the list keys, or opens the `selected` one in its document on `Choose`;
/// `None` for any other action. The cross table's cell list.
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
