"""Two editors, A and B, on one step: B's form was opened before A saved. B's save is merged
three ways against the revision B opened: what B left alone takes A's newer answer, what only
B changed is saved, and only an answer both changed to different values is a conflict. No
save, and no second try after a conflict, undoes A's answer."""

import pytest

from drafting.drafts.forms import StepForm
from drafting.drafts.services import MSG_CONFLICT, DraftConflict, draft_save_step, merge_step
from drafting.drafts.steps import stored_values
from drafting.questionnaire.definition import get_questionnaire
from tests.wizard_support import SCENARIO, form_data, new_draft, step_url

pytestmark = pytest.mark.django_db

A_LICENSOR = "Archive Renamed By A"
B_LICENSEE = "Licensee Renamed By B"


def _posted(form) -> dict:
    """The form's data as a browser would post it again (every value of every name)."""
    return {name: form.data.getlist(name) for name in form.data}


def _raw(draft, step_key: str, data: dict) -> dict:
    """The raw answers a step form collects from ``data`` (its POST data)."""
    step = get_questionnaire().step(step_key)
    form = StepForm(data, step=step, stored=stored_values(draft.answers), revision=0)
    assert form.is_valid(), form.errors
    return form.answers()


def _opened_by_both(client):
    """A draft whose parties step is saved; B's form opened now (at revision 1)."""
    draft, access = new_draft()
    url = step_url(access, "parties")
    assert client.post(url, form_data(draft, "parties", SCENARIO["parties"])).status_code == 302
    return draft, access, url


def _both_changed_the_dataset_name(client):
    """A saves a new licensor and dataset name over B's open form, whose POST data (B's
    new licensee and dataset name, from revision 1) is returned with the draft and URL."""
    draft, _access, url = _opened_by_both(client)
    stale = form_data(
        draft, "parties", {"licensee.name": B_LICENSEE, "dataset.name": "Voices of B"}
    )
    newer = form_data(
        draft, "parties", {"licensor.name": A_LICENSOR, "dataset.name": "Voices of A"}
    )
    assert client.post(url, newer).status_code == 302
    return draft, url, stale


def test_the_merge_takes_the_newer_value_where_only_the_other_editor_changed_it():
    base = {"x": "old", "y": "old", "z": "old", "w": "old"}
    theirs = {"x": "A", "y": "old", "z": "A", "w": "same"}
    mine = {"x": "old", "y": "B", "z": "B", "w": "same"}
    merged, conflicts = merge_step(base, mine, theirs)
    assert merged == {"x": "A", "y": "B", "z": "B", "w": "same"}
    assert conflicts == ["z"]
    # Without the base revision, any difference is a conflict: nothing is guessed.
    assert merge_step(None, mine, theirs)[1] == ["x", "y", "z"]


def test_a_stale_form_changing_another_answer_saves_without_conflict_and_keeps_the_newer_one(
    client,
):
    draft, _access, url = _opened_by_both(client)
    stale = form_data(draft, "parties", {"licensee.name": B_LICENSEE})
    newer = form_data(draft, "parties", {"licensor.name": A_LICENSOR})
    assert client.post(url, newer).status_code == 302  # A saves first

    assert client.post(url, stale).status_code == 302  # B, from revision 1
    draft.refresh_from_db()
    assert draft.answers["licensor"]["name"] == A_LICENSOR
    assert draft.answers["licensee"]["name"] == B_LICENSEE
    assert draft.revision == 3
    assert draft.revisions.get(number=3).changed_keys == ["licensee.name"]


def test_the_service_merges_a_stale_step_and_reports_only_the_answers_both_changed(client):
    draft, _url, stale = _both_changed_the_dataset_name(client)
    raw = _raw(draft, "parties", stale)
    with pytest.raises(DraftConflict) as caught:
        draft_save_step(draft=draft, step_key="parties", data=raw, author=None, base_revision=1)
    conflict = caught.value
    assert [(p.key, p.message) for p in conflict.problems] == [("dataset.name", MSG_CONFLICT)]
    assert conflict.values == {"dataset.name": ("Voices of B", "Voices of A")}
    assert conflict.merged["licensor.name"] == A_LICENSOR
    assert conflict.merged["licensee.name"] == B_LICENSEE
    assert "dataset.name" not in conflict.merged
    draft.refresh_from_db()
    assert draft.revision == 2  # nothing saved


def test_the_conflict_form_shows_the_merged_answers_and_saving_it_keeps_the_other_editors(client):
    draft, url, stale = _both_changed_the_dataset_name(client)

    response = client.post(url, stale)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["licensor.name"].value() == A_LICENSOR  # A's answer, not B's stale one
    assert form["licensee.name"].value() == B_LICENSEE  # B's own change stays
    assert form["dataset.name"].value() == "Voices of B"  # the conflict: B's typing stays
    assert list(form.errors) == ["dataset.name"]
    rows = response.context["conflict_rows"]
    assert [(yours, saved) for _label, yours, saved in rows] == [("Voices of B", "Voices of A")]
    html = response.content.decode()
    assert f'value="{A_LICENSOR}"' in html
    assert 'data-conflict="yours">Voices of B<' in html

    assert client.post(url, _posted(form)).status_code == 302  # B keeps their value
    draft.refresh_from_db()
    assert draft.answers["licensor"]["name"] == A_LICENSOR
    assert draft.answers["licensee"]["name"] == B_LICENSEE
    assert draft.answers["dataset"]["name"] == "Voices of B"
