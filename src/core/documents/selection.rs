//! A span being chosen in a document, as in vim's visual mode: one end stays where it is
//! (`fixed`), the other (`moving`) follows the sentence, word and clause steps, and `swap`
//! exchanges them, so that each end can be refined and keeps its refinement while the other one
//! moves. Offsets are bytes of the document's text; each step looks at a bounded window.

use std::ops::Range;

use crate::core::documents::document::Document;
use crate::core::{documents::quotes, documents::words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The end that stays: a byte offset.
    pub fixed: usize,
    /// The end that the steps move: a byte offset, never equal to `fixed`.
    pub moving: usize,
}

/// Which end of a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Moving,
    Fixed,
}

/// Which way along the text a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// Toward the start of the text.
    Start,
    /// Toward the end of the text.
    End,
}

/// Marks that end a clause and are left out of it: an end stops before them, a start after them.
const SEPARATORS: &[char] = &[',', ';', ':', '—', '–', '，', '；', '：', '、'];
/// Marks that close something opened in the clause: an end stops after them.
const CLOSING: &[char] = &[')', ']', '”', '»', '’', '"', '」', '』', '）'];
/// Marks that open something: a start stops before them.
const OPENING: &[char] = &['(', '[', '“', '«', '‘', '"', '「', '『', '（'];
/// How far a clause step looks.
const WINDOW: usize = 4096;

impl Selection {
    /// A selection of `span` whose end moves.
    pub fn of(span: Range<usize>) -> Selection {
        Selection {
            fixed: span.start,
            moving: span.end,
        }
    }

    pub fn span(&self) -> Range<usize> {
        self.fixed.min(self.moving)..self.fixed.max(self.moving)
    }

    /// Whether the moving end is the end of the span (else its start).
    pub fn moving_is_end(&self) -> bool {
        self.moving > self.fixed
    }

    /// Exchanges the ends: the one that stayed moves from now on.
    pub fn swap(&mut self) {
        std::mem::swap(&mut self.fixed, &mut self.moving);
    }

    /// The sentence the moving end is in: where the cursor is while selecting.
    pub fn moving_sentence(&self, doc: &Document) -> Option<Range<usize>> {
        if self.moving_is_end() {
            doc.sentence_at(self.moving.saturating_sub(1))
        } else {
            doc.sentence_at(self.moving)
        }
    }

    /// Takes the moving end to the sentence `to` (bytes): its end, or its start when the moving
    /// end is the selection's start. Taken past the fixed end's sentence, the moving end turns
    /// round it and that whole sentence stays selected, as vim keeps the character it started on.
    pub fn to_sentence(&mut self, doc: &Document, to: Range<usize>) {
        if self.moving_is_end() {
            if to.end > self.fixed {
                self.moving = to.end;
            } else if let Some(anchor) = doc.sentence_at(self.fixed) {
                self.fixed = anchor.end;
                self.moving = to.start;
            }
        } else if to.start < self.fixed {
            self.moving = to.start;
        } else if let Some(anchor) = doc.sentence_at(self.fixed.saturating_sub(1)) {
            self.fixed = anchor.start;
            self.moving = to.end;
        }
    }

    /// Moves `end` one word `toward` the start or the end of the text, the quotation marks at the
    /// edges paired after it (see `quotes::balance`). A selection never shrinks past its last
    /// word; `false` when nothing changed.
    pub fn step_word(&mut self, text: &str, end: End, toward: Toward) -> bool {
        let span = self.span();
        let at_end = self.moving_is_end() == (end == End::Moving);
        let stepped = match (at_end, toward) {
            (true, Toward::End) => words::next_word_end(text, span.end).map(|e| span.start..e),
            (true, Toward::Start) => {
                words::drop_last_word(text, span.clone()).map(|e| span.start..e)
            }
            (false, Toward::Start) => {
                words::previous_word_start(text, span.start).map(|s| s..span.end)
            }
            (false, Toward::End) => words::drop_first_word(text, span.clone()).map(|s| s..span.end),
        };
        match stepped {
            Some(new) if new.start < new.end => self.set_span(quotes::balance(text, new)),
            _ => false,
        }
    }

    /// Moves the moving end to the next clause mark `toward` the start or the end of the text
    /// (`,` `;` `:` `—`, a closing bracket or quotation mark, or a sentence's edge), never past
    /// the fixed end; `false` when there is none in reach.
    pub fn step_clause(&mut self, doc: &Document, toward: Toward) -> bool {
        let stops = clause_stops(doc, self.moving, self.moving_is_end(), toward);
        let next = match toward {
            Toward::End => stops.into_iter().find(|&b| b > self.moving),
            Toward::Start => stops.into_iter().rev().find(|&b| b < self.moving),
        };
        match next {
            Some(b) if (b > self.fixed) == self.moving_is_end() && b != self.fixed => {
                self.moving = b;
                true
            }
            _ => false,
        }
    }

    /// Puts the ends on `span`, the moving end on the same side as before.
    fn set_span(&mut self, span: Range<usize>) -> bool {
        let before = *self;
        if self.moving_is_end() {
            (self.fixed, self.moving) = (span.start, span.end);
        } else {
            (self.fixed, self.moving) = (span.end, span.start);
        }
        *self != before
    }
}

/// Where an end (`is_end`) or a start of a selection may stop near `at`, in order: by clause marks
/// and sentence edges, within the window on the side `toward`.
fn clause_stops(doc: &Document, at: usize, is_end: bool, toward: Toward) -> Vec<usize> {
    let text = &doc.text;
    let (from, to) = match toward {
        Toward::End => (at, text.floor_char_boundary(at + WINDOW)),
        Toward::Start => (text.floor_char_boundary(at.saturating_sub(WINDOW)), at),
    };
    let mut stops: Vec<usize> = Vec::new();
    for (i, c) in text[from..to].char_indices() {
        let i = from + i;
        // A comma or colon between digits is part of a number or a time ("10,000", "3:30").
        let in_number = text[..i].ends_with(|d: char| d.is_ascii_digit())
            && text[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
        // A `’` between letters is an apostrophe ("country’s", "don’t"), not a closing
        // quotation mark: an end stopped there would cut the word in two.
        let apostrophe = c == '’'
            && text[..i].ends_with(char::is_alphanumeric)
            && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric);
        if in_number || apostrophe {
            continue;
        }
        if is_end && SEPARATORS.contains(&c) {
            stops.push(i - (text[..i].len() - text[..i].trim_end().len()));
        } else if is_end && CLOSING.contains(&c) {
            stops.push(i + c.len_utf8());
        } else if !is_end && SEPARATORS.contains(&c) {
            let after = i + c.len_utf8();
            stops.push(after + (text[after..].len() - text[after..].trim_start().len()));
        } else if !is_end && OPENING.contains(&c) {
            stops.push(i);
        }
    }
    for s in doc.sentences_in(from..to) {
        stops.push(if is_end { s.end } else { s.start });
    }
    stops.sort_unstable();
    stops.dedup();
    stops
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Long said, “We firmly oppose hacking.” He added: the rules (new ones) \
                        stand; nothing else. Then he left.";

    fn doc() -> Document {
        Document::from_text("t.txt", TEXT.to_owned())
    }

    fn at(s: &str) -> usize {
        TEXT.find(s).unwrap()
    }

    fn shown(sel: &Selection) -> &'static str {
        &TEXT[sel.span()]
    }

    /// `)` from the start of "the country’s internet, as it stands" stops at the comma, not
    /// inside "country’s"; a `’` that closes a quotation still stops an end after it.
    #[test]
    fn a_clause_step_passes_over_an_apostrophe() {
        let text = "He spoke of ‘the country’s internet’, as it stands.";
        let doc = Document::from_text("t.txt", text.to_owned());
        let start = text.find("the").unwrap();
        let mut sel = Selection::of(start..start + 3);
        assert!(sel.step_clause(&doc, Toward::End));
        assert_eq!(&text[sel.span()], "the country’s internet’");
    }

    #[test]
    fn the_moving_end_turns_round_the_fixed_sentence() {
        let doc = doc();
        let s = doc.sentences();
        assert!(s.len() >= 3, "{s:?}");
        let mut sel = Selection::of(s[1].clone());
        sel.to_sentence(&doc, s[0].clone());
        assert_eq!(sel.span(), s[0].start..s[1].end);
        assert!(!sel.moving_is_end());
        sel.to_sentence(&doc, s[1].clone());
        assert_eq!(sel.span(), s[1]);
        sel.to_sentence(&doc, s[2].clone());
        assert_eq!(sel.span(), s[1].start..s[2].end);
        assert_eq!(sel.moving_sentence(&doc), Some(s[2].clone()));
    }

    #[test]
    fn a_refined_fixed_end_survives_sentence_steps_of_the_moving_end() {
        let doc = doc();
        let s = doc.sentences();
        let mut sel = Selection::of(s[1].clone());
        assert!(sel.step_word(TEXT, End::Fixed, Toward::End));
        assert!(shown(&sel).starts_with("added:"), "{}", shown(&sel));
        sel.to_sentence(&doc, s[2].clone());
        assert!(shown(&sel).starts_with("added:"), "{}", shown(&sel));
        assert!(shown(&sel).ends_with("Then he left."));
        // Swapped, the start moves and the end keeps its place.
        sel.swap();
        assert!(sel.step_word(TEXT, End::Moving, Toward::Start));
        assert!(shown(&sel).starts_with("He added:"), "{}", shown(&sel));
        assert!(shown(&sel).ends_with("Then he left."));
    }

    #[test]
    fn clause_steps_stop_at_marks_and_never_cross_the_fixed_end() {
        let doc = doc();
        let mut sel = Selection::of(doc.sentences()[1].clone());
        assert!(sel.step_clause(&doc, Toward::Start));
        assert_eq!(shown(&sel), "He added: the rules (new ones) stand");
        assert!(sel.step_clause(&doc, Toward::Start));
        assert_eq!(shown(&sel), "He added: the rules (new ones)");
        assert!(sel.step_clause(&doc, Toward::Start));
        assert_eq!(shown(&sel), "He added");
        assert!(!sel.step_clause(&doc, Toward::Start));
        assert!(sel.step_clause(&doc, Toward::End));
        assert_eq!(shown(&sel), "He added: the rules (new ones)");
        sel.swap();
        assert!(sel.step_clause(&doc, Toward::End));
        assert_eq!(shown(&sel), "the rules (new ones)");
        assert!(sel.step_clause(&doc, Toward::End));
        assert_eq!(shown(&sel), "(new ones)");
    }

    #[test]
    fn a_clause_step_passes_the_comma_and_colon_of_a_number() {
        let text = "More than 10,000 websites, at 3:30, were hit.";
        let doc = Document::from_text("t.txt", text.to_owned());
        let mut sel = Selection::of(0..4);
        let mut ends = Vec::new();
        while sel.step_clause(&doc, Toward::End) {
            ends.push(&text[sel.span()]);
        }
        assert_eq!(
            ends,
            [
                "More than 10,000 websites",
                "More than 10,000 websites, at 3:30",
                "More than 10,000 websites, at 3:30, were hit."
            ]
        );
    }

    #[test]
    fn word_steps_keep_quotation_marks_paired() {
        let doc = doc();
        let mut sel = Selection::of(doc.sentences()[0].clone());
        assert!(sel.step_word(TEXT, End::Fixed, Toward::End));
        assert_eq!(shown(&sel), "said, “We firmly oppose hacking.”");
        assert!(sel.step_word(TEXT, End::Fixed, Toward::End));
        assert_eq!(shown(&sel), "“We firmly oppose hacking.”");
        assert!(sel.step_word(TEXT, End::Fixed, Toward::End));
        assert_eq!(shown(&sel), "firmly oppose hacking");
        assert_eq!(at("firmly"), sel.fixed);
    }
}
