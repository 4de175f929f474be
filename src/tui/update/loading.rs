//! Opening a document and placing its annotations; putting changed annotations on screen and
//! handing them to the background writer.

use std::collections::HashMap;
use std::sync::Arc;

use crate::core::annotation::Annotation;
use crate::core::annotation_listing::Listing;
use crate::core::documents::document::Document;
use crate::core::documents::intervals::Intervals;
use crate::core::history::Change;
use crate::core::storage::writer::Snapshot;
use crate::core::user_state::positions::StateError;
use crate::tui::state::{App, Focus, OpenDoc, Pick};
use crate::tui::viewport::RowPos;

impl App {
    pub fn open_entry(&mut self, i: usize) {
        let Some(entry) = self.corpus.entries.get(i) else {
            return;
        };
        if let Some(why) = &entry.unreadable {
            self.set_status(why.clone(), true);
            return;
        }
        if self.open.as_ref().is_some_and(|o| o.entry == i) {
            self.focus = Focus::Reader;
            return;
        }
        // Another document: `Esc` no longer goes back to the cross table's cell.
        self.kept.cell_list = None;
        if self.open_from_preview(i) {
            return;
        }
        let entry = &self.corpus.entries[i];
        match Document::load(&entry.path, &entry.rel_path, self.prefs.layout.reflow) {
            Ok(doc) => self.show_document(i, doc),
            Err(e) => {
                // Read as the list reads it, to say there that it cannot be.
                self.read_entry(i);
                self.set_status(e.to_string(), true);
            }
        }
    }

    /// Opens `doc`, just read, as the entry `i`: its entry is made from it if it was not read
    /// yet, and its annotations are placed in it.
    pub(crate) fn show_document(&mut self, i: usize, doc: Document) {
        let unsaved_position = self.remember_position().err();
        let mut read_again = None;
        if !self.read_opened_entry(i, &doc) {
            // Another gloss may have written the annotations since they were read.
            read_again = self.read_again(i);
            // The document may have changed since the corpus was loaded.
            self.corpus.entries[i].place_in(&doc.text, &doc.index, || doc.hash().to_owned());
        }
        let entry = &mut self.corpus.entries[i];
        let reanchored = std::mem::take(&mut entry.reanchored);
        let remembered = self.positions.as_ref().and_then(|p| p.get(&entry.rel_path));
        let cursor = match remembered {
            Some(offset) => doc.sentence_at(doc.index.char_to_byte(&doc.text, offset)),
            None => doc.first_sentence(),
        };
        let open = self.open_doc(i, doc, Default::default());
        let entry = &self.corpus.entries[i];
        let status = match &entry.annotations_error {
            Some(e) => Some((format!("read-only: {e}"), true)),
            None if reanchored.anything_moved() => Some((
                format!("document changed since annotated: {reanchored}"),
                reanchored.orphans + reanchored.fuzzy > 0,
            )),
            None => open.doc.meta.warning.clone().map(|w| (w, true)),
        };
        // Saved at once, as the positions are on leaving a document: a gloss that is
        // killed still comes back to it.
        let session_saved = self.session.as_mut().map_or(Ok(()), |session| {
            session.set_document(&entry.rel_path);
            session.save()
        });
        self.open = Some(open);
        self.reader.cursor = cursor;
        self.reader.pick = Pick::Sentence;
        let stopped = self
            .reader
            .marking
            .take()
            .map(|m| (m.stopped_elsewhere(), false));
        self.reader.top = RowPos::default();
        self.sidebar.selected = self.first_in_sidebar();
        self.focus = Focus::Reader;
        let unsaved = unsaved_position.or(session_saved.err());
        let read_again = read_again.map(|said| (said, false));
        match (status.or(unsaved.map(|why| (why.to_string(), true))))
            .or(stopped)
            .or(read_again)
        {
            Some((text, error)) => self.set_status(text, error),
            None => self.status = None,
        }
        if remembered.is_some() {
            self.show_from_top();
        }
    }

    /// `doc` as the open document of entry `i`, whose annotations are placed in it: its
    /// sentences found in the background if the settings say so, its annotations indexed.
    /// `bytes_of` holds the byte offsets of code point offsets already converted (see
    /// [`OpenDoc::bytes_of`]), for a caller that converted them off the input path.
    pub(crate) fn open_doc(
        &self,
        i: usize,
        doc: Document,
        bytes_of: HashMap<usize, usize>,
    ) -> OpenDoc {
        let indexing_shown = doc.indexing();
        let mut open = OpenDoc {
            entry: i,
            doc: Arc::new(doc),
            spans: Intervals::default(),
            hidden: Vec::new(),
            listing: Listing::default(),
            bytes_of,
            indexing_shown,
            wrapping: Default::default(),
            words_counted: Default::default(),
        };
        if self.prefs.index_in_background {
            Document::index_in_background(&open.doc);
        }
        open.index(
            &self.corpus.entries[i].annotations,
            self.coding.blind.then_some(&self.coding.coder),
            &self.coding.coders,
        );
        open
    }

    /// Notes where the reader is in the open document and saves the positions: on leaving the
    /// document and on quitting, not on every key.
    pub(crate) fn remember_position(&mut self) -> Result<(), StateError> {
        let cursor = self.reader.cursor_span().filter(|span| {
            // In a preview's last piece the code point offset is not known yet.
            self.opening_cuts()
                .is_none_or(|cuts| cuts.in_first_piece(span.start))
        });
        let (Some(positions), Some(open)) = (&mut self.positions, &self.open) else {
            return Ok(());
        };
        if let Some(span) = cursor {
            let offset = open.doc.index.byte_to_char(&open.doc.text, span.start);
            positions.set(&self.corpus.entries[open.entry].rel_path, offset);
        }
        positions.save()
    }

    /// Records a change, puts its annotations in place and saves them. A change to the scheme
    /// is already written: the caller makes it first, since it may fail.
    pub(crate) fn commit(&mut self, mut change: Change) {
        for edit in &mut change.edits {
            let whole = std::mem::take(edit);
            let (after, difference) = whole.into_difference();
            self.saving.changed(&difference.after);
            *edit = difference;
            self.set_annotations(edit.entry, after);
        }
        self.record(change);
    }

    /// Records `change`, already in place, for undo; the status bar says what it did.
    pub(crate) fn record(&mut self, change: Change) {
        self.set_status(change.what.clone(), false);
        self.history.record(change);
    }

    /// Puts `anns` in the entry, saves them and shows them. Handed to the writer before the
    /// list and the open document are brought up to date (linear in the annotations, 10 to 20
    /// ms with 10,000 on a loaded machine), so that the file is written meanwhile.
    pub(crate) fn set_annotations(&mut self, entry: usize, anns: Vec<Annotation>) {
        self.put_annotations(entry, anns);
        self.save(entry);
        self.annotations_put(entry);
    }

    /// Puts `anns` in the entry and, if it is open, on the screen; saving is the caller's choice.
    pub(crate) fn show_annotations(&mut self, entry: usize, anns: Vec<Annotation>) {
        self.put_annotations(entry, anns);
        self.annotations_put(entry);
    }

    /// Puts `anns` in the entry, in text order.
    fn put_annotations(&mut self, entry: usize, mut anns: Vec<Annotation>) {
        anns.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.links_changed();
        self.corpus.entries[entry].annotations = anns.into();
    }

    /// Brings what shows the entry's annotations up to date after [`App::put_annotations`]:
    /// the document list's counts and, if it is open, the reader's spans and listing.
    fn annotations_put(&mut self, entry: usize) {
        self.list_annotations_changed(entry);
        if let Some(open) = &mut self.open
            && open.entry == entry
        {
            let anns = &self.corpus.entries[entry].annotations;
            open.index(
                anns,
                self.coding.blind.then_some(&self.coding.coder),
                &self.coding.coders,
            );
            self.sidebar.selected = self
                .sidebar
                .selected
                .min(open.spans.len().saturating_sub(1));
            // The current annotation may have moved (a merge placed it anew): follow it.
            if let Pick::Annotation { id, span } = &mut self.reader.pick
                && let Some(i) = anns.iter().position(|a| a.id == *id)
                && let Some(now) = open.spans.get(i)
            {
                *span = now.clone();
            }
            if (self.coding.blind || !self.coding.coders.is_empty())
                && open.listing.place(self.sidebar.selected).is_none()
            {
                self.sidebar.selected = self.first_in_sidebar();
            }
        }
    }

    /// Places the open document's annotations in its text again, for annotations that came from
    /// disk and may have been made on another version of it (see `Entry::place_in`).
    pub(crate) fn place_open_annotations(&mut self) {
        let Some(open) = &mut self.open else { return };
        let entry = &mut self.corpus.entries[open.entry];
        entry.place_in(&open.doc.text, &open.doc.index, || {
            open.doc.hash().to_owned()
        });
        open.index(
            &entry.annotations,
            self.coding.blind.then_some(&self.coding.coder),
            &self.coding.coders,
        );
    }

    /// Hands the entry's annotation file to the background writer. Files that failed before are
    /// retried at the same time.
    pub(crate) fn save(&mut self, entry: usize) {
        if self.corpus.entries[entry].read_only() {
            return;
        }
        // The open document's annotations are placed in its text, whose hash an entry without
        // annotations when it was opened has not recorded yet (see `Entry::place_in`).
        if let Some(open) = self.open.as_ref().filter(|o| o.entry == entry) {
            self.corpus.entries[entry].text_hash = open.doc.hash().to_owned();
        }
        let e = &self.corpus.entries[entry];
        let file = Snapshot {
            document: e.rel_path.clone(),
            content_hash: e.text_hash.clone(),
            annotations: Arc::clone(&e.annotations),
            extra: e.extra.clone(),
        };
        let path = e.annotation_file(&self.corpus.annotations_dir);
        let base = self.saving.hand_over(entry, &file.annotations);
        self.writer.retry_failed();
        self.writer.save(path, file, base);
    }
}

impl OpenDoc {
    /// Indexes the open document's annotations `anns` anew after they changed: their spans,
    /// and which are shown with `coder` blind coding (`None` when not) and `coders` chosen.
    fn index(&mut self, anns: &[Annotation], coder: Option<&String>, coders: &[String]) {
        let (doc, bytes_of) = (&self.doc, &mut self.bytes_of);
        let mut byte = |ch: usize| {
            *bytes_of
                .entry(ch)
                .or_insert_with(|| doc.index.char_to_byte(&doc.text, ch))
        };
        // Index for index; orphans sort last and have none.
        let spans = anns
            .iter()
            .take_while(|a| !a.is_orphan())
            .map(|a| byte(a.start)..byte(a.end))
            .collect();
        self.spans = Intervals::new(spans);
        self.list(anns, coder, coders);
    }

    /// Which of `anns` are shown, and the sidebar's listing of them, anew after the annotations
    /// or the choice of whose are shown changed.
    pub(crate) fn list(&mut self, anns: &[Annotation], coder: Option<&String>, coders: &[String]) {
        self.hidden = hidden_of(coder, coders, anns);
        self.listing = Listing::new(anns, |i| self.shows(i));
    }
}

/// Which of `anns` are hidden, index for index, in blind coding (`coder` is the one coding) or
/// by the coders chosen (`coders`, empty for everyone); empty when everyone's are shown.
pub(crate) fn hidden_of(
    coder: Option<&String>,
    coders: &[String],
    anns: &[Annotation],
) -> Vec<bool> {
    if coder.is_none() && coders.is_empty() {
        return Vec::new();
    }
    let coder = coder.map(String::as_str);
    anns.iter()
        .map(|a| !crate::tui::state::shown(coder, coders, a))
        .collect()
}
