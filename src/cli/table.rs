//! `gloss table --rows R --cols C [--by D] [--count annotations|documents] [--coders A,B]
//! [--format md|csv|json] [CORPUS_DIR|DOCUMENT]`: a cross table of the corpus's annotations (see
//! `core::crosstab` for how annotations with several values are counted), for papers, R and
//! pandas; given a document, of its annotations only.

use std::process::ExitCode;

use gloss::core::annotation::Annotation;
use gloss::core::crosstab::{self, Count, Dimension, Request, render};
use gloss::core::formats::coders;

use crate::cli::{CorpusArgs, Error, Opened, print};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What the rows are: a tag group (`claim`), a field (`role`) or document metadata (`year`,
    /// `outlet`, `author`); a group or field of that name comes before metadata.
    #[arg(long, value_name = "GROUP|FIELD|year|outlet|author")]
    rows: String,
    /// What the columns are, as for --rows.
    #[arg(long, value_name = "GROUP|FIELD|year|outlet|author")]
    cols: String,
    /// One table per value of this, as well (a heading each in md, a first column in csv).
    #[arg(long, value_name = "GROUP|FIELD|year|outlet|author")]
    by: Option<String>,
    /// What a cell counts: annotations, or documents with an annotation in the cell.
    #[arg(long, value_enum, default_value_t = Count::Annotations)]
    count: Count,
    /// Only these coders' annotations, by annotator name, separated by commas (as `gloss agree`
    /// and `gloss export` take them). Without it every coder's annotation counts: a claim that
    /// two coders and a judge coded counts three times.
    #[arg(long, alias = "coder", value_delimiter = ',', value_name = "A,B,…")]
    coders: Vec<String>,
    /// md (Markdown tables), csv or json.
    #[arg(long, value_enum, default_value_t = render::Format::Md)]
    format: render::Format,
    #[command(flatten)]
    corpus: CorpusArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let Opened {
        mut corpus,
        document,
    } = args.corpus.open()?;
    if let Some(document) = document {
        corpus.entries.retain(|e| e.rel_path == document);
    }
    let dimension = |name: &str, option: &str| {
        Dimension::parse(name, &corpus.tags).map_err(|e| Error::Input(format!("--{option}: {e}")))
    };
    let request = Request {
        rows: dimension(&args.rows, "rows")?,
        cols: dimension(&args.cols, "cols")?,
        by: args.by.as_deref().map(|b| dimension(b, "by")).transpose()?,
        count: args.count,
    };
    // A misspelt name would otherwise give an empty table.
    let present = corpus
        .entries
        .iter()
        .flat_map(|e| e.annotations.iter().map(|a| a.annotator.clone()))
        .collect();
    coders::check(present, &args.coders).map_err(|e| Error::Input(format!("--coders: {e}")))?;
    let shown = |a: &Annotation| args.coders.is_empty() || args.coders.contains(&a.annotator);
    let tables = crosstab::tabulate(&corpus, &request, &shown);
    print(&render::render(&request, &tables, args.format))?;
    Ok(ExitCode::SUCCESS)
}
