"""Rendered files, cached on disk under a key that names everything the file depends on.

The keys are :mod:`drafting.rendering.keys`: an unchanged draft is rendered once and anything
that could change the file changes the key instead. Nothing is ever invalidated: a stale
entry is simply never asked for again, and :func:`cache_prune` removes the least recently
used files beyond ``RENDER_CACHE_MAX_BYTES``.

The store is plain files, ``<RENDER_CACHE_DIR>/<key[:2]>/<key>``, written to a temporary file
in the same folder and moved into place with :func:`os.replace`, so a reader sees a whole file
or none. That makes a shared file store (NFS, a mounted volume) safe for several app servers
and task workers at once: two writers of one key write the same bytes, and the last rename
wins.

Beside each entry being rendered lies its render lock, ``<key>.lock`` (:func:`render_lock`), so
that of the processes wanting the same uncached file at once (the task worker and a download,
two downloads, on any server) one renders and the others wait and then read its file. The
lock only saves work: correctness never depends on it, since two renders of one key write the
same bytes atomically.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from filelock import SoftFileLock, Timeout

logger = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
TEMP_PREFIX = ".tmp-"
# A read refreshes a file's mtime (its "last used" time for pruning) at most this often, to
# spare a shared file store one metadata write per download.
TOUCH_AFTER_SECONDS = 3600
# cache_put prunes at most this often per process (even an unbounded cache, for leftovers);
# temporary files older than this are the leftovers of a writer that died, and pruning
# removes them.
PRUNE_EVERY_SECONDS = 300
STALE_TEMP_SECONDS = 3600
# Pruning removes files until the cache is this fraction of RENDER_CACHE_MAX_BYTES.
PRUNE_TO = 0.9
# Render locks: ``<key>.lock``, and ``<key>.lock.break.<pid>.<token>``, what filelock may leave
# of a lock it was breaking when its process died.
LOCK_SUFFIX = ".lock"
LOCK_PATTERN = re.compile(r"[0-9a-f]{64}\.lock(\..+)?")
# A render that hit its time or memory limit leaves ``<key>.failed`` (its reason inside) for
# RENDER_FAILURE_MEMORY_SECONDS, so asking again does not spend the limit again.
FAILED_SUFFIX = ".failed"
FAILED_PATTERN = re.compile(r"[0-9a-f]{64}\.failed")
# A process waits for another's render of the same file for RENDER_TIMEOUT_SECONDS plus this
# (by then that render has finished or been killed), then renders itself.
LOCK_MARGIN_SECONDS = 5.0
# How often a waiting process looks at the lock file (a stat on the shared store).
LOCK_POLL_SECONDS = 0.1
# No render holds its lock this long: waiting its turn in its process (at most
# RENDER_TIMEOUT_SECONDS), starting a render child (at most a minute), rendering (at most
# RENDER_TIMEOUT_SECONDS) and storing the file. An older lock file was left by a process that
# died holding it, and pruning removes it.
STALE_LOCK_SECONDS = 600

_prune_lock = threading.Lock()
_last_prune = [0.0]


def cache_dir() -> Path:
    """Return the cache folder, ``settings.RENDER_CACHE_DIR`` (created on first write)."""
    return Path(settings.RENDER_CACHE_DIR)


def cache_path(key: str) -> Path:
    """Return where the file of ``key`` is stored. Raises ``ValueError`` for anything that
    is not 64 lower-case hex digits (so no key can name a path outside the cache)."""
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise ValueError(f"not a render cache key: {key!r}")
    return cache_dir() / key[:2] / key


def lock_path(key: str) -> Path:
    """Return the path of the render lock of ``key``, beside its file. Raises ``ValueError``
    for a malformed key, as :func:`cache_path` does."""
    path = cache_path(key)
    return path.with_name(path.name + LOCK_SUFFIX)


def lock_timeout() -> float:
    """Return how long, in seconds, :func:`render_lock` waits by default: one render's
    wall-clock limit (``RENDER_TIMEOUT_SECONDS``) plus :data:`LOCK_MARGIN_SECONDS`."""
    return float(settings.RENDER_TIMEOUT_SECONDS) + LOCK_MARGIN_SECONDS


@contextmanager
def render_lock(key: str, *, timeout: float | None = None) -> Iterator[bool]:
    """Hold the render lock of ``key`` while the ``with`` block runs; yield whether it is held.

    Waits at most ``timeout`` seconds (default :func:`lock_timeout`) for another process or
    thread rendering the same file. Yields False, holding nothing, when the lock could not be
    had in time or the store cannot hold a lock file: the caller renders anyway, since the lock
    only saves work (two renders of one key store the same bytes). A caller that gets the lock
    should look in the cache again before rendering: whoever held it may have stored the
    file. Raises ``ValueError`` for a malformed key; lock faults are logged, never raised.
    """
    path = lock_path(key)
    timeout = lock_timeout() if timeout is None else timeout
    # SoftFileLock, not FileLock: the lock is the lock file's existence, taken with an
    # exclusive create (O_CREAT | O_EXCL), which NFS (v3 and later) and other shared stores
    # make atomic for every server mounting them, and release removes the file. FileLock's
    # flock() is advisory and, on many shared stores (a ``nolock`` NFS mount, SMB and FUSE
    # volumes), local to one kernel: the app servers would silently not exclude one another.
    # The price is a lock file left by a process that dies holding it: filelock itself
    # removes one whose process is gone on the same server (releases that record the
    # holder's pid and host, 3.22 on), a waiter on another server renders after ``timeout``
    # anyway, and cache_prune removes lock files older than stale_lock_seconds().
    lock = SoftFileLock(str(path), timeout=timeout)
    held = False
    try:
        lock.acquire(timeout=timeout, poll_interval=LOCK_POLL_SECONDS)
        held = True
    except Timeout:  # an OSError too, so caught first
        logger.warning("Render lock %s not had in %g s; rendering without it", path.name, timeout)
    except OSError:
        logger.warning("Could not take the render lock %s", path.name, exc_info=True)
    try:
        yield held
    finally:
        if held:
            try:
                lock.release()
            except OSError:
                logger.warning("Could not release the render lock %s", path.name, exc_info=True)


def failure_path(key: str) -> Path:
    """Return the path of the failure record of ``key``, beside its file. Raises
    ``ValueError`` for a malformed key."""
    path = cache_path(key)
    return path.with_name(path.name + FAILED_SUFFIX)


def failure_get(key: str) -> str | None:
    """Return the reason (``"timeout"`` or ``"memory"``) recorded by :func:`failure_put` for
    ``key`` less than ``RENDER_FAILURE_MEMORY_SECONDS`` ago, or None. Never raises for a
    store fault (logged; None); ``ValueError`` for a malformed key."""
    path = failure_path(key)
    try:
        if time.time() - path.stat().st_mtime >= settings.RENDER_FAILURE_MEMORY_SECONDS:
            return None
        return path.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        logger.warning("Could not read the render failure record of %s", key, exc_info=True)
        return None


def failure_put(key: str, reason: str) -> None:
    """Record that rendering ``key`` failed for ``reason`` (``"timeout"``, ``"memory"``).

    Does nothing when ``RENDER_FAILURE_MEMORY_SECONDS`` is 0. Never raises for a store fault
    (logged); ``ValueError`` for a malformed key.
    """
    if not settings.RENDER_FAILURE_MEMORY_SECONDS:
        return
    path = failure_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(reason, encoding="ascii")
    except OSError:
        logger.warning("Could not record the render failure of %s", key, exc_info=True)


def is_locked(key: str) -> bool:
    """Whether a render of ``key`` holds its lock now (somewhere: the lock file is shared).

    A lock file older than :func:`stale_lock_seconds` belongs to a process that died and does
    not count. Raises ``ValueError`` for a malformed key.
    """
    try:
        age = time.time() - lock_path(key).stat().st_mtime
    except FileNotFoundError:
        return False
    except OSError:
        logger.warning("Could not look at the render lock of %s", key, exc_info=True)
        return False
    return age < stale_lock_seconds()


def cache_get(key: str) -> bytes | None:
    """Return the cached file of ``key``, or None when there is none.

    Refreshes the file's mtime (its last use, for :func:`cache_prune`) when older than an
    hour. Raises ``ValueError`` for a malformed key and ``OSError`` when the store cannot be
    read (not for a missing file).
    """
    path = cache_path(key)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        if time.time() - path.stat().st_mtime > TOUCH_AFTER_SECONDS:
            os.utime(path)
    except OSError:
        pass  # pruned meanwhile, or a read-only store: the file was read all the same
    return data


def cache_put(key: str, data: bytes) -> Path:
    """Store ``data`` as the file of ``key`` atomically and return its path.

    Written to a temporary file beside it, flushed to disk, then renamed over any previous
    file, so readers (on any server sharing the store) never see part of a file. Prunes the
    cache now and then (:func:`cache_prune`). Raises ``ValueError`` for a malformed key and
    ``OSError`` when the store cannot be written.
    """
    path = cache_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _maybe_prune()
    return path


def _maybe_prune() -> None:
    if time.monotonic() - _last_prune[0] < PRUNE_EVERY_SECONDS:
        return
    if not _prune_lock.acquire(blocking=False):
        return
    try:
        _last_prune[0] = time.monotonic()
        # With an unbounded cache (0) this still removes the leftovers of dead processes.
        cache_prune(max_bytes=settings.RENDER_CACHE_MAX_BYTES)
    except OSError:
        logger.warning("Could not prune the render cache", exc_info=True)
    finally:
        _prune_lock.release()


def stale_lock_seconds() -> float:
    """Return the age in seconds beyond which a render lock file is a dead holder's leftover:
    :data:`STALE_LOCK_SECONDS`, or four lock waits when ``RENDER_TIMEOUT_SECONDS`` is long."""
    return max(float(STALE_LOCK_SECONDS), 4 * lock_timeout())


def cache_prune(*, max_bytes: int | None = None) -> int:
    """Remove least recently used files until the cache holds at most 90% of ``max_bytes``
    (default ``settings.RENDER_CACHE_MAX_BYTES``; 0 means unbounded), and the leftovers of
    processes that died: temporary files older than an hour and render lock files older than
    :func:`stale_lock_seconds`, and failure records older than
    ``RENDER_FAILURE_MEMORY_SECONDS``. Returns how many files were removed.

    Only cached files count towards the size; lock files, and files the cache did not write,
    neither count nor are removed as entries. Safe to run on several servers at once: a file
    another server removed first is skipped, and a reader that already opened a removed file
    still reads all of it. Raises ``OSError`` when the store cannot be listed.
    """
    limit = settings.RENDER_CACHE_MAX_BYTES if max_bytes is None else max_bytes
    root = cache_dir()
    if not root.is_dir():
        return 0
    now, removed, entries, total = time.time(), 0, [], 0
    stale_lock = stale_lock_seconds()
    for path in root.glob("??/*"):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if FAILED_PATTERN.fullmatch(path.name):
            if now - stat.st_mtime > settings.RENDER_FAILURE_MEMORY_SECONDS:
                path.unlink(missing_ok=True)
                removed += 1
            continue
        if path.name.startswith(TEMP_PREFIX) or LOCK_PATTERN.fullmatch(path.name):
            stale = STALE_TEMP_SECONDS if path.name.startswith(TEMP_PREFIX) else stale_lock
            if now - stat.st_mtime > stale:
                path.unlink(missing_ok=True)
                removed += 1
            continue
        if not KEY_PATTERN.fullmatch(path.name):
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
        total += stat.st_size
    if not limit or total <= limit:
        return removed
    for _mtime, size, path in sorted(entries):
        if total <= limit * PRUNE_TO:
            break
        path.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed
