"""End to end in a real browser: a new user drafts a research-only licence through every
step, sees a contradiction appear and fixes it, and downloads a PDF and a DOCX that hold the
answers. No console error is allowed along the way."""

import io
import re

import docx
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"


def save(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Save and")).click()


def expect_step(page: Page, number: int, title: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(f"Step {number} of 15")).to_be_visible()


def sign_up(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Username").fill("steward")
    page.get_by_label("Email address").fill("steward@example.org")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()


def fill_steps(page: Page, shots) -> None:
    expect_step(page, 1, "Parties and dataset")
    shots.take("parties")
    page.get_by_label("Licensor's legal name").fill("Aberystwyth Speech Archive")
    page.get_by_label("Licensor's country").fill("GB")
    page.get_by_label("Licensor's contact email").fill("archive@example.org")
    page.get_by_label("Licensee's legal name").fill("Example Models Ltd")
    page.get_by_label("Licensee's country").fill("IE")
    page.get_by_label("Dataset name").fill("Welsh Voices")
    page.get_by_label("Version or release").fill("2.0")
    page.get_by_label("Audio").check()
    save(page)

    expect_step(page, 2, "Rights check")
    upstream = page.get_by_label("Licences of the collected material")
    # Nothing is pre-selected in the rights check; material of one's own needs no upstream
    # licences, collected material does.
    page.get_by_label("We created all of it ourselves").check()
    expect(upstream).to_be_hidden()
    page.get_by_label("Partly our own, partly collected").check()
    expect(upstream).to_be_visible()  # shown as the answer changes, without a reload
    upstream.fill("CC-BY-4.0")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Pseudonymised").check()
    page.get_by_label("There are no outside contributors").check()
    shots.take("rights")
    save(page)

    expect_step(page, 3, "Permitted uses")
    page.get_by_label("Evaluate and benchmark models").check()
    expect(page.get_by_label("Research only (no product, no paid service)")).to_be_checked()
    shots.take("use")
    save(page)

    expect_step(page, 4, "Redistribution")
    shots.take("redistribution")
    save(page)

    expect_step(page, 5, "Retention and deletion")
    page.get_by_label("For a set period").check()
    page.get_by_label("Number").first.fill("2")
    page.get_by_label("Unit").first.select_option("years")
    shots.take("retention")
    save(page)

    expect_step(page, 6, "Attribution and credit")
    page.get_by_label("The licensee must credit the dataset").check()
    expect(page.get_by_label("Model cards")).to_be_visible()
    shots.take("attribution")
    save(page)

    expect_step(page, 7, "Checks, audits and verification")
    shots.take("audit")
    save(page)

    expect_step(page, 8, "Fair value exchange")
    page.get_by_label("A flat fee").uncheck()
    page.get_by_label("A share of revenue").check()
    percent = page.get_by_label("Revenue share (per cent)")
    percent.fill("150")
    save(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Revenue share (per cent): must be more than 0 and at most 100")
    expect(summary).to_be_focused()
    expect(percent).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Must be more than 0 and at most 100.")).to_be_visible()
    expect(page.get_by_label("A share of revenue")).to_be_checked()  # nothing typed is lost
    shots.take("value-error")
    page.get_by_role("link", name=re.compile("Revenue share")).click()
    expect(percent).to_be_focused()
    percent.fill("5")
    save(page)

    for number, title in (
        (9, "Intellectual property"),
        (10, "Ethical use"),
        (11, "Governing law and disputes"),
        (12, "Legal counsel"),
        (13, "The wider world"),
    ):
        expect_step(page, number, title)
        if title == "Ethical use":
            page.get_by_label("Mass surveillance").check()
        if title == "Governing law and disputes":
            page.get_by_label("Governing law").fill("GB")
        shots.take(title.split()[0].lower())
        save(page)

    expect_step(page, 14, "General terms")
    page.get_by_label("Title of the licence").fill("Welsh Voices Research Licence")
    shots.take("general")
    save(page)

    expect_step(page, 15, "Risk allocation")
    shots.take("risk")
    save(page)


def download_text(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).first.click()
    return info.value.path().read_bytes()


def test_a_new_user_drafts_fixes_and_downloads_a_research_licence(
    page: Page, live_server, console_errors, shots
):
    base = live_server.url
    sign_up(page, base)
    page.get_by_role("button", name="Start a new draft").click()
    fill_steps(page, shots)

    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    finding = page.locator('[data-finding="revenue_share_without_commercial_use"]')
    expect(finding).to_contain_text("Contradiction")
    expect(page.get_by_role("link", name="8. Fair value exchange")).to_contain_text(
        "Needs attention"
    )
    shots.take("review-with-finding")

    finding.get_by_role("link", name="Permitted uses").click()
    expect_step(page, 3, "Permitted uses")
    page.get_by_label("Commercial use permitted").check()
    page.get_by_role("button", name="Save and return to review").click()
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    expect(finding).to_have_count(0)
    expect(page.get_by_text("Aberystwyth Speech Archive").first).to_be_visible()
    shots.take("review-fixed")

    pdf = PdfReader(io.BytesIO(download_text(page, "PDF")))
    pdf_text = "".join(p.extract_text() for p in pdf.pages)
    assert "Aberystwyth Speech Archive" in pdf_text
    assert "Welsh Voices" in pdf_text

    document = docx.Document(io.BytesIO(download_text(page, "Word (DOCX)")))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    docx_text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Aberystwyth Speech Archive" in docx_text
    assert "Example Models Ltd" in docx_text

    page.get_by_role("link", name="Preview in the browser").first.click()
    expect(page.locator("#preview")).to_contain_text("Welsh Voices Research Licence")
    page.get_by_role("link", name="My drafts").click()
    expect(page.get_by_role("link", name="Welsh Voices")).to_be_visible()
    assert console_errors == []
