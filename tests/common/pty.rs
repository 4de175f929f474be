//! The real binary in a pseudo-terminal, driven by keys as a person would; the screen is read
//! back through a terminal emulator.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::Workspace;

pub const ROWS: u16 = 36;
pub const COLS: u16 = 120;

pub struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// Whether the device-attributes query waits for `answer_device_query`.
    hold_answer: bool,
    /// Whether the reader sent the query.
    pub asked: bool,
}

impl Session {
    /// `gloss ARGS` in the workspace folder, as the user `pty-tester`.
    pub fn start(ws: &Workspace, args: &[&str]) -> Session {
        Session::start_with_env(ws, args, &[])
    }

    pub fn start_with_env(ws: &Workspace, args: &[&str], env: &[(&str, &str)]) -> Session {
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
        // The user's own configuration, colours and reading positions stay out of the tests.
        cmd.env_remove("COLORTERM");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("GLOSS_CONFIG");
        cmd.env("XDG_CONFIG_HOME", ws.dir.path().join("config"));
        cmd.env("XDG_STATE_HOME", ws.dir.path().join("state"));
        cmd.env("USER", "pty-tester");
        for (name, value) in env {
            cmd.env(name, value);
        }
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
            master: pair.master,
            hold_answer: false,
            asked: false,
        }
    }

    fn take_output(&mut self) {
        while let Ok(bytes) = self.output.try_recv() {
            // The reader asks which keyboard protocol the terminal speaks; a terminal answers
            // the device-attributes query that goes with it at once, as a VT220 would here, so
            // that the reader does not wait for an answer (the emulator gives none).
            if bytes.windows(3).any(|w| w == b"\x1b[c") {
                self.asked = true;
                if !self.hold_answer {
                    self.answer_device_query();
                }
            }
            self.screen.process(&bytes);
        }
    }

    /// Makes the device-attributes query wait for `answer_device_query`, as a slow terminal or
    /// connection would.
    pub fn hold_answer(&mut self) {
        self.hold_answer = true;
    }

    pub fn answer_device_query(&mut self) {
        self.send_at_once("\x1b[?62c");
    }

    pub fn contents(&mut self) -> String {
        self.take_output();
        self.screen.screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 20 s.
    pub fn wait_for(&mut self, text: &str) -> String {
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

    pub fn send(&mut self, bytes: &str) {
        self.send_at_once(bytes);
        // Lets the reader take each burst as its own keys (a lone Esc is not read as the start
        // of an escape sequence).
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Sends without waiting: for bursts of keys that need no escape sequences.
    pub fn send_at_once(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
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

    /// SIGKILL, which no program can catch: what a crash or a power cut looks like to the files.
    pub fn kill_hard(&mut self) {
        self.signal("KILL");
        self.wait_exit();
    }

    /// Sends the signal named as `kill -l` names it (`TERM`, `HUP`…), without waiting.
    pub fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().expect("gloss has a process id");
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .expect("the kill command runs");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Whether the terminal is in the mode a shell expects: lines edited by the terminal
    /// (canonical input) and typed characters echoed, the opposite of the reader's raw mode.
    pub fn terminal_is_cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("the terminal's settings");
        let flags = format!("{:?}", termios.local_flags);
        let set: Vec<&str> = flags.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        set.contains(&"ICANON") && set.contains(&"ECHO")
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen
            .screen_mut()
            .set_size(rows.try_into().unwrap(), cols.try_into().unwrap());
    }

    /// The emulated terminal, with everything the program wrote so far.
    pub fn screen(&mut self) -> &vt100::Screen {
        self.take_output();
        self.screen.screen()
    }

    /// The text drawn on the cursor sentence's background, rows joined by spaces.
    pub fn cursor_sentence(&mut self) -> String {
        let screen = self.screen();
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
}
