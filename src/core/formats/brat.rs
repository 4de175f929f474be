//! A brat standoff folder: each document's canonical text as `<name>.txt` beside its `<name>.ann`
//! (`<name>` is the path without `.txt`; a `.md` document keeps its extension, `notes.md.txt`),
//! and `annotation.conf` and `visual.conf` listing the tags, so that the folder opens in brat as
//! it is. Each tag of an annotation is a text-bound annotation `T1\tType start end\ttext` (code
//! points); a span across line breaks is written as brat requires, one fragment per line
//! (`0 5;6 12`). A note is `#1\tAnnotatorNotes T1\tnote`: brat reads a note as one line with no
//! escape (`OnelineCommentAnnotation` in brat's `server/src/annotation.py`), so a note of several
//! lines is one such line per line, in order, all on the annotation's first entity, and an import
//! joins the notes of an annotation with line breaks; a tab in a note, which would end the line's
//! last field for readers that split on tabs, is written as a space, and the export says so.
//! Groups of tags are abstract parent types
//! (`!claim`) in `annotation.conf`.
//!
//! brat type names cannot hold spaces and other punctuation, so tag names are mapped reversibly
//! (see [`type_name`]): letters, digits and `-` are kept, a space becomes `__`, any other
//! character `_<hex code point>_` (`position/norm` is `position_2f_norm`); `visual.conf` shows the
//! real names as labels. An annotation without tags has the type [`UNTAGGED`].
//!
//! `annotation.conf` allows any two entities to overlap (an `<OVERLAP>` rule with `<ANY>`), so
//! that brat accepts the entities of an annotation with several tags, which share a span.
//!
//! Each field value is a multi-valued attribute on the annotation's first entity,
//! `A1\trole T1 foreign__ministry`, its name and value mapped as tag names are; `[attributes]`
//! of `annotation.conf` declares every field with the values brat may show: a choice field's
//! list, then the values the annotations use (brat has no free-text attribute, so a free-text
//! field lists those it has). A field without any value is not declared.
//!
//! A link between two annotations of the same document (see [`crate::core::links`]) is a
//! relation between their first entities, `R1\tdenies Arg1:T3 Arg2:T1`, its type mapped as tag
//! names are and declared in `[relations]` of `annotation.conf` (the scheme's link types, then
//! any others used). A brat relation joins two entities of one `.ann` file: a link to an
//! annotation of another document, or to one not exported, is left out of the folder and named
//! as not carried (W3C JSON, CSV and REFI-QDA carry it).
//!
//! brat has no place for annotators: the coder who made an annotation is the attribute
//! [`ANNOTATOR`] on each of its entities (`A2\t_annotator T1 alice`, the name mapped as tag names
//! are), and the one who changed it last, when another, [`MODIFIER`] on its first; both are
//! declared in `[attributes]` with every coder as a value. An import takes each annotation's
//! coder from them (the importer's when an entity has none), and joins entities on one span into
//! one annotation only when they are the same coder's. brat has no place for ids or times: an
//! import gives new ids and takes its own time.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::core::documents::document::{self, DocumentError};
use crate::core::documents::text;
use crate::core::formats::import::links::{IncomingLink, LinkTarget};
use crate::core::formats::import::{Batch, Incoming};
use crate::core::formats::offsets::{self, Breaks, Claimed, Counting, Given, Unit};
use crate::core::formats::{Exported, Material, Seen, TagInfo, groups, hex};

/// brat reads a `.txt` as Python does and counts its code points, a CR LF as two.
pub const BRAT: Counting = Counting {
    unit: Unit::CodePoints,
    breaks: Breaks::AsWritten,
    bom: false,
};

/// The first words of the `annotation.conf` gloss writes: a folder whose configuration starts so
/// has type names that are escaped tag names ([`type_name`]); any other's are taken as they are.
pub const MARK: &str = "# Written by gloss";

/// The type of an annotation that has a note but no tag; no tag name maps to it.
pub const UNTAGGED: &str = "_untagged";

/// The attribute naming an annotation's coder; no field name maps to it (see [`type_name`]).
pub const ANNOTATOR: &str = "_annotator";

/// The attribute naming who changed an annotation last, when not its coder.
pub const MODIFIER: &str = "_modified_by";

/// The brat type name of a tag: see the module's documentation.
pub fn type_name(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for (i, c) in tag.chars().enumerate() {
        match c {
            'a'..='z' | 'A'..='Z' => out.push(c),
            // brat names start with a letter.
            '0'..='9' | '-' if i > 0 => out.push(c),
            ' ' => out.push_str("__"),
            c => {
                let _ = write!(out, "_{:x}_", u32::from(c));
            }
        }
    }
    out
}

/// The tag name of a brat type, undoing [`type_name`]; a type gloss did not write is taken as
/// it is.
pub fn tag_name(type_name: &str) -> String {
    let mut out = String::with_capacity(type_name.len());
    let mut rest = type_name;
    while let Some(at) = rest.find('_') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(close) = after.find('_') else {
            return type_name.to_owned();
        };
        let code = &after[..close];
        if code.is_empty() {
            out.push(' ');
        } else {
            // A letter, or a digit past the start, is never escaped: such a type is not ours.
            match u32::from_str_radix(code, 16).ok().and_then(char::from_u32) {
                Some(c) if !(c.is_ascii_alphabetic() || c.is_ascii_digit() && !out.is_empty()) => {
                    out.push(c)
                }
                _ => return type_name.to_owned(),
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The files of the folder, as paths relative to it (`/`-separated) and contents: the two
/// configuration files, then each document's `.txt` and `.ann`. All are held at once: an export
/// writes them with [`write_files`]. An error names a document whose text cannot be read.
pub fn files(material: &Material) -> impl Iterator<Item = io::Result<(String, String)>> {
    let mut all = Vec::new();
    let made = write_files(material, &mut |rel, contents| {
        all.push((rel, contents));
        Ok(())
    });
    // The configuration files, written last, go first.
    let listed = made.map(|()| {
        let conf = all.split_off(all.len() - 2);
        conf.into_iter().chain(all).map(Ok).collect::<Vec<_>>()
    });
    listed.unwrap_or_else(|e| vec![Err(e)]).into_iter()
}

/// Hands `write` each document's `.txt` and `.ann` as the document is read, then the two
/// configuration files, which describe every tag used; each as its path relative to the folder
/// (`/`-separated) and contents, so that a corpus is never held whole.
pub fn write_files(
    material: &Material,
    write: &mut dyn FnMut(String, String) -> io::Result<()>,
) -> io::Result<()> {
    material.start_write();
    let mut seen = Seen::default();
    material.each_doc(&mut |doc| {
        seen.add(doc);
        let base = base_name(&doc.rel_path);
        let text = doc.text()?;
        let (ann, elsewhere) = ann(&text, &doc.annotations);
        for (from, kind, to) in elsewhere {
            material.not_carried(format!(
                "{}: the link “{kind}” from {from} to {to}, whose target is not in this \
                 document (or not exported): a brat relation joins two annotations of one \
                 document; export json, csv or qdpx to keep it",
                doc.rel_path
            ));
        }
        for a in doc.annotations.iter().filter(|a| a.note.contains('\t')) {
            material.not_carried(format!(
                "{}: the tab in the note of {}, written as a space: a tab separates the \
                 fields of a brat line; export json, csv or qdpx to keep it",
                doc.rel_path, a.id
            ));
        }
        write(format!("{base}.txt"), text.into_owned())?;
        write(format!("{base}.ann"), ann)
    })?;
    let tags = material.tags(&seen);
    let kinds = material.link_kinds(&seen);
    write(
        "annotation.conf".to_owned(),
        annotation_conf(
            &tags,
            seen.untagged,
            &material.field_values(&seen),
            &kinds,
            &seen.coders,
        ),
    )?;
    write("visual.conf".to_owned(), visual_conf(&tags, &kinds))
}

fn base_name(rel_path: &str) -> &str {
    rel_path.strip_suffix(".txt").unwrap_or(rel_path)
}

/// The corpus document of the brat file `<base>.ann`.
fn document_of(base: &str) -> String {
    if base.ends_with(".md") {
        base.to_owned()
    } else {
        format!("{base}.txt")
    }
}

fn annotation_conf(
    tags: &[TagInfo],
    untagged: bool,
    fields: &[(&str, Vec<&str>)],
    link_kinds: &[&str],
    coders: &[String],
) -> String {
    let mut out = format!(
        "{MARK}: one entity type per tag, under its group. Type names are tag names\n\
         # with a space as `__` and other punctuation as `_<hex code point>_`.\n[entities]\n",
    );
    for group in groups(tags) {
        let indent = if group.is_empty() {
            ""
        } else {
            let _ = writeln!(out, "!{}", type_name(group));
            "\t"
        };
        for t in tags.iter().filter(|t| t.group == group) {
            let _ = writeln!(out, "{indent}{}", type_name(&t.name));
        }
    }
    if untagged {
        let _ = writeln!(out, "{UNTAGGED}");
    }
    // brat's verifier (`verify_entity_overlap` in server/src/verify_annotations.py) calls two
    // entities on the same text an error unless a `<OVERLAP>` rule allows it
    // (`spans_can_be_equal` and its siblings in server/src/projectconfig.py). gloss lets any
    // annotations overlap, and writes each tag of one as its own entity on the same span.
    out.push_str(
        "[relations]\n# gloss annotations may share, nest in or cross one another's text.\n\
         <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n",
    );
    for kind in link_kinds {
        let _ = writeln!(out, "{}\tArg1:<ENTITY>, Arg2:<ENTITY>", type_name(kind));
    }
    out.push_str("[events]\n[attributes]\n");
    for (name, values) in fields {
        let values: Vec<String> = values.iter().map(|v| type_name(v)).collect();
        let _ = writeln!(
            out,
            "{}\tArg:<ENTITY>, Value:{}",
            type_name(name),
            values.join("|")
        );
    }
    if !coders.is_empty() {
        let names: Vec<String> = coders.iter().map(|c| type_name(c)).collect();
        for attribute in [ANNOTATOR, MODIFIER] {
            let _ = writeln!(out, "{attribute}\tArg:<ENTITY>, Value:{}", names.join("|"));
        }
    }
    out
}

fn visual_conf(tags: &[TagInfo], link_kinds: &[&str]) -> String {
    let mut out = String::from("[labels]\n");
    for t in tags {
        let _ = writeln!(out, "{} | {}", type_name(&t.name), t.name);
    }
    for kind in link_kinds {
        let _ = writeln!(out, "{} | {kind}", type_name(kind));
    }
    out.push_str("[drawing]\n");
    for t in tags {
        if let Some(color) = t.color {
            let _ = writeln!(out, "{}\tbgColor:{}", type_name(&t.name), hex(color));
        }
    }
    out
}

/// The `.ann` file of the `annotations` of `text`, and the links it cannot hold, whose target is
/// not among them: each as the ids of its source and target and its type.
fn ann(text: &str, annotations: &[Exported<'_>]) -> (String, Vec<(String, String, String)>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let (mut t, mut n, mut attribute) = (0, 0, 0);
    // The first entity of each annotation, by id, for relations.
    let mut firsts: Vec<(&str, usize)> = Vec::with_capacity(annotations.len());
    for a in annotations {
        let fragments = fragments(&chars, a.start, a.end);
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let quoted: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        let types: Vec<String> = if a.tags.is_empty() {
            vec![UNTAGGED.to_owned()]
        } else {
            a.tags.iter().map(|tag| type_name(tag)).collect()
        };
        let first = t + 1;
        firsts.push((&a.id, first));
        for ty in types {
            t += 1;
            let _ = writeln!(
                out,
                "T{t}\t{ty} {}\t{}",
                offsets.join(";"),
                quoted.join(" ")
            );
            // On every entity, so that an import tells apart two coders' entities on one span.
            if !a.annotator.is_empty() {
                attribute += 1;
                let coder = type_name(&a.annotator);
                let _ = writeln!(out, "A{attribute}\t{ANNOTATOR} T{t} {coder}");
            }
        }
        if !a.modified_by.is_empty() && a.modified_by != a.annotator {
            attribute += 1;
            let by = type_name(&a.modified_by);
            let _ = writeln!(out, "A{attribute}\t{MODIFIER} T{first} {by}");
        }
        if !a.note.is_empty() {
            for line in a.note.split('\n') {
                n += 1;
                let line = line.replace(['\t', '\r'], " ");
                let _ = writeln!(out, "#{n}\tAnnotatorNotes T{first}\t{line}");
            }
        }
        for (name, value) in &a.fields {
            attribute += 1;
            let _ = writeln!(
                out,
                "A{attribute}\t{} T{first} {}",
                type_name(name),
                type_name(value)
            );
        }
    }
    let mut elsewhere = Vec::new();
    let mut r = 0;
    for (a, &(_, from)) in annotations.iter().zip(&firsts) {
        for link in &a.links {
            match firsts.iter().find(|(id, _)| *id == link.to) {
                Some((_, to)) => {
                    r += 1;
                    let kind = type_name(&link.kind);
                    let _ = writeln!(out, "R{r}\t{kind} Arg1:T{from} Arg2:T{to}");
                }
                None => elsewhere.push((a.id.clone(), link.kind.clone(), link.to.clone())),
            }
        }
    }
    (out, elsewhere)
}

/// The pieces of `start..end` between line breaks, as brat wants spans; a span of nothing but
/// line breaks keeps its place as one empty fragment.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    let breaks = chars[start..end]
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '\n')
        .map(|(i, _)| start + i);
    for at in breaks.chain([end]) {
        if at > from {
            out.push((from, at));
        }
        from = at + 1;
    }
    if out.is_empty() {
        out.push((start, end));
    }
    out
}

/// Why a brat folder cannot be read; each names the file, and the line of an `.ann` file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Walk(#[from] walkdir::Error),
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// A document's `.txt`, which is read as written (CR LF, byte-order mark): brat counts that.
    #[error(transparent)]
    Text(#[from] DocumentError),
    #[error("{}: {source}", path.display())]
    Ann { path: PathBuf, source: AnnError },
    #[error("no .ann file in {}: give a brat folder (documents as .txt beside .ann)", dir.display())]
    NoAnn { dir: PathBuf },
}

/// A line of an `.ann` file that gloss cannot read; `line` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnError {
    #[error("line {line}: expected `T1\\tType start end\\ttext`")]
    NotTextBound { line: usize },
    #[error("line {line}: bad offsets {fragment:?}")]
    BadOffsets { line: usize, fragment: String },
}

/// Reads every `.ann` file under `dir` with its `.txt`, and the groups of `annotation.conf`.
/// Multi-valued attributes are fields and relations links; events and binary attributes have no
/// place in gloss: they are counted as ignored. Type
/// names are decoded (see [`tag_name`]) only when `annotation.conf` says gloss wrote it.
pub fn read(dir: &Path, given: Given) -> Result<Batch, ReadError> {
    let mut batch = Batch::default();
    let mut ours = false;
    if let Ok(conf) = std::fs::read_to_string(dir.join("annotation.conf")) {
        ours = conf.lines().any(|l| l.starts_with(MARK));
        batch.tags = conf_tags(&conf, ours);
    }
    let mut found = false;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        found = true;
        let rel = path.strip_prefix(dir).unwrap_or(path).with_extension("");
        let base: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let document = document_of(&base.join("/"));
        let ann = std::fs::read_to_string(path).map_err(|source| ReadError::Read {
            path: path.to_owned(),
            source,
        })?;
        let text = match document::read_file(&path.with_extension("txt"), text::as_written_owned) {
            Ok(decoded) => Some(decoded.text),
            Err(DocumentError::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                None
            }
            Err(e) => return Err(e.into()),
        };
        let decode = |ty: &str| if ours { tag_name(ty) } else { ty.to_owned() };
        read_ann(&ann, text.as_deref(), &document, &decode, given, &mut batch).map_err(
            |source| ReadError::Ann {
                path: path.to_owned(),
                source,
            },
        )?;
    }
    if !found {
        return Err(ReadError::NoAnn {
            dir: dir.to_owned(),
        });
    }
    Ok(batch)
}

/// One text-bound annotation line: `T1\tType start end[;start end…]\ttext`.
struct Bound {
    id: String,
    ty: String,
    fragments: Vec<(usize, usize)>,
    text: String,
}

/// Reads one `.ann` file. With the document's `.txt`, every span is checked against its text
/// column under the counting that makes them agree ([`offsets::detect`]; brat counts code points
/// of the file as written); without it, offsets are taken as gloss counts and the text column is
/// the quote.
fn read_ann(
    ann: &str,
    text: Option<&str>,
    document: &str,
    decode: &dyn Fn(&str) -> String,
    given: Given,
    batch: &mut Batch,
) -> Result<(), AnnError> {
    let mut bounds: Vec<Bound> = Vec::new();
    let mut notes: Vec<(String, String, String)> = Vec::new();
    // A multi-valued attribute: its id, the entity it is on, its name and value.
    let mut attributes: Vec<(String, String, String, String)> = Vec::new();
    // A relation: its id, type, and the entities it goes from and to.
    let mut relations: Vec<(String, String, String, String)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let line_no = i + 1;
        let mut columns = line.splitn(3, '\t');
        let (id, middle, last) = (
            columns.next().unwrap_or(""),
            columns.next().unwrap_or(""),
            columns.next().unwrap_or(""),
        );
        if id.starts_with('T') {
            let (ty, offsets) = middle
                .split_once(' ')
                .ok_or(AnnError::NotTextBound { line: line_no })?;
            let mut fragments = Vec::new();
            for fragment in offsets.split(';') {
                let pair = fragment
                    .trim()
                    .split_once(' ')
                    .and_then(|(s, e)| Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
                    .ok_or_else(|| AnnError::BadOffsets {
                        line: line_no,
                        fragment: fragment.to_owned(),
                    })?;
                fragments.push(pair);
            }
            bounds.push(Bound {
                id: id.to_owned(),
                ty: ty.to_owned(),
                fragments,
                text: last.to_owned(),
            });
        } else if id.starts_with('A')
            && let [name, target, value] = middle.split_whitespace().collect::<Vec<_>>()[..]
        {
            attributes.push((
                id.to_owned(),
                target.to_owned(),
                decode(name),
                decode(value),
            ));
        } else if id.starts_with('R')
            && let [ty, from, to] = middle.split_whitespace().collect::<Vec<_>>()[..]
            && let (Some((_, from)), Some((_, to))) = (from.split_once(':'), to.split_once(':'))
        {
            relations.push((id.to_owned(), decode(ty), from.to_owned(), to.to_owned()));
        } else if id.starts_with('#') && middle.starts_with("AnnotatorNotes ") {
            let target = middle["AnnotatorNotes ".len()..].trim();
            notes.push((id.to_owned(), target.to_owned(), last.to_owned()));
        } else if !line.trim().is_empty() {
            batch
                .ignored
                .push(format!("{document}: line {line_no} ({id})"));
        }
    }
    let claimed: Vec<Claimed> = bounds
        .iter()
        .map(|b| Claimed {
            fragments: b.fragments.clone(),
            says: Some(b.text.clone()),
        })
        .collect();
    let found = text.map(|text| {
        let found = offsets::detect(text, &claimed, BRAT, given);
        batch.counted(document, &found);
        found
    });
    // The coder and last modifier each entity names, by its brat id.
    let named = |attribute: &str, entity: &str| {
        attributes
            .iter()
            .find(|(_, target, name, _)| name == attribute && target == entity)
            .map(|(_, _, _, value)| value.clone())
    };
    let first = batch.annotations.len();
    // brat id of each text-bound annotation → index in `batch.annotations`.
    let mut ids: Vec<(String, usize)> = Vec::new();
    for (i, b) in bounds.into_iter().enumerate() {
        let start = b.fragments.iter().map(|f| f.0).min().unwrap_or(0);
        let end = b.fragments.iter().map(|f| f.1).max().unwrap_or(0);
        let inc = Incoming {
            document: document.to_owned(),
            start,
            end,
            annotator: named(ANNOTATOR, &b.id),
            modified_by: named(MODIFIER, &b.id),
            ..Incoming::default()
        };
        let inc = match &found {
            Some(found) => match batch.place(inc, &found.spans[i], &found.canonical) {
                Some(inc) => inc,
                None => continue,
            },
            None => Incoming {
                quote: Some(b.text.clone()),
                ..inc
            },
        };
        // Two coders' entities on one span are two annotations.
        let at = match batch.annotations[first..]
            .iter()
            .position(|a| (a.start, a.end) == (inc.start, inc.end) && a.annotator == inc.annotator)
        {
            Some(at) => {
                let joined = &mut batch.annotations[first + at];
                joined.modified_by = joined.modified_by.take().or(inc.modified_by);
                first + at
            }
            None => {
                batch.annotations.push(inc);
                batch.annotations.len() - 1
            }
        };
        if b.ty != UNTAGGED {
            let tag = decode(&b.ty);
            if !batch.annotations[at].tags.contains(&tag) {
                batch.annotations[at].tags.push(tag);
            }
        }
        ids.push((b.id, at));
    }
    let mut noted: Vec<usize> = Vec::new();
    for (id, target, note) in notes {
        let Some(&(_, at)) = ids.iter().find(|(t, _)| *t == target) else {
            batch.ignored.push(format!(
                "{document}: note {id} on {target}, which is not a placed span"
            ));
            continue;
        };
        // A note's lines, and notes of one annotation, each after a line break (an empty
        // first line too).
        let old = &mut batch.annotations[at].note;
        if noted.contains(&at) {
            old.push('\n');
        } else {
            noted.push(at);
        }
        old.push_str(&note);
    }
    for (id, target, name, value) in attributes {
        if name == ANNOTATOR || name == MODIFIER {
            continue;
        }
        let Some(&(_, at)) = ids.iter().find(|(t, _)| *t == target) else {
            batch.ignored.push(format!(
                "{document}: attribute {id} on {target}, which is not a placed span"
            ));
            continue;
        };
        batch.annotations[at].fields.insert(name, value);
    }
    for (id, kind, from, to) in relations {
        let at = |t: &str| ids.iter().find(|(i, _)| i == t).map(|&(_, at)| at);
        let (Some(from), Some(to)) = (at(&from), at(&to)) else {
            batch.ignored.push(format!(
                "{document}: relation {id} from {from} to {to}, which are not both placed spans"
            ));
            continue;
        };
        batch.annotations[from].links.push(IncomingLink {
            kind,
            to: LinkTarget::Incoming(to),
        });
    }
    Ok(())
}

/// The tags of an `annotation.conf`, each with the group it is nested under.
/// `decode`: the file was written by gloss, whose type names are escaped tag names.
fn conf_tags(conf: &str, decode: bool) -> Vec<TagInfo> {
    let name_of = |ty: &str| if decode { tag_name(ty) } else { ty.to_owned() };
    let mut out = Vec::new();
    let mut in_entities = false;
    // The type names of the lines above, by indentation.
    let mut parents: Vec<String> = Vec::new();
    for line in conf.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_entities = trimmed == "[entities]";
            continue;
        }
        if !in_entities || trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - line.trim_start_matches('\t').len();
        parents.truncate(depth);
        let (is_group, name) = match trimmed.strip_prefix('!') {
            Some(name) => (true, name),
            None => (false, trimmed),
        };
        let name = name.split_whitespace().next().unwrap_or("");
        if !is_group && name != UNTAGGED {
            out.push(TagInfo {
                name: name_of(name),
                group: parents.last().map(|p| name_of(p)).unwrap_or_default(),
                ..TagInfo::default()
            });
        }
        parents.push(name.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_valid_and_map_back() {
        for (tag, ty) in [
            ("denial", "denial"),
            ("policy commitment", "policy__commitment"),
            ("position/norm", "position_2f_norm"),
            ("quasi-authoritative", "quasi-authoritative"),
            ("a _b", "a___5f_b"),
            ("1st", "_31_st"),
            ("中文", "_4e2d__6587_"),
        ] {
            assert_eq!(type_name(tag), ty);
            assert_eq!(tag_name(ty), tag);
            assert!(
                ty.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            );
        }
        assert_eq!(tag_name("Person"), "Person");
        assert_eq!(tag_name("odd_name"), "odd_name");
        assert_eq!(tag_name("Gene_or_gene_product"), "Gene_or_gene_product");
        assert_eq!(tag_name("Protein_41_b"), "Protein_41_b");
    }

    #[test]
    fn spans_across_line_breaks_are_fragments() {
        let chars: Vec<char> = "ab\ncd\n\nef".chars().collect();
        assert_eq!(fragments(&chars, 0, 9), vec![(0, 2), (3, 5), (7, 9)]);
        assert_eq!(fragments(&chars, 1, 2), vec![(1, 2)]);
        assert_eq!(fragments(&chars, 2, 3), vec![(2, 3)]);
    }

    #[test]
    fn a_span_across_a_line_break_a_note_s_lines_and_the_coders_are_written_and_read_back() {
        let text = "Première ligne\nseconde ligne.";
        let index = crate::core::documents::text::CharIndex::new(text);
        let stamp = crate::core::annotation::Stamp {
            annotator: "a".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut a = crate::core::annotation::Annotation::new(
            text,
            &index,
            text.find("ligne").unwrap()..text.len(),
            vec!["position/norm".into()],
            &stamp,
        );
        a.note = "\ntwo\nlines".into();
        a.tags.push("denial".into());
        a.modified_by = "b c".into();
        let (written, _) = ann(text, &[Exported::from(a)]);
        assert_eq!(
            written,
            "T1\tposition_2f_norm 9 14;15 29\tligne seconde ligne.\n\
             A1\t_annotator T1 a\n\
             T2\tdenial 9 14;15 29\tligne seconde ligne.\n\
             A2\t_annotator T2 a\n\
             A3\t_modified_by T1 b__c\n\
             #1\tAnnotatorNotes T1\t\n\
             #2\tAnnotatorNotes T1\ttwo\n\
             #3\tAnnotatorNotes T1\tlines\n"
        );
        let mut batch = Batch::default();
        read_ann(
            &written,
            Some(text),
            "doc.txt",
            &tag_name,
            Given::default(),
            &mut batch,
        )
        .unwrap();
        let inc = &batch.annotations[0];
        assert_eq!((inc.start, inc.end), (9, 29));
        assert_eq!(inc.quote.as_deref(), Some("ligne\nseconde ligne."));
        assert_eq!(inc.tags, ["position/norm", "denial"]);
        assert_eq!(inc.note, "\ntwo\nlines");
        assert_eq!(inc.annotator.as_deref(), Some("a"));
        assert_eq!(inc.modified_by.as_deref(), Some("b c"));
        assert!(inc.fields.is_empty());
    }

    #[test]
    fn conf_groups_come_from_nesting() {
        let conf = "[entities]\n!claim\n\tdenial\n\tposition_2f_norm\nPerson\n[relations]\nX\n";
        let tags = conf_tags(conf, true);
        let pairs: Vec<(&str, &str)> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.group.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("denial", "claim"),
                ("position/norm", "claim"),
                ("Person", "")
            ]
        );
    }
}
