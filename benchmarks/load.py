"""Load test: simulated users (locust) walk the wizard against gunicorn and PostgreSQL on
loopback.

    .venv/bin/pip install -e '.[bench]'                            # locust, once
    .venv/bin/python benchmarks/load.py                             # 50 users, 60 s
    .venv/bin/python benchmarks/load.py --users 10 --run-time 40 --baseline-users 2 \
        --think 0.5:1.5 --capacity-time 5 --capacity-connections 4       # a smoke run

It starts PostgreSQL if it is down (and stops it again at the end), creates a fresh database,
migrates, collects the static files into a temporary folder, and starts ``gunicorn -c
python:drafting.gunicorn drafting.wsgi -w 3`` (docs/deployment.md's command: each worker with
its warm render child) on a free port of 127.0.0.1 with production settings
(``DJANGO_DEBUG=0``, a random secret key; no TLS on loopback, so no SSL redirect and no HSTS).
Beside it runs ``manage.py db_worker`` with the database task backend, as production is
documented, so that every saved step queues the PDF and DOCX of its revision; the render tasks
in each state at the end of the walk are reported. ``--no-task-worker`` leaves the immediate
backend (downloads render on demand, then come from the cache) and no db_worker.

Each phase is one headless locust run (``locust -f benchmarks/locustfile.py --headless``,
whose docstring describes the users) with a time limit, in a separate process:

- Warm-up: ``--workers`` walks at once without waiting, not counted, so that every gunicorn
  worker has loaded its code and caches (the first PDF imports WeasyPrint).
- Walk: for ``--run-time`` seconds, ``--users`` users (``--spawn-rate`` started a second)
  walk the wizard as a browser does: start page, start a draft (a private link), every step's
  page GET and its form POSTed as the page gives it with the scenario's answers
  (tests/wizard_support.SCENARIO) typed in, following the redirect; the review; the PDF
  exactly 2.0 s after the last step's save was answered (its own group: "PDF download 2 s
  after save", pre-rendered when the task worker kept up); then the JSON and the PDF
  ("download PDF") after the usual waits; then a new draft. A user waits ``--think`` seconds
  (uniform MIN:MAX) before each request but the GET that follows a redirect.
  ``--baseline-users`` meanwhile request Django's admin login page, a bare Django page, with
  the same waits, so that its latency is measured under the same load.
- Capacity: the task worker is stopped (this measures the web server alone), then
  ``--capacity-connections`` users request without waiting, ``--capacity-time`` seconds for
  each kind of page in two halves, in the order bare page, wizard step pages (of the drafts
  just made), wizard, bare, so that a load on the machine that changes steadily weighs on both
  alike. Their requests a second are what the server sustains; the ratio is the
  wizard's cost next to a bare Django page.
- Read-back: every draft is read from the database and each answer a user saw accepted (a
  step POST answered by a redirect, logged by the users as JSON lines) is compared with what
  is stored.

Then gunicorn and the worker are stopped and the database is dropped. Output: Markdown tables
(requests, req/s, p50/p95/p99 latency in ms as locust buckets them, errors per request group)
to paste into docs/performance.md, and a verdict per target; exit status 1 when a target is
missed. Only 127.0.0.1 is contacted; every phase, request and subprocess has a time limit.
Options: ``--help``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import loadsupport as ls

MAX_USERS, MAX_SECONDS = 200, 600
TARGET_P95_MS = 150.0  # wizard pages (GET and POST) during the walk
TARGET_THROUGHPUT_RATIO = 0.8  # wizard page capacity / bare page capacity
TARGET_PDF_AFTER_SAVE_MS = 50.0  # median of the PDF downloaded 2 s after the last save


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="wizard users")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started a second")
    parser.add_argument("--run-time", type=int, default=60, help="seconds of the walk")
    parser.add_argument("--think", default="1:3", help="seconds before a request, MIN:MAX")
    parser.add_argument("--baseline-users", type=int, default=5, help="bare-page users")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--capacity-time", type=int, default=10, help="seconds per page kind")
    parser.add_argument("--capacity-connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1, help="of the users' waits")
    parser.add_argument(
        "--task-worker",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="database task backend and db_worker beside gunicorn (default: on)",
    )
    options = parser.parse_args()
    try:
        low, high = (float(part) for part in options.think.split(":"))
    except ValueError:
        parser.error("--think is MIN:MAX in seconds")
    if not 0 <= low <= high:
        parser.error("--think is MIN:MAX with 0 <= MIN <= MAX")
    users = options.users + options.baseline_users
    if not (options.users > 0 and options.baseline_users >= 0 and users <= MAX_USERS):
        parser.error(f"at most {MAX_USERS} users")
    if not 0 < options.capacity_connections <= MAX_USERS or not 0 < options.workers <= 16:
        parser.error(f"at most {MAX_USERS} connections and 16 workers")
    if not (0 < options.run_time <= MAX_SECONDS and 0 < options.capacity_time <= MAX_SECONDS):
        parser.error(f"durations are limited to {MAX_SECONDS} s")
    if not 0 < options.spawn_rate <= 100:
        parser.error("--spawn-rate is limited to 100")
    if not ls.LOCUST.exists():
        parser.error(f"no {ls.LOCUST}: pip install -e '.[bench]'")
    return options


def main() -> int:
    options = parse_options()
    sys.stdout.reconfigure(line_buffering=True)  # each phase's figures as soon as they come
    # This process reads the drafts back at the end: Django set up on the same database
    # (gunicorn and db_worker inherit DATABASE_URL from this environment).
    database = f"license_drafter_load_{os.getpid()}"
    os.environ.update(DATABASE_URL=f"postgres:///{database}", DJANGO_LOG_LEVEL="ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drafting.settings")
    sys.path.insert(0, str(ls.ROOT))
    import django

    django.setup()

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    print(
        f"{options.users} wizard users + {options.baseline_users} bare-page users, "
        f"{options.spawn_rate:g} started a second, think {options.think} s, "
        f"{options.run_time} s; gunicorn -w {options.workers}, "
        f"task worker {'on' if options.task_worker else 'off'}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="license-drafter-load-"))
    try:
        env = ls.server_env(workdir, options.task_worker)
        with (
            ls.postgresql(database),
            ls.servers(
                env, options.workers, workdir / "servers.log", options.task_worker
            ) as running,
        ):
            return run_phases(options, running, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_phases(options, running: ls.Servers, workdir: Path) -> int:
    port = running.port
    common = {
        "LOAD_SCENARIO": str(ls.scenario_file(workdir)),
        "LOAD_THINK": options.think,
        "LOAD_SEED": str(options.seed),
        "LOAD_BARE_USERS": str(options.baseline_users),
    }

    def locust(phase, classes, count, seconds, spawn_rate=None, **env):
        rate = spawn_rate or min(100, count * 10)
        return ls.run_locust(
            classes, port=port, users=count, spawn_rate=rate, seconds=seconds,
            workdir=workdir, phase=phase, env={**common, **env},
        )  # fmt: skip

    warm = locust(
        "warm-up", ["WizardUser"], options.workers, 180, LOAD_MODE="warmup",
        LOAD_WIZARD_USERS=str(options.workers), LOAD_LOG=str(workdir / "warm-up.jsonl"),
    )  # fmt: skip
    if warm.error_count or not ls.read_walks(workdir / "warm-up.jsonl"):
        raise RuntimeError(f"the warm-up walks failed: {warm.errors[:3]}")

    log = workdir / "walk.jsonl"
    classes = ["WizardUser"] + (["BareUser"] if options.baseline_users else [])
    walk = locust(
        "walk", classes, options.users + options.baseline_users, options.run_time,
        spawn_rate=options.spawn_rate, LOAD_WIZARD_USERS=str(options.users), LOAD_LOG=str(log),
    )  # fmt: skip
    print(
        f"\nWalk: users with think time, {options.run_time} s ({walk.seconds:.0f} s until the "
        "last request in flight had its answer; req/s over the latter)\n"
    )
    print(ls.table("walk", walk.rows(ls.WALK_GROUPS)))
    if options.task_worker:
        print("\nrender tasks at the end of the walk:", ls.task_backlog())
    walks = ls.read_walks(log)

    paths = workdir / "paths.json"
    paths.write_text(json.dumps([path for w in walks for path in w.step_paths]))
    connections, seconds = options.capacity_connections, options.capacity_time
    running.stop_task_worker()
    half = max(1, seconds // 2)

    def capacity(kind):
        if kind == "bare":
            return locust("capacity-bare", ["CapacityBareUser"], connections, half)
        return locust(
            "capacity-wizard", ["CapacityWizardUser"], connections, half,
            LOAD_PATHS=str(paths),
        )  # fmt: skip

    # Bare, wizard, wizard, bare: a load on the machine that rises or falls steadily during
    # the phases weighs on both kinds alike.
    bare, wizard = capacity("bare"), capacity("wizard")
    wizard, bare = wizard.combine(capacity("wizard")), capacity("bare").combine(bare)
    print(
        f"\nCapacity: {connections} connections without waiting, 2 x {half} s each kind "
        "(bare, wizard, wizard, bare), task worker stopped\n"
    )
    rows = bare.rows([ls.CAPACITY_BARE]) + wizard.rows([ls.CAPACITY_WIZARD])
    print(ls.table(f"capacity, {connections} connections", rows))
    status = summary(walk, bare, wizard, walks, ls.lost_answers(walks))
    if walk.error_count + bare.error_count + wizard.error_count:
        log = (workdir / "servers.log").read_text(errors="replace")
        print(f"\nthe end of the gunicorn and db_worker log:\n{log[-4000:]}")
    return status


def summary(walk, bare, wizard, walks, readback) -> int:
    checked, drafts, lost = readback
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    done = sum(w.downloaded for w in walks)
    print(
        f"walks started {len(walks)}, finished (both PDFs downloaded) {done}; drafts read back "
        f"{drafts}, accepted answers checked {checked}, lost {len(lost)}"
    )
    delays = sorted(w.pdf_after for w in walks if not math.isnan(w.pdf_after))
    if delays:
        late = sum(d > 2.05 for d in delays)
        print(
            f"PDF 2 s after save: requested {delays[0]:.2f} to {delays[-1]:.2f} s after the "
            f"save; {late} of {len(delays)} later than 2.05 s (the review took longer)"
        )
    for line in lost[:20]:
        print("  lost:", line)
    errors = [*walk.errors, *bare.errors, *wizard.errors]
    for line in errors[:20]:
        print("  error:", line[:300])
    p95 = ls.merged(walk, ls.WIZARD_GROUPS).percentile(0.95)
    pdf = walk.group(ls.PDF_AFTER_SAVE)
    bare_rate, wizard_rate = bare.rate(ls.CAPACITY_BARE), wizard.rate(ls.CAPACITY_WIZARD)
    ratio = wizard_rate / bare_rate if bare_rate else 0.0
    error_count = walk.error_count + bare.error_count + wizard.error_count
    targets = {
        f"no errors ({error_count})": not error_count,
        f"no lost answers ({len(lost)} of {checked})": not lost and drafts > 0,
        f"wizard pages p95 {p95:.0f} ms < {TARGET_P95_MS:.0f} ms": p95 < TARGET_P95_MS,
        f"wizard page capacity {wizard_rate:.1f}/s = {ratio:.2f}x the bare page's "
        f"{bare_rate:.1f}/s (>= {TARGET_THROUGHPUT_RATIO}x)": ratio >= TARGET_THROUGHPUT_RATIO,
        f"PDF 2 s after save median {pdf.percentile(0.5):.0f} ms < "
        f"{TARGET_PDF_AFTER_SAVE_MS:.0f} ms ({pdf.count} downloads)": pdf.count > 0
        and pdf.percentile(0.5) < TARGET_PDF_AFTER_SAVE_MS,
    }
    print()
    for name, met in targets.items():
        print(f"{'met   ' if met else 'MISSED'} {name}")
    print("(worker memory after 1,000 renders: benchmarks/worker_memory.py)")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
