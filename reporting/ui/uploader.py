"""Streamlit's file uploader in the chosen language.

Streamlit 1.67's ``st.file_uploader`` has no way to translate its own texts (the "Upload"
button, "100MB per file • CSV, TXT ..." and, while a file is dragged over it, "Drag and drop
files here"; checked in its frontend source). So the page adds a stylesheet that hides those
English texts and shows the language's own in their place (CSS generated content). The texts
come from reporting.i18n; they are escaped for a CSS string."""

from __future__ import annotations

from collections.abc import Sequence

from reporting.i18n import fmt_number, t


def _css_string(text: str) -> str:
    """A CSS string literal: backslashes, quotes and line ends escaped, no markup possible."""
    out = []
    for ch in text:
        if ch in '\\"' or ord(ch) < 0x20 or ch in "<>&":
            out.append(f"\\{ord(ch):06x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def uploader_css(lang: str, max_mb: int, types: Sequence[str]) -> str:
    """The stylesheet (a <style> element) that puts the language's texts on every file
    uploader of the page."""
    limit = t("upload.limit", lang, mb=fmt_number(max_mb, lang),
              types=", ".join(x.upper() for x in types))
    button = t("upload.button", lang)
    drop = t("upload.drop", lang)
    zone = '[data-testid="stFileUploaderDropzone"]'
    instr = '[data-testid="stFileUploaderDropzoneInstructions"]'
    return (
        "<style>"
        f"{instr} span {{font-size:0 !important}}"
        f"{instr} span::after {{content:{_css_string(limit)};font-size:0.875rem}}"
        f"{zone} button > * {{display:none}}"      # the icon and "Upload" (and their gap)
        f"{zone} button::after {{content:{_css_string(button)};font-size:0.875rem}}"
        f"{zone} > div:not({instr}):not(:has(button)) span {{font-size:0 !important}}"
        f"{zone} > div:not({instr}):not(:has(button)) span::after {{content:{_css_string(drop)};"
        "font-size:1rem}"
        "</style>")
