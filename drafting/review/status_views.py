"""Status and activity pages: HTTP only. Sending for review, approving and reopening, each
confirmed first and announced after; and the draft's activity (who did what, when)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from drafting.drafts.access import APPROVAL_RULE
from drafting.drafts.actors import actor_name
from drafting.drafts.pages import draft_context, draft_page
from drafting.models import Draft
from drafting.review import activity, services
from drafting.review.pages import confirm_page, confirmed

MSG_APPROVE_ROLE = "Only a reviewer with an edit link can approve the draft."
MSG_REOPEN_ROLE = "Only the draft's owner can reopen it for drafting."
_WORDS = {
    Draft.Status.IN_REVIEW: ("Send for review", "Send revision {revision} for review?"),
    Draft.Status.APPROVED: ("Approve revision {revision}", "Approve revision {revision}?"),
    Draft.Status.DRAFTING: ("Reopen for drafting", "Reopen the draft for drafting?"),
}
_POINTS = {
    Draft.Status.IN_REVIEW: (
        "Reviewers see that the draft is ready for them; you can still change it.",
        "The draft's owner is told by email when a reviewer sends it.",
    ),
    Draft.Status.APPROVED: (
        "The approval names you as approver and covers this revision's text: its PDF and "
        "DOCX carry an approval record with its SHA-256 fingerprint.",
        "Any change saved after it withdraws the approval, under the name of whoever saved.",
    ),
    Draft.Status.DRAFTING: (
        "The draft leaves review; any approval in force is withdrawn.",
        "Comments and history stay as they are.",
    ),
}


def _check_role(access, target: str) -> None:
    if target == Draft.Status.APPROVED and not access.can_approve:
        raise PermissionDenied(MSG_APPROVE_ROLE)
    if target == Draft.Status.DRAFTING and not access.allows("owner"):
        raise PermissionDenied(MSG_REOPEN_ROLE)


@require_http_methods(["GET", "POST"])
@draft_page(need="edit")
def status(request, access):
    """Move the draft to "in review" (owner or edit role), "approved" (an edit share link,
    not the owner's own) or back to "drafting" (the owner), as ``status`` names it, once
    confirmed: a GET, or a POST without ``confirm``, shows what the move does. The outcome
    is a message on the next page."""
    target = request.POST.get("status") or request.GET.get("status") or ""
    if target not in _WORDS:
        messages.error(request, "Choose what to do with the draft.")
        return redirect(access.url("detail"))
    _check_role(access, target)
    revision = access.draft.revision
    if not confirmed(request):
        title, lead = (text.format(revision=revision) for text in _WORDS[target])
        return confirm_page(
            request,
            access,
            title=title,
            lead=lead,
            points=(*_POINTS[target], APPROVAL_RULE),
            status=target,
        )
    try:
        draft = services.draft_set_status(
            draft=access.draft,
            status=target,
            by_name=actor_name(request, access),
            by_owner=not access.by_share,
            self_review=access.self_review,
        )
    except services.ApprovalBlocked as error:
        messages.error(request, str(error))
        return redirect(access.url("review"))
    except services.ReviewError as error:
        messages.error(request, str(error))  # shown on the draft's page
    else:
        messages.success(request, services.DONE[target].format(revision=draft.revision))
    return redirect(access.url("detail"))


@require_GET
@draft_page
def activity_page(request, access):
    """Who did what on the draft, newest first: saves, comments, status changes, links."""
    context = {
        **draft_context(request, access, review_page="activity"),
        "events": activity.draft_activity(access.draft),
        "rule": APPROVAL_RULE,
    }
    return render(request, "review/activity.html", context)
