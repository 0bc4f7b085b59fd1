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
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from drafting.drafts.services import draft_import
from drafting.models import Draft
from drafting.questionnaire.definition import get_questionnaire
from drafting.review.services import share_link_create
from tests.conftest import MINIMAL_ANSWERS, ROOT


@dataclass(frozen=True)
class Route:
    """One URL pattern: its dotted name (``admin:login``), its path with ``%(param)s`` holes,
    and the parameters to fill in."""

    name: str
    template: str
    params: tuple[str, ...]

    def __str__(self) -> str:
        return self.template.replace("%(", "<").replace(")s", ">") or "/"


def _routes(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern.lstrip("^").removesuffix(r"\Z").removesuffix("$")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + regex, inner)
        elif isinstance(pattern, URLPattern):
            template, params = normalize(prefix + regex)[0]
            yield Route(f"{namespace}{pattern.name or '(unnamed)'}", "/" + template, tuple(params))


def all_routes() -> list[Route]:
    """Every URL pattern of the project, once per distinct path (a pattern shadowed by an
    earlier one with the same path answers as that one does)."""
    seen: dict[str, Route] = {}
    for route in _routes(get_resolver().url_patterns):
        seen.setdefault(route.template, route)
    return list(seen.values())


ROUTES = all_routes()


@dataclass(frozen=True)
class World:
    """A signed-in owner (also staff, so the admin pages answer too) with an owned draft,
    which also has an edit share link, and a second draft reached by its private link."""

    user: object
    owned: Draft
    linked: Draft
    token: str
    share_token: str

    def values(self) -> dict[str, str]:
        """A value for every URL parameter the project uses, by parameter name."""
        content_type = ContentType.objects.get_for_model(Draft)
        return {
            "public_id": self.owned.public_id,
            "shared_id": self.owned.public_id,
            "token": self.token,
            "step_key": get_questionnaire().step_keys[0],
            "fmt": "json",
            "link_id": "1",
            "thread_id": "1",
            "number": "1",
            "object_id": str(self.owned.pk),
            "id": str(self.user.pk),
            "content_type_id": str(content_type.pk),
            "app_label": "drafting",
            "uidb64": "MQ",
            "url": "no-such-page/",
        }

    def path(self, route: Route) -> str:
        """The route filled in for this world's drafts; fails naming a parameter the world
        has no value for (a new view with a new kind of parameter: add it to values())."""
        values = self.values()
        if route.template.startswith("/s/"):  # the share-link door takes a share token
            values["token"] = self.share_token
        missing = [param for param in route.params if param not in values]
        assert not missing, f"{route}: give World.values() a value for {missing}"
        path = route.template % {param: values[param] for param in route.params}
        resolve(path)  # raises Resolver404 if the filled-in path is not the route's
        return path


def make_world() -> World:
    """Create the world's user and drafts through the wizard's import service, and the
    share link through the review's service."""
    user = get_user_model().objects.create_superuser("owner", "owner@example.org", None)
    content = json.dumps(MINIMAL_ANSWERS).encode()
    owned, _none = draft_import(owner=user, content=content, filename="answers.json")
    linked, token = draft_import(owner=None, content=content, filename="answers.json")
    _link, share_token = share_link_create(draft=owned, role="edit", created_by=user)
    return World(user=user, owned=owned, linked=linked, token=token, share_token=share_token)


@pytest.fixture
def world(db) -> World:
    yield make_world()
    cache.clear()  # no share-link miss counts left for other tests


def owner_client(world: World, *, secure: bool = False) -> Client:
    """A new client of the owner, signed in, whose session also holds the share link's grant
    (so that the /shared/ pages answer as they do for a reviewer). New, because a client
    reads the middleware's settings once, at its first request."""
    client = Client()
    client.force_login(world.user)
    assert client.get(f"/s/{world.share_token}/", secure=secure).status_code == 302
    return client


def csp_directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as ``{directive: [source, ...]}``."""
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response) -> None:
    """The headers every response must carry, whatever its status."""
    directives = csp_directives(response)
    assert directives.get("default-src") == ["'self'"]
    scripts = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts and not any(s.endswith(":") for s in scripts)  # no scheme-wide
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


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
