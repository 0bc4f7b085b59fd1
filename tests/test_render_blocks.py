"""Every block type and odd shape of the Document model renders in every format.

A hand-built Document, independent of the clause library: nested and mixed lists, a table
without a header, bold, italic and line-break runs, a numbered clause opening with a list, an
annex of two clauses, no signature section, an empty glance grid, no findings, and text
holding characters XML cannot carry.
"""

import dataclasses
import io
import json

import pytest
from docx import Document as open_word_document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pypdf import PdfReader

from drafting.assembly.assemble import answer_fields
from drafting.assembly.document import (
    Document,
    DocumentClause,
    GlanceItem,
    ListBlock,
    ListItem,
    Paragraph,
    Run,
    Section,
    Table,
)
from drafting.questionnaire.answers import parse_answers
from drafting.renderers import FORMATS, common, render
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html_fragment
from drafting.renderers.terms import licence_terms

pytestmark = pytest.mark.slow

TITLE = "Test Licence"
ODD_TEXT = "bell\x07 nul\x00 ff\x0c nonchar\ufffe lone\ud800 end"


def clause(clause_id, title, blocks, number=None, condition_keys=()):
    return DocumentClause(
        id=clause_id,
        version=2,
        title=title,
        number=number,
        blocks=tuple(blocks),
        summary="",
        drafting_note="",
        condition_keys=tuple(condition_keys),
        body_keys=(),
        text_hash="0" * 64,
    )


def nested_list():
    inner = ListBlock((ListItem("(i)", (Run("inner one"),)), ListItem("(ii)", (Run("inner two"),))))
    bullets = ListBlock((ListItem("\u2022", (Run("a bullet"),)),), ordered=False)
    return ListBlock(
        (
            ListItem("(a)", (Run("first "), Run("bold", bold=True)), inner),
            ListItem("(b)", (Run("second"),), bullets),
            ListItem("(c)", (Run("third"),)),
        )
    )


def build_document(glance=(), findings=()) -> Document:
    cover = Section(
        "cover",
        "Cover",
        "cover",
        None,
        (
            clause(
                "cover.title",
                "Cover",
                [Paragraph((Run(TITLE, bold=True),)), Paragraph((Run("Between A and B"),))],
            ),
        ),
    )
    grant = Section(
        "grant",
        "Licence grant",
        "numbered",
        "1",
        (
            clause(
                "grant.scope",
                "Grant",
                [
                    Paragraph(
                        (
                            Run("The grant "),
                            Run("emphasised", italic=True),
                            Run("\n"),
                            Run("after a break"),
                        ),
                        "1.1",
                    ),
                    nested_list(),
                    Paragraph(
                        (Run("Second paragraph, "), Run("both", bold=True, italic=True)), "1.2"
                    ),
                ],
                number="1.1",
                condition_keys=("use.commercial",),
            ),
            clause(
                "grant.list_first",
                "List first",
                [nested_list(), Paragraph((Run(ODD_TEXT),), "1.3")],
                number="1.3",
            ),
        ),
    )
    annex = Section(
        "annex_fees",
        "Annex A: Fees schedule",
        "annex",
        None,
        (
            clause(
                "annex.one",
                "Schedule",
                [Table(("Item", "Amount"), (("Fee", "€1,000.00\non signature <b>"),))],
            ),
            clause("annex.two", "Other table", [Table((), (("no", "header", "row"),))]),
        ),
    )
    return Document(
        title=TITLE,
        notice="DRAFT notice.",
        library_version="9.9.9",
        sections=(cover, grant, annex),
        glance=tuple(glance),
        findings=tuple(findings),
        counsel_questions=("A question?",),
        clause_versions={},
        # The answer fields as assembly makes them (the twins read the typed values).
        **answer_fields(parse_answers({"licensor": {"name": "Licensor Co"}}, complete=False)),
    )


@pytest.fixture(scope="module")
def document():
    return build_document()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_every_block_type(document, fmt):
    assert render(document, fmt)


def test_html_shows_runs_lists_and_tables(document):
    tree = lxml_html.fragment_fromstring(render_html_fragment(document))
    grant = tree.xpath("//*[@data-clause-id='grant.scope']")[0]
    first = grant.xpath(".//p")[0]
    assert first.xpath("./em")[0].text == "emphasised" and first.xpath("./br")
    assert grant.xpath(".//strong/em")[0].text == "both"
    labels = [e.text for e in grant.xpath(".//span[@class='ld-label']")]
    assert labels == ["(a)", "(i)", "(ii)", "(b)", "\u2022", "(c)"]
    assert grant.xpath(".//ol/li/ol") and grant.xpath(".//ol/li/ul")
    # A numbered clause that opens with a list shows its title on a line of its own.
    listed_first = tree.xpath("//*[@data-clause-id='grant.list_first']")[0]
    assert listed_first.xpath("./h4[@class='ld-clause-heading']")[0].text == "List first"
    annex = tree.xpath("//*[@id='section-annex_fees']")[0]
    assert [e.text for e in annex.xpath(".//h3[@class='ld-clause-heading']")] == [
        "Schedule",
        "Other table",
    ]
    assert annex.xpath(".//table[1]/thead/tr/th")[1].text == "Amount"
    cell = annex.xpath(".//table[1]/tbody/tr/td")[1]
    assert cell.text == "€1,000.00" and cell.xpath("./br")[0].tail == "on signature <b>"
    assert not annex.xpath(".//table")[1].xpath("./thead")


def test_html_without_signature_section_adds_a_signature_table(document):
    tree = lxml_html.fragment_fromstring(render_html_fragment(document))
    table = tree.xpath("//*[@id='section-signature']//table[contains(@class, 'ld-signature')]")[0]
    assert "Licensor Co" in table.text_content() and "[Licensee]" in table.text_content()


def test_the_cover_does_not_repeat_the_title(document):
    tree = lxml_html.fragment_fromstring(render_html_fragment(document))
    cover = tree.xpath("//*[@id='cover']")[0]
    assert cover.text_content().count(TITLE) == 1


def test_an_empty_glance_and_no_findings_say_so(document):
    fragment = render_html_fragment(document)
    assert fragment.count(common.GLANCE_EMPTY) == 3
    assert common.FINDINGS_EMPTY in fragment


def test_characters_xml_cannot_hold_are_replaced_not_fatal(document):
    fragment = render_html_fragment(document)
    assert "bell\ufffd nul\ufffd ff\ufffd nonchar\ufffd lone\ufffd end" in fragment
    word = open_word_document(io.BytesIO(render_docx(document)))
    assert any("lone\ufffd end" in p.text for p in word.paragraphs)
    assert json.loads(render(document, "json"))["title"] == TITLE
    assert render(document, "pdf").startswith(b"%PDF-")


def test_docx_nested_lists_restart_and_use_the_right_levels(document):
    word = open_word_document(io.BytesIO(render_docx(document)))
    levels = {}
    for p in word.element.body.iter(qn("w:p")):
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if num is not None:
            levels.setdefault(text, []).append(
                (
                    int(num.find(qn("w:numId")).get(qn("w:val"))),
                    int(num.find(qn("w:ilvl")).get(qn("w:val"))),
                )
            )
    first_list, second_list = levels["first bold"]
    assert first_list[1] == second_list[1] == 2  # (a) under a numbered paragraph
    assert first_list[0] != second_list[0]  # each list its own w:num, restarting at (a)
    assert levels["inner one"][0][1] == 3
    assert levels["a bullet"][0][0] not in {first_list[0], second_list[0]}
    numbering = word.part.numbering_part.element
    restarted = numbering.xpath(f"w:num[@w:numId='{first_list[0]}']/w:lvlOverride/@w:ilvl")
    assert restarted == ["2", "3"]


def test_docx_tables_include_a_headerless_one_and_a_signature_block(document):
    word = open_word_document(io.BytesIO(render_docx(document)))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    assert [["Item", "Amount"], ["Fee", "€1,000.00\non signature <b>"]] in tables
    assert [["no", "header", "row"]] in tables
    signature = tables[-2]  # the last before the notes' table of clauses
    assert [row[0] for row in signature[1:]] == list(common.SIGNATURE_ROWS)
    assert any("Licensor Co" in cell for cell in signature[0])
    assert any("[Licensee]" in cell for cell in signature[0])
    header_row = word.tables[1].rows[0]._tr
    assert header_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_pdf_of_the_hand_built_document_reads_back(document):
    reader = PdfReader(io.BytesIO(render(document, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("1.1", "Grant.", "(ii)", "inner two", "€1,000.00", "Licensor Co"):
        assert expected in text


def test_glance_items_link_to_their_clause_numbers():
    document = build_document(
        glance=[GlanceItem("Train models", "allowed", "A note.", "grant.scope")],
    )
    tree = lxml_html.fragment_fromstring(render_html_fragment(document))
    link = tree.xpath("//a[@class='ld-glance-ref']")[0]
    assert link.get("href") == "#clause-grant-scope" and "1.1" in link.text


def test_the_twins_read_the_answers_only_through_the_document(document):
    activities = document.values["use.activities"]
    assert activities, "the defaults choose some activities"
    relabelled = dataclasses.replace(
        document,
        option_labels={"use.activities": {option: f"Label {option}" for option in activities}},
    )
    terms = licence_terms(relabelled)
    assert [rule.label for rule in terms.permitted_activities] == [
        f"Label {option}" for option in activities
    ]
    with pytest.raises(ValueError, match="assemble"):
        licence_terms(dataclasses.replace(document, values={}))
