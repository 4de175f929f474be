//! What the reader draws, on a `TestBackend`: text snapshots (insta) of the panes, and colours
//! checked cell by cell, since a text snapshot drops styles.

mod common;

use common::screen::{border_columns, draw, find, text};
use gloss::tui::mouse::{Mouse, MouseKind};
use gloss::tui::pane_reuse::PaneReuse;
use gloss::tui::screen::Screen;
use gloss::tui::state::{App, Mode};
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};

/// The reader on the second shipped document, with the shipped annotations, cursor on the
/// annotated sentence "We firmly oppose…".
fn on_denial() -> (common::Workspace, App) {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    common::press(&mut app, "Tab Tab j Enter");
    common::go_to(&mut app, "We firmly oppose");
    (ws, app)
}

/// As [`on_denial`], coding as the shipped annotations' coder, whose notes the note tests edit
/// (`n` and `d` act on the coder's own annotations only).
fn on_denial_as_its_coder() -> (common::Workspace, App) {
    let (ws, mut app) = on_denial();
    app.coding.coder = "gloss-example".into();
    app.stamp = Box::new(|| gloss::core::annotation::Stamp {
        annotator: "gloss-example".into(),
        time: "2026-01-02T03:04:05Z".into(),
    });
    (ws, app)
}

#[test]
fn three_panes_with_highlights() {
    let (_ws, app) = on_denial();
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));
}

#[test]
fn annotated_spans_carry_their_tag_colour_and_an_underline_and_the_cursor_a_background() {
    let (_ws, mut app) = on_denial();
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    // The statistic sentence is annotated (statistic: light yellow) and not under the cursor.
    let (x, y) = find(&screen, "According to data from the Cyberspace")
        .expect("statistic sentence on screen");
    for dx in 0..5 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.fg, Color::LightYellow, "cell {dx} of 'According'");
        assert!(cell.modifier.contains(Modifier::UNDERLINED));
        assert_eq!(cell.bg, Color::Reset);
    }
    // The cursor sentence is annotated as a denial (light magenta) and has the cursor background.
    let (x, y) = find(&screen, "harshly punish").unwrap();
    let cell = &buf[(x, y)];
    assert_eq!(cell.fg, Color::LightMagenta);
    assert_eq!(cell.bg, Color::Indexed(236));
    // Not colour alone: the gutter holds the tag keys of the row's annotations.
    let row: String = screen.lines().nth(y as usize).unwrap().to_owned();
    assert!(row.contains("▌r1"), "{row}");
    // Text outside annotations is plain.
    let (x, y) = find(&screen, "Long refuted").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Reset);
    assert!(!buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    // A selection is drawn reversed.
    common::press(&mut app, "j v");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    let (x, y) = find(&screen, "This stance").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn chinese_lines_keep_the_layout() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    common::press(&mut app, "Tab Tab j j j Enter G");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    assert!(screen.contains("请注意..."), "{screen}");
    // Every row keeps its three panes: the borders stand in the same columns on every row.
    let lines: Vec<&str> = screen.lines().collect();
    let expected = border_columns(lines[20]);
    assert_eq!(expected.len(), 6, "{}", lines[20]);
    for line in &lines[13..33] {
        assert_eq!(border_columns(line), expected, "row {line:?}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn help_lists_every_key_of_the_table_and_the_tags() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::press(&mut app, "F1");
    let screen = common::screen::whole_help(&mut app, 120);
    for b in app.prefs.keymap.bindings() {
        let help = app.prefs.keymap.with_keys(b.help);
        assert!(screen.contains(&help), "help lacks {help:?}");
    }
    assert!(screen.contains("policy commitment (claim)"));
    insta::assert_snapshot!(screen);
}

/// The help's lines are wrapped inside its box, the command line's list of commands too (it ran
/// past the box's edge), on a small terminal and a large one.
#[test]
fn the_help_wraps_the_command_lines_line_inside_its_box() {
    for (width, height) in [(80, 24), (120, 40)] {
        let ws = common::Workspace::new(false);
        let mut app = common::app(&ws);
        app.first_size(width, height);
        common::press(&mut app, "F1");
        let screen = text(&draw(&app, width, height));
        // What is inside the box, row by row: between its borders, whose columns its top row
        // gives; each row has both.
        let lines: Vec<Vec<&str>> = screen
            .lines()
            .map(|l| {
                use unicode_segmentation::UnicodeSegmentation;
                l.graphemes(true).collect()
            })
            .collect();
        let top = lines
            .iter()
            .position(|l| l.concat().contains("┌ Keys"))
            .unwrap();
        let left = lines[top].iter().position(|g| *g == "┌").unwrap();
        let right = left + lines[top][left..].iter().position(|g| *g == "┐").unwrap();
        let inside: Vec<String> = lines[top + 1..]
            .iter()
            .take_while(|l| l[left] == "│")
            .map(|l| {
                assert_eq!(l[right], "│", "{screen}");
                l[left + 1..right].concat()
            })
            .collect();
        let help = app
            .prefs
            .keymap
            .with_keys(&gloss::tui::prompt::command_line_help());
        let shown = inside.join(" ");
        for word in help.split_whitespace() {
            assert!(
                shown.contains(word),
                "{width}×{height}: {word:?} cut off:\n{screen}"
            );
        }
        // Wrapped at spaces: a command's arguments stay whole.
        assert!(
            inside.iter().any(|r| r.contains(" [A,B|mine|all] ")),
            "{screen}"
        );
        insta::assert_snapshot!(format!("help_{width}x{height}"), screen);
    }
}

#[test]
fn note_editor() {
    let (_ws, mut app) = on_denial_as_its_coder();
    common::press(&mut app, "n End");
    common::type_text(&mut app, " 立场");
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));
}

/// Writes `note` on the annotation here through the editor: the old note cut line by line
/// (`C-End`, then `C-u` and `Backspace` up to the start), the new one typed, `C-s`.
fn write_note(app: &mut App, note: &str) {
    common::press(app, "n C-End");
    let Mode::Note(edit) = &app.mode else {
        panic!("n opened no editor")
    };
    let lines = edit.editor.text().split('\n').count();
    for _ in 0..lines {
        common::press(app, "C-u Backspace");
    }
    // As a terminal sends it: a tab as the Tab key, a line break as Enter.
    for (i, line) in note.split('\n').enumerate() {
        if i > 0 {
            common::press(app, "Enter");
        }
        for (j, cells) in line.split('\t').enumerate() {
            if j > 0 {
                common::press(app, "Tab");
            }
            common::type_text(app, cells);
        }
    }
    common::press(app, "C-s");
    assert_eq!(app.open_annotations()[1].note, note.trim());
}

const LONG: &str = "Long Zhou speaks for the foreign ministry as its coordinator for cyber affairs, so \
    the denial is the government's own, not a commentator's: code it authoritative. The same \
    press conference repeats the claim that China is a victim of attacks originating in the \
    US, which the next sentence states as a statistic.";

#[test]
fn note_pane_shows_the_whole_note_of_the_annotation_here_below_the_sidebar() {
    let (_ws, mut app) = on_denial();
    common::press(&mut app, "F6");
    let screen = text(&draw(&app, 120, 36));
    insta::assert_snapshot!("note_pane_short", screen);
    // Where no annotation is, it says so; F6 hides it again.
    common::press(&mut app, "k");
    assert!(text(&draw(&app, 120, 36)).contains("No annotation here."));
    common::press(&mut app, "F6");
    assert_eq!(app.panes().unwrap().note, None);
}

#[test]
fn note_pane_wraps_a_long_note_at_words() {
    let (_ws, mut app) = on_denial_as_its_coder();
    write_note(&mut app, LONG);
    common::press(&mut app, "F6");
    app.resize(120, 40);
    insta::assert_snapshot!("note_pane_long", text(&draw(&app, 120, 40)));
}

#[test]
fn note_pane_keeps_line_breaks_and_goes_below_the_reading_pane_without_a_sidebar() {
    let (_ws, mut app) = on_denial_as_its_coder();
    write_note(
        &mut app,
        "Two claims here:\n- denial of sponsoring attacks\n- China as a victim\n\nSee «victims» above.",
    );
    common::press(&mut app, "F6");
    let with_sidebar = text(&draw(&app, 120, 36));
    assert!(
        with_sidebar.contains("│- denial of sponsoring       │")
            && with_sidebar.contains("│attacks                      │"),
        "{with_sidebar}"
    );
    common::press(&mut app, "F6");
    app.prefs.layout.sidebar = false;
    // Shown again, the pane takes rows from the reading pane, whose view follows the cursor.
    common::press(&mut app, "F6");
    insta::assert_snapshot!("note_pane_multi_line", text(&draw(&app, 120, 36)));
}

#[test]
fn note_pane_draws_tabs_to_the_next_tab_stop_and_wraps_counting_them() {
    let (_ws, mut app) = on_denial_as_its_coder();
    // A table pasted into the note; its last row is wider than the pane with its tabs.
    write_note(
        &mut app,
        "who\tsays\nZhou\tdenial\n1\t2\t3\t4\t5\n\tindented",
    );
    common::press(&mut app, "F6");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("│who     says"), "{screen}");
    insta::assert_snapshot!("note_pane_tabs", screen);
}

#[test]
fn note_pane_says_how_many_rows_it_could_not_show() {
    let (_ws, mut app) = on_denial_as_its_coder();
    write_note(&mut app, &[LONG, LONG].join("\n\n"));
    common::press(&mut app, "F6");
    let screen = text(&draw(&app, 120, 36));
    // Its fields (speaker, role) take two rows above it.
    assert!(screen.contains("… 16 more rows: n shows all"), "{screen}");
}

#[test]
fn note_editor_with_several_lines_wraps_them_and_hints_its_keys() {
    let (_ws, mut app) = on_denial_as_its_coder();
    common::press(&mut app, "n Enter");
    common::type_text(&mut app, LONG);
    common::press(&mut app, "Enter Enter");
    common::type_text(&mut app, "Second paragraph.");
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));
}

#[test]
fn a_terminal_too_small_says_so() {
    let ws = common::Workspace::new(false);
    let app = common::app(&ws);
    insta::assert_snapshot!(text(&draw(&app, 60, 10)));
}

#[test]
fn export_dialog_writes_into_exports_beside_the_corpus_and_shows_the_path() {
    let (ws, mut app) = on_denial();
    common::press(&mut app, "e l");
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));
    common::press(&mut app, "Enter");
    let written = ws
        .dir
        .path()
        .join("exports/001_bcba7e35c127046e-20260102-030405.jsonl");
    let line = std::fs::read_to_string(&written).expect("the export is written");
    assert_eq!(line.lines().count(), 1, "this document only");
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("001_bcba7e35c127046e-20260102-030405.jsonl"),
        "{screen}"
    );
    // Any key closes the dialog; the whole corpus is the other scope.
    common::press(&mut app, "x e j l Enter");
    let corpus = ws.dir.path().join("exports/corpus-20260102-030405.json");
    assert!(corpus.exists());
    assert!(matches!(app.mode, gloss::tui::state::Mode::Export(_)));
    common::press(&mut app, "Esc");
    assert!(app.mode.is_normal());
}

#[test]
fn unplaced_annotations_are_listed_apart_and_unknown_tags_are_grey_with_a_question_mark() {
    let ws = common::Workspace::new(true);
    // The paragraph of two annotated sentences deleted; the third annotation's claim tag renamed
    // to one the scheme lacks.
    let doc = ws.corpus().join("000_073045cb8793dce5.txt");
    let original = std::fs::read_to_string(&doc).unwrap();
    let at = original
        .find("Cybersecurity has been a flashpoint")
        .unwrap();
    let end = at + original[at..].find("\n\n").unwrap() + 2;
    std::fs::write(&doc, format!("{}{}", &original[..at], &original[end..])).unwrap();
    let notes = ws.annotations().join("000_073045cb8793dce5.txt.toml");
    let renamed = std::fs::read_to_string(&notes)
        .unwrap()
        .replace("[\"policy commitment\", ", "[\"rumour\", ");
    std::fs::write(&notes, renamed).unwrap();
    let mut app = common::app(&ws);
    common::press(&mut app, "Tab j");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    assert!(screen.contains("Unplaced (text changed):"), "{screen}");
    assert!(screen.contains("? ■ rumour (unknown) 1"), "{screen}");
    // The orphans' text is gone, and nothing else is drawn in their place; the renamed
    // annotation is drawn grey, with `?` for its unknown tag in the gutter.
    let (x, y) = find(&screen, "defence capability in").unwrap();
    assert_eq!(buf[(x, y)].fg, Color::Gray);
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    let row = screen.lines().nth(y as usize).unwrap();
    assert!(row.contains(" ?1 "), "{row}");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_scrolls_to_its_last_line_and_back_at_once() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::press(&mut app, "F1");
    // Down until the screen stops changing, however long the help has grown, then further.
    let mut shown = text(&draw(&app, 120, 36));
    for _ in 0..10_000 {
        common::press(&mut app, "j");
        let now = text(&draw(&app, 120, 36));
        if now == shown {
            break;
        }
        shown = now;
    }
    common::press(&mut app, &["j"; 50].join(" "));
    let bottom = text(&draw(&app, 120, 36));
    assert!(bottom.contains("scrolls the pane under it"), "{bottom}");
    assert!(
        bottom.contains("so does any key not bound here"),
        "{bottom}"
    );
    // Wrapped lines continue under their text, not under the keys.
    assert!(!bottom.contains("│cyberattacks, espionage"), "{bottom}");
    // Scrolling past the end goes no further: one k moves the view back at once.
    common::press(&mut app, "k");
    assert_ne!(text(&draw(&app, 120, 36)), bottom);
}

#[test]
fn a_message_is_not_cut_by_the_keys_on_a_narrow_screen() {
    let (_ws, mut app) = on_denial_as_its_coder();
    app.resize(80, 30);
    common::press(&mut app, "d");
    let screen = text(&draw(&app, 80, 30));
    let status = screen.lines().last().unwrap();
    // After what the next tag key acts on, which the status bar always says.
    assert!(
        status.starts_with("SENTENCE · 8 words │ deleted the annotation on “"),
        "{status}"
    );
    assert!(status.ends_with("…”"), "{status}");
    // A short message keeps the keys beside it.
    app.resize(100, 30);
    common::press(&mut app, "v a Esc");
    let screen = text(&draw(&app, 100, 30));
    let status = screen.lines().last().unwrap();
    assert!(
        status.starts_with("SENTENCE · 8 words │ tagged "),
        "{status}"
    );
    assert!(status.ends_with("q quit"), "{status}");
}

#[test]
fn the_export_dialog_says_what_it_left_out_and_why_in_full() {
    let ws = common::Workspace::new(true);
    let doc = ws.corpus().join("004_5fd63ba584e4c364.txt");
    let text_before = std::fs::read_to_string(&doc).unwrap();
    // The annotated sentence goes: its annotation cannot be placed, and is left out.
    let start = text_before.find("The report of the U.S.-China").unwrap();
    let end = text_before.find("in the United States.").unwrap() + "in the United States.".len();
    let changed = format!("{}Nothing.{}", &text_before[..start], &text_before[end..]);
    std::fs::write(&doc, changed).unwrap();
    let mut app = common::app(&ws);
    common::press(&mut app, "e Down Right Enter");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Written to"), "{screen}");
    assert!(
        screen.contains("Left out: 004_5fd63ba584e4c364.txt"),
        "{screen}"
    );
    assert!(screen.contains("or see `gloss check`"), "{screen}");
    // Once written, Enter no longer exports: the status bar says what the dialog says.
    common::press(&mut app, "Esc e Enter");
    let screen = text(&draw(&app, 120, 36));
    let status = screen.lines().last().unwrap();
    assert!(status.ends_with(" any key closes"), "{status}");
}

/// An export that cannot be written says why, in the dialog and the status bar, naming the
/// file; the typed error keeps its cause.
#[test]
fn the_export_dialog_says_why_nothing_was_written() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    // A file where the exports folder goes: nothing can be written under it.
    let exports = gloss::core::formats::exports_dir(&app.corpus.root);
    std::fs::write(&exports, "in the way").unwrap();
    common::press(&mut app, "e Enter");
    let Mode::Export(dialog) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let Some(Err(why)) = &dialog.written else {
        panic!("{:?}", dialog.written)
    };
    assert!(
        matches!(
            why,
            gloss::tui::export_dialog::NotExported::Export(
                gloss::core::formats::ExportError::Write { .. }
            )
        ),
        "{why:?}"
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("Not exported: "), "{screen}");
    assert!(screen.contains("cannot write"), "{screen}");
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.starts_with(&format!("not exported: {}", exports.display())),
        "{status}"
    );
}

/// The sidebar's list follows the reading: with more annotations than it has rows, the one
/// under the cursor is listed, marked `▸`, wherever it is in the list, and on a sentence without
/// one the list stays by the last one passed (a tester found the `▸` below the list's rows).
#[test]
fn the_sidebar_lists_the_annotation_under_the_cursor_wherever_it_is() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    common::press(&mut app, "Tab Tab j Enter");
    // Every other sentence tagged, 16 annotations; then read again from the top, on a screen
    // whose list has fewer rows than that.
    for _ in 0..16 {
        common::press(&mut app, "a j j");
    }
    common::press(&mut app, "g");
    app.resize(120, 24);
    let sidebar = app.panes().unwrap().sidebar.unwrap();
    let marked = |app: &App| {
        let screen = draw(app, 120, 24);
        sidebar
            .positions()
            .filter(|p| screen[(p.x, p.y)].symbol() == "▸")
            .count()
    };
    let listed = |app: &App, quote: &str| {
        let screen = text(&draw(app, 120, 24));
        let words: String = quote.chars().take(8).collect();
        screen.lines().any(|line| {
            line.chars()
                .skip(sidebar.x as usize)
                .take(sidebar.width as usize)
                .collect::<String>()
                .contains(&words)
        })
    };
    let last = app.open_annotations().last().unwrap().quote.clone();
    assert!(!listed(&app, &last), "the list holds all 16 annotations");
    // As the terminal draws it too, keeping what a move of the cursor leaves as it was.
    let mut screen = Screen::new(Vec::new(), Size::new(120, 24));
    let mut reuse = PaneReuse::default();
    reuse.draw(&mut screen, &app).unwrap();
    let (mut on_annotation, mut passed) = (0, None);
    for _ in 0..32 {
        common::press(&mut app, "j");
        reuse.draw(&mut screen, &app).unwrap();
        assert_eq!(
            screen.shown(),
            &draw(&app, 120, 24),
            "kept panes went stale"
        );
        if app.annotation_here().is_some() {
            on_annotation += 1;
            assert_eq!(
                marked(&app),
                1,
                "▸ not listed on {:?}",
                common::cursor_text(&app)
            );
            passed = Some(common::cursor_text(&app));
        } else if let Some(passed) = &passed {
            assert!(listed(&app, passed), "{passed:?} left the list");
        }
    }
    assert!(on_annotation >= 14, "{on_annotation} annotations reached");
    // Counted jumps from one sentence without an annotation to another, past several: the
    // list follows.
    common::press(&mut app, "g j");
    reuse.forget();
    for _ in 0..3 {
        common::press(&mut app, "8 j");
        assert_eq!(app.annotation_here(), None);
        reuse.draw(&mut screen, &app).unwrap();
        assert_eq!(
            screen.shown(),
            &draw(&app, 120, 24),
            "kept panes went stale"
        );
    }
    // Tab into the sidebar selects the annotation it kept in view: the list does not move.
    let sidebar_text = |app: &App| {
        let screen = text(&draw(app, 120, 24));
        screen
            .lines()
            .skip(sidebar.y as usize)
            .take(sidebar.height as usize)
            .map(|line| {
                line.chars()
                    .skip(sidebar.x as usize)
                    .take(sidebar.width as usize)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
    };
    let before = sidebar_text(&app);
    common::press(&mut app, "Tab");
    assert_eq!(app.focus, gloss::tui::state::Focus::Sidebar);
    assert_eq!(sidebar_text(&app), before);

    // Back to reading, from the end: the list stays still while the `▸` moves up within it
    // (a tester saw it scroll on every `k`, the `▸` held on its last row).
    common::press(&mut app, "S-Tab G");
    let unmarked = |app: &App| sidebar_text(app).join("\n").replace('▸', " ");
    let at_end = unmarked(&app);
    let mut still = 0;
    for _ in 0..6 {
        common::press(&mut app, "k");
        if marked(&app) == 1 {
            assert_eq!(unmarked(&app), at_end, "the list moved with the ▸ in view");
            still += 1;
        }
    }
    assert!(still >= 2, "{still} moves within the list");
    // The wheel over the list scrolls it, the reading pane keeping the focus.
    let row = (sidebar.x + 3, sidebar.bottom() - 3);
    app.handle_mouse(Mouse {
        kind: MouseKind::ScrollUp,
        column: row.0,
        row: row.1,
    });
    assert_ne!(unmarked(&app), at_end, "the wheel scrolled nothing");
    assert_eq!(app.focus, gloss::tui::state::Focus::Reader);
}

proptest::proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// The words counted for the status bar, which keeps the last span's count, are what
    /// counting them again gives, whatever spans and limits were asked before.
    #[test]
    fn a_kept_word_count_is_the_count(
        asks in proptest::collection::vec((0usize..4, 0usize..6, 1usize..40), 1..12),
    ) {
        let (_ws, app) = on_denial();
        let open = app.open.as_ref().unwrap();
        let text = &open.doc.text;
        // A few spans, some the same, at character boundaries.
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(37).collect();
        for (from, len, most) in asks {
            let span = bounds[from]..bounds[(from + len).min(bounds.len() - 1)].max(bounds[from]);
            proptest::prop_assert_eq!(
                open.words(span.clone(), most),
                gloss::core::documents::words::count(text, span.clone(), most),
                "{:?} up to {}", span, most
            );
        }
    }
}
