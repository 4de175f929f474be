//! The sidebar as a pane: its selection, its keys and its hints; `view::sidebar` draws it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action as A;
use crate::tui::component::{Hint, Pane};
use crate::tui::keymap::Scope;
use crate::tui::state::{App, Focus};

/// The sidebar's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sidebar {
    /// Index of the selected annotation among the open document's; past the last when the
    /// sidebar lists none (blind coding may hide them all).
    pub selected: usize,
    /// The list's first row shown. It moves only as far as brings [`in_view`] into view when
    /// that annotation (or the list's room) changes, so that the list stays still while the
    /// cursor moves within it, and by the mouse wheel.
    pub first: usize,
    /// What the list was last scrolled for ([`App::follow_in_sidebar`]): the open document,
    /// the annotation in view, the list's rows.
    followed: Option<(usize, usize, usize)>,
}

impl Pane for Sidebar {
    fn scope(_: &App) -> Scope {
        Scope::Sidebar
    }

    fn commands(app: &App) -> Vec<Hint> {
        let guess = app
            .open_annotations()
            .get(app.sidebar.selected)
            .is_some_and(|a| a.to_confirm());
        if guess {
            // On a guess, what to do with it comes first.
            return vec![
                Hint::keys(&[A::ConfirmPlacement], "confirm"),
                Hint::keys(&[A::JumpToAnnotation], "show"),
                Hint::keys(&[A::AttachAnnotation], "move to selection"),
                Hint::keys(&[A::DeleteAnnotation], "delete"),
                Hint::keys(&[A::Help], "help"),
            ];
        }
        vec![
            Hint::keys(&[A::JumpToAnnotation], "show"),
            Hint::keys(&[A::EditFields], "fields"),
            Hint::keys(&[A::ToggleNotePane], "note pane"),
            Hint::keys(&[A::DeleteAnnotation], "delete"),
            Hint::keys(&[A::AttachAnnotation], "attach"),
            Hint::keys(&[A::EditTags], "tags"),
            Hint::keys(&[A::Help], "help"),
            Hint::keys(&[A::Quit], "quit"),
        ]
    }

    fn act(app: &mut App, action: A) -> bool {
        match action {
            A::SidebarDown => app.move_sidebar(1),
            A::SidebarUp => app.move_sidebar(-1),
            A::JumpToAnnotation => app.jump_from_sidebar(),
            A::AttachAnnotation => app.attach_annotation(),
            A::ConfirmPlacement => app.confirm_placement(),
            _ => return false,
        }
        true
    }

    fn draw(app: &App, area: Rect, buf: &mut Buffer) {
        crate::tui::view::sidebar::render(app, area, buf);
    }
}

impl App {
    /// Shows the sidebar's annotation in the text, if it has a place there.
    pub(crate) fn jump_from_sidebar(&mut self) {
        let Some(open) = &self.open else { return };
        let i = self.sidebar.selected;
        if i < open.spans.len() {
            self.show_annotation(i);
            self.focus = Focus::Reader;
        } else if i < self.open_annotations().len() {
            let text = self.prefs.keymap.with_keys(crate::tui::update::UNPLACED);
            self.set_status(text, false);
        }
    }

    /// The annotation the sidebar selects first: the first it lists, or, when it lists none
    /// (blind coding may hide them all), an index past every annotation, which the sidebar's
    /// keys take for "nothing selected" rather than act on a hidden one.
    pub(crate) fn first_in_sidebar(&self) -> usize {
        self.sidebar_order().first().copied().unwrap_or(usize::MAX)
    }

    /// The open document's shown annotations in the order the sidebar lists them, by index.
    pub(crate) fn sidebar_order(&self) -> &[usize] {
        self.open.as_ref().map_or(&[], |open| open.listing.order())
    }

    /// Scrolls the sidebar's list as little as brings the annotation [`in_view`] names into
    /// view, when it or the list's room changed since the last call: after every key, click,
    /// resize and change from the background.
    pub(crate) fn follow_in_sidebar(&mut self) {
        let (Some(open), Some(capacity)) = (&self.open, crate::tui::view::sidebar::list_rows(self))
        else {
            return;
        };
        let target = in_view(self, self.annotation_here());
        let now = (open.entry, target, capacity);
        if self.sidebar.followed == Some(now) {
            return;
        }
        self.sidebar.followed = Some(now);
        let Some(place) = open.listing.place(target) else {
            return;
        };
        let row = open.listing.row_of(place);
        let first = self.sidebar.first;
        self.sidebar.first = if row < first {
            row
        } else if row >= first + capacity {
            row + 1 - capacity
        } else {
            first
        };
    }

    /// Scrolls the sidebar's list by `delta` rows, the mouse wheel over it while it has no
    /// focus: what it keeps in view may leave the screen until the reading reaches another.
    pub(crate) fn scroll_sidebar(&mut self, delta: isize) {
        let (Some(open), Some(capacity)) = (&self.open, crate::tui::view::sidebar::list_rows(self))
        else {
            return;
        };
        let last_first = open.listing.rows().saturating_sub(capacity);
        self.sidebar.first = self
            .sidebar
            .first
            .min(last_first)
            .saturating_add_signed(delta)
            .min(last_first);
    }

    /// Moves the sidebar's selection `delta` rows, in the order the list shows.
    pub(crate) fn move_sidebar(&mut self, delta: isize) {
        let Some(open) = &self.open else { return };
        let order = open.listing.order();
        if let Some(last) = order.len().checked_sub(1) {
            let at = open.listing.place(self.sidebar.selected).unwrap_or(0);
            self.sidebar.selected = order[at.saturating_add_signed(delta).min(last)];
        }
    }
}

/// Shown annotations looked at, back from the cursor, for the last one before it: in blind
/// coding most may be hidden.
const LOOKED_BACK: usize = 64;

/// The annotation, by index, that the list keeps in view: the selected one while the sidebar
/// has the focus; else `here`, the one under the cursor (`App::annotation_here`), marked `▸`;
/// else the last shown one that starts before the cursor, so that the list follows the
/// reading, and the `▸` of the next annotation reached is on screen (a tester found it below
/// the list's rows).
pub(crate) fn in_view(app: &App, here: Option<usize>) -> usize {
    if app.focus == Focus::Sidebar {
        return app.sidebar.selected;
    }
    if let Some(here) = here {
        return here;
    }
    let (Some(open), Some(cursor)) = (&app.open, app.reader.cursor.as_ref()) else {
        return app.sidebar.selected;
    };
    let before = open.spans.partition_point(|s| s.start <= cursor.start);
    (0..before)
        .rev()
        .take(LOOKED_BACK)
        .find(|&i| open.listing.place(i).is_some())
        .unwrap_or(app.sidebar.selected)
}
