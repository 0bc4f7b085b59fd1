"""Rate limits: counted per client in the cache every worker shares, by the address a trusted
proxy reports, never refusing a valid link, and answering 429 with a page that says when to
try again."""

import time

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.urls import reverse

from drafting import ratelimits
from drafting.drafts.access import share_link_url
from drafting.models import Draft
from drafting.review.services import share_link_create
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the one address every client has behind the proxy


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def small_limits(settings, monkeypatch):
    """Limits small enough to reach in a test: three of each per window, with the clock
    stopped so that no window ends during a test."""
    stopped = time.time()
    monkeypatch.setattr(ratelimits, "clock", lambda: stopped)
    settings.RATE_LIMITS = {
        name: (3, seconds) for name, (_n, seconds) in settings.RATE_LIMITS.items()
    }
    return 3


def open_link(client, token, **headers):
    return client.get(share_link_url(token), **headers)


def test_wrong_tokens_are_counted_where_every_worker_sees_them(client, settings):
    cache_settings = settings.CACHES["default"]
    assert cache_settings["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    open_link(client, "x" * 43)
    table = connection.ops.quote_name(cache_settings["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (a name from settings)
        assert cursor.fetchone()[0] >= 1


def test_a_valid_link_opens_for_a_client_over_the_limit(client, small_limits):
    draft, _ = new_draft()
    _link, token = share_link_create(draft=draft, role="view")
    for _ in range(small_limits):
        assert open_link(client, "x" * 43).status_code == 404
    assert open_link(client, "y" * 43).status_code == 429
    assert open_link(client, token).status_code == 200


def test_the_429_page_says_when_to_try_again(client, small_limits):
    for _ in range(small_limits):
        open_link(client, "x" * 43)
    response = open_link(client, "y" * 43)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    page = response.content.decode()
    assert "<html" in page and "app.css" in page  # the app's own page, not plain text
    assert "Too many" in page and "minute" in page


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(client, settings, small_limits):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    settings.RATE_LIMIT_CLIENT_HEADER = "HTTP_X_FORWARDED_FOR"
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(small_limits):
        assert open_link(client, "x" * 43, **attacker).status_code == 404
    assert open_link(client, "x" * 43, **attacker).status_code == 429
    # A forged address put in front of the proxy's own entry changes nothing.
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert open_link(client, "x" * 43, **forged).status_code == 429
    reviewer = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    assert open_link(client, "x" * 43, **reviewer).status_code == 404


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, small_limits):
    for number in range(small_limits):
        open_link(client, "x" * 43, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert open_link(client, "x" * 43, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_client_address_takes_the_entry_the_last_trusted_proxy_added(rf, settings):
    settings.RATE_LIMIT_CLIENT_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3")
    settings.RATE_LIMIT_TRUSTED_PROXIES = 0
    assert ratelimits.client_address(request) == PROXY
    settings.RATE_LIMIT_TRUSTED_PROXIES = 2
    assert ratelimits.client_address(request) == "2.2.2.2"
    settings.RATE_LIMIT_TRUSTED_PROXIES = 4  # fewer entries than proxies: not trusted
    assert ratelimits.client_address(request) == PROXY
    bad = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    assert ratelimits.client_address(bad) == PROXY


def test_ipv6_clients_are_counted_by_their_network(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::a")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::b")
    assert ratelimits.client_address(one) == ratelimits.client_address(other)


def test_failed_sign_ins_are_limited_per_client(client, small_limits, django_user_model):
    django_user_model.objects.create_user("steward", password="a-long-pass-phrase-1")
    wrong = {"username": "steward", "password": "guess"}
    for _ in range(small_limits):
        assert client.post(reverse("login"), wrong).status_code == 200
    response = client.post(reverse("login"), wrong)
    assert response.status_code == 429
    assert "Retry-After" in response
    other = client.__class__(REMOTE_ADDR="192.0.2.200")
    right = {"username": "steward", "password": "a-long-pass-phrase-1"}
    assert other.post(reverse("login"), right).status_code == 302


def test_a_successful_sign_in_is_not_counted(client, small_limits, django_user_model):
    django_user_model.objects.create_user("steward", password="a-long-pass-phrase-1")
    right = {"username": "steward", "password": "a-long-pass-phrase-1"}
    for _ in range(small_limits + 1):
        assert client.post(reverse("login"), right).status_code == 302
        client.logout()


def test_starting_drafts_is_limited_per_client(client, small_limits):
    for _ in range(small_limits):
        assert client.post(reverse("draft-new")).status_code == 302
    response = client.post(reverse("draft-new"))
    assert response.status_code == 429
    assert "Retry-After" in response
    assert Draft.objects.count() == small_limits
    other = client.__class__(REMOTE_ADDR="192.0.2.201")
    assert other.post(reverse("draft-new")).status_code == 302


def test_imports_are_limited_per_client(client, small_limits):
    for _ in range(small_limits):
        assert client.post(reverse("draft-import"), {}).status_code == 200  # no file: form error
    response = client.post(reverse("draft-import"), {})
    assert response.status_code == 429
    assert client.get(reverse("draft-import")).status_code == 200  # reading the form is free


class UnreachableCache(BaseCache):
    """A cache whose server is down: every operation fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache server down")

    get = add = set = incr = delete = _down

    def clear(self):
        """Nothing to clear (the clean-up after each test calls it)."""


def test_an_unreachable_cache_lets_requests_through_and_is_logged(client, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "tests.test_rate_limits.UnreachableCache"}}
    assert client.post(reverse("draft-new")).status_code == 302
    assert open_link(client, "x" * 43).status_code == 404
    assert "Could not read the rate-limit count of draft-new" in caplog.text
    assert "Could not count an event of share-miss" in caplog.text
