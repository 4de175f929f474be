//! Everything about corpora, documents and annotations that does not need a terminal.

pub mod adjudication;
pub mod agreement;
pub mod anchoring;
pub mod annotation;
pub mod annotation_listing;
pub mod attribution;
pub mod check;
pub mod corpus;
pub mod corpus_scan;
pub mod crosstab;
pub mod documents;
pub mod fields;
pub mod final_links;
pub mod formats;
pub mod history;
pub mod links;
pub mod plural;
pub mod queries;
pub mod storage;
pub mod suggestions;
pub mod tags;
pub mod user_state;
