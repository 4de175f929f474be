//! Limiting what leaves gloss to one coder or a set of coders (`gloss export --coder`), by the
//! `annotator` each annotation records.

use std::collections::BTreeSet;

use crate::core::export::Material;

/// Keeps only the annotations whose annotator is one of `coders` (all of them when empty).
/// A coder with no annotation in the material is an error naming the coders there are, since
/// a misspelt name would otherwise give an empty export.
pub fn keep(material: &mut Material, coders: &[String]) -> Result<(), String> {
    if coders.is_empty() {
        return Ok(());
    }
    let present: BTreeSet<&str> = material
        .docs
        .iter()
        .flat_map(|d| d.annotations.iter().map(|a| a.annotator.as_str()))
        .collect();
    if let Some(missing) = coders.iter().find(|c| !present.contains(c.as_str())) {
        let names: Vec<&str> = present.into_iter().collect();
        return Err(format!(
            "no annotation by {missing:?} in these documents: the coders are {}",
            if names.is_empty() {
                "none (nothing is annotated)".to_owned()
            } else {
                names.join(", ")
            }
        ));
    }
    for doc in &mut material.docs {
        doc.annotations.retain(|a| coders.contains(&a.annotator));
    }
    Ok(())
}
