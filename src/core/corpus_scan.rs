//! Reading a corpus's documents off the input path. Listing a corpus costs a walk of its folder
//! ([`Corpus::listed`]); reading every document, its annotation file and placing its annotations
//! costs seconds on a corpus of thousands. A scan reads the unread entries on a thread of its
//! own and hands each over as it is read, so that the reader shows the list at once and fills
//! it in: first the entries the list shows ([`Scan::want`]), then the rest in the corpus's
//! order.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};

use crate::core::corpus::{Corpus, Entry};

/// A scan under way (or finished) of the entries of one corpus that were not read when it
/// started. Dropping it stops the thread after the document it is reading.
pub struct Scan {
    read: Receiver<(usize, Entry)>,
    /// Entries handed over so far.
    done: usize,
    /// Entries to read in all.
    total: usize,
    stop: Arc<AtomicBool>,
    /// The entries the list shows, by corpus index, which the thread reads before the others.
    wanted: Arc<Mutex<Vec<usize>>>,
}

impl Scan {
    /// Starts reading the entries of `corpus` not read yet ([`Entry::loaded`]), but `skip` (a
    /// document being read to be opened). With a `gate` (tests), the thread waits for a message
    /// on it before each document, and reads the rest without waiting once its sender is dropped.
    pub fn start(corpus: &Corpus, skip: Option<usize>, gate: Option<Receiver<()>>) -> Scan {
        // By corpus index: the path and relative path of each entry still to read.
        let mut unread: Vec<Option<(PathBuf, String)>> = corpus
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (!e.loaded && Some(i) != skip).then(|| (e.path.clone(), e.rel_path.clone()))
            })
            .collect();
        let total = unread.iter().flatten().count();
        let (send, read) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let wanted = Arc::new(Mutex::new(Vec::new()));
        let shown = Arc::clone(&wanted);
        let annotations_dir = corpus.annotations_dir.clone();
        let thread = std::thread::Builder::new()
            .name("corpus scan".into())
            .spawn(move || {
                // Every entry before `next` in the corpus's order is read.
                let mut next = 0;
                for _ in 0..total {
                    if let Some(gate) = &gate {
                        let _ = gate.recv();
                    }
                    if stopped.load(Ordering::Relaxed) {
                        return;
                    }
                    let is_unread = |i: &usize| unread.get(*i).is_some_and(Option::is_some);
                    let shown_first = shown
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .iter()
                        .copied()
                        .find(is_unread);
                    let i = shown_first.unwrap_or_else(|| {
                        while !is_unread(&next) {
                            next += 1;
                        }
                        next
                    });
                    let Some((path, rel_path)) = unread[i].take() else {
                        return;
                    };
                    let entry = Entry::read(path, rel_path, &annotations_dir);
                    if send.send((i, entry)).is_err() {
                        return;
                    }
                }
            });
        // Without a thread the entries are read when they are needed (see `Corpus::load`), and
        // the scan counts as finished.
        let total = if thread.is_ok() { total } else { 0 };
        Scan {
            read,
            done: 0,
            total,
            stop,
            wanted,
        }
    }

    /// Has the entries `shown` (corpus indices, those the list shows) read before the others,
    /// those not read yet in their order, in place of the ones asked for before.
    pub fn want(&self, shown: &[usize]) {
        let mut wanted = self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
        if *wanted != shown {
            wanted.clear();
            wanted.extend_from_slice(shown);
        }
    }

    /// Puts the entries read since the last call into `corpus`, but for those read meanwhile
    /// by other means (a document opened before the scan reached it, whose entry may have
    /// changed since); returns the indices of the entries put in.
    pub fn take(&mut self, corpus: &mut Corpus) -> Vec<usize> {
        let mut taken = Vec::new();
        loop {
            match self.read.try_recv() {
                Ok((i, entry)) => self.put(corpus, i, entry, &mut taken),
                Err(TryRecvError::Empty) => return taken,
                Err(TryRecvError::Disconnected) => {
                    // The thread ended early (it cannot read past a panic): what it did not
                    // hand over is read when needed.
                    self.total = self.done;
                    return taken;
                }
            }
        }
    }

    /// Waits for the rest of the scan and puts it into `corpus`, as [`Scan::take`] does: for
    /// what needs every document read (a search of the whole corpus, an export).
    pub fn finish(&mut self, corpus: &mut Corpus) -> Vec<usize> {
        let mut taken = Vec::new();
        while !self.is_done() {
            match self.read.recv() {
                Ok((i, entry)) => self.put(corpus, i, entry, &mut taken),
                Err(_) => self.total = self.done,
            }
        }
        // Whatever the thread could not hand over is read here.
        for i in 0..corpus.entries.len() {
            if corpus.load(i) {
                taken.push(i);
            }
        }
        taken
    }

    fn put(&mut self, corpus: &mut Corpus, i: usize, entry: Entry, taken: &mut Vec<usize>) {
        self.done += 1;
        if let Some(slot) = corpus.entries.get_mut(i).filter(|e| !e.loaded) {
            *slot = entry;
            taken.push(i);
        }
    }

    /// (entries read, entries to read).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.total
    }
}

impl Drop for Scan {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::sync_channel;

    /// Three documents, the second annotated (format 1, docs/format.md).
    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).unwrap();
        let b = "Beta title\n\nThe court said so.\n";
        for (name, text) in [
            ("a.txt", "Alpha title\n\nThe minister denied it.\n"),
            ("b.txt", b),
            ("c.txt", "Gamma title\n\nNothing here.\n"),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        let notes = dir.path().join("annotations");
        std::fs::create_dir_all(&notes).unwrap();
        let hash = crate::core::documents::text::content_hash(b);
        let file = format!(
            "format = 1\ndocument = \"b.txt\"\ncontent_hash = \"{hash}\"\n\n[[annotation]]\n\
             id = \"x\"\nstart = 12\nend = 21\ntags = [\"denial\"]\nquote = \"The court\"\n\
             annotator = \"t\"\ncreated = \"2026-01-02T03:04:05Z\"\nmodified = \"2026-01-02T03:04:05Z\"\n"
        );
        std::fs::write(notes.join("b.txt.toml"), file).unwrap();
        dir
    }

    #[test]
    fn entries_come_in_as_the_gate_lets_them_and_end_as_an_eager_open_reads_them() {
        let dir = corpus();
        let root = dir.path().join("corpus");
        let mut corpus = Corpus::listed(&root, None).unwrap();
        assert_eq!(corpus.entries.len(), 3);
        assert!(corpus.entries.iter().all(|e| !e.loaded));
        assert_eq!(
            corpus.entries[1].meta.title, "b.txt",
            "the path until it is read"
        );
        // A rendezvous: each send returns once the scan waits at the gate again, so after the
        // second the first document has been handed over.
        let (open, gate) = sync_channel(0);
        let mut scan = Scan::start(&corpus, None, Some(gate));
        assert_eq!(scan.take(&mut corpus), Vec::<usize>::new());
        assert_eq!(scan.progress(), (0, 3));
        // A rendezvous: the second send returns once the scan waits before its second
        // document, so the first has been handed over, and the third is not read.
        open.send(()).unwrap();
        open.send(()).unwrap();
        let taken = scan.take(&mut corpus);
        assert_eq!(taken[0], 0);
        assert_eq!(scan.progress(), (taken.len(), 3));
        assert_eq!(corpus.entries[0].meta.title, "Alpha title");
        assert!(!corpus.entries[2].loaded);
        // Opened before the scan reaches it: read here, and the scan's copy is not put in.
        assert!(corpus.load(2));
        corpus.entries[2].meta.title = "changed here".into();
        drop(open);
        let rest = scan.finish(&mut corpus);
        assert!(scan.is_done());
        assert!(!rest.contains(&2), "{rest:?}");
        assert_eq!(corpus.entries[2].meta.title, "changed here");
        let eager = Corpus::open(&root, None).unwrap();
        let b = &corpus.entries[1];
        assert_eq!(b.annotations.len(), 1, "{:?}", b.annotations_error);
        assert_eq!(corpus.entries[1].annotations, eager.entries[1].annotations);
        assert_eq!(corpus.entries[1].meta, eager.entries[1].meta);
        assert!(eager.entries.iter().all(|e| e.loaded));
    }
}
