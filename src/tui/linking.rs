//! Linking two annotations from the keyboard (see `core::links`). The link key on an annotation
//! of the coder's own starts a link from it ("link from here", said in the status bar); the
//! coder then goes anywhere (another document, the tag view, a search hit) and presses the link
//! key again on the target, which opens the link type picker: a type's key (or the arrows and
//! Enter) makes the link, saved at once and undone with one undo. The same type again on the
//! same target takes the link away. Esc cancels a pending link.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::annotation::Annotation;
use crate::core::links::{Link, LinkIndex};
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::fit::fit;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Focus, Mode, Panes};

/// Characters of a quote that messages about links show.
const QUOTE: usize = 30;
/// Why another coder's annotation starts no link.
const ONLY_OWN: &str = "a link starts from your own (and may go to theirs)";
/// Why no link can be made.
const NO_TYPES: &str = "the scheme has no link types: add [[link]] tables to tags.toml (name, key)";

/// A link started from an annotation, waiting for its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    /// The source's document, as an index of the corpus's entries.
    pub entry: usize,
    /// The source annotation's id.
    pub id: String,
    /// The start of its quote, for the status bar.
    pub quote: String,
}

/// The link type picker: the scheme's link types, each with its key, over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTypePicker {
    pub from: PendingLink,
    /// The target annotation's id.
    pub to: String,
    /// The start of its quote, in quotation marks, after whose it is when another coder's
    /// (two coders' annotations share their quote): for the picker and the message.
    pub to_quote: String,
    /// The highlighted type, by its index in the scheme.
    pub row: usize,
}

impl Component for LinkTypePicker {
    fn scope(&self) -> Scope {
        Scope::LinkType
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::Choose], "link").after("type key or "),
            Hint::keys(&[Action::Close], "back"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let types = &app.corpus.tags.links;
        let chosen = match key {
            Resolved::Typed(c) => match types.iter().position(|t| t.key == Some(c)) {
                Some(i) => i,
                None => return Outcome::Stay,
            },
            Resolved::Action(Action::Choose) => self.row,
            Resolved::Action(Action::RowDown) => {
                self.row = (self.row + 1).min(types.len().saturating_sub(1));
                return Outcome::Stay;
            }
            Resolved::Action(Action::RowUp) => {
                self.row = self.row.saturating_sub(1);
                return Outcome::Stay;
            }
            Resolved::Action(Action::Close) => {
                app.set_status(
                    format!(
                        "no link made: still linking from “{}” ({} cancels)",
                        self.from.quote,
                        app.prefs.keymap.with_keys("{clear_selection}")
                    ),
                    false,
                );
                app.linking = Some(self.from.clone());
                return Outcome::Close;
            }
            _ => return Outcome::Stay,
        };
        let Some(kind) = types.get(chosen).map(|t| t.name.clone()) else {
            return Outcome::Stay;
        };
        app.toggle_link(&self.from, &kind, &self.to, &self.to_quote);
        Outcome::Close
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::link_picker::render(app, self, screen, buf);
    }
}

impl App {
    /// The link started and waiting for its target, if any.
    pub fn pending_link(&self) -> Option<&PendingLink> {
        self.linking.as_ref()
    }

    /// The link key: starts a link from the annotation here, or, with one pending, picks the
    /// annotation here as its target and asks for the type.
    pub(crate) fn link_here(&mut self) {
        if self.corpus.tags.links.is_empty() {
            return self.set_status(NO_TYPES, false);
        }
        match self.linking.take() {
            None => self.start_link(),
            Some(from) => self.pick_link_target(from),
        }
    }

    fn start_link(&mut self) {
        let Some(entry) = self.editable() else { return };
        // A link is kept on the annotation it starts from: another coder's stays theirs.
        let Some(i) = self.own_or_say(ONLY_OWN, "no annotation here to link from") else {
            return;
        };
        let a = &self.open_annotations()[i];
        let from = PendingLink {
            entry,
            id: a.id.clone(),
            quote: fit(&a.quote, QUOTE),
        };
        self.start_link_from(from);
    }

    /// The link key on `a`, an annotation of the entry `entry` listed away from its document
    /// (in the tag view): starts a link from it when it is the coder's own and its file can be
    /// written, or, with a link pending, picks it as the target and asks for the type (then
    /// `true`: the picker is open). The status bar says which, or why neither.
    pub(crate) fn link_listed(&mut self, entry: usize, a: &Annotation) -> bool {
        if self.corpus.tags.links.is_empty() {
            self.set_status(NO_TYPES, false);
            return false;
        }
        if let Some(from) = self.linking.take() {
            let to_quote = self.target_label(a);
            self.choose_link_type(from, a.id.clone(), to_quote);
            return !self.mode.is_normal();
        }
        if let Some(e) = &self.corpus.entries[entry].annotations_error {
            self.set_status(format!("read-only, no link made: {e}"), true);
        } else if a.annotator != self.coding.coder {
            let what = format!(
                "{}'s annotation on “{}” stays theirs: {ONLY_OWN}",
                a.annotator,
                fit(&a.quote, QUOTE)
            );
            self.set_status(what, false);
        } else {
            self.start_link_from(PendingLink {
                entry,
                id: a.id.clone(),
                quote: fit(&a.quote, QUOTE),
            });
        }
        false
    }

    /// Makes `from` the pending link and says how to finish it.
    fn start_link_from(&mut self, from: PendingLink) {
        let keys = &self.prefs.keymap;
        let what = format!(
            "link from “{}”: go to the target, anywhere in the corpus, and press {} on it ({} \
             cancels)",
            from.quote,
            keys.with_keys("{link}"),
            keys.with_keys("{clear_selection}")
        );
        self.linking = Some(from);
        self.set_status(what, false);
    }

    /// The annotations a link may go to: the sidebar's when it has the focus, else those under
    /// the cursor (see [`OpenDoc::annotations_here`]), whoever made them, but the one the link
    /// starts from.
    ///
    /// [`OpenDoc::annotations_here`]: crate::tui::state::OpenDoc::annotations_here
    fn link_targets_here(&self, from: &PendingLink) -> Vec<usize> {
        let anns = self.open_annotations();
        let here = match (self.focus, &self.open) {
            (Focus::Sidebar, _) => Some(self.sidebar.selected)
                .filter(|&i| i < anns.len())
                .into_iter()
                .collect(),
            (_, Some(open)) => open.annotations_here(&self.reader, anns),
            (_, None) => Vec::new(),
        };
        let starts = |i: &usize| {
            self.open.as_ref().is_some_and(|o| o.entry == from.entry) && anns[*i].id == from.id
        };
        // The one it starts from is no target, unless it is all there is (then said so).
        match here
            .iter()
            .copied()
            .filter(|i| !starts(i))
            .collect::<Vec<_>>()
        {
            others if others.is_empty() => here,
            others => others,
        }
    }

    fn pick_link_target(&mut self, from: PendingLink) {
        let here = self.link_targets_here(&from);
        let anns = self.open_annotations();
        let i = match here[..] {
            [] => {
                self.set_status(
                    format!(
                        "no annotation here: still linking from “{}”; go to the target",
                        from.quote
                    ),
                    false,
                );
                self.linking = Some(from);
                return;
            }
            [i] => i,
            // Several coders' annotations on the text and none chosen: no link lands on one
            // the coder did not choose.
            _ => {
                let whose: Vec<String> = here
                    .iter()
                    .map(|&i| format!("{}'s", anns[i].annotator))
                    .collect();
                let what = self.prefs.keymap.with_keys(&format!(
                    "{} annotations here ({}): {{next_annotation}} or {{previous_annotation}} makes one current, then {{link}} on it; still linking from “{}”",
                    here.len(),
                    whose.join(", "),
                    from.quote
                ));
                self.set_status(what, false);
                self.linking = Some(from);
                return;
            }
        };
        let (to, to_quote) = (anns[i].id.clone(), self.target_label(&anns[i]));
        self.choose_link_type(from, to, to_quote);
    }

    /// `a` as a link's target is named: see [`LinkTypePicker::to_quote`].
    fn target_label(&self, a: &Annotation) -> String {
        let quote = fit(&a.quote, QUOTE);
        if a.annotator == self.coding.coder {
            format!("“{quote}”")
        } else {
            format!("{}'s “{quote}”", a.annotator)
        }
    }

    /// Opens the link type picker for a link from `from` to the annotation `to`; a link from an
    /// annotation to itself is refused, the link still pending.
    fn choose_link_type(&mut self, from: PendingLink, to: String, to_quote: String) {
        if to == from.id {
            self.set_status(
                "a link goes to another annotation: go to the target, or cancel",
                false,
            );
            self.linking = Some(from);
            return;
        }
        // The first type the source has no link of to this target yet.
        let source = self.corpus.entries[from.entry]
            .annotations
            .iter()
            .find(|a| a.id == from.id);
        let row = self
            .corpus
            .tags
            .links
            .iter()
            .position(|t| source.is_none_or(|a| !a.links.iter().any(|l| l.is(&t.name, &to))))
            .unwrap_or(0);
        self.mode = Mode::LinkType(LinkTypePicker {
            from,
            to,
            to_quote,
            row,
        });
    }

    /// Drops the pending link when the annotation it starts from is gone (deleted, taken back
    /// by undo, deleted elsewhere), since a link made then would go nowhere; the status bar
    /// says so after what it said of the change. A look at one document's annotations.
    pub(crate) fn forget_link_from_gone(&mut self) {
        let Some(from) = &self.linking else { return };
        let mut here = self.corpus.entries[from.entry].annotations.iter();
        if here.any(|a| a.id == from.id) {
            return;
        }
        let gone = format!("no link made: “{}”, where it started, is gone", from.quote);
        self.linking = None;
        let what = match &self.status {
            Some(s) if !s.text.is_empty() => format!("{}; {gone}", s.text),
            _ => gone,
        };
        let error = self.status.as_ref().is_some_and(|s| s.error);
        self.set_status(what, error);
    }

    /// Esc: drops a pending link; `false` when there was none.
    pub(crate) fn cancel_link(&mut self) -> bool {
        let Some(from) = self.linking.take() else {
            return false;
        };
        self.set_status(format!("no link made from “{}”", from.quote), false);
        true
    }

    /// Adds the link of type `kind` from `from` to the annotation `to`, or takes it away if the
    /// source has it, as one change: saved, and undone with one undo.
    pub(crate) fn toggle_link(&mut self, from: &PendingLink, kind: &str, to: &str, to_quote: &str) {
        let entry = from.entry;
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let adds = !(anns.iter().find(|a| a.id == from.id))
            .is_some_and(|a| a.links.iter().any(|l| l.is(kind, to)));
        // Taking away a link of a type gone from the scheme is fine; adding one is not.
        if adds && !self.scheme_has_link_type(kind) {
            return;
        }
        let Some(source) = anns.iter_mut().find(|a| a.id == from.id) else {
            return self.set_status(format!("no link made: “{}” is gone", from.quote), true);
        };
        let what = match source.links.iter().position(|l| l.is(kind, to)) {
            Some(at) => {
                source.links.remove(at);
                format!("unlinked: “{}” no longer {kind} {to_quote}", from.quote)
            }
            None => {
                source.links.push(Link::new(kind, to));
                format!("linked: “{}” {kind} {to_quote}", from.quote)
            }
        };
        source.touch(&(self.stamp)());
        self.change(entry, anns, what);
    }

    /// The corpus-wide index of annotations and links, made when first asked for after a change
    /// (see [`LinkIndex`] for its cost) and dropped by [`App::links_changed`].
    pub fn link_index(&self) -> &LinkIndex {
        self.link_index.get_or_init(|| {
            LinkIndex::build(
                self.corpus
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (i, &*e.annotations)),
            )
        })
    }

    /// Drops the link index: the annotations of an entry changed, or entries were read.
    pub(crate) fn links_changed(&mut self) {
        self.link_index.take();
    }

    /// The annotation with id `id` anywhere in the corpus, with its entry's index: in the open
    /// document first (no index needed), else through the link index, checked against the
    /// entry in case it is out of date.
    pub fn find_annotation(
        &self,
        id: &str,
    ) -> Option<(usize, &crate::core::annotation::Annotation)> {
        if let Some(open) = &self.open
            && let Some(a) = self.open_annotations().iter().find(|a| a.id == id)
        {
            return Some((open.entry, a));
        }
        let place = self.link_index().place(id)?;
        let a = self
            .corpus
            .entries
            .get(place.document)?
            .annotations
            .get(place.annotation)
            .filter(|a| a.id == id)?;
        Some((place.document, a))
    }
}
