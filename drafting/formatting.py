"""Formatting of money, dates, durations, percentages and places for the licence text.

Babel does the locale work (currency symbols and grouping, month names); pycountry supplies
ISO 3166-2 subdivision names, which Babel lacks. Every function accepts None and returns the
bracketed placeholder then, so a draft still being written shows what is missing instead of
failing. The draft's language is English (``LOCALE``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

import pycountry
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal

from drafting.questionnaire.values import Duration, Money

LOCALE = "en_GB"
MISSING = "[not yet answered]"

_UNIT_NAMES = {"days": ("day", "days"), "months": ("month", "months"), "years": ("year", "years")}
_SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


@cache
def _territories() -> dict[str, str]:
    return dict(Locale.parse(LOCALE).territories)


def is_known_region(code: str) -> bool:
    """Return whether ``code`` is an ISO 3166-1 alpha-2 country or an ISO 3166-2 subdivision."""
    if "-" in code:
        return pycountry.subdivisions.get(code=code) is not None
    # pycountry lists only real ISO 3166-1 countries; Babel also knows EU, ZZ and regions.
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


# Countries whose English name takes "the" in running text ("the law of the Netherlands").
_NAMES_WITH_THE = frozenset(
    "AE BS CD CF CG CZ DO FM GB GM KM KY MH MV NL PH SB SC TC US VA VG VI".split()
)


def region_name(code: str | None) -> str:
    """Return the English name of a country or subdivision code, as used in running text.

    ``"DE"`` gives ``"Germany"``, ``"NL"`` gives ``"the Netherlands"`` and ``"US-CA"`` gives
    ``"California (United States)"``.
    """
    if not code:
        return MISSING
    if "-" in code:
        subdivision = pycountry.subdivisions.get(code=code)
        if subdivision is None:
            return code
        country = _territories().get(subdivision.country_code, subdivision.country_code)
        return f"{subdivision.name} ({country})"
    name = _territories().get(code, code)
    return f"the {name}" if code in _NAMES_WITH_THE else name


def money(value: Money | None) -> str:
    """Format a :class:`~drafting.questionnaire.values.Money`: ``EUR 50,000.00`` as ``€50,000.00``.

    Currencies whose symbol is ambiguous keep the ISO code (``CA$``, ``US$`` as Babel has it).
    """
    if value is None:
        return MISSING
    return format_currency(value.amount, value.currency, locale=LOCALE)


def date(value: dt.date | None) -> str:
    """Format a date in full: ``1 March 2026``."""
    if value is None:
        return MISSING
    return babel_format_date(value, format="d MMMM y", locale=LOCALE)


def number(value: int | Decimal | None) -> str:
    """Format a number with grouping: ``12,500``; small counts spelt out with the figure."""
    if value is None:
        return MISSING
    return format_decimal(value, locale=LOCALE)


def count(value: int | None) -> str:
    """Format a count as legal drafting does: ``thirty (30)`` for small ones, ``1,200`` else."""
    if value is None:
        return MISSING
    if 0 <= value < len(_SMALL_NUMBERS):
        return f"{_SMALL_NUMBERS[value]} ({value})"
    return format_decimal(value, locale=LOCALE)


_TEENS = "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(value: int) -> str:
    """English words for 0 to 99: ``seventy-two``."""
    if value < len(_SMALL_NUMBERS):
        return _SMALL_NUMBERS[value]
    if value < 20:
        return _TEENS[value - 13]
    tens, units = divmod(value, 10)
    return _TENS[tens - 2] + (f"-{_SMALL_NUMBERS[units]}" if units else "")


def spelled(value: int | None) -> str:
    """Format a count in words and figures up to 99 (``seventy-two (72)``), figures above
    (``1,200``). Unlike :func:`count`, which spells only up to twelve and which released
    clause versions already use, so its output must not change."""
    if value is None:
        return MISSING
    if 0 <= value < 100:
        return f"{_number_words(value)} ({value})"
    return format_decimal(value, locale=LOCALE)


def duration(value: Duration | None) -> str:
    """Format a :class:`~drafting.questionnaire.values.Duration`: ``30 days``, ``1 year``."""
    if value is None:
        return MISSING
    singular, plural = _UNIT_NAMES[value.unit]
    return (
        f"{format_decimal(value.value, locale=LOCALE)} {singular if value.value == 1 else plural}"
    )


def period(value: Duration | None) -> str:
    """Format a :class:`~drafting.questionnaire.values.Duration` in the library's number style:
    words and figures up to 99 (``thirty (30) days``, ``one (1) year``), figures above
    (``120 days``), as :func:`spelled` writes counts. Unlike :func:`duration`, whose figures-only
    output released clause versions already use."""
    if value is None:
        return MISSING
    singular, plural = _UNIT_NAMES[value.unit]
    return f"{spelled(value.value)} {singular if value.value == 1 else plural}"


def percent(value: Decimal | None) -> str:
    """Format a percentage given in per cent: ``Decimal("12.5")`` as ``12.5%``."""
    if value is None:
        return MISSING
    return f"{format_decimal(value, locale=LOCALE)}%"
