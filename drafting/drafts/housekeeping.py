"""Writes of an owner's housekeeping: rename, duplicate, delete with a way back, and restore an
earlier revision of the answers.

Like :mod:`drafting.drafts.services`, each function is the only way its change happens and
views call exactly one of them. Who may call which is decided before, by
:func:`drafting.drafts.access.draft_for_request`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from drafting.drafts.services import record_revision, withdraw_approval
from drafting.drafts.steps import stored_values
from drafting.drafts.tasks import queue_render
from drafting.models import KEEP_DELETED_DAYS, Draft
from drafting.questionnaire.answers import BIDI_CONTROLS

NAME_MAX = 200
MSG_NAME_TOO_LONG = f"A draft's name can be at most {NAME_MAX} characters."
MSG_NAME_BIDI = "A draft's name cannot contain invisible text-direction characters."
MSG_NOT_DELETED = "This draft is not in the deleted list."


class HousekeepingError(ValueError):
    """A change was refused; the message is fit to show the user."""


def draft_rename(*, draft: Draft, name: str) -> Draft:
    """Give ``draft`` the owner's own ``name`` for lists and page titles; return it.

    An empty name (after trimming spaces) goes back to the automatic one (the dataset's
    name). The answers, and so the licence text, do not change. Raises
    :class:`HousekeepingError` for a name over :data:`NAME_MAX` characters or one with
    bidirectional control characters.
    """
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:
        raise HousekeepingError(MSG_NAME_TOO_LONG)
    if BIDI_CONTROLS.search(name):
        raise HousekeepingError(MSG_NAME_BIDI)
    draft.name = name
    draft.save(update_fields=["name", "updated"])
    return draft


def draft_duplicate(*, draft: Draft, owner, name: str) -> Draft:
    """Copy ``draft`` into a new draft of ``owner`` called ``name``; return the copy.

    The copy starts in "drafting" at revision 0, as a new draft does, with the same answers,
    completed steps and pinned clause versions (so its text is the same as the original's
    now); comments, share links and history stay with the original.
    """
    with transaction.atomic():
        copy = Draft.objects.create(
            owner=owner,
            name=name[:NAME_MAX],
            answers=draft.answers,
            pins=draft.pins,
            completed_steps=list(draft.completed_steps),
        )
        record_revision(copy, changed_keys=[], author=owner)
    return copy


def draft_delete(*, draft: Draft) -> Draft:
    """Move ``draft`` to the deleted list; return it.

    A deleted draft opens on no way in (owner page, private link, share links) and is
    removed for good :data:`KEEP_DELETED_DAYS` days later (:func:`drafts_purge_deleted`);
    until then :func:`draft_undelete` brings it back as it was.
    """
    if draft.deleted_at is None:
        draft.deleted_at = timezone.now()
        draft.save(update_fields=["deleted_at"])
    return draft


def draft_undelete(*, draft: Draft) -> Draft:
    """Bring a deleted ``draft`` back; return it. Raises :class:`HousekeepingError` when it
    is not deleted."""
    if draft.deleted_at is None:
        raise HousekeepingError(MSG_NOT_DELETED)
    draft.deleted_at = None
    draft.save(update_fields=["deleted_at", "updated"])
    return draft


def drafts_purge_deleted(*, now: dt.datetime | None = None) -> int:
    """Remove for good the drafts deleted more than :data:`KEEP_DELETED_DAYS` days before
    ``now`` (default: the current time), with their revisions, comments and share links;
    return how many drafts were removed."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=KEEP_DELETED_DAYS)
    stale = Draft.objects.filter(deleted_at__lt=cutoff)
    count = stale.count()
    stale.delete()
    return count


def draft_restore_revision(*, draft: Draft, number: int, author, author_name: str = "") -> Draft:
    """Make the answers of revision ``number`` the draft's answers again, as a new revision
    recorded with ``author`` (a user or None), ``author_name`` (who restored it, as
    :func:`~drafting.drafts.actors.actor_name` names them) and ``restored_from=number``;
    return the draft.

    Nothing is added when the answers are already those of revision ``number``. As with any
    change, an approved draft goes back to "in review". The draft's pinned clause versions
    are kept, so the restored answers give the text revision ``number`` had unless the
    library pins changed. Raises ``DraftRevision.DoesNotExist`` for an unknown number.
    """
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        old = locked.revisions.get(number=number)
        before, after = stored_values(locked.answers), stored_values(old.answers)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if not changed:
            return locked
        locked.answers = old.answers
        locked.revision += 1
        withdrawn = withdraw_approval(locked, author=author, author_name=author_name)
        locked.save(update_fields=["answers", "revision", "updated", *withdrawn])
        record_revision(
            locked,
            changed_keys=changed,
            author=author,
            author_name=author_name,
            restored_from=number,
        )
        queue_render(draft_id=locked.public_id, revision=locked.revision, for_review=False)
    return locked
