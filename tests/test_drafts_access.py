"""Who may open a draft: its owner, signed in, or whoever holds its private link. Anyone
else gets 404; private-link pages stay out of caches and Referer headers."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from drafting.drafts.access import DraftAccess, hash_token
from drafting.drafts.services import draft_renew_link
from drafting.drafts.views import CONFIRM
from drafting.models import Draft
from tests.wizard_support import SCENARIO, form_data, new_draft, step_url, submit

pytestmark = pytest.mark.django_db

PAGES = [
    ("detail", {}),
    ("step", {"step_key": "use"}),
    ("review", {}),
    ("preview", {}),
    ("download", {"fmt": "pdf"}),
]


@pytest.fixture
def alice():
    return get_user_model().objects.create_user("alice", "alice@example.org")


@pytest.fixture
def bob():
    return get_user_model().objects.create_user("bob", "bob@example.org")


def test_starting_without_an_account_gives_a_private_link_stored_only_as_its_hash(client):
    response = client.post("/drafts/new/")
    token = response["Location"].split("/d/")[1].split("/")[0]
    assert len(token) >= 43  # 32 random bytes
    draft = Draft.objects.get()
    assert draft.owner is None
    assert draft.link_token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = str(Draft.objects.values().get())
    assert token not in stored


def test_the_private_link_page_says_to_keep_the_link(client):
    _draft, access = new_draft()
    html = client.get(access.url("detail")).content.decode()
    assert "Keep this link: it is the only way back to this draft" in html
    assert f"http://testserver{access.url('detail')}" in html


def test_the_private_link_works_after_the_session_is_flushed(client):
    _draft, access = new_draft()
    assert submit(client, access, "parties", SCENARIO["parties"]).status_code == 302
    client.session.flush()
    client.cookies.clear()
    fresh = Client()
    for name, kwargs in PAGES[:4]:
        assert fresh.get(access.url(name, **kwargs)).status_code == 200, name
    assert (
        fresh.get(step_url(access, "parties")).context["form"]["dataset.name"].value()
        == "Welsh Voices"
    )
    assert submit(fresh, access, "use", SCENARIO["use"]).status_code == 302


def test_a_wrong_token_is_not_found(client):
    new_draft()
    assert client.get("/d/" + "A" * 43 + "/").status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_another_users_draft_is_not_found(client, alice, bob, name, kwargs):
    _draft, access = new_draft(owner=alice)
    client.force_login(bob)
    assert client.get(access.url(name, **kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_owned_draft_is_not_found_when_signed_out(client, alice, name, kwargs):
    _draft, access = new_draft(owner=alice)
    assert client.get(access.url(name, **kwargs)).status_code == 404


def test_another_user_cannot_save_a_step_of_a_draft(client, alice, bob):
    draft, access = new_draft(owner=alice)
    client.force_login(bob)
    response = client.post(
        step_url(access, "parties"), form_data(draft, "parties", SCENARIO["parties"])
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.revision == 0


def test_an_ownerless_draft_is_not_reached_by_its_public_id(client, alice):
    draft, _access = new_draft()
    client.force_login(alice)
    owner_view = DraftAccess(draft=draft, via="owner")
    assert client.get(owner_view.url("detail")).status_code == 404


def test_the_owner_opens_every_page(client, alice):
    _draft, access = new_draft(owner=alice)
    client.force_login(alice)
    for name, kwargs in PAGES[:4]:
        assert client.get(access.url(name, **kwargs)).status_code == 200, name


def test_private_link_pages_send_no_referrer_and_no_store(client):
    _draft, access = new_draft()
    response = client.get(step_url(access, "parties"))
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_owner_pages_are_not_cached_either(client, alice):
    _draft, access = new_draft(owner=alice)
    client.force_login(alice)
    response = client.get(access.url("review"))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_same_origin_post_from_a_no_referrer_page_passes_the_csrf_check():
    browser = Client(enforce_csrf_checks=True)
    draft, access = new_draft()
    url = step_url(access, "parties")
    page = browser.get(url)
    token = page.context["csrf_token"]
    data = {**form_data(draft, "parties", SCENARIO["parties"]), "csrfmiddlewaretoken": str(token)}
    same_site = browser.post(url, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 302


def test_a_cross_site_post_with_a_null_origin_is_refused():
    browser = Client(enforce_csrf_checks=True)
    draft, access = new_draft()
    url = step_url(access, "parties")
    token = browser.get(url).context["csrf_token"]
    data = {**form_data(draft, "parties", SCENARIO["parties"]), "csrfmiddlewaretoken": str(token)}
    cross = browser.post(url, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    without_token = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
    forged = browser.post(url, without_token, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert forged.status_code == 403
    draft.refresh_from_db()
    assert draft.revision == 0


def _claim_url(draft) -> str:
    return reverse("draft-claim", kwargs={"public_id": draft.public_id})


def test_a_signed_in_user_claims_a_draft_opened_by_its_link(client, alice):
    draft, access = new_draft()
    client.force_login(alice)
    page = client.get(access.url("detail")).content.decode()
    assert "Save this draft to my account" in page
    assert f'action="{_claim_url(draft)}"' in page
    response = client.post(_claim_url(draft), {"confirm": CONFIRM})
    draft.refresh_from_db()
    assert draft.owner == alice
    assert response["Location"] == DraftAccess(draft=draft, via="owner").url("detail")
    assert draft.public_id in client.get("/drafts/").content.decode()


def test_after_a_claim_the_old_link_takes_the_owner_to_the_draft_and_tells_others(client, alice):
    draft, access = new_draft()
    client.force_login(alice)
    client.get(access.url("detail"))
    client.post(_claim_url(draft), {"confirm": CONFIRM})
    owner = DraftAccess(draft=draft, via="owner")
    review = client.get(access.url("review"))  # the owner, signed in: the same page, owned
    assert review.status_code == 302 and review["Location"] == owner.url("review")
    assert client.get(access.step_url("use"))["Location"] == owner.step_url("use")
    page = Client().get(access.url("review"))
    assert page.status_code == 410
    assert "This draft has moved to an account" in page.content.decode()
    assert draft.public_id not in page.content.decode()
    bob = get_user_model().objects.create_user("bob", password="x" * 12)
    other = Client()
    other.force_login(bob)
    assert other.get(access.url("detail")).status_code == 410  # signed in, not the owner


def test_claiming_needs_an_account_and_the_way_back_carries_no_token(client):
    draft, access = new_draft()
    page = client.get(access.url("detail")).content.decode()
    assert access.token in page  # the link to keep is shown...
    banner = page.split('class="private-link')[1].split("</section>")[0]
    for anchor in ("create an account", "sign in"):
        href = banner.split(f">{anchor}</a>")[0].rsplit('href="', 1)[1]
        assert access.token not in href  # ...but never put in a ?next= address
        assert f"next={_claim_url(draft)}" in href
    response = client.post(_claim_url(draft))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert access.token not in response["Location"]
    draft.refresh_from_db()
    assert draft.owner is None


def test_signing_up_from_a_private_link_comes_back_to_the_claim(client):
    draft, access = new_draft()
    client.get(access.url("detail"))
    phrase = "a long pass phrase 7"
    data = {
        "username": "carmen",
        "email": "c@example.org",
        "password1": phrase,
        "password2": phrase,
    }
    response = client.post(
        f"{reverse('signup')}?next={_claim_url(draft)}", {**data, "next": _claim_url(draft)}
    )
    assert response.status_code == 302 and response["Location"] == _claim_url(draft)
    assert "Save this draft to your account?" in client.get(_claim_url(draft)).content.decode()
    client.post(_claim_url(draft), {"confirm": CONFIRM})
    draft.refresh_from_db()
    assert draft.owner.get_username() == "carmen"


def test_only_a_session_holding_the_current_private_link_may_claim(client, alice):
    draft, access = new_draft()
    stranger = Client()
    stranger.force_login(alice)
    assert stranger.post(_claim_url(draft), {"confirm": CONFIRM}).status_code == 404
    client.get(access.url("detail"))  # this session held the link...
    draft_renew_link(draft=draft)  # ...which was then replaced
    client.force_login(alice)
    assert client.post(_claim_url(draft), {"confirm": CONFIRM}).status_code == 404
    draft.refresh_from_db()
    assert draft.owner is None


def test_token_hash_is_sha256_hex():
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()
