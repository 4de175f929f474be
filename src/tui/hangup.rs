//! The reader ends when its terminal goes away, whether or not a SIGHUP is taken (`nohup`, or a
//! parent that ignores it, leaves it ignored). Without the signal crossterm reads the end of the
//! terminal's input over and over and never returns (crossterm 0.29, `event/source/unix/mio.rs`,
//! `try_read`: a read of 0 bytes is tried again), a core spinning for ever; with it, the loop
//! that would end as `q` does is never reached. So a thread waits on the terminal for its
//! hang-up, costing nothing meanwhile, has every queued save written, and ends the process.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rustix::event::{PollFd, PollFlags, poll};
use rustix::io::Errno;

use crate::core::storage::writer::Flusher;

/// The exit status when the terminal went away: 128 + SIGHUP, as a shell reports a process
/// that a hang-up ended.
pub const HANGUP_STATUS: i32 = 128 + 1;

/// Starts the thread that ends the process with [`HANGUP_STATUS`] once the terminal (standard
/// input when it is one, as crossterm reads, else `/dev/tty`) hangs up, after `flusher` has
/// waited for the queued saves. Does nothing when there is no terminal to watch.
pub fn watch(flusher: Flusher) {
    let tty = tty();
    let watching = std::thread::Builder::new()
        .name("gloss-hangup".into())
        .spawn(move || {
            let Some(tty) = tty else { return };
            if hung_up(tty.as_fd()) {
                flusher.flush();
                std::process::exit(HANGUP_STATUS);
            }
        });
    // Without the thread the reader works as before; only this safeguard is missing.
    drop(watching);
}

/// Waits until `fd` reports a hang-up or an error; `false` if it cannot be waited on.
pub fn hung_up(fd: BorrowedFd) -> bool {
    // No event asked: a hang-up, an error or a closed descriptor are reported regardless, and
    // input, which the reader takes, is not.
    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    loop {
        let mut fds = [PollFd::from_borrowed_fd(fd, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_) if fds[0].revents().intersects(gone) => return true,
            Ok(_) | Err(Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}

/// The terminal the reader reads from, as a descriptor of its own.
fn tty() -> Option<OwnedFd> {
    let stdin = std::io::stdin();
    if rustix::termios::isatty(&stdin) {
        return stdin.as_fd().try_clone_to_owned().ok();
    }
    std::fs::File::open("/dev/tty").ok().map(OwnedFd::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe whose writing end is closed hangs up, as a terminal whose other side is gone.
    #[test]
    fn a_closed_other_side_is_a_hang_up() {
        let (read, write) = std::io::pipe().unwrap();
        let waiting = std::thread::spawn(move || hung_up(read.as_fd()));
        drop(write);
        assert!(waiting.join().unwrap());
    }
}
