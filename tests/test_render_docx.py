"""The DOCX: Word styles, automatic numbering that matches the Document, real tables, page
fields, and a file LibreOffice opens. Expectations come from the assembled Document."""

import io
import re

import pytest
from docx import Document as open_word_document
from docx.oxml.ns import qn
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.assembly.document import ListBlock, Paragraph, Table
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.renderers import common
from drafting.renderers.docx import render_docx
from tests.conftest import example_paths
from tests.pdf_support import libreoffice_pdf

PLACEHOLDERS = ("[not yet answered]", "{{", "{%", "{#")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered():
    """{example file name: (Document, DOCX bytes, python-docx Document)} for every example."""
    library, out = get_library(), {}
    for path in example_paths():
        document = assemble(load_answers_file(path), library)
        data = render_docx(document)
        out[path.name] = (document, data, open_word_document(io.BytesIO(data)))
    return out


def example_names():
    return [path.name for path in example_paths()]


def body_paragraphs(word):
    """Every w:p of the body in order, tables included, with its style id, numPr and text."""
    out = []
    for p in word.element.body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        level = num_id = None
        if num is not None:
            level = int(num.find(qn("w:ilvl")).get(qn("w:val")))
            num_id = int(num.find(qn("w:numId")).get(qn("w:val")))
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        out.append((style.get(qn("w:val")) if style is not None else None, num_id, level, text))
    return out


def all_text(word) -> str:
    return "\n".join(text for _s, _n, _l, text in body_paragraphs(word))


def numbered_paragraphs(document):
    for clause in document.clauses():
        for index, block in enumerate(clause.blocks):
            if isinstance(block, Paragraph) and block.number:
                runin = common.runin_title(clause.title) + " " if index == 0 else ""
                yield block.number, runin + block.text


@pytest.mark.parametrize("name", example_names())
def test_the_docx_uses_word_title_and_heading_styles(rendered, name):
    document, _data, word = rendered[name]
    paragraphs = body_paragraphs(word)
    assert ("Title", None, None, document.title) in paragraphs
    headings = [text for style, _n, _l, text in paragraphs if style == "Heading1"]
    expected = [section.title for section in common.body_sections(document)]
    assert [h for h in headings if h in expected] == expected
    for heading in (common.GLANCE_HEADING, common.NOTES_HEADING):
        assert heading in headings
    subheadings = [text for style, _n, _l, text in paragraphs if style == "Heading2"]
    for heading in (common.FINDINGS_HEADING, common.COUNSEL_HEADING, common.CLAUSES_HEADING):
        assert heading in subheadings
    assert word.core_properties.title == document.title


@pytest.mark.parametrize("name", example_names())
def test_numbered_sections_and_paragraphs_carry_automatic_numbering(rendered, name):
    document, _data, word = rendered[name]
    paragraphs = body_paragraphs(word)
    level_0 = [(num, text) for style, num, level, text in paragraphs if level == 0 and style]
    clause_num = {num for num, _text in level_0}
    assert len(clause_num) == 1, "every section heading is in the one clause list"
    numbered_sections = [s for s in document.sections if s.number]
    assert [text for _num, text in level_0] == [s.title for s in numbered_sections]
    # Word counts 1, 2, 3... so the sections must be numbered so in the Document too.
    assert [s.number for s in numbered_sections] == [
        str(i) for i in range(1, len(numbered_sections) + 1)
    ]
    level_1 = [
        squash(text) for _s, num, level, text in paragraphs if level == 1 and num in clause_num
    ]
    expected = list(numbered_paragraphs(document))
    assert level_1 == [squash(text) for _number, text in expected]
    # ... and 1.1, 1.2, ... restarting in each section, which is what Word shows.
    counters: dict[str, int] = {}
    for number, _text in expected:
        section, _, paragraph = number.partition(".")
        counters[section] = counters.get(section, 0) + 1
        assert int(paragraph) == counters[section]


def list_items(block: ListBlock, base: int, depth: int = 0):
    for item in block.items:
        yield squash(item.text), base + depth
        if item.children:
            yield from list_items(item.children, base, depth + 1)


@pytest.mark.parametrize("name", example_names())
def test_list_items_are_word_list_paragraphs_at_the_right_level(rendered, name):
    document, _data, word = rendered[name]
    paragraphs = body_paragraphs(word)
    clause_num = next(num for style, num, level, _t in paragraphs if level == 0 and style)
    expected = []
    for section in document.sections:
        for clause in section.clauses:
            for block in clause.blocks:
                if isinstance(block, ListBlock):
                    # Ordered lists in numbered sections continue the clause numbering: (a) is
                    # level 2 under 1.1; elsewhere they are lists of their own.
                    base = 2 if section.kind == "numbered" and block.ordered else 0
                    expected.extend(list_items(block, base))
    expected.extend((squash(question), 0) for question in document.counsel_questions)
    listed = [
        (squash(text), level)
        for style, num, level, text in paragraphs
        if num is not None and num != clause_num
    ]
    assert listed == expected


@pytest.mark.parametrize("name", example_names())
def test_every_clause_text_is_in_the_docx(rendered, name):
    document, _data, word = rendered[name]
    text = squash(all_text(word))
    for clause in document.clauses():
        assert squash(clause.title) in text, clause.id
        for block in clause.blocks:
            if isinstance(block, Paragraph) and not common.is_title_paragraph(block, document):
                assert squash(block.text) in text, clause.id
    for finding in document.findings:
        assert squash(finding.message) in text
    for question in document.counsel_questions:
        assert squash(question) in text
    answers = document.answers
    for party in (answers["licensor"]["name"], answers["dataset"]["name"]):
        assert squash(party) in text
    for placeholder in PLACEHOLDERS:
        assert placeholder not in all_text(word)


@pytest.mark.parametrize("name", example_names())
def test_tables_are_word_tables(rendered, name):
    document, _data, word = rendered[name]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in word.tables]
    glance = tables[0]
    assert [squash(c) for c in glance[0]] == [
        squash(f"{symbol} {heading}") for _s, heading, symbol, _i in common.glance_columns(document)
    ]
    for block in (b for c in document.clauses() for b in c.blocks if isinstance(b, Table)):
        rows = [list(block.header), *(list(row) for row in block.rows)]
        assert [row for row in rows if row] in tables, block.header
    if document.answers["value"].get("flat_fee"):
        annex = next(s for s in document.sections if s.kind == "annex")
        assert any(isinstance(b, Table) for c in annex.clauses for b in c.blocks)
    clauses_table = next(t for t in tables if t[0] == list(common.CLAUSES_HEADER))
    assert [tuple(row) for row in clauses_table[1:]] == common.clauses_used_rows(document)


@pytest.mark.parametrize("name", example_names())
def test_the_footer_counts_pages_with_fields(rendered, name):
    _document, _data, word = rendered[name]
    footer = word.sections[0].footer._element
    instructions = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page" in footer.xpath("string(.)") and " of " in footer.xpath("string(.)")
    header = word.sections[0].header._element.xpath("string(.)")
    assert common.RUNNING_HEADER in header


def test_the_numbering_definitions_have_the_four_clause_levels(rendered):
    _document, _data, word = next(iter(rendered.values()))
    numbering = word.part.numbering_part.element
    formats = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        levels = [
            (
                lvl.find(qn("w:numFmt")).get(qn("w:val")),
                lvl.find(qn("w:lvlText")).get(qn("w:val")),
            )
            for lvl in abstract.findall(qn("w:lvl"))
        ]
        formats[abstract.get(qn("w:abstractNumId"))] = levels
    assert [
        ("decimal", "%1."),
        ("decimal", "%1.%2"),
        ("lowerLetter", "(%3)"),
        ("lowerRoman", "(%4)"),
    ] in formats.values()


@pytest.fixture(scope="module")
def libreoffice_text(rendered, tmp_path_factory):
    """The largest example's DOCX converted to PDF by LibreOffice, as page texts."""
    name = max(rendered, key=lambda key: len(rendered[key][0].clauses()))
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "draft.docx"
    source.write_bytes(rendered[name][1])
    libreoffice_pdf(source, folder)
    reader = PdfReader(folder / "draft.pdf")
    return rendered[name][0], "\n".join(page.extract_text() for page in reader.pages)


def test_libreoffice_opens_the_docx_and_shows_the_documents_numbers(libreoffice_text):
    document, text = libreoffice_text
    flat = squash(text)
    assert squash(document.title) in flat
    for section in document.sections:
        if section.number:
            assert squash(f"{section.number}. {section.title}") in flat
    for number, paragraph in numbered_paragraphs(document):
        assert squash(number + paragraph[:40]) in flat, number
    labels = [
        item.label
        for clause in document.clauses()
        for block in clause.blocks
        if isinstance(block, ListBlock) and block.ordered
        for item in block.items
    ]
    for label in set(labels):
        assert label in text
