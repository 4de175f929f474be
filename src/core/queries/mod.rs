//! Finding things in a corpus: search patterns, grep over documents, and queries over tags.

pub mod grep;
pub mod search;
pub mod tag_query;
pub mod thread;
