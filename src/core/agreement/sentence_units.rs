//! Each document's annotations as the agreement measures need them: per coder, their spans in
//! code points; and the document's sentences in code points, each with the value every coder
//! gave it.

use crate::core::agreement::Coded;
use crate::core::agreement::coefficients::Reliability;
use crate::core::agreement::spans::Span;
use crate::core::documents::sentences;

/// One tag of one annotation of one coder: code points `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked<'a> {
    pub start: usize,
    pub end: usize,
    pub tag: &'a str,
}

/// A document ready for every measure.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// In code points.
    pub length: usize,
    /// Code point ranges, in text order.
    pub sentences: Vec<(usize, usize)>,
    /// Per coder (in the order asked for), their marks sorted by start, or `None` when the coder
    /// has no annotation in the document (did not code it).
    pub coders: Vec<Option<Vec<Marked<'a>>>>,
}

impl<'a> Prepared<'a> {
    /// Orphans (annotations without a place in the text) and empty spans are left out.
    pub fn new(doc: &Coded<'a>, coders: &[String]) -> Prepared<'a> {
        // Sentences come in text order: their bounds are counted in code points in one pass
        // over the text, rather than each from an index's checkpoint.
        let (mut chars, mut at) = (0, 0);
        let mut to_char = |byte: usize| {
            chars += doc.text[at..byte].chars().count();
            at = byte;
            chars
        };
        let sentences = sentences::split(doc.text)
            .into_iter()
            .map(|s| (to_char(s.start), to_char(s.end)))
            .collect();
        let length = to_char(doc.text.len());
        let mut own: Vec<Option<Vec<Marked<'a>>>> = vec![None; coders.len()];
        for a in doc.annotations.iter().filter(|a| !a.is_orphan()) {
            let Some(coder) = coders.iter().position(|c| *c == a.annotator) else {
                continue;
            };
            let marks = own[coder].get_or_insert_with(Vec::new);
            let (start, end) = (a.start.min(length), a.end.min(length));
            if start < end {
                marks.extend(a.tags.iter().map(|tag| Marked { start, end, tag }));
            }
        }
        for marks in own.iter_mut().flatten() {
            marks.sort_by_key(|m| (m.start, m.end));
        }
        Prepared {
            length,
            sentences,
            coders: own,
        }
    }

    /// How many of the coders coded the document.
    pub fn coded_by(&self) -> usize {
        self.coders.iter().flatten().count()
    }

    pub fn tags_used(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.coders.iter().flatten().flatten().map(|m| m.tag)
    }
}

/// The documents that two or more of `coders` coded, prepared, in the order of `docs`.
/// Splitting the texts into sentences is most of the work of `gloss agree`, so the documents
/// are shared out among the processor's cores.
pub fn prepare<'a>(docs: &[Coded<'a>], coders: &[String]) -> Vec<Prepared<'a>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = docs.len().div_ceil(threads).max(1);
    let prepare = |part: &[Coded<'a>]| -> Vec<Prepared<'a>> {
        part.iter()
            .map(|d| Prepared::new(d, coders))
            .filter(|p| p.coded_by() >= 2)
            .collect()
    };
    if threads == 1 || docs.len() < 2 * threads {
        return prepare(docs);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = docs
            .chunks(chunk)
            .map(|part| scope.spawn(move || prepare(part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Sentence data for `tags`, taken to exclude each other: a coder's value for a sentence is
/// the index in `tags` of the tag whose marks cover most of it, if they cover more than half
/// (on a tie the first); `tags.len()` ("none") when no tag does; missing when the coder did not
/// code the document. For one tag this is presence (0) or absence (1).
pub fn reliability(prepared: &[Prepared<'_>], tags: &[&str]) -> Reliability {
    let mut data = Reliability::new(prepared.first().map_or(0, |p| p.coders.len()));
    let mut values = Vec::new();
    for doc in prepared {
        let covers: Vec<Option<Vec<Vec<usize>>>> = doc
            .coders
            .iter()
            .map(|own| {
                own.as_ref().map(|marks| {
                    tags.iter()
                        .map(|tag| coverage(&merged(marks, tag), &doc.sentences))
                        .collect()
                })
            })
            .collect();
        for (s, &(start, end)) in doc.sentences.iter().enumerate() {
            values.clear();
            for cover in &covers {
                values.push(cover.as_ref().map(|by_tag| {
                    let mut best = tags.len();
                    let mut most = (end - start) / 2;
                    for (t, c) in by_tag.iter().enumerate() {
                        if c[s] > most {
                            most = c[s];
                            best = t;
                        }
                    }
                    best as u32
                }));
            }
            data.push(&values);
        }
    }
    data
}

/// Each coder's spans with `tag`, numbered `id`, in documents numbered by their place in
/// `prepared`.
pub fn spans(prepared: &[Prepared<'_>], tag: &str, id: u32) -> Vec<Vec<Span>> {
    let coders = prepared.first().map_or(0, |p| p.coders.len());
    let mut out = vec![Vec::new(); coders];
    for (d, doc) in prepared.iter().enumerate() {
        for (coder, own) in doc.coders.iter().enumerate() {
            for m in own.iter().flatten().filter(|m| m.tag == tag) {
                out[coder].push((d, m.start, m.end, id));
            }
        }
    }
    out
}

/// The code points covered by the marks with `tag`, as sorted disjoint ranges.
fn merged(marks: &[Marked<'_>], tag: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in marks.iter().filter(|m| m.tag == tag) {
        match out.last_mut() {
            Some(last) if m.start <= last.1 => last.1 = last.1.max(m.end),
            _ => out.push((m.start, m.end)),
        }
    }
    out
}

/// How many code points of each sentence the sorted disjoint `ranges` cover.
fn coverage(ranges: &[(usize, usize)], sentences: &[(usize, usize)]) -> Vec<usize> {
    let mut first = 0;
    sentences
        .iter()
        .map(|&(start, end)| {
            while first < ranges.len() && ranges[first].1 <= start {
                first += 1;
            }
            ranges[first..]
                .iter()
                .take_while(|r| r.0 < end)
                .map(|r| r.1.min(end) - r.0.max(start))
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_counts_each_sentence_part() {
        let sentences = [(0, 10), (11, 20), (21, 30)];
        assert_eq!(coverage(&[(5, 15), (25, 26)], &sentences), [5, 4, 1]);
        assert_eq!(coverage(&[], &sentences), [0, 0, 0]);
    }
}
