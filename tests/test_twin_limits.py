"""What a twin cannot state is a finding ("For information") on the review page and is said in
the twin itself, so the user knows the licence text governs (issue 12, section 3)."""

from __future__ import annotations

import json
import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import nest, parse_answers
from drafting.renderers import render
from drafting.renderers.limits import POLICY_TWINS, twin_findings, twin_limits
from drafting.renderers.terms import licence_terms
from tests.test_public_licence_page import EXAMPLE
from tests.twins_support import example_documents

os.environ.setdefault("HF_HUB_OFFLINE", "1")
DOCUMENTS = dict(example_documents())
BASE = {
    "licensor.name": "Licensor Ltd",
    "licensor.jurisdiction": "GB",
    "dataset.name": "Sample Corpus",
    "redistribution.open_weights": "prohibited",
}


def document_of(flat):
    return assemble(parse_answers(nest(flat), complete=False), get_library())


def codes(document):
    return [limit.code for limit in licence_terms(document).limits]


def test_a_licence_every_twin_can_state_has_no_twin_findings():
    assert codes(document_of(BASE)) == []
    assert "comment" not in json.loads(render(document_of(BASE), "odrl"))
    assert "What this card cannot say" not in render(document_of(BASE), "card").decode()


def test_each_term_outside_a_twins_vocabulary_is_one_limit():
    assert codes(document_of({**BASE, "redistribution.open_weights": "with_consent"})) == [
        "twin.open_weights_consent"
    ]
    assert codes(document_of({**BASE, "licensee.name": "Licensee GmbH"})) == ["twin.named_licensee"]
    months = {
        **BASE,
        "retention.delete_after_training": True,
        "retention.deletion_deadline": {"value": 3, "unit": "months"},
    }
    assert codes(document_of(months)) == ["twin.approximate_period"]
    days = {**months, "retention.deletion_deadline": {"value": 90, "unit": "days"}}
    assert codes(document_of(days)) == []


def test_twin_findings_are_for_information_never_blocking_and_name_the_twins():
    limits = licence_terms(DOCUMENTS["research-community"]).limits
    findings = twin_findings(limits)
    assert [finding.code for finding in findings] == [limit.code for limit in limits]
    assert {finding.severity for finding in findings} == {"info"}
    assert not any(finding.blocking for finding in findings)
    by_code = {finding.code: finding for finding in findings}
    consent = by_code["twin.open_weights_consent"]
    assert consent.message.startswith("Not stated in the ODRL policy or the Croissant record")
    assert "written consent" in consent.message and "licence text governs" in consent.message
    assert consent.steps == ("redistribution",)
    assert "dataset card's gate" in by_code["twin.named_licensee"].message


def test_the_policy_and_the_croissant_record_state_what_they_leave_to_the_text():
    document = DOCUMENTS["commercial-news-archive"]
    limits = [limit for limit in twin_limits(licence_terms(document).answers)]
    policy_texts = [limit.text for limit in limits if set(POLICY_TWINS) <= set(limit.twins)]
    assert policy_texts
    comment = json.loads(render(document, "odrl"))["comment"]
    croissant = json.loads(render(document, "croissant"))["usageInfo"]["comment"]
    for text in policy_texts:
        assert text in comment and text in croissant
    assert comment.startswith("The licence text governs.")


def test_the_card_says_its_gate_does_not_limit_who_downloads_a_named_licensees_data():
    from huggingface_hub import DatasetCard

    text = render(DOCUMENTS["research-community"], "card").decode()
    body = DatasetCard(text).text
    section = body.split("### What this card cannot say", 1)[1]
    licensee = licence_terms(DOCUMENTS["research-community"]).licensee
    assert f"granted to {licensee} only" in section
    assert "The licence text governs." in section


@pytest.mark.django_db
def test_the_review_page_shows_the_twin_findings():
    from drafting.drafts.services import draft_import

    user = get_user_model().objects.create_user("steward", "s@example.org", "pw")
    draft, _none = draft_import(owner=user, content=EXAMPLE.read_bytes(), filename=EXAMPLE.name)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("draft-review", kwargs={"public_id": draft.public_id}))
    text = page.content.decode()
    for code in ("twin.named_licensee", "twin.open_weights_consent", "twin.derived_internal"):
        assert f'data-finding="{code}"' in text
    assert "For information" in text
    assert 'data-finding="twin.open_weights_consent" data-blocking' not in text
