"""Per-client rate limits, counted in the cache that every worker and server shares.

A limit is named in ``settings.RATE_LIMITS`` as ``{name: (count, seconds)}``: a client may
cause ``count`` events of that kind per window of ``seconds``. Windows are fixed (they start
at multiples of ``seconds`` since the epoch), so a client over the limit knows exactly when it
may try again (``Retry-After``). The counts live in Django's default cache, a database table
by default (see ``settings.CACHES``), so every gunicorn worker and every app server sees the
same count; a count may miss an event when two workers add one at the same instant (the
database cache's increment is a read and a write), which a limit can afford.

The client is :func:`client_address`: the connecting address, or behind trusted proxies the
address the last of them reported. IPv6 clients are counted by their /64 network, which is
what one household or office gets.

- :func:`hit` counts one event, :func:`retry_after` says whether a client is over a limit;
  when the cache cannot be reached both log a warning and let the request through;
- :func:`rate_limited` decorates a view: each POST counts, and a client over the limit gets
  :func:`too_many_requests`, a 429 page with ``Retry-After``.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SHARE_MISS = "share-miss"  # wrong, revoked or expired share-link tokens
SIGN_IN = "sign-in"  # failed sign-ins
DRAFT_NEW = "draft-new"  # drafts started
DRAFT_IMPORT = "draft-import"  # answers files uploaded
logger = logging.getLogger(__name__)
clock = time.time  # the Unix time windows are counted by (a test may fix it)
MSG_TOO_MANY = {
    SHARE_MISS: "Too many links that open nothing were tried from your network.",
    SIGN_IN: "Too many sign-ins failed from your network.",
    DRAFT_NEW: "Too many drafts were started from your network.",
    DRAFT_IMPORT: "Too many answers files were imported from your network.",
}


@dataclass(frozen=True)
class Limit:
    """``count`` events of kind ``name`` per client per window of ``seconds``."""

    name: str
    count: int
    seconds: int

    @classmethod
    def named(cls, name: str) -> Limit:
        """Return the limit ``name`` as settings define it; ``KeyError`` for an unknown one."""
        count, seconds = settings.RATE_LIMITS[name]
        return cls(name, count, seconds)

    def key(self, client: str, now: float) -> str:
        """The cache key counting ``client``'s events in the window holding ``now``."""
        return f"ratelimit:{self.name}:{client}:{int(now // self.seconds)}"

    def seconds_left(self, now: float) -> int:
        """Whole seconds (at least 1) from ``now`` to the end of its window."""
        return max(1, math.ceil(self.seconds - now % self.seconds))


def client_address(request: HttpRequest) -> str:
    """Return the address ``request`` is counted under.

    With ``settings.RATE_LIMIT_TRUSTED_PROXIES`` = n > 0, the n-th entry from the right of the
    comma-separated header ``settings.RATE_LIMIT_CLIENT_HEADER`` (a ``request.META`` key such
    as ``HTTP_X_FORWARDED_FOR``): each trusted proxy appends the address it was reached from,
    so entries further left are whatever the client sent and are ignored. Without trusted
    proxies, or when the header has fewer entries or its entry is not an IP address, the
    connecting address ``REMOTE_ADDR``. An IPv6 address is given as its /64 network.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.RATE_LIMIT_TRUSTED_PROXIES
    if proxies > 0:
        header = request.META.get(settings.RATE_LIMIT_CLIENT_HEADER, "")
        entries = [entry.strip() for entry in header.split(",")]
        forwarded = _counted(entries[-proxies]) if len(entries) >= proxies else None
        if forwarded:
            return forwarded
    return _counted(remote) or remote or "unknown"


def _counted(address: str) -> str | None:
    """``address`` as counted (an IPv6 one as its /64 network), or None if it is not one."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def retry_after(request: HttpRequest, name: str, *, now: float | None = None) -> int | None:
    """Return the seconds until the client of ``request`` may try again when it has used up
    limit ``name`` in the current window, else None. ``now`` is a Unix time (default: now)."""
    limit = Limit.named(name)
    now = clock() if now is None else now
    try:
        used = cache.get(limit.key(client_address(request), now), 0)
    except Exception:  # an unreachable cache (database, Redis) never stops a request
        logger.warning("Could not read the rate-limit count of %s", name, exc_info=True)
        return None
    return limit.seconds_left(now) if used >= limit.count else None


def hit(request: HttpRequest, name: str, *, now: float | None = None) -> None:
    """Count one event of limit ``name`` for the client of ``request``."""
    limit = Limit.named(name)
    now = clock() if now is None else now
    key = limit.key(client_address(request), now)
    try:
        # The entry outlives its window by a little, so it never expires before it ends.
        if not cache.add(key, 1, limit.seconds + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, limit.seconds + 1)
    except Exception:  # an unreachable cache (database, Redis) never stops a request
        logger.warning("Could not count an event of %s", name, exc_info=True)


def too_many_requests(request: HttpRequest, name: str, seconds: int) -> HttpResponse:
    """The 429 page of limit ``name``: what happened and when to try again (``seconds``,
    also sent as ``Retry-After``). Nothing the client had saved is affected."""
    context = {"message": MSG_TOO_MANY[name], "minutes": max(1, math.ceil(seconds / 60))}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(name: str):
    """Decorate a view so that each POST counts against limit ``name`` for its client, and a
    client over the limit gets :func:`too_many_requests` instead of the view. Other methods
    (showing the form) are not counted."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                seconds = retry_after(request, name)
                if seconds is not None:
                    return too_many_requests(request, name, seconds)
                hit(request, name)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
