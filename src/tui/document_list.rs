//! The document list as a pane ([`DocumentList`]; `view::documents` draws it): which documents
//! it shows, and in what order: a filter typed after `/` (every word must
//! occur, case ignored, in the title, author, source, date or path, and a field term such as
//! `speaker:Long Zhou` or `role=military` keeps the documents with an annotation shown whose
//! fields answer them all: see `core::queries::filter`) and a sort order that a key
//! cycles. The selection stays on a document, by its corpus index, whatever the order.

use std::cmp::Reverse;

use crate::core::annotation::Annotation;
use crate::core::corpus::{Corpus, Entry};
use crate::core::queries::filter::Filter;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome, Pane};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Focus, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// The corpus's order: by path, as the files are named.
    #[default]
    Path,
    Title,
    /// Newest first; documents without a date last.
    Date,
    /// Most annotated first.
    Annotations,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Path => Sort::Title,
            Sort::Title => Sort::Date,
            Sort::Date => Sort::Annotations,
            Sort::Annotations => Sort::Path,
        }
    }

    /// Short enough for the list's title.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Path => "path",
            Sort::Title => "title",
            Sort::Date => "date",
            Sort::Annotations => "count",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Sort::Path => "path",
            Sort::Title => "title",
            Sort::Date => "date, newest first",
            Sort::Annotations => "number of annotations, most first",
        }
    }
}

#[derive(Debug, Default)]
pub struct DocumentList {
    /// The selected document, by its corpus index.
    pub selected: usize,
    /// The filter in effect, as typed; empty for none.
    pub query: String,
    /// `query` read.
    filter: Filter,
    pub sort: Sort,
    /// Every entry, in the sort order.
    sorted: Vec<usize>,
    /// The entries the filter lets through, in the sort order: what the list shows.
    pub rows: Vec<usize>,
    /// What the filter looks in, per entry, in lower case; made by the first filter.
    haystacks: Vec<String>,
}

impl DocumentList {
    /// The corpus's `n` entries in its own order, unfiltered.
    pub fn new(n: usize) -> DocumentList {
        DocumentList {
            sorted: (0..n).collect(),
            rows: (0..n).collect(),
            ..DocumentList::default()
        }
    }

    /// Where `entry` is among the rows shown.
    pub fn position(&self, entry: usize) -> Option<usize> {
        self.rows.iter().position(|&e| e == entry)
    }

    /// The entries of `from` that the filter lets through, in their order; `shown` says which
    /// annotations the field terms look at.
    fn passing(&self, corpus: &Corpus, from: &[usize], shown: Shown) -> Vec<usize> {
        let filter = &self.filter;
        let fields = |e: usize| {
            filter.terms.is_empty()
                || corpus.entries[e]
                    .annotations
                    .iter()
                    .any(|a| shown(a) && filter.fields_match(&a.fields))
        };
        from.iter()
            .copied()
            .filter(|&e| filter.words_in(&self.haystacks[e]) && fields(e))
            .collect()
    }

    /// Filters with `query`. A query of words only that adds to the last one looks no further
    /// than the rows that one let through: typing narrows without going over the corpus again.
    /// (A field term does not always narrow: `spe` is a word, `speaker:` a term.)
    fn filter(&mut self, corpus: &Corpus, query: &str, shown: Shown) {
        if self.haystacks.is_empty() {
            self.haystacks = corpus.entries.iter().map(haystack).collect();
        }
        let filter = Filter::with_scheme(query, &corpus.tags);
        let narrower = query.starts_with(self.query.as_str())
            && self.filter.terms.is_empty()
            && filter.terms.is_empty();
        self.query = query.to_owned();
        self.filter = filter;
        let rows = self.passing(
            corpus,
            if narrower { &self.rows } else { &self.sorted },
            shown,
        );
        self.rows = rows;
    }

    fn sort(&mut self, corpus: &Corpus, sort: Sort, shown: Shown) {
        self.sort = sort;
        let entries = &corpus.entries;
        let mut order: Vec<usize> = (0..entries.len()).collect();
        match sort {
            Sort::Path => {}
            Sort::Title => order.sort_by_cached_key(|&i| entries[i].meta.title.to_lowercase()),
            Sort::Date => order.sort_by_key(|&i| Reverse(iso_date(&entries[i]))),
            Sort::Annotations => order.sort_by_key(|&i| Reverse(entries[i].annotations.len())),
        }
        self.sorted = order;
        self.rows = if self.query.is_empty() {
            self.sorted.clone()
        } else {
            self.passing(corpus, &self.sorted, shown)
        };
    }

    /// Takes in entries read since the list was made (see `scanning`): their titles, dates and
    /// counts may move them in the order, or in or out of the filter.
    pub(crate) fn entries_read(&mut self, corpus: &Corpus, shown: Shown) {
        self.haystacks.clear();
        if self.sort != Sort::Path || !self.query.is_empty() {
            let query = std::mem::take(&mut self.query);
            self.filter = Filter::default();
            self.sort(corpus, self.sort, shown);
            if !query.is_empty() {
                self.filter(corpus, &query, shown);
            }
        }
    }

    /// Moves `entry`, whose annotations changed, to its place when the list is sorted by them,
    /// and in or out of the list when a field term of the filter now answers it differently
    /// (`speaker:Long` after its speaker field was edited).
    fn annotations_changed(&mut self, corpus: &Corpus, entry: usize, shown: Shown) {
        if self.sort == Sort::Annotations {
            let key = |e: usize| (Reverse(corpus.entries[e].annotations.len()), e);
            for list in [&mut self.sorted, &mut self.rows] {
                if let Some(at) = list.iter().position(|&e| e == entry) {
                    list.remove(at);
                    let to = list.partition_point(|&e| key(e) < key(entry));
                    list.insert(to, entry);
                }
            }
        }
        if self.filter.terms.is_empty() {
            return;
        }
        let passes = !self.passing(corpus, &[entry], shown).is_empty();
        if passes == self.position(entry).is_some() {
            return;
        }
        // In the sort order, from the rows shown and the entry: one pass over the corpus.
        let mut shown_rows = vec![false; corpus.entries.len()];
        for &e in &self.rows {
            shown_rows[e] = true;
        }
        shown_rows[entry] = passes;
        self.rows = self
            .sorted
            .iter()
            .copied()
            .filter(|&e| shown_rows[e])
            .collect();
    }
}

/// Whether the reader shows an annotation (see `App::shows`): field terms look at those only.
type Shown<'a> = &'a dyn Fn(&Annotation) -> bool;

/// The date as the sort compares it: only dates read as `YYYY-MM-DD` are dates.
fn iso_date(entry: &Entry) -> Option<&str> {
    let date = entry.meta.date.as_deref()?;
    let b = date.as_bytes();
    let iso = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    iso.then_some(date)
}

fn haystack(e: &Entry) -> String {
    let m = &e.meta;
    [
        Some(m.title.as_str()),
        m.author.as_deref(),
        m.source.as_deref(),
        m.date.as_deref(),
        Some(e.rel_path.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
    .to_lowercase()
}

/// The filter being typed, in the list's title: the list follows each edit; Enter keeps the
/// filter, Esc drops it; the list's selection moves meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub input: TextInput,
}

impl Component for ListFilter {
    fn scope(&self) -> Scope {
        Scope::Filter
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::text("type to filter"),
            Hint::keys(&[A::FilterUp, A::FilterDown], "move"),
            Hint::keys(&[A::Submit], "keep"),
            Hint::keys(&[A::Cancel], "drop"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        match key {
            Resolved::Action(Action::FilterDown) => app.move_list(1),
            Resolved::Action(Action::FilterUp) => app.move_list(-1),
            _ => match self.input.handle(key) {
                InputEvent::Edited => app.set_filter(&self.input.value),
                InputEvent::Submit => {
                    // Said whatever the outcome, so that no message from before (a filter
                    // dropped) contradicts the list.
                    let (shown, all) = (app.list.rows.len(), app.corpus.entries.len());
                    let text = match (shown, self.input.value.trim().is_empty()) {
                        (0, _) => app
                            .prefs
                            .keymap
                            .with_keys("no document matches: {clear_filter} drops the filter"),
                        (_, true) => "no filter: every document is listed".to_owned(),
                        _ => format!("filter kept: {shown} of {all} documents listed"),
                    };
                    app.set_status(text, false);
                    return Outcome::Close;
                }
                InputEvent::Cancel => {
                    app.clear_filter();
                    return Outcome::Close;
                }
                InputEvent::Ignored => {}
            },
        }
        Outcome::Stay
    }

    /// The filter is drawn in the list's title (`view::documents`).
    fn draw(&self, _: &App, _: Rect, _: &Panes, _: &mut Buffer) {}
}

impl Pane for DocumentList {
    fn scope(_: &App) -> Scope {
        Scope::List
    }

    fn commands(_: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::OpenDocument], "open"),
            Hint::keys(&[Action::FilterList], "filter"),
            Hint::keys(&[Action::CycleSort], "sort"),
            Hint::keys(&[Action::CycleMark], "mark"),
            Hint::keys(&[Action::Help], "help"),
            Hint::keys(&[Action::Quit], "quit"),
        ]
    }

    fn act(app: &mut App, action: Action) -> bool {
        match action {
            Action::ListDown => app.move_list(1),
            Action::ListUp => app.move_list(-1),
            Action::ListTop => app.list_to_end(false),
            Action::ListBottom => app.list_to_end(true),
            Action::OpenDocument => app.open_selected(),
            Action::FilterList => app.start_filter(),
            Action::ClearFilter => app.clear_filter(),
            Action::CycleSort => app.cycle_sort(),
            Action::CycleMark => app.cycle_mark(),
            _ => return false,
        }
        true
    }

    fn draw(app: &App, area: Rect, buf: &mut Buffer) {
        crate::tui::view::documents::render(app, area, buf);
    }
}

impl App {
    /// Starts typing a filter, from the one in effect.
    pub fn start_filter(&mut self) {
        if !self.prefs.layout.list {
            self.relayout(|app| app.prefs.layout.list = true);
        }
        self.focus = Focus::List;
        self.mode = Mode::ListFilter(ListFilter {
            input: TextInput::new(&self.list.query),
        });
    }

    pub fn clear_filter(&mut self) {
        if !self.list.query.is_empty() {
            self.set_filter("");
            self.set_status("filter dropped: every document is listed", false);
        }
    }

    fn set_filter(&mut self, query: &str) {
        let coding = &self.coding;
        self.list.filter(&self.corpus, query, &|a| coding.shows(a));
        self.keep_selection_shown();
    }

    pub fn cycle_sort(&mut self) {
        let sort = self.list.sort.next();
        let coding = &self.coding;
        self.list.sort(&self.corpus, sort, &|a| coding.shows(a));
        self.set_status(format!("documents sorted by {}", sort.describe()), false);
    }

    /// Keeps the list's order when an entry's annotations change.
    pub(crate) fn list_annotations_changed(&mut self, entry: usize) {
        let coding = &self.coding;
        self.list
            .annotations_changed(&self.corpus, entry, &|a| coding.shows(a));
        self.keep_selection_shown();
    }

    /// When the selected document is filtered out, selects the first one shown.
    fn keep_selection_shown(&mut self) {
        if self.list.position(self.list.selected).is_none()
            && let Some(&first) = self.list.rows.first()
        {
            self.list.selected = first;
        }
    }

    pub fn move_list(&mut self, delta: isize) {
        let rows = &self.list.rows;
        if rows.is_empty() {
            return;
        }
        let at = self.list.position(self.list.selected).unwrap_or(0);
        self.list.selected = rows[at.saturating_add_signed(delta).min(rows.len() - 1)];
    }

    pub fn list_to_end(&mut self, last: bool) {
        let rows = &self.list.rows;
        if let Some(&e) = if last { rows.last() } else { rows.first() } {
            self.list.selected = e;
        }
    }

    /// Opens the selected document, if the list shows it.
    pub fn open_selected(&mut self) {
        if self.list.position(self.list.selected).is_some() {
            self.open_entry(self.list.selected);
        }
    }
}
