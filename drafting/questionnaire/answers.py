"""The answers document: parsing, validation, defaults and the typed :class:`Answers`.

An answers document is the nested mapping the spec describes (``{use: {commercial: ...}}``),
read from YAML or JSON, posted by the wizard or stored on a draft. :func:`parse_answers` checks
every value against the questionnaire definition (one value at a time with
:mod:`drafting.questionnaire.coercion`) and reports *every* problem with its key path; it never
raises anything but :class:`AnswersError`. The value types are in
:mod:`drafting.questionnaire.values`; both modules' names are importable from here too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from drafting.questionnaire.coercion import (
    BIDI_CONTROLS,
    CONTROL_CHARS,
    MAX_LIST_ITEMS,
    MAX_LONGTEXT_CHARS,
    MAX_MONEY,
    MAX_TEXT_CHARS,
    MSG_ABOVE_MAX,
    MSG_BAD_AMOUNT,
    MSG_BAD_COUNTRY,
    MSG_BAD_CURRENCY,
    MSG_BAD_DATE,
    MSG_BAD_EMAIL,
    MSG_BAD_UNIT,
    MSG_BELOW_MIN,
    MSG_BIDI,
    MSG_DURATION_SHAPE,
    MSG_EXACTLY_ONE_FINAL,
    MSG_MONEY_SHAPE,
    MSG_NEGATIVE_MONEY,
    MSG_NOT_ABOVE_MIN,
    MSG_NOT_BOOL,
    MSG_NOT_DECIMAL,
    MSG_NOT_INT,
    MSG_NOT_LIST,
    MSG_NOT_OPTION,
    MSG_NOT_TEXT,
    MSG_TOO_FEW,
    MSG_TOO_LONG,
    MSG_TOO_MUCH,
    SURROGATES,
    InvalidValue,
    check_count,
    clean_text,
    coerce,
    typed_default,
)
from drafting.questionnaire.definition import Questionnaire, get_questionnaire
from drafting.questionnaire.facts import derived_missing, fill_derived_defaults
from drafting.questionnaire.limits import read_answers_data
from drafting.questionnaire.values import Duration, Money, nest, value_to_data

__all__ = [
    "BIDI_CONTROLS",
    "CONTROL_CHARS",
    "MAX_LIST_ITEMS",
    "MAX_LONGTEXT_CHARS",
    "MAX_MONEY",
    "MAX_TEXT_CHARS",
    "MSG_ABOVE_MAX",
    "MSG_BAD_AMOUNT",
    "MSG_BAD_COUNTRY",
    "MSG_BAD_CURRENCY",
    "MSG_BAD_DATE",
    "MSG_BAD_EMAIL",
    "MSG_BAD_UNIT",
    "MSG_BELOW_MIN",
    "MSG_BIDI",
    "MSG_DURATION_SHAPE",
    "MSG_EXACTLY_ONE_FINAL",
    "MSG_MONEY_SHAPE",
    "MSG_NEGATIVE_MONEY",
    "MSG_NOT_ABOVE_MIN",
    "MSG_NOT_BOOL",
    "MSG_NOT_DECIMAL",
    "MSG_NOT_INT",
    "MSG_NOT_LIST",
    "MSG_NOT_OPTION",
    "MSG_NOT_TEXT",
    "MSG_REQUIRED",
    "MSG_TOO_FEW",
    "MSG_TOO_LONG",
    "MSG_TOO_MUCH",
    "MSG_UNKNOWN_KEY",
    "SURROGATES",
    "Answers",
    "AnswersError",
    "Duration",
    "InvalidValue",
    "Money",
    "Problem",
    "check_count",
    "clean_text",
    "coerce",
    "flatten",
    "load_answers_file",
    "load_answers_text",
    "nest",
    "parse_answers",
    "parse_draft_answers",
    "typed_default",
    "value_to_data",
]

MSG_REQUIRED = "is required"
MSG_UNKNOWN_KEY = "is not a question of this questionnaire"


@dataclass(frozen=True, slots=True)
class Problem:
    """One invalid answer: the dotted key path and what is wrong with it."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class AnswersError(ValueError):
    """Answers failed validation. ``problems`` lists every one, each with its key path."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Answers:
    """A validated answers document.

    ``values`` maps every question key to its typed value (str, bool, int, Decimal,
    ``datetime.date``, :class:`Money`, :class:`Duration`, a tuple for multi and spdx answers,
    or None when empty), defaults applied. Answers to questions whose condition does not hold
    are kept here (so the wizard can restore them) but :meth:`get` and everything rendered
    treat them as not given. ``provided`` holds the keys the author gave explicitly.
    """

    values: Mapping[str, Any]
    provided: frozenset[str]
    questionnaire: Questionnaire

    def is_active(self, key: str) -> bool:
        """Return whether question ``key`` applies under these answers."""
        return self.questionnaire.is_active(key, self.values)

    def get(self, key: str) -> Any:
        """Return the effective value of ``key``: its value, or None when it does not apply."""
        return self.values[key] if self.is_active(key) else None

    def effective(self) -> dict[str, Any]:
        """Return every key's effective value (None where a question does not apply)."""
        return {key: self.get(key) for key in self.questionnaire.questions}

    def context(self) -> dict[str, Any]:
        """Return the nested mapping clause templates read: ``use.commercial`` and so on.

        Empty text answers of questions that apply take the question's placeholder
        (``[Licensee]``, ``[seat of arbitration]``) so an unfinished draft still renders,
        and derived defaults are filled in (the attribution line, the governing law).
        """
        flat = self.effective()
        for key, question in self.questionnaire.questions.items():
            if question.placeholder and not flat[key] and self.is_active(key):
                flat[key] = question.placeholder
        fill_derived_defaults(flat, self.is_active)
        return nest(flat)

    def to_data(self, *, include_inactive: bool = False) -> dict[str, Any]:
        """Return the answers as a JSON-ready nested document, defaults applied.

        Only questions that apply are included unless ``include_inactive`` is set (used when
        storing a draft, so a hidden answer comes back if its condition holds again).
        """
        flat = {
            key: value_to_data(value)
            for key, value in self.values.items()
            if value is not None and (include_inactive or self.is_active(key))
        }
        return nest(flat)

    def step_uses_defaults(self, step_key: str) -> bool:
        """Return whether no question of step ``step_key`` was answered explicitly."""
        step = self.questionnaire.step(step_key)
        return not any(question.key in self.provided for question in step.questions)


def flatten(
    data: Mapping[str, Any], questionnaire: Questionnaire
) -> tuple[dict[str, Any], list[Problem]]:
    """Flatten a nested answers document into ``{dotted key: raw value}``.

    Returns the flat mapping and a problem for every key that is not a question (never a
    silently dropped answer).
    """
    flat: dict[str, Any] = {}
    problems: list[Problem] = []

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for name, value in node.items():
            key = f"{prefix}{name}"
            if key in questionnaire.questions:
                flat[key] = value
            elif isinstance(value, Mapping) and key in questionnaire.groups:
                walk(value, f"{key}.")
            else:
                problems.append(Problem(key, MSG_UNKNOWN_KEY))

    if not isinstance(data, Mapping):
        return {}, [Problem("(document)", "must be a mapping of answers")]
    walk(data, "")
    return flat, problems


def parse_answers(
    data: Mapping[str, Any],
    *,
    complete: bool = True,
    questionnaire: Questionnaire | None = None,
) -> Answers:
    """Validate a nested answers document and return :class:`Answers` with defaults applied.

    ``complete`` demands an answer for every required question that applies (a finished
    answers file); the wizard passes False while a draft is still being written, and the
    draft then shows the question's placeholder. Raises :class:`AnswersError` listing every
    problem, each with its key path, for example
    ``use.commercial: 'sometimes' is not one of research_only, noncommercial_only, ...``.
    """
    questionnaire = questionnaire or get_questionnaire()
    answers, problems, missing = _parse(data, questionnaire)
    problems = problems + missing if complete else problems
    if problems:
        raise AnswersError(_in_order(problems, questionnaire))
    return answers


def parse_draft_answers(
    data: Mapping[str, Any], *, questionnaire: Questionnaire | None = None
) -> tuple[Answers, tuple[Problem, ...]]:
    """Read a draft's answers: ``parse_answers(data, complete=False)``, and what
    ``complete=True`` would refuse besides (required answers missing, no governing law), in
    questionnaire order, in one pass. Raises :class:`AnswersError` for invalid values."""
    questionnaire = questionnaire or get_questionnaire()
    answers, problems, missing = _parse(data, questionnaire)
    if problems:
        raise AnswersError(_in_order(problems, questionnaire))
    return answers, tuple(_in_order(missing, questionnaire))


def _in_order(problems: list[Problem], questionnaire: Questionnaire) -> list[Problem]:
    order = {key: index for index, key in enumerate(questionnaire.questions)}
    return sorted(problems, key=lambda p: order.get(p.key, len(order)))


def _parse(
    data: Mapping[str, Any], questionnaire: Questionnaire
) -> tuple[Answers, list[Problem], list[Problem]]:
    """Return the answers of ``data`` (defaults where invalid or missing), the problems with
    the values given, and the answers a complete document would still need."""
    flat, problems = flatten(data, questionnaire)
    values: dict[str, Any] = {}
    for key, question in questionnaire.questions.items():
        if key in flat:
            try:
                values[key] = coerce(question, flat[key])
            except InvalidValue as error:
                problems.append(Problem(key, str(error)))
                values[key] = typed_default(question)
        else:
            values[key] = typed_default(question)
    failed = {problem.key for problem in problems}
    for key, question in questionnaire.questions.items():
        if question.type == "multi" and key not in failed and questionnaire.is_active(key, values):
            try:
                check_count(question, values[key])
            except InvalidValue as error:
                problems.append(Problem(key, str(error)))
                failed.add(key)
    missing = []
    for key, question in questionnaire.questions.items():
        empty = values[key] in (None, ())
        needed = question.required and empty and key not in failed
        if needed and questionnaire.is_active(key, values):
            missing.append(Problem(key, MSG_REQUIRED))
    missing.extend(Problem(key, message) for key, message in derived_missing(values))
    answers = Answers(
        values=MappingProxyType(values), provided=frozenset(flat), questionnaire=questionnaire
    )
    return answers, problems, missing


def load_answers_file(path: Path | str) -> Answers:
    """Read and validate an answers file (``.yaml``, ``.yml`` or ``.json``).

    Raises :class:`AnswersError` for a file that cannot be read or parsed as well as for
    invalid answers; the message never includes a traceback.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersError([Problem("(file)", f"cannot read {path}: {error}")]) from None
    return parse_answers(load_answers_text(text, json_format=path.suffix.lower() == ".json"))


def load_answers_text(text: str, *, json_format: bool = False) -> Any:
    """Parse the text of an answers file into plain data (not yet validated).

    Raises :class:`AnswersError` with the parser's line and column when it is not valid
    YAML (or JSON, when ``json_format``), and a ``(file)`` problem when it is nested too
    deeply or too large (see :func:`~drafting.questionnaire.limits.read_answers_data`). The
    app's own JSON download is accepted as it is: its ``answers`` part is returned.
    """
    try:
        data = read_answers_data(text, json_format=json_format)
    except json.JSONDecodeError as error:
        raise AnswersError([Problem("(file)", f"not valid JSON: {error}")]) from None
    except yaml.YAMLError as error:
        raise AnswersError([Problem("(file)", f"not valid YAML: {error}")]) from None
    except ValueError as error:
        raise AnswersError([Problem("(file)", str(error))]) from None
    return answers_part(data)


def answers_part(data: Any) -> Any:
    """Return the answers document inside ``data``: the ``answers`` of a JSON download made
    by this app (a mapping with ``answers``, ``clauses`` and ``library_version``), else
    ``data`` itself (an answers document, or anything else for the validation to refuse)."""
    if (
        isinstance(data, dict)
        and isinstance(data.get("answers"), dict)
        and isinstance(data.get("clauses"), list)
        and "library_version" in data
    ):
        return data["answers"]
    return data
