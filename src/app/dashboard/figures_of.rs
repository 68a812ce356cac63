//! The rows of the figures per month and per owner as drill-down requests, and the owner
//! the dashboard's figures are restricted to.

use crate::app::state::AppState;

use super::DashboardView;
use super::drill::Behind;

/// The forecast's `i`th month: its open deals expected to close in it.
pub fn month(_view: &DashboardView, _i: usize) -> Option<(Behind, String)> {
    None
}

/// The `i`th owner: their open deals and those won or lost in the period.
pub fn owner(_view: &DashboardView, _i: usize) -> Option<(Behind, String)> {
    None
}

/// The owner every figure is restricted to, if one is chosen.
pub fn owner_filter(_state: &AppState) -> Option<String> {
    None
}
