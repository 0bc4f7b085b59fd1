"""The private link can be replaced: whoever holds it (or owns the draft) makes a new one after
confirming, and the old one then answers exactly as an unknown link does. Claiming a draft into
an account is confirmed first too."""

import secrets

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from drafting.drafts.access import DraftAccess, hash_token, share_link_url
from drafting.drafts.services import DraftHasNoLink, draft_renew_link
from drafting.drafts.views import CONFIRM, MSG_NEW_LINK
from drafting.models import Draft
from drafting.review.services import share_link_create
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return get_user_model().objects.create_user("alice", "alice@example.org")


def _token_of(location: str) -> str:
    return location.split("/d/")[1].split("/")[0]


def test_the_holder_of_the_private_link_makes_a_new_one_and_the_old_one_stops_working(client):
    draft, old = new_draft()
    page = client.get(old.url("detail")).content.decode()
    assert f'href="{old.url("new-link")}"' in page
    confirm = client.get(old.url("new-link"))
    assert confirm.status_code == 200
    assert "The old link stops opening the draft" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.link_token_hash == hash_token(old.token)  # asking changed nothing

    response = client.post(old.url("new-link"), {"confirm": CONFIRM})
    assert response.status_code == 302
    token = _token_of(response["Location"])
    assert token != old.token and len(token) >= 43
    draft.refresh_from_db()
    assert draft.link_token_hash == hash_token(token)
    assert token not in str(Draft.objects.values().get())  # only its hash is stored
    landed = client.get(response["Location"])
    assert landed.status_code == 200
    html = landed.content.decode()
    assert MSG_NEW_LINK in html.replace("&#x27;", "'")
    assert f"http://testserver{response['Location']}" in html  # the link to keep

    stranger = Client()
    stale = stranger.get(old.url("detail"))
    unknown = stranger.get(reverse("link-detail", kwargs={"token": secrets.token_urlsafe(32)}))
    assert (stale.status_code, unknown.status_code) == (410, 404)
    assert "This private link was replaced" in stale.content.decode()  # says so, styled
    assert "This link does not open anything" in unknown.content.decode()
    assert draft.public_id not in stale.content.decode()  # nothing of the draft
    assert client.get(old.url("step", step_key="use")).status_code == 410


def test_a_post_without_confirmation_only_asks(client):
    draft, access = new_draft()
    response = client.post(access.url("new-link"))
    assert response.status_code == 200
    assert "Make a new private link?" in response.content.decode()
    draft.refresh_from_db()
    assert draft.link_token_hash == hash_token(access.token)


def test_share_links_keep_working_after_a_new_private_link(client):
    draft, _access = new_draft()
    _link, share_token = share_link_create(draft=draft, role="view")
    draft_renew_link(draft=draft)
    assert client.get(share_link_url(share_token)).status_code == 200


def test_a_reviewer_cannot_replace_the_private_link(client):
    draft, _access = new_draft()
    _link, share_token = share_link_create(draft=draft, role="edit")
    client.get(share_link_url(share_token))
    shared = DraftAccess(draft=draft, via="share", token=share_token)
    assert client.post(shared.url("new-link"), {"confirm": CONFIRM}).status_code == 403
    before = draft.link_token_hash
    draft.refresh_from_db()
    assert draft.link_token_hash == before


def test_a_draft_of_an_account_has_no_private_link_to_replace(client, alice):
    draft, owner = new_draft(owner=alice)
    client.force_login(alice)
    assert client.get(owner.url("new-link")).status_code == 404
    with pytest.raises(DraftHasNoLink):
        draft_renew_link(draft=draft)
    draft.refresh_from_db()
    assert draft.link_token_hash is None


def claim_url(draft) -> str:
    return reverse("draft-claim", kwargs={"public_id": draft.public_id})


def test_claiming_asks_for_confirmation_first(client, alice):
    draft, access = new_draft()
    client.get(access.url("detail"))  # this session opened the draft by its private link
    client.force_login(alice)
    for response in (client.get(claim_url(draft)), client.post(claim_url(draft))):
        assert response.status_code == 200
        assert "Save this draft to your account?" in response.content.decode()
    draft.refresh_from_db()
    assert draft.owner is None and draft.link_token_hash == hash_token(access.token)

    response = client.post(claim_url(draft), {"confirm": CONFIRM})
    draft.refresh_from_db()
    assert draft.owner == alice
    assert response["Location"] == DraftAccess(draft=draft, via="owner").url("detail")
