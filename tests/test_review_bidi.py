"""Bidi control characters are refused in comments, replies and share-link labels as they are
in answers (comments become Word comments, labels approver names): a message at the field,
nothing saved, and what was typed kept."""

import html

import pytest

from drafting.drafts.selectors import draft_document
from drafting.models import Comment, ShareLink
from drafting.questionnaire.answers import MSG_BIDI
from drafting.review.services import comment_add
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db

# An override, an isolate, a mark and the Arabic letter mark: each is refused.
CONTROLS = ["\u202e", "\u2067", "\u200f", "\u061c"]


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _refused_at(response, field: str, typed: str, status: int) -> None:
    """The page came back with ``status``, the bidi message at ``field`` and ``typed`` kept."""
    assert response.status_code == status
    assert response.context["form"].errors[field] == [f"This text {MSG_BIDI}."]
    assert f"This text {MSG_BIDI}." in _page(response)
    assert typed in _page(response)


@pytest.mark.parametrize("control", CONTROLS)
def test_a_comment_with_a_bidi_control_is_refused_at_its_field(client, control):
    _draft, owner = new_draft()
    body = f"Pay 100{control}001 EUR"
    response = client.post(owner.url("comment-create"), {"clause_id": "grant.scope", "body": body})
    _refused_at(response, "body", body, 400)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("control", CONTROLS)
def test_a_reply_with_a_bidi_control_is_refused_at_its_thread(client, control):
    draft, owner = new_draft()
    thread = comment_add(
        draft=draft,
        document=draft_document(draft),
        clause_id="grant.scope",
        body="Too wide.",
        author_name="Draft owner",
    )
    body = f"Agreed{control}, narrow it."
    response = client.post(owner.url("comment-reply", thread_id=thread.pk), {"body": body})
    assert response.status_code == 400
    page = _page(response)
    assert f'id="reply-{thread.pk}-error">This text {MSG_BIDI}.' in page
    assert f">{body}</textarea>" in page
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("control", CONTROLS)
def test_a_share_link_label_with_a_bidi_control_is_refused_at_its_field(client, control):
    _draft, owner = new_draft()
    label = f"for counsel{control}"
    response = client.post(owner.url("sharing"), {"role": "edit", "label": label})
    _refused_at(response, "label", f'value="{label}"', 200)
    assert response.context["new_url"] == ""
    assert not ShareLink.objects.exists()


def test_plain_right_to_left_text_is_still_accepted(client):
    _draft, owner = new_draft()
    response = client.post(owner.url("sharing"), {"role": "view", "label": "للمراجع"})
    assert response.context["new_url"]
    assert ShareLink.objects.get().label == "للمراجع"
