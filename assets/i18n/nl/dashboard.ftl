# Dashboard-tab: panelen, cijfers en hun definities, grafieken, inzichten, drill-down.

## De titelregel en de eigen toestanden van de tab
dash-title-owner = eigenaar { $owner }
dash-title-range = { $from } t/m { $to }
dash-title-as-of = per { $moment }
dash-updating = bijwerken…
dash-computing = berekenen… de geschiedenis van de pijplijn wordt gelezen
dash-read-failed = de cijfers konden niet worden gelezen: { $error }

## Panelen
dash-key-figures = Kerncijfers
dash-stages-title = Fasen (Enter: de deals)
dash-funnel-title = Trechter (bereikt, volgende stap)
dash-funnel-empty = Geen deals aangemaakt in de periode.
dash-lost-title = Verliesredenen
dash-lost-empty = Geen deals verloren in de periode.
dash-forecast-title = Prognose per maand (Enter: de deals)
dash-owners-title = Eigenaren (Enter: de deals)
dash-warnings-title = Waarschuwingen ({ $count })
dash-warnings-more = … en nog { $count } (`dealdeck report --json` noemt ze allemaal)
dash-no-owner = (geen eigenaar)
dash-days-value = { $days } d

## Kolomkoppen
dash-col-stage = Fase
dash-col-deals = Deals
dash-col-value = Waarde
dash-col-weighted = Gewogen
dash-col-avg-days = Gem. dgn
dash-col-expected = Verwacht
dash-col-stale = Vast
dash-col-conversion = Conversie
dash-col-avg-d = Gem d
dash-col-exp-d = Verw d
dash-col-conv = Conv
dash-col-target = Doel
dash-col-deals-lower = deals
dash-col-weighted-lower = gewogen
dash-col-owner = Eigenaar
dash-col-open = Open
dash-col-won-lost = Gew/verl
dash-col-win = Win%
dash-col-forecast = Prognose

## Doelplanner
dash-goal-title = Doelplanner
dash-goal-title-typing = Doelplanner ({ $key } om vast te leggen)
dash-goal-target = Doel:
dash-goal-empty = Typ een omzetdoel om te zien hoeveel deals daarvoor nodig zijn.
dash-goal-needs = { $target } vraagt { $won } gewonnen
dash-goal-so-far = tot nu gewonnen { $won } · resterend { $remaining } ({ $deals } gewonnen)
dash-goal-need = nodig
dash-goal-have = er is
dash-goal-gap = tekort
dash-goal-at-target = doel

## Statusmeldingen van de dashboardtoetsen
dash-msg-still-reading = de cijfers worden nog gelezen; probeer het zo opnieuw
dash-msg-no-owners = geen eigenaren om op te filteren
dash-msg-all-owners = alle eigenaren
dash-msg-figures-for = cijfers voor { $owner }
dash-msg-board-key = die toets werkt op de tab Bord ({ $key })
dash-msg-goal-cleared = omzetdoel gewist
dash-msg-target-positive = een omzetdoel moet groter zijn dan nul
dash-msg-target-error = doel: { $error }
dash-msg-no-row = geen rij om te openen: ga naar een fase, verliesreden, maand of eigenaar (j/k)
dash-msg-not-on-board = die deal staat niet op het bord (gefilterd, gearchiveerd of lang geleden gesloten)

## Kerncijfers
figure-open-deals = Open deals
figure-open-value = Open waarde
figure-weighted = Gewogen
figure-forecast = Prognose
figure-win-rate = Winrate
figure-avg-deal = Gem. deal
figure-avg-cycle = Gem. cyclus
figure-velocity-day = Tempo/dag

## De definities van de cijfers (helpvenster)
figure-def-open-deals-name = Open deals
figure-def-open-deals = deals waarvan de fase op het peilmoment een open fase is
figure-def-open-value-name = Open waarde
figure-def-open-value = som van de bedragen van de open deals
figure-def-weighted-name = Gewogen waarde
figure-def-weighted = som van bedrag × kans / 100 (de eigen kans van de deal, anders die van de fase)
figure-def-forecast-name = Prognose
figure-def-forecast = gewonnen waarde + gewogen waarde van open deals die naar verwachting in de periode sluiten
figure-def-won-lost-name = Gewonnen / verloren
figure-def-won-lost = deals die in de periode een gewonnen / verloren fase bereikten en daar nog staan
figure-def-win-rate-name = Winrate
figure-def-win-rate = gewonnen / (gewonnen + verloren)
figure-def-avg-deal-name = Gem. dealgrootte
figure-def-avg-deal = gewonnen waarde / gewonnen deals
figure-def-avg-cycle-name = Gem. cyclus
figure-def-avg-cycle = gemiddeld aantal dagen van aanmaken tot gewonnen, over de deals gewonnen in de periode
figure-def-velocity-name = Tempo
figure-def-velocity = open deals × winrate × gem. dealgrootte / gem. cyclusdagen, per dag
figure-def-avg-days-name = Gem. dagen
figure-def-avg-days = gemiddeld aantal dagen van afgeronde bezoeken aan de fase
figure-def-expected-name = Verwacht
figure-def-expected = de verwachte dagen van de fase, anders gem. dagen × de factor van de pijplijn
figure-def-stale-name = Vast
figure-def-stale = bezoeken begonnen in de periode die langer dan de verwachte dagen in de fase staan
figure-def-conversion-name = Conversie
figure-def-conversion = doorgeschoven / (afgerond + vast) voor bezoeken begonnen in de periode
figure-def-target-name = Doel
figure-def-target = de doelconversie van de fase (pijplijnbestand); ▼ markeert een conversie eronder
figure-def-funnel-name = Trechter
figure-def-funnel = van de deals aangemaakt in de periode, hoeveel elke fase of verder bereikten
figure-def-goal-name = Doel
figure-def-goal = benodigde gewonnen deals = doel / gem. dealgrootte, teruggerekend met de conversies
figure-def-at-target-name = Bij doel
figure-def-at-target = deals die het doel per fase nodig heeft als elke fase op haar doel converteert
figure-def-insights-name = Inzichten
figure-def-insights = wat de cijfers zeggen: regels uit de README, elk met zijn getallen; stil bij weinig gegevens
figure-def-won-so-far-name = Tot nu gewonnen
figure-def-won-so-far = de gewonnen waarde van de periode; resterend = max(0, doel − tot nu gewonnen)
figure-def-still-needed-name = Nog nodig
figure-def-still-needed = gewonnen deals voor het resterende = resterend / gem. dealgrootte, net zo teruggerekend
figure-def-per-owner-name = Per eigenaar
figure-def-per-owner = elk cijfer hierboven beperkt tot de deals van één eigenaar; de rijen tellen op tot de totalen
figure-def-by-month-name = Per maand
figure-def-by-month = open deals die naar verwachting sluiten in de peilmaand en de vijf daarna: deals, waarde, gewogen
figure-def-won-month-name = Gewonnen (maand)
figure-def-won-month = gewonnen waarde van de begonnen maand, tot het peilmoment
figure-def-weekly-trend-name = Weektrend
figure-def-weekly-trend = 12 lokale kalenderweken, de laatste eindigend op de peildag: open en gewogen aan het eind van elke week (koers van die dag), gewonnen / verloren erbinnen
figure-def-currencies-name = Valuta
figure-def-currencies = andere valuta worden omgerekend tegen de koers van die dag; deals zonder koers vallen weg en worden genoemd

## Zo lees je het dashboard (helpvenster, na de definities)
dash-guide-weeks-name = 12 weken
dash-guide-weeks = gewogen waarde van de open deals aan het eind van elke week (waarde-as vanaf nul), en daaronder de deals gewonnen (groen) en verloren (rood) per week; de datums zijn de laatste dagen van de weken
dash-guide-rows-name = Rijen
dash-guide-rows = j/k verplaatsen een cursor over fasen, verliesredenen, maanden en eigenaren en scrollen de panelen; PgUp/PgDn, Home/End (G) scrollen per pagina of naar het begin of eind
dash-guide-drill-name = Drill-down
dash-guide-drill = Enter op een rij toont de deals erachter (de open deals van een fase, vastgelopen eerst en gemarkeerd met !; de deals verloren om een reden; de verwachte deals van een maand; de deals van een eigenaar); Enter op een deal toont die op het bord, Esc gaat terug
dash-guide-owner-name = Eigenaarfilter
dash-guide-owner = o beperkt elk cijfer tot één eigenaar, dan de volgende, dan weer alle eigenaren

## Wat de cijfers zeggen (metrics::insights)
insight-title = Wat de cijfers zeggen
insight-more = (+{ $count } meer: `dealdeck report`)
insight-waits-too-long = deals blijven te lang in { $stage }: { $stale } van { $visits } langer dan { $days } dagen — is de capaciteit van het team de grens?
insight-entry-bar-too-high = weinig deals komen voorbij { $stage }, maar bijna geen wacht: { $advanced } van { $visits } door ({ $rate }) en { $stale } langer dan { $days } dagen — de drempel voor { $next } is misschien te hoog
insight-entry-bar-too-high-win = weinig deals komen voorbij { $stage }, maar bijna geen wacht: { $advanced } van { $visits } door ({ $rate }) en { $stale } langer dan { $days } dagen — de drempel om te winnen is misschien te hoog
insight-below-target = { $stage } converteert { $rate } tegen een doel van { $target }: { $advanced } van { $visits } door
insight-cycle-above-history = deals gewonnen in deze periode duurden gemiddeld { $now } dagen tegen { $before } ervoor ({ $ratio }×, { $won } gewonnen tegen { $earlier }) — wat houdt ze op?
insight-lost-reason-growing = meer deals verloren door "{ $reason }": { $last } in de laatste { $weeks } weken tegen { $previous } in de { $weeks } ervoor ({ $earliest } in de { $weeks } daarvoor)

## Drill-down
drill-stage = { $stage }: open deals ({ $stale } vast)
drill-lost = Verloren in de periode: { $reason }
drill-month = Open, verwacht te sluiten in { $month }
drill-owner = { $owner }: open, gewonnen en verloren deals
drill-some-of = { $shown } van { $total } deals
drill-deals = { $count ->
    [one] { $count } deal
   *[other] { $count } deals
    }
drill-keys = ! vast · { $go } op het bord · { $back } terug · { $first }–{ $last }
drill-empty = Geen deals achter deze rij.
drill-col-title = Titel
drill-col-organization = Organisatie
drill-col-amount = Bedrag
drill-col-stage = Fase
drill-col-days = Dagen

## De grafieken over 12 weken
trend-title = 12 weken: gewogen waarde; gewonnen en verloren
trend-too-small = Te klein voor de grafieken; een breder of hoger venster toont ze.
trend-weighted = gewogen waarde
trend-weighted-note = ({ $currency }, eind van de week)
trend-won = gewonnen
trend-lost = verloren

## Perioden
period-this-month = Deze maand
period-this-quarter = Dit kwartaal
period-this-year = Dit jaar
period-last-90-days = Laatste 90 dagen
period-all-time = Sinds start
period-custom = { $from } – { $to }
period-from = van
period-to = tot
period-not-two-dates = typ twee datums, van en tot, bijv. 2026-01-01 2026-03-31
period-bad-date = { $which }: { $error }
period-backwards = de periode eindigt ({ $to }) voordat ze begint ({ $from })
