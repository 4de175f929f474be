//! The reader's side of the corpus scan (see [`corpus_scan`]): the list is drawn from the
//! corpus's paths at once, and each document read off the input path is taken in between keys,
//! its title, date and counts with it; the documents the list shows are read first, wherever it
//! is scrolled, sorted or filtered. What needs every document (the tag editor's counts and
//! renames, the tag view, an export) waits for the rest of the scan.

use std::sync::mpsc::Receiver;

use crate::core::corpus::Entry;
use crate::core::corpus_scan::{self, Scan};
use crate::core::documents::document::Document;
use crate::tui::state::App;
use crate::tui::view::documents;

/// The reading of the documents not read when the reader started, while it runs. Held by the
/// [`App`], looked into only here: the others ask [`App::scan_progress`].
#[derive(Default)]
pub struct Scanning(Option<Scan>);

impl App {
    /// Starts reading the corpus's unread documents in the background, if any; `gate` as in
    /// [`Scan::start`].
    pub(crate) fn start_scan(&mut self, gate: Option<Receiver<()>>) {
        let opening = self.opening_entry();
        // The document being opened is read by its own thread: a scan of it alone would only
        // bring a frame that takes its progress away.
        let unread = |(i, e): (usize, &Entry)| !e.loaded && Some(i) != opening;
        if self.corpus.entries.iter().enumerate().any(unread) {
            self.scan.0 = Some(corpus_scan::Scan::start(&self.corpus, opening, gate));
        }
    }

    /// Takes in the documents read since the last call, and has the scan read those the list
    /// shows next; whether the screen may have changed.
    pub fn poll_scan(&mut self) -> bool {
        if let (Some(scan), Some(panes)) = (&self.scan.0, self.panes()) {
            scan.want(documents::shown(self, panes.list));
        }
        let Some(scan) = &mut self.scan.0 else {
            return false;
        };
        let taken = scan.take(&mut self.corpus);
        let done = scan.is_done();
        if done {
            self.scan.0 = None;
        }
        self.took_in(&taken);
        done || !taken.is_empty()
    }

    /// Reads, waiting for it, whatever the scan has not read yet.
    pub fn finish_scan(&mut self) {
        if let Some(mut scan) = self.scan.0.take() {
            let taken = scan.finish(&mut self.corpus);
            self.took_in(&taken);
        }
    }

    /// Reads the entry `i` now if nothing has yet: a document about to be opened.
    pub(crate) fn read_entry(&mut self, i: usize) {
        if self.corpus.load(i) {
            self.took_in(&[i]);
        }
    }

    /// [`App::read_entry`] of the document `doc` just read to be opened, from its text rather
    /// than reading it again; whether it was not read yet.
    pub(crate) fn read_opened_entry(&mut self, i: usize, doc: &Document) -> bool {
        let read = self.corpus.load_opened(i, doc);
        if read {
            self.took_in(&[i]);
        }
        read
    }

    /// (documents read, documents to read) while the scan runs.
    pub fn scan_progress(&self) -> Option<(usize, usize)> {
        self.scan.0.as_ref().map(Scan::progress)
    }

    fn took_in(&mut self, entries: &[usize]) {
        if entries.is_empty() {
            return;
        }
        for &i in entries {
            self.saving.read(i, &self.corpus.entries[i]);
        }
        self.tell_writer(entries);
        self.links_changed();
        let coding = &self.coding;
        self.list.entries_read(&self.corpus, &|a| coding.shows(a));
    }

    /// Tells the background writer what the annotation files of `entries` held when they were
    /// read, so that its first check or save of each costs a `stat`, not reading the file again.
    pub(crate) fn tell_writer(&self, entries: &[usize]) {
        for entry in entries.iter().map(|&i| &self.corpus.entries[i]) {
            if let Some(stamp) = &entry.stored_stamp {
                let path = entry.annotation_file(&self.corpus.annotations_dir);
                self.writer
                    .seen(path, stamp.clone(), std::sync::Arc::clone(&entry.stored));
            }
        }
    }
}
