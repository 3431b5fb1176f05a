"""The import page's file uploader speaks the chosen language in a real browser (issue 14,
point 7): Streamlit 1.67 cannot translate its own "Upload" and "100MB per file" texts, so
reporting/ui/uploader.py hides them and shows the language's own; this checks what Chromium
draws."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

PROBE = """z => {
  const button = z.querySelector('button');
  const span = z.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
  const shown = [...button.children].filter(c => getComputedStyle(c).display !== 'none');
  return {button: getComputedStyle(button, '::after').content, buttonChildrenShown: shown.length,
          limit: getComputedStyle(span, '::after').content, englishSize: getComputedStyle(span).fontSize};
}"""


@pytest.mark.parametrize("lang, button, limit", [
    ("FI", '"Valitse tiedostot"', '"Enintään 100 Mt tiedostoa kohden · CSV, TXT, TSV, XLSX, PARQUET"'),
    ("EN", '"Choose files"', '"At most 100 MB per file · CSV, TXT, TSV, XLSX, PARQUET"'),
])
def test_uploader_texts_in_the_language(server, page, lang, button, limit):
    page.goto(f"{server.url}/admin_import?lang={lang}")
    wait_for_app(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    zone.wait_for()
    # the page's stylesheet (st.html) may arrive a moment after the uploader under load
    page.wait_for_function("""() => { const b = document.querySelector(
        '[data-testid="stFileUploaderDropzone"] button');
        return b && getComputedStyle(b, '::after').content !== 'none'; }""", timeout=30_000)
    got = zone.evaluate(PROBE)
    assert got["button"] == button and got["limit"] == limit, got
    assert got["buttonChildrenShown"] == 0          # no "Upload" and no icon beside the text
    assert got["englishSize"] == "0px"              # "100MB per file" takes no room, is not read
