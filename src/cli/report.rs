//! `dealdeck report`: the figures of PRODUCT.md §3 as an aligned text report or as JSON.

use chrono::{DateTime, Local, Utc};
use clap::Args;

use crate::domain::text::printable;
use crate::domain::{DayEdge, parse_amount, parse_date, parse_datetime};
use crate::metrics::{Amount, OwnerFilter, Period, Report, ReportBuilder, ReportRequest};

use super::error::{CliError, CliResult};
use super::{Context, JsonFlag, json, table};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The pipeline (default: the default pipeline)
    #[arg(long)]
    pipeline: Option<String>,
    /// First day of the period (default: the first day of as-of's quarter)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day of the period, inclusive (default: the last day of as-of's quarter)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Read the history as it stood at this moment; a bare date means its last second
    #[arg(long, value_name = "DATETIME")]
    as_of: Option<String>,
    /// A revenue target in the pipeline currency, for the goal planner
    #[arg(long, value_name = "AMOUNT")]
    target: Option<String>,
    /// Count only this owner's deals (case-insensitive; "" for the deals without an owner)
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

/// Reads the command's options into a request; every bad value is named.
fn request(
    ctx: &Context,
    args: &ReportArgs,
    currency: crate::domain::Currency,
) -> CliResult<ReportRequest> {
    let as_of = match &args.as_of {
        Some(text) => parse_datetime(text, DayEdge::End)
            .map_err(|e| CliError::bad(format!("--as-of: {e}")))?,
        None => ctx.now,
    };
    let quarter = Period::quarter_of(as_of.with_timezone(&Local).date_naive());
    let from = match &args.from {
        Some(text) => parse_date(text).map_err(|e| CliError::bad(format!("--from: {e}")))?,
        None => quarter.from,
    };
    let to = match &args.to {
        Some(text) => parse_date(text).map_err(|e| CliError::bad(format!("--to: {e}")))?,
        None => quarter.to,
    };
    if from > to {
        return Err(CliError::bad(format!(
            "the period starts on {from} after it ends on {to}; give a --from on or before --to"
        )));
    }
    let target = args
        .target
        .as_deref()
        .map(|text| {
            parse_amount(text, ctx.config.decimal_separator(), currency)
                .map_err(|e| CliError::bad(format!("--target: {e}")))
        })
        .transpose()?;
    Ok(ReportRequest {
        period: Period::new(from, to),
        as_of,
        target,
        owner: args.owner.as_deref().map(OwnerFilter::named),
    })
}

pub fn run(ctx: &Context, args: &ReportArgs) -> CliResult {
    let pipeline = ctx.store.pipeline_named(args.pipeline.as_deref())?;
    let request = request(ctx, args, pipeline.currency)?;
    // Streamed at one snapshot into the report's sums: no deal is held once it is counted.
    let report = ctx.store.at_one_snapshot(|store| {
        let rates = store.exchange_rates()?;
        let mut builder = ReportBuilder::new(&pipeline, &rates, &request, &Local);
        store.for_each_deal_history(pipeline.id, |deal| {
            builder.add(deal);
            Ok::<_, CliError>(())
        })?;
        Ok::<_, CliError>(builder.finish())
    })?;
    if args.json.json {
        return json::print(&report);
    }
    json::write_stdout(&render(&report))?;
    // The JSON names every deal; on a terminal the first few say what is wrong.
    for warning in report.warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("dealdeck: warning: {}", printable(warning));
    }
    if let Some(more) = report
        .warnings
        .len()
        .checked_sub(WARNINGS_SHOWN)
        .filter(|&n| n > 0)
    {
        eprintln!(
            "dealdeck: warning: {more} more deals are left out of money figures for want of an exchange rate; `dealdeck report --json` names them all"
        );
    }
    Ok(())
}

/// How many warnings the text report names before it counts the rest.
const WARNINGS_SHOWN: usize = 10;

/// A rate as a percentage with one decimal, or `n/a` when undefined.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(
        || crate::t!("not-available"),
        |r| crate::i18n::numbers().percent(r, 1),
    )
}

pub fn days(value: Option<f64>) -> String {
    value.map_or_else(
        || crate::t!("not-available"),
        |d| crate::i18n::numbers().float(d, 1),
    )
}

pub fn money(amount: Option<&Amount>) -> String {
    amount.map_or_else(|| crate::t!("not-available"), Amount::grouped)
}

fn optional_count(count: Option<u64>) -> String {
    count.map_or_else(|| "n/a".to_string(), |c| c.to_string())
}

fn local(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

/// The text report: headline figures, then one aligned table per section.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let headline = vec![
        vec![
            "Pipeline".to_string(),
            format!("{} ({})", report.pipeline, report.currency),
        ],
        vec![
            "Period".to_string(),
            format!("{} to {}", report.from, report.to),
        ],
        vec!["As of".to_string(), local(report.as_of)],
        vec![String::new(), String::new()],
        vec!["Open deals".to_string(), report.open_deals.to_string()],
        vec!["Open value".to_string(), report.open_value.grouped()],
        vec![
            "Weighted value".to_string(),
            report.weighted_value.grouped(),
        ],
        vec!["Forecast".to_string(), report.forecast.grouped()],
        vec!["Won deals".to_string(), report.won_deals.to_string()],
        vec!["Lost deals".to_string(), report.lost_deals.to_string()],
        vec!["Won value".to_string(), report.won_value.grouped()],
        vec!["Win rate".to_string(), percent(report.win_rate)],
        vec![
            "Average deal size".to_string(),
            money(report.avg_deal_size.as_ref()),
        ],
        vec![
            "Average cycle (days)".to_string(),
            days(report.avg_cycle_days),
        ],
        vec![
            "Sales velocity per day".to_string(),
            money(report.sales_velocity_per_day.as_ref()),
        ],
    ];
    out.push_str(&table::render(&["FIGURE", "VALUE"], &headline, &[]));

    out.push_str("\nStages\n");
    let stages: Vec<Vec<String>> = report
        .stages
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.open_deals.to_string(),
                s.open_value.grouped(),
                s.weighted_value.grouped(),
                days(s.avg_days_in_stage),
                days(s.expected_days),
                s.completed.to_string(),
                s.advanced.to_string(),
                s.stale.to_string(),
                percent(s.conversion_rate),
                target(s.target_conversion, s.below_target),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            "STAGE",
            "OPEN",
            "VALUE",
            "WEIGHTED",
            "AVG DAYS",
            "EXPECTED",
            "COMPLETED",
            "ADVANCED",
            "STALE",
            "CONVERSION",
            "TARGET",
        ],
        &stages,
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ));

    out.push_str("\nFunnel (deals created in the period)\n");
    let funnel: Vec<Vec<String>> = report
        .funnel
        .iter()
        .map(|f| {
            vec![
                f.stage.clone(),
                f.reached.to_string(),
                percent(f.cumulative_rate),
                percent(f.next_step_rate),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &["STAGE", "REACHED", "CUMULATIVE", "NEXT STEP"],
        &funnel,
        &[1, 2, 3],
    ));

    out.push_str("\nLost reasons\n");
    if report.lost_reasons.is_empty() {
        out.push_str("No deals lost in the period.\n");
    } else {
        let reasons: Vec<Vec<String>> = report
            .lost_reasons
            .iter()
            .map(|r| vec![r.reason.clone(), r.deals.to_string(), r.value.grouped()])
            .collect();
        out.push_str(&table::render(
            &["REASON", "DEALS", "VALUE"],
            &reasons,
            &[1, 2],
        ));
    }

    if let Some(goal) = &report.goal {
        out.push_str(&format!(
            "\nGoal: {} needs {} won deals; won so far {}, the remaining {} needs {}\n",
            goal.target.grouped(),
            optional_count(goal.won_needed),
            goal.won_so_far.grouped(),
            goal.remaining.grouped(),
            optional_count(goal.remaining_won_needed)
        ));
        // The column at target rates only when the pipeline has targets.
        let targeted = goal.stages.iter().any(|s| s.needed_at_target.is_some());
        let plan: Vec<Vec<String>> = goal
            .stages
            .iter()
            .map(|s| {
                let mut row = vec![
                    s.stage.clone(),
                    optional_count(s.needed),
                    s.have.to_string(),
                    optional_count(s.gap),
                    optional_count(s.remaining_needed),
                    optional_count(s.remaining_gap),
                ];
                if targeted {
                    row.push(optional_count(s.needed_at_target));
                }
                row
            })
            .collect();
        let mut titles = vec![
            "STAGE",
            "NEEDED",
            "HAVE",
            "GAP",
            "STILL NEEDED",
            "STILL MISSING",
        ];
        if targeted {
            titles.push("AT TARGET");
        }
        out.push_str(&table::render(&titles, &plan, &[1, 2, 3, 4, 5, 6]));
    }

    super::report_owners::render_owners_and_months(report, &mut out);

    out.push_str("\nWeekly trend\n");
    let weekly: Vec<Vec<String>> = report
        .weekly
        .iter()
        .map(|w| {
            vec![
                w.week_end.to_string(),
                w.open_deals.to_string(),
                w.weighted_value.grouped(),
                w.won.to_string(),
                w.lost.to_string(),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &["WEEK ENDING", "OPEN", "WEIGHTED", "WON", "LOST"],
        &weekly,
        &[1, 2, 3, 4],
    ));

    out.push_str("\nWhat the figures say\n");
    if report.insights.is_empty() {
        out.push_str("Nothing stands out, or too little data to say.\n");
    }
    for insight in &report.insights {
        out.push_str(&format!("- {}\n", printable(&insight.text)));
    }
    out
}

/// A stage's target conversion, marked `below` when the rate is under it.
fn target(target: Option<u8>, below: Option<bool>) -> String {
    match (target, below) {
        (None, _) => "-".to_string(),
        (Some(t), Some(true)) => format!("{t} % below"),
        (Some(t), _) => format!("{t} %"),
    }
}
