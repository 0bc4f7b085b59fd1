"""A warm render worker: PDF and DOCX are made in a child process the web process supervises.

Each process that renders (a gunicorn worker, the task worker) keeps one child, started on
first use (or by :func:`start_worker`) and reused for ``RENDER_RECYCLE_AFTER`` renders:

- **isolation**: the child comes from the ``forkserver`` start method, never a fork of the
  web process (whose database connections and threads it must not share). The fork server
  preloads WeasyPrint, python-docx and the renderers (:mod:`drafting.rendering.preload`), so
  a new child starts without importing them.
- **wall-clock limit**: the parent waits ``RENDER_TIMEOUT_SECONDS`` for the file, then kills
  the child and starts another.
- **memory limit**: the child limits its own address space to ``RENDER_MEMORY_LIMIT_BYTES``
  (``RLIMIT_AS``), so a pathological render raises ``MemoryError`` there, not in the server.
- **recycling**: python-docx's and WeasyPrint's objects are freed only by the cyclic garbage
  collector, so the child collects after sending each file (:func:`~drafting.rendering.child.
  serve`), and is retired after ``RENDER_RECYCLE_AFTER`` renders and after any failure
  whatever slowly accumulates; its replacement is started at once and warms up in the
  background.

Every failure reaches the caller as :class:`RenderFailed` with a message fit for the user and a
``reason``; the parent itself never dies of a render. One render runs at a time per process
(a lock): other threads wait their turn. Which worker a process uses, and running a job in
the process itself when ``RENDER_IN_WORKER`` is off, is :mod:`drafting.rendering.runner`.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from multiprocessing.reduction import ForkingPickler
from typing import Any

from django.conf import settings

from drafting.assembly.document import Document
from drafting.renderers import FORMATS, UnknownFormatError
from drafting.rendering import child

logger = logging.getLogger(__name__)

MSG_TIMEOUT = (
    "Rendering this draft took longer than {seconds:g} seconds and was stopped. Please try "
    "again; if it happens again, download another format or shorten the longest answers."
)
MSG_MEMORY = (
    "Rendering this draft needed more memory than a render may use and was stopped. Please "
    "download another format, or shorten the longest answers and try again."
)
MSG_CRASHED = "The renderer stopped unexpectedly while rendering this draft. Please try again."
MSG_ERROR = (
    "This draft could not be rendered. The problem was logged; please try again, or "
    "download another format."
)
MSG_UNAVAILABLE = (
    "The renderer could not be started. The problem was logged; please try again in a few minutes."
)
MSG_BUSY = "The renderer is busy with other drafts. Please try again in a moment."

# How long a new child may take to import and set up Django (WeasyPrint's import is the
# bulk of it when the fork server has not preloaded it), and to exit when asked.
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 5.0
PRELOAD = ["drafting.rendering.preload"]


class RenderFailed(RuntimeError):
    """A render did not produce a file. ``str(error)`` is a message to show the user;
    ``reason`` is one of ``"timeout"``, ``"memory"``, ``"crashed"``, ``"error"``,
    ``"unavailable"``, ``"busy"`` (details are logged, never shown)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass
class WorkerStats:
    """Counters of one :class:`RenderWorker`: successful ``renders``, ``failures``, child
    ``starts``, ``recycles`` (children retired after ``recycle_after`` renders) and the
    resident size in bytes of the last child retired that way (``retired_rss``, Linux)."""

    renders: int = 0
    failures: int = 0
    starts: int = 0
    recycles: int = 0
    retired_rss: int | None = None


@cache
def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Takes effect when the fork server starts, which is on this module's first child
    # unless something else in the process started one before.
    context.set_forkserver_preload(PRELOAD)
    return context


def _settings_module() -> str:
    return (
        getattr(settings, "SETTINGS_MODULE", None)
        or os.environ.get("DJANGO_SETTINGS_MODULE")
        or "drafting.settings"
    )


def process_rss(pid: int | None) -> int | None:
    """Return the resident set size of process ``pid`` in bytes (``VmRSS`` of
    ``/proc/<pid>/status``), or None when it cannot be read (no such process, not Linux)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class RenderWorker:
    """One supervised render child (see the module docstring).

    ``timeout`` (seconds), ``memory_limit`` (bytes, 0 for none) and ``recycle_after``
    (renders) default to ``RENDER_TIMEOUT_SECONDS``, ``RENDER_MEMORY_LIMIT_BYTES`` and
    ``RENDER_RECYCLE_AFTER``. Thread-safe. Most code wants
    :func:`~drafting.rendering.runner.render_in_worker`, which
    uses the process's own worker (:mod:`~drafting.rendering.runner`); tests and benchmarks
    make their own.
    """

    def __init__(
        self,
        *,
        timeout: float | None = None,
        memory_limit: int | None = None,
        recycle_after: int | None = None,
    ):
        self.timeout = float(settings.RENDER_TIMEOUT_SECONDS if timeout is None else timeout)
        self.memory_limit = int(
            settings.RENDER_MEMORY_LIMIT_BYTES if memory_limit is None else memory_limit
        )
        self.recycle_after = int(
            settings.RENDER_RECYCLE_AFTER if recycle_after is None else recycle_after
        )
        self.stats = WorkerStats()
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn = None
        self._ready = False
        self._done = 0  # renders by the current child
        self._job = 0

    @property
    def pid(self) -> int | None:
        """The current child's process id, or None when none is running."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def child_rss(self) -> int | None:
        """The current child's resident set size in bytes, or None (see :func:`process_rss`)."""
        return process_rss(self.pid)

    def start(self) -> None:
        """Start the child now if none is running, without waiting for it to be ready.

        Raises :class:`RenderFailed` (``"unavailable"``) when no process can be started.
        """
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._discard()
                self._spawn()

    def stop(self) -> None:
        """Stop the child after any render in progress, and start none. Idempotent."""
        with self._lock:
            self._discard(graceful=True)

    def render(
        self, document: Document, fmt: str, *, timeout: float | None = None, publication=None
    ) -> bytes:
        """Render ``document`` as ``fmt`` in the child and return the file's bytes.

        ``timeout`` overrides this worker's limit in seconds; ``publication`` (a
        :class:`~drafting.renderers.terms.Publication` or None) names the revision for
        the twins. Raises
        :class:`~drafting.renderers.UnknownFormatError` for a format not in ``FORMATS`` and
        :class:`RenderFailed` when the render fails, times out, runs out of memory or the
        child dies; the next render gets a fresh child.
        """
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown format {fmt!r}: choose one of {FORMATS}")
        return self.call(child.render_job, document, fmt, publication, timeout=timeout, label=fmt)

    def call(
        self, function: Callable, *args: Any, timeout: float | None = None, label: str = "job"
    ) -> Any:
        """Run ``function(*args)`` in the child and return its result, under this worker's
        limits. ``function`` must be a module-level function and ``args`` and the result
        picklable. ``label`` names the job in logs. Raises :class:`RenderFailed` as
        :meth:`render` does (an exception raised by ``function`` gives ``"error"``).
        """
        timeout = self.timeout if timeout is None else float(timeout)
        # Waiting longer than one render may take means the renders queued here will not
        # finish in time anyway.
        if not self._lock.acquire(timeout=timeout):
            raise RenderFailed(MSG_BUSY, reason="busy")
        try:
            return self._call(function, args, timeout, label)
        finally:
            self._lock.release()

    # Everything below runs under self._lock.

    def _call(self, function: Callable, args: tuple, timeout: float, label: str) -> Any:
        self._job += 1
        try:
            # bytes, not the memoryview dumps returns: a view kept alive by a traceback
            # would pin its buffer (BufferError when collected).
            message = bytes(ForkingPickler.dumps((self._job, function, args)))
        except Exception as error:
            logger.exception("Could not send the %s job to the render child", label)
            raise RenderFailed(MSG_ERROR, reason="error") from error
        conn = self._ready_connection()
        started = time.monotonic()
        try:
            conn.send_bytes(message)
            if not conn.poll(timeout):
                self._fail(f"{label} render killed after {timeout:g} s", kill=True)
                raise RenderFailed(MSG_TIMEOUT.format(seconds=timeout), reason="timeout")
            job, status, payload = conn.recv()
        except (EOFError, OSError) as error:
            exitcode = self._fail(f"render child died during a {label} render")
            logger.error(
                "The render child died (exit code %s) after %.1f s",
                exitcode,
                time.monotonic() - started,
            )
            raise RenderFailed(MSG_CRASHED, reason="crashed") from error
        if status == child.OK and job == self._job:
            self._succeeded()
            return payload
        self._fail(f"{label} render failed in the child: {status}")
        if status == child.MEMORY:
            raise RenderFailed(MSG_MEMORY, reason="memory")
        logger.error("A %s render raised in the render child:\n%s", label, payload)
        raise RenderFailed(MSG_ERROR, reason="error")

    def _ready_connection(self):
        """Return the connection to a ready child, starting one if needed."""
        if self._process is not None and not self._process.is_alive():
            logger.warning(
                "The render child exited between renders (exit code %s)", self._process.exitcode
            )
            self._discard()
        if self._process is None:
            self._spawn()
        if not self._ready:
            try:
                if not self._conn.poll(STARTUP_TIMEOUT_SECONDS):
                    raise TimeoutError(f"not ready after {STARTUP_TIMEOUT_SECONDS:g} s")
                kind, detail = self._conn.recv()
                if kind != child.READY:
                    raise RuntimeError(f"the child could not start:\n{detail}")
            except (EOFError, OSError, RuntimeError) as error:
                self._discard()
                self.stats.failures += 1
                logger.error("The render child did not start: %s", error)
                raise RenderFailed(MSG_UNAVAILABLE, reason="unavailable") from error
            self._ready = True
        return self._conn

    def _spawn(self) -> None:
        context = _context()
        parent_conn, child_conn = context.Pipe()
        process = context.Process(
            target=child.serve,
            args=(child_conn, _settings_module(), self.memory_limit),
            name="license-drafter-render",
            daemon=True,
        )
        try:
            process.start()
        except Exception as error:  # OSError, or a fork server that cannot start
            parent_conn.close()
            logger.exception("Could not start a render child")
            raise RenderFailed(MSG_UNAVAILABLE, reason="unavailable") from error
        finally:
            child_conn.close()  # so that the child's death reads as end of file here
        self._process, self._conn, self._ready, self._done = process, parent_conn, False, 0
        self.stats.starts += 1

    def _discard(self, *, graceful: bool = False) -> int | None:
        """Stop the child (asking it to exit, or killing it) and return its exit code."""
        process, conn = self._process, self._conn
        self._process, self._conn, self._ready = None, None, False
        if process is None:
            return None
        if graceful:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            process.join(STOP_TIMEOUT_SECONDS)
        if process.exitcode is None:
            process.kill()
            process.join(STOP_TIMEOUT_SECONDS)
        conn.close()
        exitcode = process.exitcode
        if exitcode is not None:
            process.close()
        return exitcode

    def _fail(self, why: str, *, kill: bool = False) -> int | None:
        """Count a failure, replace the child, and return the old child's exit code."""
        self.stats.failures += 1
        logger.warning("Replacing the render child: %s", why)
        exitcode = self._discard(graceful=not kill)
        self._respawn()
        return exitcode

    def _succeeded(self) -> None:
        self.stats.renders += 1
        self._done += 1
        if self._done >= self.recycle_after:
            self.stats.retired_rss = process_rss(self._process.pid)
            self.stats.recycles += 1
            self._discard(graceful=True)
            self._respawn()

    def _respawn(self) -> None:
        """Start the next child now, so it warms up before it is needed."""
        with contextlib.suppress(RenderFailed):  # logged; the next render tries again
            self._spawn()
