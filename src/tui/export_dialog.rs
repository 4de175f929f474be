//! The export dialog (`e`): a format and a scope, written into `exports/` beside the corpus under
//! a timestamped name. The export runs on the input path: it reads each document in scope once
//! and writes one file, a few milliseconds on the shipped corpus.

use std::path::PathBuf;

use crate::core::export::{self, Format, Material, Options, Scope};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope as KeyScope};
use crate::tui::state::{App, Mode, Panes};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDialog {
    /// Index into [`Format::ALL`].
    pub format: usize,
    pub whole_corpus: bool,
    /// The line the arrows change: 0 the format, 1 the scope.
    pub row: usize,
    /// Where the export went, or why it failed, once written.
    pub written: Option<Result<PathBuf, String>>,
    /// What the export had to leave out, and why: shown in the dialog, whole.
    pub left_out: Vec<String>,
}

impl ExportDialog {
    pub fn format(&self) -> Format {
        Format::ALL[self.format]
    }
}

impl Component for ExportDialog {
    fn scope(&self) -> KeyScope {
        KeyScope::Export
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        if self.written.is_some() {
            return vec![Hint::text("any key closes")];
        }
        vec![
            Hint::keys(&[Action::Choose], "export"),
            Hint::keys(&[Action::Close], "cancel"),
        ]
    }

    /// Once written, any key closes the dialog: what it says was read.
    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        if self.written.is_some() {
            return Outcome::Close;
        }
        let Resolved::Action(action) = key else {
            return Outcome::Stay;
        };
        let n = Format::ALL.len();
        match action {
            Action::Close => return Outcome::Close,
            Action::Choose => app.export(self),
            Action::RowDown | Action::RowUp => self.row = 1 - self.row,
            Action::NextChoice if self.row == 0 => self.format = (self.format + 1) % n,
            Action::PreviousChoice if self.row == 0 => self.format = (self.format + n - 1) % n,
            Action::NextChoice | Action::PreviousChoice if app.open.is_some() => {
                self.whole_corpus = !self.whole_corpus;
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::export::render(app, self, screen, buf);
    }
}

impl App {
    pub fn open_export_dialog(&mut self) {
        self.mode = Mode::Export(ExportDialog {
            format: 0,
            whole_corpus: self.open.is_none(),
            row: 0,
            written: None,
            left_out: Vec::new(),
        });
    }

    fn export(&mut self, dialog: &mut ExportDialog) {
        let format = dialog.format();
        let open = self.open.as_ref().filter(|_| !dialog.whole_corpus);
        let (scope, what) = match open {
            Some(o) => {
                let rel = &self.corpus.entries[o.entry].rel_path;
                let name = rel.rsplit('/').next().unwrap_or(rel);
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                let scope = Scope {
                    documents: vec![rel.clone()],
                    tags: Vec::new(),
                };
                (scope, stem.to_owned())
            }
            None => (Scope::default(), "corpus".to_owned()),
        };
        let time = (self.stamp)().time;
        let path =
            export::exports_dir(&self.corpus.root).join(export::file_name(format, &what, &time));
        let result = Material::collect(&self.corpus, &scope)
            .and_then(|material| {
                export::write_to(format, &material, Options::default(), &path)?;
                Ok(material.left_out)
            })
            .map_err(|e| e.to_string());
        let mut left = Vec::new();
        let written = match result {
            Ok(left_out) => {
                let mut text = format!("exported to {}", path.display());
                if !left_out.is_empty() {
                    text.push_str(&format!(" ({} left out: {})", left_out.len(), left_out[0]));
                }
                self.set_status(text, false);
                left = left_out;
                Ok(path)
            }
            Err(e) => {
                self.set_status(format!("not exported: {e}"), true);
                Err(e)
            }
        };
        dialog.written = Some(written);
        dialog.left_out = left;
    }
}
