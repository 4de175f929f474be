//! Asking for the coder's name at the start, when neither the configuration nor `$USER` gives
//! one: otherwise every annotation would be written as `unknown`, without a word. The name is
//! written into the configuration file, so that it is asked once; the question may be skipped.

use std::path::Path;

use crate::core::annotation::Stamp;
use crate::core::user_state::config::{self, UNKNOWN_ANNOTATOR};
use crate::tui::prompt::PromptKind;
use crate::tui::state::App;

impl App {
    /// Opens the question on the bottom line.
    pub fn ask_name(&mut self) {
        self.open_prompt(PromptKind::Name, "");
    }

    /// The name typed: from now on written on what this coder does, and into the configuration.
    pub(crate) fn name_given(&mut self, name: &str) {
        let name = name.trim().to_owned();
        if name.is_empty() {
            self.name_skipped();
            return;
        }
        match self.save_in_config(config::set_annotator, &name) {
            Ok(where_) => self.set_status(format!("you are {name}{where_}"), false),
            Err(why) => self.set_status(format!("you are {name} for now: {why}"), true),
        }
        self.coding.coder = name.clone();
        self.stamp = Box::new(move || Stamp::now(&name));
    }

    /// Writes `name` into the configuration file with `set`: where it was saved, as the status
    /// bar says it (nothing without a configuration file), or why it was not.
    pub(crate) fn save_in_config(
        &self,
        set: fn(&Path, &str) -> Result<(), config::ConfigError>,
        name: &str,
    ) -> Result<String, config::ConfigError> {
        match &self.prefs.config_path {
            Some(path) => set(path, name).map(|()| format!(" (saved in {})", path.display())),
            None => Ok(String::new()),
        }
    }

    /// The configuration file, as messages name it.
    pub(crate) fn config_file_name(&self) -> String {
        self.prefs
            .config_path
            .as_ref()
            .map_or_else(|| config::FILE_NAME.to_owned(), |p| p.display().to_string())
    }

    /// No name: said in the status bar, with where to give one.
    pub(crate) fn name_skipped(&mut self) {
        let file = self.config_file_name();
        self.set_status(
            format!(
                "no name: annotations are written as “{UNKNOWN_ANNOTATOR}”; set annotator = \"your name\" in {file}"
            ),
            true,
        );
    }
}
