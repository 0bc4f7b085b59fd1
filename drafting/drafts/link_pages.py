"""The pages a link answers when it no longer opens its draft, or never did.

A revoked or expired share link, and a private link replaced by a new one, answer 410 with a
page that says which, since when, and whom to ask. A private link whose draft moved to an
account takes that account, signed in, to the same page of the draft; anyone else learns
that the draft moved (410, nothing of the draft shown). A token that matches nothing answers
a styled 404. Every one of these pages is private (no-store, noindex, no Referer).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from drafting.drafts.access import DraftAccess, LinkGone, TooManyAttempts
from drafting.drafts.http import make_private
from drafting.ratelimits import SHARE_MISS, too_many_requests


def _owner_page(request: HttpRequest, gone: LinkGone) -> str:
    """The address, on the owner's way in, of the page the old private link asked for."""
    match = request.resolver_match
    name = match.url_name if match else None
    kwargs = {key: value for key, value in (match.kwargs if match else {}).items()}
    kwargs.pop("token", None)
    if name and name.startswith("link-"):
        return reverse(
            f"draft-{name.removeprefix('link-')}",
            kwargs={**kwargs, "public_id": gone.draft.public_id},
        )
    return DraftAccess(draft=gone.draft, via="owner").url("detail")


def link_gone_response(request: HttpRequest, gone: LinkGone) -> HttpResponse:
    """Answer a link that no longer opens its draft (see the module docstring)."""
    user = request.user
    if gone.reason == "claimed" and user.is_authenticated and gone.draft.owner_id == user.pk:
        return make_private(redirect(_owner_page(request, gone)), no_referrer=True)
    context = {"reason": gone.reason, "since": gone.since, "ask": gone.ask}
    response = render(request, "drafts/link_gone.html", context, status=410)
    return make_private(response, no_referrer=True)


def link_unknown_response(request: HttpRequest) -> HttpResponse:
    """Answer 404 for a token that matches no link, saying what may have happened."""
    response = render(request, "drafts/link_unknown.html", status=404)
    return make_private(response, no_referrer=True)


def link_limited_response(request: HttpRequest, limited: TooManyAttempts) -> HttpResponse:
    """Answer 429 to a client that sent too many wrong share-link tokens lately."""
    response = too_many_requests(request, SHARE_MISS, limited.retry_after)
    return make_private(response, no_referrer=True)
