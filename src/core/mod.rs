//! Everything about corpora, documents and annotations that does not need a terminal.

pub mod anchor;
pub mod annotation;
pub mod check;
pub mod config;
pub mod context;
pub mod corpus;
pub mod document;
pub mod export;
pub mod fuzzy;
pub mod history;
pub mod import;
pub mod leftovers;
pub mod lock;
pub mod merge;
pub mod metadata;
pub mod positions;
pub mod progress;
pub mod reanchor;
pub mod sentences;
pub mod store;
pub mod tag_file;
pub mod tags;
pub mod text;
pub mod words;
pub mod writer;
