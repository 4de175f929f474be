//! The scheme (`tags.toml`) changed by another gloss (a tag renamed in its tag editor, `gloss
//! rename-link`) or a `git pull` while this reader runs. The idle check compares the file's
//! [`FileStamp`] with the one read, which costs a `stat`, and reads the file again when it
//! changed: the legend, the tag keys and the link types follow. A tag key or a link type
//! chosen looks again first, so that this reader never writes a tag or a link type that the
//! scheme on disk no longer has.

use crate::core::corpus::TAGS_FILE;
use crate::core::storage::file_stamp::FileStamp;
use crate::core::storage::rename_journal;
use crate::core::tags::TagSet;
use crate::tui::state::App;

/// What the status bar says after the file's path when the scheme was read again.
const RELOADED: &str = " was changed elsewhere; read it again";

impl App {
    /// Reads `tags.toml` again if it changed since it was read or written here; whether the
    /// scheme changed. The status bar says what changed (the renames, from the journal of a
    /// rename being made, else by the tags' keys). A file that cannot be read or parsed now
    /// (being written by hand, say) is said once and the scheme kept.
    pub(crate) fn reload_scheme(&mut self) -> bool {
        let path = self.corpus.root.join(TAGS_FILE);
        let stamp = FileStamp::of(&path).ok().flatten();
        // A corpus without the file uses the built-in scheme until one is written.
        if stamp.is_none() || stamp == self.corpus.tags_stamp {
            return false;
        }
        self.corpus.tags_stamp = stamp;
        let tags = match TagSet::load(&path) {
            Ok(tags) => tags,
            Err(e) => {
                let said = format!("{e}; the tags stay as they were until it is fixed");
                self.set_status(said, true);
                return false;
            }
        };
        if tags == self.corpus.tags {
            return false;
        }
        let journal = rename_journal::read(&self.corpus.root).ok().flatten();
        let renames = match journal {
            Some(j) => (j.renames.into_iter())
                .chain(j.link_renames.into_iter().map(link_named))
                .collect(),
            None => renamed_by_key(&self.corpus.tags, &tags),
        };
        let mut said = format!("{}{RELOADED}", path.display());
        if !renames.is_empty() {
            let each: Vec<String> = (renames.iter())
                .map(|(old, new)| format!("{old} is now {new}"))
                .collect();
            said.push_str(&format!(": {}", each.join(", ")));
        }
        self.prefs.theme.set_tags(&tags);
        self.corpus.tags = tags;
        self.corpus.tags_note = None;
        self.set_status(said, false);
        true
    }

    /// Whether the scheme on disk still has the tag `name`, read again if it changed (see
    /// [`App::reload_scheme`]); if not, the status bar says so and nothing is to be tagged.
    pub(crate) fn scheme_has_tag(&mut self, name: &str) -> bool {
        self.reload_scheme();
        if self.corpus.tags.by_name(name).is_some() {
            return true;
        }
        self.not_in_scheme(&format!("the tag {name}"));
        false
    }

    /// [`App::scheme_has_tag`] for the link type `kind`.
    pub(crate) fn scheme_has_link_type(&mut self, kind: &str) -> bool {
        self.reload_scheme();
        if self.corpus.tags.link_type(kind).is_some() {
            return true;
        }
        self.not_in_scheme(&format!("the link type {kind}"));
        false
    }

    /// Says that `what` is gone from the scheme, after what reading the scheme said.
    fn not_in_scheme(&mut self, what: &str) {
        let gone = format!("nothing changed: {what} is no longer in the scheme");
        let said = match &self.status {
            Some(s) if !s.error && s.text.contains(RELOADED) => format!("{gone}; {}", s.text),
            _ => format!("{gone} ({})", self.corpus.root.join(TAGS_FILE).display()),
        };
        self.set_status(said, true);
    }
}

/// A link type's rename as the status bar names it.
fn link_named((old, new): (String, String)) -> (String, String) {
    (format!("the link type {old}"), new)
}

/// The tags of `before` gone from `after` whose key a new tag of `after` has, and the link types
/// gone whose place a new one has: renamed, as far as can be told without the journal (the tag
/// editor keeps the key of a tag it renames, `gloss rename-link` the place of a link type).
fn renamed_by_key(before: &TagSet, after: &TagSet) -> Vec<(String, String)> {
    let gone = (before.tags.iter()).filter(|t| after.by_name(&t.name).is_none());
    let tags = gone.filter_map(|old| {
        let new = after.by_key(old.key)?;
        (before.by_name(&new.name).is_none()).then(|| (old.name.clone(), new.name.clone()))
    });
    let links = (before.links.iter().zip(&after.links)).filter_map(|(old, new)| {
        let renamed = after.link_type(&old.name).is_none() && before.link_type(&new.name).is_none();
        renamed.then(|| link_named((old.name.clone(), new.name.clone())))
    });
    tags.chain(links).collect()
}
