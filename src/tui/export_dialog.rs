//! The export dialog (`e`): a format and a scope, written into `exports/` beside the corpus under
//! a timestamped name. The export runs on the input path: it reads each document in scope once
//! and writes one file, a few milliseconds on the shipped corpus.

use std::path::PathBuf;

use crate::core::export::{self, Format, Material, Options, Scope};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::state::{App, Mode};

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

    pub fn export_key(&mut self, key: Key) {
        let has_document = self.open.is_some();
        let Mode::Export(dialog) = &mut self.mode else {
            return;
        };
        if dialog.written.is_some() {
            self.mode = Mode::Normal;
            return;
        }
        let n = Format::ALL.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Normal,
            KeyCode::Enter => self.export(),
            KeyCode::Char('j' | 'k') | KeyCode::Down | KeyCode::Up | KeyCode::Tab => {
                dialog.row = 1 - dialog.row;
            }
            KeyCode::Char('l' | ' ') | KeyCode::Right if dialog.row == 0 => {
                dialog.format = (dialog.format + 1) % n;
            }
            KeyCode::Char('h') | KeyCode::Left if dialog.row == 0 => {
                dialog.format = (dialog.format + n - 1) % n;
            }
            KeyCode::Char('h' | 'l' | ' ') | KeyCode::Left | KeyCode::Right if has_document => {
                dialog.whole_corpus = !dialog.whole_corpus;
            }
            _ => {}
        }
    }

    fn export(&mut self) {
        let Mode::Export(dialog) = &self.mode else {
            return;
        };
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
        if let Mode::Export(dialog) = &mut self.mode {
            dialog.written = Some(written);
            dialog.left_out = left;
        }
    }
}
