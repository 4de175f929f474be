//! The review screen (F3, `:review A,B`): an adjudicator walks the open document's
//! disagreements between coders, one by one, and settles each into a final coding of their own
//! by accepting one coder's version, merging the versions, or editing with the tag keys. Every
//! change goes through the reader's writer and undo; the coders' annotations stay as they are.

use crate::core::adjudication::{self, Kind, Passage};
use crate::core::agreement::{self, Coded, Measure, Request, Subject, render};
use crate::core::annotation::Stamp;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::keys::{Key, KeyCode};
use crate::tui::prompt::PromptKind;
use crate::tui::state::{App, Mode};

pub struct Review {
    pub entry: usize,
    /// The coders compared, in the order their versions are shown.
    pub coders: Vec<String>,
    /// Whose annotations the final coding is.
    pub adjudicator: String,
    /// The document's passages, found again after every change.
    pub passages: Vec<Passage>,
    /// The disagreement shown, as an index into `passages` (never an agreed one); `None` when
    /// the coders agree everywhere.
    pub selected: Option<usize>,
    /// The coder whose version `Enter` accepts, as an index into `coders`.
    pub version: usize,
    /// The coders' agreement on this document, for the title: α over sentences and uα, every
    /// tag pooled. Computed when the screen opens, since the final coding does not change it.
    pub agreement: String,
}

impl Review {
    /// Indices into `passages` of the disagreements, in text order.
    pub fn disagreements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.passages.len()).filter(|&i| self.passages[i].kind != Kind::Agreed)
    }

    pub fn current(&self) -> Option<&Passage> {
        self.selected.map(|i| &self.passages[i])
    }
}

impl App {
    /// Opens the review screen on the open document for `coders` (empty: the last ones named,
    /// else everyone who annotated it but the adjudicator), first asking for the adjudicator's
    /// name when the configuration gives none.
    pub fn open_review(&mut self, coders: Option<Vec<String>>) {
        if let Some(coders) = coders {
            self.review_coders = coders;
        }
        let Some(open) = &self.open else {
            return self.set_status("open a document to review its coders' disagreements", false);
        };
        let Some(adjudicator) = self.adjudicator.clone() else {
            return self.open_prompt(PromptKind::Adjudicator, "");
        };
        let entry = open.entry;
        let anns = &self.corpus.entries[entry].annotations;
        let mut present: Vec<String> = anns.iter().map(|a| a.annotator.clone()).collect();
        present.sort();
        present.dedup();
        let coders: Vec<String> = if self.review_coders.is_empty() {
            present
                .iter()
                .filter(|c| **c != adjudicator)
                .cloned()
                .collect()
        } else {
            self.review_coders.clone()
        };
        let others = || {
            present
                .iter()
                .filter(|c| **c != adjudicator)
                .map(|c| agreement::shown(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(missing) = coders.iter().find(|c| !present.contains(c)) {
            let why = format!(
                "{missing:?} has no annotation in this document; its coders are {}",
                others()
            );
            return self.set_status(why, true);
        }
        if coders.contains(&adjudicator) {
            let why = format!(
                "{adjudicator} is the adjudicator, whose annotations are the final coding: compare other coders (:review A,B)"
            );
            return self.set_status(why, true);
        }
        if coders.len() < 2 {
            let why = format!(
                "a review compares two coders or more; this document's coders are {}",
                if others().is_empty() {
                    "none".to_owned()
                } else {
                    others()
                }
            );
            return self.set_status(why, true);
        }
        let agreement = document_agreement(self, entry, &coders);
        let mut review = Review {
            entry,
            coders,
            adjudicator,
            passages: Vec::new(),
            selected: None,
            version: 0,
            agreement,
        };
        review.passages = adjudication::passages(anns, &review.coders, &review.adjudicator);
        let first = review.disagreements().next();
        review.selected = first;
        let count = review.disagreements().count();
        self.set_status(
            format!(
                "{count} disagreements between {}; the final coding is {}'s",
                review.coders.join(" and "),
                review.adjudicator
            ),
            false,
        );
        self.review = Some(review);
        self.mode = Mode::Review;
        self.show_passage();
    }

    /// The name typed at the adjudicator prompt.
    pub(crate) fn name_adjudicator(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return self.set_status("no adjudicator named: the review needs one", false);
        }
        self.adjudicator = Some(name.to_owned());
        self.open_review(None);
    }

    pub fn review_key(&mut self, key: Key) {
        let Some(review) = &self.review else {
            self.mode = Mode::Normal;
            return;
        };
        if let Some(action) = self.keymap.lookup_in(key, Scope::Review) {
            return self.apply(action);
        }
        let tag = match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                self.corpus.tags.tags.iter().position(|t| t.key == c)
            }
            _ => None,
        };
        if let Some(tag) = tag {
            let name = self.corpus.tags.tags[tag].name.clone();
            return self.settle(|anns, p, version, text, stamp| {
                let had = !p.finals.is_empty() && p.finals.iter().all(|&i| anns[i].has_tag(&name));
                let after = adjudication::toggle_tag(anns, p, version, &name, text, stamp);
                let done = if had { "taken off" } else { "put on" };
                (after, format!("final coding: {name} {done}"))
            });
        }
        let entry = review.entry;
        if let Some(action) = self.keymap.lookup_in(key, Scope::Global) {
            self.apply(action);
            // Undo and redo may have changed the final coding.
            if matches!(action, Action::Undo | Action::Redo) {
                self.refresh_review(entry);
            }
        }
    }

    /// The review screen's own actions.
    pub(crate) fn apply_review(&mut self, action: Action) {
        let Some(review) = &mut self.review else {
            return;
        };
        let disagreements: Vec<usize> = review.disagreements().collect();
        let at = review
            .selected
            .and_then(|s| disagreements.iter().position(|&d| d == s));
        let step = |delta: isize| {
            let at = at?.checked_add_signed(delta)?;
            disagreements.get(at).copied()
        };
        match action {
            Action::NextDisagreement | Action::PreviousDisagreement => {
                let delta = if action == Action::NextDisagreement {
                    1
                } else {
                    -1
                };
                match step(delta) {
                    Some(next) => {
                        review.selected = Some(next);
                        self.show_passage();
                    }
                    None => {
                        let end = if delta > 0 { "last" } else { "first" };
                        self.set_status(format!("this is the {end} disagreement"), false);
                    }
                }
            }
            Action::NextVersion | Action::PreviousVersion => {
                let n = review.coders.len();
                let delta = if action == Action::NextVersion {
                    1
                } else {
                    n - 1
                };
                review.version = (review.version + delta) % n;
            }
            Action::AcceptVersion => {
                let coder = review.coders[review.version].clone();
                self.settle(|anns, p, version, text, stamp| {
                    let what = if p.versions[version].is_empty() {
                        format!("final coding: none, as {coder} (who did not code it)")
                    } else {
                        format!("final coding: {coder}'s version")
                    };
                    (adjudication::accept(anns, p, version, text, stamp), what)
                });
            }
            Action::MergeVersions => self.settle(|anns, p, _, text, stamp| {
                let what = "final coding: the versions merged".to_owned();
                (adjudication::merge(anns, p, text, stamp), what)
            }),
            Action::AcceptAgreements => self.accept_agreements(),
            Action::CloseReview => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// The stamp of the adjudicator's changes: their name, the reader's clock.
    fn adjudicator_stamp(&self, adjudicator: &str) -> Stamp {
        Stamp {
            annotator: adjudicator.to_owned(),
            time: (self.stamp)().time,
        }
    }

    /// Changes the final coding of the current disagreement with `how`, which gives the
    /// document's annotations after and what was done; recorded and saved as any change.
    fn settle(
        &mut self,
        how: impl FnOnce(
            &[crate::core::annotation::Annotation],
            &Passage,
            usize,
            adjudication::Text<'_>,
            &Stamp,
        ) -> (Vec<crate::core::annotation::Annotation>, String),
    ) {
        let Some(entry) = self.editable() else { return };
        let (Some(review), Some(open)) = (&self.review, &self.open) else {
            return;
        };
        let Some(passage) = review.current().filter(|_| open.entry == review.entry) else {
            return self.set_status("no disagreement to settle here", false);
        };
        let stamp = self.adjudicator_stamp(&review.adjudicator);
        let text = adjudication::Text {
            text: &open.doc.text,
            index: &open.doc.index,
        };
        let anns = &self.corpus.entries[entry].annotations;
        let (after, what) = how(anns, passage, review.version, text, &stamp);
        self.change(entry, after, what);
        self.refresh_review(entry);
    }

    fn accept_agreements(&mut self) {
        let Some(entry) = self.editable() else { return };
        let (Some(review), Some(open)) = (&self.review, &self.open) else {
            return;
        };
        let stamp = self.adjudicator_stamp(&review.adjudicator);
        let text = adjudication::Text {
            text: &open.doc.text,
            index: &open.doc.index,
        };
        let anns = &self.corpus.entries[entry].annotations;
        let (after, taken) = adjudication::accept_agreements(anns, &review.passages, text, &stamp);
        if taken == 0 {
            return self.set_status("no agreed passage is left outside the final coding", false);
        }
        self.change(
            entry,
            after,
            format!("final coding: {taken} agreed passages taken in"),
        );
        self.refresh_review(entry);
    }

    /// Finds the passages again after a change to the entry's annotations.
    fn refresh_review(&mut self, entry: usize) {
        let Some(review) = &mut self.review else {
            return;
        };
        if review.entry != entry {
            return;
        }
        let anns = &self.corpus.entries[entry].annotations;
        review.passages = adjudication::passages(anns, &review.coders, &review.adjudicator);
        if review.current().is_none_or(|p| p.kind == Kind::Agreed) {
            let first = review.disagreements().next();
            review.selected = first;
        }
    }

    /// Moves the reading pane's cursor to the current disagreement, so that closing the screen
    /// leaves the reader there.
    fn show_passage(&mut self) {
        let (Some(review), Some(open)) = (&self.review, &self.open) else {
            return;
        };
        let Some(p) = review.current() else { return };
        let byte = open.doc.index.char_to_byte(&open.doc.text, p.region.start);
        if let Some(s) = open.doc.sentence_at(byte) {
            self.move_cursor(s);
        }
    }
}

/// α over sentences and uα on the entry's document for `coders`, every tag pooled, as the title
/// shows them.
fn document_agreement(app: &App, entry: usize, coders: &[String]) -> String {
    let Some(open) = app.open.as_ref().filter(|o| o.entry == entry) else {
        return String::new();
    };
    let doc = Coded {
        text: &open.doc.text,
        annotations: &app.corpus.entries[entry].annotations,
    };
    let request = Request {
        coders: coders.to_vec(),
        ..Request::default()
    };
    let report = agreement::agree(&[doc], &app.corpus.tags, &request);
    // Every tag pooled; with a single tag in the scheme, that tag's rows are the same thing.
    let figure = |measure: Measure| {
        let rows = || report.rows.iter().filter(move |r| r.measure == measure);
        rows()
            .find(|r| r.subject == Subject::AllTags)
            .or_else(|| rows().next())
            .map(|r| render::value(&r.figure))
    };
    match (figure(Measure::Alpha), figure(Measure::UAlpha)) {
        (Some(alpha), Some(u)) => format!("α {alpha} · uα {u}"),
        _ => report.notes.last().cloned().unwrap_or_default(),
    }
}
