//! The Dashboard tab's data: the period and target chosen, the computed view kept in the state,
//! and the rows behind it, read ahead of time on a background thread with its own connection
//! so the board never waits for them.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use chrono::{DateTime, Local, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::domain::{Pipeline, PipelineId, parse_date};
use crate::metrics::{DealHistory, ExchangeRates, Period, ReportRequest, compute};
use crate::store::Store;

use super::error::AppError;
use super::event::Event;
use crate::ui::dashboard::{DashboardView, PeriodChoice};

/// What the Dashboard tab shows and what it was asked for; views only read it.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardState {
    pub period: PeriodChoice,
    /// The goal planner's revenue target in the pipeline's currency.
    pub target: Option<Decimal>,
    /// The figures as last computed; `None` until the rows of the current pipeline arrive.
    pub view: Option<DashboardView>,
    /// The rows are being read (again): the figures shown, if any, may be out of date.
    pub loading: bool,
    /// Why the last read of the rows failed, shown in place of the figures.
    pub failed: Option<String>,
    /// Where calendar dates are read: local like `dealdeck report`; tests pin UTC.
    pub zone: Zone,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zone {
    #[default]
    Local,
    Utc,
}

impl Default for DashboardState {
    fn default() -> Self {
        DashboardState {
            period: PeriodChoice::ThisQuarter,
            target: None,
            view: None,
            loading: true,
            failed: None,
            zone: Zone::Local,
        }
    }
}

/// A pipeline's deals with their history and the exchange rates, as read at one moment.
#[derive(Debug)]
pub struct LoadedRows {
    pub pipeline: PipelineId,
    pub deals: Vec<DealHistory>,
    pub rates: ExchangeRates,
}

impl LoadedRows {
    /// Reads the rows; all reading save one share's waits for `hold` (see
    /// [`Store::deal_histories_paced`]).
    pub fn read(
        store: &Store,
        pipeline: PipelineId,
        hold: &(dyn Fn() + Sync),
    ) -> crate::store::Result<LoadedRows> {
        Ok(LoadedRows {
            pipeline,
            deals: store.deal_histories_paced(pipeline, hold)?,
            rates: store.exchange_rates()?,
        })
    }

    /// Every figure for `choice` as of `as_of`, with calendar dates read in `zone`.
    pub fn view(
        &self,
        pipeline: &Pipeline,
        choice: PeriodChoice,
        as_of: DateTime<Utc>,
        target: Option<Decimal>,
        zone: Zone,
    ) -> DashboardView {
        match zone {
            Zone::Local => self.view_in(pipeline, choice, as_of, target, &Local),
            Zone::Utc => self.view_in(pipeline, choice, as_of, target, &Utc),
        }
    }

    fn view_in<Tz: TimeZone>(
        &self,
        pipeline: &Pipeline,
        choice: PeriodChoice,
        as_of: DateTime<Utc>,
        target: Option<Decimal>,
        zone: &Tz,
    ) -> DashboardView
    where
        Tz::Offset: std::fmt::Display,
    {
        let today = as_of.with_timezone(zone).date_naive();
        let request = ReportRequest {
            period: choice.period(today, &self.deals, zone),
            as_of,
            target,
        };
        DashboardView {
            report: compute(pipeline, &self.deals, &self.rates, &request, zone),
            period_label: choice.label(),
            as_of_label: as_of
                .with_timezone(zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            goal_input: None,
        }
    }
}

/// What the figures are asked for: the thread computes them right after reading the rows, so
/// taking in a read costs the event loop nothing when nothing changed meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewRequest {
    pub pipeline: Pipeline,
    pub period: PeriodChoice,
    pub as_of: DateTime<Utc>,
    pub target: Option<Decimal>,
    pub zone: Zone,
}

/// A finished read: the rows, and the figures for the request it was started with.
#[derive(Debug)]
pub struct FinishedRead {
    pub rows: LoadedRows,
    pub view: DashboardView,
    pub request: ViewRequest,
}

/// What a background read sends back through the event channel.
pub type ReadOutcome = Result<FinishedRead, AppError>;

/// Reads dashboard rows on a background thread, one read at a time; asking again while a
/// read runs only marks the rows stale, so a burst of writes costs one more read, not many.
/// The result comes back as [`Event::Loaded`] on the board's one event channel.
pub struct RowLoader {
    path: PathBuf,
    running: bool,
    reads: u64,
    stale: bool,
    /// Held shut while the board draws its first frame after a read started early.
    gate: Arc<Gate>,
}

/// Lets a read's helper threads wait until the board no longer needs the processor.
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn new(open: bool) -> Arc<Gate> {
        Arc::new(Gate {
            open: Mutex::new(open),
            opened: Condvar::new(),
        })
    }

    fn wait(&self) {
        // A poisoned lock only means another waiter panicked; the flag is still right.
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while !*open {
            open = self.opened.wait(open).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn open(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.opened.notify_all();
    }
}

/// The read's answer, sent exactly once: a thread that dies without answering (a panic)
/// says so from its drop instead of leaving the board waiting for ever.
struct Reply {
    sender: Sender<Event>,
    sent: bool,
}

impl Reply {
    fn send(mut self, outcome: ReadOutcome) {
        self.sent = true;
        // The board may have quit meanwhile; then nobody wants the rows.
        let _ = self.sender.send(Event::Loaded(Box::new(outcome)));
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if !self.sent {
            let _ = self
                .sender
                .send(Event::Loaded(Box::new(Err(AppError::ReadStopped))));
        }
    }
}

impl RowLoader {
    pub fn new(path: PathBuf) -> RowLoader {
        RowLoader {
            path,
            running: false,
            reads: 0,
            stale: true,
            gate: Gate::new(true),
        }
    }

    /// Starts the first read before the board is drawn, with one reader going at once and the
    /// others held until [`RowLoader::release`]: the board loads and draws on one core while
    /// the read begins on the other, so figures are ready sooner after the first frame.
    pub fn start_early(&mut self, request: ViewRequest, sender: &Sender<Event>) -> bool {
        self.gate = Gate::new(false);
        self.start_if_due(request, sender)
    }

    /// Lets a read started early use every core (the board's first frame is up).
    pub fn release(&self) {
        self.gate.open();
    }

    /// The rows no longer match the database or the pipeline.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// How many reads were started so far.
    pub fn reads_started(&self) -> u64 {
        self.reads
    }

    /// A read is running or due.
    pub fn busy(&self) -> bool {
        self.running || self.stale
    }

    /// A read is running (its answer will come through the channel).
    pub fn running(&self) -> bool {
        self.running
    }

    /// The running read answered.
    pub fn finished(&mut self) {
        self.running = false;
    }

    /// Starts a read for `request` when the rows are stale and none is running.
    pub fn start_if_due(&mut self, request: ViewRequest, sender: &Sender<Event>) -> bool {
        if !self.stale || self.running {
            return false;
        }
        self.stale = false;
        self.running = true;
        self.reads += 1;
        let reply = Reply {
            sender: sender.clone(),
            sent: false,
        };
        let path = self.path.clone();
        let gate = Arc::clone(&self.gate);
        std::thread::spawn(move || {
            // Its own connection, so the board's stays free for the person's moves meanwhile.
            let hold = || gate.wait();
            reply.send(read_rows(&path, request, &hold));
        });
        true
    }
}

/// One read on its own connection, and the figures for `request` computed from it.
fn read_rows(
    path: &std::path::Path,
    request: ViewRequest,
    hold: &(dyn Fn() + Sync),
) -> ReadOutcome {
    // Opening a path with no file creates a database: a file moved away meanwhile must not
    // be replaced by an empty one that the dashboard then reports on.
    if !path.exists() {
        return Err(AppError::Replaced(path.display().to_string()));
    }
    let store = Store::open(path)?;
    let rows = LoadedRows::read(&store, request.pipeline.id, hold)?;
    let view = rows.view(
        &request.pipeline,
        request.period,
        request.as_of,
        request.target,
        request.zone,
    );
    Ok(FinishedRead {
        rows,
        view,
        request,
    })
}

impl Drop for RowLoader {
    /// A read still held when the board goes away finishes instead of waiting for ever.
    fn drop(&mut self) {
        self.gate.open();
    }
}

/// A custom period typed as two dates: `2026-01-01 2026-03-31`, `2026-01-01..2026-03-31`,
/// `2026-01-01 – 2026-03-31` or `2026-01-01 to 2026-03-31`.
pub fn parse_period(text: &str) -> Result<Period, String> {
    let spaced = text.replace("..", " ").replace(['–', '—'], " ");
    let parts: Vec<&str> = spaced
        .split_whitespace()
        .filter(|part| !part.eq_ignore_ascii_case("to"))
        .collect();
    let [from, to] = parts.as_slice() else {
        return Err("type two dates, from and to, e.g. 2026-01-01 2026-03-31".into());
    };
    let from = parse_date(from).map_err(|e| format!("from: {e}"))?;
    let to = parse_date(to).map_err(|e| format!("to: {e}"))?;
    if from > to {
        return Err(format!("the period ends ({to}) before it starts ({from})"));
    }
    Ok(Period::new(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_in_every_spelling_and_reject_nonsense() {
        let want = Period::new(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        );
        for text in [
            "2026-01-01 2026-03-31",
            "2026-01-01..2026-03-31",
            "2026-01-01 – 2026-03-31",
            " 2026-01-01 to 2026-03-31 ",
        ] {
            assert_eq!(parse_period(text), Ok(want), "{text}");
        }
        assert!(parse_period("2026-03-31 2026-01-01").is_err());
        assert!(parse_period("2026-01-01").is_err());
        assert!(parse_period("2026-01-01 soon").is_err());
    }
}
