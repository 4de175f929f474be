//! Everything about corpora, documents and annotations that does not need a terminal.

pub mod anchor;
pub mod annotation;
pub mod config;
pub mod corpus;
pub mod document;
pub mod fuzzy;
pub mod history;
pub mod metadata;
pub mod positions;
pub mod sentences;
pub mod store;
pub mod tags;
pub mod text;
pub mod words;
pub mod writer;
