//! The reader as the binary starts it (`Startup`): a configuration file, a document named on the
//! command line, reading positions remembered between runs, in temporary folders.

mod common;

use std::path::{Path, PathBuf};

use common::screen::{draw, text};
use gloss::tui::startup::Startup;
use gloss::tui::state::{App, Mode};

const DOC1: &str = "001_bcba7e35c127046e.txt";
const DOC2: &str = "002_3e2178b0d7cc894e.txt";

/// A workspace with a configuration file holding `config` and a state folder, both inside it.
struct Setup {
    ws: common::Workspace,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let ws = common::Workspace::new(false);
        std::fs::write(ws.dir.path().join("config.toml"), config).unwrap();
        Setup { ws }
    }

    fn config(&self) -> PathBuf {
        self.ws.dir.path().join("config.toml")
    }

    fn positions(&self) -> PathBuf {
        self.ws.dir.path().join("state/gloss/positions.toml")
    }

    fn start(&self, target: &Path) -> Result<App, String> {
        let startup = Startup {
            target: target.to_owned(),
            annotations: None,
            config: Some(self.config()),
            positions: Some(self.positions()),
        };
        let mut app = startup
            .app(|name| (name == "USER").then(|| "tester".to_owned()))
            .map_err(|e| e.to_string())?;
        app.resize(120, 36);
        Ok(app)
    }
}

fn open_rel_path(app: &App) -> &str {
    let open = app.open.as_ref().expect("a document is open");
    &app.corpus.entries[open.entry].rel_path
}

#[test]
fn a_document_opens_in_the_nearest_corpus_with_a_tag_file() {
    let s = Setup::new("");
    let corpus = s.ws.corpus();
    let app = s.start(&corpus.join(DOC2)).unwrap();
    assert_eq!(open_rel_path(&app), DOC2);
    assert_eq!(app.corpus.entries.len(), 5);
    assert_eq!(app.corpus.root, corpus.canonicalize().unwrap());
    assert_eq!(
        app.corpus.annotations_dir,
        s.ws.dir.path().canonicalize().unwrap().join("annotations")
    );

    // Deeper down, the corpus is still the folder with the tags.toml.
    std::fs::create_dir(corpus.join("notes")).unwrap();
    std::fs::write(
        corpus.join("notes/extra.md"),
        "An extra note. It is short.\n",
    )
    .unwrap();
    let app = s.start(&corpus.join("notes/extra.md")).unwrap();
    assert_eq!(open_rel_path(&app), "notes/extra.md");
    assert_eq!(app.corpus.entries.len(), 6);
    assert!(app.corpus.tags_note.is_none());

    // With no tag file above it, a document's corpus is its own folder.
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join("one.txt"), "One sentence.\n").unwrap();
    let app = s.start(&alone.path().join("one.txt")).unwrap();
    assert_eq!(open_rel_path(&app), "one.txt");
    assert_eq!(app.corpus.root, alone.path().canonicalize().unwrap());
}

#[test]
fn a_file_gloss_does_not_read_is_refused_by_name() {
    let s = Setup::new("");
    let pdf = s.ws.corpus().join("paper.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    let err = s.start(&pdf).err().expect("refused");
    assert!(
        err.starts_with(&format!("{}: not a document", pdf.display())),
        "{err}"
    );
}

#[test]
fn the_reading_position_of_each_document_comes_back_on_the_next_run() {
    let s = Setup::new("");
    let mut app = s.start(&s.ws.corpus()).unwrap();
    common::press(&mut app, "S-Tab j Enter");
    common::go_to(&mut app, "We firmly oppose");
    // Leaving a document saves where it was.
    common::press(&mut app, "S-Tab j Enter");
    assert_eq!(open_rel_path(&app), DOC2);
    let saved = std::fs::read_to_string(s.positions()).unwrap();
    assert!(saved.contains(&format!("\"{DOC1}\" = ")), "{saved}");
    common::press(&mut app, "j j j");
    let in_doc2 = common::cursor_text(&app);
    common::press(&mut app, "q");
    assert!(app.should_quit);
    drop(app);

    let mut app = s.start(&s.ws.corpus().join(DOC2)).unwrap();
    assert_eq!(common::cursor_text(&app), in_doc2);
    common::press(&mut app, "S-Tab k Enter");
    assert_eq!(open_rel_path(&app), DOC1);
    assert!(common::cursor_text(&app).starts_with("We firmly oppose"));
    // Shown near the top of the pane, where reading goes on.
    let screen = text(&draw(&app, 120, 36));
    let row = screen.lines().position(|l| l.contains('▌')).unwrap();
    assert!(row <= 4, "row {row}:\n{screen}");
}

#[test]
fn a_broken_positions_file_is_ignored_with_a_message() {
    let s = Setup::new("");
    std::fs::create_dir_all(s.positions().parent().unwrap()).unwrap();
    std::fs::write(s.positions(), "this is not toml\n").unwrap();
    let mut app = s.start(&s.ws.corpus()).unwrap();
    let status = app.status.clone().expect("a message");
    assert!(
        status
            .text
            .contains("positions.toml:1: reading positions ignored"),
        "{status:?}"
    );
    let open = app.open.as_ref().unwrap();
    assert_eq!(app.reader.cursor, open.doc.first_sentence());
    common::press(&mut app, "j q");
    let saved = std::fs::read_to_string(s.positions()).unwrap();
    assert!(
        saved.contains("000_073045cb8793dce5.txt"),
        "rewritten: {saved}"
    );
}

#[test]
fn the_configuration_names_the_annotator_and_rebinds_keys() {
    let s = Setup::new(
        "annotator = \"Ada Lovelace\"\n[keys]\nedit_note = \"m\"\nsave_note = \"C-o\"\n",
    );
    let mut app = s.start(&s.ws.corpus()).unwrap();
    common::press(&mut app, "n");
    assert!(app.mode.is_normal(), "n no longer edits a note");
    common::press(&mut app, "m");
    assert!(matches!(app.mode, Mode::Note(_)));
    common::type_text(&mut app, "why");
    // The editor's keys are rebound as the others are, and its hints say so.
    assert!(text(&draw(&app, 120, 36)).contains("C-o save · Esc cancel · Enter new line"));
    common::press(&mut app, "C-s C-o");
    assert!(app.mode.is_normal());
    app.writer.flush();
    let file = s.ws.annotations().join("000_073045cb8793dce5.txt.toml");
    let saved = std::fs::read_to_string(file).unwrap();
    assert!(saved.contains("annotator = \"Ada Lovelace\""), "{saved}");
    // The status bar and the help show the key in effect.
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("tag keys add or remove · m note · f fields · d delete · Esc leave"),
        "{screen}"
    );
    common::press(&mut app, "Esc");
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("v select · tag keys · m note · / search · F1 help · q quit"),
        "{screen}"
    );
    common::press(&mut app, "F1");
    let screen = common::screen::whole_help(&mut app, 120);
    // Each binding in effect, where the help box does not wrap its line.
    for b in app.prefs.keymap.bindings() {
        let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
        let line = format!(
            "  {:<21} {}",
            keys.join(", "),
            app.prefs.keymap.described(b)
        );
        if line.chars().count() < 90 && !keys.is_empty() {
            assert!(screen.contains(&line), "the help lacks {line:?}");
        }
    }
    let rebound = format!(
        "  {:<21} write or edit the note of the annotation here",
        "m"
    );
    assert!(screen.contains(&rebound), "{screen}");
}

#[test]
fn configuration_mistakes_stop_the_start_naming_the_file_and_line() {
    let s = Setup::new("[keys]\nquit = \"q\"\nnext_sentence = \"a\"\n");
    let err = s.start(&s.ws.corpus()).err().expect("refused");
    let tags = s.ws.corpus().join("tags.toml");
    assert_eq!(
        err,
        format!(
            "{}:3: \"a\" for next_sentence in the reading pane is the key of the tag \"accusation\" (set in {}): give next_sentence another key, or the tag",
            s.config().display(),
            tags.display()
        )
    );
    let s = Setup::new("sidebar = true\nmax_width = 3\n");
    let err = s.start(&s.ws.corpus()).err().expect("refused");
    assert!(
        err.starts_with(&format!("{}:2: max_width = 3", s.config().display())),
        "{err}"
    );
}

#[test]
fn reopening_goes_back_to_the_document_that_was_open() {
    let s = Setup::new("");
    let mut app = s.start(&s.ws.corpus()).unwrap();
    common::press(&mut app, "S-Tab j j Enter");
    assert_eq!(open_rel_path(&app), DOC2);
    common::press(&mut app, "j j q");
    let there = common::cursor_text(&app);
    drop(app);
    let app = s.start(&s.ws.corpus()).unwrap();
    assert_eq!(open_rel_path(&app), DOC2);
    assert_eq!(common::cursor_text(&app), there);
    // A document named on the command line wins, and is the one open last from then on; one
    // since removed is passed over.
    let app = s.start(&s.ws.corpus().join(DOC1)).unwrap();
    assert_eq!(open_rel_path(&app), DOC1);
    drop(app);
    std::fs::remove_file(s.ws.corpus().join(DOC1)).unwrap();
    let app = s.start(&s.ws.corpus()).unwrap();
    assert_eq!(open_rel_path(&app), "000_073045cb8793dce5.txt");
}

#[test]
fn the_export_dialog_comes_back_on_the_format_and_scope_chosen_last() {
    let s = Setup::new("");
    let mut app = s.start(&s.ws.corpus()).unwrap();
    // Format: four to the right of json is qdpx, then md; scope: the whole corpus.
    common::press(&mut app, "e l l l l l Down l Enter Esc");
    let Mode::Normal = app.mode else {
        panic!("the dialog is closed")
    };
    common::press(&mut app, "q");
    drop(app);
    let mut app = s.start(&s.ws.corpus()).unwrap();
    common::press(&mut app, "e");
    let Mode::Export(dialog) = &app.mode else {
        panic!("the dialog is open")
    };
    assert_eq!(dialog.format().name(), "md");
    assert!(dialog.whole_corpus);
}

#[test]
fn with_no_name_anywhere_the_reader_asks_one_and_writes_it_into_the_configuration() {
    let s = Setup::new("colors = \"none\"\n");
    let start = || {
        let startup = Startup {
            target: s.ws.corpus(),
            annotations: None,
            config: Some(s.config()),
            positions: Some(s.positions()),
        };
        let mut app = startup.app(|_| None).unwrap();
        app.resize(120, 36);
        app
    };
    let mut app = start();
    let screen = text(&draw(&app, 120, 36));
    assert!(
        screen.contains("Your name, written on your annotations (Esc: not now):"),
        "{screen}"
    );
    common::type_text(&mut app, "Ada");
    common::press(&mut app, "Enter a");
    app.writer.flush();
    assert_eq!(
        std::fs::read_to_string(s.config()).unwrap(),
        "colors = \"none\"\nannotator = \"Ada\"\n"
    );
    assert_eq!(app.open_annotations()[0].annotator, "Ada");
    drop(app);
    let app = start();
    assert!(matches!(app.mode, Mode::Normal), "not asked again");
    assert_eq!(app.coding.coder, "Ada");
}
