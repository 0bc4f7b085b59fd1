"""HTTP details of private-link pages: headers that keep them private, and CSRF that still
works on them.

A page sent with ``Referrer-Policy: no-referrer`` makes the browser send ``Origin: null`` with
every form it posts, even to its own site, and no ``Referer``; Django's CSRF check rejects
both. :func:`same_origin_csrf` accepts such a post when the browser itself vouches, through
the Fetch Metadata header ``Sec-Fetch-Site: same-origin`` (which no page can forge), that it
came from this site, and then runs Django's full CSRF check, token included.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def make_private(response: HttpResponse, *, no_referrer: bool) -> HttpResponse:
    """Mark ``response`` as never to be cached (``Cache-Control: no-store``...) nor indexed
    (``X-Robots-Tag: noindex``), and when ``no_referrer`` also ``Referrer-Policy:
    no-referrer``; return it."""
    add_never_cache_headers(response)
    response.headers["X-Robots-Tag"] = "noindex"
    if no_referrer:
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def same_origin_csrf(view):
    """Protect ``view`` with Django's CSRF check, accepting the ``Origin: null`` that pages
    sent with ``Referrer-Policy: no-referrer`` cause on same-origin posts.

    When ``Origin`` is ``null`` and ``Sec-Fetch-Site`` is ``same-origin``, the request's own
    origin stands in for ``Origin`` before the usual check (token and origin) runs; any other
    request is checked exactly as the middleware would.
    """
    protected = csrf_protect(view)

    @csrf_exempt  # the middleware steps aside; csrf_protect does the same check here
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return protected(request, *args, **kwargs)

    return wrapper
