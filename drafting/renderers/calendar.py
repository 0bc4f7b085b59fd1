"""The obligations calendar: every duty of the licence with a time in it, as iCalendar.

A duty with a date (the term's end, yearly usage confirmations, revenue statements, the end
of exclusivity, the open-release date) is an all-day event from the effective date, repeating
where the licence repeats it. A duty that hangs on an event not yet known (deletion after
training, a takedown notice, a payment on signature) is a task without a due date whose
description states its rule. Every entry names its clause. The same duties are in the JSON
export (:func:`obligations_data`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from drafting.assembly.document import Document
from drafting.english import spell
from drafting.renderers.common import xml_safe
from drafting.renderers.terms import Duty, LicenceTerms, Publication, licence_terms

PRODID = "-//License Drafter//Obligations calendar//EN"
DTSTAMP_WITHOUT_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
PARTY_WORDS = {"licensee": "Licensee", "licensor": "Licensor", "both": "Both parties"}


def one_line(text: str) -> str:
    """Return ``text`` on one line (runs of white space, line breaks included, become one
    space) with characters no calendar can hold replaced (see
    :func:`~drafting.renderers.common.xml_safe`)."""
    return xml_safe(" ".join(text.split()))


def clause_words(duty: Duty) -> str:
    """Return ``"clause 6.7 (retention.takedown)"``, or ``"clause retention.takedown"``."""
    if duty.clause_number:
        return f"clause {duty.clause_number} ({duty.clause_id})"
    return f"clause {duty.clause_id}"


def obligations_data(terms: LicenceTerms) -> list[dict[str, Any]]:
    """Return the duties as JSON-ready mappings: ``key``, ``summary``, ``party``,
    ``clause_id``, ``clause_number``, ``rule``, ``due`` (ISO date or null),
    ``repeat_months`` (0: once), ``until`` (ISO date or null) and ``period`` (``{value,
    unit}`` or null)."""
    return [
        {
            "key": duty.key,
            "summary": duty.summary,
            "party": duty.party,
            "clause_id": duty.clause_id,
            "clause_number": duty.clause_number,
            "rule": duty.rule,
            "due": duty.due.isoformat() if duty.due else None,
            "repeat_months": duty.repeat_months,
            "until": duty.until.isoformat() if duty.until else None,
            "period": duty.period.as_data() if duty.period else None,
        }
        for duty in terms.duties
    ]


def render_ics(document: Document, publication: Publication | None = None) -> bytes:
    """Return the obligations calendar of ``document`` as iCalendar bytes (RFC 5545).

    Dated duties are ``VEVENT`` entries (all-day, ``RRULE`` for repeats, until the term
    ends); the others are ``VTODO`` entries with their rule. Deterministic: UIDs come from
    the duty and the hash of the text, ``DTSTAMP`` from the effective date (1 January 2000
    when the licence has none).
    """
    from icalendar import Calendar, Event, Todo

    terms = licence_terms(document, publication)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(f"{terms.title}: obligations"))
    start = terms.effective_date
    stamp = (
        dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
        if start
        else DTSTAMP_WITHOUT_DATE
    )
    for duty in terms.duties:
        entry = Event() if duty.due else Todo()
        entry.add("uid", f"{duty.key}-{terms.text_sha256[:16]}@license-drafter")
        entry.add("dtstamp", stamp)
        summary = f"{PARTY_WORDS[duty.party]}: {duty.summary} ({clause_words(duty)})"
        entry.add("summary", one_line(summary))
        entry.add(
            "description",
            one_line(
                f"{duty.summary}: {duty.rule}. Stated in {clause_words(duty)} of "
                f"{terms.title}; " + spell("the licence text governs.", terms.document.english)
            ),
        )
        entry.add("categories", [PARTY_WORDS[duty.party]])
        entry.add("x-license-drafter-clause", duty.clause_id)
        entry.add("x-license-drafter-rule", one_line(duty.rule))
        if duty.due:
            entry.add("dtstart", duty.due)
            if duty.repeat_months:
                rule: dict[str, Any] = {"freq": "monthly", "interval": duty.repeat_months}
                if duty.repeat_months == 12:
                    rule = {"freq": "yearly"}
                if duty.until:
                    rule["until"] = duty.until
                entry.add("rrule", rule)
        calendar.add_component(entry)
    return calendar.to_ical()
