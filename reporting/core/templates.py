"""HTML documents from Jinja2 templates with autoescape on.

Every value a template shows is escaped (company names, cost-centre names, ticket titles,
translations alike); only what the code marks as markup with ``markupsafe.Markup`` (the
Plotly chart of the monthly report) goes in as it is. Templates live beside the module that
renders them, in its package's ``templates/`` folder.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2


@functools.cache
def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(folder: Path, name: str, **context: object) -> str:
    """The template ``folder/name`` rendered with ``context``."""
    return _environment(Path(folder).resolve()).get_template(name).render(**context)
