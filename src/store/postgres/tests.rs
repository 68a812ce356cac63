//! Unit tests of the write path on a live server (`DEALDECK_TEST_PG`; skipped without one
//! outside CI, as in tests/contract.rs).

use super::*;

fn scratch_store(tag: &str) -> Option<(PgStore, String, String)> {
    let Some(admin) = std::env::var("DEALDECK_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "DEALDECK_TEST_PG is not set: under CI the PostgreSQL tests must run"
        );
        return None;
    };
    let dbname = format!("dealdeck_unit_{tag}_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).ok()?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"))
        .ok()?;
    client
        .batch_execute(&format!("CREATE DATABASE {dbname}"))
        .ok()?;
    let url = ServerUrl::parse(&admin).ok()?.with_dbname(&dbname);
    Some((PgStore::open(&url).ok()?, admin, dbname))
}

fn drop_database(admin: &str, dbname: &str) {
    if let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls) {
        let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"));
    }
}

fn failure(code: &str) -> StoreError {
    StoreError::Server {
        url: String::new(),
        detail: "simulated".into(),
        code: Some(code.into()),
    }
}

#[test]
fn serialization_failures_and_deadlocks_are_retried_and_others_are_not() {
    let Some((mut store, admin, dbname)) = scratch_store("retry") else {
        return;
    };
    let before = store.changes().unwrap();
    let mut calls = 0;
    let value = store
        .write(|tx| {
            calls += 1;
            tx.execute("INSERT INTO setting (key, value) VALUES ('k', 'v')", &[])?;
            match calls {
                1 => Err(failure("40001")),
                2 => Err(failure("40P01")),
                _ => Ok(calls),
            }
        })
        .unwrap();
    assert_eq!(value, 3, "run again after each transient failure");
    // The failed tries were rolled back: one row, one change.
    let rows: i64 = store
        .reader()
        .unwrap()
        .query_one("SELECT count(*) FROM setting WHERE key = 'k'", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    assert_eq!(store.changes().unwrap(), before + 1);

    let mut calls = 0;
    let outcome: Result<()> = store.write(|_| {
        calls += 1;
        Err(failure("40001"))
    });
    assert!(is_transient(&outcome.unwrap_err()));
    assert_eq!(calls, WRITE_TRIES, "gives up after {WRITE_TRIES} tries");

    let mut calls = 0;
    let outcome: Result<()> = store.write(|_| {
        calls += 1;
        Err(failure("23505"))
    });
    assert!(outcome.is_err());
    assert_eq!(calls, 1, "a real error is not retried");
    drop(store);
    drop_database(&admin, &dbname);
}
