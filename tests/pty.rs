//! The real binary in a pseudo-terminal, driven by keys as a person would, on a temporary copy
//! of the corpus; the screen is read back through a terminal emulator.

mod common;

use common::pty::Session;

#[test]
fn open_tag_note_quit_then_the_file_on_disk_holds_it() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");

    // Open the second document from the list.
    s.send("\t\t"); // reader → sidebar → list
    s.send("j");
    s.send("\r");
    s.wait_for("China opposes using Internet to interfere ");
    // Walk to the sentence "We firmly oppose and harshly punish hacking activities."
    let target = "We firmly oppose and harshly punish hacking activities.";
    for _ in 0..60 {
        s.send("j");
        if s.cursor_sentence() == target {
            break;
        }
    }
    assert_eq!(s.cursor_sentence(), target);
    s.send("r"); // denial
    s.wait_for("tagged denial");
    s.send("1"); // authoritative
    s.wait_for("tagged authoritative");
    s.send("n");
    s.wait_for("Edit note");
    // Enter starts a new line of the note; so does a CR LF pair, as pasted text with Windows
    // line ends sends it, without a blank line; C-s saves it.
    s.send("Long’s «stance»\r立场\r\nend");
    s.send("\x13");
    let screen = s.wait_for("noted");
    assert!(screen.contains("Annotations (1)"), "{screen}");
    assert!(screen.contains("r1 “We firmly oppose"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());

    let file = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let toml = std::fs::read_to_string(&file).expect("the annotation file was written");
    assert!(toml.contains(&format!("quote = \"{target}\"")), "{toml}");
    assert!(
        toml.contains("tags = [\"denial\", \"authoritative\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("note = \"\"\"\nLong’s «stance»\n立场\nend\"\"\"\n"),
        "{toml}"
    );
    assert!(toml.contains("annotator = \"pty-tester\""), "{toml}");
    let text = std::fs::read_to_string(ws.corpus().join("001_bcba7e35c127046e.txt")).unwrap();
    let start = text.find(target).unwrap();
    let start_chars = text[..start].chars().count();
    assert!(toml.contains(&format!("start = {start_chars}\n")), "{toml}");
    assert!(
        toml.contains(&format!("end = {}\n", start_chars + target.chars().count())),
        "{toml}"
    );
}

#[test]
fn the_mouse_is_reported_while_the_reader_runs_and_a_click_opens_a_document() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");
    assert_ne!(
        s.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    // The left button pressed and released on the third document's title (row 6, column 5,
    // counted from 1), as xterm reports it in SGR mode.
    s.send("\x1b[<0;5;6M\x1b[<0;5;6m");
    s.wait_for("┐┌ China looks to unseat");
    s.send("q");
    assert!(s.wait_exit().success());
    assert_eq!(
        s.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is turned off on the way out"
    );
}

#[test]
fn a_missing_corpus_is_a_clear_error_and_the_terminal_is_left_alone() {
    let ws = common::Workspace::new(false);
    let out = ws.gloss().arg("no-such-folder").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "gloss: corpus folder no-such-folder does not exist: pass the folder that holds your documents, as in `gloss path/to/corpus`\n"
    );
}

#[test]
fn a_tiny_terminal_gets_a_message_and_q_still_quits() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");
    s.resize(8, 40);
    s.wait_for("too small");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// A terminal made smaller and at once its size again (a window un-maximised and maximised)
/// may have cut what it showed, though its size is as it was: gloss draws it whole again.
#[test]
fn a_terminal_shrunk_and_grown_back_at_once_is_drawn_whole_again() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    // Every document read: the list filled in, its count of those read gone from its border.
    s.wait_for("2014-03-18 · 0 tagged");
    let whole = s.wait_for("└────────────────────────┘");
    s.resize(12, 72);
    s.resize(common::pty::ROWS, common::pty::COLS);
    s.wait_for(&whole);
}

#[test]
fn a_document_on_the_command_line_opens_at_start_and_its_place_is_kept_in_the_state_folder() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &["corpus/002_3e2178b0d7cc894e.txt"]);
    s.wait_for("▸ China looks to unseat");
    s.send("j");
    s.send("j");
    s.send("q");
    assert!(s.wait_exit().success());
    let positions = ws.dir.path().join("state/gloss/positions.toml");
    let saved = std::fs::read_to_string(&positions).expect("positions saved in XDG_STATE_HOME");
    let corpus = ws.corpus().canonicalize().unwrap();
    assert!(
        saved.starts_with(&format!(
            "[\"{}\"]\n\"002_3e2178b0d7cc894e.txt\" = ",
            corpus.display()
        )),
        "{saved}"
    );
}

#[test]
fn an_esc_typed_right_before_a_key_is_read_as_both_keys() {
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");
    s.send("v");
    s.send("j");
    s.wait_for("SELECT ·");
    // In one burst, as a fast typist, ssh or tmux sends them: the terminal library reads Alt+j.
    s.send_at_once("\x1bj");
    s.wait_for("SENTENCE ·");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let sentence = loop {
        let sentence = s.cursor_sentence();
        // The headline is one sentence, so the selection grew to the second: the j goes on to
        // the third.
        if sentence.starts_with("PUBLISHED : Thursday") {
            break sentence;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the j after Esc was lost: the cursor is on {sentence:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    };
    s.send("r");
    s.wait_for("tagged denial");
    s.send("q");
    assert!(s.wait_exit().success());
    let toml = std::fs::read_to_string(ws.annotations().join("000_073045cb8793dce5.txt.toml"))
        .expect("the annotation file was written");
    assert_eq!(toml.matches("quote = ").count(), 1, "{toml}");
    assert!(toml.contains(&format!("quote = \"{sentence}\"")), "{toml}");
}

#[test]
fn without_user_or_annotator_gloss_asks_a_name_once_and_writes_it_on_annotations() {
    let ws = common::Workspace::new(false);
    let no_user = [("USER", ""), ("USERNAME", "")];
    // Skipped: the status bar says what that means and where to give a name.
    let mut s = Session::start_with_env(&ws, &[], &no_user);
    s.wait_for("Your name, written on your annotations (Esc: not now):");
    s.send("\x1b");
    s.wait_for("no name: annotations are written as “unknown”");
    s.send("q");
    assert!(s.wait_exit().success());

    // Asked again, since none was given; the name goes into the configuration file.
    let mut s = Session::start_with_env(&ws, &[], &no_user);
    s.wait_for("Your name, written on your annotations");
    s.send("Ada Lovelace\r");
    s.wait_for("you are Ada Lovelace");
    let config = ws.dir.path().join("config/gloss/config.toml");
    let written = std::fs::read_to_string(&config).expect("the configuration file is written");
    assert_eq!(written, "annotator = \"Ada Lovelace\"\n");
    s.send("a");
    s.wait_for("tagged accusation");
    s.send("q");
    assert!(s.wait_exit().success());
    let saved =
        std::fs::read_to_string(ws.annotations().join("000_073045cb8793dce5.txt.toml")).unwrap();
    assert!(saved.contains("annotator = \"Ada Lovelace\""), "{saved}");

    // Not asked a third time.
    let mut s = Session::start_with_env(&ws, &[], &no_user);
    let screen = s.wait_for("Documents (5)");
    assert!(!screen.contains("Your name"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// Waits until the cursor sentence is `text`, failing after 20 s.
fn wait_for_cursor(s: &mut Session, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.cursor_sentence() != text {
        assert!(
            std::time::Instant::now() < deadline,
            "the cursor never reached {text:?}; it is on {:?}",
            s.cursor_sentence()
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}

#[test]
fn an_esc_typed_right_before_a_special_key_is_read_as_esc_and_that_key() {
    let ws = common::Workspace::new(true);
    let file = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");
    s.send("\t\tj\r");
    s.wait_for("China opposes using Internet to interfere ");
    s.send("G");
    let last = "Read more:";
    wait_for_cursor(&mut s, last);
    // Each burst in one write, as a fast typist, ssh or tmux sends it: crossterm reads
    // `ESC ESC` as one Esc and what follows as plain keys (`[` goes to the previous
    // annotation, `1` tags).
    s.send_at_once("\x1b\x1b[15~"); // Esc, F5: the review asks whose final coding it is
    s.wait_for("adjudicator (whose final coding it is):");
    s.send("\x1b");
    s.wait_for("SENTENCE ·");
    s.send("v");
    s.wait_for("SELECT ·");
    s.send_at_once("\x1b\x1b[B"); // Esc, Down: the selection dropped, the cursor stays
    s.wait_for("SENTENCE ·");
    s.send("a");
    s.wait_for("tagged accusation");
    s.send("n");
    s.wait_for("Edit note");
    s.send_at_once("\x1b\x1b[A"); // Esc, Up: the editor closed, the cursor a sentence up
    s.wait_for("SENTENCE ·");
    assert!(!s.contents().contains("Edit note"));
    s.send_at_once("\x1b\x1bOP"); // Esc, F1 as xterm sends it
    s.wait_for("show this help");
    s.send("q"); // closes the help
    // Esc, S-Tab: the document list, where j and Enter open the next document.
    s.send_at_once("\x1b\x1b[Zj\r");
    s.wait_for("┐┌ China looks to unseat");
    s.send("q");
    assert!(s.wait_exit().success());
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after.matches("quote = ").count(),
        before.matches("quote = ").count() + 1,
        "{after}"
    );
    assert!(after.contains(&format!("quote = \"{last}\"")), "{after}");
    assert!(!after.contains("[A"), "{after}");
}

#[test]
fn keys_typed_while_gloss_starts_are_read_as_typed() {
    let check = |ws: &common::Workspace| {
        let toml = std::fs::read_to_string(ws.annotations().join("000_073045cb8793dce5.txt.toml"))
            .expect("the annotation file was written");
        assert_eq!(toml.matches("quote = ").count(), 1, "{toml}");
        assert!(
            toml.contains(
                "quote = \"Beijing denies the claims and says it is a victim of hacking.\""
            ),
            "{toml}"
        );
        assert!(toml.contains("tags = [\"accusation\"]"), "{toml}");
    };
    // Before the terminal is in raw mode: the terminal turns Enter into a line feed.
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.send_at_once("/Beijing denies\ra");
    s.wait_for("tagged accusation");
    s.send("q");
    assert!(s.wait_exit().success());
    check(&ws);

    // While the reader waits for the terminal to answer which keyboard protocol it speaks.
    let ws = common::Workspace::new(false);
    let mut s = Session::start(&ws, &[]);
    s.hold_answer();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !s.asked {
        assert!(std::time::Instant::now() < deadline, "gloss never asked");
        s.contents();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    s.send_at_once("/Beijing denies\ra");
    s.answer_device_query();
    s.wait_for("tagged accusation");
    s.send("q");
    assert!(s.wait_exit().success());
    check(&ws);
}

/// A document larger than gloss reads whole before its first screen, named on the command
/// line: its first screen comes from its first piece, read while the corpus is listed, and a
/// tag key pressed at once lands on the sentence shown, in the whole document's offsets.
#[test]
fn a_large_document_named_on_the_command_line_is_shown_at_once_and_tagged_where_shown() {
    let ws = common::Workspace::new(false);
    let text: String = (0..80_000)
        .map(|i| format!("Paragraph {i} opens here. Then paragraph {i} goes on and ends!\n\n"))
        .collect();
    assert!(text.len() as u64 > gloss::core::documents::preview::READ_WHOLE_UP_TO);
    std::fs::write(ws.corpus().join("large.txt"), &text).unwrap();
    let mut s = Session::start(&ws, &["corpus/large.txt"]);
    s.wait_for("Paragraph 0 opens here.");
    s.send("j");
    s.send("r");
    s.wait_for("tagged denial");
    s.send("q");
    assert!(s.wait_exit().success());

    let toml = std::fs::read_to_string(ws.annotations().join("large.txt.toml"))
        .expect("the annotation file was written");
    let target = "Then paragraph 0 goes on and ends!";
    let start = text.find(target).unwrap();
    assert!(toml.contains(&format!("quote = \"{target}\"")), "{toml}");
    assert!(toml.contains(&format!("start = {start}\n")), "{toml}");
    assert!(toml.contains("tags = [\"denial\"]"), "{toml}");
}
