"""The table of legal families: every governing law it can name renders, federal countries are
named by state or province, and common-law wording appears only under the common law."""

import re

import pytest

from drafting.assembly.assemble import assemble
from drafting.legal_families import (
    LAW_PLACEHOLDER,
    GoverningLawError,
    governing_law,
    governing_law_choices,
)
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, parse_answers, parse_draft_answers
from tests.wizard_support import form_data, new_draft, step_url

pytestmark = pytest.mark.slow

# Phrases that belong to the common law: under a civil or mixed system they either mean
# nothing precise (equitable relief, consequential loss) or exclude what cannot be excluded.
COMMON_LAW_PHRASES = (
    "consequential loss",
    "equitable relief",
    "injunction",
    "tort (including negligence)",
    "breach of statutory duty",
    "must indemnify",
    "wilful misconduct",
)
# The civil-law variants' own wording: it appears only outside the common law.
CIVIL_LAW_PHRASES = (
    "intentionally or by gross negligence",
    "interim relief from a competent court",
    "Indirect loss means loss that does not arise directly",
    "hold the Licensee harmless",
)
FEDERAL = ("US", "CA", "AU", "MX")


def data_under(code: str, minimal_data: dict) -> dict:
    """Answers that bring in every clause with a family variant: both indemnities, a cap,
    ethical-use remedies, and court proceedings."""
    data = {**minimal_data}
    data["law"] = {"governing_law": code, "dispute_steps": ["negotiation", "courts"]}
    data["liability"] = {"cap": "fixed", "cap_amount": {"amount": "500000.00", "currency": "EUR"}}
    data["risk"] = {"licensor_indemnity": "ip_claims", "licensee_indemnity": True}
    return data


def test_the_table_lists_each_family_and_every_federal_countrys_units():
    choices = governing_law_choices()
    families = {governing_law(code).family for code in choices}
    assert families == {"common", "civil", "mixed"}
    for country in FEDERAL:
        assert country not in choices
        assert any(code.startswith(f"{country}-") for code in choices)
    assert governing_law("US-LA").family == "mixed"
    assert governing_law("CA-QC").family == "civil"
    assert governing_law("GB-SCT").family == "mixed"
    assert governing_law("DE-BY").name == "Germany"
    assert governing_law("GB").name == "England and Wales"


@pytest.mark.parametrize("country", FEDERAL)
def test_a_federal_country_without_its_state_is_refused_at_the_governing_law(country, minimal_data):
    with pytest.raises(GoverningLawError):
        governing_law(country)
    minimal_data["law"] = {"governing_law": country}
    with pytest.raises(AnswersError) as refused:
        parse_answers(minimal_data)
    (problem,) = refused.value.problems
    assert problem.key == "law.governing_law"
    assert "no single law of contract" in problem.message


def test_a_licensor_in_a_federal_country_needs_a_governing_law_naming_the_state(minimal_data):
    minimal_data["licensor"]["jurisdiction"] = "US"
    minimal_data.pop("law", None)
    answers, missing = parse_draft_answers(minimal_data)
    assert [(p.key, "licensor's country" in p.message) for p in missing] == [
        ("law.governing_law", True)
    ]
    document = assemble(answers, get_library())
    clause = document.clause("disputes.governing_law").text
    assert LAW_PLACEHOLDER in clause and "United States" not in clause
    (finding,) = [f for f in document.blocking_findings() if f.placeholder == LAW_PLACEHOLDER]
    assert finding.question == "law.governing_law"


def test_a_country_the_table_does_not_know_is_refused(minimal_data):
    minimal_data["law"] = {"governing_law": "FJ"}
    with pytest.raises(AnswersError) as refused:
        parse_answers(minimal_data)
    assert "legal family" in refused.value.problems[0].message


def test_every_governing_law_choice_renders_with_wording_of_its_family(minimal_data, library):
    seen = set()
    for code in governing_law_choices():
        law = governing_law(code)
        document = assemble(parse_answers(data_under(code, minimal_data)), library)
        text = document.text()
        sentence = document.clause("disputes.governing_law").text
        assert f"governed by the law of {law.name}." in sentence, code
        assert not re.search(
            r"governed by the law of (the United States|Canada|Australia|Mexico)\.", sentence
        ), code
        common = [phrase for phrase in COMMON_LAW_PHRASES if phrase in text]
        civil = [phrase for phrase in CIVIL_LAW_PHRASES if phrase in text]
        if law.family == "common":
            assert civil == [], (code, civil)
            assert common, code
        else:
            assert common == [], (code, common)
            assert civil, code
        assert LAW_PLACEHOLDER not in text and "[arbitration" not in text, code
        seen.add(law.family)
    assert seen == {"common", "civil", "mixed"}


@pytest.mark.django_db
def test_the_wizard_refuses_a_bare_federal_country_at_the_field_and_keeps_a_state(client):
    draft, access = new_draft()
    data = form_data(draft, "law", {"law.governing_law": "US"})
    response = client.post(step_url(access, "law"), data)
    assert "name the state" in response.context["form"].errors["law.governing_law"][0]
    data = form_data(draft, "law", {"law.governing_law": "US-NY"})
    assert client.post(step_url(access, "law"), data).status_code == 302
