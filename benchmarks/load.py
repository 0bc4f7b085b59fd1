"""Load test: simulated users walk the wizard against gunicorn and PostgreSQL on loopback.

    /work/venv/bin/python benchmarks/load.py                             # 50 users, 60 s
    /work/venv/bin/python benchmarks/load.py --users 10 --run-time 15   # a smoke run

It starts PostgreSQL if it is down (and stops it again at the end), creates a fresh database,
migrates, collects the static files into a temporary folder, and starts ``gunicorn -c
python:drafting.gunicorn drafting.wsgi -w 2`` (as docs/deployment.md has it: each worker with
its warm render child) on a free port of 127.0.0.1 with production settings
(``DJANGO_DEBUG=0``, a random secret key; no TLS on loopback, so no SSL redirect and no HSTS).
With ``--task-worker`` it also uses the database task backend and runs ``manage.py
db_worker`` beside gunicorn, so that every saved step queues the PDF and DOCX of its revision;
the tasks still waiting at the end of the walk are reported.

Walk: for ``--run-time`` seconds, ``--users`` simulated users (threads, ``--spawn-rate`` started
a second) walk the wizard as a browser does: open the start page, start a draft (a private
link), and for every step GET the page and POST its form as the page gives it with the
scenario's answers typed in (the CSRF token from the page, ``Origin: null`` as a no-referrer
page posts), following the redirect; then open the review and download the draft as JSON and
as PDF, and start again. A user waits ``--think`` seconds (uniform) before each request but
the GET that follows a redirect, which a browser sends at once. Two walks without waits warm
both gunicorn workers up first and are not counted.
``--baseline-users`` meanwhile request Django's admin login page, a bare Django page, with the
same waits, so that its latency is measured under the same load.

Capacity: then ``--capacity-connections`` connections request without waiting, for
``--capacity-time`` seconds each, first the bare page, then the wizard step pages of the
drafts just made. Their requests a second are what the server sustains; the ratio is the
wizard's cost next to a bare Django page.

Finally every draft is read back from the database and each answer a user saw accepted (a
step POST answered by a redirect) is compared with what is stored. gunicorn is stopped and the
database dropped. Output: requests/s, p50/p95/p99 latency and errors per group; exit status 1
when a target is missed. Only 127.0.0.1 is contacted; every wait has a time limit.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this script ever talks to
BARE = "/admin/login/"
REQUEST_TIMEOUT = 60.0
MAX_USERS, MAX_SECONDS = 200, 600
TARGET_P95_MS = 150.0  # wizard pages (GET and POST) during the walk
TARGET_THROUGHPUT_RATIO = 0.8  # wizard page capacity / bare page capacity
WIZARD_GROUPS = ("wizard page (GET)", "wizard save (POST)")
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

# -- the server ----------------------------------------------------------------------------


def sh(*command: str, env=None, timeout: float = 300) -> None:
    """Run ``command`` in the project folder; raise with its output if it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, capture_output=True)
    if done.returncode:
        output = (done.stdout + done.stderr).decode("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")


@contextlib.contextmanager
def postgresql(name: str):
    """Create database ``name`` (dropped afterwards); start the cluster if it is down and
    stop it again at the end."""
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, timeout=30, check=True
    )
    started = "online" not in clusters.stdout.split()
    control = ("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main")
    if started:
        sh(*control, "start", timeout=60)
    sh("createdb", name, timeout=60)
    try:
        yield
    finally:
        subprocess.run(["dropdb", "--if-exists", name], check=False, timeout=60)
        if started:
            subprocess.run([*control, "stop"], check=False, timeout=60)


def server_env(workdir: Path, task_worker: bool) -> dict[str, str]:
    """Production settings. drafting/settings.py has no variable for STATIC_ROOT, so a
    two-line settings module in ``workdir`` points it there; the render cache goes there too."""
    (workdir / "load_settings.py").write_text(
        "from drafting.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    tasks = {"DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"} if task_worker else {}
    return {
        **tasks,
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "LICENSE_DRAFTER_RENDER_CACHE_DIR": str(workdir / "rendered"),
    }


@contextlib.contextmanager
def servers(env: dict[str, str], workers: int, log: Path, task_worker: bool):
    """Migrate, collect static files, start gunicorn on a free loopback port (and a task
    worker); yield the port; stop them."""
    sh(sys.executable, "manage.py", "migrate", "--noinput", env=env)
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", env=env)
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:drafting.gunicorn"]
    commands = [[*gunicorn, "drafting.wsgi", "-b", f"{HOST}:{port}", "-w", str(workers)]]
    if task_worker:
        commands.append([sys.executable, "manage.py", "db_worker", "--no-reload"])
    with log.open("wb") as output:
        started = [
            subprocess.Popen(c, cwd=ROOT, env=env, stdout=output, stderr=output) for c in commands
        ]
    try:
        deadline = time.monotonic() + 60
        while not _ready(port):
            if any(p.poll() is not None for p in started) or time.monotonic() > deadline:
                raise RuntimeError(f"the servers did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield port
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _ready(port: int) -> bool:
    try:
        return request(port, "GET", BARE).status == 200
    except OSError:
        return False


# -- HTTP ----------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: bytes
    cookies: SimpleCookie


def request(port, method, path, *, data=None, headers=None, cookies=None) -> Response:
    """One request to 127.0.0.1:``port``, within REQUEST_TIMEOUT seconds per socket wait."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        body = urlencode(data, doseq=True).encode() if data is not None else None
        sent = {"Host": f"{HOST}:{port}", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        jar = SimpleCookie()
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        location = urlsplit(answer.getheader("Location", "")).path
        return Response(answer.status, location, answer.read(), jar)
    finally:
        connection.close()


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


def as_posted(answers: dict) -> dict:
    """Scenario answers as a browser posts them: a ticked box "on", an unticked one not at
    all (None here), lists as lists, anything else as text."""
    posted = {}
    for name, value in answers.items():
        if isinstance(value, bool):
            posted[name] = "on" if value else None
        else:
            posted[name] = list(value) if isinstance(value, list | tuple) else str(value)
    return posted


# -- the users -----------------------------------------------------------------------------


class Failed(Exception):
    """A request failed (already counted); the user starts a new walk."""


class TimeUp(Exception):
    """The run is over; the user stops."""


@dataclass
class Stats:
    """Latencies (ms) and errors per group, shared by every thread."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, group: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.samples[group].append(ms)
            if error:
                self.errors[group].append(error)


@dataclass
class Walk:
    """One draft walked by one user: its private-link token, the answers each accepted step
    posted, and the step pages' paths."""

    user: int
    number: int
    token: str = ""
    accepted: dict[str, dict] = field(default_factory=dict)
    step_paths: list[str] = field(default_factory=list)
    downloaded: bool = False

    @property
    def mark(self) -> str:
        return f"u{self.user}w{self.number}"


@dataclass
class User:
    port: int
    stats: Stats
    deadline: float
    think: tuple[float, float]
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)

    def call(self, group, method, path, *, expect, data=None, headers=None, think=True):
        """Wait (unless following a redirect), send, record; raise Failed on an unexpected
        status, TimeUp when the run is over."""
        wait = self.rng.uniform(*self.think) if think else 0.0
        if time.monotonic() + wait >= self.deadline:
            raise TimeUp
        time.sleep(wait)
        start = time.perf_counter()
        try:
            response = request(
                self.port, method, path, data=data, headers=headers, cookies=self.cookies
            )
        except OSError as error:
            self.stats.add(group, (time.perf_counter() - start) * 1000, f"{path}: {error!r}")
            raise Failed from error
        ms = (time.perf_counter() - start) * 1000
        self.cookies.update((name, morsel.value) for name, morsel in response.cookies.items())
        if response.status != expect:
            text = response.body[:200].decode("utf-8", "replace").replace("\n", " ")
            self.stats.add(group, ms, f"{method} {path}: {response.status} {text}")
            raise Failed
        self.stats.add(group, ms)
        return response

    def check(self, ok: bool, group: str, message: str) -> None:
        if not ok:
            with self.stats.lock:
                self.stats.errors[group].append(message)
            raise Failed


def walk_wizard(user: User, walk: Walk, scenario: dict) -> None:
    """Start a draft, save every step, open the review, download JSON and PDF."""
    home = user.call("start page", "GET", "/", expect=200)
    token = TOKEN.search(home.body)
    user.check(token is not None, "start page", "no CSRF token on the start page")
    origin = {"Origin": f"http://{HOST}:{user.port}"}
    data = {"csrfmiddlewaretoken": token.group(1).decode()}
    url = user.call(
        "start draft (POST)", "POST", "/drafts/new/", expect=302, data=data, headers=origin
    ).location
    walk.token = url.split("/")[2]
    no_referrer = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    while "/step/" in url:
        step_key = url.rstrip("/").rsplit("/", 1)[1]
        page = user.call("wizard page (GET)", "GET", url, expect=200, think=False)
        fields = wizard_form(page.body)
        user.check("base_revision" in fields, "wizard page (GET)", f"{url}: no wizard form")
        walk.step_paths.append(url)
        answers = as_posted(scenario.get(step_key, {}))
        for key in ("licensor.name", "dataset.name"):  # unique: a mix-up of drafts shows
            if key in answers:
                answers[key] = f"{answers[key]} {walk.mark}"
        posted = {k: v for k, v in {**fields, **answers}.items() if v is not None}
        url = user.call(
            "wizard save (POST)", "POST", url, expect=302, data=posted, headers=no_referrer
        ).location
        walk.accepted[step_key] = answers
    user.check(url.endswith("/review/"), "wizard save (POST)", f"last step went to {url}")
    user.call("review", "GET", url, expect=200, think=False)
    base = url.removesuffix("review/")
    answers_file = user.call("download JSON", "GET", f"{base}download/json/", expect=200)
    user.check(walk.mark.encode() in answers_file.body, "download JSON", f"{base}: not ours")
    pdf = user.call("download PDF", "GET", f"{base}download/pdf/", expect=200)
    user.check(pdf.body.startswith(b"%PDF-"), "download PDF", f"{base}: not a PDF")
    walk.downloaded = True


def wizard_user(user: User, number: int, walks: list[Walk], scenario: dict) -> None:
    for count in range(10_000):
        walk = Walk(user=number, number=count)
        walks.append(walk)  # list.append is atomic
        try:
            walk_wizard(user, walk, scenario)
        except TimeUp:
            return
        except Failed:
            user.cookies.clear()


def warm_up(port: int, scenario: dict) -> None:
    """Two walks at once without waiting, not counted: both workers load their code and
    caches (the first PDF imports WeasyPrint) before anything is measured."""
    deadline = time.monotonic() + 120
    users = [User(port, Stats(), deadline, (0.0, 0.0), random.Random(i)) for i in range(2)]
    targets = [
        (walk_wizard, (user, Walk(user=-1, number=i), scenario)) for i, user in enumerate(users)
    ]
    run_threads(targets, spacing=0, limit=deadline)
    problems = [e for user in users for errors in user.stats.errors.values() for e in errors]
    if problems:
        raise RuntimeError(f"the warm-up walk failed: {problems[0][:500]}")


def baseline_user(user: User) -> None:
    with contextlib.suppress(TimeUp):
        while True:
            with contextlib.suppress(Failed):
                user.call("bare page (admin login)", "GET", BARE, expect=200)


def closed_loop(
    port: int, paths: list[str], seconds: float, connections: int, stats: Stats, group: str
) -> float:
    """``connections`` threads GET ``paths`` in turn without waiting for ``seconds``; return
    the requests completed a second."""
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += connections
            start = time.perf_counter()
            try:
                status = request(port, "GET", path).status
                error = None if status == 200 else f"{path}: {status}"
            except OSError as exc:
                error = f"{path}: {exc!r}"
            stats.add(group, (time.perf_counter() - start) * 1000, error)

    started = time.monotonic()
    run_threads([(worker, (i,)) for i in range(connections)], spacing=0, limit=deadline)
    return len(stats.samples[group]) / (time.monotonic() - started)


def run_threads(targets, *, spacing: float, limit: float) -> int:
    """Start a daemon thread per ``(function, args)``, ``spacing`` seconds apart; wait until
    ``limit`` (monotonic) plus one request's time; return how many are still running."""
    threads = [threading.Thread(target=f, args=args, daemon=True) for f, args in targets]
    for thread in threads:
        thread.start()
        time.sleep(spacing)
    for thread in threads:
        thread.join(timeout=max(0.0, limit - time.monotonic()) + REQUEST_TIMEOUT + 5)
    return sum(thread.is_alive() for thread in threads)


# -- what was stored -----------------------------------------------------------------------


def lost_answers(walks: list[Walk]) -> tuple[int, int, list[str]]:
    """Read every walked draft back; return (answers checked, drafts read, lost answers)."""
    from django.db import connections

    from drafting.drafts.access import draft_for_link
    from tests.wizard_support import form_data

    checked, drafts, lost = 0, 0, []
    try:
        for walk in (walk for walk in walks if walk.token):
            draft = draft_for_link(walk.token)
            if draft is None:
                lost.append(f"{walk.mark}: draft not found")
                continue
            drafts += 1
            for step_key, answers in walk.accepted.items():
                stored = form_data(draft, step_key)
                for name, value in answers.items():
                    checked += 1
                    have = stored.get(name)
                    if isinstance(value, list) and isinstance(have, list):
                        have, value = sorted(have), sorted(value)
                    if have != value:
                        lost.append(f"{walk.mark} {name}: posted {value!r}, stored {have!r}")
    finally:
        connections.close_all()  # before the database is dropped
    return checked, drafts, lost


def print_task_backlog() -> None:
    """How many render tasks (queued by saving a step) are in each state."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    counts = dict(DBTaskResult.objects.values_list("status").annotate(Count("id")))
    if counts:
        print("render tasks at the end of the walk:", counts)


# -- report --------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def report(stats: Stats, seconds: float, title: str) -> None:
    print(f"\n{title}, {seconds:.0f} s")
    print(
        f"{'group':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}"
    )
    for group in sorted(stats.samples):
        ms = stats.samples[group]
        print(
            f"{group:<26} {len(ms):>8} {len(ms) / seconds:>7.1f} {percentile(ms, 0.5):>7.0f} "
            f"{percentile(ms, 0.95):>7.0f} {percentile(ms, 0.99):>7.0f} "
            f"{len(stats.errors.get(group, ())):>6}"
        )


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="wizard users")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started a second")
    parser.add_argument("--run-time", type=float, default=60.0, help="seconds of the walk")
    parser.add_argument("--think", default="1:3", help="seconds before a request, MIN:MAX")
    parser.add_argument("--baseline-users", type=int, default=5, help="bare-page users")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--capacity-time", type=float, default=10.0)
    parser.add_argument("--capacity-connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--task-worker", action="store_true", help="run db_worker as well")
    options = parser.parse_args()
    options.think = tuple(float(part) for part in options.think.split(":"))
    users = options.users + options.baseline_users
    if not 0 < users <= MAX_USERS or not 0 < options.capacity_connections <= MAX_USERS:
        parser.error(f"at most {MAX_USERS} users or connections")
    if not (0 < options.run_time <= MAX_SECONDS and 0 < options.capacity_time <= MAX_SECONDS):
        parser.error(f"durations are limited to {MAX_SECONDS} s")
    return options


def main() -> int:
    options = parse_options()
    think, users = options.think, options.users + options.baseline_users

    # This process reads the drafts back at the end: Django set up on the same database
    # (gunicorn inherits DATABASE_URL from this environment).
    database = f"license_drafter_load_{os.getpid()}"
    os.environ.update(DATABASE_URL=f"postgres:///{database}", DJANGO_LOG_LEVEL="ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tests.wizard_support import SCENARIO

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    print(
        f"{options.users} wizard users + {options.baseline_users} bare-page users, "
        f"{options.spawn_rate:g} started a second, think {think[0]:g}-{think[1]:g} s, "
        f"{options.run_time:g} s; gunicorn -w {options.workers}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="license-drafter-load-"))
    stats, capacity, walks = Stats(), Stats(), []
    try:
        env = server_env(workdir, options.task_worker)
        with (
            postgresql(database),
            servers(env, options.workers, workdir / "servers.log", options.task_worker) as port,
        ):
            warm_up(port, SCENARIO)
            rng = random.Random(options.seed)
            start = time.monotonic()
            deadline = start + options.run_time
            targets = []
            for number in range(users):
                user = User(port, stats, deadline, think, random.Random(rng.random()))
                wizard = number < options.users
                targets.append(
                    (wizard_user, (user, number, walks, SCENARIO))
                    if wizard
                    else (baseline_user, (user,))
                )
            stuck = run_threads(targets, spacing=1 / options.spawn_rate, limit=deadline)
            report(stats, time.monotonic() - start, "Walk: users with think time")
            print_task_backlog()

            pages = [path for walk in walks for path in walk.step_paths] or [BARE]
            seconds, connections = options.capacity_time, options.capacity_connections
            bare = closed_loop(port, [BARE], seconds, connections, capacity, "bare page")
            steps = closed_loop(port, pages, seconds, connections, capacity, "wizard page")
            report(capacity, seconds, f"Capacity: {connections} connections without waiting")
            checked, drafts, lost = lost_answers(walks)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return summary(stats, capacity, walks, stuck, (checked, drafts, lost), bare, steps)


def summary(stats, capacity, walks, stuck, readback, bare, steps) -> int:
    checked, drafts, lost = readback
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    done = sum(walk.downloaded for walk in walks)
    print(
        f"walks started {len(walks)}, finished (PDF downloaded) {done}; drafts read back {drafts}, "
        f"accepted answers checked {checked}, lost {len(lost)}; threads stuck {stuck}"
    )
    for line in lost[:20]:
        print("  lost:", line)
    errors = {group: e for group, e in stats.errors.items() if e}
    errors.update((f"capacity, {group}", e) for group, e in capacity.errors.items() if e)
    for group, messages in errors.items():
        print(f"  {len(messages)} errors in {group}, e.g. {messages[0][:300]}")
    p95 = percentile([ms for g in WIZARD_GROUPS for ms in stats.samples.get(g, [])], 0.95)
    ratio = steps / bare if bare else 0.0
    targets = {
        "no errors": not errors and not stuck,
        "no lost answers": not lost and drafts > 0,
        f"wizard pages p95 {p95:.0f} ms < {TARGET_P95_MS:.0f} ms": p95 < TARGET_P95_MS,
        f"wizard page capacity {steps:.1f}/s = {ratio:.2f}x the bare page's {bare:.1f}/s "
        f"(>= {TARGET_THROUGHPUT_RATIO}x)": ratio >= TARGET_THROUGHPUT_RATIO,
    }
    print()
    for name, met in targets.items():
        print(f"{'met   ' if met else 'MISSED'} {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
