//! The user's configuration: where `config.toml` is, what it may say, and what that means.
//! Keys stay text here, each with the line it is on; the reader binds them to its actions
//! (`tui::keymap`), so that its errors can name the line too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::core::documents::reflow::Reflow;
use crate::core::storage::file_error::line_of;
use crate::core::storage::toml_file;
use crate::core::tags::TagColor;
use crate::core::user_state::timing::Timing;

/// Names another configuration file than the one in the platform's configuration folder.
pub const PATH_VAR: &str = "GLOSS_CONFIG";
pub const FILE_NAME: &str = "config.toml";
/// The narrowest text column `max_width` may ask for.
pub const MIN_TEXT_WIDTH: u16 = 20;

/// Where the configuration file is: `$GLOSS_CONFIG`, else `config.toml` in the platform's
/// configuration folder (`$XDG_CONFIG_HOME/gloss` on Linux). `None` when there is no home.
pub fn file_path() -> Option<PathBuf> {
    match std::env::var_os(PATH_VAR) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => directories::ProjectDirs::from("", "", "gloss")
            .map(|dirs| dirs.config_dir().join(FILE_NAME)),
    }
}

/// How many colours to draw with, as the configuration asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    /// From the environment: see [`Colors::depth`].
    Auto,
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

/// How many colours the reader draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// None at all: modifiers (bold, reversed, underlined) and marks carry everything.
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl Colors {
    /// `Auto` honours `NO_COLOR` when it is set and not empty, then takes RGB from `COLORTERM`
    /// (`truecolor` or `24bit`), 256 colours from a `TERM` that says `256color`, none from a
    /// `dumb` one, and 16 otherwise. A setting other than `auto` wins over `NO_COLOR`, as
    /// no-color.org asks of configuration files.
    pub fn depth(self, env: impl Fn(&str) -> Option<String>) -> Depth {
        match self {
            Colors::None => Depth::None,
            Colors::Ansi16 => Depth::Ansi16,
            Colors::Ansi256 => Depth::Ansi256,
            Colors::TrueColor => Depth::TrueColor,
            Colors::Auto => {
                let set = |name: &str| env(name).filter(|v| !v.is_empty());
                let term = set("TERM").unwrap_or_default();
                if set("NO_COLOR").is_some() || term == "dumb" {
                    Depth::None
                } else if matches!(set("COLORTERM").as_deref(), Some("truecolor" | "24bit")) {
                    Depth::TrueColor
                } else if term.contains("256color") {
                    Depth::Ansi256
                } else {
                    Depth::Ansi16
                }
            }
        }
    }
}

/// The colours of the reader's own marks; tag colours belong to the corpus's `tags.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Background of the cursor sentence.
    pub cursor: TagColor,
    /// Background of the selection; `None` draws it reversed.
    pub selection: Option<TagColor>,
    /// Border of the focused pane.
    pub focus: TagColor,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            cursor: TagColor::Rgb(0x30, 0x30, 0x30),
            selection: None,
            focus: TagColor::Named(6),
        }
    }
}

/// Keys for one action, by its snake_case name, as written on `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The name written on what this user creates or changes.
    pub annotator: String,
    /// Whether that name is the file's, not [`default_annotator`]'s.
    pub annotator_in_file: bool,
    pub colors: Colors,
    /// The widest the reading pane's text column gets; `None` for the pane's width.
    pub max_width: Option<u16>,
    pub sidebar: bool,
    /// Whether hard-wrapped lines are joined for display.
    pub reflow: Reflow,
    /// Blind coding: the reader shows only this coder's annotations (`blind = true`), so that
    /// coders who code the same documents do not see each other's codes.
    pub blind: bool,
    /// The name the review screen's final coding is written under; `None`: asked there.
    pub adjudicator: Option<String>,
    pub theme: Theme,
    pub timing: Timing,
    /// In the order of the file.
    pub keys: Vec<KeyOverride>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            annotator: default_annotator(),
            annotator_in_file: false,
            colors: Colors::Auto,
            max_width: None,
            sidebar: true,
            reflow: Reflow::Auto,
            blind: false,
            adjudicator: None,
            theme: Theme::default(),
            timing: Timing::default(),
            keys: Vec::new(),
        }
    }
}

/// The annotator written when there is no name at all.
pub const UNKNOWN_ANNOTATOR: &str = "unknown";

/// The login name from the environment, else [`UNKNOWN_ANNOTATOR`]: see [`login_name`].
pub fn default_annotator() -> String {
    login_name(|name| std::env::var(name).ok()).unwrap_or_else(|| UNKNOWN_ANNOTATOR.to_owned())
}

/// The login name in the environment `env` (`$USER`, `$USERNAME` on Windows), unless empty.
pub fn login_name(env: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["USER", "USERNAME"]
        .into_iter()
        .filter_map(env)
        .find(|name| !name.trim().is_empty())
}

/// Writes `annotator = NAME` into the configuration file at `path` (creating it, and its folder,
/// when there is none), keeping everything else in it as written. The name is trimmed; the error
/// names the file and says what to do.
pub fn set_annotator(path: &Path, name: &str) -> Result<(), ConfigError> {
    set_name(path, "annotator", name)
}

/// Writes `adjudicator = NAME` into the configuration file at `path`, as [`set_annotator`] does.
pub fn set_adjudicator(path: &Path, name: &str) -> Result<(), ConfigError> {
    set_name(path, "adjudicator", name)
}

/// Writes `key = NAME` into the configuration file at `path`: see [`set_annotator`].
fn set_name(path: &Path, key: &str, name: &str) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_owned(),
                what: "the configuration file",
                source,
            });
        }
    };
    // Checked as it is, so that a broken file is reported, not written over.
    Config::parse(&text, path)?;
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| ConfigError::Invalid {
                path: path.to_owned(),
                line: 1,
                message: e.message().to_owned(),
            })?;
    doc.insert(key, toml_edit::value(name.trim()));
    crate::core::storage::atomic_file::write(path, doc.to_string().as_bytes()).map_err(|source| {
        ConfigError::Write {
            path: path.to_owned(),
            what: "the configuration file",
            source,
        }
    })
}

/// Why the coder's own name cannot be the adjudicator's.
pub fn own_name_as_adjudicator(name: &str) -> String {
    format!(
        "adjudicator = {name:?} is your own annotator name: the final coding needs a name of its own (say \"{name}-final\"), else it would take your coding for the final one and overwrite it"
    )
}

/// What is wrong with a configuration file.
pub type ConfigError = crate::core::storage::file_error::FileError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    annotator: Option<Spanned<String>>,
    colors: Option<Spanned<String>>,
    max_width: Option<Spanned<i64>>,
    sidebar: Option<bool>,
    reflow: Option<Spanned<String>>,
    blind: Option<bool>,
    adjudicator: Option<Spanned<String>>,
    #[serde(default)]
    theme: RawTheme,
    #[serde(default)]
    timing: RawTiming,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    cursor: Option<Spanned<String>>,
    selection: Option<Spanned<String>>,
    focus: Option<Spanned<String>>,
}

/// Seconds, as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTiming {
    lock_wait: Option<Spanned<f64>>,
    check_every: Option<Spanned<f64>>,
    retry_every: Option<Spanned<f64>>,
}

impl Config {
    /// Reads the file at `path`; a file that does not exist gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_owned(),
                what: "the configuration file",
                source,
            }),
        }
    }

    /// Parses a configuration file; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawConfig = toml_file::parse(text).map_err(|e| invalid(e.offset, e.message))?;
        let mut config = Config::default();
        if let Some(name) = raw.annotator {
            let trimmed = name.get_ref().trim();
            if trimmed.is_empty() {
                return Err(invalid(
                    name.span().start,
                    "annotator is empty: write a name, or leave the line out to use $USER".into(),
                ));
            }
            config.annotator = trimmed.to_owned();
            config.annotator_in_file = true;
        }
        if let Some(colors) = raw.colors {
            config.colors = match colors.get_ref().as_str() {
                "auto" => Colors::Auto,
                "none" => Colors::None,
                "16" => Colors::Ansi16,
                "256" => Colors::Ansi256,
                "truecolor" => Colors::TrueColor,
                other => {
                    return Err(invalid(
                        colors.span().start,
                        format!(
                            "colors = {other:?}: use \"auto\", \"none\", \"16\", \"256\" or \"truecolor\""
                        ),
                    ));
                }
            };
        }
        if let Some(width) = raw.max_width {
            let n = *width.get_ref();
            config.max_width = Some(
                u16::try_from(n)
                    .ok()
                    .filter(|n| *n >= MIN_TEXT_WIDTH)
                    .ok_or_else(|| {
                        invalid(
                            width.span().start,
                            format!(
                                "max_width = {n}: use a number of columns from {MIN_TEXT_WIDTH} up, or leave the line out for the pane's width"
                            ),
                        )
                    })?,
            );
        }
        if let Some(sidebar) = raw.sidebar {
            config.sidebar = sidebar;
        }
        if let Some(reflow) = raw.reflow {
            config.reflow = reflow.get_ref().parse().map_err(|()| {
                invalid(
                    reflow.span().start,
                    format!(
                        "reflow = {:?}: use \"auto\", \"always\" or \"never\"",
                        reflow.get_ref()
                    ),
                )
            })?;
        }
        if let Some(blind) = raw.blind {
            config.blind = blind;
        }
        if let Some(name) = raw.adjudicator {
            let trimmed = name.get_ref().trim();
            if trimmed.is_empty() {
                return Err(invalid(
                    name.span().start,
                    "adjudicator is empty: write a name, or leave the line out to be asked in the review screen".into(),
                ));
            }
            // The final coding is the adjudicator's annotations: under the coder's own name it
            // would take their coding for it, and overwrite it.
            if config.annotator_in_file && trimmed == config.annotator {
                return Err(invalid(name.span().start, own_name_as_adjudicator(trimmed)));
            }
            config.adjudicator = Some(trimmed.to_owned());
        }
        let color = |value: &Spanned<String>, what: &str| {
            value
                .get_ref()
                .parse::<TagColor>()
                .map_err(|e| invalid(value.span().start, format!("theme.{what}: {e}")))
        };
        if let Some(c) = &raw.theme.cursor {
            config.theme.cursor = color(c, "cursor")?;
        }
        if let Some(c) = &raw.theme.selection {
            config.theme.selection = match c.get_ref().as_str() {
                "reverse" => None,
                _ => Some(color(c, "selection")?),
            };
        }
        if let Some(c) = &raw.theme.focus {
            config.theme.focus = color(c, "focus")?;
        }
        let seconds = |value: &Spanned<f64>, what: &str, least: f64| {
            let s = *value.get_ref();
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|_| s >= least)
                .ok_or_else(|| {
                    invalid(
                        value.span().start,
                        format!("timing.{what} = {s}: use a number of seconds from {least} up"),
                    )
                })
        };
        if let Some(s) = &raw.timing.lock_wait {
            config.timing.lock_wait = seconds(s, "lock_wait", 0.0)?;
        }
        if let Some(s) = &raw.timing.check_every {
            config.timing.check_every = seconds(s, "check_every", 0.01)?;
        }
        if let Some(s) = &raw.timing.retry_every {
            config.timing.retry_every = seconds(s, "retry_every", 0.01)?;
        }
        for (action, value) in raw.keys {
            let at = value.span().start;
            let keys = match value.into_inner() {
                toml::Value::String(key) => Some(vec![key]),
                toml::Value::Array(items) => items
                    .into_iter()
                    .map(|item| match item {
                        toml::Value::String(key) => Some(key),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            let Some(keys) = keys else {
                return Err(invalid(
                    at,
                    format!(
                        "keys.{action}: write one key (\"m\") or a list of keys ([\"j\", \"Down\"])"
                    ),
                ));
            };
            config.keys.push(KeyOverride {
                action,
                keys,
                line: line_of(text, at),
            });
        }
        config.keys.sort_by_key(|k| k.line);
        Ok(config)
    }
}

/// The commented file `gloss config --init` writes, which parses to the defaults; `keys` is the
/// list of actions and their default keys, commented out, that the reader's key table gives.
pub fn template(keys: &str) -> String {
    format!(
        r##"# gloss: your configuration. Every setting may be left out; those shown are the defaults.
# `gloss config --path` prints where this file is; GLOSS_CONFIG=/some/file.toml reads another.

# The name written as the annotator of what you create or change (default: $USER).
# annotator = "your name"

# Colours: "auto" (none when NO_COLOR is set, else as many as COLORTERM and TERM say),
# "none", "16", "256" or "truecolor".
colors = "auto"

# The widest the reading pane's text column gets, in columns ({MIN_TEXT_WIDTH} or more); the column is
# centred in the pane. Left out, the text takes the pane's width.
# max_width = 80

# Whether the annotation sidebar shows; without it the reading pane takes its room.
sidebar = true

# Hard-wrapped text (mail, licences, Project Gutenberg: lines of about 72 columns) is shown with
# the lines of each paragraph joined and wrapped to the pane: "auto" when the document looks
# hard-wrapped, "always" or "never".
reflow = "auto"

# Blind coding from the start: only your own annotations show (F2 turns it off and on).
blind = false

# The name the final coding made in the review screen (F5) is written under, so that it is
# exported and counted as a coder's: a name no coder uses, not your annotator. Left out, the
# review screen asks for it and writes it here.
# adjudicator = "adjudication"

[theme]
# Each a terminal colour name ("cyan", "light-blue", "dark-gray", …) or "#rrggbb".
# Tag colours are in the corpus's tags.toml.
cursor = "#303030"     # background of the cursor sentence
selection = "reverse"  # background of the selection, or "reverse" for reversed text
focus = "cyan"         # border of the focused pane

[timing]
# In seconds. How long a save waits for another gloss writing the same folder before it fails
# (a failed save is kept and tried again), how often the idle reader looks for changes made to
# the open document or its annotations elsewhere (an editor, another gloss, a git pull), and how
# often it tries failed saves again.
lock_wait = 2
check_every = 2
retry_every = 5

[keys]
# Give an action other keys by its name: one key or a list, as in
#   edit_note = "m"
#   next_sentence = ["j", "Down"]
# They replace the action's default keys. Keys are written "j", "G", "C-r" (control), "A-x"
# (alt), "S-Tab", "Space", "Enter", "Esc", "Up", "PageDown", "Home", "F1"… A key may not do two
# things where both apply, nor be the key of a tag in the corpus's tags.toml.
# `gloss help keys` prints the keys in effect. The actions, with their default keys:
{keys}"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/home/u/.config/gloss/config.toml"))
    }

    #[test]
    fn the_template_parses_to_the_defaults() {
        let config = parse(&template("# quit = [\"q\", \"C-c\"]\n")).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn every_setting_is_read() {
        let config = parse(
            "annotator = \" Ada \"\ncolors = \"16\"\nmax_width = 72\nsidebar = false\nblind = true\nreflow = \"never\"\n\
             [theme]\ncursor = \"blue\"\nselection = \"#112233\"\nfocus = \"#ff0000\"\n\
             [timing]\nlock_wait = 0\ncheck_every = 0.25\nretry_every = 3\n\
             [keys]\nnext_sentence = [\"j\", \"Down\"]\nedit_note = \"m\"\n",
        )
        .unwrap();
        assert_eq!(config.annotator, "Ada");
        assert_eq!(config.colors, Colors::Ansi16);
        assert_eq!(config.max_width, Some(72));
        assert!(!config.sidebar);
        assert!(config.blind);
        assert_eq!(config.reflow, Reflow::Never);
        assert_eq!(
            config.theme,
            Theme {
                cursor: TagColor::Named(4),
                selection: Some(TagColor::Rgb(0x11, 0x22, 0x33)),
                focus: TagColor::Rgb(255, 0, 0),
            }
        );
        assert_eq!(
            config.timing,
            Timing {
                lock_wait: Duration::ZERO,
                check_every: Duration::from_millis(250),
                retry_every: Duration::from_secs(3),
            }
        );
        assert_eq!(
            config.keys,
            [
                KeyOverride {
                    action: "next_sentence".into(),
                    keys: vec!["j".into(), "Down".into()],
                    line: 16,
                },
                KeyOverride {
                    action: "edit_note".into(),
                    keys: vec!["m".into()],
                    line: 17,
                },
            ]
        );
    }

    #[test]
    fn mistakes_name_the_file_and_line_and_say_what_to_do() {
        let cases = [
            ("colors = \"many\"\n", ":1:", "use \"auto\""),
            ("\nmax_width = 5\n", ":2:", "from 20 up"),
            (
                "[timing]\ncheck_every = 0\n",
                ":2:",
                "timing.check_every = 0: use a number",
            ),
            ("[timing]\nlock_wait = -1\n", ":2:", "seconds from 0 up"),
            ("sidebar = \"yes\"\n", ":1:", "bool"),
            (
                "[theme]\n\ncursor = \"mauve\"\n",
                ":3:",
                "theme.cursor: unknown colour",
            ),
            ("[keys]\nquit = 3\n", ":2:", "keys.quit: write one key"),
            ("[keys]\nquit = [\"q\", 1]\n", ":2:", "keys.quit"),
            ("\n\nfont = \"x\"\n", ":3:", "font"),
            ("annotator = \"\"\n", ":1:", "annotator is empty"),
            (
                "annotator = \"ada\"\n\nadjudicator = \" ada\"\n",
                ":3:",
                "adjudicator = \"ada\" is your own annotator name",
            ),
            (
                "\nreflow = \"yes\"\n",
                ":2:",
                "use \"auto\", \"always\" or \"never\"",
            ),
            ("[keys\n", ":1:", ""),
        ];
        for (text, line, words) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(
                err.starts_with("/home/u/.config/gloss/config.toml"),
                "{err}"
            );
            assert!(err.contains(line), "{text:?} gave {err}");
            assert!(err.contains(words), "{text:?} gave {err}");
        }
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(&dir.path().join("config.toml")).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn colour_depth_follows_the_environment_unless_the_file_says() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let auto = Colors::Auto;
        assert_eq!(auto.depth(env(&[])), Depth::Ansi16);
        assert_eq!(auto.depth(env(&[("TERM", "xterm")])), Depth::Ansi16);
        assert_eq!(
            auto.depth(env(&[("TERM", "xterm-256color")])),
            Depth::Ansi256
        );
        assert_eq!(
            auto.depth(env(&[
                ("TERM", "xterm-256color"),
                ("COLORTERM", "truecolor")
            ])),
            Depth::TrueColor
        );
        assert_eq!(auto.depth(env(&[("COLORTERM", "24bit")])), Depth::TrueColor);
        assert_eq!(auto.depth(env(&[("TERM", "dumb")])), Depth::None);
        let no_color = env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")]);
        assert_eq!(auto.depth(no_color), Depth::None);
        assert_eq!(
            auto.depth(env(&[("NO_COLOR", ""), ("TERM", "xterm-256color")])),
            Depth::Ansi256
        );
        assert_eq!(Colors::Ansi256.depth(no_color), Depth::Ansi256);
        assert_eq!(
            Colors::None.depth(env(&[("COLORTERM", "24bit")])),
            Depth::None
        );
    }
}
