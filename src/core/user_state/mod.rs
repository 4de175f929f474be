//! What belongs to the user rather than the corpus's annotations: the configuration and its
//! settings, reading positions, and the marks of what is done.

pub mod config;
pub mod positions;
pub mod progress;
pub mod session;
pub mod timing;
