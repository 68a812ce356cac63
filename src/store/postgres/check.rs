//! `dealdeck check` on a server: the schema version, the schema itself against what this
//! dealdeck's migrations make (built in a scratch schema that is rolled back), money kept as
//! whole minor units, rows pointing at missing rows, and the rules both backends share.

use std::collections::BTreeSet;

use postgres::GenericClient;

use super::super::error::Result;
use super::super::maintenance::{CheckReport, RULES};
use super::PgStore;
use super::schema::{LATEST_VERSION, MIGRATIONS, version};

/// Everything about the current schema's tables a migration decides, one line each.
fn fingerprint(client: &mut impl GenericClient) -> Result<BTreeSet<String>> {
    let mut lines = BTreeSet::new();
    let columns = client.query(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, a.attidentity::text
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0
           AND NOT a.attisdropped AND c.relname <> 'dealdeck_schema'",
        &[],
    )?;
    for row in columns {
        let (table, column, ty): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        let not_null = if row.get::<_, bool>(3) {
            " not null"
        } else {
            ""
        };
        let identity = if row.get::<_, String>(4).is_empty() {
            ""
        } else {
            " identity"
        };
        lines.insert(format!("column {table}.{column} {ty}{not_null}{identity}"));
    }
    let indexes = client.query(
        "SELECT i.relname::text, pg_get_indexdef(i.oid)
         FROM pg_catalog.pg_index x
         JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
         JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname <> 'dealdeck_schema'",
        &[],
    )?;
    // An index's definition names its table with the schema; the scratch one differs.
    let schema: String = client
        .query_one("SELECT current_schema()::text", &[])?
        .get(0);
    let qualified = format!(" ON {schema}.");
    for row in indexes {
        lines.insert(format!(
            "index {}: {}",
            row.get::<_, String>(0),
            row.get::<_, String>(1).replacen(&qualified, " ON ", 1)
        ));
    }
    let constraints = client.query(
        "SELECT t.relname::text, k.conname::text, pg_get_constraintdef(k.oid)
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class t ON t.oid = k.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname <> 'dealdeck_schema'",
        &[],
    )?;
    for row in constraints {
        lines.insert(format!(
            "constraint {}.{}: {}",
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2)
        ));
    }
    Ok(lines)
}

/// The schema this dealdeck's migrations make, built in a scratch schema inside a
/// transaction that is rolled back; `None` when the role may not create one.
fn expected(client: &mut postgres::Client) -> Result<Option<BTreeSet<String>>> {
    let mut tx = client.transaction()?;
    let scratch = format!("dealdeck_check_{}", std::process::id());
    if let Err(error) = tx.batch_execute(&format!(
        "CREATE SCHEMA {scratch}; SET LOCAL search_path TO {scratch}"
    )) {
        if error.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
            return Ok(None);
        }
        return Err(error.into());
    }
    for migration in MIGRATIONS {
        tx.batch_execute(migration)?;
    }
    let lines = fingerprint(&mut tx)?;
    tx.rollback()?;
    Ok(Some(lines))
}

/// For every foreign key of the workspace, how many rows point at a missing row (the
/// server enforces them, unless someone turned their triggers off or loaded around them).
fn orphans(client: &mut impl GenericClient) -> Result<Vec<String>> {
    let keys = client.query(
        "SELECT child.relname::text, parent.relname::text,
                array_agg(ca.attname::text ORDER BY u.n), array_agg(pa.attname::text ORDER BY u.n)
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class child ON child.oid = k.conrelid
         JOIN pg_catalog.pg_class parent ON parent.oid = k.confrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = child.relnamespace
         CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(c, p, n)
         JOIN pg_catalog.pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = u.c
         JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.p
         WHERE k.contype = 'f' AND n.nspname = current_schema()
         GROUP BY k.oid, child.relname, parent.relname
         ORDER BY child.relname, k.oid",
        &[],
    )?;
    let mut found = Vec::new();
    for key in keys {
        let (child, parent): (String, String) = (key.get(0), key.get(1));
        let (from, to): (Vec<String>, Vec<String>) = (key.get(2), key.get(3));
        let present: Vec<String> = from.iter().map(|c| format!("c.{c} IS NOT NULL")).collect();
        let matched: Vec<String> = from
            .iter()
            .zip(&to)
            .map(|(c, p)| format!("p.{p} = c.{c}"))
            .collect();
        let missing: i64 = client
            .query_one(
                &format!(
                    "SELECT count(*) FROM {child} c WHERE {} AND NOT EXISTS
                       (SELECT 1 FROM {parent} p WHERE {})",
                    present.join(" AND "),
                    matched.join(" AND ")
                ),
                &[],
            )?
            .get(0);
        if missing > 0 {
            found.push(format!(
                "foreign key: {missing} {child} row(s) point at a missing {parent} ({})",
                from.join(", ")
            ));
        }
    }
    Ok(found)
}

impl PgStore {
    /// The server's schema and dealdeck's rules, in the report `check` gives for a file.
    /// (`full` asks nothing more of a server: its pages are the server's own business.)
    pub fn check(&self) -> Result<CheckReport> {
        let mut client = self.reader()?;
        let found = version(&mut *client)?;
        let count = |client: &mut postgres::Client, table: &str| -> Result<i64> {
            Ok(client
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
                .get(0))
        };
        let mut report = CheckReport {
            schema_version: found,
            pipelines: count(&mut client, "pipeline")?,
            deals: count(&mut client, "deal")?,
            visits: count(&mut client, "stage_visit")?,
            problems: Vec::new(),
        };
        if found != LATEST_VERSION {
            report.problems.push(format!(
                "schema: version {found}, this dealdeck's is {LATEST_VERSION}"
            ));
        }
        let actual = fingerprint(&mut *client)?;
        if let Some(expected) = expected(&mut client)? {
            for line in expected.difference(&actual) {
                report.problems.push(format!("schema: missing {line}"));
            }
            for line in actual.difference(&expected) {
                report
                    .problems
                    .push(format!("schema: not dealdeck's {line}"));
            }
        }
        // Money is whole minor units; a column of any other type would round or fail.
        let money = client.query(
            "SELECT table_name::text, column_name::text, data_type::text
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name LIKE '%\\_minor'
               AND data_type <> 'bigint'",
            &[],
        )?;
        for row in money {
            report.problems.push(format!(
                "money: {}.{} is {}, not whole minor units (bigint)",
                row.get::<_, String>(0),
                row.get::<_, String>(1),
                row.get::<_, String>(2)
            ));
        }
        report.problems.extend(orphans(&mut *client)?);
        for (label, sql) in RULES {
            let ids: Vec<i64> = client
                .query(*sql, &[])?
                .iter()
                .map(|row| row.get(0))
                .collect();
            if ids.is_empty() {
                continue;
            }
            let shown: Vec<String> = ids.iter().take(10).map(i64::to_string).collect();
            let more = if ids.len() > 10 {
                format!(" and {} more", ids.len() - 10)
            } else {
                String::new()
            };
            report
                .problems
                .push(format!("{label}: {}{more}", shown.join(", ")));
        }
        Ok(report)
    }
}
