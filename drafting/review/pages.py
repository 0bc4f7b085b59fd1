"""What the review's views share: the draft's document for a page, the page of a file that
could not be rendered, and the confirmation step of an action. Views import this module,
services and selectors, never another views module."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from drafting.assembly.document import Document
from drafting.drafts.access import DraftAccess
from drafting.drafts.pages import draft_context
from drafting.drafts.selectors import DocumentUnavailable, draft_document
from drafting.rendering.worker import RenderFailed

CONFIRM = "yes"  # the value of the confirm button of a confirmation page


def review_document(access: DraftAccess) -> Document:
    """The draft's current Document; ``Http404`` on a library fault (nothing to review)."""
    try:
        return draft_document(access.draft)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error


def render_failed(request, access: DraftAccess, error: RenderFailed):
    """The page for a file that could not be rendered: the reason (503), never a 500."""
    context = {**draft_context(request, access), "document_error": str(error)}
    return render(request, "drafts/preview.html", context, status=503)


def confirmed(request) -> bool:
    """Whether the request is the POST of a confirmation page's confirm button."""
    return request.method == "POST" and request.POST.get("confirm") == CONFIRM


def confirm_page(
    request,
    access: DraftAccess,
    *,
    title: str,
    lead: str,
    points=(),
    cancel: str = "detail",
    **fields: str,
):
    """The confirmation page of an action (works without JavaScript): ``title`` and
    ``lead`` say what it does, ``points`` (strings) what follows, ``cancel`` the draft page
    (a view name) that Cancel goes back to; the confirm button posts ``fields`` (name ->
    value) back to the same address with ``confirm``."""
    context = {
        **draft_context(request, access),
        "confirm_title": title,
        "confirm_lead": lead,
        "confirm_points": points,
        "confirm_fields": sorted(fields.items()),
        "confirm": CONFIRM,
        "cancel_url": access.url(cancel),
    }
    return render(request, "review/confirm.html", context)
