"""A draft that looks finished: dated, with registration numbers, execution blocks that follow
each party's kind, a table of contents, no internal ids or answer keys, and page breaks that
keep headings with their text. Read back from real PDFs (pypdf) and DOCX (python-docx)."""

import io
import re

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file, parse_answers
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers import common
from drafting.renderers.docx import TOC_INSTRUCTION, render_docx
from drafting.renderers.html import render_html
from drafting.renderers.pdf import render_pdf
from tests.conftest import example_paths

PAGE_LINE = re.compile(r"^Page \d+ of \d+$")
CONTENTS_LINE = re.compile(r"^(?P<text>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_lines(page_text: str) -> list[str]:
    """A PDF page's lines without the running header and the page number."""
    return [
        line
        for line in page_text.splitlines()
        if line.strip()
        and not PAGE_LINE.match(line.strip())
        and not line.startswith(common.RUNNING_HEADER)
    ]


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX's body (tables included), one a line."""
    body = open_docx(io.BytesIO(data)).element.body
    return "\n".join(p.xpath("string(.)") for p in body.iter(qn("w:p")))


@pytest.fixture(scope="module")
def examples():
    """{name: (Document, [PDF page texts], DOCX bytes)} for every example."""
    library, out = get_library(), {}
    for path in example_paths():
        document = assemble(load_answers_file(path), library)
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(document))).pages]
        out[path.name] = (document, pages, render_docx(document))
    return out


def example_names():
    return [path.name for path in example_paths()]


def data_with(minimal_data, **parties):
    for role, values in parties.items():
        minimal_data[role].update(values)
    return minimal_data


# What the draft says


@pytest.mark.parametrize("name", example_names())
def test_no_clause_id_or_answer_key_reaches_the_pdf_or_the_docx(examples, name):
    document, pages, docx = examples[name]
    keys = [*(clause.id for clause in document.clauses()), *get_questionnaire().questions]
    for text in ("\n".join(pages), docx_text(docx)):
        assert [key for key in keys if key in text] == []
        assert "facts." not in text
    # The clause list is still there, in words.
    pdf_text = squash("\n".join(pages))
    for place, title, version, _because in common.clauses_used_rows(document):
        assert squash(f"{place}{title}{version}") in pdf_text


def test_the_draft_is_dated_and_signed_for_and_on_behalf_of_each_company(library, minimal_data):
    data = data_with(
        minimal_data,
        licensor={"registration_number": "SC123456"},
        licensee={"registration_number": "IE 654321"},
    )
    document = assemble(parse_answers(data), library)
    pdf = squash(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(document))).pages)
    )
    docx = squash(docx_text(render_docx(document)))
    for text in (pdf, docx):
        assert squash("This Licence is dated ____") in text
        assert squash("Registered number: SC123456") in text
        assert squash("Registered number: IE 654321") in text
        for name in ("Aberystwyth Speech Archive", "Example Models Ltd"):
            assert squash(f"Signed for and on behalf of {name}") in text
        assert text.count(squash("Title: ____")) == 2
        assert text.count(squash("Date: ____")) == 2


def test_an_individual_signs_in_person_and_has_no_registration_number(library, minimal_data):
    data = data_with(
        minimal_data,
        licensor={"kind": "individual", "name": "Gwen Morgan", "registration_number": "X1"},
    )
    data["effective_date"] = "2027-03-01"
    answers = parse_answers(data)
    assert answers.get("licensor.registration_number") is None  # not asked of a person
    document = assemble(answers, library)
    for text in (
        squash(
            "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(document))).pages)
        ),
        squash(docx_text(render_docx(document))),
    ):
        assert squash("This Licence is dated 1 March 2027") in text
        assert squash("Signed by Gwen Morgan, the Licensor") in text
        assert squash("for and on behalf of Gwen Morgan") not in text
        assert squash("Signed for and on behalf of Example Models Ltd") in text
        assert text.count(squash("Title: ____")) == 1
        assert "X1" not in text


# Contents


@pytest.mark.parametrize("name", example_names())
def test_the_pdf_contents_give_the_page_each_section_starts_on(examples, name):
    document, pages, _docx = examples[name]
    assert common.wants_contents(document)
    contents = next(i for i, page in enumerate(pages) if common.CONTENTS_HEADING in page)
    entries = [m for line in body_lines(pages[contents]) if (m := CONTENTS_LINE.match(line))]
    expected = [text for text, _anchor in common.contents_entries(document)]
    assert [squash(m["text"]) for m in entries] == [squash(text) for text in expected]
    for match in entries:
        page = pages[int(match["page"]) - 1]
        assert squash(match["text"]) in squash(page), match["text"]


@pytest.mark.parametrize("name", example_names())
def test_the_docx_has_a_word_toc_field_word_updates_on_opening(examples, name):
    document, _pages, docx = examples[name]
    word = open_docx(io.BytesIO(docx))
    instructions = [n.text.strip() for n in word.element.body.iter(qn("w:instrText"))]
    # One TOC field; the others are the cross-references' REF fields.
    assert [i for i in instructions if not i.startswith("REF ")] == [TOC_INSTRUCTION]
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    text = docx_text(docx)
    for entry, _anchor in common.contents_entries(document):
        assert entry in text


def test_a_short_draft_has_no_contents(library, minimal_answers, monkeypatch):
    document = assemble(minimal_answers, library)
    assert common.wants_contents(document)
    assert 'class="ld-contents"' in render_html(document)
    monkeypatch.setattr(common, "CONTENTS_MIN_CHARACTERS", len(document.text()) + 1)
    assert 'class="ld-contents"' not in render_html(document)
    word = open_docx(io.BytesIO(render_docx(document)))
    instructions = [n.text for n in word.element.body.iter(qn("w:instrText"))]
    assert not [i for i in instructions if i.strip().startswith("TOC ")]


# Page breaks


def heading_texts(document) -> set[str]:
    """Every heading the PDF shows, squashed."""
    texts = {
        common.GLANCE_HEADING,
        common.NOTES_HEADING,
        common.FINDINGS_HEADING,
        common.COUNSEL_HEADING,
        common.CLAUSES_HEADING,
        common.CONTENTS_HEADING,
        *(common.section_heading(section) for section in common.body_sections(document)),
        *(clause.title for clause in document.clauses()),
    }
    return {squash(text) for text in texts}


@pytest.mark.parametrize("name", example_names())
def test_no_heading_sits_at_the_foot_of_a_page(examples, name):
    document, pages, _docx = examples[name]
    headings = heading_texts(document)
    for number, page in enumerate(pages, start=1):
        last = body_lines(page)[-1]
        assert squash(last) not in headings, f"page {number} ends with the heading {last!r}"


@pytest.mark.parametrize("name", example_names())
def test_annexes_and_the_glance_start_pages_and_the_glance_fits_one(examples, name):
    document, pages, _docx = examples[name]
    firsts = [squash(body_lines(page)[0]) for page in pages]
    for section in common.body_sections(document):
        if section.kind == "annex":
            assert squash(section.title) in firsts
    glance = firsts.index(squash(common.GLANCE_HEADING))
    # The page after the glance opens the body: nothing of the glance runs over.
    first_section = common.body_sections(document)[0]
    assert firsts[glance + 1].startswith(squash(common.section_heading(first_section)))


@pytest.mark.parametrize("name", example_names())
def test_the_signatures_share_a_page_with_their_heading(examples, name):
    document, pages, _docx = examples[name]
    signature = next(s for s in document.sections if s.kind == "signature")
    page = next(p for p in pages if common.SIGNATURE_HEADING in body_lines(p))
    for role in ("licensor", "licensee"):
        name_ = document.answers[role].get("name") or "[Licensee]"
        assert squash(name_) in squash(page.split(common.SIGNATURE_HEADING, 1)[1])
    assert signature.clauses
    assert squash(page).count(squash("Date: ____")) == 2
