//! gloss: a terminal reader for annotating claims in a corpus of documents.
//!
//! `core` knows nothing of terminals; `tui` builds the reader on top of it; the binary only parses
//! the command line and starts one or the other.

pub mod core;
pub mod tui;
