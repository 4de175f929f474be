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

mod speaker;

/// The cues of a corpus without a `cues.toml`, as the shipped corpus writes them.
pub const DEFAULT_CUES: &str = include_str!("../../corpus/cues.toml");
pub const CUES_FILE: &str = "cues.toml";

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
    /// The speaker the sentence names, as it writes it but for a leading determiner in lower
    /// case (`Lu Kang`, `the US`, `a senior foreign ministry official`); `None` when no words
    /// next to the cue read as a name or a title (a pronoun does not): see `speaker`.
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

/// The sentence as a suggestion, if a cue is in it: the first cue with a speaker ("When asked
/// about the alleged hacking, Long said" is "said", by Long), else the first cue.
pub fn suggest(sentence: &str, cues: &Cues) -> Option<Suggestion> {
    let words = words(sentence);
    let mut first = None;
    for at in 0..words.len() {
        let phrases = cues.phrases.iter().map(|p| (p, true));
        let verbs = cues.verbs.iter().map(|v| (v, false));
        for (cue, phrase) in phrases.chain(verbs) {
            let Some(n) = cue_at(&words, at, cue) else {
                continue;
            };
            let found = Suggestion {
                cue: joined(&words[at..at + n]),
                speaker: if phrase {
                    speaker::after_phrase(&words, at + n - 1)
                } else {
                    speaker::of_verb(&words, at, at + n - 1)
                },
            };
            if found.speaker.is_some() {
                return Some(found);
            }
            first.get_or_insert(found);
            break;
        }
    }
    if first.is_some() {
        return first;
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

/// The file of dismissed suggestions at `path` could not be read or written: nothing changed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot be written ({source}); check that its folder can be written", path = path.display())]
pub struct DismissedFileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Adds `key` to the dismissed sentences of `path`, with those another gloss wrote since they
/// were read; returns them all.
pub fn dismiss(path: &Path, key: &str) -> Result<BTreeSet<String>, DismissedFileError> {
    change_dismissed(path, |all| {
        all.insert(dismissal_key(key));
    })
}

/// Takes `key` out of the dismissed sentences of `path` (undoing [`dismiss`]), keeping those
/// another gloss wrote since they were read; returns those left. The file goes when none is
/// left, as it was before the first dismissal.
pub fn undismiss(path: &Path, key: &str) -> Result<BTreeSet<String>, DismissedFileError> {
    change_dismissed(path, |all| {
        all.remove(&dismissal_key(key));
    })
}

/// Reads the dismissed sentences of `path`, changes them and writes them back, sorted.
fn change_dismissed(
    path: &Path,
    change: impl FnOnce(&mut BTreeSet<String>),
) -> Result<BTreeSet<String>, DismissedFileError> {
    let failed = |source| DismissedFileError {
        path: path.to_owned(),
        source,
    };
    let mut all = read_dismissed(path).map_err(failed)?;
    change(&mut all);
    if all.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(all),
        };
    }
    let mut text = DISMISSED_HEADER.to_owned();
    for line in &all {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    crate::core::storage::atomic_file::write(path, text.as_bytes()).map_err(failed)?;
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
    fn a_speaker_is_a_name_or_a_title_or_none() {
        let speaker = |sentence| s(sentence).and_then(|(_, speaker)| speaker);
        // Titles, with or without a name, and the appositive shape.
        assert_eq!(
            speaker("The Foreign Ministry spokesman Hong Lei said the charges were groundless.")
                .as_deref(),
            Some("the Foreign Ministry spokesman Hong Lei")
        );
        assert_eq!(
            speaker("Qin An, director of the institute, said Trump’s agenda had changed.")
                .as_deref(),
            Some("Qin An")
        );
        assert_eq!(
            speaker("“It is groundless,” said a senior foreign ministry official.").as_deref(),
            Some("a senior foreign ministry official")
        );
        // The bad guesses: the words before the verb are no name.
        assert_eq!(
            speaker("Makers in both the United States and China can no longer deny it."),
            None
        );
        assert_eq!(
            speaker("Conversely, China has not stopped pointing out the alleged double standard."),
            None
        );
        // Pronouns, and the words after a verb that is not inverted (who is told), are none.
        assert_eq!(speaker("He also said it was wrong."), None);
        assert_eq!(speaker("“We oppose it,” they said."), None);
        assert_eq!(speaker("He told the Global Times on Wednesday."), None);
        // A later cue with a speaker wins over an earlier one without.
        assert_eq!(
            s("Asked about the alleged hacking, Long said it was groundless."),
            said("said", Some("Long"))
        );
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
