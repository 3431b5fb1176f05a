"""The customer's own documents per service (issue 17): contracts, service descriptions,
reports and other files, uploaded by the organisation's main user or the operator, versioned
by title, kept in the state store (reporting.core.state) with their bytes in a folder of their
own.

Safety rules, all enforced here whatever the page showed:

- **Who**: uploading is ``may_upload_documents`` (operator or the organisation's main user);
  listing and downloading is ``may_see_documents`` (a scope of the whole organisation: the
  operator, the main user, an unrestricted analyst). A document of another organisation, or of
  a service not in the caller's list, is not found.
- **What**: the type comes from the file name's extension and must match the content's
  signature (a ``.pdf`` must start with ``%PDF-``, a ``.docx`` must be a ZIP holding
  ``word/document.xml`` ...); txt/csv must be text without control bytes. At most
  ``max_bytes()`` (``REPORTING_DOC_MAX_MB``, default 20 MB); an empty file is refused.
- **Where**: the bytes are written as ``<documents folder>/<32 hex digits>``, a name generated
  here; no name or path given by a user ever reaches the file system. The original name is
  stored as metadata and sanitised (``download_name``) for the download.
- **Integrity**: the SHA-256 of the bytes is stored; a download whose bytes no longer match is
  refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from reporting.access.permissions import may_see_documents, may_upload_documents
from reporting.access.scope import User
from reporting.core import config, state

CATEGORIES = ("contract", "service_description", "report", "other")
TYPES = ("pdf", "docx", "xlsx", "pptx", "txt", "csv", "png", "jpg")
EXTENSIONS = {f".{t}": t for t in TYPES} | {".jpeg": "jpg"}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
}
# The part every Office Open XML file of the kind holds.
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
DEFAULT_MAX_MB = 20
MAX_TITLE_CHARS = 200
MAX_NAME_CHARS = 255
_FILE_ID = re.compile(r"^[0-9a-f]{32}$")
# Bytes a text file may not hold: the C0 controls except tab, line feed, form feed, return.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DocumentError(ValueError):
    """The upload is refused for what it is (type, size, title); one sentence for the user.
    ``code`` and ``params`` let a page say it in the user's language
    (``services.cdocs.err.<code>``)."""

    def __init__(self, message: str, code: str = "invalid", **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class DocumentRefused(PermissionError):
    """The user may not do this with this organisation's documents."""


class DocumentNotFound(LookupError):
    """No such document for this user (another organisation's id gives this too)."""


@dataclass(frozen=True)
class DocumentVersion:
    id: int
    org_id: str
    service_id: str
    category: str
    title: str
    title_key: str
    version: int
    file_id: str
    file_type: str
    original_name: str
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_by_name: str
    uploaded_at: str

    @property
    def download_name(self) -> str:
        return download_name(self.original_name, self.file_type)

    @property
    def mime(self) -> str:
        return MIME[self.file_type]


# -- settings ----------------------------------------------------------------------------------

def max_bytes() -> int:
    """The upload limit: ``REPORTING_DOC_MAX_MB`` megabytes (default 20)."""
    value = os.environ.get("REPORTING_DOC_MAX_MB", str(DEFAULT_MAX_MB))
    try:
        mb = float(value)
    except ValueError:
        raise ValueError(f"REPORTING_DOC_MAX_MB must be a number of megabytes, not {value!r}") from None
    if mb <= 0:
        raise ValueError(f"REPORTING_DOC_MAX_MB must be positive, not {value!r}")
    return int(mb * 1024 * 1024)


def storage_dir(state_path: Path | None = None) -> Path:
    """Where the documents' bytes are kept: ``REPORTING_DOCUMENTS``, else beside the state
    store as ``<state name>.documents/``."""
    env = os.environ.get("REPORTING_DOCUMENTS")
    if env:
        folder = Path(env)
    else:
        st = Path(state_path or config.state_path())
        folder = st.with_name(st.stem + ".documents")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored_file(file_id: str, state_path: Path | None) -> Path:
    if not _FILE_ID.match(file_id):  # only ids made here are ever joined to the folder
        raise DocumentNotFound("No such document.")
    return storage_dir(state_path) / file_id


# -- checks ------------------------------------------------------------------------------------

def file_type(original_name: str, data: bytes) -> str:
    """The whitelisted type of an upload: its name's extension, confirmed by its content."""
    suffix = os.path.splitext(original_name.replace("\\", "/").rsplit("/", 1)[-1])[1].lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        raise DocumentError(f"{original_name}: the type {suffix or '(none)'} is not accepted; "
                            f"accepted: {', '.join(TYPES)}", "type", name=original_name,
                            types=", ".join(TYPES))
    if not content_matches(kind, data):
        raise DocumentError(f"{original_name}: the content is not a {kind} file", "content",
                            name=original_name, kind=kind)
    return kind


def content_matches(kind: str, data: bytes) -> bool:
    """The bytes carry the signature of ``kind``."""
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpg":
        return data.startswith(b"\xff\xd8\xff")
    if kind in _OOXML_PART:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
        return "[Content_Types].xml" in names and _OOXML_PART[kind] in names
    if kind in ("txt", "csv"):
        if _CONTROL.search(data):
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            # Windows-1252 text (a Finnish Excel CSV) is text too; 0x81 0x8d 0x8f 0x90 0x9d
            # are undefined there.
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return True
    return False


def download_name(original_name: str, kind: str) -> str:
    """The original name made safe to offer as a download: no folders, only letters, digits,
    spaces and ``._-()``, no leading dot, at most 120 characters, ending in the type's
    extension. '../../etc/passwd.pdf' -> 'passwd.pdf'."""
    base = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    stem = os.path.splitext(base)[0]
    stem = re.sub(r"[^\w .()-]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:120] or "dokumentti"
    return f"{stem}.{kind}"


def _title(title: str) -> tuple[str, str]:
    text = re.sub(r"\s+", " ", (title or "")).strip()
    if not text:
        raise DocumentError("Give the document a title.", "title")
    if len(text) > MAX_TITLE_CHARS:
        raise DocumentError(f"The title is {len(text)} characters; at most {MAX_TITLE_CHARS}.",
                            "title_long", max=MAX_TITLE_CHARS)
    return text, text.casefold()


# -- writing -----------------------------------------------------------------------------------

def upload(user: User, org_id: str, service_id: str, *, title: str, category: str,
           original_name: str, data: bytes, services: Collection[str],
           state_path: Path | None = None, uploaded_at: dt.datetime | None = None) -> DocumentVersion:
    """Store ``data`` as the next version of the document ``title`` of ``service_id`` (one of
    ``services``, the service ids the user's scope sees). Returns the stored version.
    ``uploaded_at`` (UTC, naive) is for the demo generator, whose documents carry times
    relative to the data's "now"; an upload from the page is stamped by the store."""
    if not may_upload_documents(user, org_id):
        raise DocumentRefused("Only the organisation's main user or the operator uploads documents.")
    if service_id not in set(services):
        raise DocumentRefused(f"No service {service_id!r} in your organisation.")
    if category not in CATEGORIES:
        raise DocumentError(f"Unknown document category {category!r}.", "category")
    title, title_key = _title(title)
    # control characters (a NUL above all, which no text column of PostgreSQL can hold) are
    # no part of a real name: kept as U+FFFD in the metadata
    name = re.sub(r"[\x00-\x1f\x7f]", "\ufffd", (original_name or "").strip()[:MAX_NAME_CHARS]) or "dokumentti"
    data = bytes(data)
    limit = max_bytes()
    if len(data) > limit:
        raise DocumentError(f"{name}: {len(data)} bytes; a document may be at most {limit} bytes "
                            f"({limit / (1024 * 1024):g} MB)", "size", name=name,
                            mb=limit / (1024 * 1024))
    if not data:
        raise DocumentError(f"{name}: the file is empty", "empty", name=name)
    kind = file_type(name, data)
    digest = hashlib.sha256(data).hexdigest()
    file_id = uuid.uuid4().hex
    target = _stored_file(file_id, state_path)
    partial = target.with_name(file_id + ".part")
    with open(partial, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    try:
        with state.transaction(state_path) as con:
            version = con.execute(state.sql("documents/next_version"), {
                "org_id": org_id, "service_id": service_id, "title_key": title_key}).fetchone()[0]
            cur = con.execute(state.sql("documents/insert"), {
                "org_id": org_id, "service_id": service_id, "category": category, "title": title,
                "title_key": title_key, "version": version, "file_id": file_id, "file_type": kind,
                "original_name": name, "size_bytes": len(data), "sha256": digest,
                "uploaded_by": user.user_id, "uploaded_by_name": user.name,
                "uploaded_at": None if uploaded_at is None
                else uploaded_at.replace(microsecond=0).isoformat(sep=" ")})
            new_id = int(cur.lastrowid)
            os.replace(partial, target)  # inside the transaction: a failed rename rolls back
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _by_id(org_id, new_id, state_path)


def remove_demo_documents(state_path: Path | None = None) -> int:
    """Delete every version uploaded by a demo persona (user ids ``demo:...``) and its file:
    the demo generator replaces its documents instead of stacking versions on a rerun.
    Returns the number of versions removed."""
    with state.transaction(state_path) as con:
        file_ids = [r[0] for r in con.execute(state.sql("documents/delete_demo")).fetchall()]
    for file_id in file_ids:
        _stored_file(file_id, state_path).unlink(missing_ok=True)
    return len(file_ids)


# -- reading -----------------------------------------------------------------------------------

def _by_id(org_id: str, doc_id: int, state_path: Path | None) -> DocumentVersion:
    with state.connect(state_path) as con:
        row = con.execute(state.sql("documents/by_id"), {"org_id": org_id, "id": int(doc_id)}).fetchone()
    if row is None:
        raise DocumentNotFound("No such document.")
    return DocumentVersion(**dict(row))


def list_documents(user: User, org_id: str | None, service_ids: Collection[str], *,
                   state_path: Path | None = None) -> list[DocumentVersion]:
    """Every version of the documents of ``service_ids`` in ``org_id``, by service, kind (the
    order of CATEGORIES: contracts first), title and newest version first; nothing for a user
    who may not see them."""
    if not org_id or not service_ids or not may_see_documents(user, org_id):
        return []
    with state.connect(state_path) as con:
        rows = con.execute(state.sql("documents/of_services"), {
            "org_id": org_id, "service_ids": json.dumps(sorted(service_ids))}).fetchall()
    return [DocumentVersion(**dict(r)) for r in rows]


def by_title(versions: list[DocumentVersion]) -> dict[str, dict[str, list[DocumentVersion]]]:
    """{service_id: {title_key: [versions, newest first]}} for a page to show."""
    out: dict[str, dict[str, list[DocumentVersion]]] = {}
    for v in versions:
        out.setdefault(v.service_id, {}).setdefault(v.title_key, []).append(v)
    return out


def download(user: User, org_id: str | None, doc_id: int, *, services: Collection[str],
             state_path: Path | None = None) -> tuple[DocumentVersion, bytes]:
    """One version's metadata and its exact bytes, for a user who may see the organisation's
    documents; ``services`` are the service ids the user's scope sees."""
    if not org_id or not may_see_documents(user, org_id):
        raise DocumentNotFound("No such document.")
    doc = _by_id(org_id, doc_id, state_path)
    if doc.service_id not in set(services):
        raise DocumentNotFound("No such document.")
    path = _stored_file(doc.file_id, state_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentNotFound(f"The file of document {doc_id} is missing from the storage.") from None
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise DocumentError(f"The stored file of document {doc_id} does not match its SHA-256; "
                            f"not offered.", "integrity")
    return doc, data
