//! The current user of a command: `--user`, else `$DEALDECK_USER`, else config `user`, else
//! the login name. The store records it on every write; `--mine` and the board's "my deals"
//! filter by it.

use crate::config::Config;
use crate::domain::people::{check_user, choose_user};

use super::error::{CliError, CliResult};

/// Who runs this command; `None` when nothing names anyone (no login name either), and the
/// writes then record nobody. A name given but empty or with control characters is refused.
pub fn current_user(flag: Option<&str>, config: &Config) -> CliResult<Option<String>> {
    let env = std::env::var("DEALDECK_USER").ok();
    let chosen = choose_user([
        (flag, "--user"),
        (env.as_deref(), "$DEALDECK_USER"),
        (config.user.as_deref(), "user in config.toml"),
    ])
    .map_err(|e| CliError::bad(e.to_string()))?;
    Ok(chosen.or_else(login_name))
}

/// The login name: `$USER`, else `$LOGNAME`, else the account's name; skipped when unusable.
fn login_name() -> Option<String> {
    ["USER", "LOGNAME"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .chain(whoami::username().ok())
        .find_map(|name| check_user(&name, "the login name").ok())
}

/// The user `--mine` filters by, refused when nobody is known.
pub fn required_user(user: &str) -> CliResult<String> {
    if user.is_empty() {
        return Err(CliError::bad(
            "--mine needs to know who you are: pass --user NAME, or set $DEALDECK_USER or user in config.toml",
        ));
    }
    Ok(user.to_string())
}
