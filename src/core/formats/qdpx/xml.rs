//! Just enough of an XML tree to walk a REFI-QDA project: elements by local name, attributes
//! and text, built from quick-xml's events.

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

/// Why `project.qde` is not XML gloss can walk; `at` is the byte where the reader was.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    #[error("project.qde at byte {at}: {source}")]
    Syntax { at: u64, source: quick_xml::Error },
    #[error("project.qde at byte {at}: unknown entity &{entity};")]
    UnknownEntity { at: u64, entity: String },
    #[error("project.qde at byte {at}: an end tag without a start")]
    EndWithoutStart { at: u64 },
    #[error("project.qde ends before its elements are closed")]
    Unclosed,
    #[error("project.qde holds no element")]
    Empty,
}

/// The document element of `text`, with its descendants.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![Element::default()];
    let fail = |source: quick_xml::Error, at: u64| XmlError::Syntax { at, source };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| fail(e, at))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let mut element = Element {
                    name: e.local_name().as_ref().to_owned(),
                    ..Element::default()
                };
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| fail(e.into(), at))?;
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| fail(e, at))?;
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
                    None => return Err(XmlError::EndWithoutStart { at }),
                }
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::CData(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| fail(e, at))? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| XmlError::UnknownEntity {
                            at,
                            entity: r.to_string(),
                        })?
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
        return Err(XmlError::Unclosed);
    }
    document.children.pop().ok_or(XmlError::Empty)
}
