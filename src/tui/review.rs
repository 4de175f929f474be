//! The review screen (F5, `:review A,B`): an adjudicator walks the open document's
//! disagreements between coders, one by one, and settles each into a final coding of their own
//! by accepting one coder's version, merging the versions, or editing with the tag keys. Every
//! change goes through the reader's writer and undo; the coders' annotations stay as they are.
//! Accepting the version of a coder who did not code a passage (no final coding there) is kept
//! in the corpus's progress file (see [`crate::core::user_state::progress`]), so that the passage
//! shows as settled after a restart too.

use std::cell::Cell;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use time::OffsetDateTime;

use crate::core::adjudication::{self, Edge, Kind, Passage, Unshaped};
use crate::core::agreement::{self, Coded, Measure, Request, Subject, render};
use crate::core::annotation::{Annotation, Stamp};
use crate::core::documents::selection::Toward;
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::help::HelpScreen;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::prompt::PromptKind;
use crate::tui::state::{App, Mode, Panes};

/// Rows the page keys scroll the passage's detail.
const PAGE: usize = 10;

#[derive(Debug)]
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
    /// The coder whose version `Enter` accepts, as an index into `coders`: on each passage
    /// first the first coder who coded it (see [`Review::select`]).
    pub version: usize,
    /// The coders' agreement on this document, for the title: α over sentences and uα, every
    /// tag pooled. Computed when the screen opens, since the final coding does not change it.
    pub agreement: String,
    /// The passages (their regions) the adjudicator settled as coded by nothing, with when,
    /// kept in the corpus's progress file: found again with the passages.
    pub nothing: Vec<(Range<usize>, Option<OffsetDateTime>)>,
    /// Rows of the current passage's detail scrolled past.
    pub scroll: usize,
    /// The furthest the detail scrolls, as last drawn (its last row at the bottom).
    pub scroll_max: Cell<usize>,
    /// The help, shown over the screen (F1) until a key closes it.
    pub help: Option<HelpScreen>,
}

impl Review {
    /// Indices into `passages` of the disagreements, in text order.
    pub fn disagreements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.passages.len()).filter(|&i| self.passages[i].kind != Kind::Agreed)
    }

    pub fn current(&self) -> Option<&Passage> {
        self.selected.and_then(|i| self.passages.get(i))
    }

    /// Whether the final coding settles `p`: the adjudicator's annotations lie there, or they
    /// settled it as coded by nothing; either after the coders' last change there (see
    /// [`Passage::settled`]).
    pub fn settled(&self, p: &Passage) -> bool {
        p.settled() || self.nothing_at(p).is_some_and(|at| p.settled_at(at))
    }

    /// When the adjudicator settled `p` as coded by nothing, if they did.
    fn nothing_at(&self, p: &Passage) -> Option<Option<OffsetDateTime>> {
        self.nothing
            .iter()
            .find(|(region, _)| *region == p.region)
            .map(|(_, at)| *at)
    }

    /// Shows the passage `i` (an index into `passages`), its version chosen afresh: the first
    /// coder's who coded it, so that `Enter` takes "did not code it" only when that was chosen
    /// on this passage with the version keys.
    fn select(&mut self, i: Option<usize>) {
        self.selected = i;
        self.scroll = 0;
        self.version = self
            .current()
            .and_then(|p| p.versions.iter().position(|v| !v.is_empty()))
            .unwrap_or(0);
    }
}

impl App {
    /// Opens the review screen on the open document for `coders` (empty: the last ones named,
    /// else everyone who annotated it but the adjudicator), first asking for the adjudicator's
    /// name when the configuration gives none.
    pub fn open_review(&mut self, coders: Option<Vec<String>>) {
        if let Some(coders) = coders {
            self.coding.review_coders = coders;
        }
        if self.open.is_none() {
            return self.set_status("open a document to review its coders' disagreements", false);
        }
        if self.coding.blind {
            let why = self.prefs.keymap.with_keys(
                "blind coding: the review screen compares the coders' annotations; {toggle_blind} shows everyone's first",
            );
            return self.set_status(why, true);
        }
        let Some(open) = &self.open else { return };
        let entry = open.entry;
        let anns = &self.corpus.entries[entry].annotations;
        let mut present: Vec<String> = anns.iter().map(|a| a.annotator.clone()).collect();
        present.sort();
        present.dedup();
        let others = |adjudicator: Option<&String>| {
            present
                .iter()
                .filter(|c| Some(*c) != adjudicator)
                .map(|c| agreement::shown(c))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // A name that codes nothing here is refused before the adjudicator is asked for, whose
        // name is saved in the configuration as soon as it is given.
        if let Some(missing) = (self.coding.review_coders.iter()).find(|c| !present.contains(c)) {
            let why = format!(
                "{missing:?} has no annotation in this document; its coders are {}",
                others(self.coding.adjudicator.as_ref())
            );
            return self.set_status(why, true);
        }
        let Some(adjudicator) = self.coding.adjudicator.clone() else {
            return self.open_prompt(PromptKind::Adjudicator, "");
        };
        if let Some(why) = self.configured_adjudicator_refused(&adjudicator) {
            return self.set_status(why, true);
        }
        let coders: Vec<String> = if self.coding.review_coders.is_empty() {
            present
                .iter()
                .filter(|c| **c != adjudicator)
                .cloned()
                .collect()
        } else {
            self.coding.review_coders.clone()
        };
        let others = || others(Some(&adjudicator));
        if coders.contains(&adjudicator) {
            let why = self.prefs.keymap.with_keys(&format!(
                "{adjudicator} is the adjudicator, whose annotations are the final coding: compare other coders ({{command_line}}review A,B)"
            ));
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
            nothing: Vec::new(),
            scroll: 0,
            scroll_max: Cell::new(0),
            help: None,
        };
        review.find_passages(self);
        let first = review.disagreements().next();
        review.select(first);
        let disagreements = review.disagreements().count();
        self.set_status(
            format!(
                "{} between {}; the final coding is {}'s",
                crate::core::plural::count(disagreements, "disagreement"),
                review.coders.join(" and "),
                review.adjudicator
            ),
            false,
        );
        review.show_passage(self);
        self.mode = Mode::Review(review);
    }
}

impl Component for Review {
    fn scope(&self) -> Scope {
        match &self.help {
            Some(help) => help.scope(),
            None => Scope::Review,
        }
    }

    fn commands(&self, app: &App) -> Vec<Hint> {
        use Action as A;
        if let Some(help) = &self.help {
            return help.commands(app);
        }
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "walk"),
            Hint::keys(&[A::PreviousChoice, A::NextChoice], "version"),
            Hint::keys(&[A::Choose], "accept"),
            Hint::keys(&[A::MergeVersions], "merge"),
            Hint::text("tag keys edit"),
            Hint::keys(
                &[
                    A::SelectStartWordBack,
                    A::SelectStartWordForward,
                    A::SelectEndWordBack,
                    A::SelectEndWordForward,
                ],
                "extent",
            ),
            Hint::keys(&[A::AcceptAgreements], "take agreements"),
            Hint::keys(&[A::RowPageDown, A::RowPageUp], "scroll"),
            Hint::keys(&[A::Undo], "undo"),
            Hint::keys(&[A::Help], "help"),
            Hint::keys(&[A::Close], "close"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        if let Some(help) = &mut self.help {
            if help.handle(key, app) == Outcome::Close {
                self.help = None;
            }
            return Outcome::Stay;
        }
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        match action {
            Action::Help => {
                let scroll = crate::tui::view::help::scroll_to(app, app.size, Scope::Review);
                self.help = Some(HelpScreen { scroll });
            }
            Action::RowPageDown => self.scroll = (self.scroll + PAGE).min(self.scroll_max.get()),
            Action::RowPageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            Action::RowDown => self.step(1, app),
            Action::RowUp => self.step(-1, app),
            Action::NextChoice => self.version = (self.version + 1) % self.coders.len(),
            Action::PreviousChoice => {
                self.version = (self.version + self.coders.len() - 1) % self.coders.len();
            }
            Action::Choose => {
                let coder = self.coders[self.version].clone();
                let nothing = self
                    .current()
                    .is_some_and(|p| p.versions[self.version].is_empty());
                self.settle_as_nothing(app, nothing);
                self.settle(app, |anns, p, version, text, stamp| {
                    let what = if p.versions[version].is_empty() {
                        format!("final coding: none, as {coder}'s (who did not code it)")
                    } else {
                        format!("final coding: {coder}'s version")
                    };
                    Ok((adjudication::accept(anns, p, version, text, stamp), what))
                });
            }
            Action::MergeVersions => {
                self.settle_as_nothing(app, false);
                self.settle(app, |anns, p, version, text, stamp| {
                    let what = "final coding: the versions merged".to_owned();
                    Ok((adjudication::merge(anns, p, version, text, stamp), what))
                });
            }
            Action::Tag(tag) => {
                let name = app.corpus.tags.tags[tag].name.clone();
                if !app.scheme_has_tag(&name) {
                    return Outcome::Stay;
                }
                self.settle_as_nothing(app, false);
                self.settle(app, |anns, p, version, text, stamp| {
                    let had =
                        !p.finals.is_empty() && p.finals.iter().all(|&i| anns[i].has_tag(&name));
                    let after = adjudication::toggle_tag(anns, p, version, &name, text, stamp);
                    let done = if had { "taken off" } else { "put on" };
                    Ok((after, format!("final coding: {name} {done}")))
                });
            }
            Action::SelectStartWordBack => self.reshape(app, Edge::Start, Toward::Start),
            Action::SelectStartWordForward => self.reshape(app, Edge::Start, Toward::End),
            Action::SelectEndWordBack => self.reshape(app, Edge::End, Toward::Start),
            Action::SelectEndWordForward => self.reshape(app, Edge::End, Toward::End),
            Action::AcceptAgreements => self.accept_agreements(app),
            Action::Undo | Action::Redo => {
                app.apply(action);
                self.refresh(app);
            }
            Action::ToggleBlind => app.set_status(
                "blind coding stays off in the review screen, which compares the coders' \
                 annotations: close it first",
                false,
            ),
            Action::Close => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::review::render(app, self, panes.above_status(screen), buf);
        if let Some(help) = &self.help {
            help.draw(app, screen, panes, buf);
        }
    }
}

impl Review {
    /// Moves to the next (`delta` 1) or previous (-1) disagreement.
    fn step(&mut self, delta: isize, app: &mut App) {
        let disagreements: Vec<usize> = self.disagreements().collect();
        let at = self
            .selected
            .and_then(|s| disagreements.iter().position(|&d| d == s));
        let next = at
            .and_then(|at| at.checked_add_signed(delta))
            .and_then(|at| disagreements.get(at).copied());
        match next {
            Some(next) => {
                self.select(Some(next));
                self.show_passage(app);
            }
            None => {
                let end = if delta > 0 { "last" } else { "first" };
                app.set_status(format!("this is the {end} disagreement"), false);
            }
        }
    }

    /// The stamp of the adjudicator's changes: their name, the reader's clock; or the time of
    /// the coders' last change to the current passage when that is later (a coder's clock ahead
    /// of the adjudicator's), so that what is settled now counts as settled after it.
    fn stamp(&self, app: &App) -> Stamp {
        let now = (app.stamp)().time;
        let coded = self.current().and_then(|p| p.coded_at);
        match (coded, adjudication::stamp_time(&now)) {
            (Some(coded), Some(now)) if coded > now => Stamp::at(&self.adjudicator, coded),
            _ => Stamp {
                annotator: self.adjudicator.clone(),
                time: now,
            },
        }
    }

    /// Changes the final coding of the current disagreement with `how`, which gives the
    /// document's annotations after and what was done; recorded and saved as any change.
    fn settle(
        &mut self,
        app: &mut App,
        how: impl FnOnce(
            &[Annotation],
            &Passage,
            usize,
            adjudication::Text<'_>,
            &Stamp,
        ) -> Result<(Vec<Annotation>, String), Unshaped>,
    ) {
        let Some(entry) = app.editable() else { return };
        let Some(open) = app.open.as_ref().filter(|o| o.entry == self.entry) else {
            return;
        };
        let Some(passage) = self.current() else {
            return app.set_status("no disagreement to settle here", false);
        };
        let stamp = self.stamp(app);
        let text = adjudication::Text {
            text: &open.doc.text,
            index: &open.doc.index,
        };
        let anns = &app.corpus.entries[entry].annotations;
        match how(anns, passage, self.version, text, &stamp) {
            Ok((after, what)) => {
                app.change(entry, after, what);
                self.refresh(app);
            }
            Err(why) => app.set_status(why.to_string(), false),
        }
    }

    /// Moves the final coding's `edge` one word `toward` the start or the end of the text.
    fn reshape(&mut self, app: &mut App, edge: Edge, toward: Toward) {
        let Some(i) = self.selected else {
            return app.set_status("no disagreement to settle here", false);
        };
        let length = app.open.as_ref().map_or(0, |o| o.doc.index.len_chars());
        let room = adjudication::room(&self.passages, i, length);
        self.settle(app, |anns, p, _, text, stamp| {
            let after = adjudication::reshape(anns, p, &room, edge, toward, text, stamp)?;
            let moved = match (edge, toward) {
                (Edge::Start, Toward::Start) => "its start one word earlier",
                (Edge::Start, Toward::End) => "its start one word later",
                (Edge::End, Toward::Start) => "its end one word earlier",
                (Edge::End, Toward::End) => "its end one word later",
            };
            Ok((after, format!("final coding: {moved}")))
        });
    }

    fn accept_agreements(&mut self, app: &mut App) {
        let Some(entry) = app.editable() else { return };
        let Some(open) = app.open.as_ref().filter(|o| o.entry == self.entry) else {
            return;
        };
        let stamp = self.stamp(app);
        let text = adjudication::Text {
            text: &open.doc.text,
            index: &open.doc.index,
        };
        let anns = &app.corpus.entries[entry].annotations;
        let (after, taken) = adjudication::accept_agreements(anns, &self.passages, text, &stamp);
        if taken == 0 {
            return app.set_status("no agreed passage is left outside the final coding", false);
        }
        app.change(
            entry,
            after,
            format!(
                "final coding: {} taken in",
                crate::core::plural::count(taken, "agreed passage")
            ),
        );
        self.refresh(app);
    }

    /// Finds the passages again after a change to the document's annotations.
    fn refresh(&mut self, app: &App) {
        self.find_passages(app);
        if self.current().is_none_or(|p| p.kind == Kind::Agreed) {
            let first = self.disagreements().next();
            self.select(first);
        }
    }

    /// Finds the document's passages and those settled as coded by nothing.
    fn find_passages(&mut self, app: &App) {
        let entry = &app.corpus.entries[self.entry];
        self.passages = adjudication::passages(&entry.annotations, &self.coders, &self.adjudicator);
        self.nothing = app
            .marks
            .progress
            .nothing_coded(&entry.rel_path, &self.adjudicator)
            .map(|n| (n.start..n.end, adjudication::stamp_time(&n.at)))
            .collect();
    }

    /// Records in the corpus's progress file whether the current passage is settled as coded by
    /// nothing (the version of a coder who did not code it accepted), or no longer: a decision
    /// that leaves no annotation, which the passage would otherwise not show as settled.
    fn settle_as_nothing(&mut self, app: &mut App, nothing: bool) {
        let Some(p) = self.current() else { return };
        let recorded = self.nothing_at(p);
        // A record older than a coder's last change there is made again, with the new time.
        let current = recorded.is_some_and(|at| p.settled_at(at));
        if app.editable().is_none() || (nothing && current) || (!nothing && recorded.is_none()) {
            return;
        }
        let rel = app.corpus.entries[self.entry].rel_path.clone();
        let stamp = self.stamp(app);
        let region = p.region.clone();
        app.marks
            .progress
            .set_nothing_coded(&rel, region, nothing, &stamp);
        app.save_marks();
    }

    /// Moves the reading pane's cursor to the current disagreement, so that closing the screen
    /// leaves the reader there.
    fn show_passage(&self, app: &mut App) {
        let (Some(p), Some(open)) = (self.current(), &app.open) else {
            return;
        };
        let byte = open.doc.index.char_to_byte(&open.doc.text, p.region.start);
        if let Some(s) = open.doc.sentence_at(byte) {
            app.move_cursor(s);
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
