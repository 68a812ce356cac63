# Woorden die elk scherm deelt: tabnamen, lege waarden, de verliesredenen van een nieuwe database.

tab-board = Bord
tab-dashboard = Dashboard
tab-agenda = Agenda
not-available = n.v.t.
lost-reason-price = Prijs te hoog
lost-reason-competitor = Koos concurrent
lost-reason-budget = Geen budget
lost-reason-stalled = Geen besluit / vastgelopen
lost-reason-no-response = Geen reactie
lost-reason-timing = Timing
lost-reason-fit = Past niet
lost-reason-other = Anders
