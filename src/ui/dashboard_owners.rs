//! The dashboard's panels of the figures per month and per owner: the forecast by month as
//! labelled bars, the owners' table, and the goal planner's "won so far" line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::dashboard::DashboardView;
use crate::metrics::Report;

pub fn draw_forecast(_buf: &mut Buffer, _area: Rect, _view: &DashboardView) {}

pub fn draw_owners(_buf: &mut Buffer, _area: Rect, _view: &DashboardView) {}

/// What is won of the target so far, and what remains.
pub fn goal_so_far(_report: &Report) -> String {
    String::new()
}
