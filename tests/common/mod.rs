//! Shared by the integration tests: temporary copies of the shipped corpus.

#![allow(dead_code)] // each test binary uses its own part of this module

pub mod checkers;
pub mod pty;
pub mod screen;

use std::path::{Path, PathBuf};

/// A temporary folder holding `corpus/` (the shipped documents and tag file) and, if asked,
/// the shipped `annotations/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(with_annotations: bool) -> Workspace {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&root.join("corpus"), &dir.path().join("corpus"));
        if with_annotations {
            copy_tree(&root.join("annotations"), &dir.path().join("annotations"));
        }
        Workspace { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn annotations(&self) -> PathBuf {
        self.dir.path().join("annotations")
    }

    /// The real binary, run in the workspace with its configuration and state folders inside
    /// it (see [`gloss_in`]).
    pub fn gloss(&self) -> std::process::Command {
        gloss_in(self.dir.path(), self.dir.path())
    }
}

/// The real binary, run in `dir` with its configuration and state folders under `settings`
/// (`settings/config`, `settings/state`) and none of the caller's settings (`GLOSS_CONFIG`,
/// `NO_COLOR`), so that no test reads or writes the developer's own.
pub fn gloss_in(dir: &Path, settings: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"));
    command
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", settings.join("config"))
        .env("XDG_STATE_HOME", settings.join("state"))
        .env_remove("GLOSS_CONFIG")
        .env_remove("NO_COLOR");
    command
}

/// Runs the real binary once with `args` (paths given in full), with a configuration and state
/// of its own, thrown away after.
pub fn run_once(args: &[&str]) -> std::process::Output {
    let settings = tempfile::tempdir().expect("temporary folder");
    gloss_in(settings.path(), settings.path())
        .args(args)
        .output()
        .expect("gloss runs")
}

/// Puts into the corpus folder `root` the links a walk cannot follow: an editor's lock file (a
/// hidden link to nothing, `.#notes.txt`), a link to a deleted document (`notes.txt`) and a link
/// to a folder that holds it (`sub/back`, to the corpus folder).
#[cfg(unix)]
pub fn add_links_that_lead_nowhere(root: &Path) {
    use std::os::unix::fs::symlink;
    symlink("user@host.1234", root.join(".#notes.txt")).unwrap();
    symlink("missing.txt", root.join("notes.txt")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    symlink("..", root.join("sub/back")).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The reader on a workspace, 120×36, with a fixed annotator and clock.
pub fn app(ws: &Workspace) -> gloss::tui::state::App {
    app_at(&ws.corpus())
}

/// The reader on any corpus folder, 120×36, with a fixed annotator and clock.
pub fn app_at(corpus: &Path) -> gloss::tui::state::App {
    app_with(corpus, gloss::tui::state::Settings::default())
}

/// The reader on a corpus folder with `settings`, 120×36, with a fixed annotator and clock.
pub fn app_with(corpus: &Path, settings: gloss::tui::state::Settings) -> gloss::tui::state::App {
    let corpus = gloss::core::corpus::Corpus::open(corpus, None).expect("corpus opens");
    app_on(corpus, settings)
}

/// [`app_with`] on the corpus only listed, its documents not read yet, as the binary starts.
pub fn app_listed(corpus: &Path, settings: gloss::tui::state::Settings) -> gloss::tui::state::App {
    let corpus = gloss::core::corpus::Corpus::listed(corpus, None).expect("corpus is listed");
    app_on(corpus, settings)
}

fn app_on(
    corpus: gloss::core::corpus::Corpus,
    settings: gloss::tui::state::Settings,
) -> gloss::tui::state::App {
    let stamp = || gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let mut app = gloss::tui::state::App::start(
        corpus,
        gloss::core::storage::writer::Writer::spawn(),
        Box::new(stamp),
        settings,
    );
    app.resize(120, 36);
    app
}

/// Presses keys written as in the key table, separated by spaces: `"j j v l a C-r Enter"`.
pub fn press(app: &mut gloss::tui::state::App, keys: &str) {
    for k in keys.split_whitespace() {
        let key: gloss::tui::keys::Key = k.parse().unwrap_or_else(|e| panic!("{e}"));
        app.handle_key(key);
    }
}

/// Types text into whatever has the keyboard (the note input).
pub fn type_text(app: &mut gloss::tui::state::App, text: &str) {
    for c in text.chars() {
        app.handle_key(gloss::tui::keys::Key::char(c));
    }
}

/// The text of the cursor sentence in the open document.
pub fn cursor_text(app: &gloss::tui::state::App) -> String {
    let open = app.open.as_ref().expect("a document is open");
    open.doc.text[app.reader.cursor_span().expect("a cursor")].to_owned()
}

/// The text of the selection in the open document, if there is one.
pub fn selection_text(app: &gloss::tui::state::App) -> Option<String> {
    let open = app.open.as_ref().expect("a document is open");
    app.reader
        .selection()
        .map(|s| open.doc.text[s.span()].to_owned())
}

/// The text of the current annotation (the one just tagged or jumped to), if there is one.
pub fn current_text(app: &gloss::tui::state::App) -> Option<String> {
    let open = app.open.as_ref().expect("a document is open");
    match &app.reader.pick {
        gloss::tui::state::Pick::Annotation { span, .. } => {
            Some(open.doc.text[span.clone()].to_owned())
        }
        _ => None,
    }
}

/// Moves the cursor forward until it is on the sentence that starts with `words`.
pub fn go_to(app: &mut gloss::tui::state::App, words: &str) {
    for _ in 0..500 {
        if cursor_text(app).starts_with(words) {
            return;
        }
        press(app, "j");
    }
    panic!("no sentence starts with {words:?}");
}

/// Takes in what the reader's searches find, as the event loop does, until none is running;
/// fails after 20 s.
pub fn settle(app: &mut gloss::tui::state::App) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.poll_searches() {
        assert!(
            std::time::Instant::now() < deadline,
            "a search is still running after 20 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// `cases` random cases, or `PROPTEST_CASES` when set; failures are not written to files
/// beside the tests (the failing input is printed instead).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// Runs `python3` with `args`, `stdin` on its input, and returns what it printed, failing the
/// test if it fails; `None` (after saying the test skips `what`) when python3 is not installed.
pub fn python3(args: &[&std::ffi::OsStr], stdin: &[u8], what: &str) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let child = std::process::Command::new("python3")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipped: python3 is not installed, so {what}");
            return None;
        }
        Err(e) => panic!("cannot run python3: {e}"),
    };
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

/// Adds to the workspace's annotations of the shipped document `doc` an untagged span on
/// `words` where the text first has `words` then `then`, by the coder `tester`, that is the
/// `source of` each of `claims` (ids): what `W` makes, written through gloss's own store. Its id.
pub fn add_source_span(
    ws: &Workspace,
    doc: &str,
    (words, then): (&str, &str),
    claims: &[&str],
) -> String {
    use gloss::core::documents::text;
    let text = text::canonicalize(&std::fs::read(ws.corpus().join(doc)).unwrap()).unwrap();
    let at = (text.find(&format!("{words}{then}"))).expect("the words are in the document");
    let stamp = gloss::core::annotation::Stamp {
        annotator: "tester".into(),
        time: "2026-01-02T03:04:05Z".into(),
    };
    let mut span = gloss::core::annotation::Annotation::new(
        &text,
        &text::CharIndex::new(&text),
        at..at + words.len(),
        Vec::new(),
        &stamp,
    );
    span.links = (claims.iter())
        .map(|to| gloss::core::links::Link::new("source of", *to))
        .collect();
    let path = ws.annotations().join(format!("{doc}.toml"));
    let mut file = gloss::core::storage::store::load(&path).unwrap().unwrap();
    file.annotations.push(span.clone());
    std::fs::write(&path, gloss::core::storage::store::to_toml(&file)).unwrap();
    span.id
}

/// How many paragraphs [`numbered_paragraphs`] goes up to.
pub const PARAGRAPHS: usize = 14_000;

/// Numbered paragraphs of two sentences, from `first` up to [`PARAGRAPHS`]: about 900 KB from 0.
pub fn numbered_paragraphs(first: usize) -> String {
    (first..PARAGRAPHS)
        .map(|i| format!("Paragraph {i} opens here. Then paragraph {i} goes on and ends!\n\n"))
        .collect()
}

/// A corpus folder in `dir` holding the shipped tag file and one document, `big.txt`, of
/// [`numbered_paragraphs`] (about 900 KB).
pub fn large_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("tags.toml"),
        include_str!("../../corpus/tags.toml"),
    )
    .unwrap();
    std::fs::write(corpus.join("big.txt"), numbered_paragraphs(0)).unwrap();
    corpus
}
