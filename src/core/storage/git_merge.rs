//! Merging three versions of one annotation file, as git's merge driver `gloss
//! merge-annotations` does when two coders changed the same file: annotations are matched by
//! id ([`merge`](crate::core::storage::merge::merge)), so two coders who each added annotations to the
//! same document never conflict.

use std::path::Path;

use crate::core::storage::merge::{self, Conflict};
use crate::core::storage::store::{self, AnnotationFile, StoreError};

fn list(file: &Option<AnnotationFile>) -> &[crate::core::annotation::Annotation] {
    file.as_ref().map_or(&[], |f| &f.annotations)
}

/// The merged file's text, with what the merge had to decide (the same annotation changed on
/// both sides, or changed on one and deleted on the other).
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub conflicts: Vec<Conflict>,
}

/// Merges `theirs` into `ours` since `base`, each the text of an annotation file (`base` is
/// empty when the file is new on both sides). `path` names the file in errors. A version that
/// does not parse is an error: nothing is merged, and the caller leaves git's own conflict.
///
/// When the two sides' annotations refer to different texts of the document (different
/// `content_hash`), the merged file records none, so that gloss places every annotation in
/// the current text again when it next opens the document.
pub fn merge_texts(
    base: &str,
    ours: &str,
    theirs: &str,
    path: &Path,
) -> Result<Merged, StoreError> {
    let parse = |text: &str| -> Result<Option<AnnotationFile>, StoreError> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            store::from_toml(text, path).map(Some)
        }
    };
    let (base, ours, theirs) = (parse(base)?, parse(ours)?, parse(theirs)?);
    let merged = merge::merge(list(&base), list(&theirs), list(&ours));
    let Some(mut file) = ours.clone().or_else(|| theirs.clone()) else {
        return Ok(Merged {
            text: String::new(),
            conflicts: merged.conflicts,
        });
    };
    if let (Some(o), Some(t)) = (&ours, &theirs)
        && o.content_hash != t.content_hash
    {
        file.content_hash = String::new();
    }
    file.annotations = merged.annotations;
    Ok(Merged {
        text: store::to_toml(&file),
        conflicts: merged.conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{Annotation, Stamp};
    use crate::core::documents::text::{CharIndex, content_hash};

    const TEXT: &str = "One sentence here. Another one there.";

    fn file(annotations: Vec<Annotation>) -> String {
        store::to_toml(&AnnotationFile {
            document: "doc.txt".into(),
            content_hash: content_hash(TEXT),
            annotations,
            extra: Vec::new(),
        })
    }

    fn ann(coder: &str, span: std::ops::Range<usize>) -> Annotation {
        let stamp = Stamp {
            annotator: coder.into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        Annotation::new(TEXT, &CharIndex::new(TEXT), span, vec!["x".into()], &stamp)
    }

    #[test]
    fn both_sides_additions_are_kept() {
        let shared = ann("alice", 0..3);
        let base = file(vec![shared.clone()]);
        let ours = file(vec![shared.clone(), ann("alice", 4..12)]);
        let theirs = file(vec![shared.clone(), ann("bob", 4..12)]);
        let merged = merge_texts(&base, &ours, &theirs, Path::new("doc.txt.toml")).unwrap();
        let back = store::from_toml(&merged.text, Path::new("x")).unwrap();
        assert_eq!(back.annotations.len(), 3);
        assert_eq!(back.content_hash, content_hash(TEXT));
        assert!(merged.conflicts.is_empty());
        let new_on_both = merge_texts("", &ours, &theirs, Path::new("x")).unwrap();
        assert_eq!(
            store::from_toml(&new_on_both.text, Path::new("x"))
                .unwrap()
                .annotations
                .len(),
            3
        );
    }

    #[test]
    fn a_broken_side_is_an_error() {
        let ours = file(vec![ann("alice", 0..3)]);
        let err = merge_texts("", &ours, "[[annotation]\n", Path::new("doc.txt.toml")).unwrap_err();
        assert!(err.to_string().starts_with("doc.txt.toml:1:"), "{err}");
    }
}
