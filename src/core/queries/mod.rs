//! Finding things in a corpus: search patterns, grep over documents, queries over tags, and the
//! filters the document list and the tag view type (words and field terms).

pub mod filter;
pub mod grep;
pub mod search;
pub mod tag_query;
pub mod thread;
