//! `gloss agree [CORPUS_DIR] [--coders A,B,…] [--tag TAG]…|[--group GROUP] [--doc PATH]…
//! [--format table|json|csv]`: how far coders who coded the same documents agree (see
//! `core::agreement` for every measure and rule).

use std::process::ExitCode;

use gloss::core::agreement::{Request, Scope, render};
use gloss::core::formats::{self, Material};

use crate::cli::{CorpusArgs, Error};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The coders to compare, by annotator name, separated by commas (default: everyone who
    /// annotated these documents).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub coders: Vec<String>,
    /// Only this tag (repeatable, or separated by commas).
    #[arg(
        long = "tag",
        alias = "tags",
        value_delimiter = ',',
        value_name = "TAG",
        conflicts_with = "group"
    )]
    pub tags: Vec<String>,
    /// Only this group's tags, and the group with its tags as categories that exclude each other.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only this document, by its path relative to the corpus folder (repeatable).
    #[arg(long = "doc", value_name = "PATH")]
    pub docs: Vec<String>,
    /// table (for people), json or csv.
    #[arg(long, default_value = "table", value_parser = parse_format())]
    pub format: render::Format,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

/// The formats by name, so that help and shell completions list them.
fn parse_format() -> impl clap::builder::TypedValueParser<Value = render::Format> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["table", "json", "csv"])
        .map(|s| s.parse::<render::Format>().expect("one of the names"))
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let mut corpus = args.corpus.open()?;
    corpus.forget_stored();
    let scope = formats::Scope {
        documents: args
            .docs
            .iter()
            .map(|d| crate::cli::relative_to_corpus(&corpus, d))
            .collect(),
        tags: args.tags.clone(),
    };
    let material = Material::collect(&corpus, &scope).map_err(|e| Error::Input(e.to_string()))?;
    let scope = match args.group {
        Some(group) => {
            if !corpus.tags.tags.iter().any(|t| t.group == group) {
                let mut groups: Vec<&str> =
                    corpus.tags.tags.iter().map(|t| t.group.as_str()).collect();
                groups.dedup();
                return Err(Error::Input(format!(
                    "no group {group:?} in the tag file: use one of {}",
                    groups.join(", ")
                )));
            }
            Scope::Group(group)
        }
        None if args.tags.is_empty() => Scope::Everything,
        None => Scope::Tags(args.tags),
    };
    let request = Request {
        coders: args.coders,
        scope,
    };
    let report = material
        .agreement(&request)
        .map_err(|e| Error::Io(e.to_string()))?;
    crate::cli::print(&render::render(&report, args.format))?;
    if args.format != render::Format::Table {
        for note in &report.notes {
            eprintln!("gloss agree: {note}");
        }
    }
    for why in &material.left_out {
        eprintln!("gloss agree: left out: {why}");
    }
    Ok(if material.left_out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
