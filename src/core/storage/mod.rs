//! Annotation files on disk: the TOML format, atomic writes, the folder lock, the background
//! writer, merges (in gloss and as git's merge driver), and the other files gloss keeps beside
//! them.

pub mod atomic_batch;
pub mod atomic_file;
pub mod file_error;
pub mod file_stamp;
pub mod git_merge;
pub mod git_setup;
pub mod leftovers;
pub mod link_rename;
pub mod lock;
pub mod merge;
mod own_layout;
pub mod rename_journal;
pub mod scheme_guard;
pub mod serialised;
pub mod stat_cache;
pub mod store;
pub mod tag_file;
pub mod toml_file;
pub mod writer;
