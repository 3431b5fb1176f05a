STRINGS = {
    "report.saldoviesti": {"fi": "Saldoviestit", "en": "Saldoviesti messages"},
    "messages.unlimited": {"fi": "rajaton", "en": "unlimited"},
    "messages.gb": {"fi": "Gt", "en": "GB"},
    "messages.nudge_roaming": {"fi": "Verkkovierailu {amount} ({country}).",
                               "en": "Roaming {amount} ({country})."},
    "messages.nudge_allowance": {"fi": "Datakiintiöstä käytetty {share}.",
                                 "en": "{share} of your data allowance used."},
    "messages.nudge_growth": {"fi": "Kulut {amount} yli 3 kk keskiarvon.",
                              "en": "Cost {amount} above your 3-month average."},
    "messages.template_empty": {"fi": "Viestipohja ei voi olla tyhjä.", "en": "The template cannot be empty."},
    "messages.template_too_long": {"fi": "Viestipohja on liian pitkä (enintään {limit} merkkiä).",
                                   "en": "The template is too long (at most {limit} characters)."},
    "messages.template_unknown": {"fi": "Tuntemattomat kentät {fields}; sallitut: {allowed}.",
                                  "en": "Unknown fields {fields}; allowed: {allowed}."},
    "messages.template_braces": {"fi": "Aaltosulkeet eivät ole pareittain.",
                                 "en": "The curly braces do not pair up."},
    "col.language": {"fi": "Kieli", "en": "Language"},
    "col.opted_out": {"fi": "Ei viestiä", "en": "Opted out"},
    "col.cost": {"fi": "Kulut (alv 0 %)", "en": "Cost (VAT 0%)"},
    "col.roaming_cost": {"fi": "Verkkovierailu (alv 0 %)", "en": "Roaming (VAT 0%)"},
    "col.data_gb": {"fi": "Data (Gt)", "en": "Data (GB)"},
    "col.allowance_gb": {"fi": "Datakiintiö (Gt)", "en": "Data allowance (GB)"},
    "col.voice_min": {"fi": "Puhe (min)", "en": "Voice (min)"},
    "col.messages": {"fi": "Viestit", "en": "Messages"},
    "col.nudge": {"fi": "Vinkki", "en": "Nudge"},
    "col.text": {"fi": "Viesti", "en": "Message"},
    "col.characters": {"fi": "Merkkejä", "en": "Characters"},
    "col.segments": {"fi": "SMS-osia", "en": "SMS segments"},
    "col.encoding": {"fi": "Koodaus", "en": "Encoding"},
}

STRINGS.update({
    "page.messages.title": {"fi": "Saldoviestit", "en": "Saldoviesti messages"},
    "page.my_usage.title": {"fi": "Omat liittymät", "en": "My subscriptions"},
    "report.my_trend": {"fi": "Omat liittymät kuukausittain", "en": "My subscriptions by month"},
    "messages.intro": {
        "fi": "Jokainen työntekijä saa kuukausittain tekstiviestin oman liittymänsä käytöstä ja kuluista. "
              "Esikatsele viestit, muokkaa viestipohjaa ja valitse, kuka ei saa viestiä.",
        "en": "Every employee gets a monthly text message about their own subscription's usage and costs. "
              "Preview the messages, edit the template and choose who gets no message."},
    "messages.month": {"fi": "Laskutuskausi", "en": "Invoice month"},
    "messages.tab_preview": {"fi": "Esikatselu", "en": "Preview"},
    "messages.tab_template": {"fi": "Viestipohja", "en": "Template"},
    "messages.tab_recipients": {"fi": "Vastaanottajat", "en": "Recipients"},
    "messages.kpi_messages": {"fi": "Lähetettäviä viestejä", "en": "Messages to send"},
    "messages.kpi_segments": {"fi": "SMS-osia yhteensä", "en": "SMS segments in all"},
    "messages.kpi_multi": {"fi": "Yli yhden osan viestejä", "en": "Messages over one segment"},
    "messages.kpi_opted_out": {"fi": "Ei viestiä", "en": "Opted out"},
    "messages.download_outbox": {"fi": "Lataa lähetystiedosto (CSV)", "en": "Download the outbox (CSV)"},
    "messages.outbox_help": {
        "fi": "Tiedosto operaattorin SMS-yhdyskäytävälle: numero (E.164), kieli, teksti ja SMS-osien määrä.",
        "en": "The file for the operator's SMS gateway: number (E.164), language, text and SMS segments."},
    "messages.template_for": {"fi": "Viestipohja ({lang})", "en": "Template ({lang})"},
    "messages.placeholders": {"fi": "Kentät: {fields}", "en": "Fields: {fields}"},
    "messages.sample": {"fi": "Esimerkki: {chars} merkkiä, {segments} SMS-osa(a), {encoding}",
                        "en": "Example: {chars} characters, {segments} SMS segment(s), {encoding}"},
    "messages.save_template": {"fi": "Tallenna viestipohja", "en": "Save the template"},
    "messages.saved": {"fi": "Tallennettu.", "en": "Saved."},
    "messages.save_recipients": {"fi": "Tallenna vastaanottajat", "en": "Save the recipients"},
    "messages.recipients_help": {
        "fi": "Valitse kunkin liittymän viestikieli ja rastita ne, jotka eivät saa viestiä.",
        "en": "Choose each subscription's message language and tick those who get no message."},
    "messages.none": {"fi": "Kuukaudelta ei ole viestejä.", "en": "No messages for the month."},
    "messages.segments_rule": {
        "fi": "Pituus lasketaan GSM 03.38 -merkistön mukaan: yksi osa on 160 merkkiä (jatko-osat 153), "
              "€ ja eräät muut merkit vievät kaksi; merkistön ulkopuolinen merkki vaihtaa koko viestin "
              "UCS-2-koodaukseen (70/67 merkkiä osaa kohden).",
        "en": "Length is counted in GSM 03.38 terms: one segment holds 160 characters (153 when split), "
              "€ and a few others take two; a character outside the alphabet switches the whole message "
              "to UCS-2 (70/67 characters per segment)."},
    "my.no_subscriptions": {"fi": "Sinulle ei ole liitetty liittymiä.", "en": "No subscriptions are linked to you."},
    "my.month": {"fi": "Laskutuskausi {month}", "en": "Invoice month {month}"},
    "my.cost": {"fi": "Kulut (alv 0 %)", "en": "Cost (VAT 0%)"},
    "my.data": {"fi": "Data", "en": "Data"},
    "my.data_of": {"fi": "{used} / {allowance} Gt", "en": "{used} / {allowance} GB"},
    "my.data_unlimited": {"fi": "{used} Gt (rajaton)", "en": "{used} GB (unlimited)"},
    "my.voice": {"fi": "Puhe (min)", "en": "Voice (min)"},
    "my.messages": {"fi": "Viestit", "en": "Messages"},
    "my.roaming": {"fi": "Verkkovierailu", "en": "Roaming"},
    "my.trend": {"fi": "Kulut 12 kuukauden ajalta", "en": "Cost over 12 months"},
    "my.last_message": {"fi": "Viimeisin saldoviesti", "en": "Latest Saldoviesti message"},
    "my.opted_out": {"fi": "Et saa saldoviestejä (pääkäyttäjä on poistanut ne käytöstä).",
                     "en": "You do not get Saldoviesti messages (switched off by your main user)."},
})

STRINGS.update({
    "monthly.section.overview": {"fi": "Kuukauden yhteenveto", "en": "The month in brief"},
    "monthly.section.roaming": {"fi": "Verkkovierailu maittain", "en": "Roaming by country"},
})
