//! A new database on the test server (`DEALDECK_TEST_PG`, as `.ci/run` sets it) for one
//! test, dropped at the end. Without the variable a server test prints a note and passes,
//! except under `CI=true`, where it fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use dealdeck::store::postgres::ServerUrl;

pub struct Scratch {
    /// The server's URL as given, for creating and dropping databases.
    pub admin: String,
    /// The scratch database.
    pub url: ServerUrl,
}

impl Scratch {
    /// A fresh database named for `tag` (one left by an interrupted run is dropped first);
    /// `None` outside CI without a server.
    pub fn new(tag: &str) -> Option<Scratch> {
        let Some(admin) = std::env::var("DEALDECK_TEST_PG")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "DEALDECK_TEST_PG is not set: under CI the server tests must run (.ci/run \
                 starts a server and sets it)"
            );
            eprintln!("note: DEALDECK_TEST_PG is not set; the server test was skipped");
            return None;
        };
        let dbname = format!("dealdeck_scratch_{tag}_{}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        fresh_database(&mut client, &dbname);
        let url = ServerUrl::parse(&admin).unwrap().with_dbname(&dbname);
        Some(Scratch { admin, url })
    }

    /// The URL as `--db` takes it.
    pub fn db(&self) -> String {
        format!("{}?sslmode=disable", self.url.redacted())
    }

    /// A direct connection to the scratch database, for looking behind dealdeck.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(
            &format!(
                "host={} port={} user={} dbname={}",
                self.url.host, self.url.port, self.url.user, self.url.dbname
            ),
            postgres::NoTls,
        )
        .unwrap()
    }

    /// Runs `sql` on the server's own database (taking the scratch one away and back).
    pub fn admin(&self, sql: &str) {
        let mut client = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        client.batch_execute(sql).unwrap();
    }
}

/// An empty database `name` (one left by an interrupted run is dropped first).
pub fn fresh_database(client: &mut postgres::Client, name: &str) {
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            // A test may have closed the database to connections (the server "going away").
            let _ = client.batch_execute(&format!(
                "ALTER DATABASE {0} ALLOW_CONNECTIONS true; DROP DATABASE IF EXISTS {0} WITH (FORCE)",
                self.url.dbname
            ));
        }
    }
}
