//! The Dashboard tab: its state (the period and target chosen, the computed view), the rows
//! behind it (`rows`), their background read (`loader`) and the period selector (`period`).

use rust_decimal::Decimal;

pub mod drill;
mod drill_read;
pub mod figures_of;
pub mod layout;
pub mod loader;
pub mod navigate;
pub mod period;
pub mod rows;
pub mod update;

pub use loader::{ReadOutcome, RowLoader};
pub use period::{PeriodChoice, PeriodError, parse_period};
pub use rows::{DashboardView, FinishedRead, LoadedRows, ViewRequest};

/// What the Dashboard tab shows and what it was asked for; views only read it.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardState {
    pub period: PeriodChoice,
    /// The goal planner's revenue target in the pipeline's currency.
    pub target: Option<Decimal>,
    /// Only this owner's deals count in the figures (`print dashboard --owner`, the owner
    /// filter); `None` counts everyone's.
    pub owner: Option<crate::metrics::OwnerFilter>,
    /// The figures as last computed; `None` until the rows of the current pipeline arrive.
    pub view: Option<DashboardView>,
    /// Which pipeline `view` is for.
    pub view_for: Option<crate::domain::PipelineId>,
    /// The rows are being read (again): the figures shown, if any, may be out of date.
    pub loading: bool,
    /// Why the last read of the rows failed, shown in place of the figures.
    pub failed: Option<String>,
    /// Where calendar dates are read: local like `dealdeck report`; tests pin UTC.
    pub zone: Zone,
    /// The selectable row under the cursor (index into `layout::arrange(..).picks`).
    pub cursor: usize,
    /// How many lines the panels are scrolled up.
    pub scroll: u16,
    /// The owners the owner filter goes through, as the figures for everyone listed them.
    pub owner_choices: Vec<crate::metrics::OwnerFilter>,
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
            owner: None,
            view: None,
            view_for: None,
            loading: true,
            failed: None,
            zone: Zone::Local,
            cursor: 0,
            scroll: 0,
            owner_choices: Vec::new(),
        }
    }
}
