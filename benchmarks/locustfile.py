"""The simulated users of ``benchmarks/load.py`` (run it, not this file; it starts the
servers and runs ``locust -f benchmarks/locustfile.py --headless ...`` once per phase).

- ``WizardUser`` walks the wizard as a browser does: the start page, "start a draft" (a
  private link), every step's page and its form posted back as the page gives it with the
  scenario's answers typed in (CSRF token from the page, ``Origin: null`` as a no-referrer
  page posts), the review; then the PDF exactly 2 s after the last save's answer, the JSON
  and the PDF again after the usual waits; then a new draft. It waits LOAD_THINK seconds
  (uniform) before each request except the GET that follows a redirect, and stops instead
  of waiting past the end of the run. Each answer it saw accepted (a step POST answered by a
  redirect) goes as a JSON line to LOAD_LOG, for the read-back.
- ``BareUser`` requests Django's admin login page with the same waits (LOAD_BARE_USERS of
  them beside LOAD_WIZARD_USERS wizard users).
- ``CapacityBareUser`` and ``CapacityWizardUser`` request without waiting: the bare page, or
  the step pages listed in LOAD_PATHS in turn.

With LOAD_MODE=warmup the wizard users walk once without waiting and the run ends. When the
run stops, the figures go as JSON to LOAD_RESULT.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from loadsupport import (
    BARE,
    BARE_GROUP,
    CAPACITY_BARE,
    CAPACITY_WIZARD,
    PDF_AFTER_SAVE,
    PREPARING,
    REQUEST_TIMEOUT,
)
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

MODE = os.environ.get("LOAD_MODE", "walk")
THINK = tuple(float(s) for s in os.environ.get("LOAD_THINK", "1:3").split(":"))
RUN_TIME = float(os.environ.get("LOAD_RUN_TIME", "60"))
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
NO_REFERRER = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
run = {"deadline": float("inf"), "started": 0.0, "warm walks done": 0}
user_numbers = itertools.count()
random.seed(int(os.environ.get("LOAD_SEED", "1")))


@events.test_start.add_listener
def start_clock(environment, **_kwargs):
    """The run lasts LOAD_RUN_TIME seconds from here (locust's -t, counted from a little
    earlier, is only the driver's backstop); requests in flight then finish."""
    run["started"] = time.time()
    run["deadline"] = time.monotonic() + RUN_TIME
    gevent.spawn_later(RUN_TIME, environment.runner.quit)


@events.test_stop.add_listener
def dump_result(environment, **_kwargs):
    """Every request name's counts and response-time buckets, the failures and the
    exceptions raised in this file, to LOAD_RESULT."""
    stats = environment.stats
    result = {
        "started": run["started"],
        "stopped": time.time(),
        "stats": [entry.serialize() for entry in stats.entries.values()],
        "errors": list(stats.serialize_errors().values()),
        "exceptions": [
            {"count": e["count"], "msg": e["msg"], "traceback": e["traceback"]}
            for e in environment.runner.exceptions.values()
        ],
    }
    with open(os.environ["LOAD_RESULT"], "w") as file:
        json.dump(result, file)


class Failed(Exception):
    """A request failed (already counted as a failure); the user starts a new draft."""


class LoopbackCookies(DefaultCookiePolicy):
    """Send Secure cookies (production settings make the CSRF and session cookies Secure) to
    http://127.0.0.1 too, as browsers do for loopback; http.cookiejar would keep them back."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Browser(FastHttpUser):
    """A user whose waits are part of its task, so that locust lets a request in flight at
    the end of the run finish (--stop-timeout) and no user starts one past the end."""

    abstract = True
    wait_time = constant(0)
    network_timeout = connection_timeout = REQUEST_TIMEOUT

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(LoopbackCookies())

    def pause(self, seconds: float) -> None:
        if time.monotonic() + seconds >= run["deadline"]:
            raise StopUser
        gevent.sleep(seconds)

    def think(self) -> None:
        self.pause(random.uniform(*THINK) if MODE == "walk" else 0.0)

    def call(self, name, method, path, *, expect=200, data=None, headers=None, check=None):
        """Send, check the status (and ``check(response)``, which returns a problem or
        None); raise Failed when something is wrong."""
        body = urlencode(data, doseq=True).encode() if data is not None else None
        headers = {**(headers or {}), **(FORM if body is not None else {})}
        with self.client.request(
            method, path, name=name, data=body, headers=headers,
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            problem = None
            if response.status_code != expect:
                text = (response.content or b"")[:200].decode("utf-8", "replace")
                problem = f"{method} {path}: {response.status_code} {' '.join(text.split())}"
            elif check:
                problem = check(response)
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem:
            raise Failed(problem)
        return response

    def download(self, name: str, path: str) -> None:
        """GET a PDF as a browser on the "being prepared" page does: while the answer is 202,
        wait its Retry-After and ask again (each ask recorded under PREPARING). One sample is
        recorded under ``name``: the time from the first ask until the file arrived."""
        start = time.perf_counter()
        with self.client.request(
            "GET", path, name=PREPARING, allow_redirects=False, catch_response=True
        ) as response:
            response.success()
        while response.status_code == 202 and time.perf_counter() - start < REQUEST_TIMEOUT:
            self.pause(float(response.headers.get("Retry-After", "1")))
            with self.client.request(
                "GET", path, name=PREPARING, allow_redirects=False, catch_response=True
            ) as response:
                response.success()
        problem = None
        if response.status_code != 200:
            problem = f"GET {path}: {response.status_code}"
        elif not (response.content or b"").startswith(b"%PDF-"):
            problem = f"GET {path}: not a PDF"
        self.environment.events.request.fire(
            request_type="GET",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=len(response.content or b""),
            exception=Failed(problem) if problem else None,
            context={},
        )
        if problem:
            raise Failed(problem)


class WizardUser(Browser):
    fixed_count = int(os.environ.get("LOAD_WIZARD_USERS", "0"))

    def on_start(self) -> None:
        super().on_start()
        self.number, self.walk_numbers = next(user_numbers), itertools.count()
        self.scenario = json.loads(Path(os.environ["LOAD_SCENARIO"]).read_text())
        self.log = open(os.environ["LOAD_LOG"], "a")  # noqa: SIM115 (closed in on_stop)

    def on_stop(self) -> None:
        self.log.close()

    def record(self, **fields) -> None:
        self.log.write(json.dumps({"walk": self.mark, **fields}) + "\n")
        self.log.flush()

    @task
    def walk(self) -> None:
        self.mark = f"{'w' if MODE == 'warmup' else ''}u{self.number}w{next(self.walk_numbers)}"
        try:
            self.walk_wizard()
        except Failed:
            self.client.cookiejar.clear()
        if MODE == "warmup":
            run["warm walks done"] += 1
            if run["warm walks done"] >= self.environment.runner.target_user_count:
                self.environment.runner.quit()
            raise StopUser

    def walk_wizard(self) -> None:
        """Start a draft, save every step, open the review, download PDF and JSON."""
        self.think()
        home = self.call("start page", "GET", "/", check=csrf_problem)
        data = {"csrfmiddlewaretoken": TOKEN.search(home.content).group(1).decode()}
        self.think()
        url = self.location(
            self.call(
                "start draft (POST)", "POST", "/drafts/new/", expect=302, data=data,
                headers={"Origin": self.host},
            )
        )  # fmt: skip
        self.record(token=url.split("/")[2])
        saved = time.monotonic()
        while "/step/" in url:
            step_key = url.rstrip("/").rsplit("/", 1)[1]
            fields = {}

            def form_problem(response, fields=fields):
                fields.update(wizard_form(response.content))
                return None if "base_revision" in fields else "no wizard form on the page"

            self.call("wizard page (GET)", "GET", url, check=form_problem)
            answers = dict(self.scenario.get(step_key, {}))
            for key in ("licensor.name", "dataset.name"):  # unique: a mix-up of drafts shows
                if key in answers:
                    answers[key] = f"{answers[key]} {self.mark}"
            posted = {k: v for k, v in {**fields, **answers}.items() if v is not None}
            self.think()
            response = self.call(
                "wizard save (POST)", "POST", url, expect=302, data=posted,
                headers=NO_REFERRER, check=next_page_problem,
            )  # fmt: skip
            saved = time.monotonic()
            self.record(step=step_key, path=url, answers=answers)
            url = self.location(response)
        self.call("review", "GET", url)
        base = url.removesuffix("review/")
        self.pause(max(0.0, saved + 2.0 - time.monotonic()))
        self.record(pdf_after=round(time.monotonic() - saved, 3))
        self.download(PDF_AFTER_SAVE, f"{base}download/pdf/")
        self.think()
        mine = self.mark.encode()
        self.call(
            "download JSON", "GET", f"{base}download/json/",
            check=lambda r: None if mine in r.content else f"{base}: not this walk's draft",
        )  # fmt: skip
        self.think()
        self.download("download PDF", f"{base}download/pdf/")
        self.record(done=True)

    @staticmethod
    def location(response) -> str:
        return urlsplit(response.headers.get("Location", "")).path


class BareUser(Browser):
    fixed_count = int(os.environ.get("LOAD_BARE_USERS", "0"))

    @task
    def bare_page(self) -> None:
        self.think()
        with contextlib.suppress(Failed):
            self.call(BARE_GROUP, "GET", BARE)


class CapacityBareUser(FastHttpUser):
    wait_time = constant(0)
    network_timeout = connection_timeout = REQUEST_TIMEOUT

    @task
    def bare_page(self) -> None:
        capacity_get(self, BARE, CAPACITY_BARE)


class CapacityWizardUser(FastHttpUser):
    wait_time = constant(0)
    network_timeout = connection_timeout = REQUEST_TIMEOUT
    paths = None  # all the users go through the one list in turn

    @task
    def step_page(self) -> None:
        if CapacityWizardUser.paths is None:
            listed = json.loads(Path(os.environ["LOAD_PATHS"]).read_text())
            CapacityWizardUser.paths = itertools.cycle(listed or [BARE])
        capacity_get(self, next(CapacityWizardUser.paths), CAPACITY_WIZARD)


def capacity_get(user: FastHttpUser, path: str, name: str) -> None:
    with user.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
        if r.status_code != 200:
            r.failure(f"{path}: {r.status_code}")


def next_page_problem(response) -> str | None:
    url = WizardUser.location(response)
    return None if "/step/" in url or url.endswith("/review/") else f"redirected to {url}"


def csrf_problem(response) -> str | None:
    return None if TOKEN.search(response.content) else "no CSRF token on the start page"


class FormReader(HTMLParser):
    """The fields a browser submits from the first ``<form class="wizard-form">``:
    ``(name, value)`` pairs in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = self.done = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and not self.done and "wizard-form" in a.get("class", "").split():
            self.inside = True
        if not self.inside or "disabled" in a or not (a.get("name") or tag == "option"):
            return
        kind = a.get("type", "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "input" and kind not in ("submit", "button", "image", "file", "reset"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self.textarea = (a["name"], [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            chosen = [value for value, on in self.options if on]
            chosen = chosen or [value for value, _on in self.options[:1]]
            self.fields.extend((self.select, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, parts = self.textarea
            self.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def wizard_form(page: bytes) -> dict[str, str | list[str]]:
    reader = FormReader()
    reader.feed(page.decode("utf-8", "replace"))
    fields: dict[str, list[str]] = defaultdict(list)
    for name, value in reader.fields:
        fields[name].append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}
