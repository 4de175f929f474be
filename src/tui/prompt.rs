//! The one-line input at the bottom of the screen: a search pattern after `/` or `?`, a
//! command after `:` (`grep PATTERN`, `help`, `review A,B`, `coders A,B`), the coder's name when
//! there is none, or the adjudicator's name.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::help::HelpScreen;
use crate::tui::keymap::{Keymap, Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search {
        forward: bool,
    },
    Command,
    /// The coder's name, asked at the start when there is none (see `annotator_prompt`).
    Name,
    /// The name of the adjudicator, asked when the review screen first opens without one.
    Adjudicator,
}

impl PromptKind {
    /// What the input line starts with: the key that opened it (`/`, `?` or `:` as in vim,
    /// unless `keymap` binds another), or what is asked, naming the keys in effect.
    pub fn mark(self, keymap: &Keymap) -> String {
        match self {
            PromptKind::Search { forward: true } => {
                opened_by(keymap, Action::SearchForward, Scope::Reader)
            }
            PromptKind::Search { forward: false } => {
                opened_by(keymap, Action::SearchBackward, Scope::Reader)
            }
            PromptKind::Command => opened_by(keymap, Action::CommandLine, Scope::Global),
            PromptKind::Name => {
                keymap.with_keys("Your name, written on your annotations ({cancel}: not now): ")
            }
            PromptKind::Adjudicator => "adjudicator (whose final coding it is): ".to_owned(),
        }
    }
}

/// The mark of an input that `action` opens in `scope`: its first key, right before what is
/// typed when it is one character (`/hack`, `;grep`), else followed by a space (`C-s hack`);
/// the action's name when it has no key.
pub fn opened_by(keymap: &Keymap, action: Action, scope: Scope) -> String {
    let key = keymap.key_name(action, scope);
    if key.chars().count() == 1 {
        key
    } else {
        format!("{key} ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextInput,
    /// Why the last answer was refused, shown above the prompt while it stays open for another.
    pub problem: Option<String>,
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
            if self.kind == PromptKind::Name {
                app.name_skipped();
            }
            return Outcome::Close;
        }
        match self.input.handle(key) {
            InputEvent::Submit => {
                let text = std::mem::take(&mut self.input.value);
                match self.kind {
                    PromptKind::Search { .. } if text.is_empty() => {}
                    PromptKind::Search { forward } => app.start_search(&text, forward),
                    PromptKind::Command => app.run_command(&text),
                    PromptKind::Name => app.name_given(&text),
                    PromptKind::Adjudicator => {
                        if let Err(why) = app.name_adjudicator(&text) {
                            self.input = TextInput::new(&text);
                            self.problem = Some(why.to_string());
                            return Outcome::Stay;
                        }
                    }
                }
                Outcome::Close
            }
            InputEvent::Cancel if self.kind == PromptKind::Name => {
                app.name_skipped();
                Outcome::Close
            }
            InputEvent::Cancel => Outcome::Close,
            InputEvent::Edited | InputEvent::Ignored => Outcome::Stay,
        }
    }

    fn draw(&self, app: &App, _: Rect, panes: &Panes, buf: &mut Buffer) {
        // On the status bar's last row: a message over several rows stays in sight above it.
        let last = Rect {
            y: panes.status.bottom() - 1,
            height: 1,
            ..panes.status
        };
        crate::tui::view::prompt::render(app, self, last, buf);
    }
}

/// A command of the command line (`:`), as the help and the messages name it.
pub struct Command {
    pub name: &'static str,
    /// What it takes after its name, as written in the help (`[…]` may be left out).
    pub args: &'static str,
    /// What it does, after its name and arguments in the help's `:` line.
    pub does: &'static str,
}

/// Every command `:` knows, in the order the help lists them; [`App::run_command`] runs each.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "grep",
        args: "PATTERN",
        does: "searches the corpus",
    },
    Command {
        name: "help",
        args: "",
        does: "shows this",
    },
    Command {
        name: "messages",
        args: "",
        does: "shows every message whole ({messages})",
    },
    Command {
        name: "review",
        args: "[A,B]",
        does: "reviews the coders' disagreements ({review})",
    },
    Command {
        name: "table",
        args: "[ROWS COLS] [documents]",
        does: "counts the annotations in a cross table ({crosstab})",
    },
    Command {
        name: "coders",
        args: "[A,B|mine|all]",
        does: "shows only these coders' annotations",
    },
];

/// The commands with their arguments, `grep PATTERN, help, …`.
fn usage() -> String {
    let named: Vec<String> = COMMANDS.iter().map(written).collect();
    named.join(", ")
}

fn written(c: &Command) -> String {
    if c.args.is_empty() {
        c.name.to_owned()
    } else {
        format!("{} {}", c.name, c.args)
    }
}

/// The help's line for `:`: the key table's `command line`, then every command with what it
/// does.
pub fn command_line_help() -> String {
    let each: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("{} {}", written(c), c.does))
        .collect();
    format!("command line: {}", each.join(", "))
}

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
            problem: None,
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
            "messages" => self.mode = Mode::Messages(Default::default()),
            "coders" => self.choose_coders(rest),
            "table" => self.table_command(rest),
            "review" => self.open_review(Some(
                rest.split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
            other => self.set_status(
                format!("unknown command “{other}”: the commands are {}", usage()),
                true,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::user_state::config::KeyOverride;

    fn rebound(action: &str, key: &str) -> Keymap {
        let over = KeyOverride {
            action: action.to_owned(),
            keys: vec![key.to_owned()],
            line: 1,
        };
        Keymap::new(&[over], std::path::Path::new("config.toml")).unwrap()
    }

    /// A prompt starts with its key in effect: one character right before the text, as vim
    /// does, a longer key name followed by a space.
    #[test]
    fn a_prompt_starts_with_the_key_that_opened_it() {
        let forward = PromptKind::Search { forward: true };
        assert_eq!(forward.mark(&Keymap::default()), "/");
        assert_eq!(
            PromptKind::Search { forward: false }.mark(&Keymap::default()),
            "?"
        );
        assert_eq!(PromptKind::Command.mark(&Keymap::default()), ":");
        assert_eq!(forward.mark(&rebound("search_forward", "Z")), "Z");
        assert_eq!(forward.mark(&rebound("search_forward", "C-s")), "C-s ");
        assert_eq!(PromptKind::Command.mark(&rebound("command_line", ";")), ";");
    }
}
