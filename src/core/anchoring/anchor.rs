//! Placing an annotation in a new version of its document.
//!
//! When a document's content hash no longer matches the one stored with its annotations, each
//! annotation is looked for, in order:
//! 1. its exact quote at its stored offsets, kept there when both sides of it are as recorded;
//! 2. its exact quote anywhere, the original offsets included: among the occurrences that the
//!    context makes certain (see `candidate`), the best fitting, then the nearest;
//! 3. approximate occurrences of its quote within half its length in edits, and the exact ones
//!    that the context left in doubt, each scored like Hypothesis's client does
//!    (`match-quote.ts`), the best kept if it reaches [`ACCEPT_THRESHOLD`]. Such a placement is
//!    a guess: it stays unconfirmed until a person confirms it.
//!
//! Anything else is an orphan. All offsets are code points of the canonical text.

use std::ops::Range;

use crate::core::anchoring::candidate::{Candidate, Context, Judgement, Verdict, weighted};
use crate::core::anchoring::fuzzy::Searcher;
use crate::core::annotation::{Annotation, Placement};

/// Where an annotation landed, in code points; for `Orphan`, its old offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchored {
    pub start: usize,
    pub end: usize,
    pub placement: Placement,
}

/// The least score at which a guess is placed (for a person to confirm).
///
/// Scores are Hypothesis's: `(50·quote + 20·prefix + 20·suffix + 2·position) / 92`, each term a
/// similarity in 0..=1. Every candidate is within half the quote's length in edits, so its quote
/// term is at least 0.5; the context terms are what tell an edited occurrence from unrelated text
/// that happens to be that close. Measured on 216 sentences of the five shipped documents:
/// - a sentence with a fifth of its characters substituted scores 0.86–0.90, and 0.78–0.86 when
///   the 32 characters either side were edited at the same rate;
/// - once a sentence is gone (deleted alone or with its paragraph, or replaced by an unrelated
///   one), the best remaining candidate scores at most 0.65, except where the document holds a
///   near-copy of it (0.79) or the same words in a URL (0.71);
/// - a sentence moved into new surroundings and edited by one character scores 0.58–0.84, median
///   0.65: unrelated context adds next to nothing, so it looks like the candidates above.
///
/// 0.7 leaves a margin on both sides of the first two groups. Attaching a claim to the wrong text
/// is worse than orphaning it, since an orphan is visible and can be placed again by hand, so
/// most sentences that were both moved and edited are given up. The near-copies and short quotes
/// that a score cannot tell apart are the context rules' business (see `candidate`).
pub const ACCEPT_THRESHOLD: f64 = 0.7;

/// Where `annotation` belongs in `text` (canonical text of the current version); `chars` is
/// `text.chars().collect()` (passed in so a caller anchoring many annotations converts once).
/// Looks for the quote in the whole text; [`certain`] and [`Pending::guess`] do the same steps
/// for a caller that found every quote of a document at once and limits the approximate search.
pub fn anchor(annotation: &Annotation, chars: &[char]) -> Anchored {
    let quote: Vec<char> = annotation.quote.chars().collect();
    let mut starts = Vec::new();
    if !quote.is_empty() {
        for_each_occurrence(chars, &quote, |start| starts.push(start));
    }
    anchor_among(annotation, chars, &starts)
}

/// [`anchor`] when the code-point offsets `starts` of every occurrence of the quote in `chars`
/// are known (overlapping ones too, in text order), as for a caller that found every quote of a
/// document at once; the approximate step still covers the whole text.
pub fn anchor_among(annotation: &Annotation, chars: &[char], starts: &[usize]) -> Anchored {
    certain(annotation, chars, starts).unwrap_or_else(|pending| (*pending).guess(0..chars.len()))
}

/// The first two steps (the quote at its offsets, then word for word anywhere): the place, if
/// either finds it for certain, or what the approximate step needs. `starts` holds the code-point
/// offsets of every occurrence of the quote in `chars`, overlapping ones too, in text order. An
/// empty quote is placed here, exactly or as an orphan.
pub fn certain<'a>(
    annotation: &Annotation,
    chars: &'a [char],
    starts: &[usize],
) -> Result<Anchored, Box<Pending<'a>>> {
    let quote: Vec<char> = annotation.quote.chars().collect();
    let (start, end) = (annotation.start, annotation.end);
    let at_offsets = chars.get(start..end) == Some(&quote[..]);
    let original = Candidate {
        start,
        end,
        errors: 0,
    };
    if quote.is_empty() {
        let placement = if at_offsets {
            Placement::Exact
        } else {
            Placement::Orphan
        };
        return Ok(placed(original, placement));
    }
    let context = Context::new(annotation, chars);
    // Where the quote still is, with both sides as they were, nothing can fit better.
    if at_offsets {
        let judged = context.judge(original, 1);
        if judged.verdict == Verdict::Certain && judged.fit >= 2.0 {
            return Ok(placed(original, Placement::Exact));
        }
    }
    let verbatim = verbatim(&quote, starts, &context);
    if let Some(place) = verbatim.certain {
        let placement = if place.start == start {
            Placement::Exact
        } else {
            Placement::Moved
        };
        return Ok(placed(place, placement));
    }
    Err(Box::new(Pending {
        quote,
        context,
        original,
        guess: verbatim.guess,
    }))
}

/// An annotation that no step placed for certain, before the approximate search.
pub struct Pending<'a> {
    quote: Vec<char>,
    context: Context<'a>,
    original: Candidate,
    /// The word-for-word occurrence the context left in doubt that scores best, if any reaches
    /// the threshold.
    guess: Option<(Candidate, f64)>,
}

impl Pending<'_> {
    /// Length of the quote, in code points.
    pub fn quote_len(&self) -> usize {
        self.quote.len()
    }

    /// The last step: the best guess among the word-for-word occurrences left in doubt and the
    /// approximate occurrences that end in `window` (code points of the text), or an orphan.
    /// Over the whole text this is [`anchor`]'s answer; a window that leaves out some of the text
    /// can miss a guess there.
    pub fn guess(self, window: Range<usize>) -> Anchored {
        let guesses = self
            .guess
            .into_iter()
            .chain(approximate(&self.quote, &self.context, window));
        match guesses.max_by(|a, b| a.1.total_cmp(&b.1)) {
            Some((place, score)) => placed(
                place,
                Placement::Fuzzy {
                    score,
                    confirmed: false,
                },
            ),
            None => placed(self.original, Placement::Orphan),
        }
    }
}

fn placed(place: Candidate, placement: Placement) -> Anchored {
    Anchored {
        start: place.start,
        end: place.end,
        placement,
    }
}

/// The word-for-word occurrences of a quote, as judged by their context.
struct Verbatim {
    /// The certain one fitting best, then nearest the old position.
    certain: Option<Candidate>,
    /// The guess scoring best, with its score, if it reaches the threshold.
    guess: Option<(Candidate, f64)>,
}

/// `starts`: where the quote occurs word for word, as for [`certain`].
fn verbatim(quote: &[char], starts: &[usize], context: &Context) -> Verbatim {
    let mut certain: Option<(f64, usize, Candidate)> = None;
    let mut guess: Option<(Candidate, f64)> = None;
    for &start in starts {
        let place = Candidate {
            start,
            end: start + quote.len(),
            errors: 0,
        };
        let judged = context.judge(place, starts.len());
        match judged.verdict {
            Verdict::Certain => {
                let distance = start.abs_diff(context.old_start());
                let better = certain.is_none_or(|(fit, nearest, _)| {
                    judged.fit > fit || (judged.fit == fit && distance < nearest)
                });
                if better {
                    certain = Some((judged.fit, distance, place));
                }
            }
            Verdict::Guess => keep_better_guess(&mut guess, place, &judged),
            Verdict::Rejected => {}
        }
    }
    Verbatim {
        certain: certain.map(|(_, _, place)| place),
        guess,
    }
}

/// Keeps `place` as the guess if it reaches the threshold and scores better than the one kept.
fn keep_better_guess(guess: &mut Option<(Candidate, f64)>, place: Candidate, judged: &Judgement) {
    if judged.verdict == Verdict::Guess
        && judged.score >= ACCEPT_THRESHOLD
        && guess.is_none_or(|(_, score)| judged.score > score)
    {
        *guess = Some((place, judged.score));
    }
}

/// Calls `found(start)` for every occurrence of a non-empty `pattern`: Knuth–Morris–Pratt, so
/// linear in the text whatever repetitions it holds.
fn for_each_occurrence(text: &[char], pattern: &[char], mut found: impl FnMut(usize)) {
    // border[i]: length of the longest proper prefix of pattern[..=i] that is also its suffix.
    let mut border = vec![0; pattern.len()];
    let mut matched = 0;
    for i in 1..pattern.len() {
        while matched > 0 && pattern[i] != pattern[matched] {
            matched = border[matched - 1];
        }
        if pattern[i] == pattern[matched] {
            matched += 1;
        }
        border[i] = matched;
    }
    matched = 0;
    for (i, &c) in text.iter().enumerate() {
        while matched > 0 && c != pattern[matched] {
            matched = border[matched - 1];
        }
        if c == pattern[matched] {
            matched += 1;
        }
        if matched == pattern.len() {
            found(i + 1 - matched);
            matched = border[matched - 1];
        }
    }
}

/// The best-scoring approximate occurrence that the context leaves as a guess, if it reaches
/// the threshold; word-for-word occurrences are [`verbatim`]'s.
///
/// Candidates are not narrowed to the fewest errors in the whole text, as approx-string-match
/// does for Hypothesis: a place with more edits but the right surroundings should win. Within one
/// place, though, errors decide the extent. Match ends that follow one another without a gap are
/// one occurrence seen with its edges moved, and only those with the fewest errors in such a run
/// are scored; otherwise the context terms, worth 20/32 of a point per code point against the
/// quote's 50/len, would let a long quote's edges slide towards whatever text happens to
/// resemble its old context a little more.
///
/// Only matches ending in `window` are looked at: a window that begins later than the quote's
/// length and half again before a match may find it with more errors than the whole text gives.
fn approximate(
    quote: &[char],
    context: &Context,
    window: Range<usize>,
) -> Option<(Candidate, f64)> {
    let searcher = Searcher::new(quote);
    let chars = context.chars();
    let mut best: Option<(Candidate, f64)> = None;
    let mut score_run = |run: &Run| {
        let quote_similarity = 1.0 - run.errors as f64 / quote.len() as f64;
        // Skipping what even perfect context could not lift past the threshold or the best so
        // far spares finding starts and comparing context without changing the outcome.
        let ceiling = weighted(quote_similarity, 1.0, 1.0, 1.0);
        if run.errors == 0
            || ceiling < ACCEPT_THRESHOLD
            || best.is_some_and(|(_, score)| ceiling <= score)
        {
            return;
        }
        for &end in &run.ends {
            // Substrings of equal errors may start at different places ("of a US" and "a US"
            // for "the US"): their context tells which.
            searcher.for_each_start(chars, end, run.errors, |start| {
                let place = Candidate {
                    start,
                    end,
                    errors: run.errors,
                };
                keep_better_guess(&mut best, place, &context.judge(place, 0));
            });
        }
    };
    let mut run: Option<Run> = None;
    let offset = window.start;
    searcher.for_each_end(&chars[window], quote.len() / 2, |end, errors| {
        let end = offset + end;
        match &mut run {
            Some(current) if current.last + 1 == end => current.extend(end, errors),
            _ => {
                if let Some(done) = run.replace(Run::new(end, errors)) {
                    score_run(&done);
                }
            }
        }
    });
    if let Some(done) = run {
        score_run(&done);
    }
    best
}

/// Consecutive match ends, keeping those with the fewest errors.
struct Run {
    last: usize,
    errors: usize,
    ends: Vec<usize>,
}

impl Run {
    fn new(end: usize, errors: usize) -> Run {
        Run {
            last: end,
            errors,
            ends: vec![end],
        }
    }

    fn extend(&mut self, end: usize, errors: usize) {
        self.last = end;
        if errors < self.errors {
            self.errors = errors;
            self.ends.clear();
        }
        if errors == self.errors {
            self.ends.push(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::anchoring::context::MIN_CONTEXT_CHARS;
    use crate::core::annotation::Stamp;
    use crate::core::documents::text::CharIndex;

    const DOC: &str = include_str!("../../../corpus/001_bcba7e35c127046e.txt");

    const TERM: &str = "The term refers to the rights of each country to choose how to develop and \
                        regulate its own Internet.";
    const PRINCIPLE: &str = "The principle of cyber sovereignty has been widely accepted by the \
                             international community, he said.";
    const DEFENDED: &str = "defended China’s proposition when asked whether enforcing cyber \
                            sovereignty would hurt people’s rights.";
    const WEBSITES: &str = "According to data from the Cyberspace Administration of China, more \
                            than 10,000 websites are tampered with every month";

    /// Code-point offset of the first occurrence of `needle`.
    fn offset(text: &str, needle: &str) -> usize {
        let byte = text.find(needle).expect("needle is in the text");
        text[..byte].chars().count()
    }

    /// An annotation on the first occurrence of `quote` in `text`, built as the reader builds it.
    fn annotate(text: &str, quote: &str) -> Annotation {
        let byte = text.find(quote).expect("quote is in the text");
        let stamp = Stamp {
            annotator: "tester".into(),
            time: "2026-01-02T03:04:05Z".into(),
        };
        let index = CharIndex::new(text);
        let span = byte..byte + quote.len();
        let mut a = Annotation::new(text, &index, span, vec!["claim".into()], &stamp);
        a.id = "a1".into();
        a
    }

    fn place(annotation: &Annotation, text: &str) -> Anchored {
        anchor(annotation, &text.chars().collect::<Vec<_>>())
    }

    fn slice(text: &str, placed: &Anchored) -> String {
        text.chars()
            .skip(placed.start)
            .take(placed.end - placed.start)
            .collect()
    }

    fn fuzzy_score(placed: &Anchored) -> f64 {
        match placed.placement {
            Placement::Fuzzy { score, .. } => score,
            ref other => panic!("expected a fuzzy placement, got {other:?}"),
        }
    }

    #[test]
    fn annotations_are_built_on_real_sentences() {
        let a = annotate(DOC, TERM);
        assert_eq!(slice(DOC, &place(&a, DOC)), TERM);
        assert_eq!(a.start, offset(DOC, TERM));
        assert!(a.prefix.chars().count() >= MIN_CONTEXT_CHARS);
        assert!(a.prefix.ends_with("Zhejiang Province.\n\n"));
        assert!(a.suffix.starts_with("\n\nChina and the US differ"));
    }

    #[test]
    fn unchanged_text_is_exact() {
        for quote in [TERM, PRINCIPLE, DEFENDED, WEBSITES] {
            let a = annotate(DOC, quote);
            let placed = place(&a, DOC);
            assert_eq!((placed.start, placed.end), (a.start, a.end));
            assert_eq!(placed.placement, Placement::Exact);
        }
    }

    #[test]
    fn insertion_before_the_quote_moves_it() {
        let note = "Editor’s note: this article was updated on March 4th, 2017.\n\n";
        let edited = DOC.replacen("China opposes", &format!("{note}China opposes"), 1);
        for quote in [TERM, PRINCIPLE, DEFENDED] {
            let a = annotate(DOC, quote);
            let placed = place(&a, &edited);
            assert_eq!(placed.placement, Placement::Moved);
            assert_eq!(placed.start, a.start + note.chars().count());
            assert_eq!(slice(&edited, &placed), quote);
        }

        // Right before the quote, so that its stored prefix no longer matches.
        let a = annotate(DOC, PRINCIPLE);
        let edited = DOC.replacen(PRINCIPLE, &format!("Officials agree. {PRINCIPLE}"), 1);
        let placed = place(&a, &edited);
        assert_eq!(placed.placement, Placement::Moved);
        assert_eq!(placed.start, a.start + "Officials agree. ".len());
    }

    #[test]
    fn insertion_inside_the_quote_is_fuzzy_and_covers_it() {
        let a = annotate(DOC, TERM);
        let inserted = TERM.replace("to choose", "to freely choose");
        let edited = DOC.replacen(TERM, &inserted, 1);
        let placed = place(&a, &edited);
        assert_eq!(
            (placed.start, placed.end),
            (a.start, a.end + "freely ".len())
        );
        assert_eq!(slice(&edited, &placed), inserted);
        assert!(fuzzy_score(&placed) > 0.9);
    }

    #[test]
    fn insertion_after_the_quote_keeps_it_exact() {
        let edited = DOC.replacen(
            "International rules",
            "International rules and norms\n\nA new paragraph.",
            1,
        );
        for quote in [TERM, WEBSITES] {
            let a = annotate(DOC, quote);
            let placed = place(&a, &edited);
            assert_eq!((placed.start, placed.end), (a.start, a.end));
            assert_eq!(placed.placement, Placement::Exact);
        }
    }

    /// Breaks lines at spaces so that none is longer than `width` code points.
    fn hard_wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        for line in text.split('\n') {
            let mut column = 0;
            for (i, word) in line.split(' ').enumerate() {
                let len = word.chars().count();
                if i > 0 {
                    if column + 1 + len > width {
                        out.push('\n');
                        column = 0;
                    } else {
                        out.push(' ');
                        column += 1;
                    }
                }
                out.push_str(word);
                column += len;
            }
            out.push('\n');
        }
        out.pop();
        out
    }

    #[test]
    fn reflowed_whitespace_is_fuzzy_at_the_same_place() {
        // Annotated while hard-wrapped, then the line breaks became spaces again.
        let wrapped = hard_wrap(DOC, 60);
        assert_eq!(wrapped.replace('\n', " "), DOC.replace('\n', " "));
        for quote in [PRINCIPLE, WEBSITES] {
            let start = offset(DOC, quote);
            let end = start + quote.chars().count();
            let wrapped_quote: String = wrapped.chars().skip(start).take(end - start).collect();
            let breaks = wrapped_quote.matches('\n').count();
            assert!(breaks >= 1, "the quote spans a line break");
            let a = annotate(&wrapped, &wrapped_quote);
            let placed = place(&a, DOC);
            assert_eq!((placed.start, placed.end), (start, end));
            assert_eq!(slice(DOC, &placed), quote);
            assert!(fuzzy_score(&placed) > 0.9);
        }
    }

    #[test]
    fn straightened_quotes_are_fuzzy_at_the_same_place() {
        let edited = DOC.replace('’', "'");
        let a = annotate(DOC, DEFENDED);
        let placed = place(&a, &edited);
        assert_eq!((placed.start, placed.end), (a.start, a.end));
        assert_eq!(slice(&edited, &placed), DEFENDED.replace('’', "'"));
        assert!(fuzzy_score(&placed) > 0.95);

        // Straightening keeps lengths, so a quote without any stays where it was.
        let a = annotate(DOC, TERM);
        assert_eq!(place(&a, &edited).placement, Placement::Exact);
    }

    /// Every fifth code point of `s` replaced.
    fn fifth_changed(s: &str) -> String {
        s.chars()
            .enumerate()
            .map(|(i, c)| if i % 5 == 2 { '#' } else { c })
            .collect()
    }

    #[test]
    fn a_fifth_of_the_quote_changed_still_anchors() {
        let a = annotate(DOC, WEBSITES);
        let edited = DOC.replacen(WEBSITES, &fifth_changed(WEBSITES), 1);
        let placed = place(&a, &edited);
        assert_eq!((placed.start, placed.end), (a.start, a.end));
        let score = fuzzy_score(&placed);
        assert!(score > 0.85 && score < 0.95, "{score}");

        // Its surroundings edited as heavily as well.
        let old = format!("{}{WEBSITES}{}", a.prefix, a.suffix);
        let new = format!(
            "{}{}{}",
            fifth_changed(&a.prefix),
            fifth_changed(WEBSITES),
            fifth_changed(&a.suffix)
        );
        let edited = DOC.replacen(&old, &new, 1);
        let placed = place(&a, &edited);
        assert_eq!((placed.start, placed.end), (a.start, a.end));
        let score = fuzzy_score(&placed);
        assert!(score > ACCEPT_THRESHOLD + 0.05, "{score}");
    }

    #[test]
    fn an_edited_quote_keeps_its_extent_when_what_follows_is_rewritten() {
        let sentence = format!(
            "{WEBSITES}, and about 80 percent of government websites have suffered attacks, \
             mainly originating in the US."
        );
        let a = annotate(DOC, &sentence);
        let changed: String = sentence
            .chars()
            .enumerate()
            .map(|(i, c)| if i % 10 == 2 { '#' } else { c })
            .collect();
        let edited = DOC.replacen(
            &format!("{sentence}{}", a.suffix),
            &format!("{changed} and then something else entirely happened here"),
            1,
        );
        let placed = place(&a, &edited);
        // Were every match end scored alike, the match would stretch over " and", trading a few
        // edits for a window that happens to resemble the old suffix slightly more.
        assert_eq!(slice(&edited, &placed), changed);
        assert!(fuzzy_score(&placed) > ACCEPT_THRESHOLD);
    }

    #[test]
    fn deleted_paragraphs_orphan_their_annotations() {
        let paragraph = |text: &str, quote: &str| {
            let at = text.find(quote).unwrap();
            let from = text[..at].rfind("\n\n").unwrap() + 2;
            let to = at + text[at..].find("\n\n").unwrap() + 2;
            from..to
        };
        for quote in [TERM, PRINCIPLE, DEFENDED, WEBSITES] {
            let a = annotate(DOC, quote);
            let mut edited = DOC.to_owned();
            edited.replace_range(paragraph(DOC, quote), "");
            let placed = place(&a, &edited);
            assert_eq!(
                placed,
                Anchored {
                    start: a.start,
                    end: a.end,
                    placement: Placement::Orphan
                },
                "{quote}"
            );
        }
    }

    #[test]
    fn a_sentence_deleted_between_kept_ones_is_orphaned() {
        let a = annotate(DOC, WEBSITES);
        let edited = DOC.replacen(&format!("{WEBSITES}, "), "", 1);
        assert_eq!(place(&a, &edited).placement, Placement::Orphan);
    }

    #[test]
    fn a_duplicate_earlier_in_the_text_does_not_capture_the_annotation() {
        let a = annotate(DOC, PRINCIPLE);
        let copy = format!("{PRINCIPLE} ");
        let edited = DOC.replacen(
            "China has led the way",
            &format!("{copy}China has led the way"),
            1,
        );
        assert!(offset(&edited, PRINCIPLE) < a.start);
        let placed = place(&a, &edited);
        assert_eq!(placed.placement, Placement::Moved);
        assert_eq!(placed.start, a.start + copy.chars().count());

        // Quoted just before, so the copy is nearer the old position: context decides.
        let lead = "As he put it: “";
        let copy = format!("{lead}{PRINCIPLE}” ");
        let edited = DOC.replacen(PRINCIPLE, &format!("{copy}{PRINCIPLE}"), 1);
        assert_eq!(offset(&edited, PRINCIPLE), a.start + lead.chars().count());
        let placed = place(&a, &edited);
        assert_eq!(placed.placement, Placement::Moved);
        assert_eq!(placed.start, a.start + copy.chars().count());
    }

    #[test]
    fn among_equally_fitting_occurrences_the_nearest_wins() {
        let line = "The same boilerplate line, word for word.\n";
        let text = line.repeat(6);
        let quote = "boilerplate line";
        let mut a = annotate(&text, quote);
        // Annotate the third copy with context that every inner copy shares.
        let third = 2 * line.chars().count();
        a.start += third;
        a.end += third;
        a.prefix = "The same ".into();
        a.suffix = ", word for word.\nThe same ".into();
        let edited = format!("\n{text}");
        let placed = place(&a, &edited);
        assert_eq!(placed.placement, Placement::Moved);
        assert_eq!(placed.start, a.start + 1);
    }

    #[test]
    fn empty_and_out_of_range_annotations() {
        let mut a = annotate(DOC, TERM);
        a.start = DOC.chars().count() + 10;
        a.end = a.start + TERM.chars().count();
        let placed = place(&a, DOC);
        assert_eq!(placed.placement, Placement::Moved);
        assert_eq!(placed.start, offset(DOC, TERM));

        assert_eq!(place(&a, "").placement, Placement::Orphan);
        a.quote.clear();
        assert_eq!(place(&a, DOC).placement, Placement::Orphan);
    }
}
