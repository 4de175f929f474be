//! The export dialog (`e`): a format and a scope, written into `exports/` beside the corpus under
//! a timestamped name. The export runs on the input path: it reads each document in scope once
//! and writes one file, a few milliseconds on the shipped corpus.

use std::path::PathBuf;

use crate::core::formats::coders::NoSuchCoder;
use crate::core::formats::{self, ExportError, Format, Material, Options, Scope};
use crate::core::user_state::session::ExportChoice;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope as KeyScope};
use crate::tui::state::{App, Mode, Panes};

#[derive(Debug)]
pub struct ExportDialog {
    /// Index into [`Format::ALL`].
    pub format: usize,
    pub whole_corpus: bool,
    /// Whose annotations go out: each choice a set of coders (the first, empty, everyone's;
    /// then the reader's `:coders` choice if any, then each coder alone; in blind coding the
    /// coder's own only), and the one chosen.
    pub coder_choices: Vec<Vec<String>>,
    pub coders: usize,
    /// The line the arrows change: 0 the format, 1 the scope, 2 the coders.
    pub row: usize,
    /// Where the export went, or why it failed, once written.
    pub written: Option<Result<PathBuf, NotExported>>,
    /// What the export had to leave out, and why: shown in the dialog, whole.
    pub left_out: Vec<String>,
}

/// Why the dialog wrote nothing: the scope or the file failed ([`ExportError`]), or a coder
/// chosen has no annotation in the scope. Said as the error it holds.
#[derive(Debug, thiserror::Error)]
pub enum NotExported {
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Coder(#[from] NoSuchCoder),
}

impl ExportDialog {
    pub fn format(&self) -> Format {
        Format::ALL[self.format]
    }

    /// The coders whose annotations are exported; empty for everyone's.
    pub fn coders(&self) -> &[String] {
        &self.coder_choices[self.coders]
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
            // Whose annotations may go out follows, as if the dialog were opened again.
            Action::ToggleBlind => {
                app.apply(action);
                (self.coder_choices, self.coders) = app.coder_choices();
            }
            Action::RowDown => self.row = (self.row + 1) % 3,
            Action::RowUp => self.row = (self.row + 2) % 3,
            Action::NextChoice if self.row == 2 => {
                self.coders = (self.coders + 1) % self.coder_choices.len();
            }
            Action::PreviousChoice if self.row == 2 => {
                let n = self.coder_choices.len();
                self.coders = (self.coders + n - 1) % n;
            }
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
    /// Opens the dialog on the format and scope chosen last (in this run or an earlier one).
    pub fn open_export_dialog(&mut self) {
        self.finish_scan();
        let (coder_choices, coders) = self.coder_choices();
        let last = self.session.as_ref().and_then(|s| s.export());
        self.mode = Mode::Export(ExportDialog {
            format: last
                .and_then(|c| Format::ALL.iter().position(|f| f.name() == c.format))
                .unwrap_or(0),
            coder_choices,
            coders,
            whole_corpus: self.open.is_none() || last.is_some_and(|c| c.whole_corpus),
            row: 0,
            written: None,
            left_out: Vec::new(),
        });
    }

    /// Whose annotations the dialog offers to export ([`ExportDialog::coder_choices`]), and the
    /// one chosen at first.
    fn coder_choices(&self) -> (Vec<Vec<String>>, usize) {
        let mut coder_choices = vec![Vec::new()];
        if self.coding.blind {
            // Blind coding hides the others' work: no file of it either.
            coder_choices = vec![vec![self.coding.coder.clone()]];
        } else if !self.coding.coders.is_empty() {
            coder_choices.push(self.coding.coders.clone());
        }
        for coder in self
            .corpus_coders()
            .into_iter()
            .filter(|_| !self.coding.blind)
        {
            if !coder_choices.iter().any(|c| *c == [coder.clone()]) {
                coder_choices.push(vec![coder]);
            }
        }
        // The reader's choice first: what is on screen is what goes out unless changed.
        let coders = usize::from(!self.coding.blind && !self.coding.coders.is_empty());
        (coder_choices, coders)
    }

    fn export(&mut self, dialog: &mut ExportDialog) {
        let format = dialog.format();
        let open = self.open.as_ref().filter(|_| !dialog.whole_corpus);
        let remembered = self.session.as_mut().map(|session| {
            session.set_export(ExportChoice {
                format: format.name().to_owned(),
                whole_corpus: dialog.whole_corpus,
            });
            session.save()
        });
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
            formats::exports_dir(&self.corpus.root).join(formats::file_name(format, &what, &time));
        let coders = dialog.coders().to_vec();
        let result = Material::collect(&self.corpus, &scope)
            .map_err(NotExported::from)
            .and_then(|mut material| {
                crate::core::formats::coders::keep(&mut material, &coders)?;
                formats::write_to(format, &material, Options::default(), &path)?;
                Ok(material.all_left_out())
            });
        let mut left = Vec::new();
        let written = match result {
            Ok(left_out) => {
                let mut text = format!("exported to {}", path.display());
                if format == Format::Csv {
                    let links = formats::csv::links_path(&path);
                    let name = links.file_name().unwrap_or_default().to_string_lossy();
                    text.push_str(&format!(" (links in {name})"));
                }
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
        if let Some(Err(why)) = remembered {
            self.set_status(why.to_string(), true);
        }
        dialog.written = Some(written);
        dialog.left_out = left;
    }
}
