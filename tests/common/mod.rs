//! Shared by the integration tests: temporary copies of the shipped corpus.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::path::{Path, PathBuf};

/// A temporary folder holding `corpus/` (the shipped documents and tag file) and, if asked,
/// the shipped `annotations/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(with_annotations: bool) -> Workspace {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&root.join("corpus"), &dir.path().join("corpus"));
        if with_annotations {
            copy_tree(&root.join("annotations"), &dir.path().join("annotations"));
        }
        Workspace { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn annotations(&self) -> PathBuf {
        self.dir.path().join("annotations")
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
