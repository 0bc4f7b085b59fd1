"""The one way in to a draft: every draft view calls :func:`draft_for_request`.

A draft is reached either by its owner, signed in, at ``/drafts/<public id>/...``, or by
anyone holding its private link, ``/d/<token>/...``. The token is a capability: 256 random
bits from :func:`secrets.token_urlsafe`, stored only as its SHA-256, so a copy of the
database does not reveal working links. Any failure answers 404, never 403, so a probe learns
nothing about which drafts exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.urls import reverse

from drafting.models import Draft

TOKEN_BYTES = 32  # 256 bits; the URL carries 43 characters


def new_link_token() -> tuple[str, str]:
    """Return a fresh private-link token and the SHA-256 hex digest that is stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest (64 characters) of a private-link token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DraftAccess:
    """A draft and the way it was reached; it builds links that stay on the same way in.

    ``via`` is ``"owner"`` or ``"link"``; ``token`` is the private-link token when ``via`` is
    ``"link"``.
    """

    draft: Draft
    via: str
    token: str | None = None

    @property
    def by_link(self) -> bool:
        """Whether the draft was opened through its private link."""
        return self.via == "link"

    def url(self, name: str, **kwargs) -> str:
        """Return the URL of draft view ``name`` (``"step"``, ``"review"``...) on this way in."""
        if self.by_link:
            return reverse(f"link-{name}", kwargs={"token": self.token, **kwargs})
        return reverse(f"draft-{name}", kwargs={"public_id": self.draft.public_id, **kwargs})

    def step_url(self, step_key: str) -> str:
        """Return the URL of wizard step ``step_key``."""
        return self.url("step", step_key=step_key)


def draft_for_link(token: str) -> Draft | None:
    """Return the draft whose private link is ``token``, or None.

    The lookup is by the token's hash, so the database index never sees the token, and the
    hashes are compared in constant time.
    """
    digest = hash_token(token)
    draft = Draft.objects.filter(link_token_hash=digest).first()
    if draft is None or not hmac.compare_digest(draft.link_token_hash, digest):
        return None
    return draft


def draft_for_request(
    request: HttpRequest, *, public_id: str | None = None, token: str | None = None
) -> DraftAccess:
    """Return the draft the request may open, and how; raise ``Http404`` for no access.

    With ``token``, anyone holding the private link may open it. With ``public_id``, only the
    signed-in owner may.
    """
    if token is not None:
        draft = draft_for_link(token)
        if draft is None:
            raise Http404("No such draft.")
        return DraftAccess(draft=draft, via="link", token=token)
    user = request.user
    draft = Draft.objects.filter(public_id=public_id).first()
    if draft is None or not user.is_authenticated or draft.owner_id != user.pk:
        raise Http404("No such draft.")
    return DraftAccess(draft=draft, via="owner")
