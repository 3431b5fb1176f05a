"""Fixed vocabularies for the synthetic demo data: names, organisations, plans, services.

Everything here is invented. Names are common Finnish given names and surnames so the data
looks familiar to Finnish users; the combination of a name and a number is random.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Matti Timo Juha Mikko Jari Antti Jukka Mika Markku Pekka Hannu Heikki Seppo Janne Ari "
    "Sami Petri Ville Marko Kari Tuomas Lauri Eero Joonas Aleksi Olli Teemu Jussi Niko Risto "
    "Anne Tuula Päivi Anna Sari Leena Kirsi Pirjo Minna Johanna Tiina Riitta Marja Hanna "
    "Katja Laura Elina Sanna Heidi Maria Emilia Aino Sofia Noora Jenni Satu Outi Mervi Eeva Ilona"
).split()

LAST_NAMES = (
    "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
    "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen "
    "Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen "
    "Leinonen Hiltunen Räsänen Väisänen Kallio Pitkänen Peltonen Huttunen Kettunen Öhman"
).split()

# (org_id, name, sector, business id digits without check digit, share of service types:
#  mobile_voice, mobile_broadband, m2m, fixed_voice, other)
ORGANISATIONS = (
    ("pohjola", "Pohjolan Rakennus Oy", "construction", "2345671",
     (0.72, 0.10, 0.13, 0.04, 0.01)),
    ("kaarna", "Kaarnamäen kaupunki", "public", "0204819",
     (0.62, 0.12, 0.19, 0.06, 0.01)),
    ("saimaa", "Saimaan Ohjelmistotalo Oy", "software", "3112345",
     (0.82, 0.14, 0.02, 0.01, 0.01)),
    ("lappi", "Lapin Kuljetus Oy", "logistics", "1765432",
     (0.55, 0.08, 0.34, 0.02, 0.01)),
    ("vaara", "Vaaran Terveyspalvelut Oy", "health", "2876543",
     (0.70, 0.12, 0.12, 0.05, 0.01)),
    ("meri", "Merituuli Energia Oyj", "energy", "0987650",
     (0.45, 0.07, 0.45, 0.02, 0.01)),
)

# subscriptions per organisation for each scale; organisations taken in the order above
SCALES = {
    "small": (900, 450, 150),
    "medium": (8000, 5000, 3000, 2200, 1200, 600),
    "large": (100_000,),
}

DIVISIONS = (
    "Hallinto", "Talous", "Henkilöstö", "Tietohallinto", "Myynti", "Markkinointi",
    "Tuotanto", "Logistiikka", "Asiakaspalvelu", "Kunnossapito", "Hankinta", "Tutkimus",
)
REGIONS = (
    "Helsinki", "Espoo", "Tampere", "Turku", "Oulu", "Jyväskylä", "Kuopio", "Lahti",
    "Pori", "Joensuu", "Vaasa", "Rovaniemi", "Seinäjoki", "Kotka", "Mikkeli",
)
TEAMS = ("tiimi A", "tiimi B", "tiimi C", "projektit", "kenttä", "toimisto")

DEVICE_NAMES = (
    "Lämpöanturi", "Kulunvalvonta", "Hälytinkeskus", "Ajoneuvoseuranta", "Työmaakamera",
    "Energiamittari", "Hissipuhelin", "Maksupääte", "Kiinteistöautomaatio", "Paikannin",
)
MBB_NAMES = ("Mokkula", "Kannettava", "Työmaareititin", "Tabletti", "Varayhteys")
FIXED_NAMES = ("Vaihde", "Vastaanotto", "Päivystys", "Neuvotteluhuone", "Aula")

# name, service type, fee, data GB (None = unlimited), voice min, sms (None = unlimited),
# data overage €/GB, voice €/min, sms €/each
PLANS = (
    ("Yritys Mini 2 Gt", "mobile_voice", "9.90", "2", 100, 100, "2.00", "0.0690", "0.0790"),
    ("Yritys Perus 10 Gt", "mobile_voice", "17.90", "10", None, None, "2.00", "0", "0"),
    ("Yritys Plus 50 Gt", "mobile_voice", "24.90", "50", None, None, "0", "0", "0"),
    ("Yritys Max rajaton", "mobile_voice", "34.90", None, None, None, "0", "0", "0"),
    ("Mobiililaajakaista 50 Gt", "mobile_broadband", "19.90", "50", 0, 0, "0", "0", "0"),
    ("Mobiililaajakaista 200 Gt", "mobile_broadband", "29.90", "200", 0, 0, "0", "0", "0"),
    ("Mobiililaajakaista rajaton", "mobile_broadband", "39.90", None, 0, 0, "0", "0", "0"),
    ("M2M 100 Mt", "m2m", "2.50", "0.1", 0, 50, "4.00", "0", "0.0790"),
    ("M2M 1 Gt", "m2m", "4.90", "1", 0, 100, "4.00", "0", "0.0790"),
    ("Kiinteä puhe", "fixed_voice", "12.00", "0", None, 0, "0", "0", "0"),
    ("Lisäpalvelu", "other", "5.00", "0", 0, 0, "0", "0", "0"),
)

# EU/EEA countries roam like at home. Outside, prices per MB / minute / SMS by zone.
EU_COUNTRIES = ("SE", "EE", "ES", "DE", "FR", "IT", "GR", "PT", "NL", "NO", "DK", "PL", "AT", "HR")
NON_EU_COUNTRIES = ("CH", "GB", "TR", "US", "TH", "AE", "JP", "CN")
ZONE_PRICE_PER_MB = {"CH": 0.08, "GB": 0.08, "TR": 0.08, "US": 0.25, "TH": 0.25,
                     "AE": 0.25, "JP": 0.25, "CN": 0.25}
ZONE_PRICE_PER_MIN = 1.49
ZONE_PRICE_PER_SMS = 0.49
COUNTRY_NAMES_FI = {
    "SE": "Ruotsi", "EE": "Viro", "ES": "Espanja", "DE": "Saksa", "FR": "Ranska",
    "IT": "Italia", "GR": "Kreikka", "PT": "Portugali", "NL": "Alankomaat", "NO": "Norja",
    "DK": "Tanska", "PL": "Puola", "AT": "Itävalta", "HR": "Kroatia", "CH": "Sveitsi",
    "GB": "Iso-Britannia", "TR": "Turkki", "US": "Yhdysvallat", "TH": "Thaimaa",
    "AE": "Arabiemiirikunnat", "JP": "Japani", "CN": "Kiina", "FI": "Suomi",
}

# name, category, SLA availability %
SERVICES = (
    ("Mobiilipalvelut", "mobile", "99.90"),
    ("Yritysverkko SD-WAN", "network", "99.95"),
    ("Internet-yhteys", "network", "99.90"),
    ("Työasemapalvelu", "workstations", "99.50"),
    ("Microsoft 365 -hallinta", "cloud", "99.90"),
    ("Konesalipalvelu", "data_centre", "99.95"),
    ("Varmistuspalvelu", "data_centre", "99.50"),
    ("Pilvipalvelut Azure", "cloud", "99.90"),
    ("Asiakaspalvelukeskus", "contact_centre", "99.80"),
    ("Tietoturvavalvonta", "network", "99.90"),
)
# response and resolution hours for P1..P4
SUPPORT_SLA = ((1, 4), (2, 8), (8, 40), (24, 120))

INCIDENT_TITLES = {
    "degraded": ("Hidastuneet yhteydet", "Viiveitä palvelun toiminnassa", "Osittainen hitaus"),
    "partial_outage": ("Palvelu ei toimi osalla käyttäjistä", "Alueellinen häiriö",
                       "Kirjautuminen epäonnistuu osalla"),
    "major_outage": ("Palvelu poissa käytöstä", "Laaja verkkohäiriö", "Konesalin sähkökatko"),
    "maintenance": ("Suunniteltu huoltokatko", "Ohjelmistopäivitys", "Laitteistohuolto"),
}
TICKET_SUBJECTS = (
    "Puhelin ei yhdistä", "Salasanan nollaus", "Uusi käyttäjätunnus", "Sähköposti ei toimi",
    "VPN-yhteysongelma", "Tulostin ei tulosta", "Liittymän siirto", "Datayhteys hidas",
    "Ohjelmiston asennus", "Laitetilaus", "Verkkolevy ei näy", "Teams-kokous katkeilee",
)
