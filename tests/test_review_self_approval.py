"""Approval means someone other than the owner approved: the owner opening their own edit link
(in the session that holds the private link, or signed in to the account that owns the draft
or made the link) is refused with a message on the page, and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from drafting.drafts.access import DraftAccess
from drafting.models import Draft
from drafting.review.services import (
    MSG_SELF_APPROVAL,
    ReviewError,
    draft_set_status,
    share_link_create,
)
from tests.wizard_support import complete_draft, new_draft

pytestmark = pytest.mark.django_db


def _make_edit_link(client, owner: DraftAccess) -> str:
    """Create an edit link on the owner's sharing page; return its share URL's path."""
    response = client.post(owner.url("sharing"), {"role": "edit", "label": "for counsel"})
    assert response.status_code == 200
    return response.context["new_url"].removeprefix("http://testserver")


def _approve_through(client, share_path: str):
    """Open the share link, then press Approve; return the page the refusal lands on."""
    cache.clear()  # no wrong-token count left by other tests
    assert client.get(share_path).status_code == 302
    shared = DraftAccess(draft=Draft.objects.get(), via="share")
    return client.post(shared.url("status"), {"status": "approved", "confirm": "yes"}, follow=True)


def _in_review(client, owner: DraftAccess) -> None:
    assert (
        client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"}).status_code
        == 302
    )


def _assert_refused(response) -> None:
    assert response.status_code == 200
    assert MSG_SELF_APPROVAL in response.content.decode().replace("&#x27;", "'")
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.IN_REVIEW and draft.approved_revision is None


def test_the_owner_cannot_approve_through_their_own_edit_link_in_the_same_session(client):
    _draft, owner = new_draft()
    assert client.get(owner.url("detail")).status_code == 200
    share_path = _make_edit_link(client, owner)
    _in_review(client, owner)
    _assert_refused(_approve_through(client, share_path))


def test_a_signed_in_owner_cannot_approve_through_an_edit_link_they_made(client):
    alice = get_user_model().objects.create_user("alice", "alice@example.org")
    client.force_login(alice)
    _draft, owner = new_draft(owner=alice)
    share_path = _make_edit_link(client, owner)
    _in_review(client, owner)
    _assert_refused(_approve_through(client, share_path))


def test_someone_else_signed_in_with_the_edit_link_approves(client):
    _draft, owner = complete_draft()
    share_path = _make_edit_link(client, owner)
    _in_review(client, owner)
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.create_user("bob", "bob@example.org"))
    response = _approve_through(reviewer, share_path)
    assert MSG_SELF_APPROVAL not in response.content.decode().replace("&#x27;", "'")
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.APPROVED and draft.approved_revision == draft.revision


def test_the_service_refuses_self_approval_and_lets_another_reviewer_approve():
    draft, _owner = complete_draft()
    share_link_create(draft=draft, role="edit", label="for counsel")
    draft_set_status(draft=draft, status="in_review", by_name="owner")
    with pytest.raises(ReviewError, match="cannot approve"):
        draft_set_status(draft=draft, status="approved", by_name="owner", self_review=True)
    approved = draft_set_status(draft=draft, status="approved", by_name="counsel")
    assert approved.status == Draft.Status.APPROVED
