//! Importing what other tools wrote: a REFI-QDA project as ATLAS.ti or MAXQDA would write it
//! (nested codes, braced upper-case GUIDs, a source named without its extension), annotations
//! that cannot be placed, files that must not be overwritten; and the command line's exit codes.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use gloss::core::annotation::Stamp;
use gloss::core::corpus::Corpus;
use gloss::core::formats::import::{self, Report};
use gloss::core::formats::offsets::Given;
use gloss::core::formats::qdpx;
use gloss::core::tags::TagSet;

const SOURCE_GUID: &str = "{8E2B1B4C-1D1F-4C7B-9E57-7C1D2A3B4C5D}";

fn foreign_project() -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_bcba7e35c127046e.txt"),
    )
    .unwrap();
    let start = text.find("We firmly oppose").unwrap();
    let start = text[..start].chars().count();
    let qde = format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="fieldwork" origin="ATLAS.ti">
  <Users><User guid="{{0A1B2C3D-0000-4000-8000-000000000001}}" name="Dana"/></Users>
  <CodeBook><Codes>
    <Code guid="{{0A1B2C3D-0000-4000-8000-0000000000C1}}" name="Themes" isCodable="true">
      <Code guid="{{0A1B2C3D-0000-4000-8000-0000000000C2}}" name="Security" isCodable="false">
        <Code guid="{{0A1B2C3D-0000-4000-8000-0000000000C3}}" name="hacking" isCodable="true" color="#C00000">
          <Description>Talk of hacking &amp; intrusions.</Description>
        </Code>
      </Code>
    </Code>
    <Code guid="{{0A1B2C3D-0000-4000-8000-0000000000C4}}" name="denial" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE_GUID}" name="001_bcba7e35c127046e" plainTextPath="internal://{SOURCE_GUID}.txt">
      <PlainTextSelection guid="{{0A1B2C3D-0000-4000-8000-0000000000A1}}" startPosition="{start}" endPosition="{end}" creatingUser="{{0A1B2C3D-0000-4000-8000-000000000001}}" creationDateTime="2025-05-05T12:00:00Z">
        <Description>Spokesman &lt;Long&gt;</Description>
        <Coding guid="{{0A1B2C3D-0000-4000-8000-0000000000D1}}"><CodeRef targetGUID="{{0a1b2c3d-0000-4000-8000-0000000000c3}}"/></Coding>
        <Coding guid="{{0A1B2C3D-0000-4000-8000-0000000000D2}}"><CodeRef targetGUID="{{0A1B2C3D-0000-4000-8000-0000000000C4}}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{{0A1B2C3D-0000-4000-8000-0000000000A2}}" startPosition="0" endPosition="40">
        <Coding guid="{{0A1B2C3D-0000-4000-8000-0000000000D3}}"><CodeRef targetGUID="{{0A1B2C3D-0000-4000-8000-0000000000C1}}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"##,
        end = start
            + "We firmly oppose and harshly punish hacking activities."
                .chars()
                .count(),
    );
    // The tool's copy of the text differs from the corpus's at the start, where the second
    // selection lies, so that it cannot be placed.
    let copy = format!("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX{}", &text[40..]);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.start_file(format!("sources/{SOURCE_GUID}.txt"), options)
        .unwrap();
    zip.write_all(copy.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn merge(ws: &common::Workspace, batch: import::Batch) -> Report {
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let stamp = Stamp {
        annotator: "importer".into(),
        time: "2026-12-01T09:00:00Z".into(),
    };
    import::merge(
        &corpus,
        batch,
        &stamp,
        &|c| gloss::tui::keymap::Keymap::default().reader_uses(c),
        Path::new("fieldwork.qdpx"),
        gloss::core::user_state::timing::LOCK_WAIT,
        false,
    )
}

#[test]
fn a_foreign_project_s_codes_become_tags_with_groups_and_what_cannot_be_placed_is_reported() {
    let ws = common::Workspace::new(false);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let batch = qdpx::read(&foreign_project(), Given::default(), &|n, _| {
        import::document_named(&corpus, n)
    })
    .unwrap();
    let report = merge(&ws, batch);
    assert_eq!(report.added, 1, "{report}");
    assert_eq!(report.not_placed.len(), 1, "{report}");
    assert!(report.not_placed[0].starts_with("001_bcba7e35c127046e.txt 0..40"));
    assert!(report.has_problems());
    assert_eq!(report.new_tags, ["Themes", "hacking"]);

    let file =
        std::fs::read_to_string(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    assert!(
        file.contains("id = \"0a1b2c3d-0000-4000-8000-0000000000a1\""),
        "{file}"
    );
    assert!(file.contains("tags = [\"hacking\", \"denial\"]"), "{file}");
    assert!(file.contains("note = \"Spokesman <Long>\""), "{file}");
    assert!(file.contains("annotator = \"Dana\""), "{file}");
    assert!(file.contains("quote = \"We firmly oppose and harshly punish hacking activities.\""));

    // The scheme keeps its comments and gains the codes, each with a free key the reader
    // accepts, its group (the parent codes) and its colour.
    let tags_file = ws.corpus().join("tags.toml");
    let text = std::fs::read_to_string(&tags_file).unwrap();
    assert!(text.starts_with("# The coding scheme for this corpus."));
    let tags = TagSet::load(&tags_file).unwrap();
    gloss::tui::keymap::Keymap::default()
        .check_tags(&tags, &tags_file, std::path::Path::new("config.toml"))
        .unwrap();
    let hacking = tags.by_name("hacking").unwrap();
    assert_eq!(hacking.group, "Themes/Security");
    assert_eq!(hacking.description, "Talk of hacking & intrusions.");
    assert_eq!(gloss::core::formats::hex(hacking.color), "#c00000");
    // A top-level code says nothing of a group.
    assert_eq!(tags.by_name("Themes").unwrap().group, "unknown");
    assert_eq!(tags.tags.len(), 10);
}

#[test]
fn an_annotation_file_that_does_not_parse_is_never_overwritten() {
    let ws = common::Workspace::new(true);
    let broken = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    std::fs::write(&broken, "format = 1\n[[annotation\n").unwrap();
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let batch = qdpx::read(&foreign_project(), Given::default(), &|n, _| {
        import::document_named(&corpus, n)
    })
    .unwrap();
    let report = merge(&ws, batch);
    assert_eq!(report.added, 0);
    assert!(
        report
            .not_placed
            .iter()
            .all(|l| l.contains("001_bcba7e35c127046e.txt.toml"))
    );
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "format = 1\n[[annotation\n"
    );
}

/// A reader saves under the folder's lock; an import that reads and replaces the file without
/// it can overwrite that save, or have its own overwritten, in between.
#[test]
fn import_waits_for_the_folder_lock_and_merges_what_was_saved_meanwhile() {
    use gloss::core::storage::lock::FolderLock;
    use gloss::core::storage::store;
    let ws = common::Workspace::new(true);
    let path = ws.annotations().join("001_bcba7e35c127046e.txt.toml");
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let batch = qdpx::read(&foreign_project(), Given::default(), &|n, _| {
        import::document_named(&corpus, n)
    })
    .unwrap();
    // Another gloss holds the folder while it saves an annotation of its own.
    let (held, wait) = std::sync::mpsc::channel();
    let dir = ws.annotations();
    let file = path.clone();
    let saver = std::thread::spawn(move || {
        let _lock = FolderLock::acquire(&dir, std::time::Duration::ZERO).unwrap();
        // Read, merged, then written under the lock, as the writer does.
        let mut on_disk = store::load(&file).unwrap().unwrap();
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        let mut mine = on_disk.annotations[0].clone();
        mine.id = "saved-meanwhile".into();
        mine.note = "saved by the other gloss".into();
        on_disk.annotations.push(mine);
        std::fs::write(&file, store::to_toml(&on_disk)).unwrap();
    });
    wait.recv().unwrap();
    let report = merge(&ws, batch);
    saver.join().unwrap();
    assert_eq!(report.added, 1, "{report}");
    let ids: Vec<String> = store::load(&path)
        .unwrap()
        .unwrap()
        .annotations
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(ids.iter().any(|i| i == "saved-meanwhile"), "{ids:?}");
    assert!(
        ids.iter()
            .any(|i| i == "0a1b2c3d-0000-4000-8000-0000000000a1"),
        "{ids:?}"
    );
}

/// `gloss import` waits for a held folder as long as the configuration's `[timing] lock_wait`
/// says, not the default: the report says how long, and nothing is written.
#[test]
fn import_waits_for_the_lock_as_long_as_the_configuration_says() {
    use gloss::core::storage::lock::FolderLock;
    let ws = common::Workspace::new(true);
    let config = ws.dir.path().join("config.toml");
    std::fs::write(&config, "[timing]\nlock_wait = 0.05\n").unwrap();
    let project = ws.dir.path().join("fieldwork.qdpx");
    std::fs::write(&project, foreign_project()).unwrap();
    let before = std::fs::read(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap();
    let _held = FolderLock::acquire(&ws.annotations(), std::time::Duration::ZERO).unwrap();
    let out = ws
        .gloss()
        .args(["import", "--format", "qdpx"])
        .arg(&project)
        .arg(ws.corpus())
        .env("GLOSS_CONFIG", &config)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("cannot lock its folder"), "{report}");
    assert!(report.contains("for over 0.05 s"), "{report}");
    assert_eq!(
        std::fs::read(ws.annotations().join("001_bcba7e35c127046e.txt.toml")).unwrap(),
        before
    );
}

fn gloss(args: &[&str]) -> std::process::Output {
    common::run_once(args)
}

/// Runs gloss in `ws` with `args` and its standard output closed before it writes, like
/// `| head -c 0`; fails unless it exits 0.
fn into_a_closed_pipe(ws: &common::Workspace, args: &[&str]) {
    let mut child = ws
        .gloss()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A reader that goes away before gloss writes is no failure: of an export, nor of an
/// import's report (which panicked).
#[test]
fn export_and_import_into_a_closed_pipe_are_not_an_error() {
    let ws = common::Workspace::new(true);
    into_a_closed_pipe(&ws, &["export", "--format", "jsonl", "corpus"]);
    into_a_closed_pipe(
        &ws,
        &["export", "--format", "csv", "--out", "all.csv", "corpus"],
    );
    into_a_closed_pipe(&ws, &["import", "--format", "csv", "all.csv", "corpus"]);
}

#[test]
fn command_line_exit_codes() {
    let ws = common::Workspace::new(true);
    let corpus = ws.corpus();
    let corpus = corpus.to_str().unwrap();
    let csv = ws.dir.path().join("out.csv");
    let ok = gloss(&[
        "export",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
        corpus,
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let brat = gloss(&["export", "--format", "brat", corpus]);
    assert_eq!(brat.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&brat.stderr).contains("--out"));
    let unknown = gloss(&["export", "--format", "md", "--doc", "nope.txt", corpus]);
    assert_eq!(unknown.status.code(), Some(2));
    let md = gloss(&["import", "--format", "md", csv.to_str().unwrap(), corpus]);
    assert_eq!(md.status.code(), Some(2));
    let under_a_file = csv.join("x.csv");
    let io = gloss(&[
        "export",
        "--format",
        "csv",
        "--out",
        under_a_file.to_str().unwrap(),
        corpus,
    ]);
    assert_eq!(io.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&io.stderr).contains("out.csv"));
    // The annotations are all there already: nothing to do, nothing wrong.
    let again = gloss(&["import", "--format", "csv", csv.to_str().unwrap(), corpus]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("7 already there"));
}

#[test]
fn documents_named_by_other_tools_are_found() {
    let ws = common::Workspace::new(false);
    let corpus = Corpus::open(&ws.corpus(), None).unwrap();
    let rel = Some("001_bcba7e35c127046e.txt".to_owned());
    for name in [
        "001_bcba7e35c127046e.txt",
        "001_bcba7e35c127046e",
        "file:///home/dana/corpus/001_bcba7e35c127046e.txt",
        r"C:\fieldwork\001_bcba7e35c127046e",
    ] {
        assert_eq!(import::document_named(&corpus, name), rel, "{name}");
    }
    assert_eq!(import::document_named(&corpus, "interview.txt"), None);
}

/// A CSV export edited in a spreadsheet: the note of one annotation and a tag of another
/// changed, saved with a byte-order mark and CR LF line ends. The edits are shown by `--dry-run`
/// without writing, then applied to the annotations with the same ids, each reported.
#[test]
fn a_csv_edited_in_a_spreadsheet_updates_the_annotations_with_the_same_ids() {
    let ws = common::Workspace::new(true);
    let corpus = ws.corpus();
    let corpus = corpus.to_str().unwrap();
    let exported = gloss(&["export", "--format", "csv", corpus]);
    assert_eq!(exported.status.code(), Some(0));
    let data = exported.stdout.strip_prefix("\u{feff}".as_bytes()).unwrap();
    let mut rows: Vec<csv::StringRecord> = csv::Reader::from_reader(data)
        .records()
        .map(Result::unwrap)
        .collect();
    let header = csv::Reader::from_reader(data).headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let edit = |row: &csv::StringRecord, column: usize, value: &str| -> csv::StringRecord {
        row.iter()
            .enumerate()
            .map(|(i, v)| if i == column { value } else { v })
            .collect()
    };
    let noted = rows[0][col("id")].to_owned();
    let other = rows.iter().position(|r| r[col("id")] != noted).unwrap();
    let retagged = rows[other][col("id")].to_owned();
    let old_tag = rows[other][col("tag")].to_owned();
    for row in rows.iter_mut() {
        if row[col("id")] == noted {
            *row = edit(row, col("note"), "Checked against the transcript.");
        }
    }
    rows[other] = edit(&rows[other], col("tag"), "accusation");
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(&header).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
    }
    let path = ws.dir.path().join("edited.csv");
    std::fs::write(&path, &out).unwrap();
    let path = path.to_str().unwrap();
    let before: Vec<Vec<u8>> = annotation_files(&ws);

    let dry = gloss(&["import", "--format", "csv", "--dry-run", path, corpus]);
    let said = String::from_utf8_lossy(&dry.stdout);
    assert_eq!(dry.status.code(), Some(0), "{said}");
    assert!(said.contains("dry run: nothing was written"), "{said}");
    assert!(said.contains("2 updated"), "{said}");
    assert!(
        said.contains("note “” → “Checked against the transcript.”"),
        "{said}"
    );
    assert!(said.contains(&format!("tags “{old_tag}")), "{said}");
    assert!(said.contains("(lines 2, 3)"), "{said}");
    assert_eq!(annotation_files(&ws), before, "a dry run writes nothing");

    let real = gloss(&["import", "--format", "csv", path, corpus]);
    let said = String::from_utf8_lossy(&real.stdout);
    assert_eq!(real.status.code(), Some(0), "{said}");
    assert!(said.contains("2 updated"), "{said}");
    let corpus_now = Corpus::open(&ws.corpus(), None).unwrap();
    let all: Vec<&gloss::core::annotation::Annotation> = corpus_now
        .entries
        .iter()
        .flat_map(|e| e.annotations.iter())
        .collect();
    let find = |id: &str| all.iter().find(|a| a.id == id).unwrap();
    assert_eq!(find(&noted).note, "Checked against the transcript.");
    assert!(find(&retagged).tags.contains(&"accusation".to_owned()));
    assert!(!find(&retagged).tags.contains(&old_tag));
    // Imported again, the file holds nothing new.
    let again = gloss(&["import", "--format", "csv", path, corpus]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("0 updated"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

fn annotation_files(ws: &common::Workspace) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(ws.annotations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}
