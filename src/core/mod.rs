//! Everything about corpora, documents and annotations that does not need a terminal.

pub mod anchor;
pub mod annotation;
pub mod corpus;
pub mod document;
pub mod export;
pub mod fuzzy;
pub mod grep;
pub mod history;
pub mod import;
pub mod leftovers;
pub mod lock;
pub mod merge;
pub mod metadata;
pub mod search;
pub mod sentences;
pub mod store;
pub mod tag_query;
pub mod tags;
pub mod text;
pub mod words;
pub mod writer;
