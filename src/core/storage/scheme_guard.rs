//! The last look a save takes at the scheme, under the annotation folder's lock, just before
//! it writes: so that no annotation file gets a tag or a link type that the scheme on disk
//! dropped (renamed by another gloss, or by `gloss rename-link`) between the reader's own look
//! (when the key was pressed) and the write.
//!
//! - While a rename is being made (its journal, see [`rename_journal`], is in the corpus
//!   folder), the save renames as the journal says, in every annotation it writes, whether the
//!   reader's or merged in from the file on disk: the rename's own saves thus also rename what
//!   another gloss wrote meanwhile.
//! - Otherwise, a tag or link type that the save brings (one the annotation did not have in
//!   the file on disk) and that `tags.toml` no longer has is refused: that annotation is
//!   written as the file on disk holds it, and the reader is told.
//!
//! A corpus without `tags.toml` (the built-in scheme) or whose scheme does not read now is not
//! judged: the tag editor's own checks cover those.

use std::collections::HashMap;
use std::path::Path;

use crate::core::annotation::{Annotation, Stamp};
use crate::core::corpus::TAGS_FILE;
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::rename_journal;
use crate::core::tags::TagSet;

/// What the guard made of a save's annotations.
#[derive(Debug, PartialEq)]
pub struct Guarded {
    /// The annotations to write instead.
    pub annotations: Vec<Annotation>,
    /// The names refused, as said to the user ("the tag accusation"), each once.
    pub refused: Vec<String>,
}

/// `tags.toml` as a save last read it, so that the next reads it again only if it changed (a
/// `stat` while it has not).
#[derive(Debug, Default)]
pub struct SchemeCache {
    stamp: Option<FileStamp>,
    tags: Option<TagSet>,
}

impl SchemeCache {
    /// The scheme in the file at `path`; `None` when there is none or it does not read now.
    fn get(&mut self, path: &Path) -> Option<&TagSet> {
        let stamp = FileStamp::of(path).ok().flatten();
        if stamp.is_none() {
            *self = SchemeCache::default();
        } else if stamp != self.stamp {
            self.tags = TagSet::load(path).ok();
            self.stamp = stamp;
        }
        self.tags.as_ref()
    }
}

/// Applies the rename being made in the corpus at `root` to `annotations` (the whole list about
/// to be written), then refuses what the scheme no longer has and `on_disk` (what the file
/// holds now) did not already have. `None` when there is nothing to change, so that a save
/// copies no annotation. Reads the journal (a `stat` when there is none) and `tags.toml`
/// through `cache` (a `stat` while it is unchanged); looks at each annotation's tags and links
/// once.
pub fn guard(
    root: &Path,
    cache: &mut SchemeCache,
    on_disk: &[Annotation],
    annotations: &[Annotation],
) -> Option<Guarded> {
    let journal = rename_journal::read(root).ok().flatten();
    let tags_path = root.join(TAGS_FILE);
    let being_made;
    let scheme = match &journal {
        // The scheme the rename writes, whether or not it is on disk yet.
        Some(journal) => {
            being_made = TagSet::parse(&journal.tags_after, &tags_path).ok();
            being_made.as_ref()
        }
        None => cache.get(&tags_path),
    };
    // The annotations on disk by id, made only if an annotation has a name the scheme lacks.
    let mut by_id: Option<HashMap<&str, &Annotation>> = None;
    // Copied only from the first annotation changed on.
    let mut written: Option<Vec<Annotation>> = None;
    let mut refused: Vec<String> = Vec::new();
    for (i, a) in annotations.iter().enumerate() {
        let renamed = journal.as_ref().and_then(|j| renamed(a, j));
        let current = renamed.as_ref().unwrap_or(a);
        let names = scheme.map(|s| unknown(s, current)).unwrap_or_default();
        let mut before = None;
        let mut dropped = Vec::new();
        if !names.is_empty() {
            let by_id =
                by_id.get_or_insert_with(|| on_disk.iter().map(|o| (o.id.as_str(), o)).collect());
            before = by_id.get(a.id.as_str()).copied();
            // A name the annotation had on disk already (kept from an older scheme, say) is
            // not this save's doing.
            dropped = (names.into_iter())
                .filter(|(kind, name)| !before.is_some_and(|b| had(b, kind, name)))
                .map(|(kind, name)| format!("the {kind} {name}"))
                .collect();
        }
        if renamed.is_none() && dropped.is_empty() {
            if let Some(written) = &mut written {
                written.push(a.clone());
            }
            continue;
        }
        let written = written.get_or_insert_with(|| annotations[..i].to_vec());
        if dropped.is_empty() {
            written.extend(renamed);
            continue;
        }
        for name in dropped {
            if !refused.contains(&name) {
                refused.push(name);
            }
        }
        written.extend(before.cloned());
    }
    written.map(|annotations| Guarded {
        annotations,
        refused,
    })
}

/// `a` renamed as `journal` says, stamped with the rename's author and time; `None` if it has
/// none of the names renamed.
fn renamed(a: &Annotation, journal: &rename_journal::Journal) -> Option<Annotation> {
    let has_tag = journal.renames.iter().any(|(old, _)| a.has_tag(old));
    let has_link =
        (journal.link_renames.iter()).any(|(old, _)| a.links.iter().any(|l| l.kind == *old));
    if !has_tag && !has_link {
        return None;
    }
    let mut a = a.clone();
    for (old, new) in &journal.renames {
        a.rename_tag(old, new);
    }
    for (old, new) in &journal.link_renames {
        crate::core::links::rename(&mut a.links, old, new);
    }
    a.touch(&Stamp {
        annotator: journal.annotator.clone(),
        time: journal.time.clone(),
    });
    Some(a)
}

const TAG: &str = "tag";
const LINK_TYPE: &str = "link type";

/// The tags and link types of `a` that `scheme` lacks, each with what it is.
fn unknown<'a>(scheme: &TagSet, a: &'a Annotation) -> Vec<(&'static str, &'a str)> {
    let tags = (a.tags.iter())
        .filter(|t| scheme.by_name(t).is_none())
        .map(|t| (TAG, t.as_str()));
    let links = (a.links.iter())
        .filter(|l| scheme.link_type(&l.kind).is_none())
        .map(|l| (LINK_TYPE, l.kind.as_str()));
    tags.chain(links).collect()
}

/// Whether `before` has the tag or link type `name` (`kind` says which).
fn had(before: &Annotation, kind: &str, name: &str) -> bool {
    match kind {
        TAG => before.has_tag(name),
        _ => before.links.iter().any(|l| l.kind == name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::documents::text::CharIndex;

    const TEXT: &str = "One claim. Another claim.";
    const SCHEME: &str = "[[tag]]\nname = \"figure\"\nkey = \"f\"\ncolor = \"red\"\n";

    fn tagged(id: &str, tag: &str) -> Annotation {
        let stamp = Stamp {
            annotator: "alice".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut a = Annotation::new(TEXT, &CharIndex::new(TEXT), 0..3, vec![tag.into()], &stamp);
        a.id = id.into();
        a
    }

    /// The rename finished before the save: the tag it dropped is refused, the annotation left
    /// as on disk (gone, if it is new); one that had the tag on disk already is no news.
    #[test]
    fn a_tag_the_scheme_dropped_is_refused_unless_the_file_had_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(TAGS_FILE), SCHEME).unwrap();
        let old = tagged("old", "statistic");
        let on_disk = [old.clone()];
        let mut changed = old.clone();
        changed.note = "still statistic, as on disk".into();
        let saved = [
            changed.clone(),
            tagged("new", "statistic"),
            tagged("ok", "figure"),
        ];
        let guarded = guard(dir.path(), &mut SchemeCache::default(), &on_disk, &saved).unwrap();
        assert_eq!(guarded.refused, ["the tag statistic"]);
        assert_eq!(guarded.annotations, [changed, saved[2].clone()]);
        // What the file has already, names the scheme lacks and all, is written as it is,
        // without a copy.
        let mut cache = SchemeCache::default();
        assert_eq!(guard(dir.path(), &mut cache, &on_disk, &saved[..1]), None);
        assert_eq!(
            guard(
                dir.path(),
                &mut SchemeCache::default(),
                &on_disk,
                &saved[2..]
            ),
            None
        );
    }

    /// A rename being made: the save renames as its journal says, stamped as the rename, and
    /// judges by the scheme the rename writes even before it is on disk.
    #[test]
    fn a_rename_being_made_renames_what_the_save_writes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(TAGS_FILE), "").unwrap();
        let journal = rename_journal::Journal {
            renames: vec![("statistic".into(), "figure".into())],
            link_renames: Vec::new(),
            tags_before: String::new(),
            tags_after: SCHEME.into(),
            documents: Vec::new(),
            annotator: "bob".into(),
            time: "2026-01-02T00:00:00Z".into(),
        };
        journal.write(dir.path()).unwrap();
        let guarded = guard(
            dir.path(),
            &mut SchemeCache::default(),
            &[],
            &[tagged("new", "statistic")],
        )
        .unwrap();
        assert!(guarded.refused.is_empty());
        let [a] = guarded.annotations.as_slice() else {
            panic!("{guarded:?}")
        };
        assert_eq!(
            (a.tags.as_slice(), a.modified_by.as_str()),
            (["figure".to_owned()].as_slice(), "bob")
        );
    }
}
