//! Placing annotations in a text: exact and fuzzy search, candidates scored by their context,
//! and re-anchoring after the text changed.

pub mod anchor;
pub mod candidate;
pub mod context;
pub mod follow;
pub mod fuzzy;
pub mod occurrences;
pub mod reanchor;
