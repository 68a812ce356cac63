//! The SQLite side of a workspace copy: its tables read from the file's own catalog, rows
//! read at one read transaction, and a load as one immediate transaction.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Cell, TableLoad, TableShape, TableSink, WorkspaceSchema, foreign_key_order};
use crate::store::Store;
use crate::store::error::{Result, StoreError};

impl rusqlite::ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Cell::Null => ToSqlOutput::Owned(Value::Null),
            Cell::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Cell::Real(x) => ToSqlOutput::Owned(Value::Real(*x)),
            Cell::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Cell::Bool(flag) => ToSqlOutput::Owned(Value::Integer(i64::from(*flag))),
            Cell::Date(day) => ToSqlOutput::Owned(Value::Text(day.format("%Y-%m-%d").to_string())),
        })
    }
}

/// `name` quoted as an SQL identifier (the same quoting serves PostgreSQL).
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The workspace tables of the file (SQLite's own aside), parents first.
fn tables(conn: &Connection) -> Result<Vec<TableShape>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let names = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shapes = Vec::new();
    let mut refers = Vec::new();
    for name in names {
        let mut columns = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns = columns
            .query_map([&name], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut parents =
            conn.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")?;
        for parent in parents.query_map([&name], |row| row.get::<_, String>(0))? {
            refers.push((name.clone(), parent?));
        }
        shapes.push(TableShape { name, columns });
    }
    Ok(foreign_key_order(shapes, &refers))
}

fn count(conn: &Connection, table: &str) -> Result<u64> {
    let rows: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {}", quoted(table)),
        [],
        |row| row.get(0),
    )?;
    Ok(rows.max(0) as u64)
}

fn cell(value: ValueRef<'_>, table: &str, column: &str) -> Result<Cell> {
    Ok(match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        ValueRef::Real(x) => Cell::Real(x),
        ValueRef::Text(bytes) => Cell::Text(
            std::str::from_utf8(bytes)
                .map_err(|_| {
                    StoreError::invalid(format!("{table}.{column} holds text that is not UTF-8"))
                })?
                .to_string(),
        ),
        ValueRef::Blob(_) => {
            return Err(StoreError::invalid(format!(
                "{table}.{column} holds binary data, which no dealdeck column has"
            )));
        }
    })
}

impl Store {
    pub fn workspace_schema(&self) -> Result<WorkspaceSchema> {
        Ok(WorkspaceSchema {
            backend: "SQLite",
            version: self
                .conn
                .query_row("PRAGMA user_version", [], |row| row.get(0))?,
            latest: crate::store::schema::LATEST_VERSION,
            tables: tables(&self.conn)?,
        })
    }

    /// Every row of `plan`'s tables and columns into `sink`, at one read transaction.
    pub fn copy_tables(&self, plan: &[TableShape], sink: &mut dyn TableSink) -> Result<()> {
        self.at_one_snapshot(|store| -> Result<()> {
            let conn = &store.conn;
            let counts = plan
                .iter()
                .map(|t| Ok((t.name.clone(), count(conn, &t.name)?)))
                .collect::<Result<Vec<_>>>()?;
            sink.counted(&counts)?;
            for table in plan {
                sink.begin_table(table)?;
                let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
                let mut statement = conn.prepare(&format!(
                    "SELECT {} FROM {} ORDER BY rowid",
                    columns.join(", "),
                    quoted(&table.name)
                ))?;
                let mut rows = statement.query([])?;
                let mut cells = Vec::with_capacity(columns.len());
                while let Some(row) = rows.next()? {
                    cells.clear();
                    for (i, column) in table.columns.iter().enumerate() {
                        cells.push(cell(row.get_ref(i)?, &table.name, column)?);
                    }
                    sink.row(&cells)?;
                }
                sink.end_table()?;
            }
            Ok(())
        })
    }

    /// A load into this file, refused unless it is an empty workspace (whose defaults the
    /// copy replaces).
    pub fn table_loader(&mut self) -> Result<SqliteLoad<'_>> {
        self.conn.execute_batch("PRAGMA cache_size = -32768;")?;
        let shown = self.path.display().to_string();
        let existing = tables(&self.conn)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let counts = existing
            .iter()
            .map(|t| Ok((t.name.clone(), count(&tx, &t.name)?)))
            .collect::<Result<Vec<_>>>()?;
        super::refuse_unless_empty(&shown, &counts)?;
        for table in existing.iter().rev() {
            tx.execute(&format!("DELETE FROM {}", quoted(&table.name)), [])?;
        }
        Ok(SqliteLoad { tx, insert: None })
    }
}

/// A copy being written into a file, in one immediate transaction.
pub struct SqliteLoad<'a> {
    tx: Transaction<'a>,
    /// The current table's INSERT.
    insert: Option<String>,
}

impl TableSink for SqliteLoad<'_> {
    fn counted(&mut self, _rows: &[(String, u64)]) -> Result<()> {
        Ok(())
    }

    fn begin_table(&mut self, table: &TableShape) -> Result<()> {
        let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        self.insert = Some(format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(&table.name),
            columns.join(", "),
            marks.join(", ")
        ));
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let Some(insert) = &self.insert else {
            return Err(StoreError::invalid("a row came before its table"));
        };
        let mut statement = self.tx.prepare_cached(insert)?;
        statement.execute(rusqlite::params_from_iter(cells.iter()))?;
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.insert = None;
        Ok(())
    }
}

impl TableLoad for SqliteLoad<'_> {
    fn schema(&mut self) -> Result<WorkspaceSchema> {
        Ok(WorkspaceSchema {
            backend: "SQLite",
            version: self
                .tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))?,
            latest: crate::store::schema::LATEST_VERSION,
            tables: tables(&self.tx)?,
        })
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
