//! The reader's screens as components. The three panes (document list, reading pane, sidebar)
//! are always drawn and share the focus; over them at most one dialog or input has the keyboard:
//! [`Mode`] holds it, with its state, so that which one has focus is said in one place. Each
//! component declares the scope of the key table its keys come from, the commands the status bar
//! hints, how it takes a key and how it draws itself.
//!
//! To add a screen: a type with its state, a `Mode` variant holding it, an impl of [`Component`],
//! a [`Scope`] and its rows in `keymap::BINDINGS`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Panes};

/// What a component did with a key: it stays open, or it is done and closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
}

/// One entry of the status bar's hints: the keys of `actions` in effect, joined by `/`, then
/// what they do; `before` is said first ("tag key or Space check").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub before: &'static str,
    pub actions: &'static [Action],
    pub what: &'static str,
}

impl Hint {
    pub const fn keys(actions: &'static [Action], what: &'static str) -> Hint {
        Hint {
            before: "",
            actions,
            what,
        }
    }

    /// Words without a key, shown as they are.
    pub const fn text(what: &'static str) -> Hint {
        Hint {
            before: "",
            actions: &[],
            what,
        }
    }

    pub const fn after(self, before: &'static str) -> Hint {
        Hint { before, ..self }
    }
}

/// A screen or dialog of the reader.
pub trait Component {
    /// Where in the key table its keys are (and, after them, its scope's parent's).
    fn scope(&self) -> Scope;

    /// What the status bar says its keys do, in the order shown.
    fn commands(&self, app: &App) -> Vec<Hint>;

    /// Takes a key, resolved through the key table in [`Component::scope`]. The component is
    /// out of `app.mode` meanwhile: what it opens in `app.mode` takes the keyboard after it.
    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome;

    /// Draws itself over the panes; `screen` is the whole terminal.
    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer);
}

/// "v select · n note · …" with the keys in effect in `scope`; an entry whose action has no key
/// is left out, and one without actions is shown as it is.
pub fn hints(app: &App, scope: Scope, hints: &[Hint]) -> String {
    let shown: Vec<String> = hints
        .iter()
        .filter_map(|h| {
            if h.actions.is_empty() {
                return Some(h.what.to_owned());
            }
            let keys: Vec<String> = h
                .actions
                .iter()
                .filter_map(|a| app.keymap.key_for(*a, scope))
                .map(|k| k.to_string())
                .collect();
            (!keys.is_empty()).then(|| format!("{}{} {}", h.before, keys.join("/"), h.what))
        })
        .collect();
    shown.join(" · ")
}
