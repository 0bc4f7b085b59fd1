"""The admin lists drafts and shows their revisions, which cannot be changed there."""

import pytest

from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = pytest.mark.django_db


def test_staff_see_drafts_and_their_read_only_revisions(client, admin_user):
    draft, access = new_draft()
    submit(client, access, "parties", SCENARIO["parties"])
    client.force_login(admin_user)
    assert draft.public_id in client.get("/admin/drafting/draft/").content.decode()
    page = client.get(f"/admin/drafting/draft/{draft.pk}/change/")
    assert page.status_code == 200
    assert "licensor.name" in page.content.decode()  # the changed keys of revision 1
    revision = draft.revisions.get(number=1)
    assert client.get(f"/admin/drafting/draftrevision/{revision.pk}/change/").status_code == 200
    assert client.get("/admin/drafting/draftrevision/add/").status_code == 403
