"""Renderers: one assembled :class:`~drafting.assembly.document.Document` in, one file out.

Every format is made from the same Document and decides nothing about which clause applies:

- ``html``: a standalone page (:func:`drafting.renderers.html.render_html`); the web app embeds
  :func:`~drafting.renderers.html.render_html_fragment` in its preview and review pages.
- ``pdf``: WeasyPrint over that page, with a URL fetcher that serves only ``static/``.
- ``docx``: python-docx, with Word heading styles and automatic clause numbering.
- ``json``: the answers and the clauses used, for machines, with the obligations calendar.
- the machine-readable twins, each from the Document through
  :func:`drafting.renderers.terms.licence_terms`: ``odrl`` (ODRL 2.2 policy), ``card``
  (Hugging Face dataset card), ``ics`` (obligations calendar), ``spdx`` (SPDX 3.0.1),
  ``croissant`` (Croissant 1.1), ``signals`` (TDMRep, AI preferences, robots.txt) and
  ``bundle`` (a ZIP of all of them with the PDF, the DOCX and SHA-256 hashes). They take an
  optional :class:`~drafting.renderers.terms.Publication` naming the revision.

Nothing here imports ``django.http``; the heavy libraries (WeasyPrint, python-docx) are
imported only when their format is asked for.
"""

from __future__ import annotations

from typing import Literal

from drafting.assembly.document import Document
from drafting.renderers.terms import Publication

Format = Literal[
    "html", "pdf", "docx", "json", "odrl", "card", "ics", "spdx", "croissant", "signals", "bundle"
]
FORMATS: tuple[Format, ...] = (
    "html",
    "pdf",
    "docx",
    "json",
    "odrl",
    "card",
    "ics",
    "spdx",
    "croissant",
    "signals",
    "bundle",
)
# The machine-readable twins: rendered in this process (milliseconds), never cached.
TWIN_FORMATS: tuple[Format, ...] = ("odrl", "card", "ics", "spdx", "croissant", "signals")
# The formats that name a revision (take a Publication): the twins and the bundle.
PUBLICATION_FORMATS: tuple[Format, ...] = (*TWIN_FORMATS, "bundle")
CONTENT_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "odrl": "application/ld+json",
    "card": "text/markdown; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "spdx": "application/spdx+json",
    "croissant": "application/ld+json",
    "signals": "application/zip",
    "bundle": "application/zip",
}
EXTENSIONS: dict[Format, str] = {
    "html": ".html",
    "pdf": ".pdf",
    "docx": ".docx",
    "json": ".json",
    "odrl": ".odrl.jsonld",
    "card": ".md",
    "ics": ".ics",
    "spdx": ".spdx3.json",
    "croissant": ".croissant.jsonld",
    "signals": ".signals.zip",
    "bundle": ".zip",
}


class UnknownFormatError(ValueError):
    """A format name that is not one of :data:`FORMATS`."""


def render(document: Document, fmt: str, publication: Publication | None = None) -> bytes:
    """Render ``document`` as ``fmt`` (one of :data:`FORMATS`) and return the file's bytes.

    Text formats are UTF-8 encoded. ``publication`` names the revision for the twins (the
    other formats ignore it); None describes a draft. Raises :class:`UnknownFormatError`
    for any other format name; rendering itself raises nothing for any text the Document
    holds.
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
    if fmt == "odrl":
        from drafting.renderers.odrl import render_odrl

        return render_odrl(document, publication).encode("utf-8")
    if fmt == "card":
        from drafting.renderers.card import render_card

        return render_card(document, publication).encode("utf-8")
    if fmt == "ics":
        from drafting.renderers.calendar import render_ics

        return render_ics(document, publication)
    if fmt == "spdx":
        from drafting.renderers.spdx import render_spdx

        return render_spdx(document, publication).encode("utf-8")
    if fmt == "croissant":
        from drafting.renderers.croissant import render_croissant

        return render_croissant(document, publication).encode("utf-8")
    if fmt == "signals":
        from drafting.renderers.signals import render_signals

        return render_signals(document, publication)
    if fmt == "bundle":
        from drafting.renderers.bundle import render_bundle

        return render_bundle(document, publication)
    raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def format_for_path(name: str) -> Format | None:
    """Return the format whose extension ``name`` ends with (``"x.pdf"`` gives ``"pdf"``),
    or None when it matches none."""
    lowered = name.lower()
    by_length = sorted(EXTENSIONS.items(), key=lambda item: -len(item[1]))
    for fmt, extension in by_length:
        if lowered.endswith(extension):
            return fmt
    return None


__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "FORMATS",
    "PUBLICATION_FORMATS",
    "TWIN_FORMATS",
    "Publication",
    "UnknownFormatError",
    "format_for_path",
    "render",
]
