"""Generated answers for checking the library: a deterministic, seeded sample over the whole
questionnaire, so that every option takes part.

:func:`sample_answers` turns a seed into a complete, valid :class:`Answers`: each question
gets a random value of its type within its bounds (or is left empty when it may be), and the
text answers are plain words without brackets, so any placeholder in the assembled draft
comes from the library, not from the sample. The same seed always gives the same answers.
:func:`partial_answers` is the same sample with about half the required answers left out, as
a draft in the wizard has them, so the placeholders of an unfinished draft are checked too.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from drafting.questionnaire.answers import AnswersError, nest, parse_answers
from drafting.questionnaire.definition import Question, Questionnaire, get_questionnaire

WORDS = "harbour archive corpus speech river survey north field lantern signal atlas".split()
COUNTRIES = (
    *("GB", "GB-ENG", "GB-SCT", "DE", "FR", "IE", "NL", "JP", "ZA", "SG"),
    *("US-CA", "US-NY", "US-LA", "CA-ON", "CA-QC", "AU-NSW", "MX-CMX"),
)
SPDX = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-ND-4.0", "MIT", "ODbL-1.0")
CURRENCIES = ("GBP", "EUR", "USD")
UNITS = ("days", "months", "years")


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def _number(rng: random.Random, question: Question, *, decimal: bool = False) -> Any:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 1000
    if decimal:
        value = round(rng.uniform(float(low), float(min(high, low + 50))), 1)
        return str(max(value, 0.1) if question.exclusive_min else value)
    value = rng.randint(int(low), int(min(high, low + 400)))
    return value + 1 if question.exclusive_min and value == low else value


def _multi(rng: random.Random, question: Question) -> list[str]:
    options = [value for value in question.option_values if value not in question.exclusive_final]
    chosen = [value for value in options if rng.random() < 0.4]
    if question.exclusive_final:
        chosen.append(rng.choice(question.exclusive_final))
    if question.min and len(chosen) < question.min:
        chosen.append(rng.choice(question.option_values))
    return list(dict.fromkeys(chosen))


def _value(rng: random.Random, question: Question) -> Any:
    """A random valid value for ``question``."""
    kind = question.type
    if kind in ("choice", "duration_or_choice") and (kind == "choice" or rng.random() < 0.6):
        return rng.choice(question.option_values)
    if kind in ("duration", "duration_or_choice"):
        return {"value": rng.randint(1, 36), "unit": rng.choice(UNITS)}
    if kind == "multi":
        return _multi(rng, question)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return _number(rng, question)
    if kind == "decimal":
        return _number(rng, question, decimal=True)
    if kind == "money":
        return {"amount": f"{rng.randint(1, 900) * 1000}.00", "currency": rng.choice(CURRENCIES)}
    if kind == "date":
        return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat()
    if kind == "country":
        return rng.choice(COUNTRIES)
    if kind == "spdx":
        return rng.sample(SPDX, rng.randint(1, 3))
    if kind == "email":
        return f"{rng.choice(WORDS)}@example.org"
    if kind == "longtext":
        return _words(rng, 6) + ".\n" + _words(rng, 4) + "."
    return _words(rng, 3)


def sample_data(seed: int, questionnaire: Questionnaire | None = None) -> dict[str, Any]:
    """Return the flat ``{key: value}`` answers of sample ``seed``: required questions always
    answered, the others answered about three times in four."""
    questionnaire = questionnaire or get_questionnaire()
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    flat = {}
    for key, question in questionnaire.questions.items():
        if question.required or rng.random() < 0.75:
            flat[key] = _value(rng, question)
    return flat


def sample_answers(seed: int, questionnaire: Questionnaire | None = None):
    """Return the complete, valid :class:`Answers` of sample ``seed``.

    A value that breaks a rule between answers is redrawn (up to ten rounds); raises
    :class:`AnswersError` if the sample still fails, which is a fault of this generator.
    """
    questionnaire = questionnaire or get_questionnaire()
    flat = sample_data(seed, questionnaire)
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 -- reproducible test data
    for _round in range(10):
        try:
            return parse_answers(nest(flat))
        except AnswersError as error:
            for problem in error.problems:
                flat[problem.key] = _value(rng, questionnaire.questions[problem.key])
            last = error
    raise last


def partial_answers(seed: int, questionnaire: Questionnaire | None = None):
    """Return the :class:`Answers` of sample ``seed`` with about half its required answers
    (multi answers aside) left out, read as the wizard reads an unfinished draft
    (``complete=False``). Raises :class:`AnswersError` as :func:`sample_answers` does."""
    questionnaire = questionnaire or get_questionnaire()
    flat = sample_data(seed, questionnaire)
    rng = random.Random(seed * 104729 + 3)  # noqa: S311 -- reproducible test data
    for key in sorted(flat):
        question = questionnaire.questions[key]
        if question.required and question.type != "multi" and rng.random() < 0.5:
            del flat[key]
    for _round in range(10):
        try:
            return parse_answers(nest(flat), complete=False)
        except AnswersError as error:
            for problem in error.problems:
                flat[problem.key] = _value(rng, questionnaire.questions[problem.key])
            last = error
    raise last
