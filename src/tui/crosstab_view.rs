//! The cross table screen (`#`, `:table ROWS COLS`): the corpus's annotations counted by two
//! dimensions (tag groups, fields, document metadata), as `gloss table` counts them
//! (`core::crosstab`), but only those the reader shows ([`App::shows`]: blind coding,
//! `:coders`), so that a blind coder never sees another coder's work here; the cursor moves cell by cell, keys cycle what the rows and columns are
//! and whether annotations or documents are counted, and `Enter` lists the annotations of the
//! cell, each of which `Enter` shows in its document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::annotation::Annotation;
use crate::core::crosstab::{self, Count, Dimension, Request, Table};
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::grep::move_row;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::tag_view::walk_or_open;

/// The table on screen, with the cell under the cursor.
#[derive(Debug, Clone)]
pub struct CrosstabView {
    /// What is counted; never with a `by` dimension (one table on screen).
    pub request: Request,
    /// The table, counted when the screen opened or the request last changed.
    pub table: Table,
    /// The cursor's cell: `table.rows[row]`, `table.cols[col]`.
    pub row: usize,
    pub col: usize,
}

/// The annotations of one cell of the table, to open; `Esc` goes back to the table.
#[derive(Debug, Clone)]
pub struct CellList {
    /// The table it came from, as it was.
    pub table: CrosstabView,
    /// The cell's annotations with their documents' indices, in corpus order.
    pub items: Vec<(usize, Annotation)>,
    pub selected: usize,
}

impl CrosstabView {
    /// The table `request` asks for, counted now, the cursor on its first cell.
    pub fn new(request: Request, app: &App) -> CrosstabView {
        let table = tabulate(&request, app);
        CrosstabView {
            request,
            table,
            row: 0,
            col: 0,
        }
    }

    /// The table of the scheme's first two dimensions (the shipped scheme's claim type × source
    /// authority), counting annotations.
    pub fn default_request(app: &App) -> Request {
        let all = Dimension::all(&app.corpus.tags);
        Request {
            rows: all[0].clone(),
            cols: all.get(1).cloned().unwrap_or(Dimension::Year),
            by: None,
            count: Count::Annotations,
        }
    }

    /// The row and column values under the cursor.
    pub fn cell(&self) -> Option<(&str, &str)> {
        Some((
            self.table.rows.get(self.row)?,
            self.table.cols.get(self.col)?,
        ))
    }

    /// The annotations the cell under the cursor counts, as `core::crosstab::members` finds them.
    pub fn members(&self, app: &App) -> Vec<(usize, Annotation)> {
        let Some((row, col)) = self.cell() else {
            return Vec::new();
        };
        crosstab::members(
            &app.corpus,
            &self.request,
            &|a| app.shows(a),
            None,
            row,
            col,
        )
        .into_iter()
        .map(|(e, i)| (e, app.corpus.entries[e].annotations[i].clone()))
        .collect()
    }

    /// Counts again after the request changed; the cursor stays on the same values where they
    /// still are.
    fn recount(&mut self, app: &App) {
        let (row, col) = self
            .cell()
            .map(|(r, c)| (r.to_owned(), c.to_owned()))
            .unwrap_or_default();
        self.table = tabulate(&self.request, app);
        self.row = self.table.rows.iter().position(|r| *r == row).unwrap_or(0);
        self.col = self.table.cols.iter().position(|c| *c == col).unwrap_or(0);
    }
}

fn tabulate(request: &Request, app: &App) -> Table {
    crosstab::tabulate(&app.corpus, request, &|a| app.shows(a))
        .into_iter()
        .next()
        .expect("a request without `by` makes one table")
}

/// The dimension after `now` among the scheme's, skipping `other` (the other axis's).
fn next_dimension(now: &Dimension, other: &Dimension, app: &App) -> Dimension {
    let all = Dimension::all(&app.corpus.tags);
    let at = all.iter().position(|d| d == now).unwrap_or(all.len() - 1);
    (1..=all.len())
        .map(|step| &all[(at + step) % all.len()])
        .find(|d| *d != other)
        .unwrap_or(now)
        .clone()
}

impl Component for CrosstabView {
    fn scope(&self) -> Scope {
        Scope::Crosstab
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(
                &[A::RowDown, A::RowUp, A::PreviousChoice, A::NextChoice],
                "move",
            ),
            Hint::keys(&[A::Choose], "list the cell"),
            Hint::keys(&[A::CycleRows], "rows"),
            Hint::keys(&[A::CycleCols], "columns"),
            Hint::keys(&[A::CycleCount], "annotations/documents"),
            Hint::keys(&[A::Close], "close"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        if let Some(to) = move_row(action, self.row, self.table.rows.len().saturating_sub(1)) {
            self.row = to;
            return Outcome::Stay;
        }
        match action {
            Action::NextChoice => {
                self.col = (self.col + 1).min(self.table.cols.len().saturating_sub(1))
            }
            Action::PreviousChoice => self.col = self.col.saturating_sub(1),
            Action::CycleRows => {
                self.request.rows = next_dimension(&self.request.rows, &self.request.cols, app);
                self.recount(app);
            }
            Action::CycleCols => {
                self.request.cols = next_dimension(&self.request.cols, &self.request.rows, app);
                self.recount(app);
            }
            Action::CycleCount => {
                self.request.count = match self.request.count {
                    Count::Annotations => Count::Documents,
                    Count::Documents => Count::Annotations,
                };
                self.recount(app);
            }
            Action::Choose => {
                let items = self.members(app);
                if items.is_empty() {
                    app.set_status("nothing in this cell", false);
                    return Outcome::Stay;
                }
                app.mode = Mode::CellList(CellList {
                    table: self.clone(),
                    items,
                    selected: 0,
                });
                return Outcome::Close;
            }
            Action::Close => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::crosstab::render(app, self, panes.above_status(screen), buf);
    }
}

impl Component for CellList {
    fn scope(&self) -> Scope {
        Scope::CellList
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "walk"),
            Hint::keys(&[A::Choose], "open"),
            Hint::keys(&[A::Close], "back to the table"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        if let Some(outcome) = walk_or_open(&self.items, &mut self.selected, action, app) {
            return outcome;
        }
        if action == Action::Close {
            app.mode = Mode::Crosstab(self.table.clone());
            return Outcome::Close;
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::crosstab::render_cell(app, self, panes.above_status(screen), buf);
    }
}

impl App {
    /// Opens the cross table: `request`, else the last one shown (counted again), else the
    /// default ([`CrosstabView::default_request`]).
    pub fn open_crosstab(&mut self, request: Option<Request>) {
        // The table counts every document's annotations.
        self.finish_scan();
        self.kept.cell_list = None;
        let last = self.kept.crosstab.take();
        self.mode = Mode::Crosstab(match (request, last) {
            (Some(request), _) => CrosstabView::new(request, self),
            (None, Some(mut last)) => {
                last.recount(self);
                last
            }
            (None, None) => CrosstabView::new(CrosstabView::default_request(self), self),
        });
    }

    /// `:table [ROWS [COLS]] [documents]`: the dimensions by name as `gloss table --rows --cols`
    /// takes them; a name that is none says what there is.
    pub(crate) fn table_command(&mut self, args: &str) {
        let mut words: Vec<&str> = args.split_whitespace().collect();
        let count = match words.last() {
            Some(&"documents") => Count::Documents,
            Some(&"annotations") => Count::Annotations,
            _ => {
                if words.is_empty() {
                    return self.open_crosstab(None);
                }
                Count::Annotations
            }
        };
        if matches!(words.last(), Some(&"documents" | &"annotations")) {
            words.pop();
        }
        let mut request = CrosstabView::default_request(self);
        request.count = count;
        // `None`: neither one name nor two.
        let parse = |name: &str| Dimension::parse(name, &self.corpus.tags).map_err(Some);
        let parsed = match words.as_slice() {
            [] => Ok(()),
            [rows] => parse(rows).map(|r| request.rows = r),
            [rows, cols] => parse(rows)
                .and_then(|r| parse(cols).map(|c| (r, c)))
                .map(|(r, c)| (request.rows, request.cols) = (r, c)),
            _ => Err(None),
        };
        match parsed {
            Ok(()) => self.open_crosstab(Some(request)),
            Err(why) => {
                let keymap = &self.prefs.keymap;
                let why = why.map_or_else(
                    || {
                        keymap.with_keys(
                            "write {command_line}table ROWS COLS [documents], as in \
                             {command_line}table claim source",
                        )
                    },
                    |e| e.to_string(),
                );
                let message = format!("{}: {why}", keymap.with_keys("{command_line}table"));
                self.set_status(message, true);
            }
        }
    }
}
