//! The field form (`f`): the fields of the coder's own annotation here, one row per field of
//! the scheme (`[[field]]` in `tags.toml`, see `core::fields`). A free-text field is typed,
//! completing from the values the corpus already gives it; a field with a list of values is
//! chosen among them. Saving is one change, undone by one `u`. Values of fields the scheme does
//! not define are kept as they are.
//!
//! Only the coder's own annotation takes fields, as only their own takes a note or is deleted;
//! on a sentence without an annotation the form refuses: tag the sentence first, the fields
//! describe what the tag says (who makes the claim), and an annotation without a tag would
//! only hold them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::core::fields::{FieldValues, completions, used_values};
use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::fit::fit;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldForm {
    /// The annotation's id, in the open document.
    pub id: String,
    /// The start of its quote, for the title.
    pub quote: String,
    /// Whose annotation was current when the form opened on the coder's own of the same text
    /// (see `App::passed_over`), which the title names.
    pub passed_over: Option<String>,
    /// One per field of the scheme, in its order.
    pub rows: Vec<FieldRow>,
    /// The row being edited.
    pub row: usize,
    /// The completion being cycled through on the row, if any.
    pub completion: Option<Completion>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub name: String,
    /// The values it may take; empty for free text.
    pub choices: Vec<String>,
    /// For free text, the values the corpus gives the field, most used first.
    pub used: Vec<String>,
    /// The value: typed, or the chosen one of `choices` ("" for none).
    pub input: TextInput,
    /// Whether the scheme requires a value for one of the annotation's tag groups: that group.
    pub required_for: Option<String>,
    pub description: String,
}

/// Tab pressed on a free-text row: what was typed, and which of its completions is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub typed: String,
    /// Index among `completions(used, typed)`; `None` when back at what was typed.
    pub at: Option<usize>,
}

impl FieldRow {
    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty()
    }

    /// The completions of what is typed (or was, while cycling), but the value itself.
    pub fn candidates<'a>(&'a self, completion: Option<&Completion>) -> Vec<&'a str> {
        let typed = completion.map_or(self.input.value.as_str(), |c| c.typed.as_str());
        completions(&self.used, typed)
            .into_iter()
            .filter(|v| *v != typed)
            .collect()
    }

    /// Chooses the value `step` places on in the list, none being before the first; a value not
    /// in the list (from before the scheme changed) counts as none.
    fn choose(&mut self, step: isize) {
        let n = self.choices.len() as isize + 1;
        let at = self
            .choices
            .iter()
            .position(|c| *c == self.input.value)
            .map_or(0, |i| i as isize + 1);
        let to = (at + step).rem_euclid(n) as usize;
        let value = to.checked_sub(1).map_or("", |i| self.choices[i].as_str());
        self.input = TextInput::new(value);
    }

    /// Chooses the next value after the current one that starts with `c`, case ignored.
    fn choose_by_letter(&mut self, c: char) {
        let at = self.choices.iter().position(|v| *v == self.input.value);
        let n = self.choices.len();
        let start = at.map_or(0, |i| i + 1);
        let lower: String = c.to_lowercase().collect();
        let found = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| self.choices[i].to_lowercase().starts_with(&lower));
        if let Some(i) = found {
            self.input = TextInput::new(&self.choices[i]);
        }
    }
}

/// No value of the corpus completes what was typed in the field `field`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoCompletion {
    /// Nothing typed, and no annotation has a value for the field.
    #[error("no annotation of the corpus has a {field} yet")]
    NoValue { field: String },
    #[error("no {field} used in the corpus starts with “{typed}”")]
    NoneStarting { field: String, typed: String },
}

impl FieldForm {
    /// Shows the completion `step` places on from the one shown (or from what was typed).
    fn complete(&mut self, step: isize) -> Result<(), NoCompletion> {
        let row = &self.rows[self.row];
        let completion = self.completion.clone().unwrap_or(Completion {
            typed: row.input.value.clone(),
            at: None,
        });
        let candidates = row.candidates(Some(&completion));
        if candidates.is_empty() {
            let field = row.name.clone();
            return Err(if completion.typed.is_empty() {
                NoCompletion::NoValue { field }
            } else {
                NoCompletion::NoneStarting {
                    field,
                    typed: completion.typed,
                }
            });
        }
        // What was typed is one stop of the cycle, after the last completion.
        let n = candidates.len() as isize + 1;
        let at = completion.at.map_or(n - 1, |i| i as isize);
        let to = (at + step).rem_euclid(n) as usize;
        let shown = candidates.get(to).map_or(completion.typed.as_str(), |v| v);
        let input = TextInput::new(shown);
        let at = (to < candidates.len()).then_some(to);
        self.rows[self.row].input = input;
        self.completion = Some(Completion { at, ..completion });
        Ok(())
    }

    /// The values the form gives the annotation whose values were `before`: those of the
    /// scheme's fields as the rows hold them, the others kept.
    pub fn values(&self, before: &FieldValues) -> FieldValues {
        let mut values = before.clone();
        for row in &self.rows {
            let value = row.input.value.trim();
            if value.is_empty() {
                values.remove(&row.name);
            } else {
                values.insert(row.name.clone(), value.to_owned());
            }
        }
        values
    }
}

impl Component for FieldForm {
    fn scope(&self) -> Scope {
        Scope::FieldForm
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        let on_list = self.rows.get(self.row).is_some_and(FieldRow::is_choice);
        vec![
            Hint::keys(&[Action::Submit], "save"),
            Hint::keys(&[Action::NextField, Action::PreviousField], "field"),
            Hint::keys(
                &[Action::NextCompletion, Action::PreviousCompletion],
                if on_list { "choose" } else { "complete" },
            ),
            Hint::keys(&[Action::Cancel], "cancel"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let last = self.rows.len().saturating_sub(1);
        let step = match key {
            Resolved::Action(Action::NextCompletion) => Some(1),
            Resolved::Action(Action::PreviousCompletion) => Some(-1),
            _ => None,
        };
        match key {
            Resolved::Action(Action::NextField) => self.row = (self.row + 1).min(last),
            Resolved::Action(Action::PreviousField) => self.row = self.row.saturating_sub(1),
            Resolved::Action(Action::Submit) => {
                app.save_fields(self);
                return Outcome::Close;
            }
            Resolved::Action(Action::Cancel) => {
                app.set_status("fields left unchanged", false);
                return Outcome::Close;
            }
            _ if self.rows[self.row].is_choice() => {
                let row = &mut self.rows[self.row];
                match (key, step) {
                    (_, Some(step)) => row.choose(step),
                    (Resolved::Action(Action::CursorRight), _) => row.choose(1),
                    (Resolved::Action(Action::CursorLeft), _) => row.choose(-1),
                    (Resolved::Typed(c), _) => row.choose_by_letter(c),
                    // A list's value is all or nothing: deleting any of it is choosing none.
                    (
                        Resolved::Action(
                            Action::DeleteBack
                            | Action::DeleteForward
                            | Action::DeleteWordBack
                            | Action::DeleteToStart
                            | Action::DeleteToEnd,
                        ),
                        _,
                    ) => row.input = TextInput::default(),
                    _ => {}
                }
            }
            _ => {
                if let Some(step) = step {
                    if let Err(why) = self.complete(step) {
                        app.set_status(why.to_string(), false);
                    }
                    return Outcome::Stay;
                }
                if self.rows[self.row].input.handle(key) == InputEvent::Edited {
                    self.completion = None;
                }
                return Outcome::Stay;
            }
        }
        // Moving to another row, or choosing, ends a completion.
        self.completion = None;
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::field_form::render(app, self, screen, buf);
    }
}

impl App {
    /// Opens the form on the coder's own annotation here (in the sidebar, the one selected);
    /// says in the status bar why not when there is none, it is another coder's, or the scheme
    /// has no fields.
    pub(crate) fn start_fields(&mut self) {
        if self.editable().is_none() {
            return;
        }
        if self.corpus.tags.fields.is_empty() {
            let why =
                "tags.toml defines no fields: add [[field]] tables to it (its comments say how)";
            return self.set_status(why, false);
        }
        let i = match self.own_here() {
            Some(Ok(i)) => i,
            // As with notes and deletion: one coder never changes what another coded.
            Some(Err(i)) => {
                let theirs = &self.open_annotations()[i];
                let why = format!(
                    "{}'s annotation on “{}” stays theirs: you fill in the fields of your own",
                    theirs.annotator,
                    fit(&theirs.quote, 30)
                );
                return self.set_status(why, false);
            }
            None => {
                let why = "no annotation here: tag the sentence first, then {edit_fields} fills in its fields";
                let why = self.prefs.keymap.with_keys(why);
                return self.set_status(why, false);
            }
        };
        // Another coder's annotation made current by a jump stays theirs: as `d` and `n` do,
        // the form edits the coder's own on the same text, and says so.
        let passed_over = self.passed_over(i);
        if let Some(theirs) = &passed_over {
            let said = format!(
                "{theirs}'s annotation stays theirs: these are the fields of your own on the same text"
            );
            self.set_status(said, false);
        }
        // The values to complete from are every document's.
        self.finish_scan();
        let a = &self.open_annotations()[i];
        let scheme = &self.corpus.tags;
        let groups: Vec<&str> = a
            .tags
            .iter()
            .filter_map(|t| Some(scheme.by_name(t)?.group.as_str()))
            .collect();
        // Only the shown annotations' values: a blind coder must not read another coder's.
        let every = || {
            self.corpus
                .entries
                .iter()
                .flat_map(|e| e.annotations.iter())
                .filter(|a| self.shows(a))
        };
        let rows = scheme
            .fields
            .iter()
            .map(|f| FieldRow {
                name: f.name.clone(),
                choices: f.values.clone(),
                used: if f.is_choice() {
                    Vec::new()
                } else {
                    used_values(every(), &f.name)
                },
                input: TextInput::new(a.fields.get(&f.name).map_or("", String::as_str)),
                required_for: f
                    .required_for
                    .iter()
                    .find(|g| groups.contains(&g.as_str()))
                    .cloned(),
                description: f.description.clone(),
            })
            .collect();
        self.mode = Mode::Fields(FieldForm {
            id: a.id.clone(),
            quote: a.quote.clone(),
            passed_over,
            rows,
            row: 0,
            completion: None,
        });
    }

    /// Gives the annotation of the form its values, as one change.
    fn save_fields(&mut self, form: &FieldForm) {
        let Some(entry) = self.editable() else { return };
        let mut anns = self.corpus.entries[entry].annotations.to_vec();
        let Some(a) = anns.iter_mut().find(|a| a.id == form.id) else {
            return self.set_status("that annotation is no longer there", true);
        };
        let values = form.values(&a.fields);
        let said = |v: Option<&String>| v.map_or("(none)".to_owned(), |v| format!("“{v}”"));
        let changed: Vec<String> = form
            .rows
            .iter()
            .filter(|r| a.fields.get(&r.name) != values.get(&r.name))
            .map(|r| format!("{} {}", r.name, said(values.get(&r.name))))
            .collect();
        if changed.is_empty() {
            return self.set_status("fields left unchanged", false);
        }
        let what = format!("fields of “{}”: {}", fit(&a.quote, 24), changed.join(", "));
        a.fields = values;
        a.touch(&(self.stamp)());
        self.change(entry, anns, what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(choices: &[&str], used: &[&str], value: &str) -> FieldRow {
        FieldRow {
            name: "speaker".into(),
            choices: choices.iter().map(|s| s.to_string()).collect(),
            used: used.iter().map(|s| s.to_string()).collect(),
            input: TextInput::new(value),
            required_for: None,
            description: String::new(),
        }
    }

    fn form(rows: Vec<FieldRow>) -> FieldForm {
        FieldForm {
            id: "x".into(),
            quote: String::new(),
            passed_over: None,
            rows,
            row: 0,
            completion: None,
        }
    }

    #[test]
    fn tab_cycles_through_the_completions_then_back_to_what_was_typed() {
        let mut f = form(vec![row(
            &[],
            &["Long Zhou", "Hua Chunying", "lu Kang"],
            "l",
        )]);
        let shown = |f: &FieldForm| f.rows[0].input.value.clone();
        f.complete(1).unwrap();
        assert_eq!(shown(&f), "Long Zhou");
        f.complete(1).unwrap();
        assert_eq!(shown(&f), "lu Kang");
        f.complete(1).unwrap();
        assert_eq!(shown(&f), "l");
        f.complete(-1).unwrap();
        assert_eq!(shown(&f), "lu Kang");
        let mut none = form(vec![row(&[], &["Long Zhou"], "x")]);
        assert!(
            none.complete(1)
                .unwrap_err()
                .to_string()
                .contains("starts with “x”")
        );
    }

    #[test]
    fn a_list_is_cycled_with_none_before_its_first_value_and_chosen_by_letter() {
        let mut r = row(&["military", "scholar", "state media"], &[], "");
        r.choose(1);
        assert_eq!(r.input.value, "military");
        r.choose(-1);
        assert_eq!(r.input.value, "");
        r.choose(-1);
        assert_eq!(r.input.value, "state media");
        r.choose_by_letter('S');
        assert_eq!(
            r.input.value, "scholar",
            "the next one with that letter, wrapping"
        );
        r.choose_by_letter('s');
        assert_eq!(r.input.value, "state media");
        let mut odd = row(&["military"], &[], "general");
        odd.choose(1);
        assert_eq!(odd.input.value, "military");
    }

    #[test]
    fn saving_sets_and_removes_the_schemes_fields_and_keeps_the_others() {
        let mut f = form(vec![row(&[], &[], "  Long Zhou "), row(&["x"], &[], "")]);
        f.rows[1].name = "role".into();
        let before = crate::core::fields::from_pairs(&[("role", "x"), ("mood", "calm")]);
        let after = f.values(&before);
        let pairs: Vec<(&str, &str)> = after
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(pairs, [("mood", "calm"), ("speaker", "Long Zhou")]);
    }
}
