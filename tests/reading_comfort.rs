//! Reading comfort: hard-wrapped text reflowed to the pane, tabs to their tab stops, the list and
//! the sidebar hidden on a small terminal, on `TestBackend` snapshots and the bytes written.

mod common;

use std::path::Path;

use common::screen::{draw, text};
use gloss::core::store;
use gloss::tui::state::{App, Focus, Layout, Settings};

/// A licence as it is shipped: hard-wrapped at 70 columns, indented paragraphs.
const LICENCE: &str = "\
                    GNU GENERAL PUBLIC LICENSE
                       Version 2, June 1991

                            Preamble

  The licenses for most software are designed to take away your
freedom to share and change it.  By contrast, the GNU General Public
License is intended to guarantee your freedom to share and change free
software--to make sure the software is free for all its users.  This
General Public License applies to most of the Free Software
Foundation's software and to any other program whose authors commit to
using it.

  When we speak of free software, we are referring to freedom, not
price.  Our General Public Licenses are designed to make sure that you
have the freedom to distribute copies of free software (and charge for
this service if you wish), that you receive source code or can get it
if you want it, that you can change the software or use pieces of it
in new free programs; and that you know you can do these things.

  1. You may copy and distribute verbatim copies of the Program's
source code as you receive it, in any medium, provided that you
conspicuously and appropriately publish on each copy an appropriate
copyright notice and disclaimer of warranty.
";

/// A corpus of one document holding `text`, with the shipped tag file.
fn corpus_of(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/tags.toml");
    std::fs::copy(shipped, corpus.join("tags.toml")).unwrap();
    std::fs::write(corpus.join("doc.txt"), text).unwrap();
    dir
}

fn open_on(dir: &tempfile::TempDir, settings: Settings) -> App {
    common::app_with(&dir.path().join("corpus"), settings)
}

#[test]
fn a_hard_wrapped_licence_is_reflowed_to_the_pane() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    app.resize(100, 30);
    let screen = text(&draw(&app, 100, 30));
    // Each paragraph wrapped once, at the pane's width: no row of one or two words but a last.
    assert!(
        screen.contains("The licenses for most software are designed"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn reflow_never_shows_the_lines_as_the_file_has_them() {
    let dir = corpus_of(LICENCE);
    let settings = Settings {
        layout: Layout {
            reflow: gloss::core::reflow::Reflow::Never,
            ..Layout::default()
        },
        ..Settings::default()
    };
    let mut app = open_on(&dir, settings);
    app.resize(200, 36);
    let screen = text(&draw(&app, 200, 36));
    // The file's line ends at "your", though the pane has room for more.
    let row = screen
        .lines()
        .find(|l| l.contains("The licenses for most"))
        .unwrap();
    let from = &row[row.find("The licenses").unwrap()..];
    assert!(
        from[..from.find('│').unwrap()].trim_end().ends_with("your"),
        "{row}"
    );
}

#[test]
fn a_sentence_across_a_reflowed_line_break_is_tagged_at_the_files_offsets() {
    let dir = corpus_of(LICENCE);
    let mut app = open_on(&dir, Settings::default());
    common::go_to(&mut app, "By contrast");
    // The statistic key: the sentence goes on after "Public" on the file's next line.
    common::press(&mut app, "s");
    app.writer.flush();
    let path = dir.path().join("annotations/doc.txt.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let file = store::from_toml(&toml, &path).unwrap();
    let a = &file.annotations[0];
    let sentence = "By contrast, the GNU General Public\nLicense is intended to guarantee your freedom to share and change free\nsoftware--to make sure the software is free for all its users.";
    let start = LICENCE[..LICENCE.find(sentence).unwrap()].chars().count();
    assert_eq!(a.quote, sentence);
    assert_eq!((a.start, a.end), (start, start + sentence.chars().count()));
    assert!(
        toml.contains("quote = \"\"\"\nBy contrast, the GNU General Public\nLicense"),
        "{toml}"
    );
}

#[test]
fn tabs_reach_their_tab_stops_so_columns_line_up() {
    let table =
        "Region\tCases\tSource\nHebei\t12\tXinhua\nMacau\t7\tPeople's Daily\nTibet\t1\tnone\n";
    let dir = corpus_of(table);
    let app = open_on(&dir, Settings::default());
    let screen = text(&draw(&app, 120, 16));
    // In the reading pane, right of the list (which shows the first line as the title).
    let reader_x = usize::from(app.panes().unwrap().reader.x);
    let column_of = |word: &str| {
        screen
            .lines()
            .skip(1)
            .map(|l| l.chars().skip(reader_x).collect::<String>())
            .find_map(|l| l.find(word).map(|at| l[..at].chars().count()))
            .unwrap()
    };
    assert_eq!(column_of("Cases"), column_of("12"), "{screen}");
    // The pane's title, on one line, has its tabs as spaces.
    assert!(screen.contains("┌ Region Cases Source ─"), "{screen}");
    assert_eq!(column_of("12"), column_of("7"));
    assert_eq!(column_of("Source"), column_of("Xinhua"));
    assert_eq!(column_of("Xinhua"), column_of("People's"));
    insta::assert_snapshot!(screen);
}

#[test]
fn at_80_by_24_the_list_starts_hidden_and_keys_hide_and_show_the_panes() {
    let ws = common::Workspace::new(true);
    let mut app = common::app(&ws);
    app.first_size(80, 24);
    assert!(!app.layout.list);
    assert_eq!(app.focus, Focus::Reader);
    common::press(&mut app, "F4");
    assert!(!app.layout.sidebar);
    let screen = text(&draw(&app, 80, 24));
    assert!(!screen.contains("Documents ("), "{screen}");
    assert!(!screen.contains("Annotations ("), "{screen}");
    insta::assert_snapshot!(screen);
    // And back: the list, then the sidebar; the focus goes past hidden panes.
    common::press(&mut app, "F3 F4");
    let screen = text(&draw(&app, 80, 24));
    assert!(screen.contains("Documents (5)"), "{screen}");
    assert!(screen.contains("Annotations ("), "{screen}");
    common::press(&mut app, "F3 Tab Tab");
    assert_eq!(app.focus, Focus::Reader);
    // A wide terminal starts with all three.
    let mut wide = common::app(&ws);
    wide.first_size(120, 36);
    assert!(wide.layout.list && wide.layout.sidebar);
}
