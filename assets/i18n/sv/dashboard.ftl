# Fliken Översikt: paneler, nyckeltal och deras definitioner, diagram, insikter, drill-down.

## Titelraden och flikens egna lägen
dash-title-owner = ägare { $owner }
dash-title-range = { $from } till { $to }
dash-title-as-of = per { $moment }
dash-updating = uppdaterar…
dash-computing = beräknar… läser pipelinens historik
dash-read-failed = siffrorna kunde inte läsas: { $error }

## Paneler
dash-key-figures = Nyckeltal
dash-stages-title = Steg (Enter: affärerna)
dash-funnel-title = Säljtratt (nådde, nästa steg)
dash-funnel-empty = Inga affärer skapade under perioden.
dash-lost-title = Förlustorsaker
dash-lost-empty = Inga affärer förlorade under perioden.
dash-forecast-title = Prognos per månad (Enter: affärerna)
dash-owners-title = Ägare (Enter: affärerna)
dash-warnings-title = Varningar ({ $count })
dash-warnings-more = … och { $count } till (`dealdeck report --json` nämner alla)
dash-no-owner = (ingen ägare)
dash-days-value = { $days } d

## Kolumnrubriker
dash-col-stage = Steg
dash-col-deals = Antal
dash-col-value = Värde
dash-col-weighted = Viktat
dash-col-avg-days = Snitt dgr
dash-col-expected = Förväntat
dash-col-stale = Fast
dash-col-conversion = Konv.grad
dash-col-avg-d = Sn d
dash-col-exp-d = Förv d
dash-col-conv = Konv
dash-col-target = Mål
dash-col-deals-lower = antal
dash-col-weighted-lower = viktat
dash-col-owner = Ägare
dash-col-open = Öppna
dash-col-won-lost = Vunn/förl
dash-col-win = Vinst%
dash-col-forecast = Prognos

## Målplanerare
dash-goal-title = Målplanerare
dash-goal-title-typing = Målplanerare ({ $key } för att spara)
dash-goal-target = Mål:
dash-goal-empty = Skriv ett intäktsmål för att se hur många affärer som krävs.
dash-goal-needs = { $target } kräver { $won } vunna
dash-goal-so-far = vunnet hittills { $won } · kvar { $remaining } ({ $deals } vunna)
dash-goal-need = behov
dash-goal-have = har
dash-goal-gap = saknas
dash-goal-at-target = vidmål

## Statusmeddelanden från översiktens tangenter
dash-msg-still-reading = siffrorna läses fortfarande; försök igen om en stund
dash-msg-no-owners = inga ägare att filtrera på
dash-msg-all-owners = alla ägare
dash-msg-figures-for = siffror för { $owner }
dash-msg-board-key = den tangenten fungerar på fliken Tavla ({ $key })
dash-msg-goal-cleared = intäktsmålet rensat
dash-msg-target-positive = ett intäktsmål måste vara större än noll
dash-msg-target-error = mål: { $error }
dash-msg-no-row = ingen rad att öppna: gå till ett steg, en förlustorsak, en månad eller en ägare (j/k)
dash-msg-not-on-board = den affären finns inte på tavlan (filtrerad, arkiverad eller avslutad för länge sedan)

## Nyckeltal
figure-open-deals = Öppna affärer
figure-open-value = Öppet värde
figure-weighted = Viktat
figure-forecast = Prognos
figure-win-rate = Vinstandel
figure-avg-deal = Snittaffär
figure-avg-cycle = Snittcykel
figure-velocity-day = Takt/dag

## Nyckeltalens definitioner (hjälpfönstret)
figure-def-open-deals-name = Öppna affärer
figure-def-open-deals = affärer vars steg vid mättillfället är ett öppet steg
figure-def-open-value-name = Öppet värde
figure-def-open-value = summan av de öppna affärernas belopp
figure-def-weighted-name = Viktat värde
figure-def-weighted = summan av belopp × sannolikhet / 100 (affärens egen, annars stegets)
figure-def-forecast-name = Prognos
figure-def-forecast = vunnet värde + viktat värde av öppna affärer som väntas avslutas under perioden
figure-def-won-lost-name = Vunna / förlorade
figure-def-won-lost = affärer som nådde ett vunnet / förlorat steg under perioden och står kvar där
figure-def-win-rate-name = Vinstandel
figure-def-win-rate = vunna / (vunna + förlorade)
figure-def-avg-deal-name = Snittaffär
figure-def-avg-deal = vunnet värde / vunna affärer
figure-def-avg-cycle-name = Snittcykel
figure-def-avg-cycle = genomsnittligt antal dagar från skapad till vunnen, för affärer vunna under perioden
figure-def-velocity-name = Takt
figure-def-velocity = öppna affärer × vinstandel × snittaffär / snittcykelns dagar, per dag
figure-def-avg-days-name = Snitt dagar
figure-def-avg-days = genomsnittligt antal dagar för avslutade besök i steget
figure-def-expected-name = Förväntat
figure-def-expected = stegets förväntade dagar, annars snitt dagar × pipelinens faktor
figure-def-stale-name = Fast
figure-def-stale = besök påbörjade under perioden som står kvar i steget efter de förväntade dagarna
figure-def-conversion-name = Konverteringsgrad
figure-def-conversion = vidare / (avslutade + fasta) för besök påbörjade under perioden
figure-def-target-name = Mål
figure-def-target = stegets målkonvertering (pipelinefilen); ▼ markerar en konvertering under målet
figure-def-funnel-name = Säljtratt
figure-def-funnel = av affärerna skapade under perioden, hur många som nådde varje steg eller längre
figure-def-goal-name = Mål
figure-def-goal = vunna affärer som krävs = mål / snittaffär, bakåträknat med konverteringsgraderna
figure-def-at-target-name = Vid mål
figure-def-at-target = affärer som målet kräver per steg om varje steg konverterade enligt sitt mål
figure-def-insights-name = Insikter
figure-def-insights = vad siffrorna säger: regler från README, var och en med sina tal; tyst vid lite data
figure-def-won-so-far-name = Vunnet hittills
figure-def-won-so-far = periodens vunna värde; kvar = max(0, mål − vunnet hittills)
figure-def-still-needed-name = Krävs ännu
figure-def-still-needed = vunna affärer för det som är kvar = kvar / snittaffär, bakåträknat likadant
figure-def-per-owner-name = Per ägare
figure-def-per-owner = varje nyckeltal ovan begränsat till en ägares affärer; raderna summerar till totalerna
figure-def-by-month-name = Per månad
figure-def-by-month = öppna affärer som väntas avslutas i mättillfällets månad och de fem följande: antal, värde, viktat
figure-def-won-month-name = Vunnet (månad)
figure-def-won-month = vunnet värde i den påbörjade månaden, fram till mättillfället
figure-def-weekly-trend-name = Veckotrend
figure-def-weekly-trend = 12 lokala kalenderveckor, den sista slutar med mätdagen: öppet och viktat vid varje veckas slut (dagens kurs), vunna / förlorade inom veckan
figure-def-currencies-name = Valutor
figure-def-currencies = andra valutor räknas om till kursen som gäller den dagen; affärer utan kurs utelämnas och nämns

## Så läser du översikten (hjälpfönstret, efter definitionerna)
dash-guide-weeks-name = 12 veckor
dash-guide-weeks = viktat värde av de öppna affärerna vid varje veckas slut (värdeaxel från noll), och under det affärerna vunna (grönt) och förlorade (rött) varje vecka; datumen är veckornas sista dagar
dash-guide-rows-name = Rader
dash-guide-rows = j/k flyttar en markör över steg, förlustorsaker, månader och ägare och rullar panelerna; PgUp/PgDn, Home/End (G) rullar en sida eller till början eller slutet
dash-guide-drill-name = Drill-down
dash-guide-drill = Enter på en rad listar affärerna bakom den (ett stegs öppna affärer, fasta först och markerade !; affärerna förlorade av en orsak; en månads väntade affärer; en ägares affärer); Enter på en visar den på tavlan, Esc går tillbaka
dash-guide-owner-name = Ägarfilter
dash-guide-owner = o begränsar varje nyckeltal till en ägare, sedan nästa, sedan alla ägare igen

## Vad siffrorna säger (metrics::insights)
insight-title = Vad siffrorna säger
insight-more = (+{ $count } till: `dealdeck report`)
insight-waits-too-long = affärer väntar för länge i { $stage }: { $stale } av { $visits } över { $days } dagar — är teamets kapacitet gränsen?
insight-entry-bar-too-high = få affärer kommer förbi { $stage }, men nästan inga väntar: { $advanced } av { $visits } gick vidare ({ $rate }) och { $stale } över { $days } dagar — ribban för { $next } kan vara för hög
insight-entry-bar-too-high-win = få affärer kommer förbi { $stage }, men nästan inga väntar: { $advanced } av { $visits } gick vidare ({ $rate }) och { $stale } över { $days } dagar — ribban för att vinna kan vara för hög
insight-below-target = { $stage } konverterar { $rate } mot sitt mål på { $target }: { $advanced } av { $visits } gick vidare
insight-cycle-above-history = affärer vunna denna period tog i snitt { $now } dagar mot { $before } före den ({ $ratio }×, { $won } vunna mot { $earlier }) — vad bromsar dem?
insight-lost-reason-growing = fler affärer förlorade på ”{ $reason }”: { $last } de senaste { $weeks } veckorna mot { $previous } de { $weeks } före ({ $earliest } de { $weeks } före det)

## Drill-down
drill-stage = { $stage }: öppna affärer ({ $stale } fasta)
drill-lost = Förlorade under perioden: { $reason }
drill-month = Öppna, väntas avslutas { $month }
drill-owner = { $owner }: öppna, vunna och förlorade affärer
drill-some-of = { $shown } av { $total } affärer
drill-deals = { $count ->
    [one] { $count } affär
   *[other] { $count } affärer
    }
drill-keys = ! fast · { $go } på tavlan · { $back } tillbaka · { $first }–{ $last }
drill-empty = Inga affärer bakom raden.
drill-col-title = Titel
drill-col-organization = Organisation
drill-col-amount = Belopp
drill-col-stage = Steg
drill-col-days = Dagar

## Diagrammen över 12 veckor
trend-title = 12 veckor: viktat värde; vunna och förlorade
trend-too-small = För litet för diagrammen; ett bredare eller högre fönster visar dem.
trend-weighted = viktat värde
trend-weighted-note = ({ $currency }, veckans slut)
trend-won = vunna
trend-lost = förlorade

## Perioder
period-this-month = Denna månad
period-this-quarter = Detta kvartal
period-this-year = Detta år
period-last-90-days = Senaste 90 dagarna
period-all-time = Sedan start
period-custom = { $from } – { $to }
period-from = från
period-to = till
period-not-two-dates = skriv två datum, från och till, t.ex. 2026-01-01 2026-03-31
period-bad-date = { $which }: { $error }
period-backwards = perioden slutar ({ $to }) innan den börjar ({ $from })
