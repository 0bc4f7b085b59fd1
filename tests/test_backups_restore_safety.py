"""import_drafts into a database that already holds drafts: nothing existing is overwritten.

A backup holds its own database's ids; restoring it elsewhere must give every row a new id
and remap its references, accept only drafts, their revisions, links, comments and the
accounts they name (never a staff or superuser flag, never another model), and restoring
the same file twice must not duplicate or change anything.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from drafting.backups import BackupError, export_drafts, import_drafts
from drafting.drafts.services import draft_create
from drafting.models import Comment, Draft, DraftRevision, ShareLink
from tests.test_backups_round_trip import _world, save_parties

pytestmark = pytest.mark.django_db


def _export() -> list[dict]:
    stream = io.StringIO()
    export_drafts(stream)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _lines(records: list[dict]) -> io.StringIO:
    return io.StringIO("".join(json.dumps(record) + "\n" for record in records))


def _renumber(records: list[dict], draft_pk: int) -> None:
    """Give the first record's draft the id ``draft_pk`` (as another database might have)."""
    objects = records[0]["objects"]
    old = next(item["pk"] for item in objects if item["model"] == "drafting.draft")
    for item in objects:
        if item["model"] == "drafting.draft":
            item["pk"] = draft_pk
        elif item["fields"].get("draft") == old:
            item["fields"]["draft"] = draft_pk


def _live_draft():
    """A draft made after the backup, reached by its private link."""
    draft, token = draft_create()
    return save_parties(draft, "Already Here Ltd"), token


def test_restoring_into_a_database_with_drafts_keeps_them_and_their_private_links():
    original, _anonymous = _world()
    numbers = list(original.revisions.values_list("number", flat=True))
    records = _export()
    Draft.objects.all().delete()
    live, token = _live_draft()
    _renumber(records, live.pk)  # the backup's draft id is now taken here
    live_revisions = list(live.revisions.values_list("pk", "answers"))

    result = import_drafts(_lines(records))

    assert result.restored == 2
    live.refresh_from_db()
    assert live.answers["licensor"]["name"] == "Already Here Ltd"
    assert list(live.revisions.values_list("pk", "answers")) == live_revisions
    assert Client().get(f"/d/{token}/").status_code in (200, 302)
    restored = Draft.objects.get(public_id=original.public_id)
    assert restored.pk != live.pk
    assert restored.answers == original.answers
    assert [r.number for r in restored.revisions.all()] == numbers
    assert restored.share_links.count() == 1
    assert restored.comments.count() == 2
    reply = restored.comments.get(thread__isnull=False)
    assert reply.thread.draft_id == restored.pk
    assert Draft.objects.count() == 3


def test_restoring_the_same_backup_twice_changes_nothing_the_second_time():
    _world()
    stream = io.StringIO()
    export_drafts(stream)
    Draft.objects.all().delete()
    first = import_drafts(io.StringIO(stream.getvalue()))
    counts = [model.objects.count() for model in (Draft, DraftRevision, ShareLink, Comment)]

    second = import_drafts(io.StringIO(stream.getvalue()))

    assert (first.restored, second.restored) == (2, 0)
    assert len(second.skipped) == 2
    assert all("same revisions" in message for message in second.skipped)
    assert [model.objects.count() for model in (Draft, DraftRevision, ShareLink, Comment)] == (
        counts
    )


def test_the_command_says_which_drafts_it_skipped(tmp_path, capsys):
    draft, _ = _world()
    backup = tmp_path / "drafts.jsonl"
    call_command("export_drafts", "-o", str(backup))
    call_command("import_drafts", str(backup))
    out = capsys.readouterr().out
    assert "imported 0 draft(s)" in out
    assert f"{draft.public_id} is already here with the same revisions" in out


def test_a_draft_that_exists_with_other_content_is_refused_by_name():
    draft, _ = _world()
    records = _export()
    save_parties(draft, "Changed since the backup", author=draft.owner)
    before = Draft.objects.get(pk=draft.pk).answers
    with pytest.raises(BackupError, match=f"{draft.public_id} already exists with different"):
        import_drafts(_lines(records))
    assert Draft.objects.get(pk=draft.pk).answers == before


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_a_restored_account_never_gets_staff_or_superuser_rights(flag):
    _world()
    records = _export()
    Draft.objects.all().delete()
    get_user_model().objects.all().delete()
    account = next(item for item in records[0]["objects"] if item["model"] == "auth.user")
    account["fields"][flag] = True

    result = import_drafts(_lines(records))

    user = get_user_model().objects.get(username=account["fields"]["username"])
    assert not user.is_superuser and not user.is_staff
    assert any("without" in note and "steward" in note for note in result.notes)


def test_an_existing_account_is_never_changed_by_a_restore():
    _world()
    records = _export()
    Draft.objects.all().delete()
    user = get_user_model().objects.get(username="steward")
    user.set_password("kept-password-1")
    user.save()
    account = next(item for item in records[0]["objects"] if item["model"] == "auth.user")
    account["fields"]["is_superuser"] = True
    import_drafts(_lines(records))
    user.refresh_from_db()
    assert user.check_password("kept-password-1") and not user.is_superuser


@pytest.mark.parametrize(
    "extra",
    [
        {"model": "sessions.session", "pk": "x" * 32, "fields": {"session_data": "e30:1:x"}},
        {"model": "auth.group", "pk": 1, "fields": {"name": "admins", "permissions": []}},
        {"model": "auth.permission", "pk": 1, "fields": {"name": "p", "codename": "p"}},
    ],
)
def test_any_other_model_in_a_backup_is_refused(extra):
    _world()
    records = _export()
    Draft.objects.all().delete()
    records[0]["objects"].append(extra)
    with pytest.raises(BackupError, match=f"line 1: .*{extra['model']}"):
        import_drafts(_lines(records))
    assert Draft.objects.count() == 0
    assert Session.objects.count() == 0


def test_an_account_the_draft_does_not_refer_to_is_refused():
    _world()
    records = _export()
    Draft.objects.all().delete()
    records[0]["objects"].insert(
        0,
        {
            "model": "auth.user",
            "pk": 99,
            "fields": {"username": "stranger", "password": "!", "email": ""},
        },
    )
    with pytest.raises(BackupError, match="stranger"):
        import_drafts(_lines(records))
    assert not get_user_model().objects.filter(username="stranger").exists()


def test_a_comment_pointing_into_another_draft_is_refused():
    _world()
    records = _export()
    Draft.objects.all().delete()
    for item in records[0]["objects"]:
        if item["model"] == "drafting.comment":
            item["fields"]["draft"] = 12345
    with pytest.raises(BackupError, match="line 1"):
        import_drafts(_lines(records))


def test_the_command_refuses_a_hostile_backup_with_exit_status_2(tmp_path):
    _world()
    records = _export()
    Draft.objects.all().delete()
    records[0]["objects"].append({"model": "sessions.session", "pk": "s", "fields": {}})
    backup = tmp_path / "hostile.jsonl"
    backup.write_text("".join(json.dumps(record) + "\n" for record in records))
    with pytest.raises(CommandError, match=r"sessions\.session") as raised:
        call_command("import_drafts", str(backup))
    assert raised.value.returncode == 2
