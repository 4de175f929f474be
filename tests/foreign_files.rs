//! Property tests for the readers of files other tools write (W3C JSON, doccano JSONL, CSV,
//! brat, REFI-QDA): a valid export of the shipped corpus, mutated at random, never makes a reader
//! panic; and `gloss import` of a file it cannot read says which file, and writes nothing.
//! Case counts are small so that the suite stays fast on two cores; raise `PROPTEST_CASES` to
//! search longer.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gloss::core::formats::offsets::Given;
use gloss::core::formats::{brat, csv, json, jsonl, qdpx};
use proptest::collection::vec;
use proptest::prelude::*;

fn gloss(args: &[&str]) -> std::process::Output {
    common::run_once(args)
}

/// The shipped corpus with its annotations, exported once in each format by the real binary.
struct Seeds {
    _ws: common::Workspace,
    json: Vec<u8>,
    jsonl: Vec<u8>,
    csv: Vec<u8>,
    /// The project file inside the `.qdpx`, and the archive's other entries.
    qde: Vec<u8>,
    qdpx_rest: Vec<(String, Vec<u8>)>,
    /// Each file of the brat folder, by name.
    brat: Vec<(String, Vec<u8>)>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let ws = common::Workspace::new(true);
        let corpus = ws.corpus();
        let export = |format: &str| {
            let out = ws.dir.path().join(format!("seed.{format}"));
            let done = gloss(&[
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                corpus.to_str().unwrap(),
            ]);
            assert!(done.status.success(), "{done:?}");
            out
        };
        let read = |p: PathBuf| std::fs::read(p).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(read(export("qdpx")))).unwrap();
        let mut qde = Vec::new();
        let mut qdpx_rest = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            if name == "project.qde" {
                qde = bytes;
            } else {
                qdpx_rest.push((name, bytes));
            }
        }
        assert!(!qde.is_empty());
        let brat_dir = export("brat");
        let mut brat = Vec::new();
        for entry in std::fs::read_dir(&brat_dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                let name = entry.file_name().to_string_lossy().into_owned();
                brat.push((name, read(entry.path())));
            }
        }
        brat.sort();
        Seeds {
            json: read(export("json")),
            jsonl: read(export("jsonl")),
            csv: read(export("csv")),
            qde,
            qdpx_rest,
            brat,
            _ws: ws,
        }
    })
}

/// One change to a file: bytes that make the readers' parsers take odd paths, or a cut.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static [u8]),
    Delete(usize, usize),
    Replace(usize, u8),
    Truncate(usize),
}

const PIECES: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b"<",
    b"/>",
    b"&amp;",
    b"&#xFFFFFF;",
    b"\t",
    b"-1",
    b"99999999999999999999",
    b"\xff\xfe",
    b"\xe9",
    b"null",
    b"\0",
    b"T1\tx 5 2\tq\n",
    b"startPosition=\"7\"",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::sample::select(PIECES)).prop_map(|(at, p)| Edit::Insert(at, p)),
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn mutate(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for e in edits {
        let len = bytes.len();
        match *e {
            Edit::Insert(at, piece) => {
                let at = at % (len + 1);
                bytes.splice(at..at, piece.iter().copied());
            }
            Edit::Delete(at, n) if len > 0 => {
                let at = at % len;
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Replace(at, b) if len > 0 => bytes[at % len] = b,
            Edit::Truncate(at) => bytes.truncate(at % (len + 1)),
            _ => {}
        }
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    vec(edit(), 1..6)
}

fn given() -> Given {
    Given::default()
}

fn zipped(qde: &[u8], rest: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde).unwrap();
    for (name, bytes) in rest {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    #[test]
    fn json_never_panics(e in edits()) {
        let _ = json::read(&mutate(&seeds().json, &e));
    }

    #[test]
    fn jsonl_never_panics(e in edits()) {
        let bytes = mutate(&seeds().jsonl, &e);
        let _ = jsonl::read(&String::from_utf8_lossy(&bytes), given(), &|_| None);
    }

    #[test]
    fn csv_never_panics(e in edits()) {
        let _ = csv::read(&mutate(&seeds().csv, &e));
    }

    #[test]
    fn qdpx_project_never_panics(e in edits()) {
        let s = seeds();
        let data = zipped(&mutate(&s.qde, &e), &s.qdpx_rest);
        let _ = qdpx::read(&data, given(), &|name, _| Some(name.to_owned()));
    }

    #[test]
    fn qdpx_archive_never_panics(e in edits()) {
        let s = seeds();
        let data = mutate(&zipped(&s.qde, &s.qdpx_rest), &e);
        let _ = qdpx::read(&data, given(), &|name, _| Some(name.to_owned()));
    }

    #[test]
    fn brat_never_panics(which in any::<usize>(), e in edits()) {
        let s = seeds();
        let dir = tempfile::tempdir().unwrap();
        let target = which % s.brat.len();
        for (i, (name, bytes)) in s.brat.iter().enumerate() {
            let bytes = if i == target { mutate(bytes, &e) } else { bytes.clone() };
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let _ = brat::read(dir.path(), given());
    }
}

/// The bytes of every file under `dir`, by path, to see that nothing changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// A file that is not what its format says (empty, cut in half, not text) stops the import
/// with a message that names it, and no annotation file, lock or tag file is written.
#[test]
fn an_unreadable_file_is_named_and_nothing_is_written() {
    let s = seeds();
    let ws = common::Workspace::new(true);
    let corpus = ws.corpus();
    let before = snapshot(ws.dir.path());
    let half = |b: &[u8]| b[..b.len() / 2].to_vec();
    let qdpx = zipped(&s.qde, &s.qdpx_rest);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("json", vec![]),
        ("json", half(&s.json)),
        ("json", b"[1, 2]".to_vec()),
        ("jsonl", b"\xff\xfe\0garbage".to_vec()),
        ("jsonl", b"{\"text\": 1}\n".to_vec()),
        ("csv", vec![]),
        ("csv", b"a,b\n1,2\n".to_vec()),
        ("qdpx", vec![]),
        ("qdpx", half(&qdpx)),
        ("qdpx", zipped(&half(&s.qde), &s.qdpx_rest)),
    ];
    let outside = tempfile::tempdir().unwrap();
    for (i, (format, bytes)) in cases.iter().enumerate() {
        let path = outside.path().join(format!("input-{i}.{format}"));
        std::fs::write(&path, bytes).unwrap();
        let out = gloss(&[
            "import",
            "--format",
            format,
            path.to_str().unwrap(),
            corpus.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format} case {i}: {stderr}");
        assert!(
            stderr.contains(&path.display().to_string()),
            "{format} case {i} does not name the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            snapshot(ws.dir.path()) == before,
            "{format} case {i} wrote something"
        );
    }
    // brat: a file where its folder should be.
    let dir = outside.path().join("brat");
    std::fs::write(&dir, "T1\tclaim 0 5\tabcde\n").unwrap();
    let out = gloss(&[
        "import",
        "--format",
        "brat",
        dir.to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "brat: {stderr}");
    assert!(stderr.contains(&dir.display().to_string()), "{stderr}");
    assert!(snapshot(ws.dir.path()) == before, "brat wrote something");
}

/// Each reader says what is wrong in a typed error, and its message where in the file it is and
/// what the file needs.
#[test]
fn each_reader_tells_what_is_wrong_in_a_typed_error() {
    let err = json::read(br#"{"type": "Page"}"#).unwrap_err();
    assert!(matches!(err, json::ReadError::NotAnnotations), "{err}");
    let err =
        json::read(br#"[{"type": "Annotation", "target": {"source": "a.txt"}}]"#).unwrap_err();
    assert!(
        matches!(
            err,
            json::ReadError::Annotation {
                number: 1,
                problem: json::Problem::NoSelector
            }
        ),
        "{err}"
    );
    let err = jsonl::read("\n{\"text\": \"x\", \"label\": []}\n", given(), &|_| None).unwrap_err();
    assert!(
        matches!(err, jsonl::ReadError::NoDocument { line: 2 }),
        "{err}"
    );
    let err = csv::read(b"document,start,end\na.txt,0,1\n").unwrap_err();
    assert!(
        matches!(err, csv::ReadError::NoColumn { name: "quote" }),
        "{err}"
    );
    assert!(
        err.to_string().contains("the header row needs document,"),
        "{err}"
    );
    let err = csv::read(b"document,start,end,quote\na.txt,zero,1,x\n").unwrap_err();
    assert!(
        matches!(
            err,
            csv::ReadError::NotANumber {
                line: 2,
                column: "start"
            }
        ),
        "{err}"
    );
    let err = qdpx::read(b"not a zip", given(), &|_, _| None).unwrap_err();
    assert!(matches!(err, qdpx::ReadError::NotZip(_)), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.ann"), "T1\tclaim 0 x\tword\n").unwrap();
    let err = brat::read(dir.path(), given()).unwrap_err();
    let brat::ReadError::Ann { path, source } = &err else {
        panic!("{err}");
    };
    assert_eq!(path, &dir.path().join("a.ann"));
    assert_eq!(
        source,
        &brat::AnnError::BadOffsets {
            line: 1,
            fragment: "0 x".into()
        }
    );
    assert!(
        err.to_string()
            .ends_with("a.ann: line 1: bad offsets \"0 x\""),
        "{err}"
    );
}
