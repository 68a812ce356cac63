//! The server side of a workspace copy (`migrate --to`, `backup` on a server): tables read
//! from the server's catalog, rows read at one REPEATABLE READ snapshot, and a load as one
//! transaction holding the write turn, written with binary COPY in batches and leaving the
//! identity sequences past the copied ids.

use std::error::Error;

use bytes::BytesMut;
use chrono::NaiveDate;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{GenericClient, Transaction};

use super::super::error::{Result, StoreError};
use super::super::transfer::{
    Cell, TableLoad, TableShape, TableSink, WorkspaceSchema, foreign_key_order, refuse_unless_empty,
};
use super::{PgStore, take_write_turn};

/// dealdeck's own bookkeeping, which every database has of its own and no copy carries.
const BOOKKEEPING: [&str; 2] = ["dealdeck_schema", "dealdeck_changes"];

/// Rows sent per COPY: each batch is one round of COPY … FROM STDIN.
const BATCH: usize = 20_000;

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The workspace tables of the current schema, parents first.
fn tables(client: &mut impl GenericClient) -> Result<Vec<TableShape>> {
    let rows = client.query(
        "SELECT c.relname::text,
                array_agg(a.attname::text ORDER BY a.attnum)
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                                       AND NOT a.attisdropped AND a.attgenerated = ''
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
         GROUP BY c.relname",
        &[],
    )?;
    let shapes = rows
        .iter()
        .map(|row| TableShape {
            name: row.get(0),
            columns: row.get(1),
        })
        .filter(|t| !BOOKKEEPING.contains(&t.name.as_str()))
        .collect();
    let refers = client
        .query(
            "SELECT child.relname::text, parent.relname::text
             FROM pg_catalog.pg_constraint k
             JOIN pg_catalog.pg_class child ON child.oid = k.conrelid
             JOIN pg_catalog.pg_class parent ON parent.oid = k.confrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = child.relnamespace
             WHERE k.contype = 'f' AND n.nspname = current_schema()",
            &[],
        )?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect::<Vec<_>>();
    Ok(foreign_key_order(shapes, &refers))
}

fn count(client: &mut impl GenericClient, table: &str) -> Result<u64> {
    let rows: i64 = client
        .query_one(&format!("SELECT count(*) FROM {}", quoted(table)), &[])?
        .get(0);
    Ok(rows.max(0) as u64)
}

/// A cell as the server reads it, by the column's type.
fn cell(row: &postgres::Row, index: usize, table: &str) -> Result<Cell> {
    let column = &row.columns()[index];
    let ty = column.type_();
    let got = if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(index)?.map(Cell::Int)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(index)?
            .map(|n| Cell::Int(n.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(index)?
            .map(|n| Cell::Int(n.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(index)?.map(Cell::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(index)?
            .map(|x| Cell::Real(x.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(index)?.map(Cell::Bool)
    } else if *ty == Type::DATE {
        row.try_get::<_, Option<NaiveDate>>(index)?.map(Cell::Date)
    } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) {
        row.try_get::<_, Option<String>>(index)?.map(Cell::Text)
    } else {
        return Err(StoreError::invalid(format!(
            "{table}.{} is of type {ty}, which a workspace copy does not know",
            column.name()
        )));
    };
    Ok(got.unwrap_or(Cell::Null))
}

/// A cell converted to its target column's type, or why it cannot be.
#[derive(Debug)]
enum Value {
    Null,
    I16(i16),
    I32(i32),
    I64(i64),
    F64(f64),
    F32(f32),
    Bool(bool),
    Text(String),
    Date(NaiveDate),
}

fn value(cell: &Cell, ty: &Type) -> std::result::Result<Value, String> {
    let int = |n: i64| -> std::result::Result<Value, String> {
        Ok(match *ty {
            Type::INT8 => Value::I64(n),
            Type::INT4 => Value::I32(i32::try_from(n).map_err(|_| format!("{n} is too big"))?),
            Type::INT2 => Value::I16(i16::try_from(n).map_err(|_| format!("{n} is too big"))?),
            Type::FLOAT8 => Value::F64(n as f64),
            Type::BOOL if n == 0 || n == 1 => Value::Bool(n == 1),
            _ => return Err(format!("the integer {n} does not fit a {ty} column")),
        })
    };
    let text = [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty);
    match cell {
        Cell::Null => Ok(Value::Null),
        Cell::Int(n) => int(*n),
        Cell::Bool(flag) => match *ty {
            Type::BOOL => Ok(Value::Bool(*flag)),
            _ => int(i64::from(*flag)),
        },
        Cell::Real(x) => match *ty {
            Type::FLOAT8 => Ok(Value::F64(*x)),
            Type::FLOAT4 => Ok(Value::F32(*x as f32)),
            _ => Err(format!("the number {x} does not fit a {ty} column")),
        },
        Cell::Text(s) if text => Ok(Value::Text(s.clone())),
        Cell::Text(s) if *ty == Type::DATE => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Value::Date)
            .map_err(|_| format!("{s:?} is not a date")),
        Cell::Text(s) => Err(format!("the text {s:?} does not fit a {ty} column")),
        Cell::Date(day) if *ty == Type::DATE => Ok(Value::Date(*day)),
        Cell::Date(day) if text => Ok(Value::Text(day.format("%Y-%m-%d").to_string())),
        Cell::Date(day) => Err(format!("the date {day} does not fit a {ty} column")),
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::I16(n) => n.to_sql(ty, out),
            Value::I32(n) => n.to_sql(ty, out),
            Value::I64(n) => n.to_sql(ty, out),
            Value::F64(x) => x.to_sql(ty, out),
            Value::F32(x) => x.to_sql(ty, out),
            Value::Bool(flag) => flag.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Date(day) => day.to_sql(ty, out),
        }
    }

    /// Each value was made for its column's type by [`value`].
    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl PgStore {
    pub fn workspace_schema(&self) -> Result<WorkspaceSchema> {
        let mut client = self.reader()?;
        Ok(WorkspaceSchema {
            backend: "PostgreSQL",
            version: super::schema::version(&mut *client)?,
            latest: super::LATEST_VERSION,
            tables: tables(&mut *client)?,
        })
    }

    /// Every row of `plan`'s tables and columns into `sink`, at one snapshot.
    pub fn copy_tables(&self, plan: &[TableShape], sink: &mut dyn TableSink) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut client = store.reader()?;
            let counts = plan
                .iter()
                .map(|t| Ok((t.name.clone(), count(&mut *client, &t.name)?)))
                .collect::<Result<Vec<_>>>()?;
            sink.counted(&counts)?;
            for table in plan {
                sink.begin_table(table)?;
                let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
                let sql = format!(
                    "SELECT {} FROM {} ORDER BY 1",
                    columns.join(", "),
                    quoted(&table.name)
                );
                let mut rows = client.query_raw(&sql, std::iter::empty::<i64>())?;
                let mut cells = Vec::with_capacity(columns.len());
                while let Some(row) = rows.next()? {
                    cells.clear();
                    for index in 0..columns.len() {
                        cells.push(cell(&row, index, &table.name)?);
                    }
                    sink.row(&cells)?;
                }
                sink.end_table()?;
            }
            Ok(())
        })
    }

    /// A load into this database, refused unless it is an empty workspace (whose defaults
    /// the copy replaces). It holds the write turn until it ends.
    pub fn table_loader(&mut self) -> Result<PgLoad<'_>> {
        let shown = self.shown.clone();
        let mut tx = self.client.get_mut().transaction()?;
        super::schema::migrate_in(&mut tx, &shown, false)?;
        take_write_turn(&mut tx)?;
        let existing = tables(&mut tx)?;
        let counts = existing
            .iter()
            .map(|t| Ok((t.name.clone(), count(&mut tx, &t.name)?)))
            .collect::<Result<Vec<_>>>()?;
        refuse_unless_empty(&shown, &counts)?;
        for table in existing.iter().rev() {
            tx.batch_execute(&format!("DELETE FROM {}", quoted(&table.name)))?;
        }
        Ok(PgLoad {
            tx,
            table: None,
            batch: Vec::new(),
        })
    }
}

/// The table being loaded: its COPY statement and its columns' types on the server.
struct Loading {
    shape: TableShape,
    copy: String,
    types: Vec<Type>,
}

/// A copy being written into a server database, in one transaction.
pub struct PgLoad<'a> {
    tx: Transaction<'a>,
    table: Option<Loading>,
    batch: Vec<Vec<Value>>,
}

impl PgLoad<'_> {
    fn flush(&mut self) -> Result<()> {
        let Some(table) = &self.table else {
            return Ok(());
        };
        if self.batch.is_empty() {
            return Ok(());
        }
        let writer = self.tx.copy_in(&table.copy)?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(writer, &table.types);
        for row in self.batch.drain(..) {
            writer.write_raw(row.iter())?;
        }
        writer.finish()?;
        Ok(())
    }
}

impl TableSink for PgLoad<'_> {
    fn counted(&mut self, _rows: &[(String, u64)]) -> Result<()> {
        Ok(())
    }

    fn begin_table(&mut self, table: &TableShape) -> Result<()> {
        let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
        let probe = self.tx.prepare(&format!(
            "SELECT {} FROM {}",
            columns.join(", "),
            quoted(&table.name)
        ))?;
        let types = probe.columns().iter().map(|c| c.type_().clone()).collect();
        self.table = Some(Loading {
            shape: table.clone(),
            copy: format!(
                "COPY {} ({}) FROM STDIN (FORMAT binary)",
                quoted(&table.name),
                columns.join(", ")
            ),
            types,
        });
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let Some(table) = &self.table else {
            return Err(StoreError::invalid("a row came before its table"));
        };
        let row = cells
            .iter()
            .zip(&table.types)
            .zip(&table.shape.columns)
            .map(|((cell, ty), column)| {
                value(cell, ty).map_err(|why| {
                    StoreError::invalid(format!(
                        "{}.{column} cannot be copied: {why}",
                        table.shape.name
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        self.batch.push(row);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<()> {
        self.flush()?;
        self.table = None;
        Ok(())
    }
}

impl TableLoad for PgLoad<'_> {
    fn schema(&mut self) -> Result<WorkspaceSchema> {
        Ok(WorkspaceSchema {
            backend: "PostgreSQL",
            version: super::schema::version(&mut self.tx)?,
            latest: super::LATEST_VERSION,
            tables: tables(&mut self.tx)?,
        })
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        self.flush()?;
        // Ids were copied as they were: the next one handed out comes after the largest.
        let identities = self.tx.query(
            "SELECT c.relname::text, a.attname::text
             FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND a.attidentity <> '' AND a.attnum > 0",
            &[],
        )?;
        for row in identities {
            let (table, column): (String, String) = (row.get(0), row.get(1));
            self.tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max({c}), 0) + 1, false) FROM {t}",
                    c = quoted(&column),
                    t = quoted(&table)
                ),
                &[&quoted(&table), &column],
            )?;
        }
        let PgLoad { tx, .. } = *self;
        tx.commit()?;
        Ok(())
    }
}
