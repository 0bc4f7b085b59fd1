"""Comments anchored to clauses: threads, replies, resolve and reopen; they survive changes
to the answers (outdated) and the clause leaving the draft (detached); markup shows as text."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.drafts.selectors import draft_document
from drafting.models import Comment
from drafting.review.selectors import threads_for
from drafting.review.services import ReviewError, comment_add, share_link_create
from tests.wizard_support import new_draft, submit

pytestmark = pytest.mark.django_db

EXCLUSIVE = {
    "wider.exclusivity": "exclusive",
    "wider.exclusive_field": "speech recognition for Welsh",
    "wider.exclusive_period__value": "2",
    "wider.exclusive_period__unit": "years",
}


def reviewer(client, draft, role):
    cache.clear()
    _link, token = share_link_create(draft=draft, role=role, label="for counsel")
    client.get(reverse("share-open", kwargs={"token": token}))
    return DraftAccess(draft=draft, via="share")


def post_comment(client, access, body, clause_id="grant.scope"):
    return client.post(access.url("comment-create"), {"clause_id": clause_id, "body": body})


def test_a_commenter_comments_on_a_clause_and_the_clause_is_recorded(client):
    draft, _ = new_draft()
    access = reviewer(client, draft, "comment")
    assert post_comment(client, access, "Too wide for us.").status_code == 302
    comment = Comment.objects.get()
    clause = draft_document(draft).clause("grant.scope")
    assert (comment.clause_id, comment.clause_version, comment.text_hash) == (
        "grant.scope",
        clause.version,
        clause.text_hash,
    )
    assert comment.author_name == "Unnamed reviewer (link: for counsel)"
    page = client.get(access.url("comments")).content.decode()
    assert "Too wide for us." in page and 'data-thread-state="current"' in page


def test_markup_and_template_syntax_in_a_comment_show_literally(client):
    draft, _ = new_draft()
    access = reviewer(client, draft, "comment")
    body = "<script>alert(1)</script> {{ draft.public_id }} {% csrf_token %}"
    post_comment(client, access, body)
    page = client.get(access.url("comments")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ draft.public_id }} {% csrf_token %}" in page
    assert "<script>alert(1)" not in page


def test_a_viewer_posting_a_comment_gets_403(client):
    draft, _ = new_draft()
    access = reviewer(client, draft, "view")
    assert post_comment(client, access, "Let me in").status_code == 403
    assert not Comment.objects.exists()


def test_an_empty_comment_or_an_unknown_clause_is_refused_with_the_page(client):
    draft, _ = new_draft()
    access = reviewer(client, draft, "comment")
    assert post_comment(client, access, "   ").status_code == 400
    assert post_comment(client, access, "Hello", clause_id="no.such").status_code == 400
    with pytest.raises(ReviewError):
        comment_add(
            draft=draft,
            document=draft_document(draft),
            clause_id="no.such",
            body="x",
            author_name="a",
        )
    assert not Comment.objects.exists()


def test_replies_form_a_thread_that_can_be_resolved_and_reopened(client):
    draft, _ = new_draft()
    access = reviewer(client, draft, "comment")
    post_comment(client, access, "Too wide.")
    thread = Comment.objects.get()
    client.post(access.url("comment-reply", thread_id=thread.pk), {"body": "Agreed, narrow it."})
    client.post(access.url("comment-resolve", thread_id=thread.pk), {"resolved": "1"})
    thread.refresh_from_db()
    assert thread.resolved_at is not None and thread.replies.get().body == "Agreed, narrow it."
    client.post(access.url("comment-resolve", thread_id=thread.pk), {"resolved": "0"})
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_a_comment_shows_outdated_after_an_answer_changes_its_clause(client):
    draft, owner = new_draft()
    comment_add(
        draft=draft,
        document=draft_document(draft),
        clause_id="grant.scope",
        body="Fine as it is.",
        author_name="Counsel",
    )
    assert submit(client, owner, "wider", EXCLUSIVE).status_code == 302
    draft.refresh_from_db()
    (thread,) = threads_for(draft, draft_document(draft))
    assert thread.state == "outdated"
    page = client.get(owner.url("comments")).content.decode()
    assert "Outdated: the clause has changed since" in page


def test_a_comment_on_a_clause_no_longer_in_the_draft_is_kept_as_detached(client):
    draft, owner = new_draft()
    Comment.objects.create(
        draft=draft,
        clause_id="gone.clause",
        clause_version=1,
        text_hash="0" * 64,
        revision=1,
        body="About a clause that left.",
        author_name="Counsel",
    )
    (thread,) = threads_for(draft, draft_document(draft))
    assert thread.state == "detached"
    page = client.get(owner.url("comments")).content.decode()
    assert "About a clause that left." in page
    assert "Detached: the clause is no longer in the draft" in page
