//! The coding scheme: the tags of a corpus, read from its `tags.toml`.

use std::path::Path;

use serde::Deserialize;

pub use crate::core::fields::Field;
use crate::core::fields::RawField;
use crate::core::links::{self, LinkType, RawLinkType};
use crate::core::storage::file_error::line_of;
use crate::core::storage::toml_file;

/// A tag's colour as written in `tags.toml`: one of the 16 terminal colour names or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagColor {
    /// Index into [`COLOR_NAMES`].
    Named(u8),
    Rgb(u8, u8, u8),
}

/// The names accepted for the 16 terminal colours, in ANSI order.
pub const COLOR_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

/// A colour that is neither `#rrggbb` nor one of [`COLOR_NAMES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown colour {0:?}: use #rrggbb or one of {names}", names = COLOR_NAMES.join(", "))]
pub struct UnknownColor(pub String);

impl std::str::FromStr for TagColor {
    type Err = UnknownColor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(hex) = lower.strip_prefix('#')
            && hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(TagColor::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        COLOR_NAMES
            .iter()
            .position(|n| *n == lower)
            .map(|i| TagColor::Named(i as u8))
            .ok_or_else(|| UnknownColor(s.to_owned()))
    }
}

impl std::fmt::Display for TagColor {
    /// As `tags.toml` writes it: a colour name, or `#rrggbb`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            TagColor::Named(i) => f.write_str(COLOR_NAMES[usize::from(i) % COLOR_NAMES.len()]),
            TagColor::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    /// The one key that applies the tag in the reader.
    pub key: char,
    pub color: TagColor,
    pub group: String,
    pub description: String,
}

/// The coding scheme of a corpus: its tags, the fields an annotation may carry beside them and
/// the types of the links between annotations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagSet {
    pub tags: Vec<Tag>,
    /// In the order of the file.
    pub fields: Vec<Field>,
    /// `[[link]]` tables, in the order of the file (see [`crate::core::links`]).
    pub links: Vec<LinkType>,
}

/// What is wrong with a tag file.
pub type TagError = crate::core::storage::file_error::FileError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    tag: Vec<toml::Spanned<RawTag>>,
    #[serde(default)]
    field: Vec<toml::Spanned<RawField>>,
    #[serde(default)]
    link: Vec<toml::Spanned<RawLinkType>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    name: String,
    key: String,
    color: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    description: String,
}

impl TagSet {
    pub fn load(path: &Path) -> Result<TagSet, TagError> {
        let text = std::fs::read_to_string(path).map_err(|source| TagError::Read {
            path: path.to_owned(),
            what: "the tag file",
            source,
        })?;
        TagSet::parse(&text, path)
    }

    /// Parses `tags.toml`; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<TagSet, TagError> {
        let invalid = |offset: usize, message: String| TagError::Invalid {
            path: path.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawFile = toml_file::parse(text).map_err(|e| invalid(e.offset, e.message))?;
        let mut tags: Vec<Tag> = Vec::with_capacity(raw.tag.len());
        for spanned in raw.tag {
            let at = spanned.span().start;
            let raw = spanned.into_inner();
            let name = raw.name.trim().to_owned();
            if name.is_empty() {
                return Err(invalid(at, "a tag has an empty name".into()));
            }
            let mut chars = raw.key.chars();
            let key = match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_whitespace() => c,
                _ => {
                    return Err(invalid(
                        at,
                        format!(
                            "tag {name:?}: key {:?} must be exactly one character",
                            raw.key
                        ),
                    ));
                }
            };
            let color = raw
                .color
                .parse()
                .map_err(|e| invalid(at, format!("tag {name:?}: {e}")))?;
            if let Some(other) = tags.iter().find(|t| t.name == name) {
                return Err(invalid(
                    at,
                    format!("tag {:?} is defined twice", other.name),
                ));
            }
            if let Some(other) = tags.iter().find(|t| t.key == key) {
                return Err(invalid(
                    at,
                    format!(
                        "tags {:?} and {name:?} both use the key {key:?}: give each its own key",
                        other.name
                    ),
                ));
            }
            tags.push(Tag {
                name,
                key,
                color,
                group: raw.group.trim().to_owned(),
                description: raw.description.trim().to_owned(),
            });
        }
        let mut fields: Vec<Field> = Vec::with_capacity(raw.field.len());
        for spanned in raw.field {
            let at = spanned.span().start;
            let field =
                Field::from_raw(spanned.into_inner()).map_err(|e| invalid(at, e.to_string()))?;
            if fields.iter().any(|f| f.name == field.name) {
                return Err(invalid(
                    at,
                    format!("field {:?} is defined twice", field.name),
                ));
            }
            if tags.iter().any(|t| t.group == field.name) {
                return Err(invalid(
                    at,
                    format!(
                        "field {:?} has the name of a tag group: `gloss table` could not tell \
                         them apart; rename one of them",
                        field.name
                    ),
                ));
            }
            fields.push(field);
        }
        let mut link_types = Vec::with_capacity(raw.link.len());
        for spanned in raw.link {
            let at = spanned.span().start;
            LinkType::from_raw(spanned.into_inner())
                .and_then(|new| links::add_type(&mut link_types, new))
                .map_err(|e| invalid(at, e.to_string()))?;
        }
        Ok(TagSet {
            tags,
            fields,
            links: link_types,
        })
    }

    /// The link type named `name`, if the scheme defines it.
    pub fn link_type(&self, name: &str) -> Option<&LinkType> {
        self.links.iter().find(|l| l.name == name)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The tag groups in the order their first tag comes in the scheme, the empty group (tags
    /// without one) included if a tag has none.
    pub fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = Vec::new();
        for tag in &self.tags {
            if !groups.contains(&tag.group.as_str()) {
                groups.push(&tag.group);
            }
        }
        groups
    }

    pub fn by_key(&self, key: char) -> Option<&Tag> {
        self.tags.iter().find(|t| t.key == key)
    }

    pub fn by_name(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// Position of a tag in the scheme; unknown tags sort last.
    pub fn rank(&self, name: &str) -> usize {
        self.tags
            .iter()
            .position(|t| t.name == name)
            .unwrap_or(self.tags.len())
    }
}

/// For the tests of the scheme's parts (tags, fields, links): each `(text, expected)` is a
/// `tags.toml` that must be refused with an error starting with `expected`.
#[cfg(test)]
pub(crate) fn assert_each_refused(cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        let err = TagSet::parse(text, Path::new("tags.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{text:?} gave {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TagSet, TagError> {
        TagSet::parse(text, Path::new("corpus/tags.toml"))
    }

    #[test]
    fn shipped_tag_file_is_valid() {
        let set = parse(include_str!("../../corpus/tags.toml")).unwrap();
        let names: Vec<&str> = set.tags.iter().map(|t| t.name.as_str()).collect();
        for expected in [
            "accusation",
            "denial",
            "policy commitment",
            "position/norm",
            "statistic",
            "authoritative",
            "quasi-authoritative",
            "non-authoritative",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        assert!(set.tags.iter().all(|t| !t.description.is_empty()));
        let fields: Vec<(&str, bool)> = set
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.is_choice()))
            .collect();
        assert_eq!(fields, [("speaker", false), ("role", true)]);
        assert!(
            set.field("role")
                .unwrap()
                .values
                .contains(&"foreign ministry".into())
        );
    }

    #[test]
    fn colours_parse() {
        assert_eq!("red".parse(), Ok(TagColor::Named(1)));
        assert_eq!("Light_Blue".parse(), Ok(TagColor::Named(12)));
        assert_eq!("#FF8000".parse(), Ok(TagColor::Rgb(255, 128, 0)));
        assert!("#12345".parse::<TagColor>().is_err());
        assert!("mauve".parse::<TagColor>().is_err());
        for text in ["light-blue", "#ff8000"] {
            assert_eq!(text.parse::<TagColor>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn duplicate_key_names_both_tags_and_the_line() {
        let err = parse(
            "[[tag]]\nname = \"a\"\nkey = \"x\"\ncolor = \"red\"\n\n\
             [[tag]]\nname = \"b\"\nkey = \"x\"\ncolor = \"blue\"\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "corpus/tags.toml:6: tags \"a\" and \"b\" both use the key 'x': give each its own key"
        );
    }

    #[test]
    fn duplicate_name_is_an_error() {
        let err = parse(
            "[[tag]]\nname = \"a\"\nkey = \"x\"\ncolor = \"red\"\n\
             [[tag]]\nname = \"a\"\nkey = \"y\"\ncolor = \"red\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":5: tag \"a\" is defined twice"), "{err}");
    }

    #[test]
    fn malformed_entries_are_errors_with_a_line() {
        let cases = [
            ("[[tag]]\nname = \"a\"\ncolor = \"red\"\n", ":1:", "key"),
            (
                "[[tag]]\nname = \"a\"\nkey = \"xy\"\ncolor = \"red\"\n",
                ":1:",
                "exactly one character",
            ),
            (
                "[[tag]]\nname = \"a\"\nkey = \"x\"\ncolor = \"mauve\"\n",
                ":1:",
                "unknown colour",
            ),
            (
                "[[tag]]\nname = \"a\"\nkey = \"x\"\ncolor = \"red\"\nshade = 3\n",
                ":5:",
                "shade",
            ),
            ("[[tag]]\nname = \"a\n", ":2:", ""),
        ];
        for (text, line, words) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.starts_with("corpus/tags.toml"), "{err}");
            assert!(err.contains(line), "{text:?} gave {err}");
            assert!(err.contains(words), "{text:?} gave {err}");
        }
    }
}
