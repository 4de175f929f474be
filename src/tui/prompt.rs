//! The one-line input at the bottom of the screen: a search pattern after `/` or `?`, or a
//! command after `:` (`grep PATTERN`, `help`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::help::HelpScreen;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search { forward: bool },
    Command,
}

impl PromptKind {
    /// What the input line starts with, as in vim.
    pub fn mark(self) -> char {
        match self {
            PromptKind::Search { forward: true } => '/',
            PromptKind::Search { forward: false } => '?',
            PromptKind::Command => ':',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextInput,
}

impl Component for Prompt {
    fn scope(&self) -> Scope {
        Scope::Input
    }

    /// The prompt is on the status bar's line: nothing is hinted.
    fn commands(&self, _: &App) -> Vec<Hint> {
        Vec::new()
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        // Backspace on an empty line leaves it, as in vim.
        if key == Resolved::Action(Action::DeleteBack) && self.input.value.is_empty() {
            return Outcome::Close;
        }
        match self.input.handle(key) {
            InputEvent::Submit => {
                let text = std::mem::take(&mut self.input.value);
                match self.kind {
                    PromptKind::Search { .. } if text.is_empty() => {}
                    PromptKind::Search { forward } => app.start_search(&text, forward),
                    PromptKind::Command => app.run_command(&text),
                }
                Outcome::Close
            }
            InputEvent::Cancel => Outcome::Close,
            InputEvent::Edited | InputEvent::Ignored => Outcome::Stay,
        }
    }

    fn draw(&self, app: &App, _: Rect, panes: &Panes, buf: &mut Buffer) {
        crate::tui::view::prompt::render(app, self, panes.status, buf);
    }
}

/// The commands `:` knows, for the message about one it does not.
const COMMANDS: &str = "grep PATTERN, help";

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

    fn run_command(&mut self, line: &str) {
        let line = line.trim();
        let (name, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(name, rest)| (name, rest.trim()));
        match name {
            "" => {}
            "grep" => self.start_grep(rest),
            "help" => self.mode = Mode::Help(HelpScreen::default()),
            other => self.set_status(
                format!("unknown command “{other}”: the commands are {COMMANDS}"),
                true,
            ),
        }
    }
}
