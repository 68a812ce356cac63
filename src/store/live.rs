//! Changes made elsewhere, as a store can report them: a feed of change notices (team mode:
//! PostgreSQL's `LISTEN`/`NOTIFY`) that a board listens to on its own thread.
//!
//! A file store has no feed (the board watches its files instead); a server store's feed
//! holds its own connection, so it can wait for notices while the board's connection works.

use crate::domain::DealId;

use super::error::Result;

/// One committed write made by another session of the same workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notice {
    /// The deal the write was about; `None` for writes about no one deal (a pipeline, an
    /// exchange rate, an import).
    pub deal: Option<DealId>,
    /// Who made it, when the writing store knew its user.
    pub by: Option<String>,
}

/// What waiting on a feed brings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedEvent {
    /// The feed (re)connected and listens: notices sent before this may have been missed.
    Listening,
    /// Other sessions committed these writes (oldest first); never empty.
    Notices(Vec<Notice>),
}

/// A blocking source of [`FeedEvent`]s on its own connection. An error means the connection
/// is gone; the next call to [`ChangeFeed::next`] connects again (and says
/// [`FeedEvent::Listening`] once it does).
pub trait ChangeFeed: Send {
    fn next(&mut self) -> Result<FeedEvent>;
}
