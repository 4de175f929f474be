//! The probable speaker of a suggested sentence, precise rather than eager: a run of words next
//! to the cue is a speaker only when it reads as a name or a title: capitalised words ("Long
//! Zhou", "the Ministry of Public Security", "the US"), or a description ending in a word that
//! names a person, a body or a document ("a senior foreign ministry official", "the Foreign
//! Ministry spokesman Hong Lei", "the report of the … Commission"). Anything else, pronouns
//! included, is no speaker: an accepted suggestion then has an empty speaker field rather than a
//! wrong one, which completion would go on offering. Where the speaker is looked for follows the
//! usual shapes of attribution in news (Pareti, 2016): "X said", "…,” said X", "X, <who X is>,
//! said", "according to X".

use super::Word;

/// The most words a speaker is taken to have: a longer run is not a name.
const MAX_SPEAKER_WORDS: usize = 10;

/// The most words before the word that names who speaks ("senior foreign ministry" official).
const MAX_MODIFIERS: usize = 4;

const DETERMINERS: &[&str] = &["the", "a", "an"];

/// Lower-case words that may join the capitalised words of one name ("Ministry of Public
/// Security", "Economic and Security Review Commission").
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "on", "de", "van", "von", "al", "bin",
];

/// Words that are never part of a speaker, whatever their case: pronouns, auxiliaries,
/// prepositions, conjunctions and the adverbs that open a sentence ("When asked…", "However").
/// "us" is left out: it is "the US". Compared in lower case.
const FUNCTION_WORDS: &[&str] = &[
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "me",
    "him",
    "her",
    "them",
    "its",
    "his",
    "their",
    "our",
    "my",
    "your",
    "this",
    "that",
    "these",
    "those",
    "who",
    "which",
    "what",
    "whom",
    "whose",
    "there",
    "here",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "would",
    "should",
    "can",
    "could",
    "might",
    "must",
    "not",
    "no",
    "never",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "as",
    "because",
    "although",
    "though",
    "since",
    "after",
    "before",
    "until",
    "unless",
    "whether",
    "than",
    "then",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "with",
    "by",
    "from",
    "about",
    "into",
    "over",
    "under",
    "between",
    "among",
    "against",
    "during",
    "without",
    "within",
    "through",
    "across",
    "upon",
    "amid",
    "like",
    "however",
    "moreover",
    "meanwhile",
    "conversely",
    "instead",
    "thus",
    "therefore",
    "also",
    "still",
    "even",
    "only",
    "just",
    "again",
    "already",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "later",
    "earlier",
    "once",
    "both",
    "either",
    "neither",
    "each",
    "every",
    "all",
    "some",
    "any",
    "many",
    "most",
    "more",
    "few",
    "other",
    "such",
    "own",
    "same",
    "very",
    "too",
    "longer",
    "asked",
    "writing",
];

/// Words that name who speaks, the last word of a description ("a senior foreign ministry
/// official", "the report"), singular and plural. Compared in lower case.
const HEADS: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokesperson",
    "minister",
    "ministers",
    "ministry",
    "ministries",
    "government",
    "governments",
    "department",
    "agency",
    "agencies",
    "office",
    "administration",
    "commission",
    "committee",
    "council",
    "bureau",
    "embassy",
    "ambassador",
    "diplomat",
    "diplomats",
    "president",
    "premier",
    "chairman",
    "director",
    "director-general",
    "coordinator",
    "secretary",
    "leader",
    "leaders",
    "expert",
    "experts",
    "analyst",
    "analysts",
    "scholar",
    "scholars",
    "researcher",
    "researchers",
    "professor",
    "source",
    "sources",
    "report",
    "document",
    "statement",
    "blueprint",
    "strategy",
    "paper",
    "newspaper",
    "editorial",
    "commentary",
    "article",
    "study",
    "survey",
    "military",
    "army",
    "police",
    "court",
    "company",
    "firm",
    "institute",
    "university",
    "media",
    "regulator",
    "authorities",
    "observer",
    "observers",
    "commentator",
    "commentators",
    "lawmaker",
    "lawmakers",
    "senator",
    "general",
];

/// Words between a speaker and its verb, left out: "Beijing has repeatedly denied", "Long
/// also warned"; besides these, any lower-case word ending in -ly ("bluntly stated").
const BETWEEN: &[&str] = &[
    "has", "have", "had", "also", "once", "again", "later", "further", "then", "already",
];

/// Participles that may come between a document and who issued it: "the blueprint released by
/// the foreign ministry".
const ISSUED: &[&str] = &[
    "released",
    "issued",
    "published",
    "written",
    "made",
    "signed",
];

fn lower(w: &str) -> String {
    w.to_lowercase()
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&lower(w).as_str())
}

/// Capitalised words, maybe joined by [`CONNECTORS`]: "Long Zhou", "Ministry of Public
/// Security".
fn proper(ws: &[&str]) -> bool {
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    capitalised(first)
        && capitalised(last)
        && ws.iter().all(|w| {
            if capitalised(w) {
                !function_word(w)
            } else {
                CONNECTORS.contains(w)
            }
        })
}

/// A description: up to [`MAX_MODIFIERS`] words, one of [`HEADS`], then maybe a name: "senior
/// foreign ministry official", "Foreign Ministry spokesman Hong Lei".
fn role(ws: &[&str]) -> bool {
    (0..ws.len()).any(|h| {
        HEADS.contains(&lower(ws[h]).as_str())
            && h <= MAX_MODIFIERS
            && ws[..h]
                .iter()
                .all(|w| !function_word(w) && !DETERMINERS.contains(&lower(w).as_str()))
            && (h + 1 == ws.len() || proper(&ws[h + 1..]))
    })
}

/// `ws` without a leading determiner, and whether there was one.
fn undetermined<'a, 'b>(ws: &'a [&'b str]) -> (bool, &'a [&'b str]) {
    match ws.split_first() {
        Some((d, rest)) if DETERMINERS.contains(&lower(d).as_str()) => (true, rest),
        _ => (false, ws),
    }
}

/// A name, or a description with a determiner (or without one when `bare` allows: at the start
/// of a clause, "Foreign ministry spokesman Lu Kang said").
fn simple(ws: &[&str], bare: bool) -> bool {
    let (det, rest) = undetermined(ws);
    !rest.is_empty() && (proper(rest) || ((det || bare) && role(rest)))
}

/// Whether `ws` reads as a speaker: [`simple`], or one followed by whose it is ("the report of
/// the … Commission", "the blueprint released by the foreign ministry").
fn speaker(ws: &[&str], bare: bool) -> bool {
    if ws.is_empty() || ws.len() > MAX_SPEAKER_WORDS {
        return false;
    }
    simple(ws, bare)
        || (1..ws.len()).any(|k| {
            let mut head = &ws[..k];
            if !["of", "from", "by"].contains(&ws[k]) {
                return false;
            }
            if let Some((last, rest)) = head.split_last()
                && ISSUED.contains(last)
            {
                head = rest;
            }
            simple(head, bare) && simple(&ws[k + 1..], false)
        })
}

/// The speaker as the sentence writes it, a leading determiner in lower case ("The report said"
/// gives "the report"), so that completion offers one spelling.
fn written(ws: &[&str]) -> String {
    let mut name = ws.join(" ");
    if let (true, Some(first)) = (undetermined(ws).0, ws.first()) {
        name.replace_range(..first.len(), &lower(first));
    }
    name
}

/// The words after word `at`, up to punctuation (the word followed by it included) or the end.
fn run_after<'a>(words: &[Word<'a>], at: usize) -> Vec<&'a str> {
    let mut run = Vec::new();
    if !words.get(at).is_some_and(|w| w.after.is_empty()) {
        return run;
    }
    for w in &words[at + 1..] {
        if !w.before.is_empty() || w.text.is_empty() {
            break;
        }
        run.push(w.text);
        if !w.after.is_empty() {
            break;
        }
    }
    run
}

/// The speaker after a phrase such as "according to" (its last word at `at`): the longest run
/// that reads as one ("according to the blueprint released by the foreign ministry and …").
pub(super) fn after_phrase(words: &[Word], at: usize) -> Option<String> {
    let run = run_after(words, at);
    (1..=run.len().min(MAX_SPEAKER_WORDS))
        .rev()
        .find(|&n| speaker(&run[..n], true))
        .map(|n| written(&run[..n]))
}

/// The speaker of a reporting verb at words `at..end`.
pub(super) fn of_verb(words: &[Word], at: usize, end: usize) -> Option<String> {
    let before = at.checked_sub(1).map_or("", |i| words[i].after);
    if before.ends_with(['”', '"', '’', '»']) {
        // "…,” said Lu Kang, a spokesman": all the words up to the punctuation.
        return inverted(words, end);
    }
    if before.ends_with(',') {
        // "Long Zhou, the ministry's coordinator, said" or "…, said Lu Kang".
        return apposed(words, at).or_else(|| inverted(words, end));
    }
    preceding(words, at)
}

/// The words after the verb, all of them up to the punctuation, when they read as a speaker.
fn inverted(words: &[Word], end: usize) -> Option<String> {
    let run = run_after(words, end);
    speaker(&run, true).then(|| written(&run))
}

/// "Qin An, director of the China Institute of Cyberspace Strategy, said": the sentence's first
/// words up to a comma, when they read as a speaker and words come between them and the verb.
fn apposed(words: &[Word], at: usize) -> Option<String> {
    let comma = words[..at].iter().position(|w| !w.after.is_empty())?;
    let first = &words[..=comma];
    let clean =
        words[comma].after == "," && first.iter().all(|w| w.before.is_empty()) && comma + 1 < at;
    let run: Vec<&str> = first.iter().map(|w| w.text).collect();
    (clean && speaker(&run, true)).then(|| written(&run))
}

/// The longest run just before the verb, back to punctuation, that reads as a speaker, the
/// words of [`BETWEEN`] left out: "with the US accusing" (`the US`), "Beijing has repeatedly
/// denied" (`Beijing`).
fn preceding(words: &[Word], at: usize) -> Option<String> {
    if !words.get(at)?.before.is_empty() {
        return None;
    }
    let mut start = at;
    while start > 0 && words[start - 1].after.is_empty() && !words[start - 1].text.is_empty() {
        start -= 1;
        if !words[start].before.is_empty() {
            break;
        }
    }
    let mut run: Vec<&str> = words[start..at].iter().map(|w| w.text).collect();
    while let Some(last) = run.last()
        && (BETWEEN.contains(last) || (!capitalised(last) && last.ends_with("ly")))
    {
        run.pop();
    }
    (1..=run.len().min(MAX_SPEAKER_WORDS))
        .rev()
        .map(|n| &run[run.len() - n..])
        .find(|ws| speaker(ws, ws.len() == run.len()))
        .map(written)
}
