# Agenda tab, follow-ups and activities, the schedule form, the board's messages (undo, live notices, conversion).

## The Agenda tab
agenda-title = Agenda
agenda-reading = läser agendan…
agenda-section = { $title } ({ $count })
agenda-overdue = Försenade
agenda-today = Idag
agenda-week = Kommande 7 dagar
agenda-gone-quiet = Tysta
agenda-nothing = inget
agenda-more = … och { $count } till
agenda-more-listed = … och { $count } till; `dealdeck activity list { $flag }` visar alla
agenda-no-next-step = inget steg
agenda-quiet-days = tyst { $days } d
agenda-kind-call = samtal
agenda-kind-email = e-post
agenda-kind-meeting = möte
agenda-kind-task = uppgift
agenda-kind-follow-up = uppföljning

## The schedule input
schedule-title-schedule = Planera
schedule-title-next-step = Nästa steg
schedule-title-reschedule = Flytta
schedule-title-log-call = Logga ett samtal nu
schedule-accept-schedule = planera
schedule-accept-move = flytta
schedule-accept-log = logga
schedule-cancel = avbryt
schedule-outcome = resultat:
schedule-optional = valfritt: { $key } utan text loggar det
schedule-kind = typ: { $kind }  ({ $key } nästa typ)
schedule-when = när:
schedule-examples = t.ex. imorgon, +3d, fre 14:00, 2026-12-03
schedule-habits = stegets vanor ({ $keys } väljer en som anteckning):

## The board's status line
msg-agenda-empty = inget på agendan
msg-not-on-board = den affären finns inte på tavlan (filtrerad eller arkiverad)
msg-quiet-not-done = en tyst affär har ingen aktivitet att markera klar
msg-quiet-not-planned = en tyst affär har inget planerat att flytta
msg-board-tab-key = den tangenten fungerar på fliken Tavla ({ $key })
msg-lose-quiet = { $key } markerar en affär under "Tysta" som förlorad
msg-no-focus = ingen affär är vald
msg-no-next-step = lämnad utan nästa steg
msg-cancelled = avbrutet: inget sparades
msg-everyone = visar allas affärer
msg-mine-needs-user = "mina affärer" behöver veta vem du är: starta med --user NAMN, eller sätt $DEALDECK_USER eller user i config.toml
msg-mine = visar bara affärer som { $user } äger
msg-reopened = återöppnad i { $stage }
msg-moved = flyttad till { $stage }
msg-lost-reason-now = förlustorsaken är nu { $reason }
msg-deal-saved = affären sparad
msg-archived = arkiverad ({ $key } tar tillbaka den)
msg-note-added = anteckning tillagd
msg-deal-added = affär { $deal } tillagd
msg-undid = ångrade: { $what }
msg-redid = gjorde om: { $what }
msg-change-move = flytt
msg-change-conversion = konvertering
msg-change-edit = ändring
msg-change-done = klarmarkering
msg-change-tick = bock
msg-change-untick = borttagen bock
msg-change-schedule = planering
msg-change-reschedule = omplanering
msg-change-logged-call = loggat samtal
msg-change-archive = arkivering
msg-change-unarchive = återtagning ur arkivet
msg-ticked = { $task } avbockad ({ $key } ångrar)
msg-unticked = bocken på { $task } borttagen ({ $key } ångrar)
msg-note-empty = anteckningen lämnades tom; inget sparades
msg-marked-done = klart: { $kind }; planera nästa steg ({ $key } lämnar affären utan)
msg-scheduled = planerat: { $kind } { $due } ({ $key } ångrar)
msg-rescheduled = flyttat: { $kind } till { $due } ({ $key } ångrar)
msg-call-logged = samtal loggat ({ $key } ångrar)
msg-call-logged-outcome = samtal loggat med resultat ({ $key } ångrar)
msg-needs-data-points = { $count ->
    [one] steget { $stage } kräver datapunkten { $names }: fyll i den, { $key } sparar
   *[other] steget { $stage } kräver datapunkterna { $names }: fyll i dem, { $key } sparar
  }
msg-no-pipeline = databasen har ingen pipeline; lägg till en med `dealdeck pipeline apply`
msg-no-pipeline-open = ingen pipeline är öppen
msg-no-open-stage = pipelinen har inget öppet steg
msg-editor-no-file = ingen tillfällig fil för anteckningen: { $error }
msg-editor-read-back = anteckningen kunde inte läsas tillbaka: { $error }; ingen anteckning sparad
msg-editor-not-utf8 = anteckningen är inte UTF-8-text; ingen anteckning sparad
msg-editor-no-note = ingen anteckning sparad
msg-editor-hand-over = terminalen kunde inte lämnas till redigeraren: { $error }
msg-editor-restore = terminalen kunde inte återställas: { $error }
msg-editor-not-started = redigeraren { $editor } kunde inte startas ({ $error }); { $outcome }
msg-editor-not-found = redigeraren { $editor } hittades inte (sätt $VISUAL eller $EDITOR); { $outcome }
msg-editor-failed = redigeraren { $editor } misslyckades ({ $status }); { $outcome }

## Team mode: others' changes and the server's connection
live-feed-failed = ändringar gjorda på annat håll visas vid nästa tangent ({ $error })
live-offline = offline: ändringar nekas tills servern är tillbaka; ansluter igen… ({ $why })
live-not-confirmed = inte bekräftat: anslutningen till servern bröts under ändringen; tavlan visar vad servern behöll när den är tillbaka
live-back-online = online igen: tavlan visar serverns data ({ $server })
live-not-saved = inte sparat: servern går inte att nå, inget ändrades; försök igen när tavlan är tillbaka
live-not-read = inte läst: servern går inte att nå; tavlan visar vad den läste tidigare
live-loaded = ändringar gjorda på annat håll har lästs in
live-one-changed = en affär ändrades på annat håll
live-many-changed = { $count } affärer ändrades på annat håll
live-archived = '{ $title }' arkiverades på annat håll
live-moved = '{ $title }' flyttades till { $stage } på annat håll
live-changed = '{ $title }' ändrades på annat håll
live-and-more = { $count ->
    [one] { $what }, och { $count } affär till
   *[other] { $what }, och { $count } affärer till
  }
live-by = { $what } (av { $names })

## Converting a lead
convert-done = konverterad: affär { $deal } i SQL ({ $key } ångrar)
convert-done-in = konverterad: affär { $deal } i { $pipeline }, steg SQL ({ $key } ångrar)

## The domain's refusals as the board shows them (the command line keeps its English)
error-shared-memory = { $file } kortades av eller ersattes av ett annat program; inget mer läses eller skrivs: avsluta och öppna tavlan igen
error-read-stopped = bakgrundsläsningen av dashboardens rader stannade
error-sigbus = dealdeck: en databasfil kortades av ett annat program medan tavlan läste den (SIGBUS); tavlan stannade. Kör `dealdeck check`.
error-amount-empty = beloppet är tomt; skriv ett tal som 12000 eller 12 500,50
error-amount-negative = beloppet { $amount } är negativt; belopp är noll eller mer
error-amount-not-a-number = beloppet { $amount } är inget tal; skriv siffror med valfritt decimaltecken, som 12 500,50 eller 12,500.50
error-amount-grouping = beloppet { $amount } har felplacerade tusentalsavgränsare; grupper efter den första har tre siffror
error-amount-decimals = beloppet { $amount } har { $found } decimaler men { $currency } tillåter { $allowed }
error-amount-ambiguous = beloppet { $amount } har { $found } decimaler men { $currency } tillåter { $allowed }; om "{ $mark }" skiljer tusental, sätt decimal_separator = "{ $other }" i config.toml
error-amount-too-large = beloppet { $amount } är för stort; gränsen är { $limit }
error-amount-other-currency = beloppet { $amount } är i { $named }, inte { $expected }
error-date-empty = datumet är tomt; skriv det som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD/MM/ÅÅÅÅ
error-date-invalid = datumet { $date } är inget datum; skriv det som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD/MM/ÅÅÅÅ
error-date-range = datumet { $date } ligger utanför intervallet; år 1900 till 2200 godtas
error-due-empty = datumet är tomt; skriv ÅÅÅÅ-MM-DD[ TT:MM], idag, imorgon, +3d, +2w eller en veckodag som fre
error-due-invalid = { $due } är inget datum; skriv ÅÅÅÅ-MM-DD[ TT:MM], idag, imorgon, +3d, +2w eller en veckodag som fre
error-due-time = tiden { $time } i datumet är ingen tid på dygnet; skriv den som TT:MM
error-due-range = datumet { $due } ligger utanför intervallet; år 1900 till 2200 godtas
error-text-empty = { $what } saknas
error-text-too-long = { $what } har { $found } tecken; gränsen är { $limit }
error-text-control = { $what } innehåller styrtecken; använd vanlig text på en rad
error-move-same-stage = affär { $deal } är redan i steget { $stage }
error-move-reason = steget { $stage } är ett förlorat steg: ange en förlustorsak (till exempel --reason "Price too high")
error-move-bad-reason = förlustorsak: { $why }
error-move-archived = affär { $deal } är arkiverad; ta den ur arkivet innan du flyttar den
error-field-title = titeln
error-field-name = namnet
error-field-note = anteckningen
error-field-lost-reason = förlustorsaken
error-field-organization = organisationen
error-field-contact-name = kontaktpersonens namn
error-field-owner = ägaren
error-field-data-point-name = datapunktens namn
error-field-data-point-value = datapunktens värde
error-email = e-postadressen { $email } saknar @
