//! The terminal reader: state, the actions keys produce, the update that applies them, and views.

pub mod action;
pub mod component;
pub mod document_list;
pub mod export_dialog;
pub mod fit;
pub mod grep;
pub mod help;
pub mod keymap;
pub mod keys;
pub mod marks;
pub mod mouse;
pub mod note_edit;
pub mod prompt;
pub mod saving;
pub mod search;
pub mod startup;
pub mod state;
pub mod tag_edit;
pub mod tag_view;
pub mod terminal;
pub mod text_input;
pub mod update;
pub mod view;
pub mod viewport;
pub mod wrap;
