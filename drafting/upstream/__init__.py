"""Upstream licences in the rights check: SPDX expressions and the properties that matter.

An answer like ``"CC-BY-SA-4.0 AND ODbL-1.0"`` is parsed with ``license-expression`` and its
properties (non-commercial, no-derivatives, share-alike, attribution, responsible-AI use
restrictions) are read from ``licenses.yaml``, a table this project keeps. For ``AND`` every
licence applies, so restrictions add up; for ``OR`` the licensor may pick the most permissive
alternative, so only restrictions common to every alternative remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from license_expression import (
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    Licensing,
    get_spdx_licensing,
)

TABLE_FILE = Path(__file__).with_name("licenses.yaml")
PROPERTY_NAMES = ("by", "nc", "nd", "sa", "rail")


class UpstreamLicenseError(ValueError):
    """An SPDX expression could not be parsed or names an unknown licence key."""


@dataclass(frozen=True, slots=True)
class LicenseProperties:
    """What an upstream licence (or expression) demands.

    ``known`` is False when a custom ``LicenseRef-`` term takes part: its conditions are not
    in our table, so nothing may be concluded from the flags alone.
    """

    by: bool = False
    nc: bool = False
    nd: bool = False
    sa: bool = False
    rail: bool = False
    known: bool = True

    def both(self, other: LicenseProperties) -> LicenseProperties:
        """Properties when both licences apply (``AND``): every restriction adds up."""
        return LicenseProperties(
            **{n: getattr(self, n) or getattr(other, n) for n in PROPERTY_NAMES},
            known=self.known and other.known,
        )

    def either(self, other: LicenseProperties) -> LicenseProperties:
        """Properties when either licence may be chosen (``OR``): only common restrictions."""
        return LicenseProperties(
            **{n: getattr(self, n) and getattr(other, n) for n in PROPERTY_NAMES},
            known=self.known and other.known,
        )


@dataclass(frozen=True, slots=True)
class UpstreamLicense:
    """One parsed upstream expression: its normalised text, licence names and properties."""

    expression: str
    names: tuple[str, ...]
    properties: LicenseProperties


@cache
def license_table() -> dict[str, dict]:
    """Return the table of licence keys to their properties and display names."""
    return yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))


@cache
def _licensing() -> Licensing:
    spdx = get_spdx_licensing()
    extra = [LicenseSymbol(key) for key, row in license_table().items() if row.get("spdx") is False]
    return Licensing(list(spdx.known_symbols.values()) + extra)


def _properties(key: str) -> LicenseProperties:
    row = license_table().get(key)
    if row is None:
        # A listed SPDX licence we have no row for is treated as unknown: counsel must read it.
        return LicenseProperties(known=False)
    return LicenseProperties(**{name: bool(row.get(name, False)) for name in PROPERTY_NAMES})


def _walk(node) -> LicenseProperties:
    if isinstance(node, LicenseSymbol):
        return _properties(node.key)
    parts = [_walk(arg) for arg in node.args]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.both(part) if isinstance(node, AND) else combined.either(part)
    if not isinstance(node, AND | OR):  # WITH exceptions keep the licence's properties
        return parts[0]
    return combined


def parse_upstream(expression: str) -> UpstreamLicense:
    """Parse one SPDX expression, for example ``"CC-BY-4.0 OR ODbL-1.0"``.

    Returns an :class:`UpstreamLicense`. Raises :class:`UpstreamLicenseError` with a message fit
    for the user when the expression is malformed or names a key that is neither on the SPDX
    list, nor in our table, nor a ``LicenseRef-`` custom term.
    """
    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False)
    except ExpressionError as error:
        raise UpstreamLicenseError(
            f"{expression!r} is not a valid SPDX expression ({error})."
        ) from None
    if parsed is None:
        raise UpstreamLicenseError("an empty licence expression")
    unknown = [
        key for key in licensing.unknown_license_keys(parsed) if not key.startswith("LicenseRef-")
    ]
    if unknown:
        raise UpstreamLicenseError(
            f"{', '.join(unknown)} is not an SPDX licence identifier "
            "(use LicenseRef-<name> for custom terms)."
        )
    table = license_table()
    names = []
    for symbol in licensing.license_symbols(parsed, unique=True):
        row = table.get(symbol.key)
        names.append(row["name"] if row else symbol.key)
    properties = _walk(parsed)
    if any(key.startswith("LicenseRef-") for key in licensing.license_keys(parsed)):
        properties = LicenseProperties(
            **{n: getattr(properties, n) for n in PROPERTY_NAMES}, known=False
        )
    return UpstreamLicense(expression=str(parsed), names=tuple(names), properties=properties)


def combined_properties(licenses: tuple[UpstreamLicense, ...]) -> LicenseProperties:
    """Properties of several upstream licences that all apply to parts of the dataset."""
    combined = LicenseProperties()
    for upstream in licenses:
        combined = combined.both(upstream.properties)
    return combined
