//! A pause the reader asks of a document's background indexing while keys come: finding the
//! sentences of a 50 MB document takes a core and much of the memory's bandwidth for about a
//! second after it opens, and the keys pressed meanwhile were answered twice as slowly as later
//! ones (issue 10). The indexing goes on once no key has come for the time held.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Until when the indexing waits, in µs from the hold's making; 0 when it need not.
#[derive(Debug)]
pub struct IndexingHold {
    made: Instant,
    until: AtomicU64,
}

impl Default for IndexingHold {
    fn default() -> IndexingHold {
        IndexingHold {
            made: Instant::now(),
            until: AtomicU64::new(0),
        }
    }
}

impl IndexingHold {
    /// Has [`IndexingHold::wait`] wait until `time` from now, or later if already held so.
    pub fn hold(&self, time: Duration) {
        let until = self.made.elapsed().saturating_add(time).as_micros();
        self.until
            .fetch_max(u64::try_from(until).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Returns once no hold lasts any more, sleeping meanwhile.
    pub fn wait(&self) {
        loop {
            let now = u64::try_from(self.made.elapsed().as_micros()).unwrap_or(u64::MAX);
            let until = self.until.load(Ordering::Relaxed);
            if until <= now {
                return;
            }
            std::thread::sleep(Duration::from_micros(until - now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_lasts_as_long_as_the_longest_hold() {
        let hold = IndexingHold::default();
        let start = Instant::now();
        hold.wait();
        assert!(
            start.elapsed() < Duration::from_millis(20),
            "held with no hold"
        );
        hold.hold(Duration::from_millis(40));
        hold.hold(Duration::from_millis(10));
        let start = Instant::now();
        hold.wait();
        assert!(
            start.elapsed() >= Duration::from_millis(39),
            "{:?}",
            start.elapsed()
        );
    }
}
