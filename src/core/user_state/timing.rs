//! How long gloss waits for others and how often it looks again. These are settings (the
//! `[timing]` table of `config.toml`) rather than constants so that a slow shared drive can be
//! given more patience, and so that tests set them short instead of sleeping through them.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How long a write waits for another gloss holding the folder's lock before it fails (a
    /// failed save is kept and retried). Writes take milliseconds; this is for a stuck holder.
    pub lock_wait: Duration,
    /// How often the idle reader compares the open document's annotation file with what it
    /// shows, to take in changes made elsewhere (another gloss, a `git pull`), and stats the
    /// document's own file to read it again if it changed.
    pub check_every: Duration,
    /// How often failed saves are tried again when no new change comes to retry them.
    pub retry_every: Duration,
}

/// The default [`Timing::lock_wait`], also the wait of the completion of a rename cut short,
/// which happens as the corpus opens, before the configuration is at hand.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            lock_wait: LOCK_WAIT,
            check_every: Duration::from_secs(2),
            retry_every: Duration::from_secs(5),
        }
    }
}
