"""The draft services: saving a step merges and records a revision; conflicts; claiming."""

import hashlib

import pytest
from django.contrib.auth import get_user_model

from drafting.drafts.forms import StepForm
from drafting.drafts.services import (
    MSG_CONFLICT,
    DraftAlreadyOwned,
    DraftConflict,
    StepInvalid,
    draft_claim,
    draft_create,
    draft_save_step,
)
from drafting.drafts.steps import stored_values
from drafting.library.loader import get_library
from drafting.models import DraftRevision
from drafting.questionnaire.definition import get_questionnaire
from tests.wizard_support import SCENARIO, form_data

pytestmark = pytest.mark.django_db


def raw(draft, step_key, changes=None):
    """The raw answers a step form collects from its POST data."""
    data = form_data(draft, step_key, changes)
    step = get_questionnaire().step(step_key)
    form = StepForm(data, step=step, stored=stored_values(draft.answers), revision=draft.revision)
    assert form.is_valid(), form.errors
    return form.answers()


def save(draft, step_key, changes=None, *, author=None, base=None):
    answers = raw(draft, step_key, changes)
    base = draft.revision if base is None else base
    return draft_save_step(
        draft=draft, step_key=step_key, data=answers, author=author, base_revision=base
    )


@pytest.fixture
def user():
    return get_user_model().objects.create_user("steward", "steward@example.org")


def test_a_new_draft_pins_the_library_and_records_its_first_revision():
    draft, token = draft_create()
    assert draft.pins == get_library().snapshot()
    assert draft.revision == 0
    assert draft.status == "drafting"
    first = draft.revisions.get()
    assert first.number == 0 and first.changed_keys == []
    assert draft.link_token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_a_draft_started_by_a_signed_in_user_has_no_private_link(user):
    draft, token = draft_create(owner=user)
    assert token is None and draft.link_token_hash is None and draft.owner == user


def test_saving_a_step_keeps_every_other_steps_answers(user):
    draft, _ = draft_create(owner=user)
    draft = save(draft, "parties", SCENARIO["parties"], author=user)
    draft = save(draft, "use", SCENARIO["use"], author=user)
    assert draft.answers["licensor"]["name"] == "Aberystwyth Speech Archive"
    assert draft.answers["use"]["activities"] == ["training", "evaluation"]
    assert draft.completed_steps == ["parties", "use"]
    assert draft.revision == 2


def test_each_save_appends_a_revision_with_the_changed_keys_author_and_clauses(user):
    draft, _ = draft_create(owner=user)
    draft = save(draft, "use", {"use.commercial": "commercial_permitted"}, author=user)
    revision = draft.revisions.get(number=1)
    assert revision.changed_keys == ["use.commercial"]
    assert revision.author == user
    assert revision.answers == draft.answers
    assert revision.clause_versions
    assert set(revision.clause_versions) <= set(draft.pins)


def test_saving_a_step_without_changes_marks_it_done_and_adds_no_revision():
    draft, _ = draft_create()
    draft = save(draft, "ip")
    assert draft.revision == 0
    assert "ip" in draft.completed_steps
    draft = save(draft, "ip")
    assert draft.revision == 0
    assert draft.revisions.count() == 1


def test_a_refused_step_raises_with_every_problem_and_saves_nothing():
    draft, _ = draft_create()
    answers = raw(draft, "parties", {"licensor.name": "", "effective_date": "2026-13-01"})
    with pytest.raises(StepInvalid) as caught:
        draft_save_step(draft=draft, step_key="parties", data=answers, author=None, base_revision=0)
    assert [p.key for p in caught.value.problems] == [
        "licensor.name",
        "dataset.name",
        "effective_date",
    ]
    draft.refresh_from_db()
    assert draft.revision == 0


def test_a_stale_form_with_a_different_value_conflicts():
    draft, _ = draft_create()
    stale = raw(draft, "use", {"use.commercial": "noncommercial_only"})
    save(draft, "use", {"use.commercial": "commercial_permitted"})
    with pytest.raises(DraftConflict) as caught:
        draft_save_step(draft=draft, step_key="use", data=stale, author=None, base_revision=0)
    assert [(p.key, p.message) for p in caught.value.problems] == [("use.commercial", MSG_CONFLICT)]
    assert caught.value.revision == 1
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "commercial_permitted"


def test_a_stale_form_for_another_step_merges_without_conflict():
    draft, _ = draft_create()
    stale = raw(draft, "ip", {"ip.model_ownership": "joint"})
    save(draft, "use", {"use.commercial": "commercial_permitted"})
    draft = draft_save_step(draft=draft, step_key="ip", data=stale, author=None, base_revision=0)
    assert draft.answers["ip"]["model_ownership"] == "joint"
    assert draft.answers["use"]["commercial"] == "commercial_permitted"


def test_a_stale_form_repeating_the_newer_value_is_no_conflict():
    draft, _ = draft_create()
    stale = raw(draft, "use", {"use.commercial": "commercial_permitted"})
    save(draft, "use", {"use.commercial": "commercial_permitted"})
    draft = draft_save_step(draft=draft, step_key="use", data=stale, author=None, base_revision=0)
    assert draft.revision == 1


def test_an_unknown_step_is_a_key_error():
    draft, _ = draft_create()
    with pytest.raises(KeyError):
        draft_save_step(draft=draft, step_key="nope", data={}, author=None, base_revision=0)


def test_revisions_are_append_only():
    draft, _ = draft_create()
    revision = draft.revisions.get()
    revision.changed_keys = ["forged"]
    with pytest.raises(ValueError, match="append-only"):
        revision.save()
    assert DraftRevision.objects.get(pk=revision.pk).changed_keys == []


def test_claiming_gives_the_draft_to_the_user_and_retires_its_link(user):
    draft, _token = draft_create()
    draft = draft_claim(draft=draft, user=user)
    assert draft.owner == user and draft.link_token_hash is None
    assert draft_claim(draft=draft, user=user).owner == user


def test_a_draft_owned_by_someone_else_cannot_be_claimed(user):
    other = get_user_model().objects.create_user("other", "o@example.org")
    draft, _ = draft_create(owner=other)
    with pytest.raises(DraftAlreadyOwned):
        draft_claim(draft=draft, user=user)
