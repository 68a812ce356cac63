//! How to read the dashboard's charts and move through its panels, for the help overlay
//! after the figures' definitions (`ui::figures`).

/// One line per panel or key group that needs saying, after the figures' definitions.
pub const DASHBOARD_GUIDE: &[(&str, &str)] = &[
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
