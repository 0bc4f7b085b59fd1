"""Who did what: a link holder without an account gives a display name once (kept in the
session, changeable), and every revision, status change and comment records its actor; the
history, the redline page, the DOCX comments and the activity list show it."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.models import Comment, StatusChange
from drafting.review.activity import draft_activity
from drafting.review.services import share_link_create
from tests.wizard_support import complete_draft, submit

pytestmark = pytest.mark.django_db

ELDERS = "Mererid (link: for the elders)"
COUNSEL = "Alun (link: for counsel)"


def open_link(draft, role: str, label: str, name: str | None) -> tuple[Client, DraftAccess]:
    """A new browser session that opens a share link and, when ``name``, gives that name."""
    cache.clear()
    client = Client()
    _link, token = share_link_create(draft=draft, role=role, label=label)
    response = client.get(reverse("share-open", kwargs={"token": token}))
    access = DraftAccess(draft=draft, via="share")
    assert response["Location"] == access.url("name")
    if name is not None:
        answer = client.post(access.url("name"), {"name": name, "next": access.url("comments")})
        assert answer["Location"] == access.url("comments")
    return client, access


def test_a_link_holder_is_asked_once_and_can_change_the_name():
    draft, _owner = complete_draft()
    client, access = open_link(draft, "comment", "for the elders", "Mererid")
    page = client.get(access.url("detail")).content.decode()
    assert f"What you do here is shown as <strong>{ELDERS}</strong>" in page
    # A second share link in the same session does not ask again.
    _link, token = share_link_create(draft=draft, role="view", label="spare")
    assert client.get(reverse("share-open", kwargs={"token": token}))["Location"] == access.url(
        "detail"
    )
    client.post(access.url("name"), {"name": "Mererid  Jones"})
    assert "Mererid Jones" in client.get(access.url("detail")).content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "This field is required."), ("x" * 61, "at most 60 characters"), ("Ann\u202e", "")],
)
def test_a_refused_name_is_shown_at_the_field_with_what_was_typed(name, message):
    draft, _owner = complete_draft()
    client, access = open_link(draft, "comment", "for the elders", None)
    response = client.post(access.url("name"), {"name": name})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert message in response.content.decode()
    assert "display_name" not in client.session


def test_every_change_records_its_actor_and_the_pages_show_it(client):
    draft, owner = complete_draft()
    elders, elders_access = open_link(draft, "comment", "for the elders", "Mererid")
    counsel, counsel_access = open_link(draft, "edit", "for counsel", "Alun")
    response = elders.post(
        elders_access.url("comment-create"),
        {"clause_id": "grant.scope", "body": "Please name the schools."},
    )
    assert response.status_code == 302
    assert Comment.objects.get().author_name == ELDERS
    submit(counsel, counsel_access, "use", {"use.commercial": "commercial_permitted"})
    draft.refresh_from_db()
    saved = draft.revisions.get(number=draft.revision)
    assert saved.author_name == COUNSEL and saved.author is None
    counsel.post(counsel_access.url("status"), {"status": "in_review", "confirm": "yes"})
    assert StatusChange.objects.get().actor_name == COUNSEL

    history = client.get(owner.url("history")).content.decode()
    assert COUNSEL in history and "Owner (private link)" in history
    compare = client.get(owner.url("compare")).content.decode()
    assert f"saved by {COUNSEL}" in compare
    docx = client.get(owner.url("comments-docx")).content
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        assert f'w:author="{ELDERS}"' in package.read("word/comments.xml").decode()
    for page in (history, compare, client.get(owner.url("detail")).content.decode()):
        assert "A link holder" not in page and "Someone" not in page


def test_the_activity_lists_saves_comments_status_changes_and_links_with_actor_and_time(client):
    draft, owner = complete_draft()
    client.post(owner.url("sharing"), {"role": "comment", "label": "for the elders"})
    link = draft.share_links.get()
    elders, elders_access = open_link(draft, "comment", "for the elders 2", "Mererid")
    elders.post(elders_access.url("comment-create"), {"clause_id": "grant.scope", "body": "Hm."})
    client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"})
    client.post(owner.url("sharing-revoke", link_id=link.pk), {"confirm": "yes"})
    events = draft_activity(draft)
    rows = {(event.kind, event.actor, event.summary) for event in events}
    assert (
        "link",
        "Owner (private link)",
        "Made a comment link \u201cfor the elders\u201d.",
    ) in rows
    assert (
        "link",
        "Owner (private link)",
        "Revoked the comment link \u201cfor the elders\u201d.",
    ) in rows
    assert (
        "comment",
        "Mererid (link: for the elders 2)",
        "Commented on 2.1 Grant of licence.",
    ) in rows
    assert (
        "status",
        "Owner (private link)",
        f"Sent for review: revision {draft.revision}.",
    ) in rows
    assert ("save", "Owner (private link)", "Started the draft (revision 0).") in rows
    assert [event.at for event in events] == sorted((event.at for event in events), reverse=True)
    page = client.get(owner.url("activity")).content.decode()
    assert "Mererid (link: for the elders 2)" in page and "Revoked the comment link" in page
