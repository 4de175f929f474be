//! Fields of an annotation: values beside its tags, such as who makes a claim (`speaker`) or in
//! what capacity (`role`). The coding scheme (`tags.toml`) defines each field as `[[field]]`:
//! free text, or a choice from a list, possibly required for the annotations of some tag groups.
//! Annotations keep their values by field name, whatever the scheme says, so that a value is
//! never lost when the scheme changes; `gloss check` reports what does not fit the scheme.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::core::annotation::Annotation;
use crate::core::tags::TagSet;

/// An annotation's field values by field name, in name order (the order written to disk). A
/// value is never empty: an empty value is no value.
pub type FieldValues = BTreeMap<String, String>;

/// A field as `tags.toml` defines it:
///
/// ```toml
/// [[field]]
/// name = "role"
/// values = ["foreign ministry", "military", "state media", "scholar"]
/// required_for = ["claim"]
/// description = "In what capacity the speaker speaks."
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// The values it may take, in the scheme's order; empty for free text.
    pub values: Vec<String>,
    /// Tag groups whose annotations must have a value: an annotation with a tag of one of them
    /// and no value for this field is reported by `gloss check`.
    pub required_for: Vec<String>,
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    name: String,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    required_for: Vec<String>,
    #[serde(default)]
    description: String,
}

/// What is wrong with a `[[field]]` table of `tags.toml`, told without the file and line, which
/// the scheme's reader adds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("a field has an empty name")]
    EmptyName,
    #[error("field {field:?}: a value in `values` is empty")]
    EmptyValue { field: String },
    #[error("field {field:?}: the value {value:?} is listed twice")]
    ListedTwice { field: String, value: String },
}

impl Field {
    /// A field from its `[[field]]` table; the error says what is wrong with it, for a message
    /// that names the file and line.
    pub(crate) fn from_raw(raw: RawField) -> Result<Field, FieldError> {
        let name = raw.name.trim().to_owned();
        if name.is_empty() {
            return Err(FieldError::EmptyName);
        }
        let values: Vec<String> = raw.values.iter().map(|v| v.trim().to_owned()).collect();
        if values.iter().any(String::is_empty) {
            return Err(FieldError::EmptyValue { field: name });
        }
        if let Some(twice) = values
            .iter()
            .enumerate()
            .find_map(|(i, v)| values[..i].contains(v).then_some(v))
        {
            return Err(FieldError::ListedTwice {
                value: twice.clone(),
                field: name,
            });
        }
        Ok(Field {
            name,
            values,
            required_for: raw
                .required_for
                .iter()
                .map(|g| g.trim().to_owned())
                .collect(),
            description: raw.description.trim().to_owned(),
        })
    }

    /// Whether it is a choice from a list rather than free text.
    pub fn is_choice(&self) -> bool {
        !self.values.is_empty()
    }
}

/// What does not fit the scheme in an annotation's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem<'a> {
    /// A field required for one of its tags' groups has no value.
    Missing { field: &'a Field, group: &'a str },
    /// A choice field holds a value outside its list.
    NotInList { field: &'a Field, value: &'a str },
    /// A value for a field the scheme does not define (kept, as every value is).
    Unknown { name: &'a str },
}

/// Everything about `annotation`'s fields that does not fit `scheme`, in the scheme's order of
/// fields, then unknown fields by name.
pub fn problems<'a>(annotation: &'a Annotation, scheme: &'a TagSet) -> Vec<FieldProblem<'a>> {
    let mut problems = Vec::new();
    for field in &scheme.fields {
        match annotation.fields.get(&field.name) {
            Some(value) if field.is_choice() && !field.values.contains(value) => {
                problems.push(FieldProblem::NotInList { field, value })
            }
            Some(_) => {}
            None => {
                let group = annotation.tags.iter().find_map(|t| {
                    let group = &scheme.by_name(t)?.group;
                    field.required_for.contains(group).then_some(group.as_str())
                });
                if let Some(group) = group {
                    problems.push(FieldProblem::Missing { field, group });
                }
            }
        }
    }
    for name in annotation.fields.keys() {
        if scheme.field(name).is_none() {
            problems.push(FieldProblem::Unknown { name });
        }
    }
    problems
}

/// A three-way merge of two versions' field values, field by field: for each field, the value
/// both agree on or the one a side changed from `base` (a removal is a change); where both
/// changed a field differently, the value of the side changed later (`later_is_elsewhere`), as
/// for the annotation's other keys: both values are short, and the merge's report names the
/// annotation for the coder to look at.
pub fn merge(
    base: Option<&FieldValues>,
    elsewhere: &FieldValues,
    here: &FieldValues,
    later_is_elsewhere: bool,
) -> FieldValues {
    // Added on both sides with one id, it had no values before either.
    let empty = FieldValues::new();
    let base = base.unwrap_or(&empty);
    let mut names: Vec<&String> = base
        .keys()
        .chain(elsewhere.keys())
        .chain(here.keys())
        .collect();
    names.sort();
    names.dedup();
    let mut merged = FieldValues::new();
    for name in names {
        let (b, e, h) = (base.get(name), elsewhere.get(name), here.get(name));
        let value = if e == h || b == e {
            h
        } else if b == h {
            e
        } else {
            if later_is_elsewhere { e } else { h }
        };
        if let Some(value) = value {
            merged.insert(name.clone(), value.clone());
        }
    }
    merged
}

/// An annotation's values as they are shown: the scheme's fields first, in its order, then the
/// others by name; `(name, value)` pairs.
pub fn in_scheme_order<'a>(values: &'a FieldValues, scheme: &TagSet) -> Vec<(&'a str, &'a str)> {
    let rank = |name: &str| {
        scheme
            .fields
            .iter()
            .position(|f| f.name == name)
            .unwrap_or(usize::MAX)
    };
    let mut pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // Stable: the others stay in name order.
    pairs.sort_by_key(|(k, _)| rank(k));
    pairs
}

/// The values `annotations` give the field `name`, each once, the most used first (then in
/// alphabetical order): what a free-text field completes from.
pub fn used_values<'a>(
    annotations: impl Iterator<Item = &'a Annotation>,
    name: &str,
) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in annotations {
        if let Some(value) = a.fields.get(name) {
            *counts.entry(value.as_str()).or_default() += 1;
        }
    }
    let mut values: Vec<(&str, usize)> = counts.into_iter().collect();
    // Stable: equal counts stay in the map's alphabetical order.
    values.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    values.into_iter().map(|(v, _)| v.to_owned()).collect()
}

/// The values among `values` that start with `prefix`, case ignored, in their order: the
/// completions of what was typed.
pub fn completions<'a>(values: &'a [String], prefix: &str) -> Vec<&'a str> {
    let prefix = prefix.to_lowercase();
    values
        .iter()
        .filter(|v| v.to_lowercase().starts_with(&prefix))
        .map(String::as_str)
        .collect()
}

/// Values from `(name, value)` pairs, for tests.
#[cfg(test)]
pub(crate) fn from_pairs(pairs: &[(&str, &str)]) -> FieldValues {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const SCHEME: &str = "[[tag]]\nname = \"denial\"\nkey = \"r\"\ncolor = \"red\"\ngroup = \"claim\"\n\n\
        [[tag]]\nname = \"other\"\nkey = \"o\"\ncolor = \"red\"\n\n\
        [[field]]\nname = \"speaker\"\nrequired_for = [\"claim\"]\n\n\
        [[field]]\nname = \"role\"\nvalues = [\"military\", \"scholar\"]\n";

    fn scheme() -> TagSet {
        TagSet::parse(SCHEME, Path::new("tags.toml")).unwrap()
    }

    fn annotation(tags: &[&str], fields: &[(&str, &str)]) -> Annotation {
        let text = "Some text.";
        let index = crate::core::documents::text::CharIndex::new(text);
        let stamp = crate::core::annotation::Stamp {
            annotator: "t".into(),
            time: "2026-01-01T00:00:00Z".into(),
        };
        let mut a = Annotation::new(
            text,
            &index,
            0..4,
            tags.iter().map(|t| t.to_string()).collect(),
            &stamp,
        );
        a.fields = values(fields);
        a
    }

    use super::from_pairs as values;

    #[test]
    fn a_scheme_reads_its_fields() {
        let scheme = scheme();
        let names: Vec<&str> = scheme.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["speaker", "role"]);
        assert!(!scheme.fields[0].is_choice());
        assert_eq!(scheme.fields[0].required_for, ["claim"]);
        assert_eq!(scheme.fields[1].values, ["military", "scholar"]);
    }

    #[test]
    fn bad_field_definitions_name_the_line() {
        let cases = [
            (
                "[[field]]\nname = \" \"\n",
                "tags.toml:1: a field has an empty name",
            ),
            (
                "[[field]]\nname = \"role\"\nvalues = [\"a\", \"a\"]\n",
                "tags.toml:1: field \"role\": the value \"a\" is listed twice",
            ),
            (
                "[[field]]\nname = \"role\"\n[[field]]\nname = \"role\"\n",
                "tags.toml:3: field \"role\" is defined twice",
            ),
            (
                "[[tag]]\nname = \"a\"\nkey = \"a\"\ncolor = \"red\"\ngroup = \"role\"\n\
                 [[field]]\nname = \"role\"\n",
                "tags.toml:6: field \"role\" has the name of a tag group",
            ),
            ("[[field]]\nname = \"x\"\nchoices = []\n", "tags.toml:3:"),
        ];
        crate::core::tags::assert_each_refused(&cases);
    }

    #[test]
    fn problems_are_missing_required_values_values_off_the_list_and_unknown_fields() {
        let scheme = scheme();
        let ok = annotation(
            &["denial"],
            &[("speaker", "Long Zhou"), ("role", "military")],
        );
        assert_eq!(problems(&ok, &scheme), []);
        let untagged = annotation(&["other"], &[]);
        assert_eq!(problems(&untagged, &scheme), [], "required only for claims");
        let bad = annotation(&["denial"], &[("role", "general"), ("mood", "calm")]);
        assert_eq!(
            problems(&bad, &scheme),
            [
                FieldProblem::Missing {
                    field: &scheme.fields[0],
                    group: "claim"
                },
                FieldProblem::NotInList {
                    field: &scheme.fields[1],
                    value: "general"
                },
                FieldProblem::Unknown { name: "mood" },
            ]
        );
    }

    #[test]
    fn merge_takes_each_sides_changes_field_by_field() {
        let base = values(&[
            ("speaker", "Long"),
            ("role", "military"),
            ("stance", "firm"),
        ]);
        let elsewhere = values(&[("speaker", "Long Zhou"), ("role", "military")]);
        let here = values(&[
            ("speaker", "Long"),
            ("role", "scholar"),
            ("stance", "firm"),
            ("new", "x"),
        ]);
        assert_eq!(
            merge(Some(&base), &elsewhere, &here, false),
            values(&[("speaker", "Long Zhou"), ("role", "scholar"), ("new", "x")])
        );
        let here = values(&[("speaker", "Zhou")]);
        assert_eq!(
            merge(Some(&base), &elsewhere, &here, true),
            values(&[("speaker", "Long Zhou")]),
            "changed on both sides: the later side's"
        );
        assert_eq!(
            merge(Some(&base), &elsewhere, &here, false),
            values(&[("speaker", "Zhou")])
        );
        assert_eq!(
            merge(None, &values(&[("a", "1")]), &values(&[("b", "2")]), false),
            values(&[("a", "1"), ("b", "2")]),
            "added on both sides with one id: both kept"
        );
    }

    #[test]
    fn values_used_come_most_used_first_and_complete_by_prefix_case_ignored() {
        let anns = [
            annotation(&["denial"], &[("speaker", "Long Zhou")]),
            annotation(&["denial"], &[("speaker", "Hua Chunying")]),
            annotation(
                &["denial"],
                &[("speaker", "Long Zhou"), ("role", "military")],
            ),
            annotation(&["denial"], &[("speaker", "lu Kang")]),
        ];
        let used = used_values(anns.iter(), "speaker");
        assert_eq!(used, ["Long Zhou", "Hua Chunying", "lu Kang"]);
        assert_eq!(completions(&used, "l"), ["Long Zhou", "lu Kang"]);
        assert_eq!(completions(&used, "LONG z"), ["Long Zhou"]);
        assert_eq!(completions(&used, ""), used);
        assert!(
            completions(&used, "Zhou").is_empty(),
            "a prefix, not a substring"
        );
        assert_eq!(used_values(anns.iter(), "stance"), Vec::<String>::new());
    }

    #[test]
    fn values_are_shown_in_the_schemes_order_then_by_name() {
        let a = annotation(
            &["denial"],
            &[
                ("role", "military"),
                ("mood", "calm"),
                ("speaker", "Long Zhou"),
                ("a", "1"),
            ],
        );
        assert_eq!(
            in_scheme_order(&a.fields, &scheme()),
            [
                ("speaker", "Long Zhou"),
                ("role", "military"),
                ("a", "1"),
                ("mood", "calm")
            ]
        );
    }
}
