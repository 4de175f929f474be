//! Finding things: searching the open document (`/`, `?`, `n`, `N`), the corpus (`:grep`,
//! `C-f`) and annotations by tag (`t`), driven by keys through the real `App`, and the screen
//! drawn on a `TestBackend`. Searches run on threads; `settle` takes in what they found, as the
//! event loop does when it wakes.

mod common;

use common::screen::{draw, find, text};
use common::{Workspace, app, cursor_text, press, settle, type_text};
use gloss::tui::state::{App, Focus, Mode};
use ratatui::style::{Color, Modifier};

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Types `/pattern` (or `?pattern`) and Enter, and waits for the search to finish.
fn search(app: &mut App, mark: &str, pattern: &str) {
    press(app, mark);
    type_text(app, pattern);
    press(app, "Enter");
    settle(app);
}

fn entry(app: &App) -> usize {
    app.open.as_ref().expect("a document is open").entry
}

// 1. Searching the open document.

#[test]
fn the_search_prompt_is_typed_on_the_bottom_line() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "/");
    type_text(&mut app, "hack(ing|ers)");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));
}

#[test]
fn matches_are_highlighted_the_current_one_distinct_and_the_cursor_goes_to_its_sentence() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "/", "hack");
    assert!(
        cursor_text(&app).starts_with("Policy document also pledges"),
        "{}",
        cursor_text(&app)
    );
    assert_eq!(status(&app), "/hack: match 1 of 4");
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    insta::assert_snapshot!(screen);
    // The current match: its own colour, and bold so that colour is not all.
    let (x, y) = find(&screen, "hackers have").unwrap();
    for dx in 0..4 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.bg, Color::LightRed, "cell {dx} of the current match");
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    assert_eq!(buf[(x + 4, y)].bg, Color::Indexed(236), "past the match");
    // Every other match on screen.
    let (x, y) = find(&screen, "hacking.").unwrap();
    for dx in 0..4 {
        assert_eq!(
            buf[(x + dx, y)].bg,
            Color::Yellow,
            "cell {dx} of another match"
        );
    }
    assert_eq!(buf[(x + 4, y)].bg, Color::Reset);
    assert!(screen.contains("n next · N previous match · Enter select it · Esc ends the search"));

    // `n` makes the next one current.
    press(&mut app, "n");
    assert!(cursor_text(&app).starts_with("Beijing denies the claims"));
    let buf = draw(&app, 120, 36);
    let (x, y) = find(&text(&buf), "hacking.").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::LightRed);
    let (x, y) = find(&text(&buf), "hackers have").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Yellow);

    // `Esc` ends the search and its highlights.
    press(&mut app, "Esc");
    assert!(app.active_search().is_none());
    let buf = draw(&app, 120, 36);
    let (x, y) = find(&text(&buf), "hacking.").unwrap();
    assert_ne!(buf[(x, y)].bg, Color::Yellow);
    assert!(!text(&buf).contains("n/N next/previous match"));
}

#[test]
fn n_and_shift_n_wrap_at_either_end_and_say_so() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "/", "hack");
    press(&mut app, "n n n");
    assert_eq!(status(&app), "/hack: match 4 of 4");
    assert!(cursor_text(&app).starts_with("When asked about long-standing"));
    press(&mut app, "n");
    assert_eq!(
        status(&app),
        "search hit BOTTOM, continuing at TOP · match 1 of 4"
    );
    assert!(cursor_text(&app).starts_with("Policy document also pledges"));
    press(&mut app, "N");
    assert_eq!(
        status(&app),
        "search hit TOP, continuing at BOTTOM · match 4 of 4"
    );
    // Two matches in one sentence: the cursor stays, the current match moves.
    press(&mut app, "N");
    assert_eq!(status(&app), "/hack: match 3 of 4");
    assert!(cursor_text(&app).starts_with("When asked about long-standing"));

    // `?` searches backward from the cursor sentence, and `n` goes on backward.
    press(&mut app, "Esc g");
    search(&mut app, "?", "hack");
    assert_eq!(
        status(&app),
        "search hit TOP, continuing at BOTTOM · match 4 of 4"
    );
    press(&mut app, "n");
    assert_eq!(status(&app), "?hack: match 3 of 4");
    press(&mut app, "N");
    assert_eq!(status(&app), "?hack: match 4 of 4");
}

#[test]
fn n_goes_on_from_the_cursor_when_it_was_moved_away_from_the_match() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "/", "cybercrime");
    assert!(cursor_text(&app).starts_with("State Councillor Yang Jiechi"));
    press(&mut app, "g n");
    assert!(cursor_text(&app).starts_with("State Councillor Yang Jiechi"));
    assert_eq!(status(&app), "/cybercrime: match 1 of 2");
    press(&mut app, "G N");
    assert_eq!(status(&app), "/cybercrime: match 2 of 2");
    assert!(cursor_text(&app).starts_with("Chinese public security chief"));
}

#[test]
fn n_writes_a_note_unless_a_search_is_active() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "n");
    assert!(matches!(app.mode, Mode::Note(_)));
    press(&mut app, "Esc");
    search(&mut app, "/", "hack");
    let at = cursor_text(&app);
    press(&mut app, "n");
    assert!(app.mode.is_normal());
    assert_ne!(cursor_text(&app), at);
    press(&mut app, "Esc n");
    assert!(matches!(app.mode, Mode::Note(_)));
}

#[test]
fn smart_case_and_regular_expressions_in_the_reader() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "/", "Cyber");
    assert_eq!(status(&app), "/Cyber: match 1 of 2");
    press(&mut app, "Esc");
    search(&mut app, "/", "cyber");
    assert!(status(&app).ends_with("of 27"), "{}", status(&app));
    press(&mut app, "Esc");
    search(&mut app, "/", r"\bcyber(crime|space)\b");
    assert!(status(&app).ends_with("of 11"), "{}", status(&app));
    // No match: said, and `n` writes notes again.
    press(&mut app, "Esc");
    search(&mut app, "/", "HACK");
    assert_eq!(status(&app), "no match for “HACK”");
    assert!(app.active_search().is_none());
}

#[test]
fn an_invalid_pattern_is_one_line_in_the_status_bar() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    search(&mut app, "/", "hack");
    press(&mut app, "/");
    type_text(&mut app, "hack(ers");
    press(&mut app, "Enter");
    let err = app.status.clone().unwrap();
    assert!(err.error);
    assert_eq!(
        err.text,
        "invalid pattern “hack(ers”: unclosed group (column 5)"
    );
    assert!(app.mode.is_normal());
    let screen = text(&draw(&app, 120, 36));
    let last = screen.lines().nth(35).unwrap();
    // The whole line: not even what the next tag key acts on comes before an error.
    assert!(last.starts_with("invalid pattern “hack(ers”"), "{last}");
    // The search there was goes on.
    assert!(app.active_search().is_some());
}

#[test]
fn the_prompt_cancels_with_esc_or_a_backspace_on_an_empty_line() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "/ x Esc");
    assert!(app.mode.is_normal());
    assert!(app.active_search().is_none());
    press(&mut app, "/ x Backspace");
    assert!(matches!(app.mode, Mode::Prompt(_)));
    press(&mut app, "Backspace");
    assert!(app.mode.is_normal());
    // In the list and the sidebar `?` is help; `F1` is help everywhere.
    press(&mut app, "S-Tab ?");
    assert!(matches!(app.mode, Mode::Help(_)));
}

#[test]
fn a_search_of_a_20_mb_document_never_holds_up_the_loop_and_the_keys_after_it_act_on_the_match() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let paragraph = "The ministry said the plan was consistent and clear. Others disagreed.\n\n";
    let mut text = paragraph.repeat(20_000_000 / paragraph.len());
    text.push_str("Only here is the word zanzibar. After it.\n");
    std::fs::write(root.join("big.txt"), &text).unwrap();
    // Read whole before its first frame, not shown from its ends (see tests/opening.rs): the
    // search is what is tested here.
    let settings = gloss::tui::state::Settings {
        read_whole_up_to: u64::MAX,
        ..Default::default()
    };
    let mut app = common::app_with(&root, settings);
    assert_eq!(
        cursor_text(&app),
        "The ministry said the plan was consistent and clear."
    );

    press(&mut app, "/");
    type_text(&mut app, "zanzibar");
    press(&mut app, "Enter");
    assert_eq!(status(&app), "/zanzibar: searching…");
    // The key after Enter returns at once, before any match was taken in (only polling brings
    // them), but waits for the jump: typed for the match, it must not act on the old cursor.
    press(&mut app, "j");
    assert_eq!(
        cursor_text(&app),
        "The ministry said the plan was consistent and clear."
    );
    let search = app.active_search().expect("the search runs");
    assert!(search.matches.is_empty() && search.current.is_none());

    settle(&mut app);
    assert_eq!(cursor_text(&app), "After it.");
    assert_eq!(status(&app), "/zanzibar: match 1 of 1");
}

/// The annotations stored on disk for the document `name`, once the writer has written them.
fn stored(app: &App, ws: &Workspace, name: &str) -> Vec<gloss::core::annotation::Annotation> {
    app.writer.flush();
    let path = ws.annotations().join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).expect("the annotation file is written");
    gloss::core::storage::store::from_toml(&text, &path)
        .expect("the saved file parses")
        .annotations
}

/// Opens the second document (`001`), whose first sentence is its author line.
fn open_second(app: &mut App) {
    press(app, "S-Tab g j Enter");
    assert_eq!(entry(app), 1);
    assert_eq!(cursor_text(app), "Author: Bai Tiantian");
}

#[test]
fn a_tag_key_typed_right_after_a_search_tags_the_match_not_the_old_cursor_sentence() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_second(&mut app);
    // All in one go, as keys typed faster than the search thread answers: nothing between
    // Enter and `p` takes in the match.
    press(&mut app, "g / f i r m l y Enter p");
    settle(&mut app);
    assert_eq!(
        cursor_text(&app),
        "We firmly oppose and harshly punish hacking activities."
    );
    let anns = stored(&app, &ws, "001_bcba7e35c127046e.txt");
    assert_eq!(anns.len(), 1, "{anns:?}");
    assert_eq!(
        anns[0].quote,
        "We firmly oppose and harshly punish hacking activities."
    );
    assert_eq!(anns[0].tags, ["position/norm"]);
}

#[test]
fn esc_right_after_enter_ends_the_search_on_the_match() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_second(&mut app);
    press(&mut app, "/ f i r m l y Enter Esc r");
    settle(&mut app);
    assert!(app.active_search().is_none());
    let anns = stored(&app, &ws, "001_bcba7e35c127046e.txt");
    assert_eq!(anns.len(), 1, "{anns:?}");
    assert_eq!(
        anns[0].quote,
        "We firmly oppose and harshly punish hacking activities."
    );
}

#[test]
fn keys_typed_after_a_search_that_finds_nothing_are_not_applied() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    open_second(&mut app);
    press(&mut app, "/ f i r m y Enter p j");
    settle(&mut app);
    assert_eq!(cursor_text(&app), "Author: Bai Tiantian");
    assert_eq!(
        status(&app),
        "no match for “firmy” · the 2 keys typed after it were not applied"
    );
    assert!(app.open_annotations().is_empty());
    // The keys after that act again at once.
    press(&mut app, "j");
    assert_ne!(cursor_text(&app), "Author: Bai Tiantian");
}

#[test]
fn a_search_keeps_a_million_matches_and_says_so_when_asked_past_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let max = gloss::core::queries::search::MAX_MATCHES;
    std::fs::write(root.join("x.txt"), "x ".repeat(max + 10)).unwrap();
    let mut app = common::app_at(&root);
    search(&mut app, "/", "x");
    assert_eq!(status(&app), format!("/x: match 1 of more than {max}"));
    assert_eq!(app.active_search().unwrap().matches.len(), max);
    // Wrapping to the last match would skip those not kept.
    press(&mut app, "N");
    assert_eq!(
        status(&app),
        format!("the search stopped at {max} matches: narrow the pattern to go past them")
    );
}

// 2. Searching the corpus.

#[test]
fn the_corpus_search_lists_keys_are_those_the_configuration_sets() {
    let ws = Workspace::new(false);
    let path = ws.dir.path().join("config.toml");
    let config = gloss::core::user_state::config::Config::parse(
        "[keys]\nrow_down = \"J\"\nclose = \"x\"\n",
        &path,
    )
    .unwrap();
    let settings = gloss::tui::state::Settings {
        keymap: gloss::tui::keymap::Keymap::new(&config.keys, &path).unwrap(),
        ..Default::default()
    };
    let mut app = common::app_with(&ws.corpus(), settings);
    press(&mut app, "C-f");
    type_text(&mut app, "hack");
    press(&mut app, "Enter");
    settle(&mut app);
    let selected = |app: &App| app.grep().unwrap().selected;
    press(&mut app, "j");
    assert_eq!(selected(&app), 0, "j is no longer a key of the list");
    press(&mut app, "J J");
    assert_eq!(selected(&app), 2);
    // The status bar names the keys in effect.
    assert!(text(&draw(&app, 120, 36)).contains("J/k walk · Enter open · x close"));
    press(&mut app, "Esc");
    assert!(matches!(app.mode, Mode::Grep(_)), "Esc no longer closes it");
    press(&mut app, "x");
    assert!(app.mode.is_normal());
}

#[test]
fn grep_lists_every_hit_with_its_document_line_and_context() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, ":");
    type_text(&mut app, "grep hack");
    insta::assert_snapshot!("grep_prompt", text(&draw(&app, 120, 36)));
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Grep(_)));
    settle(&mut app);
    let grep = app.grep().unwrap();
    assert_eq!(grep.hits.len(), 7);
    assert_eq!((grep.searched, grep.documents), (5, 5));
    let buf = draw(&app, 120, 36);
    let screen = text(&buf);
    insta::assert_snapshot!(screen);
    // The matches stand in one column and are highlighted.
    let columns: Vec<usize> = screen
        .lines()
        .filter(|l| l.contains("hack") && !l.contains("Corpus search"))
        .map(|l| {
            let at = l.to_lowercase().find("hack").unwrap();
            unicode_width::UnicodeWidthStr::width(&l[..at])
        })
        .collect();
    assert_eq!(columns.len(), 7);
    assert!(columns.iter().all(|c| *c == columns[0]), "{columns:?}");
    let (x, y) = find(&screen, "hacking activi").unwrap();
    assert_eq!(buf[(x, y)].bg, Color::Yellow);
}

#[test]
fn enter_on_a_hit_opens_its_document_at_its_sentence_and_n_goes_on_there() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, "C-f");
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("C-f opens the command line")
    };
    assert_eq!(prompt.input.value, "grep ");
    type_text(&mut app, "hack");
    press(&mut app, "Enter");
    settle(&mut app);
    // The fifth hit is the first in the second document.
    press(&mut app, "j j j j Enter");
    assert!(app.mode.is_normal());
    assert_eq!(entry(&app), 1);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(
        cursor_text(&app),
        "We firmly oppose and harshly punish hacking activities."
    );
    settle(&mut app);
    assert_eq!(status(&app), "/hack: match 1 of 2");
    press(&mut app, "n");
    assert!(cursor_text(&app).starts_with("When asked to comment on the alleged Russian hacking"));

    // The list comes back with `:grep` alone, where it was; `k Enter` goes to the hit before.
    press(&mut app, ":");
    type_text(&mut app, "grep");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Grep(_)));
    press(&mut app, "k Enter");
    assert_eq!(entry(&app), 0);
    assert!(cursor_text(&app).starts_with("When asked about long-standing"));
}

/// The help's `:` line is made from the commands `:` runs: each is there, and each runs.
#[test]
fn the_help_lists_every_command_the_command_line_runs() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    let help = app
        .prefs
        .keymap
        .with_keys(&gloss::tui::prompt::command_line_help());
    for command in gloss::tui::prompt::COMMANDS {
        assert!(
            help.contains(
                &format!("{} {}", command.name, command.args)
                    .trim()
                    .to_owned()
            ),
            "{help}"
        );
        press(&mut app, ":");
        type_text(&mut app, command.name);
        press(&mut app, "Enter");
        assert!(
            !status(&app).starts_with("unknown command"),
            "{}: {}",
            command.name,
            status(&app)
        );
        press(&mut app, "Esc Esc");
    }
    let keys = app.prefs.keymap.as_config(&app.corpus.tags);
    assert!(keys.contains(&format!("# {help}\n")), "{keys}");
    let screen = common::screen::text(&common::screen::draw(&app, 200, 36));
    assert!(!screen.contains(&help));
    press(&mut app, "F1");
    let screen = common::screen::text(&common::screen::draw(&app, 400, 300));
    assert!(screen.contains(&help), "{screen}");
}

#[test]
fn the_command_line_knows_grep_and_help() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, ":");
    type_text(&mut app, "help");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Help(_)));
    press(&mut app, "Esc :");
    type_text(&mut app, "frobnicate now");
    press(&mut app, "Enter");
    assert_eq!(
        status(&app),
        "unknown command “frobnicate”: the commands are grep PATTERN, help, messages, review [A,B], table [ROWS COLS] [documents], coders [A,B|mine|all]"
    );
    press(&mut app, ":");
    type_text(&mut app, "grep (");
    press(&mut app, "Enter");
    assert!(app.mode.is_normal());
    assert!(status(&app).starts_with("invalid pattern “(”"));
    // C-f no longer pages down in the reader.
    let top = app.reader.top;
    press(&mut app, "Esc C-f Esc");
    assert_eq!(app.reader.top, top);
}

// 3. The tag view.

#[test]
fn the_tag_view_lists_annotations_with_the_picked_tags_across_the_corpus() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    // One denial by another annotator ("tester"), with a note.
    common::go_to(&mut app, "China would also");
    press(&mut app, "r n");
    type_text(&mut app, "a denial of intent");
    press(&mut app, "C-s");

    press(&mut app, "t");
    assert!(matches!(app.mode, Mode::TagPicker(_)));
    press(&mut app, "r j j Space");
    insta::assert_snapshot!("tag_picker", text(&draw(&app, 120, 36)));
    // Unchecked again: denial only.
    press(&mut app, "Space Enter");
    assert!(matches!(app.mode, Mode::TagView(_)));
    let view = app.tag_view().unwrap();
    assert_eq!(view.items.len(), 4);
    assert_eq!(view.counts, [4]);
    insta::assert_snapshot!(text(&draw(&app, 120, 36)));

    // Annotators: the shipped examples' and the tester's, then all again.
    press(&mut app, "A");
    assert_eq!(app.tag_view().unwrap().items.len(), 3);
    press(&mut app, "A");
    let view = app.tag_view().unwrap();
    assert_eq!(view.items.len(), 1);
    assert_eq!(view.items[0].1.note, "a denial of intent");
    press(&mut app, "A");
    assert_eq!(app.tag_view().unwrap().items.len(), 4);
    // Documents: those with denials, in corpus order.
    press(&mut app, "D");
    let view = app.tag_view().unwrap();
    assert_eq!(view.query.document, Some(0));
    assert_eq!(view.items.len(), 2);
    press(&mut app, "D");
    assert_eq!(app.tag_view().unwrap().query.document, Some(1));
    press(&mut app, "D D");
    assert_eq!(app.tag_view().unwrap().query.document, None);

    // Enter shows the annotation in its document, selected when it is not a whole sentence.
    press(&mut app, "j j Enter");
    assert!(app.mode.is_normal());
    assert_eq!(entry(&app), 1);
    assert_eq!(
        cursor_text(&app),
        "We firmly oppose and harshly punish hacking activities."
    );
    assert_eq!(app.focus, Focus::Reader);

    // `t` brings the picker back with the same tags checked; any or every tag.
    press(&mut app, "t");
    let Mode::TagPicker(picker) = &app.mode else {
        panic!("t opens the picker")
    };
    assert_eq!(picker.checked.iter().filter(|c| **c).count(), 1);
    press(&mut app, "3 Tab Enter");
    let view = app.tag_view().unwrap();
    assert!(view.query.all);
    assert_eq!(view.items.len(), 2, "denials by a non-authoritative source");
    assert_eq!(view.counts, [2, 2]);
}

#[test]
fn the_picker_needs_a_tag() {
    let ws = Workspace::new(true);
    let mut app = app(&ws);
    press(&mut app, "t Enter");
    assert!(matches!(app.mode, Mode::TagPicker(_)));
    assert_eq!(status(&app), "check a tag first: its key or Space");
    press(&mut app, "Esc");
    assert!(app.mode.is_normal());
}

#[test]
fn the_grep_list_does_not_keep_the_message_of_a_refused_grep() {
    let ws = Workspace::new(false);
    let mut app = app(&ws);
    press(&mut app, ":");
    type_text(&mut app, "grep");
    press(&mut app, "Enter");
    assert_eq!(status(&app), "grep needs a pattern: :grep PATTERN");
    press(&mut app, "C-f");
    type_text(&mut app, "hack");
    press(&mut app, "Enter");
    settle(&mut app);
    assert!(matches!(app.mode, Mode::Grep(_)));
    let screen = text(&draw(&app, 120, 36));
    assert!(!screen.contains("grep needs a pattern"), "{screen}");
    // Shown again with :grep alone, after something else was said.
    press(&mut app, "Esc /");
    type_text(&mut app, "a(b");
    press(&mut app, "Enter :");
    type_text(&mut app, "grep");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Grep(_)));
    let screen = text(&draw(&app, 120, 36));
    assert!(!screen.contains("invalid pattern"), "{screen}");
}
