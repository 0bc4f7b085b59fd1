"""Periods once fixed in the clauses are questions: today's value is the default (so the
text does not change unless the answer does), each answer has a sensible range, and drafts
pinned to the old clause versions still reproduce their text."""

import pytest

from drafting.assembly.assemble import assemble
from drafting.formatting import spelled
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, load_answers_file, parse_answers
from drafting.questionnaire.definition import get_questionnaire
from tests.conftest import example_paths

# clause id: the version that still had the fixed period
OLD_VERSIONS = {
    "retention.verification": 1,
    "retention.period": 1,
    "retention.models": 1,
    "audit.third_party_audit": 1,
    "audit.usage_confirmation": 1,
    "fees.payment": 1,
    "security.measures": 1,
    "security.confidentiality": 1,
    "disputes.resolution": 1,
}
# Versions that also changed their wording on purpose (see the library changelog; the
# disputes clause's later answers, such as the number of arbitrators, change its text).
WORDING_CHANGED = {"security.confidentiality", "disputes.resolution"}
# The versions that made the periods answers (later versions changed the writing style:
# typographic quotes, periods in words and figures, so they are compared pinned).
PERIOD_VERSIONS = {clause_id: version + 1 for clause_id, version in OLD_VERSIONS.items()}
# key, default, range, answers that bring the clause in, a new value, clause, text it gives
PERIODS = [
    (
        "retention.certificate_days",
        30,
        (1, 180),
        {},
        45,
        "retention.verification",
        "Within forty-five (45) days after completing any deletion",
    ),
    (
        "retention.training_report_days",
        14,
        (1, 90),
        {"retention": {"period": "until_training_complete"}},
        7,
        "retention.period",
        "within seven (7) days after it.",
    ),
    (
        "retention.retirement_days",
        90,
        (1, 730),
        {"retention": {"trained_models": "models_must_be_retired"}},
        180,
        "retention.models",
        "Within 180 days after this Licence ends",
    ),
    (
        "audit.frequency_months",
        12,
        (1, 60),
        {"audit": {"third_party_audit": True}},
        24,
        "audit.third_party_audit",
        "more than once in any twenty-four (24) months",
    ),
    (
        "value.usage_report_days",
        10,
        (1, 60),
        {"value": {"models": ["usage_based"], "usage_rate": {"amount": "5", "currency": "EUR"}}},
        15,
        "fees.payment",
        "Within fifteen (15) days after the end of each calendar month",
    ),
    (
        "security.incident_notice_hours",
        72,
        (1, 720),
        {},
        24,
        "security.measures",
        "within twenty-four (24) hours, after becoming aware",
    ),
    (
        "security.confidentiality_years",
        5,
        (1, 30),
        {},
        1,
        "security.confidentiality",
        "for the Term and for one (1) year after it ends.",
    ),
]
ARBITRATION = {
    "law": {
        "dispute_steps": ["arbitration"],
        "arbitration_body": "lcia",
        "seat": "London",
    }
}


def document_of(data, pins=None):
    return assemble(parse_answers(data), get_library(), pins)


def merged(base: dict, extra: dict) -> dict:
    out = {**base}
    for group, values in extra.items():
        out[group] = {**out.get(group, {}), **values}
    return out


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_the_new_versions_give_the_old_text_at_the_default_answers(path):
    answers = load_answers_file(path)
    library = get_library()
    new = assemble(answers, library, {**library.snapshot(), **PERIOD_VERSIONS})
    old = assemble(answers, library, {**library.snapshot(), **OLD_VERSIONS})
    for clause_id, version in OLD_VERSIONS.items():
        if new.clause(clause_id) is None or clause_id in WORDING_CHANGED:
            continue
        assert old.clause_versions[clause_id] == version
        assert old.clause(clause_id).text == new.clause(clause_id).text, clause_id


@pytest.mark.parametrize(
    ("key", "default", "bounds", "extra", "value", "clause_id", "text"),
    PERIODS,
    ids=[period[0] for period in PERIODS],
)
def test_each_period_is_a_question_with_its_old_value_as_default_and_a_range(
    minimal_data, key, default, bounds, extra, value, clause_id, text
):
    question = get_questionnaire().questions[key]
    assert question.default == default and (question.min, question.max) == bounds
    data = merged(minimal_data, extra)
    before = document_of(data).clause(clause_id).text
    assert spelled(default) in before or f"{default} " in before
    period_pins = {**get_library().snapshot(), clause_id: PERIOD_VERSIONS[clause_id]}
    before = document_of(data, period_pins).clause(clause_id).text
    group, name = key.split(".")
    changed = merged(data, {group: {name: value}})
    assert text in document_of(changed).clause(clause_id).text
    old_pins = {**get_library().snapshot(), clause_id: OLD_VERSIONS[clause_id]}
    old_text = document_of(changed, old_pins).clause(clause_id).text
    assert old_text == before or clause_id in WORDING_CHANGED
    assert spelled(default) in old_text or f"{default} " in old_text
    for wrong in (bounds[0] - 1, bounds[1] + 1):
        with pytest.raises(AnswersError) as refused:
            parse_answers(merged(data, {group: {name: wrong}}))
        assert key in str(refused.value)


def test_the_arbitrators_number_and_language_are_answers(minimal_data):
    data = merged(minimal_data, ARBITRATION)
    text = document_of(data).clause("disputes.resolution").text
    assert "one arbitrator, and the language of the arbitration is English." in text
    data = merged(data, {"law": {"arbitrators": "three", "arbitration_language": "French"}})
    text = document_of(data).clause("disputes.resolution").text
    assert "three arbitrators, and the language of the arbitration is French." in text
