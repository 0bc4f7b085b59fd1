"""The draft's activity: who did what and when, read from the records that already hold it.

A selector that merges four kinds of rows, newest first, rather than a separate activity
table: each fact is stored once, in the row that owns it (a revision names its author, a
comment its writer, a share link who made and who revoked it, a
:class:`~drafting.models.StatusChange` each move of the status), so the list cannot drift
from the history, comments and links pages, and drafts made before the list existed show
theirs too. The only table added for it, ``StatusChange``, keeps what no other row did:
every status move, where the draft itself keeps only the last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from drafting.drafts.selectors import DocumentUnavailable, draft_document
from drafting.models import Draft, StatusChange
from drafting.questionnaire.definition import get_questionnaire
from drafting.review.selectors import NOT_RECORDED, clause_label, revision_author

ActivityKind = Literal["save", "comment", "status", "link"]
MAX_EVENTS = 500  # the newest this many are listed
MAX_QUESTIONS = 3  # questions named for one save; the rest are counted


@dataclass(frozen=True)
class ActivityEvent:
    """One thing that happened to a draft: ``at`` (aware datetime, UTC), ``actor`` (the
    name as recorded: an account's username, or a link holder's name with the link's
    label), ``kind`` (one of :data:`ActivityKind`) and ``summary`` (a sentence)."""

    at: dt.datetime
    actor: str
    kind: ActivityKind
    summary: str


def _save_summary(revision, labels) -> str:
    if revision.restored_from is not None:
        old, new = revision.restored_from, revision.number
        return f"Restored the answers of revision {old} as revision {new}."
    if revision.number == 0 or not revision.changed_keys:
        return f"Started the draft (revision {revision.number})."
    names = [labels.get(key, key) for key in revision.changed_keys]
    shown = "; ".join(names[:MAX_QUESTIONS])
    more = len(names) - MAX_QUESTIONS
    rest = f" and {more} more" if more > 0 else ""
    return f"Saved revision {revision.number}: changed {shown}{rest}."


def _link_words(link) -> str:
    label = f" \u201c{link.label}\u201d" if link.label else ""
    return f"{link.get_role_display().lower()} link{label}"


def draft_activity(draft: Draft) -> tuple[ActivityEvent, ...]:
    """Return what happened to ``draft``, newest first (at most :data:`MAX_EVENTS`): every
    saved revision, comment, reply and resolved thread, status change (sent for review,
    approved, reopened, approval withdrawn), and share link made or revoked, each with who
    did it and when. Names that were never recorded (rows older than the record) read
    "Not recorded"."""
    labels = {key: question.label for key, question in get_questionnaire().questions.items()}
    try:
        document = draft_document(draft)
    except DocumentUnavailable:
        document = None

    def where(clause_id: str) -> str:
        return clause_label(document, clause_id) if document is not None else clause_id

    events: list[ActivityEvent] = []
    for revision in draft.revisions.select_related("author"):
        events.append(
            ActivityEvent(
                revision.created_at,
                revision_author(revision),
                "save",
                _save_summary(revision, labels),
            )
        )
    for comment in draft.comments.all():
        verb = "Replied on" if comment.thread_id else "Commented on"
        events.append(
            ActivityEvent(
                comment.created_at,
                comment.author_name,
                "comment",
                f"{verb} {where(comment.clause_id)}.",
            )
        )
        if comment.resolved_at is not None and comment.thread_id is None:
            events.append(
                ActivityEvent(
                    comment.resolved_at,
                    comment.resolved_by or NOT_RECORDED,
                    "comment",
                    f"Resolved the thread on {where(comment.clause_id)}.",
                )
            )
    for change in draft.status_changes.all():
        kind = StatusChange.Kind(change.kind)
        events.append(
            ActivityEvent(
                change.created_at,
                change.actor_name,
                "status",
                f"{kind.label}: revision {change.revision}.",
            )
        )
    for link in draft.share_links.all():
        made_by = link.created_by_name or (
            link.created_by.get_username() if link.created_by else NOT_RECORDED
        )
        events.append(
            ActivityEvent(link.created_at, made_by, "link", f"Made a {_link_words(link)}.")
        )
        if link.revoked_at is not None:
            events.append(
                ActivityEvent(
                    link.revoked_at,
                    link.revoked_by or NOT_RECORDED,
                    "link",
                    f"Revoked the {_link_words(link)}.",
                )
            )
    events.sort(key=lambda event: event.at, reverse=True)
    return tuple(events[:MAX_EVENTS])
