//! Changing the open document's annotations: tags, deletion, attaching and confirming a place.
//! Each change goes through [`App::change`], which records it for undo and saves it.

use crate::core::annotation::{Annotation, Placement};
use crate::core::history::{Change, Edit};
use crate::tui::state::{App, Focus, Pick};
use crate::tui::suggesting::SPEAKER_FIELD;

/// What to do with an annotation that has no place in the text, with `{action}` keys
/// (`Keymap::with_keys`).
pub(crate) const UNPLACED: &str =
    "no place in the text: select where it goes, then press {attach_annotation} here";

impl App {
    /// Checks that the open document can be changed, saying why not in the status bar.
    pub(crate) fn editable(&mut self) -> Option<usize> {
        let entry = self.open.as_ref()?.entry;
        if let Some(e) = &self.corpus.entries[entry].annotations_error {
            let text = format!("read-only, nothing changed: {e}");
            self.set_status(text, true);
            return None;
        }
        Some(entry)
    }

    pub(crate) fn toggle_tag(&mut self, tag: usize) {
        let Some(entry) = self.editable() else { return };
        let name = self.corpus.tags.tags[tag].name.clone();
        if !self.scheme_has_tag(&name) {
            return;
        }
        let shown = self.show_own();
        let Some(open) = &self.open else { return };
        let Some(span) = self.reader.target_span() else {
            return;
        };
        let stamp = (self.stamp)();
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        // Only this coder's own annotation on the span takes the tag: another coder's stays
        // theirs, so that two coders' codings of one span are never merged into one.
        let here = open
            .spans
            .iter()
            .zip(&anns)
            .position(|(s, a)| *s == span && a.annotator == stamp.annotator);
        let id = match here {
            Some(i) => anns[i].id.clone(),
            None => String::new(),
        };
        // The coder's annotation was hidden by `:coders` and has the tag: the key would take
        // off what they did not see. It is shown instead, and the next press takes it off.
        if let (Some(shown), Some(i)) = (&shown, here)
            && anns[i].has_tag(&name)
        {
            let key = crate::tui::view::theme::key_of(&self.corpus.tags, &name);
            let said = format!(
                "your own annotation here already has {name}, out of sight until now: {shown}; {key} again takes it off"
            );
            self.set_status(said, false);
            self.make_current(id, span);
            return;
        }
        let (what, id) = match here {
            Some(i) if anns[i].has_tag(&name) => {
                anns[i].tags.retain(|t| *t != name);
                anns[i].touch(&stamp);
                if anns[i].tags.is_empty() && anns[i].note.is_empty() {
                    anns.remove(i);
                }
                (format!("removed {name}"), id)
            }
            Some(i) => {
                anns[i].tags.push(name.clone());
                let tags = &self.corpus.tags;
                anns[i].tags.sort_by_key(|t| tags.rank(t));
                anns[i].touch(&stamp);
                (format!("tagged {name}"), id)
            }
            None => {
                let doc = &open.doc;
                let mut new = Annotation::new(
                    &doc.text,
                    &doc.index,
                    span.clone(),
                    vec![name.clone()],
                    &stamp,
                );
                let id = new.id.clone();
                // A tag key on a suggestion accepts it, with the speaker it names.
                let what = match self.accepted_speaker(&span) {
                    Some(speaker) => {
                        let what = format!("tagged {name}, speaker “{speaker}”");
                        new.fields.insert(SPEAKER_FIELD.to_owned(), speaker);
                        what
                    }
                    None => format!("tagged {name}"),
                };
                anns.push(new);
                (what, id)
            }
        };
        let what = match shown {
            Some(shown) => format!("{what}; {shown}"),
            None => what,
        };
        self.change(entry, anns, what);
        // Tagging ends the selection: what was tagged is the current annotation, so that the
        // next tag key (say, the source's authority after the claim's kind) goes on it, and
        // any motion leaves it.
        self.make_current(id, span);
    }

    /// Makes the annotation `id` on `span` the current one.
    pub(crate) fn make_current(&mut self, id: String, span: std::ops::Range<usize>) {
        if self.open.is_some() {
            self.reader.pick = Pick::Annotation { id, span };
        }
    }

    /// The annotation `d` and `n` act on: `Ok` with the coder's own annotation here (in the
    /// sidebar, the one selected), `Err` with another coder's when that is all there is, which
    /// they leave as it is, and `None` when there is none. In the reading pane the coder's own
    /// annotation on the same span comes before another's made current by a jump.
    pub(crate) fn own_here(&self) -> Option<Result<usize, usize>> {
        let open = self.open.as_ref()?;
        let anns = self.open_annotations();
        let sidebar = self.focus == Focus::Sidebar;
        let i = if sidebar {
            Some(self.sidebar.selected).filter(|&i| i < anns.len())
        } else {
            self.annotation_here()
        }?;
        if anns[i].annotator == self.coding.coder {
            return Some(Ok(i));
        }
        let span = open.spans.get(i).filter(|_| !sidebar);
        let own = (0..open.spans.len()).find(|&j| {
            open.shows(j) && anns[j].annotator == self.coding.coder && Some(&open.spans[j]) == span
        });
        Some(own.ok_or(i))
    }

    /// When [`App::own_here`] passed over another coder's annotation (made current by a jump)
    /// to the coder's own `own` on the same text: whose it was, so that the key says which it
    /// acts on.
    pub(crate) fn passed_over(&self, own: usize) -> Option<String> {
        if self.focus == Focus::Sidebar {
            return None;
        }
        let i = self.annotation_here()?;
        let theirs = &self.open_annotations()[i];
        (i != own && theirs.annotator != self.coding.coder).then(|| theirs.annotator.clone())
    }

    /// The coder's own annotation here ([`App::own_here`]); else `None`, the status bar saying
    /// that another coder's stays theirs (`only_own` says what the coder may do instead), or
    /// `none` when there is no annotation here.
    pub(crate) fn own_or_say(&mut self, only_own: &str, none: &str) -> Option<usize> {
        match self.own_here() {
            Some(Ok(i)) => Some(i),
            Some(Err(i)) => {
                self.say_stays_theirs(i, only_own);
                None
            }
            None => {
                self.set_status(none, false);
                None
            }
        }
    }

    /// Says that another coder's annotation `i` stays theirs, and `why`.
    fn say_stays_theirs(&mut self, i: usize, why: &str) {
        let theirs = &self.open_annotations()[i];
        let what = format!(
            "{}'s annotation on “{}” stays theirs: {why}",
            theirs.annotator,
            crate::tui::fit::fit(&theirs.quote, 30)
        );
        self.set_status(what, false);
    }

    pub(crate) fn delete_annotation(&mut self) {
        let Some(entry) = self.editable() else { return };
        // Another coder's work is theirs: deleting it would lose what they coded, unseen by
        // them.
        let Some(i) = self.own_or_say("you delete only your own", "no annotation here to delete")
        else {
            return;
        };
        // A jump made another coder's annotation current: `d` acts on exactly that one, which
        // stays theirs, and not on the coder's own of the same text, which the coder did not
        // point at (as `n` and a tag key may, which lose nothing).
        if self.passed_over(i).is_some()
            && let Some(current) = self.annotation_here()
        {
            self.say_stays_theirs(
                current,
                "you delete only your own (yours on the same text: Esc, then d)",
            );
            return;
        }
        let id = self.open_annotations()[i].id.clone();
        // Others link to it: ask first (see `delete_linked`).
        if let Some(question) = crate::tui::delete_linked::DeleteLinked::of(self, entry, &id) {
            self.mode = crate::tui::state::Mode::DeleteLinked(question);
            return;
        }
        self.delete_by_id(entry, &id);
    }

    /// Deletes the annotation `id` of `entry`, as one change.
    pub(crate) fn delete_by_id(&mut self, entry: usize, id: &str) {
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let Some(i) = anns.iter().position(|a| a.id == id) else {
            return self.set_status("nothing deleted: the annotation is gone", false);
        };
        let gone = anns.remove(i);
        self.drop_pick();
        let what = format!(
            "deleted the annotation on “{}”",
            crate::tui::fit::fit(&gone.quote, 30)
        );
        self.change(entry, anns, what);
    }

    /// Moves the sidebar's annotation onto the selection (or the cursor sentence): how an
    /// unplaced annotation is put back in the text, or a misplaced one corrected.
    pub(crate) fn attach_annotation(&mut self) {
        let Some(entry) = self.editable() else { return };
        let Some(open) = &self.open else { return };
        let i = self.sidebar.selected;
        let (Some(span), true) = (self.reader.target_span(), i < self.open_annotations().len())
        else {
            self.set_status(
                "nothing to attach: select the annotation in the sidebar",
                false,
            );
            return;
        };
        let theirs = &self.open_annotations()[i];
        if theirs.annotator != self.coding.coder {
            // As with `d`: one coder never moves what another coded.
            let what = format!(
                "{}'s annotation on “{}” stays where they put it: you attach only your own",
                theirs.annotator,
                crate::tui::fit::fit(&theirs.quote, 30)
            );
            return self.set_status(what, false);
        }
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let a = &mut anns[i];
        a.set_span(&open.doc.text, &open.doc.index, span.clone());
        a.placement = Placement::Exact;
        a.touch(&(self.stamp)());
        let what = format!(
            "attached the annotation to “{}”",
            crate::tui::fit::fit(&a.quote, 30)
        );
        let id = a.id.clone();
        self.change(entry, anns, what);
        if let Some(at) = self.open_annotations().iter().position(|a| a.id == id) {
            self.sidebar.selected = at;
        }
        self.make_current(id, span);
    }

    /// Confirms the place the sidebar's annotation was given by a guess when its text changed:
    /// it leaves "To confirm", and `gloss check` passes it.
    pub(crate) fn confirm_placement(&mut self) {
        let Some(entry) = self.editable() else { return };
        let i = self.sidebar.selected;
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let Some(a) = anns.get_mut(i) else { return };
        let Placement::Fuzzy {
            confirmed: confirmed @ false,
            ..
        } = &mut a.placement
        else {
            let why = if a.is_orphan() {
                "it has no place to confirm: select its text and press {attach_annotation}"
            } else {
                "only an annotation under To confirm needs confirming"
            };
            let why = self.prefs.keymap.with_keys(why);
            self.set_status(why, false);
            return;
        };
        *confirmed = true;
        let coded = crate::tui::fit::fit(&a.quote, 30);
        // Until now it held the text that was coded; confirmed, it holds the text it is on.
        if let Some(open) = &self.open {
            let (text, index) = (&open.doc.text, &open.doc.index);
            let span = a.byte_span(text, index);
            a.set_span(text, index, span);
        }
        a.touch(&(self.stamp)());
        let now = crate::tui::fit::fit(&a.quote, 30);
        let what = if now == coded {
            format!("confirmed the place of “{now}”")
        } else {
            format!("confirmed “{now}” where “{coded}” was guessed to be")
        };
        // The order is by place, which stays: the sidebar's selection still points at it.
        self.change(entry, anns, what);
    }

    /// Records and saves a change to an entry's annotations: the history keeps what it
    /// changed, found by comparing `after` with the entry's list (shared with the writer, so
    /// not copied into a whole [`Edit`]).
    pub(crate) fn change(&mut self, entry: usize, after: Vec<Annotation>, what: String) {
        let edit = Edit::between(entry, &self.corpus.entries[entry].annotations, &after);
        self.saving.changed(&edit.after);
        self.set_annotations(entry, after);
        self.record(Change {
            edits: vec![edit],
            scheme: None,
            dismissal: None,
            mark: None,
            what,
        });
    }
}
