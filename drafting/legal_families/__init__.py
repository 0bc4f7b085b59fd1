"""Governing laws and their legal families, read from ``legal_families.yaml``.

The table says, for each country this tool drafts for, whether its law belongs to the common
law, the civil law or a mixed system, and, for a federal country (the United States, Canada,
Australia, Mexico), which state, province or territory must be named instead of the country:
such a country has no single national law of contract. Clauses do not read the table; they
read the facts made from it (``facts.legal_family``, ``facts.common_law``,
``facts.governing_law_name``, ``facts.governing_law_place``), and the answers check refuses a
governing law the table cannot place (see :func:`governing_law_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import pycountry
import yaml

from drafting.formatting import region_name

TABLE_FILE = Path(__file__).with_name("legal_families.yaml")
Family = Literal["common", "civil", "mixed"]
FAMILIES: tuple[Family, ...] = ("common", "civil", "mixed")
# The countries whose states or provinces have their own courts beside the federal ones.
FEDERAL_COUNTRIES = frozenset({"US", "CA", "AU", "MX"})
PREFIXES = ("the State of ", "the Province of ", "the Commonwealth of ")

# What the draft says while the governing law cannot be named yet; the completeness gate
# maps it to the governing-law question.
LAW_PLACEHOLDER = "[governing law to be named]"

MSG_UNKNOWN_COUNTRY = (
    "this tool does not know which legal family the law of {name} belongs to, so it cannot "
    "choose wording that fits it; choose another governing law"
)
MSG_NEEDS_UNIT = (
    "{name} has no single law of contract: name {unit_word} whose law governs, for example "
    "{example}"
)
MSG_UNKNOWN_UNIT = (
    "{name} is not one of the laws this tool can name for {country}; choose {unit_word}"
)


class GoverningLawError(ValueError):
    """A governing-law code the table cannot place; the message is fit to show at the field."""


@dataclass(frozen=True, slots=True)
class GoverningLaw:
    """One governing law as the draft names it.

    ``code`` is the table's code (``DE``, ``US-NY``, ``GB-ENG``); ``family`` its legal
    family; ``name`` the words after "the law of" (``the State of New York``, ``Germany``,
    ``the Province of Ontario and the federal law of Canada that applies there``); ``place``
    the short name of the place (``New York``, ``Germany``, ``England and Wales``).
    """

    code: str
    family: Family
    name: str
    place: str


@cache
def _table() -> dict[str, Any]:
    data = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    countries = cast(dict[str, Any], data["countries"])
    for code, entry in countries.items():
        if not isinstance(code, str):  # YAML 1.1 reads a bare NO (Norway) as false
            raise ValueError(f"{code!r}: quote the country code")
        if entry["family"] not in FAMILIES:
            raise ValueError(f"{code}: unknown legal family {entry['family']!r}")
        for unit in (entry.get("units") or {}).values():
            if unit.get("family", entry["family"]) not in FAMILIES:
                raise ValueError(f"{code}: unknown legal family in {unit}")
    return countries


def _country_name(country: str) -> str:
    entry = _table().get(country) or {}
    return str(entry.get("name") or region_name(country))


def _place(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def governing_law(code: str) -> GoverningLaw:
    """Return the :class:`GoverningLaw` of an ISO 3166 country or subdivision ``code``.

    A subdivision of a country without units stands for its national law (``DE-BY`` is
    German law); a bare code with a ``default_unit`` stands for that unit (``GB`` is England
    and Wales). Raises :class:`GoverningLawError` for a country the table does not list, a
    federal country given without its state or province, or a unit the table does not name.
    """
    code = code.strip().upper()
    country = code.split("-", 1)[0]
    entry = _table().get(country)
    if entry is None:
        raise GoverningLawError(MSG_UNKNOWN_COUNTRY.format(name=_country_name(country)))
    units = entry.get("units") or {}
    if not units:
        name = _country_name(country)
        return GoverningLaw(country, entry["family"], name, _place(name))
    unit_code = code if "-" in code else entry.get("default_unit")
    if unit_code is None:
        example = entry.get("example") or " or ".join(list(units)[:2])
        raise GoverningLawError(
            MSG_NEEDS_UNIT.format(
                name=_country_name(country), unit_word=entry["unit_word"], example=example
            )
        )
    unit = units.get(unit_code) or units.get(_parent(unit_code) or "")
    if unit is None:
        raise GoverningLawError(
            MSG_UNKNOWN_UNIT.format(
                name=unit_code, country=_country_name(country), unit_word=entry["unit_word"]
            )
        )
    name = unit["name"]
    place = _place(name)
    if entry.get("federal_law"):
        name = f"{name} and the federal law of {_country_name(country)} that applies there"
    return GoverningLaw(unit_code, unit.get("family", entry["family"]), name, place)


def _parent(code: str) -> str | None:
    """The parent subdivision of ``code`` (``GB-ENG`` for ``GB-BIR``), or None."""
    record = pycountry.subdivisions.get(code=code)
    return getattr(record, "parent_code", None) if record else None


def country_family(code: str) -> Family | None:
    """Return the legal family of the country of ``code`` (``US-NY`` -> the United States'),
    or None when the table does not list it."""
    entry = _table().get(code.strip().upper().split("-", 1)[0])
    return cast(Family, entry["family"]) if entry else None


def governing_law_problem(code: str | None) -> str | None:
    """Return why ``code`` cannot be the governing law (a message for the field), or None
    when it can; an empty code is no problem here (the caller decides whether one is needed)."""
    if not code:
        return None
    try:
        governing_law(code)
    except GoverningLawError as error:
        return str(error)
    return None


def governing_law_choices() -> tuple[str, ...]:
    """Return every code the table can name: each country without units, and each unit."""
    codes: list[str] = []
    for country, entry in _table().items():
        units = entry.get("units") or {}
        codes.extend(units or [country])
    return tuple(codes)
