"""``purge_anonymous_drafts``: anonymous drafts nobody touched for the given age go, with
everything that belongs to them; claimed drafts and anything touched since stay."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from drafting.models import Comment, Draft, DraftRevision, ShareLink
from drafting.review.services import share_link_create
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db


def _age(draft: Draft, days: int) -> None:
    """Make ``draft`` last saved ``days`` days ago (``updated`` is set on every save)."""
    Draft.objects.filter(pk=draft.pk).update(updated=timezone.now() - dt.timedelta(days=days))


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_anonymous_drafts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drafts(django_user_model):
    """An old anonymous draft with a share link, a recent one, an old claimed one, an old
    anonymous one with a comment made yesterday and an old one deleted two days ago."""
    old, _ = new_draft()
    share_link_create(draft=old, role="view")
    recent, _ = new_draft()
    owned, _ = new_draft(owner=django_user_model.objects.create_user("steward"))
    commented, _ = new_draft()
    Comment.objects.create(
        draft=commented,
        clause_id="grant",
        clause_version=1,
        text_hash="0" * 64,
        revision=1,
        body="Still looking at this.",
        author_name="Reviewer",
    )
    Comment.objects.filter(draft=commented).update(created_at=timezone.now() - dt.timedelta(days=1))
    deleted, _ = new_draft()
    Draft.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now() - dt.timedelta(days=2))
    for draft, days in ((old, 100), (recent, 10), (owned, 400), (commented, 100), (deleted, 100)):
        _age(draft, days)
    ShareLink.objects.filter(draft=old).update(created_at=timezone.now() - dt.timedelta(days=100))
    return {
        "old": old,
        "recent": recent,
        "owned": owned,
        "commented": commented,
        "deleted": deleted,
    }


def test_only_anonymous_drafts_untouched_for_the_age_are_deleted(drafts):
    output = _purge("--older-than", "90")
    assert "Deleted 1 anonymous draft(s) untouched for 90 day(s) or more" in output
    assert "1 revision(s), 1 share link(s), 0 comment(s)" in output
    remaining = set(Draft.objects.values_list("pk", flat=True))
    assert remaining == {drafts[name].pk for name in ("recent", "owned", "commented", "deleted")}
    assert not DraftRevision.objects.filter(draft_id=drafts["old"].pk).exists()
    assert not ShareLink.objects.filter(draft_id=drafts["old"].pk).exists()


def test_a_dry_run_reports_and_deletes_nothing(drafts):
    output = _purge("--older-than", "5", "--dry-run")
    assert output.startswith("Would delete 2 anonymous draft(s)")
    assert Draft.objects.count() == 5


@pytest.mark.parametrize("days", ["0", "-3", "ninety"])
def test_an_age_that_is_not_a_positive_number_of_days_is_refused(drafts, days):
    with pytest.raises(CommandError, match="--older-than"):
        _purge("--older-than", days)
    assert Draft.objects.count() == 5
