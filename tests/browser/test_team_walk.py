"""The team scenario in a real browser: a data steward drafts (imports the answers) and shares
the draft with counsel (edit) and the community's elders (comment); the elders comment under
their name, counsel edits and approves, and the steward sees who did what in the activity and
downloads the approved PDF with its approval record. axe finds no violation on any page of
the walk, at 1280 px and at 375 px."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from drafting.drafts.selectors import draft_document
from drafting.models import Draft
from tests.browser.conftest import ACTION_TIMEOUT_MS
from tests.browser.test_wizard_axe import AXE, OPTIONS_WCAG_22AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "research-community.yaml"
WIDTHS = (1280, 375)
ELDERS = "Mererid (link: for the elders)"
COUNSEL = "Alun (link: for counsel)"
NEW_TITLE = "Kernewek Speech Corpus Research Licence, as agreed with counsel"


class AxeWalk:
    """axe-core over each page of the walk at every width of :data:`WIDTHS`."""

    def __init__(self):
        self.found: dict[str, list[str]] = {}

    def check(self, page: Page, name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            results = AXE.run(
                page,
                options=OPTIONS_WCAG_22AA,
                html_report_generated=False,
                json_report_generated=False,
            )
            problems = [
                f"{violation['id']} ({violation['impact']}): "
                + "; ".join(node["target"][0] for node in violation["nodes"][:3])
                for violation in results["violations"]
            ]
            if problems:
                self.found[f"{name} at {width} px"] = problems
        page.set_viewport_size({"width": 1280, "height": 900})


def confirm(page: Page, axe: AxeWalk, name: str) -> None:
    """On a confirmation page: check it, then press its confirm button."""
    expect(page.locator("[data-confirm-form]")).to_be_visible()
    axe.check(page, name)
    page.locator("[data-confirm-form] button[name=confirm]").click()


def reviewer(browser: Browser, url: str, name: str, axe: AxeWalk, label: str) -> Page:
    """A reviewer's own browser: open the share link and give a name when asked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start: your name")
    axe.check(page, f"name page ({label})")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-acting-as]")).to_contain_text(name)
    return page


def test_a_team_reviews_approves_and_the_steward_sees_who_did_what(
    page: Page, browser: Browser, live_server, console_errors, shots
):
    axe = AxeWalk()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/drafts/import/")
    axe.check(page, "import")
    page.get_by_label("Answers file").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Import and review").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page, "review")
    draft_root = re.sub(r"review/.*$", "", page.url)

    links = {}
    page.get_by_role("link", name="Share for review").click()
    for role, label in (("edit", "for counsel"), ("comment", "for the elders")):
        page.get_by_label("Role").select_option(role)
        page.get_by_label("Label").fill(label)
        page.get_by_role("button", name="Create link").click()
        links[label] = page.locator("[data-new-share-link]").input_value()
    axe.check(page, "sharing")
    page.get_by_role("button", name="Send for review").click()
    confirm(page, axe, "confirm send for review")
    expect(page.get_by_text("The draft was sent for review (revision 0).")).to_be_visible()
    axe.check(page, "detail in review")
    shots.take("steward-sent")

    elders = reviewer(browser, links["for the elders"], "Mererid", axe, "elders")
    elders.get_by_role("link", name="Comments", exact=True).click()
    elders.get_by_label(re.compile(r"^\s*Clause\W*$")).select_option("grant.scope")
    comment = elders.get_by_label(re.compile(r"^\s*Comment\W*$"))
    comment.fill("Please name the schools that benefit.")
    elders.get_by_role("button", name="Add comment").click()
    expect(elders.locator('[data-thread-clause="grant.scope"]')).to_contain_text(ELDERS)
    axe.check(elders, "comments")
    elders.context.close()

    counsel = reviewer(browser, links["for counsel"], "Alun", axe, "counsel")
    counsel.goto(counsel.url.rstrip("/") + "/step/general/")
    axe.check(counsel, "step")
    counsel.get_by_label("Title of the licence").fill(NEW_TITLE)
    counsel.get_by_role("button", name=re.compile(r"^Save and")).click()
    counsel.get_by_role("button", name="Approve revision 1").click()
    confirm(counsel, axe, "confirm approval")
    expect(counsel.get_by_text("You approved revision 1.")).to_be_visible()
    counsel.context.close()

    page.goto(draft_root + "activity/")
    activity = page.locator("table.activity")
    expect(activity).to_contain_text(f"{ELDERS}Commented on")
    expect(activity).to_contain_text(f"{COUNSEL}Saved revision 1: changed Title of the licence.")
    expect(activity).to_contain_text(f"{COUNSEL}Approved: revision 1.")
    axe.check(page, "activity")
    page.get_by_role("link", name="History").click()
    expect(page.locator('[data-revision="1"]')).to_contain_text(COUNSEL)
    axe.check(page, "history")
    shots.take("steward-activity")

    page.goto(draft_root)
    expect(page.locator("[data-approval]")).to_contain_text(f"Approved by {COUNSEL}")
    axe.check(page, "detail approved")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF", exact=True).click()
    cover = PdfReader(io.BytesIO(info.value.path().read_bytes())).pages[0].extract_text()
    draft = Draft.objects.get()
    digest = hashlib.sha256(draft_document(draft).text().encode("utf-8")).hexdigest()
    assert "Approval record" in cover and COUNSEL in " ".join(cover.split())
    assert re.search(r"Revision\s*1", cover) and digest in re.sub(r"\s+", "", cover)

    # The elders' link is revoked: whoever opens it after that is told so, and whom to ask.
    page.goto(draft_root)
    page.get_by_role("link", name="Share for review").click()
    page.get_by_role("button", name="Revoke for the elders").click()
    confirm(page, axe, "confirm revoke")
    axe.check(page, "sharing after revoking")
    gone = browser.new_context(viewport={"width": 1280, "height": 900})
    gone.set_default_timeout(ACTION_TIMEOUT_MS)
    revoked = gone.new_page()
    response = revoked.goto(links["for the elders"])
    assert response is not None and response.status == 410
    expect(revoked.get_by_text("This share link was revoked")).to_be_visible()
    axe.check(revoked, "revoked link")
    gone.close()

    assert axe.found == {}
    assert console_errors == []
