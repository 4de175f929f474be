//! What `gloss git-setup` writes so that a team can keep annotations in git: the
//! `.gitattributes` line that sends annotation files to gloss's merge driver, the `.gitignore`
//! line for the lock file, and the driver's command.

use crate::core::storage::lock::LOCK_FILE;

/// The merge driver's name in `.gitattributes` and in `merge.<name>.driver`.
pub const DRIVER: &str = "gloss";

/// The `.gitattributes` lines for the annotations folder at `dir` (relative to the repository's
/// top, `/`-separated; empty for the top itself): every TOML file there goes to the driver, except
/// the shared progress marks (`.progress.toml`, not an annotation file), which the second line
/// gives back to git's own merge; the dismissed suggestions (`<document>.dismissed`, a set of
/// lines, one sentence each) merge by git's `union` driver, which keeps the lines of both sides.
pub fn attributes_lines(dir: &str) -> [String; 3] {
    let dir = dir.trim_matches('/');
    let progress = crate::core::user_state::progress::FILE_NAME;
    let dismissed = crate::core::suggestions::DISMISSED_EXTENSION;
    let within = if dir.is_empty() {
        String::new()
    } else {
        format!("/{dir}/**/")
    };
    [
        format!("{within}*.toml merge={DRIVER}"),
        format!("{within}{progress} !merge"),
        format!("{within}*.{dismissed} merge=union"),
    ]
}

/// The `.gitignore` line for the lock files gloss leaves in annotation folders.
pub fn ignore_line() -> String {
    LOCK_FILE.to_owned()
}

/// `existing` with `line` appended (on a line of its own), or `None` when it already has it.
pub fn with_line(existing: &str, line: &str) -> Option<String> {
    if existing.lines().any(|l| l.trim() == line) {
        return None;
    }
    let mut out = existing.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push('\n');
    Some(out)
}

/// The driver command git runs: `program` (quoted for the shell git uses) with git's
/// placeholders for the ancestor's, ours, theirs and the path.
pub fn driver_command(program: &str) -> String {
    let quoted = if program
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        program.to_owned()
    } else {
        format!("'{}'", program.replace('\'', r"'\''"))
    };
    format!("{quoted} merge-annotations %O %A %B %P")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_once() {
        assert_eq!(
            attributes_lines("annotations"),
            [
                "/annotations/**/*.toml merge=gloss",
                "/annotations/**/.progress.toml !merge",
                "/annotations/**/*.dismissed merge=union"
            ]
        );
        assert_eq!(
            attributes_lines(""),
            [
                "*.toml merge=gloss",
                ".progress.toml !merge",
                "*.dismissed merge=union"
            ]
        );
        let once = with_line("*.png binary", "x").unwrap();
        assert_eq!(once, "*.png binary\nx\n");
        assert_eq!(with_line(&once, "x"), None);
        assert_eq!(with_line("", "x").unwrap(), "x\n");
    }

    #[test]
    fn the_program_is_quoted_for_the_shell() {
        assert_eq!(
            driver_command("/usr/bin/gloss"),
            "/usr/bin/gloss merge-annotations %O %A %B %P"
        );
        assert_eq!(
            driver_command("/opt/my tools/it's/gloss"),
            r"'/opt/my tools/it'\''s/gloss' merge-annotations %O %A %B %P"
        );
    }
}
