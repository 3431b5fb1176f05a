"""Service documentation (Extrawiki) and comments, kept in the state store (reporting.core.state).

Documents are Markdown files, one folder per service::

    DIR/<service id or service name>/<slug>.md

A folder matches a service of the organisation by its id (``POHJOLA-SVC02``) or by its name
written as a slug (``yritysverkko-sd-wan``), so one set of files can serve every organisation
that has the service. Loading a folder replaces that service's documents in one transaction;
any bad file (not UTF-8, empty, too large, no matching service) stops the load with a message
naming it, and nothing is changed.

Access: callers pass the organisation and the service ids the user's scope sees (from the
``status_services`` query); these functions never widen that. Writing a comment is the
organisation's main user's, closing one the operator's (reporting.access.permissions),
checked here on the server. Documents are rendered by
``st.markdown`` without unsafe HTML, so raw HTML in a document is shown as text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from reporting.access.permissions import may_close_doc_comments, may_comment_docs
from reporting.access.scope import User
from reporting.core import config, state

MAX_DOC_BYTES = 512 * 1024
MAX_COMMENT_CHARS = 2000
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
DEMO_DOCS_DIR = config.PROJECT_ROOT / "data" / "demo_docs"


class DocsError(ValueError):
    """A problem with the documents or a comment, stated so the user can fix it."""


class CommentRefused(PermissionError):
    """The user may not write this comment or close comments (checked on the server)."""


@dataclass(frozen=True)
class Doc:
    org_id: str
    service_id: str
    slug: str
    title: str
    body: str
    source: str | None
    loaded_at: str


@dataclass(frozen=True)
class Comment:
    id: int
    org_id: str
    service_id: str
    slug: str | None
    author_id: str
    author_name: str
    body: str
    created_at: str
    status: str
    closed_by: str | None
    closed_at: str | None


def slugify(text: str) -> str:
    """'Työasemapalvelu' -> 'tyoasemapalvelu', 'Microsoft 365 -hallinta' -> 'microsoft-365-hallinta'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def title_of(body: str, slug: str) -> str:
    for line in body.splitlines():
        m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1).strip()
    return slug


# -- loading -----------------------------------------------------------------------------------

def read_dir(directory: Path, services: dict[str, str]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Read and validate ``directory``: {service_id: [(slug, title, body, source)]}.

    ``services`` maps service_id -> service name (the organisation's services)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DocsError(f"{directory}: not a directory")
    by_key: dict[str, str] = {}
    for sid, name in services.items():
        by_key[sid.lower()] = sid
        by_key.setdefault(slugify(name), sid)
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for folder in sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")):
        sid = by_key.get(folder.name.lower()) or by_key.get(slugify(folder.name))
        if sid is None:
            continue  # documentation of a service this organisation does not have
        docs = out.setdefault(sid, [])
        for f in sorted(folder.glob("*.md")):
            slug = f.stem.lower()
            if not _SLUG_RE.match(slug):
                raise DocsError(f"{f}: the file name must be letters a-z, digits, '-' or '_' "
                                f"(at most 80) followed by .md")
            size = f.stat().st_size
            if size > MAX_DOC_BYTES:
                raise DocsError(f"{f}: {size} bytes; a document may be at most {MAX_DOC_BYTES} bytes")
            try:
                body = f.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                raise DocsError(f"{f}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
            if not body.strip():
                raise DocsError(f"{f}: the document is empty")
            docs.append((slug, title_of(body, slug), body, str(f)))
    unknown = [p.name for p in sorted(directory.iterdir()) if p.is_file() and p.suffix == ".md"]
    if unknown:
        raise DocsError(f"{directory / unknown[0]}: documents must be in a folder named by the "
                        f"service's id or name, e.g. {directory}/<service>/{unknown[0]}")
    return {sid: docs for sid, docs in out.items() if docs}


def load_dir(org_id: str, directory: Path, services: dict[str, str], *, loaded_by: str,
             state_path: Path | None = None) -> dict[str, int]:
    """Replace the documents of every service that has a folder in ``directory``.
    Returns {service_id: documents loaded}. All or nothing."""
    found = read_dir(directory, services)
    with state.transaction(state_path) as con:
        for sid, docs in found.items():
            con.execute(state.sql("services/service_docs_delete"), {"org_id": org_id, "service_id": sid})
            con.executemany(
                state.sql("services/service_doc_insert"),
                [{"org_id": org_id, "service_id": sid, "slug": slug, "title": title, "body": body,
                  "source": source, "loaded_by": loaded_by}
                 for slug, title, body, source in docs])
    return {sid: len(docs) for sid, docs in found.items()}


def seed_demo_docs(db_path: Path, directory: Path = DEMO_DOCS_DIR) -> int:
    """Load the demo documentation for every organisation of the demo database at ``db_path``
    into its state store. Returns the number of documents loaded."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("SELECT org_id, service_id, name FROM services ORDER BY 1, 2").fetchall()
    finally:
        con.close()
    by_org: dict[str, dict[str, str]] = {}
    for org_id, sid, name in rows:
        by_org.setdefault(org_id, {})[sid] = name
    total = 0
    target = config.state_path(Path(db_path))
    for org_id, services in by_org.items():
        total += sum(load_dir(org_id, directory, services, loaded_by="demo",
                              state_path=target).values())
    return total


# -- reading -----------------------------------------------------------------------------------

def _json_list(values: Iterable) -> str:
    """A list bound as one parameter and read with json_each: no SQL is built from values."""
    return json.dumps(sorted(values))


def list_docs(org_id: str | None, service_ids: Collection[str], *,
              state_path: Path | None = None) -> list[Doc]:
    """The documents of the given services (those the caller's scope sees)."""
    if not org_id or not service_ids:
        return []
    with state.connect(state_path) as con:
        rows = con.execute(state.sql("services/service_docs_of"),
                           {"org_id": org_id, "service_ids": _json_list(service_ids)}).fetchall()
    return [Doc(**dict(r)) for r in rows]


def search(org_id: str | None, service_ids: Collection[str], query: str, *,
           limit: int = 50, state_path: Path | None = None) -> list[tuple[Doc, str]]:
    """Documents of the given services whose title or text contains every word of ``query``
    (case-insensitive), with a short snippet around the first hit."""
    words = [w.casefold() for w in query.split() if w][:10]
    if not words:
        return []
    hits = []
    for doc in list_docs(org_id, service_ids, state_path=state_path):
        text = (doc.title + "\n" + doc.body).casefold()
        if all(w in text for w in words):
            hits.append((doc, snippet(doc.body, words[0])))
            if len(hits) >= limit:
                break
    return hits


def snippet(body: str, word: str, width: int = 80) -> str:
    """Plain text around the first occurrence of ``word`` (Markdown marks removed)."""
    text = re.sub(r"[#*_`>\[\]|]", "", body)
    text = re.sub(r"\s+", " ", text).strip()
    i = text.lower().find(word.lower())
    if i < 0:
        return text[: 2 * width] + ("…" if len(text) > 2 * width else "")
    lo, hi = max(0, i - width), min(len(text), i + len(word) + width)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


# -- comments ----------------------------------------------------------------------------------

def add_comment(user: User, org_id: str, service_id: str, slug: str | None, *, body: str,
                services: Collection[str], state_path: Path | None = None) -> int:
    """Store ``user``'s comment on a needed change to a service's documentation; returns its
    id. Checked here, whatever the page showed: only the organisation's main user comments
    (reporting.access.permissions.may_comment_docs), on one of ``services`` (the service ids
    the user's scope sees) and, when ``slug`` is given, on a document of that service."""
    if not may_comment_docs(user, org_id):
        raise CommentRefused("Only the organisation's main user comments on the documentation.")
    if service_id not in set(services):
        raise CommentRefused(f"No service {service_id!r} in your organisation.")
    if slug is not None and slug not in {d.slug for d in list_docs(org_id, {service_id},
                                                                   state_path=state_path)}:
        raise CommentRefused(f"No document {slug!r} for service {service_id!r}.")
    body = (body or "").strip()
    if not body:
        raise DocsError("Write the comment first.")
    if len(body) > MAX_COMMENT_CHARS:
        raise DocsError(f"The comment is {len(body)} characters; at most {MAX_COMMENT_CHARS}.")
    with state.transaction(state_path) as con:
        cur = con.execute(state.sql("services/doc_comment_insert"), {
            "org_id": org_id, "service_id": service_id, "slug": slug, "author_id": user.user_id,
            "author_name": user.name, "body": body})
        return int(cur.lastrowid)


def comments(org_id: str | None, service_ids: Collection[str], *, status: str | None = "open",
             state_path: Path | None = None) -> list[Comment]:
    """Comments on the given services, newest first; ``status`` None = all."""
    if not org_id or not service_ids:
        return []
    with state.connect(state_path) as con:
        rows = con.execute(state.sql("services/doc_comments_of"), {
            "org_id": org_id, "service_ids": _json_list(service_ids), "status": status}).fetchall()
    return [Comment(**dict(r)) for r in rows]


def close_comments(user: User, org_id: str, ids: Iterable[int], *,
                   state_path: Path | None = None) -> int:
    """Close open comments of the organisation (the operator only: it maintains the
    documents); returns how many were closed."""
    if not may_close_doc_comments(user):
        raise CommentRefused("Only the operator marks documentation comments handled.")
    closed_by = user.user_id
    ids = [int(i) for i in ids]
    if not ids:
        return 0
    with state.transaction(state_path) as con:
        cur = con.execute(state.sql("services/doc_comments_close"),
                          {"org_id": org_id, "ids": _json_list(ids), "closed_by": closed_by})
        return int(cur.rowcount)
