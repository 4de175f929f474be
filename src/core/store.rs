//! TEMPORARY until the storage branch lands.
use crate::core::annotation::Annotation;
use std::path::{Path, PathBuf};
pub const FORMAT_VERSION: u32 = 1;
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnnotationFile {
    pub document: String,
    pub content_hash: String,
    #[serde(rename = "annotation", default)]
    pub annotations: Vec<Annotation>,
}
pub fn annotation_path(dir: &Path, rel: &str) -> PathBuf {
    dir.join(format!("{rel}.toml"))
}
pub fn to_toml(file: &AnnotationFile) -> String {
    toml::to_string(file).unwrap()
}
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}
pub fn load(path: &Path) -> Result<Option<AnnotationFile>, StoreError> {
    match std::fs::read_to_string(path) {
        Err(_) => Ok(None),
        Ok(t) => toml::from_str(&t).map(Some).map_err(|e| StoreError::Parse { path: path.into(), message: e.to_string() }),
    }
}
