"""The wizard without friction, in a real browser: leaving a step with unsaved edits asks
first and a reload keeps what was typed; the skip link reaches the first question; the focus
ring is drawn; the sharing, comment and compare pages do not scroll sideways at 375 px."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_draft(page: Page, base_url: str) -> str:
    """Start a draft by its private link; return the draft's base URL (``.../d/<token>``)."""
    page.goto(base_url + "/")
    page.get_by_role("button", name="Start a new draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parties and dataset")
    return page.url.split("/step/")[0]


def test_unsaved_edits_warn_before_leaving_and_survive_a_reload(
    page: Page, live_server, console_errors
):
    base = start_draft(page, live_server.url)
    dialogs: list[str] = []
    answer = {"accept": False}

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    name = page.get_by_label("Licensor's legal name")
    name.fill("Aberystwyth Speech Archive")

    page.get_by_role("link", name="Preview the draft licence").click()  # a link: asked first
    assert dialogs == ["confirm"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Parties and dataset")
    expect(name).to_have_value("Aberystwyth Speech Archive")

    answer["accept"] = True
    page.reload()  # the browser asks (beforeunload); what was typed comes back
    assert dialogs[-1] == "beforeunload"
    expect(page.get_by_label("Licensor's legal name")).to_have_value("Aberystwyth Speech Archive")
    expect(page.get_by_role("status").filter(has_text="is back in the form")).to_be_visible()

    page.get_by_label("Dataset name").fill("Welsh Voices")
    page.get_by_role("button", name=re.compile(r"^Save and")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rights check")
    count = len(dialogs)
    page.goto(base + "/step/parties/")  # saved: no question, nothing restored over it
    assert len(dialogs) == count
    expect(page.get_by_label("Licensor's legal name")).to_have_value("Aberystwyth Speech Archive")
    expect(page.locator("[data-restored-notice]")).to_be_hidden()
    page.get_by_role("link", name=re.compile("Review and download")).click()  # untouched
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Parties and dataset")
    assert len(dialogs) == count
    assert not console_errors


def test_the_skip_link_reaches_the_first_question_and_focus_is_drawn(page: Page, live_server):
    start_draft(page, live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the first question")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    first = page.get_by_label("Licensor's legal name")
    expect(first).to_be_focused()
    outline = first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] == "solid" and float(outline[1].removesuffix("px")) >= 2


def test_the_review_forms_do_not_scroll_sideways_at_375_px(page: Page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    base = start_draft(page, live_server.url)
    page.get_by_label("Licensor's legal name").fill("Aberystwyth Speech Archive")
    page.get_by_label("Dataset name").fill("Welsh Voices")
    page.get_by_role("button", name=re.compile(r"^Save and")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rights check")
    page.goto(base + "/sharing/")
    page.get_by_label("Label").fill("for counsel")
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_text("New link created")).to_be_visible()
    widths = {"sharing (new link shown)": _overflow(page)}
    for name in ("comments", "compare", "step/parties", "review"):
        page.goto(f"{base}/{name}/")
        widths[name] = _overflow(page)
    assert widths == dict.fromkeys(widths, 0), widths


def _overflow(page: Page) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways scroll)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
