//! Suggestions: sentences that look like attributed claims, found from cues the corpus can edit
//! (`cues.toml` beside `tags.toml`: reporting verbs, phrases such as "according to", direct
//! quotations), each with its probable speaker when the sentence names one ("X said", "…,” said
//! X", "according to X"). The cues follow the source–cue–content view of attribution of the Penn
//! Attribution Relations corpus (Pareti, 2016), with none of its learning: a word list, so
//! that a coder sees why a sentence is suggested and can change it.
//!
//! Suggestions a coder dismissed are kept beside the annotations, in `<document>.dismissed`:
//! one sentence a line, its text with runs of blank space as one space, sorted, so that two
//! coders' files merge line by line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The cues of a corpus without a `cues.toml`, as the shipped corpus writes them.
pub const DEFAULT_CUES: &str = include_str!("../../corpus/cues.toml");
pub const CUES_FILE: &str = "cues.toml";

/// The most words a speaker is taken to have: a longer run is not a name.
const MAX_SPEAKER_WORDS: usize = 8;

/// Words before a verb that start a clause rather than name its speaker: left off the speaker.
const CLAUSE_WORDS: &[&str] = &[
    "and",
    "but",
    "while",
    "with",
    "as",
    "which",
    "who",
    "that",
    "also",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "once",
    "repeatedly",
    "publicly",
    "often",
    "previously",
];

/// Speakers that name no one: a pronoun is not worth filling in.
const PRONOUNS: &[&str] = &["it", "he", "she", "they", "we", "i", "you", "this", "who"];

#[derive(Debug, thiserror::Error)]
pub enum CuesError {
    #[error("{path}: {message} — fix it, or delete the file to use the default cues", path = path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: cannot be read ({source})", path = path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What makes a sentence a suggestion. Cues are matched as whole words, whatever their case;
/// one of several words matches those words in a row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Reporting verbs, each form written out (`said`, `says`).
    pub verbs: Vec<String>,
    /// Phrases the speaker follows (`according to`).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Whether a sentence with a direct quotation of three words or more is suggested.
    #[serde(default)]
    pub quotations: bool,
}

impl Cues {
    /// The cues of the corpus at `root`: its `cues.toml`, else [`DEFAULT_CUES`].
    pub fn load(root: &Path) -> Result<Cues, CuesError> {
        let path = root.join(CUES_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Cues::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Cues::default()),
            Err(source) => Err(CuesError::Read { path, source }),
        }
    }

    /// `text`, the contents of the cue file at `path` (named in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Cues, CuesError> {
        let invalid = |message: String| CuesError::Invalid {
            path: path.to_owned(),
            message,
        };
        let cues: Cues = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if cues
            .verbs
            .iter()
            .chain(&cues.phrases)
            .any(|c| c.trim().is_empty())
        {
            return Err(invalid("a cue is empty".into()));
        }
        Ok(cues)
    }
}

impl Default for Cues {
    fn default() -> Cues {
        Cues::parse(DEFAULT_CUES, Path::new(CUES_FILE)).expect("the shipped cues parse (tested)")
    }
}

/// Why a sentence is suggested, and who probably speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The cue found, as the sentence writes it (`denied`, `according to`), or `quotation`.
    pub cue: String,
    /// The speaker the sentence names, as it writes it (`Lu Kang`, `the US`); `None` when none
    /// was found or it is a pronoun.
    pub speaker: Option<String>,
}

/// A word of a sentence: its text without the punctuation around it, and its byte range in the
/// sentence with that punctuation (`,”` after `said` is outside the word, inside the range).
struct Word<'a> {
    text: &'a str,
    /// Punctuation just before and just after the word.
    before: &'a str,
    after: &'a str,
}

fn words(sentence: &str) -> Vec<Word<'_>> {
    sentence
        .split_whitespace()
        .map(|raw| {
            let start = raw.find(char::is_alphanumeric).unwrap_or(raw.len());
            let end = raw.rfind(char::is_alphanumeric).map_or(start, |i| {
                i + raw[i..].chars().next().map_or(1, char::len_utf8)
            });
            let end = end.max(start);
            Word {
                text: &raw[start..end],
                before: &raw[..start],
                after: &raw[end..],
            }
        })
        .collect()
}

/// Whether `cue` (one or more words) is at word `at`, with no punctuation inside it.
fn cue_at(words: &[Word], at: usize, cue: &str) -> Option<usize> {
    let parts: Vec<&str> = cue.split_whitespace().collect();
    let found = words.get(at..at + parts.len())?;
    let same = found.iter().zip(&parts).enumerate().all(|(k, (w, p))| {
        w.text.eq_ignore_ascii_case(p) && (k + 1 == parts.len() || w.after.is_empty())
    });
    same.then_some(parts.len())
}

/// The sentence as a suggestion, if a cue is in it.
pub fn suggest(sentence: &str, cues: &Cues) -> Option<Suggestion> {
    let words = words(sentence);
    for at in 0..words.len() {
        for phrase in &cues.phrases {
            if let Some(n) = cue_at(&words, at, phrase) {
                return Some(Suggestion {
                    cue: joined(&words[at..at + n]),
                    speaker: speaker_after(&words, at + n - 1),
                });
            }
        }
        for verb in &cues.verbs {
            if let Some(n) = cue_at(&words, at, verb) {
                let inverted = at > 0 && {
                    let before = words[at - 1].after;
                    before.ends_with([',', '”', '"', '’'])
                };
                let speaker = if inverted {
                    speaker_after(&words, at + n - 1)
                } else {
                    speaker_before(&words, at)
                        .or_else(|| speaker_after(&words, at + n - 1).filter(|s| capitalised(s)))
                };
                return Some(Suggestion {
                    cue: joined(&words[at..at + n]),
                    speaker,
                });
            }
        }
    }
    (cues.quotations && has_quotation(sentence)).then(|| Suggestion {
        cue: "quotation".into(),
        speaker: None,
    })
}

fn joined(words: &[Word]) -> String {
    let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
    texts.join(" ")
}

fn capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The speaker named by the words after word `at`, up to punctuation: "said Lu Kang, …".
fn speaker_after(words: &[Word], at: usize) -> Option<String> {
    if !words.get(at)?.after.is_empty() {
        return None;
    }
    let mut run = Vec::new();
    for w in &words[at + 1..] {
        if !w.before.is_empty() || w.text.is_empty() || CLAUSE_WORDS.contains(&w.text) {
            break;
        }
        run.push(w);
        if !w.after.is_empty() || run.len() == MAX_SPEAKER_WORDS {
            break;
        }
    }
    named(run.iter().map(|w| w.text))
}

/// The speaker named by the words before word `at`, back to punctuation or the start: "Lu
/// Kang said", "with the US accusing" (`the US`).
fn speaker_before(words: &[Word], at: usize) -> Option<String> {
    if !words.get(at)?.before.is_empty() {
        return None;
    }
    let mut run: Vec<&str> = Vec::new();
    for w in words[..at].iter().rev() {
        if !w.after.is_empty() || w.text.is_empty() || run.len() == MAX_SPEAKER_WORDS {
            break;
        }
        run.push(w.text);
        if !w.before.is_empty() {
            break;
        }
    }
    run.reverse();
    // "with the US" is "the US"; "China has repeatedly" is "China".
    let start = run
        .iter()
        .rposition(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()))
        .map_or(0, |i| i + 1);
    let mut kept = &run[start..];
    if start > 0 && kept.is_empty() {
        kept = &run[..run
            .iter()
            .position(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()))
            .unwrap_or(0)];
    }
    named(kept.iter().copied())
}

/// The words as a speaker: `None` for none or a pronoun.
fn named<'a>(words: impl Iterator<Item = &'a str>) -> Option<String> {
    let words: Vec<&str> = words.collect();
    let name = words.join(" ");
    (!name.is_empty() && !PRONOUNS.contains(&name.to_lowercase().as_str())).then_some(name)
}

/// Whether the sentence quotes three words or more between quotation marks.
fn has_quotation(sentence: &str) -> bool {
    let quoted = |open: char, close: char| {
        let mut rest = sentence;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len_utf8()..];
            let Some(j) = after.find(close) else {
                return false;
            };
            if after[..j].split_whitespace().count() >= 3 {
                return true;
            }
            rest = &after[j + close.len_utf8()..];
        }
        false
    };
    quoted('“', '”') || quoted('"', '"')
}

/// A sentence as the dismissed file keeps it: its runs of blank space as one space, trimmed.
pub fn dismissal_key(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The extension of the files of dismissed suggestions (see [`dismissed_path`]).
pub const DISMISSED_EXTENSION: &str = "dismissed";

/// Where the suggestions dismissed in the document at `rel_path` are kept: beside its
/// annotations, `<annotations_dir>/<rel_path>.dismissed`.
pub fn dismissed_path(annotations_dir: &Path, rel_path: &str) -> PathBuf {
    let mut path = crate::core::storage::store::annotation_path(annotations_dir, rel_path);
    path.set_extension(DISMISSED_EXTENSION);
    path
}

const DISMISSED_HEADER: &str = "# Suggestions dismissed in this document, written by gloss: one \
sentence a line, as its text.\n# Delete a line to see that suggestion again.\n";

/// The dismissed sentences of `path` ([`dismissal_key`]s); none when it does not exist.
pub fn read_dismissed(path: &Path) -> std::io::Result<BTreeSet<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(dismissal_key)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(e) => Err(e),
    }
}

/// Adds `key` to the dismissed sentences of `path`, with those another gloss wrote since they
/// were read; returns them all.
pub fn dismiss(path: &Path, key: &str) -> std::io::Result<BTreeSet<String>> {
    let mut all = read_dismissed(path)?;
    all.insert(dismissal_key(key));
    let mut text = DISMISSED_HEADER.to_owned();
    for line in &all {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::core::storage::atomic_file::write(path, text.as_bytes())?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(sentence: &str) -> Option<(String, Option<String>)> {
        suggest(sentence, &Cues::default()).map(|s| (s.cue, s.speaker))
    }

    fn said(cue: &str, speaker: Option<&str>) -> Option<(String, Option<String>)> {
        Some((cue.to_owned(), speaker.map(str::to_owned)))
    }

    #[test]
    fn speakers_before_after_and_according_to() {
        assert_eq!(
            s("Foreign ministry spokesman Lu Kang said on Thursday that China opposes hacking."),
            said("said", Some("Foreign ministry spokesman Lu Kang"))
        );
        assert_eq!(
            s("“We oppose all forms of hacking,” said Lu Kang, a spokesman."),
            said("said", Some("Lu Kang"))
        );
        assert_eq!(
            s("Beijing denies the claims and says it is a victim of hacking."),
            said("denies", Some("Beijing"))
        );
        assert_eq!(
            s("Relations are tense, with the US accusing the Chinese government of cyberattacks."),
            said("accusing", Some("the US"))
        );
        assert_eq!(
            s("According to the Ministry of Public Security, arrests rose by half."),
            said("According to", Some("the Ministry of Public Security"))
        );
        assert_eq!(s("It said nothing more."), said("said", None));
        assert_eq!(
            s("The plan calls for “a peaceful, secure and open cyberspace”."),
            said("quotation", None)
        );
        assert_eq!(s("The weather was fine in Beijing."), None);
        // A cue inside a longer word is no cue.
        assert_eq!(s("Saidov arrived."), None);
    }

    #[test]
    fn cues_are_read_from_the_corpus_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Cues::load(dir.path()).unwrap(), Cues::default());
        std::fs::write(dir.path().join(CUES_FILE), "verbs = [\"opined\"]\n").unwrap();
        let cues = Cues::load(dir.path()).unwrap();
        assert!(suggest("The editor opined at length.", &cues).is_some());
        assert!(suggest("The editor said so.", &cues).is_none());
        std::fs::write(dir.path().join(CUES_FILE), "verb = [\"x\"]\n").unwrap();
        let err = Cues::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("cues.toml") && err.contains("verb"), "{err}");
    }

    #[test]
    fn dismissed_sentences_are_kept_one_a_line_sorted_and_merged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dismissed_path(dir.path(), "sub/doc.txt");
        assert!(path.ends_with("sub/doc.txt.dismissed"));
        dismiss(&path, "Zed  said\nso.").unwrap();
        // Another gloss dismissed one meanwhile: both stay.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}Alpha said so.\n")).unwrap();
        let all = dismiss(&path, "Beta said so.").unwrap();
        assert_eq!(all.len(), 3);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines, ["Alpha said so.", "Beta said so.", "Zed said so."]);
    }
}
