//! The rows of the figures per month and per owner as drill-down requests, and the owner
//! filter: `o` restricts every figure to one owner, then the next, then everyone's again.

use crate::app::command::Command;
use crate::app::state::AppState;
use crate::metrics::OwnerFilter;

use super::DashboardView;
use super::drill::Behind;

/// The forecast's `i`th month: its open deals expected to close in it.
pub fn month(view: &DashboardView, i: usize) -> Option<(Behind, String)> {
    let month = view.report.forecast_by_month.get(i)?;
    Some((
        Behind::Month(month.month),
        crate::t!(
            "drill-month",
            month = crate::i18n::numbers().month(month.month)
        ),
    ))
}

/// The `i`th owner: their open deals and those won or lost in the period.
pub fn owner(view: &DashboardView, i: usize) -> Option<(Behind, String)> {
    let owner = view.report.owners.get(i)?;
    let filter = filter_for(owner.owner.as_deref());
    Some((
        Behind::Owner(filter),
        crate::t!("drill-owner", owner = owner_name(owner.owner.as_deref())),
    ))
}

/// How an owner is named on screen: the deals without one are "(no owner)".
pub fn owner_name(owner: Option<&str>) -> String {
    owner.map_or_else(|| crate::t!("dash-no-owner"), str::to_string)
}

fn filter_for(owner: Option<&str>) -> OwnerFilter {
    match owner {
        Some(name) => OwnerFilter::named(name),
        None => OwnerFilter::Nobody,
    }
}

/// The owner every figure is restricted to, if one is chosen.
pub fn owner_filter(state: &AppState) -> Option<OwnerFilter> {
    state.dashboard.owner.clone()
}

/// The owner filter as the title line names it.
pub fn owner_label(state: &AppState) -> Option<String> {
    state.dashboard.owner.as_ref().map(|o| owner_name(o.name()))
}

/// `o`: all owners → each owner in the owners panel's order → all owners. The owners are
/// those of the figures for everyone, remembered when the first owner is chosen.
pub fn next_owner(state: &mut AppState) -> Command {
    let dashboard = &mut state.dashboard;
    if dashboard.owner.is_none() {
        let Some(view) = &dashboard.view else {
            return Command::None;
        };
        dashboard.owner_choices = view
            .report
            .owners
            .iter()
            .map(|o| filter_for(o.owner.as_deref()))
            .collect();
    }
    let choices = &dashboard.owner_choices;
    let next = match &dashboard.owner {
        None => choices.first().cloned(),
        Some(current) => choices
            .iter()
            .position(|c| c == current)
            .and_then(|i| choices.get(i + 1))
            .cloned(),
    };
    if next.is_none() && dashboard.owner.is_none() {
        state.info(crate::t!("dash-msg-no-owners"));
        return Command::None;
    }
    dashboard.owner = next;
    let label = owner_label(state).unwrap_or_else(|| crate::t!("dash-msg-all-owners"));
    state.info(crate::t!("dash-msg-figures-for", owner = label));
    state.view_request().map_or(Command::None, |request| {
        Command::RecomputeDashboard(Box::new(request))
    })
}
