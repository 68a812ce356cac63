//! The text report's tables of issue 14: the figures per owner and the forecast by month.

use crate::metrics::Report;
use crate::t;

use super::report::{count_of, days, money, percent};
use super::table;

/// Appends the owners table (with the restriction, when there is one) and the months ahead.
pub fn render_owners_and_months(report: &Report, out: &mut String) {
    let heading = match &report.owner_filter {
        Some(only) => {
            let owner = only
                .owner
                .clone()
                .unwrap_or_else(|| t!("report-without-owner"));
            t!("report-owners-only", owner = owner)
        }
        None => t!("report-owners"),
    };
    out.push_str(&format!("\n{heading}\n"));
    let owners: Vec<Vec<String>> = report
        .owners
        .iter()
        .map(|o| {
            vec![
                o.owner.clone().unwrap_or_else(|| t!("report-no-owner")),
                count_of(o.open_deals),
                o.open_value.grouped(),
                o.weighted_value.grouped(),
                count_of(o.won_deals),
                count_of(o.lost_deals),
                o.won_value.grouped(),
                percent(o.win_rate),
                money(o.avg_deal_size.as_ref()),
                days(o.avg_cycle_days),
                o.forecast.grouped(),
            ]
        })
        .collect();
    if owners.is_empty() {
        out.push_str(&format!("{}\n", t!("report-no-deals")));
    } else {
        out.push_str(&table::render(
            &[
                t!("report-col-owner"),
                t!("report-col-open"),
                t!("report-col-value"),
                t!("report-col-weighted"),
                t!("report-col-won"),
                t!("report-col-lost"),
                t!("report-col-won-value"),
                t!("report-col-win-rate"),
                t!("report-col-avg-deal"),
                t!("report-col-avg-cycle"),
                t!("report-col-forecast"),
            ],
            &owners,
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        ));
    }

    out.push_str(&format!("\n{}\n", t!("report-months")));
    let numbers = crate::i18n::numbers();
    let months: Vec<Vec<String>> = report
        .forecast_by_month
        .iter()
        .map(|m| {
            vec![
                numbers.month(m.month),
                count_of(m.deals),
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
        &[
            t!("report-col-month"),
            t!("report-col-deals"),
            t!("report-col-value"),
            t!("report-col-weighted"),
            t!("report-col-won-so-far"),
        ],
        &months,
        &[1, 2, 3, 4],
    ));
}
