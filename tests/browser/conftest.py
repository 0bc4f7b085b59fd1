"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Every test here is marked ``browser``. Pages are checked for console errors, and the
screenshots a test takes of each step are written to a temporary folder when it fails.
"""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="package", autouse=True)
def allow_database_calls_beside_playwright():
    """Set DJANGO_ALLOW_ASYNC_UNSAFE=true while the browser tests run.

    Playwright's sync API keeps an event loop in the test's thread, so Django would refuse
    the tests' own database calls. The variable is removed again afterwards: left set, it
    would reach the rest of the suite (and ``check --deploy`` rightly refuses it).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch Debian's chromium (never a downloaded browser), headless and offline."""
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# Generous waits: a PDF download renders the whole draft, and CI's two cores may be busy.
ACTION_TIMEOUT_MS = 90_000
expect.set_options(timeout=30_000)


@pytest.fixture(autouse=True)
def patient_context(context):
    """Give every page of the test's context a 90 s timeout instead of Playwright's 30 s."""
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class StepShots:
    """Screenshots taken along a walk, kept in memory and written out only on failure."""

    def __init__(self, page):
        self.page = page
        self.shots: list[tuple[str, bytes]] = []

    def take(self, name: str) -> None:
        """Screenshot the whole page as ``NN-name.png``."""
        self.shots.append(
            (f"{len(self.shots):02d}-{name}.png", self.page.screenshot(full_page=True))
        )

    def write(self) -> Path:
        """Write every screenshot to a new temporary folder and return it."""
        folder = Path(tempfile.mkdtemp(prefix="wizard-shots-"))
        for name, png in self.shots:
            (folder / name).write_bytes(png)
        return folder


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions of the page, collected as they happen."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


@pytest.fixture
def shots(request, page):
    """A :class:`StepShots` for the test's page; on failure its folder is printed."""
    collector = StepShots(page)
    yield collector
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        if not collector.shots:
            collector.take("at-failure")
        print(f"\nScreenshots of the walk: {collector.write()}")
