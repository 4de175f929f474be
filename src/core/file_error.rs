//! Errors in the TOML files people write by hand (`tags.toml`, `config.toml`): they name the file
//! and the line, so that the message says where to look.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// `what` names the kind of file ("the tag file").
    #[error("{path}: cannot read {what}: {source}")]
    Read {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    line_and_column(text, offset).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let text = "a = 1\nb = «x»\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, text.find('x').unwrap()), (2, 6));
        assert_eq!(line_of(text, text.len()), 3);
        // An offset inside a character counts as that character's start.
        assert_eq!(line_and_column(text, text.find('x').unwrap() - 1), (2, 5));
    }
}
