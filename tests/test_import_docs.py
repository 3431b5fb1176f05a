"""docs/data-contract.md lists every kind, column and header alias of the contract module."""

from pathlib import Path

from reporting.ingest import contract as K

DOC = (Path(__file__).resolve().parent.parent / "docs" / "data-contract.md").read_text(encoding="utf-8")


def test_every_column_and_alias_is_documented():
    for kind in K.KINDS.values():
        assert f"### {kind.name}" in DOC
        for col in kind.columns:
            assert f"`{col.name}`" in DOC, (kind.name, col.name)
            for alias in col.aliases:
                assert alias in DOC, (kind.name, alias)


def test_issue_headers_are_accepted():
    required = {
        "cost_centres": ["Koodi", "Nimi", "Ylempi"],
        "subscriptions": ["Liittymätunnus", "Numero", "Käyttäjä", "Kustannuspaikka", "Tuote", "Palvelutyyppi",
                          "Kuukausimaksu", "Datakiintiö (Gt)", "Avattu", "Suljettu"],
        "charges": ["Laskutuskausi", "Liittymätunnus", "Veloituslaji", "Selite", "Määrä", "Yksikkö",
                    "Summa (alv 0 %)"],
        "usage": ["Päivä", "Liittymätunnus", "Käyttölaji", "Määrä", "Maa", "Summa (alv 0 %)"],
    }
    for kind, headers in required.items():
        m = K.detect_kind(headers)
        assert m.kind == kind and not m.unknown and not m.missing, (kind, m)
        canonical = [c.name for c in K.KINDS[kind].columns if c.name in m.columns]
        assert K.detect_kind([f" {c.upper()}  " for c in canonical]).kind == kind
