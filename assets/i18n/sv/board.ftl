# Fliken Tavla: kort, kolumner, detaljvy, formulär, sidfot, hjälpruta, åtgärder.

## Hjälprutans rad för varje åtgärd

action-focus-left = föregående kolumn
action-focus-right = nästa kolumn
action-focus-down = nästa kort
action-focus-up = föregående kort
action-move-left = flytta affären ett öppet steg åt vänster (återöppnar stängd)
action-move-right = flytta affären ett öppet steg åt höger
action-mark-won = vunnen (ett lead: gör om till en affär)
action-mark-lost = förlorad (frågar varför)
action-open-detail = öppna detaljvyn
action-close = stäng vyn eller rutan
action-new-deal = ny affär
action-edit-deal = redigera affären
action-edit-reason = redigera förlustorsaken
action-add-note = lägg till en anteckning
action-editor-note = skriv en lång anteckning i $VISUAL/$EDITOR
action-filter = filtrera korten på text
action-toggle-mine = visa bara mina affärer (du är ägare), eller allas igen
action-switch-pipeline = byt pipeline
action-undo = ångra senaste ändringen
action-redo = gör om
action-archive = arkivera (frågar först)
action-next-tab = nästa flik
action-board-tab = fliken Tavla
action-dashboard-tab = fliken Översikt
action-agenda-tab = fliken Agenda
action-mark-done = agenda: markera aktiviteten klar (u ångrar)
action-schedule = planera en uppföljning av affären
action-log-call = logga ett samtal nu
action-reschedule = agenda: flytta aktiviteten
action-period-this-month = översikt: denna månad
action-period-this-quarter = översikt: detta kvartal
action-period-this-year = översikt: detta år
action-period-last-90-days = översikt: senaste 90 dagarna
action-period-all-time = översikt: all tid
action-period-custom = översikt: egen period från–till
action-goal-target = översikt: intäktsmål
action-dashboard-down = översikt: nästa rad (rullar)
action-dashboard-up = översikt: föregående rad (rullar)
action-dashboard-page-down = översikt: sida ned
action-dashboard-page-up = översikt: sida upp
action-dashboard-top = översikt: till toppen
action-dashboard-bottom = översikt: till sista panelen
action-dashboard-deals = översikt: affärerna bakom raden (Enter på en: på tavlan)
action-owner-filter = översikt: ägarfilter (alla, varje ägare, alla)
action-help = denna hjälp
action-quit = avsluta
action-scroll-down = hjälp: rulla ned
action-scroll-up = hjälp: rulla upp
action-page-down = hjälp: sida ned
action-page-up = hjälp: sida upp
action-scroll-top = hjälp: till toppen
action-scroll-bottom = hjälp: till slutet
action-confirm = bekräfta (arkivering)
action-pick-next = listor: nästa
action-pick-previous = listor: föregående
action-accept = spara, ange eller välj (formulär, inmatning, listor)
action-cancel = avbryt (formulär, inmatning, listor)
action-next-field = formulär: nästa fält
action-previous-field = formulär: föregående fält
action-toggle-task = detaljvy: bocka av/i uppgiften vid markören (u ångrar)
action-next-task = detaljvy: nästa uppgift
action-previous-task = detaljvy: föregående uppgift
action-next-kind = planera: nästa typ av aktivitet

## Sidfoten: tangenttipsen (ett ord vardera), inmatningsrader och arkiveringsfrågan

footer-help = hjälp
footer-move = flytta
footer-won = vinst
footer-lost = förlust
footer-detail = info
footer-new = ny
footer-filter = sök
footer-undo = ångra
footer-saving = sparar…
sync-failed = Kunde inte skriva databasen till disken ({ $error }): de senaste ändringarna är sparade men klarar kanske inte ett strömavbrott
footer-quit = sluta
footer-row = rad
footer-deals = affärer
footer-page = sida
footer-owner = ägare
footer-month = månad
footer-quarter = kvartal
footer-year = år
footer-90-days = 90 dagar
footer-all = allt
footer-from-to = från–till
footer-goal = mål
footer-pipeline = pipeline
footer-down = ned
footer-up = upp
footer-go-to-deal = till affären
footer-done = klar
footer-reschedule = flytta
footer-follow-up = uppföljning
footer-board = tavla
footer-filter-keys = { $accept } behåller, { $cancel } rensar
footer-confirm-archive = arkivera { $title }? { $yes } bekräftar, annan tangent avbryter
footer-period-prompt = period från–till:
footer-period-keys = t.ex. 2026-01-01 2026-03-31; { $accept } anger, { $cancel } avbryter
footer-goal-prompt = mål:
footer-goal-keys = i pipelinens valuta; { $accept } anger, tomt rensar, { $cancel } avbryter

## Tavlan: kolumner och kort

board-no-stages = denna pipeline har inga steg
board-too-small = terminalen är för liten: { $width }×{ $height }, behöver minst { $min_width }×{ $min_height }
board-cards-shown = { $first }–{ $last } av { $count }
board-weighted = ≈ { $amount } viktat
board-no-next-step = inget nästa steg
board-days-in-stage = { $days } d
board-due-today = i dag
board-due-tomorrow = i morgon
board-due-in = om { $days } d
board-due-ago = för { $days } d sedan

## Meddelanden från tavlans tangenter

board-status-open = öppen
board-status-won = vunnen
board-status-lost = förlorad
board-key-on-agenda = den tangenten fungerar på fliken Agenda ({ $key })
board-key-on-dashboard = den tangenten fungerar på fliken Översikt ({ $key })
board-closed-reopen = affären är { $status }; { $key } återöppnar den
board-last-open-stage = { $stage } är sista öppna steget: { $won } markerar affären vunnen, { $lost } förlorad
board-first-open-stage = { $stage } är första öppna steget
board-already = affären är redan { $status }
board-archive-cancelled = arkiveringen avbröts
board-nothing-to-undo = inget att ångra
board-nothing-to-redo = inget att göra om

## Flikraden och pipelinebytet

tabs-pipeline = pipeline: { $name } ({ $currency })
tabs-filter = filter: { $text }
tabs-mine = mina affärer: { $user }
tabs-switch-pipeline = Byt pipeline ({ $accept }, { $cancel })

## Hjälprutan

help-title = Tangenter (valfri tangent stänger)
help-title-scrolling = Tangenter ({ $keys } rullar, annan tangent stänger)
help-lines-shown = { $first }–{ $last } av { $count }
help-legend-marks = ! står still (längre än stegets gräns)   * försenad uppföljning
help-legend-convert = Σ och ≈ räknar om andra valutor till dagens växelkurs
help-legend-partial = ett + efter en summa: kort i annan valuta utan kurs är inte medräknade

## Affärsformuläret

form-title-new = Ny affär
form-title-edit = Redigera affär { $id }
form-title = Titel
form-organization = Organisation
form-contact = Kontakt
form-email = E-post
form-owner = Ägare
form-amount = Belopp
form-close-date = Stängningsdatum
form-data-point = Uppgift
form-required-legend = krävs för { $stages }
form-keys = { $accept } spara · { $next } nästa · { $previous } föregående · { $cancel } avbryt
form-error-title = en affär behöver en titel
form-error-email = e-postadressen { $value } saknar @
form-error-required = steget { $stage } kräver det
form-cancelled = formuläret avbröts
form-fix-first = rätta först de röda fälten

## Valet av förlustorsak

lost-title-why = Varför förlorad?
lost-title-change = Ändra förlustorsak
lost-saves-typed = { $accept } sparar { $reason }
lost-new-reason = ny orsak
lost-keys = { $accept } spara · { $cancel } avbryt · { $pick } välj
lost-only-lost = bara en förlorad affär har en förlustorsak
lost-cancelled = avbrutet: inget sparades
lost-empty = skriv en förlustorsak eller välj en i listan

## Detaljvyn

detail-title = Affär { $id } — { $deal }
detail-keys = { $close } stäng · { $scroll } rulla · { $tick } bocka · { $note } anteckna · { $editor } editor · { $edit } ändra, uppgifter · { $reason } förlustorsak
detail-unreadable = affären kunde inte läsas ({ $close } stänger)
detail-checklist = Checklista
detail-checklist-of = Checklista: { $stage } ({ $done }/{ $total })
detail-no-tasks = steget har inga uppgifter
detail-no-tasks-to-tick = stegets playbook har inga uppgifter att bocka av
detail-notes = Anteckningar ({ $count })
detail-note-keys = { $accept } sparar, { $cancel } avbryter
detail-activities = Aktiviteter ({ $planned ->
        [one] { $planned } planerad
       *[other] { $planned } planerade
    }, { $done ->
        [one] { $done } klar
       *[other] { $done } klara
    })
detail-no-next-step = inget nästa steg planerat
detail-overdue = försenad
detail-done-earlier = { $count } klara tidigare
detail-playbook = Playbook: { $stage }
detail-trigger = Utlösare
detail-responsibilities = Ansvar
detail-documents = Dokument
detail-data-points = Uppgifter
detail-communication = Kommunikation
detail-required = krävs
detail-no-playbook = ingen playbook för detta steg
detail-field-title = Titel
detail-field-organization = Organisation
detail-field-contact = Kontakt
detail-field-email = E-post
detail-field-phone = Telefon
detail-field-owner = Ägare
detail-field-amount = Belopp
detail-field-probability = Sannolikhet
detail-override = ändrad
detail-field-stage = Steg
detail-field-in-stage = I steget
detail-days = { $days ->
    [one] { $days } dag
   *[other] { $days } dagar
 }
detail-field-close-date = Stängs
detail-field-source = Källa
detail-field-qualification = Kvalificering
detail-field-lost-reason = Förlustorsak
detail-field-won-note = Vinstnotering
detail-field-created = Skapad
detail-field-closed = Stängd
detail-field-last-activity = Senast aktiv
detail-field-changed-by = Ändrad av
detail-field-converted-to = Omvandlad till
detail-field-from-lead = Från lead
detail-deal-ref = affär { $id }
detail-stage-ref = steg { $id }
detail-stage-history = Steghistorik
detail-now = nu
detail-days-short = { $days } d

## Aktivitetstyper på kort och i detaljvyn

board-kind-call = samtal
board-kind-email = e-post
board-kind-meeting = möte
board-kind-task = uppgift
board-kind-follow-up = uppföljning
