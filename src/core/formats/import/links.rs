//! Links as an import takes them. A format reads each annotation's links to others (see
//! [`crate::core::links`]) into [`IncomingLink`]s, naming the target by its id (formats that keep
//! ids: W3C, CSV, REFI-QDA) or, in a format without ids (brat), by its place in the file. Once a
//! document's annotations are placed, [`Resolver::attach`] puts their links on the annotations
//! they became; at the end [`Resolver::dangling`] reports the links whose target is in neither
//! the corpus nor the file. Those are kept, as `gloss check` keeps them: the file that holds the
//! target may be imported next.
//!
//! An import adds links and never removes one: a link deleted from a spreadsheet stays in the
//! corpus until it is deleted in the reader.

use std::collections::HashSet;

use crate::core::annotation::{Annotation, Stamp};
use crate::core::corpus::Corpus;
use crate::core::links::Link;

/// A link of an incoming annotation, of type `kind`, to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingLink {
    pub kind: String,
    pub to: LinkTarget,
}

/// The annotation a link goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Its id: an annotation of the file, or one already in the corpus.
    Id(String),
    /// `Batch::annotations[i]`, of the same document: brat names annotations only within one
    /// `.ann` file.
    Incoming(usize),
}

/// Links of one incoming annotation waiting for its document to be placed: its place in the
/// batch, how a report names it, and its links.
pub(super) type Pending = (usize, String, Vec<IncomingLink>);

/// What becomes of the batch's annotations, for their links.
pub(super) struct Resolver {
    /// The id of the annotation each incoming one became, by its place in the batch, and
    /// whether the import added it (a link added to an annotation already there stamps it
    /// modified).
    placed: Vec<Option<(String, bool)>>,
    /// Links put on annotations to a target named by id: how a report names the source, the
    /// type and the target's id, to check the target exists once every document is placed.
    by_id: Vec<(String, String, String)>,
}

impl Resolver {
    pub(super) fn new(annotations: usize) -> Resolver {
        Resolver {
            placed: vec![None; annotations],
            by_id: Vec::new(),
        }
    }

    /// Records that the incoming annotation `index` became the annotation `id`; `added` if the
    /// import made it.
    pub(super) fn placed(&mut self, index: usize, id: &str, added: bool) {
        self.placed[index] = Some((id.to_owned(), added));
    }

    /// Puts the `pending` links of a document's incoming annotations on the annotations
    /// (`annotations`, the document's) they became, each once; returns how many were added.
    /// A link to an annotation of the file that was not placed is reported in `not_placed`.
    pub(super) fn attach(
        &mut self,
        annotations: &mut [Annotation],
        pending: Vec<Pending>,
        stamp: &Stamp,
        not_placed: &mut Vec<String>,
    ) -> usize {
        let mut added = 0;
        for (index, what, links) in pending {
            // Its annotation was not placed, which the report already says.
            let Some((id, fresh)) = self.placed[index].clone() else {
                continue;
            };
            let Some(source) = annotations.iter_mut().find(|a| a.id == id) else {
                continue;
            };
            for link in links {
                let to = match link.to {
                    LinkTarget::Id(to) => {
                        self.by_id
                            .push((what.clone(), link.kind.clone(), to.clone()));
                        to
                    }
                    LinkTarget::Incoming(i) => match self.placed.get(i).cloned().flatten() {
                        Some((to, _)) => to,
                        None => {
                            not_placed.push(format!(
                                "{what}: its link “{}” goes to an annotation of the file that \
                                 was not placed (see above), and is left out: place that \
                                 annotation and import again",
                                link.kind
                            ));
                            continue;
                        }
                    },
                };
                if source.links.iter().any(|l| l.is(&link.kind, &to)) {
                    continue;
                }
                source.links.push(Link::new(link.kind, to));
                if !fresh {
                    source.touch(stamp);
                }
                added += 1;
            }
        }
        added
    }

    /// The links put on annotations whose target is neither in `corpus` (as it was opened) nor
    /// placed by the import, one line each naming the link, `source` (the file imported) and
    /// what to do.
    pub(super) fn dangling(&self, corpus: &Corpus, source: &std::path::Path) -> Vec<String> {
        if self.by_id.is_empty() {
            return Vec::new();
        }
        let known: HashSet<&str> = corpus
            .entries
            .iter()
            .flat_map(|e| e.annotations.iter().map(|a| a.id.as_str()))
            .chain(self.placed.iter().flatten().map(|(id, _)| id.as_str()))
            .collect();
        self.by_id
            .iter()
            .filter(|(_, _, to)| !known.contains(to.as_str()))
            .map(|(what, kind, to)| {
                format!(
                    "{what}: its link “{kind}” goes to {to}, which is neither in the corpus nor \
                     in {}; the link is kept (`gloss check` lists it): import the file that \
                     holds its target, or delete the link in the reader",
                    source.display()
                )
            })
            .collect()
    }
}
