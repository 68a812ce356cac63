# Agenda tab, follow-ups and activities, the schedule form, the board's messages (undo, live notices, conversion).

## The Agenda tab
agenda-title = Agenda
agenda-reading = agenda wordt gelezen…
agenda-section = { $title } ({ $count })
agenda-overdue = Te laat
agenda-today = Vandaag
agenda-week = Komende 7 dagen
agenda-gone-quiet = Stilgevallen
agenda-nothing = niets
agenda-more = … en nog { $count }
agenda-more-listed = … en nog { $count }; `dealdeck activity list { $flag }` toont ze allemaal
agenda-no-next-step = geen vervolg
agenda-quiet-days = stil { $days } d
agenda-kind-call = bellen
agenda-kind-email = e-mail
agenda-kind-meeting = afspraak
agenda-kind-task = taak
agenda-kind-follow-up = opvolging

## The schedule input
schedule-title-schedule = Plannen
schedule-title-next-step = Vervolgstap
schedule-title-reschedule = Verzetten
schedule-title-log-call = Gesprek van nu vastleggen
schedule-accept-schedule = plannen
schedule-accept-move = verzetten
schedule-accept-log = vastleggen
schedule-cancel = annuleren
schedule-outcome = uitkomst:
schedule-optional = optioneel: { $key } zonder tekst legt het vast
schedule-kind = soort: { $kind }  ({ $key } volgende soort)
schedule-when = wanneer:
schedule-examples = bijv. morgen, +3d, vr 14:00, 03-12-2026
schedule-habits = gewoonten van de fase ({ $keys } kiest er een als notitie):

## The board's status line
msg-agenda-empty = niets op de agenda
msg-not-on-board = die deal staat niet op het bord (gefilterd of gearchiveerd)
msg-quiet-not-done = een stilgevallen deal heeft geen activiteit om af te ronden
msg-quiet-not-planned = een stilgevallen deal heeft niets gepland om te verzetten
msg-board-tab-key = die toets werkt op het tabblad Bord ({ $key })
msg-lose-quiet = { $key } zet een deal uit "Stilgevallen" op verloren
msg-no-focus = er is geen deal geselecteerd
msg-no-next-step = gelaten zonder vervolgstap
msg-cancelled = geannuleerd: er is niets opgeslagen
msg-everyone = deals van iedereen zichtbaar
msg-mine-needs-user = "mijn deals" moet weten wie je bent: start met --user NAAM, of zet $DEALDECK_USER of user in config.toml
msg-mine = alleen de deals van { $user } zichtbaar
msg-reopened = heropend in { $stage }
msg-moved = verplaatst naar { $stage }
msg-lost-reason-now = reden van verlies is nu { $reason }
msg-deal-saved = deal opgeslagen
msg-archived = gearchiveerd ({ $key } haalt hem terug)
msg-note-added = notitie toegevoegd
msg-deal-added = deal { $deal } toegevoegd
msg-undid = ongedaan gemaakt: { $what }
msg-redid = opnieuw gedaan: { $what }
msg-change-move = verplaatsing
msg-change-conversion = conversie
msg-change-edit = wijziging
msg-change-done = afronding
msg-change-tick = afvinken
msg-change-untick = uitvinken
msg-change-schedule = planning
msg-change-reschedule = verzetten
msg-change-logged-call = vastgelegd gesprek
msg-change-archive = archiveren
msg-change-unarchive = terughalen uit archief
msg-ticked = { $task } afgevinkt ({ $key } maakt ongedaan)
msg-unticked = { $task } uitgevinkt ({ $key } maakt ongedaan)
msg-note-empty = de notitie bleef leeg; niets opgeslagen
msg-marked-done = { $kind } afgerond; plan de vervolgstap ({ $key } laat hem zonder)
msg-scheduled = { $kind } gepland op { $due } ({ $key } maakt ongedaan)
msg-rescheduled = { $kind } verzet naar { $due } ({ $key } maakt ongedaan)
msg-call-logged = gesprek vastgelegd ({ $key } maakt ongedaan)
msg-call-logged-outcome = gesprek met uitkomst vastgelegd ({ $key } maakt ongedaan)
msg-needs-data-points = { $count ->
    [one] fase { $stage } vereist het gegeven { $names }: vul het in, { $key } slaat op
   *[other] fase { $stage } vereist de gegevens { $names }: vul ze in, { $key } slaat op
  }
msg-no-pipeline = de database heeft geen pijplijn; voeg er een toe met `dealdeck pipeline apply`
msg-no-pipeline-open = er is geen pijplijn open
msg-no-open-stage = de pijplijn heeft geen open fase
msg-editor-no-file = geen tijdelijk bestand voor de notitie: { $error }
msg-editor-read-back = de notitie kon niet worden teruggelezen: { $error }; geen notitie opgeslagen
msg-editor-not-utf8 = de notitie is geen UTF-8-tekst; geen notitie opgeslagen
msg-editor-no-note = geen notitie opgeslagen
msg-editor-hand-over = de terminal kon niet aan de editor worden gegeven: { $error }
msg-editor-restore = de terminal kon niet worden hersteld: { $error }
msg-editor-not-started = de editor { $editor } kon niet starten ({ $error }); { $outcome }
msg-editor-not-found = de editor { $editor } is niet gevonden (zet $VISUAL of $EDITOR); { $outcome }
msg-editor-failed = de editor { $editor } is mislukt ({ $status }); { $outcome }

## Team mode: others' changes and the server's connection
live-feed-failed = wijzigingen van anderen verschijnen bij de volgende toets ({ $error })
live-offline = offline: wijzigingen worden geweigerd tot de server terug is; opnieuw verbinden… ({ $why })
live-not-confirmed = niet bevestigd: de verbinding met de server brak tijdens de wijziging; het bord toont wat de server bewaarde zodra hij terug is
live-back-online = weer online: het bord toont de gegevens van de server ({ $server })
live-not-saved = niet opgeslagen: de server is onbereikbaar, er is niets gewijzigd; probeer opnieuw zodra het bord terug is
live-not-read = niet gelezen: de server is onbereikbaar; het bord toont wat het eerder las
live-loaded = wijzigingen van elders zijn geladen
live-one-changed = een deal is elders gewijzigd
live-many-changed = { $count } deals zijn elders gewijzigd
live-archived = '{ $title }' is elders gearchiveerd
live-moved = '{ $title }' is elders verplaatst naar { $stage }
live-changed = '{ $title }' is elders gewijzigd
live-and-more = { $count ->
    [one] { $what }, en nog { $count } deal
   *[other] { $what }, en nog { $count } deals
  }
live-by = { $what } (door { $names })

## Converting a lead
convert-done = geconverteerd: deal { $deal } in SQL ({ $key } maakt ongedaan)
convert-done-in = geconverteerd: deal { $deal } in { $pipeline }, fase SQL ({ $key } maakt ongedaan)

## The domain's refusals as the board shows them (the command line keeps its English)
error-shared-memory = { $file } is ingekort of vervangen door een ander programma; er wordt niets meer gelezen of geschreven: sluit het bord en open het opnieuw
error-read-stopped = het lezen van de dashboardregels op de achtergrond is gestopt
error-sigbus = dealdeck: een databasebestand werd door een ander programma ingekort terwijl het bord het las (SIGBUS); het bord is gestopt. Voer `dealdeck check` uit.
error-amount-empty = het bedrag is leeg; typ een getal zoals 12000 of 12.500,50
error-amount-negative = bedrag { $amount } is negatief; bedragen zijn nul of meer
error-amount-not-a-number = bedrag { $amount } is geen getal; typ cijfers met eventueel een decimaalteken, zoals 12.500,50 of 12,500.50
error-amount-grouping = bedrag { $amount } heeft verkeerd geplaatste scheidingstekens; groepen na de eerste hebben drie cijfers
error-amount-decimals = bedrag { $amount } heeft { $found } decimalen maar { $currency } staat er { $allowed } toe
error-amount-ambiguous = bedrag { $amount } heeft { $found } decimalen maar { $currency } staat er { $allowed } toe; scheidt de "{ $mark }" duizendtallen, zet dan decimal_separator = "{ $other }" in config.toml
error-amount-too-large = bedrag { $amount } is te groot; de grens is { $limit }
error-amount-other-currency = bedrag { $amount } is in { $named }, niet in { $expected }
error-date-empty = de datum is leeg; typ hem als DD-MM-JJJJ, DD/MM/JJJJ of JJJJ-MM-DD
error-date-invalid = datum { $date } is geen datum; typ hem als DD-MM-JJJJ, DD/MM/JJJJ of JJJJ-MM-DD
error-date-range = datum { $date } valt buiten het bereik; jaren 1900 tot 2200 worden geaccepteerd
error-due-empty = de datum is leeg; typ DD-MM-JJJJ[ UU:MM], vandaag, morgen, +3d, +2w of een weekdag zoals vr
error-due-invalid = { $due } is geen datum; typ DD-MM-JJJJ[ UU:MM], vandaag, morgen, +3d, +2w of een weekdag zoals vr
error-due-time = tijd { $time } in de datum is geen tijdstip; typ hem als UU:MM
error-due-range = datum { $due } valt buiten het bereik; jaren 1900 tot 2200 worden geaccepteerd
error-text-empty = de { $what } is leeg
error-text-too-long = de { $what } is { $found } tekens lang; de grens is { $limit }
error-text-control = de { $what } bevat stuurtekens; gebruik gewone tekst op één regel
error-move-same-stage = deal { $deal } staat al in fase { $stage }
error-move-reason = fase { $stage } is een verloren fase: geef een reden van verlies (bijvoorbeeld --reason "Price too high")
error-move-bad-reason = reden van verlies: { $why }
error-move-archived = deal { $deal } is gearchiveerd; haal hem uit het archief voor je hem verplaatst
error-field-title = titel
error-field-name = naam
error-field-note = notitie
error-field-lost-reason = reden van verlies
error-field-organization = organisatie
error-field-contact-name = naam contactpersoon
error-field-owner = eigenaar
error-field-data-point-name = naam van het gegeven
error-field-data-point-value = waarde van het gegeven
error-email = e-mailadres { $email } heeft geen @
