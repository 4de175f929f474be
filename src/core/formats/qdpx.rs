//! A REFI-QDA project (`.qdpx`), the exchange format of ATLAS.ti, NVivo, MAXQDA and QualCoder: a
//! zip holding `project.qde` (QDA-XML, `urn:QDA-XML:project:1.0`) and each document's canonical
//! text as `sources/<GUID>.txt`.
//!
//! Tags are codes in the codebook, under a non-codable parent code per group; each annotator is a
//! user; each annotation a `PlainTextSelection` of its document's `TextSource`, holding one
//! `Coding` per tag and its note as `Description`. A field is a non-codable code with a codable
//! code per value under it (a choice field's list, then the values used), and each of an
//! annotation's field values one more `Coding` of its value's code: the field's code has the
//! name-based GUID [`field_guid`], by which an import tells it from a group of tags. Positions count code points; with
//! [`Options::crlf_positions`] every line break counts two (CR LF) and the texts are written with
//! CR LF, as MAXQDA expects. GUIDs are 8-4-4-4-12 and the same on every export: a selection's is
//! the annotation's id, the others name-based UUIDs ([`stable_guid`]). Nothing in the project
//! depends on when it was written.
//!
//! Links between annotations (see [`crate::core::links`]) are the project's `<Links>`, after the
//! sources: each a `Link` named for its type, `direction="OneWay"`, from the selection of the
//! annotation it starts from (`originGUID`) to its target's (`targetGUID`), with the GUID
//! [`link_guid`]. A link whose target is not in the project (not exported) is left out and
//! named as not carried: the tools that read the project could not follow it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Cursor, Read, Seek, Write};

use crate::core::formats::offsets::{Breaks, Counting, Unit};
use crate::core::formats::{
    Doc, Material, Options, Parked, Seen, TagInfo, groups, hex, link_guid, stable_guid,
};

mod read;
mod xml;

pub use read::{ReadError, read};

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
    // Deflate's fastest level: zlib's default (6) made most of a large export's time for a
    // file a few percent smaller.
    let zip_options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(out);
    // Each document is read once: its text waits in a temporary file, behind the project.
    let mut texts = Parked::new()?;
    let mut sizes: Vec<(String, u64)> = Vec::new();
    let (seen, selections, book) = selections(material, options, &mut |doc, text| {
        let text = if options.crlf_positions {
            Cow::Owned(text.replace('\n', "\r\n"))
        } else {
            Cow::Borrowed(text)
        };
        texts.write_all(text.as_bytes())?;
        sizes.push((source_guid(&doc.rel_path), text.len() as u64));
        Ok(())
    })?;
    zip.start_file(PROJECT_FILE, zip_options)?;
    project(material, &seen, selections, &book, &mut zip)?;
    let mut texts = texts.read_back()?;
    write_sources(&mut zip, &mut texts, sizes, zip_options)?;
    Ok(zip.finish()?)
}

/// Sources of a project: `(GUID, bytes)`, in order.
type Sources = Vec<(String, u64)>;

/// Writes each source, its `size` bytes read in turn from `texts`, as `sources/<GUID>.txt`,
/// compressed by as many workers as there are cores: compressing 300 MB of text on the one
/// thread that writes the zip was 41% of a large export's time. A worker compresses a source
/// into a zip of its own, whose entry is copied into the project as it is, in order.
fn write_sources<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    texts: &mut impl Read,
    sizes: Sources,
    options: zip::write::SimpleFileOptions,
) -> io::Result<()> {
    use std::collections::VecDeque;
    use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};
    use std::sync::{Arc, Mutex};

    type Job = (String, Vec<u8>, Sender<io::Result<Vec<u8>>>);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let compress = |name: String, text: Vec<u8>| -> io::Result<Vec<u8>> {
        let mut one = zip::ZipWriter::new(Cursor::new(Vec::new()));
        one.start_file(name, options)?;
        one.write_all(&text)?;
        Ok(one.finish()?.into_inner())
    };
    let ended = || io::Error::other("a worker compressing sources ended");
    std::thread::scope(|scope| {
        let (to_work, work) = sync_channel::<Job>(workers);
        let work = Arc::new(Mutex::new(work));
        for _ in 0..workers {
            let work = Arc::clone(&work);
            scope.spawn(move || {
                loop {
                    let job = work
                        .lock()
                        .map_err(|_| ())
                        .and_then(|w| w.recv().map_err(|_| ()));
                    let Ok((name, text, reply)) = job else { return };
                    let _ = reply.send(compress(name, text));
                }
            });
        }
        // Each source's answer, in order, copied once a few more are on their way: memory
        // holds a few documents, not the corpus.
        let mut waiting = VecDeque::new();
        let copy = |zip: &mut zip::ZipWriter<W>, answer: Receiver<_>| {
            let one: Vec<u8> = answer.recv().map_err(|_| ended())??;
            let mut archive = zip::ZipArchive::new(Cursor::new(one))?;
            zip.raw_copy_file(archive.by_index_raw(0)?)?;
            io::Result::Ok(())
        };
        for (guid, size) in sizes {
            let mut text = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            (&mut *texts).take(size).read_to_end(&mut text)?;
            let (reply, answer) = channel();
            let name = format!("sources/{guid}.txt");
            to_work.send((name, text, reply)).map_err(|_| ended())?;
            waiting.push_back(answer);
            if waiting.len() > 2 * workers {
                copy(zip, waiting.pop_front().expect("one is waiting"))?;
            }
        }
        drop(to_work);
        waiting.into_iter().try_for_each(|answer| copy(zip, answer))
    })
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

/// The GUID of the code of a field, which marks it as one (see the module's description).
pub(crate) fn field_guid(field: &str) -> String {
    stable_guid("field", field)
}

fn field_value_guid(field: &str, value: &str) -> String {
    stable_guid("field value", &format!("{field}\n{value}"))
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
    let (seen, selections, book) = selections(material, options, &mut |_, _| Ok(()))?;
    project(material, &seen, selections, &book, out)
}

/// The links of the selections written, and what tells their targets' GUIDs, for `<Links>`
/// after the sources: held for the links alone, however many annotations there are.
#[derive(Default)]
struct LinkBook {
    /// Each link: its source's document and id, its type, and its target's id.
    links: Vec<(String, String, String, String)>,
    /// The GUID of every selection written.
    selections: HashSet<u128>,
    /// The GUIDs of the selections of annotations whose ids are not UUIDs, by id.
    named: HashMap<String, String>,
}

impl LinkBook {
    fn add(&mut self, doc: &Doc) {
        for a in &doc.annotations {
            let guid = selection_guid(&doc.rel_path, &a.id);
            let parsed = uuid::Uuid::parse_str(&guid).expect("selection GUIDs are UUIDs");
            self.selections.insert(parsed.as_u128());
            if uuid::Uuid::parse_str(&a.id).is_err() {
                self.named.insert(a.id.clone(), guid);
            }
            for link in &a.links {
                self.links.push((
                    doc.rel_path.clone(),
                    a.id.clone(),
                    link.kind.clone(),
                    link.to.clone(),
                ));
            }
        }
    }

    /// The GUID of the selection of the annotation `id`, if the project has it.
    fn target(&self, id: &str) -> Option<String> {
        match uuid::Uuid::parse_str(id) {
            Ok(u) => self
                .selections
                .contains(&u.as_u128())
                .then(|| u.hyphenated().to_string()),
            Err(_) => self.named.get(id).cloned(),
        }
    }
}

/// Every document's `TextSource`, parked until the users and codebook that come before them
/// are known; `text` is called with each document's text. Returns what the documents hold.
fn selections(
    material: &Material,
    options: Options,
    text: &mut dyn FnMut(&Doc, &str) -> io::Result<()>,
) -> io::Result<(Seen, Parked, LinkBook)> {
    material.start_write();
    let mut parked = Parked::new()?;
    let mut seen = Seen::default();
    let mut book = LinkBook::default();
    let mut x = String::new();
    material.each_doc(&mut |doc| {
        seen.add(doc);
        book.add(doc);
        let body = doc.text()?;
        sources(doc, &body, options, &mut x);
        parked.write_all(x.as_bytes())?;
        x.clear();
        text(doc, &body)
    })?;
    Ok((seen, parked, book))
}

/// The project around its `selections`: its users and codebook from what the documents hold.
fn project(
    material: &Material,
    seen: &Seen,
    selections: Parked,
    book: &LinkBook,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<Project xmlns=\"{NAMESPACE}\" name=\"gloss export\" origin=\"gloss\">"
    );
    if !seen.coders.is_empty() {
        x.push_str("  <Users>\n");
        for u in &seen.coders {
            let _ = writeln!(
                x,
                "    <User guid=\"{}\" name=\"{}\"/>",
                user_guid(u),
                escape(u)
            );
        }
        x.push_str("  </Users>\n");
    }
    let tags = material.tags(seen);
    let fields = material.field_values(seen);
    if !tags.is_empty() || !fields.is_empty() {
        x.push_str("  <CodeBook>\n    <Codes>\n");
        codebook(&tags, &mut x);
        field_codes(material, &fields, &mut x);
        x.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if !seen.documents.is_empty() {
        x.push_str("  <Sources>\n");
        out.write_all(x.as_bytes())?;
        x.clear();
        io::copy(&mut selections.read_back()?, out)?;
        x.push_str("  </Sources>\n");
    }
    links(material, book, &mut x);
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

/// The codes of the fields: see the module's description.
fn field_codes(material: &Material, fields: &[(&str, Vec<&str>)], x: &mut String) {
    for (name, values) in fields {
        let _ = writeln!(
            x,
            "      <Code guid=\"{}\" name=\"{}\" isCodable=\"false\">",
            field_guid(name),
            escape(name)
        );
        if let Some(field) = material.scheme.field(name)
            && !field.description.is_empty()
        {
            let _ = writeln!(
                x,
                "        <Description>{}</Description>",
                escape(&field.description)
            );
        }
        for value in values {
            let _ = writeln!(
                x,
                "        <Code guid=\"{}\" name=\"{}\" isCodable=\"true\"/>",
                field_value_guid(name, value),
                escape(value)
            );
        }
        x.push_str("      </Code>\n");
    }
}

/// `<Links>`: see the module's description.
fn links(material: &Material, book: &LinkBook, x: &mut String) {
    let mut written = String::new();
    for (doc, from, kind, to) in &book.links {
        let Some(target) = book.target(to) else {
            material.not_carried(format!(
                "{doc}: the link “{kind}” from {from} to {to}, whose target is not exported: a \
                 REFI-QDA link joins two selections of the project; export its document too"
            ));
            continue;
        };
        let _ = writeln!(
            written,
            "    <Link guid=\"{}\" name=\"{}\" direction=\"OneWay\" originGUID=\"{}\" \
             targetGUID=\"{target}\"/>",
            link_guid(from, kind, to),
            escape(kind),
            selection_guid(doc, from),
        );
    }
    if !written.is_empty() {
        x.push_str("  <Links>\n");
        x.push_str(&written);
        x.push_str("  </Links>\n");
    }
}

fn sources(doc: &Doc, text: &str, options: Options, x: &mut String) {
    let guid = source_guid(&doc.rel_path);
    let _ = writeln!(
        x,
        "    <TextSource guid=\"{guid}\" name=\"{}\" plainTextPath=\"internal://{guid}.txt\">",
        escape(&doc.rel_path)
    );
    // Line breaks before each code point, for CR LF counting.
    let breaks_before: Vec<usize> = if options.crlf_positions {
        let mut seen = 0;
        let mut out: Vec<usize> = text
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
        for (name, value) in &a.fields {
            let _ = writeln!(
                x,
                "        <Coding guid=\"{}\"{} creationDateTime=\"{}\">\n          \
                 <CodeRef targetGUID=\"{}\"/>\n        </Coding>",
                stable_guid("coding", &format!("{}\n{name}\n{value}", a.id)),
                user("creatingUser", &a.annotator),
                escape(&a.created),
                field_value_guid(name, value)
            );
        }
        x.push_str("      </PlainTextSelection>\n");
    }
    x.push_str("    </TextSource>\n");
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
