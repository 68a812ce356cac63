//! `dealdeck fx …`: the exchange rates that bring deals in other currencies into a pipeline's.

use std::str::FromStr;

use chrono::Local;
use clap::Subcommand;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::text::echo;
use crate::domain::{Currency, parse_date};
use crate::metrics::ExchangeRate;

use super::error::{CliError, CliResult};
use super::{Context, JsonFlag, json, table};

#[derive(Debug, Subcommand)]
pub enum FxCommand {
    /// Set what 1 unit of CODE is worth in the base currency, from a date on
    Set {
        /// The currency the rate is for, e.g. USD
        code: String,
        /// Units of the base currency one unit of CODE is worth, e.g. 0.92
        #[arg(allow_hyphen_values = true)]
        rate: String,
        /// The first day the rate applies (default: today)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// The currency the rate converts into (default: the default pipeline's)
        #[arg(long, value_name = "CODE")]
        base: Option<String>,
    },
    /// List the stored exchange rates
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub fn run(ctx: &mut Context, command: FxCommand) -> CliResult {
    match command {
        FxCommand::Set {
            code,
            rate,
            date,
            base,
        } => set(ctx, &code, &rate, date.as_deref(), base.as_deref()),
        FxCommand::List { json } => list(ctx, json.json),
    }
}

/// An exchange rate exactly as typed: a plain positive decimal. Rates have no thousands
/// separators, so a single comma is a decimal comma (`0,087` as a Dutch or Swedish rep types it).
pub fn parse_rate(text: &str) -> CliResult<Decimal> {
    let trimmed = text.trim();
    let normalised = if trimmed.matches(',').count() == 1 && !trimmed.contains('.') {
        trimmed.replace(',', ".")
    } else {
        trimmed.to_string()
    };
    let rate = Decimal::from_str(&normalised).map_err(|_| {
        CliError::bad(format!(
            "exchange rate {} is not a number; type it like 0.92 or 0,92",
            echo(text)
        ))
    })?;
    if rate <= Decimal::ZERO {
        return Err(CliError::bad(format!(
            "exchange rate {} must be more than zero",
            echo(text)
        )));
    }
    Ok(rate)
}

fn currency(text: &str) -> CliResult<Currency> {
    text.parse().map_err(CliError::bad)
}

fn set(
    ctx: &mut Context,
    code: &str,
    rate: &str,
    date: Option<&str>,
    base: Option<&str>,
) -> CliResult {
    let currency = currency(code)?;
    let rate = parse_rate(rate)?;
    let base = match base {
        Some(text) => self::currency(text)?,
        None => ctx.store.pipeline_named(None)?.currency,
    };
    if base == currency {
        return Err(CliError::bad(format!(
            "{currency} is the base currency itself; give a rate for another currency or a different --base"
        )));
    }
    let valid_from = match date {
        Some(text) => parse_date(text).map_err(|e| CliError::bad(format!("--date: {e}")))?,
        None => ctx.now.with_timezone(&Local).date_naive(),
    };
    ctx.store.set_exchange_rate(&ExchangeRate {
        base,
        currency,
        valid_from,
        rate,
    })?;
    println!(
        "1 {currency} = {} {base} from {valid_from}",
        rate.normalize()
    );
    Ok(())
}

#[derive(Serialize)]
struct RateJson {
    base: &'static str,
    currency: &'static str,
    valid_from: String,
    rate: String,
}

fn list(ctx: &Context, as_json: bool) -> CliResult {
    let rates = ctx.store.exchange_rates()?;
    let mut rows: Vec<RateJson> = rates
        .all()
        .iter()
        .map(|r| RateJson {
            base: r.base.code(),
            currency: r.currency.code(),
            valid_from: r.valid_from.format("%Y-%m-%d").to_string(),
            rate: r.rate.normalize().to_string(),
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.base, a.currency, &a.valid_from).cmp(&(b.base, b.currency, &b.valid_from))
    });
    if as_json {
        return json::print(&rows);
    }
    if rows.is_empty() {
        println!("No exchange rates yet; add one with `dealdeck fx set USD 0.92`.");
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.currency.to_string(),
                r.base.to_string(),
                r.valid_from.clone(),
                r.rate.clone(),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(&["CURRENCY", "BASE", "VALID FROM", "RATE"], &cells, &[3])
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_exactly_and_bad_ones_are_named() {
        assert_eq!(
            parse_rate(" 0.9234 ").unwrap(),
            Decimal::from_str("0.9234").unwrap()
        );
        assert_eq!(
            parse_rate("0,087").unwrap(),
            Decimal::from_str("0.087").unwrap()
        );
        for bad in ["0", "-1.2", "NaN", "inf", "1,2.3", "1,2,3", "", "abc"] {
            let error = parse_rate(bad).unwrap_err();
            assert_eq!(error.exit_code(), 2);
            assert!(error.to_string().contains(&format!("{bad:?}")), "{error}");
        }
    }
}
