"""Why a clause is here, in words: the answer each clause condition read, as the wizard shows
it (an option's label, "yes", "£25,000.00", "30 days"), resolved at assembly so that the
renderers say it without reading the questionnaire.

Raw option values, answer keys and ``facts.`` names never come out of here; they stay in the
JSON (``condition_keys``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from drafting import formatting
from drafting.library.model import ClauseVersion
from drafting.questionnaire.answers import Answers
from drafting.questionnaire.definition import Question
from drafting.questionnaire.values import Duration, Money

NOT_ANSWERED = "not answered"
NONE_CHOSEN = "none chosen"
# A typed answer a condition read is quoted up to this many characters.
TEXT_LIMIT = 60


def _join(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return NONE_CHOSEN
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def value_words(value: Any, question: Question | None = None) -> str:
    """Return an answer (or a derived fact's value) in words: an option's label from
    ``question``, ``"yes"``/``"no"``, money, a duration, a date, a number, a country's name,
    a list joined with "and", typed text in quotation marks (shortened), or ``"not
    answered"`` for None. Never the raw value of an option the question labels."""
    if value is None or value == "":
        return NOT_ANSWERED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list, frozenset, set)):
        return _join(value_words(item, question) for item in value)
    if isinstance(value, Money):
        return formatting.money(value)
    if isinstance(value, Duration):
        return formatting.duration(value)
    if isinstance(value, dt.date):
        return formatting.date(value)
    if isinstance(value, (int, Decimal)):
        return formatting.number(value)
    if question is not None and question.options and str(value) in question.option_values:
        return question.option_label(str(value))
    if question is not None and question.type == "country":
        return formatting.region_name(str(value))
    if question is not None and question.type == "spdx":
        return str(value)
    return _quoted(str(value))


def condition_answers(
    clauses: Iterable[ClauseVersion], answers: Answers, facts: Mapping[str, Any]
) -> dict[str, str]:
    """Map every answer key and ``facts.`` name the conditions of ``clauses`` read to its
    value in words (:func:`value_words`) for ``answers`` and the derived ``facts``."""
    questions = answers.questionnaire.questions
    words: dict[str, str] = {}
    for clause in clauses:
        for key in clause.condition_keys:
            if key in words:
                continue
            if key.startswith("facts."):
                words[key] = value_words(facts.get(key.removeprefix("facts.")))
            else:
                words[key] = value_words(answers.get(key), questions.get(key))
    return words
