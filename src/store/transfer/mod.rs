//! Moving a whole workspace from one store into another (`migrate --to`, `backup` on a
//! server), driven by the two schemas rather than by a list of fields: every table both
//! stores have, in foreign-key order, every column both have by name, ids kept. A column a
//! later migration adds flows through without this code changing.

mod sqlite;

use chrono::NaiveDate;

use super::error::{Result, StoreError};

/// One value of a row, in a form both backends read and write (SQLite keeps dates as text
/// and flags as integers, PostgreSQL as DATE and BOOLEAN: each side converts to its column).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
}

/// A table as the copy sees it: its name and the columns copied, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableShape {
    pub name: String,
    pub columns: Vec<String>,
}

/// A store's workspace tables (parents before the tables that refer to them) and where its
/// schema stands.
#[derive(Clone, Debug)]
pub struct WorkspaceSchema {
    /// "SQLite" or "PostgreSQL", for messages.
    pub backend: &'static str,
    pub version: i64,
    /// The version this dealdeck migrates that backend to.
    pub latest: i64,
    pub tables: Vec<TableShape>,
}

/// Where the rows of a copy go, table by table.
pub trait TableSink {
    /// The row count of each table about to be copied, read at the copy's snapshot.
    fn counted(&mut self, rows: &[(String, u64)]) -> Result<()>;
    fn begin_table(&mut self, table: &TableShape) -> Result<()>;
    /// One row, its cells in the order of the table's columns.
    fn row(&mut self, cells: &[Cell]) -> Result<()>;
    fn end_table(&mut self) -> Result<()>;
}

/// A copy being written into an empty store: one transaction, visible at [`commit`]
/// (ids handed out afterwards come after the copied ones); dropping it writes nothing.
///
/// [`commit`]: TableLoad::commit
pub trait TableLoad: TableSink {
    /// The target's schema as the load sees it (a blank server database is set up first).
    fn schema(&mut self) -> Result<WorkspaceSchema>;
    fn commit(self: Box<Self>) -> Result<()>;
}

/// How far a copy has come, for a progress bar.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub rows: u64,
    pub total: u64,
}

/// What a finished copy moved: each table with its rows, in copy order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(String, u64)>,
}

impl Copied {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, rows)| rows).sum()
    }

    pub fn of(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, rows)| *rows)
    }
}

/// The tables and columns to copy from `source` into `target`, in the target's foreign-key
/// order. Both must be at the schema this dealdeck makes; a table or column the source has
/// and the target lacks would be lost, so it is refused, naming it. A column only the target
/// has gets its default.
pub fn plan_copy(source: &WorkspaceSchema, target: &WorkspaceSchema) -> Result<Vec<TableShape>> {
    for (side, schema) in [("source", source), ("target", target)] {
        if schema.version != schema.latest {
            return Err(StoreError::invalid(format!(
                "the {side} ({}) is at schema version {}, this dealdeck's is {}; open it once with this dealdeck so it is migrated, then copy",
                schema.backend, schema.version, schema.latest
            )));
        }
    }
    let mut missing = Vec::new();
    for table in &source.tables {
        match target.tables.iter().find(|t| t.name == table.name) {
            None => missing.push(format!("table {}", table.name)),
            Some(found) => missing.extend(
                table
                    .columns
                    .iter()
                    .filter(|c| !found.columns.contains(c))
                    .map(|c| format!("column {}.{c}", table.name)),
            ),
        }
    }
    if !missing.is_empty() {
        return Err(StoreError::invalid(format!(
            "the target ({}) has no {} that the source ({}) has, so the copy would lose data; nothing was copied",
            target.backend,
            missing.join(", "),
            source.backend
        )));
    }
    Ok(target
        .tables
        .iter()
        .filter_map(|table| {
            let from = source.tables.iter().find(|t| t.name == table.name)?;
            Some(TableShape {
                name: table.name.clone(),
                columns: table
                    .columns
                    .iter()
                    .filter(|c| from.columns.contains(c))
                    .cloned()
                    .collect(),
            })
        })
        .collect())
}

/// Copies the whole workspace of `source` into `target`'s empty store through `load`, read
/// at one snapshot of the source and written in the load's one transaction, reporting
/// progress as it goes. Nothing is visible in the target unless the whole copy succeeded.
pub fn copy_workspace(
    source: &dyn super::Repository,
    mut load: Box<dyn TableLoad + '_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Copied> {
    let plan = plan_copy(&source.workspace_schema()?, &load.schema()?)?;
    let mut counting = Counting {
        load,
        progress,
        at: Progress::default(),
        copied: Copied::default(),
        current: None,
    };
    source.copy_tables(&plan, &mut counting)?;
    let Counting { load, copied, .. } = counting;
    load.commit()?;
    Ok(copied)
}

/// Passes rows on to the load, counting them for the progress bar and the summary.
struct Counting<'a, 'p> {
    load: Box<dyn TableLoad + 'a>,
    progress: &'p mut dyn FnMut(Progress),
    at: Progress,
    copied: Copied,
    current: Option<(String, u64)>,
}

impl Counting<'_, '_> {
    /// A server's refusal names no table: say which one was being copied.
    fn in_table(&self, outcome: Result<()>) -> Result<()> {
        match (outcome, &self.current) {
            (Err(StoreError::Server { url, detail, code }), Some((table, _))) => {
                Err(StoreError::Server {
                    url,
                    detail: format!("{detail} (copying table {table}; nothing was written)"),
                    code,
                })
            }
            (outcome, _) => outcome,
        }
    }
}

impl TableSink for Counting<'_, '_> {
    fn counted(&mut self, rows: &[(String, u64)]) -> Result<()> {
        self.at.total = rows.iter().map(|(_, n)| n).sum();
        (self.progress)(self.at);
        self.load.counted(rows)
    }

    fn begin_table(&mut self, table: &TableShape) -> Result<()> {
        self.current = Some((table.name.clone(), 0));
        self.load.begin_table(table)
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let written = self.load.row(cells);
        self.in_table(written)?;
        if let Some((_, rows)) = &mut self.current {
            *rows += 1;
        }
        self.at.rows += 1;
        if self.at.rows.is_multiple_of(1024) {
            (self.progress)(self.at);
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        let ended = self.load.end_table();
        self.in_table(ended)?;
        if let Some(done) = self.current.take() {
            self.copied.tables.push(done);
        }
        (self.progress)(self.at);
        Ok(())
    }
}

/// Orders tables so each comes after the tables it refers to (`refers` pairs a table with a
/// parent), by name among equals; a cycle keeps the rest in name order at the end.
pub(crate) fn foreign_key_order(
    mut tables: Vec<TableShape>,
    refers: &[(String, String)],
) -> Vec<TableShape> {
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ordered: Vec<TableShape> = Vec::with_capacity(tables.len());
    while !tables.is_empty() {
        let ready = tables.iter().position(|table| {
            refers.iter().all(|(child, parent)| {
                child != &table.name || parent == child || !tables.iter().any(|t| &t.name == parent)
            })
        });
        ordered.push(tables.remove(ready.unwrap_or(0)));
    }
    ordered
}

/// Why a store that should receive a copy is refused, or nothing when it is empty: a new
/// workspace (at most its one default pipeline, the standard lost reasons and the default
/// pipeline setting) counts as empty, since a copy replaces those.
pub(crate) fn refuse_unless_empty(shown: &str, counts: &[(String, u64)]) -> Result<()> {
    let count = |table: &str| {
        counts
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, n)| *n)
    };
    let seeded = ["pipeline", "stage", "lost_reason", "setting"];
    let mut holds: Vec<String> = counts
        .iter()
        .filter(|(name, rows)| *rows > 0 && !seeded.contains(&name.as_str()))
        .map(|(name, rows)| format!("{rows} {name} row(s)"))
        .collect();
    if count("pipeline") > 1 {
        holds.insert(0, format!("{} pipelines", count("pipeline")));
    }
    if count("setting") > 1 {
        holds.push(format!("{} settings", count("setting")));
    }
    if holds.is_empty() {
        return Ok(());
    }
    Err(StoreError::invalid(format!(
        "{shown} is not empty (it holds {}); migrate copies only into an empty workspace, nothing was written",
        holds.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(name: &str, columns: &[&str]) -> TableShape {
        TableShape {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn schema(tables: Vec<TableShape>) -> WorkspaceSchema {
        WorkspaceSchema {
            backend: "test",
            version: 3,
            latest: 3,
            tables,
        }
    }

    #[test]
    fn parents_come_first() {
        let tables = vec![
            shape("stage_visit", &[]),
            shape("deal", &[]),
            shape("stage", &[]),
            shape("pipeline", &[]),
            shape("fx_rate", &[]),
        ];
        let refers = [
            ("deal".to_string(), "stage".to_string()),
            ("deal".to_string(), "pipeline".to_string()),
            ("stage".to_string(), "pipeline".to_string()),
            ("stage_visit".to_string(), "deal".to_string()),
            ("stage_visit".to_string(), "stage".to_string()),
        ];
        let names: Vec<_> = foreign_key_order(tables, &refers)
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(
            names,
            ["fx_rate", "pipeline", "stage", "deal", "stage_visit"]
        );
    }

    #[test]
    fn a_column_the_target_lacks_is_refused_and_one_it_adds_is_left_to_its_default() {
        let source = schema(vec![shape("deal", &["id", "title", "by_user"])]);
        let target = schema(vec![shape("deal", &["id", "title"])]);
        let refused = plan_copy(&source, &target).unwrap_err().to_string();
        assert!(refused.contains("column deal.by_user"), "{refused}");
        let plan = plan_copy(&target, &source).unwrap();
        assert_eq!(plan, vec![shape("deal", &["id", "title"])]);
    }

    #[test]
    fn an_old_schema_is_refused() {
        let mut source = schema(vec![]);
        source.version = 2;
        let refused = plan_copy(&source, &schema(vec![])).unwrap_err().to_string();
        assert!(refused.contains("schema version 2"), "{refused}");
    }

    #[test]
    fn a_new_workspace_is_empty_and_one_with_a_deal_is_not() {
        let seeded = [
            ("pipeline".to_string(), 1),
            ("stage".to_string(), 7),
            ("lost_reason".to_string(), 8),
            ("setting".to_string(), 1),
            ("deal".to_string(), 0),
        ];
        assert!(refuse_unless_empty("t", &seeded).is_ok());
        let mut used = seeded.to_vec();
        used[4].1 = 2;
        let refused = refuse_unless_empty("t.db", &used).unwrap_err().to_string();
        assert!(
            refused.contains("t.db is not empty (it holds 2 deal row(s))"),
            "{refused}"
        );
    }
}
