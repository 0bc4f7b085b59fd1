"""The HTML: a standalone page and an embeddable fragment, with every clause anchored."""

import re

import pytest
from lxml import html as lxml_html

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.renderers import common
from drafting.renderers.html import render_html, render_html_fragment
from tests.conftest import example_paths


@pytest.fixture(scope="module")
def drafts():
    """{example file name: (Document, page HTML, fragment HTML)}."""
    library, out = get_library(), {}
    for path in example_paths():
        document = assemble(load_answers_file(path), library)
        out[path.name] = (document, render_html(document), render_html_fragment(document))
    return out


def example_names():
    return [path.name for path in example_paths()]


def text_of(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("name", example_names())
def test_every_clause_is_an_anchored_element_with_its_id_and_version(drafts, name):
    document, _page, fragment = drafts[name]
    tree = lxml_html.fragment_fromstring(fragment)
    anchored = tree.xpath("//*[@data-clause-id]")
    assert [e.get("data-clause-id") for e in anchored] == [c.id for c in document.clauses()]
    for element, clause in zip(anchored, document.clauses(), strict=True):
        assert element.get("id") == "clause-" + clause.id.replace(".", "-")
        assert element.get("data-clause-version") == str(clause.version)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique"


@pytest.mark.parametrize("name", example_names())
def test_the_parts_come_in_the_order_the_spec_gives(drafts, name):
    document, _page, fragment = drafts[name]
    tree = lxml_html.fragment_fromstring(fragment)
    assert tree.tag == "article" and "ld-document" in tree.get("class")
    parts = [child.get("id") for child in tree]
    sections = [f"section-{s.id}" for s in common.body_sections(document)]
    assert parts == ["cover", "key-terms", *sections, "drafting-notes"]
    assert text_of(tree.xpath("//h1")[0]) == document.title
    assert document.notice in text_of(tree.xpath("//*[@id='cover']")[0])


@pytest.mark.parametrize("name", example_names())
def test_numbered_paragraphs_show_number_then_run_in_title(drafts, name):
    document, _page, fragment = drafts[name]
    tree = lxml_html.fragment_fromstring(fragment)
    for clause in document.clauses():
        if not clause.number:
            continue
        element = tree.xpath(f"//*[@data-clause-id='{clause.id}']")[0]
        first = element.xpath(".//p[contains(@class, 'ld-numbered')]")[0]
        assert text_of(first.xpath("./span[@class='ld-num']")[0]) == clause.number
        runin = first.xpath("./strong[@class='ld-runin']")
        assert runin and text_of(runin[0]) == common.runin_title(clause.title)


@pytest.mark.parametrize("name", example_names())
def test_the_glance_grid_has_three_named_columns_with_symbols(drafts, name):
    document, _page, fragment = drafts[name]
    tree = lxml_html.fragment_fromstring(fragment)
    columns = tree.xpath("//*[@id='key-terms']//section[contains(@class, 'ld-glance-col')]")
    assert len(columns) == 3
    for column, (status, heading, symbol, items) in zip(
        columns, common.glance_columns(document), strict=True
    ):
        assert text_of(column.xpath("./h3")[0]) == f"{symbol} {heading}"
        found = [text_of(e) for e in column.xpath(".//strong[@class='ld-glance-item']")]
        assert found == [item.item for item in items], status


@pytest.mark.parametrize("name", example_names())
def test_the_notes_list_findings_questions_clauses_and_library_version(drafts, name):
    document, _page, fragment = drafts[name]
    notes = lxml_html.fragment_fromstring(fragment).xpath("//*[@id='drafting-notes']")[0]
    text = text_of(notes)
    for finding in document.findings:
        assert finding.message in text
    for question in document.counsel_questions:
        assert question in text
    rows = notes.xpath(".//table[contains(@class, 'ld-clauses-used')]/tbody/tr")
    assert [tuple(text_of(cell) for cell in row.xpath("./td")) for row in rows] == (
        common.clauses_used_rows(document)
    )
    assert f"Clause library version {document.library_version}" in text


@pytest.mark.parametrize("name", example_names())
def test_the_page_is_standalone_and_links_nothing_outside(drafts, name):
    document, page, fragment = drafts[name]
    assert page.startswith("<!DOCTYPE html>")
    tree = lxml_html.document_fromstring(page)
    assert tree.get("lang") == "en"
    assert text_of(tree.xpath("//title")[0]).startswith(document.title)
    assert len(tree.xpath("//style")) == 2
    assert not tree.xpath("//script | //link | //img | //iframe | //object")
    for href in tree.xpath("//@href | //@src"):
        assert href.startswith("#")
    # The page is the fragment plus, for a long draft, a table of contents after the cover.
    contents = re.compile(r'\n<nav class="ld-contents".*?</nav>\n', re.S)
    assert fragment.strip() in contents.sub("", page)
    if common.wants_contents(document):
        targets = tree.xpath("//nav[@class='ld-contents']//a/@href")
        assert targets and all(tree.xpath(f"//*[@id='{t[1:]}']") for t in targets)


def test_the_fragment_is_only_the_body():
    document = assemble(load_answers_file(example_paths()[0]), get_library())
    fragment = render_html_fragment(document)
    assert fragment.lstrip().startswith("<article")
    for tag in ("<html", "<head>", "<body", "<style"):
        assert tag not in fragment
