# Tabblad Bord: kaarten, kolommen, detailvenster, formulieren, voettekst, hulpvenster, acties.

## De regel van elke actie in het hulpvenster

action-focus-left = vorige kolom
action-focus-right = volgende kolom
action-focus-down = volgende kaart
action-focus-up = vorige kaart
action-move-left = deal een open fase naar links (heropent een gesloten deal)
action-move-right = deal een open fase naar rechts
action-mark-won = gewonnen (een lead: omzetten in een deal)
action-mark-lost = verloren (vraagt waarom)
action-open-detail = detailvenster openen
action-close = venster of overlay sluiten
action-new-deal = nieuwe deal
action-edit-deal = deal bewerken
action-edit-reason = verliesreden bewerken
action-add-note = notitie toevoegen
action-editor-note = lange notitie in $VISUAL/$EDITOR
action-filter = kaarten filteren op tekst
action-toggle-mine = alleen mijn deals (ik ben eigenaar), of weer alle deals
action-switch-pipeline = andere pijplijn
action-undo = laatste wijziging ongedaan maken
action-redo = opnieuw
action-archive = archiveren (vraagt bevestiging)
action-next-tab = volgend tabblad
action-board-tab = tabblad Bord
action-dashboard-tab = tabblad Dashboard
action-agenda-tab = tabblad Agenda
action-mark-done = agenda: activiteit afvinken (u: terug)
action-schedule = opvolging plannen voor de deal
action-log-call = gevoerd gesprek vastleggen
action-reschedule = agenda: activiteit verzetten
action-period-this-month = dashboard: deze maand
action-period-this-quarter = dashboard: dit kwartaal
action-period-this-year = dashboard: dit jaar
action-period-last-90-days = dashboard: laatste 90 dagen
action-period-all-time = dashboard: alles
action-period-custom = dashboard: eigen periode van–tot
action-goal-target = dashboard: omzetdoel
action-dashboard-down = dashboard: volgende rij (scrollt)
action-dashboard-up = dashboard: vorige rij (scrollt)
action-dashboard-page-down = dashboard: pagina omlaag
action-dashboard-page-up = dashboard: pagina omhoog
action-dashboard-top = dashboard: naar boven
action-dashboard-bottom = dashboard: naar het laatste paneel
action-dashboard-deals = dashboard: deals achter de rij (Enter op een: op het bord)
action-owner-filter = dashboard: eigenaarfilter (alle, per eigenaar, alle)
action-help = deze hulp
action-quit = afsluiten
action-scroll-down = hulp: omlaag
action-scroll-up = hulp: omhoog
action-page-down = hulp: pagina omlaag
action-page-up = hulp: pagina omhoog
action-scroll-top = hulp: naar boven
action-scroll-bottom = hulp: naar het einde
action-confirm = bevestigen (archiveren)
action-pick-next = keuzelijsten: volgende
action-pick-previous = keuzelijsten: vorige
action-accept = opslaan, instellen of kiezen (formulier, invoer, lijst)
action-cancel = annuleren (formulier, invoer, lijst)
action-next-field = formulier: volgend veld
action-previous-field = formulier: vorig veld
action-toggle-task = detailvenster: taak onder de cursor (af)vinken (u: terug)
action-next-task = detailvenster: volgende taak
action-previous-task = detailvenster: vorige taak
action-next-kind = plannen: volgende soort activiteit

## Voettekst: de toetshints (één woord elk), invoerregels en de archiveerbevestiging

footer-help = hulp
footer-move = schuif
footer-won = win
footer-lost = verlies
footer-detail = info
footer-new = nieuw
footer-filter = zoek
footer-undo = terug
footer-saving = opslaan…
sync-failed = Kon de database niet naar schijf schrijven ({ $error }): de laatste wijzigingen zijn bewaard maar overleven misschien geen stroomuitval
footer-quit = stop
footer-row = rij
footer-deals = deals
footer-page = pagina
footer-owner = eigenaar
footer-month = maand
footer-quarter = kwartaal
footer-year = jaar
footer-90-days = 90 dagen
footer-all = alles
footer-from-to = van–tot
footer-goal = doel
footer-pipeline = pijplijn
footer-down = omlaag
footer-up = omhoog
footer-go-to-deal = naar deal
footer-done = klaar
footer-reschedule = verzetten
footer-follow-up = opvolging
footer-board = bord
footer-filter-keys = { $accept } houdt, { $cancel } wist
footer-confirm-archive = { $title } archiveren? { $yes } bevestigt, elke andere toets annuleert
footer-period-prompt = periode van–tot:
footer-period-keys = bijv. 2026-01-01 2026-03-31; { $accept } stelt in, { $cancel } annuleert
footer-goal-prompt = doel:
footer-goal-keys = in de valuta van de pijplijn; { $accept } stelt in, leeg wist, { $cancel } annuleert

## Het bord: kolommen en kaarten

board-no-stages = deze pijplijn heeft geen fasen
board-too-small = terminal te klein: { $width }×{ $height }, minstens { $min_width }×{ $min_height } nodig
board-cards-shown = { $first }–{ $last } van { $count }
board-weighted = ≈ { $amount } gewogen
board-no-next-step = geen volgende stap
board-days-in-stage = { $days }d
board-due-today = vandaag
board-due-tomorrow = morgen
board-due-in = over { $days }d
board-due-ago = { $days }d geleden

## Meldingen bij de toetsen van het bord

board-status-open = open
board-status-won = gewonnen
board-status-lost = verloren
board-key-on-agenda = die toets werkt op het tabblad Agenda ({ $key })
board-key-on-dashboard = die toets werkt op het tabblad Dashboard ({ $key })
board-closed-reopen = de deal is { $status }; { $key } heropent hem
board-last-open-stage = { $stage } is de laatste open fase: { $won } maakt de deal gewonnen, { $lost } verloren
board-first-open-stage = { $stage } is de eerste open fase
board-already = de deal is al { $status }
board-archive-cancelled = archiveren geannuleerd
board-nothing-to-undo = niets om ongedaan te maken
board-nothing-to-redo = niets om opnieuw te doen

## De tabbalk en de pijplijnkeuze

tabs-pipeline = pijplijn: { $name } ({ $currency })
tabs-filter = filter: { $text }
tabs-mine = mijn deals: { $user }
tabs-switch-pipeline = Andere pijplijn ({ $accept }, { $cancel })

## Het hulpvenster

help-title = Toetsen (elke toets sluit)
help-title-scrolling = Toetsen ({ $keys } scrollen, andere toets sluit)
help-lines-shown = { $first }–{ $last } van { $count }
help-legend-marks = ! ligt stil (langer dan de fase toestaat)   * opvolging te laat
help-legend-convert = Σ en ≈ rekenen andere valuta om tegen de koers van vandaag
help-legend-partial = een + na een totaal: kaarten in andere valuta zonder koers ontbreken

## Het dealformulier

form-title-new = Nieuwe deal
form-title-edit = Deal { $id } bewerken
form-title = Titel
form-organization = Organisatie
form-contact = Contact
form-email = E-mail
form-owner = Eigenaar
form-amount = Bedrag
form-close-date = Sluitdatum
form-data-point = Gegeven
form-required-legend = verplicht voor { $stages }
form-keys = { $accept } opslaan · { $next } volgende · { $previous } vorige · { $cancel } annuleren
form-error-title = een deal heeft een titel nodig
form-error-email = e-mailadres { $value } heeft geen @
form-error-required = fase { $stage } vereist dit
form-cancelled = formulier geannuleerd
form-fix-first = verbeter eerst de rode velden

## De keuze van de verliesreden

lost-title-why = Waarom verloren?
lost-title-change = Verliesreden wijzigen
lost-saves-typed = { $accept } slaat { $reason } op
lost-new-reason = nieuwe reden
lost-keys = { $accept } opslaan · { $cancel } annuleren · { $pick } kiezen
lost-only-lost = alleen een verloren deal heeft een verliesreden
lost-cancelled = geannuleerd: er is niets opgeslagen
lost-empty = typ een verliesreden of kies er een uit de lijst

## Het detailvenster

detail-title = Deal { $id } — { $deal }
detail-keys = { $close } sluit · { $scroll } scroll · { $tick } vink · { $note } notitie · { $editor } editor · { $edit } bewerk, gegevens · { $reason } verliesreden
detail-unreadable = deze deal kon niet worden gelezen ({ $close } sluit)
detail-checklist = Checklist
detail-checklist-of = Checklist: { $stage } ({ $done }/{ $total })
detail-no-tasks = deze fase heeft geen taken
detail-no-tasks-to-tick = het draaiboek van deze fase heeft geen taken om af te vinken
detail-notes = Notities ({ $count })
detail-note-keys = { $accept } slaat op, { $cancel } annuleert
detail-activities = Activiteiten ({ $planned } gepland, { $done } klaar)
detail-no-next-step = geen volgende stap gepland
detail-overdue = te laat
detail-done-earlier = { $count } eerder afgerond
detail-playbook = Draaiboek: { $stage }
detail-trigger = Aanleiding
detail-responsibilities = Verantwoordelijkheden
detail-documents = Documenten
detail-data-points = Gegevens
detail-communication = Communicatie
detail-required = verplicht
detail-no-playbook = geen draaiboek voor deze fase
detail-field-title = Titel
detail-field-organization = Organisatie
detail-field-contact = Contact
detail-field-email = E-mail
detail-field-phone = Telefoon
detail-field-owner = Eigenaar
detail-field-amount = Bedrag
detail-field-probability = Kans
detail-override = aangepast
detail-field-stage = Fase
detail-field-in-stage = In fase
detail-days = { $days ->
    [one] { $days } dag
   *[other] { $days } dagen
 }
detail-field-close-date = Sluitdatum
detail-field-source = Bron
detail-field-qualification = Kwalificatie
detail-field-lost-reason = Verliesreden
detail-field-won-note = Winstnotitie
detail-field-created = Aangemaakt
detail-field-closed = Gesloten
detail-field-last-activity = Laatst actief
detail-field-changed-by = Gewijzigd door
detail-field-converted-to = Omgezet naar
detail-field-from-lead = Uit lead
detail-deal-ref = deal { $id }
detail-stage-history = Fasegeschiedenis
detail-stage-ref = fase { $id }
detail-now = nu
detail-days-short = { $days }d

## Soorten activiteit op kaarten en in het detailvenster

board-kind-call = bellen
board-kind-email = e-mail
board-kind-meeting = afspraak
board-kind-task = taak
board-kind-follow-up = opvolging
