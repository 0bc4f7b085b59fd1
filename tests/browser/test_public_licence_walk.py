"""In a real browser: the owner of an approved licence publishes it from the review page, the
public page reads well at 1280 and 375 px with no serious or critical axe violation, and
withdrawing it leaves the styled withdrawn page."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from drafting.drafts.services import draft_import
from drafting.review.services import draft_set_status
from tests.browser.test_wizard_axe import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "research-community.yaml"


def test_the_owner_publishes_and_withdraws_and_the_pages_pass_axe(
    page: Page, live_server, console_errors, shots, settings
):
    settings.SITE_URL = live_server.url  # the page's address, as the panel links it
    user = get_user_model().objects.create_user("steward", "s@example.org", "Pw-public-123!")
    draft, _none = draft_import(owner=user, content=EXAMPLE.read_bytes(), filename=EXAMPLE.name)
    draft_set_status(draft=draft, status="in_review", by_name="steward", by_owner=True)
    draft_set_status(draft=draft, status="approved", by_name="counsel")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("steward")
    page.get_by_label("Password").fill("Pw-public-123!")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/drafts/{draft.public_id}/review/")
    panel = page.get_by_role("region", name="Public licence page")
    panel.get_by_label(f"I want revision {draft.revision} of this licence to be public").check()
    panel.get_by_role("button", name=f"Publish revision {draft.revision}").click()
    expect(page.get_by_text("anyone can now read it")).to_be_visible()
    found = {"review after publishing": blocking_violations(page)}

    page.get_by_role("region", name="Public licence page").get_by_role("link").first.click()
    expect(page.locator("#licence-title")).to_have_text("Kernewek Speech Corpus Research Licence")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shots.take(f"public-licence-{width}")
        found[f"public page at {width} px"] = blocking_violations(page)
    public_url = page.url

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/drafts/{draft.public_id}/review/")
    panel = page.get_by_role("region", name="Public licence page")
    panel.get_by_label(f"Withdraw revision {draft.revision}").check()
    panel.get_by_role("button", name="Withdraw the page").click()
    expect(page.get_by_text("it now says the licence was withdrawn")).to_be_visible()
    page.goto(public_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("This licence was withdrawn")
    shots.take("public-licence-withdrawn")
    found["withdrawn page"] = blocking_violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
    expected = "Failed to load resource: the server responded with a status of 410 (Gone)"
    assert [error for error in console_errors if error != expected] == []
