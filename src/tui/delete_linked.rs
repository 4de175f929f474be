//! Deleting an annotation that other annotations link to asks first: the question says how many
//! links point to it and from which documents. Deleted, the links stay as they are, pointing
//! nowhere (`gloss check` reports them) until one undo brings the annotation back, which mends
//! them all: nothing in the other annotations was changed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::fit::fit;
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Panes};

/// The question before deleting an annotation that is the target of links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteLinked {
    /// The annotation's document, as an index of the corpus's entries.
    pub entry: usize,
    pub id: String,
    /// What is asked: the annotation, its links and where they come from.
    pub question: String,
}

impl DeleteLinked {
    /// The question for the annotation `id` of `entry`, or `None` when no annotation of the
    /// documents read links to it (see [`App::link_index`]).
    pub fn of(app: &App, entry: usize, id: &str) -> Option<DeleteLinked> {
        let inbound = app.link_index().inbound(id);
        if inbound.is_empty() {
            return None;
        }
        // Each document that links to it, with how many links, in the corpus's order.
        let mut from: Vec<(usize, usize)> = Vec::new();
        for link in inbound {
            match from.iter_mut().find(|(d, _)| *d == link.place.document) {
                Some((_, n)) => *n += 1,
                None => from.push((link.place.document, 1)),
            }
        }
        from.sort();
        let places: Vec<String> = from
            .iter()
            .map(|&(d, n)| {
                let place = if d == entry {
                    "this document".to_owned()
                } else {
                    format!("“{}”", fit(&app.corpus.entries[d].meta.title, 40))
                };
                format!("{n} from {place}")
            })
            .collect();
        let quote = app.corpus.entries[entry]
            .annotations
            .iter()
            .find(|a| a.id == id)
            .map_or_else(String::new, |a| fit(&a.quote, 40));
        let links = crate::core::plural::count(inbound.len(), "link");
        let question = format!(
            "“{quote}” is the target of {links}: {}. Delete it? The links stay, pointing \
             nowhere, until an undo brings it back.",
            places.join(", ")
        );
        Some(DeleteLinked {
            entry,
            id: id.to_owned(),
            question,
        })
    }
}

impl Component for DeleteLinked {
    fn scope(&self) -> Scope {
        Scope::Confirm
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        vec![
            Hint::keys(&[Action::Yes], "delete"),
            Hint::keys(&[Action::No], "keep it"),
        ]
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        match key {
            Resolved::Action(Action::Yes) => {
                app.delete_by_id(self.entry, &self.id);
                Outcome::Close
            }
            Resolved::Action(Action::No) => {
                app.set_status("nothing deleted", false);
                Outcome::Close
            }
            _ => Outcome::Stay,
        }
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        let width = screen.width.min(64);
        let popup = screen.centered(Constraint::Length(width), Constraint::Length(7));
        Clear.render(popup, buf);
        let keys = &app.prefs.keymap;
        let block = app
            .prefs
            .theme
            .block(true)
            .title(" Delete a linked annotation? ")
            .title_bottom(
                Line::from(keys.with_keys(" {yes} delete · {no} keep it ")).right_aligned(),
            );
        let inner = block.inner(popup);
        block.render(popup, buf);
        Paragraph::new(self.question.as_str())
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}
