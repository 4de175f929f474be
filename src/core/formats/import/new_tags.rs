//! Tags that arrive with imported annotations and that the corpus's scheme lacks are appended to
//! its `tags.toml`, each with a free key and a colour, so that they show in the reader's legend
//! and can be applied by a key like the others. Their group is the one the file gave (a parent
//! code, a CSV column, a brat group), else `unknown`. The file's own text, comments included, is
//! kept: new tags are added at the end (see [`tag_file`]).

use std::path::Path;

use crate::core::corpus::{Corpus, TAGS_FILE};
use crate::core::formats::TagInfo;
use crate::core::formats::import::Report;
use crate::core::storage::tag_file;
use crate::core::tags::{Tag, TagColor};

/// The group of a new tag whose file said nothing of it.
pub const UNKNOWN_GROUP: &str = "unknown";

/// Keys offered to new tags, in order: easy ones first.
const KEYS: &str = "bfimotwxyz456789BCDEFIJKMOPQRSTUVWXYZ";

/// Colours given in turn to new tags that bring none: cyan, yellow, green, magenta, blue, red,
/// light cyan, grey (indices into [`crate::core::tags::COLOR_NAMES`]).
const COLOURS: [TagColor; 8] = [
    TagColor::Named(6),
    TagColor::Named(3),
    TagColor::Named(2),
    TagColor::Named(5),
    TagColor::Named(4),
    TagColor::Named(1),
    TagColor::Named(14),
    TagColor::Named(7),
];

/// Appends the tags of `wanted` missing from the corpus's scheme to its `tags.toml` (created
/// from the built-in scheme if the corpus has none), recording what was done in `report`.
pub fn add(
    corpus: &Corpus,
    wanted: &[TagInfo],
    reserved: &dyn Fn(char) -> bool,
    source: &Path,
    report: &mut Report,
) {
    let missing: Vec<&TagInfo> = wanted
        .iter()
        .filter(|t| corpus.tags.by_name(&t.name).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let path = corpus.root.join(TAGS_FILE);
    let mut scheme = corpus.tags.clone();
    let mut free = KEYS.chars().filter(|c| !reserved(*c));
    let mut names = Vec::new();
    for (i, tag) in missing.iter().enumerate() {
        let Some(key) = free.by_ref().find(|c| scheme.by_key(*c).is_none()) else {
            refuse_all(
                &missing[i..],
                "no key is left for it in tags.toml; give it one by hand",
                report,
            );
            break;
        };
        let color = tag.color.unwrap_or(COLOURS[i % COLOURS.len()]);
        let group = if tag.group.is_empty() {
            UNKNOWN_GROUP
        } else {
            tag.group.as_str()
        };
        let description = if tag.description.is_empty() {
            format!("Imported from {}.", source.display())
        } else {
            tag.description.clone()
        };
        scheme.tags.push(Tag {
            name: tag.name.clone(),
            key,
            color,
            group: group.to_owned(),
            description,
        });
        names.push(tag.name.clone());
    }
    if names.is_empty() {
        return;
    }
    let note = format!(
        "Added by `gloss import` from {}: tags of the imported annotations.",
        source.display()
    );
    match tag_file::rewrite(&path, &corpus.tags, &scheme, Some(&note)) {
        Ok(()) => report.new_tags.extend(names),
        Err(why) => refuse_all(&missing, &why.to_string(), report),
    }
}

fn refuse_all(tags: &[&TagInfo], why: &str, report: &mut Report) {
    for t in tags {
        report.unknown_tags.push(format!("{}: {why}", t.name));
    }
}
