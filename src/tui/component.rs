//! The reader's screens as components. The three panes (document list, reading pane, sidebar)
//! are always drawn and share the focus ([`Pane`], `App::focus`); over them at most one dialog
//! or input has the keyboard: `Mode` holds it, with its state, so that which one has focus is
//! said in one place ([`Component`]). Each declares the scope of the key table its keys come
//! from, the commands the status bar hints, how it takes a key and how it draws itself.
//!
//! To add a dialog: a type with its state, a `Mode` variant holding it, an impl of [`Component`],
//! a [`Scope`] and its rows in `keymap::BINDINGS`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::keys::Key;
use crate::tui::state::{App, Panes};

/// What a component did with a key: it stays open, or it is done and closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
}

/// One entry of the status bar's hints: the keys of `actions` in effect, joined by `/`, then
/// what they do; `before` is said first ("tag key or Space check").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// One of the three panes: the document list (`DocumentList`), the reading pane (`Reader`)
/// and the sidebar (`Sidebar`). Its state is a field of the [`App`], not taken out of it as a
/// dialog's is: a pane's keys change the shared model and the other panes (showing an
/// annotation from the sidebar moves the reading pane's cursor; opening a document resets the
/// sidebar), and the panes are drawn together every frame. So its functions take the App.
pub trait Pane {
    /// Where in the key table its keys are now (and, after them, its scope's parent's).
    fn scope(app: &App) -> Scope;

    /// What the status bar says its keys do, in the order shown.
    fn commands(app: &App) -> Vec<Hint>;

    /// Takes a key while the pane has the focus: the action the key table binds in
    /// [`Pane::scope`] is applied (`App::apply`).
    fn handle(app: &mut App, key: Key) {
        if let Some(action) = app
            .prefs
            .keymap
            .lookup(key, Self::scope(app), &app.corpus.tags)
        {
            app.apply(action);
        }
    }

    /// Does `action` if it is one of the pane's, from a key, the mouse or a dialog; `false`
    /// when it is not, and nothing changed.
    fn act(app: &mut App, action: Action) -> bool;

    /// Draws the pane into `area`, its border included.
    fn draw(app: &App, area: Rect, buf: &mut Buffer);
}

/// "v select · n note · …" with the keys in effect in `scope` (see [`Keymap::hint_text`]).
///
/// [`Keymap::hint_text`]: crate::tui::keymap::Keymap::hint_text
pub fn hints(app: &App, scope: Scope, hints: &[Hint]) -> String {
    app.prefs.keymap.hint_text(scope, hints)
}
