//! Reading a REFI-QDA project, as gloss or another tool (ATLAS.ti, NVivo, MAXQDA, QualCoder)
//! wrote it: codes become tags, selections annotations, memos on selections their notes, codes
//! under a field's code (as gloss writes fields) field values, and links from one selection to
//! another links between annotations.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::{REFI_QDA, xml};
use crate::core::formats::TagInfo;
use crate::core::formats::import::links::LinkTarget;
use crate::core::formats::import::{Batch, Incoming};
use crate::core::formats::offsets::{self, Claimed, Given};
use crate::core::tags::TagColor;

/// Why a file is not a REFI-QDA project gloss can read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a REFI-QDA project (a zip file): {0}")]
    NotZip(zip::result::ZipError),
    #[error("no project.qde in the project")]
    NoQde,
    /// `name` is the entry's path in the zip file.
    #[error("{name} in the project: {source}")]
    Entry {
        name: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Xml(#[from] xml::XmlError),
    #[error("the root of {qde} is <{root}>, not <Project>")]
    NotProject { qde: String, root: String },
    /// `key` is `startPosition` or `endPosition`.
    #[error("source {source_name:?}: a selection without a valid {key}")]
    Selection {
        source_name: String,
        key: &'static str,
    },
}

/// Reads a project written by gloss or by another REFI-QDA tool. `document_of(name, text)` names
/// the corpus document a source is, by its name or else by its canonical text (NVivo and MAXQDA
/// name sources without extension, or after their title); codes nested under others get their
/// ancestors' names, joined by `/`, as group. Each source's positions are read in the counting
/// that fits its own text best ([`offsets::detect`]: every span on characters of the text, fewest
/// edges inside words). Notes a selection refers to become its note; others are reported. The
/// codings another user than the selection's made on it are that user's own annotation of its
/// span (each coder has their own annotation, issue 12).
pub fn read(
    data: &[u8],
    given: Given,
    document_of: &dyn Fn(&str, Option<&str>) -> Option<String>,
) -> Result<Batch, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).map_err(ReadError::NotZip)?;
    let qde_name = zip
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with(".qde"))
        .map(|n| n.into_owned())
        .ok_or(ReadError::NoQde)?;
    let qde = read_entry(&mut zip, &qde_name)?;
    let root = xml::parse(&qde)?;
    if root.name != "Project" {
        return Err(ReadError::NotProject {
            qde: qde_name,
            root: root.name,
        });
    }
    let mut batch = Batch::default();
    let users: BTreeMap<String, String> = root
        .descendants("User")
        .into_iter()
        .filter_map(|u| Some((guid(u.attr("guid")?), u.attr("name")?.to_owned())))
        .collect();
    let mut codes = BTreeMap::new();
    // The codes of field values, by GUID: the field's name and the value.
    let mut values: BTreeMap<String, (String, String)> = BTreeMap::new();
    if let Some(book) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        for code in book.children_named("Code") {
            let name = code.attr("name").unwrap_or("").trim();
            if code.attr("guid").map(guid) == Some(super::field_guid(name)) {
                for value in code.children_named("Code") {
                    if let (Some(g), Some(v)) = (value.attr("guid"), value.attr("name")) {
                        values.insert(guid(g), (name.to_owned(), v.trim().to_owned()));
                    }
                }
                continue;
            }
            read_code(code, "", &mut codes, &mut batch.tags);
        }
    }
    // Notes (memos) by GUID: their name and text, and whether a selection took them.
    let mut notes: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    for note in root.descendants("Note") {
        let text = source_text(note, &mut zip)?
            .map(|t| crate::core::documents::text::canonicalize(t.as_bytes()).unwrap_or(t))
            .unwrap_or_default();
        let name = note.attr("name").unwrap_or("").to_owned();
        if let Some(g) = note.attr("guid") {
            notes.insert(guid(g), (name, text.trim().to_owned(), false));
        }
    }
    for source in root.descendants("TextSource") {
        let name = source.attr("name").unwrap_or("");
        let text = source_text(source, &mut zip)?;
        let canonical = text.as_ref().map(|t| {
            crate::core::documents::text::canonicalize(t.as_bytes()).unwrap_or_else(|_| t.clone())
        });
        let Some(document) = document_of(name, canonical.as_deref()) else {
            batch.not_placed.push(format!(
                "source {name:?}: neither its name nor its text is that of a document in the \
                 corpus ({})",
                crate::core::plural::count(
                    source.children_named("PlainTextSelection").count(),
                    "selection"
                )
            ));
            continue;
        };
        let whole = source.children_named("Coding").count();
        if whole > 0 {
            batch.ignored.push(format!(
                "source {name:?}: {} of the whole document (gloss codes spans)",
                crate::core::plural::count(whole, "coding")
            ));
        }
        let selections: Vec<&xml::Element> = source.children_named("PlainTextSelection").collect();
        let mut positions = Vec::with_capacity(selections.len());
        for sel in &selections {
            let number = |key: &'static str| {
                sel.attr(key)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .ok_or_else(|| ReadError::Selection {
                        source_name: name.to_owned(),
                        key,
                    })
            };
            positions.push((number("startPosition")?, number("endPosition")?));
        }
        let found = text.as_deref().map(|text| {
            let claimed: Vec<Claimed> = positions
                .iter()
                .map(|&(s, e)| Claimed::span(s, e, None))
                .collect();
            let found = offsets::detect(text, &claimed, REFI_QDA, given);
            batch.counted(&document, &found);
            found
        });
        for (i, (sel, (start, end))) in selections.into_iter().zip(positions).enumerate() {
            let mut inc = Incoming {
                document: document.clone(),
                id: sel.attr("guid").map(guid),
                start,
                end,
                annotator: sel
                    .attr("creatingUser")
                    .and_then(|u| users.get(&guid(u)).cloned()),
                created: sel.attr("creationDateTime").map(str::to_owned),
                modified: sel.attr("modifiedDateTime").map(str::to_owned),
                modified_by: sel
                    .attr("modifyingUser")
                    .and_then(|u| users.get(&guid(u)).cloned()),
                note: sel
                    .child("Description")
                    .map(|d| d.text.clone())
                    .unwrap_or_default(),
                ..Incoming::default()
            };
            let user_of = |coding: &xml::Element| {
                coding
                    .attr("creatingUser")
                    .and_then(|u| users.get(&guid(u)).cloned())
            };
            // A selection that names no user is its first coding's user's.
            if inc.annotator.is_none() {
                inc.annotator = sel.children_named("Coding").find_map(user_of);
            }
            // Codings another user made on the selection are that user's own annotation of its
            // span, without the selection's GUID: no code lands on another coder's annotation.
            let mut others: Vec<Incoming> = Vec::new();
            for coding in sel.children_named("Coding") {
                let coded = match user_of(coding) {
                    Some(by) if inc.annotator.as_ref() != Some(&by) => {
                        let at = match others.iter().position(|o| o.annotator == Some(by.clone())) {
                            Some(at) => at,
                            None => {
                                others.push(Incoming {
                                    document: document.clone(),
                                    start,
                                    end,
                                    annotator: Some(by),
                                    created: coding.attr("creationDateTime").map(str::to_owned),
                                    ..Incoming::default()
                                });
                                others.len() - 1
                            }
                        };
                        &mut others[at]
                    }
                    _ => &mut inc,
                };
                let target = coding.child("CodeRef").and_then(|r| r.attr("targetGUID"));
                if let Some((field, value)) = target.and_then(|t| values.get(&guid(t))) {
                    coded.fields.insert(field.clone(), value.clone());
                    continue;
                }
                match target.and_then(|t| codes.get(&guid(t))) {
                    Some(tag) if !coded.tags.contains(tag) => coded.tags.push(tag.clone()),
                    Some(_) => {}
                    None => batch.ignored.push(format!(
                        "source {name:?}: a coding whose code is not in the codebook"
                    )),
                }
            }
            // Each note with the user whose coding refers to it (none for the selection's own).
            let refs = sel.children_named("NoteRef").map(|r| (None, r)).chain(
                sel.children_named("Coding").flat_map(|c| {
                    let by = user_of(c);
                    c.children_named("NoteRef").map(move |r| (by.clone(), r))
                }),
            );
            for (by, r) in refs {
                let Some((_, text, taken)) =
                    r.attr("targetGUID").and_then(|g| notes.get_mut(&guid(g)))
                else {
                    continue;
                };
                *taken = true;
                let noted = match others
                    .iter_mut()
                    .find(|o| by.is_some() && o.annotator == by)
                {
                    Some(other) => other,
                    None => &mut inc,
                };
                if !text.is_empty() && !noted.note.contains(text.as_str()) {
                    if !noted.note.is_empty() {
                        noted.note.push_str("\n\n");
                    }
                    noted.note.push_str(text);
                }
            }
            // A selection that only other users coded is theirs alone: an annotation without
            // a code or a note in the name of the selection's creator would be one they did
            // not make. A selection nobody coded is its creator's highlight, and kept.
            let bare = inc.tags.is_empty() && inc.fields.is_empty() && inc.note.trim().is_empty();
            let own = (!bare || others.is_empty()).then_some(inc);
            for inc in own.into_iter().chain(others) {
                if let Some(found) = &found {
                    if let Some(placed) = batch.place(inc, &found.spans[i], &found.canonical) {
                        batch.annotations.push(placed);
                    }
                } else {
                    batch.annotations.push(inc);
                }
            }
        }
    }
    let links = root
        .child("Links")
        .into_iter()
        .flat_map(|l| l.children_named("Link"));
    for link in links {
        // A link without a name (MAXQDA links segments so) is of the type `link`.
        let kind = match link.attr("name").map(str::trim) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => "link".to_owned(),
        };
        let linked = match (link.attr("originGUID"), link.attr("targetGUID")) {
            (Some(from), Some(to)) => {
                batch.link_from(&guid(from), kind.clone(), LinkTarget::Id(guid(to)))
            }
            _ => false,
        };
        if !linked {
            batch.ignored.push(format!(
                "link {kind:?}: not from one placed selection to another (gloss links \
                 annotations)"
            ));
        }
    }
    for (name, text, taken) in notes.into_values() {
        if !taken {
            let first: String = text.chars().take(40).collect();
            batch.ignored.push(format!(
                "note {name:?} (“{}”): a memo on no selection; gloss keeps notes on spans, so \
                 copy it into one by hand",
                first.replace('\n', " ")
            ));
        }
    }
    Ok(batch)
}

/// The text of a source or note as the project holds it (line breaks and byte-order mark as
/// written): its `sources/` file, else its `PlainTextContent`.
fn source_text(
    source: &xml::Element,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<Option<String>, ReadError> {
    Ok(match source.attr("plainTextPath") {
        Some(path) if path.starts_with("internal://") => {
            let entry = format!("sources/{}", &path["internal://".len()..]);
            Some(read_entry(zip, &entry)?)
        }
        _ => source.child("PlainTextContent").map(|c| c.text.clone()),
    })
}

fn read_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, ReadError> {
    let fail = |source| ReadError::Entry {
        name: name.to_owned(),
        source,
    };
    let mut file = zip.by_name(name).map_err(|e| fail(e.into()))?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(fail)?;
    Ok(text)
}

/// GUIDs compare without braces and case.
fn guid(s: &str) -> String {
    s.trim_matches(|c| c == '{' || c == '}')
        .to_ascii_lowercase()
}

fn read_code(
    code: &xml::Element,
    group: &str,
    codes: &mut BTreeMap<String, String>,
    tags: &mut Vec<TagInfo>,
) {
    let name = code.attr("name").unwrap_or("").trim().to_owned();
    if let Some(g) = code.attr("guid") {
        codes.insert(guid(g), name.clone());
    }
    if code.attr("isCodable") != Some("false") && !tags.iter().any(|t| t.name == name) {
        tags.push(TagInfo {
            name: name.clone(),
            group: group.to_owned(),
            color: code.attr("color").and_then(|c| c.parse::<TagColor>().ok()),
            description: code
                .child("Description")
                .map(|d| d.text.trim().to_owned())
                .unwrap_or_default(),
        });
    }
    let inner = if group.is_empty() {
        name
    } else {
        format!("{group}/{name}")
    };
    for child in code.children_named("Code") {
        read_code(child, &inner, codes, tags);
    }
}
