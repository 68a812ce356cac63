//! Who is acting on a SQLite store: the name every write records (`by_user`, `done_by`,
//! `updated_by`), and the SQL function "my deals" is filtered with, so SQLite matches an
//! owner exactly as the board does (Unicode case, not SQLite's ASCII-only `lower`).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use super::Store;
use super::error::Result;

/// The SQL function `dealdeck_is_owner(owner, user)`: [`crate::domain::people::is_owner`].
pub(crate) const IS_OWNER: &str = "dealdeck_is_owner";

/// Registers [`IS_OWNER`] on a connection (every store has it, so `deal list --mine` and the
/// board's "my deals" read alike).
pub(super) fn register(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        IS_OWNER,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let owner: Option<String> = ctx.get(0)?;
            let user: String = ctx.get(1)?;
            Ok(crate::domain::people::is_owner(owner.as_deref(), &user))
        },
    )?;
    Ok(())
}

/// The user a store records: trimmed, and nobody when empty.
pub(crate) fn acting(user: &str) -> Option<String> {
    let user = user.trim();
    (!user.is_empty()).then(|| user.to_string())
}

impl Store {
    /// Records `user` as who makes every write from now on.
    pub fn act_as(&mut self, user: &str) {
        self.user = acting(user);
    }

    /// Who this store acts as; empty when nobody was named.
    pub fn user(&self) -> &str {
        self.user.as_deref().unwrap_or("")
    }
}
