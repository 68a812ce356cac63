//! The computed figures of PRODUCT.md §3; serialized, this is exactly `report --json` (§5).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::domain::Currency;

/// A money figure in the pipeline currency; serialized as a decimal string carrying the
/// currency's minor unit (`"12500.00"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    pub currency: Currency,
}

impl Amount {
    pub fn new(value: Decimal, currency: Currency) -> Amount {
        Amount { value, currency }
    }

    /// As JSON carries it: rounded to the minor unit, no grouping.
    pub fn plain(&self) -> String {
        self.currency.format_plain(self.value)
    }

    /// For people: grouped thousands, rounded to the minor unit.
    pub fn grouped(&self) -> String {
        crate::i18n::numbers().money(self.value, self.currency)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

fn currency_code<S: Serializer>(currency: &Currency, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(currency.code())
}

fn rfc3339<S: Serializer>(moment: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::domain::dates::rfc3339(*moment))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub pipeline: String,
    #[serde(serialize_with = "currency_code")]
    pub currency: Currency,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(serialize_with = "rfc3339")]
    pub as_of: DateTime<Utc>,
    pub open_deals: u64,
    pub open_value: Amount,
    pub weighted_value: Amount,
    pub won_deals: u64,
    pub lost_deals: u64,
    pub won_value: Amount,
    pub win_rate: Option<f64>,
    pub avg_deal_size: Option<Amount>,
    pub avg_cycle_days: Option<f64>,
    /// Money per day, so a decimal string like the other money figures.
    pub sales_velocity_per_day: Option<Amount>,
    pub forecast: Amount,
    /// The owner the report is restricted to (`--owner`); absent when it counts everyone's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_filter: Option<OwnerRestriction>,
    /// The headline figures per owner; their counts and sums add up to the totals.
    pub owners: Vec<OwnerFigures>,
    /// Open deals by the month they are expected to close: `as_of`'s month and the five after.
    pub forecast_by_month: Vec<MonthForecast>,
    pub stages: Vec<StageFigures>,
    pub funnel: Vec<FunnelStep>,
    pub lost_reasons: Vec<LostReasonFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<GoalPlan>,
    pub weekly: Vec<WeekFigures>,
    /// What the figures say (`metrics::insights`), each with the figures it read.
    pub insights: Vec<super::Insight>,
    /// In English, as scripts read them (`report --json`).
    pub warnings: Vec<String>,
    /// The same warnings, one for one, to be written in the reader's language.
    #[serde(skip)]
    pub rate_warnings: Vec<super::RateWarning>,
}

/// The figures of one open stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageFigures {
    pub name: String,
    pub open_deals: u64,
    pub open_value: Amount,
    pub weighted_value: Amount,
    pub avg_days_in_stage: Option<f64>,
    pub expected_days: Option<f64>,
    pub completed: u64,
    pub advanced: u64,
    pub stale: u64,
    pub conversion_rate: Option<f64>,
    /// The stage's target conversion in percent (`target_conversion` in the pipeline file).
    pub target_conversion: Option<u8>,
    /// Whether the conversion rate is under the target; `None` without a target or a rate.
    pub below_target: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelStep {
    pub stage: String,
    pub reached: u64,
    pub cumulative_rate: Option<f64>,
    pub next_step_rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LostReasonFigures {
    pub reason: String,
    pub deals: u64,
    pub value: Amount,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalPlan {
    pub target: Amount,
    pub won_needed: Option<u64>,
    /// The won value of the period so far (the report's `won_value`).
    pub won_so_far: Amount,
    /// What is left of the target: max(0, target − won so far).
    pub remaining: Amount,
    /// Won deals still needed for `remaining`: ceil(remaining / avg_deal_size); 0 once the
    /// target is reached.
    pub remaining_won_needed: Option<u64>,
    pub stages: Vec<GoalStage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalStage {
    pub stage: String,
    pub needed: Option<u64>,
    pub have: u64,
    pub gap: Option<u64>,
    /// The deals needed here if every stage converted at its target (its own conversion where
    /// it has none); `None` when the pipeline has no targets or a rate is zero.
    pub needed_at_target: Option<u64>,
    /// As `needed` and `gap`, walked back from `remaining_won_needed`.
    pub remaining_needed: Option<u64>,
    pub remaining_gap: Option<u64>,
}

/// Whose deals a restricted report counts: `owner` is `null` for the deals without one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerRestriction {
    pub owner: Option<String>,
}

/// One owner's figures (`owner` is `null` for the deals without one), defined as the
/// report's own figures restricted to the owner's deals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerFigures {
    pub owner: Option<String>,
    pub open_deals: u64,
    pub open_value: Amount,
    pub weighted_value: Amount,
    pub won_deals: u64,
    pub lost_deals: u64,
    pub won_value: Amount,
    pub win_rate: Option<f64>,
    pub avg_deal_size: Option<Amount>,
    pub avg_cycle_days: Option<f64>,
    pub forecast: Amount,
}

/// The open deals expected to close in one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthForecast {
    /// The month's first day; serialized as `YYYY-MM`.
    #[serde(serialize_with = "year_month")]
    pub month: NaiveDate,
    pub deals: u64,
    pub value: Amount,
    pub weighted: Amount,
    /// Won in the month up to `as_of`, for a month already begun (`as_of`'s own); `null`
    /// for the months ahead.
    pub won_value: Option<Amount>,
}

fn year_month<S: Serializer>(month: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&month.format("%Y-%m").to_string())
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekFigures {
    pub week_end: NaiveDate,
    pub weighted_value: Amount,
    pub open_deals: u64,
    pub won: u64,
    pub lost: u64,
}
