"""Alert rules, alerts and their e-mails."""

STRINGS = {
    "page.alerts.title": {"fi": "Hälytykset", "en": "Alerts"},
    "alerts.intro": {
        "fi": "Hälytys syntyy, kun uusi aineisto tai päivittäinen tarkistus täyttää säännön ehdon; "
              "kukin ehto hälyttää kerran kaudessa. Hälytykset tulevat myös sähköpostiin, kun "
              "tunnuksellasi on sähköpostiosoite.",
        "en": "An alert fires when new data or the daily check meets a rule's condition; each "
              "condition fires once per period. Alerts also come by e-mail when your account has "
              "an e-mail address.",
    },
    "alerts.none": {"fi": "Ei hälytyksiä.", "en": "No alerts."},
    "alerts.unread": {"fi": "{n} lukematonta", "en": "{n} unread"},
    "alerts.sidebar": {"fi": "Hälytykset ({n} uutta)", "en": "Alerts ({n} new)"},
    "alerts.mark_read": {"fi": "Merkitse kaikki luetuiksi", "en": "Mark all as read"},
    "alerts.marked": {"fi": "{n} hälytystä merkitty luetuksi.", "en": "{n} alerts marked as read."},
    "alerts.rules_heading": {"fi": "Hälytyssäännöt", "en": "Alert rules"},
    "alerts.rules_none": {"fi": "Ei sääntöjä.", "en": "No rules."},
    "alerts.add_heading": {"fi": "Uusi sääntö", "en": "New rule"},
    "alerts.field.kind": {"fi": "Sääntö", "en": "Rule"},
    "alerts.field.centre": {"fi": "Kustannuspaikka", "en": "Cost centre"},
    "alerts.field.threshold": {"fi": "Raja", "en": "Threshold"},
    "alerts.field.threshold_help": {
        "fi": "Budjetti ja datakiintiö: prosentteina (esim. 90). Laskushokki: euroina (150) tai "
              "kertoimena kolmen edellisen kuukauden keskiarvosta (2x). Verkkovierailu: euroina.",
        "en": "Budget and data allowance: in percent (e.g. 90). Bill shock: in euros (150) or as a "
              "factor of the three months before (2x). Roaming: in euros.",
    },
    "alerts.add": {"fi": "Lisää sääntö", "en": "Add rule"},
    "alerts.added": {"fi": "Sääntö lisätty.", "en": "Rule added."},
    "alerts.remove": {"fi": "Poista valittu sääntö", "en": "Remove the chosen rule"},
    "alerts.removed": {"fi": "Sääntö poistettu.", "en": "Rule removed."},
    "alerts.remove_pick": {"fi": "Poistettava sääntö", "en": "Rule to remove"},
    "alerts.whole_org": {"fi": "Koko organisaatio", "en": "Whole organisation"},
    "alerts.kind.budget_burn": {"fi": "Budjetin käyttö", "en": "Budget burn"},
    "alerts.kind.bill_shock": {"fi": "Laskushokki", "en": "Bill shock"},
    "alerts.kind.roaming": {"fi": "Verkkovierailukulut", "en": "Roaming spend"},
    "alerts.kind.data_allowance": {"fi": "Datakiintiön käyttö", "en": "Data allowance used"},
    "alerts.text.data_allowance": {
        "fi": "Datakiintiö: {who} ({subscription}) käytti {used} % ({data} / {allowance} Gt) kuussa {month}.",
        "en": "Data allowance: {who} ({subscription}) used {used}% ({data} / {allowance} GB) in {month}.",
    },
    "alerts.kind.incident": {"fi": "Häiriö tai huolto", "en": "Incident or maintenance"},
    "alerts.kind.sla_missed": {"fi": "Palvelutaso alittui", "en": "SLA target missed"},
    "alerts.kind.ticket_breach": {"fi": "Tukipyyntö yli palvelulupauksen", "en": "Support request breaching SLA"},
    "alerts.text.sla_missed": {
        "fi": "{service}: saatavuus {availability} % ({month}), tavoite {target} %.",
        "en": "{service}: availability {availability}% ({month}), target {target}%.",
    },
    "alerts.text.ticket_breach": {
        "fi": "Tukipyyntö {ticket} ({service}, {priority}) ylitti palvelulupauksen: {subject}",
        "en": "Support request {ticket} ({service}, {priority}) breached its SLA: {subject}",
    },
    "alerts.error.threshold": {"fi": "Raja ”{value}” ei kelpaa; anna positiivinen luku (laskushokille myös 2x).",
                               "en": "Threshold \"{value}\" is not valid; give a positive number (bill shock also 2x)."},
    "alerts.error.not_allowed": {"fi": "Sinulla ei ole oikeutta tähän sääntöön.",
                                 "en": "You may not set or remove this rule."},
    "alerts.error.unknown_centre": {"fi": "Kustannuspaikkaa {centre} ei ole.", "en": "Cost centre {centre} does not exist."},
    "alerts.error.kind": {"fi": "Tuntematon sääntö {kind}.", "en": "Unknown rule {kind}."},
    "alerts.text.budget_actual": {
        "fi": "{who}: budjetista käytetty {used} % ({month}): toteuma {amount}, budjetti {budget}.",
        "en": "{who}: {used}% of the budget used ({month}): actual {amount}, budget {budget}.",
    },
    "alerts.text.budget_forecast": {
        "fi": "{who}: ennuste {amount} on {used} % budjetista {budget} ({month}).",
        "en": "{who}: the forecast {amount} is {used}% of the budget {budget} ({month}).",
    },
    "alerts.text.bill_shock": {
        "fi": "Laskushokki: {who} ({subscription}) {amount} kuussa {month}, raja {limit}.",
        "en": "Bill shock: {who} ({subscription}) {amount} in {month}, threshold {limit}.",
    },
    "alerts.text.roaming": {
        "fi": "Verkkovierailu: {who} ({subscription}) {amount} kuussa {month}, raja {limit}.",
        "en": "Roaming: {who} ({subscription}) {amount} in {month}, threshold {limit}.",
    },
    "alerts.text.incident_ongoing": {"fi": "{service}: {status} – {title}", "en": "{service}: {status} – {title}"},
    "alerts.text.incident_upcoming": {"fi": "{service}: huolto tulossa – {title}",
                                      "en": "{service}: maintenance scheduled – {title}"},
    "alerts.mail.subject": {"fi": "Fokus-hälytys: {text}", "en": "Fokus alert: {text}"},
    "alerts.mail.body": {
        "fi": "{text}\n\nTämä on Fokus-raportointipalvelun hälytys. Hälytykset ja säännöt: Fokus › Hälytykset.",
        "en": "{text}\n\nThis is an alert of the Fokus reporting service. Alerts and rules: Fokus › Alerts.",
    },
    "alerts.mail.footer": {"fi": "Fokus-raportointipalvelu · Hälytykset ja säännöt: Fokus › Hälytykset",
                           "en": "Fokus reporting service · Alerts and rules: Fokus › Alerts"},
    "mail.monthly.subject": {"fi": "Fokus-kuukausiraportti: {org}, {month}", "en": "Fokus monthly report: {org}, {month}"},
    "mail.monthly.body": {
        "fi": "Liitteenä palveluraportti ({org}) kuukaudelta {month} (HTML-tiedosto, avautuu selaimessa).\n\n"
              "Tilauksen voi perua Fokus-portaalissa: Hälytykset › Kuukausiraportti sähköpostiin.",
        "en": "Attached is the service report of {org} for {month} (an HTML file; it opens in a browser).\n\n"
              "You can unsubscribe in the Fokus portal: Alerts › Monthly report by e-mail.",
    },
    "alerts.monthly_toggle": {"fi": "Kuukausiraportti sähköpostiin", "en": "Monthly report by e-mail"},
    "alerts.monthly_help": {
        "fi": "Organisaation palveluraportti lähetetään kuukauden ensimmäisenä arkipäivänä osoitteeseen {email}.",
        "en": "The organisation's service report is sent on the first working day of the month to {email}.",
    },
    "col.alert_kind": {"fi": "Sääntö", "en": "Rule"},
    "col.alert_text": {"fi": "Hälytys", "en": "Alert"},
    "col.fired_at": {"fi": "Aika", "en": "Time"},
    "col.rule_owner": {"fi": "Säännön asettaja", "en": "Set by"},
    "col.is_read": {"fi": "Luettu", "en": "Read"},
    "col.rule_id": {"fi": "Sääntö nro", "en": "Rule no."},
    "col.threshold": {"fi": "Raja", "en": "Threshold"},
}
