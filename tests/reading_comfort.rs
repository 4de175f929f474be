//! Reading comfort: hard-wrapped text reflowed to the pane, tabs to their tab stops, the list and
//! the sidebar hidden on a small terminal, on `TestBackend` snapshots and the bytes written.

mod common;

use std::path::Path;

use common::screen::{draw, text};
use gloss::core::storage::store;
use gloss::tui::state::{App, Focus, Layout, Settings};

/// A licence as it is shipped: hard-wrapped at 70 columns, indented paragraphs.
const LICENCE: &str = "\
GNU GENERAL PUBLIC LICENSE
   TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION

  0. This License applies to any program or other work which contains
a notice placed by the copyright holder saying it may be distributed
under the terms of this General Public License.  The \"Program\", below,
refers to any such program or work, and a \"work based on the Program\"
means either the Program or any derivative work under copyright law:
that is to say, a work containing the Program or a portion of it,
either verbatim or with modifications and/or translated into another
language.  (Hereinafter, translation is included without limitation in
the term \"modification\".)  Each licensee is addressed as \"you\".

Activities other than copying, distribution and modification are not
covered by this License; they are outside its scope.  The act of
running the Program is not restricted, and the output from the Program
is covered only if its contents constitute a work based on the
Program (independent of having been made by running the Program).
Whether that is true depends on what the Program does.
";

/// A corpus of one document holding `text`, with the shipped tag file.
fn corpus_of(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/tags.toml");
    std::fs::copy(shipped, corpus.join("tags.toml")).unwrap();
    std::fs::write(corpus.join("doc.txt"), text).unwrap();
    dir
}

fn open_on(dir: &tempfile::TempDir, settings: Settings) -> App {
    common::app_with(&dir.path().join("corpus"), settings)
}

#[test]
fn a_hard_wrapped_licence_is_reflowed_to_the_pane() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    app.resize(100, 30);
    let screen = text(&draw(&app, 100, 30));
    // Each paragraph wrapped once, at the pane's width: "contains" goes on the row, not after it.
    assert!(
        screen.contains("other work which contains a notice placed by"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn reflow_never_shows_the_lines_as_the_file_has_them() {
    let dir = corpus_of(LICENCE);
    let settings = Settings {
        layout: Layout {
            reflow: gloss::core::documents::reflow::Reflow::Never,
            ..Layout::default()
        },
        ..Settings::default()
    };
    let mut app = open_on(&dir, settings);
    app.resize(200, 36);
    let screen = text(&draw(&app, 200, 36));
    // The file's line ends at "your", though the pane has room for more.
    let row = screen
        .lines()
        .find(|l| l.contains("0. This License applies"))
        .unwrap();
    let from = &row[row.find("0. This").unwrap()..];
    assert!(
        from[..from.find('│').unwrap()]
            .trim_end()
            .ends_with("contains"),
        "{row}"
    );
}

#[test]
fn a_sentence_across_a_reflowed_line_break_is_tagged_at_the_files_offsets() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    common::go_to(&mut app, "The act of");
    // The statistic key: the sentence goes on over three of the file's line breaks.
    common::press(&mut app, "s");
    app.writer.flush();
    let path = dir.path().join("annotations/doc.txt.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let file = store::from_toml(&toml, &path).unwrap();
    let a = &file.annotations[0];
    let sentence = "The act of\nrunning the Program is not restricted, and the output from the Program\nis covered only if its contents constitute a work based on the\nProgram (independent of having been made by running the Program).";
    let start = LICENCE[..LICENCE.find(sentence).unwrap()].chars().count();
    assert_eq!(a.quote, sentence);
    assert_eq!((a.start, a.end), (start, start + sentence.chars().count()));
    assert!(
        toml.contains("quote = \"\"\"\nThe act of\nrunning the Program"),
        "{toml}"
    );
}

#[test]
fn tabs_reach_their_tab_stops_so_columns_line_up() {
    let table =
        "Region\tCases\tSource\nHebei\t12\tXinhua\nMacau\t7\tPeople's Daily\nTibet\t1\tnone\n";
    let dir = corpus_of(table);
    let app = open_on(&dir, Settings::default());
    let screen = text(&draw(&app, 120, 16));
    // In the reading pane, right of the list (which shows the first line as the title).
    let reader_x = usize::from(app.panes().unwrap().reader.x);
    let column_of = |word: &str| {
        screen
            .lines()
            .skip(1)
            .map(|l| l.chars().skip(reader_x).collect::<String>())
            .find_map(|l| l.find(word).map(|at| l[..at].chars().count()))
            .unwrap()
    };
    assert_eq!(column_of("Cases"), column_of("12"), "{screen}");
    // The pane's title, on one line, has its tabs as spaces.
    assert!(screen.contains("┌ Region Cases Source ─"), "{screen}");
    assert_eq!(column_of("12"), column_of("7"));
    assert_eq!(column_of("Source"), column_of("Xinhua"));
    assert_eq!(column_of("Xinhua"), column_of("People's"));
    insta::assert_snapshot!(screen);
}

#[test]
fn at_80_by_24_the_list_starts_hidden_and_keys_hide_and_show_the_panes() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    app.first_size(80, 24);
    assert!(!app.prefs.layout.list);
    assert_eq!(app.focus, Focus::Reader);
    common::press(&mut app, "F4");
    assert!(!app.prefs.layout.sidebar);
    let screen = text(&draw(&app, 80, 24));
    assert!(!screen.contains("Documents ("), "{screen}");
    assert!(!screen.contains("Annotations ("), "{screen}");
    insta::assert_snapshot!(screen);
    // And back: the list, then the sidebar; the focus goes past hidden panes.
    common::press(&mut app, "F3 F4");
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("Documents (5)"), "{screen}");
    assert!(screen.contains("Annotations ("), "{screen}");
    common::press(&mut app, "F3 Tab Tab");
    assert_eq!(app.focus, Focus::Reader);
    // Without a document open, the list is what there is to open one from: it stays.
    let empty = tempfile::tempdir().unwrap();
    let mut none_open = common::app_at(empty.path());
    none_open.first_size(80, 24);
    assert!(none_open.prefs.layout.list);
    // A wide terminal starts with all three.
    let mut wide = common::app(&ws);
    wide.first_size(120, 36);
    assert!(wide.prefs.layout.list && wide.prefs.layout.sidebar);
}

/// At 80×24 (the list hidden) the sidebar's legend shows every tag's whole name and count;
/// with the list shown too, a name cut to fit ends in an ellipsis, its count still there.
#[test]
fn at_80_by_24_the_legend_shows_whole_tag_names() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    app.first_size(80, 24);
    assert!(!app.prefs.layout.list && app.prefs.layout.sidebar);
    // The longest name gets a count: the coder's own annotation on the first sentence.
    common::press(&mut app, "2");
    let screen = text(&draw(&app, 80, 24));
    for tag in &app.corpus.tags.tags {
        assert!(
            screen.contains(&format!("■ {}", tag.name)),
            "{}\n{screen}",
            tag.name
        );
    }
    // The count after the name (or what is left of it) on the legend's row.
    let count = |screen: &str, name: &str| {
        let line = screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap()
            .to_owned();
        let after = line.split(name).nth(1).unwrap();
        let after = after.split('…').next_back().unwrap();
        after.trim_start().chars().next()
    };
    assert_eq!(
        count(&screen, "■ quasi-authoritative"),
        Some('1'),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    common::press(&mut app, "F3");
    let narrow = text(&draw(&app, 80, 24));
    assert!(narrow.contains("Documents (5)"), "{narrow}");
    assert!(narrow.contains("■ quasi-author"), "{narrow}");
    assert!(!narrow.contains("■ quasi-authoritative"), "{narrow}");
    assert!(narrow.contains("…"), "{narrow}");
    assert_eq!(count(&narrow, "■ quasi-author"), Some('1'), "{narrow}");
}

/// A phrase the file breaks across lines (joined on screen by reflow) is found by `/` and by
/// `:grep`: a space typed matches the line break.
#[test]
fn a_phrase_across_a_line_break_is_found_by_search_and_grep() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    common::press(&mut app, "/");
    common::type_text(&mut app, "which contains a notice");
    common::press(&mut app, "Enter");
    common::settle(&mut app);
    let status = app.status.as_ref().map(|s| s.text.clone());
    assert_eq!(
        status.as_deref(),
        Some("/which contains a notice: match 1 of 1")
    );
    let buf = draw(&app, 100, 30);
    let screen = text(&buf);
    // Highlighted on both sides of the file's line break, which reflow put on one row.
    let (x, y) = common::screen::find(&screen, "which contains a notice").unwrap();
    for dx in [0, 20] {
        assert_eq!(
            buf[(x + dx, y)].bg,
            ratatui::style::Color::LightRed,
            "{dx}\n{screen}"
        );
    }
    common::press(&mut app, "Esc :");
    common::type_text(&mut app, "grep contains a notice");
    common::press(&mut app, "Enter");
    common::settle(&mut app);
    assert_eq!(app.grep().unwrap().hits.len(), 1);
}

/// `S-Tab` from the reading pane goes to the document list even when the list is hidden (a
/// narrow terminal, or F3): it is shown, rather than passed over for the sidebar, where the
/// keys would act on another thing than the coder thinks.
#[test]
fn s_tab_to_a_hidden_list_shows_it() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    app.first_size(80, 24);
    assert!(!app.prefs.layout.list);
    common::press(&mut app, "S-Tab");
    assert_eq!(app.focus, Focus::List);
    assert!(app.prefs.layout.list);
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("Documents (5)"), "{screen}");
    assert!(
        screen.contains("the document list is shown again: F3 hides it"),
        "{screen}"
    );
    // `j Enter` there opens the second document, as the list shows it.
    common::press(&mut app, "j Enter");
    assert_eq!(app.open.as_ref().unwrap().entry, 1);
    // Hidden with F3, the same.
    common::press(&mut app, "F3");
    assert_eq!(app.focus, Focus::Reader);
    common::press(&mut app, "S-Tab");
    assert_eq!((app.focus, app.prefs.layout.list), (Focus::List, true));
    // From the sidebar, S-Tab goes to the reading pane, as before.
    common::press(&mut app, "F3 Tab S-Tab");
    assert_eq!((app.focus, app.prefs.layout.list), (Focus::Reader, false));
}

/// Column and row where `needle` is drawn in the reading pane's text (a screen of characters
/// one column wide each).
fn spot(app: &App, screen: &str, needle: &str) -> (u16, u16) {
    let text = app.panes().unwrap().text;
    for (y, line) in screen.lines().enumerate() {
        let y = y as u16;
        if y < text.y || y >= text.y + text.height {
            continue;
        }
        let from = usize::from(text.x);
        let right: String = line.chars().skip(from).collect();
        if let Some(at) = right.find(needle) {
            return ((from + right[..at].chars().count()) as u16, y);
        }
    }
    panic!("{needle:?} is not drawn in the reading pane:\n{screen}");
}

/// A drag with the mouse from `from` to `to`.
fn drag(app: &mut App, from: (u16, u16), to: (u16, u16)) {
    use gloss::tui::mouse::{Mouse, MouseKind};
    for (kind, (column, row)) in [
        (MouseKind::Press, from),
        (MouseKind::Drag, to),
        (MouseKind::Release, to),
    ] {
        app.handle_mouse(Mouse { kind, column, row });
    }
}

/// Reflow joins the file's lines on screen; a click and a drag on the joined row, and a search
/// hit on it, are at the file's offsets: the drag over "act of running", which the file breaks
/// after "of", selects those words with the file's line break between them.
#[test]
fn a_click_a_drag_and_a_search_on_reflowed_text_land_on_the_files_offsets() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    let screen = text(&draw(&app, 120, 36));
    let (x, y) = spot(&app, &screen, "act of running");
    let (rx, _) = spot(&app, &screen, "running the Program is");
    drag(&mut app, (x, y), (rx + 3, y));
    assert_eq!(
        common::selection_text(&app).as_deref(),
        Some("act of\nrunning")
    );
    // To the column: a drag to the space after the word after a joined break stops at that
    // word; one column off, it would take in the next.
    let (ax, ay) = spot(&app, &screen, "contains a notice");
    drag(&mut app, (ax, ay), (ax + 10, ay));
    assert_eq!(common::selection_text(&app).as_deref(), Some("contains\na"));
    // A click on a word after a joined break puts the cursor on its sentence.
    common::press(&mut app, "Esc");
    let (cx, cy) = spot(&app, &screen, "Hereinafter");
    drag(&mut app, (cx, cy), (cx, cy));
    assert!(
        common::cursor_text(&app).starts_with("(Hereinafter, translation"),
        "{}",
        common::cursor_text(&app)
    );
    // The search's hit is drawn where the words are, and selecting it selects the file's text.
    common::press(&mut app, "/");
    common::type_text(&mut app, "of running");
    common::press(&mut app, "Enter");
    common::settle(&mut app);
    let buf = draw(&app, 120, 36);
    let (sx, sy) = spot(&app, &text(&buf), "of running");
    for dx in [0, 3, 9] {
        assert_eq!(
            buf[(sx + dx, sy)].bg,
            ratatui::style::Color::LightRed,
            "{dx}"
        );
    }
    common::press(&mut app, "Enter");
    assert_eq!(common::selection_text(&app).as_deref(), Some("of\nrunning"));
}

/// Tabs are drawn to their tab stops; a drag and a search hit right of a tab are at the
/// file's offsets, not shifted by the columns the tab took.
#[test]
fn a_drag_and_a_search_on_tabbed_text_land_on_the_files_offsets() {
    let table =
        "Region\tCases\tSource\nHebei\t12\tXinhua\nMacau\t7\tPeople's Daily\nTibet\t1\tnone\n";
    let dir = corpus_of(table);
    let mut app = open_on(&dir, Settings::default());
    let screen = text(&draw(&app, 120, 36));
    let from = spot(&app, &screen, "12");
    let (tx, ty) = spot(&app, &screen, "Xinhua");
    drag(&mut app, from, (tx + 4, ty));
    assert_eq!(common::selection_text(&app).as_deref(), Some("12\tXinhua"));
    let (px, py) = spot(&app, &screen, "People's");
    drag(&mut app, (px + 1, py), (px + 10, py));
    assert_eq!(
        common::selection_text(&app).as_deref(),
        Some("People's Daily")
    );
    common::press(&mut app, "Esc /");
    common::type_text(&mut app, "Daily");
    common::press(&mut app, "Enter");
    common::settle(&mut app);
    let buf = draw(&app, 120, 36);
    let (sx, sy) = spot(&app, &text(&buf), "Daily");
    for dx in 0..5 {
        assert_eq!(
            buf[(sx + dx, sy)].bg,
            ratatui::style::Color::LightRed,
            "{dx}"
        );
    }
    assert_ne!(buf[(sx - 2, sy)].bg, ratatui::style::Color::LightRed);
    common::press(&mut app, "Enter");
    assert_eq!(common::selection_text(&app).as_deref(), Some("Daily"));
}

/// Made taller at the end of a document, the reading pane shows the text above the end rather
/// than blank rows under it: what `G` shows at that size (the text at the top kept would leave
/// rows empty under the end).
#[test]
fn a_taller_window_at_the_end_brings_the_text_above_into_view() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    app.resize(80, 24);
    app.handle_key("G".parse().unwrap());
    let short = text(&draw(&app, 80, 24));
    app.resize(120, 60);
    let resized = text(&draw(&app, 120, 60));
    let mut tall = open_on(&dir, Settings::default());
    tall.resize(120, 60);
    tall.handle_key("G".parse().unwrap());
    assert_eq!(resized, text(&draw(&tall, 120, 60)), "{short}");
    // The whole licence fits at that size: it is shown from its first line.
    assert!(
        resized.contains("││    GNU GENERAL PUBLIC LICENSE "),
        "{resized}"
    );
}
