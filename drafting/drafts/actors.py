"""Who is acting on a draft, as revisions, comments, status changes and the activity name them.

A signed-in person is their account's username. Someone without an account holds a link:
a reviewer's share link, or the owner's private link. A share-link holder is asked once for a
display name (kept in the session, changeable), and is named by it with the link's label:
``"Mererid (link: for the elders)"``. The owner on the private link may give a name too and
is otherwise ``"Owner (private link)"``.
"""

from __future__ import annotations

from django.http import HttpRequest

from drafting.drafts.access import DraftAccess

SESSION_NAME = "display_name"  # session key: the display name of a visitor without an account
NAME_MAX = 60
ACTOR_MAX = 150  # the width of every stored actor name
OWNER_BY_LINK = "Owner (private link)"
UNNAMED = "Unnamed reviewer"


def display_name(request: HttpRequest) -> str:
    """Return the display name this session gave (``""`` when none)."""
    return str(request.session.get(SESSION_NAME, ""))


def display_name_set(request: HttpRequest, name: str) -> None:
    """Keep ``name`` (already validated: 1 to :data:`NAME_MAX` characters, no bidi control
    characters) as this session's display name, collapsing runs of spaces."""
    request.session[SESSION_NAME] = " ".join(name.split())[:NAME_MAX]


def needs_display_name(request: HttpRequest, access: DraftAccess) -> bool:
    """Whether to ask this visitor for a display name first: a share-link holder without an
    account whose session has none yet."""
    return access.by_share and not request.user.is_authenticated and not display_name(request)


def link_description(access: DraftAccess) -> str:
    """The share link as the actor's name shows it: ``"link: <label>"`` or ``"<role> link"``."""
    share = access.share
    if share is None:
        return "private link"
    return f"link: {share.label}" if share.label else f"{share.role} link"


def actor_name(request: HttpRequest, access: DraftAccess) -> str:
    """Return who is acting through ``access``, at most :data:`ACTOR_MAX` characters.

    The account's username when signed in; else, on a share link, the session's display
    name with the link's label (:data:`UNNAMED` when none was given); on the private link,
    the display name marked as the owner's, or :data:`OWNER_BY_LINK`.
    """
    user = request.user
    if user.is_authenticated:
        return user.get_username()[:ACTOR_MAX]
    name = display_name(request)
    if access.by_share:
        return f"{name or UNNAMED} ({link_description(access)})"[:ACTOR_MAX]
    return f"{name} (owner, private link)"[:ACTOR_MAX] if name else OWNER_BY_LINK


def actor_user(request: HttpRequest):
    """Return the signed-in user, or None."""
    return request.user if request.user.is_authenticated else None
