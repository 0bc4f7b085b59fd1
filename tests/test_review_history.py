"""History and compare: every saved change is listed; any revision opens as it was; two
revisions compare as a redline in the browser and as a PDF, with the answers that changed."""

import io

import pytest
from pypdf import PdfReader

from drafting.review.selectors import answer_changes
from tests.test_review_comments import EXCLUSIVE
from tests.wizard_support import new_draft, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_draft(client):
    draft, access = new_draft()
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    draft.refresh_from_db()
    return draft, access


def test_the_history_lists_who_when_and_which_questions_and_clauses_changed(client, changed_draft):
    _draft, access = changed_draft
    page = client.get(access.url("history")).content.decode()
    assert "Revision 1" in page and "Revision 0" in page
    assert "Exclusive or non-exclusive?" in page
    assert "grant.exclusivity v" in page


def test_any_revision_opens_as_the_draft_was_then(client, changed_draft):
    _draft, access = changed_draft
    first = client.get(access.url("revision", number=0)).content.decode()
    second = client.get(access.url("revision", number=1)).content.decode()
    assert 'data-clause-id="grant.exclusivity"' not in first
    assert 'data-clause-id="grant.exclusivity"' in second
    assert client.get(access.url("revision", number=9)).status_code == 404


def test_the_answer_changes_read_as_question_old_and_new(changed_draft):
    draft, _ = changed_draft
    old, new = draft.revisions.order_by("number")
    changes = {change.key: change for change in answer_changes(old, new)}
    exclusivity = changes["wider.exclusivity"]
    assert exclusivity.label == "Exclusive or non-exclusive?"
    assert exclusivity.old.startswith("Non-exclusive") and exclusivity.new.startswith("Exclusive")
    assert changes["wider.exclusive_period"].new == "2 years"


def test_the_compare_page_shows_a_labelled_redline_and_the_answers_that_caused_it(
    client, changed_draft
):
    _draft, access = changed_draft
    response = client.get(access.url("compare"), {"old": 0, "new": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<ins><span class="visually-hidden">[inserted: </span>' in html
    assert '<del><span class="visually-hidden">[deleted: </span>' in html
    assert "(clause added)" in html
    assert "Exclusive or non-exclusive?" in html
    assert client.get(access.url("compare"), {"old": 0, "new": 7}).status_code == 404


def test_the_redline_downloads_as_a_pdf(client, changed_draft):
    _draft, access = changed_draft
    response = client.get(access.url("compare-pdf"), {"old": 0, "new": 1})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "speech recognition for Welsh" in text
    assert "inserted" in text
