"""Extrawiki documents and comments in the state store; the `docs load` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.access.scope import Role, User
from reporting.core.cli import main as cli_main
from reporting.demo import catalogue
from reporting.services import documentation as docs_store

SERVICES = {"ACME-SVC01": "Yritysverkko SD-WAN", "ACME-SVC02": "Työasemapalvelu"}


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    return tmp_path / "state.sqlite"


def test_load_by_service_id_or_name_and_replace(tmp_path, store):
    src = tmp_path / "docs"
    write(src / "ACME-SVC01" / "ohje.md", "# Verkko-ohje\n\nReititin käynnistetään uudelleen.")
    write(src / "tyoasemapalvelu" / "kuvaus.md", "Ei otsikkoa, vain tekstiä.")
    write(src / "tuntematon-palvelu" / "x.md", "# Toisen organisaation palvelu")
    loaded = docs_store.load_dir("acme", src, SERVICES, loaded_by="t", state_path=store)
    assert loaded == {"ACME-SVC01": 1, "ACME-SVC02": 1}
    docs = docs_store.list_docs("acme", set(SERVICES), state_path=store)
    assert [(d.service_id, d.slug, d.title) for d in docs] == [
        ("ACME-SVC01", "ohje", "Verkko-ohje"), ("ACME-SVC02", "kuvaus", "kuvaus")]
    # loading again replaces the service's documents (a removed file disappears)
    (src / "ACME-SVC01" / "ohje.md").unlink()
    write(src / "ACME-SVC01" / "uusi.md", "# Uusi")
    docs_store.load_dir("acme", src, SERVICES, loaded_by="t", state_path=store)
    assert [d.slug for d in docs_store.list_docs("acme", {"ACME-SVC01"}, state_path=store)] == ["uusi"]
    # another organisation's or an unlisted service's documents are not returned
    assert docs_store.list_docs("other", set(SERVICES), state_path=store) == []
    assert docs_store.list_docs("acme", {"ACME-SVC02"}, state_path=store)[0].slug == "kuvaus"


@pytest.mark.parametrize("name, content, message", [
    ("ACME-SVC01/rikki.md", b"\xff\xfe\x00rikki", "not UTF-8"),
    ("ACME-SVC01/tyhja.md", "  \n", "empty"),
    ("ACME-SVC01/Huono Nimi.md", "# x", "file name"),
    ("irrallinen.md", "# x", "folder named by the service"),
])
def test_bad_file_names_the_file_and_changes_nothing(tmp_path, store, name, content, message):
    src = tmp_path / "docs"
    write(src / "ACME-SVC01" / "hyva.md", "# Hyvä")
    docs_store.load_dir("acme", src, SERVICES, loaded_by="t", state_path=store)
    write(src / "ACME-SVC01" / "toinen.md", "# Toinen")
    bad = write(src / name, content)
    with pytest.raises(docs_store.DocsError, match=message) as err:
        docs_store.load_dir("acme", src, SERVICES, loaded_by="t", state_path=store)
    assert bad.name in str(err.value)
    assert [d.slug for d in docs_store.list_docs("acme", set(SERVICES), state_path=store)] == ["hyva"]


def test_search_every_word_case_insensitive_within_given_services(tmp_path, store):
    src = tmp_path / "docs"
    write(src / "ACME-SVC01" / "a.md", "# Häiriöt\n\nVarayhteys 5G kytkeytyy automaattisesti.")
    write(src / "ACME-SVC02" / "b.md", "# Laitteet\n\nVarayhteys ei koske työasemia.")
    docs_store.load_dir("acme", src, SERVICES, loaded_by="t", state_path=store)
    hits = docs_store.search("acme", set(SERVICES), "VARAYHTEYS", state_path=store)
    assert [d.slug for d, _ in hits] == ["a", "b"]
    hits = docs_store.search("acme", set(SERVICES), "varayhteys 5g", state_path=store)
    assert [d.slug for d, _ in hits] == ["a"]
    assert "5G" in hits[0][1]
    assert docs_store.search("acme", {"ACME-SVC02"}, "5g", state_path=store) == []
    assert docs_store.search("acme", set(SERVICES), "%", state_path=store) == []


MAIN = User("u1", "Maija", Role.MAIN_USER, org_id="acme")
OTHER_MAIN = User("u2", "X", Role.MAIN_USER, org_id="other")
OPERATOR = User("op", "Operaattori", Role.OPERATOR)


def test_comments_open_and_close_per_organisation(tmp_path, store):
    write(tmp_path / "docs" / "ACME-SVC01" / "ohje.md", "# Ohje\n\nPuhelinnumero 010 123.")
    docs_store.load_dir("acme", tmp_path / "docs", SERVICES, loaded_by="t", state_path=store)
    cid = docs_store.add_comment(MAIN, "acme", "ACME-SVC01", "ohje", services=set(SERVICES),
                                 body="Puhelinnumero on vanhentunut.", state_path=store)
    docs_store.add_comment(OTHER_MAIN, "other", "OTHER-SVC01", None, services={"OTHER-SVC01"},
                           body="Toinen organisaatio", state_path=store)
    got = docs_store.comments("acme", set(SERVICES), state_path=store)
    assert [(c.id, c.author_id, c.author_name, c.status) for c in got] == [(cid, "u1", "Maija", "open")]
    with pytest.raises(docs_store.DocsError):
        docs_store.add_comment(MAIN, "acme", "ACME-SVC01", None, services=set(SERVICES),
                               body="   ", state_path=store)
    # closing through another organisation does nothing
    assert docs_store.close_comments(OPERATOR, "other", [cid], state_path=store) == 0
    assert docs_store.close_comments(OPERATOR, "acme", [cid], state_path=store) == 1
    assert docs_store.comments("acme", set(SERVICES), state_path=store) == []
    closed = docs_store.comments("acme", set(SERVICES), status=None, state_path=store)
    assert closed[0].status == "closed" and closed[0].closed_by == "op"


@pytest.mark.parametrize("user", [
    OPERATOR,                                                   # maintains, does not comment
    OTHER_MAIN,                                                 # another organisation's main user
    User("a", "A", Role.ANALYST, org_id="acme"),
    User("g", "G", Role.MANAGER, org_id="acme", cost_centres=frozenset({"1000"})),
    User("e", "E", Role.EMPLOYEE, org_id="acme", subscriptions=frozenset({"S1"})),
], ids=lambda u: u.role.value + ("-" + u.org_id if u.org_id else ""))
def test_only_the_organisations_main_user_may_comment(store, user):
    with pytest.raises(docs_store.CommentRefused):
        docs_store.add_comment(user, "acme", "ACME-SVC01", None, services=set(SERVICES),
                               body="Kommentti", state_path=store)
    assert docs_store.comments("acme", set(SERVICES), status=None, state_path=store) == []


def test_a_comment_names_a_service_and_document_of_the_scope(tmp_path, store):
    write(tmp_path / "docs" / "ACME-SVC01" / "ohje.md", "# Ohje")
    docs_store.load_dir("acme", tmp_path / "docs", SERVICES, loaded_by="t", state_path=store)
    with pytest.raises(docs_store.CommentRefused):      # a service the scope does not see
        docs_store.add_comment(MAIN, "acme", "OTHER-SVC01", None, services=set(SERVICES),
                               body="Kommentti", state_path=store)
    with pytest.raises(docs_store.CommentRefused):      # a document of another service
        docs_store.add_comment(MAIN, "acme", "ACME-SVC02", "ohje", services=set(SERVICES),
                               body="Kommentti", state_path=store)
    assert docs_store.comments("acme", set(SERVICES), status=None, state_path=store) == []


def test_only_the_operator_closes_comments(store):
    cid = docs_store.add_comment(MAIN, "acme", "ACME-SVC01", None, services=set(SERVICES),
                                 body="Kommentti", state_path=store)
    for user in (MAIN, User("a", "A", Role.ANALYST, org_id="acme")):
        with pytest.raises(docs_store.CommentRefused):
            docs_store.close_comments(user, "acme", [cid], state_path=store)
    assert [c.status for c in docs_store.comments("acme", set(SERVICES), state_path=store)] == ["open"]


def test_demo_docs_cover_every_catalogue_service():
    folders = {p.name for p in docs_store.DEMO_DOCS_DIR.iterdir() if p.is_dir()}
    assert {docs_store.slugify(name) for name, _, _ in catalogue.SERVICES} <= folders


def test_cli_load_and_comments(tmp_path, demo_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "s.sqlite"))
    rc = cli_main(["docs", "load", str(docs_store.DEMO_DOCS_DIR), "--org", "saimaa",
                   "--db", str(demo_path)])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "documents loaded" in out.out
    rc = cli_main(["docs", "load", str(tmp_path / "missing"), "--org", "saimaa", "--db", str(demo_path)])
    assert rc == 2 and "not a directory" in capsys.readouterr().err
    rc = cli_main(["docs", "load", str(docs_store.DEMO_DOCS_DIR), "--org", "nobody", "--db", str(demo_path)])
    assert rc == 2 and "no organisation" in capsys.readouterr().err
