"""One raw answer to its typed value: :func:`coerce` per question type, the count rules of
multi answers (:func:`check_count`), and the text cleaning every text answer goes through.
Control characters other than tab and newline become a space (DOCX cannot hold them), and
bidi control characters (overrides, embeddings, isolates and marks) are refused, since they
make a legal text display differently from what it says. Every refusal is
:class:`InvalidValue` (a ``ValueError``) whose message is fit to show next to the field; the
messages are constants the tests and the wizard reuse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from drafting.formatting import is_known_region
from drafting.questionnaire.definition import DURATION_UNITS, Question
from drafting.questionnaire.limits import text_shape_problem
from drafting.questionnaire.values import Duration, Money
from drafting.upstream import UpstreamLicenseError, parse_upstream

# Longest accepted answers, in characters. Long enough for real names and descriptions (and
# the 10,000-character stress test), short enough to keep rendering bounded.
MAX_TEXT_CHARS = 10_000
MAX_LONGTEXT_CHARS = 20_000
MAX_LIST_ITEMS = 50
MAX_MONEY = Decimal("1000000000000")  # one trillion in any currency

# Error messages, shared with the tests and the wizard's forms.
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


class InvalidValue(ValueError):
    """One value failed; its message is fit to show next to the field."""


def clean_text(value: str) -> str:
    """Return ``value`` with control characters (other than tab and newline) made spaces.

    Lone surrogates become U+FFFD (the replacement character). Raises ``InvalidValue`` when the
    text holds a bidi control character (:data:`BIDI_CONTROLS`).
    """
    if BIDI_CONTROLS.search(value):
        raise InvalidValue(MSG_BIDI)
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
            raise InvalidValue(MSG_NOT_TEXT)
        raw = str(raw)  # a version written as 2.1 in YAML arrives as a number
    text = clean_text(raw).strip()
    limit = question.max or (MAX_LONGTEXT_CHARS if question.type == "longtext" else MAX_TEXT_CHARS)
    if len(text) > limit:
        raise InvalidValue(MSG_TOO_LONG.format(limit=int(limit)))
    if shape_problem := text_shape_problem(text, question.type):
        raise InvalidValue(shape_problem)
    if question.type == "email" and text:
        try:
            validate_email(text)
        except ValidationError:
            raise InvalidValue(MSG_BAD_EMAIL.format(value=text)) from None
    return text or None


def _bounded(question: Question, number: int | Decimal) -> None:
    if question.min is not None:
        if question.exclusive_min and number <= question.min:
            raise InvalidValue(MSG_NOT_ABOVE_MIN.format(min=question.min))
        if number < question.min:
            raise InvalidValue(MSG_BELOW_MIN.format(min=question.min))
    if question.max is not None and number > question.max:
        raise InvalidValue(MSG_ABOVE_MAX.format(max=question.max))


def _int(question: Question, raw: Any) -> int:
    if isinstance(raw, bool):
        raise InvalidValue(MSG_NOT_INT)
    if isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", raw):
        raw = int(raw)
    if not isinstance(raw, int):
        raise InvalidValue(MSG_NOT_INT)
    _bounded(question, raw)
    return raw


def _decimal_of(raw: Any, message: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise InvalidValue(message)
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidValue(message) from None
    if not number.is_finite():
        raise InvalidValue(message)
    return number


def _money(raw: Any) -> Money:
    if not isinstance(raw, Mapping) or set(raw) != {"amount", "currency"}:
        raise InvalidValue(MSG_MONEY_SHAPE)
    amount = _decimal_of(raw["amount"], MSG_BAD_AMOUNT.format(amount=raw["amount"]))
    if amount < 0:
        raise InvalidValue(MSG_NEGATIVE_MONEY)
    if amount > MAX_MONEY:
        raise InvalidValue(MSG_TOO_MUCH)
    currency = str(raw["currency"]).strip().upper()
    if currency not in _currencies():
        raise InvalidValue(MSG_BAD_CURRENCY.format(currency=raw["currency"]))
    return Money(amount=amount, currency=currency)


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise InvalidValue(MSG_BAD_DATE.format(value=raw)) from None


def _duration(raw: Any) -> Duration:
    if not isinstance(raw, Mapping) or set(raw) != {"value", "unit"}:
        raise InvalidValue(MSG_DURATION_SHAPE)
    if raw["unit"] not in DURATION_UNITS:
        raise InvalidValue(MSG_BAD_UNIT.format(unit=raw["unit"]))
    value = raw["value"]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise InvalidValue("value must be a whole number from 1 to 10,000")
    return Duration(value=value, unit=raw["unit"])


def _choice(question: Question, raw: Any) -> str:
    if raw not in question.option_values:
        shown = repr(raw) if len(repr(raw)) <= 60 else f"{repr(raw)[:57]}..."
        options = ", ".join(question.option_values)
        raise InvalidValue(MSG_NOT_OPTION.format(value=_Shown(shown), options=options))
    return str(raw)


class _Shown(str):
    """A value already shortened for a message; its repr is itself."""

    def __repr__(self) -> str:
        return str(self)


def _multi(question: Question, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        raise InvalidValue(MSG_NOT_LIST)
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
        raise InvalidValue(MSG_TOO_FEW.format(min=int(question.min)))
    if question.exclusive_final:
        finals = [value for value in chosen if value in question.exclusive_final]
        if len(finals) != 1:
            raise InvalidValue(
                MSG_EXACTLY_ONE_FINAL.format(options=" or ".join(question.exclusive_final))
            )


def _spdx(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list | tuple):
        raise InvalidValue("must be a list of SPDX licence expressions")
    if len(raw) > MAX_LIST_ITEMS:
        raise InvalidValue(f"list at most {MAX_LIST_ITEMS} licences")
    expressions = []
    for item in raw:
        if not isinstance(item, str):
            raise InvalidValue("must be a list of SPDX licence expressions")
        try:
            expressions.append(parse_upstream(clean_text(item).strip()).expression)
        except UpstreamLicenseError as error:
            raise InvalidValue(str(error)) from None
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
            raise InvalidValue(MSG_NOT_BOOL)
        return raw
    if kind == "int":
        return _int(question, raw)
    if kind == "decimal":
        number = _decimal_of(raw, MSG_NOT_DECIMAL)
        _bounded(question, number)
        return number
    if kind == "money":
        money = _money(raw)
        _bounded(question, money.amount)  # a cap of nothing is no cap: min 0, exclusive
        return money
    if kind == "date":
        return _date(raw)
    if kind == "duration":
        return _duration(raw)
    if kind == "duration_or_choice":
        return _choice(question, raw) if isinstance(raw, str) else _duration(raw)
    if kind == "country":
        code = str(raw).strip().upper()
        if not is_known_region(code):
            raise InvalidValue(MSG_BAD_COUNTRY.format(value=raw))
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
