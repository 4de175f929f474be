//! The help screen (F1, `?` in the list and the sidebar, `:help`): every key of the key table in
//! effect and the tags, scrolled with its own keys; any key it does not bind closes it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Panes};

/// Rows the page keys scroll.
const PAGE: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpScreen {
    /// Rows scrolled past at the top.
    pub scroll: usize,
}

impl Component for HelpScreen {
    fn scope(&self) -> Scope {
        Scope::Help
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(&[A::RowDown, A::RowUp], "scroll"),
            Hint::keys(&[A::RowPageDown, A::RowPageUp], "page"),
            Hint::keys(&[A::Close], "or any other key closes"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let max = crate::tui::view::help::max_scroll(app, app.size);
        let scroll = &mut self.scroll;
        match key {
            Resolved::Action(Action::RowDown) => *scroll = (*scroll + 1).min(max),
            Resolved::Action(Action::RowUp) => *scroll = scroll.saturating_sub(1),
            Resolved::Action(Action::RowPageDown) => *scroll = (*scroll + PAGE).min(max),
            Resolved::Action(Action::RowPageUp) => *scroll = scroll.saturating_sub(PAGE),
            _ => return Outcome::Close,
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::help::render(app, self.scroll, screen, buf);
    }
}
