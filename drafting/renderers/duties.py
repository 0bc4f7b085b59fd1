"""The licence's duties with a time in them, as dates: what the calendar twin and the
JSON's obligations list.

Each :class:`Duty` names the clause that states it and is dated from the effective date
where the answers allow (months and years counted on the calendar, :func:`add_period`).
Reads only the assembled :class:`~drafting.assembly.document.Document`: its typed answer
``values`` (see :func:`drafting.renderers.terms.licence_terms`, which includes these duties).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drafting import formatting
from drafting.assembly.document import Document
from drafting.english import spell
from drafting.questionnaire.values import Duration


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty with a time in it: a fixed date, a repeating date, or a rule after an event.

    ``party`` is ``"licensee"``, ``"licensor"`` or ``"both"``; ``due`` is the first date
    (None when the duty hangs on an event not yet known, such as the end of training);
    ``repeat_months`` is the number of months between occurrences (0: once); ``until`` ends
    a repeating duty; ``rule`` states the timing in words (always set); ``period`` is the
    answer's duration, if any.
    """

    key: str
    summary: str
    party: str
    clause_id: str
    clause_number: str | None
    rule: str
    due: dt.date | None = None
    repeat_months: int = 0
    until: dt.date | None = None
    period: Duration | None = None


def add_period(start: dt.date, period: Duration) -> dt.date:
    """Return ``start`` plus ``period``; months and years keep the day of the month, moved
    back to the month's last day when it has fewer days (31 Jan + 1 month is 28/29 Feb)."""
    if period.unit == "days":
        return start + dt.timedelta(days=period.value)
    months = period.value * (12 if period.unit == "years" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(start.day, 28))


def clause_ref(document: Document, *clause_ids: str) -> tuple[str, str | None]:
    """Return ``(clause id, number)`` of the first of ``clause_ids`` that ``document``
    includes (number None in unnumbered sections), or the first id with None when it
    includes none of them."""
    for clause_id in clause_ids:
        clause = document.clause(clause_id)
        if clause is not None:
            return clause.id, clause.number
    return clause_ids[0], None


def licence_duties(document: Document) -> list[Duty]:
    """Return every duty of ``document`` with a time in it, dated from the effective date
    (see :class:`Duty`), in the order the licence states them. Reads the Document's answer
    ``values``."""
    get: Callable[[str], Any] = document.values.get
    start = get("effective_date")
    duties: list[Duty] = []

    def add(key, summary, party, clause_ids, rule, *, period=None, due=None, **extra):
        clause_id, number = clause_ref(document, *clause_ids)
        duties.append(
            Duty(key, summary, party, clause_id, number, rule, due, period=period, **extra)
        )

    term = get("term.length")
    term_end = add_period(start, term) if start and isinstance(term, Duration) else None
    if isinstance(term, Duration):
        add(
            "term_end",
            spell("The licence ends", document.english),
            "both",
            ("term.duration",),
            f"{formatting.duration(term)} after the effective date",
            period=term,
            due=term_end,
        )
    period = get("retention.period")
    if isinstance(period, Duration):
        add(
            "retention_end",
            "Delete every copy of the dataset (retention period ends)",
            "licensee",
            ("retention.period",),
            f"{formatting.duration(period)} after the effective date",
            period=period,
            due=add_period(start, period) if start else None,
        )
    elif period == "until_training_complete":
        add(
            "retention_end",
            "Delete every copy of the dataset (training complete)",
            "licensee",
            ("retention.period",),
            "when the licensed training is complete",
        )
    if get("retention.delete_after_training"):
        deadline = get("retention.deletion_deadline")
        add(
            "deletion",
            "Delete the dataset after training",
            "licensee",
            ("retention.deletion_after_training",),
            f"within {formatting.duration(deadline)} after training completion",
            period=deadline,
        )
    if get("retention.verification") == "written_certificate":
        add(
            "deletion_certificate",
            "Give a signed certificate of deletion",
            "licensee",
            ("retention.verification",),
            "when the dataset is deleted",
        )
    backups = get("retention.backup_purge_within")
    if backups:
        add(
            "backup_purge",
            "Purge backup copies",
            "licensee",
            ("retention.backups",),
            f"within {formatting.duration(backups)} after deletion",
            period=backups,
        )
    if get("retention.takedown_requests"):
        takedown = Duration(get("retention.takedown_days"), "days")
        add(
            "takedown",
            "Remove items the licensor notifies",
            "licensee",
            ("retention.takedown",),
            f"within {formatting.duration(takedown)} of each notice",
            period=takedown,
        )
    confirmation = get("audit.usage_confirmation")
    if confirmation == "annually":
        add(
            "usage_report",
            "Confirm in writing how the data was used",
            "licensee",
            ("audit.usage_confirmation",),
            "within 30 days after each anniversary of the effective date",
            due=add_period(start, Duration(1, "years")) + dt.timedelta(days=30) if start else None,
            repeat_months=12,
            until=term_end,
        )
    elif confirmation == "on_request":
        add(
            "usage_report",
            "Confirm in writing how the data was used",
            "licensee",
            ("audit.usage_confirmation",),
            "when the licensor asks",
        )
    notice = get("audit.notice_period")
    if notice:
        add(
            "audit_notice",
            "Give notice before an audit",
            "licensor",
            ("audit.third_party_audit",),
            f"at least {formatting.duration(notice)} before the audit",
            period=notice,
        )
    models = get("value.models") or ()
    if "flat_fee" in models:
        fee = formatting.money(get("value.flat_fee"))
        instalments = get("value.instalments")
        add(
            "flat_fee",
            f"Pay the flat fee ({fee})"
            + (f" in {instalments} equal instalments" if instalments else ""),
            "licensee",
            ("fees.payment", "annex_fees.schedule"),
            "the first instalment on signature, the others on the dates in the fee annex"
            if instalments
            else "on signature",
        )
    reporting = get("value.reporting_period")
    if reporting:
        months = REPORT_MONTHS[reporting]
        add(
            "revenue_report",
            "Send the revenue statement for the period just ended",
            "licensee",
            ("fees.payment",),
            f"within 30 days after the end of each {REPORT_PERIODS[reporting]}",
            due=_first_report(start, months) if start else None,
            repeat_months=months,
            until=term_end,
        )
    if get("value.payment_terms_days") is not None:
        payment = Duration(get("value.payment_terms_days"), "days")
        add(
            "invoice_payment",
            "Pay each invoice",
            "licensee",
            ("fees.payment",),
            f"within {formatting.duration(payment)} of the invoice",
            period=payment,
        )
    exclusive = get("wider.exclusive_period")
    if exclusive:
        add(
            "exclusivity_end",
            "Exclusivity ends",
            "licensor",
            ("grant.exclusivity",),
            f"{formatting.duration(exclusive)} after the effective date",
            period=exclusive,
            due=add_period(start, exclusive) if start else None,
        )
    release = get("wider.future_open_release_after")
    if release:
        add(
            "open_release",
            "The licensor may open the dataset to others",
            "licensor",
            ("future_release.open_release",),
            f"{formatting.duration(release)} after the effective date",
            period=release,
            due=add_period(start, release) if start else None,
        )
    return duties


REPORT_MONTHS = {"quarterly": 3, "semi_annually": 6, "annually": 12}
REPORT_PERIODS = {
    "quarterly": "calendar quarter",
    "semi_annually": "half-year (to 30 June or 31 December)",
    "annually": "calendar year",
}


def _first_report(start: dt.date, months: int) -> dt.date:
    """The first statement date: 30 days after the end of the first calendar period of
    ``months`` months (3, 6 or 12, aligned on 1 January) that ends after ``start``."""
    period_end_month = ((start.month - 1) // months + 1) * months  # 3, 6, 9, 12...
    next_month = dt.date(start.year + period_end_month // 12, period_end_month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1) + dt.timedelta(days=30)
