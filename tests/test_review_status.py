"""Status: drafting -> in review (owner or edit role) -> approved (an edit-role reviewer),
pinned to the revision approved; any later change to the answers sends it back to review."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.models import Draft
from drafting.review.services import ReviewError, draft_set_status, share_link_create
from tests.wizard_support import complete_draft, new_draft, submit

pytestmark = pytest.mark.django_db


def editor(client, draft, role="edit"):
    cache.clear()
    _link, token = share_link_create(draft=draft, role=role, label="for counsel")
    client.get(reverse("share-open", kwargs={"token": token}))
    access = DraftAccess(draft=draft, via="share")
    client.post(access.url("name"), {"name": "Gwen"})
    return access


def test_the_owner_sends_for_review_and_an_editor_approves_pinning_the_revision(client):
    draft, owner = complete_draft()
    assert (
        client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"}).status_code
        == 302
    )
    assert (
        client.post(owner.url("status"), {"status": "approved", "confirm": "yes"}).status_code
        == 403
    )
    reviewer_client = client.__class__()
    access = editor(reviewer_client, draft)
    assert (
        reviewer_client.post(
            access.url("status"), {"status": "approved", "confirm": "yes"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == Draft.Status.APPROVED
    assert draft.approved_revision == draft.revision
    assert draft.status_changed_by == "Gwen (link: for counsel)" and draft.status_changed_at
    assert draft.approved_by == "Gwen (link: for counsel)" and draft.approved_at
    page = client.get(owner.url("detail")).content.decode()
    assert f"Status: Approved (revision {draft.revision})" in page


def test_a_commenter_cannot_change_the_status(client):
    draft, _ = new_draft()
    access = editor(client, draft, role="comment")
    assert (
        client.post(access.url("status"), {"status": "in_review", "confirm": "yes"}).status_code
        == 403
    )


def test_approving_a_draft_not_in_review_is_refused():
    draft, _ = new_draft()
    with pytest.raises(ReviewError):
        draft_set_status(draft=draft, status="approved", by_name="x")


def test_a_change_to_the_answers_returns_an_approved_draft_to_review(client):
    draft, owner = complete_draft()
    draft_set_status(draft=draft, status="in_review", by_name="owner")
    draft_set_status(draft=draft, status="approved", by_name="counsel")
    submit(client, owner, "use", {"use.commercial": "commercial_permitted"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.IN_REVIEW and draft.approved_revision is None
