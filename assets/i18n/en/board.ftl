# Board tab: cards, columns, detail pane, forms, footer hints, help overlay, action names.

## The help overlay's line for each action

action-focus-left = focus previous column
action-focus-right = focus next column
action-focus-down = focus next card
action-focus-up = focus previous card
action-move-left = move deal one open stage left (reopens a closed one)
action-move-right = move deal one open stage right
action-mark-won = mark won (a lead: convert it into a deal)
action-mark-lost = mark lost (asks why)
action-open-detail = open the detail pane
action-close = close the pane or overlay
action-new-deal = new deal
action-edit-deal = edit deal
action-edit-reason = edit the lost reason
action-add-note = add a note inline
action-editor-note = write a long note in $VISUAL/$EDITOR
action-filter = filter cards by text
action-toggle-mine = show only my deals (owner is you), or everyone's again
action-switch-pipeline = switch pipeline
action-undo = undo the last change
action-redo = redo
action-archive = archive (asks to confirm)
action-next-tab = next tab
action-board-tab = Board tab
action-dashboard-tab = Dashboard tab
action-agenda-tab = Agenda tab
action-mark-done = agenda: mark the activity done (u undoes)
action-schedule = schedule a follow-up on the deal
action-log-call = log a call done now
action-reschedule = agenda: reschedule the activity
action-period-this-month = dashboard: this month
action-period-this-quarter = dashboard: this quarter
action-period-this-year = dashboard: this year
action-period-last-90-days = dashboard: last 90 days
action-period-all-time = dashboard: all time
action-period-custom = dashboard: custom from–to
action-goal-target = dashboard: revenue goal
action-dashboard-down = dashboard: next row (scrolls)
action-dashboard-up = dashboard: previous row (scrolls)
action-dashboard-page-down = dashboard: page down
action-dashboard-page-up = dashboard: page up
action-dashboard-top = dashboard: to the top
action-dashboard-bottom = dashboard: to the last panel
action-dashboard-deals = dashboard: the deals behind the row (Enter on one: on the board)
action-owner-filter = dashboard: owner filter (all, each owner, all)
action-help = this help
action-quit = quit
action-scroll-down = help: scroll down
action-scroll-up = help: scroll up
action-page-down = help: page down
action-page-up = help: page up
action-scroll-top = help: to the top
action-scroll-bottom = help: to the end
action-confirm = confirm (archiving)
action-pick-next = pickers: next
action-pick-previous = pickers: previous
action-accept = save, set or choose (forms, prompts, pickers)
action-cancel = cancel (forms, prompts, pickers)
action-next-field = form: next field
action-previous-field = form: previous field
action-toggle-task = detail pane: tick or untick the task under the cursor (u undoes)
action-next-task = detail pane: next checklist task
action-previous-task = detail pane: previous checklist task
action-next-kind = schedule: next activity kind

## Footer: the key hints (one word each), prompts and the archive confirmation

footer-help = help
footer-move = move
footer-won = won
footer-lost = lost
footer-detail = detail
footer-new = new
footer-filter = filter
footer-undo = undo
footer-saving = saving…
sync-failed = Could not sync the database to disk ({ $error }): the last changes are written but may not survive a power cut
footer-quit = quit
footer-row = row
footer-deals = deals
footer-page = page
footer-owner = owner
footer-month = month
footer-quarter = quarter
footer-year = year
footer-90-days = 90 days
footer-all = all
footer-from-to = from–to
footer-goal = goal
footer-pipeline = pipeline
footer-down = down
footer-up = up
footer-go-to-deal = go to deal
footer-done = done
footer-reschedule = reschedule
footer-follow-up = follow-up
footer-board = board
footer-filter-keys = { $accept } keeps, { $cancel } clears
footer-confirm-archive = archive { $title }? { $yes } to confirm, any other key cancels
footer-period-prompt = period from–to:
footer-period-keys = e.g. 2026-01-01 2026-03-31; { $accept } sets, { $cancel } cancels
footer-goal-prompt = target:
footer-goal-keys = in the pipeline's currency; { $accept } sets, empty clears, { $cancel } cancels

## The board: columns and cards

board-no-stages = this pipeline has no stages
board-too-small = terminal too small: { $width }×{ $height }, need at least { $min_width }×{ $min_height }
board-cards-shown = { $first }–{ $last } of { $count }
board-weighted = ≈ { $amount } weighted
board-no-next-step = no next step
board-days-in-stage = { $days }d
board-due-today = today
board-due-tomorrow = tomorrow
board-due-in = in { $days }d
board-due-ago = { $days }d ago

## Messages from the board's keys

board-status-open = open
board-status-won = won
board-status-lost = lost
board-key-on-agenda = that key works on the Agenda tab ({ $key })
board-key-on-dashboard = that key works on the Dashboard tab ({ $key })
board-closed-reopen = the deal is { $status }; { $key } reopens it
board-last-open-stage = { $stage } is the last open stage: { $won } marks the deal won, { $lost } lost
board-first-open-stage = { $stage } is the first open stage
board-already = the deal is already { $status }
board-archive-cancelled = archive cancelled
board-nothing-to-undo = nothing to undo
board-nothing-to-redo = nothing to redo

## The tab bar and the pipeline switcher

tabs-pipeline = pipeline: { $name } ({ $currency })
tabs-filter = filter: { $text }
tabs-mine = my deals: { $user }
tabs-switch-pipeline = Switch pipeline ({ $accept }, { $cancel })

## The help overlay

help-title = Keys (any key closes)
help-title-scrolling = Keys ({ $keys } scroll, any other key closes)
help-lines-shown = { $first }–{ $last } of { $count }
help-legend-marks = ! rotting (idle past the stage's rot days)   * overdue follow-up
help-legend-convert = Σ and ≈ convert other currencies with today's exchange rate
help-legend-partial = a + after a total: cards in another currency without a rate left out

## The deal form

form-title-new = New deal
form-title-edit = Edit deal { $id }
form-title = Title
form-organization = Organization
form-contact = Contact
form-email = E-mail
form-owner = Owner
form-amount = Amount
form-close-date = Close date
form-data-point = Data point
form-required-legend = required to enter { $stages }
form-keys = { $accept } save · { $next } next · { $previous } previous · { $cancel } cancel
form-error-title = a deal needs a title
form-error-email = e-mail address { $value } has no @
form-error-required = stage { $stage } requires it
form-cancelled = form cancelled
form-fix-first = fix the fields marked in red first

## The lost-reason picker

lost-title-why = Why was it lost?
lost-title-change = Change lost reason
lost-saves-typed = { $accept } saves { $reason }
lost-new-reason = new reason
lost-keys = { $accept } save · { $cancel } cancel · { $pick } pick
lost-only-lost = only a lost deal has a lost reason to edit
lost-cancelled = cancelled: nothing was written
lost-empty = type a lost reason or pick one from the list

## The detail pane

detail-title = Deal { $id } — { $deal }
detail-keys = { $close } close · { $scroll } scroll · { $tick } tick · { $note } note · { $editor } editor · { $edit } edit, data points · { $reason } lost reason
detail-unreadable = this deal could not be read ({ $close } closes)
detail-checklist = Checklist
detail-checklist-of = Checklist: { $stage } ({ $done }/{ $total })
detail-no-tasks = this stage has no tasks
detail-no-tasks-to-tick = this stage's playbook has no tasks to tick
detail-notes = Notes ({ $count })
detail-note-keys = { $accept } saves, { $cancel } cancels
detail-activities = Activities ({ $planned } planned, { $done } done)
detail-no-next-step = no next step planned
detail-overdue = overdue
detail-done-earlier = { $count } done earlier
detail-playbook = Playbook: { $stage }
detail-trigger = Trigger
detail-responsibilities = Responsibilities
detail-documents = Documents
detail-data-points = Data points
detail-communication = Communication
detail-required = required
detail-no-playbook = no playbook for this stage
detail-field-title = Title
detail-field-organization = Organization
detail-field-contact = Contact
detail-field-email = E-mail
detail-field-phone = Phone
detail-field-owner = Owner
detail-field-amount = Amount
detail-field-probability = Probability
detail-override = override
detail-field-stage = Stage
detail-field-in-stage = In stage
detail-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
 }
detail-field-close-date = Close date
detail-field-source = Source
detail-field-qualification = Qualification
detail-field-lost-reason = Lost reason
detail-field-won-note = Won note
detail-field-created = Created
detail-field-closed = Closed
detail-field-last-activity = Last activity
detail-field-changed-by = Changed by
detail-field-converted-to = Converted to
detail-field-from-lead = From lead
detail-deal-ref = deal { $id }
detail-stage-history = Stage history
detail-stage-ref = stage { $id }
detail-now = now
detail-days-short = { $days }d

## Activity kinds on cards and in the detail pane

board-kind-call = call
board-kind-email = email
board-kind-meeting = meeting
board-kind-task = task
board-kind-follow-up = follow-up
