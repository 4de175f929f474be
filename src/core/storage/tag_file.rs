//! Changing the corpus's `tags.toml` from one scheme to another while keeping what people wrote in
//! it: comments, blank lines, the order of keys and the spelling of colours stay, and only the
//! values that changed are rewritten. Tags are added at the end and removed from the end (as undo
//! of an addition does); the others change in place, tag for tag. The file replaces the old one
//! atomically, and only if it parses back to the scheme asked for.

use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::core::corpus::DEFAULT_TAGS;
use crate::core::storage::atomic_file;
use crate::core::tags::{Tag, TagSet};

/// Why the tag file was not changed. Each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TagFileError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} was changed by another program since gloss read it; nothing was changed: start \
         gloss again to read it, then make the change",
        path.display()
    )]
    ChangedElsewhere { path: PathBuf },
    /// Not TOML, or not a list of `[[tag]]` tables.
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{}: the change would not read back as the scheme asked for; nothing was changed: edit \
         the file by hand",
        path.display()
    )]
    NotReadBack { path: PathBuf },
    #[error("{}: cannot write: {source}; nothing was changed", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Rewrites the tag file at `path`, which gloss read as `from`, to hold `to`. A missing file is
/// the built-in scheme's text, so that a corpus without one gets one. `note` becomes a comment
/// above the first tag added. The error names the file and says what to do.
pub fn rewrite(
    path: &Path,
    from: &TagSet,
    to: &TagSet,
    note: Option<&str>,
) -> Result<(), TagFileError> {
    let (_, text) = rewritten(path, from, to, note)?;
    write(path, &text)
}

/// Replaces the tag file at `path` with `text`, atomically. The error names the file.
pub fn write(path: &Path, text: &str) -> Result<(), TagFileError> {
    atomic_file::write(path, text.as_bytes()).map_err(|source| TagFileError::Write {
        path: path.to_owned(),
        source,
    })
}

/// What [`rewrite`] would do, without writing: the file's text as it is (the built-in scheme's
/// if there is none) and as it would be.
pub fn rewritten(
    path: &Path,
    from: &TagSet,
    to: &TagSet,
    note: Option<&str>,
) -> Result<(String, String), TagFileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => DEFAULT_TAGS.to_owned(),
        Err(source) => {
            return Err(TagFileError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    // Another gloss or a `git pull` may have changed it since: writing over that would lose it.
    if TagSet::parse(&text, path).ok().as_ref() != Some(from) {
        return Err(TagFileError::ChangedElsewhere {
            path: path.to_owned(),
        });
    }
    let invalid = |message: String| TagFileError::Invalid {
        path: path.to_owned(),
        message,
    };
    let mut doc: DocumentMut = text.parse().map_err(|e| invalid(format!("{e}")))?;
    // Link types change only by a rename (`gloss rename-link`), in place.
    if let Some(links) = doc.get_mut("link").and_then(Item::as_array_of_tables_mut) {
        for (i, (old, new)) in from.links.iter().zip(&to.links).enumerate() {
            if let Some(table) = links.get_mut(i).filter(|_| old.name != new.name) {
                set(table, "name", &new.name);
            }
        }
    }
    if doc.get("tag").is_none() {
        doc.insert("tag", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let tables = doc
        .get_mut("tag")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| invalid("`tag` is not a list of [[tag]] tables".into()))?;
    let new_table = |tag: &Tag, at: usize| {
        let mut table = Table::new();
        for (key, text) in fields(tag) {
            table.insert(key, value(text));
        }
        let prefix = match note {
            Some(note) if at == from.tags.len() => format!("\n# {note}\n\n"),
            _ => "\n".to_owned(),
        };
        table.decor_mut().set_prefix(prefix);
        table
    };
    if let Some(at) = one_apart(&to.tags, &from.tags) {
        // Added within its group: toml_edit writes a table without a place of its own right
        // after the one before it.
        tables.insert(at, new_table(&to.tags[at], at));
    } else if let Some(at) = one_apart(&from.tags, &to.tags) {
        tables.remove(at);
    } else {
        for (i, (old, new)) in from.tags.iter().zip(&to.tags).enumerate() {
            if let Some(table) = tables.get_mut(i) {
                update(table, old, new);
            }
        }
        for i in (to.tags.len()..from.tags.len()).rev() {
            tables.remove(i);
        }
        for (i, tag) in to.tags.iter().enumerate().skip(from.tags.len()) {
            tables.push(new_table(tag, i));
        }
    }
    let mut after = doc.to_string();
    if !after.ends_with('\n') {
        after.push('\n');
    }
    match TagSet::parse(&after, path) {
        Ok(written) if written == *to => Ok((text, after)),
        Ok(_) | Err(_) => Err(TagFileError::NotReadBack {
            path: path.to_owned(),
        }),
    }
}

/// When `longer` is `shorter` with one tag more, the index of that tag.
fn one_apart(longer: &[Tag], shorter: &[Tag]) -> Option<usize> {
    if longer.len() != shorter.len() + 1 {
        return None;
    }
    let at = longer
        .iter()
        .zip(shorter)
        .position(|(a, b)| a != b)
        .unwrap_or(shorter.len());
    (longer[at + 1..] == shorter[at..]).then_some(at)
}

/// The fields of a tag as `tags.toml` writes them, in its order.
fn fields(tag: &Tag) -> [(&'static str, String); 5] {
    [
        ("name", tag.name.clone()),
        ("key", tag.key.to_string()),
        ("color", tag.color.to_string()),
        ("group", tag.group.clone()),
        ("description", tag.description.clone()),
    ]
}

/// Rewrites the fields of `table` that differ between `old` and `new`, keeping the comments
/// around each value; a colour that means the same is left as written, and a group or
/// description made empty goes, as it was before it was given one.
fn update(table: &mut Table, old: &Tag, new: &Tag) {
    for ((key, was), (_, now)) in fields(old).into_iter().zip(fields(new)) {
        if was == now {
            continue;
        }
        if now.is_empty() && matches!(key, "group" | "description") {
            table.remove(key);
            continue;
        }
        set(table, key, &now);
    }
}

/// Sets `key` of `table` to `now`, keeping the comments around the value it replaces.
fn set(table: &mut Table, key: &str, now: &str) {
    let mut fresh = toml_edit::Value::from(now);
    if let Some(Item::Value(current)) = table.get(key) {
        *fresh.decor_mut() = current.decor().clone();
    }
    table.insert(key, Item::Value(fresh));
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# The scheme.\n\n# Claims.\n[[tag]]\nname = \"accusation\"  # the main one\nkey = \"a\"\ncolor = \"Light_Red\"\ngroup = \"claim\"\n\n# Sources.\n[[tag]]\nname = \"official\"\nkey = \"1\"\ncolor = \"#d75f00\"\n";

    fn set(text: &str) -> TagSet {
        TagSet::parse(text, Path::new("t")).unwrap()
    }

    #[test]
    fn a_rename_and_a_description_change_only_their_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        std::fs::write(&path, FILE).unwrap();
        let from = set(FILE);
        let mut to = from.clone();
        to.tags[0].name = "blame".into();
        to.tags[1].description = "Speaks for the state.".into();
        rewrite(&path, &from, &to, None).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# The scheme.\n\n# Claims.\n[[tag]]\nname = \"blame\"  # the main one\nkey = \"a\"\ncolor = \"Light_Red\"\ngroup = \"claim\"\n\n# Sources.\n[[tag]]\nname = \"official\"\nkey = \"1\"\ncolor = \"#d75f00\"\ndescription = \"Speaks for the state.\"\n"
        );
        // And back: the file is as it was.
        rewrite(&path, &to, &from, None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE);
    }

    /// `FILE` written in a temporary folder, its scheme, and a new tag "rumour" (key x) in the
    /// first tag's group.
    fn with_a_new_tag() -> (tempfile::TempDir, std::path::PathBuf, TagSet, Tag) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        std::fs::write(&path, FILE).unwrap();
        let from = set(FILE);
        let mut new = from.tags[0].clone();
        new.name = "rumour".into();
        new.key = 'x';
        (dir, path, from, new)
    }

    #[test]
    fn a_tag_added_within_its_group_is_written_there_and_removed_from_there() {
        let (_dir, path, from, new) = with_a_new_tag();
        let mut to = from.clone();
        to.tags.insert(1, new);
        rewrite(&path, &from, &to, Some("Added in the reader.")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(set(&text), to);
        let rumour = text.find("rumour").unwrap();
        assert!(text.find("accusation").unwrap() < rumour, "{text}");
        assert!(rumour < text.find("# Sources.").unwrap(), "{text}");
        rewrite(&path, &to, &from, None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE);
    }

    #[test]
    fn tags_are_added_at_the_end_with_a_note_and_removed_from_it() {
        let (_dir, path, from, mut new) = with_a_new_tag();
        let mut to = from.clone();
        new.color = "cyan".parse().unwrap();
        new.description = "Hearsay, \"unconfirmed\".".into();
        to.tags.push(new);
        rewrite(&path, &from, &to, Some("Added in the reader.")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(FILE),
            "the old text is kept as it was: {text}"
        );
        assert_eq!(
            &text[FILE.len()..],
            "\n# Added in the reader.\n\n[[tag]]\nname = \"rumour\"\nkey = \"x\"\ncolor = \"cyan\"\ngroup = \"claim\"\ndescription = 'Hearsay, \"unconfirmed\".'\n"
        );
        rewrite(&path, &to, &from, None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), FILE);
    }

    #[test]
    fn a_file_changed_elsewhere_or_missing_is_handled_without_losing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        std::fs::write(&path, FILE).unwrap();
        let from = set(FILE);
        let mut to = from.clone();
        to.tags[0].key = 'b';
        let elsewhere = FILE.replace("official", "state");
        std::fs::write(&path, &elsewhere).unwrap();
        let err = rewrite(&path, &from, &to, None).unwrap_err();
        assert!(
            matches!(err, TagFileError::ChangedElsewhere { .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("changed by another program"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), elsewhere);
        // No file: the built-in scheme's text, comments and all, with the change.
        std::fs::remove_file(&path).unwrap();
        let builtin = set(DEFAULT_TAGS);
        let mut to = builtin.clone();
        to.tags[0].description = "Blames.".into();
        rewrite(&path, &builtin, &to, None).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# The coding scheme for this corpus."));
        assert_eq!(set(&text), to);
    }
}
