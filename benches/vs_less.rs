//! gloss beside `less`, in one run, on the same large inputs, each in a pseudo-terminal of
//! 140×45 read back through a terminal emulator: first screen, end of the document, keystroke to
//! finished frame, tag saved, quit, idle CPU, peak memory, a 10,000-document corpus and
//! `gloss check` on one document and on the corpus, and every export of the corpus with its peak
//! memory. Prints medians and ratios, and which of the floors of issue 10 are met.
//!
//! `cargo bench --bench vs_less` (inputs, about 1 GB, are generated once under
//! `target/bench-inputs`); `-- --quick` runs every measurement once on small inputs, as CI does
//! so that this cannot rot. `GLOSS_BIN=path` times another gloss binary (an older build);
//! `GLOSS_BENCH_RUNS=n` takes the median of n runs instead of 5; `GLOSS_BENCH_ONLY=document`
//! measures only the figures of one large document (first screens, end, keys, idle, memory,
//! tag, quit), `GLOSS_BENCH_ONLY=corpus` only the corpus (its first frame, `gloss check` and the
//! exports).

mod common;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 45;
const COLS: u16 = 140;
/// A frame is finished when nothing more is written for this long; the time taken is up to the
/// last byte written, so the wait itself is not counted.
const QUIET: Duration = Duration::from_millis(40);
/// What ends each frame gloss draws: ratatui hides the cursor last.
const FRAME_END: &[u8] = b"\x1b[?25l";
/// Longest wait for a screen, long enough for slow older builds.
const PATIENCE: Duration = Duration::from_secs(300);

struct Sizes {
    doc_bytes: usize,
    annotations: usize,
    corpus_docs: usize,
    corpus_doc_bytes: usize,
    /// Annotations of each document of the corpus.
    corpus_per_doc: usize,
    /// Annotation counts for the reading of annotation files.
    reading: &'static [usize],
    check_annotations: usize,
    runs: usize,
    keys: usize,
    idle: Duration,
}

const FULL: Sizes = Sizes {
    doc_bytes: 50_000_000,
    annotations: 10_000,
    corpus_docs: 10_000,
    corpus_doc_bytes: 20_000,
    corpus_per_doc: 10,
    reading: &[1_000, 2_000, 4_000, 10_000],
    check_annotations: 1_000,
    runs: 5,
    keys: 40,
    idle: Duration::from_secs(4),
};

const QUICK: Sizes = Sizes {
    doc_bytes: 500_000,
    annotations: 200,
    corpus_docs: 50,
    corpus_doc_bytes: 5_000,
    corpus_per_doc: 3,
    reading: &[100],
    check_annotations: 50,
    runs: 1,
    keys: 3,
    idle: Duration::from_millis(500),
};

const TAGS: &str = include_str!("../corpus/tags.toml");
/// Which inputs `target/bench-inputs` holds; 2: the corpus annotated, with a partly changed copy.
const INPUTS_VERSION: &str = "2";

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut sizes = if quick { QUICK } else { FULL };
    if let Some(runs) = std::env::var("GLOSS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        sizes.runs = runs;
    }
    let sizes = &sizes;
    // The corpus's rows alone (first frame, check, exports): the 50 MB document's take minutes.
    let corpus_only = std::env::var("GLOSS_BENCH_ONLY").is_ok_and(|v| v == "corpus");
    let gloss = std::env::var("GLOSS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_gloss").into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-inputs")
        .join(if quick { "quick" } else { "full" });
    let started = Instant::now();
    let inputs = Inputs::make(&root, sizes);
    println!(
        "inputs in {} ({:.1} s); gloss is {gloss}",
        root.display(),
        started.elapsed().as_secs_f64()
    );
    // A last run's exports, removed well before these are made: ext4 makes a file slowly while
    // thousands were deleted in the last seconds (its inode allocator skips them one by one,
    // `recently_deleted`), which cost brat's 20,000 files 11 s of system time when each run
    // removed the one before.
    let exports = root.join("exports");
    let _ = std::fs::remove_dir_all(&exports);
    let mut table = Table::default();
    let g = |args: &[&Path]| {
        // Every run opens at the top, as `less` does: a place remembered by the run before (the
        // keys session moves far into the annotated document) would make the next run another
        // measurement.
        let _ = std::fs::remove_file(root.join("home/gloss/positions.toml"));
        command(&gloss, args, &root)
    };
    let less = |args: &[&str], file: &Path| {
        let mut cmd = command("less", &[], &root);
        cmd.args(args);
        cmd.arg(file);
        cmd
    };

    let mb = if sizes.doc_bytes >= 1_000_000 {
        format!("{} MB", sizes.doc_bytes / 1_000_000)
    } else {
        format!("{} KB", sizes.doc_bytes / 1_000)
    };
    // gloss's screen is done when the frame showing it is ([`Term::drawn`]), `less`'s when its
    // output rests ([`Term::settle`]).
    let first = |cmd: &dyn Fn() -> CommandBuilder, gloss: bool| {
        median(sizes.runs, || {
            let t = Instant::now();
            let mut term = Term::spawn(cmd());
            let first_words = |s: &str| s.contains(common::FIRST_WORDS);
            let done = match gloss {
                true => term.drawn(first_words),
                false => term.settle(first_words),
            };
            term.kill();
            done - t
        })
    };
    if !corpus_only {
        table.row(
            &format!("first screen, {mb} document"),
            first(&|| g(&[&inputs.plain]), true),
            Some(first(&|| less(&[], &inputs.plain), false)),
            Floor::Ratio(2.0),
        );
        table.row(
            &format!("first screen, {mb} hard-wrapped at 72 columns"),
            first(&|| g(&[&inputs.wrapped]), true),
            Some(first(&|| less(&[], &inputs.wrapped), false)),
            Floor::Ratio(2.0),
        );
        // The first screen, then `G` to the end shown: the bench's own wait for the first
        // screen to be quiet (`QUIET`) between the two is no time the reader takes.
        let gloss_end = median(sizes.runs, || {
            let t = Instant::now();
            let mut term = Term::spawn(g(&[&inputs.plain]));
            let shown = term.drawn(|s| s.contains(common::FIRST_WORDS));
            term.rest();
            let sent = Instant::now();
            term.send("G");
            let done = term.drawn(|s| s.contains(common::LAST_WORDS));
            term.kill();
            (shown - t) + (done - sent)
        });
        let less_end = median(sizes.runs, || {
            let t = Instant::now();
            let mut term = Term::spawn(less(&["+G"], &inputs.plain));
            let done = term.settle(|s| s.contains(common::LAST_WORDS));
            term.kill();
            done - t
        });
        table.row(
            &format!("open a {mb} document, then its end (`less +G`)"),
            gloss_end,
            Some(less_end),
            Floor::Ratio(2.0),
        );
        let n = sizes.annotations;
        table.row(
            &format!("first screen, {mb} document with {n} annotations"),
            first(&|| g(&[&inputs.annotated]), true),
            None,
            Floor::Time(Duration::from_millis(100)),
        );

        // One session of each on the annotated document for keys, idle, memory and quit.
        let mut gt = Term::spawn(g(&[&inputs.annotated]));
        gt.settle(|s| s.contains(common::FIRST_WORDS));
        let mut lt = Term::spawn(less(&[], &inputs.annotated));
        lt.settle(|s| s.contains(common::FIRST_WORDS));
        // `j` first while the document's sentences are still being found, in the background
        // (about a second for 50 MB), as a reader's first keys are; then again once they are all
        // found, as every key after is.
        for (key, name, indexed) in [("j", "j", false), (" ", "Space", false), ("j", "j", true)] {
            // (`settle` looks at the screen as bytes come: one that says so already needs none.)
            if indexed && gt.screen.screen().contents().contains("indexing") {
                gt.settle(|s| !s.contains("indexing"));
            }
            let gk = median(sizes.keys, || gt.key_drawn(key));
            let lk = median(sizes.keys, || lt.key(key));
            let when = match indexed {
                true => ", the document indexed",
                false => "",
            };
            table.row(
                &format!("`{name}` → finished frame, with {n} annotations{when}"),
                gk,
                Some(lk),
                Floor::Both(Duration::from_millis(2), 2.0),
            );
        }
        // The idle check runs every 2 s: give it time to have read the file once.
        std::thread::sleep(Duration::from_secs(if sizes.runs > 1 { 3 } else { 0 }));
        let (gi, li) = (gt.cpu_while_idle(sizes.idle), lt.cpu_while_idle(sizes.idle));
        table.note(
            "CPU while idle, that document open",
            format!("{gi:.1}% of a core"),
            format!("{li:.1}%"),
            gi < 0.5,
            "≈ 0%",
        );
        let (gm, lm) = (gt.peak_memory_mb(), lt.peak_memory_mb());
        let floor_mb = 1.5 * sizes.doc_bytes as f64 / 1e6 + 30.0;
        table.note(
            "peak memory, that document open",
            format!("{gm:.0} MB"),
            format!("{lm:.0} MB"),
            gm <= floor_mb,
            &format!("≤ {floor_mb:.0} MB"),
        );
        // The key adds the tag, then takes it off, and so on: an even number of saves leaves
        // the annotations as they were for the next run; a median, not one save, whose time
        // is mostly the disk's.
        let saves = 2 * sizes.runs.div_ceil(2);
        table.row(
            &format!("tag key → annotation file on disk, that document (median of {saves})"),
            median(saves, || gt.tag_saved("r", &inputs.annotation_file)),
            None,
            Floor::Time(Duration::from_millis(50)),
        );
        table.row(
            "`q` → exit, that document",
            gt.quit("q"),
            Some(lt.quit("q")),
            Floor::Time(Duration::from_millis(100)),
        );
    }
    if std::env::var("GLOSS_BENCH_ONLY").is_ok_and(|only| only == "document") {
        table.print();
        return;
    }
    let docs = sizes.corpus_docs;
    // The list fills in as the documents are read, so the screen does not rest until they all
    // are: the first frame is the first screen with the list and the open document, and `less`
    // is timed the same way; then, apart, until the last document is read.
    let (mut corpus_first, mut corpus_read) = (Vec::new(), Vec::new());
    for _ in 0..sizes.runs {
        let t = Instant::now();
        let mut term = Term::spawn(g(&[&inputs.corpus]));
        corpus_first.push(
            term.appear(|s| s.contains("Documents (") && s.contains(common::FIRST_WORDS)) - t,
        );
        corpus_read
            .push(term.settle(|s| s.contains("Documents (") && !s.contains(" reading ")) - t);
        term.kill();
    }
    let one_file = inputs.corpus.join(common::corpus_document_name(0));
    let less_first = median(sizes.runs, || {
        let t = Instant::now();
        let mut term = Term::spawn(less(&[], &one_file));
        let done = term.appear(|s| s.contains(common::FIRST_WORDS));
        term.kill();
        done - t
    });
    let corpus_annotations = docs * sizes.corpus_per_doc;
    table.row(
        &format!(
            "first frame, corpus of {docs} documents, {corpus_annotations} annotations (`less` on one)"
        ),
        middle(&mut corpus_first),
        Some(less_first),
        Floor::Time(Duration::from_millis(100)),
    );
    table.row(
        "every document of that corpus read, the list complete",
        middle(&mut corpus_read),
        None,
        Floor::None,
    );

    // Wall time, with the CPU time beside it: the machine may be shared.
    let check = |table: &mut Table, name: &str, corpus: &Path, floor: Duration| {
        let usage = median_by_time(sizes.runs.min(3), || {
            let (usage, out) = under_time(&gloss, &["check".as_ref(), corpus.as_os_str()], &root);
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "gloss check failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            usage
        });
        let floor = if floor.is_zero() {
            Floor::None
        } else {
            Floor::Time(floor)
        };
        table.row(name, usage.wall, None, floor);
        table.cpu(&usage);
    };
    if !corpus_only {
        check(
            &mut table,
            &format!(
                "`gloss check`, {mb} document changed, {} annotations",
                sizes.check_annotations
            ),
            &inputs.changed,
            Duration::from_secs(1),
        );
        for (count, corpus) in &inputs.reading {
            check(
                &mut table,
                &format!("`gloss check`, {mb} document unchanged, {count} annotations"),
                corpus,
                Duration::ZERO,
            );
        }
    }
    check(
        &mut table,
        &format!("`gloss check`, corpus of {docs} documents, {corpus_annotations} annotations"),
        &inputs.corpus,
        Duration::from_secs(1),
    );
    check(
        &mut table,
        &format!(
            "`gloss check`, that corpus with {} documents changed",
            inputs.corpus_changed_docs
        ),
        &inputs.corpus_changed,
        Duration::from_secs(3),
    );
    for format in ["csv", "json", "jsonl", "brat", "qdpx", "md"] {
        // Each run into a path of its own: see `exports` above.
        let mut run = 0;
        let usage = median_by_time(sizes.runs.min(3), || {
            run += 1;
            let out = exports
                .join(format!("{run}"))
                .join(format!("corpus.{format}"));
            export(&gloss, &root, format, &inputs.corpus, &out)
        });
        table.row(
            &format!("export --format {format}, {corpus_annotations} annotations"),
            usage.wall,
            None,
            Floor::Time(Duration::from_secs(2)),
        );
        table.cpu(&usage);
        let peak_mb = usage.peak_mb;
        table.note(
            &format!("peak memory, that export ({format})"),
            format!("{peak_mb:.0} MB"),
            "—".into(),
            peak_mb <= 100.0,
            "≤ 100 MB",
        );
    }
    table.print();
}

/// `gloss export --format FORMAT --out OUT CORPUS`.
fn export(gloss: &str, root: &Path, format: &str, corpus: &Path, out: &Path) -> Usage {
    let args = ["export", "--format", format, "--out"].map(OsStr::new);
    let args = [&args[..], &[out.as_os_str(), corpus.as_os_str()]].concat();
    let (usage, run) = under_time(gloss, &args, root);
    assert!(
        run.status.success(),
        "gloss export --format {format} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    usage
}

/// What a command cost, as `/usr/bin/time` reports it.
struct Usage {
    wall: Duration,
    /// User and system time, all threads.
    cpu: Duration,
    /// Peak resident memory, in MB.
    peak_mb: f64,
}

/// `program ARGS` under `/usr/bin/time`, with a configuration of its own under `root`: what it
/// cost, and its output (`/usr/bin/time`'s report taken off the end of its standard error).
fn under_time(program: &str, args: &[&OsStr], root: &Path) -> (Usage, std::process::Output) {
    let t = Instant::now();
    let mut run = std::process::Command::new("/usr/bin/time")
        .args(["-f", "usage %U %S %M", program])
        .args(args)
        .env("XDG_CONFIG_HOME", root.join("home"))
        .output()
        .expect("/usr/bin/time runs gloss (Debian package time)");
    let wall = t.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    let (rest, report) = stderr
        .trim_end()
        .rsplit_once('\n')
        .unwrap_or(("", stderr.trim_end()));
    let numbers: Vec<f64> = report
        .strip_prefix("usage ")
        .unwrap_or_else(|| panic!("/usr/bin/time reports what {program} cost: {stderr}"))
        .split(' ')
        .map(|n| n.parse().expect("a number"))
        .collect();
    let usage = Usage {
        wall,
        cpu: Duration::from_secs_f64(numbers[0] + numbers[1]),
        peak_mb: numbers[2] * 1024.0 / 1e6,
    };
    run.stderr = rest.as_bytes().to_vec();
    (usage, run)
}

/// The run of median wall time of `runs`.
fn median_by_time(runs: usize, mut measure: impl FnMut() -> Usage) -> Usage {
    let mut all: Vec<Usage> = (0..runs).map(|_| measure()).collect();
    all.sort_by_key(|u| u.wall);
    all.swap_remove(all.len() / 2)
}

/// Where the generated inputs are: each document in a corpus folder of its own (with the shipped
/// tag scheme), the large ones hard links of one file.
struct Inputs {
    plain: PathBuf,
    wrapped: PathBuf,
    annotated: PathBuf,
    annotation_file: PathBuf,
    corpus: PathBuf,
    /// The corpus with every tenth document changed.
    corpus_changed: PathBuf,
    corpus_changed_docs: usize,
    changed: PathBuf,
    reading: Vec<(usize, PathBuf)>,
}

impl Inputs {
    fn make(root: &Path, sizes: &Sizes) -> Inputs {
        let done = root.join("complete");
        let folder = |name: &str| {
            let dir = root.join(name).join("corpus");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("tags.toml"), TAGS).unwrap();
            dir
        };
        // Made again when what is made changes (the version in the marker).
        let make = std::fs::read_to_string(&done).ok().as_deref() != Some(INPUTS_VERSION);
        let text = if make {
            let _ = std::fs::remove_dir_all(root);
            common::document(sizes.doc_bytes)
        } else {
            String::new()
        };
        let plain = folder("plain").join("big.txt");
        let wrapped = folder("wrapped").join("big.txt");
        let annotated = folder("annotated").join("big.txt");
        let changed = folder("changed");
        let corpus = folder("corpus");
        let corpus_changed = root.join("corpus-changed").join("corpus");
        let annotation_file = root.join("annotated/annotations/big.txt.toml");
        let reading: Vec<(usize, PathBuf)> = sizes
            .reading
            .iter()
            .map(|&n| (n, folder(&format!("reading{n}"))))
            .collect();
        if make {
            std::fs::write(&plain, &text).unwrap();
            std::fs::write(&wrapped, common::hard_wrapped(&text, 72)).unwrap();
            std::fs::hard_link(&plain, &annotated).unwrap();
            let tags = ["accusation", "denial"];
            let file = common::annotations(&text, "big.txt", sizes.annotations, &tags);
            common::write_annotations(annotated.parent().unwrap(), &file);
            for (n, dir) in &reading {
                std::fs::hard_link(&plain, dir.join("big.txt")).unwrap();
                common::write_annotations(dir, &common::annotations(&text, "big.txt", *n, &tags));
            }
            let file = common::annotations(&text, "big.txt", sizes.check_annotations, &tags);
            common::write_annotations(&changed, &file);
            let edited = text.replacen("\n\n", "\n\nA paragraph added at the top.\n\n", 1);
            std::fs::write(changed.join("big.txt"), edited).unwrap();
            common::corpus(
                &corpus,
                sizes.corpus_docs,
                sizes.corpus_doc_bytes,
                sizes.corpus_per_doc,
            );
            common::corpus_partly_changed(&corpus, &corpus_changed, 10);
            std::fs::create_dir_all(root.join("home")).unwrap();
            std::fs::write(&done, INPUTS_VERSION).unwrap();
        }
        Inputs {
            plain,
            wrapped,
            annotated,
            annotation_file,
            corpus,
            corpus_changed_docs: sizes.corpus_docs.div_ceil(10),
            corpus_changed,
            changed,
            reading,
        }
    }
}

/// `program ARGS` with a configuration and state of its own under `root`, so that the user's
/// settings and remembered positions stay out of the figures.
fn command(program: &str, args: &[&Path], root: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.cwd(root);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", root.join("home"));
    cmd.env("XDG_STATE_HOME", root.join("home"));
    cmd.env("LESSHISTFILE", "-");
    // With no name anywhere gloss asks for one first, and the keys sent would type it.
    cmd.env("USER", "bench");
    cmd.env_remove("LESS");
    cmd.env_remove("GLOSS_CONFIG");
    cmd
}

/// The median of `times`.
fn middle(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn median(runs: usize, mut measure: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| measure()).collect();
    middle(&mut times)
}

/// A program in a pseudo-terminal; what it writes arrives stamped with the time it was read.
struct Term {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    screen: vt100::Parser,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Term {
    /// Puts output on the emulated screen, answering what a real terminal answers: the
    /// emulator does not reply to a device-attributes query (`ESC [ c`), which gloss sends at
    /// start to learn whether keyboard enhancement is supported, and would wait for in vain.
    fn take(&mut self, bytes: &[u8]) {
        self.screen.process(bytes);
        if bytes.windows(3).any(|w| w == b"\x1b[c") {
            self.writer.write_all(b"\x1b[?62;22c").unwrap();
            self.writer.flush().unwrap();
        }
    }

    fn spawn(cmd: CommandBuilder) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65_536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        Term {
            child,
            writer: pair.master.take_writer().unwrap(),
            output,
            screen: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            _master: pair.master,
        }
    }

    /// Takes what comes until nothing more does for [`QUIET`].
    fn rest(&mut self) {
        while let Ok((_, bytes)) = self.output.recv_timeout(QUIET) {
            self.take(&bytes);
        }
    }

    /// Waits until the screen's text satisfies `ready` and nothing more comes for [`QUIET`];
    /// returns when the last byte came.
    fn settle(&mut self, ready: impl Fn(&str) -> bool) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        let mut last = Instant::now();
        let mut is_ready = false;
        loop {
            let wait = if is_ready {
                QUIET
            } else {
                Duration::from_millis(100)
            };
            match self.output.recv_timeout(wait) {
                Ok((at, bytes)) => {
                    self.take(&bytes);
                    last = at;
                    is_ready = ready(&self.screen.screen().contents());
                }
                Err(RecvTimeoutError::Timeout) if is_ready => return last,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the program ended; its screen:\n{}",
                    self.screen.screen().contents()
                ),
            }
            assert!(
                Instant::now() < deadline,
                "the screen never got ready; it shows:\n{}",
                self.screen.screen().contents()
            );
        }
    }

    /// For gloss, whose every frame ends by hiding the cursor ([`FRAME_END`], ratatui's last
    /// write of a draw): waits for the end of the first frame after which the screen's text
    /// satisfies `ready`, and returns when it came. A later frame that shows something else is
    /// another event, which [`Term::settle`]'s wait for quiet would count whenever it came
    /// within [`QUIET`]: once a 50 MB document is read whole (some 60 ms after `G` in the
    /// bench), its entry in the list is filled in, and the indexing's progress shows every
    /// 200 ms.
    fn drawn(&mut self, ready: impl Fn(&str) -> bool) -> Instant {
        self.drawn_when(|screen| ready(&screen.contents()))
    }

    /// [`Term::drawn`], `ready` asked of the whole screen.
    fn drawn_when(&mut self, ready: impl Fn(&vt100::Screen) -> bool) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        // The end of the bytes before, where the mark may have begun.
        let mut before = Vec::new();
        loop {
            let (at, bytes) = self.output.recv_timeout(PATIENCE).expect("a frame comes");
            let seen = [before.as_slice(), &bytes].concat();
            let frame_ends = seen
                .windows(FRAME_END.len())
                .rposition(|w| w == FRAME_END)
                .map(|i| i + FRAME_END.len() - before.len());
            before = seen[seen.len().saturating_sub(FRAME_END.len() - 1)..].to_vec();
            // The screen as the last frame in these bytes left it, then whatever follows it.
            let (ended, rest) = bytes.split_at(frame_ends.unwrap_or(0));
            self.take(ended);
            let shown = frame_ends.is_some() && ready(self.screen.screen());
            self.take(rest);
            if shown {
                return at;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never got ready; it shows:\n{}",
                self.screen.screen().contents()
            );
        }
    }

    /// Waits until the screen's text satisfies `ready`; returns when the bytes that made it so
    /// came, whatever comes after.
    fn appear(&mut self, ready: impl Fn(&str) -> bool) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.output.recv_timeout(PATIENCE) {
                Ok((at, bytes)) => {
                    self.take(&bytes);
                    if ready(&self.screen.screen().contents()) {
                        return at;
                    }
                }
                Err(_) => panic!(
                    "the screen never got ready; it shows:\n{}",
                    self.screen.screen().contents()
                ),
            }
            assert!(Instant::now() < deadline, "the screen never got ready");
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// From sending `keys` to the end of the frame they bring, for gloss (see [`Term::drawn`]);
    /// what comes after it is let pass before the next key.
    fn key_drawn(&mut self, keys: &str) -> Duration {
        let before = self.screen.screen().contents_formatted();
        let sent = Instant::now();
        self.send(keys);
        let done = self.drawn_when(|screen| screen.contents_formatted() != before);
        self.rest();
        done - sent
    }

    /// From sending `keys` to the last byte of the frame they bring.
    fn key(&mut self, keys: &str) -> Duration {
        let before = self.screen.screen().contents_formatted();
        let sent = Instant::now();
        self.send(keys);
        let deadline = sent + PATIENCE;
        loop {
            let (at, bytes) = self.output.recv_timeout(PATIENCE).expect("the frame comes");
            self.take(&bytes);
            if self.screen.screen().contents_formatted() != before {
                let mut last = at;
                while let Ok((at, bytes)) = self.output.recv_timeout(QUIET) {
                    self.take(&bytes);
                    last = at;
                }
                return last - sent;
            }
            assert!(Instant::now() < deadline, "the key changed nothing");
        }
    }

    /// From sending `keys` to the process's end.
    fn quit(&mut self, keys: &str) -> Duration {
        let sent = Instant::now();
        self.send(keys);
        self.child.wait().expect("the program ends");
        sent.elapsed()
    }

    /// From the tag key to the annotation file being replaced.
    fn tag_saved(&mut self, key: &str, file: &Path) -> Duration {
        let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let before = stamp(file);
        let sent = Instant::now();
        self.send(key);
        while stamp(file) == before {
            assert!(sent.elapsed() < PATIENCE, "the file was never saved");
            std::thread::sleep(Duration::from_micros(200));
        }
        let saved = sent.elapsed();
        while self.output.recv_timeout(QUIET).is_ok() {}
        saved
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Percent of one core used over `span` while nothing is pressed.
    fn cpu_while_idle(&mut self, span: Duration) -> f64 {
        let ticks = |pid: u32| -> u64 {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
            let after_name = &stat[stat.rfind(')').unwrap() + 2..];
            let fields: Vec<&str> = after_name.split(' ').collect();
            // utime and stime, fields 14 and 15 of proc(5), counted from the state (field 3).
            fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
        };
        let pid = self.pid();
        let before = ticks(pid);
        let t = Instant::now();
        std::thread::sleep(span);
        let used = ticks(pid) - before;
        // Clock ticks are 1/100 s on Linux.
        used as f64 / 100.0 / t.elapsed().as_secs_f64() * 100.0
    }

    fn peak_memory_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        kb * 1024.0 / 1e6
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a figure must reach (issue 10).
enum Floor {
    /// At most this many times `less`.
    Ratio(f64),
    Time(Duration),
    /// Both at most this time and this many times `less`.
    Both(Duration, f64),
    None,
}

#[derive(Default)]
struct Table {
    rows: Vec<[String; 5]>,
}

impl Table {
    fn row(&mut self, name: &str, gloss: Duration, less: Option<Duration>, floor: Floor) {
        let floor_set = !matches!(floor, Floor::None);
        let ratio = less.map(|l| gloss.as_secs_f64() / l.as_secs_f64().max(1e-6));
        let (met, wanted) = match floor {
            Floor::Ratio(r) => (ratio.is_none_or(|x| x <= r), format!("≤ {r}× less")),
            Floor::Time(t) => (gloss <= t, format!("≤ {}", ms(t))),
            Floor::Both(t, r) => (
                gloss <= t && ratio.is_none_or(|x| x <= r),
                format!("≤ {}, ≤ {r}× less", ms(t)),
            ),
            Floor::None => (true, String::new()),
        };
        let verdict = match (floor_set, met) {
            (false, _) => "— (compare the counts: linear or not)".to_owned(),
            (true, true) => format!("met {wanted}"),
            (true, false) => format!("NOT met {wanted}"),
        };
        self.rows.push([
            name.to_owned(),
            ms(gloss),
            less.map_or("—".into(), ms),
            ratio.map_or("—".into(), |r| format!("{r:.1}×")),
            verdict,
        ]);
        // Printed as it goes too, so that a long run shows progress.
        let row = self.rows.last().unwrap();
        eprintln!(
            "{} | {} | {} | {} | {}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }

    /// The CPU time of the command of the row before, beside its wall time.
    fn cpu(&mut self, usage: &Usage) {
        self.rows.push([
            "CPU time (user + system), that run".into(),
            ms(usage.cpu),
            "—".into(),
            "—".into(),
            "—".into(),
        ]);
    }

    fn note(&mut self, name: &str, gloss: String, less: String, met: bool, wanted: &str) {
        self.rows.push([
            name.to_owned(),
            gloss,
            less,
            "—".into(),
            format!("{} {wanted}", if met { "met" } else { "NOT met" }),
        ]);
    }

    fn print(&self) {
        println!("\n| figure | gloss | less | ratio | floor |\n|---|---|---|---|---|");
        for row in &self.rows {
            println!("| {} |", row.join(" | "));
        }
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        // A key's frame: `less` answers some in 0.04 ms.
        format!("{ms:.2} ms")
    }
}
