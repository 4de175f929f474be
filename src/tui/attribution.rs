//! Marking who makes a claim, in the text: from the current claim, `W` starts marking its source
//! span (a name, "a senior foreign ministry official") and `V` its cue (the reporting verb);
//! the coder selects the span with the usual keys (or finds it with `/`: `Enter` selects the
//! match) and `Enter` makes it an annotation with a link to the claim, `source of` or `cue of`,
//! in one change (one `u` takes both back). `Esc` drops the selection, then stops marking;
//! opening another document stops it too, and says so.
//!
//! The link goes from the span to the claim, as its type reads: the span *is the source of* the
//! claim (brat's and the Penn Attribution Relations corpus's source → content). The span's
//! annotation has no tag: the link says what it is, and the claim's tags say what kind of
//! claim and how authoritative its source is. When the coder already has an annotation on
//! exactly that span (a name tagged before), the link goes on it instead of a new one.

use crate::core::annotation::Annotation;
use crate::core::links::Link;
use crate::core::queries::thread::{CUE_OF, SOURCE_OF};
use crate::tui::action::Action;
use crate::tui::fit::fit;
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Pick};

/// Which part of a claim's attribution a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Who makes the claim: a `source of` link.
    Source,
    /// The reporting verb: a `cue of` link.
    Cue,
}

impl Part {
    /// The link type the span gets.
    pub fn link_type(self) -> &'static str {
        match self {
            Part::Source => SOURCE_OF,
            Part::Cue => CUE_OF,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Part::Source => "source",
            Part::Cue => "cue",
        }
    }
}

/// A span being marked as part of a claim's attribution, until `Enter` or `Esc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    pub part: Part,
    /// The claim's id, in the open document.
    pub claim: String,
    /// The claim's quote, to say what is being marked.
    pub quote: String,
}

impl Marking {
    /// What the status bar says when another document opens while marking: the span is marked
    /// in the claim's own document, where its offsets are.
    pub fn stopped_elsewhere(&self) -> String {
        format!(
            "stopped marking the {} of “{}”: it is marked in the claim's document",
            self.part.name(),
            fit(&self.quote, 24)
        )
    }
}

impl App {
    /// Starts marking the `part` of the annotation here (the claim).
    pub(crate) fn start_marking(&mut self, part: Part) {
        if self.corpus.tags.link_type(part.link_type()).is_none() {
            return self.set_status(
                format!(
                    "the scheme has no link type {:?}: add [[link]] name = {:?} to tags.toml",
                    part.link_type(),
                    part.link_type()
                ),
                true,
            );
        }
        let Some(i) = self.annotation_here() else {
            return self.set_status(
                format!(
                    "no claim here: tag or jump to a claim, then mark its {}",
                    part.name()
                ),
                false,
            );
        };
        let claim = &self.open_annotations()[i];
        let span = self.open.as_ref().and_then(|o| o.spans.get(i).cloned());
        let marking = Marking {
            part,
            claim: claim.id.clone(),
            quote: claim.quote.clone(),
        };
        let finish = self
            .prefs
            .keymap
            .key_name(Action::FinishMarking, Scope::Mark);
        self.set_status(
            format!(
                "marking the {} of “{}”: select it, then {finish}",
                part.name(),
                fit(&marking.quote, 24)
            ),
            false,
        );
        // The claim is shown current until a motion leaves it.
        if let Some(span) = span {
            self.make_current(marking.claim.clone(), span);
        }
        self.reader.marking = Some(marking);
    }

    /// `Esc` while marking: drops the selection first, then stops marking.
    pub(crate) fn cancel_marking(&mut self) {
        if matches!(self.reader.pick, Pick::Select(_)) {
            return self.drop_pick();
        }
        if self.reader.marking.take().is_some() {
            self.set_status("stopped marking: nothing changed", false);
        }
    }

    /// `Enter` while marking: the selection (or the cursor sentence) becomes the span of the
    /// claim's source or cue, linked to it; then the claim is the current annotation again, so
    /// that the other part can be marked next. While a search is active and nothing is
    /// selected, it selects the match first, as the search's `Enter` does: a name is found
    /// with `/`, selected, cut to size and marked.
    pub(crate) fn finish_marking(&mut self) {
        let Some(marking) = self.reader.marking.clone() else {
            return;
        };
        if self.active_search().is_some() && !matches!(self.reader.pick, Pick::Select(_)) {
            return self.select_match();
        }
        let Some(entry) = self.editable() else { return };
        let Some(open) = &self.open else { return };
        let Some(span) = self.reader.target_span() else {
            return;
        };
        let part = marking.part.name();
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let Some(claim) = anns.iter().position(|a| a.id == marking.claim) else {
            self.reader.marking = None;
            return self.set_status("the claim is no longer there: nothing marked", true);
        };
        let claim_span = open.spans.get(claim).cloned();
        if claim_span.as_ref() == Some(&span) {
            let how = self.prefs.keymap.with_keys(
                "({toggle_selection}, then {select_end_word_forward} or {select_end_word_back}, \
                 or find them with {search_forward})",
            );
            return self.set_status(format!("select the words of the {part} first {how}"), false);
        }
        let stamp = (self.stamp)();
        let link = Link::new(marking.part.link_type(), &marking.claim);
        let own = open
            .spans
            .iter()
            .zip(&anns)
            .position(|(s, a)| *s == span && a.annotator == stamp.annotator);
        let quote = match own {
            Some(i) => {
                let a = &mut anns[i];
                if !a.links.iter().any(|l| l.is(&link.kind, &link.to)) {
                    a.links.push(link);
                    a.touch(&stamp);
                }
                a.quote.clone()
            }
            None => {
                let mut a = Annotation::new(&open.doc.text, &open.doc.index, span, vec![], &stamp);
                a.links.push(link);
                let quote = a.quote.clone();
                anns.push(a);
                quote
            }
        };
        let what = format!(
            "marked “{}” as the {part} of “{}”",
            fit(&quote, 30),
            fit(&marking.quote, 30)
        );
        self.reader.marking = None;
        self.change(entry, anns, what);
        if let Some(span) = claim_span {
            self.make_current(marking.claim, span);
        }
    }
}
