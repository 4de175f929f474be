//! Links between annotations, and fields, through every format that holds them and back: each
//! export of the shipped annotations with links added (within a document and across documents)
//! is read back and imported into an empty copy of the corpus, which must then hold the same
//! annotation files (brat, without ids, the same annotations, fields and same-document links);
//! what a format cannot hold is named, and so is an imported link whose target is missing.

mod common;

use std::path::Path;

use common::checkers::{assert_meets_w3c_musts, assert_valid_refi_qda};
use gloss::core::annotation::Stamp;
use gloss::core::corpus::Corpus;
use gloss::core::formats::import::{self, Batch, Report};
use gloss::core::formats::offsets::Given;
use gloss::core::formats::{self, Format, Material, Options, Scope};
use gloss::core::links::Link;
use gloss::core::storage::store;
use proptest::prelude::*;

const ACCUSATION_000: &str = "0deb526a-2216-4c64-9b8a-6cd9d8932a40";
const DENIAL_000: &str = "03a30f8b-d111-4b0c-8b85-5c0d3c182479";
const COMMITMENT_000: &str = "042bf206-2625-47f5-9d50-03a9f8480eaf";
const STATISTIC_001: &str = "37bdbd92-38b4-4f8b-8678-3a86aa0f4008";
const DENIAL_001: &str = "f9637412-b5b7-4028-9d46-ef378f7c7769";
const DENIAL_003: &str = "d2f7ed74-874b-4c26-91d3-58fe5faf01d4";
const ACCUSATION_004: &str = "bb7d65a7-e55a-4572-a11e-e46ead4e9ade";

/// Every annotation of the shipped examples, by id.
const ALL: [&str; 7] = [
    ACCUSATION_000,
    DENIAL_000,
    COMMITMENT_000,
    STATISTIC_001,
    DENIAL_001,
    DENIAL_003,
    ACCUSATION_004,
];

/// The document of each of [`ALL`], as a number.
fn document_of(id: &str) -> usize {
    let at = ALL.iter().position(|a| *a == id).unwrap();
    [0, 0, 0, 1, 1, 3, 4][at]
}

/// Of `links`, those within one document.
fn within_documents<'a>(links: &[(&'a str, &'a str, &'a str)]) -> Vec<(&'a str, &'a str, &'a str)> {
    links
        .iter()
        .copied()
        .filter(|(from, _, to)| document_of(from) == document_of(to))
        .collect()
}

/// Links within a document and across documents, of the scheme's types and of one it lacks
/// whose name needs escaping in every format.
const LINKS: [(&str, &str, &str); 6] = [
    (DENIAL_000, "denies", ACCUSATION_000),
    (DENIAL_001, "denies", ACCUSATION_004),
    (DENIAL_001, "responds to", STATISTIC_001),
    (DENIAL_003, "same claim as", DENIAL_001),
    (DENIAL_003, "answers <“the” US>, & more", ACCUSATION_000),
    (COMMITMENT_000, "supports", DENIAL_000),
];

/// Adds `links` (source id, type, target id) to the annotation files of `ws`, and a field value
/// the scheme's list lacks to the last document's annotation.
fn add_links(ws: &common::Workspace, links: &[(&str, &str, &str)]) {
    for entry in std::fs::read_dir(ws.annotations()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let mut file = store::load(&path).unwrap().unwrap();
        for a in &mut file.annotations {
            for (from, kind, to) in links {
                if a.id == *from {
                    a.links.push(Link::new(*kind, *to));
                }
            }
            if a.id == ACCUSATION_004 {
                a.fields.insert("role".into(), "think tank, abroad".into());
            }
        }
        std::fs::write(&path, store::to_toml(&file)).unwrap();
    }
}

/// The material of `ws`'s corpus (held, as the reader's export dialog takes it), its documents
/// under a fixed base IRI.
fn material(ws: &common::Workspace) -> Material<'static> {
    let corpus = Box::leak(Box::new(Corpus::open(&ws.corpus(), None).unwrap()));
    let mut m = Material::collect(corpus, &Scope::default()).unwrap();
    m.base = "https://example.org/corpus/".into();
    m
}

/// Imports `batch` into `ws` as `gloss import` would, from the file `from`.
fn import_into(ws: &common::Workspace, batch: Batch, from: &str) -> Report {
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    import::merge(
        &corpus,
        batch,
        &Stamp {
            annotator: "importer".into(),
            time: "2026-12-01T09:00:00Z".into(),
        },
        &|c| gloss::tui::keymap::Keymap::default().reader_uses(c),
        Path::new(from),
        gloss::core::user_state::timing::LOCK_WAIT,
        false,
    )
}

/// The annotation files of `dir` by name, without the folder's lock file.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != gloss::core::storage::lock::LOCK_FILE)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The batch each format that carries ids reads back from its export of `m`: W3C JSON, CSV
/// with its links file, REFI-QDA; with `check`, the exports are checked against the W3C suite
/// and the REFI-QDA schema where they are beside the repository.
fn batches_with_ids(ws: &common::Workspace, m: &Material, check: bool) -> Vec<(Format, Batch)> {
    let mut json = Vec::new();
    formats::write(Format::Json, m, Options::default(), &mut json).unwrap();
    if check {
        assert_meets_w3c_musts(&json);
    }
    let (mut rows, mut links) = (Vec::new(), Vec::new());
    formats::csv::write_with_links(m, Options::default(), &mut rows, &mut links).unwrap();
    let mut csv = formats::csv::read(&rows).unwrap();
    formats::csv::read_links(&links, "x.links.csv", &mut csv).unwrap();
    let qdpx = formats::qdpx::to_bytes(m, Options::default()).unwrap();
    if check {
        assert_valid_refi_qda(&qdpx);
    }
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let qdpx = formats::qdpx::read(&qdpx, Given::default(), &|n, _| {
        import::document_named(&corpus, n)
    })
    .unwrap();
    vec![
        (Format::Json, formats::json::read(&json).unwrap()),
        (Format::Csv, csv),
        (Format::Qdpx, qdpx),
    ]
}

#[test]
fn links_and_fields_survive_json_csv_and_qdpx_byte_for_byte_across_documents() {
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let m = material(&ws);
    for (format, batch) in batches_with_ids(&ws, &m, true) {
        assert!(
            m.all_left_out().is_empty(),
            "{format:?}: {:?}",
            m.all_left_out()
        );
        let empty = common::Workspace::new(false);
        let report = import_into(&empty, batch.clone(), "export");
        assert_eq!(report.added, 7, "{format:?}: {report}");
        assert_eq!(report.links_added, LINKS.len(), "{format:?}: {report}");
        assert!(!report.has_problems(), "{format:?}: {report}");
        assert_eq!(
            files(&empty.annotations()),
            files(&ws.annotations()),
            "{format:?}"
        );
        // A second import of the same file changes nothing.
        let again = import_into(&empty, batch, "export");
        assert_eq!(
            (again.links_added, again.unchanged),
            (0, 7),
            "{format:?}: {again}"
        );
    }
}

/// What a format without ids keeps of the annotations of `dir`: per document, each annotation's
/// quote, tags, (with `notes`) note and fields, and its links as (type, the target's quote).
fn by_quote(dir: &Path, notes: bool) -> Vec<String> {
    let mut quotes = std::collections::BTreeMap::new();
    let loaded: Vec<store::AnnotationFile> = files(dir)
        .iter()
        .map(|(name, _)| store::load(&dir.join(name)).unwrap().unwrap())
        .collect();
    for a in loaded.iter().flat_map(|f| &f.annotations) {
        quotes.insert(a.id.clone(), a.quote.clone());
    }
    loaded
        .iter()
        .flat_map(|f| {
            let quotes = &quotes;
            f.annotations.iter().map(move |a| {
                let links: Vec<(String, String)> = a
                    .links
                    .iter()
                    .map(|l| (l.kind.clone(), quotes[&l.to].clone()))
                    .collect();
                let said = if notes {
                    format!("{:?} {:?}", a.note, a.fields)
                } else {
                    String::new()
                };
                format!(
                    "{}: {:?} {:?} {said} {links:?}",
                    f.document, a.quote, a.tags
                )
            })
        })
        .collect()
}

#[test]
fn brat_carries_links_within_a_document_as_relations_and_names_those_across_documents() {
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let m = material(&ws);
    let dir = tempfile::tempdir().unwrap();
    formats::write_to(Format::Brat, &m, Options::default(), dir.path()).unwrap();
    let conf = std::fs::read_to_string(dir.path().join("annotation.conf")).unwrap();
    let relations = &conf[conf.find("[relations]").unwrap()..conf.find("[events]").unwrap()];
    // The scheme's types, used or not, then the one it lacks.
    for kind in ["denies", "source of", LINKS[4].1] {
        let declared = format!(
            "\n{}\tArg1:<ENTITY>, Arg2:<ENTITY>\n",
            formats::brat::type_name(kind)
        );
        assert!(relations.contains(&declared), "{declared:?} in {relations}");
    }
    let visual = std::fs::read_to_string(dir.path().join("visual.conf")).unwrap();
    assert!(
        visual.contains("\nresponds__to | responds to\n"),
        "{visual}"
    );
    let ann = std::fs::read_to_string(dir.path().join("000_073045cb8793dce5.ann")).unwrap();
    let relations: Vec<&str> = ann.lines().filter(|l| l.starts_with('R')).collect();
    // Each annotation's first entity: T1, T3, T5 (two tags each).
    assert_eq!(
        relations,
        ["R1\tdenies Arg1:T3 Arg2:T1", "R2\tsupports Arg1:T5 Arg2:T3"]
    );
    // The three links to another document are left out, each named.
    let left_out = m.all_left_out();
    assert_eq!(left_out.len(), 3, "{left_out:#?}");
    assert!(left_out.iter().all(|w| w.contains("not in this document")));
    assert!(left_out.iter().any(|w| {
        w.starts_with("001_bcba7e35c127046e.txt: the link “denies”")
            && w.contains(ACCUSATION_004)
            && w.contains("export json, csv or qdpx to keep it")
    }));
    let empty = common::Workspace::new(false);
    let report = import_into(
        &empty,
        formats::brat::read(dir.path(), Given::default()).unwrap(),
        "brat",
    );
    assert_eq!((report.added, report.links_added), (7, 3), "{report}");
    assert!(!report.has_problems(), "{report}");
    assert_eq!(within_documents(&LINKS).len(), 3);
    assert_holds_the_links_within_documents(&empty, &LINKS, true);
}

/// Panics unless `imported` holds the shipped annotations with those of `links` that are within
/// a document, compared by [`by_quote`] (with `notes`).
fn assert_holds_the_links_within_documents(
    imported: &common::Workspace,
    links: &[(&str, &str, &str)],
    notes: bool,
) {
    let expected = common::Workspace::new(true);
    add_links(&expected, &within_documents(links));
    assert_eq!(
        by_quote(&imported.annotations(), notes),
        by_quote(&expected.annotations(), notes)
    );
}

#[test]
fn doccano_lines_carry_links_within_a_document_as_relations_when_asked() {
    use formats::jsonl::LabelForm;
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let m = material(&ws);
    let options = |labels| Options {
        labels,
        ..Options::default()
    };
    // The default forms have no place for links: each is named.
    let mut lines = Vec::new();
    formats::write(Format::Jsonl, &m, options(LabelForm::PerTag), &mut lines).unwrap();
    let left_out = m.all_left_out();
    assert_eq!(left_out.len(), LINKS.len(), "{left_out:#?}");
    assert!(
        left_out[0].contains("export with --labels relations"),
        "{left_out:?}"
    );
    let mut lines = Vec::new();
    formats::write(Format::Jsonl, &m, options(LabelForm::Relations), &mut lines).unwrap();
    let left_out = m.all_left_out();
    assert_eq!(
        left_out.len(),
        3,
        "the links across documents: {left_out:#?}"
    );
    let text = String::from_utf8(lines).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["relations"],
        serde_json::json!([
            {"id": 1, "from_id": 2, "to_id": 1, "type": "denies"},
            {"id": 2, "from_id": 3, "to_id": 2, "type": "supports"},
        ])
    );
    assert_eq!(first["entities"][1]["label"], "denial + non-authoritative");
    let empty = common::Workspace::new(false);
    let batch = formats::jsonl::read(&text, Given::default(), &|_| None).unwrap();
    let report = import_into(&empty, batch, "doccano.jsonl");
    assert_eq!((report.added, report.links_added), (7, 3), "{report}");
    assert_holds_the_links_within_documents(&empty, &LINKS, false);
}

/// The material of the second document of `ws` alone, whose denial links to an accusation of
/// the last document and to a statistic of its own.
fn second_document_alone(ws: &common::Workspace) -> Material<'static> {
    let corpus = Box::leak(Box::new(Corpus::open(&ws.corpus(), None).unwrap()));
    let scope = Scope {
        documents: vec!["001_bcba7e35c127046e.txt".into()],
        tags: Vec::new(),
    };
    Material::collect(corpus, &scope).unwrap()
}

#[test]
fn an_imported_link_whose_target_is_missing_is_kept_and_reported_with_what_to_do() {
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let m = second_document_alone(&ws);
    let mut json = Vec::new();
    formats::write(Format::Json, &m, Options::default(), &mut json).unwrap();
    let empty = common::Workspace::new(false);
    let report = import_into(&empty, formats::json::read(&json).unwrap(), "one.json");
    assert_eq!((report.added, report.links_added), (2, 2), "{report}");
    assert!(report.has_problems(), "{report}");
    assert_eq!(report.dangling_links.len(), 1, "{report}");
    let said = &report.dangling_links[0];
    assert!(
        said.contains("“denies” goes to bb7d65a7-e55a-4572-a11e-e46ead4e9ade"),
        "{said}"
    );
    assert!(said.contains("one.json"), "{said}");
    assert!(
        said.contains("import the file that holds its target"),
        "{said}"
    );
    assert!(
        report
            .to_string()
            .contains("links whose target is missing:\n")
    );
    // Kept, to be followed once the target comes.
    let kept =
        std::fs::read_to_string(empty.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    assert!(
        kept.contains(&format!("to = \"{ACCUSATION_004}\"")),
        "{kept}"
    );
    // Into a corpus that has the target, nothing is missing.
    let full = common::Workspace::new(true);
    let report = import_into(&full, formats::json::read(&json).unwrap(), "one.json");
    assert!(report.dangling_links.is_empty(), "{report}");
    assert_eq!(report.links_added, 2, "{report}");
    // The annotations it linked were there already: they are stamped as changed by the import.
    let changed =
        std::fs::read_to_string(full.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    assert!(changed.contains("modified_by = \"importer\""), "{changed}");
}

#[test]
fn links_to_annotations_not_exported_are_named_by_qdpx_and_kept_by_json_and_csv() {
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let m = second_document_alone(&ws);
    let project = formats::qdpx::to_bytes(&m, Options::default()).unwrap();
    assert_valid_refi_qda(&project);
    let left_out = m.all_left_out();
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    assert!(
        left_out[0].contains("whose target is not exported"),
        "{left_out:?}"
    );
    let (mut rows, mut links) = (Vec::new(), Vec::new());
    formats::csv::write_with_links(&m, Options::default(), &mut rows, &mut links).unwrap();
    assert!(m.all_left_out().is_empty());
    let links = String::from_utf8(links).unwrap();
    assert_eq!(
        links,
        format!(
            "\u{feff}document,id,type,target document,target id\n\
             001_bcba7e35c127046e.txt,{DENIAL_001},denies,,{ACCUSATION_004}\n\
             001_bcba7e35c127046e.txt,{DENIAL_001},responds to,001_bcba7e35c127046e.txt,\
             {STATISTIC_001}\n"
        )
    );
    // Without a second file to write them to, CSV names its links as not carried.
    formats::write(Format::Csv, &m, Options::default(), &mut Vec::new()).unwrap();
    let left_out = m.all_left_out();
    assert!(
        left_out.len() == 1 && left_out[0].contains("give --out FILE.csv"),
        "{left_out:?}"
    );
}

#[test]
fn gloss_export_writes_the_links_csv_beside_the_csv_and_gloss_import_reads_it_back() {
    let ws = common::Workspace::new(true);
    add_links(&ws, &LINKS);
    let out = ws.dir.path().join("claims.csv");
    let gloss = |args: &[&std::ffi::OsStr]| ws.gloss().args(args).output().unwrap();
    let exported = gloss(&[
        "export".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        ws.corpus().as_os_str(),
    ]);
    assert!(exported.status.success(), "{exported:?}");
    let links = ws.dir.path().join("claims.links.csv");
    assert!(
        String::from_utf8_lossy(&exported.stderr)
            .contains(&format!("and their links to {}", links.display())),
        "{exported:?}"
    );
    assert_eq!(std::fs::read_to_string(&links).unwrap().lines().count(), 7);
    let empty = common::Workspace::new(false);
    let imported = gloss(&[
        "import".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        out.as_os_str(),
        empty.corpus().as_os_str(),
    ]);
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(imported.status.success(), "{imported:?}");
    assert!(said.contains("links: 6 added"), "{said}");
    // The ids and links are all back (the times and authors come from the file).
    assert_eq!(files(&empty.annotations()), files(&ws.annotations()));
    // The links file alone is not an annotations file, and says which to give.
    let wrong = gloss(&[
        "import".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        links.as_os_str(),
        empty.corpus().as_os_str(),
    ]);
    assert_eq!(wrong.status.code(), Some(2), "{wrong:?}");
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("claims.links.csv: this is a file of links"),
        "{said}"
    );
}

proptest! {
    #![proptest_config(common::proptest_config(16))]

    /// Any set of links among the example annotations, of any types (with characters that need
    /// escaping), comes back the same through W3C JSON, CSV and REFI-QDA, and through brat for
    /// those within a document.
    #[test]
    fn random_link_sets_come_back_the_same_through_every_format(
        picked in prop::collection::vec(
            (0..ALL.len(), 0..ALL.len(), prop::sample::select(vec![
                "denies", "responds to", "x/y", "a \"quoted\" <type> & 'more'", "中文", "-=1",
            ])),
            0..10,
        )
    ) {
        let ws = common::Workspace::new(true);
        let mut links: Vec<(&str, &str, &str)> = Vec::new();
        for (from, to, kind) in picked {
            if !links.contains(&(ALL[from], kind, ALL[to])) {
                links.push((ALL[from], kind, ALL[to]));
            }
        }
        add_links(&ws, &links);
        let m = material(&ws);
        // The outside checkers run on the fixed links above: here, only the round trips.
        for (format, batch) in batches_with_ids(&ws, &m, false) {
            let empty = common::Workspace::new(false);
            let report = import_into(&empty, batch, "export");
            prop_assert!(!report.has_problems(), "{:?}: {}", format, report);
            prop_assert_eq!(report.links_added, links.len());
            prop_assert_eq!(files(&empty.annotations()), files(&ws.annotations()));
        }
        let dir = tempfile::tempdir().unwrap();
        formats::write_to(Format::Brat, &m, Options::default(), dir.path()).unwrap();
        let empty = common::Workspace::new(false);
        let report = import_into(
            &empty,
            formats::brat::read(dir.path(), Given::default()).unwrap(),
            "brat",
        );
        let within = within_documents(&links);
        prop_assert_eq!(report.links_added, within.len());
        prop_assert_eq!(m.all_left_out().len(), links.len() - within.len());
        assert_holds_the_links_within_documents(&empty, &links, true);
    }
}
