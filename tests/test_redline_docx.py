"""Tracked changes for counsel: a redline between two versions as a Word file whose changes
are native w:ins / w:del, authored by whoever made them. Read back with python-docx and with
LibreOffice (converted to PDF, read with pypdf)."""

import io

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from drafting.review.selectors import change_authors
from tests.conftest import MINIMAL_ANSWERS
from tests.pdf_support import libreoffice_pdf
from tests.test_review_comments import EXCLUSIVE
from tests.wizard_support import new_draft, submit


def changes(data: bytes, tag: str) -> list[tuple[str, str]]:
    """``(author, text)`` of every ``w:ins`` or ``w:del`` in the DOCX ``data``."""
    body = open_docx(io.BytesIO(data)).element.body
    text_tag = "w:t" if tag == "w:ins" else "w:delText"
    return [
        (node.get(qn("w:author")), "".join(t.text for t in node.iter(qn(text_tag))))
        for node in body.iter(qn(tag))
    ]


@pytest.fixture
def answer_files(tmp_path):
    """An old and a new answers file: the licensee renamed "Ltd" to "Limited"."""
    old = yaml.safe_load(yaml.safe_dump(MINIMAL_ANSWERS))
    new = yaml.safe_load(yaml.safe_dump(MINIMAL_ANSWERS))
    new["licensee"]["name"] = "Example Models Limited"
    paths = tmp_path / "old.yaml", tmp_path / "new.yaml"
    for path, data in zip(paths, (old, new), strict=True):
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return paths


@pytest.fixture
def cli_redline(answer_files, tmp_path):
    old, new = answer_files
    out = tmp_path / "redline.docx"
    call_command(
        "render_draft", str(new), "-o", str(out), "--compare", str(old), "--author", "Counsel A"
    )
    return out


def test_the_cli_writes_the_change_as_native_tracked_changes(cli_redline):
    data = cli_redline.read_bytes()
    inserted, deleted = changes(data, "w:ins"), changes(data, "w:del")
    assert ("Counsel A", "Limited") in inserted
    assert ("Counsel A", "Ltd") in deleted
    # Nothing else changed, and the unchanged text is there as plain text.
    assert {text for _author, text in inserted} == {"Limited"}
    assert {text for _author, text in deleted} == {"Ltd"}
    word = open_docx(io.BytesIO(data))
    assert any("Aberystwyth Speech Archive" in p.text for p in word.paragraphs)
    node = next(word.element.body.iter(qn("w:ins")))
    assert node.get(qn("w:date")).endswith("Z") and node.get(qn("w:id"))


def test_the_cli_refuses_a_redline_in_another_format(answer_files, tmp_path):
    from django.core.management.base import CommandError

    old, new = answer_files
    with pytest.raises(CommandError, match="docx"):
        call_command("render_draft", str(new), "-o", str(tmp_path / "x.pdf"), "--compare", str(old))


def test_libreoffice_opens_the_redline_and_shows_both_sides_of_the_change(cli_redline, tmp_path):
    pdf = libreoffice_pdf(cli_redline, tmp_path)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    # LibreOffice shows recorded changes: the deleted word (struck) beside the inserted one.
    assert "Example Models" in text
    assert "Ltd" in text and "Limited" in text
    assert "Aberystwyth Speech Archive" in text


@pytest.mark.django_db
def test_the_compare_page_offers_the_word_redline_authored_per_revision(client):
    users = get_user_model()
    alice = users.objects.create_user("alice", password="x-unused-1")
    bob = users.objects.create_user("bob", password="x-unused-2")
    draft, access = new_draft(owner=alice)
    client.force_login(alice)  # revision 1: alice adds the exclusivity clause
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    draft.owner = bob  # revision 2: bob, now the owner, renames the dataset
    draft.save(update_fields=["owner"])
    client.force_login(bob)
    renamed = {"licensor.name": "Aberystwyth Speech Archive", "dataset.name": "Welsh Voices"}
    assert submit(client, access, "parties", renamed).status_code == 302
    draft.refresh_from_db()
    old, new = draft.revisions.get(number=0), draft.revisions.get(number=2)
    authors = change_authors(draft, old, new)
    assert authors["grant.exclusivity"] == "alice"
    assert authors["cover.title"] == "bob"

    page = client.get(access.url("compare"), {"old": 0, "new": 2}).content.decode()
    assert "Redline as Word (tracked changes)" in page
    response = client.get(access.url("compare-docx"), {"old": 0, "new": 2})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "-redline-r0-r2.docx" in response["Content-Disposition"]
    inserted = changes(response.content, "w:ins")
    assert any(author == "bob" and "Welsh Voices" in text for author, text in inserted)
    assert any(
        author == "alice" and "speech recognition for Welsh" in text for author, text in inserted
    )
    assert client.get(access.url("compare-docx"), {"old": 0, "new": 9}).status_code == 404


@pytest.mark.django_db
def test_a_link_holders_change_is_attributed_in_words(client):
    _draft, access = new_draft()
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    response = client.get(access.url("compare-docx"), {"old": 0, "new": 1})
    assert {author for author, _ in changes(response.content, "w:ins")} == {"Owner (private link)"}
