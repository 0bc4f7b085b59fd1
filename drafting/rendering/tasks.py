"""Rendering off the request path: a task that fills the render cache, and its queueing.

Saving a wizard step calls :func:`queue_render`; by the time the author clicks "Download",
a task worker has rendered the new revision and the download is a file read.

Backends (``TASKS`` in settings, env ``DJANGO_TASKS_BACKEND``):

- default, ``django.tasks.backends.immediate.ImmediateBackend``: no worker to run. A task
  would run inside the save request, so ``RENDER_QUEUE_ON_SAVE`` defaults to off with it and
  downloads render on demand (then from the cache).
- production, ``django_tasks_db.DatabaseBackend``: tasks are rows in the database, run by
  ``python manage.py db_worker`` (one or more, on any server; ``--reload`` is on when
  ``DJANGO_DEBUG`` is). ``RENDER_QUEUE_ON_SAVE`` defaults to on. Old results are removed by
  ``python manage.py prune_db_task_results``.

A task that fails (or whose worker is killed) leaves nothing behind but its result row: the
draft is untouched and the download renders the file itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.tasks import TaskResult, task

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.rendering.service import CACHED_FORMATS, answers_from_data, render_document

logger = logging.getLogger(__name__)

QUEUED_FORMATS = ("pdf", "docx")


@task()
def render_revision_task(answers_data: dict, pins: dict, fmt: str) -> dict:
    """Render one revision of a draft as ``fmt`` into the render cache.

    ``answers_data`` is the nested answers document the draft pages assemble from (see
    :func:`~drafting.rendering.service.answers_from_data`), ``pins`` the draft's ``{clause
    id: version}`` (empty: newest versions), ``fmt`` ``"pdf"`` or ``"docx"``; all JSON.
    Returns ``{"key": cache key, "format": fmt, "bytes": size, "cached": already there}``.
    Raises ``AnswersError``, ``AssemblyError``, ``UnknownFormatError`` or ``RenderFailed``,
    which the task backend records as the task's failure.
    """
    answers = answers_from_data(answers_data)
    document = assemble(answers, get_library(), pins or None)
    rendered = render_document(document=document, fmt=fmt)
    return {
        "key": rendered.key,
        "format": fmt,
        "bytes": len(rendered.data),
        "cached": rendered.cached,
    }


def queue_render(
    *,
    answers_data: Mapping[str, Any],
    pins: Mapping[str, int] | None,
    formats: Iterable[str] = QUEUED_FORMATS,
) -> list[TaskResult]:
    """Queue a :func:`render_revision_task` per format (PDF and DOCX by default) and return
    their task results; return ``[]`` without queueing when ``RENDER_QUEUE_ON_SAVE`` is off.

    Arguments as the task's. Call it in the transaction that saves the revision: with the
    database backend the task rows commit (or roll back) with it. Never raises: a task that
    cannot be queued is logged, since the download renders on demand anyway. Raises
    ``ValueError`` only for a format that is not cached (HTML, JSON), a programming error.
    """
    formats = tuple(formats)
    unknown = [fmt for fmt in formats if fmt not in CACHED_FORMATS]
    if unknown:
        raise ValueError(f"only {sorted(CACHED_FORMATS)} are rendered ahead, not {unknown}")
    if not settings.RENDER_QUEUE_ON_SAVE:
        return []
    results = []
    for fmt in formats:
        try:
            results.append(
                render_revision_task.enqueue(
                    answers_data=dict(answers_data), pins=dict(pins or {}), fmt=fmt
                )
            )
        except Exception:
            logger.exception("Could not queue a %s render", fmt)
    return results
