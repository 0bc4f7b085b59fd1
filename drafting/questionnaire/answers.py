"""The answers document: parsing, validation, defaults and the typed :class:`Answers`.

An answers document is the nested mapping the spec describes (``{use: {commercial: ...}}``),
read from YAML or JSON, posted by the wizard or stored on a draft. :func:`parse_answers` checks
every value against the questionnaire definition and reports *every* problem with its key path;
it never raises anything but :class:`AnswersError`. Text is cleaned on the way in: control
characters other than tab and newline become a space (DOCX cannot hold them), and bidi control
characters (overrides, embeddings, isolates and marks) are refused, since they make a legal
text display differently from what it says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from drafting.formatting import is_known_region
from drafting.questionnaire.definition import (
    DURATION_UNITS,
    Question,
    Questionnaire,
    get_questionnaire,
)
from drafting.questionnaire.limits import read_answers_data, text_shape_problem
from drafting.upstream import UpstreamLicenseError, parse_upstream

# Longest accepted answers, in characters. Long enough for real names and descriptions (and
# the 10,000-character stress test), short enough to keep rendering bounded.
MAX_TEXT_CHARS = 10_000
MAX_LONGTEXT_CHARS = 20_000
MAX_LIST_ITEMS = 50
MAX_MONEY = Decimal("1000000000000")  # one trillion in any currency

# Error messages, shared with the tests and the wizard's forms.
MSG_REQUIRED = "is required"
MSG_UNKNOWN_KEY = "is not a question of this questionnaire"
MSG_BIDI = (
    "contains a bidirectional control character (U+202A to U+202E, U+2066 to U+2069, U+200E, "
    "U+200F or U+061C), which can make a legal text display differently from what it says; "
    "remove it"
)
MSG_NOT_TEXT = "must be text"
MSG_TOO_LONG = "is longer than {limit:,} characters"
MSG_NOT_BOOL = "must be true or false"
MSG_NOT_INT = "must be a whole number"
MSG_NOT_DECIMAL = "must be a number"
MSG_BELOW_MIN = "must be at least {min}"
MSG_NOT_ABOVE_MIN = "must be more than {min}"
MSG_ABOVE_MAX = "must be at most {max}"
MSG_NOT_OPTION = "{value!r} is not one of {options}"
MSG_NOT_LIST = "must be a list of choices"
MSG_TOO_FEW = "choose at least {min}"
MSG_NEGATIVE_MONEY = "amount cannot be negative"
MSG_MONEY_SHAPE = (
    'must be an amount with a currency, for example {amount: "50000.00", currency: EUR}'
)
MSG_BAD_AMOUNT = "amount {amount!r} is not a number"
MSG_TOO_MUCH = "amount is larger than this tool accepts"
MSG_BAD_CURRENCY = "{currency!r} is not an ISO 4217 currency code"
MSG_BAD_DATE = "{value!r} is not a real date (use YYYY-MM-DD)"
MSG_DURATION_SHAPE = "must be a duration, for example {value: 30, unit: days}"
MSG_BAD_UNIT = "unit {unit!r} is not one of days, months, years"
MSG_BAD_COUNTRY = (
    "{value!r} is not an ISO 3166 country or subdivision code (for example DE or US-CA)"
)
MSG_BAD_EMAIL = "{value!r} is not an email address"
MSG_EXACTLY_ONE_FINAL = "choose exactly one of {options} as the final forum"

# Unicode's Bidi_Control characters: embeddings, overrides, isolates and the three marks.
# Also refused in comments and share-link labels (drafting.review.forms).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls except tab and newline; carriage returns are folded into newlines first.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates (possible in JSON's \ud800 escapes) are not characters and cannot be encoded.
SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in an ISO 4217 currency. ``amount`` is a Decimal in major units (euros)."""

    amount: Decimal
    currency: str

    def as_data(self) -> dict[str, str]:
        """Return ``{"amount": "50000.00", "currency": "EUR"}``, as the answers format has it."""
        return {"amount": str(self.amount), "currency": self.currency}


@dataclass(frozen=True, slots=True)
class Duration:
    """A period: ``value`` whole ``unit`` (days, months or years)."""

    value: int
    unit: str

    def as_data(self) -> dict[str, Any]:
        """Return ``{"value": 30, "unit": "days"}``, as the answers format has it."""
        return {"value": self.value, "unit": self.unit}


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


class _Invalid(ValueError):
    """Internal: one value failed; carries the message for the key's :class:`Problem`."""


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
        if flat["attribution.text"] is None and self.is_active("attribution.text"):
            flat["attribution.text"] = (
                f"{flat['dataset.name']}, provided by {flat['licensor.name']}"
            )
        if not flat["law.governing_law"]:
            flat["law.governing_law"] = flat["licensor.jurisdiction"]
        return nest(flat)

    def to_data(self, *, include_inactive: bool = False) -> dict[str, Any]:
        """Return the answers as a JSON-ready nested document, defaults applied.

        Only questions that apply are included unless ``include_inactive`` is set (used when
        storing a draft, so a hidden answer comes back if its condition holds again).
        """
        flat = {
            key: _to_data(value)
            for key, value in self.values.items()
            if value is not None and (include_inactive or self.is_active(key))
        }
        return nest(flat)

    def step_uses_defaults(self, step_key: str) -> bool:
        """Return whether no question of step ``step_key`` was answered explicitly."""
        step = self.questionnaire.step(step_key)
        return not any(question.key in self.provided for question in step.questions)


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Turn ``{"use.commercial": x}`` into ``{"use": {"commercial": x}}``."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return nested


def value_to_data(value: Any) -> Any:
    """Return one typed answer value in its JSON-ready form (as answers files write it)."""
    return _to_data(value)


def _to_data(value: Any) -> Any:
    if isinstance(value, Money | Duration):
        return value.as_data()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def flatten(data: Mapping[str, Any], questionnaire: Questionnaire) -> tuple[dict, list[Problem]]:
    """Flatten a nested answers document into ``{dotted key: raw value}``.

    Returns the flat mapping and a problem for every key that is not a question (never a
    silently dropped answer).
    """
    flat: dict[str, Any] = {}
    problems: list[Problem] = []

    def walk(node: Mapping, prefix: str) -> None:
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


def clean_text(value: str) -> str:
    """Return ``value`` with control characters (other than tab and newline) made spaces.

    Lone surrogates become U+FFFD (the replacement character). Raises ``_Invalid`` when the
    text holds a bidi control character (:data:`BIDI_CONTROLS`).
    """
    if BIDI_CONTROLS.search(value):
        raise _Invalid(MSG_BIDI)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return SURROGATES.sub("\ufffd", CONTROL_CHARS.sub(" ", value))


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _text(question: Question, raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            raise _Invalid(MSG_NOT_TEXT)
        raw = str(raw)  # a version written as 2.1 in YAML arrives as a number
    text = clean_text(raw).strip()
    limit = question.max or (MAX_LONGTEXT_CHARS if question.type == "longtext" else MAX_TEXT_CHARS)
    if len(text) > limit:
        raise _Invalid(MSG_TOO_LONG.format(limit=int(limit)))
    if shape_problem := text_shape_problem(text, question.type):
        raise _Invalid(shape_problem)
    if question.type == "email" and text:
        try:
            validate_email(text)
        except ValidationError:
            raise _Invalid(MSG_BAD_EMAIL.format(value=text)) from None
    return text or None


def _bounded(question: Question, number: int | Decimal) -> None:
    if question.min is not None:
        if question.exclusive_min and number <= question.min:
            raise _Invalid(MSG_NOT_ABOVE_MIN.format(min=question.min))
        if number < question.min:
            raise _Invalid(MSG_BELOW_MIN.format(min=question.min))
    if question.max is not None and number > question.max:
        raise _Invalid(MSG_ABOVE_MAX.format(max=question.max))


def _int(question: Question, raw: Any) -> int:
    if isinstance(raw, bool):
        raise _Invalid(MSG_NOT_INT)
    if isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", raw):
        raw = int(raw)
    if not isinstance(raw, int):
        raise _Invalid(MSG_NOT_INT)
    _bounded(question, raw)
    return raw


def _decimal_of(raw: Any, message: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise _Invalid(message)
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise _Invalid(message) from None
    if not number.is_finite():
        raise _Invalid(message)
    return number


def _money(raw: Any) -> Money:
    if not isinstance(raw, Mapping) or set(raw) != {"amount", "currency"}:
        raise _Invalid(MSG_MONEY_SHAPE)
    amount = _decimal_of(raw["amount"], MSG_BAD_AMOUNT.format(amount=raw["amount"]))
    if amount < 0:
        raise _Invalid(MSG_NEGATIVE_MONEY)
    if amount > MAX_MONEY:
        raise _Invalid(MSG_TOO_MUCH)
    currency = str(raw["currency"]).strip().upper()
    if currency not in _currencies():
        raise _Invalid(MSG_BAD_CURRENCY.format(currency=raw["currency"]))
    return Money(amount=amount, currency=currency)


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise _Invalid(MSG_BAD_DATE.format(value=raw)) from None


def _duration(raw: Any) -> Duration:
    if not isinstance(raw, Mapping) or set(raw) != {"value", "unit"}:
        raise _Invalid(MSG_DURATION_SHAPE)
    if raw["unit"] not in DURATION_UNITS:
        raise _Invalid(MSG_BAD_UNIT.format(unit=raw["unit"]))
    value = raw["value"]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise _Invalid("value must be a whole number from 1 to 10,000")
    return Duration(value=value, unit=raw["unit"])


def _choice(question: Question, raw: Any) -> str:
    if raw not in question.option_values:
        shown = repr(raw) if len(repr(raw)) <= 60 else f"{repr(raw)[:57]}..."
        options = ", ".join(question.option_values)
        raise _Invalid(MSG_NOT_OPTION.format(value=_Shown(shown), options=options))
    return raw


class _Shown(str):
    """A value already shortened for a message; its repr is itself."""

    def __repr__(self) -> str:
        return str(self)


def _multi(question: Question, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        raise _Invalid(MSG_NOT_LIST)
    for item in raw:
        _choice(question, item)
    return tuple(value for value in question.option_values if value in raw)


def check_count(question: Question, chosen: tuple[str, ...] | None) -> None:
    """Check a multi answer's count rules (at least ``min``; exactly one final forum).

    Applied only to questions that apply: a hidden multi answer may be empty. Raises the
    field's ``ValueError`` with a message fit to show next to it.
    """
    if question.type != "multi":
        return
    chosen = chosen or ()
    if question.min and len(chosen) < question.min:
        raise _Invalid(MSG_TOO_FEW.format(min=int(question.min)))
    if question.exclusive_final:
        finals = [value for value in chosen if value in question.exclusive_final]
        if len(finals) != 1:
            raise _Invalid(
                MSG_EXACTLY_ONE_FINAL.format(options=" or ".join(question.exclusive_final))
            )


def _spdx(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list | tuple):
        raise _Invalid("must be a list of SPDX licence expressions")
    if len(raw) > MAX_LIST_ITEMS:
        raise _Invalid(f"list at most {MAX_LIST_ITEMS} licences")
    expressions = []
    for item in raw:
        if not isinstance(item, str):
            raise _Invalid("must be a list of SPDX licence expressions")
        try:
            expressions.append(parse_upstream(clean_text(item).strip()).expression)
        except UpstreamLicenseError as error:
            raise _Invalid(str(error)) from None
    return tuple(dict.fromkeys(expressions))


def coerce(question: Question, raw: Any) -> Any:
    """Convert one raw answer to its typed value for ``question``.

    Returns the typed value, or None for an empty answer (an empty tuple for list answers).
    Count rules of multi answers are checked separately (:func:`check_count`), since they
    apply only while the question does. Raises ``ValueError`` (its private subclass) whose
    message is fit to show next to the field.
    """
    if question.type in {"multi", "spdx"} and raw in (None, ""):
        return ()
    if raw is None or (raw == "" and question.type not in {"text", "longtext", "email"}):
        return None
    kind = question.type
    if kind in {"text", "longtext", "email"}:
        return _text(question, raw)
    if kind == "bool":
        if not isinstance(raw, bool):
            raise _Invalid(MSG_NOT_BOOL)
        return raw
    if kind == "int":
        return _int(question, raw)
    if kind == "decimal":
        number = _decimal_of(raw, MSG_NOT_DECIMAL)
        _bounded(question, number)
        return number
    if kind == "money":
        return _money(raw)
    if kind == "date":
        return _date(raw)
    if kind == "duration":
        return _duration(raw)
    if kind == "duration_or_choice":
        return _choice(question, raw) if isinstance(raw, str) else _duration(raw)
    if kind == "country":
        code = str(raw).strip().upper()
        if not is_known_region(code):
            raise _Invalid(MSG_BAD_COUNTRY.format(value=raw))
        return code
    if kind == "choice":
        return _choice(question, raw)
    if kind == "multi":
        return _multi(question, raw)
    return _spdx(raw)


def typed_default(question: Question) -> Any:
    """Return the question's default as a typed value (a Duration for ``{value, unit}``)."""
    if question.default in (None, ()):
        return question.default
    return coerce(question, question.default)


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
            except _Invalid as error:
                problems.append(Problem(key, str(error)))
                values[key] = typed_default(question)
        else:
            values[key] = typed_default(question)
    failed = {problem.key for problem in problems}
    for key, question in questionnaire.questions.items():
        if question.type == "multi" and key not in failed and questionnaire.is_active(key, values):
            try:
                check_count(question, values[key])
            except _Invalid as error:
                problems.append(Problem(key, str(error)))
                failed.add(key)
    missing = []
    for key, question in questionnaire.questions.items():
        empty = values[key] in (None, ())
        needed = question.required and empty and key not in failed
        if needed and questionnaire.is_active(key, values):
            missing.append(Problem(key, MSG_REQUIRED))
    if not values["law.governing_law"] and not values["licensor.jurisdiction"]:
        missing.append(Problem("law.governing_law", "is required (or give licensor.jurisdiction)"))
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
    deeply or too large (see :func:`~drafting.questionnaire.limits.read_answers_data`).
    """
    try:
        return read_answers_data(text, json_format=json_format)
    except json.JSONDecodeError as error:
        raise AnswersError([Problem("(file)", f"not valid JSON: {error}")]) from None
    except yaml.YAMLError as error:
        raise AnswersError([Problem("(file)", f"not valid YAML: {error}")]) from None
    except ValueError as error:
        raise AnswersError([Problem("(file)", str(error))]) from None
