//! Where places in one version of a text are in another, by the rules that place annotations
//! (see `reanchor`): for what the reader holds that is not an annotation, the cursor sentence and
//! a selection, when the open document is read again after it changed on disk.

use std::ops::Range;

use crate::core::anchoring::reanchor;
use crate::core::annotation::{Annotation, Placement, Stamp};
use crate::core::documents::text::CharIndex;

/// Where each of `spans` (byte ranges of `old`) is in `new`, as byte ranges of `new`: `None`
/// for one that is not there for certain (gone, edited, or only guessed at), so that nothing is
/// ever put on text that only resembles what was there. Each span is looked for as an annotation
/// on it would be, its words and their context. Costs a pass over `new` and its code points
/// (four bytes each) while it runs: not for the input path of a large document.
pub fn follow(
    spans: &[Range<usize>],
    old: (&str, &CharIndex),
    new: (&str, &CharIndex),
) -> Vec<Option<Range<usize>>> {
    let nobody = Stamp {
        annotator: String::new(),
        time: String::new(),
    };
    let mut places: Vec<Annotation> = spans
        .iter()
        .map(|span| Annotation::new(old.0, old.1, span.clone(), Vec::new(), &nobody))
        .collect();
    reanchor::reanchor(&mut places, new.0, new.1, true);
    places
        .iter()
        .map(|a| match a.placement {
            Placement::Exact | Placement::Moved => {
                Some(new.1.char_to_byte(new.0, a.start)..new.1.char_to_byte(new.0, a.end))
            }
            Placement::Fuzzy { .. } | Placement::Orphan => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow_in(old: &str, new: &str, spans: &[Range<usize>]) -> Vec<Option<Range<usize>>> {
        let (oi, ni) = (CharIndex::new(old), CharIndex::new(new));
        follow(spans, (old, &oi), (new, &ni))
    }

    #[test]
    fn a_span_follows_its_words_past_a_paragraph_put_before_them() {
        let old = "First one. The claim is here. Last one.";
        let new = "A new paragraph, with é.\n\nFirst one. The claim is here. Last one.";
        let at = old.find("The claim").unwrap()..old.find(" Last").unwrap();
        let to = new.find("The claim").unwrap()..new.find(" Last").unwrap();
        assert_eq!(follow_in(old, new, &[at]), [Some(to)]);
    }

    #[test]
    fn a_span_whose_words_are_gone_or_edited_has_no_place() {
        let old = "First one. The claim is here. Last one.";
        let at = old.find("The claim").unwrap()..old.find(" Last").unwrap();
        let gone = "First one. Last one.";
        let edited = "First one. The claim is there. Last one.";
        assert_eq!(follow_in(old, gone, std::slice::from_ref(&at)), [None]);
        assert_eq!(follow_in(old, edited, &[at]), [None]);
    }
}
