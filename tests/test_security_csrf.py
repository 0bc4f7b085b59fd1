"""CSRF is enforced on every POST: without the token, or from another site's page even with
a token, a POST is refused by Django's CSRF check (403, logged on ``django.security.csrf``)
before any view runs.

The URLs come from the URL resolver (see ``tests/test_security_headers.py``), so a view added
later is checked too. A route accepts POST unless a POST carrying a valid token is answered
405; every route that accepts POST must refuse the forged ones.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils.crypto import get_random_string

from tests.security_support import ROUTES, World, assert_security_headers, make_world
from tests.wizard_support import form_data

CSRF_LOGGER = "django.security.csrf"
TOKEN = get_random_string(32)  # a CSRF secret; Django accepts it unmasked in the form field
NO_REFERRER_PAGE = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def world(db) -> World:
    yield make_world()
    cache.clear()  # no share-link miss counts left for other tests


@pytest.fixture
def post(world, caplog):
    """``post(path, data, with_token=, headers=)`` from a client that enforces CSRF, signed in
    as the owner (holding the CSRF cookie a page would have set when ``with_token``); returns
    ``(response, refused by the CSRF check)``."""
    caplog.set_level(logging.WARNING, logger=CSRF_LOGGER)

    def send(path, data=None, *, with_token=True, headers=None):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user)
        if with_token:
            client.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
        caplog.clear()
        response = client.post(path, data or {}, headers=headers or {})
        refused = any(record.name == CSRF_LOGGER for record in caplog.records)
        return response, refused

    return send


def assert_csrf_refused(response, refused: bool) -> None:
    assert refused and response.status_code == 403
    assert_security_headers(response)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_post_without_a_csrf_token_is_refused(world, post, route):
    path = world.path(route)
    forged = post(path, {"anything": "1"}, with_token=False)
    genuine, genuine_refused = post(path, {"csrfmiddlewaretoken": TOKEN, "anything": "1"})
    assert not genuine_refused, "a POST with the token was refused: the check is untested"
    if genuine.status_code == 405:  # the route takes no POST at all
        assert forged[0].status_code in (403, 405)
    else:
        assert_csrf_refused(*forged)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_post_from_another_site_is_refused_even_with_a_token(world, post, route):
    path, data = world.path(route), {"csrfmiddlewaretoken": TOKEN}
    cross_origin = post(path, data, headers={"Origin": "https://evil.example"})
    # A page sent with Referrer-Policy: no-referrer posts with "Origin: null"; only the
    # browser's own Sec-Fetch-Site: same-origin may vouch for such a post.
    null_cross_site = post(path, data, headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"})
    for response, refused in (cross_origin, null_cross_site):
        if response.status_code != 405:
            assert_csrf_refused(response, refused)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_same_origin_post_from_a_no_referrer_page_still_needs_the_token(world, post, route):
    response, refused = post(world.path(route), {}, headers=NO_REFERRER_PAGE)
    if response.status_code != 405:
        assert_csrf_refused(response, refused)


def test_a_wizard_step_posted_with_its_token_from_its_page_is_saved(world, post):
    step = world.values()["step_key"]
    data = {**form_data(world.linked, step), "csrfmiddlewaretoken": TOKEN}
    response, refused = post(f"/d/{world.token}/step/{step}/", data, headers=NO_REFERRER_PAGE)
    assert not refused and response.status_code == 302
