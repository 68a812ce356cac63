# Ord som alla vyer delar: fliknamn, tomma värden, förlustorsakerna en ny databas börjar med.

tab-board = Tavla
tab-dashboard = Översikt
tab-agenda = Agenda
not-available = saknas
lost-reason-price = För högt pris
lost-reason-competitor = Valde konkurrent
lost-reason-budget = Ingen budget
lost-reason-stalled = Inget beslut / avstannat
lost-reason-no-response = Inget svar
lost-reason-timing = Fel tidpunkt
lost-reason-fit = Passar inte
lost-reason-other = Annat
