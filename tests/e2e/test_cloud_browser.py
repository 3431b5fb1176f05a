"""The cloud-costs page in a real browser: the FOCUS 1.0 sample imported into the demo's
largest organisation, the page shows its billed total (computed here from the CSV file) and
says the USD is not included in euro totals."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pandas as pd
import pytest

from reporting.ingest.importer import import_files
from reporting.ingest.model import ImportOptions
from tests.e2e.conftest import start_server, wait_for_app
from tests.test_import import focus_sample

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cloud_server(demo_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cloud_server")
    path = tmp / "cloud.duckdb"
    shutil.copyfile(demo_path, path)
    assert import_files(path, [(focus_sample(), "f.csv")], ImportOptions(org_id="pohjola")).status == "loaded"
    srv = start_server(path, tmp)
    yield srv
    srv.stop()


def test_cloud_page_shows_the_billed_total(cloud_server, page):
    src = pd.read_csv(focus_sample(), dtype=str, keep_default_na=False)
    billed = sum(Decimal(v) for v in src.BilledCost)
    shown = f"{round(billed, 2):.2f}".replace(".", ",")          # 20,52
    page.goto(cloud_server.url + "/cloud")
    wait_for_app(page, "Pilvipalvelukustannukset")
    wait_for_app(page, "Laskutettu (USD)")
    body = page.inner_text("body")
    assert f"{shown} USD" in body, body[:2000]
    assert f"+ {shown} USD ei mukana" in body
