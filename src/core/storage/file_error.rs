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
    #[error("{path}: cannot write {what}: {source}; it is as it was")]
    Write {
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

/// 1-based line and character column of a byte offset in `text`. Counts from the start of the
/// text: for the many offsets of one file, use a [`LineIndex`].
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_and_column(offset)
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    line_and_column(text, offset).0
}

/// Where the lines of a text start, found in one pass, so that the line of each of many offsets
/// costs a binary search instead of a count from the start of the text (which made reading a
/// file of n annotations take time in n²).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line of byte offset `offset`; past the end counts as the end.
    pub fn line(&self, offset: usize) -> usize {
        self.line_and_column(offset).0
    }

    /// 1-based line and character column of byte offset `offset`; an offset inside a character
    /// counts as that character's start, one past the end as the end.
    pub fn line_and_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The number of line starts at or before `offset` is its line.
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = self.text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
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

    #[test]
    fn the_index_agrees_with_counting_from_the_start() {
        let text = "\nab\n«é»\n\nlast line without end";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[before.len() - column..].chars().count() + 1;
            assert_eq!(
                index.line_and_column(offset),
                (line, column),
                "offset {offset}"
            );
        }
    }
}
