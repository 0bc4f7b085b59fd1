"""The approval record on the cover of an approved draft, in words every renderer shares.

Reads only :class:`~drafting.assembly.document.ApprovalRecord` (``Document.approval``).
"""

from __future__ import annotations

import datetime as dt

from drafting.assembly.document import ApprovalRecord
from drafting.english import DEFAULT_ENGLISH, spell

APPROVAL_HEADING = "Approval record"
APPROVAL_NOTE = (
    "The SHA-256 fingerprint is of the licence's text as approved; any change to the text "
    "gives another fingerprint."
)


def approval_time(when: dt.datetime) -> str:
    """``when`` in UTC as "3 December 2026, 14:05 UTC" (naive datetimes are taken as UTC)."""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def approval_rows(record: ApprovalRecord) -> tuple[tuple[str, str], ...]:
    """Return the record as ``(label, value)`` rows: approver, time, revision and SHA-256."""
    return (
        ("Approved by", record.approver),
        ("Approved on", approval_time(record.approved_at)),
        ("Revision", str(record.revision)),
        ("SHA-256 of the text", record.text_sha256),
    )


def approval_view(record: ApprovalRecord | None, english: str = DEFAULT_ENGLISH) -> dict | None:
    """The record for the cover template (heading, rows, note), or None without one; the note
    is in the draft's ``english`` variant (``"british"`` or ``"american"``)."""
    if record is None:
        return None
    return {
        "heading": APPROVAL_HEADING,
        "rows": approval_rows(record),
        "note": spell(APPROVAL_NOTE, english),
    }
