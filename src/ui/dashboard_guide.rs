//! How to read and move through the dashboard's panels, for the help overlay beside the
//! figures' definitions.

/// One line per panel or key group that needs saying, after the figures' definitions.
pub const DASHBOARD_GUIDE: &[(&str, &str)] = &[
    (
        "By month",
        "open deals expected to close in each month (the as-of moment's and the five after): deals, and their weighted value as the bar",
    ),
    (
        "Owners",
        "per owner, the figures restricted to their deals: open deals, value, weighted, won/lost, win rate, forecast; (no owner) for deals without one; they add up to the totals",
    ),
    (
        "Won so far",
        "goal planner: the period's won value; remaining = target − won so far, and the won deals that still needs at the avg deal size",
    ),
    (
        "12 weeks",
        "weighted value of the open deals at each week's end (value axis from zero), and under it the deals won (green) and lost (red) in each week; dates are the weeks' last days",
    ),
    (
        "Rows",
        "j/k move a cursor over stages, lost reasons, months and owners, scrolling the panels; PgUp/PgDn, Home/End (G) scroll by page or to the ends",
    ),
    (
        "Drill-down",
        "Enter on a row lists the deals behind it (a stage's open deals, stale ones first and marked !; the deals lost for a reason; a month's expected deals; an owner's deals); Enter on one shows it on the board, Esc goes back",
    ),
    (
        "Owner filter",
        "o restricts every figure to one owner, then the next, then all owners again",
    ),
];
