//! Naming the adjudicator, whose annotations are the review screen's final coding: asked once
//! and written into the configuration, as the coder's name is. The final coding replaces the
//! adjudicator's annotations where it settles a disagreement, so a name a coder codes under is
//! refused: the review would take that coder's coding for the final one and overwrite it.

use crate::core::user_state::config;
use crate::tui::action::Action;
use crate::tui::keymap::Scope;
use crate::tui::state::App;

/// Why a name typed at the adjudicator prompt is refused; `close` is the key that closes the
/// prompt, as the message offers it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicatorRefused {
    #[error("no adjudicator named: the review needs one ({close}: not now)")]
    Unnamed { close: String },
    /// The coder's own name.
    #[error(
        "{}: type another name ({close}: not now)",
        config::own_name_as_adjudicator(name)
    )]
    OwnName { name: String, close: String },
    /// A name with an annotation in the corpus that is no final coding.
    #[error(
        "{name} has annotations in this corpus: the final coding needs a name no coder uses (say \"{name}-final\"), else it would overwrite theirs: type another name ({close}: not now)"
    )]
    Coder { name: String, close: String },
}

impl App {
    /// The name typed at the adjudicator prompt: refused, with why, when it is the coder's own
    /// or anyone's with an annotation in the corpus that is no final coding (the prompt stays open to say so and take
    /// another), else written into the configuration and the review opened.
    pub(crate) fn name_adjudicator(&mut self, name: &str) -> Result<(), AdjudicatorRefused> {
        let name = name.trim();
        let close = self.prefs.keymap.key_name(Action::Cancel, Scope::Input);
        if name.is_empty() {
            return Err(AdjudicatorRefused::Unnamed { close });
        }
        self.finish_scan();
        if name == self.coding.coder {
            return Err(AdjudicatorRefused::OwnName {
                name: name.to_owned(),
                close,
            });
        }
        if self.corpus.entries.iter().any(|e| {
            e.annotations
                .iter()
                .any(|a| a.annotator == name && !a.final_coding)
        }) {
            return Err(AdjudicatorRefused::Coder {
                name: name.to_owned(),
                close,
            });
        }
        let saved = self.save_in_config(config::set_adjudicator, name);
        self.coding.adjudicator = Some(name.to_owned());
        self.open_review(None);
        let opened = self
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        match saved {
            Ok(where_) => self.set_status(format!("{name} adjudicates{where_}; {opened}"), false),
            Err(why) => self.set_status(format!("{name} adjudicates for now: {why}"), true),
        }
        Ok(())
    }

    /// Why the configuration's adjudicator `name` cannot be used, if so: it is the coder's own
    /// name, or a coder codes under it: `name` has an annotation that is not marked as part of a
    /// final coding ([`Annotation::final_coding`](crate::core::annotation::Annotation)).
    pub(crate) fn configured_adjudicator_refused(&mut self, name: &str) -> Option<String> {
        let file = self.config_file_name();
        if name == self.coding.coder {
            return Some(format!("{file}: {}", config::own_name_as_adjudicator(name)));
        }
        self.finish_scan();
        let (entry, alone) = self.corpus.entries.iter().find_map(|e| {
            let coded = e
                .annotations
                .iter()
                .find(|a| a.annotator == name && !a.final_coding)?;
            Some((e, coded))
        })?;
        Some(format!(
            "{file}: adjudicator = {name:?} codes in this corpus (“{}” in {} is theirs, no final coding), and the final coding would overwrite that coding: write a name no coder uses there",
            crate::tui::fit::fit(&alone.quote, 30),
            entry.meta.title,
        ))
    }
}
