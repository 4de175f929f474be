//! Frames drawn ahead: while no input waits, the frame that the last key would draw if pressed
//! again, when that key only moved the reading cursor (`j`, `k`, the page keys). When that key
//! comes, nothing else having happened since, its frame is written at once, before the key is
//! even handled: handled, it leaves the app as it did when pressed ahead. The key's own frame,
//! drawn next as always, then changes nothing and writes nothing; should the key have left the
//! reader otherwise, it is drawn whole, mending the frame written ahead. A key held down or
//! pressed again and again is the most common thing a reader does; its frame cost three times
//! `less`'s answer to a key, drawn between the key and the screen (issue 10).

use std::io;

use crate::tui::keys::Key;
use crate::tui::reader::{self, Reader};
use crate::tui::sidebar::Sidebar;
use crate::tui::state::{App, Focus};
use crate::tui::update::moves_by_sentence_or_page;

/// What a key pressed ahead left the app in, of what a move of the cursor changes: the reading
/// pane's cursor, pick and scroll, and the sidebar's list (`App::handle_key` changes no more
/// when it sets `moved_only`).
#[derive(Debug)]
pub struct Ahead {
    /// The key pressed ahead.
    pub key: Key,
    reader: Reader,
    sidebar: Sidebar,
}

impl Ahead {
    /// Presses `key` on `app`, has `draw` draw the frame that leaves, and puts the app back as
    /// it was. `None`, drawing nothing, when the key is not one that moves the reading cursor
    /// by sentence or page, or would move it nowhere (at the end of the text), or when `app` is
    /// in no state to tell: a dialog, a count or a marking under way, the focus elsewhere, or
    /// the key kept for later (while the document is read, or a search's jump waits).
    pub fn press(
        app: &mut App,
        key: Key,
        draw: impl FnOnce(&App) -> io::Result<()>,
    ) -> io::Result<Option<Ahead>> {
        if app.focus != Focus::Reader
            || !app.mode.is_normal()
            || app.reader.count.is_some()
            || app.reader.marking.is_some()
            || app.is_opening()
            || app.is_reloading()
            || app.jump_waits()
            || !reader::action_of(app, key).is_some_and(moves_by_sentence_or_page)
        {
            return Ok(None);
        }
        let (reader, sidebar, moved_only) =
            (app.reader.clone(), app.sidebar.clone(), app.moved_only);
        #[cfg(debug_assertions)]
        let said = (app.status.clone(), app.messages.len());
        app.handle_key(key);
        let ahead =
            (app.moved_only && (app.reader != reader || app.sidebar != sidebar)).then(|| Ahead {
                key,
                reader: app.reader.clone(),
                sidebar: app.sidebar.clone(),
            });
        // A move of the cursor says nothing, nor opens anything: what is put back below is
        // all it changed.
        #[cfg(debug_assertions)]
        if ahead.is_some() {
            debug_assert_eq!(said, (app.status.clone(), app.messages.len()));
            debug_assert!(app.mode.is_normal() && app.focus == Focus::Reader);
        }
        let drawn = match ahead {
            Some(_) => draw(app),
            None => Ok(()),
        };
        (app.reader, app.sidebar, app.moved_only) = (reader, sidebar, moved_only);
        drawn.map(|()| ahead)
    }

    /// Whether the key just handled by `app` left it as the key pressed ahead did: it only
    /// moved the cursor, to the same place. Then, nothing else having happened to `app` since
    /// the key was pressed ahead, the frame drawn ahead is the frame of `app`.
    pub fn left_alike(&self, app: &App) -> bool {
        app.moved_only && app.reader == self.reader && app.sidebar == self.sidebar
    }
}
