# Dashboard tab: panels, figures and their definitions, charts, insights, drill-down.

## The title line and the tab's own states
dash-title-owner = owner { $owner }
dash-title-range = { $from } to { $to }
dash-title-as-of = as of { $moment }
dash-updating = updating…
dash-computing = computing… reading the pipeline's history
dash-read-failed = the figures could not be read: { $error }

## Panels
dash-key-figures = Key figures
dash-stages-title = Stages (Enter: the deals)
dash-funnel-title = Funnel (reached, next step)
dash-funnel-empty = No deals created in the period.
dash-lost-title = Lost reasons
dash-lost-empty = No deals lost in the period.
dash-forecast-title = Forecast by month (Enter: the deals)
dash-owners-title = Owners (Enter: the deals)
dash-warnings-title = Warnings ({ $count })
dash-warnings-more = … and { $count } more (`dealdeck report --json` names them all)
dash-no-owner = (no owner)
dash-days-value = { $days } d

## Column headers
dash-col-stage = Stage
dash-col-deals = Deals
dash-col-value = Value
dash-col-weighted = Weighted
dash-col-avg-days = Avg days
dash-col-expected = Expected
dash-col-stale = Stale
dash-col-conversion = Conversion
dash-col-avg-d = Avg d
dash-col-exp-d = Exp d
dash-col-conv = Conv
dash-col-target = Target
dash-col-deals-lower = deals
dash-col-weighted-lower = weighted
dash-col-owner = Owner
dash-col-open = Open
dash-col-won-lost = Won/lost
dash-col-win = Win
dash-col-forecast = Forecast

## Goal planner
dash-goal-title = Goal planner
dash-goal-title-typing = Goal planner ({ $key } to set)
dash-goal-target = Target:
dash-goal-empty = Type a revenue target to see the deals it needs.
dash-goal-needs = { $target } needs { $won } won
dash-goal-so-far = won so far { $won } · remaining { $remaining } ({ $deals } won)
dash-goal-need = need
dash-goal-have = have
dash-goal-gap = gap
dash-goal-at-target = at tgt

## Status messages of the dashboard's keys
dash-msg-still-reading = the figures are still being read; try again in a moment
dash-msg-no-owners = no owners to filter by
dash-msg-all-owners = all owners
dash-msg-figures-for = figures for { $owner }
dash-msg-board-key = that key works on the Board tab ({ $key })
dash-msg-goal-cleared = goal target cleared
dash-msg-target-positive = a revenue target must be more than zero
dash-msg-target-error = target: { $error }
dash-msg-no-row = no row to open: move to a stage, lost reason, month or owner (j/k)
dash-msg-not-on-board = that deal is not on the board (filtered, archived or closed long ago)

## Key figures
figure-open-deals = Open deals
figure-open-value = Open value
figure-weighted = Weighted
figure-forecast = Forecast
figure-win-rate = Win rate
figure-avg-deal = Avg deal
figure-avg-cycle = Avg cycle
figure-velocity-day = Velocity/day

## The figures' definitions (help overlay)
figure-def-open-deals-name = Open deals
figure-def-open-deals = deals whose stage at the as-of moment is an open stage
figure-def-open-value-name = Open value
figure-def-open-value = sum of the open deals' amounts
figure-def-weighted-name = Weighted value
figure-def-weighted = sum of amount × probability / 100 (the deal's override, else its stage's)
figure-def-forecast-name = Forecast
figure-def-forecast = won value + weighted value of open deals expected to close in the period
figure-def-won-lost-name = Won / lost
figure-def-won-lost = deals that entered a won / lost stage in the period and are still there
figure-def-win-rate-name = Win rate
figure-def-win-rate = won / (won + lost)
figure-def-avg-deal-name = Avg deal size
figure-def-avg-deal = won value / won deals
figure-def-avg-cycle-name = Avg cycle
figure-def-avg-cycle = mean days from creation to won, over deals won in the period
figure-def-velocity-name = Velocity
figure-def-velocity = open deals × win rate × avg deal size / avg cycle days, per day
figure-def-avg-days-name = Avg days
figure-def-avg-days = mean days of completed visits to the stage
figure-def-expected-name = Expected
figure-def-expected = the stage's expected days, else avg days × the pipeline's factor
figure-def-stale-name = Stale
figure-def-stale = visits begun in the period still in the stage past its expected days
figure-def-conversion-name = Conversion
figure-def-conversion = advanced / (completed + stale) for visits begun in the period
figure-def-target-name = Target
figure-def-target = the stage's target conversion (pipeline file); ▼ marks a conversion under it
figure-def-funnel-name = Funnel
figure-def-funnel = of the deals created in the period, how many reached each stage or beyond
figure-def-goal-name = Goal
figure-def-goal = won deals needed = target / avg deal size, worked back by conversion rates
figure-def-at-target-name = At target
figure-def-at-target = deals the goal would need per stage if each stage converted at its target
figure-def-insights-name = Insights
figure-def-insights = what the figures say: README rules, each with its numbers; quiet on thin data
figure-def-won-so-far-name = Won so far
figure-def-won-so-far = the period's won value; remaining = max(0, target − won so far)
figure-def-still-needed-name = Still needed
figure-def-still-needed = won deals for the remaining = remaining / avg deal size, worked back alike
figure-def-per-owner-name = Per owner
figure-def-per-owner = each figure above restricted to one owner's deals; the rows add up to the totals
figure-def-by-month-name = By month
figure-def-by-month = open deals expected to close in as-of's month and the next five: deals, value, weighted
figure-def-won-month-name = Won (month)
figure-def-won-month = won value of the month begun, up to as-of
figure-def-weekly-trend-name = Weekly trend
figure-def-weekly-trend = 12 local calendar weeks, the last ending with as-of's day: open and weighted at each week's end (rate of that day), won / lost inside it
figure-def-currencies-name = Currencies
figure-def-currencies = other currencies convert at the rate valid on the day; deals without a rate are left out and named

## How to read the dashboard (help overlay, after the definitions)
dash-guide-weeks-name = 12 weeks
dash-guide-weeks = weighted value of the open deals at each week's end (value axis from zero), and under it the deals won (green) and lost (red) in each week; dates are the weeks' last days
dash-guide-rows-name = Rows
dash-guide-rows = j/k move a cursor over stages, lost reasons, months and owners, scrolling the panels; PgUp/PgDn, Home/End (G) scroll by page or to the ends
dash-guide-drill-name = Drill-down
dash-guide-drill = Enter on a row lists the deals behind it (a stage's open deals, stale ones first and marked !; the deals lost for a reason; a month's expected deals; an owner's deals); Enter on one shows it on the board, Esc goes back
dash-guide-owner-name = Owner filter
dash-guide-owner = o restricts every figure to one owner, then the next, then all owners again

## What the figures say (metrics::insights)
insight-title = What the figures say
insight-more = (+{ $count } more: `dealdeck report`)
insight-waits-too-long = deals wait too long in { $stage }: { $stale } of { $visits } past { $days } days — is the team's bandwidth the limit?
insight-entry-bar-too-high = few deals get past { $stage }, yet almost none wait: { $advanced } of { $visits } advanced ({ $rate }) and { $stale } past { $days } days — the bar for entering { $next } may be too high
insight-entry-bar-too-high-win = few deals get past { $stage }, yet almost none wait: { $advanced } of { $visits } advanced ({ $rate }) and { $stale } past { $days } days — the bar for winning may be too high
insight-below-target = { $stage } converts { $rate } against its target of { $target }: { $advanced } of { $visits } advanced
insight-cycle-above-history = deals won this period took { $now } days on average against { $before } before it ({ $ratio }×, { $won } wins against { $earlier }) — what is slowing them down?
insight-lost-reason-growing = more deals lost to "{ $reason }": { $last } in the last { $weeks } weeks against { $previous } in the { $weeks } before ({ $earliest } in the { $weeks } before that)

## Drill-down
drill-stage = { $stage }: open deals ({ $stale } stale)
drill-lost = Lost in the period: { $reason }
drill-month = Open, expected to close in { $month }
drill-owner = { $owner }: open, won and lost deals
drill-some-of = { $shown } of { $total } deals
drill-deals = { $count ->
    [one] { $count } deal
   *[other] { $count } deals
    }
drill-keys = ! stale · { $go } on the board · { $back } back · { $first }–{ $last }
drill-empty = No deals behind this row.
drill-col-title = Title
drill-col-organization = Organization
drill-col-amount = Amount
drill-col-stage = Stage
drill-col-days = Days

## The 12-week charts
trend-title = 12 weeks: weighted value; won and lost
trend-too-small = Too small for the charts; a wider or taller terminal shows them.
trend-weighted = weighted value
trend-weighted-note = ({ $currency }, week's end)
trend-won = won
trend-lost = lost

## Periods
period-this-month = This month
period-this-quarter = This quarter
period-this-year = This year
period-last-90-days = Last 90 days
period-all-time = All time
period-custom = { $from } – { $to }
period-from = from
period-to = to
period-not-two-dates = type two dates, from and to, e.g. 2026-01-01 2026-03-31
period-bad-date = { $which }: { $error }
period-backwards = the period ends ({ $to }) before it starts ({ $from })
