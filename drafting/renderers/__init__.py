"""Renderers: one assembled :class:`~drafting.assembly.document.Document` in, one file out.

Every format is made from the same Document and decides nothing about which clause applies:

- ``html``: a standalone page (:func:`drafting.renderers.html.render_html`); the web app embeds
  :func:`~drafting.renderers.html.render_html_fragment` in its preview and review pages.
- ``pdf``: WeasyPrint over that page, with a URL fetcher that serves only ``static/``.
- ``docx``: python-docx, with Word heading styles and automatic clause numbering.
- ``json``: the answers and the clauses used, for machines.

Nothing here imports ``django.http``; the heavy libraries (WeasyPrint, python-docx) are
imported only when their format is asked for.
"""

from __future__ import annotations

from typing import Literal

from drafting.assembly.document import Document

Format = Literal["html", "pdf", "docx", "json"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "docx", "json")
CONTENT_TYPES: dict[Format, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
EXTENSIONS: dict[Format, str] = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "json": ".json"}


class UnknownFormatError(ValueError):
    """A format name that is not one of :data:`FORMATS`."""


def render(document: Document, fmt: str) -> bytes:
    """Render ``document`` as ``fmt`` (one of :data:`FORMATS`) and return the file's bytes.

    HTML and JSON are UTF-8 encoded. Raises :class:`UnknownFormatError` for any other format
    name; rendering itself raises nothing for any text the Document holds.
    """
    if fmt == "html":
        from drafting.renderers.html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "pdf":
        from drafting.renderers.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from drafting.renderers.docx import render_docx

        return render_docx(document)
    if fmt == "json":
        from drafting.renderers.json import render_json

        return render_json(document).encode("utf-8")
    raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def format_for_path(name: str) -> Format | None:
    """Return the format whose extension ``name`` ends with (``"x.pdf"`` gives ``"pdf"``),
    or None when it matches none."""
    lowered = name.lower()
    for fmt, extension in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    return None


__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "FORMATS",
    "UnknownFormatError",
    "format_for_path",
    "render",
]
