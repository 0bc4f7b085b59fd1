"""Approval that means something: one rule shown on the page; sending for review, approving,
reopening and revoking a link ask for confirmation first (a page, without JavaScript) and
say that they happened; an approval names its approver; saving a change to an approved
draft warns first and records who withdrew the approval."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from drafting.drafts.access import APPROVAL_RULE, DraftAccess
from drafting.drafts.selectors import draft_document
from drafting.models import Draft, StatusChange
from drafting.review.services import share_link_create
from tests.wizard_support import complete_draft, submit

pytestmark = pytest.mark.django_db


def counsel_session(draft) -> tuple[Client, DraftAccess]:
    cache.clear()
    client = Client()
    _link, token = share_link_create(draft=draft, role="edit", label="for counsel")
    client.get(reverse("share-open", kwargs={"token": token}))
    access = DraftAccess(draft=draft, via="share")
    client.post(access.url("name"), {"name": "Alun"})
    return client, access


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_rule_is_on_every_draft_page(client):
    _draft, owner = complete_draft()
    for name in ("detail", "history", "activity", "comments"):
        assert APPROVAL_RULE in client.get(owner.url(name)).content.decode()


def test_send_for_review_asks_first_then_says_it_happened(client):
    draft, owner = complete_draft()
    asked = client.get(owner.url("status"), {"status": "in_review"})
    assert asked.status_code == 200
    assert "Send revision 0 for review?" in asked.content.decode()
    unconfirmed = client.post(owner.url("status"), {"status": "in_review"})
    assert unconfirmed.status_code == 200 and 'name="confirm"' in unconfirmed.content.decode()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFTING
    done = client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"}, follow=True)
    assert "The draft was sent for review (revision 0)." in messages_of(done)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.IN_REVIEW


def test_an_approval_names_its_approver_and_fingerprints_the_text(client):
    draft, owner = complete_draft()
    client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"})
    counsel, access = counsel_session(draft)
    asked = counsel.post(access.url("status"), {"status": "approved"})
    assert "Approve revision 0?" in asked.content.decode()
    done = counsel.post(access.url("status"), {"status": "approved", "confirm": "yes"}, follow=True)
    assert "You approved revision 0." in messages_of(done)
    draft.refresh_from_db()
    assert (draft.approved_by, draft.approved_revision) == ("Alun (link: for counsel)", 0)
    text = draft_document(draft).text().encode("utf-8")
    assert draft.approved_sha256 == hashlib.sha256(text).hexdigest()
    page = client.get(owner.url("detail")).content.decode()
    assert "Approved by Alun (link: for counsel)" in page


def test_saving_an_approved_draft_warns_first_and_records_who_withdrew_it(client):
    draft, owner = complete_draft()
    client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"})
    counsel, access = counsel_session(draft)
    counsel.post(access.url("status"), {"status": "approved", "confirm": "yes"})
    step = counsel.get(access.url("step", step_key="use")).content.decode()
    assert "withdraws the approval of revision 0" in step
    submit(counsel, access, "use", {"use.commercial": "commercial_permitted"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.IN_REVIEW
    assert (draft.approved_by, draft.approved_sha256, draft.approved_at) == ("", "", None)
    withdrawn = StatusChange.objects.get(kind=StatusChange.Kind.WITHDRAWN)
    assert (withdrawn.actor_name, withdrawn.revision) == ("Alun (link: for counsel)", 0)
    assert draft.status_changed_by == "Alun (link: for counsel)"
    activity = client.get(owner.url("activity")).content.decode()
    assert "Approval withdrawn: revision 0." in activity


def test_only_the_owner_reopens_a_draft_for_drafting(client):
    draft, owner = complete_draft()
    client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"})
    counsel, access = counsel_session(draft)
    counsel.post(access.url("status"), {"status": "approved", "confirm": "yes"})
    assert "Reopen for drafting" not in counsel.get(access.url("detail")).content.decode()
    refused = counsel.post(access.url("status"), {"status": "drafting", "confirm": "yes"})
    assert refused.status_code == 403
    assert "Reopen for drafting" in client.get(owner.url("detail")).content.decode()
    done = client.post(owner.url("status"), {"status": "drafting", "confirm": "yes"}, follow=True)
    assert "The draft is open for drafting again." in messages_of(done)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFTING and draft.approved_revision is None
    assert StatusChange.objects.filter(kind=StatusChange.Kind.REOPENED).count() == 1


def test_revoking_a_link_asks_first_then_records_who_and_says_so(client):
    draft, owner = complete_draft()
    client.post(owner.url("sharing"), {"role": "comment", "label": "for the elders"})
    link = draft.share_links.get()
    url = owner.url("sharing-revoke", link_id=link.pk)
    asked = client.post(url)
    assert asked.status_code == 200 and "Revoke the share link" in asked.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is None
    done = client.post(url, {"confirm": "yes"}, follow=True)
    assert "The link \u201cfor the elders\u201d is revoked: it no longer opens the draft." in (
        messages_of(done)
    )
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == "Owner (private link)"
