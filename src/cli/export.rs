//! `gloss export --format FORMAT [--out PATH] [--tag TAG]... [--doc PATH]... [CORPUS_DIR|DOCUMENT]`:
//! writes the corpus's annotations in a format other tools open (a document's only, given one).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use gloss::core::formats::jsonl::{LabelForm, OffsetUnit};
use gloss::core::formats::{self, Format, Material, Options, Scope};
use gloss::core::plural::count;

use crate::cli::{CorpusArgs, Error, Opened};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// json (W3C Web Annotation), jsonl (doccano), csv, brat (a folder), qdpx (REFI-QDA) or md
    /// (a report).
    #[arg(long, value_enum)]
    pub format: Format,
    /// Where to write: a file, or a folder for brat. Standard output when absent or `-`. csv
    /// also writes the links between annotations to NAME.links.csv beside NAME.csv.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Only annotations with this tag, keeping only the tags asked for (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only this document, by its path relative to the corpus folder (repeatable).
    #[arg(long = "doc", value_name = "PATH")]
    pub docs: Vec<String>,
    /// Only this coder's annotations, by annotator name (repeatable, or separated by commas).
    /// Also `--coders`, as `gloss agree` spells it.
    #[arg(
        long = "coder",
        visible_alias = "coders",
        value_delimiter = ',',
        value_name = "NAME"
    )]
    pub coders: Vec<String>,
    /// qdpx: count every line break as two characters (CR LF), as MAXQDA does.
    #[arg(long)]
    pub crlf_positions: bool,
    /// csv: write cells as they are, without the `'` put before a cell that begins like a
    /// spreadsheet formula (=, +, -, @, tab, CR).
    #[arg(long)]
    pub raw_cells: bool,
    /// json: the IRI that document paths are resolved against in `target.source` (default: the
    /// corpus folder's file:// URL).
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
    /// jsonl: what offsets count: utf16 (doccano's default), codepoints (Python, spaCy) or bytes.
    #[arg(long, value_enum, default_value_t = OffsetUnit::Utf16)]
    pub offsets: OffsetUnit,
    /// jsonl: per-tag (a label per tag), joined (a label per annotation, tags joined by " + ",
    /// which a doccano project without "Allow overlapping spans" keeps) or relations (as joined,
    /// as the entities of a doccano project with relations, the links within a document its
    /// relations).
    #[arg(long, value_enum, default_value_t = LabelForm::PerTag)]
    pub labels: LabelForm,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    // Listed only: each document is read as it is written.
    let Opened { corpus, document } = args.corpus.listed()?;
    let scope = Scope {
        documents: args
            .docs
            .iter()
            .map(|d| crate::cli::relative_to_corpus(&corpus, d))
            .chain(document)
            .collect(),
        tags: args.tags,
    };
    let mut material =
        Material::stream(&corpus, &scope).map_err(|e| Error::Input(e.to_string()))?;
    gloss::core::formats::coders::keep(&mut material, &args.coders)
        .map_err(|e| Error::Input(e.to_string()))?;
    if let Some(base) = args.base {
        material.base = formats::json::base_iri(&base).map_err(|e| Error::Input(e.to_string()))?;
    }
    let options = Options {
        crlf_positions: args.crlf_positions,
        raw_cells: args.raw_cells,
        offsets: args.offsets,
        labels: args.labels,
    };
    let format = args.format;
    let out = args.out.filter(|p| p.as_os_str() != "-");
    match &out {
        Some(path) => {
            formats::write_to(format, &material, options, path)
                .map_err(|e| Error::Io(e.to_string()))?;
            let (annotations, documents) = material.counts();
            eprintln!(
                "gloss: wrote {} of {} to {}",
                count(annotations, "annotation"),
                count(documents, "document"),
                path.display()
            );
            if format == Format::Csv {
                let links = formats::csv::links_path(path);
                eprintln!("gloss: and their links to {}", links.display());
            }
        }
        None if format.is_folder() => {
            return Err(Error::Input(
                "brat writes a folder of files: give it with --out DIR".into(),
            ));
        }
        None if format == Format::Qdpx && std::io::stdout().is_terminal() => {
            return Err(Error::Input(
                "a qdpx project is a zip file: give --out FILE.qdpx or redirect the output".into(),
            ));
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written =
                formats::write(format, &material, options, &mut out).and_then(|()| out.flush());
            match written {
                // The reader of the pipe (`| head`) has all it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(Error::Io(format!("cannot write to standard output: {e}"))),
                Ok(()) => {}
            }
        }
    }
    for warning in material.warnings() {
        eprintln!("gloss: {warning}");
    }
    let left_out = material.all_left_out();
    for why in &left_out {
        eprintln!("gloss: left out: {why}");
    }
    Ok(if left_out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
