//! An annotation file's text kept after it is written, with where each annotation's block is in
//! it, so that the next save of the file serialises only the annotations that changed and copies
//! the others' blocks: a tag key among 10,000 annotations re-serialises one. The bytes are
//! those of [`store::to_toml_of`] for the same file, always (a block depends only on its
//! annotation).

use std::ops::Range;
use std::sync::Arc;

use crate::core::annotation::{Annotation, Extras};
use crate::core::storage::store;

/// The text of an annotation file as [`store::to_toml_of`] makes it, with its annotations'
/// blocks.
#[derive(Debug, Default)]
pub struct Serialised {
    text: String,
    /// The annotations written, each with the bytes of its block in `text`, in the file's
    /// order ([`Annotation::sort_key`]).
    blocks: Vec<(usize, Range<usize>)>,
    annotations: Arc<[Annotation]>,
}

impl Serialised {
    /// The file of `document` with `annotations` (in any order), reusing the block of each
    /// annotation that `self` holds unchanged: the same bytes as [`store::to_toml_of`].
    pub fn next(
        &self,
        document: &str,
        content_hash: &str,
        extra: &Extras,
        annotations: &Arc<[Annotation]>,
    ) -> Serialised {
        let mut text = String::with_capacity(self.text.len().max(512) + 512);
        store::write_head(&mut text, document, content_hash, extra);
        let mut order: Vec<usize> = (0..annotations.len()).collect();
        order.sort_by(|&a, &b| annotations[a].sort_key().cmp(&annotations[b].sort_key()));
        // Both in file order: one walk pairs each annotation with the old one of its key.
        let mut old = self.blocks.iter().peekable();
        let mut blocks = Vec::with_capacity(order.len());
        for i in order {
            let a = &annotations[i];
            while old
                .next_if(|(j, _)| self.annotations[*j].sort_key() < a.sort_key())
                .is_some()
            {}
            let from = text.len();
            match old.peek() {
                Some((j, block)) if self.annotations[*j] == *a => {
                    text.push_str(&self.text[block.clone()]);
                }
                _ => store::write_annotation(&mut text, a),
            }
            blocks.push((i, from..text.len()));
        }
        Serialised {
            text,
            blocks,
            annotations: Arc::clone(annotations),
        }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{Placement, Stamp};
    use crate::core::documents::text::CharIndex;
    use crate::core::links::Link;
    use proptest::prelude::*;

    const TEXT: &str =
        "One \"claim\". Another\tclaim.\nA third claim, longer than the others: é ß 中.";

    /// The edits a session makes to a file's annotations, at random.
    #[derive(Debug, Clone)]
    enum Edit {
        Add { start: usize, len: usize, tag: u8 },
        Tag { at: usize, tag: u8 },
        Untag { at: usize },
        Note { at: usize, note: String },
        Move { at: usize, start: usize },
        Place { at: usize, how: u8 },
        Field { at: usize, value: String },
        Link { at: usize, to: usize },
        Delete { at: usize },
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let n = TEXT.chars().count();
        prop_oneof![
            (0..n - 1, 1..20usize, 0..4u8).prop_map(|(start, len, tag)| Edit::Add {
                start,
                len,
                tag
            }),
            (any::<usize>(), 0..4u8).prop_map(|(at, tag)| Edit::Tag { at, tag }),
            any::<usize>().prop_map(|at| Edit::Untag { at }),
            (any::<usize>(), "[a\"\\\\\n\t é]{0,6}").prop_map(|(at, note)| Edit::Note { at, note }),
            (any::<usize>(), 0..n - 1).prop_map(|(at, start)| Edit::Move { at, start }),
            (any::<usize>(), 0..4u8).prop_map(|(at, how)| Edit::Place { at, how }),
            (any::<usize>(), "[a-z\"]{0,4}").prop_map(|(at, value)| Edit::Field { at, value }),
            (any::<usize>(), any::<usize>()).prop_map(|(at, to)| Edit::Link { at, to }),
            any::<usize>().prop_map(|at| Edit::Delete { at }),
        ]
    }

    fn apply(anns: &mut Vec<Annotation>, edit: Edit, time: usize) {
        let index = CharIndex::new(TEXT);
        let stamp = Stamp {
            annotator: if time.is_multiple_of(3) {
                "bob"
            } else {
                "alice"
            }
            .into(),
            time: format!("2026-01-02T03:04:{:02}.{time:06}Z", time % 60),
        };
        let n = TEXT.chars().count();
        let len = anns.len().max(1);
        match edit {
            Edit::Add { start, len, tag } => anns.push(Annotation::new(
                TEXT,
                &index,
                byte_span(start, (start + len).min(n)),
                vec![format!("t{tag}")],
                &stamp,
            )),
            _ if anns.is_empty() => {}
            Edit::Tag { at, tag } => {
                anns[at % len].tags.push(format!("t{tag}"));
                anns[at % len].touch(&stamp);
            }
            Edit::Untag { at } => {
                anns[at % len].tags.pop();
            }
            Edit::Note { at, note } => anns[at % len].note = note,
            Edit::Move { at, start } => {
                let a = &mut anns[at % len];
                let end = (start + 1 + a.end - a.start).min(n);
                a.set_span(TEXT, &index, byte_span(start, end));
            }
            Edit::Place { at, how } => {
                anns[at % len].placement = match how {
                    0 => Placement::Exact,
                    1 => Placement::Moved,
                    2 => Placement::Orphan,
                    _ => Placement::Fuzzy {
                        score: 0.75,
                        confirmed: at % 2 == 0,
                    },
                }
            }
            Edit::Field { at, value } => {
                anns[at % len].fields.insert("speaker".into(), value);
            }
            Edit::Link { at, to } => {
                let to = anns[to % len].id.clone();
                anns[at % len].links.push(Link {
                    kind: "supports".into(),
                    to,
                    extra: Default::default(),
                });
            }
            Edit::Delete { at } => {
                anns.remove(at % len);
            }
        }
    }

    /// The byte span of code points `start..end` of `TEXT`.
    fn byte_span(start: usize, end: usize) -> Range<usize> {
        let byte = |c: usize| TEXT.char_indices().nth(c).map_or(TEXT.len(), |(b, _)| b);
        byte(start)..byte(end)
    }

    proptest! {
        /// Saved after each of random edits, each time from the previous save's blocks, the
        /// file has the bytes the plain serialiser gives for the same annotations.
        #[test]
        fn each_save_has_the_bytes_of_the_plain_serialiser(
            edits in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..25),
        ) {
            let extra: Extras = vec![("kept".into(), toml::Value::Integer(1))];
            let mut anns = Vec::new();
            let mut last = Serialised::default();
            let mut time = 0;
            for batch in edits {
                for edit in batch {
                    time += 1;
                    apply(&mut anns, edit, time);
                }
                let shared: Arc<[Annotation]> = anns.as_slice().into();
                let next = last.next("doc.txt", "sha256:x", &extra, &shared);
                let plain = store::to_toml_of("doc.txt", "sha256:x", &extra, &anns);
                prop_assert_eq!(next.text(), plain.as_str());
                last = next;
            }
        }
    }
}
