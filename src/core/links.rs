//! Links between annotations: typed, directed, possibly across documents (a denial that
//! `denies` an accusation made in another article; the span naming a claim's speaker that is the
//! `source of` it). The coding scheme (`tags.toml`) defines the link types as `[[link]]`; a link
//! is stored on its source annotation as an `[[annotation.links]]` table naming its type and the
//! id of its target, which ids (UUIDs) make unique across the corpus. The relation layers of
//! brat and INCEpTION, and the Penn Attribution Relations corpus's source/cue/content, are the
//! models.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::core::annotation::{Annotation, Extras};

/// A link type as `tags.toml` defines it:
///
/// ```toml
/// [[link]]
/// name = "denies"
/// key = "d"
/// description = "Rejects what the target claims."
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkType {
    pub name: String,
    /// The key that picks it in the reader's link type picker; without one the picker lists it
    /// to be chosen with the arrows.
    pub key: Option<char>,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLinkType {
    name: String,
    key: Option<String>,
    #[serde(default)]
    description: String,
}

/// What is wrong with a `[[link]]` table of `tags.toml`, alone or beside the link types before
/// it, told without the file and line, which the scheme's reader adds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkTypeError {
    #[error("a link type has an empty name")]
    EmptyName,
    #[error("link type {name:?}: key {key:?} must be exactly one character")]
    BadKey { name: String, key: String },
    #[error("link type {0:?} is defined twice")]
    DefinedTwice(String),
    #[error("link types {first:?} and {second:?} both use the key {key:?}: give each its own key")]
    SharedKey {
        first: String,
        second: String,
        key: char,
    },
}

impl LinkType {
    /// A link type from its `[[link]]` table; the error says what is wrong with it, for a
    /// message that names the file and line.
    pub(crate) fn from_raw(raw: RawLinkType) -> Result<LinkType, LinkTypeError> {
        let name = raw.name.trim().to_owned();
        if name.is_empty() {
            return Err(LinkTypeError::EmptyName);
        }
        let key = match raw.key {
            None => None,
            Some(key) => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_whitespace() && !c.is_control() => Some(c),
                    _ => {
                        return Err(LinkTypeError::BadKey { name, key });
                    }
                }
            }
        };
        Ok(LinkType {
            name,
            key,
            description: raw.description.trim().to_owned(),
        })
    }
}

/// The link types of a scheme, in the file's order, checked against each other: the error
/// names what clashes, for a message that names the file and line.
pub(crate) fn add_type(types: &mut Vec<LinkType>, new: LinkType) -> Result<(), LinkTypeError> {
    if types.iter().any(|t| t.name == new.name) {
        return Err(LinkTypeError::DefinedTwice(new.name));
    }
    if let Some(key) = new.key
        && let Some(other) = types.iter().find(|t| t.key == Some(key))
    {
        return Err(LinkTypeError::SharedKey {
            first: other.name.clone(),
            second: new.name,
            key,
        });
    }
    types.push(new);
    Ok(())
}

/// A directed link from the annotation that holds it to the annotation whose id is `to`, which
/// may be in another document. On disk, after the annotation's `[annotation.fields]`:
///
/// ```toml
/// [[annotation.links]]
/// type = "denies"
/// to = "0c6f6a5e-5d7b-4c1e-9a59-1c2f0f7e2b11"
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The link type's name (`type` on disk), whether or not the scheme defines it: a link is
    /// never lost when the scheme changes; `gloss check` reports what does not fit.
    #[serde(rename = "type")]
    pub kind: String,
    /// The target annotation's id.
    pub to: String,
    /// Keys of the link's table that gloss does not know, written back as they were.
    #[serde(default)]
    pub extra: Extras,
}

impl Link {
    pub fn new(kind: impl Into<String>, to: impl Into<String>) -> Link {
        Link {
            kind: kind.into(),
            to: to.into(),
            extra: Extras::new(),
        }
    }

    /// Whether it is a link of type `kind` to `to`: what makes two links the same one.
    pub fn is(&self, kind: &str, to: &str) -> bool {
        self.kind == kind && self.to == to
    }
}

/// A three-way merge of two versions' links as sets of (type, target): every link either side
/// added (not in `base`) is kept, and a link of `base` is kept only if both sides kept it.
/// Here's order, then elsewhere's additions in theirs; a link on both sides is here's (its
/// unknown keys included).
pub fn merge(base: &[Link], elsewhere: &[Link], here: &[Link]) -> Vec<Link> {
    crate::core::storage::merge::merge_as_sets(base, elsewhere, here, |a, b| a.is(&b.kind, &b.to))
}

/// Gives the links of type `old` in `links` the type `new`, in their places; a link that would
/// then be one `links` has already (same type, same target) just goes, as a renamed tag does.
/// Whether anything changed.
pub fn rename(links: &mut Vec<Link>, old: &str, new: &str) -> bool {
    let already: Vec<String> = links
        .iter()
        .filter(|l| l.kind == new)
        .map(|l| l.to.clone())
        .collect();
    let mut changed = false;
    links.retain_mut(|l| {
        if l.kind != old {
            return true;
        }
        changed = true;
        l.kind = new.to_owned();
        !already.contains(&l.to)
    });
    changed
}

/// Where an annotation is: the index of its document in the list the [`LinkIndex`] was built
/// from (the corpus's entries, say) and its index among that document's annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub document: usize,
    pub annotation: usize,
}

/// A link into an annotation, seen from its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    /// The id of the annotation that holds the link.
    pub from: String,
    /// Where that annotation is.
    pub place: Place,
    /// The link type's name.
    pub kind: String,
}

/// Every annotation of a corpus by id, and every link by its target: which document and
/// annotation an id is, and who links to it. Built in one pass over the annotations, in time
/// and memory linear in the number of annotations and links (one hash entry and one id copied
/// per annotation and per link): 1.1 s for 100 000 annotations (5 000 documents of 20, a third
/// with a link) in an unoptimised debug build, so it is built when a link or a thread is looked
/// at (and again after a change), never per keystroke. It describes
/// the annotations as they were when it was built; a [`Place`] is valid until they change.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    places: HashMap<String, Place>,
    inbound: HashMap<String, Vec<Inbound>>,
    /// Ids held by more than one annotation, which should not happen (ids are UUIDs): a copied
    /// annotation file, say. The first in document order is the one [`LinkIndex::place`] gives.
    duplicates: Vec<String>,
}

impl LinkIndex {
    /// The index of `documents`' annotations, each document given with its index (its
    /// [`Place::document`]). Documents not read yet are simply absent.
    pub fn build<'a>(documents: impl IntoIterator<Item = (usize, &'a [Annotation])>) -> LinkIndex {
        let mut index = LinkIndex::default();
        for (document, annotations) in documents {
            for (i, a) in annotations.iter().enumerate() {
                let place = Place {
                    document,
                    annotation: i,
                };
                if index.places.contains_key(&a.id) {
                    index.duplicates.push(a.id.clone());
                } else {
                    index.places.insert(a.id.clone(), place);
                }
                for link in &a.links {
                    index
                        .inbound
                        .entry(link.to.clone())
                        .or_default()
                        .push(Inbound {
                            from: a.id.clone(),
                            place,
                            kind: link.kind.clone(),
                        });
                }
            }
        }
        index
    }

    /// Where the annotation with id `id` is, if one is.
    pub fn place(&self, id: &str) -> Option<Place> {
        self.places.get(id).copied()
    }

    /// The links into the annotation with id `id`, in document order then annotation order
    /// then the links' order; empty when none (or no annotation has that id: a link whose
    /// target is gone is still listed under it).
    pub fn inbound(&self, id: &str) -> &[Inbound] {
        self.inbound.get(id).map_or(&[], Vec::as_slice)
    }

    /// Ids held by more than one annotation, each once per extra holder, in document order.
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }

    /// The number of annotations indexed (duplicates counted once).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::tags::TagSet;
    use std::path::Path;

    fn annotation(id: &str, links: &[(&str, &str)]) -> Annotation {
        let text = "Some text.";
        let index = crate::core::documents::text::CharIndex::new(text);
        let stamp = crate::core::annotation::Stamp {
            annotator: "t".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut a = Annotation::new(text, &index, 0..4, vec![], &stamp);
        a.id = id.into();
        a.links = links.iter().map(|(k, to)| Link::new(*k, *to)).collect();
        a
    }

    fn links(pairs: &[(&str, &str)]) -> Vec<Link> {
        pairs.iter().map(|(k, to)| Link::new(*k, *to)).collect()
    }

    #[test]
    fn a_scheme_reads_its_link_types() {
        let scheme = TagSet::parse(
            "[[link]]\nname = \"denies\"\nkey = \"d\"\ndescription = \" Rejects it. \"\n\n\
             [[link]]\nname = \"same claim as\"\n",
            Path::new("tags.toml"),
        )
        .unwrap();
        assert_eq!(
            scheme.links,
            [
                LinkType {
                    name: "denies".into(),
                    key: Some('d'),
                    description: "Rejects it.".into()
                },
                LinkType {
                    name: "same claim as".into(),
                    key: None,
                    description: String::new()
                }
            ]
        );
        assert_eq!(scheme.link_type("denies"), Some(&scheme.links[0]));
        assert_eq!(scheme.link_type("supports"), None);
    }

    #[test]
    fn bad_link_types_name_the_line() {
        let cases = [
            (
                "[[link]]\nname = \"\"\n",
                "tags.toml:1: a link type has an empty name",
            ),
            (
                "[[link]]\nname = \"denies\"\nkey = \"de\"\n",
                "tags.toml:1: link type \"denies\": key \"de\" must be exactly one character",
            ),
            (
                "[[link]]\nname = \"a\"\n\n[[link]]\nname = \"a\"\n",
                "tags.toml:4: link type \"a\" is defined twice",
            ),
            (
                "[[link]]\nname = \"a\"\nkey = \"x\"\n[[link]]\nname = \"b\"\nkey = \"x\"\n",
                "tags.toml:4: link types \"a\" and \"b\" both use the key 'x': give each its own key",
            ),
            ("[[link]]\nname = \"a\"\ncolour = \"red\"\n", "tags.toml:3:"),
        ];
        crate::core::tags::assert_each_refused(&cases);
    }

    #[test]
    fn the_shipped_scheme_has_the_studys_link_types() {
        let scheme = TagSet::parse(
            include_str!("../../corpus/tags.toml"),
            Path::new("corpus/tags.toml"),
        )
        .unwrap();
        let names: Vec<&str> = scheme.links.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "responds to",
                "denies",
                "supports",
                "same claim as",
                "source of",
                "cue of"
            ]
        );
        assert!(scheme.links.iter().all(|l| l.key.is_some()));
        assert!(scheme.links.iter().all(|l| !l.description.is_empty()));
    }

    #[test]
    fn merge_keeps_both_sides_additions_and_each_sides_removals() {
        let base = links(&[("denies", "a"), ("supports", "b"), ("same claim as", "c")]);
        let elsewhere = links(&[("denies", "a"), ("same claim as", "c"), ("denies", "x")]);
        let here = links(&[
            ("supports", "b"),
            ("same claim as", "c"),
            ("responds to", "y"),
        ]);
        assert_eq!(
            merge(&base, &elsewhere, &here),
            links(&[
                ("same claim as", "c"),
                ("responds to", "y"),
                ("denies", "x")
            ])
        );
        assert_eq!(
            merge(&[], &links(&[("denies", "a")]), &links(&[("denies", "a")])),
            links(&[("denies", "a")]),
            "added on both sides: once"
        );
        let mut kept = Link::new("denies", "a");
        kept.extra = vec![("weight".into(), 2.into())];
        assert_eq!(
            merge(&[], &links(&[("denies", "a")]), std::slice::from_ref(&kept)),
            [kept],
            "here's copy of a link on both sides"
        );
    }

    #[test]
    fn a_rename_changes_the_type_in_place_and_drops_what_would_be_twice() {
        let mut these = links(&[("denies", "a"), ("supports", "b"), ("denies", "b")]);
        assert!(rename(&mut these, "denies", "rejects"));
        assert_eq!(
            these,
            links(&[("rejects", "a"), ("supports", "b"), ("rejects", "b")])
        );
        assert!(!rename(&mut these, "denies", "rejects"));
        assert!(rename(&mut these, "rejects", "supports"));
        assert_eq!(these, links(&[("supports", "a"), ("supports", "b")]));
    }

    #[test]
    fn the_index_finds_each_annotation_and_who_links_to_it_across_documents() {
        let first = [
            annotation("acc", &[]),
            annotation("den", &[("denies", "acc"), ("same claim as", "far")]),
        ];
        let second = [
            annotation("far", &[("responds to", "acc")]),
            annotation("lost", &[("denies", "gone")]),
        ];
        let index = LinkIndex::build([(0, &first[..]), (3, &second[..])]);
        assert_eq!(index.len(), 4);
        assert_eq!(
            index.place("far"),
            Some(Place {
                document: 3,
                annotation: 0
            })
        );
        assert_eq!(index.place("gone"), None);
        let into_acc: Vec<(&str, &str, usize)> = index
            .inbound("acc")
            .iter()
            .map(|i| (i.from.as_str(), i.kind.as_str(), i.place.document))
            .collect();
        assert_eq!(into_acc, [("den", "denies", 0), ("far", "responds to", 3)]);
        assert_eq!(index.inbound("gone").len(), 1, "a dangling link is listed");
        assert!(index.inbound("den").is_empty());
        assert!(index.duplicates().is_empty());
        let copy = [annotation("acc", &[])];
        let index = LinkIndex::build([(0, &first[..]), (1, &copy[..])]);
        assert_eq!(index.duplicates(), ["acc"]);
        assert_eq!(index.place("acc").unwrap().document, 0);
    }
}
