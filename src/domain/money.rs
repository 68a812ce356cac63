//! Currencies and exact money: decimal amounts in code, integer minor units in storage.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use thiserror::Error;

use super::text::echo;

/// The largest whole amount a deal may carry; anything above it is a typing accident.
pub const MAX_WHOLE_UNITS: u64 = 999_999_999_999;

/// An ISO 4217 currency with a known number of minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("currency {} is not an ISO 4217 code such as EUR, SEK or USD", echo(.0))]
pub struct CurrencyError(pub String);

impl Currency {
    pub const EUR: Currency = Currency(iso_currency::Currency::EUR);

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal separator (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn minor_units(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(2))
    }

    /// Converts an amount to integer minor units; `None` when it has too many decimals or
    /// does not fit in an `i64`.
    pub fn to_minor(self, amount: Decimal) -> Option<i64> {
        let scaled = amount.checked_mul(Decimal::from(10_i64.pow(self.minor_units())))?;
        if !scaled.fract().is_zero() {
            return None;
        }
        i64::try_from(scaled).ok()
    }

    pub fn from_minor(self, minor: i64) -> Decimal {
        Decimal::new(minor, self.minor_units())
    }

    /// An amount rounded and padded to this currency's minor unit, as JSON money strings carry it.
    pub fn format_plain(self, amount: Decimal) -> String {
        let places = self.minor_units();
        let rounded = amount
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        format!("{rounded:.prec$}", prec = places as usize)
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_uppercase();
        // Funds, metals and test codes have no minor unit: not money a deal is priced in.
        iso_currency::Currency::from_code(&code)
            .filter(|c| c.exponent().is_some())
            .map(Currency)
            .ok_or_else(|| CurrencyError(s.to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::EUR
    }
}

/// An exact amount in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }
}

/// Groups the whole part of `amount` in threes, for people rather than programs:
/// `format_grouped(12500.5, 2, ',', '.')` is `12,500.50`.
pub fn format_grouped(amount: Decimal, places: u32, group: char, decimal: char) -> String {
    let rounded =
        amount.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let plain = format!("{:.prec$}", rounded.abs(), prec = places as usize);
    let (whole, fraction) = match plain.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (plain.clone(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + 4);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        grouped.push('-');
    }
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    if let Some(fraction) = fraction {
        grouped.push(decimal);
        grouped.push_str(&fraction);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:literal) => {
                <rust_decimal::Decimal as std::str::FromStr>::from_str(stringify!($s)).unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!("EUR".parse::<Currency>().unwrap().minor_units(), 2);
        assert_eq!("jpy".parse::<Currency>().unwrap().minor_units(), 0);
        assert_eq!("KWD".parse::<Currency>().unwrap().minor_units(), 3);
        assert!("XAU".parse::<Currency>().is_err());
        assert!("EURO".parse::<Currency>().is_err());
    }

    #[test]
    fn minor_round_trip_is_exact() {
        let eur = Currency::EUR;
        assert_eq!(eur.to_minor(dec!(12500.50)), Some(1_250_050));
        assert_eq!(eur.from_minor(1_250_050), dec!(12500.50));
        assert_eq!(eur.to_minor(dec!(0.001)), None);
    }

    #[test]
    fn plain_format_carries_the_minor_unit() {
        assert_eq!(Currency::EUR.format_plain(dec!(12500)), "12500.00");
        assert_eq!(Currency::EUR.format_plain(dec!(0.005)), "0.01");
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(jpy.format_plain(dec!(1500)), "1500");
    }

    #[test]
    fn grouping_for_people() {
        assert_eq!(format_grouped(dec!(12500.5), 2, ',', '.'), "12,500.50");
        assert_eq!(format_grouped(dec!(1234567), 2, '.', ','), "1.234.567,00");
        assert_eq!(format_grouped(dec!(999), 0, ',', '.'), "999");
        assert_eq!(format_grouped(dec!(-1000), 0, ' ', ','), "-1 000");
    }
}
