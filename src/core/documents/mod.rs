//! A document's text: canonical text and offsets, sentences, words, quotes, metadata, and the
//! spans chosen and shown in it.

pub mod display_lines;
pub mod document;
pub mod indexing_hold;
pub mod intervals;
pub mod metadata;
pub mod preview;
pub mod quotes;
pub mod reflow;
pub mod selection;
pub mod sentence_index;
pub mod sentences;
pub mod text;
pub mod words;
