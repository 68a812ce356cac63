//! Team mode's change notices: every write transaction sends `NOTIFY dealdeck` (delivered on
//! commit, never without it) naming the deal it was about and the session that wrote it; a
//! board's [`PgFeed`] `LISTEN`s on its own connection and passes on others' notices.

use std::sync::atomic::{AtomicU64, Ordering};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Transaction};
use serde::{Deserialize, Serialize};

use crate::domain::{Activity, Deal, DealId, Note};
use crate::store::error::{Result, StoreError};
use crate::store::live::{ChangeFeed, FeedEvent, Notice};
use crate::store::{ActivityEdit, ApplyReport, Checklist, DoneRecord, MoveRecord};

use super::{PgStore, ServerUrl, connect};

/// The channel every dealdeck session of a database notifies and listens on.
const CHANNEL: &str = "dealdeck";

/// A notice's payload, as JSON (a few dozen bytes; PostgreSQL allows 8 000).
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    session: String,
    #[serde(default)]
    deal: Option<i64>,
    #[serde(default)]
    by: Option<String>,
}

/// What a write's result says about which deal it wrote, for its notice.
pub(crate) trait Touches {
    fn deal(&self) -> Option<DealId> {
        None
    }
}

impl Touches for () {}
impl Touches for ApplyReport {}
impl<T: Touches> Touches for Vec<T> {}
impl Touches for Deal {
    fn deal(&self) -> Option<DealId> {
        Some(self.id)
    }
}
impl Touches for MoveRecord {
    fn deal(&self) -> Option<DealId> {
        Some(self.deal)
    }
}
impl Touches for Note {
    fn deal(&self) -> Option<DealId> {
        Some(self.deal_id)
    }
}
impl Touches for Activity {
    fn deal(&self) -> Option<DealId> {
        Some(self.deal_id)
    }
}
impl Touches for DoneRecord {
    fn deal(&self) -> Option<DealId> {
        Some(self.activity.deal_id)
    }
}
impl Touches for ActivityEdit {
    fn deal(&self) -> Option<DealId> {
        Some(self.after.deal_id)
    }
}
impl Touches for crate::store::Converted {
    fn deal(&self) -> Option<DealId> {
        Some(self.lead.id)
    }
}
impl Touches for Checklist {
    fn deal(&self) -> Option<DealId> {
        Some(self.deal)
    }
}
#[cfg(test)]
impl Touches for i32 {}

/// A name for one store's session, unique across the processes and machines of a team.
pub(super) fn new_session() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:x}.{:x}.{}",
        std::process::id(),
        nanos,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Queues the notice of this transaction's write; the server sends it when (and only if)
/// the transaction commits.
pub(super) fn notify(
    tx: &mut Transaction<'_>,
    session: &str,
    deal: Option<DealId>,
    by: Option<String>,
) -> Result<()> {
    let payload = Payload {
        session: session.to_string(),
        deal: deal.map(|d| d.0),
        by,
    };
    let payload = serde_json::to_string(&payload)
        .map_err(|e| StoreError::invalid(format!("a change notice: {e}")))?;
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])?;
    Ok(())
}

/// Whether a client error means the connection itself is gone: closed, broken on the
/// wire, or ended by the server (it is shutting down, or an administrator ended it).
pub(super) fn is_disconnect(error: &postgres::Error) -> bool {
    if error.is_closed() {
        return true;
    }
    if let Some(code) = error.code() {
        let code = code.code();
        return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The error with its causes, for a message.
pub(super) fn cause_chain(error: &postgres::Error) -> String {
    let mut text = match error.as_db_error() {
        Some(db) => db.message().to_string(),
        None => error.to_string(),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if error.as_db_error().is_none() {
            text.push_str(&format!(": {cause}"));
        }
        source = cause.source();
    }
    text
}

impl PgStore {
    /// Who the notices of this store's writes name: the acting user (`Repository::act_as`).
    pub(super) fn acting_user(&self) -> Option<String> {
        self.user.clone()
    }

    /// A second connection to the same workspace whose transactions are read-only.
    pub(super) fn open_reader_store(&self) -> Result<PgStore> {
        let mut client = connect(&self.url, &self.shown)?;
        client.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
        Ok(PgStore::on(client, &self.url, self.shown.clone()))
    }

    /// Replaces a lost connection with a new one; the session (and so which notices are
    /// this store's own) stays.
    pub(super) fn reconnect_client(&mut self) -> Result<()> {
        let client = connect(&self.url, &self.shown)?;
        *self.client.get_mut() = client;
        self.in_snapshot.set(false);
        Ok(())
    }

    /// The change counter less this store's own commits: changes only when another
    /// session committed.
    pub(super) fn others_changes(&self) -> Result<i64> {
        Ok(self.changes()? - self.own_writes.get())
    }

    /// The feed of other sessions' notices, connected on its first wait.
    pub(super) fn feed(&self) -> PgFeed {
        PgFeed {
            url: self.url.clone(),
            shown: self.shown.clone(),
            session: self.session.clone(),
            client: None,
        }
    }
}

/// `LISTEN dealdeck` on a connection of its own, passing on the notices of other sessions.
pub struct PgFeed {
    url: ServerUrl,
    shown: String,
    session: String,
    client: Option<Client>,
}

impl PgFeed {
    /// The notices waiting after the first one, read without blocking, minus this
    /// session's own.
    fn drain(&mut self, first: postgres::Notification) -> Vec<Notice> {
        let mut notices = Vec::new();
        let mut take = |n: &postgres::Notification| {
            if let Some(notice) = self::notice(n, &self.session) {
                notices.push(notice);
            }
        };
        take(&first);
        if let Some(client) = self.client.as_mut() {
            let mut pending = client.notifications();
            let mut pending = pending.iter();
            while let Ok(Some(n)) = pending.next() {
                take(&n);
            }
        }
        notices
    }
}

/// Another session's notice; `None` for this session's own (or a payload not dealdeck's).
fn notice(notification: &postgres::Notification, own: &str) -> Option<Notice> {
    let payload: Payload = serde_json::from_str(notification.payload()).ok()?;
    (payload.session != own).then(|| Notice {
        deal: payload.deal.map(DealId),
        by: payload.by.filter(|b| !b.is_empty()),
    })
}

impl ChangeFeed for PgFeed {
    fn next(&mut self) -> Result<FeedEvent> {
        loop {
            let Some(client) = self.client.as_mut() else {
                let mut client = connect(&self.url, &self.shown)?;
                client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                self.client = Some(client);
                return Ok(FeedEvent::Listening);
            };
            let waited = client.notifications().blocking_iter().next();
            let lost = match waited {
                Ok(Some(first)) => {
                    let notices = self.drain(first);
                    if !notices.is_empty() {
                        return Ok(FeedEvent::Notices(notices));
                    }
                    continue;
                }
                Ok(None) => "the server closed the connection".to_string(),
                Err(error) => cause_chain(&error),
            };
            // The next wait connects again.
            self.client = None;
            return Err(StoreError::Disconnected {
                url: self.shown.clone(),
                detail: lost,
            });
        }
    }
}
