//! Finding a pattern in a document's canonical text: a regular expression, case-insensitive
//! unless it has a capital letter (smart case), its matches byte ranges of the text. A document
//! is searched on a thread of its own and the matches come back in batches as they are found, so
//! that a 50 MB document never holds up the keyboard.

use std::convert::Infallible;
use std::fmt::Display;
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use regex::{Regex, RegexBuilder};
use regex_syntax::ast::{self, Ast, ClassSetItem};

use crate::core::documents::document::Document;

/// The most matches a batch holds; the first batches are smaller, so that the first match is
/// seen as soon as it is found.
const MAX_BATCH: usize = 4096;
/// A document search stops after this many matches (16 MB of them): a pattern that matches
/// nearly every character of a 50 MB document would otherwise take gigabytes.
pub const MAX_MATCHES: usize = 1_000_000;
/// A batch is sent at the latest after this much text, so that sparse matches arrive while a
/// long document is still being searched.
const SEND_EVERY_BYTES: usize = 1 << 20;

/// A pattern that does not compile: the pattern as typed, and what is wrong with it and where,
/// in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern “{text}”: {why}")]
pub struct PatternError {
    pub text: String,
    pub why: String,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// As typed.
    pub text: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `text`, ignoring case unless it has a capital letter outside escapes and class
    /// names (`\S`, `\p{Lu}` do not count). `^` and `$` match at line breaks. A space matches
    /// any run of whitespace, so that a phrase is found across the file's line breaks (hard-wrapped
    /// text, reflowed or not) and double spaces (see [`spaces_as_whitespace`]). An invalid
    /// pattern is a one-line message saying what is wrong and where.
    pub fn new(text: &str) -> Result<Pattern, PatternError> {
        let ast = ast::parse::Parser::new()
            .parse(text)
            .map_err(|e| invalid(text, e.kind(), e.span()))?;
        let ignore_case = !ast::visit(&ast, Capitals(false)).unwrap_or(true);
        // Checked here rather than left to `RegexBuilder`, whose messages take several lines.
        regex_syntax::hir::translate::TranslatorBuilder::new()
            .case_insensitive(ignore_case)
            .multi_line(true)
            .build()
            .translate(text, &ast)
            .map_err(|e| invalid(text, e.kind(), e.span()))?;
        let regex = RegexBuilder::new(&spaces_as_whitespace(text, &ast))
            .case_insensitive(ignore_case)
            .multi_line(true)
            .build()
            .map_err(|e| {
                let why = e.to_string();
                PatternError {
                    text: text.to_owned(),
                    why: why.lines().last().unwrap_or_default().to_owned(),
                }
            })?;
        Ok(Pattern {
            text: text.to_owned(),
            regex,
        })
    }

    /// The non-empty matches in `text`, in order. Empty matches (of `x*` or `^`) mark no text
    /// and could not be stepped through, so they are left out.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.regex
            .find_iter(text)
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
    }
}

/// `text` (parsed as `ast`) with each run of literal spaces made `\s+`, and a space that a
/// repetition applies to (` +`, ` {2}`) made `\s`. Spaces in classes (`[ ]`) stay as typed.
fn spaces_as_whitespace(text: &str, ast: &Ast) -> String {
    let Ok(spaces) = ast::visit(ast, Spaces::default());
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, repeated) in spaces {
        out.push_str(&text[at..span.start]);
        out.push_str(if repeated { r"\s" } else { r"\s+" });
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The byte spans of the literal spaces in a pattern, in order, each with whether a repetition
/// applies to it alone; consecutive spaces not repeated are one span.
#[derive(Default)]
struct Spaces(Vec<(Range<usize>, bool)>);

impl ast::Visitor for Spaces {
    type Output = Vec<(Range<usize>, bool)>;
    type Err = Infallible;

    fn finish(self) -> Result<Self::Output, Infallible> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), Infallible> {
        match ast {
            Ast::Repetition(r) if is_space(&r.ast) => {
                let span = r.ast.span();
                self.0.push((span.start.offset..span.end.offset, true));
            }
            Ast::Literal(lit) if lit.c == ' ' => {
                let span = lit.span.start.offset..lit.span.end.offset;
                match self.0.last_mut() {
                    // Already taken as a repetition's, which is visited first.
                    Some((last, true)) if *last == span => {}
                    Some((last, false)) if last.end == span.start => last.end = span.end,
                    _ => self.0.push((span, false)),
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn is_space(ast: &Ast) -> bool {
    matches!(ast, Ast::Literal(lit) if lit.c == ' ')
}

fn invalid(text: &str, kind: impl Display, span: &ast::Span) -> PatternError {
    PatternError {
        text: text.to_owned(),
        why: format!("{kind} (column {})", span.start.column),
    }
}

/// Whether a pattern has a capital letter among its literal characters, as in ripgrep's smart
/// case.
struct Capitals(bool);

impl ast::Visitor for Capitals {
    type Output = bool;
    type Err = Infallible;

    fn finish(self) -> Result<bool, Infallible> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), Infallible> {
        if let Ast::Literal(lit) = ast {
            self.0 |= lit.c.is_uppercase();
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), Infallible> {
        match item {
            ClassSetItem::Literal(lit) => self.0 |= lit.c.is_uppercase(),
            ClassSetItem::Range(r) => self.0 |= r.start.c.is_uppercase() || r.end.c.is_uppercase(),
            _ => {}
        }
        Ok(())
    }
}

/// The matches among `matches` (in text order, as found) that overlap `range`: two binary
/// searches, however many there are.
pub fn overlapping(matches: &[Range<usize>], range: Range<usize>) -> &[Range<usize>] {
    // Matches do not overlap one another, so their ends are in order as well as their starts.
    let first = matches.partition_point(|m| m.end <= range.start);
    let last = matches.partition_point(|m| m.start < range.end);
    &matches[first..last.max(first)]
}

/// Searches `doc` on a thread of its own. The matches arrive in order, in batches; the channel
/// closes once the whole text has been searched or `MAX_MATCHES` were found. Dropping the
/// receiver stops the search at the next batch.
pub fn search_document(doc: Arc<Document>, pattern: Pattern) -> Receiver<Vec<Range<usize>>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut batch = Vec::new();
        let mut size = 1;
        let mut sent_at = 0;
        for m in pattern.find_iter(&doc.text).take(MAX_MATCHES) {
            let end = m.end;
            batch.push(m);
            if batch.len() >= size || end - sent_at >= SEND_EVERY_BYTES {
                if tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                size = (size * 2).min(MAX_BATCH);
                sent_at = end;
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
    });
    rx
}

/// What a search thread has sent since the last call, without waiting, and whether it has
/// finished (its channel is closed).
pub fn drain<T>(rx: &Receiver<T>) -> (Vec<T>, bool) {
    let mut got = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(item) => got.push(item),
            Err(TryRecvError::Empty) => return (got, false),
            Err(TryRecvError::Disconnected) => return (got, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(pattern: &str, text: &'a str) -> Vec<&'a str> {
        let p = Pattern::new(pattern).unwrap();
        p.find_iter(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn a_space_matches_a_line_break_or_a_run_of_whitespace_in_the_text() {
        let text = "take away your\nfreedom to share.  By contrast,\n\tthe GNU";
        assert_eq!(found("your freedom", text), ["your\nfreedom"]);
        assert_eq!(found("share. by", text), ["share.  By"]);
        assert_eq!(found("contrast, the", text), ["contrast,\n\tthe"]);
        // Two spaces typed are one run; a repeated space is one whitespace each.
        assert_eq!(found("away  your", text), ["away your"]);
        assert_eq!(found(r"share\. {2}by", text), ["share.  By"]);
        assert_eq!(found(r"share\. {3}by", text), Vec::<&str>::new());
        // In a class a space is a space, and smart case still sees the typed capitals.
        assert_eq!(found("your[ ]freedom", text), Vec::<&str>::new());
        assert_eq!(found("share. By", text), ["share.  By"]);
        assert_eq!(found("share. BY", text), Vec::<&str>::new());
        assert_eq!(Pattern::new("your freedom").unwrap().text, "your freedom");
    }

    #[test]
    fn smart_case_ignores_case_until_the_pattern_has_a_capital() {
        let text = "China and china and CHINA";
        assert_eq!(found("china", text), ["China", "china", "CHINA"]);
        assert_eq!(found("China", text), ["China"]);
        assert_eq!(found("[C]hina", text), ["China"]);
        assert_eq!(found("[A-D]hina", text), ["China"]);
        // Escapes and class names written in capitals are not capital letters.
        assert_eq!(found(r"\Schina", "xChina"), ["xChina"]);
        assert_eq!(found(r"\p{Greek}+ china", "αβ CHINA"), ["αβ CHINA"]);
        // Case folding is Unicode-aware.
        assert_eq!(found("étatique", "ÉTATIQUE"), ["ÉTATIQUE"]);
        assert_eq!(found("Étatique", "étatique"), Vec::<&str>::new());
    }

    #[test]
    fn patterns_are_regular_expressions_and_lines_anchor() {
        let text = "cyberspace, cybersecurity\nand cyber crime\nCyber";
        assert_eq!(found(r"\bcyber\w+", text), ["cyberspace", "cybersecurity"]);
        assert_eq!(found("^cyber", text), ["cyber", "Cyber"]);
        assert_eq!(found("crime$", text), ["crime"]);
        assert_eq!(found("U.S.", "the U.S. and US"), ["U.S."]);
        assert_eq!(found(r"U\.S\.", "the U.S. and USxS"), ["U.S."]);
    }

    #[test]
    fn empty_matches_are_left_out() {
        assert_eq!(found("x*", "axxb"), ["xx"]);
        assert_eq!(found("^", "a\nb"), Vec::<&str>::new());
    }

    #[test]
    fn an_invalid_pattern_is_one_line_naming_what_and_where() {
        let err = Pattern::new("cyber(space").unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid pattern “cyber(space”: unclosed group (column 6)"
        );
        let err = Pattern::new(r"\p{Klingon}").unwrap_err().to_string();
        assert!(err.contains("Unicode property not found"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = Pattern::new("a{2,1}").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.starts_with("invalid pattern “a{2,1}”: "), "{err}");
    }

    #[test]
    fn overlapping_matches_are_found_by_bisection() {
        let matches = [0..2, 5..8, 10..11, 20..25];
        assert_eq!(overlapping(&matches, 6..10), &matches[1..2]);
        assert!(overlapping(&matches, 2..5).is_empty());
        assert_eq!(overlapping(&matches, 1..21), [0..2, 5..8, 10..11, 20..25]);
        assert!(overlapping(&matches, 30..40).is_empty());
    }

    #[test]
    fn a_document_is_searched_on_a_thread_and_every_match_arrives_in_order() {
        let text = "Alpha beta. ".repeat(5000);
        let doc = Arc::new(Document::from_text("d.txt", text.clone()));
        let rx = search_document(doc, Pattern::new("beta").unwrap());
        let mut all = Vec::new();
        let mut batches = 0;
        loop {
            let (got, done) = drain(&rx);
            batches += got.len();
            all.extend(got.into_iter().flatten());
            if done {
                break;
            }
            std::thread::yield_now();
        }
        let expected: Vec<Range<usize>> =
            text.match_indices("beta").map(|(i, _)| i..i + 4).collect();
        assert_eq!(all, expected);
        assert!(batches > 1, "the first matches came before the rest");
    }
}
