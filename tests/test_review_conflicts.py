"""Two editors save the same step from the same revision: the second is shown both values,
theirs and the newer one, and chooses; nothing is overwritten silently."""

import pytest

from tests.wizard_support import form_data, new_draft, step_url

pytestmark = pytest.mark.django_db


def test_the_second_editor_sees_their_value_and_the_newer_value_and_nothing_is_overwritten(client):
    draft, access = new_draft()
    first = form_data(draft, "use", {"use.commercial": "commercial_permitted"})
    second = form_data(draft, "use", {"use.commercial": "noncommercial_only"})
    assert client.post(step_url(access, "use"), first).status_code == 302
    response = client.post(step_url(access, "use"), second)
    assert response.status_code == 200
    rows = response.context["conflict_rows"]
    assert len(rows) == 1
    _label, yours, saved = rows[0]
    assert yours != saved
    html = response.content.decode()
    assert f'data-conflict="yours">{yours}<' in html and f'data-conflict="saved">{saved}<' in html
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "commercial_permitted"
