//! `gloss check [CORPUS_DIR] [--annotations DIR] [--fix] [--format text|json]`: the corpus's
//! tag file, annotation files and the place of every annotation, checked without the reader (see
//! `core::check`), for scripts, editors and pre-commit hooks: one line per problem, then a
//! summary, on standard output. Exit code 0 when nothing needs a
//! person (annotations that only moved are reported, and recorded with `--fix`), 1 when
//! something does (a guessed place that nobody confirmed included, recorded by `--fix` as still
//! unconfirmed), 2 when the corpus or its tag file cannot be used.
//!
//! `--format json` prints one JSON object instead of lines:
//! `{"files": 4, "annotations": 7, "rewritten": 0, "problems": [{"severity": "error" | "stale" | "skipped",
//! "file": "annotations/a.txt.toml", "line": 7, "message": "…"}]}`, `message` being the line the
//! text form prints.

use std::process::ExitCode;

use gloss::core::check;
use gloss::core::corpus::{Corpus, TAGS_FILE};
use gloss::core::plural::count;

use crate::cli::{Error, FolderArgs, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    corpus: FolderArgs,
    /// Write the new places of annotations whose document changed, guesses marked unconfirmed
    /// (files that do not parse are never touched).
    #[arg(long)]
    fix: bool,
    /// text: one line per problem, `file:line: what — what to do`; json: one JSON object, for
    /// scripts and editors.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let root = args.corpus.folder("check")?;
    let tags_file = root.join(TAGS_FILE);
    let corpus = Corpus::locate(root, args.corpus.annotations.clone())
        .map_err(|e| Error::Input(e.to_string()))?;
    let (_, keymap, config) = crate::cli::configuration()?;
    keymap
        .check_tags(&corpus.tags, &tags_file, &config)
        .map_err(|e| Error::Input(e.to_string()))?;
    if let Some(note) = &corpus.tags_note {
        eprintln!("gloss check: {note}");
    }
    if let Some(Ok(done)) = &corpus.rename_recovery {
        eprintln!("gloss check: {done}");
    }
    let report = check::check(&corpus, args.fix).map_err(|e| Error::Input(e.to_string()))?;
    let code = if report.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.format == Output::Json {
        print(&format!("{}\n", json(&report)))?;
        return Ok(code);
    }
    // The problems, then what was checked, on standard output: the report a script reads.
    // Standard error is for what stops the check.
    let mut out: String = report.problems.iter().map(|p| format!("{p}\n")).collect();
    out.push_str(&format!(
        "gloss check: {} in {}",
        count(report.annotations, "annotation"),
        count(report.files, "file")
    ));
    if args.fix {
        out.push_str(&format!(", {} rewritten", count(report.rewritten, "file")));
    }
    out.push('\n');
    print(&out)?;
    Ok(code)
}

fn json(report: &check::Report) -> serde_json::Value {
    let problems: Vec<serde_json::Value> = report
        .problems
        .iter()
        .map(|p| {
            serde_json::json!({
                "severity": match p.severity {
                    check::Severity::Error => "error",
                    check::Severity::Stale => "stale",
                    check::Severity::Skipped => "skipped",
                },
                "file": p.file.display().to_string(),
                "line": p.line,
                "message": p.message,
            })
        })
        .collect();
    serde_json::json!({
        "files": report.files,
        "annotations": report.annotations,
        "rewritten": report.rewritten,
        "problems": problems,
    })
}
