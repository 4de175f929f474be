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

/// Every table the README tells a user to ask for (`gloss table --rows claim --cols source`,
/// `:table claim year documents`) names dimensions the shipped scheme has: a name that fails
/// (`authority`, where the group is `source`) would meet the reader at the first try.
#[test]
fn the_readme_asks_for_tables_by_names_that_exist() {
    use gloss::core::crosstab::Dimension;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let scheme = gloss::core::corpus::Corpus::open(&root, None).unwrap().tags;
    let mut names: Vec<&str> = Vec::new();
    for option in ["--rows ", "--cols ", "--by "] {
        for (i, _) in README.match_indices(option) {
            names.extend(
                README[i + option.len()..]
                    .split([' ', '`', ']', ')'])
                    .next(),
            );
        }
    }
    for (i, _) in README.match_indices("`:table ") {
        let command = README[i + 8..].split('`').next().unwrap();
        names.extend(
            command
                .split_whitespace()
                .filter(|w| !["documents", "annotations"].contains(w)),
        );
    }
    // Placeholders, as in `--rows R --cols C [--by D]`, are upper case.
    names.retain(|n| n.chars().any(char::is_lowercase));
    assert!(
        names.contains(&"source") && names.contains(&"year"),
        "{names:?}"
    );
    for name in names {
        assert!(
            Dimension::parse(name, &scheme).is_ok(),
            "README.md asks for a table by {name:?}, which the shipped scheme does not have"
        );
    }
}
