//! Hiding and showing the document list and the sidebar, so that the reading pane gets their room
//! on a small terminal.

use crate::tui::action::Action;
use crate::tui::state::{App, Focus};

/// Terminals narrower than this, in columns, start with the document list hidden: at 80 columns
/// the three panes leave the text about 30 columns.
pub const NARROW: u16 = 100;

impl App {
    /// The terminal's size when the reader starts: on a narrow one the list starts hidden, once
    /// a document is open (else the list is all there is to choose one from).
    pub fn first_size(&mut self, width: u16, height: u16) {
        if width < NARROW && self.open.is_some() {
            self.prefs.layout.list = false;
            self.leave_hidden_pane();
        }
        self.resize(width, height);
    }

    /// `ToggleList` or `ToggleSidebar`: hides the pane or shows it again, keeping the text at the
    /// top of the reading pane there.
    pub(crate) fn toggle_pane(&mut self, action: Action) {
        self.relayout(|app| match action {
            Action::ToggleList => app.prefs.layout.list = !app.prefs.layout.list,
            Action::ToggleSidebar => app.prefs.layout.sidebar = !app.prefs.layout.sidebar,
            _ => {}
        });
        self.leave_hidden_pane();
    }

    /// Focus on a hidden pane goes to the reading pane.
    fn leave_hidden_pane(&mut self) {
        let hidden = match self.focus {
            Focus::List => !self.prefs.layout.list,
            Focus::Sidebar => !self.prefs.layout.sidebar,
            Focus::Reader => false,
        };
        if hidden {
            self.focus = Focus::Reader;
        }
    }
}
