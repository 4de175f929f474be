//! The real binary in a pseudo-terminal, driven by keys as a person would, on a temporary copy
//! of the corpus; the screen is read back through a terminal emulator.

mod common;

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 36;
const COLS: u16 = 120;

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(ws: &common::Workspace, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.args(args);
        cmd.cwd(ws.dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("COLORTERM");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("GLOSS_CONFIG");
        cmd.env("XDG_CONFIG_HOME", ws.dir.path().join("config"));
        cmd.env("XDG_STATE_HOME", ws.dir.path().join("state"));
        cmd.env("USER", "pty-tester");
        let child = pair.slave.spawn_command(cmd).expect("gloss starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            writer: pair.master.take_writer().unwrap(),
            output,
            screen: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            _master: pair.master,
        }
    }

    fn contents(&mut self) -> String {
        while let Ok(bytes) = self.output.try_recv() {
            self.screen.process(&bytes);
        }
        self.screen.screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 20 s.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.contents();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Lets the reader take each burst as its own keys (a lone Esc is not read as the start
        // of an escape sequence).
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "gloss did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

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
        if cursor_sentence(&mut s) == target {
            break;
        }
    }
    assert_eq!(cursor_sentence(&mut s), target);
    s.send("r"); // denial
    s.wait_for("tagged denial");
    s.send("1"); // authoritative
    s.wait_for("tagged authoritative");
    s.send("n");
    s.wait_for("Edit note");
    s.send("Long’s «stance» 立场");
    s.send("\r");
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
    assert!(toml.contains("note = \"Long’s «stance» 立场\""), "{toml}");
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

/// The text drawn on the cursor sentence's background, rows joined by spaces.
fn cursor_sentence(s: &mut Session) -> String {
    s.contents();
    let screen = s.screen.screen();
    let mut rows = Vec::new();
    for row in 0..ROWS {
        let mut text = String::new();
        for col in 0..COLS {
            if let Some(cell) = screen.cell(row, col)
                && cell.bgcolor() == vt100::Color::Idx(236)
            {
                text.push_str(cell.contents());
            }
        }
        if !text.is_empty() {
            rows.push(text);
        }
    }
    rows.join(" ")
}

#[test]
fn a_missing_corpus_is_a_clear_error_and_the_terminal_is_left_alone() {
    let ws = common::Workspace::new(false);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("no-such-folder")
        .current_dir(ws.dir.path())
        .env("XDG_CONFIG_HOME", ws.dir.path().join("config"))
        .env("XDG_STATE_HOME", ws.dir.path().join("state"))
        .env_remove("GLOSS_CONFIG")
        .output()
        .unwrap();
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
    s._master
        .resize(PtySize {
            rows: 8,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.screen
        .screen_mut()
        .set_size(8.try_into().unwrap(), 40.try_into().unwrap());
    s.wait_for("too small");
    s.send("q");
    assert!(s.wait_exit().success());
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
