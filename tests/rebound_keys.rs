//! Every text that names a key names the key in effect: with keys rebound in the configuration,
//! no screen, dialog, hint, message or help line of the reader names a key the configuration
//! took away. The screens are drawn on a `TestBackend` and searched for the old keys where a
//! text would name a key.

mod common;

use common::screen::{draw, text};
use common::{Workspace, app_with, press, settle, type_text};
use gloss::tui::keymap::{BINDINGS, Keymap};
use gloss::tui::keys::Key;
use gloss::tui::prompt::PromptKind;
use gloss::tui::state::{App, Settings};

/// Frees `q C-c F1 F5 u t v A D : / ? Backspace Esc Enter Space Tab`: every action bound to
/// one of them gets other keys.
const CONFIG: &str = r#"[keys]
quit = "C-q"
help = "F9"
review = "F8"
undo = "U"
tag_view = "Y"
toggle_selection = "M"
attach_annotation = "C-a"
cycle_annotator = "C-n"
accept_agreements = "C-e"
cycle_document = "C-o"
command_line = ";"
search_forward = "Z"
filter_list = "C-p"
search_backward = "K"
delete_back = "C-h"
close = "x"
cancel = "C-g"
clear_selection = "C-x"
clear_filter = "C-x"
end_search = "C-z"
submit = "C-o"
choose = "o"
open_document = "o"
jump_to_annotation = "o"
select_match = "C-y"
new_line = "C-o"
insert_tab = "C-t"
check_tag = "y"
page_down = "C-v"
row_page_down = "C-v"
next_choice = ["l", "Right"]
focus_next = "C-w"
toggle_all_tags = "z"
row_down = ["j", "Down"]
next_field = "Down"
finish_marking = "C-o"
stop_marking = "C-g"
cancel_link = "C-x"
no = "n"
next_completion = "C-n"
cycle_count = "C-d"
"#;

fn keymap(ws: &Workspace) -> Keymap {
    let path = ws.dir.path().join("config.toml");
    let config = gloss::core::user_state::config::Config::parse(CONFIG, &path).unwrap();
    Keymap::new(&config.keys, &path).unwrap_or_else(|e| panic!("{e}"))
}

/// The table's keys that no binding has any longer.
fn freed(keymap: &Keymap) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in BINDINGS {
        for k in b.keys {
            let key: Key = k.parse().unwrap();
            let bound = keymap.bindings().iter().any(|b| b.keys.contains(&key));
            if !bound && !out.contains(&key.to_string()) {
                out.push(key.to_string());
            }
        }
    }
    out
}

/// Where `screen` names `key` as a key: "press K", "(K)", "K again", "K undoes", a hint "K walk"
/// or "j/K", a count "5K", a key column of the help.
fn named(screen: &str, key: &str) -> Vec<String> {
    let k = regex::escape(key);
    let verbs = "starts|undoes|lists|again|writes|shows|takes|hides|drops|saves|check|select|\
                 note|search|help|quit|walk|open|close|scroll|page|filter|drop|keep|move|undo|\
                 redo|save|cancel|show|confirm|attach|delete|tags|version|accept|merge|leave|\
                 any/all|new line|or any|extent|next|previous|swap|on an";
    let patterns = [
        format!(r"\b(?:press|with|or|then) {k}(?:[\s.,;:)]|$)"),
        format!(r"\({k}[):]"),
        format!(r"(?:^|[\s(·]){k} (?:{verbs})\b"),
        format!(r"(?:^|[\s(]){k}/\S"),
        format!(r"\S/{k}(?:\s|$)"),
        format!(r"\b\d+{k}[,)]"),
        format!(r"│ {{2}}{k}(?:, | {{2,}})"),
        format!(r", {k}(?:, | {{2,}})"),
    ];
    let mut out = Vec::new();
    for p in patterns {
        let re = regex::Regex::new(&p).unwrap();
        for line in screen.lines() {
            if re.is_match(line) {
                out.push(format!("{p}: {line}"));
            }
        }
    }
    out
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Every screen the reader shows, one after the other, reached with the keys in effect; each
/// with the status bar's message under it.
fn screens(app: &mut App, keymap_text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut shot = |app: &mut App, what: &str| {
        let screen = text(&draw(app, 160, 40));
        out.push((what.to_owned(), format!("{screen}\n{}", status(app))));
    };
    shot(app, "the reading pane");
    press(app, "o");
    shot(app, "a swap without a selection");
    press(app, "M l");
    shot(app, "a selection");
    press(app, "a");
    shot(app, "the annotation just tagged");
    press(app, "W");
    shot(app, "marking a source");
    press(app, "C-o");
    shot(app, "marking the claim as its own source");
    press(app, "C-g n");
    shot(app, "the note editor, empty");
    press(app, "C-g C-x f");
    type_text(app, "hack");
    shot(app, "the field form");
    press(app, "C-o Z");
    type_text(app, "hack");
    shot(app, "the search prompt");
    press(app, "C-o");
    settle(app);
    shot(app, "a search");
    press(app, "C-z ;");
    shot(app, "the command line");
    press(app, "C-g K");
    type_text(app, "hack");
    shot(app, "the backward search prompt");
    press(app, "C-g ;");
    type_text(app, "grep");
    press(app, "C-o");
    shot(app, "a corpus search without a pattern");
    press(app, ";");
    type_text(app, "table nonsense");
    press(app, "C-o");
    shot(app, "a cross table of nothing known");
    app.open_prompt(PromptKind::Name, "");
    shot(app, "the name prompt");
    press(app, "C-g F6");
    shot(app, "the note pane");
    press(app, "F6 C-w");
    shot(app, "the sidebar");
    press(app, "C-f");
    type_text(app, "hack");
    press(app, "C-o");
    settle(app);
    shot(app, "the corpus search");
    press(app, "x Y");
    shot(app, "the tag picker");
    press(app, "o");
    shot(app, "the tag picker, nothing checked");
    press(app, "a o");
    shot(app, "the tag view");
    press(app, "x C-t");
    shot(app, "the tag editor");
    press(app, "o End");
    type_text(app, "s");
    shot(app, "the tag editor's form, renaming");
    press(app, "C-g a");
    type_text(app, "new");
    press(app, "Down");
    type_text(app, "M");
    press(app, "C-o");
    shot(app, "the tag editor's form, a reader's key");
    press(app, "C-g x e");
    shot(app, "the export dialog");
    press(app, "x F8");
    shot(app, "the review screen");
    press(app, "x # j");
    shot(app, "the cross table");
    press(app, "x C-w");
    shot(app, "the document list");
    press(app, "C-p");
    type_text(app, "china");
    shot(app, "the document filter");
    press(app, "C-g F9");
    let help = common::screen::whole_help(app, 160);
    out.push(("the help".into(), help));
    press(app, "x");
    let small = text(&draw(app, 60, 10));
    out.push(("a terminal too small".into(), small));
    out.push(("gloss help keys".into(), keymap_text.to_owned()));
    out
}

/// The row `row` of the screen shot as `what`.
fn row<'a>(screens: &'a [(String, String)], what: &str, row: usize) -> &'a str {
    let screen = &screens.iter().find(|(w, _)| w == what).unwrap().1;
    screen.lines().nth(row).unwrap()
}

#[test]
fn with_keys_rebound_no_screen_names_a_key_taken_away() {
    let ws = Workspace::new(true);
    let keymap = keymap(&ws);
    let freed = freed(&keymap);
    for k in [
        "q",
        "C-c",
        "F1",
        "F5",
        "u",
        "t",
        "v",
        "A",
        "D",
        ":",
        "/",
        "?",
        "Backspace",
        "Esc",
        "Enter",
        "Space",
        "Tab",
    ] {
        assert!(freed.contains(&k.to_owned()), "{k} is still bound");
    }
    let settings = Settings {
        keymap: keymap.clone(),
        adjudicator: Some("judge".into()),
        ..Settings::default()
    };
    let mut app = app_with(&ws.corpus(), settings);
    let as_config = keymap.as_config(&app.corpus.tags);
    let screens = screens(&mut app, &as_config);
    let mut found = Vec::new();
    for (what, screen) in &screens {
        for key in &freed {
            for hit in named(screen, key) {
                found.push(format!("{what}: {key:?} in {hit}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The screens were reached: each names its new keys.
    let said = |what: &str, text: &str| {
        let screen = &screens.iter().find(|(w, _)| w == what).unwrap().1;
        assert!(screen.contains(text), "{what} lacks {text:?}:\n{screen}");
    };
    said("the reading pane", "M select");
    said("a swap without a selection", "M starts one");
    said("the note editor, empty", "C-o starts a new line");
    said("the name prompt", "(C-g: not now)");
    said("the tag picker", "z any/all");
    said("the tag picker, nothing checked", "its key or y");
    said("the tag view", "(C-n)");
    said("the tag editor's form, renaming", "U undoes it");
    said("the tag editor's form, a reader's key", "(F9 lists them)");
    said("the review screen", "the final coding is judge's");
    said("the document filter", "C-o keep");
    said("the document filter", "┌ C-p china");
    said("marking a source", "select it, then C-o");
    said(
        "marking the claim as its own source",
        "(M, then l or h, or find them with Z)",
    );
    said("the cross table", "o lists them");
    said("the help", "(from C-o until C-z)");
    said("a search", "\nZhack: match 1 of ");
    said("a corpus search without a pattern", ";grep PATTERN");
    said(
        "a cross table of nothing known",
        "\n;table: \"nonsense\" is no tag group",
    );
    said("the help", "disagreements (F8)");
    said("the help", "prompts (Z K ;; C-h on an empty");
    said("the help", "(5l, 40j)");
    said("a terminal too small", "press C-q to quit");
    // A prompt starts with the key that opened it, as `/`, `?` and `:` do by default.
    let last = 39;
    assert_eq!(row(&screens, "the search prompt", last), "Zhack");
    assert_eq!(row(&screens, "the backward search prompt", last), "Khack");
    assert_eq!(row(&screens, "the command line", last), ";");
}

/// The check finds a key named by hand: it would have failed on the texts before they took
/// their keys from the key table.
#[test]
fn the_check_finds_keys_named_in_the_old_texts() {
    for (screen, key) in [
        ("Enlarge the window, or press q to quit.", "q"),
        ("reviews the coders' disagreements (F5)", "F5"),
        (
            " key or Space check · Tab any/all · Enter show · Esc cancel ",
            "Tab",
        ),
        (
            " key or Space check · Tab any/all · Enter show · Esc cancel ",
            "Esc",
        ),
        (
            "Your name, written on your annotations (Esc: not now): ",
            "Esc",
        ),
        ("annotator: all (A) · document: all (D) · tags (t)", "t"),
        ("no selection to turn round: v starts one", "v"),
        ("type the note; Enter starts a new line", "Enter"),
        (
            "search and command prompts (/ ? :; Backspace on an empty prompt",
            "Backspace",
        ),
        (
            "Saving renames the tag in 2 annotations of 1 document; u undoes it.",
            "u",
        ),
        ("│  F1                    show this help", "F1"),
        ("vim (5l, 40j): a count", "l"),
        ("j/k scroll · Space/PageUp page", "k"),
    ] {
        assert!(!named(screen, key).is_empty(), "{key} in {screen}");
    }
    assert!(named("PUBLISHED : Thursday, position/norm, a victim", ":").is_empty());
    assert!(named("position/norm", "/").is_empty());
}
