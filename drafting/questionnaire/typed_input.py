"""What people type, read as the value a question wants: numbers written with thousands
separators, countries and currencies by name, dates in the one format the wizard names.

Each reader returns the value, or raises ``ValueError`` with a message fit to show next to
the field (the messages are constants shared with the tests). Codes keep working as before:
these readers only widen what is accepted, never change what a code means.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache

import pycountry
from babel.numbers import (
    NumberFormatError,
    get_currency_name,
    get_currency_symbol,
    list_currencies,
    parse_decimal,
)
from django.conf import settings
from django.utils.translation import to_locale

from drafting.formatting import is_known_region, region_name

# A space of any width between digit groups ("25 000", "25\u202f000"): a thousands separator
# in every locale, so it is dropped before the locale's own rules apply.
SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?:\D|$))")
DATE_FORMAT_HINT = "YYYY-MM-DD, for example 2026-03-31"
MSG_AMBIGUOUS_COUNTRY = "{value!r} could be {matches}: write its code"
MSG_UNKNOWN_COUNTRY = (
    "{value!r} is not an ISO 3166 country or subdivision code, nor a country name we know "
    "(write, for example, Germany, DE or US-CA)"
)
MSG_UNKNOWN_CURRENCY = (
    "{value!r} is not an ISO 4217 currency code, nor a currency name we know "
    "(write, for example, EUR or euro)"
)
FUZZY_MIN_LETTERS = 4  # shorter text is a code or nothing: "EU" matches a dozen names
MSG_NOT_A_DATE = "{value!r} is not a real date: write it as " + DATE_FORMAT_HINT

# Names people use that ISO 3166 does not (matched case-insensitively, dots ignored).
COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB-ENG",
    "scotland": "GB-SCT",
    "wales": "GB-WLS",
    "northern ireland": "GB-NIR",
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "holland": "NL",
    "ivory coast": "CI",
    "south korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "czech republic": "CZ",
    "turkey": "TR",
    "vatican": "VA",
}


# Currency names people use that the ISO names do not cover.
CURRENCY_ALIASES = {"pound sterling": "GBP", "sterling": "GBP", "pounds sterling": "GBP"}


def number_locale() -> str:
    """The Babel locale numbers are read in: the site's language (``LANGUAGE_CODE``)."""
    return to_locale(settings.LANGUAGE_CODE)


def read_decimal(text: str) -> Decimal:
    """Read a number as typed: ``"25,000"``, ``"25 000"``, ``"1,250.50"``, ``"-3"``.

    Thousands separators are those of :func:`number_locale` (and spaces, in any locale);
    a separator in the wrong place ("2,50") is refused rather than guessed. Raises
    ``ValueError`` (Babel's ``NumberFormatError``) for anything that is not a number.
    """
    cleaned = SPACE_IN_NUMBER.sub("", text.strip())
    try:
        return parse_decimal(cleaned, locale=number_locale(), strict=True)
    except NumberFormatError:
        raise
    except (ValueError, ArithmeticError) as error:
        raise ValueError(str(error)) from None


def _key(text: str) -> str:
    return " ".join(text.replace(".", "").casefold().split())


def read_region(text: str) -> str:
    """Return the ISO 3166 code of a country or subdivision as typed: its code (``DE``,
    ``US-CA``), its name (``Germany``, ``California``) or a common alias (``UK``, ``USA``).

    A name pycountry's fuzzy search matches to one country alone is accepted too. Raises
    ``ValueError`` naming the candidates when the text could mean several, or saying what
    to write when it matches none.
    """
    code = text.strip().upper()
    if is_known_region(code):
        return code
    key = _key(text)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    for registry in (pycountry.countries, pycountry.subdivisions):
        try:
            found = registry.lookup(text.strip())
        except LookupError:
            continue
        return found.alpha_2 if registry is pycountry.countries else found.code
    matches = []
    if len(key) >= FUZZY_MIN_LETTERS and not key.isdigit():
        try:
            matches = pycountry.countries.search_fuzzy(text.strip())
        except LookupError:
            matches = []
    if len(matches) == 1:
        return matches[0].alpha_2
    if len(matches) > 1:
        named = ", ".join(f"{region_name(m.alpha_2)} ({m.alpha_2})" for m in matches[:4])
        raise ValueError(MSG_AMBIGUOUS_COUNTRY.format(value=text.strip(), matches=named))
    raise ValueError(MSG_UNKNOWN_COUNTRY.format(value=text.strip()))


@cache
def _codes() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def _currency_names() -> dict[str, str]:
    """{casefolded name, plural or unambiguous symbol: ISO 4217 code} in English."""
    names: dict[str, str] = dict(CURRENCY_ALIASES)
    symbols: dict[str, list[str]] = {}
    for code in list_currencies():
        for count in (1, 2):
            names.setdefault(_key(get_currency_name(code, count=count, locale="en")), code)
        symbols.setdefault(get_currency_symbol(code, locale="en"), []).append(code)
    for symbol, codes in symbols.items():
        if len(codes) == 1 and symbol != codes[0]:
            names.setdefault(_key(symbol), codes[0])
    return names


def read_currency(text: str) -> str:
    """Return the ISO 4217 code of a currency as typed: its code (``eur``), its English name
    (``euro``, ``euros``, ``US dollar``) or its symbol where one currency alone uses it
    (``€``, ``£``, ``$``). Raises ``ValueError`` saying what to write otherwise."""
    code = text.strip().upper()
    if code in _codes():
        return code
    found = _currency_names().get(_key(text))
    if found is None:
        raise ValueError(MSG_UNKNOWN_CURRENCY.format(value=text.strip()))
    return found


def read_date(text: str) -> dt.date:
    """Read a date written as YYYY-MM-DD (the format the field and its messages name).

    Raises ``ValueError`` with :data:`MSG_NOT_A_DATE` for anything else or for a day that
    does not exist (2026-02-30).
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(MSG_NOT_A_DATE.format(value=text.strip())) from None
