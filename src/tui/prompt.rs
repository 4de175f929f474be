//! The one-line input at the bottom of the screen: a search pattern after `/` or `?`, or a
//! command after `:` (`grep PATTERN`, `help`).

use crate::tui::keys::{Key, KeyCode};
use crate::tui::state::{App, Mode};
use crate::tui::text_input::{InputEvent, TextInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search {
        forward: bool,
    },
    Command,
    /// The name of the adjudicator, asked when the review screen first opens without one.
    Adjudicator,
}

impl PromptKind {
    /// What the input line starts with: as in vim, or what is asked.
    pub fn mark(self) -> &'static str {
        match self {
            PromptKind::Search { forward: true } => "/",
            PromptKind::Search { forward: false } => "?",
            PromptKind::Command => ":",
            PromptKind::Adjudicator => "adjudicator (whose final coding it is): ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextInput,
}

/// The commands `:` knows, for the message about one it does not.
const COMMANDS: &str = "grep PATTERN, help, review [A,B], coders [A,B|mine|all]";

impl App {
    /// Opens the prompt holding `text`. A search needs a document to search.
    pub fn open_prompt(&mut self, kind: PromptKind, text: &str) {
        if matches!(kind, PromptKind::Search { .. }) && self.open.is_none() {
            self.set_status("open a document to search it", false);
            return;
        }
        self.mode = Mode::Prompt(Prompt {
            kind,
            input: TextInput::new(text),
        });
    }

    pub fn prompt_key(&mut self, key: Key) {
        let Mode::Prompt(prompt) = &mut self.mode else {
            return;
        };
        // Backspace on an empty line leaves it, as in vim.
        let leave = key.code == KeyCode::Backspace && prompt.input.value.is_empty();
        match prompt.input.handle(key) {
            _ if leave => self.mode = Mode::Normal,
            InputEvent::Submit => {
                let kind = prompt.kind;
                let text = std::mem::take(&mut prompt.input.value);
                self.mode = Mode::Normal;
                match kind {
                    PromptKind::Search { .. } if text.is_empty() => {}
                    PromptKind::Search { forward } => self.start_search(&text, forward),
                    PromptKind::Command => self.run_command(&text),
                    PromptKind::Adjudicator => self.name_adjudicator(&text),
                }
            }
            InputEvent::Cancel => self.mode = Mode::Normal,
            InputEvent::Edited | InputEvent::Ignored => {}
        }
    }

    fn run_command(&mut self, line: &str) {
        let line = line.trim();
        let (name, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(name, rest)| (name, rest.trim()));
        match name {
            "" => {}
            "grep" => self.start_grep(rest),
            "help" => self.mode = Mode::Help { scroll: 0 },
            "coders" => self.choose_coders(rest),
            "review" => self.open_review(Some(
                rest.split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
            other => self.set_status(
                format!("unknown command “{other}”: the commands are {COMMANDS}"),
                true,
            ),
        }
    }
}
