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
    let label = crate::t!("warning-label");
    for warning in report.rate_warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("dealdeck: {label}: {}", printable(&warning.text()));
    }
    if let Some(more) = report
        .rate_warnings
        .len()
        .checked_sub(WARNINGS_SHOWN)
        .filter(|&n| n > 0)
    {
        eprintln!(
            "dealdeck: {label}: {}",
            crate::t!("warning-more", count = more)
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
    count.map_or_else(|| crate::t!("not-available"), count_of)
}

/// A count of deals the locale's way (grouped thousands).
pub fn count_of(count: u64) -> String {
    crate::i18n::numbers().count(count)
}

fn local(moment: DateTime<Utc>) -> String {
    let moment = moment.with_timezone(&Local);
    format!(
        "{} {}",
        crate::i18n::numbers().date(moment.date_naive()),
        moment.format("%H:%M:%S %:z")
    )
}

/// A row of the headline table: a figure's name and its value.
fn figure(name: String, value: String) -> Vec<String> {
    vec![name, value]
}

/// The text report: headline figures, then one aligned table per section.
pub fn render(report: &Report) -> String {
    use crate::t;
    let numbers = crate::i18n::numbers();
    let mut out = String::new();
    let headline = vec![
        figure(
            t!("report-pipeline"),
            format!("{} ({})", report.pipeline, report.currency),
        ),
        figure(
            t!("report-period"),
            t!(
                "report-period-range",
                from = numbers.date(report.from),
                to = numbers.date(report.to)
            ),
        ),
        figure(t!("report-as-of"), local(report.as_of)),
        figure(String::new(), String::new()),
        figure(t!("report-open-deals"), count_of(report.open_deals)),
        figure(t!("report-open-value"), report.open_value.grouped()),
        figure(t!("report-weighted-value"), report.weighted_value.grouped()),
        figure(t!("report-forecast"), report.forecast.grouped()),
        figure(t!("report-won-deals"), count_of(report.won_deals)),
        figure(t!("report-lost-deals"), count_of(report.lost_deals)),
        figure(t!("report-won-value"), report.won_value.grouped()),
        figure(t!("report-win-rate"), percent(report.win_rate)),
        figure(
            t!("report-avg-deal-size"),
            money(report.avg_deal_size.as_ref()),
        ),
        figure(t!("report-avg-cycle"), days(report.avg_cycle_days)),
        figure(
            t!("report-velocity"),
            money(report.sales_velocity_per_day.as_ref()),
        ),
    ];
    out.push_str(&table::render(
        &[t!("report-col-figure"), t!("report-col-value")],
        &headline,
        &[],
    ));

    out.push_str(&format!("\n{}\n", t!("report-stages")));
    let stages: Vec<Vec<String>> = report
        .stages
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                count_of(s.open_deals),
                s.open_value.grouped(),
                s.weighted_value.grouped(),
                days(s.avg_days_in_stage),
                days(s.expected_days),
                count_of(s.completed),
                count_of(s.advanced),
                count_of(s.stale),
                percent(s.conversion_rate),
                target(s.target_conversion, s.below_target),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            t!("report-col-stage"),
            t!("report-col-open"),
            t!("report-col-value"),
            t!("report-col-weighted"),
            t!("report-col-avg-days"),
            t!("report-col-expected"),
            t!("report-col-completed"),
            t!("report-col-advanced"),
            t!("report-col-stale"),
            t!("report-col-conversion"),
            t!("report-col-target"),
        ],
        &stages,
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ));

    out.push_str(&format!("\n{}\n", t!("report-funnel")));
    let funnel: Vec<Vec<String>> = report
        .funnel
        .iter()
        .map(|f| {
            vec![
                f.stage.clone(),
                count_of(f.reached),
                percent(f.cumulative_rate),
                percent(f.next_step_rate),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            t!("report-col-stage"),
            t!("report-col-reached"),
            t!("report-col-cumulative"),
            t!("report-col-next-step"),
        ],
        &funnel,
        &[1, 2, 3],
    ));

    out.push_str(&format!("\n{}\n", t!("report-lost-reasons")));
    if report.lost_reasons.is_empty() {
        out.push_str(&format!("{}\n", t!("report-no-lost")));
    } else {
        let reasons: Vec<Vec<String>> = report
            .lost_reasons
            .iter()
            .map(|r| vec![r.reason.clone(), count_of(r.deals), r.value.grouped()])
            .collect();
        out.push_str(&table::render(
            &[
                t!("report-col-reason"),
                t!("report-col-deals"),
                t!("report-col-value"),
            ],
            &reasons,
            &[1, 2],
        ));
    }

    if let Some(goal) = &report.goal {
        render_goal(goal, &mut out);
    }

    super::report_owners::render_owners_and_months(report, &mut out);

    out.push_str(&format!("\n{}\n", t!("report-weekly")));
    let weekly: Vec<Vec<String>> = report
        .weekly
        .iter()
        .map(|w| {
            vec![
                numbers.date(w.week_end),
                count_of(w.open_deals),
                w.weighted_value.grouped(),
                count_of(w.won),
                count_of(w.lost),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            t!("report-col-week-ending"),
            t!("report-col-open"),
            t!("report-col-weighted"),
            t!("report-col-won"),
            t!("report-col-lost"),
        ],
        &weekly,
        &[1, 2, 3, 4],
    ));

    out.push_str(&format!("\n{}\n", t!("report-insights")));
    if report.insights.is_empty() {
        out.push_str(&format!("{}\n", t!("report-no-insights")));
    }
    for insight in &report.insights {
        out.push_str(&format!("- {}\n", printable(&insight.localised())));
    }
    out
}

/// The goal planner's sentence and its table of deals needed per stage.
fn render_goal(goal: &crate::metrics::GoalPlan, out: &mut String) {
    use crate::t;
    out.push_str(&format!(
        "\n{}\n",
        t!(
            "report-goal",
            target = goal.target.grouped(),
            needed = optional_count(goal.won_needed),
            won = goal.won_so_far.grouped(),
            remaining = goal.remaining.grouped(),
            remaining_needed = optional_count(goal.remaining_won_needed)
        )
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
                count_of(s.have),
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
        t!("report-col-stage"),
        t!("report-col-needed"),
        t!("report-col-have"),
        t!("report-col-gap"),
        t!("report-col-still-needed"),
        t!("report-col-still-missing"),
    ];
    if targeted {
        titles.push(t!("report-col-at-target"));
    }
    out.push_str(&table::render(&titles, &plan, &[1, 2, 3, 4, 5, 6]));
}

/// A stage's target conversion, marked `below` when the rate is under it.
fn target(target: Option<u8>, below: Option<bool>) -> String {
    let Some(goal) = target else {
        return "-".to_string();
    };
    let goal = crate::i18n::numbers().whole_percent(u32::from(goal));
    match below {
        Some(true) => crate::t!("report-below-target", target = goal),
        _ => goal,
    }
}
