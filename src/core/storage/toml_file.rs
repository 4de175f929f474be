//! Reading the TOML files gloss keeps and people edit by hand (annotation files, `tags.toml`,
//! `config.toml`, marks, positions, the rename journal, a document's front matter): one place
//! that reads them and says where in the text a mistake is, so that every message about such a
//! file names the same line and column for the same mistake.

use std::io;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::core::storage::file_error::line_and_column;

/// Why a TOML text did not parse as what was asked of it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlError {
    /// Byte offset in the text of the start of the mistake (0 when the parser gives none).
    pub offset: usize,
    /// 1-based line and character column of `offset`.
    pub line: usize,
    pub column: usize,
    /// The parser's message, trimmed.
    pub message: String,
}

impl TomlError {
    /// Where in `text` (the text `error` came from) the error is.
    pub fn new(text: &str, error: &toml::de::Error) -> TomlError {
        let offset = error.span().map_or(0, |s| s.start);
        let (line, column) = line_and_column(text, offset);
        TomlError {
            offset,
            line,
            column,
            message: error.message().trim().to_owned(),
        }
    }
}

/// Parses `text` as a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, TomlError> {
    toml::from_str(text).map_err(|e| TomlError::new(text, &e))
}

/// The text of the file at `path`; `None` if there is no such file, which for the files gloss
/// keeps means "nothing yet".
pub fn read(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Two {
        a: u8,
        b: String,
    }

    #[test]
    fn an_error_says_the_line_and_column_of_the_mistake() {
        let err = parse::<Two>("a = 1\nb = 2\n").unwrap_err();
        assert_eq!((err.line, err.column, err.offset), (2, 5, 10));
        assert!(err.message.contains("string"), "{}", err.message);
        let err = parse::<Two>("a = 1\n[[b\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn a_missing_file_is_none_and_a_folder_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(&dir.path().join("none.toml")).unwrap().is_none());
        assert!(read(dir.path()).is_err());
    }
}
