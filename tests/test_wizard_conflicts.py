"""Two windows on one draft: a form opened before another save of the same answers is not
allowed to overwrite them silently; the author sees what happened and can save again."""

import pytest

from tests.wizard_support import form_data, new_draft, step_url

pytestmark = pytest.mark.django_db


def test_a_stale_window_is_told_and_saves_nothing_then_saves_on_the_second_try(client):
    draft, access = new_draft()
    first = form_data(draft, "use", {"use.commercial": "commercial_permitted"})
    second = form_data(draft, "use", {"use.commercial": "noncommercial_only"})
    url = step_url(access, "use")
    assert client.post(url, first).status_code == 302

    response = client.post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: this step changed since you opened it." in html
    form = response.context["form"]
    assert "changed in another window" in form.errors["use.commercial"][0]
    assert form["use.commercial"].value() == "noncommercial_only"  # what they typed stays
    assert form["base_revision"].value() == "1"
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "commercial_permitted"

    again = {**second, "base_revision": form["base_revision"].value()}
    assert client.post(url, again).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "noncommercial_only"


def test_a_stale_window_on_another_step_saves_without_fuss(client):
    draft, access = new_draft()
    use = form_data(draft, "use", {"use.commercial": "commercial_permitted"})
    ip = form_data(draft, "ip", {"ip.model_ownership": "joint"})
    assert client.post(step_url(access, "use"), use).status_code == 302
    assert client.post(step_url(access, "ip"), ip).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["use"]["commercial"] == "commercial_permitted"
    assert draft.answers["ip"]["model_ownership"] == "joint"
    assert draft.revision == 2


def test_the_draft_page_continues_at_the_first_unsaved_step(client):
    draft, access = new_draft()
    assert (
        client.post(
            step_url(access, "parties"),
            form_data(draft, "parties", {"licensor.name": "Acme", "dataset.name": "Voices"}),
        ).status_code
        == 302
    )
    response = client.get(access.url("detail"))
    assert response.context["continue_url"] == step_url(access, "rights")
    assert "1 of 15 sections saved" in response.content.decode()
