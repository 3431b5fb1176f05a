"""reporting.ui.text: user text shown as text (issue 14 point 2, issue 16 point 9).

The oracle below is independent of the helper: it reads Markdown source the way Streamlit's
frontend does (CommonMark backslash escapes, then remark-gfm's literal-link and e-mail
patterns and remark-emoji's shortcodes on the text, copied from the bundled
StreamlitMarkdown.js)."""

import re

import pytest

from reporting.ui.text import WORD_JOINER, hover, link, plain, safe_url

HOSTILE = ("**x** [linkki](http://evil.example) ![i](http://evil.example/t.png) "
           "<img src=x onerror=alert(1)>")
MORE_HOSTILE = [
    HOSTILE,
    "www.evil.example and mallory@evil.example",
    "# Otsikko\n- lista\n1. yksi\n> lainaus",
    ":red[punainen] :material/home: :smile: $x^2$ `koodi` ~~yli~~ <b>b</b> &amp; | a | b |",
    "[x]: http://evil.example\n[ref][x] <http://evil.example>",
    "javascript:alert(1) data:text/html,<script>alert(1)</script>",
    "\\*already escaped\\* \\",
]

_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I)
_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
_SHORTCODE = re.compile(r":[\w+-][\w_+-]*:")
_ESCAPABLE = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"


def live_markup(source: str) -> list[str]:
    """What in ``source`` a Markdown renderer could turn into markup: an unescaped special
    character, or a link/e-mail/shortcode pattern in the unescaped text."""
    found = []
    unescaped = re.sub(rf"\\([{_ESCAPABLE}])", "", source)     # escaped characters are text
    found += [c for c in "*_[]<>`~$|&" if c in unescaped]
    found += re.findall(r"^\s*(?:[#+=>-]|\d+[.)])", unescaped)          # a block at the start
    text = re.sub(rf"\\([{_ESCAPABLE}])", r"\1", source)
    found += [m.group(0) for p in (_URL, _EMAIL, _SHORTCODE) for m in p.finditer(text)]
    return found


def shown_text(source: str) -> str:
    """The text a reader sees (escapes resolved, word joiners invisible)."""
    return re.sub(rf"\\([{_ESCAPABLE}])", r"\1", source).replace(WORD_JOINER, "")


@pytest.mark.parametrize("value", MORE_HOSTILE)
def test_plain_leaves_no_live_markup_and_shows_the_same_text(value):
    out = plain(value)
    assert live_markup(out) == []
    assert shown_text(out) == " ".join(value.splitlines())


def test_the_oracle_sees_markup_in_raw_hostile_text():
    found = live_markup(HOSTILE)
    assert "[" in found and any(f.startswith("http://evil.example") for f in found)
    assert live_markup("mallory@evil.example") and live_markup(":smile:")


def test_plain_of_none_and_numbers():
    assert plain(None) == ""
    assert plain(12.5) == "12.5"
    assert plain("klo 12:30, SD-WAN!") == "klo 12:30, SD-WAN!"
    assert plain("- lista") == "\\- lista" and plain("1. yksi") == "1\\. yksi"
    assert plain("Matti Meikäläinen") == "Matti Meikäläinen"


def test_hover_escapes_html():
    assert hover('<a href="http://evil.example">x</a>') == "&lt;a href=&quot;http://evil.example&quot;&gt;x&lt;/a&gt;"
    assert hover(None) == ""


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)", "data:text/html,x",
    "vbscript:x", "file:///etc/passwd", "//evil.example/x", "http:evil", "\\\\evil\\x", "",
    None, "mailto:x@y.fi",
])
def test_safe_url_refuses_everything_but_http_and_relative(url):
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://example.fi/doc", "http://intra/x?a=1", "ohjeet/sla.pdf",
                                 "/docs/a", "#kohta"])
def test_safe_url_keeps_http_and_relative(url):
    assert safe_url(url) == url


def test_link_is_inert_text_for_an_unsafe_url():
    assert link("ohje", "data:text/html,x") == "ohje"
    assert link("[x](y)", "https://example.fi/a b") == "[\\[x\\](y)](https://example.fi/a%20b)"


def test_safe_markdown_keeps_http_links_and_makes_other_schemes_inert():
    from reporting.ui.text import safe_markdown

    body = ("Ohje: [avaa](https://example.fi/ohje) ja [suhteellinen](ohjeet/sla.md).\n"
            "[paha](data:text/html;base64,PHNjcmlwdD4=) [js](javascript:alert(1)) "
            "[väli]( JaVaScRiPt:alert(1) \"t\") ![kuva](data:image/png;base64,AAAA)\n"
            "<javascript:alert(1)> <https://example.fi/a>\n"
            "[ref]: data:text/html,x\n[ok]: https://example.fi/b\n")
    out = safe_markdown(body)
    assert "[avaa](https://example.fi/ohje)" in out and "[suhteellinen](ohjeet/sla.md)" in out
    assert "<https://example.fi/a>" in out and "[ok]: https://example.fi/b" in out
    lines = out.splitlines()
    assert lines[1] == "paha js väli kuva"                   # labels and alt text, no targets
    assert live_markup(lines[2].split(" <https")[0]) == [] and shown_text(lines[2]).startswith("javascript:alert(1)")
    assert live_markup(lines[3]) == [] and shown_text(lines[3]) == "[ref]: data:text/html,x"
    assert "paha" in shown_text(out) and "kuva" in shown_text(out)
    assert safe_markdown("![t](https://evil.example/t.png) ![k](kuvat/a.png)") == "t ![k](kuvat/a.png)"
