"""Services: Aisti status, SLA report, service page, Extrawiki documentation (issue 5)."""

STRINGS = {
    # pages and reports
    "page.status.title": {"fi": "Palveluiden tila", "en": "Service status"},
    "page.sla.title": {"fi": "Palvelutasoraportti", "en": "SLA report"},
    "page.service.title": {"fi": "Palvelu", "en": "Service"},
    "page.docs.title": {"fi": "Palveludokumentaatio", "en": "Service documentation"},
    "report.status_overview": {"fi": "Palveluiden tila", "en": "Service status"},
    "report.status_incidents": {"fi": "Käynnissä olevat häiriöt ja tulevat huollot",
                                "en": "Ongoing incidents and upcoming maintenance"},
    "report.status_uptime": {"fi": "Päivittäinen saatavuus", "en": "Daily availability"},
    "report.status_sla": {"fi": "Saatavuus ja palvelutaso kuukausittain",
                          "en": "Availability against SLA per month"},
    "report.status_kpis": {"fi": "Palveluiden tunnusluvut", "en": "Service key figures"},
    "report.status_categories": {"fi": "Palveluluokat", "en": "Service categories"},
    "report.sla_kpis": {"fi": "Palvelutason tunnusluvut", "en": "SLA key figures"},
    "col.services": {"fi": "Palveluita", "en": "Services"},
    "col.services_not_operational": {"fi": "Poikkeavassa tilassa", "en": "Not operational"},
    "col.services_measured": {"fi": "Mitattuja palveluita", "en": "Services measured"},
    "col.services_meeting_sla": {"fi": "Palvelutaso täyttyy", "en": "Meeting the SLA"},
    "col.services_below_target": {"fi": "Alle tavoitteen", "en": "Below target"},
    "col.below_target_names": {"fi": "Alle tavoitteen jääneet", "en": "Services below target"},
    "col.sla_breaches": {"fi": "Palvelutason ylitykset", "en": "SLA breaches"},
    "col.partial": {"fi": "Kesken", "en": "In progress"},
    "col.is_default": {"fi": "Oletus", "en": "Default"},
    "report.status_months": {"fi": "Palvelutietojen kuukaudet", "en": "Months with service data"},
    "report.service_events": {"fi": "Palvelun tilahistoria", "en": "Service status history"},
    "report.tickets": {"fi": "Tukipyynnöt ja palvelutaso", "en": "Support requests against SLA"},
    "report.tickets_priority": {"fi": "Tukipyynnöt prioriteeteittain",
                                "en": "Support requests by priority"},
    "report.tickets_age": {"fi": "Avoimet tukipyynnöt iän mukaan",
                           "en": "Open support requests by age"},

    # statuses, phases, categories
    "status.operational": {"fi": "Toiminnassa", "en": "Operational"},
    "status.degraded": {"fi": "Heikentynyt", "en": "Degraded"},
    "status.partial_outage": {"fi": "Osittainen käyttökatko", "en": "Partial outage"},
    "status.major_outage": {"fi": "Laaja käyttökatko", "en": "Major outage"},
    "status.maintenance": {"fi": "Huoltokatko", "en": "Maintenance"},
    "ticket_status.open": {"fi": "Avoin", "en": "Open"},
    "ticket_status.in_progress": {"fi": "Työn alla", "en": "In progress"},
    "ticket_status.resolved": {"fi": "Ratkaistu", "en": "Resolved"},
    "ticket_status.closed": {"fi": "Suljettu", "en": "Closed"},
    "services.phase.ongoing": {"fi": "Käynnissä", "en": "Ongoing"},
    "services.phase.upcoming": {"fi": "Tulossa", "en": "Upcoming"},
    "service_category.mobile": {"fi": "Mobiili", "en": "Mobile"},
    "service_category.network": {"fi": "Verkko", "en": "Network"},
    "service_category.workstations": {"fi": "Työasemat", "en": "Workstations"},
    "service_category.data_centre": {"fi": "Konesali", "en": "Data centre"},
    "service_category.cloud": {"fi": "Pilvi", "en": "Cloud"},
    "service_category.contact_centre": {"fi": "Asiakaspalvelukeskus", "en": "Contact centre"},

    # common messages
    "services.scope_restricted": {
        "fi": "Palveluiden tila, palvelutaso ja tukipyynnöt koskevat koko organisaatiota. "
              "Näkymäsi on rajattu kustannuspaikkoihin tai liittymiin, joten niitä ei näytetä. "
              "Pyydä tarvittaessa pääkäyttäjältä koko organisaation oikeudet.",
        "en": "Service status, service levels and support requests concern the whole "
              "organisation. Your view is limited to cost centres or subscriptions, so they are "
              "not shown. Ask your main user for organisation-wide access if you need them."},
    "services.no_services": {"fi": "Organisaatiolla ei ole seurattavia palveluita.",
                             "en": "The organisation has no monitored services."},
    "services.rule.title": {"fi": "Miten saatavuus lasketaan", "en": "How availability is calculated"},
    "services.rule.body": {
        "fi": "- **Osittainen** ja **laaja käyttökatko** lasketaan palvelun poissaoloksi; "
              "**heikentynyt** toiminta ei.\n"
              "- Sovittu **huoltokatko** jätetään mitattavan ajan ulkopuolelle; huoltokatkon "
              "aikainen häiriö ei kasvata poissaoloa.\n"
              "- Päällekkäiset tapahtumat yhdistetään: sama minuutti lasketaan vain kerran.\n"
              "- Vuorokauden tai kuukauden vaihteen ylittävä tapahtuma jaetaan jaksoille; "
              "käynnissä oleva tapahtuma lasketaan tähän hetkeen asti.\n"
              "- Saatavuus = 1 − poissaolominuutit / (jakson minuutit − huoltominuutit). "
              "Jaksot: kalenterikuukausi, viimeiset 30 ja 90 vuorokautta.",
        "en": "- **Partial** and **major outages** count as down; **degraded** does not.\n"
              "- Agreed **maintenance** is excluded from the measured time; an outage during "
              "maintenance does not add down time.\n"
              "- Overlapping events are merged: a minute is down at most once.\n"
              "- An event across midnight or a month end is split between the periods; an "
              "ongoing event counts up to now.\n"
              "- Availability = 1 − down minutes / (period minutes − maintenance minutes). "
              "Periods: the calendar month, the last 30 and 90 days."},
    "services.updated": {"fi": "Tiedot {data} asti · tarkistettu {checked} · päivittyy minuutin välein",
                         "en": "Data as of {data} · checked {checked} · refreshes every minute"},
    "services.summary.ok": {"fi": "Kaikki palvelut toiminnassa.", "en": "All services operational."},
    "services.summary.problem": {"fi": "Vakavin tila: {status} · poikkeava tila {count} palvelussa",
                                 "en": "Worst status: {status} · {count} service(s) affected"},
    "services.filter.category": {"fi": "Palveluryhmä", "en": "Category"},
    "services.filter.all_categories": {"fi": "Kaikki palveluryhmät", "en": "All categories"},
    "services.filter.problems": {"fi": "Vain poikkeamat", "en": "Problems only"},

    # key figures
    "services.kpi.meeting_sla": {"fi": "Palvelutaso täyttyy (kk)", "en": "Meeting SLA (month)"},
    "services.kpi.meeting_sla_help": {
        "fi": "Palvelut, joiden saatavuus kuluvana kuukautena on vähintään sovittu tavoite.",
        "en": "Services whose availability this month is at least the agreed target."},
    "services.kpi.of": {"fi": "{part} / {whole}", "en": "{part} of {whole}"},
    "services.kpi.ongoing": {"fi": "Käynnissä olevat häiriöt", "en": "Ongoing incidents"},
    "services.kpi.open_tickets": {"fi": "Avoimet tukipyynnöt", "en": "Open support requests"},
    "services.kpi.breaching": {"fi": "Palvelutason ylittäneet", "en": "Breaching SLA"},
    "services.kpi.breaching_help": {
        "fi": "Avoimet tukipyynnöt, joiden vaste- tai ratkaisuaika on jo ylittynyt.",
        "en": "Open support requests already past their response or resolution time."},

    # status page
    "services.incidents.title": {"fi": "Käynnissä olevat häiriöt ja tulevat huollot",
                                 "en": "Ongoing incidents and upcoming maintenance"},
    "services.incidents.none": {"fi": "Ei käynnissä olevia häiriöitä eikä tulevia huoltoja.",
                                "en": "No ongoing incidents and no upcoming maintenance."},
    "services.list.title": {"fi": "Palvelut", "en": "Services"},
    "services.list.none": {"fi": "Ei valintaa vastaavia palveluita.",
                           "en": "No services match the selection."},
    "services.list.hint": {"fi": "Avaa palvelun sivu valitsemalla sen rivi.",
                           "en": "Select a service's row to open its page."},
    "services.uptime.title": {"fi": "Saatavuus 90 päivää", "en": "Uptime, 90 days"},
    "services.uptime.caption": {
        "fi": "Yksi ruutu päivää kohti, väri päivän vakavimman tilan mukaan. "
              "Vie osoitin ruudun päälle nähdäksesi poissaoloajan.",
        "en": "One cell per day, coloured by the day's worst status. Hover to see the minutes down."},
    "services.uptime.hover": {"fi": "{day}<br>{status}<br>Poissa {down} min · huolto {maint} min",
                              "en": "{day}<br>{status}<br>Down {down} min · maintenance {maint} min"},
    "services.sla.met": {"fi": "✓ Täyttyy", "en": "✓ Met"},
    "services.sla.missed": {"fi": "⚠ Alle tavoitteen", "en": "⚠ Below target"},
    "services.sla.unknown": {"fi": "–", "en": "–"},

    # SLA page
    "services.sla.month": {"fi": "Kuukausi", "en": "Month"},
    "services.sla.partial_month": {"fi": "Kuukausi on kesken: luvut ovat tähän hetkeen asti.",
                                   "en": "The month is not over: figures run up to now."},
    "services.sla.availability_title": {"fi": "Saatavuus ja sopimustaso – {month}",
                                        "en": "Availability against SLA – {month}"},
    "services.sla.incidents": {"fi": "Häiriöt", "en": "Incidents"},
    "services.sla.tickets": {"fi": "Tukipyynnöt", "en": "Support requests"},
    "services.sla.breaches": {"fi": "Palvelutason ylitykset", "en": "SLA breaches"},
    "services.sla.below": {"fi": "Alle tavoitteen: {names}", "en": "Below target: {names}"},
    "services.tickets.by_priority": {"fi": "Tukipyynnöt prioriteeteittain",
                                     "en": "Support requests by priority"},
    "services.tickets.rule": {
        "fi": "Kuukauden aikana avatut tukipyynnöt. Ajat ovat kalenteritunteja avaamisesta; "
              "tavoitteet ovat palvelun sopimuksen vaste- ja ratkaisuajat. Avoin pyyntö on "
              "ylitys heti, kun sen tavoiteaika on kulunut.",
        "en": "Requests opened in the month. Times are calendar hours from opening; targets "
              "are the service's response and resolution hours. An open request is a breach "
              "as soon as its target time has passed."},
    "services.tickets.none": {"fi": "Ei tukipyyntöjä tältä kuukaudelta.",
                              "en": "No support requests this month."},
    "services.tickets.total": {"fi": "Yhteensä {count} pyyntöä.", "en": "{count} requests in all."},
    "services.tickets.breaches_title": {"fi": "Palvelutason ylitykset", "en": "SLA breaches"},
    "services.tickets.no_breaches": {"fi": "Ei ylityksiä.", "en": "No breaches."},
    "services.tickets.age_title": {"fi": "Avoimet tukipyynnöt iän mukaan",
                                   "en": "Open support requests by age"},
    "services.tickets.age_caption": {"fi": "Tilanne nyt; ikä täysinä vuorokausina.",
                                     "en": "As of now; age in full days."},
    "services.tickets.all": {"fi": "Kaikki kuukauden tukipyynnöt ({count})",
                             "en": "All requests of the month ({count})"},
    "services.tickets.open_only": {"fi": "Vain avoimet", "en": "Open only"},

    # service page
    "services.service.pick": {"fi": "Palvelu", "en": "Service"},
    "services.service.not_found": {
        "fi": "Pyydettyä palvelua ei löydy näkymästäsi; näytetään ensimmäinen palvelu.",
        "en": "The requested service is not in your view; showing the first service."},
    "services.service.target": {"fi": "Saatavuustavoite {target} %", "en": "Availability target {target}%"},
    "services.service.status_since": {"fi": "{status} {since} alkaen – {title}",
                                      "en": "{status} since {since} – {title}"},
    "services.service.month_note": {"fi": "kuluvan kuukauden saatavuus tavoitteeseen verrattuna",
                                    "en": "this month's availability against the target"},
    "services.service.events": {"fi": "Tilahistoria (12 kk ja tulevat huollot)",
                                "en": "Status history (12 months and upcoming maintenance)"},
    "services.tab.history": {"fi": "Tilahistoria", "en": "Status history"},
    "services.tab.sla": {"fi": "Palvelutaso kuukausittain", "en": "SLA by month"},
    "services.tab.tickets": {"fi": "Tukipyynnöt", "en": "Support requests"},
    "services.tab.docs": {"fi": "Dokumentaatio", "en": "Documentation"},

    # documentation
    "services.docs.none": {"fi": "Palvelulle ei ole vielä dokumentaatiota.",
                           "en": "This service has no documentation yet."},
    "services.docs.none_at_all": {"fi": "Dokumentaatiota ei ole vielä ladattu.",
                                  "en": "No documentation has been loaded yet."},
    "services.docs.pick": {"fi": "Dokumentti", "en": "Document"},
    "services.docs.loaded": {"fi": "Päivitetty {when}", "en": "Updated {when}"},
    "services.docs.comment_title": {"fi": "Ehdota muutosta", "en": "Suggest a change"},
    "services.docs.comment_label": {"fi": "Mitä dokumentaatiossa pitäisi muuttaa?",
                                    "en": "What should change in the documentation?"},
    "services.docs.comment_send": {"fi": "Lähetä", "en": "Send"},
    "services.docs.comment_saved": {"fi": "Kommentti tallennettu; operaattori näkee sen.",
                                    "en": "Comment saved; the operator will see it."},
    "services.docs.comment_empty": {"fi": "Kirjoita kommentti ensin (enintään 2 000 merkkiä).",
                                    "en": "Write the comment first (at most 2,000 characters)."},
    "services.docs.comment_refused": {"fi": "Kommentin voi kirjoittaa vain organisaation pääkäyttäjä "
                                            "oman palvelunsa dokumentaatioon.",
                                      "en": "Only the organisation's main user can comment on the "
                                            "documentation of its services."},
    "services.docs.open_comments": {"fi": "Avoimet muutoskommentit ({count})",
                                    "en": "Open change comments ({count})"},
    "services.docs.no_comments": {"fi": "Ei avoimia kommentteja.", "en": "No open comments."},
    "services.docs.close": {"fi": "Merkitse käsitellyksi", "en": "Mark as handled"},
    "services.docs.search": {"fi": "Hae dokumentaatiosta", "en": "Search the documentation"},
    "services.docs.search_placeholder": {"fi": "esim. huoltokatko", "en": "e.g. maintenance"},
    "services.docs.hits": {"fi": "{count} osumaa", "en": "{count} hits"},

    # columns
    "col.service_category": {"fi": "Palveluryhmä", "en": "Category"},
    "col.status_since": {"fi": "Tila alkaen", "en": "Status since"},
    "col.status_title": {"fi": "Tiedote", "en": "Notice"},
    "col.sla_availability_pct": {"fi": "Tavoite (%)", "en": "Target (%)"},
    "col.availability_month_pct": {"fi": "Saatavuus kk (%)", "en": "Availability month (%)"},
    "col.availability_30d_pct": {"fi": "Saatavuus 30 pv (%)", "en": "Availability 30 d (%)"},
    "col.availability_90d_pct": {"fi": "Saatavuus 90 pv (%)", "en": "Availability 90 d (%)"},
    "col.availability_pct": {"fi": "Saatavuus (%)", "en": "Availability (%)"},
    "col.meets_sla_month": {"fi": "Tavoite kk", "en": "Target this month"},
    "col.meets_sla": {"fi": "Tavoite", "en": "Target met"},
    "col.down_minutes_month": {"fi": "Poissa kk (min)", "en": "Down this month (min)"},
    "col.down_minutes": {"fi": "Poissa (min)", "en": "Down (min)"},
    "col.maintenance_minutes": {"fi": "Huolto (min)", "en": "Maintenance (min)"},
    "col.measured_minutes": {"fi": "Mitattu aika (min)", "en": "Measured (min)"},
    "col.open_tickets": {"fi": "Avoimet pyynnöt", "en": "Open requests"},
    "col.breaching_tickets": {"fi": "Ylittäneet pyynnöt", "en": "Requests breaching SLA"},
    "col.phase": {"fi": "Vaihe", "en": "Phase"},
    "col.starts_at": {"fi": "Alkaa", "en": "Starts"},
    "col.ends_at": {"fi": "Päättyy", "en": "Ends"},
    "col.minutes": {"fi": "Kesto (min)", "en": "Duration (min)"},
    "col.event_title": {"fi": "Tiedote", "en": "Notice"},
    "col.event_id": {"fi": "Tapahtuma", "en": "Event"},
    "col.day": {"fi": "Päivä", "en": "Day"},
    "col.worst_status": {"fi": "Vakavin tila", "en": "Worst status"},
    "col.incidents": {"fi": "Häiriöt", "en": "Incidents"},
    "col.outages": {"fi": "Käyttökatkot", "en": "Outages"},
    "col.longest_outage_minutes": {"fi": "Pisin katko (min)", "en": "Longest outage (min)"},
    "col.ticket_id": {"fi": "Tukipyyntö", "en": "Request"},
    "col.subject": {"fi": "Aihe", "en": "Subject"},
    "col.opened_at": {"fi": "Avattu", "en": "Opened"},
    "col.first_response_at": {"fi": "Ensivaste", "en": "First response"},
    "col.resolved_at": {"fi": "Ratkaistu", "en": "Resolved"},
    "col.response_hours": {"fi": "Vasteaika (h)", "en": "Response time (h)"},
    "col.response_target_h": {"fi": "Vastetavoite (h)", "en": "Response target (h)"},
    "col.response_within_sla": {"fi": "Vaste ajallaan", "en": "Response on time"},
    "col.resolve_hours": {"fi": "Ratkaisuaika (h)", "en": "Resolution time (h)"},
    "col.resolve_target_h": {"fi": "Ratkaisutavoite (h)", "en": "Resolution target (h)"},
    "col.resolve_within_sla": {"fi": "Ratkaisu ajallaan", "en": "Resolved on time"},
    "col.sla_breached": {"fi": "Ylitys", "en": "Breach"},
    "col.age_days": {"fi": "Ikä (pv)", "en": "Age (days)"},
    "col.tickets": {"fi": "Pyynnöt", "en": "Requests"},
    "col.responded": {"fi": "Vastatut", "en": "Responded"},
    "col.avg_response_hours": {"fi": "Vasteaika keskim. (h)", "en": "Avg response (h)"},
    "col.response_within_share": {"fi": "Vaste ajallaan (%)", "en": "Response on time (%)"},
    "col.response_breaches": {"fi": "Vasteylitykset", "en": "Response breaches"},
    "col.resolved": {"fi": "Ratkaistut", "en": "Resolved"},
    "col.avg_resolve_hours": {"fi": "Ratkaisuaika keskim. (h)", "en": "Avg resolution (h)"},
    "col.resolve_within_share": {"fi": "Ratkaisu ajallaan (%)", "en": "Resolved on time (%)"},
    "col.resolve_breaches": {"fi": "Ratkaisuylitykset", "en": "Resolution breaches"},
    "col.age_bucket": {"fi": "Ikä (pv)", "en": "Age (days)"},
    "col.P1": {"fi": "P1", "en": "P1"},
    "col.P2": {"fi": "P2", "en": "P2"},
    "col.P3": {"fi": "P3", "en": "P3"},
    "col.P4": {"fi": "P4", "en": "P4"},
    "col.total": {"fi": "Yhteensä", "en": "Total"},
}
