//! The tag editor: the corpus's scheme (`tags.toml`) changed from inside the reader. A tag is
//! added, or changed in a form (name, key, colour, group, description). A new name renames the
//! tag in every annotation of the corpus that uses it, through the same change, save and undo
//! as any edit, so that `u` takes back the scheme and all those annotations at once.

use crate::core::corpus::TAGS_FILE;
use crate::core::history::{Change, Edit, SchemeEdit};
use crate::core::plural::count;
use crate::core::storage::rename_journal;
use crate::core::storage::tag_file::TagFileError;
use crate::core::tags::{Tag, TagColor, TagSet, UnknownColor};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::component::{Component, Hint, Outcome};
use crate::tui::keymap::{Resolved, Scope};
use crate::tui::state::{App, Mode, Panes};
use crate::tui::text_input::{InputEvent, TextInput};

/// The form's fields, in order.
pub const FIELDS: [&str; 5] = ["Name", "Key", "Colour", "Group", "Description"];
const NAME: usize = 0;
const DESCRIPTION: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEditor {
    /// Index of the tag the list is on.
    pub selected: usize,
    pub form: Option<TagForm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagForm {
    /// Index of the tag being changed; `None` for a new one.
    pub tag: Option<usize>,
    /// One input per field of [`FIELDS`].
    pub inputs: [TextInput; 5],
    /// The field being typed in.
    pub field: usize,
    /// Why the form could not be saved.
    pub error: Option<String>,
    /// The annotations that use the tag and the documents they are in: what a rename rewrites.
    pub uses: (usize, usize),
    /// The tag being changed as the scheme had it when the form opened: if the scheme was
    /// changed elsewhere since, the form is not saved over what may be another tag now.
    pub was: Option<Tag>,
}

impl Component for TagEditor {
    fn scope(&self) -> Scope {
        match self.form {
            Some(_) => Scope::TagForm,
            None => Scope::TagList,
        }
    }

    fn commands(&self, _: &App) -> Vec<Hint> {
        match self.form {
            Some(_) => vec![Hint::keys(&[Action::Cancel], "close")],
            None => vec![Hint::keys(&[Action::Close], "close")],
        }
    }

    fn handle(&mut self, key: Resolved, app: &mut App) -> Outcome {
        let n = app.corpus.tags.tags.len();
        let Some(form) = &mut self.form else {
            let Resolved::Action(action) = key else {
                return Outcome::Stay;
            };
            match action {
                Action::Close => return Outcome::Close,
                Action::RowDown => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
                Action::RowUp => self.selected = self.selected.saturating_sub(1),
                Action::AddTag => self.form = Some(app.new_form(self.selected)),
                Action::Choose | Action::RenameTag => {
                    self.form = app.edit_form(self.selected, NAME)
                }
                Action::DescribeTag => self.form = app.edit_form(self.selected, DESCRIPTION),
                // The form says "u undoes it": the undo and redo keys work in the list too,
                // which stays open, its selection on a tag that is still there.
                Action::Undo | Action::Redo => {
                    app.apply(action);
                    let n = app.corpus.tags.tags.len();
                    self.selected = self.selected.min(n.saturating_sub(1));
                }
                _ => {}
            }
            return Outcome::Stay;
        };
        let last = FIELDS.len() - 1;
        match key {
            Resolved::Action(Action::NextField) => form.field = (form.field + 1).min(last),
            Resolved::Action(Action::PreviousField) => form.field = form.field.saturating_sub(1),
            _ => match form.inputs[form.field].handle(key) {
                InputEvent::Submit => app.save_form(self),
                InputEvent::Cancel => self.form = None,
                InputEvent::Edited => form.error = None,
                InputEvent::Ignored => {}
            },
        }
        Outcome::Stay
    }

    fn draw(&self, app: &App, screen: Rect, _: &Panes, buf: &mut Buffer) {
        crate::tui::view::tag_editor::render(app, self, screen, buf);
    }
}

/// What is wrong with the tag the tag editor's form describes.
#[derive(Debug, thiserror::Error)]
pub enum TagFormError {
    #[error("give the tag a name")]
    NoName,
    #[error("there is a tag {0:?} already: choose another name")]
    NameTaken(String),
    #[error("the key is one character, as \"x\" or \"7\"")]
    KeyNotOneCharacter,
    #[error("\"{key}\" is the key of the tag {tag:?}: choose another")]
    KeyTaken { key: char, tag: String },
    /// `help` is the key that lists the reader's keys.
    #[error("\"{key}\" is one of the reader's own keys ({help} lists them): choose another")]
    ReaderKey { key: char, help: String },
    #[error(transparent)]
    Color(#[from] UnknownColor),
    #[error(transparent)]
    Scheme(#[from] SchemeChangeError),
}

/// Why a change to the scheme (an edit of a tag, its undo or redo), or the undo or redo of a
/// dismissed suggestion, was not made; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum SchemeChangeError {
    /// A rename, while an annotation file is broken (`0` says how): it may use the tag, and
    /// would keep the old name.
    #[error("not renamed: {0} — fix that file first, or its annotations would keep the old name")]
    BrokenFile(String),
    #[error(transparent)]
    TagFile(#[from] TagFileError),
    /// The corpus folder at `root` is held by another gloss.
    #[error("{}: not renamed: {source}", root.display())]
    Locked {
        root: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Journal(#[from] rename_journal::RenameError),
    /// The undo or redo of a dismissed suggestion, whose file cannot be written.
    #[error(transparent)]
    Dismissed(#[from] crate::core::suggestions::DismissedFileError),
}

impl App {
    pub fn open_tag_editor(&mut self) {
        // Its counts and renames go over every document.
        self.finish_scan();
        self.mode = Mode::Tags(TagEditor {
            selected: 0,
            form: None,
        });
    }

    /// A form for a new tag, in the group of the tag the list is on (`selected`): most likely
    /// the one it joins.
    fn new_form(&self, selected: usize) -> TagForm {
        let group = self
            .corpus
            .tags
            .tags
            .get(selected)
            .map_or("", |t| t.group.as_str());
        TagForm {
            tag: None,
            inputs: [
                TextInput::default(),
                TextInput::default(),
                TextInput::new("cyan"),
                TextInput::new(group),
                TextInput::default(),
            ],
            field: NAME,
            error: None,
            uses: (0, 0),
            was: None,
        }
    }

    /// A form for the tag at `i`, typing in `field`; `None` when there is no such tag.
    fn edit_form(&self, i: usize, field: usize) -> Option<TagForm> {
        let tag = self.corpus.tags.tags.get(i)?;
        let mut uses = (0, 0);
        for e in &self.corpus.entries {
            let n = e
                .annotations
                .iter()
                .filter(|a| a.has_tag(&tag.name))
                .count();
            if n > 0 {
                uses = (uses.0 + n, uses.1 + 1);
            }
        }
        let form = TagForm {
            tag: Some(i),
            inputs: [
                TextInput::new(&tag.name),
                TextInput::new(&tag.key.to_string()),
                TextInput::new(&tag.color.to_string()),
                TextInput::new(&tag.group),
                TextInput::new(&tag.description),
            ],
            field,
            error: None,
            uses,
            was: Some(tag.clone()),
        };
        Some(form)
    }

    /// Checks the form, writes the scheme and makes the change; a problem stays in the form.
    fn save_form(&mut self, editor: &mut TagEditor) {
        let Some(form) = editor.form.clone() else {
            return;
        };
        // The form was made from the scheme as it was: the tag may be another now.
        self.reload_scheme();
        if form.tag.is_some()
            && form.tag.and_then(|i| self.corpus.tags.tags.get(i)) != form.was.as_ref()
        {
            editor.form = None;
            editor.selected = (editor.selected).min(self.corpus.tags.tags.len().saturating_sub(1));
            self.set_status(
                format!(
                    "nothing saved: {} was changed elsewhere since the form opened; open it again",
                    self.corpus.root.join(TAGS_FILE).display()
                ),
                true,
            );
            return;
        }
        let result = self
            .checked(&form)
            .and_then(|tag| self.apply_form(form.tag, tag).map_err(TagFormError::from));
        match result {
            Ok(at) => {
                editor.form = None;
                editor.selected = at;
            }
            Err(why) => {
                if let Some(form) = &mut editor.form {
                    form.error = Some(why.to_string());
                }
            }
        }
    }

    /// The tag the form describes, or what is wrong with it.
    fn checked(&self, form: &TagForm) -> Result<Tag, TagFormError> {
        let [name, key, color, group, description] = form.inputs.each_ref().map(|i| i.value.trim());
        let others = || {
            self.corpus
                .tags
                .tags
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != form.tag)
                .map(|(_, t)| t)
        };
        if name.is_empty() {
            return Err(TagFormError::NoName);
        }
        if others().any(|t| t.name == name) {
            return Err(TagFormError::NameTaken(name.to_owned()));
        }
        let mut chars = key.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) => c,
            _ => return Err(TagFormError::KeyNotOneCharacter),
        };
        if let Some(other) = others().find(|t| t.key == key) {
            return Err(TagFormError::KeyTaken {
                key,
                tag: other.name.clone(),
            });
        }
        if self.prefs.keymap.reader_uses(key) {
            return Err(TagFormError::ReaderKey {
                key,
                help: self.prefs.keymap.with_keys("{help}"),
            });
        }
        let color = color.parse::<TagColor>()?;
        Ok(Tag {
            name: name.to_owned(),
            key,
            color,
            group: group.to_owned(),
            description: description.to_owned(),
        })
    }

    /// Puts `tag` at index `at` of the scheme (a new one after the last tag of its group, else
    /// at the end), renaming it in the annotations if its name changed; returns its index.
    fn apply_form(&mut self, at: Option<usize>, tag: Tag) -> Result<usize, SchemeChangeError> {
        let before = self.corpus.tags.clone();
        let mut after = before.clone();
        let (at, what, edits) = match at {
            None => {
                let what = format!("added the tag {} ({})", tag.name, tag.key);
                let at = match after.tags.iter().rposition(|t| t.group == tag.group) {
                    Some(last) if !tag.group.is_empty() => last + 1,
                    _ => after.tags.len(),
                };
                after.tags.insert(at, tag);
                (at, what, Vec::new())
            }
            Some(i) => {
                let old = &before.tags[i];
                if *old == tag {
                    return Ok(i);
                }
                let (what, edits) = if old.name == tag.name {
                    (format!("changed the tag {}", tag.name), Vec::new())
                } else {
                    let edits = self.renamed(&old.name, &tag.name)?;
                    let n: usize = edits
                        .iter()
                        .map(|e| e.after.iter().filter(|a| a.has_tag(&tag.name)).count())
                        .sum();
                    let what = format!(
                        "renamed the tag {} to {} in {} of {}",
                        old.name,
                        tag.name,
                        count(n, "annotation"),
                        count(edits.len(), "document"),
                    );
                    (what, edits)
                };
                after.tags[i] = tag;
                (i, what, edits)
            }
        };
        self.set_scheme(&before, after.clone())?;
        self.commit(Change {
            edits,
            scheme: Some(SchemeEdit { before, after }),
            dismissal: None,
            mark: None,
            what,
        });
        Ok(at)
    }

    /// The edits that give every annotation of the corpus with the tag `old` the tag `new`.
    /// Refused while an annotation file is broken: it may use the tag, and would keep the old
    /// name.
    pub(crate) fn renamed(&self, old: &str, new: &str) -> Result<Vec<Edit>, SchemeChangeError> {
        self.no_broken_file()?;
        let stamp = (self.stamp)();
        let mut edits = Vec::new();
        for (entry, e) in self.corpus.entries.iter().enumerate() {
            if !e.annotations.iter().any(|a| a.has_tag(old)) {
                continue;
            }
            let mut after = e.annotations.to_vec();
            for a in &mut after {
                if a.rename_tag(old, new) {
                    a.touch(&stamp);
                }
            }
            edits.push(Edit {
                entry,
                before: e.annotations.to_vec(),
                after,
            });
        }
        Ok(edits)
    }

    /// Refuses a rename while an annotation file is broken: it may use the name, and would
    /// keep it.
    pub(crate) fn no_broken_file(&self) -> Result<(), SchemeChangeError> {
        match self.corpus.entries.iter().find(|e| e.read_only()) {
            Some(e) => Err(SchemeChangeError::BrokenFile(
                e.annotations_error.clone().unwrap_or_default(),
            )),
            None => Ok(()),
        }
    }

    /// Writes the scheme `to` over `from` in the corpus's `tags.toml`, keeping its comments,
    /// and takes it as the reader's scheme. Nothing changes if it cannot be written. A change
    /// that renames tags is journaled first (see [`rename_journal`]): the annotation files it
    /// rewrites next are written one by one, and a gloss killed before the last leaves the
    /// journal for the next start to complete the rename.
    pub(crate) fn set_scheme(
        &mut self,
        from: &TagSet,
        to: TagSet,
    ) -> Result<(), SchemeChangeError> {
        let path = self.corpus.root.join(TAGS_FILE);
        let renames = tag_renames(from, &to);
        if renames.is_empty() {
            crate::core::storage::tag_file::rewrite(&path, from, &to, None)?;
        } else {
            self.journal_rename(&path, from, &to, renames)?;
        }
        // Written here: not a change made elsewhere for the idle check to read again.
        self.corpus.tags_stamp = crate::core::storage::file_stamp::FileStamp::of(&path)
            .ok()
            .flatten();
        self.prefs.theme.set_tags(&to);
        self.corpus.tags = to;
        self.corpus.tags_note = None;
        Ok(())
    }

    /// Writes the journal of `renames`, then the scheme `to` over `from` at `path`; the
    /// annotation files are the caller's to save next. Holds the corpus folder's lock meanwhile,
    /// so that a gloss starting now does not complete a rename that is still being made.
    fn journal_rename(
        &mut self,
        path: &std::path::Path,
        from: &TagSet,
        to: &TagSet,
        renames: Vec<(String, String)>,
    ) -> Result<(), SchemeChangeError> {
        let (tags_before, tags_after) =
            crate::core::storage::tag_file::rewritten(path, from, to, None)?;
        let root = self.corpus.root.clone();
        let uses = |e: &&crate::core::corpus::Entry| {
            e.annotations
                .iter()
                .any(|a| renames.iter().any(|(old, _)| a.has_tag(old)))
        };
        let documents: Vec<String> = self
            .corpus
            .entries
            .iter()
            .filter(uses)
            .map(|e| e.rel_path.clone())
            .collect();
        let files = documents
            .iter()
            .map(|d| crate::core::storage::store::annotation_path(&self.corpus.annotations_dir, d))
            .collect();
        let stamp = (self.stamp)();
        let journal = rename_journal::Journal {
            renames,
            link_renames: Vec::new(),
            tags_before,
            tags_after,
            documents,
            annotator: stamp.annotator,
            time: stamp.time,
        };
        let _lock =
            crate::core::storage::lock::FolderLock::acquire(&root, self.saving.timing.lock_wait)
                .map_err(|source| SchemeChangeError::Locked {
                    root: root.clone(),
                    source,
                })?;
        journal.write(&root)?;
        if let Err(e) = crate::core::storage::tag_file::write(path, &journal.tags_after) {
            // Nothing was renamed: nothing to complete later.
            let _ = rename_journal::remove(&root);
            return Err(e.into());
        }
        let late = self.written_since_read(&journal.documents);
        rename_journal::rename_files(&late, &journal)?;
        self.saving.journaled(Some(files));
        Ok(())
    }

    /// The annotation files, other than those of `documents`, that another gloss wrote since
    /// this one read them (see [`rename_journal::written_since_read`]).
    fn written_since_read(&self, documents: &[String]) -> Vec<std::path::PathBuf> {
        let listed: std::collections::HashSet<&str> =
            documents.iter().map(String::as_str).collect();
        let dir = &self.corpus.annotations_dir;
        let files = (self.corpus.entries.iter().enumerate())
            .filter(|(_, e)| e.loaded && !e.read_only() && !listed.contains(e.rel_path.as_str()))
            .map(|(i, e)| (e.annotation_file(dir), self.saving.read_stamp(i)));
        let wait = self.saving.timing.lock_wait;
        rename_journal::written_since_read(self.saving.folders(), files, wait)
    }

    /// Removes the journal of the last rename once every annotation file it rewrites is
    /// written (see [`crate::tui::saving::Saving::journaled`]).
    pub(crate) fn finish_rename(&mut self) {
        let Some(files) = self.saving.journal() else {
            return;
        };
        if files.iter().any(|f| self.writer.unwritten(f)) {
            return;
        }
        self.saving.journaled(None);
        if let Err(e) = rename_journal::remove(&self.corpus.root) {
            self.set_status(
                format!(
                    "renamed, but {} cannot be removed: {e}; remove it by hand",
                    rename_journal::path(&self.corpus.root).display()
                ),
                true,
            );
        }
    }
}

/// The tags whose name the scheme `to` changes from `from`: each old name and new name. A
/// rename changes a tag in its place, so that the scheme keeps its length and the old name is
/// gone from it while the new one was not in it; a tag added or deleted (which moves the tags
/// after it, names differing place by place) or moved renames nothing.
pub(crate) fn tag_renames(from: &TagSet, to: &TagSet) -> Vec<(String, String)> {
    if from.tags.len() != to.tags.len() {
        return Vec::new();
    }
    let has = |set: &TagSet, name: &str| set.tags.iter().any(|t| t.name == name);
    (from.tags.iter().zip(&to.tags))
        .filter(|(old, new)| old.name != new.name && !has(to, &old.name) && !has(from, &new.name))
        .map(|(old, new)| (old.name.clone(), new.name.clone()))
        .collect()
}
