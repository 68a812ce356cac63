# Text report, deal list and deal show, report warnings.

## Textrapporten: nyckeltalen
report-col-figure = NYCKELTAL
report-col-value = VÄRDE
report-pipeline = Pipeline
report-period = Period
report-period-range = { $from } till { $to }
report-as-of = Per
report-open-deals = Öppna affärer
report-open-value = Öppet värde
report-weighted-value = Viktat värde
report-forecast = Prognos
report-won-deals = Vunna affärer
report-lost-deals = Förlorade affärer
report-won-value = Vunnet värde
report-win-rate = Vinstandel
report-avg-deal-size = Genomsnittligt affärsvärde
report-avg-cycle = Genomsnittlig säljcykel (dagar)
report-velocity = Säljhastighet per dag

## Textrapporten: avsnitt och kolumnrubriker (versaler, som tabellerna har dem)
report-stages = Steg
report-col-stage = STEG
report-col-open = ÖPPNA
report-col-weighted = VIKTAT
report-col-avg-days = SNITT DAGAR
report-col-expected = VÄNTAT
report-col-completed = LÄMNADE
report-col-advanced = VIDARE
report-col-stale = INAKTIVA
report-col-conversion = KONVERTERING
report-col-target = MÅL
report-below-target = { $target } under
report-funnel = Tratt (affärer skapade under perioden)
report-col-reached = NÅDDE
report-col-cumulative = KUMULATIVT
report-col-next-step = NÄSTA STEG
report-lost-reasons = Förlustorsaker
report-no-lost = Inga affärer förlorade under perioden.
report-col-reason = ORSAK
report-col-deals = AFFÄRER
report-goal = Mål: { $target } kräver { $needed } vunna affärer; vunnet hittills { $won }, återstående { $remaining } kräver { $remaining_needed }
report-col-needed = BEHÖVS
report-col-have = HAR
report-col-gap = SAKNAS
report-col-still-needed = BEHÖVS KVAR
report-col-still-missing = SAKNAS KVAR
report-col-at-target = VID MÅL
report-owners = Ägare
report-owners-only = Ägare (endast { $owner })
report-without-owner = affärer utan ägare
report-no-owner = (ingen ägare)
report-no-deals = Inga affärer.
report-col-owner = ÄGARE
report-col-won = VUNNA
report-col-lost = FÖRLORADE
report-col-won-value = VUNNET VÄRDE
report-col-win-rate = VINSTANDEL
report-col-avg-deal = SNITTAFFÄR
report-col-avg-cycle = SNITTCYKEL
report-col-forecast = PROGNOS
report-months = Prognos per månad (öppna affärer efter väntat avslutsdatum)
report-col-month = MÅNAD
report-col-won-so-far = VUNNET HITTILLS
report-weekly = Veckotrend
report-col-week-ending = VECKANS SLUT
report-insights = Vad siffrorna säger
report-no-insights = Inget sticker ut, eller för lite data för att säga något.

## Textrapportens varningar (JSON behåller dem på engelska)
warning-label = varning
warning-no-rate = affär { $id } "{ $title }" är i { $currency } och det finns ingen växelkurs { $currency }/{ $base }; den räknas inte med i beloppen
warning-no-rate-on-day = affär { $id } "{ $title }" är i { $currency } och det fanns ingen växelkurs { $currency }/{ $base } den { $day }; den räknas inte med i veckans viktade värde fram till veckan som slutar då
warning-more = { $count ->
    [one] ytterligare { $count } affär räknas inte med i beloppen i brist på växelkurs; `dealdeck report --json` nämner alla
   *[other] ytterligare { $count } affärer räknas inte med i beloppen i brist på växelkurs; `dealdeck report --json` nämner alla
 }

## deal list
list-col-id = ID
list-col-pipeline = PIPELINE
list-col-stage = STEG
list-col-status = STATUS
list-col-amount = BELOPP
list-col-title = TITEL
list-col-organization = ORGANISATION
list-col-owner = ÄGARE
list-status-open = öppen
list-status-won = vunnen
list-status-lost = förlorad

## deal show (etiketter med gemener, som listan har dem)
show-heading = affär { $id } — { $title }
show-pipeline = pipeline
show-stage = steg
show-status = status
show-amount = belopp
show-probability = sannolikhet
show-organization = organisation
show-contact = kontakt
show-email = e-post
show-phone = telefon
show-owner = ägare
show-expected-close = väntat avslut
show-source = källa
show-qualification = kvalificering
show-lost-reason = förlustorsak
show-won-note = vinstnotering
show-created = skapad
show-closed = stängd
show-archived = arkiverad
show-last-change-by = senast ändrad av
show-history = historik
show-now = nu
show-days = { $days } dagar
show-by = av { $name }
show-note = anteckning
show-checklist = affär { $deal } i { $stage }: { $done }/{ $total } klara
show-note-added = anteckning { $note } tillagd på affär { $id }
show-deal-moved = affär { $id } flyttad till { $stage }
show-deal-updated = affär { $id } uppdaterad (version { $version })
show-deal-back = affär { $id } är tillbaka på tavlan
show-deal-archived = affär { $id } arkiverad; `dealdeck deal archive { $id } --undo` tar tillbaka den

## activity list och aktivitetskommandonas bekräftelser
list-activity-col-id = ID
list-activity-col-due = NÄR
list-activity-col-kind = TYP
list-activity-col-state = LÄGE
list-activity-col-deal = AFFÄR
list-activity-col-title = TITEL
list-activity-col-note = ANTECKNING
list-activity-done = klar { $at }
list-activity-overdue = försenad
list-activity-planned = planerad
list-activity-call = samtal
list-activity-email = e-post
list-activity-meeting = möte
list-activity-task = uppgift
list-activity-follow-up = uppföljning
list-activity-is-done = aktivitet { $id } ({ $kind } för affär { $deal }) är klar
list-activity-deleted = aktivitet { $id } borttagen ({ $kind } för affär { $deal }, planerad { $due })
list-activity-updated = aktivitet { $id } uppdaterad ({ $kind } för affär { $deal }, planerad { $due })
list-activity-exported = { $count ->
    [one] exporterade { $count } planerad aktivitet till { $path }
   *[other] exporterade { $count } planerade aktiviteter till { $path }
 }
show-converted-to = konverterad till
show-from-lead = från lead
show-linked-deal = affär { $id } — { $title } ({ $pipeline })
show-linked-deal-id = affär { $id }
show-lead-converted = lead { $lead } ({ $lead_stage } i { $lead_pipeline }) konverterad till affär { $deal } i { $deal_pipeline }, steg { $deal_stage }, kvalificering SQL
