//! A filter as a coder types it, in the document list or the tag view: plain words, each of
//! which must occur (case ignored) in what the screen looks in, and field terms an annotation's
//! fields must answer (see `core::fields`):
//!
//! - `speaker:long` — the speaker contains "long", case ignored;
//! - `role=military` — the role is "military", case ignored;
//! - `speaker:` — the annotation has a speaker.
//!
//! A term's value runs to the next term or the end, so `speaker:Long Zhou` needs no quotes; a
//! value in double quotes ends at its closing quote, and words may follow it
//! (`speaker:"Long Zhou" denial`). Only the names of the scheme's fields make terms, case
//! ignored: `12:30` or `https://` stay words.

use crate::core::fields::FieldValues;
use crate::core::tags::TagSet;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The plain words, in lower case.
    pub words: Vec<String>,
    pub terms: Vec<FieldTerm>,
}

/// One `field:value` or `field=value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldTerm {
    /// The field's name as the scheme spells it.
    pub field: String,
    /// In lower case, its spaces collapsed; empty for "has a value".
    pub value: String,
    /// `=`: the whole value, rather than a part of it (`:`).
    pub exact: bool,
}

/// Lower case, runs of white space as one space, none at the ends: how values are compared.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl FieldTerm {
    fn matches(&self, values: &FieldValues) -> bool {
        let Some(value) = values.get(&self.field) else {
            return false;
        };
        let value = normal(value);
        if self.exact && !self.value.is_empty() {
            value == self.value
        } else {
            value.contains(&self.value)
        }
    }
}

impl Filter {
    /// Reads `text`; `field` gives the scheme's name of a field named so (case ignored), `None`
    /// for a name that is no field.
    pub fn parse(text: &str, field: impl Fn(&str) -> Option<String>) -> Filter {
        // A word that starts a term: the field, whether `=`, and where its value starts.
        let term_at = |word: &str| -> Option<(String, bool, usize)> {
            let at = word.find([':', '='])?;
            let name = field(&word[..at])?;
            Some((name, word.as_bytes()[at] == b'=', at + 1))
        };
        let mut filter = Filter::default();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let Some((field, exact, from)) = term_at(&rest[..end]) else {
                filter.words.push(rest[..end].to_lowercase());
                rest = rest[end..].trim_start();
                continue;
            };
            let after = &rest[from..];
            let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted.find('"').unwrap_or(quoted.len());
                (&quoted[..close], quoted.get(close + 1..).unwrap_or(""))
            } else {
                // To the next word that starts a term, or the end.
                let mut end = after.len();
                let mut at = 0;
                for word in after.split_whitespace() {
                    at += after[at..].find(word).unwrap_or(0);
                    if at > 0 && term_at(word).is_some() {
                        end = at;
                        break;
                    }
                    at += word.len();
                }
                (&after[..end], &after[end..])
            };
            filter.terms.push(FieldTerm {
                field,
                value: normal(value),
                exact,
            });
            rest = next.trim_start();
        }
        filter
    }

    /// Reads `text` with the fields of `scheme`.
    pub fn with_scheme(text: &str, scheme: &TagSet) -> Filter {
        Filter::parse(text, |name| {
            let field = scheme
                .fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(name));
            field.map(|f| f.name.clone())
        })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.terms.is_empty()
    }

    /// Whether every plain word occurs in `haystack`, which is in lower case.
    pub fn words_in(&self, haystack: &str) -> bool {
        self.words.iter().all(|w| haystack.contains(w.as_str()))
    }

    /// Whether `values` answer every field term.
    pub fn fields_match(&self, values: &FieldValues) -> bool {
        self.terms.iter().all(|t| t.matches(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Filter {
        Filter::parse(text, |name| {
            ["speaker", "role"]
                .into_iter()
                .find(|f| f.eq_ignore_ascii_case(name))
                .map(str::to_owned)
        })
    }

    fn term(field: &str, value: &str, exact: bool) -> FieldTerm {
        FieldTerm {
            field: field.into(),
            value: value.into(),
            exact,
        }
    }

    use crate::core::fields::from_pairs as values;

    #[test]
    fn a_terms_value_runs_to_the_next_term_or_a_closing_quote() {
        let f = parse("Denial  Speaker:Long  Zhou role=foreign ministry");
        assert_eq!(f.words, ["denial"]);
        assert_eq!(
            f.terms,
            [
                term("speaker", "long zhou", false),
                term("role", "foreign ministry", true)
            ]
        );
        let f = parse("speaker:\"Long Zhou\" denial 12:30 https://x role:");
        assert_eq!(f.words, ["denial", "12:30", "https://x"]);
        assert_eq!(
            f.terms,
            [term("speaker", "long zhou", false), term("role", "", false)]
        );
        // A quote never closed runs to the end.
        assert_eq!(
            parse("speaker:\"Long").terms,
            [term("speaker", "long", false)]
        );
        assert!(parse("  ").is_empty());
    }

    #[test]
    fn colon_is_a_part_of_the_value_equals_the_whole_and_empty_any_value() {
        let long = values(&[("speaker", "Long  Zhou"), ("role", "Foreign ministry")]);
        let matches = |text: &str, v: &FieldValues| parse(text).fields_match(v);
        assert!(matches("speaker:zhou", &long));
        assert!(matches("speaker:long zhou", &long));
        assert!(!matches("speaker=long", &long));
        assert!(matches("speaker=LONG ZHOU role=foreign ministry", &long));
        assert!(!matches("role=foreign", &long));
        assert!(matches("role:", &long));
        assert!(!matches("role:", &values(&[("speaker", "x")])));
        assert!(matches("words only", &long), "no term: any fields");
        assert!(parse("long zhou").words_in("said long zhou"));
        assert!(!parse("long hua").words_in("said long zhou"));
    }
}
