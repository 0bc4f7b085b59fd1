"""The approval record on the cover of an approved PDF and DOCX: approver, time, revision and
the SHA-256 of the text, read back from real files (pypdf, python-docx). The renderers read it
from the Document only, and the render cache key includes it."""

import dataclasses
import datetime as dt
import hashlib
import io
import re

import docx
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from drafting.assembly.document import ApprovalRecord
from drafting.drafts.access import DraftAccess
from drafting.drafts.selectors import draft_document
from drafting.renderers.docx import render_docx
from drafting.rendering.cache import document_key
from drafting.review.services import draft_set_status, share_link_create
from tests.wizard_support import complete_draft

pytestmark = pytest.mark.django_db
APPROVER = "Alun (link: for counsel)"


def approved_draft():
    draft, owner = complete_draft()
    draft_set_status(draft=draft, status="in_review", by_name="Owner (private link)")
    cache.clear()
    counsel = Client()
    _link, token = share_link_create(draft=draft, role="edit", label="for counsel")
    counsel.get(reverse("share-open", kwargs={"token": token}))
    shared = DraftAccess(draft=draft, via="share")
    counsel.post(shared.url("name"), {"name": "Alun"})
    counsel.post(shared.url("status"), {"status": "approved", "confirm": "yes"})
    draft.refresh_from_db()
    assert draft.status == "approved"
    return draft, owner


def cover_text_pdf(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_the_approved_pdf_and_docx_carry_the_record_on_the_cover(client):
    draft, owner = approved_draft()
    digest = hashlib.sha256(draft_document(draft).text().encode("utf-8")).hexdigest()
    assert digest == draft.approved_sha256
    when = f"{draft.approved_at.day} {draft.approved_at:%B %Y, %H:%M} UTC"

    pdf = client.get(owner.url("download", fmt="pdf"))
    assert pdf.status_code == 200
    cover = cover_text_pdf(pdf.content)
    assert "Approval record" in cover
    assert APPROVER in " ".join(cover.split())
    assert when in " ".join(cover.split())
    assert re.search(r"Revision\s*0", cover)
    assert digest in re.sub(r"\s+", "", cover)

    word = docx.Document(io.BytesIO(client.get(owner.url("download", fmt="docx")).content))
    lines = [paragraph.text for paragraph in word.paragraphs[:40]]
    assert "Approval record" in lines
    assert f"Approved by: {APPROVER}" in lines
    assert f"Approved on: {when}" in lines
    assert "Revision: 0" in lines
    assert f"SHA-256 of the text: {digest}" in lines


def test_a_draft_not_approved_has_no_record_and_the_cache_key_tells_them_apart(client):
    draft, owner = complete_draft()
    document = draft_document(draft)
    assert document.approval is None
    assert "Approval record" not in cover_text_pdf(
        client.get(owner.url("download", fmt="pdf")).content
    )
    record = ApprovalRecord("x", dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC), 0, "0" * 64)
    approved = dataclasses.replace(document, approval=record)
    assert document_key(approved, "pdf") != document_key(document, "pdf")
    assert document_key(approved, "docx") != document_key(
        dataclasses.replace(document, approval=dataclasses.replace(record, approver="y")), "docx"
    )


def test_a_record_whose_text_changed_is_not_printed():
    draft, _owner = approved_draft()
    draft.approved_sha256 = "f" * 64  # the text is no longer the one approved
    assert draft_document(draft).approval is None


def test_the_approver_name_is_xml_safe_in_the_docx():
    draft, _owner = complete_draft()
    record = ApprovalRecord(
        "A <b>&\x07 Co", dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC), 3, "a" * 64
    )
    data = render_docx(dataclasses.replace(draft_document(draft), approval=record))
    lines = [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs[:40]]
    assert "Approved by: A <b>&\ufffd Co" in lines  # the control character replaced
    assert "Approved on: 3 December 2026, 14:05 UTC" in lines
