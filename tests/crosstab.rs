//! The cross table screen (`#`, `:table`), driven by keys through the real `App` on the shipped
//! corpus and annotations: what it counts is what `core::crosstab` counts, and a cell lists
//! exactly the annotations it counts and opens each at its place.

mod common;

use common::screen::{draw, find, text};
use common::{Workspace, app, press, type_text};
use gloss::core::crosstab::{self, Count, Dimension, Request};
use gloss::tui::state::{App, Mode, Pick};

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn command(app: &mut App, line: &str) {
    press(app, ":");
    type_text(app, line);
    press(app, "Enter");
}

fn table(app: &App) -> &gloss::tui::crosstab_view::CrosstabView {
    match &app.mode {
        Mode::Crosstab(view) => view,
        other => panic!("the cross table is not shown: {other:?}"),
    }
}

#[test]
fn the_default_table_is_claim_type_by_source_authority() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "#");
    let view = table(&app);
    assert_eq!(view.request.rows, Dimension::Group("claim".into()));
    assert_eq!(view.request.cols, Dimension::Group("source".into()));
    assert_eq!(
        view.table.cols,
        ["authoritative", "quasi-authoritative", "non-authoritative"]
    );
    press(&mut app, "j l l");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    // The cursor's cell (denial × non-authoritative, 2) is drawn apart from its neighbours.
    let (x, _) = find(&screen, "non-authoritative").unwrap();
    let (_, y) = find(&screen, "│denial").unwrap();
    let x = x + "non-authoritative".len() as u16 - 1;
    assert_eq!(buf[(x, y)].symbol(), "2");
    assert_ne!(buf[(x, y)].style(), buf[(x, y - 1)].style());
    insta::assert_snapshot!(screen);
}

/// Enter on a cell lists exactly the annotations the core counts there (checked against the
/// annotations' own tags, counted here), and Enter on one opens it in its document, current.
#[test]
fn enter_on_a_cell_lists_exactly_what_it_counts_and_opens_the_one_chosen() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    command(&mut app, "table claim source");
    // denial × non-authoritative.
    press(&mut app, "j l l");
    let view = table(&app);
    assert_eq!(view.cell(), Some(("denial", "non-authoritative")));
    let counted = view.table.cells[1][2];
    let core = crosstab::tabulate(
        &app.corpus,
        &Request {
            rows: Dimension::Group("claim".into()),
            cols: Dimension::Group("source".into()),
            by: None,
            count: Count::Annotations,
        },
        &|_| true,
    );
    assert_eq!(counted, core[0].cells[1][2], "the core's count");
    let mut expected: Vec<String> = app
        .corpus
        .entries
        .iter()
        .flat_map(|e| e.annotations.iter())
        .filter(|a| a.has_tag("denial") && a.has_tag("non-authoritative"))
        .map(|a| a.id.clone())
        .collect();
    assert!(expected.len() >= 2);
    assert_eq!(counted, expected.len());

    press(&mut app, "Enter");
    let Mode::CellList(list) = &app.mode else {
        panic!("Enter lists the cell")
    };
    let mut listed: Vec<String> = list.items.iter().map(|(_, a)| a.id.clone()).collect();
    let (entry, chosen) = (list.items[1].0, list.items[1].1.clone());
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Table cell: claim = denial, source = non-authoritative"),
        "{screen}"
    );
    assert!(screen.contains(&chosen.quote[..40]), "{screen}");

    // Esc goes back to the table at the same cell; Enter again, the second one opened.
    press(&mut app, "Esc");
    assert_eq!(table(&app).cell(), Some(("denial", "non-authoritative")));
    press(&mut app, "Enter j Enter");
    assert!(app.mode.is_normal());
    assert_eq!(app.open.as_ref().unwrap().entry, entry);
    match &app.reader.pick {
        Pick::Annotation { id, .. } => assert_eq!(*id, chosen.id),
        other => panic!("the annotation is not current: {other:?}"),
    }
    // T brings the table back as it was.
    press(&mut app, "#");
    assert_eq!(table(&app).cell(), Some(("denial", "non-authoritative")));
}

/// After `Enter` on one of a cell's annotations, `Esc` in the reading pane goes back to the
/// cell's list, at the same row (the hints say so), and `Esc` there to the table; once another
/// document is opened, `Esc` is the reading pane's own again.
#[test]
fn esc_after_opening_an_annotation_goes_back_to_the_cell_and_the_table() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    command(&mut app, "table claim source");
    press(&mut app, "j l l Enter j Enter");
    assert!(app.mode.is_normal());
    // A look around the document first: the way back stays, and the hints say so.
    press(&mut app, "j k");
    let hints = text(&draw(&app, 120, 36));
    assert!(hints.contains("Esc back to the cell"), "{hints}");
    press(&mut app, "Esc");
    let Mode::CellList(list) = &app.mode else {
        panic!("Esc goes back to the cell's list: {:?}", app.mode)
    };
    assert_eq!(list.selected, 1);
    press(&mut app, "Esc");
    assert_eq!(table(&app).cell(), Some(("denial", "non-authoritative")));
    // Opened again, then another document: Esc no longer leaves the reading pane.
    press(&mut app, "Enter Enter");
    assert!(app.mode.is_normal());
    press(&mut app, "S-Tab j Enter");
    press(&mut app, "Esc");
    assert!(app.mode.is_normal(), "{:?}", app.mode);
    // Nor after the table was closed by hand.
    press(&mut app, "# Enter Enter # Esc Esc");
    assert!(app.mode.is_normal(), "{:?}", app.mode);
}

#[test]
fn keys_cycle_rows_columns_and_what_is_counted() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "#");
    let annotations = table(&app).table.total;
    press(&mut app, "D");
    let view = table(&app);
    assert_eq!(view.request.count, Count::Documents);
    let documents = app
        .corpus
        .entries
        .iter()
        .filter(|e| !e.annotations.is_empty())
        .count();
    assert_eq!(view.table.total, app.corpus.entries.len());
    assert!(documents < annotations);
    // Rows: claim → source is the columns', skipped → speaker (a field).
    press(&mut app, "D R");
    assert_eq!(table(&app).request.rows, Dimension::Field("speaker".into()));
    press(&mut app, "C");
    assert_eq!(table(&app).request.cols, Dimension::Field("role".into()));
    press(&mut app, "R R");
    assert_eq!(table(&app).request.rows, Dimension::Outlet);
    let view = table(&app);
    assert!(
        view.table.rows.iter().any(|r| r == "carnegieendowment.org"),
        "{:?}",
        view.table.rows
    );
    press(&mut app, "q");
    assert!(app.mode.is_normal());
}

#[test]
fn table_names_what_there_is_when_a_name_is_none() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    command(&mut app, "table claim year documents");
    let view = table(&app);
    assert_eq!(view.request.cols, Dimension::Year);
    assert_eq!(view.request.count, Count::Documents);
    press(&mut app, "Esc");
    command(&mut app, "table claim nonsense");
    assert!(app.mode.is_normal());
    assert!(
        status(&app)
            .starts_with(":table: \"nonsense\" is no tag group, field or document metadata"),
        "{}",
        status(&app)
    );
}

/// Blind coding: the table counts and a cell lists only the coder's own annotations, and says
/// so in its title; with `:coders` only those coders'. (It counted and listed every coder's.)
#[test]
fn blind_coding_and_coders_limit_what_the_table_counts_and_lists() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    let everyone: usize = app.corpus.entries.iter().map(|e| e.annotations.len()).sum();
    press(&mut app, "S-Tab g j Enter");
    common::go_to(&mut app, "Long refuted");
    press(&mut app, "a");
    let mine = app
        .corpus
        .entries
        .iter()
        .flat_map(|e| e.annotations.iter())
        .find(|a| a.annotator == "tester")
        .expect("tagged")
        .clone();
    press(&mut app, "F2 #");
    let view = table(&app);
    assert_eq!(view.table.total, 1, "only tester's annotation");
    let (row, col) = (
        view.table
            .rows
            .iter()
            .position(|r| mine.has_tag(r))
            .unwrap(),
        view.table
            .cols
            .iter()
            .position(|c| mine.has_tag(c) || c == crosstab::NONE)
            .unwrap(),
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("(annotations; tester's (blind))"),
        "{screen}"
    );
    for _ in 0..row {
        press(&mut app, "j");
    }
    for _ in 0..col {
        press(&mut app, "l");
    }
    press(&mut app, "Enter");
    let Mode::CellList(list) = &app.mode else {
        panic!("Enter lists the cell: {}", status(&app))
    };
    let listed: Vec<&str> = list.items.iter().map(|(_, a)| a.id.as_str()).collect();
    assert_eq!(listed, [mine.id.as_str()], "only tester's");

    press(&mut app, "Esc Esc F2");
    command(&mut app, "coders gloss-example");
    press(&mut app, "#");
    let view = table(&app);
    assert_eq!(
        view.table.total, everyone,
        "gloss-example's only, not tester's"
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("(annotations; coders gloss-example)"),
        "{screen}"
    );
}
