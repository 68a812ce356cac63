//! The PostgreSQL backend of team mode: [`PgStore`] implements the repository boundary on a
//! server shared by a team, with SQLite's semantics (see docs/team.md).
//!
//! Every write is one transaction that first bumps the single `dealdeck_changes` row: its
//! row lock makes writers take turns, as SQLite's write lock does, so the version checks
//! and the plans read inside a write see the latest committed state. Serialization and
//! deadlock failures (SQLSTATE 40001, 40P01) are retried a few times, unseen.

mod activities;
mod agenda;
mod board;
mod check;
mod conversion;
mod deal_list;
mod deals;
mod import;
mod live;
mod pipelines;
mod repository;
mod rows;
mod schema;
mod stream;
mod transfer;
pub mod url;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::{Client, GenericClient, IsolationLevel, Statement, Transaction};

use super::error::{Result, StoreError};

pub use import::PgImport;
pub use schema::LATEST_VERSION;
pub use url::{ServerUrl, TlsMode, is_server_url};

/// A dealdeck workspace on a PostgreSQL server.
pub struct PgStore {
    client: RefCell<Client>,
    url: ServerUrl,
    shown: String,
    /// Inside [`Repository::snapshot`](super::Repository::snapshot): reads share its
    /// transaction.
    in_snapshot: Cell<bool>,
    /// Cursors opened so far, for their names.
    cursors: Cell<u64>,
    /// Whether the server has ICU's root collation, whose `lower` is Unicode's (a database
    /// in the C locale lowers ASCII only); asked once, on the first filtered board read.
    icu_lower: Cell<Option<bool>>,
    /// This store's name in its change notices, so its own feed can leave them out.
    session: String,
    /// Write transactions this store committed: the change counter less these counts only
    /// others' commits, as SQLite's `data_version` does.
    own_writes: Cell<i64>,
    /// Who every write is recorded as made by (`Repository::act_as`); `None`: nobody named.
    user: Option<String>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

/// Tries of a write that the server aborted as a serialization failure or a deadlock.
const WRITE_TRIES: usize = 5;

thread_local! {
    /// The redacted URL of the server this thread talks to, for errors built by `?`.
    static SERVER: RefCell<String> = const { RefCell::new(String::new()) };
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> StoreError {
        let url = SERVER.with(|s| s.borrow().clone());
        server_error(&url, &error)
    }
}

fn server_error(url: &str, error: &postgres::Error) -> StoreError {
    if live::is_disconnect(error) {
        return StoreError::Disconnected {
            url: if url.is_empty() {
                "(PostgreSQL)".to_string()
            } else {
                url.to_string()
            },
            detail: live::cause_chain(error),
        };
    }
    reported(url, error)
}

/// The server's (or the client library's) error as it reported it.
fn reported(url: &str, error: &postgres::Error) -> StoreError {
    let (detail, code) = match error.as_db_error() {
        Some(db) => (
            match db.detail() {
                Some(more) => format!("{} ({more})", db.message()),
                None => db.message().to_string(),
            },
            Some(db.code().code().to_string()),
        ),
        None => (
            error.to_string(),
            error.code().map(|c| c.code().to_string()),
        ),
    };
    StoreError::Server {
        url: if url.is_empty() {
            "(PostgreSQL)".to_string()
        } else {
            url.to_string()
        },
        detail,
        code,
    }
}

/// Whether a failed transaction may simply be run again.
fn is_transient(error: &StoreError) -> bool {
    matches!(error, StoreError::Server { code: Some(code), .. } if code == "40001" || code == "40P01")
}

impl PgStore {
    /// Connects to the server, creating or migrating dealdeck's schema in the database when
    /// needed (an empty database becomes a workspace with the default pipeline).
    pub fn open(url: &ServerUrl) -> Result<PgStore> {
        PgStore::open_with(url, true)
    }

    /// As [`PgStore::open`]; without `create`, a database dealdeck never set up is refused
    /// (as a missing file is for commands that only read), not turned into a workspace.
    pub fn open_with(url: &ServerUrl, create: bool) -> Result<PgStore> {
        let mut store = PgStore::connected(url)?;
        let client = store.client.get_mut();
        if !create && schema::version(client)? == 0 {
            return Err(StoreError::NoDatabase { path: store.shown });
        }
        schema::migrate(client, &store.shown)?;
        Ok(store)
    }

    /// Connected, the schema left as it is: a workspace copy's target, whose load migrates
    /// a blank database inside its own transaction.
    pub fn open_for_copy(url: &ServerUrl) -> Result<PgStore> {
        PgStore::connected(url)
    }

    fn connected(url: &ServerUrl) -> Result<PgStore> {
        let shown = url.redacted();
        SERVER.with(|s| *s.borrow_mut() = shown.clone());
        let client = connect(url, &shown)?;
        Ok(PgStore::on(client, url, shown))
    }

    /// A store on a connection already made.
    fn on(client: Client, url: &ServerUrl, shown: String) -> PgStore {
        PgStore {
            client: RefCell::new(client),
            url: url.clone(),
            shown,
            in_snapshot: Cell::new(false),
            cursors: Cell::new(0),
            icu_lower: Cell::new(None),
            session: live::new_session(),
            own_writes: Cell::new(0),
            user: None,
        }
    }

    /// The URL as it may be shown (no password).
    pub fn redacted(&self) -> &str {
        &self.shown
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// Records `user` as who makes every write from now on (as SQLite's `Store::act_as`).
    pub fn act_as(&mut self, user: &str) {
        self.user = super::people::acting(user);
    }

    /// Who this store acts as; empty when nobody was named.
    pub fn user(&self) -> &str {
        self.user.as_deref().unwrap_or("")
    }

    /// Runs `write` in one transaction that holds the workspace's write turn, and commits it;
    /// a serialization failure or deadlock runs it again from the start.
    pub(crate) fn write<T: live::Touches>(
        &mut self,
        mut write: impl FnMut(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let session = self.session.clone();
        let by = self.acting_user();
        let mut tries = 0;
        loop {
            tries += 1;
            let outcome = (|| {
                let client = self.client.get_mut();
                let mut tx = client
                    .build_transaction()
                    .isolation_level(IsolationLevel::ReadCommitted)
                    .start()?;
                take_write_turn(&mut tx)?;
                let value = write(&mut tx)?;
                // Inside the transaction: the notice goes out on commit, never without it.
                live::notify(&mut tx, &session, value.deal(), by.clone())?;
                tx.commit()?;
                self.own_writes.set(self.own_writes.get() + 1);
                Ok(value)
            })();
            match outcome {
                Err(error) if is_transient(&error) && tries < WRITE_TRIES => {
                    std::thread::sleep(std::time::Duration::from_millis(5 << tries));
                }
                outcome => return outcome,
            }
        }
    }

    /// The connection for a read (inside a snapshot when one is open).
    pub(crate) fn reader(&self) -> Result<std::cell::RefMut<'_, Client>> {
        self.client
            .try_borrow_mut()
            .map_err(|_| StoreError::invalid("the server connection is busy with another read"))
    }

    /// The change counter: bumped by every write transaction.
    pub fn changes(&self) -> Result<i64> {
        let mut client = self.reader()?;
        Ok(client
            .query_one("SELECT counter FROM dealdeck_changes WHERE id = 1", &[])?
            .get(0))
    }
}

/// Prepared statements by their SQL, so a bulk write has each parsed once: a statement sent
/// as text costs a second round trip to the server every time.
#[derive(Default)]
pub(crate) struct Statements(HashMap<String, Statement>);

impl Statements {
    pub(crate) fn get(&mut self, client: &mut impl GenericClient, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(sql)?;
        self.0.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// Bumps the change counter, which also waits for and holds the workspace's write turn.
pub(crate) fn take_write_turn(tx: &mut Transaction<'_>) -> Result<()> {
    tx.execute(
        "UPDATE dealdeck_changes SET counter = counter + 1 WHERE id = 1",
        &[],
    )?;
    Ok(())
}

/// Opens the connection: plain when `sslmode=disable`, else through rustls (certificates
/// checked against the bundled web roots), which the server may decline under `prefer`.
pub(super) fn connect(url: &ServerUrl, shown: &str) -> Result<Client> {
    let mut config = url.config();
    // A server that vanished without closing the connection (a cable pulled, a host gone)
    // is noticed within a minute by a connection that only waits, as a board's feed does.
    config
        .keepalives_idle(std::time::Duration::from_secs(20))
        .keepalives_interval(std::time::Duration::from_secs(10))
        .keepalives_retries(3);
    let connected = match url.tls {
        TlsMode::Disable => config.connect(postgres::NoTls),
        TlsMode::Prefer | TlsMode::Require => config.connect(tls_connector(url)?),
    };
    connected.map_err(|error| {
        // Never connected is not a connection lost: the server's own words.
        let mut failed = reported(shown, &error);
        if let StoreError::Server { detail, .. } = &mut failed {
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                detail.push_str(&format!(": {cause}"));
                source = cause.source();
            }
        }
        failed
    })
}

fn tls_connector(url: &ServerUrl) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    match &url.root_cert {
        Some(path) => {
            let unreadable = |e: &dyn std::fmt::Display| {
                StoreError::invalid(format!(
                    "cannot read the certificate authorities in {} (sslrootcert of {}): {e}",
                    path.display(),
                    url.redacted()
                ))
            };
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|e| unreadable(&e))?
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| unreadable(&e))?;
            let (added, _) = roots.add_parsable_certificates(certificates);
            if added == 0 {
                return Err(unreadable(&"it holds no certificate"));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::invalid(format!("TLS setup: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests;
