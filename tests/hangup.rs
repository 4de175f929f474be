//! The reader ends, its saves written, when its terminal goes away without a SIGHUP reaching it
//! (the terminal here is not its controlling one, as under `nohup`): it used to spin a core for
//! ever, crossterm reading the end of the input again and again.

mod common;

use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// The master side of a pseudo-terminal: the one descriptor there is, so that dropping it
/// hangs the terminal up.
struct Master {
    fd: std::fs::File,
    screen: vt100::Parser,
}

impl Master {
    /// Reads what the reader writes until the screen shows `text`, answering the terminal
    /// query a VT220 answers.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut buf = [0u8; 8192];
        while !self.screen.screen().contents().contains(text) {
            assert!(
                Instant::now() < deadline,
                "never shown: {text}\n{}",
                self.screen.screen().contents()
            );
            let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
            let tenth = Timespec {
                tv_sec: 0,
                tv_nsec: 100_000_000,
            };
            poll(&mut fds, Some(&tenth)).unwrap();
            if fds[0].revents().contains(PollFlags::IN) {
                let n = self.fd.read(&mut buf).unwrap();
                if buf[..n].windows(3).any(|w| w == b"\x1b[c") {
                    self.fd.write_all(b"\x1b[?62;22c").unwrap();
                }
                self.screen.process(&buf[..n]);
            }
        }
    }
}

#[test]
fn a_terminal_gone_ends_the_reader_with_its_saves_written() {
    let ws = common::Workspace::new(false);
    // Not inherited: the reader must hold no copy of the side that hangs up.
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave: OwnedFd = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap()
        .into();
    let size = Winsize {
        ws_row: 36,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    tcsetwinsize(&slave, size).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .current_dir(ws.dir.path())
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", ws.dir.path().join("config"))
        .env("XDG_STATE_HOME", ws.dir.path().join("state"))
        .env("USER", "pty-tester")
        .env_remove("GLOSS_CONFIG")
        .stdin(Stdio::from(slave.as_fd().try_clone_to_owned().unwrap()))
        .stdout(Stdio::from(slave.as_fd().try_clone_to_owned().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let mut master = Master {
        fd: std::fs::File::from(master),
        screen: vt100::Parser::new(36.try_into().unwrap(), 120.try_into().unwrap(), 0),
    };
    master.wait_for("Documents (5)");
    master.fd.write_all(b"a").unwrap();
    master.wait_for("tagged accusation");
    drop(master);

    // Not a sleep for a timer: the process's end, looked for until a deadline.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the reader went on without its terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(gloss::tui::hangup::HANGUP_STATUS));
    let saved: Vec<String> = std::fs::read_dir(ws.dir.path().join("annotations"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        saved.iter().any(|toml| toml.contains("\"accusation\"")),
        "{saved:?}"
    );
}
