"""The wizard refuses exactly what an answers file refuses, with the same message, shown at
the input that caused it; everything else typed stays in the form."""

import pytest

from drafting.drafts.forms import sentence
from drafting.questionnaire.answers import (
    MSG_BIDI,
    MSG_NEGATIVE_MONEY,
    MSG_REQUIRED,
    AnswersError,
    parse_answers,
)
from tests.conftest import RIGHTS_FLAT
from tests.wizard_support import form_data, new_draft, step_url, submit

pytestmark = pytest.mark.django_db


def post(client, access, step_key, changes):
    data = form_data(access.draft, step_key, changes)
    return client.post(step_url(access, step_key), data)


def file_message(document: dict, key: str) -> str:
    """The message an answers file gets for the same answer."""
    with pytest.raises(AnswersError) as caught:
        parse_answers(document, complete=False)
    return next(p.message for p in caught.value.problems if p.key == key)


def test_a_negative_fee_is_refused_at_the_amount(client):
    _draft, access = new_draft()
    response = post(
        client,
        access,
        "value",
        {"value.flat_fee__amount": "-100", "value.flat_fee__currency": "EUR"},
    )
    form = response.context["form"]
    assert form.errors["value.flat_fee__amount"] == [sentence(MSG_NEGATIVE_MONEY)]
    assert form["value.flat_fee__currency"].value() == "EUR"


def test_a_revenue_share_over_100_per_cent_is_refused_with_the_file_message(client):
    _draft, access = new_draft()
    changes = {"value.models": ["revenue_share"], "value.revenue_share_percent": "150"}
    response = post(client, access, "value", changes)
    expected = file_message(
        {"value": {"models": ["revenue_share"], "revenue_share_percent": "150"}},
        "value.revenue_share_percent",
    )
    assert response.context["form"].errors["value.revenue_share_percent"] == [sentence(expected)]
    assert "at most 100" in expected


def test_a_revenue_share_of_zero_is_refused(client):
    _draft, access = new_draft()
    changes = {"value.models": ["revenue_share"], "value.revenue_share_percent": "0"}
    response = post(client, access, "value", changes)
    assert "more than 0" in response.context["form"].errors["value.revenue_share_percent"][0]


def test_an_unknown_currency_is_refused_at_the_currency_and_keeps_the_amount(client):
    _draft, access = new_draft()
    changes = {"value.flat_fee__amount": "5000", "value.flat_fee__currency": "XYZ"}
    response = post(client, access, "value", changes)
    form = response.context["form"]
    assert list(form.errors) == ["value.flat_fee__currency"]
    assert "ISO 4217" in form.errors["value.flat_fee__currency"][0]
    assert form["value.flat_fee__amount"].value() == "5000"


def test_a_currency_in_lower_case_is_accepted_and_stored_in_capitals(client):
    draft, access = new_draft()
    changes = {"value.flat_fee__amount": "5000", "value.flat_fee__currency": "gbp"}
    assert post(client, access, "value", changes).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["value"]["flat_fee"] == {"amount": "5000", "currency": "GBP"}


def test_a_date_that_does_not_exist_is_refused(client):
    _draft, access = new_draft()
    response = post(client, access, "parties", {"effective_date": "2026-02-30"})
    errors = response.context["form"].errors
    assert errors["effective_date"] == [
        sentence(file_message({"effective_date": "2026-02-30"}, "effective_date"))
    ]


def test_empty_required_names_are_refused(client):
    _draft, access = new_draft()
    response = post(client, access, "parties", {"licensor.name": "", "dataset.name": "   "})
    errors = response.context["form"].errors
    assert errors["licensor.name"] == [sentence(MSG_REQUIRED)]
    assert errors["dataset.name"] == [sentence(MSG_REQUIRED)]


def test_a_bidi_override_in_a_name_is_refused(client):
    draft, access = new_draft()
    changes = {"licensor.name": "Acme\u202eLtd", "dataset.name": "Voices"}
    response = post(client, access, "parties", changes)
    assert response.context["form"].errors["licensor.name"] == [sentence(MSG_BIDI)]
    assert response.context["form"]["dataset.name"].value() == "Voices"
    draft.refresh_from_db()
    assert draft.revision == 0


def test_control_characters_are_replaced_by_a_space(client):
    draft, access = new_draft()
    changes = {"licensor.name": "Acme\x07Data\x00Trust", "dataset.name": "Voices"}
    assert post(client, access, "parties", changes).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["licensor"]["name"] == "Acme Data Trust"


def test_an_invalid_email_is_refused_and_other_problems_are_all_listed(client):
    _draft, access = new_draft()
    changes = {"licensor.contact_email": "nobody", "licensor.name": "", "effective_date": "x"}
    response = post(client, access, "parties", changes)
    form = response.context["form"]
    assert set(form.errors) == {
        "licensor.contact_email",
        "licensor.name",
        "effective_date",
        "dataset.name",
    }
    assert len(form.summary) == 4
    html = response.content.decode()
    assert html.index("error-summary") < html.index('name="licensor.name"')


def test_a_number_that_is_not_whole_is_refused(client):
    _draft, access = new_draft()
    response = post(client, access, "general", {"term.cure_days": "2.5"})
    assert response.context["form"].errors["term.cure_days"] == ["Must be a whole number."]


def test_a_duration_without_a_number_for_a_set_period_is_refused_at_the_number(client):
    _draft, access = new_draft()
    changes = {"term.length": "_period", "term.length__value": "", "term.length__unit": "years"}
    response = post(client, access, "general", changes)
    assert list(response.context["form"].errors) == ["term.length__value"]


def test_a_forged_duration_unit_is_refused_at_the_unit(client):
    _draft, access = new_draft()
    changes = {"audit.records": True, "audit.records_retention__unit": "weeks"}
    response = post(client, access, "audit", changes)
    assert list(response.context["form"].errors) == ["audit.records_retention__unit"]


def test_an_unknown_country_code_is_refused(client):
    _draft, access = new_draft()
    response = post(client, access, "law", {"law.governing_law": "Narnia"})
    assert "ISO 3166" in response.context["form"].errors["law.governing_law"][0]


def test_a_bad_upstream_licence_is_refused_and_good_ones_are_kept_one_per_line(client):
    draft, access = new_draft()
    origin = {**RIGHTS_FLAT, "rights.origin": "mixed"}
    bad = submit(
        client, access, "rights", {**origin, "rights.upstream_licenses": "not a licence ((("}
    )
    assert "rights.upstream_licenses" in bad.context["form"].errors
    good = {**origin, "rights.upstream_licenses": "CC-BY-4.0\r\n\r\nODbL-1.0\r\n"}
    assert submit(client, access, "rights", good).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["rights"]["upstream_licenses"] == ["CC-BY-4.0", "ODbL-1.0"]
