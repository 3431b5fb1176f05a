"""Demo customer documents (issue 17): per demo organisation, on its mobile service (or its
first), a framework contract (a small PDF) uploaded by the operator when the period began, a
service description (text) in two versions, the first by the operator and the revision by the
main user, and the last complete month's cost report by cost centre (the Finnish CSV export
of ``costs-by-cost-centre``) uploaded by the main user early this month.

Everything goes through ``reporting.services.customer_docs.upload`` as the demo personas, so
the demo documents pass the same checks as an upload on the page. The content and the upload
times depend only on the demo database (its organisations, services and "now"), so they are
the same for a seed; a rerun replaces the demo's documents (``remove_demo_documents``)
instead of stacking versions. The documents live in the state store beside the database,
like the service documentation (reporting.services.documentation.seed_demo_docs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reporting.access.scope import Scope
from reporting.core import config
from reporting.core.db import Database
from reporting.core.months import month_start
from reporting.core.registry import run_report
from reporting.demo.personas import main_user_persona, operator_persona
from reporting.i18n import fmt_number
from reporting.publish.export import export_bytes
from reporting.services import customer_docs

CONTRACT = "Puitesopimus – {service}"
DESCRIPTION = "Palvelukuvaus – {service}"
REPORT = "Kustannukset kustannuspaikoittain {month}"


@dataclass(frozen=True)
class DemoDocument:
    org_id: str
    service_id: str
    category: str
    title: str
    original_name: str
    data: bytes
    by_operator: bool
    uploaded_at: dt.datetime


def seed_customer_documents(db_path: Path, *, state_path: Path | None = None) -> int:
    """Replace the demo's customer documents in the state store beside ``db_path`` (or
    ``state_path``). Returns the number of versions stored."""
    target = Path(state_path or config.state_path(Path(db_path)))
    db = Database(db_path)
    try:
        docs = demo_documents(db)
        rows = db.named("demo/document_services")
    finally:
        db.close()
    names = dict(zip(rows.org_id, rows.org_name, strict=True))
    services = {r.org_id: set(r.service_ids) for r in rows.itertuples()}
    customer_docs.remove_demo_documents(target)
    for d in docs:
        user = operator_persona() if d.by_operator else main_user_persona(d.org_id, names[d.org_id])
        customer_docs.upload(user, d.org_id, d.service_id, title=d.title, category=d.category,
                             original_name=d.original_name, data=d.data,
                             services=services[d.org_id], state_path=target,
                             uploaded_at=d.uploaded_at)
    return len(docs)


def demo_documents(db: Database) -> list[DemoDocument]:
    """The demo's document versions, oldest first within a title."""
    info = db.dataset_info()
    now = dt.datetime.fromisoformat(info["now"])
    start = dt.date.fromisoformat(info["period_start"])
    last_month = month_start(dt.date.fromisoformat(info["period_end"]))
    out: list[DemoDocument] = []
    for r in db.named("demo/document_services").itertuples():
        def doc(category: str, title: str, name: str, data: bytes, by_operator: bool,
                at: dt.datetime, r=r) -> DemoDocument:
            return DemoDocument(r.org_id, r.service_id, category, title, name, data,
                                by_operator, min(at, now - dt.timedelta(hours=1)))

        service = r.service_name
        began = dt.datetime.combine(start, dt.time(8, 0))
        out.append(doc("contract", CONTRACT.format(service=service), "puitesopimus.pdf",
                       contract_pdf(r, start), True, began + dt.timedelta(days=2)))
        out.append(doc("service_description", DESCRIPTION.format(service=service),
                       "palvelukuvaus.txt", description_text(r, revised=None), True,
                       began + dt.timedelta(days=9, hours=3)))
        revised = (now - dt.timedelta(days=45)).replace(hour=11, minute=20, second=0, microsecond=0)
        out.append(doc("service_description", DESCRIPTION.format(service=service),
                       "palvelukuvaus_v2.txt", description_text(r, revised=revised.date()), False,
                       revised))
        month = f"{last_month.month}/{last_month.year}"
        report = run_report("costs-by-cost-centre", db, Scope.organisation(r.org_id),
                            month_from=last_month, month_to=last_month)
        uploaded = dt.datetime.combine(month_start(now.date()) + dt.timedelta(days=2), dt.time(7, 30))
        out.append(doc("report", REPORT.format(month=month),
                       f"kustannukset_{last_month:%Y-%m}.csv", export_bytes(report, "csv-fi", "fi"),
                       False, uploaded))
    return out


def description_text(r, *, revised: dt.date | None) -> bytes:
    """The service description: the first version, or the revision of ``revised`` (longer
    support hours, the SLA restated, a change log)."""
    hours = "ma–su 7–22" if revised else "ma–pe 8–16"
    lines = [
        DESCRIPTION.format(service=r.service_name),
        "",
        f"Asiakas: {r.org_name} (Y-tunnus {r.business_id})",
        f"Palvelu: {r.service_name} ({r.service_id})",
        f"Käytettävyystavoite: {fmt_number(float(r.sla), 'fi', 2)} % kuukaudessa",
        f"Tuki: {hours}, kiireelliset viat (P1) 24/7",
        "Vasteajat: P1 1 h, P2 2 h, P3 8 h, P4 24 h",
        "Ratkaisuajat: P1 4 h, P2 8 h, P3 40 h, P4 120 h",
        "",
        "Palveluun kuuluvat liittymät, laitteet ja niiden elinkaaripalvelut sekä",
        "Fokus-raportointi kustannuksista, käytöstä ja palvelun toimivuudesta.",
    ]
    if revised:
        lines += ["", f"Muutokset {revised.day}.{revised.month}.{revised.year}:",
                  "- Tukiaika laajennettu arkipäivistä joka päivälle (ma–su 7–22).",
                  "- Laitteiden elinkaaripalvelu lisätty kuvaukseen."]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def contract_pdf(r, start: dt.date) -> bytes:
    lines = [
        f"Asiakas: {r.org_name}, Y-tunnus {r.business_id}",
        "Toimittaja: Operaattori Oyj",
        f"Palvelu: {r.service_name} ({r.service_id})",
        f"Sopimuskausi alkaa {start.day}.{start.month}.{start.year}, toistaiseksi voimassa,",
        "irtisanomisaika kolme (3) kuukautta.",
        f"Käytettävyystavoite {fmt_number(float(r.sla), 'fi', 2)} % kuukaudessa; hyvitykset palvelukuvauksen mukaan.",
        f"Sopimuksen piirissä {fmt_number(r.open_subscriptions, 'fi')} liittymää ja {fmt_number(r.devices_in_use, 'fi')} laitetta (demo).",
        "Hinnat: voimassa oleva hinnasto, laskutus kuukausittain 14 pv netto.",
    ]
    return simple_pdf(CONTRACT.format(service=r.service_name), lines)


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF 1.4 of a title and lines of text in Helvetica (WinAnsi: Finnish letters,
    the en dash and the euro sign print), built byte for byte: the same text gives the same
    bytes."""
    def text(s: str) -> bytes:
        raw = s.encode("cp1252", errors="replace")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    stream = b"BT /F1 16 Tf 56 780 Td 22 TL " + text(title) + b" Tj T* /F1 10 Tf 15 TL"
    for line in lines:
        stream += b" T* " + text(line) + b" Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)
