"""Tagged PDF/UA-1: every PDF the app writes carries a structure tree a screen reader can
follow, its language, its title and the PDF/UA identification, with the DRAFT watermark
marked as an artifact. Read back from real PDFs with pypdf."""

import io
import re
from collections import Counter

import pytest
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.renderers import common
from drafting.renderers.pdf import render_pdf
from tests.conftest import example_paths
from tests.pdf_support import page_operations, structure_elements, tagged_page_texts

PAGE_LINE = re.compile(r"^Page \d+ of \d+$")


@pytest.fixture(scope="module")
def tagged():
    """(Document, PDF bytes) of the smallest example."""
    path = min(example_paths(), key=lambda path: path.stat().st_size)
    document = assemble(load_answers_file(path), get_library())
    return document, render_pdf(document)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(page_text: str, title: str) -> str:
    """A page's text without the margin boxes: the running header, the title at the top
    right and the page number, which the tags leave out as page furniture."""
    lines = page_text.splitlines()
    kept = [
        line
        for line in lines
        if not PAGE_LINE.match(line.strip()) and not line.startswith(common.RUNNING_HEADER)
    ]
    text = "\n".join(kept)
    return text.replace(title, "", 1) if lines and title in lines[0] else text


def test_the_pdf_declares_itself_tagged_pdf_ua_1_in_english_with_its_title(tagged):
    document, data = tagged
    pdf = reader(data)
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"] is True or str(catalog["/MarkInfo"]["/Marked"]) in (
        "true",
        "True",
    )
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "/StructTreeRoot" in catalog
    xmp = pdf.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert f"{document.title} (draft)" in xmp
    assert pdf.metadata.title == f"{document.title} (draft)"


def test_headings_and_tables_are_real_tags(tagged):
    document, data = tagged
    elements = list(structure_elements(reader(data)))
    kinds = Counter(str(element.get("/S")) for element in elements)
    assert kinds["/H1"] == 1
    # The glance, every body section, the drafting notes.
    assert kinds["/H2"] >= len(common.body_sections(document)) + 2
    assert kinds["/H3"] >= 3  # the glance columns at least
    assert kinds["/Table"] >= 2 and kinds["/TH"] and kinds["/TD"]
    # Data cells name their header cells (th scope="col" / "row" in the HTML).
    cells = [element for element in elements if element.get("/S") == "/TD"]
    with_headers = [cell for cell in cells if cell.get("/A", {}).get("/Headers")]
    assert len(with_headers) >= len(cells) * 0.9


def test_every_pages_text_is_reachable_through_the_tags(tagged):
    document, data = tagged
    plain = [page.extract_text() for page in reader(data).pages]
    through_tags = tagged_page_texts(data)
    assert len(plain) > 3 and len(through_tags) == len(plain)
    for index, text in enumerate(plain):
        expected = squash(body_text(text, document.title))
        assert expected, f"page {index + 1} has no text"
        assert squash(through_tags[index]) == expected, f"page {index + 1}"


def test_the_watermark_and_drawings_are_artifacts_and_no_text_is_unmarked(tagged):
    _document, data = tagged
    pdf = reader(data)
    for page in pdf.pages:
        drawn = 0
        for op, _operands, stack in page_operations(pdf, page):
            if op == b"Do":  # the page background: the DRAFT watermark
                drawn += 1
                assert any(tag == "/Artifact" for tag, _ in stack)
            if op in (b"Tj", b"TJ"):
                assert stack, "text outside any marked content"
        assert drawn >= 1


def test_the_redline_pdf_is_tagged_too(tagged):
    from drafting.renderers.pdf import html_to_pdf

    data = html_to_pdf(
        '<!doctype html><html lang="en"><head><title>Redline</title></head>'
        "<body><h1>Redline</h1><p><ins>new</ins> <del>old</del></p></body></html>"
    )
    catalog = reader(data).trailer["/Root"]
    assert catalog["/Lang"] == "en" and "/StructTreeRoot" in catalog
