//! The real binary killed or panicking in the middle of its work: the annotation files on disk
//! are always whole, and the terminal is given back.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Session;
use gloss::core::documents::document::Document;
use gloss::core::storage::store;

/// The document the reader opens first.
const FIRST: &str = "000_073045cb8793dce5.txt";
const KILLS: usize = 50;
/// Sentences each run toggles the accusation tag on, from the top.
const EDITS: usize = 12;

/// Code-point spans of the first `n` sentences of the document.
fn sentence_spans(ws: &common::Workspace, n: usize) -> Vec<(usize, usize)> {
    let doc = Document::load(
        &ws.corpus().join(FIRST),
        FIRST,
        gloss::core::documents::reflow::Reflow::Auto,
    )
    .unwrap();
    doc.sentences()[..n]
        .iter()
        .map(|s| {
            (
                doc.index.byte_to_char(&doc.text, s.start),
                doc.index.byte_to_char(&doc.text, s.end),
            )
        })
        .collect()
}

/// Which of the sentences the file tags as an accusation; fails if it does not parse or holds
/// anything else.
fn tagged_sentences(file: &Path, spans: &[(usize, usize)]) -> BTreeSet<usize> {
    let Some(parsed) = store::load(file).unwrap_or_else(|e| panic!("{e}")) else {
        return BTreeSet::new();
    };
    parsed
        .annotations
        .iter()
        .map(|a| {
            assert_eq!(a.tags, ["accusation"], "{a:?}");
            spans
                .iter()
                .position(|&s| s == (a.start, a.end))
                .unwrap_or_else(|| panic!("an annotation on no sentence: {a:?}"))
        })
        .collect()
}

/// Files in the folder that are neither annotation files nor the lock file.
fn strays(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return vec![];
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let annotation_file = name.ends_with(".toml") && !name.starts_with('.');
            !annotation_file && name != ".gloss.lock"
        })
        .collect()
}

/// A small random generator, so that a failing run can be repeated from its seed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Each run opens the reader, sends a burst of keys that toggles the accusation tag on the
/// first sentences one after the other (each toggle a save), and kills the process with
/// SIGKILL after a random delay: before, during or after the saves. The file must then hold the
/// state before or after one of the toggles, never anything else, and the next start-up must
/// leave no temporary file behind.
#[test]
fn killed_at_random_moments_the_file_always_holds_a_whole_state() {
    let ws = common::Workspace::new(false);
    let spans = sentence_spans(&ws, EDITS);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let seed = std::env::var("GLOSS_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = XorShift(seed);
    let keys = "aj".repeat(EDITS);
    let all: BTreeSet<usize> = (0..EDITS).collect();
    let started = Instant::now();
    let mut state = BTreeSet::new();
    // Measured by the first run (which waits until every edit is on disk), so that the kills
    // fall while the edits are being saved, on a fast machine or a slow one.
    let mut burst = None;
    let (mut unchanged, mut complete, mut left_behind) = (0, 0, 0);
    for run in 0..KILLS {
        let mut s = Session::start(&ws, &[]);
        s.wait_for("Documents (5)");
        assert_eq!(
            strays(&ws.annotations()),
            Vec::<PathBuf>::new(),
            "run {run}"
        );
        s.send_at_once(&keys);
        let sent = Instant::now();
        match burst {
            None => {
                while tagged_sentences(&file, &spans) != &state ^ &all {
                    assert!(
                        sent.elapsed() < Duration::from_secs(20),
                        "the edits never arrived"
                    );
                    std::thread::sleep(Duration::from_millis(1));
                }
                burst = Some(sent.elapsed());
            }
            Some(burst) => {
                let micros = burst.as_micros() as u64 * 5 / 4;
                std::thread::sleep(Duration::from_micros(rng.below(micros)));
            }
        }
        s.kill_hard();

        left_behind += usize::from(!strays(&ws.annotations()).is_empty());
        let found = tagged_sentences(&file, &spans);
        let after_edit = (0..=EDITS).position(|done| {
            let toggled: BTreeSet<usize> = (0..done).collect();
            found == &state ^ &toggled
        });
        let Some(done) = after_edit else {
            panic!(
                "run {run} (GLOSS_KILL_SEED={seed}): the file tags sentences {found:?}, which \
                 is no state of the edits starting from {state:?}"
            );
        };
        unchanged += usize::from(done == 0);
        complete += usize::from(done == EDITS);
        state = found;
    }
    // Shown with --nocapture: how the kills fell.
    eprintln!(
        "{KILLS} kills in {:.1} s (seed {seed}, {EDITS} edits saved in {:?}): {unchanged} before \
         any save, {complete} after all, {} in between; {left_behind} left a temporary file for \
         the next start-up",
        started.elapsed().as_secs_f32(),
        burst.unwrap_or_default(),
        KILLS - unchanged - complete,
    );
}

#[test]
fn leftovers_of_a_killed_save_are_removed_at_start_up() {
    let ws = common::Workspace::new(true);
    let leftover = ws
        .annotations()
        .join(".001_bcba7e35c127046e.txt.toml.k1LLed");
    std::fs::write(&leftover, "format = 1\n[[annot").unwrap();
    let before = std::fs::read_dir(ws.annotations()).unwrap().count();
    let mut s = Session::start(&ws, &[]);
    s.wait_for("Documents (5)");
    // Removed in the background (the writer's first job), which quitting waits for.
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!leftover.exists());
    // The leftover went, the lock file came, the annotation files stayed.
    assert_eq!(std::fs::read_dir(ws.annotations()).unwrap().count(), before);
    assert!(ws.annotations().join(".gloss.lock").exists());
}

/// Through the test-only `GLOSS_TEST_PANIC_ON_KEY`: gloss has no honest way to panic.
#[test]
fn a_panic_gives_the_terminal_back_and_keeps_what_was_saved() {
    let ws = common::Workspace::new(false);
    let file = ws.annotations().join(format!("{FIRST}.toml"));
    let spans = sentence_spans(&ws, 2);
    let mut s = Session::start_with_env(&ws, &[], &[("GLOSS_TEST_PANIC_ON_KEY", "!")]);
    s.wait_for("Documents (5)");
    assert!(!s.terminal_is_cooked(), "the reader runs in raw mode");
    assert!(s.screen().alternate_screen());
    assert_ne!(
        s.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );

    s.send("a");
    s.wait_for("tagged accusation");
    // The second tag is queued for saving just before the panic: unwinding finishes the save.
    s.send_at_once("ja!");
    let status = s.wait_exit();
    assert!(!status.success(), "{status:?}");

    assert!(s.terminal_is_cooked(), "raw mode is left");
    let screen = s.screen();
    assert!(!screen.alternate_screen(), "back on the main screen");
    assert!(!screen.hide_cursor(), "the cursor is shown");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is no longer reported"
    );
    let text = screen.contents();
    assert!(text.contains("the test key was pressed"), "{text}");
    assert_eq!(tagged_sentences(&file, &spans), BTreeSet::from([0, 1]));
}

/// `kill` (SIGTERM), `kill -INT` and `kill -HUP` with the terminal still there end the reader
/// as `q` does: the terminal given back, the saves queued written, and the exit status a shell
/// gives a program the signal ended (128 + its number). (A terminal gone: tests/hangup.rs.)
#[test]
fn a_signal_to_end_gives_the_terminal_back_and_keeps_what_was_saved() {
    for (signal, number) in [("TERM", 15), ("INT", 2), ("HUP", 1)] {
        let ws = common::Workspace::new(false);
        let file = ws.annotations().join(format!("{FIRST}.toml"));
        let spans = sentence_spans(&ws, 2);
        let mut s = Session::start(&ws, &[]);
        s.wait_for("Documents (5)");
        s.send("a");
        s.wait_for("tagged accusation");
        // The second tag is queued for saving as the signal comes.
        s.send_at_once("ja");
        s.wait_for("accusation 2");
        s.signal(signal);
        let status = s.wait_exit();
        assert_eq!(status.exit_code(), 128 + number, "{signal}: {status:?}");
        assert!(s.terminal_is_cooked(), "{signal}: raw mode is left");
        let screen = s.screen();
        assert!(
            !screen.alternate_screen(),
            "{signal}: back on the main screen"
        );
        assert!(!screen.hide_cursor(), "{signal}: the cursor is shown");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{signal}: the mouse is no longer reported"
        );
        assert_eq!(
            tagged_sentences(&file, &spans),
            BTreeSet::from([0, 1]),
            "{signal}"
        );
        // Where the reader was is kept, as `q` keeps it: the second sentence.
        let positions = ws.dir.path().join("state/gloss/positions.toml");
        let saved = std::fs::read_to_string(&positions).unwrap_or_default();
        assert!(
            saved.contains(&format!("\"{FIRST}\" = {}", spans[1].0)),
            "{signal}: {saved}"
        );
    }
}
