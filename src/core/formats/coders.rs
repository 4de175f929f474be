//! Limiting what leaves gloss to one coder or a set of coders (`gloss export --coder`,
//! `gloss table --coders`), by the `annotator` each annotation records.

use std::collections::BTreeSet;

use crate::core::formats::Material;

/// A coder asked for who has no annotation in the material; `present` are the coders there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no annotation by {missing:?} in these documents: the coders are {}",
    if present.is_empty() { "none (nothing is annotated)".to_owned() } else { present.join(", ") }
)]
pub struct NoSuchCoder {
    pub missing: String,
    pub present: Vec<String>,
}

/// Keeps only the annotations whose annotator is one of `coders` (all of them when empty).
/// A coder with no annotation in the material is an error naming the coders there are, since
/// a misspelt name would otherwise give an empty export.
pub fn keep(material: &mut Material, coders: &[String]) -> Result<(), NoSuchCoder> {
    if coders.is_empty() {
        return Ok(());
    }
    // A pass over the documents, reading the unread ones (which cannot fail but by a panic,
    // which is the thread's to report).
    let mut present: BTreeSet<String> = BTreeSet::new();
    let _ = material.each_doc(&mut |d| {
        present.extend(d.annotations.iter().map(|a| a.annotator.clone()));
        Ok(())
    });
    check(present, coders)?;
    for doc in &mut material.docs {
        doc.annotations.retain(|a| coders.contains(&a.annotator));
    }
    material.coders = coders.to_vec();
    Ok(())
}

/// Whether every one of `coders` is among `present` (who annotated the material): the first
/// who is not is the error, naming the coders there are.
pub fn check(present: BTreeSet<String>, coders: &[String]) -> Result<(), NoSuchCoder> {
    match coders.iter().find(|c| !present.contains(c.as_str())) {
        Some(missing) => Err(NoSuchCoder {
            missing: missing.clone(),
            present: present.into_iter().collect(),
        }),
        None => Ok(()),
    }
}
