"""The sharing, comment and compare forms are rendered by crispy-forms, like the app's
other forms: each field in its Bootstrap wrapper with its label, help and messages."""

import pytest

from drafting.review.services import share_link_create
from tests.wizard_support import new_draft, submit

pytestmark = pytest.mark.django_db


def test_the_sharing_comment_and_compare_forms_are_crispy(client):
    draft, access = new_draft()
    submit(client, access, "parties", {"licensor.name": "Archive", "dataset.name": "Voices"})
    share_link_create(draft=draft, role="view")
    sharing = client.get(access.url("sharing")).content.decode()
    comments = client.get(access.url("comments")).content.decode()
    compare = client.get(access.url("compare")).content.decode()
    for page, fields in (
        (sharing, ("role", "label", "expires_on")),
        (comments, ("clause_id", "body", "notify_email")),
        (compare, ("old", "new")),
    ):
        for field in fields:
            assert f'id="div_id_{field}"' in page, field
    assert "Compare revision" in compare.split('id="div_id_old"')[1].split("</div>")[0]


def test_a_refused_comment_shows_its_message_in_the_crispy_field(client):
    _draft, access = new_draft()
    response = client.post(access.url("comment-create"), {"clause_id": "", "body": " "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "is-invalid" in page and 'id="div_id_body"' in page
