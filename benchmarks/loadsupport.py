"""Helpers of ``benchmarks/load.py``: the servers, the locust runs, the read-back, the report.

Nothing here imports locust (it patches the process with gevent) and Django is imported only
inside the functions that read the database; ``benchmarks/locustfile.py`` imports the names
it shares with the driver from here.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import secrets
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # the only address the load test ever talks to
BARE = "/admin/login/"  # a bare Django page, the baseline
LOCUST = Path(sys.executable).parent / "locust"
REQUEST_TIMEOUT = 60.0  # seconds a request may take (locust's network and connect timeouts)

# Request names (locust's ``name=``), in the order of the report.
BARE_GROUP = "bare page (admin login)"
WIZARD_GROUPS = ("wizard page (GET)", "wizard save (POST)")
PDF_AFTER_SAVE = "PDF download 2 s after save"
PREPARING = "download: asked while being prepared (202)"
WALK_GROUPS = (
    "start page",
    "start draft (POST)",
    *WIZARD_GROUPS,
    "review",
    PDF_AFTER_SAVE,
    "download JSON",
    "download PDF",
    PREPARING,
    BARE_GROUP,
)
CAPACITY_BARE, CAPACITY_WIZARD = "bare page", "wizard page"

# -- the servers ---------------------------------------------------------------------------


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
        # Every simulated user comes from 127.0.0.1: one client to the rate limits.
        "LICENSE_DRAFTER_RATE_LIMITS": "draft-new=1000000/3600",
    }


@dataclass
class Servers:
    """The running servers: gunicorn's ``port``, and the task worker's process (or None)."""

    port: int
    task_worker: subprocess.Popen | None

    def stop_task_worker(self) -> None:
        """Stop the task worker (and its render child): the capacity phases measure the web
        server alone, not whatever the worker is rendering at the time."""
        if self.task_worker is not None and self.task_worker.poll() is None:
            self.task_worker.terminate()
            try:
                self.task_worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.task_worker.kill()
                self.task_worker.wait(timeout=10)


@contextlib.contextmanager
def servers(env: dict[str, str], workers: int, log: Path, task_worker: bool):
    """Migrate, collect static files, start gunicorn on a free loopback port (and a task
    worker); yield :class:`Servers`; stop them."""
    sh(sys.executable, "manage.py", "migrate", "--noinput", env=env)
    sh(sys.executable, "manage.py", "collectstatic", "--noinput", env=env)
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:drafting.gunicorn"]
    commands = [[*gunicorn, "drafting.wsgi", "-b", f"{HOST}:{port}", "-w", str(workers)]]
    if task_worker:
        # As docs/deployment.md runs it: below the web workers' priority, so that renders
        # use the CPU the pages leave.
        worker = ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--no-reload"]
        commands.append([*worker, "--interval", "0.2"])
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
        yield Servers(port, started[1] if task_worker else None)
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
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", BARE)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


# -- locust --------------------------------------------------------------------------------


@dataclass
class Group:
    """One request name's figures: response times in ms (locust's rounded buckets)."""

    count: int = 0
    failures: int = 0
    times: Counter = field(default_factory=Counter)

    def percentile(self, fraction: float) -> float:
        """As locust computes it from its buckets."""
        wanted, seen = int(self.count * fraction), 0
        for ms in sorted(self.times, reverse=True):
            seen += self.times[ms]
            if self.count - seen <= wanted:
                return ms
        return 0.0

    def add(self, other: Group) -> Group:
        count, failures = self.count + other.count, self.failures + other.failures
        return Group(count, failures, self.times + other.times)


@dataclass
class Phase:
    """What one locust run measured (see ``locustfile.dump_result``)."""

    seconds: float  # from the start of the run until every user had stopped
    groups: dict[str, Group]
    errors: list[str]  # "N x name: message": request failures, exceptions, users killed
    exceptions: int = 0  # raised by the locustfile's code, or users killed at the end

    @property
    def error_count(self) -> int:
        return sum(g.failures for g in self.groups.values()) + self.exceptions

    def group(self, name: str) -> Group:
        return self.groups.get(name, Group())

    def rate(self, name: str) -> float:
        return self.group(name).count / self.seconds if self.seconds else 0.0

    def rows(self, names):
        """The rows of :func:`table` for those of ``names`` that were requested."""
        return [(name, self.groups[name], self.seconds) for name in names if name in self.groups]

    def combine(self, other: Phase) -> Phase:
        """Both runs as one: their requests, time and errors added up."""
        names = {*self.groups, *other.groups}
        groups = {name: self.group(name).add(other.group(name)) for name in names}
        return Phase(
            self.seconds + other.seconds,
            groups,
            self.errors + other.errors,
            self.exceptions + other.exceptions,
        )


def run_locust(classes, *, port, users, spawn_rate, seconds, workdir, phase, env) -> Phase:
    """Run ``locust -f benchmarks/locustfile.py --headless`` with the User ``classes``
    against gunicorn on ``port`` for at most ``seconds``; return its figures. ``env`` adds
    the LOAD_* settings the locustfile reads."""
    result, log = workdir / f"{phase}.json", workdir / f"{phase}.locust.log"
    command = [
        str(LOCUST),
        *("-f", str(HERE / "locustfile.py"), "--headless", "--only-summary"),
        *("--host", f"http://{HOST}:{port}", "-u", str(users), "-r", f"{spawn_rate:g}"),
        *("-t", f"{seconds + 30}s", "--stop-timeout", f"{REQUEST_TIMEOUT + 5:g}"),
        *("--exit-code-on-error", "0", "--loglevel", "INFO", *classes),
    ]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOCUST_")}
    with log.open("wb") as output:
        done = subprocess.run(
            command,
            cwd=workdir,  # no locust.conf of the caller's folder
            env={**clean, **env, "LOAD_RESULT": str(result), "LOAD_RUN_TIME": str(seconds)},
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=seconds + 30 + 2 * REQUEST_TIMEOUT + 60,
            check=False,
        )
    if done.returncode or not result.exists():
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"locust ({phase}) exited with {done.returncode}:\n{tail}")
    data = json.loads(result.read_text())
    groups = {
        e["name"]: Group(
            e["num_requests"],
            e["num_failures"],
            Counter({int(ms): n for ms, n in e["response_times"].items()}),
        )
        for e in data["stats"]
    }
    errors = [f"{e['occurrences']} x {e['name']}: {e['error']}" for e in data["errors"]]
    errors += [
        f"{e['count']} x exception in the locustfile: {e['msg']}" for e in data["exceptions"]
    ]
    exceptions = sum(e["count"] for e in data["exceptions"])
    if "Not all users finished" in log.read_text(errors="replace"):
        errors.append(f"users still busy {REQUEST_TIMEOUT + 5:g} s after the end were killed")
        exceptions += 1
    return Phase(data["stopped"] - data["started"], groups, errors, exceptions)


def table(title: str, rows) -> str:
    """A Markdown table of ``rows``: (name, Group, seconds it was measured over)."""
    lines = [
        f"| {title} | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, group, seconds in rows:
        lines.append(
            f"| {name} | {group.count:,} | {group.count / seconds:,.1f} "
            f"| {group.percentile(0.5):,.0f} | {group.percentile(0.95):,.0f} "
            f"| {group.percentile(0.99):,.0f} | {group.failures} |"
        )
    return "\n".join(lines)


# -- what the users saw accepted, and what was stored ----------------------------------------


@dataclass
class Walk:
    """One draft walked by one user, from the JSON lines the locustfile wrote: its private
    link token, the answers each accepted step posted, the step pages' paths."""

    mark: str
    token: str = ""
    accepted: dict[str, dict] = field(default_factory=dict)
    step_paths: list[str] = field(default_factory=list)
    downloaded: bool = False
    pdf_after: float = math.nan  # seconds from the last save to the PDF request


def read_walks(path: Path) -> list[Walk]:
    walks: dict[str, Walk] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            record = json.loads(line)
            walk = walks.setdefault(record["walk"], Walk(record["walk"]))
            if "token" in record:
                walk.token = record["token"]
            if "step" in record:
                walk.accepted[record["step"]] = record["answers"]
                walk.step_paths.append(record["path"])
            if "pdf_after" in record:
                walk.pdf_after = record["pdf_after"]
            if record.get("done"):
                walk.downloaded = True
    return list(walks.values())


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


def task_backlog() -> dict[str, int]:
    """How many render tasks (queued by saving a step) are in each state."""
    from django.db import connections
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    try:
        rows = DBTaskResult.objects.values_list("status").annotate(Count("id"))
        return {status: count for status, count in rows}
    finally:
        connections.close_all()


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


def scenario_file(workdir: Path) -> Path:
    """tests/wizard_support.SCENARIO as posted, for the locust process (which has no Django)."""
    from tests.wizard_support import SCENARIO

    path = workdir / "scenario.json"
    path.write_text(json.dumps({step: as_posted(a) for step, a in SCENARIO.items()}))
    return path


def merged(phase: Phase, names) -> Group:
    total = Group()
    for name in names:
        total = total.add(phase.group(name))
    return total
