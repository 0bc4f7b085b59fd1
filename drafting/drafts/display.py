"""Answers as people read them on the review page: option labels, not raw values."""

from __future__ import annotations

from typing import Any

from drafting import formatting
from drafting.questionnaire.answers import Duration, Money, coerce
from drafting.questionnaire.definition import Question


def display_answer(question: Question, value: Any) -> str:
    """Return a typed answer (as :class:`Answers` holds it) in words; ``""`` when empty.

    Choices give their option label, lists their labels joined by semicolons, booleans
    "Yes"/"No", money ``€25,000.00``, durations ``30 days``, dates ``1 March 2026`` and
    countries ``United Kingdom (GB)``.
    """
    if value is None or value == () or value == "":
        return ""
    kind = question.type
    if kind == "bool":
        return "Yes" if value else "No"
    if kind in {"choice", "duration_or_choice"} and isinstance(value, str):
        return question.option_label(value)
    if kind == "multi":
        return "; ".join(question.option_label(item) for item in value)
    if kind == "spdx":
        return "; ".join(value)
    if isinstance(value, Money):
        return formatting.money(value)
    if isinstance(value, Duration):
        return formatting.duration(value)
    if kind == "date":
        return formatting.date(value)
    if kind == "country":
        return f"{formatting.region_name(value)} ({value})"
    if kind == "decimal":
        return formatting.number(value)
    return str(value)


def display_data(question: Question, data: Any) -> str:
    """Return stored answer data (JSON-ready, as a draft keeps it) in words, like
    :func:`display_answer`; data that no longer fits the question shows as its text."""
    try:
        return display_answer(question, coerce(question, data))
    except ValueError:
        return str(data)
