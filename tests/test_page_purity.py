"""Pages hold no rules and never touch the database: they read through registered reports
(reporting.ui.cache.load_report) or the UI loaders, and hand the database only to the domain's
write operations, which check and store.

The check parses each page (pages/*.py and app.py) and fails on:

- an import of a database module: duckdb, sqlite3, reporting.core.db, reporting.core.sqlfiles,
  reporting.core.state (also through ``from reporting.core import db`` or ``__import__``);
- a call of a database method, whatever the object: ``.cursor()``, ``.execute()``, the
  ``fetch*`` family, ``.sql()``, ``.query()``, ``.named()``, ``.rows()`` ...;
- the database handle (``ctx.db``, any ``.db`` attribute, ``get_db``) used anywhere but as a
  direct argument of one of the WRITERS below;
- SQL text in a string.

It parses the code (``ast``) rather than searching the text, so a docstring that mentions a
word does not fail and an aliased import does not pass. The last tests write bad pages into
a temporary folder and prove each kind of breach is caught.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("pages/*.py"), ROOT / "app.py"])

FORBIDDEN_MODULES = ("duckdb", "sqlite3", "reporting.core.db", "reporting.core.sqlfiles", "reporting.core.state")
DB_METHODS = frozenset({
    "cursor", "execute", "executemany", "executescript", "fetchall", "fetchone", "fetchmany",
    "fetchdf", "fetchnumpy", "fetch_df", "fetch_arrow_table", "arrow", "sql", "query", "named", "rows",
    "connect", "dataset_info", "refresh", "commit", "rollback", "read_sql",
})
# The domain's write operations: they take the analytical database to check what they are
# given against it (a subscription of the organisation, a grant that exists ...).
WRITERS = frozenset({"record_decision", "save_preferences", "run_import", "update_access", "create_user",
                     "save_mapping", "save_year"})
SQL = (
    re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW|MACRO|INDEX)"
               r"|DROP\s+TABLE|ALTER\s+TABLE|PRAGMA|ATTACH)\b"),
    re.compile(r"\bselect\b[\s\S]*?\bfrom\s+[a-z_][a-z0-9_.]*\s*(\(|;|$|\b(where|join|group|order|limit)\b)",
               re.IGNORECASE),
    re.compile(r"\b(insert\s+into|delete\s+from)\s+[a-z_][a-z0-9_]*\b|\bupdate\s+[a-z_][a-z0-9_]*\s+set\b",
               re.IGNORECASE),
)


def _forbidden_module(name: str | None) -> bool:
    return bool(name) and any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES)


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_db_handle(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "db":
        return True
    if isinstance(node, ast.Call) and _call_name(node.func) == "get_db":
        return True
    return isinstance(node, ast.Name) and node.id == "get_db"


def _strings(tree: ast.AST):
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node, node.value
        elif isinstance(node, ast.JoinedStr):     # an f-string: its literal parts with {} between
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node, text


def breaches(path: Path) -> list[str]:
    """Every breach of the page rules in the file, as 'line: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[str] = []
    allowed_handles: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node.func) in WRITERS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if _is_db_handle(arg):
                    allowed_handles.add(id(arg))
                    if isinstance(arg, ast.Call):
                        allowed_handles.add(id(arg.func))
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            out += [f"{line}: imports {a.name}" for a in node.names if _forbidden_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            if _forbidden_module(node.module):
                out.append(f"{line}: imports from {node.module}")
            out += [f"{line}: imports {node.module}.{a.name}" for a in node.names
                    if _forbidden_module(f"{node.module}.{a.name}")]
        elif isinstance(node, ast.Call):
            name = _call_name(node.func)
            if isinstance(node.func, ast.Attribute) and name in DB_METHODS:
                out.append(f"{line}: calls .{name}()")
            if name in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant) \
                    and _forbidden_module(str(node.args[0].value)):
                out.append(f"{line}: imports {node.args[0].value}")
        if _is_db_handle(node) and id(node) not in allowed_handles:
            out.append(f"{line}: uses the database handle outside a write operation")
    for node, text in _strings(tree):
        if any(p.search(text) for p in SQL):
            out.append(f"{getattr(node, 'lineno', 0)}: SQL in a string: {text[:60]!r}")
    return sorted(set(out), key=lambda s: int(s.split(":")[0]))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_does_not_touch_the_database(path):
    assert breaches(path) == []


def test_every_page_is_checked():
    assert len(PAGES) >= 17 and ROOT / "app.py" in PAGES


GOOD_PAGE = '''
"""A page that reads reports and hands the database to a writer: allowed. The docstring may
say SELECT x FROM t WHERE ... without failing."""
import streamlit as st
from reporting.optimisation import decisions
from reporting.ui.cache import load_report
from reporting.ui.context import get_db, page_context

ctx = page_context("home")
df = load_report("home-headline", ctx.scope)
st.caption("Select a row from the table to go down")
decisions.record_decision(ctx.db, ctx.user, ctx.scope.org_id, {}, "keep", "why", finding_month=None)
decisions.record_decision(get_db(), ctx.user, "acme", {}, "keep", "why", finding_month=None)
'''

BAD_PAGES = {
    "import duckdb": "import duckdb\n",
    "aliased db import": "import reporting.core.db as database\n",
    "from-import of db": "from reporting.core import db\n",
    "from-import of state": "from reporting.core.state import connect\n",
    "sqlfiles": "from reporting.core.sqlfiles import load_sql\n",
    "sqlite3": "import sqlite3 as s\n",
    "dynamic import": "m = __import__('duckdb')\n",
    "cursor": "from reporting.ui.context import page_context\nctx = page_context('x')\ncur = ctx.db.cursor()\n",
    "execute on anything": "def f(con):\n    return con.execute('x')\n",
    "fetch": "def f(cur):\n    return cur.fetchall()\n",
    "named query": "from reporting.ui.context import page_context\nctx = page_context('x')\nctx.db.named('q', {})\n",
    "db passed to a reader": ("from reporting.optimisation import rules\nfrom reporting.ui.context import page_context\n"
                              "ctx = page_context('x')\nmonths = rules.available_months(ctx.db, ctx.scope)\n"),
    "get_db in a page": "from reporting.ui.context import get_db\nd = get_db()\n",
    "db attribute kept": "from reporting.ui.context import page_context\nctx = page_context('x')\nd = ctx.db\n",
    "SQL text": "Q = 'SELECT org_id, name FROM organisations ORDER BY name'\n",
    "lower-case SQL": "Q = 'select count(*) from charges where org_id = ?'\n",
    "SQL in an f-string": "t = 'x'\nQ = f'DELETE FROM {t} WHERE id = 1'\n",
    "update statement": "Q = 'update accounts set active = 0'\n",
}


def test_a_page_that_only_reads_reports_passes(tmp_path):
    page = tmp_path / "good.py"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    assert breaches(page) == []


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_a_bad_page_fails(tmp_path, name):
    page = tmp_path / "bad.py"
    page.write_text(BAD_PAGES[name], encoding="utf-8")
    assert breaches(page), f"{name!r} was not caught"
