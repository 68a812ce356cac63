//! The text report's tables of issue 14: the figures per owner and the forecast by month.

use crate::metrics::Report;

use super::report::{days, money, percent};
use super::table;

/// Appends the owners table (with the restriction, when there is one) and the months ahead.
pub fn render_owners_and_months(report: &Report, out: &mut String) {
    match &report.owner_filter {
        Some(only) => out.push_str(&format!(
            "\nOwners (only {})\n",
            only.owner.as_deref().unwrap_or("deals without an owner")
        )),
        None => out.push_str("\nOwners\n"),
    }
    let owners: Vec<Vec<String>> = report
        .owners
        .iter()
        .map(|o| {
            vec![
                o.owner.clone().unwrap_or_else(|| "(no owner)".to_string()),
                o.open_deals.to_string(),
                o.open_value.grouped(),
                o.weighted_value.grouped(),
                o.won_deals.to_string(),
                o.lost_deals.to_string(),
                o.won_value.grouped(),
                percent(o.win_rate),
                money(o.avg_deal_size.as_ref()),
                days(o.avg_cycle_days),
                o.forecast.grouped(),
            ]
        })
        .collect();
    if owners.is_empty() {
        out.push_str("No deals.\n");
    } else {
        out.push_str(&table::render(
            &[
                "OWNER",
                "OPEN",
                "VALUE",
                "WEIGHTED",
                "WON",
                "LOST",
                "WON VALUE",
                "WIN RATE",
                "AVG DEAL",
                "AVG CYCLE",
                "FORECAST",
            ],
            &owners,
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        ));
    }

    out.push_str("\nForecast by month (open deals by expected close date)\n");
    let months: Vec<Vec<String>> = report
        .forecast_by_month
        .iter()
        .map(|m| {
            vec![
                m.month.format("%Y-%m").to_string(),
                m.deals.to_string(),
                m.value.grouped(),
                m.weighted.grouped(),
                // A month ahead has won nothing yet: a dash, not a misleading zero.
                m.won_value
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |won| won.grouped()),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &["MONTH", "DEALS", "VALUE", "WEIGHTED", "WON SO FAR"],
        &months,
        &[1, 2, 3, 4],
    ));
}
