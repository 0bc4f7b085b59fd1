"""The wizard accepts what people type (country names and aliases, numbers with thousands
separators, currency names), states and enforces text limits, and says the right thing:
"required" when empty, the range when out of range, punctuation once, one date format."""

import html

import pytest

from drafting.questionnaire.answers import parse_answers
from tests.wizard_support import form_data, new_draft, step_url

pytestmark = pytest.mark.django_db


def post(client, access, step_key, changes):
    return client.post(step_url(access, step_key), form_data(access.draft, step_key, changes))


def saved(access, key):
    access.draft.refresh_from_db()
    head, tail = key.split(".")
    return access.draft.answers[head][tail]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Germany", "DE"),
        ("UK", "GB"),
        ("new zealand", "NZ"),  # a United States answer must name the state now
        ("California", "US-CA"),
        ("Wales", "GB-WLS"),
        ("ie", "IE"),
        ("Holland", "NL"),  # an alias (the law must be one whose legal family is known)
    ],
)
def test_a_country_is_accepted_by_name_alias_or_code(client, typed, code):
    _draft, access = new_draft()
    assert post(client, access, "law", {"law.governing_law": typed}).status_code == 302
    assert saved(access, "law.governing_law") == code


def test_a_country_name_that_could_mean_several_asks_for_the_code(client):
    _draft, access = new_draft()
    response = post(client, access, "law", {"law.governing_law": "Korea"})
    message = html.unescape(response.context["form"].errors["law.governing_law"][0])
    assert "North Korea (KP)" in message and "South Korea (KR)" in message


@pytest.mark.parametrize("typed", ["25,000", "25 000", "25\u202f000", "25000"])
def test_amounts_are_read_with_thousands_separators(client, typed):
    _draft, access = new_draft()
    changes = {"value.flat_fee__amount": typed, "value.flat_fee__currency": "GBP"}
    assert post(client, access, "value", changes).status_code == 302
    assert saved(access, "value.flat_fee") == {"amount": "25000", "currency": "GBP"}


def test_a_whole_number_is_read_with_thousands_separators_and_a_misplaced_comma_refused(client):
    _draft, access = new_draft()
    changes = {"redistribution.excerpts_in_publications": "limited"}
    response = post(
        client, access, "redistribution", {**changes, "redistribution.excerpt_limit": "2,500"}
    )
    assert response.status_code == 302
    assert saved(access, "redistribution.excerpt_limit") == 2500
    response = post(
        client, access, "redistribution", {**changes, "redistribution.excerpt_limit": "2,50"}
    )
    assert response.context["form"].errors["redistribution.excerpt_limit"] == [
        "Must be a whole number."
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("euro", "EUR"),
        ("Euros", "EUR"),
        ("US dollar", "USD"),
        ("£", "GBP"),
        ("pound sterling", "GBP"),
        ("chf", "CHF"),
    ],
)
def test_a_currency_is_accepted_by_name_symbol_or_code(client, typed, code):
    _draft, access = new_draft()
    changes = {"value.flat_fee__amount": "100", "value.flat_fee__currency": typed}
    assert post(client, access, "value", changes).status_code == 302
    assert saved(access, "value.flat_fee")["currency"] == code


def test_the_same_readings_hold_in_an_answers_file(minimal_data):
    minimal_data["licensee"]["jurisdiction"] = "Ireland"
    minimal_data["value"]["flat_fee"] = {"amount": "25,000.50", "currency": "euro"}
    answers = parse_answers(minimal_data)
    assert answers.get("licensee.jurisdiction") == "IE"
    assert str(answers.get("value.flat_fee").amount) == "25000.50"
    assert answers.get("value.flat_fee").currency == "EUR"


def test_a_5000_character_party_name_is_refused_and_the_limit_is_on_the_field(client):
    _draft, access = new_draft()
    page = client.get(step_url(access, "parties")).content.decode()
    assert "At most 300 characters." in page
    response = post(client, access, "parties", {"licensor.name": "N" * 5_000})
    form = response.context["form"]
    assert form.errors["licensor.name"] == ["This answer is longer than 300 characters."]
    assert form["licensor.name"].value() == "N" * 5_000  # what was typed is kept
    assert saved(access, "licensor.name") != "N" * 5_000


def test_an_empty_part_says_required_and_out_of_range_says_the_range(client):
    _draft, access = new_draft()
    response = post(
        client,
        access,
        "value",
        {
            "value.flat_fee__amount": "100",
            "value.flat_fee__currency": "",
            "value.models": ["flat_fee", "non_monetary"],
            "value.benefits": ["free_access_to_resulting_tools"],
            "value.free_access_years": "500",
        },
    )
    errors = response.context["form"].errors
    assert errors["value.flat_fee__currency"] == [
        "This answer needs a currency: its name or code, for example euro or EUR."
    ]
    assert errors["value.free_access_years"] == ["Must be from 1 to 99."]


def test_the_summary_punctuates_once(client):
    _draft, access = new_draft()
    changes = {"value.models": ["non_monetary"], "value.benefits": []}
    summary = dict(post(client, access, "value", changes).context["form"].summary).values()
    assert "Which benefits? Choose at least 1." in summary
    assert not any("?:" in line for line in summary)


def test_the_date_field_and_its_message_name_one_format(client):
    _draft, access = new_draft()
    page = client.get(step_url(access, "parties")).content.decode()
    assert "Write it as YYYY-MM-DD, for example 2026-03-31." in page
    assert '<input type="date"' not in page
    response = post(client, access, "parties", {"effective_date": "31/03/2026"})
    message = html.unescape(response.context["form"].errors["effective_date"][0])
    assert "write it as YYYY-MM-DD, for example 2026-03-31" in message
    response = post(client, access, "parties", {"effective_date": "2026-03-31"})
    assert "effective_date" not in response.context["form"].errors
