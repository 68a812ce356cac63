//! Amount parsing: the styles reps type, the currencies amounts name, and what is refused.
use super::*;
use proptest::prelude::*;

fn eur(text: &str, locale: DecimalSeparator) -> Result<Decimal, AmountError> {
    parse_amount(text, locale, Currency::EUR)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn accepts_the_styles_reps_type() {
    use DecimalSeparator::*;
    for (text, want) in [
        ("12000", "12000"),
        ("12.000,50", "12000.50"),
        ("12,000.50", "12000.50"),
        ("€ 12.000", "12000"),
        ("€12.000,00", "12000"),
        ("12 000,50", "12000.50"),
        ("12\u{a0}000,50", "12000.50"),
        ("12\u{202f}000,50", "12000.50"),
        ("1'234.50", "1234.50"),
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("12.50", "12.50"),
        ("12 000 EUR", "12000"),
        ("€ 12.000,-", "12000"),
        ("12,-", "12"),
        ("1.500,-", "1500"),
        ("0", "0"),
        ("999999999999.99", "999999999999.99"),
    ] {
        assert_eq!(eur(text, Comma), Ok(d(want)), "{text}");
    }
}

#[test]
fn an_amount_names_its_currency() {
    use DecimalSeparator::*;
    let c = |code: &str| code.parse::<Currency>().unwrap();
    assert_eq!(
        parse_amount_naming("€ 12.000,-", Dot, c("SEK")),
        Ok((d("12000"), Some(Currency::EUR)))
    );
    for (text, expected, want, named) in [
        ("SEK 1 500", "EUR", "1500", Some("SEK")),
        ("12 000 kr", "EUR", "12000", Some("SEK")),
        ("12 000 kr", "NOK", "12000", Some("NOK")),
        ("$ 40", "EUR", "40", Some("USD")),
        ("$ 40", "CAD", "40", Some("CAD")),
        ("€ 12.000,-", "SEK", "12000", Some("EUR")),
        ("¥ 1500", "EUR", "1500", Some("JPY")),
        ("1500", "SEK", "1500", None),
    ] {
        assert_eq!(
            parse_amount_naming(text, Comma, c(expected)),
            Ok((d(want), named.map(c))),
            "{text} for {expected}"
        );
    }
    // The named currency's minor unit decides the decimals: yen have none.
    assert!(matches!(
        parse_amount_naming("¥ 1500,5", Comma, Currency::EUR),
        Err(AmountError::TooManyDecimals { allowed: 0, .. })
    ));
    let err = eur("SEK 1 500", Comma).unwrap_err();
    assert_eq!(
        err,
        AmountError::OtherCurrency {
            input: "SEK 1 500".into(),
            named: c("SEK"),
            expected: Currency::EUR
        }
    );
    assert_eq!(err.to_string(), "amount \"SEK 1 500\" is in SEK, not EUR");
    assert_eq!(
        eur("12 000 kr", Comma).map_err(|e| e.to_string()),
        Err("amount \"12 000 kr\" is in SEK, not EUR".into())
    );
    assert_eq!(parse_amount("12 000 kr", Comma, c("SEK")), Ok(d("12000")));
}

#[test]
fn a_lone_ambiguous_separator_follows_the_locale() {
    assert_eq!(eur("1.234", DecimalSeparator::Comma), Ok(d("1234")));
    assert!(matches!(
        eur("1,234", DecimalSeparator::Comma),
        Err(AmountError::AmbiguousSeparator {
            found: 3,
            mark: ',',
            ..
        })
    ));
    assert_eq!(
        eur("1.234", DecimalSeparator::Dot),
        Err(AmountError::AmbiguousSeparator {
            input: "1.234".into(),
            found: 3,
            allowed: 2,
            currency: Currency::EUR,
            mark: '.',
        })
    );
    // The refusal names the setting that decides, and the value that flips it.
    assert_eq!(
        eur("12.000", DecimalSeparator::Dot)
            .unwrap_err()
            .to_string(),
        "amount \"12.000\" has 3 decimals but EUR allows 2; if its \".\" groups thousands, \
         set decimal_separator = \"comma\" in config.toml"
    );
    // `€ 12.000,-` is Dutch whatever the locale: the `,-` settles it.
    assert_eq!(eur("€ 12.000,-", DecimalSeparator::Dot), Ok(d("12000")));
    assert_eq!(eur("1,234", DecimalSeparator::Dot), Ok(d("1234")));
    let kwd: Currency = "KWD".parse().unwrap();
    assert_eq!(
        parse_amount("1,234", DecimalSeparator::Comma, kwd),
        Ok(d("1.234"))
    );
    assert_eq!(
        parse_amount("1,234", DecimalSeparator::Dot, kwd),
        Ok(d("1234"))
    );
}

#[test]
fn refuses_what_is_not_an_amount() {
    use DecimalSeparator::Dot;
    assert_eq!(eur("", Dot), Err(AmountError::Empty));
    assert_eq!(eur("   ", Dot), Err(AmountError::Empty));
    assert_eq!(eur("abc", Dot), Err(AmountError::NotANumber("abc".into())));
    assert_eq!(eur("-5", Dot), Err(AmountError::Negative("-5".into())));
    assert_eq!(eur("1e5", Dot), Err(AmountError::NotANumber("1e5".into())));
    assert_eq!(eur("NaN", Dot), Err(AmountError::NotANumber("NaN".into())));
    assert_eq!(
        eur("1_000", Dot),
        Err(AmountError::NotANumber("1_000".into()))
    );
    assert_eq!(
        eur("12,3,4", Dot),
        Err(AmountError::BadGrouping("12,3,4".into()))
    );
    assert_eq!(eur("12.", Dot), Err(AmountError::NotANumber("12.".into())));
    assert_eq!(
        eur("1.2.3,4.5", Dot),
        Err(AmountError::BadGrouping("1.2.3,4.5".into()))
    );
    assert_eq!(
        eur("1 23 456", Dot),
        Err(AmountError::BadGrouping("1 23 456".into()))
    );
    assert_eq!(
        eur("12.345", Dot),
        Err(AmountError::AmbiguousSeparator {
            input: "12.345".into(),
            found: 3,
            allowed: 2,
            currency: Currency::EUR,
            mark: '.',
        })
    );
    assert_eq!(
        eur("1000000000000", Dot),
        Err(AmountError::TooLarge("1000000000000".into()))
    );
    let jpy: Currency = "JPY".parse().unwrap();
    assert!(parse_amount("1500.5", Dot, jpy).is_err());
}

#[test]
fn errors_name_the_bad_value() {
    let err = eur("12,3,4", DecimalSeparator::Dot)
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"12,3,4\""), "{err}");
    let err = eur("1\u{1b}[31m", DecimalSeparator::Dot)
        .unwrap_err()
        .to_string();
    assert!(
        !err.contains('\u{1b}'),
        "control characters are escaped: {err}"
    );
    let huge = "1".repeat(266_000);
    let err = eur(&huge, DecimalSeparator::Dot).unwrap_err().to_string();
    assert!(err.chars().count() < 160, "cut: {err}");
    assert!(err.contains(&format!("\"{}…\"", "1".repeat(60))), "{err}");
}

#[test]
fn locale_names() {
    assert_eq!(
        DecimalSeparator::from_locale_name("nl_NL.UTF-8"),
        DecimalSeparator::Comma
    );
    assert_eq!(
        DecimalSeparator::from_locale_name("sv_SE"),
        DecimalSeparator::Comma
    );
    assert_eq!(
        DecimalSeparator::from_locale_name("en_GB.UTF-8"),
        DecimalSeparator::Dot
    );
    assert_eq!(
        DecimalSeparator::from_locale_name("C"),
        DecimalSeparator::Dot
    );
}

/// Formats `cents` in one of the supported styles.
fn format_style(cents: u64, style: usize) -> (String, DecimalSeparator) {
    let whole = cents / 100;
    let fraction = cents % 100;
    let grouped = |sep: &str| {
        let digits = whole.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    };
    match style {
        0 => (format!("{whole}.{fraction:02}"), DecimalSeparator::Dot),
        1 => (
            format!("{},{fraction:02}", grouped(".")),
            DecimalSeparator::Comma,
        ),
        2 => (
            format!("{}.{fraction:02}", grouped(",")),
            DecimalSeparator::Dot,
        ),
        3 => (
            format!("{},{fraction:02}", grouped(" ")),
            DecimalSeparator::Comma,
        ),
        4 => (
            format!("{},{fraction:02}", grouped("\u{a0}")),
            DecimalSeparator::Dot,
        ),
        5 => (
            format!("{},{fraction:02}", grouped("\u{202f}")),
            DecimalSeparator::Dot,
        ),
        6 => (
            format!("{}.{fraction:02}", grouped("'")),
            DecimalSeparator::Comma,
        ),
        7 => (
            format!("€ {},{fraction:02}", grouped(".")),
            DecimalSeparator::Dot,
        ),
        8 if fraction == 0 => (grouped("."), DecimalSeparator::Comma),
        8 => (format!("{whole},{fraction:02}"), DecimalSeparator::Comma),
        _ if fraction == 0 => (grouped(","), DecimalSeparator::Dot),
        _ => (format!("{whole},{fraction:02} EUR"), DecimalSeparator::Dot),
    }
}

proptest! {
    #[test]
    fn every_supported_style_parses_back(cents in 0u64..=99_999_999_999_999, style in 0usize..10) {
        let (text, locale) = format_style(cents, style);
        let parsed = eur(&text, locale);
        prop_assert_eq!(parsed, Ok(Decimal::new(cents as i64, 2)), "{:?}", text);
    }

    #[test]
    fn no_input_panics(text in "\\PC{0,40}") {
        let _ = eur(&text, DecimalSeparator::Dot);
        let _ = eur(&text, DecimalSeparator::Comma);
    }

    #[test]
    fn separator_soup_never_panics(text in "[0-9.,' \u{a0}€kr-]{0,24}") {
        if let Ok(value) = eur(&text, DecimalSeparator::Comma) {
            prop_assert!(value >= Decimal::ZERO);
        }
    }
}
