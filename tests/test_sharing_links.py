"""Share links: the owner makes links with roles; a visit trades the token for a session
grant; revoked, expired and guessed links show nothing; roles hold on every request."""

import datetime as dt
import html
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from drafting import ratelimits
from drafting.drafts.access import DraftAccess, hash_token
from drafting.models import ShareLink
from drafting.ratelimits import SHARE_MISS
from drafting.review.services import ReviewError, share_link_create, share_link_revoke
from tests.wizard_support import form_data, new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def shared(draft) -> DraftAccess:
    return DraftAccess(draft=draft, via="share")


def open_link(client, token):
    return client.get(reverse("share-open", kwargs={"token": token}))


def test_the_token_is_stored_only_as_its_hash_and_is_long():
    draft, _ = new_draft()
    link, token = share_link_create(draft=draft, role="comment", label="for counsel")
    assert len(token) >= 22  # >= 128 bits in URL-safe base64
    assert link.token_hash == hash_token(token)
    assert token not in str(ShareLink.objects.values_list().get(pk=link.pk))


def test_the_first_visit_trades_the_token_for_a_grant_and_redirects_without_it(client):
    draft, _ = new_draft()
    _link, token = share_link_create(draft=draft, role="view")
    response = open_link(client, token)
    assert response.status_code == 302
    assert token not in response["Location"]
    # Without an account and a name, the visitor is asked for a name first (once).
    assert response["Location"] == shared(draft).url("name")
    page = client.get(response["Location"])
    assert page.status_code == 200
    for answer in (response, page):
        assert answer["Referrer-Policy"] == "no-referrer"
        assert "no-store" in answer["Cache-Control"]
        assert answer["X-Robots-Tag"] == "noindex"


def test_a_revoked_link_answers_404_and_shows_nothing_even_to_a_granted_session(client):
    draft, _ = new_draft()
    link, token = share_link_create(draft=draft, role="view")
    _other, other_token = share_link_create(draft=draft, role="comment")
    assert open_link(client, token).status_code == 302
    share_link_revoke(draft=draft, link_id=link.pk)
    page = client.get(shared(draft).url("detail"))
    assert page.status_code == 404
    assert draft.public_id not in page.content.decode()
    assert open_link(client, token).status_code == 404
    assert open_link(client, other_token).status_code == 302  # each link revoked on its own


def test_an_expired_link_answers_404(client):
    draft, _ = new_draft()
    link, token = share_link_create(draft=draft, role="view", expires_on=timezone.now().date())
    assert open_link(client, token).status_code == 302
    ShareLink.objects.filter(pk=link.pk).update(expires_on=timezone.now().date() - dt.timedelta(1))
    assert client.get(shared(draft).url("detail")).status_code == 404
    assert open_link(client, token).status_code == 404


def test_an_expiry_date_in_the_past_is_refused():
    draft, _ = new_draft()
    with pytest.raises(ReviewError):
        share_link_create(draft=draft, role="view", expires_on=dt.date(2000, 1, 1))


def test_repeated_wrong_tokens_from_one_client_are_rate_limited(client, settings, monkeypatch):
    stopped = time.time()
    monkeypatch.setattr(ratelimits, "clock", lambda: stopped)  # no window ends meanwhile
    for _ in range(settings.RATE_LIMITS[SHARE_MISS][0]):
        assert open_link(client, "x" * 43).status_code == 404
    assert open_link(client, "y" * 43).status_code == 429
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert open_link(other, "z" * 43).status_code == 404


def test_a_viewer_may_read_but_not_edit_answers(client):
    draft, _ = new_draft()
    _link, token = share_link_create(draft=draft, role="view")
    open_link(client, token)
    access = shared(draft)
    for page in ("detail", "review", "preview", "comments", "history"):
        assert client.get(access.url(page)).status_code == 200, page
    assert client.get(access.step_url("use")).status_code == 403
    data = form_data(draft, "use", {"use.commercial": "commercial_permitted"})
    assert client.post(access.step_url("use"), data).status_code == 403
    assert client.get(access.url("sharing")).status_code == 403


def test_an_editor_may_save_a_step_but_not_manage_links(client):
    draft, _ = new_draft()
    _link, token = share_link_create(draft=draft, role="edit")
    open_link(client, token)
    access = shared(draft)
    data = form_data(draft, "use", {"use.commercial": "commercial_permitted"})
    assert client.post(access.step_url("use"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "commercial_permitted"
    assert client.get(access.url("sharing")).status_code == 403


def test_an_editor_posting_to_another_draft_gets_404(client):
    draft, _ = new_draft()
    other, _ = new_draft()
    _link, token = share_link_create(draft=draft, role="edit")
    open_link(client, token)
    data = form_data(other, "use", {"use.commercial": "commercial_permitted"})
    assert client.post(shared(other).step_url("use"), data).status_code == 404


def test_the_owner_creates_lists_and_revokes_links_on_the_sharing_page(client):
    draft, access = new_draft()  # anonymous draft: its private link is the owner's way in
    response = client.post(
        access.url("sharing"), {"role": "comment", "label": "for counsel", "expires_on": ""}
    )
    assert response.status_code == 200
    new_url = response.context["new_url"]
    assert "/s/" in new_url
    link = ShareLink.objects.get(draft=draft)
    assert link.role == "comment" and link.label == "for counsel"
    assert "for counsel" in client.get(access.url("sharing")).content.decode()
    revoke = client.post(access.url("sharing-revoke", link_id=link.pk), {"confirm": "yes"})
    assert revoke.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_shared_draft_banner_and_review_bar_say_role_expiry_and_status_escaped(client):
    """The notice and the review bar show the link's label as text, its
    expiry and role in words, and who moved the status last."""
    draft, owner = new_draft()
    label = '<b>counsel</b> & "co"'
    _link, token = share_link_create(
        draft=draft, role="edit", label=label, expires_on=dt.date(2031, 5, 4)
    )
    assert (
        client.post(owner.url("status"), {"status": "in_review", "confirm": "yes"}).status_code
        == 302
    )
    open_link(client, token)
    page = client.get(shared(draft).url("comments")).content.decode()
    assert "You are reviewing a shared draft" in page
    assert "view, comment on and change" in page
    assert f"({label}), until 4 May 2031." in html.unescape(page)
    assert "<b>counsel" not in page  # the label is text, escaped
    assert 'data-draft-status="in_review"' in page
    assert "Approve revision" in page  # an edit-role link may approve a draft in review
    assert 'href="' + shared(draft).url("comments") + '" aria-current="page"' in page
