"""Regenerate the user guide's screenshots (docs/screenshots/*.png) from the real wizard.

Skipped unless ``LICENSE_DRAFTER_SCREENSHOTS=1``; run it after a visible change::

    LICENSE_DRAFTER_SCREENSHOTS=1 pytest tests/browser/test_user_guide_screenshots.py

Each picture is a part of a 1000-pixel-wide page, reduced to a 64-colour palette to stay small.
"""

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.test_wizard_walk import fill_steps, save

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("LICENSE_DRAFTER_SCREENSHOTS") != "1",
        reason="set LICENSE_DRAFTER_SCREENSHOTS=1 to regenerate the user guide's screenshots",
    ),
]

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1000, "height": 720}}


def snap(page: Page, name: str, *, selector: str | None = None, full: bool = False) -> None:
    """Save the viewport (or one element, or the full page) as a small palette PNG."""
    png = page.locator(selector).first.screenshot() if selector else page.screenshot(full_page=full)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    FOLDER.mkdir(parents=True, exist_ok=True)
    image.save(FOLDER / f"{name}.png", optimize=True)


class NoShots:
    def take(self, name: str) -> None:
        """The walk's own screenshots are not needed here."""


def test_take_the_user_guide_screenshots(page: Page, live_server):
    base = live_server.url
    page.goto(base + "/")
    snap(page, "01-home")
    page.get_by_role("button", name="Start a new draft").click()
    snap(page, "02-first-step")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.locator("#error-summary").evaluate(
        "element => element.scrollIntoView({behavior: 'instant', block: 'start'})"
    )
    snap(page, "03-errors")
    page.goto(page.url.replace("/parties/", "/rights/"))
    page.get_by_label("Partly our own, partly collected").check()
    snap(page, "04-conditional", selector="form[data-wizard]")
    page.goto(page.url.replace("/rights/", "/parties/"))
    fill_steps(page, NoShots())
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    snap(page, "05-section-map", selector=".section-map")
    snap(page, "06-findings", selector='section[aria-labelledby="findings-title"]')
    snap(page, "07-glance", selector='section[aria-labelledby="glance-title"]')
    snap(page, "08-review-answers", selector=".review-section")
    page.get_by_role("link", name="Preview in the browser").first.click()
    snap(page, "09-preview")
    page.get_by_role("link", name="Fair value exchange").first.click()
    save(page)
    snap(page, "10-private-link", selector=".private-link")
