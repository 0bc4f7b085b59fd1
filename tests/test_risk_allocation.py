"""Risk allocation (issue 11, sections 1 and 2): indemnities scoped by the rights check, tiered
liability caps that are never zero, the general terms a real deal needs, and disputes named
precisely."""

import copy

import pytest

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, parse_answers

EUR = "EUR"
# What limits the licensor's indemnity: knowledge, its own material, or conflicting grants.
SCOPE_MARKERS = (
    "would have known after reasonable enquiry",
    "not to the work of contributors",
    "granted to someone else",
)


def money(amount: str) -> dict:
    return {"amount": amount, "currency": EUR}


def document_of(data: dict):
    return assemble(parse_answers(data), get_library())


def with_answers(base: dict, **groups) -> dict:
    data = copy.deepcopy(base)
    for group, values in groups.items():
        data.setdefault(group, {}).update(values)
    return data


@pytest.mark.parametrize(
    ("key", "answers"),
    [
        ("liability.cap_amount", {"cap": "fixed", "cap_amount": money("0")}),
        ("liability.cap_floor", {"cap": "fees_paid_12_months", "cap_floor": money("0.00")}),
        ("liability.higher_cap_amount", {"higher_cap": "fixed", "higher_cap_amount": money("0")}),
    ],
)
def test_a_cap_of_nothing_is_refused_at_its_field(minimal_data, key, answers):
    with pytest.raises(AnswersError) as refused:
        parse_answers(with_answers(minimal_data, liability=answers))
    assert [(p.key, p.message) for p in refused.value.problems] == [(key, "must be more than 0")]


def test_the_caps_are_tiered_and_the_indemnities_follow_the_answer(minimal_data):
    tiers = {"cap": "fixed", "cap_amount": money("100000.00"), "higher_cap": "multiple"}
    limits = document_of(with_answers(minimal_data, liability=tiers)).clause("liability.limits")
    assert "is limited to €100,000.00 (the “General Cap”)" in limits.text
    assert "limited to 3 times the General Cap" in limits.text
    higher, uncapped = limits.text.split("Neither the exclusion")
    assert "confidentiality obligations" in higher and "personal data" in higher
    assert "indemnities" in uncapped and "wilful misconduct" in uncapped

    under = {**tiers, "indemnities_cap": "higher_cap"}
    limits = document_of(with_answers(minimal_data, liability=under)).clause("liability.limits")
    higher, uncapped = limits.text.split("Neither the exclusion")
    assert "indemnities" in higher and "indemnities" not in uncapped

    free = {**tiers, "higher_cap": "uncapped"}
    limits = document_of(with_answers(minimal_data, liability=free)).clause("liability.limits")
    assert "General Cap" not in limits.text  # defined only where it is used
    uncapped = limits.text.split("Neither the exclusion")[1]
    assert "personal data" in uncapped and "confidentiality" in uncapped


def test_no_indemnity_means_no_indemnities_section_and_no_reference_to_it(minimal_data):
    data = with_answers(
        minimal_data, risk={"licensor_indemnity": "none", "licensee_indemnity": False}
    )
    document = document_of(data)
    assert not any(clause.id.startswith("indemnities.") for clause in document.clauses())
    assert "indemnities" not in document.clause("liability.limits").text


@pytest.mark.parametrize(
    ("rights", "words"),
    [
        ({"origin": "created_by_licensor"}, None),
        (
            {"origin": "mixed", "upstream_permits_commercial_licensing": "yes"},
            "would have known after reasonable enquiry",
        ),
        (
            {"origin": "created_by_licensor", "contributors": "contributors_not_consulted"},
            "not to the work of contributors",
        ),
        (
            {"origin": "collected_from_third_parties"},
            "granted to someone else",
        ),
    ],
)
def test_the_licensors_indemnity_follows_the_rights_check(minimal_data, rights, words):
    clause = document_of(with_answers(minimal_data, rights=rights)).clause("indemnities.licensor")
    for marker in SCOPE_MARKERS:
        assert (marker in clause.text) == (marker == words), marker


def test_the_civil_law_indemnity_is_a_promise_to_hold_harmless(minimal_data):
    data = with_answers(minimal_data, law={"governing_law": "FR"})
    document = document_of(data)
    assert "must hold the Licensee harmless from, and compensate it for," in (
        document.clause("indemnities.licensor").text
    )
    assert "indemnify" not in document.clause("indemnities.licensee").text


def test_change_of_control_terminate_or_consent(minimal_data):
    terminate = document_of(minimal_data).clause("general.change_of_control").text
    assert "within sixty (60) days after it receives that notice" in terminate
    consent = document_of(with_answers(minimal_data, risk={"change_of_control": "consent"}))
    assert "must obtain the Licensor\u2019s written consent before a change of control" in (
        consent.clause("general.change_of_control").text
    )
    none = document_of(with_answers(minimal_data, risk={"change_of_control": "none"}))
    assert "general.change_of_control" not in {clause.id for clause in none.clauses()}


def test_precedence_and_the_general_terms_are_in_every_default_draft(minimal_data):
    document = document_of(minimal_data)
    ids = {clause.id for clause in document.clauses()}
    assert {"general.force_majeure", "general.sanctions", "general.precedence"} <= ids
    precedence = document.clause("general.precedence").text
    assert "the clauses of this Licence prevail over its Annexes" in precedence


def test_arbitration_under_another_institution_names_it_and_its_rules(minimal_data):
    law = {
        "dispute_steps": ["arbitration"],
        "arbitration_body": "other",
        "arbitration_institution": "the Netherlands Arbitration Institute",
        "arbitration_rules": "the NAI Arbitration Rules",
        "seat": "Amsterdam",
    }
    text = document_of(with_answers(minimal_data, law=law)).clause("disputes.resolution").text
    assert (
        "arbitration administered by the Netherlands Arbitration Institute under the NAI "
        "Arbitration Rules, as in force when the arbitration begins"
    ) in text
    law["arbitration_body"] = "siac"
    text = document_of(with_answers(minimal_data, law=law)).clause("disputes.resolution").text
    assert "under the Arbitration Rules of the Singapore International Arbitration Centre" in text
    assert "Netherlands" not in text


def test_an_unchosen_institution_blocks_with_a_finding_naming_the_question(minimal_data):
    law = {"dispute_steps": ["arbitration"], "seat": "Paris"}
    with pytest.raises(AnswersError):
        parse_answers(with_answers(minimal_data, law=law))
    answers = parse_answers(with_answers(minimal_data, law=law), complete=False)
    document = assemble(answers, get_library())
    questions = {finding.question for finding in document.blocking_findings()}
    assert "law.arbitration_body" in questions or "law.arbitration_institution" in questions


def test_courts_are_named_precisely_and_may_be_non_exclusive(minimal_data):
    law = {"governing_law": "US-CA", "courts": "San Francisco, California"}
    law |= {"court_system": "state", "court_exclusivity": "non_exclusive"}
    text = document_of(with_answers(minimal_data, law=law)).clause("disputes.resolution").text
    assert "The state courts sitting in San Francisco, California have non-exclusive" in text
    assert "Either party may also bring proceedings in any other court" in text


def test_mediation_names_its_provider(minimal_data):
    law = {"dispute_steps": ["mediation", "courts"], "mediation_provider": "other"}
    law["mediation_provider_other"] = "the Singapore Mediation Centre"
    text = document_of(with_answers(minimal_data, law=law)).clause("disputes.resolution").text
    assert "appointed at either party\u2019s request by the Singapore Mediation Centre" in text


def test_a_draft_pinned_to_the_old_disputes_clause_keeps_its_institution_text(minimal_data):
    law = {"dispute_steps": ["arbitration"], "seat": "London"}
    law["arbitration_institution"] = "the LCIA Arbitration Rules"
    answers = parse_answers(with_answers(minimal_data, law=law), complete=False)
    pins = {**get_library().snapshot(), "disputes.resolution": 2}
    text = assemble(answers, get_library(), pins).clause("disputes.resolution").text
    assert "finally resolved by arbitration under the LCIA Arbitration Rules." in text
