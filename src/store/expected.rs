//! The schema a dealdeck file must have: its `sqlite_schema` compared with what the
//! migrations make, so a trigger, index or view added by someone else is never run by us.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rusqlite::Connection;

use super::error::Result;

/// `(type, name)` → the table it belongs to and its SQL with whitespace folded.
type Objects = BTreeMap<(String, String), (String, Option<String>)>;

fn fold_whitespace(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn objects(conn: &Connection) -> Result<Objects> {
    let mut statement = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let rows = statement.query_map([], |row| {
        Ok((
            (row.get::<_, String>(0)?, row.get::<_, String>(1)?),
            (
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?
                    .as_deref()
                    .map(fold_whitespace),
            ),
        ))
    })?;
    let mut found = Objects::new();
    for row in rows {
        let (key, value) = row?;
        // ANALYZE's statistics only steer the query planner.
        if !key.1.starts_with("sqlite_stat") {
            found.insert(key, value);
        }
    }
    Ok(found)
}

/// What the first `version` migrations make, built in memory once per process and version.
fn expected(version: i64) -> Result<Objects> {
    static BUILT: Mutex<BTreeMap<i64, Objects>> = Mutex::new(BTreeMap::new());
    if let Some(built) = BUILT.lock().ok().and_then(|b| b.get(&version).cloned()) {
        return Ok(built);
    }
    let mut conn = Connection::open_in_memory()?;
    super::open::migrate_to(&mut conn, 0, version)?;
    let built = objects(&conn)?;
    if let Ok(mut cache) = BUILT.lock() {
        cache.insert(version, built.clone());
    }
    Ok(built)
}

/// Every difference between the file's schema and that of `version`, as "an extra trigger
/// x", "no index y", "a changed table z"; empty when it is exactly dealdeck's.
pub(crate) fn differences(conn: &Connection, version: i64) -> Result<Vec<String>> {
    let found = objects(conn)?;
    let wanted = expected(version)?;
    let mut differences = Vec::new();
    for ((kind, name), shape) in &found {
        match wanted.get(&(kind.clone(), name.clone())) {
            None => differences.push(format!("an extra {kind} {name}")),
            Some(expected) if expected != shape => {
                differences.push(format!("a changed {kind} {name}"));
            }
            Some(_) => {}
        }
    }
    for (kind, name) in wanted.keys() {
        if !found.contains_key(&(kind.clone(), name.clone())) {
            differences.push(format!("no {kind} {name}"));
        }
    }
    Ok(differences)
}

/// The differences in one short phrase for an error message.
pub(crate) fn summary(differences: &[String]) -> String {
    let shown: Vec<&str> = differences.iter().take(3).map(String::as_str).collect();
    match differences.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}
