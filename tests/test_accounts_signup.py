"""Accounts: sign up, sign in and out, reset a password by email, and the list of drafts."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from drafting.models import Draft
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def steward():
    return get_user_model().objects.create_user("steward", "steward@example.org", PASSWORD)


def test_signing_up_creates_the_account_and_signs_in(client):
    data = {
        "username": "newsteward",
        "email": "new@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302 and response["Location"] == "/drafts/"
    assert client.get("/drafts/").status_code == 200
    assert get_user_model().objects.get(username="newsteward").email == "new@example.org"


def test_signing_up_goes_on_to_a_safe_next_address_only(client):
    _draft, access = new_draft()
    data = {"username": "a", "email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(f"/accounts/signup/?next={access.url('detail')}", data)
    assert response["Location"] == access.url("detail")
    client.logout()
    data = {**data, "username": "b", "next": "https://evil.example/"}
    response = client.post("/accounts/signup/", data)
    assert response["Location"] == "/drafts/"


def test_a_weak_password_is_refused_with_its_message_at_the_field(client):
    data = {"username": "x", "email": "x@example.org", "password1": "123", "password2": "123"}
    response = client.post("/accounts/signup/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "too short" in html and 'aria-invalid="true"' in html
    assert not get_user_model().objects.filter(username="x").exists()


def test_signing_in_and_out(client, steward):
    response = client.post("/accounts/login/", {"username": "steward", "password": PASSWORD})
    assert response["Location"] == "/drafts/"
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert client.get("/drafts/")["Location"].startswith("/accounts/login/")


def test_signing_out_from_a_private_link_page_passes_the_csrf_check(steward):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(steward)
    _draft, access = new_draft()
    token = browser.get(access.url("detail")).context["csrf_token"]
    response = browser.post(
        "/accounts/logout/",
        {"csrfmiddlewaretoken": str(token)},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302


def test_a_password_reset_link_is_emailed(client, steward):
    response = client.post("/accounts/password_reset/", {"email": "steward@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["steward@example.org"]
    assert "/accounts/reset/" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "another long passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == "/accounts/reset/done/"
    assert client.login(username="steward", password=new)


def test_the_list_shows_only_my_drafts(client, steward):
    other = get_user_model().objects.create_user("other")
    mine, _ = new_draft(owner=steward)
    theirs, _ = new_draft(owner=other)
    client.force_login(steward)
    html = client.get("/drafts/").content.decode()
    assert mine.public_id in html and theirs.public_id not in html


def test_a_signed_in_user_starts_an_owned_draft(client, steward):
    client.force_login(steward)
    response = client.post("/drafts/new/")
    draft = Draft.objects.get()
    assert draft.owner == steward
    assert response["Location"] == f"/drafts/{draft.public_id}/step/parties/"


def test_the_auth_pages_render(client):
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password_reset/", "/"):
        assert client.get(path).status_code == 200, path
