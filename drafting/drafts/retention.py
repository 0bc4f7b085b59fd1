"""Removing anonymous drafts nobody came back to.

A draft started without an account is reachable only through its private link; once its
author has lost the link it is dead weight. :func:`anonymous_drafts_purge` deletes anonymous
(never claimed) drafts untouched for a given time, with their revisions, share links and
comments. Claimed drafts (those with an owner) are never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from drafting.models import Comment, Draft, DraftRevision, ShareLink

BATCH = 500  # drafts deleted per statement batch, so memory stays flat for any number


@dataclass(frozen=True)
class PurgeSummary:
    """How many rows a purge deleted (or, in a dry run, would delete)."""

    drafts: int
    revisions: int
    share_links: int
    comments: int


def stale_anonymous_drafts(
    *, untouched_for: dt.timedelta, now: dt.datetime | None = None
) -> QuerySet[Draft]:
    """Return the anonymous drafts untouched for ``untouched_for`` or longer as of ``now``
    (default: now): no owner, and not saved, deleted, commented on or shared since (one moved
    to the deleted list lately keeps its days to be brought back)."""
    cutoff = (now or timezone.now()) - untouched_for
    return (
        Draft.objects.filter(owner__isnull=True, updated__lt=cutoff)
        .exclude(deleted_at__gte=cutoff)
        .exclude(comments__created_at__gte=cutoff)
        .exclude(share_links__created_at__gte=cutoff)
    )


def _summary(drafts: QuerySet[Draft]) -> PurgeSummary:
    ids = drafts.values("pk")
    return PurgeSummary(
        drafts=drafts.count(),
        revisions=DraftRevision.objects.filter(draft__in=ids).count(),
        share_links=ShareLink.objects.filter(draft__in=ids).count(),
        comments=Comment.objects.filter(draft__in=ids).count(),
    )


def anonymous_drafts_purge(
    *, untouched_for: dt.timedelta, dry_run: bool = False, now: dt.datetime | None = None
) -> PurgeSummary:
    """Delete the anonymous drafts :func:`stale_anonymous_drafts` finds, with everything that
    belongs to them, in one transaction; return what was deleted. With ``dry_run`` delete
    nothing and return what would be. Raises ``ValueError`` when ``untouched_for`` is not
    positive (a purge of everything anonymous is never what is meant)."""
    if untouched_for <= dt.timedelta(0):
        raise ValueError("The age must be positive.")
    drafts = stale_anonymous_drafts(untouched_for=untouched_for, now=now)
    with transaction.atomic():
        summary = _summary(drafts)
        if not dry_run:
            ids = list(drafts.values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                # Still stale: a draft saved since it was listed stays.
                drafts.filter(pk__in=ids[start : start + BATCH]).delete()
    return summary
