//! The mouse, through the `App` with synthetic events at places read off the drawn screen: a
//! click opens a document, moves the cursor, shows an annotation or applies a tag of the legend;
//! a drag selects by word; the wheel scrolls the pane under the pointer.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app, cursor_text, press, selection_text};
use gloss::tui::mouse::{Mouse, MouseKind};
use gloss::tui::state::{App, Focus, Pick};
use gloss::tui::viewport::RowPos;
use ratatui::layout::Rect;

fn mouse(app: &mut App, kind: MouseKind, (column, row): (u16, u16)) {
    app.handle_mouse(Mouse { kind, column, row });
}

fn click(app: &mut App, at: (u16, u16)) {
    mouse(app, MouseKind::Press, at);
    mouse(app, MouseKind::Release, at);
}

/// Clicks on where `needle` is drawn inside `area`.
fn click_on(app: &mut App, area: Rect, needle: &str) {
    let at = spot(app, area, needle);
    click(app, at);
}

/// Column and row where `needle` is drawn inside `area`, on the screen as the app draws it.
fn spot(app: &App, area: Rect, needle: &str) -> (u16, u16) {
    let screen = text(&draw(app, 120, 36));
    for (y, line) in screen.lines().enumerate() {
        let cells: Vec<&str> = {
            use unicode_segmentation::UnicodeSegmentation;
            line.graphemes(true).collect()
        };
        // Columns of the graphemes, by display width, as the buffer lays them out.
        let mut columns = Vec::with_capacity(cells.len());
        let mut col = 0;
        for g in &cells {
            columns.push(col);
            col += unicode_width::UnicodeWidthStr::width(*g);
        }
        for (i, &x) in columns.iter().enumerate() {
            let x = x as u16;
            if !area.contains((x, y as u16).into()) {
                continue;
            }
            if cells[i..].concat().starts_with(needle) {
                return (x, y as u16);
            }
        }
    }
    panic!("{needle:?} is not drawn in {area:?}:\n{screen}");
}

#[test]
fn a_click_opens_a_document_and_another_puts_the_cursor_on_a_sentence() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    let panes = app.panes().unwrap();
    click_on(&mut app, panes.list, "China opposes");
    assert_eq!(app.open.as_ref().unwrap().entry, 1);
    assert_eq!(app.list.selected, 1);
    assert_eq!(app.focus, Focus::Reader);
    // The second row of an item is the same document.
    let (x, y) = spot(&app, panes.list, "China looks");
    click(&mut app, (x, y + 1));
    assert_eq!(app.open.as_ref().unwrap().entry, 2);

    click_on(&mut app, panes.list, "China opposes");
    let (x, y) = spot(&app, panes.reader, "China has led the way");
    click(&mut app, (x + 10, y));
    assert!(cursor_text(&app).starts_with("China has led the way"));
    // Past the end of a row, the row's last character; in the gutter, its first.
    click(&mut app, (panes.reader.right() - 2, y));
    assert!(cursor_text(&app).starts_with("China has led the way"));
    click(&mut app, (panes.text.x, y));
    assert!(cursor_text(&app).starts_with("China has led the way"));
    assert!(app.reader.selection().is_none());
}

#[test]
fn a_drag_selects_whole_words_and_a_click_in_the_legend_tags_them() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    let panes = app.panes().unwrap();
    click_on(&mut app, panes.list, "China opposes");
    common::go_to(&mut app, "We firmly oppose");
    let (x, y) = spot(&app, panes.reader, "firmly");
    mouse(&mut app, MouseKind::Press, (x + 2, y));
    let (px, py) = spot(&app, panes.reader, "punish");
    mouse(&mut app, MouseKind::Drag, (px + 1, py));
    mouse(&mut app, MouseKind::Drag, (px + 3, py));
    mouse(&mut app, MouseKind::Release, (px + 3, py));
    assert_eq!(
        selection_text(&app).as_deref(),
        Some("firmly oppose and harshly punish")
    );
    // Dragged backwards over a sentence boundary, the selection runs from the pointer.
    let (bx, by) = spot(&app, panes.reader, "always label");
    mouse(&mut app, MouseKind::Press, (x + 2, y));
    mouse(&mut app, MouseKind::Drag, (bx + 8, by));
    assert!(
        selection_text(&app)
            .unwrap()
            .starts_with("label themselves as victims"),
        "{:?}",
        selection_text(&app)
    );
    assert!(selection_text(&app).unwrap().ends_with("We firmly"));
    assert!(cursor_text(&app).starts_with("«We are not like"));
    mouse(&mut app, MouseKind::Press, (x + 2, y));
    mouse(&mut app, MouseKind::Drag, (px, py));
    mouse(&mut app, MouseKind::Release, (px, py));

    let sidebar = panes.sidebar.unwrap();
    click_on(&mut app, sidebar, "denial");
    let anns = app.open_annotations();
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].quote, "firmly oppose and harshly punish");
    assert_eq!(anns[0].tags, ["denial"]);
    // Tagging ends the selection; the annotation it made takes a second tag.
    assert_eq!(selection_text(&app), None);
    click_on(&mut app, sidebar, "authoritative");
    assert_eq!(app.open_annotations()[0].tags, ["denial", "authoritative"]);
    app.writer.flush();
    let file =
        std::fs::read_to_string(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    assert!(
        file.contains("quote = \"firmly oppose and harshly punish\""),
        "{file}"
    );

    // A click on an annotation in the sidebar shows it in the text.
    press(&mut app, "Esc g");
    click_on(&mut app, sidebar, "r1 “firmly");
    assert_eq!(app.focus, Focus::Reader);
    let open = app.open.as_ref().unwrap();
    let Pick::Annotation { span, .. } = &app.reader.pick else {
        panic!(
            "the annotation shown is not the current one: {:?}",
            app.reader.pick
        );
    };
    assert_eq!(
        &open.doc.text[span.clone()],
        "firmly oppose and harshly punish"
    );
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    let panes = app.panes().unwrap();
    let reader = (panes.text.x + 10, panes.text.y + 5);
    mouse(&mut app, MouseKind::ScrollDown, reader);
    let open = app.open.as_ref().unwrap();
    let doc = &open.doc;
    let third = [(); 2]
        .iter()
        .fold(doc.line_at(0), |l, _| doc.next_line(&l).unwrap());
    assert_eq!(
        app.reader.top,
        RowPos {
            line: third.start,
            row: 0
        },
        "three rows down"
    );
    assert!(
        common::cursor_text(&app).starts_with("Policy document also pledges"),
        "the cursor comes along to the first sentence shown"
    );
    mouse(&mut app, MouseKind::ScrollUp, reader);
    assert_eq!(app.reader.top, RowPos::default());

    let list = (panes.list.x + 3, panes.list.y + 3);
    mouse(&mut app, MouseKind::ScrollDown, list);
    mouse(&mut app, MouseKind::ScrollDown, list);
    assert_eq!(app.list.selected, 2);
    assert_eq!(
        app.open.as_ref().unwrap().entry,
        0,
        "scrolling opens nothing"
    );

    let sidebar = panes.sidebar.unwrap();
    mouse(
        &mut app,
        MouseKind::ScrollDown,
        (sidebar.x + 3, sidebar.bottom() - 3),
    );
    assert_eq!(app.sidebar.selected, 1);
}

#[test]
fn the_mouse_does_not_reach_behind_a_dialog() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    let panes = app.panes().unwrap();
    let at = spot(&app, panes.list, "China opposes");
    press(&mut app, "?");
    click(&mut app, at);
    assert_eq!(app.open.as_ref().unwrap().entry, 0);
    press(&mut app, "Esc");
    click(&mut app, at);
    assert_eq!(app.open.as_ref().unwrap().entry, 1);
}
