"""Helpers for the security tests: every URL of the project found through the resolver,
a world of drafts to fill the URLs in with, and the header checks every response must pass.
Shared by tests/test_security_headers.py and tests/test_security_csrf.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from drafting.drafts.services import draft_import
from drafting.models import Draft
from drafting.questionnaire.definition import get_questionnaire
from drafting.review.services import share_link_create
from tests.conftest import MINIMAL_ANSWERS


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
            "slug": "no-such-licence",
            "revision": "1",
            "name": "README.md",
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
