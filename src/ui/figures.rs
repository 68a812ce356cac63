//! Each dashboard figure's one-line definition (PRODUCT.md §3), for the help overlay.

/// One-line definitions of every figure, for the help overlay (PRODUCT.md §3).
pub const FIGURE_DEFINITIONS: &[(&str, &str)] = &[
    (
        "Open deals",
        "deals whose stage at the as-of moment is an open stage",
    ),
    ("Open value", "sum of the open deals' amounts"),
    (
        "Weighted value",
        "sum of amount × probability / 100 (the deal's override, else its stage's)",
    ),
    (
        "Forecast",
        "won value + weighted value of open deals expected to close in the period",
    ),
    (
        "Won / lost",
        "deals that entered a won / lost stage in the period and are still there",
    ),
    ("Win rate", "won / (won + lost)"),
    ("Avg deal size", "won value / won deals"),
    (
        "Avg cycle",
        "mean days from creation to won, over deals won in the period",
    ),
    (
        "Velocity",
        "open deals × win rate × avg deal size / avg cycle days, per day",
    ),
    ("Avg days", "mean days of completed visits to the stage"),
    (
        "Expected",
        "the stage's expected days, else avg days × the pipeline's factor",
    ),
    (
        "Stale",
        "visits begun in the period still in the stage past its expected days",
    ),
    (
        "Conversion",
        "advanced / (completed + stale) for visits begun in the period",
    ),
    (
        "Funnel",
        "of the deals created in the period, how many reached each stage or beyond",
    ),
    (
        "Goal",
        "won deals needed = target / avg deal size, worked back by conversion rates",
    ),
    (
        "Won so far",
        "the period's won value; remaining = max(0, target − won so far)",
    ),
    (
        "Still needed",
        "won deals for the remaining = remaining / avg deal size, worked back alike",
    ),
    (
        "Per owner",
        "each figure above restricted to one owner's deals; the rows add up to the totals",
    ),
    (
        "By month",
        "open deals expected to close in as-of's month and the next five: deals, value, weighted",
    ),
    ("Won (month)", "won value of the month begun, up to as-of"),
    (
        "Weekly trend",
        "12 local calendar weeks, the last ending with as-of's day: open and weighted at each week's end (rate of that day), won / lost inside it",
    ),
    (
        "Currencies",
        "other currencies convert at the rate valid on the day; deals without a rate are left out and named",
    ),
];
