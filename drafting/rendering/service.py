"""The rendered file of a draft: assemble, look in the cache, render in the worker, store.

Plain functions for the download views and the render task:

- :func:`document_file` when the caller already assembled the Document (the download view,
  through ``draft_document``, which turns library faults into its own error);
- :func:`rendered_file` from typed answers, the library and pins.

The render task (:mod:`drafting.rendering.tasks`) assembles a draft as the download view does
and calls :func:`render_document`.

PDF, DOCX and the publication bundle (which holds a PDF) are cached
(:mod:`drafting.rendering.cache`) and rendered in the warm worker
(:mod:`drafting.rendering.worker`), one process at a time per file (a lock file beside the
cache entry); HTML, JSON and the machine-readable twins take milliseconds and are rendered
in this process, uncached. The twins and the bundle take a ``publication`` naming the
revision. A cache or lock that cannot be read or written is logged and bypassed: it never
stops a download.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from drafting.assembly.assemble import assemble
from drafting.assembly.document import Document
from drafting.library.model import Library
from drafting.questionnaire.answers import Answers
from drafting.renderers import FORMATS, Publication, UnknownFormatError
from drafting.rendering import cache
from drafting.rendering.worker import render_in_process, render_in_worker

logger = logging.getLogger(__name__)

CACHED_FORMATS = frozenset({"pdf", "docx", "bundle"})


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered file: its ``data``, cache ``key`` (None for uncached formats) and whether
    it came from the cache (``cached``)."""

    data: bytes
    key: str | None
    cached: bool


def render_document(
    *, document: Document, fmt: str, publication: Publication | None = None
) -> Rendered:
    """Return ``document`` rendered as ``fmt``, from the cache when it holds it.

    A PDF or DOCX not in the cache is rendered in the worker and stored, once: a process that
    finds another (the task worker, another download, on any server) rendering the same file
    waits for it (:func:`~drafting.rendering.cache.render_lock`) and returns its file from
    the cache with ``cached=True``; when that render takes too long or fails, it renders
    itself. Raises :class:`~drafting.renderers.UnknownFormatError` for a format not in
    ``FORMATS`` and :class:`~drafting.rendering.worker.RenderFailed` (a message for the user)
    when the render fails; nothing is cached then, so the next attempt renders again.
    ``publication`` names the revision for the twins and the bundle (part of the cache key).
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {FORMATS}")
    if fmt not in CACHED_FORMATS:
        return Rendered(render_in_process(document, fmt, publication), key=None, cached=False)
    key = cache.document_key(document, _key_format(fmt, publication))
    data = _cache_get(key)
    if data is not None:
        return Rendered(data, key=key, cached=True)
    with cache.render_lock(key) as held:
        # Whoever held the lock before us has stored the file, unless its render failed.
        data = _cache_get(key) if held else None
        if data is not None:
            return Rendered(data, key=key, cached=True)
        data = render_in_worker(document, fmt, publication=publication)
        try:
            cache.cache_put(key, data)  # before the lock is released, for those waiting on it
        except OSError:
            logger.warning("Could not write the render cache", exc_info=True)
    return Rendered(data, key=key, cached=False)


def _key_format(fmt: str, publication: Publication | None) -> str:
    """The format as the cache key names it: with the revision for a publication."""
    if publication is None:
        return fmt
    return f"{fmt}|r{publication.revision}|{publication.approved}|{publication.link}"


def _cache_get(key: str) -> bytes | None:
    try:
        return cache.cache_get(key)
    except OSError:
        logger.warning("Could not read the render cache", exc_info=True)
        return None


def document_file(*, document: Document, fmt: str, publication: Publication | None = None) -> bytes:
    """Return the bytes of ``document`` rendered as ``fmt`` (any of ``FORMATS``); see
    :func:`render_document` for ``publication``, caching and errors."""
    return render_document(document=document, fmt=fmt, publication=publication).data


def rendered_file(
    *, answers: Answers, library: Library, pins: Mapping[str, int] | None, fmt: str
) -> bytes:
    """Assemble the draft of ``answers`` from ``library`` with ``pins`` (``{clause id:
    version}``; None or empty for the newest versions) and return it rendered as ``fmt``.

    A second call with unchanged inputs costs an assembly (milliseconds) and a file read.
    Raises :class:`~drafting.assembly.assemble.AssemblyError` when the library cannot
    assemble it, :class:`~drafting.renderers.UnknownFormatError` and
    :class:`~drafting.rendering.worker.RenderFailed` as :func:`render_document` does.
    """
    document = assemble(answers, library, pins or None)
    return document_file(document=document, fmt=fmt)
