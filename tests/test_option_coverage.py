"""Every choice of every question changes the text of the draft.

For each question that offers options (choices, multiple choices, yes/no, and the option side
of duration-or-choice questions), the test builds answers under which the question applies,
renders the draft once per option, and requires every rendering to differ. The counsel step
is left out on purpose: it drives the drafting notes, not the licence text (spec §10).
"""

import copy

import pytest

from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import AnswersError, nest, parse_answers
from drafting.questionnaire.definition import Question, get_questionnaire
from tests.conftest import RIGHTS_FLAT

QUESTIONNAIRE = get_questionnaire()
SAMPLE_BY_TYPE = {
    "text": "Sample text",
    "longtext": "Sample longer text",
    "email": "someone@example.org",
    "int": 3,
    "decimal": "10",
    "money": {"amount": "1000.00", "currency": "EUR"},
    "date": "2026-06-01",
    "duration": {"value": 6, "unit": "months"},
    "country": "FR",
    "spdx": ["CC-BY-4.0"],
}
BASE = {
    **RIGHTS_FLAT,  # required choices: the questions that depend on them read them here
    "licensor.name": "Licensor Org",
    "licensor.jurisdiction": "NL",
    "licensee.name": "Licensee Org",
    "dataset.name": "Coverage Set",
    "value.flat_fee": {"amount": "5000.00", "currency": "EUR"},
}


def _satisfy(flat: dict, question: Question) -> None:
    """Set the answers that make ``question`` apply (recursively through its conditions)."""
    for condition in question.when:
        parent = QUESTIONNAIRE.questions[condition.key]
        _satisfy(flat, parent)
        current = flat.get(condition.key, parent.default)
        if condition.op == "is":
            flat[condition.key] = condition.value
        elif condition.op == "not":
            if current == condition.value:
                flat[condition.key] = next(v for v in parent.option_values if v != condition.value)
        elif condition.op in {"has", "has_any"}:
            wanted = condition.value if condition.op == "has" else condition.value[0]
            chosen = list(current or ())
            if wanted in parent.exclusive_final:  # one final forum: swap it, never add one
                chosen = [value for value in chosen if value not in parent.exclusive_final]
            if wanted not in chosen:
                chosen.append(wanted)
            flat[condition.key] = chosen
        else:
            flat[condition.key] = condition.value[0]


def _fill_required(flat: dict) -> None:
    for _ in range(3):  # requirements can switch on further requirements
        try:
            answers = parse_answers(nest(flat), complete=False)
        except AnswersError as error:  # an empty multi answer that needs a choice
            for problem in error.problems:
                question = QUESTIONNAIRE.questions[problem.key]
                flat[problem.key] = [question.option_values[0]]
            continue
        for key, question in QUESTIONNAIRE.questions.items():
            if answers.get(key) not in (None, ()) or not answers.is_active(key):
                continue
            if question.required and question.type == "choice":  # a choice with no default
                flat[key] = question.option_values[0]
            elif question.required:
                flat[key] = copy.deepcopy(SAMPLE_BY_TYPE[question.type])
            elif question.type == "multi" and question.min:
                flat[key] = [question.option_values[0]]


def _variants(question: Question) -> list:
    if question.type == "bool":
        return [False, True]
    if question.type == "multi":
        base = [] if not question.min else [question.option_values[0]]
        variants = [base]
        for value in question.option_values:
            if value not in base:
                variants.append([*base, value])
        if question.exclusive_final:  # the final forum: swap it, never combine two
            finals = question.exclusive_final
            return [[value] for value in finals] + [
                [value, finals[0]] for value in question.option_values if value not in finals
            ]
        return variants
    values = list(question.option_values)
    if question.type == "duration_or_choice":
        values.append(SAMPLE_BY_TYPE["duration"])
    return values


OPTION_QUESTIONS = [
    question
    for question in QUESTIONNAIRE.questions.values()
    if question.step != "counsel" and (question.options or question.type == "bool")
]


@pytest.mark.parametrize("question", OPTION_QUESTIONS, ids=lambda q: q.key)
def test_each_option_changes_the_draft_text(question, library):
    texts = {}
    for variant in _variants(question):
        flat = copy.deepcopy(BASE)
        _satisfy(flat, question)
        flat[question.key] = copy.deepcopy(variant)
        _fill_required(flat)
        answers = parse_answers(nest(flat))
        assert answers.is_active(question.key)
        texts[repr(variant)] = assemble(answers, library).text()
    duplicates = [
        (first, second)
        for index, (first, text) in enumerate(texts.items())
        for second, other in list(texts.items())[index + 1 :]
        if text == other
    ]
    assert not duplicates, f"{question.key}: these answers give the same text: {duplicates}"
