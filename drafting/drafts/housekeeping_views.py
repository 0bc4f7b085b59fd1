"""The owner's housekeeping on "My drafts": rename, duplicate, delete and bring back.

HTTP only, as in :mod:`drafting.drafts.views`: each view checks access through the one
access function (signed-in owner only), calls one function of
:mod:`drafting.drafts.housekeeping`, says what happened with a message and returns to the
list.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from drafting.drafts import housekeeping
from drafting.drafts.access import draft_for_request
from drafting.drafts.selectors import draft_label
from drafting.drafts.steps import stored_values
from drafting.models import KEEP_DELETED_DAYS, Draft


def _owned(request, public_id: str) -> Draft:
    return draft_for_request(request, public_id=public_id, need="owner").draft


def _label(draft: Draft) -> str:
    return draft_label(stored_values(draft.answers), name=draft.name)


@login_required
@require_POST
def draft_rename_view(request, public_id):
    """Rename the draft to the posted ``name`` (empty: back to the dataset's name)."""
    draft = _owned(request, public_id)
    try:
        housekeeping.draft_rename(draft=draft, name=request.POST.get("name", ""))
    except housekeeping.HousekeepingError as error:
        messages.error(request, f"“{_label(draft)}” was not renamed: {error}")
    else:
        messages.success(request, f"Renamed to “{_label(draft)}”.")
    return redirect("draft-list")


@login_required
@require_POST
def draft_duplicate_view(request, public_id):
    """Copy the draft into a new draft of the same owner, named "Copy of ..."."""
    draft = _owned(request, public_id)
    copy = housekeeping.draft_duplicate(
        draft=draft, owner=request.user, name=f"Copy of {_label(draft)}"
    )
    messages.success(request, f"Made “{_label(copy)}”, a copy of the answers.")
    return redirect("draft-list")


@login_required
@require_POST
def draft_delete_view(request, public_id):
    """Move the draft to the deleted list (it can be brought back for 30 days)."""
    draft = housekeeping.draft_delete(draft=_owned(request, public_id))
    messages.success(
        request,
        f"Deleted “{_label(draft)}”. You can bring it back from the deleted list below for "
        f"{KEEP_DELETED_DAYS} days; its private and share links work again if you do.",
    )
    return redirect("draft-list")


@login_required
@require_POST
def draft_undelete_view(request, public_id):
    """Bring a draft of the signed-in owner back from the deleted list."""
    draft = Draft.objects.filter(
        public_id=public_id, owner=request.user, deleted_at__isnull=False
    ).first()
    if draft is None:
        raise Http404("No such draft.")
    housekeeping.draft_undelete(draft=draft)
    messages.success(request, f"Brought back “{_label(draft)}”.")
    return redirect("draft-list")
