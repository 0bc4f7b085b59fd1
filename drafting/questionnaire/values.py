"""The typed values of answers that are not Python's own: :class:`Money` and
:class:`Duration`, and the JSON-ready form of any typed answer value. Imports nothing of
the app, so that formatting and renderers can use these types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


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
    if isinstance(value, Money | Duration):
        return value.as_data()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
