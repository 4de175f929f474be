//! The command line through the real binary, in temporary folders (the configuration and state
//! folders too): `config --path` and `--init`, `help keys` with a rebound key, completions, and
//! configuration mistakes that stop gloss before it touches the terminal.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs gloss in the workspace, with its configuration and state folders inside it.
fn gloss(ws: &common::Workspace, args: &[&str]) -> Output {
    ws.gloss().args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn config_file(ws: &common::Workspace) -> PathBuf {
    ws.dir.path().join("config/gloss/config.toml")
}

fn write_config(ws: &common::Workspace, text: &str) -> PathBuf {
    let path = config_file(ws);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn config_path_is_in_the_xdg_folder_unless_gloss_config_names_another() {
    let ws = common::Workspace::new(false);
    let out = gloss(&ws, &["config", "--path"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("{}\n", config_file(&ws).display()));

    let elsewhere = ws.dir.path().join("elsewhere.toml");
    let out = ws
        .gloss()
        .args(["config", "--path"])
        .env("GLOSS_CONFIG", &elsewhere)
        .output()
        .unwrap();
    assert_eq!(stdout(&out), format!("{}\n", elsewhere.display()));
}

#[test]
fn config_init_writes_a_commented_default_once() {
    let ws = common::Workspace::new(false);
    let out = gloss(&ws, &["config", "--init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = config_file(&ws);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.starts_with("# gloss: your configuration."),
        "{written}"
    );
    assert!(written.contains("# edit_note = [\"n\"]"), "{written}");
    // It is a valid file: gloss reads it.
    let out = gloss(&ws, &["help", "keys"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    std::fs::write(&path, "annotator = \"mine\"\n").unwrap();
    let out = gloss(&ws, &["config", "--init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "gloss: {} already exists and is left as it is: edit it, or move it away and run `gloss config --init` again\n",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "annotator = \"mine\"\n"
    );
}

/// `gloss help keys` prints the keys in effect as the configuration writes them: fed back as
/// the configuration, gloss reads it and prints the same keys.
#[test]
fn help_keys_prints_the_keys_in_effect_as_a_configuration_gloss_reads() {
    let ws = common::Workspace::new(false);
    let defaults = stdout(&gloss(&ws, &["help", "keys"]));
    assert!(
        defaults.contains(
            "\n[keys]\n\n# In the list, the reading pane and the sidebar\nquit = [\"q\", \"C-c\"] "
        ),
        "{defaults}"
    );
    let note = "# write or edit the note of the annotation here\n";
    assert!(
        defaults.contains(&format!("{:<40} {note}", "edit_note = [\"n\"]")),
        "{defaults}"
    );
    assert!(
        defaults.contains("#   a  accusation (claim): "),
        "{defaults}"
    );

    write_config(&ws, "[keys]\nedit_note = [\"m\", \"C-n\"]\n");
    let out = gloss(&ws, &["help", "KEYS"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rebound = stdout(&out);
    assert!(
        rebound.contains(&format!("{:<40} {note}", "edit_note = [\"m\", \"C-n\"]")),
        "{rebound}"
    );
    // Only its lines changed: the reading pane's and the sidebar's (commented: the same action),
    // and the two texts that name its key (the search's Esc, the note editor's heading).
    let changed = defaults
        .lines()
        .zip(rebound.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 4);
    assert_eq!(defaults.lines().count(), rebound.lines().count());

    // Read back: the reader takes it, and the keys are the same.
    for printed in [defaults, rebound] {
        write_config(&ws, &printed);
        let out = gloss(&ws, &["help", "keys"]);
        assert_eq!(out.status.code(), Some(0), "{}\n{printed}", stderr(&out));
        assert_eq!(stdout(&out), printed);
    }
}

#[test]
fn completions_are_a_script_for_each_shell() {
    let ws = common::Workspace::new(false);
    for (shell, marker) in [
        ("bash", "complete -F _gloss"),
        ("zsh", "#compdef gloss"),
        ("fish", "complete -c gloss"),
    ] {
        let out = gloss(&ws, &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}:\n{script}");
        for word in ["config", "completions", "annotations", "init"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    // Option values are offered too: agree's formats, for one.
    let bash = stdout(&gloss(&ws, &["completions", "bash"]));
    assert!(bash.contains("table json csv"), "{bash}");
    let out = gloss(&ws, &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_documents_the_commands_the_files_and_the_environment() {
    let ws = common::Workspace::new(false);
    let help = stdout(&gloss(&ws, &["--help"]));
    for word in [
        "gloss DOCUMENT",
        "config",
        "help",
        "completions",
        "GLOSS_CONFIG",
        "NO_COLOR",
        "XDG_STATE_HOME",
        "positions.toml",
        "Exit status",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let out = gloss(&ws, &["help", "config"]);
    assert!(
        stdout(&out).contains("Usage: gloss config"),
        "{}",
        stdout(&out)
    );
    let out = gloss(&ws, &["help", "everything"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gloss help keys"));
}

/// Mistakes in the configuration stop gloss with the file and line, before the terminal is
/// touched: nothing on standard output, exit status 2.
fn refused(ws: &common::Workspace, args: &[&str]) -> String {
    let out = gloss(ws, args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "the terminal was touched");
    stderr(&out)
}

#[test]
fn a_broken_configuration_is_an_error_naming_the_file_and_line() {
    let ws = common::Workspace::new(false);
    let path = write_config(&ws, "sidebar = true\n\n[theme]\ncursor = \"mauve\"\n");
    let err = refused(&ws, &["corpus"]);
    assert!(
        err.starts_with(&format!(
            "gloss: {}:4: theme.cursor: unknown colour",
            path.display()
        )),
        "{err}"
    );

    write_config(&ws, "colors = 256\n");
    let err = refused(&ws, &["corpus"]);
    assert!(
        err.starts_with(&format!("gloss: {}:1:", path.display())),
        "{err}"
    );

    write_config(&ws, "[keys\n");
    let err = refused(&ws, &["help", "keys"]);
    assert!(
        err.starts_with(&format!("gloss: {}:1:", path.display())),
        "{err}"
    );

    // Without a key for the help, no screen would show the keys.
    write_config(&ws, "[keys]\nhelp = []\n");
    let err = refused(&ws, &["corpus"]);
    assert!(
        err.starts_with(&format!(
            "gloss: {}:2: help needs at least one key",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn key_conflicts_name_both_actions_the_file_and_the_line() {
    let ws = common::Workspace::new(false);
    let path = write_config(&ws, "[keys]\nundo = \"x\"\n\ntop = [\"t\", \"x\"]\n");
    let err = refused(&ws, &["corpus"]);
    assert_eq!(
        err,
        format!(
            "gloss: {}:4: \"x\" would be the key of both top and undo (line 2) in the reading pane: give one of them another key\n",
            path.display()
        )
    );
    write_config(&ws, "[keys]\nprevious_sentence = \"r\"\n");
    let err = refused(&ws, &["corpus"]);
    let tags = Path::new("corpus").join("tags.toml");
    assert_eq!(
        err,
        format!(
            "gloss: {}:2: \"r\" for previous_sentence in the reading pane is the key of the tag \"denial\" (set in {}): give previous_sentence another key, or the tag\n",
            path.display(),
            tags.display()
        )
    );
}

/// Keys that would clash with what is typed: a link type's key in the link type picker, a
/// letter where text is typed. The reader, `gloss help keys` and `gloss check` refuse them,
/// naming the file, the line, both uses and what to do.
#[test]
fn keys_that_would_hide_a_link_type_or_typed_text_are_refused() {
    let ws = common::Workspace::new(false);
    let path = write_config(&ws, "[keys]\nchoose = [\"Enter\", \"o\"]\n");
    let tags = Path::new("corpus").join("tags.toml");
    let expected = format!(
        "gloss: {}:2: \"o\" for choose in the link type picker is the key of the link type \"source of\" (set in {}): give choose another key, or the link type\n",
        path.display(),
        tags.display()
    );
    assert_eq!(refused(&ws, &["corpus"]), expected);
    assert_eq!(refused(&ws, &["check", "corpus"]), expected);
    write_config(&ws, "[keys]\nnext_field = [\"Down\", \"s\"]\n");
    let err = refused(&ws, &["corpus"]);
    assert!(
        err.starts_with(&format!(
            "gloss: {}:2: \"s\" for next_field is a character typed into ",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("instead of being typed; give next_field a key that types nothing"),
        "{err}"
    );
    assert_eq!(refused(&ws, &["help", "keys"]), err);
}

/// `C-j` is read as `Enter` (the line feed a terminal makes of it before raw mode), so a key
/// table binding it binds `Enter`, and where `Enter` does something else that is a clash, as
/// any other, not a key that silently does what `Enter` does.
#[test]
fn control_j_bound_is_enter_and_clashes_with_it() {
    let ws = common::Workspace::new(false);
    let path = write_config(&ws, "[keys]\nsave_note = [\"C-j\"]\n");
    assert_eq!(
        refused(&ws, &["check", "corpus"]),
        format!(
            "gloss: {}:2: \"Enter\" would be the key of both save_note and new_line (the default) in the note editor: give one of them another key\n",
            path.display()
        )
    );
}

/// The workspace's annotations, copied `times` times over (new ids) by a CSV import, so that
/// exports outgrow every buffer on their way out.
fn multiply_annotations(ws: &common::Workspace, times: usize) {
    let csv = stdout(&gloss(ws, &["export", "--format", "csv", "corpus"]));
    let mut lines = csv.lines();
    let mut many = format!("{}\n", lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    for i in 0..times {
        for row in &rows {
            let (rest, id) = row.rsplit_once(',').unwrap();
            many.push_str(&format!(
                "{rest},{}{}\n",
                &id[..id.len() - 8],
                10_000_000 + i
            ));
        }
    }
    let file = ws.dir.path().join("many.csv");
    std::fs::write(&file, many).unwrap();
    let out = gloss(ws, &["import", "--format", "csv", "many.csv", "corpus"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_export_whose_reader_has_gone_is_no_failure_for_any_format() {
    let ws = common::Workspace::new(true);
    multiply_annotations(&ws, 40);
    for format in ["json", "jsonl", "csv", "md", "qdpx"] {
        // A pipe whose reading end is closed before gloss writes, as `| head -1` leaves it once
        // it has its line: every write fails with "broken pipe".
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = ws
            .gloss()
            .args(["export", "--format", format, "corpus"])
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(!stderr(&out).contains("pipe"), "{format}: {}", stderr(&out));
    }
}

#[test]
fn export_out_dash_is_standard_output() {
    let ws = common::Workspace::new(true);
    let out = gloss(&ws, &["export", "--format", "csv", "--out", "-", "corpus"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("\u{feff}document,title,start,end,quote,tag"));
    assert!(!ws.dir.path().join("-").exists());
}

#[test]
fn export_jsonl_warns_of_the_labels_a_default_doccano_project_drops() {
    let ws = common::Workspace::new(true);
    let out = gloss(&ws, &["export", "--format", "jsonl", "corpus"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Each of the 7 shipped annotations has two tags: doccano keeps one of each pair.
    assert!(
        stderr(&out).contains("would drop 7 of these 14 labels on import"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--labels joined"));
    assert!(stdout(&out).contains("\"offsets\":\"utf16\""));

    let out = gloss(
        &ws,
        &[
            "export", "--format", "jsonl", "--labels", "joined", "corpus",
        ],
    );
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.contains("[655,716,\"denial + non-authoritative\"]"),
        "{text}"
    );
    let labels: Vec<serde_json::Value> = text
        .lines()
        .flat_map(|l| {
            let line: serde_json::Value = serde_json::from_str(l).unwrap();
            line["label"].as_array().unwrap().clone()
        })
        .collect();
    assert_eq!(labels.len(), 7);
}

#[test]
fn the_reader_without_a_terminal_says_so_and_exits_3() {
    let ws = common::Workspace::new(true);
    let out = ws
        .gloss()
        .arg("corpus")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("gloss: the reader needs a terminal"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn completions_offer_the_values_of_format_options() {
    let ws = common::Workspace::new(false);
    let bash = stdout(&gloss(&ws, &["completions", "bash"]));
    assert!(bash.contains("\"json jsonl csv brat qdpx md\""), "{bash}");
    assert!(bash.contains("\"utf16 codepoints bytes\""), "{bash}");
    assert!(bash.contains("\"text json\""), "{bash}");
    let fish = stdout(&gloss(&ws, &["completions", "fish"]));
    assert!(
        fish.contains("-l format") && fish.contains("qdpx"),
        "{fish}"
    );
}

#[test]
fn man_prints_gloss_s_page_and_each_command_s() {
    let ws = common::Workspace::new(false);
    let out = gloss(&ws, &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH gloss 1"), "{page}");
    assert!(page.contains("gloss\\-export(1)") && page.contains("Exit status:"));
    let page = stdout(&gloss(&ws, &["man", "export"]));
    assert!(page.contains(".TH gloss-export 1"), "{page}");
    assert!(page.contains("\\-\\-raw\\-cells") && page.contains("qdpx"));
    // man itself reads it (man-db, on every machine of the project).
    let mut man = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("man runs");
    use std::io::Write as _;
    man.stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let shown = man.wait_with_output().unwrap();
    // man justifies lines with extra spaces between words.
    let shown = String::from_utf8_lossy(&shown.stdout);
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("gloss export [--out]"), "{shown}");
    let out = gloss(&ws, &["man", "exports"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give one of check, export"),
        "{}",
        stderr(&out)
    );
}

/// A key the configuration sets where a tag key acts stops the reader and `gloss help keys` alike,
/// with the same message: the file, the line, both actions and what to do.
#[test]
fn help_keys_refuses_a_key_table_the_reader_refuses() {
    let ws = common::Workspace::new(false);
    let path = write_config(&ws, "[keys]\nedit_note = \"a\"\n");
    let err = refused(&ws, &["help", "keys"]);
    assert!(
        err.starts_with(&format!(
            "gloss: {}:2: \"a\" for edit_note in the reading pane is the key of the tag \"accusation\"",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(refused(&ws, &["corpus"]), err);

    // In the review screen `s` would merge rather than tag "statistic".
    write_config(&ws, "[keys]\n\nmerge_versions = \"s\"\n");
    let err = refused(&ws, &["corpus"]);
    assert!(
        err.starts_with(&format!(
            "gloss: {}:3: \"s\" for merge_versions in the review screen is the key of the tag \"statistic\"",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("give merge_versions another key, or the tag"),
        "{err}"
    );
    assert_eq!(refused(&ws, &["help", "keys"]), err);
}
