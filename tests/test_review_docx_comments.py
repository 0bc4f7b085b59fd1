"""DOCX for counsel: open comment threads become native Word comments on their clauses;
without them only the drafting notes are comments."""

import io
import re
import zipfile

import pytest

from drafting.drafts.selectors import draft_document
from drafting.renderers.docx import DocxComment, render_docx
from drafting.review.services import comment_add, comment_reply, thread_set_resolved
from tests.wizard_support import new_draft

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def comments_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
        return package.read("word/comments.xml").decode() if "word/comments.xml" in names else ""


def test_render_docx_anchors_a_comment_to_its_clause_and_skips_absent_clauses(
    minimal_answers, library
):
    from drafting.assembly.assemble import assemble

    document = assemble(minimal_answers, library)
    notes = [
        DocxComment("grant.scope", "Ceri Jones", ("Too wide <b>", "Owner: agreed")),
        DocxComment("no.such", "X", ("lost",)),
    ]
    content = render_docx(document, comments=notes)
    xml = comments_xml(content)
    assert 'w:author="Ceri Jones"' in xml and "Too wide &lt;b&gt;" in xml and "Owner: agreed" in xml
    assert "lost" not in xml
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "commentRangeStart" in package.read("word/document.xml").decode()
    # Without review comments only the library's drafting notes are there.
    authors = set(re.findall(r'w:author="([^"]*)"', comments_xml(render_docx(document))))
    assert authors == {"License Drafter"}


def test_the_docx_with_comments_download_holds_open_threads_only(client):
    draft, access = new_draft()
    document = draft_document(draft)
    kept = comment_add(
        draft=draft,
        document=document,
        clause_id="grant.scope",
        body="Open one",
        author_name="Counsel",
    )
    comment_reply(thread=kept, document=document, body="A reply", author_name="Owner")
    done = comment_add(
        draft=draft,
        document=document,
        clause_id="grant.scope",
        body="Closed one",
        author_name="Counsel",
    )
    thread_set_resolved(thread=done, resolved=True, by_name="Owner")
    response = client.get(access.url("comments-docx"))
    assert response["Content-Disposition"].endswith('-with-comments.docx"')
    xml = comments_xml(response.content)
    assert "Open one" in xml and "Owner: A reply" in xml and "Closed one" not in xml
    assert "DOCX with comments" in client.get(access.url("detail")).content.decode()
