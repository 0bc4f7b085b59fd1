"""The spec's consistency rules: each one fires on its trigger, with its own message."""

import pytest

from drafting.assembly import findings as rules
from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import parse_answers


def codes(data) -> set[str]:
    answers = parse_answers(data)
    from drafting.library.loader import get_library

    return {finding.code for finding in assemble(answers, get_library()).findings}


@pytest.fixture
def data(minimal_data):
    return minimal_data


def test_revenue_share_with_research_only_use_is_a_contradiction(data):
    data["use"] = {"commercial": "research_only"}
    data["value"].update(models=["revenue_share"], revenue_share_percent="5")
    assert "revenue_share_without_commercial_use" in codes(data)
    data["use"]["commercial"] = "commercial_permitted"
    assert "revenue_share_without_commercial_use" not in codes(data)


def test_open_weights_with_derivative_weights_and_no_derived_data_is_ambiguous(data):
    data["use"] = {"weights_are_derivatives": "licensor_position_weights_are_derivatives"}
    data["redistribution"] = {"open_weights": "permitted", "derived_datasets": "prohibited"}
    assert "open_weights_vs_derivatives" in codes(data)
    data["redistribution"]["derived_datasets"] = "permitted"
    assert "open_weights_vs_derivatives" not in codes(data)


def test_deletion_after_training_with_evaluation_asks_about_a_held_out_copy(data):
    data["use"] = {"activities": ["training", "evaluation"]}
    data["retention"] = {"delete_after_training": True}
    assert "evaluation_copy_after_deletion" in codes(data)


def test_exclusivity_with_a_future_open_release_asks_which_ends_first(data):
    data["wider"] = {
        "exclusivity": "exclusive",
        "exclusive_field": "speech recognition",
        "exclusive_period": {"value": 2, "unit": "years"},
        "future_open_release": "open_for_research_after",
        "future_open_release_after": {"value": 3, "unit": "years"},
    }
    found = codes(data)
    assert {"exclusive_vs_open_release", "exclusivity_gatekeeping"} <= found


def test_resale_of_fine_tuned_models_without_sublicensing_is_clarified(data):
    data["use"] = {"activities": ["fine_tuning"], "resale_of_finetuned_models": True}
    assert "resale_is_not_sublicensing" in codes(data)


@pytest.mark.parametrize(
    ("rights", "expected"),
    [
        (
            {"origin": "mixed", "upstream_permits_commercial_licensing": "unsure"},
            "upstream_commercial_licensing",
        ),
        ({"contributors": "contributors_not_consulted"}, "contributors_not_consulted"),
        ({"personal_data": "special_category"}, "special_category_data"),
        ({"origin": "mixed", "upstream_licenses": ["LicenseRef-Ours"]}, "upstream_unknown_terms"),
    ],
)
def test_rights_answers_raise_warnings(data, rights, expected):
    data["rights"] |= rights
    assert expected in codes(data)


def test_a_non_commercial_upstream_licence_conflicts_with_commercial_use(data):
    data["rights"] |= {
        "origin": "collected_from_third_parties",
        "upstream_licenses": ["CC-BY-NC-4.0"],
    }
    data["use"] = {"commercial": "commercial_permitted"}
    assert "upstream_noncommercial" in codes(data)


def test_a_no_derivatives_upstream_licence_conflicts_with_weight_release(data):
    data["rights"] |= {"origin": "mixed", "upstream_licenses": ["CC-BY-ND-4.0"]}
    data["redistribution"] = {"open_weights": "permitted"}
    assert "upstream_no_derivatives" in codes(data)


def test_a_share_alike_upstream_licence_conflicts_with_restrictive_terms(data):
    data["rights"] |= {"origin": "mixed", "upstream_licenses": ["ODbL-1.0"]}
    assert "upstream_share_alike" in codes(data)


def test_audit_rights_without_records_have_nothing_to_inspect(data):
    data["audit"] = {"third_party_audit": True, "records": False}
    assert "audit_without_records" in codes(data)
    data["audit"]["records"] = True
    assert "audit_without_records" not in codes(data)


def test_required_credit_with_no_use_of_name_treats_the_credit_as_consent(data):
    data["attribution"] = {"required": True}
    assert "credit_line_is_consent" in codes(data)


def test_the_areas_left_at_their_defaults_make_one_finding_naming_them(data):
    from drafting.library.loader import get_library

    findings = [f for f in assemble(parse_answers(data), get_library()).findings]
    defaults = [f for f in findings if f.code.startswith("defaults_accepted")]
    assert len(defaults) == 1  # one finding, not one per step
    assert "retention" in defaults[0].steps and "value" not in defaults[0].steps
    assert "\u201cRetention and deletion\u201d" in defaults[0].message
    assert defaults[0].message.count("You accepted every default") == 1
    data["retention"] = {"takedown_requests": True}  # answering even the default counts
    again = [f for f in assemble(parse_answers(data), get_library()).findings]
    assert all("retention" not in f.steps for f in again if f.code == "defaults_accepted")


def test_findings_never_block_rendering_and_each_has_its_own_message(data):
    data["use"] = {"commercial": "research_only"}
    data["value"].update(models=["revenue_share"], revenue_share_percent="5")
    answers = parse_answers(data)
    from drafting.library.loader import get_library

    document = assemble(answers, get_library())
    assert document.sections  # rendered despite the contradiction
    messages = [finding.message for finding in document.findings]
    assert len(messages) == len(set(messages))
    assert rules.MSG_REVENUE_SHARE_NONCOMMERCIAL.format(use="research") in messages


def test_counsel_questions_follow_risky_answers(data):
    data["ip"] = {"model_ownership": "joint"}
    answers = parse_answers(data)
    from drafting.library.loader import get_library

    questions = assemble(answers, get_library()).counsel_questions
    assert any("joint ownership" in question for question in questions)
    assert questions[-len(rules.STANDING_QUESTIONS) :] == rules.STANDING_QUESTIONS
