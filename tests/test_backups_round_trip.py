"""export_drafts / import_drafts: every draft, revision, link, comment and published licence
page survives a round trip."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from drafting.assembly.assemble import assemble
from drafting.backups import export_drafts, import_drafts
from drafting.drafts.services import draft_create, draft_save_step
from drafting.drafts.steps import load_answers, stored_values
from drafting.library.loader import get_library
from drafting.models import (
    Comment,
    Draft,
    DraftRevision,
    PublishedLicence,
    ShareLink,
    StatusChange,
)
from drafting.review.services import (
    comment_add,
    comment_reply,
    draft_set_status,
    share_link_create,
)

pytestmark = pytest.mark.django_db
MODELS = (Draft, DraftRevision, ShareLink, Comment, StatusChange, PublishedLicence)


def _snapshot() -> dict:
    """Every restored row as plain data, keyed by model, without database ids.

    A restore gives rows new ids, so references read as what they point to: users by
    username, drafts by public id, a reply's thread by its place among the comments.
    """
    data = {}
    drafts = dict(Draft.objects.values_list("pk", "public_id"))
    comments = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    for model in MODELS:
        rows = []
        for row in model.objects.order_by("pk").values():
            del row["id"]
            for key in [k for k in row if k.endswith("_by_id") or k in ("owner_id", "author_id")]:
                user = get_user_model().objects.filter(pk=row.pop(key)).first()
                row[key.removesuffix("_id")] = user.username if user else None
            if "draft_id" in row:
                row["draft"] = drafts[row.pop("draft_id")]
            if "thread_id" in row:
                thread = row.pop("thread_id")
                row["thread"] = None if thread is None else comments.index(thread)
            rows.append(row)
        data[model.__name__] = rows
    return data


def save_parties(draft, licensor: str, *, dataset: str = "Voices \u0639", author=None):
    """Save the parties step of ``draft`` with these names; return the draft."""
    return draft_save_step(
        draft=draft,
        step_key="parties",
        data={"licensor.name": licensor, "dataset.name": dataset},
        author=author,
        base_revision=draft.revision,
    )


def _world():
    owner = get_user_model().objects.create_user("steward", "steward@example.org", "pw-123456!")
    draft, _ = draft_create(owner=owner)
    draft = save_parties(draft, "Archive <b>{{ 7*7 }}</b>", author=owner)
    share_link_create(draft=draft, role="comment", label="for counsel")
    answers, _missing = load_answers(stored_values(draft.answers))
    document = assemble(answers, get_library(), draft.pins)
    thread = comment_add(
        draft=draft, document=document, clause_id="grant.scope", body="Too wide?", author_name="C"
    )
    comment_reply(thread=thread, document=document, body="Agreed.", author=owner, author_name="S")
    draft_set_status(draft=draft, status="in_review", by_name="steward", by_owner=True)
    publish_row(draft, "archive-licence", owner)
    anonymous, _ = draft_create()
    return draft, anonymous


def publish_row(draft, slug, user):
    """A published licence page row of ``draft``'s current revision (as the service stores
    it; approval is the service's check, not the backup's)."""
    return PublishedLicence.objects.create(
        draft=draft,
        slug=slug,
        revision=draft.revision,
        title="Archive Licence",
        answers=draft.answers,
        pins=draft.pins,
        text_sha256="0" * 64,
        published_by=user,
        published_at=timezone.now(),
    )


def test_a_backup_restores_into_an_empty_database_exactly():
    _world()
    before = _snapshot()
    stream = io.StringIO()
    assert export_drafts(stream) == 2
    Draft.objects.all().delete()
    get_user_model().objects.all().delete()
    assert Comment.objects.count() == 0

    assert import_drafts(io.StringIO(stream.getvalue())).restored == 2
    assert _snapshot() == before
    restored = get_user_model().objects.get(username="steward")
    assert restored.check_password("pw-123456!")


def test_new_drafts_after_a_restore_get_fresh_ids():
    _world()
    stream = io.StringIO()
    export_drafts(stream)
    Draft.objects.all().delete()
    import_drafts(io.StringIO(stream.getvalue()))
    draft, _ = draft_create()
    assert Draft.objects.filter(pk=draft.pk).count() == 1


def test_each_line_is_one_draft_in_json():
    _world()
    stream = io.StringIO()
    export_drafts(stream)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert {json.loads(line)["format"] for line in lines} == {1}


def test_restoring_drafts_that_are_already_here_skips_them_and_changes_nothing():
    _world()
    stream = io.StringIO()
    export_drafts(stream)
    before = _snapshot()
    assert import_drafts(io.StringIO(stream.getvalue())).restored == 0
    assert _snapshot() == before


def test_a_file_that_is_not_a_backup_is_refused_with_its_line(tmp_path):
    _world()
    stream = io.StringIO()
    export_drafts(stream)
    Draft.objects.all().delete()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(stream.getvalue().splitlines()[0] + "\nnot json\n")
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_drafts", str(bad))
    assert Draft.objects.count() == 0


def test_the_commands_round_trip_through_a_file(tmp_path):
    _world()
    backup = tmp_path / "drafts.jsonl"
    call_command("export_drafts", "-o", str(backup))
    before = _snapshot()
    Draft.objects.all().delete()
    call_command("import_drafts", str(backup))
    assert _snapshot() == before


def test_a_public_page_whose_address_is_taken_here_is_restored_at_a_free_one():
    draft, _anonymous = _world()
    stream = io.StringIO()
    export_drafts(stream)
    owner = draft.owner
    Draft.objects.all().delete()
    other, _ = draft_create(owner=owner)
    publish_row(save_parties(other, "Other"), "archive-licence", owner)
    result = import_drafts(io.StringIO(stream.getvalue()))
    assert result.restored == 2
    restored = PublishedLicence.objects.exclude(draft=other).get()
    assert restored.slug == "archive-licence-2"
    assert restored.published_by == owner
    assert any("restored at /licences/archive-licence-2/" in note for note in result.notes)
