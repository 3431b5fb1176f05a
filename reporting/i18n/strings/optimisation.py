"""Strings of the optimisation page and reports."""

STRINGS = {
    "page.optimisation.title": {"fi": "Optimointi", "en": "Optimisation"},
    "report.optimisation": {"fi": "Optimointihavainnot", "en": "Optimisation findings"},
    "report.optimisation_kpis": {"fi": "Optimoinnin tunnusluvut", "en": "Optimisation key figures"},
    "report.optimisation_months": {"fi": "Arvioitavat kuukaudet", "en": "Months to judge"},
    "report.optimisation_plans": {"fi": "Tuotevaihtoehdot", "en": "Plans to change to"},
    "col.findings": {"fi": "Havainnot", "en": "Findings"},
    "report.optimisation_by_rule": {"fi": "Säästöpotentiaali säännöittäin",
                                    "en": "Savings potential by rule"},
    "report.optimisation_by_cost_centre": {"fi": "Säästöpotentiaali kustannuspaikoittain",
                                           "en": "Savings potential by cost centre"},
    "report.optimisation_evidence": {"fi": "Liittymän näyttö kuukausittain",
                                     "en": "Subscription evidence by month"},
    "report.optimisation_followup": {"fi": "Päätösten seuranta", "en": "Follow-up of decisions"},
    "report.optimisation_followup_totals": {"fi": "Seurannan yhteenveto", "en": "Follow-up totals"},

    "opt.tab.findings": {"fi": "Havainnot", "en": "Findings"},
    "opt.tab.followup": {"fi": "Seuranta", "en": "Follow-up"},
    "opt.tab.rules": {"fi": "Säännöt ja raja-arvot", "en": "Rules and thresholds"},
    "opt.month": {"fi": "Tarkastelukuukausi", "en": "Month judged"},
    "opt.month.help": {"fi": "Oletuksena viimeisin kokonaan laskutettu kuukausi.",
                       "en": "By default the latest completely invoiced month."},
    "opt.judged": {"fi": "Säännöt arvioivat tilannetta {month} ja sitä edeltäviä kuukausia.",
                   "en": "The rules judge {month} and the months before it."},
    "opt.no_months": {"fi": "Organisaatiolla ei ole vielä laskutettuja kuukausia.",
                      "en": "The organisation has no invoiced months yet."},
    "opt.kpi.findings": {"fi": "Havaintoja", "en": "Findings"},
    "opt.kpi.saving_month": {"fi": "Säästö / kk", "en": "Saving / month"},
    "opt.kpi.saving_year": {"fi": "Säästö / vuosi", "en": "Saving / year"},
    "opt.kpi.help": {"fi": "Kukin liittymä lasketaan kerran (suurin säästö), vaikka usea sääntö löytäisi sen.",
                     "en": "Each subscription counts once (its largest saving) even when several rules find it."},
    "opt.by_rule": {"fi": "Säästöpotentiaali säännöittäin", "en": "Savings potential by rule"},
    "opt.by_centre": {"fi": "Säästöpotentiaali kustannuspaikoittain", "en": "Savings potential by cost centre"},
    "opt.list": {"fi": "Havainnot", "en": "Findings"},
    "opt.filter_rule": {"fi": "Sääntö", "en": "Rule"},
    "opt.none": {"fi": "Ei havaintoja näillä raja-arvoilla.", "en": "No findings with these thresholds."},
    "opt.pick": {"fi": "Valitse havainto", "en": "Choose a finding"},
    "opt.pick.help": {"fi": "Listassa on taulukon 200 ensimmäistä havaintoa; muut voit valita taulukon riviltä "
                            "(hae tai selaa sivuja).",
                      "en": "The list holds the table's first 200 findings; pick any other from its row in the "
                            "table (search or turn the pages)."},
    "opt.search": {"fi": "Hae", "en": "Search"},
    "opt.search.placeholder": {"fi": "Liittymä, käyttäjä tai kustannuspaikka",
                               "en": "Subscription, user or cost centre"},
    "opt.none_search": {"fi": "Haku ei löytänyt havaintoja.", "en": "The search found no findings."},
    "opt.list.hint": {"fi": "{count} havaintoa. Valitse rivi nähdäksesi sen perusteet ja kirjataksesi päätöksen.",
                      "en": "{count} findings. Select a row to see its evidence and record a decision."},
    "opt.evidence.never_used": {"fi": "Viimeisin käyttö: ei käyttöä tarkastelujaksolla",
                                "en": "Last usage: none in the period examined"},
    "opt.followup.order": {"fi": "Päätetyt ensin, uusin päätös ensin; avoimet havainnot niiden jälkeen.",
                           "en": "Decided items first, the latest decision first; open findings after them."},
    "opt.followup.stages": {"fi": "Vaihe", "en": "Stage"},
    "opt.followup.all_stages": {"fi": "Kaikki vaiheet", "en": "All stages"},
    "opt.followup.none": {"fi": "Ei valintaa vastaavia kohteita.", "en": "No items match the selection."},
    "opt.evidence": {"fi": "Näyttö: käyttö ja veloitukset kuukausittain",
                     "en": "Evidence: use and charges by month"},
    "opt.evidence.summary": {"fi": "{rule} · {action} · säästö {saving} / kk ({year} / vuosi)",
                             "en": "{rule} · {action} · saving {saving} / month ({year} / year)"},
    "opt.evidence.last_use": {"fi": "Viimeisin käyttö: {date}", "en": "Last usage: {date}"},
    "opt.decide": {"fi": "Päätös", "en": "Decision"},
    "opt.decide.reason": {"fi": "Perustelu (pakollinen, kun liittymä pidetään)",
                          "en": "Reason (required when the subscription is kept)"},
    "opt.decide.target": {"fi": "Uusi tuote", "en": "New plan"},
    "opt.decide.save": {"fi": "Tallenna päätös", "en": "Save decision"},
    "opt.decide.saved": {"fi": "Päätös tallennettu.", "en": "Decision saved."},
    "opt.decide.readonly": {"fi": "Vain pääkäyttäjä tai operaattori voi kirjata päätöksiä.",
                            "en": "Only the main user or the operator can record decisions."},
    "opt.decide.current": {"fi": "Voimassa oleva päätös: {decision} ({who}, {when})",
                           "en": "Decision in force: {decision} ({who}, {when})"},
    "opt.err.not_allowed": {"fi": "Vain organisaation pääkäyttäjä tai operaattori voi kirjata päätöksiä.",
                            "en": "Only the organisation's main user or the operator can record decisions."},
    "opt.err.unknown": {"fi": "Tuntematon päätös.", "en": "Unknown decision."},
    "opt.err.reason": {"fi": "Kirjoita perustelu, kun liittymä pidetään.",
                       "en": "Write a reason when the subscription is kept."},
    "opt.err.finding": {"fi": "Havainnosta puuttuu liittymä, sääntö tai näytön tunniste.",
                        "en": "The finding lacks its subscription, rule or evidence fingerprint."},
    "opt.err.not_in_org": {"fi": "Liittymä ei kuulu organisaatioon.",
                           "en": "The subscription is not in the organisation."},
    "opt.err.target": {"fi": "Valitse tuote, johon vaihdetaan.", "en": "Choose the plan to change to."},
    "opt.followup.totals": {"fi": "Yhteenveto vaiheittain", "en": "Totals by stage"},
    "opt.followup.list": {"fi": "Kohteet", "en": "Items"},
    "opt.followup.help": {
        "fi": "Avoin: päätös puuttuu. Päätetty: toimenpide ei vielä näy aineistossa. Toteutettu: liittymä "
              "suljettu tai tuote vaihdettu. Toteutunut säästö: toteutuksen jälkeisen kuukauden veloitukset "
              "verrattuna havaintokuukauteen. Pidetty: ei nosteta uudelleen ennen kuin näyttö muuttuu.",
        "en": "Open: no decision yet. Decided: the action is not visible in the data yet. Carried out: the "
              "subscription closed or its plan changed. Realised: the charges of a month after the action "
              "against the month of the finding. Kept: not raised again until the evidence changes."},
    "opt.rules.intro": {"fi": "Säännöt raja-arvoineen. Muuta arvoja, niin havainnot lasketaan uudelleen.",
                        "en": "The rules with their thresholds. Change a value and the findings are recomputed."},
    "opt.th.inactive_months": {"fi": "Käyttämätön: kuukausia ilman käyttöä", "en": "Inactive: months without use"},
    "opt.th.oversized_pct": {"fi": "Ylimitoitettu: datan käyttö alle % kiintiöstä",
                             "en": "Oversized: data use below % of allowance"},
    "opt.th.oversized_months": {"fi": "Ylimitoitettu: kuukausia", "en": "Oversized: months"},
    "opt.th.headroom_pct": {"fi": "Pienemmän tuotteen varmuusvara %", "en": "Smaller plan headroom %"},
    "opt.th.undersized_months": {"fi": "Alimitoitettu: kuukausia", "en": "Undersized: months"},
    "opt.th.roaming_months": {"fi": "Verkkovierailu: kuukausia", "en": "Roaming: months"},
    "opt.th.roaming_min_months": {"fi": "Verkkovierailu: vähintään kuukautta veloituksia",
                                  "en": "Roaming: at least months with charges"},
    "opt.th.duplicate_same_cost_centre": {"fi": "Päällekkäiset vain saman kustannuspaikan sisällä",
                                          "en": "Duplicates only within one cost centre"},

    "opt.rule.inactive": {"fi": "Käyttämätön", "en": "Inactive"},
    "opt.rule.inactive.text": {
        "fi": "Liittymällä ei ole ollut puhe-, viesti- eikä datakäyttöä (missään maassa) {inactive_months} "
              "viimeiseen kuukauteen, mutta siitä veloitetaan yhä kuukausimaksua. Alle {inactive_months} kuukautta "
              "sitten avattua liittymää ei arvioida puuttuvan historian perusteella. Suositus: irtisano; "
              "säästö on tuotteen kuukausimaksu hinnaston mukaan.",
        "en": "The subscription has had no voice, messaging or data use (in any country) in the last "
              "{inactive_months} months, yet a monthly fee is still charged. A subscription opened less than "
              "{inactive_months} months ago is not judged on missing history. Recommendation: terminate; the "
              "saving is the plan's monthly fee in the catalogue."},
    "opt.rule.oversized": {"fi": "Ylimitoitettu", "en": "Oversized"},
    "opt.rule.oversized.text": {
        "fi": "Datan käyttö on ollut alle {oversized_pct} % tuotteen kiintiöstä jokaisena {oversized_months} "
              "viimeisestä kuukaudesta (rajattomassa tuotteessa verrataan saman palvelutyypin suurimpaan "
              "kiinteään kiintiöön), ja hinnastossa on saman palvelutyypin halvempi, pienempi tuote, jonka data-, "
              "puhe- ja viestikiintiöt kattavat jakson suurimman kuukausikäytön {headroom_pct} %:n varmuusvaralla. "
              "Suositus: vaihda halvimpaan tällaiseen tuotteeseen; säästö on kuukausimaksujen erotus.",
        "en": "Data use has been below {oversized_pct} % of the plan's allowance in each of the last "
              "{oversized_months} months (an unlimited plan is compared with the largest fixed allowance of "
              "its service type), and the catalogue has a cheaper, smaller plan of the same service type whose "
              "data, voice and message allowances cover the period's peak monthly use with {headroom_pct} % "
              "headroom. Recommendation: change to the cheapest such plan; the saving is the difference of "
              "the monthly fees."},
    "opt.rule.undersized": {"fi": "Alimitoitettu", "en": "Undersized"},
    "opt.rule.undersized.text": {
        "fi": "Liittymällä on ollut käyttöveloituksia (kiintiön ylitys) useampana kuin puolena {undersized_months} "
              "viimeisestä kuukaudesta, ja saman palvelutyypin suurempi tuote maksaisi samalla käytöllä "
              "(kuukausimaksu ja sen omat ylitykset hinnaston mukaan) keskimäärin vähemmän kuin nykyinen "
              "kuukausimaksu ja käyttöveloitukset. Suositus: vaihda edullisimpaan tällaiseen tuotteeseen.",
        "en": "The subscription has had usage (overage) charges in more than half of the last "
              "{undersized_months} months, and a larger plan of the same service type would cost less on "
              "average for the same use (its fee and its own overage at catalogue prices) than the current "
              "fee and usage charges. Recommendation: change to the cheapest such plan."},
    "opt.rule.roaming": {"fi": "Verkkovierailu", "en": "Roaming-heavy"},
    "opt.rule.roaming.text": {
        "fi": "Liittymällä on ollut verkkovierailuveloituksia vähintään {roaming_min_months} kuukautena "
              "{roaming_months} viimeisestä, ja matkapaketti (hinnat tiedostossa roaming_packages.csv) maksaisi "
              "kuukausimaksuineen ja kattamattomine veloituksineen keskimäärin vähemmän. Suositus: lisää paketti.",
        "en": "The subscription has had roaming charges in at least {roaming_min_months} of the last "
              "{roaming_months} months, and a roaming package (prices in roaming_packages.csv) would cost less "
              "on average, its fee and the charges it does not cover included. Recommendation: add the package."},
    "opt.rule.duplicate": {"fi": "Päällekkäinen", "en": "Duplicate"},
    "opt.rule.duplicate.text": {
        "fi": "Samalla käyttäjällä (nimi ilman kirjainkoon ja välilyöntien eroja; valinnalla vain saman "
              "kustannuspaikan sisällä, oletuksena päällä, koska eri ihmisillä voi olla sama nimi) on useampi "
              "avoin mobiilipuheliittymä. Eniten käytetty pidetään; muut tarkistetaan. Säästö on tarkistettavan "
              "liittymän kuukausimaksu.",
        "en": "The same user (name compared without case and extra spaces; with the option, on by default "
              "because different people can share a name, only within one cost centre) holds several open "
              "mobile voice subscriptions. The most used one is kept; the others are to be reviewed. The saving is the "
              "reviewed subscription's monthly fee."},
    "opt.rule.billed_after_close": {"fi": "Laskutettu sulkemisen jälkeen", "en": "Billed after closing"},
    "opt.rule.billed_after_close.text": {
        "fi": "Liittymää on veloitettu sulkemispäivän kuukautta myöhemmiltä kuukausilta. Koko summa on "
              "hyvitettävissä; tarkastelukuukauden veloitus toistuu, kunnes laskutus lopetetaan.",
        "en": "The subscription has been charged for months after the month of its closing date. The whole "
              "amount is claimable; the charge of the month judged recurs until billing stops."},

    "opt.action.terminate": {"fi": "Irtisano", "en": "Terminate"},
    "opt.action.change_plan": {"fi": "Vaihda tuote", "en": "Change plan"},
    "opt.action.add_package": {"fi": "Lisää matkapaketti", "en": "Add roaming package"},
    "opt.action.review": {"fi": "Tarkista", "en": "Review"},
    "opt.action.claim_credit": {"fi": "Vaadi hyvitys", "en": "Claim credit"},
    "opt.decision.terminate": {"fi": "Irtisanotaan", "en": "Terminate"},
    "opt.decision.change_plan": {"fi": "Vaihdetaan tuote", "en": "Change plan"},
    "opt.decision.keep": {"fi": "Pidetään (perustelu)", "en": "Keep (with reason)"},
    "opt.decision.review": {"fi": "Vaatii selvitystä", "en": "Needs review"},
    "opt.decision.open": {"fi": "Avoin", "en": "Open"},
    "opt.stage.open": {"fi": "Avoin", "en": "Open"},
    "opt.stage.review": {"fi": "Selvityksessä", "en": "Under review"},
    "opt.stage.decided": {"fi": "Päätetty", "en": "Decided"},
    "opt.stage.carried_out": {"fi": "Toteutettu", "en": "Carried out"},
    "opt.stage.realised": {"fi": "Säästö toteutunut", "en": "Saving realised"},
    "opt.stage.kept": {"fi": "Pidetty", "en": "Kept"},

    "col.judged_month": {"fi": "Tarkastelukuukausi", "en": "Month judged"},
    "col.finding_rule": {"fi": "Sääntö", "en": "Rule"},
    "col.last_used_on": {"fi": "Viimeisin käyttö", "en": "Last used"},
    "col.months_evaluated": {"fi": "Kuukausia arvioitu", "en": "Months judged"},
    "col.months_matched": {"fi": "Kuukausia täyttyi", "en": "Months matched"},
    "col.peak_data_gb": {"fi": "Suurin data (Gt/kk)", "en": "Peak data (GB/month)"},
    "col.data_allowance_gb": {"fi": "Datakiintiö (Gt)", "en": "Data allowance (GB)"},
    "col.peak_use_pct": {"fi": "Suurin käyttö kiintiöstä", "en": "Peak use of allowance"},
    "col.current_cost_month": {"fi": "Nykyinen kustannus / kk", "en": "Current cost / month"},
    "col.recommended_action": {"fi": "Suositus", "en": "Recommendation"},
    "col.recommended_plan": {"fi": "Suositeltu tuote / paketti", "en": "Recommended plan / package"},
    "col.new_cost_month": {"fi": "Uusi kustannus / kk", "en": "New cost / month"},
    "col.saving_month": {"fi": "Säästö / kk", "en": "Saving / month"},
    "col.saving_year": {"fi": "Säästö / vuosi", "en": "Saving / year"},
    "col.refund_claim": {"fi": "Hyvitettävää", "en": "Claimable"},
    "col.evidence_fingerprint": {"fi": "Näytön tunniste", "en": "Evidence fingerprint"},
    "col.finding_status": {"fi": "Käsittely", "en": "Handling"},
    "col.decided_action": {"fi": "Päätös", "en": "Decision"},
    "col.decision_reason": {"fi": "Perustelu", "en": "Reason"},
    "col.target_plan": {"fi": "Uusi tuote", "en": "New plan"},
    "col.decided_by": {"fi": "Päättäjä", "en": "Decided by"},
    "col.decided_at": {"fi": "Päätetty", "en": "Decided at"},
    "col.finding_count": {"fi": "Havaintoja", "en": "Findings"},
    "col.data_use_gb": {"fi": "Data (Gt)", "en": "Data (GB)"},
    "col.data_use_pct": {"fi": "Käyttö kiintiöstä", "en": "Use of allowance"},
    "col.voice_use_min": {"fi": "Puhelut (min)", "en": "Calls (min)"},
    "col.messages_use": {"fi": "Viestit (kpl)", "en": "Messages"},
    "col.fee_billed": {"fi": "Kuukausimaksut", "en": "Monthly fees"},
    "col.usage_billed": {"fi": "Käyttöveloitukset", "en": "Usage charges"},
    "col.roaming_billed": {"fi": "Verkkovierailu", "en": "Roaming"},
    "col.other_billed": {"fi": "Muut veloitukset", "en": "Other charges"},
    "col.total_billed": {"fi": "Veloitukset yhteensä", "en": "Charges in total"},
    "col.followup_stage": {"fi": "Vaihe", "en": "Stage"},
    "col.followup_items": {"fi": "Kohteita", "en": "Items"},
    "col.finding_month": {"fi": "Havaintokuukausi", "en": "Month of finding"},
    "col.plan_at_decision": {"fi": "Tuote päätettäessä", "en": "Plan when decided"},
    "col.plan_now": {"fi": "Tuote nyt", "en": "Plan now"},
    "col.estimated_saving_month": {"fi": "Arvioitu säästö / kk", "en": "Estimated saving / month"},
    "col.baseline_cost_month": {"fi": "Kustannus havaintokuussa", "en": "Cost in month of finding"},
    "col.cost_now_month": {"fi": "Kustannus tarkastelukuussa", "en": "Cost in month judged"},
    "col.realised_saving_month": {"fi": "Toteutunut säästö / kk", "en": "Realised saving / month"},
}
