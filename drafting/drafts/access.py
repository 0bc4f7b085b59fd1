"""The one way in to a draft: every draft view calls :func:`draft_for_request`.

A draft is reached by its owner, signed in, at ``/drafts/<public id>/...``, by anyone
holding its private link, ``/d/<token>/...``, or by a reviewer through a share link: the
share link ``/s/<token>/`` is traded once for a grant kept in the session
(:func:`share_grant_for_token`) and the pages are then ``/shared/<public id>/...``. Each way
in carries a role (:data:`ROLES`): ``owner`` (signed-in owner or private-link holder), or
the share link's ``view``, ``comment`` or ``edit``; a view names the role it needs and a
weaker one answers 403. The token is a capability: 256 random
bits from :func:`secrets.token_urlsafe`, stored only as its SHA-256, so a copy of the
database does not reveal working links. Any failure answers 404, never 403, so a probe learns
nothing about which drafts exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from drafting import ratelimits
from drafting.models import Draft, ShareLink

TOKEN_BYTES = 32  # 256 bits; the URL carries 43 characters
Role = Literal["view", "comment", "edit", "owner"]
ROLES: tuple[Role, ...] = (
    "view",
    "comment",
    "edit",
    "owner",
)  # weakest first; each allows what those before do
SESSION_GRANTS = "share_grants"  # session key: {draft public id: share link pk}
SESSION_OWNED = "owned_drafts"  # session key: public ids of drafts opened by private link
OWNED_MAX = 100  # the most recent drafts a session remembers owning
MSG_ROLE = "Your link to this draft does not allow this."
# The one rule of the review: who may send for review, approve and reopen (enforced by
# DraftAccess.can_approve and drafting.review.services.draft_set_status), shown on every
# page of a draft and in the user guide.
APPROVAL_RULE = (
    "The owner, or anyone with an edit link, may send the draft for review. Only a reviewer "
    "with an edit link the owner made for them may approve it, and never the owner: an "
    "approval names its approver and covers one revision. Any saved change withdraws the "
    "approval, under the name of whoever saved it. The owner may reopen the draft for "
    "drafting at any time."
)


class TooManyAttempts(Exception):
    """This client sent too many wrong share-link tokens lately (answer 429); it may try
    again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


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

    ``via`` is ``"owner"``, ``"link"`` or ``"share"``; ``token`` is the private-link token
    when ``via`` is ``"link"``; ``role`` one of :data:`ROLES`; ``share`` the
    :class:`ShareLink` when ``via`` is ``"share"``. ``self_review`` is True when a share
    link is used by the draft's own side: the signed-in account owns the draft or made the
    link, or this session opened the draft by its private link.
    """

    draft: Draft
    via: str
    token: str | None = None
    role: Role = "owner"
    share: ShareLink | None = None
    self_review: bool = False

    @property
    def by_share(self) -> bool:
        """Whether the draft was opened through a reviewer's share link."""
        return self.via == "share"

    def allows(self, role: Role) -> bool:
        """Whether this way in has ``role`` (one of :data:`ROLES`) or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def can_edit(self) -> bool:
        """Whether the answers may be changed (owner or edit role)."""
        return self.allows("edit")

    @property
    def can_comment(self) -> bool:
        """Whether comments may be added, answered, resolved and reopened."""
        return self.allows("comment")

    @property
    def can_approve(self) -> bool:
        """Whether the link's role allows approving: only an edit link does. The owner
        cannot approve their own draft, through their link or through a share link
        (``self_review``: :func:`drafting.review.services.draft_set_status` refuses it)."""
        return self.by_share and self.role == "edit"

    @property
    def by_link(self) -> bool:
        """Whether the draft was opened through its private link."""
        return self.via == "link"

    def url(self, name: str, **kwargs) -> str:
        """Return the URL of draft view ``name`` (``"step"``, ``"review"``...) on this way in."""
        if self.by_link:
            return _reverse(f"link-{name}", token=self.token or "", **kwargs)
        if self.by_share:
            return _reverse(f"shared-{name}", shared_id=self.draft.public_id, **kwargs)
        return _reverse(f"draft-{name}", public_id=self.draft.public_id, **kwargs)

    def step_url(self, step_key: str) -> str:
        """Return the URL of wizard step ``step_key``."""
        return self.url("step", step_key=step_key)


def _reverse(name: str, **kwargs: str) -> str:
    # A draft page links a dozen others and all fifteen steps, and its author opens it
    # again and again: the URLs of the drafts in use are kept (per process, per script
    # prefix, a few thousand at most) instead of reversed anew each time.
    return _reversed(get_script_prefix(), name, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=4096)
def _reversed(prefix: str, name: str, kwargs: tuple[tuple[str, str], ...]) -> str:
    return reverse(name, kwargs=dict(kwargs))


def draft_for_link(token: str) -> Draft | None:
    """Return the draft whose private link is ``token``, or None.

    The lookup is by the token's hash, so the database index never sees the token, and the
    hashes are compared in constant time.
    """
    digest = hash_token(token)
    draft = Draft.objects.filter(link_token_hash=digest).first()
    if draft is None or not hmac.compare_digest(draft.link_token_hash or "", digest):
        return None
    return draft


def _live(link: ShareLink | None) -> bool:
    if link is None or link.revoked_at is not None or link.draft.deleted_at is not None:
        return False
    return link.expires_on is None or link.expires_on >= timezone.now().date()


def share_link_for_token(token: str) -> ShareLink | None:
    """Return the live (not revoked, not expired) share link whose token is ``token``, or
    None. Looked up by the token's SHA-256, compared in constant time."""
    digest = hash_token(token)
    link = ShareLink.objects.select_related("draft").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest) or not _live(link):
        return None
    return link


def share_grant_for_token(request: HttpRequest, token: str) -> Draft:
    """Trade a share-link token for a grant in the session; return the draft it opens.

    A live link always opens, however many wrong ones its client tried. A wrong, revoked or
    expired token raises ``Http404`` and counts against this client's limit
    ``ratelimits.SHARE_MISS``; once that is used up, such a token raises
    :class:`TooManyAttempts` instead.
    """
    link = share_link_for_token(token)
    if link is None:
        seconds = ratelimits.retry_after(request, ratelimits.SHARE_MISS)
        if seconds is not None:
            raise TooManyAttempts(seconds)
        ratelimits.hit(request, ratelimits.SHARE_MISS)
        raise Http404("No such draft.")
    grants = dict(request.session.get(SESSION_GRANTS, {}))
    grants[link.draft.public_id] = link.pk
    request.session[SESSION_GRANTS] = grants
    return link.draft


def _shared(request: HttpRequest, shared_id: str) -> DraftAccess:
    link_id = request.session.get(SESSION_GRANTS, {}).get(shared_id)
    link = (
        ShareLink.objects.select_related("draft")
        .filter(pk=link_id, draft__public_id=shared_id)
        .first()
        if link_id
        else None
    )
    if link is None or not _live(link):
        raise Http404("No such draft.")
    user = request.user
    by_account = user.is_authenticated and user.pk in (link.draft.owner_id, link.created_by_id)
    by_session = shared_id in request.session.get(SESSION_OWNED, ())
    return DraftAccess(
        draft=link.draft,
        via="share",
        role=cast(Role, link.role),
        share=link,
        self_review=bool(by_account or by_session),
    )


def _remember_owner(request: HttpRequest, draft: Draft) -> None:
    """Note in the session that it opened ``draft`` by its private link, as its owner.

    A share link the same session opens later is then the owner's own (``self_review``).
    """
    owned = list(request.session.get(SESSION_OWNED, ()))
    if draft.public_id not in owned:
        request.session[SESSION_OWNED] = [*owned, draft.public_id][-OWNED_MAX:]


def draft_for_request(
    request: HttpRequest,
    *,
    public_id: str | None = None,
    token: str | None = None,
    shared_id: str | None = None,
    need: Role = "view",
) -> DraftAccess:
    """Return the draft the request may open, and how; the one access check of every view.

    With ``token``, anyone holding the private link opens it as ``owner``. With
    ``shared_id`` (a draft's public id), a reviewer whose session holds a grant of a live
    share link of that draft opens it with the link's role. With ``public_id``, only the
    signed-in owner may. Raises ``Http404`` for no access (unknown or deleted draft, revoked
    or expired link, another draft's grant) and ``PermissionDenied`` (403) when the role is
    weaker than ``need`` (one of :data:`ROLES`).
    """
    access = _access(request, public_id=public_id, token=token, shared_id=shared_id)
    if access.draft.deleted_at is not None:
        # In the deleted list: only the owner's list of drafts can bring it back.
        raise Http404("No such draft.")
    if not access.allows(need):
        raise PermissionDenied(MSG_ROLE)
    return access


def _access(request, *, public_id, token, shared_id) -> DraftAccess:
    if shared_id is not None:
        return _shared(request, shared_id)
    if token is not None:
        draft = draft_for_link(token)
        if draft is None:
            raise Http404("No such draft.")
        _remember_owner(request, draft)
        return DraftAccess(draft=draft, via="link", token=token)
    user = request.user
    draft = Draft.objects.filter(public_id=public_id).first()
    if draft is None or not user.is_authenticated or draft.owner_id != user.pk:
        raise Http404("No such draft.")
    return DraftAccess(draft=draft, via="owner")
