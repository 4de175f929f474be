//! The messages screen (F7, `:messages`), as vim's `:messages`: every message of the session,
//! whole, oldest first, opened at the newest; scrolled with its own keys; any key it does not
//! bind closes it. The status bar shows a long message over a few rows at most; here it is
//! always whole.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Panes};
use crate::tui::view::messages;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessagesScreen {
    /// Rows scrolled back from the newest message, which is at the bottom when this is 0.
    pub back: usize,
}

impl Component for MessagesScreen {
    fn scope(&self) -> Scope {
        Scope::Messages
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        use Action as A;
        vec![
            Hint::keys(&[A::RowUp, A::RowDown], "scroll"),
            Hint::keys(&[A::RowPageUp, A::RowPageDown], "page"),
            Hint::keys(&[A::Close], "or any other key closes"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let Some(area) = app.panes().map(|p| p.above_status(app.size)) else {
            return Outcome::Close;
        };
        let (most, page) = messages::scroll_room(app, area);
        let back = &mut self.back;
        match key {
            Resolved::Action(Action::RowUp) => *back = (*back + 1).min(most),
            Resolved::Action(Action::RowDown) => *back = back.saturating_sub(1),
            Resolved::Action(Action::RowPageUp) => *back = (*back + page).min(most),
            Resolved::Action(Action::RowPageDown) => *back = back.saturating_sub(page),
            Resolved::Action(Action::RowFirst) => *back = most,
            Resolved::Action(Action::RowLast) => *back = 0,
            _ => return Outcome::Close,
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, panes: &Panes, buf: &mut Buffer) {
        messages::render(app, self.back, panes.above_status(screen), buf);
    }
}
