"""My drafts: rename, duplicate, delete with 30 days to bring a draft back; restore an earlier
revision as a new one; a step saved without changes adds no revision."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from drafting.drafts.access import DraftAccess, share_link_url
from drafting.drafts.housekeeping import drafts_purge_deleted
from drafting.drafts.selectors import draft_document
from drafting.drafts.steps import stored_values
from drafting.models import Draft, DraftRevision
from drafting.review.services import draft_set_status, share_link_create
from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return get_user_model().objects.create_user("steward", password="a long passphrase 1")


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def owned_draft(client, owner, dataset="Welsh Voices"):
    draft, access = new_draft(owner=owner)
    submit(client, access, "parties", {**SCENARIO["parties"], "dataset.name": dataset})
    draft.refresh_from_db()
    return draft, access


def test_the_owner_renames_a_draft_and_the_list_shows_the_name(signed_in, owner):
    draft, _ = owned_draft(signed_in, owner)
    response = signed_in.post(
        reverse("draft-rename", args=[draft.public_id]), {"name": "  For the elders "}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "For the elders"
    page = signed_in.get(reverse("draft-list")).content.decode()
    assert "For the elders" in page
    # The licence text still names the dataset, not the draft's name.
    assert "Welsh Voices" in draft_document(draft).text()


def test_an_empty_name_goes_back_to_the_dataset_name(signed_in, owner):
    draft, _ = owned_draft(signed_in, owner)
    signed_in.post(reverse("draft-rename", args=[draft.public_id]), {"name": "Other"})
    signed_in.post(reverse("draft-rename", args=[draft.public_id]), {"name": ""})
    page = signed_in.get(reverse("draft-list")).content.decode()
    assert ">Welsh Voices</a>" in page


def test_a_name_too_long_or_with_bidi_controls_is_refused_with_a_message(signed_in, owner):
    draft, _ = owned_draft(signed_in, owner)
    for name, words in (("x" * 201, "at most 200 characters"), ("a\u202eb", "text-direction")):
        response = signed_in.post(
            reverse("draft-rename", args=[draft.public_id]), {"name": name}, follow=True
        )
        assert words in response.content.decode()
        draft.refresh_from_db()
        assert draft.name == ""


def test_another_account_cannot_rename_duplicate_or_delete(client, owner):
    draft, _ = owned_draft(client, owner)
    other = get_user_model().objects.create_user("other", password="a long passphrase 2")
    client.force_login(other)
    for name in ("draft-rename", "draft-duplicate", "draft-delete"):
        assert client.post(reverse(name, args=[draft.public_id]), {"name": "x"}).status_code == 404
    draft.refresh_from_db()
    assert (draft.name, draft.deleted_at) == ("", None)
    assert Draft.objects.count() == 1


def test_duplicating_copies_the_answers_and_pins_but_not_the_history(signed_in, owner):
    draft, _ = owned_draft(signed_in, owner)
    draft.pins = {**draft.pins, "grant.scope": 1}
    draft.save(update_fields=["pins"])
    signed_in.post(reverse("draft-duplicate", args=[draft.public_id]))
    copy = Draft.objects.exclude(pk=draft.pk).get()
    assert copy.owner == owner
    assert copy.name == "Copy of Welsh Voices"
    assert copy.answers == draft.answers and copy.pins == draft.pins
    assert copy.completed_steps == draft.completed_steps
    assert copy.status == Draft.Status.DRAFTING
    assert list(copy.revisions.values_list("number", flat=True)) == [0]
    assert draft_document(copy).text() == draft_document(draft).text()


def test_a_deleted_draft_opens_on_no_way_in_and_comes_back_as_it_was(client, signed_in, owner):
    draft, access = owned_draft(signed_in, owner)
    _link, token = share_link_create(draft=draft, role="view")
    signed_in.post(reverse("draft-delete", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.deleted_at is not None
    page = signed_in.get(reverse("draft-list")).content.decode()
    assert "Recently deleted" in page and "can be brought back until" in page
    assert signed_in.get(access.url("detail")).status_code == 404
    reviewer = type(client)()
    assert reviewer.get(share_link_url(token)).status_code == 404

    signed_in.post(reverse("draft-undelete", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.deleted_at is None
    assert signed_in.get(access.url("detail")).status_code == 200
    assert reviewer.get(share_link_url(token)).status_code == 200


def test_drafts_deleted_over_30_days_ago_are_purged_and_others_kept(owner):
    old, _ = new_draft(owner=owner)
    recent, _ = new_draft(owner=owner)
    kept, _ = new_draft(owner=owner)
    now = timezone.now()
    Draft.objects.filter(pk=old.pk).update(deleted_at=now - dt.timedelta(days=31))
    Draft.objects.filter(pk=recent.pk).update(deleted_at=now - dt.timedelta(days=29))
    assert drafts_purge_deleted(now=now) == 1
    assert set(Draft.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert not DraftRevision.objects.filter(draft_id=old.pk).exists()


def test_the_purge_command_says_how_many_it_removed(owner, capsys):
    draft, _ = new_draft(owner=owner)
    Draft.objects.filter(pk=draft.pk).update(deleted_at=timezone.now() - dt.timedelta(days=40))
    call_command("purge_deleted_drafts")
    assert "removed 1 draft(s)" in capsys.readouterr().out


def test_restoring_a_revision_adds_a_new_one_with_its_answers_and_author(signed_in, owner):
    draft, access = owned_draft(signed_in, owner)
    first = draft.revision
    submit(signed_in, access, "parties", {**SCENARIO["parties"], "dataset.name": "Renamed Set"})
    draft.refresh_from_db()
    assert stored_values(draft.answers)["dataset.name"] == "Renamed Set"

    response = signed_in.post(access.url("revision-restore", number=first), follow=True)
    assert f"Restored the answers of revision {first}" in response.content.decode()
    draft.refresh_from_db()
    newest = draft.revisions.order_by("-number").first()
    assert stored_values(draft.answers)["dataset.name"] == "Welsh Voices"
    assert (newest.number, newest.restored_from, newest.author) == (first + 2, first, owner)
    assert newest.changed_keys == ["dataset.name"]
    history = signed_in.get(access.url("history")).content.decode()
    assert f"Restored the answers of revision {first}." in history


def test_restoring_withdraws_an_approval(client, owner):
    draft, access = owned_draft(client, owner)
    first = draft.revision
    client.force_login(owner)
    submit(client, access, "parties", {**SCENARIO["parties"], "dataset.name": "Renamed Set"})
    draft.refresh_from_db()
    draft_set_status(draft=draft, status="in_review", by_name="steward")
    # Approved as stored state: this test is about restoring, and the scenario's answers
    # still leave placeholders that the completeness gate would refuse to approve.
    Draft.objects.filter(pk=draft.pk).update(
        status=Draft.Status.APPROVED, approved_revision=draft.revision
    )
    client.post(access.url("revision-restore", number=first))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.IN_REVIEW and draft.approved_revision is None


def test_a_view_link_cannot_restore_a_revision(client, owner):
    draft, _ = owned_draft(client, owner)
    _link, token = share_link_create(draft=draft, role="view")
    client.get(share_link_url(token))
    access = DraftAccess(draft=draft, via="share", token=token)
    before = draft.revision
    assert client.post(access.url("revision-restore", number=1)).status_code == 403
    draft.refresh_from_db()
    assert draft.revision == before


def test_saving_a_step_without_changes_adds_no_revision_but_marks_it_done(client):
    draft, access = new_draft()
    before = draft.revision
    submit(client, access, "parties", SCENARIO["parties"])
    draft.refresh_from_db()
    after_first = draft.revision
    assert after_first == before + 1
    # Accepting a step as it stands marks it done, with no revision (not the rights check:
    # its choices have no pre-selected answer).
    submit(client, access, "use", {})
    draft.refresh_from_db()
    assert "use" in draft.completed_steps
    assert draft.revision == after_first
    # Saving the same answers again adds nothing either.
    submit(client, access, "parties", SCENARIO["parties"])
    draft.refresh_from_db()
    assert draft.revision == after_first
    assert draft.revisions.count() == after_first + 1  # revision 0 is the start
