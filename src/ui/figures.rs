//! Each dashboard figure's one-line definition (PRODUCT.md §3), for the help overlay, in the
//! current language.

use crate::t;

/// `(figure, definition)` of every figure, in the current language (PRODUCT.md §3).
pub fn figure_definitions() -> Vec<(String, String)> {
    vec![
        (
            t!("figure-def-open-deals-name"),
            t!("figure-def-open-deals"),
        ),
        (
            t!("figure-def-open-value-name"),
            t!("figure-def-open-value"),
        ),
        (t!("figure-def-weighted-name"), t!("figure-def-weighted")),
        (t!("figure-def-forecast-name"), t!("figure-def-forecast")),
        (t!("figure-def-won-lost-name"), t!("figure-def-won-lost")),
        (t!("figure-def-win-rate-name"), t!("figure-def-win-rate")),
        (t!("figure-def-avg-deal-name"), t!("figure-def-avg-deal")),
        (t!("figure-def-avg-cycle-name"), t!("figure-def-avg-cycle")),
        (t!("figure-def-velocity-name"), t!("figure-def-velocity")),
        (t!("figure-def-avg-days-name"), t!("figure-def-avg-days")),
        (t!("figure-def-expected-name"), t!("figure-def-expected")),
        (t!("figure-def-stale-name"), t!("figure-def-stale")),
        (
            t!("figure-def-conversion-name"),
            t!("figure-def-conversion"),
        ),
        (t!("figure-def-target-name"), t!("figure-def-target")),
        (t!("figure-def-funnel-name"), t!("figure-def-funnel")),
        (t!("figure-def-goal-name"), t!("figure-def-goal")),
        (t!("figure-def-at-target-name"), t!("figure-def-at-target")),
        (t!("figure-def-insights-name"), t!("figure-def-insights")),
        (
            t!("figure-def-won-so-far-name"),
            t!("figure-def-won-so-far"),
        ),
        (
            t!("figure-def-still-needed-name"),
            t!("figure-def-still-needed"),
        ),
        (t!("figure-def-per-owner-name"), t!("figure-def-per-owner")),
        (t!("figure-def-by-month-name"), t!("figure-def-by-month")),
        (t!("figure-def-won-month-name"), t!("figure-def-won-month")),
        (
            t!("figure-def-weekly-trend-name"),
            t!("figure-def-weekly-trend"),
        ),
        (
            t!("figure-def-currencies-name"),
            t!("figure-def-currencies"),
        ),
    ]
}
