//! The command line through the real binary, in temporary folders (the configuration and state
//! folders too): `config --path` and `--init`, `help keys` with a rebound key, completions, and
//! configuration mistakes that stop gloss before it touches the terminal.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs gloss in the workspace, with its configuration and state folders inside it.
fn gloss(ws: &common::Workspace, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(ws.dir.path())
        .env("XDG_CONFIG_HOME", ws.dir.path().join("config"))
        .env("XDG_STATE_HOME", ws.dir.path().join("state"))
        .env_remove("GLOSS_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
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
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
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

#[test]
fn help_keys_prints_the_key_table_with_the_keys_in_effect() {
    let ws = common::Workspace::new(false);
    let defaults = stdout(&gloss(&ws, &["help", "keys"]));
    assert!(defaults.starts_with("Everywhere\n  q, C-c "), "{defaults}");
    let note = "write or edit the note of the annotation here";
    assert!(
        defaults.contains(&format!("  {:<21} {note}\n", "n")),
        "{defaults}"
    );

    write_config(&ws, "[keys]\nedit_note = [\"m\", \"C-n\"]\n");
    let out = gloss(&ws, &["help", "KEYS"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rebound = stdout(&out);
    assert!(
        rebound.contains(&format!("  {:<21} {note}\n", "m, C-n")),
        "{rebound}"
    );
    assert!(
        !rebound.contains(&format!("  {:<21} {note}\n", "n")),
        "{rebound}"
    );
    // Only its lines changed: the reading pane's and the sidebar's.
    let changed = defaults
        .lines()
        .zip(rebound.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 2);
    assert_eq!(defaults.lines().count(), rebound.lines().count());
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
            "gloss: {}:2: \"r\" for previous_sentence is the key of the tag \"denial\" in {}: give previous_sentence another key, or the tag\n",
            path.display(),
            tags.display()
        )
    );
}
