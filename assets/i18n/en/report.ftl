# Text report, deal list and deal show, report warnings.

## The text report: headline figures
report-col-figure = FIGURE
report-col-value = VALUE
report-pipeline = Pipeline
report-period = Period
report-period-range = { $from } to { $to }
report-as-of = As of
report-open-deals = Open deals
report-open-value = Open value
report-weighted-value = Weighted value
report-forecast = Forecast
report-won-deals = Won deals
report-lost-deals = Lost deals
report-won-value = Won value
report-win-rate = Win rate
report-avg-deal-size = Average deal size
report-avg-cycle = Average cycle (days)
report-velocity = Sales velocity per day

## The text report: sections and their column headers (upper case, as tables have them)
report-stages = Stages
report-col-stage = STAGE
report-col-open = OPEN
report-col-weighted = WEIGHTED
report-col-avg-days = AVG DAYS
report-col-expected = EXPECTED
report-col-completed = COMPLETED
report-col-advanced = ADVANCED
report-col-stale = STALE
report-col-conversion = CONVERSION
report-col-target = TARGET
report-below-target = { $target } below
report-funnel = Funnel (deals created in the period)
report-col-reached = REACHED
report-col-cumulative = CUMULATIVE
report-col-next-step = NEXT STEP
report-lost-reasons = Lost reasons
report-no-lost = No deals lost in the period.
report-col-reason = REASON
report-col-deals = DEALS
report-goal = Goal: { $target } needs { $needed } won deals; won so far { $won }, the remaining { $remaining } needs { $remaining_needed }
report-col-needed = NEEDED
report-col-have = HAVE
report-col-gap = GAP
report-col-still-needed = STILL NEEDED
report-col-still-missing = STILL MISSING
report-col-at-target = AT TARGET
report-owners = Owners
report-owners-only = Owners (only { $owner })
report-without-owner = deals without an owner
report-no-owner = (no owner)
report-no-deals = No deals.
report-col-owner = OWNER
report-col-won = WON
report-col-lost = LOST
report-col-won-value = WON VALUE
report-col-win-rate = WIN RATE
report-col-avg-deal = AVG DEAL
report-col-avg-cycle = AVG CYCLE
report-col-forecast = FORECAST
report-months = Forecast by month (open deals by expected close date)
report-col-month = MONTH
report-col-won-so-far = WON SO FAR
report-weekly = Weekly trend
report-col-week-ending = WEEK ENDING
report-insights = What the figures say
report-no-insights = Nothing stands out, or too little data to say.

## Warnings of the text report (the JSON keeps them in English)
warning-label = warning
warning-no-rate = deal { $id } "{ $title }" is in { $currency } and there is no { $currency }/{ $base } exchange rate; it is left out of money figures
warning-no-rate-on-day = deal { $id } "{ $title }" is in { $currency } and there was no { $currency }/{ $base } exchange rate on { $day }; it is left out of the weekly weighted value up to the week ending then
warning-more = { $count ->
    [one] { $count } more deal is left out of money figures for want of an exchange rate; `dealdeck report --json` names them all
   *[other] { $count } more deals are left out of money figures for want of an exchange rate; `dealdeck report --json` names them all
 }

## deal list
list-col-id = ID
list-col-pipeline = PIPELINE
list-col-stage = STAGE
list-col-status = STATUS
list-col-amount = AMOUNT
list-col-title = TITLE
list-col-organization = ORGANIZATION
list-col-owner = OWNER
list-status-open = open
list-status-won = won
list-status-lost = lost

## deal show (labels in lower case, as the listing has them)
show-heading = deal { $id } — { $title }
show-pipeline = pipeline
show-stage = stage
show-status = status
show-amount = amount
show-probability = probability
show-organization = organization
show-contact = contact
show-email = e-mail
show-phone = phone
show-owner = owner
show-expected-close = expected close
show-source = source
show-qualification = qualification
show-lost-reason = lost reason
show-won-note = won note
show-created = created
show-closed = closed
show-archived = archived
show-last-change-by = last change by
show-history = history
show-now = now
show-days = { $days } days
show-by = by { $name }
show-note = note
show-checklist = deal { $deal } in { $stage }: { $done }/{ $total } done
show-note-added = added note { $note } to deal { $id }
show-deal-moved = moved deal { $id } to { $stage }
show-deal-updated = updated deal { $id } (version { $version })
show-deal-back = deal { $id } is back on the board
show-deal-archived = archived deal { $id }; `dealdeck deal archive { $id } --undo` brings it back

## activity list and the activity commands' confirmations
list-activity-col-id = ID
list-activity-col-due = DUE
list-activity-col-kind = KIND
list-activity-col-state = STATE
list-activity-col-deal = DEAL
list-activity-col-title = TITLE
list-activity-col-note = NOTE
list-activity-done = done { $at }
list-activity-overdue = overdue
list-activity-planned = planned
list-activity-call = call
list-activity-email = email
list-activity-meeting = meeting
list-activity-task = task
list-activity-follow-up = follow-up
list-activity-is-done = activity { $id } ({ $kind } on deal { $deal }) is done
list-activity-deleted = deleted activity { $id } ({ $kind } on deal { $deal }, due { $due })
list-activity-updated = updated activity { $id } ({ $kind } on deal { $deal }, due { $due })
list-activity-exported = { $count ->
    [one] exported { $count } planned activity to { $path }
   *[other] exported { $count } planned activities to { $path }
 }
show-converted-to = converted to
show-from-lead = from lead
show-linked-deal = deal { $id } — { $title } ({ $pipeline })
show-linked-deal-id = deal { $id }
show-lead-converted = converted lead { $lead } ({ $lead_stage } in { $lead_pipeline }) into deal { $deal } in { $deal_pipeline }, stage { $deal_stage }, qualification SQL
