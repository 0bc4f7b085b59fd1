"""The render child's side of the worker: a loop that runs render jobs sent over a pipe.

Light to import: the web process imports it for :func:`serve` (the child's entry point) and
:func:`render_job`. The heavy libraries are imported by the child itself, or once in the fork
server (:mod:`drafting.rendering.preload`).

The protocol, one pickled tuple per message:

- child to parent, once: ``("ready", pid)`` or ``("failed", traceback text)``;
- parent to child: ``(job id, function, args)``, or None to stop;
- child to parent: ``(job id, "ok", result)``, ``(job id, "memory", "")`` or
  ``(job id, "error", traceback text)``. After anything but "ok" the child exits.
"""

from __future__ import annotations

import gc
import os
import resource
import signal
import traceback
from multiprocessing.connection import Connection

READY, FAILED = "ready", "failed"
OK, MEMORY, ERROR = "ok", "memory", "error"


def render_job(document, fmt: str, publication=None) -> bytes:
    """Render ``document`` (a Document) as ``fmt``: the job every render sends.
    ``publication`` names the revision for the machine-readable twins (or None)."""
    from drafting import renderers

    return renderers.render(document, fmt, publication)


def redline_pdf_job(old, new, heading, answer_changes) -> bytes:
    """Render the redline of two Documents as a PDF (see
    :func:`drafting.renderers.redline.render_redline_pdf`)."""
    from drafting.renderers.redline import render_redline_pdf

    return render_redline_pdf(old, new, heading, answer_changes)


def tracked_changes_job(old, new, heading, authors) -> bytes:
    """Render the redline of two Documents as a Word file with tracked changes (see
    :func:`drafting.renderers.redline_docx.render_redline_docx`; ``authors`` maps a clause
    id to who changed it)."""
    from drafting.assembly.redline import redline
    from drafting.renderers.redline_docx import render_redline_docx

    return render_redline_docx(redline(old, new), heading, authors)


def docx_comments_job(document, comments) -> bytes:
    """Render ``document`` as DOCX with ``comments`` (DocxComment items) as Word comments."""
    from drafting.renderers.docx import render_docx

    return render_docx(document, comments=comments)


def _start(settings_module: str, memory_limit: int) -> None:
    # Ctrl-C in a terminal signals the whole process group; the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup(set_prefix=False)  # the HTML templates format numbers through Django
    import docx  # noqa: F401
    import weasyprint  # noqa: F401

    from drafting.renderers import docx as _docx  # noqa: F401
    from drafting.renderers import pdf as _pdf  # noqa: F401
    from drafting.renderers import redline as _redline  # noqa: F401


def serve(conn: Connection, settings_module: str, memory_limit: int) -> None:
    """Run render jobs from ``conn`` until the parent sends None or goes away.

    ``settings_module`` is the parent's Django settings module; ``memory_limit`` the address
    space allowed to this process in bytes (0: no limit), so a runaway render raises
    ``MemoryError`` here instead of exhausting the server.
    """
    try:
        _start(settings_module, memory_limit)
    except BaseException:
        conn.send((FAILED, traceback.format_exc()))
        return
    # Everything loaded so far lives as long as the child: out of the collector's sight, the
    # collection after each job only walks what the job made.
    gc.freeze()
    conn.send((READY, os.getpid()))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return  # the parent is gone
        except BaseException:  # a job that cannot be unpickled here
            conn.send((None, ERROR, traceback.format_exc()))
            return
        if message is None:
            return
        job, function, args = message
        try:
            reply = (job, OK, function(*args))
        except MemoryError:
            reply = (job, MEMORY, "")
        except BaseException:
            reply = (job, ERROR, traceback.format_exc())
        conn.send(reply)
        if reply[1] != OK:
            return
        del message, function, args, reply
        # A PDF or DOCX render leaves megabytes of reference cycles (WeasyPrint's boxes,
        # python-docx's element proxies) that only a full collection frees. Collecting now,
        # after the file has gone, keeps the child's size flat and the collection's cost off
        # the next render (docs/performance.md).
        gc.collect()
