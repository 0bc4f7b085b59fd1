"""Every rendered file takes this road: look in the cache, render in the worker, store.

Plain functions for the download views, the review's files and the render task:

- :func:`render_document` / :func:`document_file` when the caller already assembled the
  Document (the download view, through ``draft_document``, which turns library faults into
  its own error); :func:`rendered_file` from typed answers, the library and pins;
- :func:`redline_file`: the redline PDF of two revisions;
- :func:`tracked_changes_file`: the redline of two revisions as Word tracked changes;
- :func:`commented_docx_file`: the DOCX with the review's comments.

The render task (:mod:`drafting.drafts.tasks`) assembles a draft as the download view does
and calls :func:`render_document`.

PDF, DOCX and the publication bundle (which holds a PDF) are cached
(:mod:`drafting.rendering.cache`) and rendered in the warm worker
(:mod:`drafting.rendering.worker`), one process at a time per file (a lock file beside the
cache entry); HTML, JSON and the machine-readable twins are rendered in this process,
uncached (their cost: docs/performance.md). The twins and the bundle take a ``publication``
naming the revision. A cache or lock that cannot be read or written is logged and bypassed:
it never stops a download.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drafting.assembly.assemble import assemble
from drafting.assembly.document import Document
from drafting.assembly.redline import AnswerChange, RedlineHeading
from drafting.library.model import Library
from drafting.questionnaire.answers import Answers
from drafting.renderers import FORMATS, Publication, UnknownFormatError
from drafting.rendering import cache, child, keys
from drafting.rendering.runner import render_in_process, run_in_worker
from drafting.rendering.worker import MSG_MEMORY, RenderFailed

if TYPE_CHECKING:  # the renderers' modules import WeasyPrint and python-docx
    from drafting.renderers.docx import DocxComment
    from drafting.renderers.redline_docx import TrackedChangesHeading

logger = logging.getLogger(__name__)

CACHED_FORMATS = frozenset({"pdf", "docx", "bundle"})
# Failures that the same render would meet again: remembered for a while.
REMEMBERED_FAILURES = frozenset({"timeout", "memory"})
MSG_FAILED_BEFORE = (
    "This file could not be made when it was last asked for, so it is not tried again yet."
)
MSG_TIMEOUT_BEFORE = (
    "Rendering it took longer than a render may take. Please download another format, or "
    "shorten the longest answers and try again."
)


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
    when the render fails; nothing is cached then. A render that hit the time or memory
    limit is remembered (:func:`~drafting.rendering.cache.failure_put`): asking again within
    ``RENDER_FAILURE_MEMORY_SECONDS`` raises ``RenderFailed`` at once.
    ``publication`` names the revision for the twins and the bundle (part of the cache key).
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {FORMATS}")
    if fmt not in CACHED_FORMATS:
        return Rendered(render_in_process(document, fmt, publication), key=None, cached=False)
    extra = () if publication is None else (publication,)
    key = keys.document_key(document, _key_format(fmt, publication))
    return _cached_render(key, child.render_job, document, fmt, *extra)


def redline_file(
    *,
    old: Document,
    new: Document,
    heading: RedlineHeading,
    answer_changes: tuple[AnswerChange, ...] = (),
) -> Rendered:
    """Return the redline PDF of ``old`` to ``new`` (two revisions of a draft), rendered in
    the render child and cached under :func:`~drafting.rendering.keys.redline_key`.

    ``heading`` names the draft and the revisions; ``answer_changes`` are listed before the
    clauses. Caching, locking and errors as :func:`render_document`.
    """
    key = keys.redline_key(old, new, heading, answer_changes)
    return _cached_render(key, child.redline_pdf_job, old, new, heading, tuple(answer_changes))


def tracked_changes_file(
    *,
    old: Document,
    new: Document,
    heading: TrackedChangesHeading,
    authors: Mapping[str, str] | None = None,
) -> Rendered:
    """Return the redline of ``old`` to ``new`` as a Word file (DOCX bytes in ``data``) with
    every change tracked, rendered in the render child and cached under
    :func:`~drafting.rendering.keys.tracked_changes_key`.

    ``heading`` gives the title, introduction, date and default author; ``authors`` maps a
    clause id to the author of its changes. Caching, locking and errors as
    :func:`render_document`.
    """
    authors = dict(authors or {})
    key = keys.tracked_changes_key(old, new, heading, authors)
    return _cached_render(key, child.tracked_changes_job, old, new, heading, authors)


def commented_docx_file(*, document: Document, comments: Sequence[DocxComment]) -> Rendered:
    """Return ``document`` as DOCX with ``comments`` as native Word comments, rendered in the
    render child and cached under :func:`~drafting.rendering.keys.commented_docx_key`.
    Caching, locking and errors as :func:`render_document`."""
    comments = tuple(comments)
    key = keys.commented_docx_key(document, comments)
    return _cached_render(key, child.docx_comments_job, document, comments)


def _cached_render(key: str, job: Callable[..., bytes], *args: Any) -> Rendered:
    """The road of every cached file: the cache, else the failure record, else the lock
    and one render of ``job(*args)`` in the worker, stored before the lock is released."""
    data = _cache_get(key)
    if data is not None:
        return Rendered(data, key=key, cached=True)
    _raise_if_failed_before(key)
    with cache.render_lock(key) as held:
        # Whoever held the lock before us has stored the file, unless its render failed.
        data = _cache_get(key) if held else None
        if data is not None:
            return Rendered(data, key=key, cached=True)
        if held:
            _raise_if_failed_before(key)
        try:
            data = run_in_worker(job, *args, label=job.__name__)
        except RenderFailed as error:
            if error.reason in REMEMBERED_FAILURES:
                cache.failure_put(key, error.reason)
            raise
        try:
            cache.cache_put(key, data)  # before the lock is released, for those waiting on it
        except OSError:
            logger.warning("Could not write the render cache", exc_info=True)
    return Rendered(data, key=key, cached=False)


def _raise_if_failed_before(key: str) -> None:
    reason = cache.failure_get(key)
    if reason is not None:
        message = MSG_MEMORY if reason == "memory" else MSG_TIMEOUT_BEFORE
        raise RenderFailed(MSG_FAILED_BEFORE + " " + message, reason=reason)


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

    A second call with unchanged inputs costs an assembly and a file read, no render.
    Raises :class:`~drafting.assembly.assemble.AssemblyError` when the library cannot
    assemble it, :class:`~drafting.renderers.UnknownFormatError` and
    :class:`~drafting.rendering.worker.RenderFailed` as :func:`render_document` does.
    """
    document = assemble(answers, library, pins or None)
    return document_file(document=document, fmt=fmt)
