//! The outside world's checkers that export tests run: the W3C Web Annotation test suite's MUST
//! assertions and the REFI-QDA schema (both in `../shared/schemas`, beside the repository in CI),
//! through Python jsonschema and xmllint, which `.ci/run` installs.

use std::path::{Path, PathBuf};

/// `../shared/schemas/<name>`, which CI has beside the repository; `None` elsewhere.
pub fn shared_schema(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/schemas")
        .join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI clones the repository with shared/ beside it",
        path.display()
    );
    None
}

/// Runs the W3C Web Annotation test suite's MUST assertions on a JSON export, through
/// `tests/support/w3c_musts.py` (Python jsonschema with its URI and date-time format checks,
/// which `.ci/run` installs): its exit code (0 all met, 1 some failed) and what it printed, one
/// line per failed assertion; `None` when the suite is not beside the repository.
pub fn w3c_musts(export: &[u8]) -> Option<(Option<i32>, String)> {
    let Some(suite) = shared_schema("w3c-web-annotation-tests") else {
        println!("skipped: the W3C test suite (../shared/schemas) is not beside the repository");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.jsonld");
    std::fs::write(&file, export).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/w3c_musts.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&suite)
        .arg(&file)
        .output()
        .expect("python3 runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.code(), report))
}

/// Panics with the failed assertions unless `export` meets every MUST assertion.
pub fn assert_meets_w3c_musts(export: &[u8]) {
    if let Some((code, report)) = w3c_musts(export) {
        assert_eq!(code, Some(0), "{report}");
        assert!(report.ends_with(" 0 failed\n"), "{report}");
    }
}

/// The unzipped project: `project.qde` and the sources it names.
pub fn unzip(bytes: &[u8], into: &Path) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.extract(into).unwrap();
}

/// Panics with xmllint's complaints unless `project` is valid against `schema`.
pub fn xmllint(schema: &Path, project: &Path) {
    let check = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(project)
        .output()
        .expect("xmllint runs (Debian package libxml2-utils; .ci/run installs it)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// Panics unless the `project.qde` of the zipped project `qdpx` is valid against the REFI-QDA
/// schema (when the schema is beside the repository).
pub fn assert_valid_refi_qda(qdpx: &[u8]) {
    if let Some(schema) = shared_schema("refi-qda-Project-mrt2019.xsd") {
        let dir = tempfile::tempdir().unwrap();
        unzip(qdpx, dir.path());
        xmllint(&schema, &dir.path().join("project.qde"));
    }
}
