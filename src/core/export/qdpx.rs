//! A REFI-QDA project (`.qdpx`), the exchange format of ATLAS.ti, NVivo, MAXQDA and QualCoder: a
//! zip holding `project.qde` (QDA-XML, `urn:QDA-XML:project:1.0`) and each document's canonical
//! text as `sources/<GUID>.txt`.
//!
//! Tags are codes in the codebook, under a non-codable parent code per group; each annotator is a
//! user; each annotation a `PlainTextSelection` of its document's `TextSource`, holding one
//! `Coding` per tag and its note as `Description`. Positions count code points; with
//! [`Options::crlf_positions`] every line break counts two (CR LF) and the texts are written with
//! CR LF, as MAXQDA expects. GUIDs are 8-4-4-4-12 and the same on every export: a selection's is
//! the annotation's id, the others name-based UUIDs ([`stable_guid`]). Nothing in the project
//! depends on when it was written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Cursor, Read, Seek, Write};

use crate::core::export::{Material, Options, TagInfo, groups, hex, stable_guid};
use crate::core::import::{Batch, Incoming};
use crate::core::offsets::{self, Breaks, Claimed, Counting, Given, Unit};
use crate::core::tags::TagColor;

pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
pub const PROJECT_FILE: &str = "project.qde";

/// REFI-QDA positions are characters of the source's text as the project ships it.
pub const REFI_QDA: Counting = Counting {
    unit: Unit::CodePoints,
    breaks: Breaks::AsWritten,
    bom: false,
};

pub fn to_bytes(material: &Material, options: Options) -> io::Result<Vec<u8>> {
    Ok(write_zip(material, options, Cursor::new(Vec::new()))?.into_inner())
}

/// Writes the project as [`to_bytes`] makes it, byte for byte, into `out`, which a zip must be
/// able to seek back in (to write each entry's size in its header): a file, so that the
/// project is written as it is made rather than held in memory whole. Returns `out`.
pub fn write_zip<W: Write + Seek>(material: &Material, options: Options, out: W) -> io::Result<W> {
    let zip_options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(out);
    zip.start_file(PROJECT_FILE, zip_options)?;
    write_project(material, options, &mut zip)?;
    for doc in &material.docs {
        zip.start_file(
            format!("sources/{}.txt", source_guid(&doc.rel_path)),
            zip_options,
        )?;
        let text = doc.text()?;
        if options.crlf_positions {
            zip.write_all(text.replace('\n', "\r\n").as_bytes())?;
        } else {
            zip.write_all(text.as_bytes())?;
        }
    }
    Ok(zip.finish()?)
}

fn source_guid(rel_path: &str) -> String {
    stable_guid("document", rel_path)
}

fn user_guid(name: &str) -> String {
    stable_guid("user", name)
}

fn code_guid(tag: &str) -> String {
    stable_guid("tag", tag)
}

/// An annotation's id when it is a GUID already (gloss's are), so that it survives a round trip.
fn selection_guid(rel_path: &str, id: &str) -> String {
    match uuid::Uuid::parse_str(id) {
        Ok(u) => u.hyphenated().to_string(),
        Err(_) => stable_guid("annotation", &format!("{rel_path}\n{id}")),
    }
}

/// `project.qde`, written to `out` one source at a time (the zip it goes into holds it
/// compressed).
pub fn write_project(material: &Material, options: Options, out: &mut dyn Write) -> io::Result<()> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<Project xmlns=\"{NAMESPACE}\" name=\"gloss export\" origin=\"gloss\">"
    );
    // Every coder who made or last changed an annotation, in the order they first appear.
    let mut users: Vec<&str> = Vec::new();
    for a in material.docs.iter().flat_map(|d| &d.annotations) {
        for who in [&a.annotator, &a.modified_by] {
            if !who.is_empty() && !users.contains(&who.as_str()) {
                users.push(who);
            }
        }
    }
    if !users.is_empty() {
        x.push_str("  <Users>\n");
        for u in &users {
            let _ = writeln!(
                x,
                "    <User guid=\"{}\" name=\"{}\"/>",
                user_guid(u),
                escape(u)
            );
        }
        x.push_str("  </Users>\n");
    }
    let tags = material.tags();
    if !tags.is_empty() {
        x.push_str("  <CodeBook>\n    <Codes>\n");
        codebook(&tags, &mut x);
        x.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if !material.docs.is_empty() {
        x.push_str("  <Sources>\n");
        for doc in &material.docs {
            sources(doc, options, &mut x)?;
            out.write_all(x.as_bytes())?;
            x.clear();
        }
        x.push_str("  </Sources>\n");
    }
    x.push_str("</Project>\n");
    out.write_all(x.as_bytes())
}

fn codebook(tags: &[TagInfo], x: &mut String) {
    for group in groups(tags) {
        let indent = if group.is_empty() {
            "      "
        } else {
            let _ = writeln!(
                x,
                "      <Code guid=\"{}\" name=\"{}\" isCodable=\"false\">",
                stable_guid("group", group),
                escape(group)
            );
            "        "
        };
        for t in tags.iter().filter(|t| t.group == group) {
            let color = t
                .color
                .map(|c| format!(" color=\"{}\"", hex(c)))
                .unwrap_or_default();
            let _ = write!(
                x,
                "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"{color}",
                code_guid(&t.name),
                escape(&t.name)
            );
            if t.description.is_empty() {
                x.push_str("/>\n");
            } else {
                let _ = writeln!(
                    x,
                    ">\n{indent}  <Description>{}</Description>\n{indent}</Code>",
                    escape(&t.description)
                );
            }
        }
        if !group.is_empty() {
            x.push_str("      </Code>\n");
        }
    }
}

fn sources(doc: &crate::core::export::Doc, options: Options, x: &mut String) -> io::Result<()> {
    let guid = source_guid(&doc.rel_path);
    let _ = writeln!(
        x,
        "    <TextSource guid=\"{guid}\" name=\"{}\" plainTextPath=\"internal://{guid}.txt\">",
        escape(&doc.rel_path)
    );
    // Line breaks before each code point, for CR LF counting.
    let breaks_before: Vec<usize> = if options.crlf_positions {
        let mut seen = 0;
        let mut out: Vec<usize> = doc
            .text()?
            .chars()
            .map(|c| {
                let before = seen;
                seen += usize::from(c == '\n');
                before
            })
            .collect();
        out.push(seen);
        out
    } else {
        Vec::new()
    };
    let position = |p: usize| p + breaks_before.get(p).copied().unwrap_or(0);
    for a in &doc.annotations {
        let user = |attr: &str, who: &str| {
            if who.is_empty() {
                String::new()
            } else {
                format!(" {attr}=\"{}\"", user_guid(who))
            }
        };
        let _ = writeln!(
            x,
            "      <PlainTextSelection guid=\"{}\" startPosition=\"{}\" endPosition=\"{}\"{} \
             creationDateTime=\"{}\"{} modifiedDateTime=\"{}\">",
            selection_guid(&doc.rel_path, &a.id),
            position(a.start),
            position(a.end),
            user("creatingUser", &a.annotator),
            escape(&a.created),
            user("modifyingUser", &a.modified_by),
            escape(&a.modified),
        );
        if !a.note.is_empty() {
            let _ = writeln!(x, "        <Description>{}</Description>", escape(&a.note));
        }
        for tag in &a.tags {
            let _ = writeln!(
                x,
                "        <Coding guid=\"{}\"{} creationDateTime=\"{}\">\n          \
                 <CodeRef targetGUID=\"{}\"/>\n        </Coding>",
                stable_guid("coding", &format!("{}\n{tag}", a.id)),
                user("creatingUser", &a.annotator),
                escape(&a.created),
                code_guid(tag)
            );
        }
        x.push_str("      </PlainTextSelection>\n");
    }
    x.push_str("    </TextSource>\n");
    Ok(())
}

/// Text and attribute values: markup escaped, and line breaks and tabs as character references
/// so that attribute normalisation keeps them. Characters XML 1.0 cannot carry are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Reads a project written by gloss or by another REFI-QDA tool. `document_of(name, text)` names
/// the corpus document a source is, by its name or else by its canonical text (NVivo and MAXQDA
/// name sources without extension, or after their title); codes nested under others get their
/// ancestors' names, joined by `/`, as group. Each source's positions are read in the counting
/// that fits its own text best ([`offsets::detect`]: every span on characters of the text, fewest
/// edges inside words). Notes a selection refers to become its note; others are reported.
pub fn read(
    data: &[u8],
    given: Given,
    document_of: &dyn Fn(&str, Option<&str>) -> Option<String>,
) -> Result<Batch, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(data))
        .map_err(|e| format!("not a REFI-QDA project (a zip file): {e}"))?;
    let qde_name = zip
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with(".qde"))
        .map(|n| n.into_owned())
        .ok_or("no project.qde in the project")?;
    let qde = read_entry(&mut zip, &qde_name)?;
    let root = xml::parse(&qde)?;
    if root.name != "Project" {
        return Err(format!(
            "the root of {qde_name} is <{}>, not <Project>",
            root.name
        ));
    }
    let mut batch = Batch::default();
    let users: BTreeMap<String, String> = root
        .descendants("User")
        .into_iter()
        .filter_map(|u| Some((guid(u.attr("guid")?), u.attr("name")?.to_owned())))
        .collect();
    let mut codes = BTreeMap::new();
    if let Some(book) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        for code in book.children_named("Code") {
            read_code(code, "", &mut codes, &mut batch.tags);
        }
    }
    // Notes (memos) by GUID: their name and text, and whether a selection took them.
    let mut notes: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    for note in root.descendants("Note") {
        let text = source_text(note, &mut zip)?
            .map(|t| crate::core::text::canonicalize(t.as_bytes()).unwrap_or(t))
            .unwrap_or_default();
        let name = note.attr("name").unwrap_or("").to_owned();
        if let Some(g) = note.attr("guid") {
            notes.insert(guid(g), (name, text.trim().to_owned(), false));
        }
    }
    for source in root.descendants("TextSource") {
        let name = source.attr("name").unwrap_or("");
        let text = source_text(source, &mut zip)?;
        let canonical = text
            .as_ref()
            .map(|t| crate::core::text::canonicalize(t.as_bytes()).unwrap_or_else(|_| t.clone()));
        let Some(document) = document_of(name, canonical.as_deref()) else {
            batch.not_placed.push(format!(
                "source {name:?}: neither its name nor its text is that of a document in the \
                 corpus ({} selections)",
                source.children_named("PlainTextSelection").count()
            ));
            continue;
        };
        let whole = source.children_named("Coding").count();
        if whole > 0 {
            batch.ignored.push(format!(
                "source {name:?}: {whole} codings of the whole document (gloss codes spans)"
            ));
        }
        let selections: Vec<&xml::Element> = source.children_named("PlainTextSelection").collect();
        let mut positions = Vec::with_capacity(selections.len());
        for sel in &selections {
            let number = |k: &str| -> Result<usize, String> {
                sel.attr(k)
                    .and_then(|v| v.trim().parse().ok())
                    .ok_or_else(|| format!("source {name:?}: a selection without a valid {k}"))
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
            for coding in sel.children_named("Coding") {
                let target = coding.child("CodeRef").and_then(|r| r.attr("targetGUID"));
                match target.and_then(|t| codes.get(&guid(t))) {
                    Some(tag) if !inc.tags.contains(tag) => inc.tags.push(tag.clone()),
                    Some(_) => {}
                    None => batch.ignored.push(format!(
                        "source {name:?}: a coding whose code is not in the codebook"
                    )),
                }
            }
            let refs = sel.children_named("NoteRef").chain(
                sel.children_named("Coding")
                    .flat_map(|c| c.children_named("NoteRef")),
            );
            for r in refs {
                let Some((_, text, taken)) =
                    r.attr("targetGUID").and_then(|g| notes.get_mut(&guid(g)))
                else {
                    continue;
                };
                *taken = true;
                if !text.is_empty() && !inc.note.contains(text.as_str()) {
                    if !inc.note.is_empty() {
                        inc.note.push_str("\n\n");
                    }
                    inc.note.push_str(text);
                }
            }
            if let Some(found) = &found {
                match batch.place(inc, &found.spans[i], &found.canonical) {
                    Some(placed) => batch.annotations.push(placed),
                    None => continue,
                }
            } else {
                batch.annotations.push(inc);
            }
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
) -> Result<Option<String>, String> {
    Ok(match source.attr("plainTextPath") {
        Some(path) if path.starts_with("internal://") => {
            let entry = format!("sources/{}", &path["internal://".len()..]);
            Some(read_entry(zip, &entry)?)
        }
        _ => source.child("PlainTextContent").map(|c| c.text.clone()),
    })
}

fn read_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, String> {
    let mut file = zip
        .by_name(name)
        .map_err(|e| format!("{name} in the project: {e}"))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| format!("{name} in the project: {e}"))?;
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

/// Just enough of an XML tree to walk a project: elements by local name, attributes and text.
mod xml {
    use quick_xml::XmlVersion;
    use quick_xml::events::Event;

    #[derive(Debug, Default)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Element>,
        pub text: String,
    }

    impl Element {
        pub fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }

        pub fn child(&self, name: &str) -> Option<&Element> {
            self.children.iter().find(|c| c.name == name)
        }

        pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
            self.children.iter().filter(move |c| c.name == name)
        }

        pub fn descendants(&self, name: &str) -> Vec<&Element> {
            let mut out = Vec::new();
            for c in &self.children {
                if c.name == name {
                    out.push(c);
                }
                out.extend(c.descendants(name));
            }
            out
        }
    }

    pub fn parse(text: &str) -> Result<Element, String> {
        let mut reader = quick_xml::Reader::from_str(text);
        let mut stack = vec![Element::default()];
        let fail = |e: &dyn std::fmt::Display, at: u64| format!("project.qde at byte {at}: {e}");
        loop {
            let at = reader.buffer_position();
            let event = reader.read_event().map_err(|e| fail(&e, at))?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let mut element = Element {
                        name: e.local_name().as_ref().to_owned(),
                        ..Element::default()
                    };
                    for attr in e.attributes() {
                        let attr = attr.map_err(|e| fail(&e, at))?;
                        let value = attr
                            .normalized_value(XmlVersion::Implicit1_0)
                            .map_err(|e| fail(&e, at))?;
                        element.attrs.push((
                            attr.key.local_name().as_ref().to_owned(),
                            value.into_owned(),
                        ));
                    }
                    if empty {
                        stack.last_mut().unwrap().children.push(element);
                    } else {
                        stack.push(element);
                    }
                }
                Event::End(_) => {
                    let done = stack.pop().unwrap();
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Err(fail(&"an end tag without a start", at)),
                    }
                }
                Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
                Event::CData(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref().map_err(|e| fail(&e, at))? {
                        Some(c) => c.to_string(),
                        None => quick_xml::escape::resolve_predefined_entity(&r)
                            .ok_or_else(|| fail(&format!("unknown entity &{};", &*r), at))?
                            .to_owned(),
                    };
                    stack.last_mut().unwrap().text.push_str(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let mut document = stack.pop().unwrap_or_default();
        if !stack.is_empty() {
            return Err("project.qde ends before its elements are closed".into());
        }
        document
            .children
            .pop()
            .ok_or_else(|| "project.qde holds no element".into())
    }
}
