//! Choosing whose annotations the reader shows (`:coders A,B`): the reading pane, the sidebar,
//! the document list's counts and the tag view then show only theirs, and the export dialog
//! offers them. Blind coding (F2) narrows further to the coder's own.

use std::collections::BTreeSet;

use crate::tui::state::App;

impl App {
    /// `:coders` with what followed it: names separated by commas (`mine` for the coder's
    /// own), or nothing or `all` for everyone. A name with no annotation in the corpus is refused,
    /// naming those there are, since a misspelt one would show nothing.
    pub(crate) fn choose_coders(&mut self, names: &str) {
        let mut chosen: Vec<String> = names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| {
                if n == "mine" {
                    self.coding.coder.clone()
                } else {
                    n.to_owned()
                }
            })
            .collect();
        if chosen.iter().any(|n| n == "all") {
            chosen.clear();
        }
        let present = self.corpus_coders();
        // The coder's own name needs no annotation yet: what they code from now on shows.
        let unknown = |c: &&String| !present.contains(*c) && **c != self.coding.coder;
        if let Some(missing) = chosen.iter().find(unknown) {
            let names: Vec<&str> = present.iter().map(String::as_str).collect();
            let why = format!(
                "no annotation by {missing:?} in this corpus: the coders are {}",
                if names.is_empty() {
                    "none yet".to_owned()
                } else {
                    names.join(", ")
                }
            );
            return self.set_status(why, true);
        }
        chosen.dedup();
        self.coding.coders = chosen;
        self.refresh_hidden();
        let said = if self.coding.coders.is_empty() {
            "every coder's annotations are shown".to_owned()
        } else {
            format!(
                "only the annotations of {} are shown",
                self.coding.coders.join(", ")
            )
        };
        self.set_status(said, false);
    }

    /// Before the coder tags or notes: when `:coders` hides the coder's own annotations, they
    /// are shown again (the coder joins the coders chosen), so that nothing they make is out of
    /// sight, where the next key would make a second one beside it. What is said of it, if so.
    pub(crate) fn show_own(&mut self) -> Option<String> {
        if self.coding.coders.is_empty() || self.coding.coders.contains(&self.coding.coder) {
            return None;
        }
        self.coding.coders.push(self.coding.coder.clone());
        // Showing more leaves the sidebar's selection shown: it stays.
        let selected = self.sidebar.selected;
        self.refresh_hidden();
        if selected < self.open_annotations().len() {
            self.sidebar.selected = selected;
        }
        Some(format!(
            "your own annotations are shown again, with {}'s",
            self.coding.coders[..self.coding.coders.len() - 1].join(", ")
        ))
    }

    /// Everyone who has an annotation in the corpus, sorted.
    pub(crate) fn corpus_coders(&self) -> BTreeSet<String> {
        self.corpus
            .entries
            .iter()
            .flat_map(|e| e.annotations.iter().map(|a| a.annotator.clone()))
            .collect()
    }
}
