"""PDF: WeasyPrint over :func:`~drafting.renderers.html.render_html`, fetching nothing but our
own static files.

The draft holds text typed by users. It is escaped into the HTML, so it can never become a
URL WeasyPrint follows; the fetcher is the second wall: it serves files under ``static/`` and
refuses every other URL (``http:``, ``https:``, ``data:``, ``file:`` elsewhere, traversal).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from drafting.assembly.document import Document
from drafting.renderers import common
from drafting.renderers.html import render_html


class FetchRefusedError(ValueError):
    """The PDF renderer refused a URL: not a ``file:`` URL of a file under ``static/``."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only regular files under ``root``.

    ``fetch(url)`` returns a :class:`weasyprint.urls.URLFetcherResponse` for a ``file:`` URL
    whose resolved path (symbolic links and ``..`` followed) lies inside ``root``; anything
    else raises :class:`FetchRefusedError`. ``refused`` lists the URLs refused so far.
    """

    def __init__(self, root: Path = common.STATIC_DIR):
        # URLFetcher.__init__ would build HTTP(S) handlers and an SSL context (about 50 ms)
        # that this fetcher never uses; set only what WeasyPrint reads.
        request.OpenerDirector.__init__(self)
        self._timeout = 0
        self._http_headers = {}
        self._allowed_protocols = ("file",)
        self._fail_on_errors = False
        self._request = None
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path:
        """Return the file ``url`` names under ``root``; raise :class:`FetchRefusedError`."""
        try:
            parts = urlsplit(url)
        except ValueError:
            raise self._refuse(url, "malformed URL") from None
        if parts.scheme.lower() != "file":
            raise self._refuse(url, f"scheme {parts.scheme or '(none)'!r} is not served")
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "remote file URLs are not served")
        raw_path = unquote(parts.path)
        if "\x00" in raw_path:
            raise self._refuse(url, "NUL in path")
        path = Path(raw_path).resolve()
        if not path.is_relative_to(self.root):
            raise self._refuse(url, f"{path} is outside {self.root}")
        if not path.is_file():
            raise self._refuse(url, f"{path} is not a file")
        return path

    def fetch(self, url, headers=None):
        """Serve ``url`` from ``root`` or raise :class:`FetchRefusedError` (never a network
        request)."""
        path = self.resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": content_type}, 200
        )

    def _refuse(self, url: str, reason: str) -> FetchRefusedError:
        self.refused.append(url)
        return FetchRefusedError(f"refused to fetch {url[:200]!r}: {reason}")


# WeasyPrint lays out a line from a short slice of the text only when that slice holds a
# break opportunity past the first line; otherwise it lays out the whole rest of the
# paragraph, for every line. An unbreakable 10,000-character name took 26 s. Words that long
# (no legal text has them; a hostile answer may) get a zero-width space every BREAK_EVERY
# characters: a break opportunity that draws nothing and is not in the PDF's text.
LONG_WORD = re.compile(r"\S{100,}")
BREAK_EVERY = 16
ZERO_WIDTH_SPACE = "\u200b"
# Fields that name things rather than show text: never altered.
_KEEP = frozenset({"id", "clause_id", "text_hash", "clause_versions", "number"})


def _break_word(match: re.Match) -> str:
    word = match.group()
    return ZERO_WIDTH_SPACE.join(
        word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY)
    )


def _breakable(value):
    if isinstance(value, str):
        return LONG_WORD.sub(_break_word, value)
    if isinstance(value, tuple | list):
        return type(value)(_breakable(item) for item in value)
    if isinstance(value, dict):
        return {key: _breakable(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _breakable(getattr(value, field.name))
            for field in fields(value)
            if field.name not in _KEEP
        }
        return replace(value, **changes)
    return value


def breakable_words(document: Document) -> Document:
    """Return ``document`` with a zero-width space every 16 characters of any word of 100
    or more (the same object when there is none): bounded layout time for any text."""
    texts = [
        document.text(),
        *(f"{g.item} {g.note}" for g in document.glance),
        str(document.answers),  # party names for a signature block the renderer adds
    ]
    if not any(LONG_WORD.search(text) for text in texts):
        return document
    return _breakable(document)


@cache
def base_url() -> str:
    """The base URL relative links in the draft resolve against: ``static/document/``."""
    return common.DOCUMENT_STATIC_DIR.resolve().as_uri() + "/"


PDF_STYLESHEET = common.DOCUMENT_STATIC_DIR / "pdf.css"

# Every PDF the app writes is tagged PDF/UA-1: a structure tree (headings, lists, tables with
# header cells linked to their data cells), the document language from ``<html lang>``, the
# title from ``<title>`` shown by the viewer, the PDF/UA identification in the XMP metadata,
# and page backgrounds (the DRAFT watermark) and borders marked as artifacts. WeasyPrint keeps
# the running header and page numbers (margin boxes) out of the structure tree.
PDF_VARIANT = "pdf/ua-1"


@cache
def pdf_stylesheet() -> CSS:
    """``static/document/pdf.css``, parsed once: layout changes for WeasyPrint alone that make
    it faster and leave the PDF as it was (the file says which and why)."""
    return CSS(
        string=PDF_STYLESHEET.read_text(encoding="utf-8"),
        base_url=base_url(),
        url_fetcher=StaticOnlyFetcher(),
    )


def html_to_pdf(html: str, fetcher: URLFetcher | None = None) -> bytes:
    """Render an HTML page to tagged PDF/UA-1 bytes (:data:`PDF_VARIANT`) with ``fetcher`` (a
    fresh :class:`StaticOnlyFetcher` when None), resolving relative URLs against
    ``static/document/``, with :func:`pdf_stylesheet`. The page should carry ``<html lang>``
    and a ``<title>``: they become the PDF's language and title."""
    return HTML(
        string=html, base_url=base_url(), url_fetcher=fetcher or StaticOnlyFetcher()
    ).write_pdf(stylesheets=[pdf_stylesheet()], pdf_variant=PDF_VARIANT)


def render_pdf(document: Document, *, fetcher: URLFetcher | None = None) -> bytes:
    """Render ``document`` as an A4 tagged PDF/UA-1 (:func:`html_to_pdf`) and return its bytes.

    The page comes from :func:`~drafting.renderers.html.render_html` with
    ``static/document/print.css`` (and ``pdf.css``, :func:`pdf_stylesheet`): page numbers
    "Page N of M", a DRAFT running header and watermark. Very long words get invisible break
    opportunities (:func:`breakable_words`). ``fetcher`` defaults to a
    :class:`StaticOnlyFetcher` (tests pass a spy). No network access and no file outside
    ``static/`` is ever read.
    """
    return html_to_pdf(render_html(breakable_words(document)), fetcher)
