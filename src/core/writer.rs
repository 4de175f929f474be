//! TEMPORARY until the storage branch lands.
use std::path::PathBuf;
pub enum WriteOutcome { Saved { path: PathBuf }, Failed { path: PathBuf, error: String } }
pub struct Writer;
impl Writer {
    pub fn spawn() -> Writer { Writer }
    pub fn save(&self, path: PathBuf, contents: String) { let _ = std::fs::create_dir_all(path.parent().unwrap()); std::fs::write(path, contents).unwrap(); }
    pub fn try_outcomes(&self) -> Vec<WriteOutcome> { vec![] }
    pub fn flush(&self) -> Vec<WriteOutcome> { vec![] }
}
