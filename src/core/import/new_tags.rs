//! Tags that arrive with imported annotations and that the corpus's scheme lacks are appended to
//! its `tags.toml`, each with a free key and a colour, so that they show in the reader's legend
//! and can be applied by a key like the others. Their group is the one the file gave (a parent
//! code, a CSV column, a brat group), else `unknown`. The file's own text, comments included, is
//! kept: new tags are added at the end, and the result must parse before it replaces the file.

use std::fmt::Write as _;
use std::path::Path;

use crate::core::corpus::{Corpus, DEFAULT_TAGS, TAGS_FILE};
use crate::core::export::{self, TagInfo};
use crate::core::import::Report;
use crate::core::tags::{COLOR_NAMES, TagColor, TagSet};

/// The group of a new tag whose file said nothing of it.
pub const UNKNOWN_GROUP: &str = "unknown";

/// Keys offered to new tags, in order: easy ones first.
const KEYS: &str = "bfimotwxyz456789BCDEFIJKMOPQRSTUVWXYZ";

/// Colours given in turn to new tags that bring none.
const COLOURS: [&str; 8] = [
    "cyan",
    "yellow",
    "green",
    "magenta",
    "blue",
    "red",
    "light-cyan",
    "gray",
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
    let existing = if corpus.tags_note.is_some() {
        DEFAULT_TAGS.to_owned()
    } else {
        match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                let why = format!("{}: cannot read: {e}", path.display());
                refuse_all(&missing, &why, report);
                return;
            }
        }
    };
    let mut taken: Vec<char> = corpus.tags.tags.iter().map(|t| t.key).collect();
    let mut free = KEYS.chars().filter(|c| !reserved(*c));
    let mut added = String::new();
    let mut names = Vec::new();
    for (i, tag) in missing.iter().enumerate() {
        let Some(key) = free.by_ref().find(|c| !taken.contains(c)) else {
            refuse_all(
                &missing[i..],
                "no key is left for it in tags.toml; give it one by hand",
                report,
            );
            break;
        };
        taken.push(key);
        let color = tag
            .color
            .map_or_else(|| COLOURS[i % COLOURS.len()].to_owned(), colour_name);
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
        let _ = write!(
            added,
            "\n[[tag]]\nname = {}\nkey = {}\ncolor = {}\ngroup = {}\ndescription = {}\n",
            quoted(&tag.name),
            quoted(&key.to_string()),
            quoted(&color),
            quoted(group),
            quoted(&description)
        );
        names.push(tag.name.clone());
    }
    if names.is_empty() {
        return;
    }
    let mut text = existing;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let _ = write!(
        text,
        "\n# Added by `gloss import` from {}: tags of the imported annotations.\n{added}",
        source.display()
    );
    if let Err(e) = TagSet::parse(&text, &path) {
        let why = format!("the new tags would make {} invalid ({e})", path.display());
        refuse_all(&missing, &why, report);
        return;
    }
    match export::atomic_write(&path, text.as_bytes()) {
        Ok(()) => report.new_tags.extend(names),
        Err(e) => refuse_all(
            &missing,
            &format!("{}: cannot write: {e}", path.display()),
            report,
        ),
    }
}

fn refuse_all(tags: &[&TagInfo], why: &str, report: &mut Report) {
    for t in tags {
        report.unknown_tags.push(format!("{}: {why}", t.name));
    }
}

fn colour_name(color: TagColor) -> String {
    match color {
        TagColor::Named(i) => COLOR_NAMES[usize::from(i) % COLOR_NAMES.len()].to_owned(),
        TagColor::Rgb(..) => export::hex(color),
    }
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}
