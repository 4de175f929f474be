//! The README is what a newcomer reads first: its commands and keys must stay true.

use gloss::tui::keymap::BINDINGS;

const README: &str = include_str!("../README.md");

#[test]
fn the_readme_starts_with_the_two_commands_a_newcomer_needs() {
    let first_block = README
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a shell block near the top");
    assert!(first_block.contains("cargo run --release"), "{first_block}");
    assert!(first_block.contains("cargo test"), "{first_block}");
    let ci = include_str!("../.ci/run");
    assert!(
        ci.contains("cargo test"),
        "CI runs the README's test command"
    );
}

#[test]
fn the_readme_names_every_default_key() {
    for b in BINDINGS {
        for key in b.keys {
            assert!(
                README.contains(&format!("`{key}`")),
                "README.md does not mention the key {key:?} ({})",
                b.help
            );
        }
    }
}
