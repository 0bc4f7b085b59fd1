"""Writes of the review: share links, comments on clauses, and the draft's status.

Views call exactly one of these; who may call which is decided before, by the one access
function (:func:`drafting.drafts.access.draft_for_request`) and the role it returns.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from drafting.assembly.document import Document, Finding
from drafting.drafts.access import new_link_token
from drafting.drafts.approval import text_sha256
from drafting.drafts.selectors import DocumentUnavailable, draft_document
from drafting.drafts.services import APPROVAL_FIELDS
from drafting.models import Comment, Draft, ShareLink, StatusChange
from drafting.questionnaire.definition import get_questionnaire
from drafting.review import notifications

MSG_EMPTY = "Write a comment first."
MSG_TOO_LONG = "A comment can be at most 5,000 characters."
MSG_NO_CLAUSE = "Choose a clause of the draft to comment on."
MSG_PAST = "The expiry date must be today or later."
MSG_NOT_IN_REVIEW = "Only a draft in review can be approved."
MSG_ALREADY = "The draft is already in that state."
MSG_REOPEN_OWNER = "Only the draft's owner can reopen it for drafting."
# What each move says once it is done (a message on the next page).
DONE: dict[str, str] = {
    Draft.Status.IN_REVIEW: "The draft was sent for review (revision {revision}).",
    Draft.Status.APPROVED: "You approved revision {revision}.",
    Draft.Status.DRAFTING: "The draft is open for drafting again.",
}
KINDS: dict[str, StatusChange.Kind] = {
    Draft.Status.IN_REVIEW: StatusChange.Kind.SENT_FOR_REVIEW,
    Draft.Status.APPROVED: StatusChange.Kind.APPROVED,
    Draft.Status.DRAFTING: StatusChange.Kind.REOPENED,
}
MSG_SELF_APPROVAL = (
    "You cannot approve this draft: it is yours, or you made the link you opened it with. "
    "Someone else must approve it, through an edit link you send them."
)
MSG_BLOCKED = (
    "This revision cannot be approved: the draft still has placeholders where answers are "
    "missing. Answer {questions}, then approve the new revision."
)
MSG_UNASSEMBLED = "This revision cannot be approved: the draft could not be assembled."
BODY_MAX = 5000
LABEL_MAX = 100


class ReviewError(ValueError):
    """A review change was refused; the message is fit to show the user."""


class ApprovalBlocked(ReviewError):
    """Approval was refused because of blocking findings; ``findings`` lists them."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()):
        super().__init__(message)
        self.findings = findings


def draft_approval_check(*, draft: Draft) -> Document:
    """Refuse approval of ``draft`` as it stands while its document has blocking findings.

    Raises :class:`ApprovalBlocked` naming the question of each blocking finding (by its
    wizard label), or when the draft cannot be assembled at all; returns the assembled
    Document otherwise.
    """
    try:
        document = draft_document(draft)  # a draft in review: no approval record on it
        blocking = document.blocking_findings()
    except DocumentUnavailable:
        raise ApprovalBlocked(MSG_UNASSEMBLED) from None
    if blocking:
        questionnaire = get_questionnaire()
        labels = [
            f"\u201c{questionnaire.questions[finding.question].label}\u201d"
            if finding.question
            else f"the text that replaces \u201c{finding.placeholder}\u201d"
            for finding in blocking
        ]
        questions = ", ".join(dict.fromkeys(labels))
        raise ApprovalBlocked(MSG_BLOCKED.format(questions=questions), blocking)
    return document


def share_link_create(
    *,
    draft: Draft,
    role: str,
    label: str = "",
    expires_on: dt.date | None = None,
    created_by=None,
    created_by_name: str = "",
) -> tuple[ShareLink, str]:
    """Create a share link of ``draft``; return ``(link, token)``.

    ``role`` is one of ``ShareLink.Role`` (``view``, ``comment``, ``edit``); ``label`` a
    note for the owner (at most 100 characters); ``expires_on`` the last day it works
    (None: until revoked); ``created_by`` the account or None and ``created_by_name`` who
    made it, as the activity names them. ``token`` (43 URL-safe characters, 256 bits from
    ``secrets``) is shown once; only its SHA-256 is stored. Raises :class:`ReviewError` for
    an unknown role or an expiry date in the past.
    """
    if role not in ShareLink.Role.values:
        raise ReviewError(f"Unknown role {role!r}.")
    if expires_on is not None and expires_on < timezone.now().date():
        raise ReviewError(MSG_PAST)
    token, digest = new_link_token()
    link = ShareLink.objects.create(
        draft=draft,
        token_hash=digest,
        role=role,
        label=label.strip()[:LABEL_MAX],
        expires_on=expires_on,
        created_by=created_by,
        created_by_name=created_by_name[:150],
    )
    return link, token


def share_link_revoke(*, draft: Draft, link_id: int, by_name: str = "") -> ShareLink:
    """Revoke share link ``link_id`` of ``draft`` (already revoked: unchanged), recording
    ``by_name`` as who revoked it; return it.

    Raises ``ShareLink.DoesNotExist`` when ``draft`` has no such link.
    """
    link = ShareLink.objects.get(pk=link_id, draft=draft)
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), by_name[:150]
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ReviewError(MSG_EMPTY)
    if len(body) > BODY_MAX:
        raise ReviewError(MSG_TOO_LONG)
    return body


def comment_add(
    *,
    draft: Draft,
    document: Document,
    clause_id: str,
    body: str,
    author=None,
    author_name: str,
    notify_email: str = "",
) -> Comment:
    """Start a comment thread on clause ``clause_id`` of ``draft`` as ``document`` shows it.

    The clause's id, version and ``text_hash`` and the draft's revision are recorded, so
    the comment can later be shown as outdated or detached. ``body`` is kept as plain text
    (shown escaped). ``notify_email`` (optional) is where the author hears of replies. The
    draft's owner and the thread's participants are told by email
    (:mod:`drafting.review.notifications`). Raises :class:`ReviewError` when the body is
    empty or too long, or the clause is not in ``document``.
    """
    text = _body(body)
    clause = document.clause(clause_id) if clause_id else None
    if clause is None:
        raise ReviewError(MSG_NO_CLAUSE)
    comment = Comment.objects.create(
        draft=draft,
        clause_id=clause.id,
        clause_version=clause.version,
        text_hash=clause.text_hash,
        revision=draft.revision,
        body=text,
        author=author,
        author_name=author_name[:150],
        notify_email=notify_email.strip(),
    )
    notifications.notify_comment(comment, clause_title=clause.title)
    return comment


def comment_reply(
    *,
    thread: Comment,
    document: Document,
    body: str,
    author=None,
    author_name: str,
    notify_email: str = "",
) -> Comment:
    """Add a reply to ``thread`` (a thread's first comment); return the reply.

    The reply records the clause as ``document`` shows it now (the thread's record when the
    clause is gone). The owner and the thread's other participants are told by email, as
    :func:`comment_add` says. Raises :class:`ReviewError` for an empty or too long body.
    """
    text = _body(body)
    clause = document.clause(thread.clause_id)
    reply = Comment.objects.create(
        draft=thread.draft,
        thread=thread,
        clause_id=thread.clause_id,
        clause_version=clause.version if clause else thread.clause_version,
        text_hash=clause.text_hash if clause else thread.text_hash,
        revision=thread.draft.revision,
        body=text,
        author=author,
        author_name=author_name[:150],
        notify_email=notify_email.strip(),
    )
    notifications.notify_comment(
        reply, clause_title=clause.title if clause else "no longer in the draft"
    )
    return reply


def thread_set_resolved(*, thread: Comment, resolved: bool, by_name: str) -> Comment:
    """Resolve (``resolved=True``) or reopen a thread; return it. Idempotent."""
    if resolved and thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by = timezone.now(), by_name[:150]
    elif not resolved:
        thread.resolved_at, thread.resolved_by = None, ""
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def draft_set_status(
    *,
    draft: Draft,
    status: str,
    by_name: str,
    by_owner: bool = False,
    self_review: bool = False,
) -> Draft:
    """Move ``draft`` to ``status``, recording who and when; return the draft.

    ``status`` is "in_review" (send for review), "approved" or "drafting" (the owner
    reopens it). Every move adds a :class:`~drafting.models.StatusChange` naming
    ``by_name``. Approving records the approval: the revision (``approved_revision``), the
    approver (``approved_by``), the time and the SHA-256 of the text approved
    (:func:`text_sha256`); any later change to the answers withdraws it (see
    ``draft_save_step``), as does reopening. Which role may do which is the caller's
    check (:data:`~drafting.drafts.access.APPROVAL_RULE`), except that reopening needs
    ``by_owner`` and approving refuses ``self_review``: ``by_owner`` says the owner made
    the move (the owner is then not emailed of a review request they made; see
    :func:`drafting.review.notifications.notify_status`), ``self_review`` that the request
    comes from the draft's own side through a share link
    (:attr:`~drafting.drafts.access.DraftAccess.self_review`). Raises :class:`ReviewError`
    when approving a draft that is not in review, or one's own draft
    (:data:`MSG_SELF_APPROVAL`), reopening without ``by_owner``, moving it to the state it
    is in, or for another status, and :class:`ApprovalBlocked` when approving a draft with
    blocking findings (:func:`draft_approval_check`).
    """
    if status not in KINDS:
        raise ReviewError(f"Unknown status {status!r}.")
    if status == Draft.Status.APPROVED and self_review:
        raise ReviewError(MSG_SELF_APPROVAL)
    if status == Draft.Status.DRAFTING and not by_owner:
        raise ReviewError(MSG_REOPEN_OWNER)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.status == status:
            raise ReviewError(MSG_ALREADY)
        if status == Draft.Status.APPROVED and locked.status != Draft.Status.IN_REVIEW:
            raise ReviewError(MSG_NOT_IN_REVIEW)
        now = timezone.now()
        if status == Draft.Status.APPROVED:
            document = draft_approval_check(draft=locked)
            locked.approved_revision, locked.approved_by = locked.revision, by_name[:150]
            locked.approved_at, locked.approved_sha256 = now, text_sha256(document)
        else:
            locked.approved_revision, locked.approved_by = None, ""
            locked.approved_at, locked.approved_sha256 = None, ""
        locked.status = status
        locked.status_changed_at = now
        locked.status_changed_by = by_name[:150]
        locked.save(
            update_fields=[
                "status",
                *APPROVAL_FIELDS,
                "status_changed_at",
                "status_changed_by",
                "updated",
            ]
        )
        StatusChange.objects.create(
            draft=locked, kind=KINDS[status], revision=locked.revision, actor_name=by_name[:150]
        )
    if status != Draft.Status.DRAFTING:
        notifications.notify_status(locked, status=status, by_name=by_name, by_owner=by_owner)
    return locked
