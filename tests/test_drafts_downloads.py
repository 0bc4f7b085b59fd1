"""Downloads: PDF, DOCX and JSON of the draft as attachments with a safe file name, made by
the real renderers and holding the answers."""

import io
import json

import docx
import pytest
from pypdf import PdfReader

from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def access(client):
    _draft, access = new_draft()
    parties = {**SCENARIO["parties"], "dataset.name": 'Welsh "Voices" / 2026'}
    assert submit(client, access, "parties", parties).status_code == 302
    return access


def download(client, access, fmt):
    response = client.get(access.url("download", fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="welsh-voices-2026-licence-draft-r1.{fmt}"'
    )
    assert response["Referrer-Policy"] == "no-referrer"
    return response


def test_the_pdf_holds_the_answers(client, access):
    response = download(client, access, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Aberystwyth Speech Archive" in text
    assert "Example Models Ltd" in text


def test_the_docx_holds_the_answers(client, access):
    response = download(client, access, "docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for table in document.tables:
        text += "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert "Aberystwyth Speech Archive" in text


def test_the_json_holds_the_answers(client, access):
    response = download(client, access, "json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert "Aberystwyth Speech Archive" in json.dumps(data)


def test_an_unknown_format_is_not_found(client, access):
    assert client.get(access.url("download", fmt="exe")).status_code == 404


def test_a_draft_without_a_name_downloads_under_a_generic_name(client):
    _draft, access = new_draft()
    response = client.get(access.url("download", fmt="json"))
    assert 'filename="untitled-draft-licence-draft-r0.json"' in response["Content-Disposition"]
