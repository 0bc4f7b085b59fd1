"""Every page carries the security headers: a Content Security Policy that allows our own
files only and no inline script, ``X-Frame-Options: DENY`` and ``X-Content-Type-Options:
nosniff``; with the production settings, HSTS and Secure cookies too.

The pages are found through the URL resolver, not listed by hand, so a view added tomorrow is
checked the day it is added. Each URL is filled in for a real draft (started through the
wizard's services, its owner signed in and holding a share link's grant too, the other draft
reached by its private link) and whatever it answers, 200, 302, 403, 404 or 405, is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings

from tests.conftest import ROOT
from tests.security_support import (
    ROUTES,
    World,
    assert_security_headers,
    make_world,
    owner_client,
)


@pytest.fixture
def world(db) -> World:
    yield make_world()
    cache.clear()  # no share-link miss counts left for other tests


def test_the_resolver_lists_the_draft_pages_on_every_way_in_and_the_admin():
    names = {route.name for route in ROUTES}
    assert {"home", "draft-step", "link-step", "shared-step", "admin:login"} <= names
    assert len(ROUTES) > 50


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_page_sends_the_security_headers(world, route):
    response = owner_client(world).get(world.path(route))
    assert response.status_code < 500
    assert_security_headers(response)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_page_sends_the_security_headers_to_a_visitor_not_signed_in(client, world, route):
    response = client.get(world.path(route))
    assert response.status_code < 500
    assert_security_headers(response)


# Production: the settings module read in a fresh interpreter with the production environment,
# then applied here, so the test checks the values production really gets.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "production-test-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "testserver",
}
# Variables a deployment may set that would change what is checked: left out.
UNSET = (
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_BEHIND_PROXY",
)
SECURITY_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SECURE_CSP",
)
ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings ``drafting/settings.py`` gives with the production environment."""
    script = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="drafting.settings")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {"DEBUG": False, **json.loads(result.stdout)}


def test_production_settings_turn_on_hsts_https_and_secure_cookies(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True


def assert_production_headers(response) -> None:
    """HSTS for a year with subdomains and preload, and every cookie set only over HTTPS."""
    hsts = response.headers.get("Strict-Transport-Security", "")
    parts = {part.strip().split("=")[0]: part.strip() for part in hsts.split(";")}
    assert int(parts["max-age"].split("=")[1]) >= ONE_YEAR, hsts
    assert "includeSubDomains" in parts and "preload" in parts
    for name, cookie in response.cookies.items():
        assert cookie["secure"], f"cookie {name} is sent without Secure"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_page_sends_hsts_and_only_secure_cookies_in_production(
    world, route, production_settings
):
    with override_settings(**production_settings):
        response = owner_client(world, secure=True).get(world.path(route), secure=True)
    assert response.status_code < 500
    assert_security_headers(response)
    assert_production_headers(response)


def test_production_redirects_plain_http_to_https(client, world, production_settings):
    with override_settings(**production_settings):
        response = client.get("/drafts/new/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_signing_in_over_https_in_production_sets_only_secure_cookies(
    db, client, production_settings
):
    with override_settings(
        **production_settings,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        get_user_model().objects.create_user("writer", password="a long passphrase 42")
        page = client.get("/accounts/login/", secure=True)
        response = client.post(
            "/accounts/login/",
            {"username": "writer", "password": "a long passphrase 42"},
            secure=True,
        )
    assert page.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert_security_headers(response)
    assert_production_headers(response)
