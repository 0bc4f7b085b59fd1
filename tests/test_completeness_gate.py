"""The completeness gate: a placeholder left in a draft is a blocking finding that names the
question to answer, in every format; answering the question removes both."""

import io
import json
import re

import pytest
from django.core.cache import cache
from docx import Document as open_word_document
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.assembly.checks import check_document
from drafting.assembly.completeness import (
    CLAUSE_PLACEHOLDERS,
    find_placeholders,
    placeholder_questions,
)
from drafting.assembly.samples import partial_answers
from drafting.drafts.access import DraftAccess, share_link_url
from drafting.drafts.services import draft_import
from drafting.library.loader import get_library
from drafting.models import Draft
from drafting.questionnaire.answers import load_answers_file, load_answers_text, parse_answers
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html
from drafting.renderers.json import render_json
from drafting.renderers.pdf import render_pdf
from drafting.review.services import ApprovalBlocked, draft_set_status, share_link_create
from tests.conftest import EXAMPLES
from tests.wizard_support import submit

OFFER = "gaps-offer-template.yaml"
UNPAID = "gaps-unpaid-research.yaml"
OFFER_GAPS = {
    "[Licensee]": "licensee.name",
    "[Licensor\u2019s postal address]": "licensor.address",
    "[Licensor\u2019s email address]": "licensor.contact_email",
    "[Licensee\u2019s postal address]": "licensee.address",
    "[Licensee\u2019s email address]": "licensee.contact_email",
    "[dates to be agreed]": "value.instalment_interval",
    "[version to be stated]": "dataset.version",
    "[size to be stated]": "dataset.size",
    "[to be stated]": "dataset.modalities",
}
UNPAID_GAPS = {
    "[amount to be agreed]": "liability.cap_floor",
    "[Licensee\u2019s postal address]": "licensee.address",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def example_data(name: str) -> dict:
    return load_answers_text((EXAMPLES / name).read_text(encoding="utf-8"))


def document_of(data: dict, pins=None):
    return assemble(parse_answers(data), get_library(), pins)


@pytest.fixture(scope="module")
def offer():
    return assemble(load_answers_file(EXAMPLES / OFFER), get_library())


@pytest.mark.parametrize(("name", "gaps"), [(OFFER, OFFER_GAPS), (UNPAID, UNPAID_GAPS)])
def test_each_placeholder_of_a_gaps_example_has_a_blocking_finding_naming_its_question(name, gaps):
    document = assemble(load_answers_file(EXAMPLES / name), get_library())
    assert set(find_placeholders(document.text())) == set(gaps)
    blocking = {finding.placeholder: finding for finding in document.blocking_findings()}
    assert set(blocking) == set(gaps)
    questionnaire = get_questionnaire()
    for placeholder, key in gaps.items():
        finding = blocking[placeholder]
        question = questionnaire.questions[key]
        assert finding.question == key and finding.severity == "incomplete"
        assert finding.steps == (question.step,)
        assert f"\u201c{question.label}\u201d" in finding.message
        assert placeholder in finding.message


def test_the_json_gives_each_finding_its_severity_and_whether_it_blocks(offer):
    data = json.loads(render_json(offer))
    by_code = {finding["code"]: finding for finding in data["findings"]}
    gap = by_code["incomplete_value.instalment_interval"]
    assert gap["severity"] == "incomplete" and gap["blocking"] is True
    assert gap["question"] == "value.instalment_interval"
    confirm = by_code["defaults_accepted"]
    assert confirm["blocking"] is False and confirm["question"] is None
    assert all(isinstance(finding["blocking"], bool) for finding in data["findings"])


def test_the_pdf_docx_and_html_notes_list_the_blocking_findings(offer):
    reader = PdfReader(io.BytesIO(render_pdf(offer)))
    pdf_text = squash("".join(page.extract_text() for page in reader.pages))
    word = open_word_document(io.BytesIO(render_docx(offer)))
    docx_cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    html = render_html(offer)
    for finding in offer.blocking_findings():
        assert squash(finding.message) in pdf_text
        assert finding.message in docx_cells
    assert squash("Missing answer (blocks approval)") in pdf_text
    assert "Missing answer (blocks approval)" in docx_cells
    assert "Missing answer (blocks approval)" in html
    assert "Time between instalments" in html


def test_answering_the_instalment_interval_dates_every_instalment():
    data = example_data(OFFER)
    data["value"]["instalment_interval"] = {"value": 4, "unit": "months"}
    document = document_of(data)
    annex = document.clause("annex_fees.schedule").text
    assert "[dates to be agreed]" not in annex
    assert "each later one four (4) months after the one before it" in annex
    assert "incomplete_value.instalment_interval" not in {f.code for f in document.findings}


def test_an_unpaid_deal_with_a_minimum_cap_states_that_amount_and_does_not_block():
    data = example_data(UNPAID)
    data["liability"]["cap_floor"] = {"amount": "75000.00", "currency": "GBP"}
    data["licensee"]["address"] = "1 Research Park\nNorwich NR4 7UA"
    document = document_of(data)
    limits = document.clause("liability.limits").text
    assert "is limited to £75,000.00 (the “General Cap”)." in limits
    assert "[" not in document.text()
    assert document.blocking_findings() == ()
    cap = next(row for row in document.glance if row.item == "Liability cap")
    assert "General cap: £75,000.00" in cap.note


def test_a_paid_deal_can_cap_at_a_multiple_of_the_fees_with_a_minimum(minimal_data):
    minimal_data["liability"] = {
        "cap": "fees_paid_12_months",
        "cap_multiple": "2",
        "cap_floor": {"amount": "100000.00", "currency": "GBP"},
    }
    limits = document_of(minimal_data).clause("liability.limits").text
    assert "limited to the greater of £100,000.00 and 2 times the total Fees paid" in limits
    minimal_data["liability"] = {"cap": "fees_paid_12_months"}
    limits = document_of(minimal_data).clause("liability.limits").text
    assert "is limited to the total Fees paid and payable" in limits


def test_a_draft_pinned_to_the_old_versions_keeps_their_text_and_is_still_gated():
    data = example_data(OFFER)
    data["value"]["instalment_interval"] = {"value": 3, "unit": "months"}
    pins = {**get_library().snapshot(), "annex_fees.schedule": 1, "general.notices": 1}
    document = document_of(data, pins)
    assert document.clause_versions["annex_fees.schedule"] == 1
    assert "the others on [dates to be agreed]." in document.clause("annex_fees.schedule").text
    assert "[postal address]" in document.clause("general.notices").text
    gaps = {finding.placeholder for finding in document.blocking_findings()}
    assert {"[dates to be agreed]", "[postal address]", "[email address]"} <= gaps


def test_bracketed_text_nobody_registered_still_blocks_without_naming_a_question(minimal_data):
    minimal_data["dataset"]["name"] = "Corpus [draft name]"
    document = document_of(minimal_data)
    finding = next(f for f in document.blocking_findings() if f.placeholder == "[draft name]")
    assert finding.code == "incomplete_text" and finding.question == ""


def test_every_registered_placeholder_names_a_real_question():
    questions = get_questionnaire().questions
    for placeholder, key in placeholder_questions(get_questionnaire()).items():
        assert key in questions, placeholder
    assert set(CLAUSE_PLACEHOLDERS) <= set(placeholder_questions(get_questionnaire()))


# -- the review page and approval ------------------------------------------------------------
@pytest.mark.django_db
def test_a_draft_with_gaps_cannot_be_approved_and_the_review_page_says_which_answers(client):
    path = EXAMPLES / UNPAID
    draft, token = draft_import(content=path.read_bytes(), filename=path.name)
    owner = DraftAccess(draft=draft, via="link", token=token)
    page = client.get(owner.url("review")).content.decode()
    assert 'data-finding="incomplete_liability.cap_floor" data-blocking="true"' in page
    assert "Missing answer (blocks approval)" in page
    assert "2 of them block approval" in page
    draft_set_status(draft=draft, status="in_review", by_name="owner")

    cache.clear()
    reviewer = client.__class__()
    _link, share_token = share_link_create(draft=draft, role="edit", label="counsel")
    reviewer.get(share_link_url(share_token))
    access = DraftAccess(draft=draft, via="share", token=share_token)
    response = reviewer.post(
        access.url("status"), {"status": "approved", "confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == access.url("review")
    assert "This revision cannot be approved" in page
    assert "\u201cMinimum cap amount\u201d" in page
    assert "\u201cLicensee&#x27;s address for notices\u201d" in page
    draft.refresh_from_db()
    assert draft.status == Draft.Status.IN_REVIEW
    with pytest.raises(ApprovalBlocked) as refused:
        draft_set_status(draft=draft, status="approved", by_name="counsel")
    assert {f.question for f in refused.value.findings} == set(UNPAID_GAPS.values())

    submit(
        client,
        owner,
        "risk",
        {"liability.cap_floor__amount": "50000", "liability.cap_floor__currency": "GBP"},
    )
    submit(client, owner, "parties", {"licensee.address": "1 Research Park\nNorwich NR4 7UA"})
    draft.refresh_from_db()
    draft_set_status(draft=draft, status="approved", by_name="counsel")
    draft.refresh_from_db()
    assert draft.status == Draft.Status.APPROVED


def test_an_empty_answer_printed_as_not_yet_answered_names_its_question_and_step():
    data = example_data("commercial-news-archive.yaml")
    del data["value"]["flat_fee"]
    document = assemble(parse_answers(data, complete=False), get_library())
    assert "[not yet answered]" in document.clause("annex_fees.schedule").text
    [finding] = [f for f in document.blocking_findings() if f.placeholder == "[not yet answered]"]
    assert finding.question == "value.flat_fee"
    assert "\u201cFlat fee\u201d (step \u201cFair value exchange\u201d)" in finding.message
    assert check_document(document, get_library()) == []


def test_unfinished_drafts_of_the_sample_name_a_question_for_every_placeholder():
    library = get_library()
    problems = []
    for seed in range(2000, 2040):
        document = assemble(partial_answers(seed), library)
        problems += [
            f"{seed}: {p}" for p in check_document(document, library) if p.code == "placeholder"
        ]
    assert problems == []
