"""The three table downloads (CSV Finnish, CSV international, XLSX) of a table that is built
only when a button is clicked: for a page that shows a slice (search and paging) while the
downloads hold every row, as ``reporting.ui.tables.download_buttons`` does for a table in hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from reporting.i18n import t
from reporting.publish.export import MIME, export_bytes, file_name


def lazy_download_buttons(load: Callable[[], pd.DataFrame], *, lang: str, key: str, report: str,
                          parts: Sequence[str] = ()) -> None:
    """``load()`` is called when a button is clicked (Streamlit's deferred download), never on
    a run of the page; it must not use Streamlit commands."""
    row = st.container(horizontal=True)
    for fmt, label in (("csv-fi", "table.download_csv_fi"), ("csv", "table.download_csv"),
                       ("xlsx", "table.download_xlsx")):
        row.download_button(
            t(label, lang), data=lambda fmt=fmt: export_bytes(load(), fmt, lang),
            file_name=file_name(report, fmt, parts), mime=MIME[fmt],
            key=f"{key}_dl_{fmt}", on_click="ignore", icon=":material/download:",
        )
