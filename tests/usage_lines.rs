//! Every subcommand's usage line says what it takes, and it takes that: a command whose usage
//! says `[CORPUS_DIR|DOCUMENT]` takes a document as its corpus limited to that document; one
//! that says `[CORPUS_DIR]` refuses a document, naming the folder to give. Through the real
//! binary.

mod common;

use common::Workspace;

const DOC1: &str = "corpus/001_bcba7e35c127046e.txt";

fn run(ws: &Workspace, args: &[&str]) -> (i32, String, String) {
    let out = ws.gloss().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The usage line of `gloss SUB --help`.
fn usage(ws: &Workspace, sub: &str) -> String {
    let (_, out, _) = run(ws, &[sub, "--help"]);
    out.lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_else(|| panic!("{sub}: {out}"))
        .to_owned()
}

/// The subcommands `gloss --help` lists.
fn subcommands(ws: &Workspace) -> Vec<String> {
    let (_, out, _) = run(ws, &["--help"]);
    let commands = out.split("Commands:").nth(1).unwrap();
    commands
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_usage_line_says_what_the_command_takes_and_it_takes_that() {
    let ws = Workspace::new(true);
    // Each command that takes a corpus, with the arguments it needs besides.
    let commands: [(&str, &[&str]); 7] = [
        ("export", &["--format", "csv"]),
        ("import", &["--format", "csv", "--dry-run", "all.csv"]),
        ("table", &["--rows", "claim", "--cols", "source"]),
        ("agree", &[]),
        ("check", &[]),
        ("rename-link", &["denies", "rejects"]),
        ("git-setup", &[]),
    ];
    for sub in subcommands(&ws) {
        let line = usage(&ws, &sub);
        assert!(
            !line.contains("CORPUS_DIR") || commands.iter().any(|(c, _)| *c == sub),
            "{sub} takes a corpus: test it here ({line})"
        );
    }
    let (code, csv, _) = run(&ws, &["export", "--format", "csv", "corpus"]);
    assert_eq!(code, 0);
    std::fs::write(ws.dir.path().join("all.csv"), csv).unwrap();
    for (sub, args) in commands {
        let line = usage(&ws, sub);
        let with_doc: Vec<&str> = [sub].iter().chain(args).copied().chain([DOC1]).collect();
        let (code, _, err) = run(&ws, &with_doc);
        if line.contains("[CORPUS_DIR|DOCUMENT]") {
            assert!(
                !err.contains("not a folder") && code != 2,
                "{sub}: {line}\n{code} {err}"
            );
        } else {
            assert!(line.contains("[CORPUS_DIR]"), "{sub}: {line}");
            assert_eq!(code, 2, "{sub}: {err}");
            assert!(
                err.contains(&format!(
                    "{DOC1}: a document, and `gloss {sub}` works on a whole corpus: give its folder, "
                )),
                "{sub}: {err}"
            );
        }
    }
    // The reader's usage says it too.
    assert!(usage(&ws, "--help").contains("[CORPUS_DIR|DOCUMENT]"));
}

/// A document stands for its corpus limited to that document: the export holds its
/// annotations only, the table counts them only, the import takes only the file's annotations
/// of it.
#[test]
fn a_document_limits_export_table_and_import_to_it() {
    let ws = Workspace::new(true);
    let rows = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_owned())
            .collect()
    };
    let (_, all, _) = run(&ws, &["export", "--format", "csv", "corpus"]);
    let (code, one, err) = run(&ws, &["export", "--format", "csv", DOC1]);
    assert_eq!(code, 0, "{err}");
    let one_rows = rows(&one);
    assert!(!one_rows.is_empty());
    assert!(
        one_rows.iter().all(|d| d == "001_bcba7e35c127046e.txt"),
        "{one}"
    );
    assert_eq!(
        one_rows.len(),
        rows(&all)
            .iter()
            .filter(|d| *d == "001_bcba7e35c127046e.txt")
            .count()
    );
    assert!(rows(&all).len() > one_rows.len());

    // The table of the document counts its annotations (each has one claim and one source
    // tag), fewer than the corpus's.
    let total = |place: &str| -> u64 {
        let args = [
            "table", "--rows", "claim", "--cols", "source", "--format", "json",
        ];
        let (code, out, err) = run(&ws, &[&args[..], &[place]].concat());
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["tables"][0]["total"].as_u64().unwrap()
    };
    let ids: std::collections::BTreeSet<&str> = one
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(total(DOC1), ids.len() as u64);
    assert!(total("corpus") > total(DOC1));

    // The import of the whole corpus's file into the document: its annotations only, the
    // others named as ignored.
    std::fs::write(ws.dir.path().join("all.csv"), &all).unwrap();
    let (code, out, err) = run(
        &ws,
        &["import", "--format", "csv", "--dry-run", "all.csv", DOC1],
    );
    assert_eq!(code, 0, "{out}{err}");
    let elsewhere = rows(&all)
        .iter()
        .filter(|d| *d != "001_bcba7e35c127046e.txt")
        .count();
    assert!(
        out.contains(
            "annotations of other documents: the command line named 001_bcba7e35c127046e.txt only"
        ),
        "{out}"
    );
    assert!(elsewhere > 0);
}
