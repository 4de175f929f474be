//! TEMPORARY until the segmentation branch lands.
use unicode_segmentation::UnicodeSegmentation;
pub fn split(text: &str) -> Vec<std::ops::Range<usize>> {
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            let t = s.trim_start();
            let start = i + (s.len() - t.len());
            let t = t.trim_end();
            (!t.is_empty()).then(|| start..start + t.len())
        })
        .collect()
}
