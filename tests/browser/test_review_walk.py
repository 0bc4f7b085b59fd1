"""End to end in a real browser: the owner shares a draft for comment, a reviewer in another
browser comments on the grant clause, the owner's change makes the comment outdated, the
owner compares the two revisions and downloads the DOCX with the comment in it."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Counsel: is the grant <b>too wide</b>?"


def test_a_reviewer_comments_and_the_owner_sees_it_outdated_compares_and_exports(
    page: Page, browser: Browser, live_server, console_errors, shots
):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start a new draft").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parties and dataset")
    draft_root = re.sub(r"step/.*$", "", page.url)

    page.get_by_role("link", name="Share for review").click()
    page.get_by_label("Role").select_option("comment")
    page.get_by_label("Label").fill("for counsel")
    page.get_by_role("button", name="Create link").click()
    share_url = page.locator("[data-new-share-link]").input_value()
    shots.take("share-link")

    reviewer_context = browser.new_context()
    reviewer_context.set_default_timeout(ACTION_TIMEOUT_MS)
    reviewer = reviewer_context.new_page()
    reviewer.goto(share_url)
    assert reviewer.url == share_url  # the link's own address is the page: bookmarkable
    expect(reviewer.get_by_text("You are reviewing a shared draft")).to_be_visible()
    reviewer.get_by_role("link", name="Comments", exact=True).click()
    reviewer.locator('[data-clause-id="grant.scope"]').click()
    expect(reviewer.get_by_label(re.compile(r"^\s*Clause\W*$"))).to_have_value("grant.scope")
    reviewer.get_by_label(re.compile(r"^\s*Comment\W*$")).fill(COMMENT)
    reviewer.get_by_role("button", name="Add comment").click()
    thread = reviewer.locator('[data-thread-clause="grant.scope"]')
    expect(thread).to_contain_text(COMMENT)  # markup shows as text
    expect(thread).to_contain_text("Current")
    colleague = browser.new_context()  # the same link in another browser: the same page
    bookmarked = colleague.new_page()
    bookmarked.goto(reviewer.url)
    expect(bookmarked.locator('[data-thread-clause="grant.scope"]')).to_contain_text(COMMENT)
    colleague.close()
    reviewer_context.close()

    page.goto(draft_root + "step/wider/")
    page.get_by_label("Exclusive in a field, for a period").check()
    page.get_by_label("Field of exclusivity").fill("speech recognition for Welsh")
    period = page.get_by_role("group", name="Exclusive period")
    period.get_by_label("Number").fill("2")
    period.get_by_label("Unit").select_option("years")
    page.get_by_role("button", name=re.compile(r"^Save and")).click()
    shots.take("saved-wider")

    page.goto(draft_root + "comments/")
    expect(page.locator('[data-thread-clause="grant.scope"]')).to_contain_text(
        "Outdated: the clause has changed since"
    )
    page.get_by_role("link", name="History").click()
    page.get_by_role("button", name="Compare").click()
    grant = page.locator('[data-redline-clause="grant.scope"]')
    expect(grant.locator("ins").first).to_contain_text("inserted:")
    expect(page.locator('[data-redline-clause="grant.exclusivity"]')).to_contain_text(
        "clause added"
    )
    expect(page.locator('[data-answer-change="wider.exclusivity"]')).to_contain_text(
        "Exclusive in a field"
    )
    shots.take("compare")

    page.goto(draft_root + "review/")
    with page.expect_download() as info:
        page.get_by_role("link", name="DOCX with comments").click()
    with zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes())) as package:
        comments = package.read("word/comments.xml").decode()
    assert "Counsel: is the grant &lt;b&gt;too wide&lt;/b&gt;?" in comments
    assert console_errors == []
