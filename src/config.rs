//! The user's settings file (`config.toml` in the platform config dir).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::DecimalSeparator;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// How a lone `1.234` / `1,234` is read; default from `LC_ALL` / `LC_NUMERIC` / `LANG`.
    #[serde(default)]
    pub decimal_separator: Option<DecimalSeparator>,
    /// How many days won and lost deals stay on the board.
    #[serde(default)]
    pub closed_days: Option<u32>,
    /// Key overrides, read by the board.
    #[serde(default)]
    pub keys: toml::Table,
    /// Who you are in a shared workspace (after `--user` and `$DEALDECK_USER`).
    #[serde(default)]
    pub user: Option<String>,
    /// The database when neither `--db` nor `$DEALDECK_DB` names one: a file path (`~/`
    /// for the home folder) or a PostgreSQL URL (team mode).
    #[serde(default)]
    pub database: Option<String>,
    /// The language of the screens (`en`, `nl`, `sv`); else `LC_ALL` / `LC_MESSAGES` / `LANG`.
    #[serde(default)]
    pub language: Option<crate::i18n::Language>,
    /// Secondary colours for a light or dark terminal background (`ui::theme`).
    #[serde(default)]
    pub theme: Option<crate::ui::theme::Theme>,
}

impl Config {
    /// `$DEALDECK_CONFIG`, else `config.toml` in the platform config directory.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("DEALDECK_CONFIG") {
            return Some(PathBuf::from(path));
        }
        directories::ProjectDirs::from("", "", "dealdeck")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// Reads the file; a missing file is the defaults, a malformed one an error naming it.
    pub fn load(path: Option<&Path>) -> Result<Config, String> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| format!("config file {}: {}", path.display(), e.message())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(format!("cannot read config file {}: {e}", path.display())),
        }
    }

    /// `database` as the path `--db` would take; a leading `~/` is the home folder.
    pub fn database_path(&self) -> Option<PathBuf> {
        let database = self.database.as_deref()?.trim();
        if database.is_empty() {
            return None;
        }
        match database.strip_prefix("~/") {
            Some(rest) => directories::BaseDirs::new()
                .map(|dirs| dirs.home_dir().join(rest))
                .or_else(|| Some(PathBuf::from(database))),
            None => Some(PathBuf::from(database)),
        }
    }

    /// The configured separator; else the configured language's; else the environment's.
    pub fn decimal_separator(&self) -> DecimalSeparator {
        self.decimal_separator
            .unwrap_or_else(|| match self.language {
                Some(crate::i18n::Language::En) => DecimalSeparator::Dot,
                Some(_) => DecimalSeparator::Comma,
                None => DecimalSeparator::from_env(),
            })
    }

    /// The locale the screens, `print` and the text report speak.
    pub fn locale(&self) -> crate::i18n::Locale {
        crate::i18n::Locale::from_settings(self.language)
    }
}
