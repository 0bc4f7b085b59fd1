"""Email notifications of the review: who hears of what, written as plain-text messages.

Mail goes through Django's mail framework (``MAILERS`` in settings: the console in
development, SMTP from ``DJANGO_EMAIL_*`` variables in production). Messages are sent after
the transaction that made the change commits, so a rolled-back change sends nothing, and a
mail server that refuses a message is logged, never shown to the person who commented.

Who hears of what:

- the draft's owner (an account with an address): new comments and replies by someone else,
  a request for review made by someone else, and approvals;
- everyone who took part in a thread and left an address (the comment form's optional
  address, or their account's): replies by others in that thread.

Nobody is told of their own action.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from drafting.drafts.selectors import draft_label
from drafting.drafts.steps import stored_values
from drafting.models import Comment, Draft

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 600
SUBJECT_PREFIX = "[License Drafter] "


def _owner_address(draft: Draft) -> str:
    owner = draft.owner
    return (owner.email or "").strip() if owner is not None else ""


def _owner_url(draft: Draft, page: str) -> str:
    """The owner's address of ``page`` (a draft page name such as ``comments``), absolute."""
    path = reverse(f"draft-{page}", kwargs={"public_id": draft.public_id})
    return settings.SITE_URL.rstrip("/") + path


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _comment_address(comment: Comment) -> str:
    """The address a comment's author left, or their account's; empty when none."""
    if comment.notify_email:
        return comment.notify_email
    author = comment.author
    return (author.email or "").strip() if author is not None else ""


def _send(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Send one message to each address in ``recipients`` (so nobody sees the others')."""
    for address in sorted(set(filter(None, recipients))):
        try:
            send_mail(SUBJECT_PREFIX + subject, body, None, [address])
        except Exception:
            # A mail server that is down must not undo or hide a comment already saved.
            logger.exception("Could not send %r to %s", subject, address)


def comment_recipients(comment: Comment) -> set[str]:
    """Return the addresses to tell of ``comment``: the owner unless the owner wrote it, and
    for a reply everyone else in the thread who left an address. Empty set: tell nobody."""
    draft = comment.draft
    own = _comment_address(comment)
    recipients = set()
    owner_wrote_it = draft.owner_id is not None and comment.author_id == draft.owner_id
    if not owner_wrote_it:
        recipients.add(_owner_address(draft))
    if comment.thread_id is not None:
        thread = comment.thread
        for earlier in (thread, *thread.replies.exclude(pk=comment.pk)):
            if comment.author_id is not None and earlier.author_id == comment.author_id:
                continue
            recipients.add(_comment_address(earlier))
    recipients.discard(own)
    recipients.discard("")
    return recipients


def notify_comment(comment: Comment, *, clause_title: str) -> None:
    """Tell the people :func:`comment_recipients` names of ``comment`` (on the clause titled
    ``clause_title``), after the transaction commits."""

    def send() -> None:
        recipients = comment_recipients(comment)
        if not recipients:
            return
        title = draft_label(stored_values(comment.draft.answers), name=comment.draft.name)
        kind = "A reply" if comment.thread_id else "A new comment"
        body = (
            f"{kind} on the clause \u201c{clause_title}\u201d of the draft licence for {title}, "
            f"by {comment.author_name}:\n\n{_excerpt(comment.body)}\n\n"
            "Open the draft with the link you were given"
        )
        owner_link = _owner_url(comment.draft, "comments")
        body += f" (the owner's page: {owner_link}).\n" if comment.draft.owner_id else ".\n"
        _send(f"{kind.lower().capitalize()} on {title}", body, recipients)

    transaction.on_commit(send)


def notify_status(draft: Draft, *, status: str, by_name: str, by_owner: bool) -> None:
    """Tell the draft's owner that ``by_name`` sent it for review or approved it, after commit.

    ``status`` is a ``Draft.Status`` value; ``by_owner`` True when the owner did it (then a
    review request is not sent; an approval always is, as a record). Other statuses send
    nothing.
    """
    if status == Draft.Status.IN_REVIEW and by_owner:
        return
    if status not in (Draft.Status.IN_REVIEW, Draft.Status.APPROVED):
        return
    address = _owner_address(draft)
    if not address:
        return
    title = draft_label(stored_values(draft.answers), name=draft.name)
    if status == Draft.Status.APPROVED:
        subject = f"Revision {draft.approved_revision} of {title} approved"
        what = f"approved revision {draft.approved_revision} of the draft licence for {title}"
    else:
        subject = f"{title} sent for review"
        what = f"sent the draft licence for {title} for review"
    body = f"{by_name} {what}.\n\nOpen the draft: {_owner_url(draft, 'detail')}\n"
    transaction.on_commit(lambda: _send(subject, body, [address]))
