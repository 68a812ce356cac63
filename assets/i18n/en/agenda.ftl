# Agenda tab, follow-ups and activities, the schedule form, the board's messages (undo, live notices, conversion).

## The Agenda tab
agenda-title = Agenda
agenda-reading = reading the agenda…
agenda-section = { $title } ({ $count })
agenda-overdue = Overdue
agenda-today = Today
agenda-week = Next 7 days
agenda-gone-quiet = Gone quiet
agenda-nothing = nothing
agenda-more = … and { $count } more
agenda-more-listed = … and { $count } more; `dealdeck activity list { $flag }` lists them all
agenda-no-next-step = no next step
agenda-quiet-days = quiet { $days }d
agenda-kind-call = call
agenda-kind-email = email
agenda-kind-meeting = meeting
agenda-kind-task = task
agenda-kind-follow-up = follow-up

## The schedule input
schedule-title-schedule = Schedule
schedule-title-next-step = Next step
schedule-title-reschedule = Reschedule
schedule-title-log-call = Log a call done now
schedule-accept-schedule = schedule
schedule-accept-move = move
schedule-accept-log = log
schedule-cancel = cancel
schedule-outcome = outcome:
schedule-optional = optional: { $key } with nothing typed logs it
schedule-kind = kind: { $kind }  ({ $key } next kind)
schedule-when = when:
schedule-examples = e.g. tomorrow, +3d, fri 14:00, 2026-12-03
schedule-habits = stage habits ({ $keys } picks one as the note):

## The board's status line
msg-agenda-empty = nothing on the agenda
msg-not-on-board = that deal is not on the board (filtered or archived)
msg-quiet-not-done = a gone-quiet deal has no activity to mark done
msg-quiet-not-planned = a gone-quiet deal has nothing planned to reschedule
msg-board-tab-key = that key works on the Board tab ({ $key })
msg-lose-quiet = { $key } loses a deal in the "gone quiet" section
msg-no-focus = no deal is focused
msg-no-next-step = left without a next step
msg-cancelled = cancelled: nothing was written
msg-everyone = showing everyone's deals
msg-mine-needs-user = "my deals" needs to know who you are: start with --user NAME, or set $DEALDECK_USER or user in config.toml
msg-mine = showing only the deals { $user } owns
msg-reopened = reopened in { $stage }
msg-moved = moved to { $stage }
msg-lost-reason-now = lost reason is now { $reason }
msg-deal-saved = deal saved
msg-archived = archived ({ $key } brings it back)
msg-note-added = note added
msg-deal-added = added deal { $deal }
msg-undid = undid { $what }
msg-redid = redid { $what }
msg-change-move = move
msg-change-conversion = conversion
msg-change-edit = edit
msg-change-done = done
msg-change-tick = tick
msg-change-untick = untick
msg-change-schedule = schedule
msg-change-reschedule = reschedule
msg-change-logged-call = logged call
msg-change-archive = archive
msg-change-unarchive = unarchive
msg-ticked = ticked { $task } ({ $key } undoes)
msg-unticked = unticked { $task } ({ $key } undoes)
msg-note-empty = the note was left empty; nothing saved
msg-marked-done = { $kind } marked done; plan the next step ({ $key } leaves it without one)
msg-scheduled = { $kind } scheduled for { $due } ({ $key } undoes)
msg-rescheduled = { $kind } moved to { $due } ({ $key } undoes)
msg-call-logged = call logged ({ $key } undoes)
msg-call-logged-outcome = call logged with its outcome ({ $key } undoes)
msg-needs-data-points = { $count ->
    [one] stage { $stage } requires the data point { $names }: fill it in, { $key } saves
   *[other] stage { $stage } requires the data points { $names }: fill it in, { $key } saves
  }
msg-no-pipeline = the database has no pipeline; add one with `dealdeck pipeline apply`
msg-no-pipeline-open = no pipeline is open
msg-no-open-stage = the pipeline has no open stage
msg-editor-no-file = no temporary file for the note: { $error }
msg-editor-read-back = the note could not be read back: { $error }; no note saved
msg-editor-not-utf8 = the note is not UTF-8 text; no note saved
msg-editor-no-note = no note saved
msg-editor-hand-over = the terminal could not be handed to the editor: { $error }
msg-editor-restore = the terminal could not be restored: { $error }
msg-editor-not-started = the editor { $editor } could not be started ({ $error }); { $outcome }
msg-editor-not-found = the editor { $editor } was not found (set $VISUAL or $EDITOR); { $outcome }
msg-editor-failed = the editor { $editor } failed ({ $status }); { $outcome }

## Team mode: others' changes and the server's connection
live-feed-failed = changes made elsewhere show at the next key ({ $error })
live-offline = offline: changes are refused until the server is back; reconnecting… ({ $why })
live-not-confirmed = not confirmed: the connection to the server broke during the change; the board shows what the server kept once it is back
live-back-online = back online: the board shows the server's data ({ $server })
live-not-saved = not saved: the server is out of reach, nothing was changed; try again once the board is back
live-not-read = not read: the server is out of reach; the board shows what it read before
live-loaded = changes made elsewhere were loaded
live-one-changed = a deal was changed elsewhere
live-many-changed = { $count } deals were changed elsewhere
live-archived = '{ $title }' was archived elsewhere
live-moved = '{ $title }' moved to { $stage } elsewhere
live-changed = '{ $title }' changed elsewhere
live-and-more = { $count ->
    [one] { $what }, and { $count } more deal
   *[other] { $what }, and { $count } more deals
  }
live-by = { $what } (by { $names })

## Converting a lead
convert-done = converted: deal { $deal } at SQL ({ $key } undoes)
convert-done-in = converted: deal { $deal } in { $pipeline } at SQL ({ $key } undoes)

## The domain's refusals as the board shows them (the command line keeps its English)
error-shared-memory = { $file } was cut short or replaced by another program; nothing more is read or written: quit and open the board again
error-read-stopped = the background read of the dashboard's rows stopped
error-sigbus = dealdeck: a database file was cut short by another program while the board read it (SIGBUS); the board stopped. Run `dealdeck check`.
error-amount-empty = the amount is empty; type a number such as 12000 or 12.500,50
error-amount-negative = amount { $amount } is negative; amounts are zero or more
error-amount-not-a-number = amount { $amount } is not a number; type digits with an optional decimal separator, such as 12.500,50 or 12,500.50
error-amount-grouping = amount { $amount } has misplaced group separators; groups after the first have three digits
error-amount-decimals = amount { $amount } has { $found } decimals but { $currency } allows { $allowed }
error-amount-ambiguous = amount { $amount } has { $found } decimals but { $currency } allows { $allowed }; if its "{ $mark }" groups thousands, set decimal_separator = "{ $other }" in config.toml
error-amount-too-large = amount { $amount } is too large; the limit is { $limit }
error-amount-other-currency = amount { $amount } is in { $named }, not { $expected }
error-date-empty = the date is empty; type it as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY
error-date-invalid = date { $date } is not a date; type it as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY
error-date-range = date { $date } is out of range; years 1900 to 2200 are accepted
error-due-empty = the due date is empty; type YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday such as fri
error-due-invalid = due date { $due } is not a date; type YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday such as fri
error-due-time = time { $time } in the due date is not a time of day; type it as HH:MM
error-due-range = due date { $due } is out of range; years 1900 to 2200 are accepted
error-text-empty = the { $what } is empty
error-text-too-long = the { $what } is { $found } characters long; the limit is { $limit }
error-text-control = the { $what } contains control characters; use plain text on one line
error-move-same-stage = deal { $deal } is already in stage { $stage }
error-move-reason = stage { $stage } is a lost stage: give a lost reason (for example --reason "Price too high")
error-move-bad-reason = lost reason: { $why }
error-move-archived = deal { $deal } is archived; unarchive it before moving it
error-field-title = title
error-field-name = name
error-field-note = note
error-field-lost-reason = lost reason
error-field-organization = organization
error-field-contact-name = contact name
error-field-owner = owner
error-field-data-point-name = data point name
error-field-data-point-value = data point value
error-email = e-mail address { $email } has no @
