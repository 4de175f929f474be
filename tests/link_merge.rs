//! Links made and taken away by two readers on one corpus, each unaware of the other's change
//! until it saves: both sides' links are kept, and a link one side removes goes (a three-way
//! merge of the links as sets, `core::links::merge`), read back from the file on disk.

mod common;

use common::{Workspace, app, go_to, press};
use gloss::core::links::Link;
use gloss::core::storage::store;
use gloss::tui::state::App;

const FIRST: &str = "000_073045cb8793dce5.txt";
const ACCUSATION: &str = "Cybersecurity has been a flashpoint";
const DENIAL: &str = "Beijing denies the claims";

/// Waits for the writer and takes in what it did (merges with changes made elsewhere included).
fn save(app: &mut App) {
    let outcomes = app.writer.flush();
    app.collect_outcomes(outcomes);
}

/// Links (or unlinks) the denial to the accusation with the link type whose picker key is
/// `key`, then saves.
fn toggle_link(app: &mut App, key: &str) {
    press(app, "g");
    go_to(app, DENIAL);
    press(app, "C-l g");
    go_to(app, ACCUSATION);
    press(app, &format!("C-l {key}"));
    save(app);
}

/// The denial's links on disk, and the accusation's id.
fn on_disk(ws: &Workspace) -> (Vec<Link>, String) {
    let file = store::load(&ws.annotations().join(format!("{FIRST}.toml")))
        .unwrap()
        .unwrap();
    let find = |quote: &str| {
        (file.annotations.iter())
            .find(|a| a.quote.starts_with(quote))
            .unwrap()
            .clone()
    };
    (find(DENIAL).links, find(ACCUSATION).id)
}

#[test]
fn links_added_by_two_readers_are_both_kept_and_one_taken_away_by_either_goes() {
    let ws = Workspace::new(false);
    let mut a = app(&ws);
    go_to(&mut a, ACCUSATION);
    press(&mut a, "a");
    go_to(&mut a, DENIAL);
    press(&mut a, "r");
    save(&mut a);
    // The second reader starts from the tagged file; from here each saves without having read
    // the other's change.
    let mut b = app(&ws);

    toggle_link(&mut b, "r");
    let (links, accusation) = on_disk(&ws);
    assert_eq!(links, [Link::new("responds to", &accusation)]);
    toggle_link(&mut a, "d");
    let (links, _) = on_disk(&ws);
    assert_eq!(
        links,
        [
            Link::new("denies", &accusation),
            Link::new("responds to", &accusation)
        ],
        "both readers' links"
    );

    // B takes its link away, not knowing of A's: A's stays.
    toggle_link(&mut b, "r");
    assert_eq!(on_disk(&ws).0, [Link::new("denies", &accusation)]);
    // A takes its own away: none is left, and neither comes back.
    toggle_link(&mut a, "d");
    assert_eq!(on_disk(&ws).0, []);
    save(&mut b);
    assert_eq!(on_disk(&ws).0, []);
}
