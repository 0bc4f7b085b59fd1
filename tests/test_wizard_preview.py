"""The live preview: the assembled draft as the saved answers make it, with placeholders for
what is missing, updated on every save."""

import pytest

from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = pytest.mark.django_db


def test_an_empty_draft_previews_with_placeholders(client):
    _draft, access = new_draft()
    response = client.get(access.url("preview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ld-document' in html
    assert "[Licensor]" in html and "[Dataset]" in html
    assert "document/document.css" in html


def test_the_preview_follows_each_saved_step(client):
    _draft, access = new_draft()
    submit(client, access, "parties", SCENARIO["parties"])
    html = client.get(access.url("preview")).content.decode()
    assert "Aberystwyth Speech Archive" in html
    assert "[Licensor]" not in html
    submit(client, access, "parties", {"licensor.name": "Bangor Sound Library"})
    assert "Bangor Sound Library" in client.get(access.url("preview")).content.decode()


def test_answers_are_escaped_in_the_preview(client):
    _draft, access = new_draft()
    submit(client, access, "parties", {**SCENARIO["parties"], "dataset.name": "<script>x</script>"})
    html = client.get(access.url("preview")).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
