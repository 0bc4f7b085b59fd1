"""Rendering ahead: a task that fills the render cache with a draft's newest revision, and its
queueing.

Saving a wizard step calls :func:`queue_render`; by the time the author clicks "Download",
a task worker has rendered the new revision and the download is a file read.

- **coalescing**: a task names a draft and the revision saved, not its answers. When it runs
  it reads the draft, and if the author has saved again since, it returns as superseded for
  the cost of one query: however many saves queued tasks, only the newest revision renders.
- **priority**: the save whose redirect goes to the review page, where the download buttons
  are (the last step, or "Save and return to review"), queues at :data:`REVIEW_PRIORITY`,
  other steps at :data:`STEP_PRIORITY` and only after ``RENDER_STEP_DELAY_SECONDS``, so the
  worker renders first what is about to be downloaded and seldom a revision the author
  replaces a few seconds later. PDF is queued before DOCX.
- **single flight**: the task renders through
  :func:`~drafting.rendering.service.render_document`, which holds the file's render lock,
  so a download that arrives during the task's render waits for its file instead of
  rendering it again (and a task that finds a download rendering the file waits for it).

Backends (``TASKS`` in settings, env ``DJANGO_TASKS_BACKEND``):

- default, ``django.tasks.backends.immediate.ImmediateBackend``: no worker to run. A task
  would run inside the save request, so ``RENDER_QUEUE_ON_SAVE`` defaults to off with it and
  downloads render on demand (then from the cache).
- production, ``django_tasks_db.DatabaseBackend``: tasks are rows in the database, run by
  ``python manage.py db_worker`` (one or more, on any server; ``--reload`` is on when
  ``DJANGO_DEBUG`` is) highest priority first, then oldest first. ``RENDER_QUEUE_ON_SAVE``
  defaults to on. Old results are removed by ``python manage.py prune_db_task_results``.

A task that fails (or whose worker is killed) leaves nothing behind but its result row: the
draft is untouched and the download renders the file itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import transaction
from django.tasks import TaskResult, task
from django.tasks.base import DEFAULT_TASK_PRIORITY
from django.utils import timezone

from drafting.drafts.selectors import draft_document, draft_publication
from drafting.models import Draft
from drafting.renderers import PUBLICATION_FORMATS
from drafting.rendering import cache, keys
from drafting.rendering.service import CACHED_FORMATS, render_document

logger = logging.getLogger(__name__)

# PDF first: the worker takes tasks of equal priority oldest first.
QUEUED_FORMATS = ("pdf", "docx")
# django.tasks priorities (-100 to 100, higher first; the default is 0).
REVIEW_PRIORITY = 10
STEP_PRIORITY = DEFAULT_TASK_PRIORITY
SUPERSEDED = "superseded"
# Formats a download never renders in the web process when a task worker runs: a PDF takes
# seconds, and a sync web worker waiting for it serves nobody else meanwhile. DOCX takes
# tens of milliseconds and is rendered on the spot.
WORKER_ONLY_FORMATS = frozenset({"pdf"})
# A download page that asked for a render asks again only after this long (per process).
REQUEST_AGAIN_SECONDS = 10


@task()
def render_revision_task(draft_id: str, revision: int, fmt: str) -> dict:
    """Render revision ``revision`` of the draft ``draft_id`` (its ``public_id``) as ``fmt``
    (``"pdf"`` or ``"docx"``) into the render cache, unless a newer revision superseded it.

    The arguments are JSON, as a task's must be. The draft is assembled exactly as its
    download assembles it (:func:`~drafting.drafts.selectors.draft_document`), so the file
    lands under the key the download asks for. Returns
    ``{"draft": draft_id, "revision": revision, "format": fmt, "skipped": "superseded",
    "current_revision": the draft's revision or None}`` after one query and no render when
    the draft is gone or its revision is no longer ``revision``; otherwise ``{"draft",
    "revision", "format", "skipped": None, "key": cache key, "bytes": size, "cached": whether
    the file was there already (or rendered meanwhile by a download)}``. Raises
    :class:`~drafting.drafts.selectors.DocumentUnavailable` (a clause library fault),
    :class:`~drafting.renderers.UnknownFormatError` or
    :class:`~drafting.rendering.worker.RenderFailed`, which the task backend records as the
    task's failure.
    """
    result = {"draft": draft_id, "revision": revision, "format": fmt}
    draft = Draft.objects.filter(public_id=draft_id).first()
    if draft is None or draft.revision != revision:
        current = draft.revision if draft is not None else None
        return result | {"skipped": SUPERSEDED, "current_revision": current}
    rendered = render_document(document=draft_document(draft), fmt=fmt)
    return result | {
        "skipped": None,
        "key": rendered.key,
        "bytes": len(rendered.data),
        "cached": rendered.cached,
    }


def queue_render(
    *,
    draft_id: str,
    revision: int,
    for_review: bool = False,
    formats: Iterable[str] = QUEUED_FORMATS,
) -> list[TaskResult]:
    """Queue a :func:`render_revision_task` of revision ``revision`` of the draft ``draft_id``
    (its ``public_id``) per format, PDF then DOCX by default, and return their task results
    in that order; return ``[]`` without queueing when ``RENDER_QUEUE_ON_SAVE`` is off.

    ``for_review`` is True for the save that leads to the review page and its download
    buttons: the tasks get :data:`REVIEW_PRIORITY` instead of :data:`STEP_PRIORITY` (when
    the backend supports priorities) and run at once; other saves' tasks wait
    ``settings.RENDER_STEP_DELAY_SECONDS`` before they may run (when the backend can defer),
    by which time a brisk author has usually saved the next step and they skip. Call it in
    the transaction that saves the revision.
    Never raises: tasks that cannot be queued are logged (none of them is queued then),
    since the download renders on demand anyway. Raises ``ValueError`` only for a format
    that is not cached (HTML, JSON), a programming error.
    """
    formats = tuple(formats)
    unknown = [fmt for fmt in formats if fmt not in CACHED_FORMATS]
    if unknown:
        raise ValueError(f"only {sorted(CACHED_FORMATS)} are rendered ahead, not {unknown}")
    if not settings.RENDER_QUEUE_ON_SAVE:
        return []
    try:
        queued = render_revision_task
        backend = queued.get_backend()
        if backend.supports_priority:
            queued = queued.using(priority=REVIEW_PRIORITY if for_review else STEP_PRIORITY)
        delay = settings.RENDER_STEP_DELAY_SECONDS
        if not for_review and delay and backend.supports_defer:
            # An author saving step after step supersedes each revision within seconds;
            # waiting before the render spares the worker a PDF nobody downloads.
            queued = queued.using(run_after=timezone.now() + timedelta(seconds=delay))
        # Queued inside the caller's transaction rather than on commit: django_tasks_db
        # inserts the task rows through the same connection, so they commit with the
        # revision (a worker never sees a task before its revision, which it would skip as
        # superseded) and vanish with it on a rollback, at no extra commit per save.
        # transaction.on_commit would cost a second transaction and leave a saved revision
        # with nothing queued when the process dies between the two. The savepoint keeps a
        # failed insert from aborting the caller's transaction: PostgreSQL refuses every
        # later statement of an aborted transaction, and the author's save would be lost.
        with transaction.atomic():
            return [
                queued.enqueue(draft_id=draft_id, revision=revision, fmt=fmt) for fmt in formats
            ]
    except Exception:
        logger.exception("Could not queue the renders of draft %s revision %s", draft_id, revision)
        return []


def rendered_for_download(draft: Draft, fmt: str) -> bytes | None:
    """Return the rendered file a download of ``draft`` as ``fmt`` should send, or None when
    the task worker is rendering it and the page should ask again shortly.

    Without a task queue (``RENDER_QUEUE_ON_SAVE`` off), and for formats not in
    :data:`WORKER_ONLY_FORMATS`, a file not cached is rendered here
    (:func:`~drafting.rendering.service.render_document`). Otherwise a file not cached yet
    is queued at :data:`REVIEW_PRIORITY`, unless a render of it holds its lock or this
    process asked for it less than :data:`REQUEST_AGAIN_SECONDS` ago, and None is returned.
    Raises :class:`~drafting.drafts.selectors.DocumentUnavailable` (a clause library
    fault) and :class:`~drafting.rendering.worker.RenderFailed` as ``render_document`` does.
    """
    if fmt not in WORKER_ONLY_FORMATS or not settings.RENDER_QUEUE_ON_SAVE:
        publication = draft_publication(draft) if fmt in PUBLICATION_FORMATS else None
        return render_document(
            document=draft_document(draft), fmt=fmt, publication=publication
        ).data
    key = _download_key(draft, fmt)
    data = _cached(key)
    if data is not None:
        return data
    first_ask = django_cache.add(f"render-asked:{key}", True, REQUEST_AGAIN_SECONDS)
    if first_ask and not cache.is_locked(key):
        queue_render(
            draft_id=draft.public_id, revision=draft.revision, for_review=True, formats=(fmt,)
        )
        # With the immediate backend (a development set-up) the file is there now.
        data = _cached(key)
    return data


# (draft public id, revision, format) -> render cache key, in this process. A revision's
# answers and pins never change, so neither does its key while the clause library and the
# renderers are the ones this process loaded: a page asking again every 2 s for a PDF being
# rendered costs a dictionary lookup instead of an assembly.
_download_keys: dict[tuple[str, int, str], str] = {}
DOWNLOAD_KEYS_KEPT = 1024


def _download_key(draft: Draft, fmt: str) -> str:
    memo = (draft.public_id, draft.revision, fmt)
    key = _download_keys.get(memo)
    if key is None:
        key = keys.document_key(draft_document(draft), fmt)
        if len(_download_keys) >= DOWNLOAD_KEYS_KEPT:
            _download_keys.pop(next(iter(_download_keys)))  # the oldest
        _download_keys[memo] = key
    return key


def _cached(key: str) -> bytes | None:
    try:
        return cache.cache_get(key)
    except OSError:
        logger.warning("Could not read the render cache", exc_info=True)
        return None
