//! Searching every document of a corpus for a pattern, on a thread, the hits streamed back as
//! they are found: each with its document, line number and the text around it on its line
//! (keyword in context).

use std::ops::Range;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use crate::core::documents::{document, text};
use crate::core::queries::search::Pattern;

/// A search stops after this many hits: more than anyone reads through, and a bound on memory
/// for a pattern that matches nearly everything.
pub const MAX_HITS: usize = 10_000;
/// Characters of context kept on each side of a hit, within its line.
const CONTEXT_CHARS: usize = 60;
/// Characters of a long match kept for display.
const MATCH_CHARS: usize = 200;
/// Hits sent at once.
const BATCH: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the document in the corpus.
    pub entry: usize,
    /// 1-based line of the match's start.
    pub line: usize,
    /// Byte range of the match in the document's canonical text.
    pub span: Range<usize>,
    /// The end of the line before the match, the match (cut when very long), and the start of
    /// the line after it.
    pub before: String,
    pub matched: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrepEvent {
    Hits(Vec<Hit>),
    /// A document has been searched through; `error` says why it could not be read.
    Searched {
        entry: usize,
        error: Option<String>,
    },
}

/// Searches `documents` (corpus index and path), in that order, on a thread of its own. The
/// channel closes when all are searched or `MAX_HITS` are found; dropping the receiver stops the
/// search at the next batch.
pub fn search_corpus(documents: Vec<(usize, PathBuf)>, pattern: Pattern) -> Receiver<GrepEvent> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut total = 0;
        for (entry, path) in documents {
            let text = match document::read_file(&path, text::decode_owned) {
                Ok(decoded) => decoded.text,
                Err(error) => {
                    let searched = GrepEvent::Searched {
                        entry,
                        error: Some(error.to_string()),
                    };
                    if tx.send(searched).is_err() {
                        return;
                    }
                    continue;
                }
            };
            let mut batch = Vec::new();
            let mut lines = Lines::default();
            for span in pattern.find_iter(&text) {
                batch.push(hit(&text, entry, lines.of(&text, span.start), span));
                total += 1;
                if total == MAX_HITS || batch.len() == BATCH {
                    if tx
                        .send(GrepEvent::Hits(std::mem::take(&mut batch)))
                        .is_err()
                    {
                        return;
                    }
                    if total == MAX_HITS {
                        return;
                    }
                }
            }
            if !batch.is_empty() && tx.send(GrepEvent::Hits(batch)).is_err() {
                return;
            }
            if tx.send(GrepEvent::Searched { entry, error: None }).is_err() {
                return;
            }
        }
    });
    rx
}

/// Line numbers of increasing offsets, counting each line break once.
#[derive(Default)]
struct Lines {
    counted_to: usize,
    breaks: usize,
}

impl Lines {
    fn of(&mut self, text: &str, offset: usize) -> usize {
        self.breaks += text[self.counted_to..offset].matches('\n').count();
        self.counted_to = offset;
        self.breaks + 1
    }
}

fn hit(text: &str, entry: usize, line: usize, span: Range<usize>) -> Hit {
    // Look no further than the context could reach, so that a megabyte-long line costs no more
    // than a short one.
    let reach = CONTEXT_CHARS * 4;
    let from = floor_boundary(text, span.start.saturating_sub(reach));
    let before = &text[from..span.start];
    let before = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    let to = ceil_boundary(text, span.end + reach);
    let after = &text[span.end..to];
    let after = after.find('\n').map_or(after, |i| &after[..i]);
    Hit {
        entry,
        line,
        before: last_chars(before, CONTEXT_CHARS).to_owned(),
        matched: first_chars(&text[span.clone()], MATCH_CHARS).to_owned(),
        after: first_chars(after, CONTEXT_CHARS).to_owned(),
        span,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn last_chars(s: &str, n: usize) -> &str {
    match n.checked_sub(1).and_then(|k| s.char_indices().rev().nth(k)) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::queries::search::drain;

    fn run(files: &[(&str, &str)], pattern: &str) -> (Vec<Hit>, Vec<GrepEvent>) {
        let dir = tempfile::tempdir().unwrap();
        let mut documents = Vec::new();
        for (i, (name, text)) in files.iter().enumerate() {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            documents.push((i, path));
        }
        documents.push((files.len(), dir.path().join("missing.txt")));
        let rx = search_corpus(documents, Pattern::new(pattern).unwrap());
        let (mut hits, mut searched) = (Vec::new(), Vec::new());
        loop {
            let (events, done) = drain(&rx);
            for e in events {
                match e {
                    GrepEvent::Hits(h) => hits.extend(h),
                    other => searched.push(other),
                }
            }
            if done {
                return (hits, searched);
            }
            std::thread::yield_now();
        }
    }

    #[test]
    fn hits_carry_their_document_line_and_context_on_the_line() {
        let (hits, searched) = run(
            &[
                ("a.txt", "One cyber line.\r\nTwo: the Cyber crime law.\n"),
                ("b.txt", "nothing here\n"),
                ("c.txt", "\u{feff}中文 cyber 中文"),
            ],
            "cyber",
        );
        let summary: Vec<(usize, usize, &str, &str, &str)> = hits
            .iter()
            .map(|h| {
                (
                    h.entry,
                    h.line,
                    h.before.as_str(),
                    h.matched.as_str(),
                    h.after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (0, 1, "One ", "cyber", " line."),
                (0, 2, "Two: the ", "Cyber", " crime law."),
                (2, 1, "中文 ", "cyber", " 中文"),
            ]
        );
        // Offsets are bytes of the canonical text: CRLF read as LF, the byte-order mark gone.
        assert_eq!(hits[1].span, 25..30);
        assert_eq!(hits[2].span, 7..12);
        assert_eq!(searched.len(), 4);
        assert!(
            matches!(&searched[3], GrepEvent::Searched { entry: 3, error: Some(e) } if e.contains("cannot read"))
        );
    }

    #[test]
    fn context_is_cut_to_a_number_of_characters_even_on_a_very_long_line() {
        let line = format!("{}needle{}", "é".repeat(5000), "ü".repeat(5000));
        let (hits, _) = run(&[("long.txt", &line)], "needle");
        assert_eq!(hits[0].before, "é".repeat(CONTEXT_CHARS));
        assert_eq!(hits[0].after, "ü".repeat(CONTEXT_CHARS));
        assert_eq!(hits[0].line, 1);
    }

    #[test]
    fn the_search_stops_at_the_most_hits_it_keeps() {
        let text = "x ".repeat(MAX_HITS + 50);
        let (hits, _) = run(&[("x.txt", &text)], "x");
        assert_eq!(hits.len(), MAX_HITS);
    }
}
