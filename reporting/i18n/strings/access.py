"""Strings of access control: sign-in, user management, the audit trail."""

STRINGS = {
    "auth.title": {"fi": "Kirjaudu sisään", "en": "Sign in"},
    "auth.email": {"fi": "Sähköpostiosoite", "en": "E-mail address"},
    "auth.password": {"fi": "Salasana", "en": "Password"},
    "auth.submit": {"fi": "Kirjaudu", "en": "Sign in"},
    "auth.sign_out": {"fi": "Kirjaudu ulos", "en": "Sign out"},
    "auth.use_own_account": {"fi": "Kirjaudu omalla tunnuksella", "en": "Sign in with your own account"},
    "auth.back_to_demo": {"fi": "Takaisin demotilaan", "en": "Back to demo mode"},
    "auth.bad_credentials": {
        "fi": "Sähköpostiosoite tai salasana on väärin.",
        "en": "The e-mail address or password is wrong.",
    },
    "auth.bad_credentials_wait": {
        "fi": "Sähköpostiosoite tai salasana on väärin. Seuraava yritys on mahdollinen {seconds} sekunnin kuluttua.",
        "en": "The e-mail address or password is wrong. The next attempt is possible in {seconds} seconds.",
    },
    "auth.throttled": {
        "fi": "Liian monta epäonnistunutta yritystä: odota {seconds} sekuntia ennen seuraavaa yritystä.",
        "en": "Too many failed attempts: wait {seconds} seconds before the next one.",
    },
    "auth.temporary_expired": {
        "fi": "Väliaikainen salasanasi on vanhentunut. Pyydä pääkäyttäjää antamaan uusi.",
        "en": "Your temporary password has expired. Ask your main user for a new one.",
    },
    "nav.section.account": {"fi": "Oma tili", "en": "My account"},
    "page.change_password.title": {"fi": "Vaihda salasana", "en": "Change password"},
    "auth.change.must": {
        "fi": "Kirjauduit väliaikaisella salasanalla. Valitse oma salasana ennen kuin jatkat.",
        "en": "You signed in with a temporary password. Choose your own password before you go on.",
    },
    "auth.change.current": {"fi": "Nykyinen salasana", "en": "Current password"},
    "auth.change.new": {"fi": "Uusi salasana", "en": "New password"},
    "auth.change.repeat": {"fi": "Uusi salasana uudelleen", "en": "New password again"},
    "auth.change.submit": {"fi": "Vaihda salasana", "en": "Change password"},
    "auth.change.help": {
        "fi": "Vähintään 12 merkkiä, eikä helposti arvattava: esimerkiksi useampi toisiinsa liittymätön sana. "
              "Salasanan vaihto kirjaa sinut ulos muilta laitteilta.",
        "en": "At least 12 characters and not easy to guess: for example several unrelated words. "
              "Changing the password signs you out on your other devices.",
    },
    "auth.change.done": {"fi": "Salasana vaihdettu.", "en": "Password changed."},
    "auth.change.mismatch": {"fi": "Uudet salasanat eivät täsmää.", "en": "The new passwords do not match."},
    "auth.change.same": {"fi": "Uusi salasana on sama kuin nykyinen.", "en": "The new password is the current one."},
    "auth.change.wrong_current": {"fi": "Nykyinen salasana on väärin.", "en": "The current password is wrong."},
    "auth.change.demo": {
        "fi": "Demohahmoilla ei ole salasanaa.",
        "en": "Demo personas have no password.",
    },
    "auth.oidc_button": {"fi": "Kirjaudu organisaatiosi tunnuksella", "en": "Sign in with your organisation's account"},
    "auth.oidc_button_named": {"fi": "Kirjaudu: {name}", "en": "Sign in: {name}"},
    "auth.oidc_incomplete": {
        "fi": "Tunnistuspalvelu ei kertonut myöntäjää ja tunnistetta; kirjautuminen ei onnistu.",
        "en": "The identity provider did not give an issuer and subject; cannot sign in.",
    },
    "auth.oidc_unknown": {
        "fi": "Tähän tunnistukseen ei ole liitetty Fokus-tunnusta. Pyydä pääkäyttäjää liittämään "
              "se tunnukseesi: myöntäjä {issuer}, tunniste {subject}.",
        "en": "No Fokus account is linked to this identity. Ask your main user to link it to "
              "your account: issuer {issuer}, subject {subject}.",
    },
    "page.users.title": {"fi": "Käyttäjät", "en": "Users"},
    "users.operator_manual": {
        "fi": "Operaattorina tekemäsi muutokset kirjataan asiakkaan pyynnöstä tehdyiksi "
              "manuaalisiksi muutoksiksi ({price} / muutos).",
        "en": "Changes you make as the operator are recorded as manual changes on the "
              "customer's request ({price} each).",
    },
    "users.active_users": {"fi": "Aktiiviset käyttäjät", "en": "Active users"},
    "users.monthly_fee": {"fi": "Kuukausimaksu (alv 0 %)", "en": "Monthly fee (VAT 0%)"},
    "users.custom_offer": {"fi": "Erillinen tarjous", "en": "Custom offer"},
    "users.fee_rules": {
        "fi": "Hinnaston mukaan aktiivisten käyttäjien määrästä: {tiers}; yli {max}: erillinen tarjous.",
        "en": "From the price list by the number of active users: {tiers}; more than {max}: a custom offer.",
    },
    "users.fee_tier": {"fi": "enintään {users}: {fee}", "en": "up to {users}: {fee}"},
    "users.manual_changes_month": {"fi": "Manuaaliset muutokset (kk)", "en": "Manual changes (month)"},
    "users.manual_changes_help": {
        "fi": "Operaattorin asiakkaan pyynnöstä tekemät tunnusmuutokset tässä kuussa, {price} / "
              "muutos. Omatoimiset muutokset ovat maksuttomia.",
        "en": "Credential changes the operator made on your request this month, {price} each. "
              "Self-service changes are free.",
    },
    "users.manual_changes_cost": {"fi": "Manuaalimuutosten hinta (kk)", "en": "Manual changes cost (month)"},
    "users.tab_edit": {"fi": "Muokkaa käyttäjää", "en": "Edit a user"},
    "users.tab_new": {"fi": "Lisää käyttäjä", "en": "Add a user"},
    "users.tab_log": {"fi": "Muutoshistoria", "en": "Change log"},
    "users.none_yet": {"fi": "Organisaatiolla ei ole vielä käyttäjiä.", "en": "The organisation has no users yet."},
    "users.choose": {"fi": "Käyttäjä", "en": "User"},
    "users.role": {"fi": "Rooli", "en": "Role"},
    "users.name": {"fi": "Nimi", "en": "Name"},
    "users.email": {"fi": "Sähköpostiosoite", "en": "E-mail address"},
    "users.cost_centres": {"fi": "Kustannuspaikat", "en": "Cost centres"},
    "users.subscriptions": {"fi": "Omat liittymät", "en": "Own subscriptions"},
    "users.manager_centres_help": {
        "fi": "Esihenkilö näkee valitut kustannuspaikat alakustannuspaikkoineen.",
        "en": "A manager sees the chosen cost centres and their sub-centres.",
    },
    "users.analyst_centres_help": {
        "fi": "Tyhjä: koko organisaatio. Muuten valitut kustannuspaikat alakustannuspaikkoineen.",
        "en": "Empty: the whole organisation. Otherwise the chosen centres and their sub-centres.",
    },
    "users.own_account": {
        "fi": "Omaa rooliasi, oikeuksiasi tai tilaasi et voi muuttaa itse.",
        "en": "You cannot change your own role, access or account state.",
    },
    "users.save": {"fi": "Tallenna", "en": "Save"},
    "users.saved": {"fi": "Tallennettu: {name}.", "en": "Saved: {name}."},
    "users.created": {"fi": "Käyttäjä lisätty: {name}.", "en": "User added: {name}."},
    "users.stale_form": {"fi": "Lomake oli jo käytetty; mitään ei tallennettu. Täytä uusi lomake.",
                         "en": "That form was already used; nothing was saved. Fill in the new form."},
    "users.create": {"fi": "Lisää käyttäjä", "en": "Add user"},
    "users.deactivate": {"fi": "Poista käytöstä", "en": "Deactivate"},
    "users.reactivate": {"fi": "Ota uudelleen käyttöön", "en": "Reactivate"},
    "users.reset_password": {"fi": "Vaihda salasana", "en": "Reset password"},
    "users.temporary_password": {
        "fi": "Väliaikainen salasana käyttäjälle {email} – näytetään vain kerran, anna se henkilölle turvallisesti:",
        "en": "Temporary password for {email} – shown only once, hand it over securely:",
    },
    "users.new_password_help": {
        "fi": "Palvelu luo väliaikaisen salasanan, joka näytetään kerran tallennuksen jälkeen.",
        "en": "The service creates a temporary password, shown once after saving.",
    },
    "users.oidc_link": {"fi": "Kertakirjautuminen (OpenID Connect)", "en": "Single sign-on (OpenID Connect)"},
    "users.oidc_help": {
        "fi": "Henkilö näkee myöntäjän ja tunnisteen kirjautumissivulla ensimmäisellä yrityksellä. "
              "Tyhjät kentät poistavat liitoksen.",
        "en": "The person sees the issuer and subject on the sign-in page at their first attempt. "
              "Empty fields remove the link.",
    },
    "users.oidc_issuer": {"fi": "Myöntäjä (iss)", "en": "Issuer (iss)"},
    "users.oidc_subject": {"fi": "Tunniste (sub)", "en": "Subject (sub)"},
    "col.name": {"fi": "Nimi", "en": "Name"},
    "col.email": {"fi": "Sähköposti", "en": "E-mail"},
    "col.role": {"fi": "Rooli", "en": "Role"},
    "col.active": {"fi": "Käytössä", "en": "Active"},
    "col.cost_centres": {"fi": "Kustannuspaikat", "en": "Cost centres"},
    "col.oidc_linked": {"fi": "Kertakirjautuminen", "en": "Single sign-on"},
    "col.locked": {"fi": "Kirjautuminen viivästetty", "en": "Sign-in delayed"},
    "col.created_at": {"fi": "Luotu", "en": "Created"},
    "col.at": {"fi": "Aika", "en": "Time"},
    "col.actor": {"fi": "Tekijä", "en": "By"},
    "col.action": {"fi": "Muutos", "en": "Change"},
    "col.target": {"fi": "Kohde", "en": "User"},
    "col.details": {"fi": "Tiedot", "en": "Details"},
    "col.manual": {"fi": "Manuaalinen", "en": "Manual"},
}
