"""The one way in to a draft: every draft view calls :func:`draft_for_request`.

A draft is reached by its owner, signed in, at ``/drafts/<public id>/...``, by anyone
holding its private link, ``/d/<token>/...``, or by a reviewer through a share link,
``/s/<token>/...``. Both links keep their token in every page's address, so a bookmark, another
browser or a colleague with the same link opens the same page for as long as the link is
live; nothing depends on the session. Each way in carries a role (:data:`ROLES`): ``owner``
(signed-in owner or private-link holder), or the share link's ``view``, ``comment`` or
``edit``; a view names the role it needs and a weaker one answers 403. The token is a
capability: 256 random bits from :func:`secrets.token_urlsafe`, stored only as its SHA-256,
so a copy of the database does not reveal working links.

A token that matches nothing raises ``Http404`` (a probe learns nothing); a real link that no
longer opens its draft raises :class:`LinkGone`, which says why: a share link revoked or
expired, a private link replaced or moved to an account with its draft.
"""

from __future__ import annotations

import datetime as dt
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
from drafting.models import Draft, RetiredLink, ShareLink

TOKEN_BYTES = 32  # 256 bits; the URL carries 43 characters
Role = Literal["view", "comment", "edit", "owner"]
ROLES: tuple[Role, ...] = (
    "view",
    "comment",
    "edit",
    "owner",
)  # weakest first; each allows what those before do
# Session key: {public id: SHA-256 of the private link} of drafts this session opened by
# their private link (their owner's session: it may claim them, see draft_claimable).
SESSION_OWNED = "owned_links"
GoneReason = Literal["revoked", "expired", "claimed", "renewed"]
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


class LinkGone(Exception):
    """A real link that no longer opens its draft (answer 410 and say why).

    ``reason`` is one of :data:`GoneReason`: a share link ``revoked`` or ``expired``, a
    private link ``claimed`` (its draft moved to an account) or ``renewed`` (replaced by a
    new private link). ``since`` is when (a datetime, or for ``expired`` the last day the
    link worked, a date); ``ask`` the name of the account that shared the draft ("" when
    there is none); ``draft`` the draft the link opened.
    """

    def __init__(self, reason: GoneReason, since: dt.date | dt.datetime, ask: str, draft: Draft):
        super().__init__(reason)
        self.reason, self.since, self.ask, self.draft = reason, since, ask, draft


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
    when ``via`` is ``"link"`` and the share-link token when it is ``"share"``; ``role``
    one of :data:`ROLES`; ``share`` the :class:`ShareLink` when ``via`` is ``"share"``.
    ``self_review`` is True when a share link is used by the draft's own side: the
    signed-in account owns the draft or made the link, or this session opened the draft by
    its private link.
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
            return _reverse(f"shared-{name}", share_token=self.token or "", **kwargs)
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


def _by_hash(model, token: str):
    """The row of ``model`` whose ``token_hash`` is the token's SHA-256, compared in
    constant time, or None."""
    digest = hash_token(token)
    row = model.objects.select_related("draft").filter(token_hash=digest).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row


def _expired(link: ShareLink) -> bool:
    return link.expires_on is not None and link.expires_on < timezone.now().date()


def _asker(link: ShareLink) -> str:
    """The account that made the share link (else the draft's owner), by name; "" if none."""
    user = link.created_by or link.draft.owner
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def share_link_url(token: str) -> str:
    """The address (path) a share link with ``token`` carries: the shared draft's page."""
    return _reverse("shared-detail", share_token=token)


def share_link_for_token(token: str) -> ShareLink | None:
    """Return the live (not revoked, not expired) share link whose token is ``token``, or
    None. Looked up by the token's SHA-256, compared in constant time."""
    link = _by_hash(ShareLink, token)
    if link is None or link.revoked_at is not None or _expired(link):
        return None
    return link


def _shared(request: HttpRequest, token: str) -> DraftAccess:
    """The access a share-link token gives. A live link always opens, however many wrong
    ones its client tried; a revoked or expired one raises :class:`LinkGone`. A token that
    matches nothing (or a deleted draft's) raises ``Http404`` and counts against the
    client's limit ``ratelimits.SHARE_MISS``; once that is used up, :class:`TooManyAttempts`.
    """
    link = _by_hash(ShareLink, token)
    if link is None or link.draft.deleted_at is not None:
        seconds = ratelimits.retry_after(request, ratelimits.SHARE_MISS)
        if seconds is not None:
            raise TooManyAttempts(seconds)
        ratelimits.hit(request, ratelimits.SHARE_MISS)
        raise Http404("No such draft.")
    if link.revoked_at is not None:
        raise LinkGone("revoked", link.revoked_at, _asker(link), link.draft)
    if _expired(link):
        raise LinkGone("expired", link.expires_on, _asker(link), link.draft)
    user = request.user
    by_account = user.is_authenticated and user.pk in (link.draft.owner_id, link.created_by_id)
    by_session = link.draft.public_id in _owned(request)
    return DraftAccess(
        draft=link.draft,
        via="share",
        token=token,
        role=cast(Role, link.role),
        share=link,
        self_review=bool(by_account or by_session),
    )


def _owned(request: HttpRequest) -> dict[str, str]:
    owned = request.session.get(SESSION_OWNED, {})
    return owned if isinstance(owned, dict) else {}


def _remember_owner(request: HttpRequest, draft: Draft) -> None:
    """Note in the session that it opened ``draft`` by its private link, as its owner.

    A share link the same session opens later is then the owner's own (``self_review``),
    and the session may claim the draft (:func:`draft_claimable`) while that link is the
    draft's current one. Only the link's hash is kept, never the token.
    """
    owned = _owned(request)
    if owned.get(draft.public_id) != draft.link_token_hash:
        owned = {key: value for key, value in owned.items() if key != draft.public_id}
        owned[draft.public_id] = draft.link_token_hash or ""
        request.session[SESSION_OWNED] = dict(list(owned.items())[-OWNED_MAX:])


def draft_claimable(request: HttpRequest, public_id: str) -> Draft:
    """Return the draft ``public_id`` that this session may claim: it opened the draft by
    its private link, and that link is still the draft's current one (a renewed link cuts
    off the sessions of the old one). Raises ``Http404`` otherwise. Lets the sign-in and
    sign-up pages come back to a claim without the token in their ``next`` address.
    """
    digest = _owned(request).get(public_id)
    draft = Draft.objects.filter(public_id=public_id, deleted_at__isnull=True).first()
    if draft is None or not digest or not draft.link_token_hash:
        raise Http404("No such draft.")
    if not hmac.compare_digest(draft.link_token_hash, digest):
        raise Http404("No such draft.")
    return draft


def draft_for_request(
    request: HttpRequest,
    *,
    public_id: str | None = None,
    token: str | None = None,
    share_token: str | None = None,
    need: Role = "view",
) -> DraftAccess:
    """Return the draft the request may open, and how; the one access check of every view.

    With ``token``, anyone holding the private link opens it as ``owner``. With
    ``share_token``, anyone holding a live share link opens its draft with the link's role.
    With ``public_id``, only the signed-in owner may. Raises ``Http404`` for no access
    (unknown token or draft, deleted draft), :class:`LinkGone` for a link that no longer
    opens the draft, :class:`TooManyAttempts` after too many wrong share tokens, and
    ``PermissionDenied`` (403) when the role is weaker than ``need`` (one of :data:`ROLES`).
    """
    access = _access(request, public_id=public_id, token=token, share_token=share_token)
    if access.draft.deleted_at is not None:
        # In the deleted list: only the owner's list of drafts can bring it back.
        raise Http404("No such draft.")
    if not access.allows(need):
        raise PermissionDenied(MSG_ROLE)
    return access


def _access(request, *, public_id, token, share_token) -> DraftAccess:
    if share_token is not None:
        return _shared(request, share_token)
    if token is not None:
        draft = draft_for_link(token)
        if draft is None:
            retired = _by_hash(RetiredLink, token)
            if retired is None or retired.draft.deleted_at is not None:
                raise Http404("No such draft.")
            raise LinkGone(retired.reason, retired.retired_at, "", retired.draft)
        _remember_owner(request, draft)
        return DraftAccess(draft=draft, via="link", token=token)
    user = request.user
    draft = Draft.objects.filter(public_id=public_id).first()
    if draft is None or not user.is_authenticated or draft.owner_id != user.pk:
        raise Http404("No such draft.")
    return DraftAccess(draft=draft, via="owner")
