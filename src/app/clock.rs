//! The board's own clock: the system's for the interactive board, a fixed moment for
//! `dealdeck print` and the tests, so views never read the real time themselves.

use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            // Whole seconds, as the store keeps them.
            Clock::System => {
                let now = Utc::now();
                DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
            }
            Clock::Fixed(moment) => moment,
        }
    }
}

impl From<DateTime<Utc>> for Clock {
    fn from(moment: DateTime<Utc>) -> Clock {
        Clock::Fixed(moment)
    }
}
