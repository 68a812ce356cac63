# Text report, deal list and deal show, report warnings.

## Het tekstrapport: de kerncijfers
report-col-figure = CIJFER
report-col-value = WAARDE
report-pipeline = Pijplijn
report-period = Periode
report-period-range = { $from } t/m { $to }
report-as-of = Stand per
report-open-deals = Lopende deals
report-open-value = Lopende waarde
report-weighted-value = Gewogen waarde
report-forecast = Prognose
report-won-deals = Gewonnen deals
report-lost-deals = Verloren deals
report-won-value = Gewonnen omzet
report-win-rate = Winpercentage
report-avg-deal-size = Gemiddelde dealwaarde
report-avg-cycle = Gemiddelde doorlooptijd (dagen)
report-velocity = Verkoopsnelheid per dag

## Het tekstrapport: onderdelen en kolomkoppen (hoofdletters, zoals de tabellen ze hebben)
report-stages = Fases
report-col-stage = FASE
report-col-open = LOPEND
report-col-weighted = GEWOGEN
report-col-avg-days = GEM. DAGEN
report-col-expected = VERWACHT
report-col-completed = AFGEROND
report-col-advanced = VERDER
report-col-stale = STIL
report-col-conversion = CONVERSIE
report-col-target = DOEL
report-below-target = { $target } onder
report-funnel = Trechter (deals aangemaakt in de periode)
report-col-reached = BEREIKT
report-col-cumulative = CUMULATIEF
report-col-next-step = VOLGENDE STAP
report-lost-reasons = Redenen van verlies
report-no-lost = Geen deals verloren in de periode.
report-col-reason = REDEN
report-col-deals = AANTAL
report-goal = Doel: { $target } vraagt { $needed } gewonnen deals; tot nu toe gewonnen { $won }, de resterende { $remaining } vraagt er nog { $remaining_needed }
report-col-needed = NODIG
report-col-have = AANWEZIG
report-col-gap = TEKORT
report-col-still-needed = NOG NODIG
report-col-still-missing = NOG TEKORT
report-col-at-target = BIJ DOEL
report-owners = Eigenaren
report-owners-only = Eigenaren (alleen { $owner })
report-without-owner = deals zonder eigenaar
report-no-owner = (geen eigenaar)
report-no-deals = Geen deals.
report-col-owner = EIGENAAR
report-col-won = GEWONNEN
report-col-lost = VERLOREN
report-col-won-value = GEWONNEN OMZET
report-col-win-rate = WINPERCENTAGE
report-col-avg-deal = GEM. DEAL
report-col-avg-cycle = GEM. LOOPTIJD
report-col-forecast = PROGNOSE
report-months = Prognose per maand (lopende deals naar verwachte sluitdatum)
report-col-month = MAAND
report-col-won-so-far = GEWONNEN TOT NU
report-weekly = Weektrend
report-col-week-ending = WEEK EINDIGT
report-insights = Wat de cijfers zeggen
report-no-insights = Niets valt op, of te weinig gegevens om iets te zeggen.

## Waarschuwingen van het tekstrapport (de JSON houdt ze Engels)
warning-label = waarschuwing
warning-no-rate = deal { $id } "{ $title }" is in { $currency } en er is geen wisselkoers { $currency }/{ $base }; de deal telt niet mee in de geldbedragen
warning-no-rate-on-day = deal { $id } "{ $title }" is in { $currency } en er was op { $day } geen wisselkoers { $currency }/{ $base }; de deal telt tot de week die dan eindigt niet mee in de gewogen waarde per week
warning-more = { $count ->
    [one] nog { $count } deal zonder wisselkoers telt niet mee in de geldbedragen; `dealdeck report --json` noemt ze allemaal
   *[other] nog { $count } deals zonder wisselkoers tellen niet mee in de geldbedragen; `dealdeck report --json` noemt ze allemaal
 }

## deal list
list-col-id = ID
list-col-pipeline = PIJPLIJN
list-col-stage = FASE
list-col-status = STATUS
list-col-amount = BEDRAG
list-col-title = TITEL
list-col-organization = ORGANISATIE
list-col-owner = EIGENAAR
list-status-open = lopend
list-status-won = gewonnen
list-status-lost = verloren

## deal show (labels in kleine letters, zoals de lijst ze heeft)
show-heading = deal { $id } — { $title }
show-pipeline = pijplijn
show-stage = fase
show-status = status
show-amount = bedrag
show-probability = kans
show-organization = organisatie
show-contact = contactpersoon
show-email = e-mail
show-phone = telefoon
show-owner = eigenaar
show-expected-close = verwachte sluiting
show-source = bron
show-qualification = kwalificatie
show-lost-reason = reden verlies
show-won-note = notitie bij winst
show-created = aangemaakt
show-closed = gesloten
show-archived = gearchiveerd
show-last-change-by = gewijzigd door
show-history = geschiedenis
show-now = nu
show-days = { $days } dagen
show-by = door { $name }
show-note = notitie
show-checklist = deal { $deal } in { $stage }: { $done }/{ $total } afgerond
show-note-added = notitie { $note } toegevoegd aan deal { $id }
show-deal-moved = deal { $id } verplaatst naar { $stage }
show-deal-updated = deal { $id } bijgewerkt (versie { $version })
show-deal-back = deal { $id } staat weer op het bord
show-deal-archived = deal { $id } gearchiveerd; `dealdeck deal archive { $id } --undo` haalt hem terug

## activity list en de bevestigingen van de activiteitcommando's
list-activity-col-id = ID
list-activity-col-due = WANNEER
list-activity-col-kind = SOORT
list-activity-col-state = STAND
list-activity-col-deal = DEAL
list-activity-col-title = TITEL
list-activity-col-note = NOTITIE
list-activity-done = afgerond { $at }
list-activity-overdue = te laat
list-activity-planned = gepland
list-activity-call = bellen
list-activity-email = e-mail
list-activity-meeting = afspraak
list-activity-task = taak
list-activity-follow-up = opvolging
list-activity-is-done = activiteit { $id } ({ $kind } bij deal { $deal }) is afgerond
list-activity-deleted = activiteit { $id } verwijderd ({ $kind } bij deal { $deal }, gepland { $due })
list-activity-updated = activiteit { $id } bijgewerkt ({ $kind } bij deal { $deal }, gepland { $due })
list-activity-exported = { $count ->
    [one] { $count } geplande activiteit geëxporteerd naar { $path }
   *[other] { $count } geplande activiteiten geëxporteerd naar { $path }
 }
show-converted-to = omgezet naar
show-from-lead = uit lead
show-linked-deal = deal { $id } — { $title } ({ $pipeline })
show-linked-deal-id = deal { $id }
show-lead-converted = lead { $lead } ({ $lead_stage } in { $lead_pipeline }) omgezet naar deal { $deal } in { $deal_pipeline }, fase { $deal_stage }, kwalificatie SQL
