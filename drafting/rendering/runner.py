"""Where a render job runs: this process's warm render child, or this process itself.

Each process that renders keeps one :class:`~drafting.rendering.worker.RenderWorker`
(:func:`get_worker`), made on first use, stopped at interpreter exit and forgotten in a
forked copy of the process (which must not drive its parent's child). With
``RENDER_IN_WORKER`` off every job runs in this process instead (:func:`run_in_process`),
with the same errors but no time or memory limit.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings

from drafting.assembly.document import Document
from drafting.renderers import FORMATS, UnknownFormatError
from drafting.rendering import child
from drafting.rendering.worker import MSG_ERROR, MSG_MEMORY, RenderFailed, RenderWorker

logger = logging.getLogger(__name__)

_worker: RenderWorker | None = None
_worker_lock = threading.Lock()


def get_worker() -> RenderWorker:
    """Return this process's :class:`RenderWorker`, made on first use with the settings."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = RenderWorker()
        return _worker


def start_worker() -> None:
    """Start this process's render child in the background, if rendering uses a worker.

    Optional: the first render starts it otherwise. Call it where a process starts serving
    (a gunicorn ``post_worker_init`` hook) so the first download does not wait for it.
    """
    if settings.RENDER_IN_WORKER:
        get_worker().start()


def stop_worker() -> None:
    """Stop this process's render child, if any (also done at interpreter exit)."""
    worker = _worker
    if worker is not None:
        worker.stop()


def _forget_worker() -> None:
    # A forked copy of a process must not drive its parent's child: make a new one.
    global _worker, _worker_lock
    _worker, _worker_lock = None, threading.Lock()


atexit.register(stop_worker)
os.register_at_fork(after_in_child=_forget_worker)


def run_in_process(function: Callable, *args: Any, label: str = "job") -> Any:
    """Run the render job ``function(*args)`` in this process, with the errors of the worker.

    No time or memory limit: for HTML and JSON, and for every job when
    ``RENDER_IN_WORKER`` is off. Raises :class:`RenderFailed` (``"memory"`` or ``"error"``)
    when the job raises.
    """
    try:
        return function(*args)
    except MemoryError:
        raise RenderFailed(MSG_MEMORY, reason="memory") from None
    except Exception as error:
        logger.exception("A %s render failed", label)
        raise RenderFailed(MSG_ERROR, reason="error") from error


def run_in_worker(
    function: Callable, *args: Any, label: str = "job", timeout: float | None = None
) -> Any:
    """Run the render job ``function(*args)`` (a module-level function of
    :mod:`drafting.rendering.child`, picklable arguments) in this process's warm render
    child, under its time and memory limits, and return its result.

    ``timeout`` overrides ``RENDER_TIMEOUT_SECONDS``; with ``RENDER_IN_WORKER`` off the job
    runs here (:func:`run_in_process`). Raises :class:`RenderFailed`, whose message can be
    shown to the user, when no result comes.
    """
    if not settings.RENDER_IN_WORKER:
        return run_in_process(function, *args, label=label)
    return get_worker().call(function, *args, timeout=timeout, label=label)


def render_in_process(document: Document, fmt: str, publication=None) -> bytes:
    """Render ``document`` as ``fmt`` in this process (see :func:`run_in_process`);
    ``publication`` names the revision for the machine-readable twins (or None).

    Raises :class:`~drafting.renderers.UnknownFormatError` for an unknown format and
    :class:`RenderFailed` (``"memory"`` or ``"error"``) otherwise.
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {FORMATS}")
    extra = () if publication is None else (publication,)
    return run_in_process(child.render_job, document, fmt, *extra, label=fmt)


def render_in_worker(
    document: Document, fmt: str, *, timeout: float | None = None, publication=None
) -> bytes:
    """Render ``document`` as ``fmt`` (``"pdf"``, ``"docx"``, ``"html"``, ``"json"``) in this
    process's warm render child and return the file's bytes.

    ``timeout`` overrides ``RENDER_TIMEOUT_SECONDS``. With ``RENDER_IN_WORKER`` off the same
    render runs in this process (:func:`render_in_process`). Raises
    :class:`~drafting.renderers.UnknownFormatError` for an unknown format and
    :class:`RenderFailed`, whose message can be shown to the user, when no file results.
    """
    if not settings.RENDER_IN_WORKER:
        extra = {} if publication is None else {"publication": publication}
        return render_in_process(document, fmt, **extra)
    return get_worker().render(document, fmt, timeout=timeout, publication=publication)
