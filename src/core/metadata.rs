//! TEMPORARY until the metadata branch lands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub author: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub warning: Option<String>,
}
pub fn extract(text: &str) -> Metadata {
    Metadata {
        title: text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_owned(),
        ..Default::default()
    }
}
