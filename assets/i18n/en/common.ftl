# Words every screen shares: tab names, empty values, the lost reasons a new database starts with.

tab-board = Board
tab-dashboard = Dashboard
tab-agenda = Agenda
not-available = n/a
lost-reason-price = Price too high
lost-reason-competitor = Chose competitor
lost-reason-budget = No budget
lost-reason-stalled = No decision / stalled
lost-reason-no-response = No response
lost-reason-timing = Timing
lost-reason-fit = Not a fit
lost-reason-other = Other
