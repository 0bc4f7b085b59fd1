"""Plain functions over a draft's stored answers: one step's validation, and reading them back.

A draft stores *answer data*: the JSON-ready form of every question's value, keyed here by the
flat dotted key (``{"use.commercial": "research_only", "value.flat_fee": {"amount": "10.00",
"currency": "EUR"}}``) and nested on the dots in the database. Every value passes through
:func:`drafting.questionnaire.coercion.coerce` on the way in, so the wizard accepts and refuses
exactly what an answers file does, with the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from drafting.legal_families import governing_law_problem
from drafting.questionnaire.answers import (
    MSG_REQUIRED,
    Answers,
    Problem,
    check_count,
    coerce,
    flatten,
    nest,
    parse_answers,
    parse_draft_answers,
    value_to_data,
)
from drafting.questionnaire.definition import Questionnaire, Step, get_questionnaire

# Question types whose raw posted value can decide a condition even when it failed validation
# (a choice, a list of choices, a tick box), so a follow-up question shows or hides consistently.
CONDITION_TYPES = frozenset({"choice", "multi", "bool"})


@dataclass(frozen=True, slots=True)
class StepResult:
    """The outcome of validating one step's posted answers.

    ``values`` maps each *active* question key of the step to its answer data (empty when
    there are problems); ``problems`` lists every refused value with its key, in question
    order. Inactive questions appear in neither: their stored answers are kept as they were.
    """

    values: dict[str, Any]
    problems: tuple[Problem, ...]


def stored_values(document: Mapping[str, Any] | None) -> dict[str, Any]:
    """Flatten a draft's stored answers document into ``{dotted key: answer data}``.

    Keys that are no longer questions (after the questionnaire changed) are dropped; questions
    added since take their default.
    """
    flat, _unknown = flatten(document or {}, get_questionnaire())
    return {key: flat.get(key, default) for key, default in default_values().items()}


@cache
def default_values() -> dict[str, Any]:
    """Return every question's default as answer data (None where it has none), in
    questionnaire order: the answers of a brand-new draft."""
    answers = parse_answers({}, complete=False)
    flat, _ = flatten(answers.to_data(include_inactive=True), answers.questionnaire)
    return {key: flat.get(key) for key in answers.questionnaire.questions}


def new_document() -> dict[str, Any]:
    """Return the nested answers document a new draft starts with (every default)."""
    return nest(default_values())


GOVERNING_LAW = "law.governing_law"


def validate_step(
    step: Step, raw: Mapping[str, Any], stored: Mapping[str, Any], *, questionnaire=None
) -> StepResult:
    """Validate the posted answers of ``step`` against the draft's ``stored`` answers.

    ``raw`` maps question keys to values as the form collected them (strings, lists of
    strings, booleans, ``{"amount", "currency"}`` and ``{"value", "unit"}`` mappings; a key
    may be missing). Each value goes through :func:`coerce`. A question is checked only if it
    is active given the other posted answers and the stored ones (the same rule as
    :meth:`Questionnaire.is_active`); an active required question left empty gets
    ``MSG_REQUIRED``, and a governing law the table of legal families cannot name (a federal
    country without its state) gets the table's message. Never raises for bad input:
    problems are returned.
    """
    questionnaire = questionnaire or get_questionnaire()
    typed: dict[str, Any] = {}
    failed: dict[str, str] = {}
    probe: dict[str, Any] = dict(stored)
    for question in step.questions:
        value = raw.get(question.key)
        try:
            typed[question.key] = coerce(question, value)
            probe[question.key] = typed[question.key]
        except ValueError as error:
            failed[question.key] = str(error)
            if question.type in CONDITION_TYPES:
                probe[question.key] = value
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for question in step.questions:
        if not questionnaire.is_active(question.key, probe):
            continue
        if question.key in failed:
            problems.append(Problem(question.key, failed[question.key]))
        elif question.required and typed[question.key] in (None, ()):
            problems.append(Problem(question.key, MSG_REQUIRED))
        elif question.key == GOVERNING_LAW and (law := governing_law_problem(typed[GOVERNING_LAW])):
            problems.append(Problem(question.key, law))  # "US" alone: which state?
        else:
            try:
                check_count(question, typed[question.key])
            except ValueError as error:
                problems.append(Problem(question.key, str(error)))
                continue
            values[question.key] = value_to_data(typed[question.key])
    return StepResult(values={} if problems else values, problems=tuple(problems))


def explicit_document(values: Mapping[str, Any], *, questionnaire=None) -> dict[str, Any]:
    """Return the nested answers document of the answers that count, from stored ``values``.

    An answer counts when its question is active and its value differs from the default: a
    step whose answers all equal the defaults is one where the author "accepted every
    default" (consistency rule 9). Hidden answers stay in the draft but are left out here, as
    they are of every rendered document.
    """
    questionnaire = questionnaire or get_questionnaire()
    defaults = default_values()
    kept = {
        key: value
        for key, value in values.items()
        if value != defaults.get(key) and questionnaire.is_active(key, values)
    }
    return nest(kept)


def load_answers(values: Mapping[str, Any]) -> tuple[Answers, tuple[Problem, ...]]:
    """Return the draft's :class:`Answers` and what still stops it being complete.

    The second item lists the problems :func:`parse_answers` reports for a finished answers
    file (required answers missing, no governing law), each with its key; it is empty when
    the draft is complete. Raises :class:`AnswersError` only if stored values are invalid,
    which the services never write.
    """
    return parse_draft_answers(explicit_document(values))


def step_of(key: str, questionnaire: Questionnaire | None = None) -> str:
    """Return the key of the step that asks question ``key`` (``"law"`` for law.courts)."""
    questionnaire = questionnaire or get_questionnaire()
    question = questionnaire.questions.get(key)
    return question.step if question else questionnaire.step_keys[0]


def neighbour_steps(step_key: str) -> tuple[str | None, str | None]:
    """Return the keys of the steps before and after ``step_key`` (None at either end)."""
    keys = get_questionnaire().step_keys
    index = keys.index(step_key)
    before = keys[index - 1] if index > 0 else None
    after = keys[index + 1] if index + 1 < len(keys) else None
    return before, after
