"""Accessibility: a step can be filled with the keyboard alone, and axe-core finds no serious
or critical violation on any wizard step, the review and preview pages, a step showing
errors, and the account pages."""

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import OPTIONS_WCAG_22AA, Axe

from drafting.questionnaire.definition import get_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
AXE = Axe(use_minified_file=True)


def blocking_violations(page: Page) -> list[str]:
    results = AXE.run(
        page,
        options=OPTIONS_WCAG_22AA,
        html_report_generated=False,
        json_report_generated=False,
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def keyboard_only_first_step(page: Page) -> None:
    """Fill and save the first step with the keyboard alone, recovering from an error."""
    name = page.get_by_label("Licensor's legal name")
    for _ in range(60):
        page.keyboard.press("Tab")
        if name.evaluate("element => element === document.activeElement"):
            break
    expect(name).to_be_focused()
    page.keyboard.type("Aberystwyth Speech Archive")
    page.keyboard.press("Enter")  # submits the form; the dataset name is still missing
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Dataset name: is required")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Dataset name")).to_be_focused()
    page.keyboard.type("Welsh Voices")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rights check")


def test_no_page_of_the_wizard_has_a_serious_or_critical_violation(
    page: Page, live_server, console_errors, shots
):
    page.goto(live_server.url + "/")
    found = {"home": blocking_violations(page)}
    page.get_by_role("button", name="Start a new draft").click()
    base = page.url.split("/step/")[0]
    keyboard_only_first_step(page)
    for number, step_key in enumerate(get_questionnaire().step_keys, start=1):
        page.goto(f"{base}/step/{step_key}/")
        expect(page.get_by_text(f"Step {number} of 15")).to_be_visible()
        shots.take(step_key)
        found[step_key] = blocking_violations(page)
    page.goto(f"{base}/step/parties/")
    page.get_by_label("Licensor's legal name").fill("Acme\u202eLtd")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    found["parties with errors"] = blocking_violations(page)
    for name in ("review", "preview"):
        page.goto(f"{base}/{name}/")
        shots.take(name)
        found[name] = blocking_violations(page)
    for path in ("/accounts/login/", "/accounts/signup/", "/drafts/import/"):
        page.goto(live_server.url + path)
        found[path] = blocking_violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert console_errors == []
