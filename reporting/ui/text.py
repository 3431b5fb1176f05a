r"""User-supplied text shown as text: the one helper every page uses for a name, a comment, a
service name, an import value or an order field that goes into a Markdown body (st.success,
st.warning, st.markdown, st.caption, labels) or into Plotly's hover text (a small HTML).

Why a backslash is not enough: Streamlit's Markdown (remark-gfm, remark-emoji) turns
``http://...``, ``www.x.y`` and ``name@host.tld`` in the *parsed text* into links, and
``:smile:`` into an emoji, after escapes have been resolved. So ``plain`` does two things:

1. every character that can start inline markup gets a backslash (``\ ` * _ [ ] < > | ~ $ &
   { }``), and a heading, list, quote or rule mark at the start of the text: no emphasis,
   link, image, heading, list, table, colour directive (``:red[...]``), LaTeX (``$...$``) or
   HTML tag (``<img ...>``) is parsed;
2. a WORD JOINER (U+2060, invisible, no width) is put after every ``@``, between ``www`` and
   ``.``, and after a ``:`` that could start a shortcode, an icon or ``://`` (not in a time
   such as 12:30): the literal-link, e-mail and shortcode patterns no longer match, and the
   text still reads the same.

Pure Python (no Streamlit import): charts and tests use it too.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

WORD_JOINER = "\u2060"

# Characters that start inline markup anywhere in a line (emphasis, code, links and
# directives, HTML and autolinks, tables, strike-through, LaTeX, entities, escapes).
_INLINE = re.compile(r"([\\`*_\[\]<>|~$&{}])")
# What starts a block only at the start of the text: headings, lists, quotes, setext rules.
_BLOCK_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)](?:\s|$)))")
_COLON = re.compile(r"(?<!\d):(?=[\w+/-])|:(?=[^\d\s])")
_AT = re.compile(r"@")
_WWW = re.compile(r"(?i)(www)(?=\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(value: object) -> str:
    """``value`` as Markdown source that Streamlit shows literally: no formatting, links,
    images, HTML, emoji shortcodes or icons. None is the empty string. Line breaks are kept
    as spaces (a person's text never starts a new block). Characters that cannot start
    markup where they stand (``-`` inside a word, ``.``, ``!`` before an escaped ``[``) are
    left alone, so the source stays readable."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value))
    text = " ".join(text.splitlines())
    text = _INLINE.sub(r"\\\1", text)
    m = _BLOCK_START.match(text)
    if m:
        lead, mark = m.group(1), m.group(2)
        rest = text[m.end():]
        text = (lead + "\\" + mark + rest) if not mark[0].isdigit() else (lead + mark + "\\" + rest)
    text = _WWW.sub(lambda w: w.group(1) + WORD_JOINER, text)
    text = _AT.sub("@" + WORD_JOINER, text)
    return _COLON.sub(":" + WORD_JOINER, text)


def plain_args(**values: object) -> dict[str, str]:
    """``plain`` applied to every value: for the parameters of a translated message
    (``ctx.t("users.created", **plain_args(name=name))``)."""
    return {key: plain(value) for key, value in values.items()}


def hover(value: object) -> str:
    """``value`` for Plotly hover text and labels, which Plotly reads as a small HTML
    (``<a href>``, ``<b>``, ``<br>``): escaped, so it shows literally."""
    return "" if value is None else html.escape(str(value), quote=True)


_SAFE_SCHEMES = {"http", "https"}


def safe_url(value: object) -> str | None:
    """A link target a page may render: an absolute http(s) URL with a host, or a relative
    path. ``data:``, ``javascript:``, ``vbscript:``, ``file:`` and anything else (schemes are
    checked after removing the whitespace and control characters browsers ignore) give None."""
    if value is None:
        return None
    url = str(value).strip()
    if not url:
        return None
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", url)
    parts = urlsplit(squeezed)
    if parts.scheme:
        if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
            return None
        return url
    if squeezed.startswith("//") or ":" in squeezed.split("/", 1)[0] or "\\" in squeezed:
        return None                              # scheme-relative or a disguised scheme
    return url


def link(label: object, url: object) -> str:
    """A Markdown link with ``label`` shown as text, or the label alone (as text) when the
    URL is not safe (``safe_url``)."""
    target = safe_url(url)
    if target is None:
        return plain(label)
    target = target.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{plain(label)}]({target})"


_INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                          r"(\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)")
_REFERENCE = re.compile(r"(?m)^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(<[^>\n]*>|\S+)(.*)$")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")


def safe_markdown(body: object) -> str:
    """A document's Markdown (Extrawiki, loaded by the operator) with every link, image,
    reference definition and autolink whose target is not ``safe_url`` made inert: a link
    keeps its label as text, an image its alternative text; ``data:``, ``javascript:`` and
    other schemes never become a link; an image only from the app itself (a relative path:
    no tracking image, no request to another host). Raw HTML stays text (pages never allow
    HTML)."""
    if body is None:
        return ""

    def inline(m: re.Match) -> str:
        target = m.group(3).strip("<>")
        image_outside = m.group(1) == "!" and bool(urlsplit(target.strip()).netloc)
        if safe_url(target) is not None and not image_outside:
            return m.group(0)
        return plain(m.group(2))

    def reference(m: re.Match) -> str:
        if safe_url(m.group(2).strip("<>")) is not None:
            return m.group(0)
        return plain(m.group(0).strip())

    def autolink(m: re.Match) -> str:
        return m.group(0) if safe_url(m.group(1)) is not None else plain(m.group(1))

    text = _REFERENCE.sub(reference, str(body))
    text = _INLINE_LINK.sub(inline, text)
    return _AUTOLINK.sub(autolink, text)
