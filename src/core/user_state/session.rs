//! What the reader had open and chose last, remembered between runs beside the reading positions
//! (`session.toml` in the same state folder): the document open in each corpus, keyed by the
//! corpus folder's absolute path, and the export dialog's last format and scope.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::user_state::positions::{StateError, corpus_key, read, read_or_afresh, write};

pub const FILE_NAME: &str = "session.toml";

/// What the file holds, for its messages.
const WHAT: &str = "the last open document";

/// The export dialog's choice: a format by its name (`json`, `md`…) and the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportChoice {
    pub format: String,
    pub whole_corpus: bool,
}

/// The file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    export: Option<ExportChoice>,
    /// The document open in each corpus: its path in the corpus, by the corpus's path.
    #[serde(default)]
    open: BTreeMap<String, String>,
}

/// The session of one corpus.
#[derive(Debug)]
pub struct Session {
    path: PathBuf,
    corpus: String,
    document: Option<String>,
    export: Option<ExportChoice>,
}

impl Session {
    /// Reads the session of the corpus at `root` from the file at `path`; a file that cannot be
    /// read or parsed starts an empty one, and the second value says why, for the status bar.
    pub fn load(path: &Path, root: &Path) -> (Session, Option<String>) {
        let corpus = corpus_key(root);
        let (mut saved, problem) = read_or_afresh::<Saved>(
            path,
            WHAT,
            "the file is rewritten when a document is opened",
        );
        let session = Session {
            path: path.to_owned(),
            document: saved.open.remove(&corpus),
            corpus,
            export: saved.export,
        };
        (session, problem)
    }

    /// The document that was open last, by its path in the corpus.
    pub fn document(&self) -> Option<&str> {
        self.document.as_deref()
    }

    pub fn set_document(&mut self, rel_path: &str) {
        self.document = Some(rel_path.to_owned());
    }

    /// The export dialog's last choice.
    pub fn export(&self) -> Option<&ExportChoice> {
        self.export.as_ref()
    }

    pub fn set_export(&mut self, choice: ExportChoice) {
        self.export = Some(choice);
    }

    /// Writes this corpus's document and the export choice into the file as it is now, so that
    /// another gloss on another corpus keeps its own. The error names the file.
    pub fn save(&self) -> Result<(), StateError> {
        let mut saved = read::<Saved>(&self.path, WHAT).unwrap_or_default();
        if let Some(doc) = &self.document {
            saved.open.insert(self.corpus.clone(), doc.clone());
        }
        if self.export.is_some() {
            saved.export.clone_from(&self.export);
        }
        let fail = |source| StateError::Write {
            path: self.path.clone(),
            what: WHAT,
            source,
        };
        let text = toml::to_string(&saved).map_err(|e| fail(std::io::Error::other(e)))?;
        write(&self.path, &text).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_and_export_choice_survive_and_other_corpora_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state").join(FILE_NAME);
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let (mut in_a, problem) = Session::load(&file, &a);
        assert!(problem.is_none());
        let (mut in_b, _) = Session::load(&file, &b);
        in_a.set_document("x/doc.txt");
        in_a.save().unwrap();
        in_b.set_document("other.txt");
        let md = ExportChoice {
            format: "md".into(),
            whole_corpus: true,
        };
        in_b.set_export(md.clone());
        in_b.save().unwrap();
        let (again, _) = Session::load(&file, &a);
        assert_eq!(again.document(), Some("x/doc.txt"));
        assert_eq!(again.export(), Some(&md));
        assert_eq!(Session::load(&file, &b).0.document(), Some("other.txt"));
        std::fs::write(&file, "open = 3\n").unwrap();
        let (broken, problem) = Session::load(&file, &a);
        assert_eq!(broken.document(), None);
        assert!(problem.unwrap().contains("session.toml:1:"));
    }
}
