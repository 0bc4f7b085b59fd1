"""Loading answers: validation with key paths, defaults, and clean-up of hostile text."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from drafting.questionnaire.answers import (
    MSG_BIDI,
    MSG_REQUIRED,
    MSG_UNKNOWN_KEY,
    AnswersError,
    Duration,
    Money,
    load_answers_file,
    parse_answers,
)


def problems_of(data, **kwargs) -> dict[str, str]:
    with pytest.raises(AnswersError) as caught:
        parse_answers(data, **kwargs)
    return {problem.key: problem.message for problem in caught.value.problems}


def test_it_reports_an_unknown_choice_with_its_key_path_and_the_options(minimal_data):
    minimal_data["use"] = {"commercial": "sometimes"}
    problems = problems_of(minimal_data)
    assert problems["use.commercial"] == (
        "'sometimes' is not one of research_only, noncommercial_only, commercial_permitted"
    )


def test_it_reports_every_problem_at_once_not_just_the_first(minimal_data):
    minimal_data["use"] = {"commercial": "sometimes", "activities": []}
    minimal_data["value"]["flat_fee"] = {"amount": "-5", "currency": "EUR"}
    minimal_data["effective_date"] = "2026-02-30"
    problems = problems_of(minimal_data)
    assert set(problems) == {
        "use.commercial",
        "use.activities",
        "value.flat_fee",
        "effective_date",
    }
    assert "negative" in problems["value.flat_fee"]
    assert "not a real date" in problems["effective_date"]


def test_omitted_answers_take_the_spec_defaults(minimal_answers):
    assert minimal_answers.get("use.commercial") == "research_only"
    assert minimal_answers.get("use.publish_results") is True
    assert minimal_answers.get("retention.takedown_days") == 30
    assert minimal_answers.get("retention.backup_purge_within") == Duration(90, "days")
    assert minimal_answers.get("redistribution.excerpt_limit") == 10
    assert minimal_answers.get("value.payment_terms_days") == 30
    assert minimal_answers.get("document.title") == "Dataset Licence for AI Training"


def test_typed_values_come_back_typed(minimal_data):
    minimal_data["effective_date"] = "2026-03-01"
    minimal_data["value"]["models"] = ["flat_fee", "revenue_share"]
    minimal_data["value"]["revenue_share_percent"] = "12.5"
    answers = parse_answers(minimal_data)
    assert answers.get("effective_date") == dt.date(2026, 3, 1)
    assert answers.get("value.flat_fee") == Money(Decimal("25000.00"), "GBP")
    assert answers.get("value.revenue_share_percent") == Decimal("12.5")


def test_an_unknown_key_is_reported_never_silently_dropped(minimal_data):
    minimal_data["use"] = {"comercial": "research_only"}
    assert problems_of(minimal_data) == {"use.comercial": MSG_UNKNOWN_KEY}


def test_a_required_answer_that_applies_is_demanded(minimal_data):
    minimal_data["use"] = {"model_scope": "specific_models_or_products"}
    assert problems_of(minimal_data) == {"use.named_models": MSG_REQUIRED}


def test_a_required_answer_whose_condition_fails_is_not_demanded(minimal_data):
    minimal_data["use"] = {"model_scope": "general_purpose_models"}
    assert parse_answers(minimal_data).get("use.named_models") is None


def test_an_answer_whose_condition_stops_holding_is_kept_but_ignored(minimal_data):
    minimal_data["use"] = {"model_scope": "general_purpose_models", "named_models": "Acme v4"}
    answers = parse_answers(minimal_data)
    assert answers.get("use.named_models") is None
    assert "named_models" not in answers.to_data()["use"]
    assert answers.to_data(include_inactive=True)["use"]["named_models"] == "Acme v4"


def test_incomplete_answers_are_accepted_while_a_draft_is_in_progress():
    answers = parse_answers({}, complete=False)
    assert answers.context()["licensor"]["name"] == "[Licensor]"
    assert answers.context()["licensee"]["name"] == "[Licensee]"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("value.revenue_share_percent", "0", "more than 0"),
        ("value.revenue_share_percent", "100.5", "at most 100"),
        ("value.flat_fee", {"amount": "10", "currency": "ZZZ"}, "not an ISO 4217"),
        ("value.flat_fee", {"amount": "ten", "currency": "EUR"}, "is not a number"),
        ("value.flat_fee", "10 EUR", "amount with a currency"),
        ("licensor.jurisdiction", "XX", "not an ISO 3166"),
        ("licensor.contact_email", "not-an-email", "not an email address"),
        ("retention.deletion_deadline", {"value": 3, "unit": "weeks"}, "unit 'weeks'"),
        ("law.dispute_steps", ["negotiation", "arbitration", "courts"], "exactly one"),
        ("rights.upstream_licenses", ["CC-BY-4.0", "Foo-1"], "not an SPDX licence"),
        ("use.publish_results", "yes", "true or false"),
        ("value.payment_terms_days", 30.5, "whole number"),
    ],
)
def test_invalid_values_are_refused_with_the_key_path(minimal_data, field, value, fragment):
    section, name = field.split(".")
    minimal_data.setdefault(section, {})[name] = value
    if field.startswith("value.revenue"):
        minimal_data["value"]["models"] = ["revenue_share"]
    if field.startswith("retention.deletion"):
        minimal_data["retention"]["delete_after_training"] = True
    if field.startswith("rights."):
        minimal_data["rights"]["origin"] = "mixed"
    problems = problems_of(minimal_data)
    assert fragment in problems[field]


@pytest.mark.parametrize(
    "character",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_bidi_override_and_embedding_characters_are_refused(minimal_data, character):
    minimal_data["licensor"]["name"] = f"Archive{character}evil"
    assert problems_of(minimal_data) == {"licensor.name": MSG_BIDI}


def test_control_characters_become_spaces_but_tab_and_newline_stay(minimal_data):
    minimal_data["licensor"]["name"] = "Arch\x00ive\x07 Ltd"
    minimal_data["licensor"]["address"] = "1 High St\r\nTown\tCounty\x1bEnd"
    answers = parse_answers(minimal_data)
    assert answers.get("licensor.name") == "Arch ive  Ltd"
    assert answers.get("licensor.address") == "1 High St\nTown\tCounty End"


def test_hostile_text_is_kept_literally(minimal_data):
    name = (
        "<script>alert(1)</script> {{ 7*7 }} {% raw %} \"quoted\" 'single' "
        "\u0639\u0631\u0628\u064a \U0001f600"
    )
    minimal_data["licensor"]["name"] = name
    assert parse_answers(minimal_data).get("licensor.name") == name


def test_a_party_name_is_limited_and_a_5000_character_one_refused(minimal_data):
    minimal_data["licensor"]["name"] = "N" * 300
    assert parse_answers(minimal_data).get("licensor.name") == "N" * 300
    minimal_data["licensor"]["name"] = "N" * 5_000
    assert "longer than 300 characters" in problems_of(minimal_data)["licensor.name"]


def test_a_ten_thousand_character_text_answer_is_accepted_and_a_longer_one_refused(
    minimal_data,
):
    minimal_data["dataset"]["description"] = "D" * 20_000
    assert parse_answers(minimal_data).get("dataset.description") == "D" * 20_000
    minimal_data["dataset"]["description"] = "D" * 20_001
    assert "longer than 20,000" in problems_of(minimal_data)["dataset.description"]


def test_dispute_steps_come_back_in_the_spec_order(minimal_data):
    minimal_data["law"] = {"dispute_steps": ["courts", "mediation", "negotiation"]}
    assert parse_answers(minimal_data).get("law.dispute_steps") == (
        "negotiation",
        "mediation",
        "courts",
    )


def test_yaml_and_json_files_load_the_same(tmp_path, minimal_data):
    import yaml

    (tmp_path / "a.yaml").write_text(yaml.safe_dump(minimal_data))
    (tmp_path / "a.json").write_text(json.dumps(minimal_data))
    assert (
        load_answers_file(tmp_path / "a.yaml").values
        == load_answers_file(tmp_path / "a.json").values
    )


def test_a_broken_file_is_a_clear_error_not_a_traceback(tmp_path):
    (tmp_path / "bad.yaml").write_text("licensor: [unclosed")
    with pytest.raises(AnswersError) as caught:
        load_answers_file(tmp_path / "bad.yaml")
    assert caught.value.problems[0].key == "(file)"
    assert "not valid YAML" in caught.value.problems[0].message
    with pytest.raises(AnswersError, match="cannot read"):
        load_answers_file(tmp_path / "missing.yaml")


def test_a_document_that_is_not_a_mapping_is_refused():
    with pytest.raises(AnswersError, match="must be a mapping"):
        parse_answers(["not", "a", "mapping"])


def test_exported_answers_load_back_to_the_same_values(minimal_data):
    minimal_data["value"]["models"] = ["flat_fee", "revenue_share"]
    minimal_data["value"]["revenue_share_percent"] = "7.5"
    minimal_data["effective_date"] = "2026-05-01"
    answers = parse_answers(minimal_data)
    again = parse_answers(json.loads(json.dumps(answers.to_data())))
    assert again.effective() == answers.effective()


def test_a_lone_surrogate_from_json_becomes_a_replacement_character(minimal_data):
    minimal_data["licensor"]["name"] = json.loads('"Archive \\ud800 Ltd"')
    assert parse_answers(minimal_data).get("licensor.name") == "Archive \ufffd Ltd"


@pytest.mark.parametrize("code", ["ZZ", "EU", "QO", "001"])
def test_regions_that_are_not_countries_are_refused(minimal_data, code):
    minimal_data["licensor"]["jurisdiction"] = code
    assert "not an ISO 3166" in problems_of(minimal_data)["licensor.jurisdiction"]


def test_long_text_loses_surrounding_blank_lines_but_keeps_inner_ones(minimal_data):
    minimal_data["licensor"]["address"] = "\n1 High St\n\nTown\n"
    assert parse_answers(minimal_data).get("licensor.address") == "1 High St\n\nTown"


def test_a_hidden_multi_answer_may_be_empty_but_a_shown_one_needs_a_choice(minimal_data):
    minimal_data["value"]["benefits"] = []
    assert parse_answers(minimal_data).get("value.benefits") is None  # hidden: no check
    minimal_data["value"]["models"] = ["non_monetary"]
    assert problems_of(minimal_data) == {"value.benefits": "choose at least 1"}


def test_a_stored_draft_with_hidden_answers_loads_back(minimal_data):
    answers = parse_answers(minimal_data)
    stored = answers.to_data(include_inactive=True)
    assert parse_answers(stored).values == answers.values


def test_an_enormous_wrong_choice_is_shortened_in_the_message(minimal_data):
    minimal_data["use"] = {"commercial": "x" * 100_000}
    message = problems_of(minimal_data)["use.commercial"]
    assert len(message) < 200
