"""Email notifications: the owner hears of comments, review requests and approvals by others;
a link holder who leaves an address hears of replies; nobody hears of their own action."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.drafts.selectors import draft_document
from drafting.drafts.services import draft_import
from drafting.models import Comment, Draft
from drafting.review.notifications import comment_recipients
from drafting.review.services import comment_add, comment_reply, share_link_create
from tests.conftest import EXAMPLES
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return get_user_model().objects.create_user(
        "steward", email="steward@example.org", password="a long passphrase 1"
    )


@pytest.fixture
def owned_draft(owner):
    # A finished draft (the research example), so that it can be approved: a draft with
    # placeholders is refused by the completeness gate.
    path = EXAMPLES / "research-community.yaml"
    draft, _ = draft_import(owner=owner, content=path.read_bytes(), filename=path.name)
    return draft


def open_share(client, draft, role, label="counsel"):
    cache.clear()
    _link, token = share_link_create(draft=draft, role=role, label=label)
    client.get(reverse("share-open", kwargs={"token": token}))
    return DraftAccess(draft=draft, via="share")


def test_the_owner_hears_of_a_comment_by_a_link_holder(
    client, owned_draft, django_capture_on_commit_callbacks
):
    access = open_share(client, owned_draft, "comment")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access.url("comment-create"),
            {"clause_id": "grant.scope", "body": "Too wide for the elders."},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["steward@example.org"]
    assert "Too wide for the elders." in message.body
    assert "Unnamed reviewer (link: counsel)" in message.body
    assert f"/drafts/{owned_draft.public_id}/comments/" in message.body


def test_the_owner_does_not_hear_of_their_own_comment(
    client, owner, owned_draft, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    access = DraftAccess(draft=owned_draft, via="owner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(access.url("comment-create"), {"clause_id": "grant.scope", "body": "Note."})
    assert Comment.objects.count() == 1
    assert mail.outbox == []


def test_a_link_holder_who_left_an_address_hears_of_replies_by_others(
    client, owner, owned_draft, django_capture_on_commit_callbacks
):
    access = open_share(client, owned_draft, "comment", label="elders")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            access.url("comment-create"),
            {"clause_id": "grant.scope", "body": "Ask us first.", "notify_email": "elder@x.org"},
        )
    thread = Comment.objects.get()
    assert thread.notify_email == "elder@x.org"
    mail.outbox.clear()

    client.force_login(owner)
    owner_access = DraftAccess(draft=owned_draft, via="owner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(owner_access.url("comment-reply", thread_id=thread.pk), {"body": "Agreed."})
    assert [m.to for m in mail.outbox] == [["elder@x.org"]]
    assert "Agreed." in mail.outbox[0].body


def test_a_bad_address_is_refused_at_its_field_and_the_comment_kept(client, owned_draft):
    access = open_share(client, owned_draft, "comment")
    response = client.post(
        access.url("comment-create"),
        {"clause_id": "grant.scope", "body": "Keep this text.", "notify_email": "not an address"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Keep this text." in page
    assert Comment.objects.count() == 0


def test_the_replier_is_not_told_of_their_own_reply(owned_draft):
    document = draft_document(owned_draft)
    thread = comment_add(
        draft=owned_draft,
        document=document,
        clause_id="grant.scope",
        body="First.",
        author_name="Elder",
        notify_email="elder@x.org",
    )
    reply = comment_reply(
        thread=thread,
        document=document,
        body="And more.",
        author_name="Elder",
        notify_email="elder@x.org",
    )
    assert comment_recipients(reply) == {"steward@example.org"}


def test_a_draft_without_an_account_sends_nothing(client, django_capture_on_commit_callbacks):
    draft, _ = new_draft()
    access = open_share(client, draft, "comment")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(access.url("comment-create"), {"clause_id": "grant.scope", "body": "Hm."})
    assert Comment.objects.count() == 1
    assert mail.outbox == []


def test_the_owner_hears_of_a_review_request_by_an_editor_and_of_the_approval(
    client, owned_draft, django_capture_on_commit_callbacks
):
    access = open_share(client, owned_draft, "edit", label="counsel")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(access.url("status"), {"status": "in_review", "confirm": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(access.url("status"), {"status": "approved", "confirm": "yes"})
    owned_draft.refresh_from_db()
    assert owned_draft.status == Draft.Status.APPROVED
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert "sent for review" in subjects[0]
    assert f"Revision {owned_draft.approved_revision} of" in subjects[1]
    assert "approved" in subjects[1]
    assert all(m.to == ["steward@example.org"] for m in mail.outbox)


def test_the_owner_does_not_hear_of_their_own_review_request(
    client, owner, owned_draft, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    access = DraftAccess(draft=owned_draft, via="owner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(access.url("status"), {"status": "in_review", "confirm": "yes"})
    owned_draft.refresh_from_db()
    assert owned_draft.status == Draft.Status.IN_REVIEW
    assert mail.outbox == []


def test_a_mail_server_that_refuses_loses_no_comment(
    client, owned_draft, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    access = open_share(client, owned_draft, "comment")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access.url("comment-create"), {"clause_id": "grant.scope", "body": "Still saved."}
        )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Still saved."
