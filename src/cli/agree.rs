//! `gloss agree [CORPUS_DIR|DOCUMENT] [--coders A,B,…] [--tag TAG]…|[--group GROUP] [--doc PATH]…
//! [--format table|json|csv]`: how far coders who coded the same documents agree (see
//! `core::agreement` for every measure and rule).

use std::collections::BTreeSet;
use std::process::ExitCode;

use gloss::core::agreement::{self, Request, Scope, render};
use gloss::core::formats::{self, Material};

use crate::cli::{CorpusArgs, Error, Opened};

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
    let Opened {
        mut corpus,
        document,
    } = args.corpus.open()?;
    corpus.forget_stored();
    // Every annotation of the documents in scope, whatever its tags: a coder who coded a
    // document but never used the tags asked for said "not this tag" on every sentence of it,
    // and must count (so `--tag` chooses the rows, not the annotations).
    let scope = formats::Scope {
        documents: args
            .docs
            .iter()
            .map(|d| crate::cli::relative_to_corpus(&corpus, d))
            .chain(document)
            .collect(),
        tags: Vec::new(),
    };
    let material = Material::collect(&corpus, &scope).map_err(|e| Error::Input(e.to_string()))?;
    check_tags(&material, &args.tags)?;
    check_coders(&material, &args.coders)?;
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

/// A tag asked for must be in the tag file or used in the documents in scope.
fn check_tags(material: &Material<'_>, tags: &[String]) -> Result<(), Error> {
    for tag in tags {
        let used = material
            .docs
            .iter()
            .any(|d| d.annotations.iter().any(|a| a.has_tag(tag)));
        if material.scheme.by_name(tag).is_none() && !used {
            return Err(Error::Input(
                formats::ExportError::NoTag {
                    tag: tag.clone(),
                    tags: material
                        .scheme
                        .tags
                        .iter()
                        .map(|t| t.name.clone())
                        .collect(),
                }
                .to_string(),
            ));
        }
    }
    Ok(())
}

/// A coder asked for must have annotated one of the documents in scope: a misspelt name would
/// otherwise only leave that coder out; and be named once, since a coder compared with
/// themselves is a slip in the command (the report would say the coders share no document).
/// The message names the coders there are.
fn check_coders(material: &Material<'_>, coders: &[String]) -> Result<(), Error> {
    let known: BTreeSet<&str> = material
        .docs
        .iter()
        .flat_map(|d| d.annotations.iter().map(|a| a.annotator.as_str()))
        .collect();
    let named_twice = coders
        .iter()
        .enumerate()
        .find(|(i, c)| coders[..*i].contains(c));
    if let Some((_, twice)) = named_twice {
        let known: Vec<&str> = known.iter().map(|c| agreement::shown(c)).collect();
        return Err(Error::Input(format!(
            "--coders names {} twice: name each coder once, two or more to compare (the coders are {})",
            agreement::shown(twice),
            known.join(", ")
        )));
    }
    let unknown: Vec<String> = coders
        .iter()
        .filter(|c| !known.contains(c.as_str()))
        .map(|c| format!("{c:?}"))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let known: Vec<&str> = known.into_iter().map(agreement::shown).collect();
    Err(Error::Input(format!(
        "no coder {} in these documents: {}",
        unknown.join(", "),
        if known.is_empty() {
            "nobody has annotated them yet".to_owned()
        } else {
            format!("the coders are {}", known.join(", "))
        }
    )))
}
