//! Odd documents: each is shown correctly or listed with a reason, and loses nothing.

mod common;

use common::screen::{border_columns, draw, text};
use std::path::Path;

fn corpus(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    for (name, bytes) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn open(dir: &Path, name: &str) -> gloss::tui::state::App {
    let mut app = common::app_at(&dir.join("corpus"));
    let i = app
        .corpus
        .entries
        .iter()
        .position(|e| e.rel_path == name)
        .unwrap();
    app.open_entry(i);
    app
}

#[test]
fn bom_and_crlf_offsets_match_what_is_shown() {
    let dir = corpus(&[(
        "crlf.txt",
        "\u{feff}Title line\r\n\r\nFirst «sentence» here. Second one, café.\r\nThird\r\n"
            .as_bytes(),
    )]);
    let mut app = open(dir.path(), "crlf.txt");
    common::go_to(&mut app, "Second one");
    common::press(&mut app, "a");
    app.writer.flush();
    let a = &app.open_annotations()[0];
    assert_eq!(a.quote, "Second one, café.");
    // Code points of the canonical text: BOM gone, each CRLF one LF.
    assert_eq!(
        a.start,
        "Title line\n\nFirst «sentence» here. ".chars().count()
    );
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("First «sentence» here. Second one, café."),
        "{screen}"
    );
    assert!(!screen.contains('\r'));
}

/// Files exported from Word or old news databases: read in their encoding, which the list and the
/// status bar show, tagged like any document (offsets count the decoded text), never rewritten.
#[test]
fn windows_1252_and_utf16_documents_open_show_their_encoding_and_are_never_rewritten() {
    let cp1252: &[u8] =
        b"Caf\xe9 notes\r\n\r\nThe minister \x93denied\x94 it. Na\xefve claims followed.\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Interview\r\n\r\nShe said: “no comment” 😀. Then she left.\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let dir = corpus(&[("a-cp1252.txt", cp1252), ("b-utf16.txt", &utf16)]);
    let root = dir.path().join("corpus");
    let mut app = open(dir.path(), "a-cp1252.txt");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("windows-1252"), "{screen}");
    assert!(screen.contains("UTF-16LE"), "{screen}");
    assert!(screen.contains("The minister “denied” it."), "{screen}");
    let status = screen.lines().last().unwrap();
    assert!(status.starts_with("windows-1252 ·"), "{status}");
    common::go_to(&mut app, "Naïve claims");
    common::press(&mut app, "a");
    app.writer.flush();
    let a = &app.open_annotations()[0];
    assert_eq!(a.quote, "Naïve claims followed.");
    assert_eq!(
        a.start,
        "Café notes\n\nThe minister “denied” it. ".chars().count()
    );

    let mut app = open(dir.path(), "b-utf16.txt");
    let status = text(&draw(&app, 120, 36))
        .lines()
        .last()
        .unwrap()
        .to_owned();
    assert!(status.starts_with("UTF-16LE ·"), "{status}");
    common::go_to(&mut app, "Then she left");
    common::press(&mut app, "a");
    app.writer.flush();
    let a = &app.open_annotations()[0];
    assert_eq!(a.quote, "Then she left.");
    assert_eq!(
        a.start,
        "Interview\n\nShe said: “no comment” 😀. ".chars().count()
    );
    let saved = std::fs::read_to_string(dir.path().join("annotations/b-utf16.txt.toml")).unwrap();
    assert!(saved.contains("quote = \"Then she left.\""), "{saved}");
    // The documents themselves are as they were, byte for byte.
    assert_eq!(std::fs::read(root.join("a-cp1252.txt")).unwrap(), cp1252);
    assert_eq!(std::fs::read(root.join("b-utf16.txt")).unwrap(), utf16);
}

#[test]
fn tabs_emoji_combining_marks_and_right_to_left_text_keep_the_layout() {
    let line = "Col\tumn\tdata\t👩‍👩‍👧 family, cafe\u{301} noted, قال المتحدث إن الصين ترفض الاتهامات. ";
    let dir = corpus(&[("odd.txt", line.repeat(12).as_bytes())]);
    let app = open(dir.path(), "odd.txt");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("قال"), "{screen}");
    assert!(screen.contains("👩‍👩‍👧"), "{screen}");
    let lines: Vec<&str> = screen.lines().collect();
    let expected = border_columns(lines[5]);
    assert_eq!(expected.len(), 6, "{}", lines[5]);
    // The list's and the reading pane's borders stand still on every row.
    for row in &lines[1..30] {
        assert_eq!(border_columns(row)[..4], expected[..4], "{row:?}");
    }
}

#[test]
fn an_empty_document_opens_and_tag_keys_do_nothing() {
    let dir = corpus(&[("empty.txt", b""), ("blank.txt", b"\n\n   \n")]);
    for name in ["empty.txt", "blank.txt"] {
        let mut app = open(dir.path(), name);
        common::press(&mut app, "a j k G v n");
        assert!(app.open_annotations().is_empty());
        let screen = text(&draw(&app, 120, 36));
        assert!(screen.contains("empty document"), "{screen}");
    }
}

#[test]
fn binary_files_are_listed_with_a_reason_and_cannot_be_opened() {
    let dir = corpus(&[
        ("good.txt", b"Fine text."),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("zz.txt", b"\x7fELF\x02\x01\x01\x03\x04\xff\xfe"),
    ]);
    let mut app = common::app_at(&dir.path().join("corpus"));
    let reasons: Vec<Option<&str>> = app
        .corpus
        .entries
        .iter()
        .map(|e| e.unreadable.as_deref())
        .collect();
    assert!(reasons[0].is_none());
    assert!(reasons[1].unwrap().contains("binary"), "{reasons:?}");
    assert!(reasons[2].unwrap().contains("binary"), "{reasons:?}");
    app.open_entry(2);
    assert_eq!(app.open.as_ref().unwrap().doc.rel_path, "good.txt");
    let status = app.status.as_ref().unwrap();
    assert!(status.error && status.text.contains("zz.txt"), "{status:?}");
    let screen = text(&draw(&app, 120, 36));
    assert!(screen.contains("! zz.txt"), "{screen}");
    assert!(screen.contains("unreadable"), "{screen}");
}

#[test]
fn a_terminal_too_small_for_the_panes_changes_nothing_behind_its_message_but_q_quits() {
    let ws = common::Workspace::new(false);
    let mut app = common::app(&ws);
    let before = common::cursor_text(&app);
    app.resize(40, 8);
    common::press(&mut app, "j j a F1 Tab");
    assert_eq!(common::cursor_text(&app), before);
    assert!(app.open_annotations().is_empty());
    assert!(app.mode.is_normal());
    // Nor in a dialog opened before the terminal shrank: the note typed there stays unwritten.
    app.resize(120, 36);
    common::press(&mut app, "n");
    app.resize(40, 8);
    common::type_text(&mut app, "xy");
    common::press(&mut app, "Enter");
    assert!(app.open_annotations().is_empty());
    common::press(&mut app, "q");
    assert!(app.should_quit);
}
