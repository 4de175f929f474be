//! Where many quotes occur in one text, found in one pass over it.
//!
//! Placing a changed document's annotations needs every word-for-word occurrence of every quote
//! (see `anchor`), and a quote's context depends on its other occurrences (see `context`).
//! Looking for each quote on its own costs the text's length per annotation; an Aho–Corasick
//! automaton of all of them (A. V. Aho and M. J. Corasick, "Efficient string matching: an aid to
//! bibliographic search", CACM 18(6), 1975; the `aho-corasick` crate) finds them all in one scan,
//! so that the cost is the text's length plus the occurrences found.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

/// One occurrence of a quote: where it begins, in bytes and in code points of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub byte: usize,
    pub char: usize,
}

/// Every occurrence of each of a set of quotes in one text, overlapping ones too.
#[derive(Debug, Default)]
pub struct Occurrences {
    /// Each distinct non-empty quote and the slot of its occurrences in `found`.
    slots: HashMap<String, usize>,
    /// Per slot, in text order.
    found: Vec<Vec<Occurrence>>,
}

impl Occurrences {
    /// Finds every occurrence of every one of `quotes` in `text`. Empty quotes occur nowhere.
    pub fn find<'q>(text: &str, quotes: impl IntoIterator<Item = &'q str>) -> Occurrences {
        let mut slots = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        for quote in quotes {
            if !quote.is_empty() && !slots.contains_key(quote) {
                slots.insert(quote.to_owned(), patterns.len());
                patterns.push(quote);
            }
        }
        let mut found = vec![Vec::new(); patterns.len()];
        if patterns.is_empty() {
            return Occurrences { slots, found };
        }
        let lengths: Vec<usize> = patterns.iter().map(|p| p.chars().count()).collect();
        // Built from a list of literal strings, which the automaton's builder always accepts.
        let automaton = AhoCorasick::new(&patterns).expect("an automaton of literal quotes");
        // Overlapping matches come in the order of their ends, so that code points are counted
        // once over the whole text, from one end to the next.
        let (mut counted_bytes, mut counted_chars) = (0, 0);
        for m in automaton.find_overlapping_iter(text) {
            let slot = m.pattern().as_usize();
            if m.end() >= counted_bytes {
                counted_chars += text[counted_bytes..m.end()].chars().count();
                counted_bytes = m.end();
            } else {
                counted_chars -= text[m.end()..counted_bytes].chars().count();
                counted_bytes = m.end();
            }
            found[slot].push(Occurrence {
                byte: m.start(),
                char: counted_chars - lengths[slot],
            });
        }
        Occurrences { slots, found }
    }

    /// Where `quote` occurs, in text order; nothing for a quote that was not looked for.
    pub fn of(&self, quote: &str) -> &[Occurrence] {
        self.slots
            .get(quote)
            .map_or(&[], |&slot| self.found[slot].as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::documents::text::CharIndex;

    #[test]
    fn every_occurrence_of_every_quote_in_bytes_and_code_points() {
        let text = "«aXa» aXaXa — ünïcode aXa, and a quote inside another: ünï.";
        let quotes = ["aXa", "ünïcode", "ünï", "absent", "", "aXa"];
        let found = Occurrences::find(text, quotes);
        let index = CharIndex::new(text);
        for quote in quotes {
            let expected: Vec<Occurrence> = (0..text.len())
                .filter(|&b| text.is_char_boundary(b) && !quote.is_empty())
                .filter(|&b| text[b..].starts_with(quote))
                .map(|byte| Occurrence {
                    byte,
                    char: index.byte_to_char(text, byte),
                })
                .collect();
            assert_eq!(found.of(quote), expected, "{quote:?}");
        }
        assert_eq!(found.of("aXa").len(), 4);
        assert_eq!(found.of("ünï").len(), 2);
        assert!(found.of("not looked for").is_empty());
    }
}
