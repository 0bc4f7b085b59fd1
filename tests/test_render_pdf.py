"""The PDF: every example renders, and its text read back holds the whole draft.

Expectations come from the assembled Document, not from clause wording, so the tests hold as
the clause library grows.
"""

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TableCellBox

from drafting.assembly.assemble import assemble
from drafting.assembly.document import Document, Paragraph, Table
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.renderers import common
from drafting.renderers.html import render_html
from drafting.renderers.pdf import (
    PDF_VARIANT,
    FetchRefusedError,
    StaticOnlyFetcher,
    base_url,
    breakable_words,
    html_to_pdf,
    pdf_stylesheet,
    render_pdf,
)
from tests.conftest import example_paths
from tests.pdf_support import SpyFetcher

PLACEHOLDERS = ("[not yet answered]", "{{", "{%", "{#")
PAGE_LINE = re.compile(r"^Page \d+ of \d+$")


def squash(text: str) -> str:
    """Text without any white space: PDF line breaks fall anywhere."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, without the running header and the page-number footer."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = page.extract_text().splitlines()
        pages.append("\n".join(line for line in lines if not _is_margin(line)))
    return pages


def _is_margin(line: str) -> bool:
    line = line.strip()
    return bool(PAGE_LINE.match(line)) or line.startswith(common.RUNNING_HEADER)


@pytest.fixture(scope="module")
def rendered():
    """{example file name: (Document, PDF bytes, page texts, fetcher)} for every example."""
    library, out = get_library(), {}
    for path in example_paths():
        document = assemble(load_answers_file(path), library)
        fetcher = SpyFetcher()
        data = render_pdf(document, fetcher=fetcher)
        out[path.name] = (document, data, pdf_pages(data), fetcher)
    return out


def example_names():
    return [path.name for path in example_paths()]


def parties(document: Document) -> list[str]:
    answers = document.answers
    return [
        answers["licensor"]["name"],
        answers["licensee"]["name"] or "[Licensee]",
        answers["dataset"]["name"],
    ]


def test_there_are_at_least_three_examples_to_render():
    assert len(example_paths()) >= 3


@pytest.mark.parametrize("name", example_names())
def test_the_pdf_is_an_a4_pdf_with_a_page_count_in_every_footer(rendered, name):
    _document, data, _pages, _fetcher = rendered[name]
    reader = PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    assert data.startswith(b"%PDF-") and total > 3
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert common.RUNNING_HEADER in text


@pytest.mark.parametrize("name", example_names())
def test_the_cover_names_the_parties_the_dataset_and_says_draft(rendered, name):
    document, _data, pages, _fetcher = rendered[name]
    cover = squash(pages[0])
    assert squash(document.title) in cover
    for text in parties(document):
        assert squash(text) in cover
    assert squash(document.notice) in cover


@pytest.mark.parametrize("name", example_names())
def test_the_glance_page_has_three_labelled_columns(rendered, name):
    document, _data, pages, _fetcher = rendered[name]
    # The glance follows the cover, and the table of contents of a long draft.
    glance = squash(pages[2 if common.wants_contents(document) else 1])
    assert squash(common.GLANCE_HEADING) in glance
    for _status, heading, symbol, items in common.glance_columns(document):
        assert squash(f"{symbol} {heading}") in glance
        for item in items:
            assert squash(item.item) in squash("".join(pages))


@pytest.mark.parametrize("name", example_names())
def test_every_clause_and_every_numbered_paragraph_is_in_the_pdf(rendered, name):
    document, _data, pages, _fetcher = rendered[name]
    text = squash("".join(pages))
    for section in document.sections:
        if section.number:
            assert squash(f"{section.number}. {section.title}") in text
        for clause in section.clauses:
            assert squash(clause.title) in text, clause.id
            for block in clause.blocks:
                if isinstance(block, Paragraph) and block.number:
                    # The number, then (for a clause's first paragraph) its run-in title.
                    start = squash(block.number + block.text[:60])
                    title = squash(block.number + common.runin_title(clause.title))
                    assert start in text or title in text, (clause.id, block.number)
                    assert squash(block.text) in text, (clause.id, block.number)


@pytest.mark.parametrize("name", example_names())
def test_tables_and_fees_are_in_the_pdf(rendered, name):
    document, _data, pages, _fetcher = rendered[name]
    text = squash("".join(pages))
    tables = [b for c in document.clauses() for b in c.blocks if isinstance(b, Table)]
    assert tables, "every example has at least the signature table"
    for table in tables:
        for cell in [*table.header, *(cell for row in table.rows for cell in row)]:
            assert squash(cell) in text
    fees = document.answers["value"]
    for key in ("flat_fee", "usage_rate", "subscription_fee"):
        if fees.get(key):
            amount = fees[key]["amount"].split(".")[0]
            assert f"{int(amount):,}" in "".join(pages), key


@pytest.mark.parametrize("name", example_names())
def test_the_drafting_notes_list_findings_questions_and_every_clause_version(rendered, name):
    document, _data, pages, _fetcher = rendered[name]
    intro = squash(common.NOTES_INTRO)[:40]  # the heading is in the contents too
    notes_start = next(i for i, page in enumerate(pages) if intro in squash(page))
    notes = squash("".join(pages[notes_start:]))
    for finding in document.findings:
        assert squash(finding.message) in notes
        assert squash(common.SEVERITY_LABELS[finding.severity]) in notes
    for question in document.counsel_questions:
        assert squash(question) in notes
    for row in common.clauses_used_rows(document):  # in words: no clause ids
        assert squash("".join(row[:3])) in notes
    assert squash(f"Clause library version {document.library_version}") in notes


@pytest.mark.parametrize("name", example_names())
def test_no_placeholder_or_template_syntax_is_left(rendered, name):
    _document, _data, pages, _fetcher = rendered[name]
    text = "".join(pages)
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text


@pytest.mark.parametrize("name", example_names())
def test_rendering_fetches_only_our_own_static_files(rendered, name):
    _document, _data, _pages, fetcher = rendered[name]
    assert fetcher.asked, "the watermark comes through the fetcher"
    for url in fetcher.asked:
        assert url.startswith(common.STATIC_DIR.resolve().as_uri() + "/")
    assert fetcher.refused == []


def test_the_fetcher_serves_a_static_file():
    fetcher = StaticOnlyFetcher()
    watermark = common.DOCUMENT_STATIC_DIR / "draft-watermark.svg"
    response = fetcher.fetch(watermark.resolve().as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.com/style.css",
        "data:text/css,body{color:red}",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "ftp://example.com/x",
        "file://evil.example/etc/passwd",
        "STATIC/../../../etc/passwd",
        "STATIC/document/../../../../etc/passwd",
        "STATIC/document/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "STATIC/document/no-such-file.css",
        "STATIC/document",
        "relative/path.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    url = url.replace("STATIC", common.STATIC_DIR.resolve().as_uri())
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefusedError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_refuses_a_symlink_out_of_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (static / "link.css").symlink_to(secret)
    with pytest.raises(FetchRefusedError):
        StaticOnlyFetcher(static).fetch((static / "link.css").as_uri())


def test_a_page_asking_for_outside_resources_gets_none_of_them():
    spy = SpyFetcher()
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<style>@import url("https://example.com/a.css"); '
        'p { background: url("file:///etc/passwd") }</style>'
        '<p>text <img src="file:///etc/passwd"> <img src="data:image/png;base64,AAAA">'
        '<img src="../../../../etc/hostname"></p>'
    )
    data = html_to_pdf(html, spy)
    assert data.startswith(b"%PDF-")
    assert len(spy.asked) >= 5
    assert spy.refused == spy.asked  # every one of them refused, none served
    assert "passwd" not in "".join(pdf_pages(data))


# Speed: what the PDF renderer does to go faster must not change the file.


def test_pdf_css_changes_nothing_in_the_file(rendered):
    """pdf.css only makes WeasyPrint faster: without it, the very same bytes (untagged; in
    the tagged PDF the glance's table boxes add three Div tags and nothing else)."""
    name = min(rendered, key=lambda name: len(rendered[name][1]))
    document = rendered[name][0]
    html = render_html(breakable_words(document))

    def pdf(**options):
        page = HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher())
        return page.write_pdf(**options)

    assert pdf() == pdf(stylesheets=[pdf_stylesheet()])
    assert pdf_pages(pdf(pdf_variant=PDF_VARIANT)) == rendered[name][2]


def test_the_glance_columns_are_three_equal_columns_1em_apart_across_the_page(rendered):
    """pdf.css lays the glance grid out as a table (faster in WeasyPrint): the columns must
    stay where the grid put them."""
    name = min(rendered, key=lambda name: len(rendered[name][1]))
    html = render_html(rendered[name][0])
    page = (
        HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher())
        .render(stylesheets=[pdf_stylesheet()])
        .pages[2 if common.wants_contents(rendered[name][0]) else 1]
        ._page_box
    )
    outermost = {}  # the first box of an element, in tree order, is its outermost one
    for box in page.descendants():
        if box.element is not None and "ld-glance-col" in (box.element.get("class") or ""):
            outermost.setdefault(box.element, box)
    columns = list(outermost.values())
    assert len(columns) == 3
    assert all(isinstance(box, TableCellBox) for box in columns)  # pdf.css applies
    em = columns[0].style["font_size"]
    left, width = page.content_box_x(), page.width
    xs = [box.border_box_x() for box in columns]
    widths = [box.border_width() for box in columns]
    assert xs[0] == pytest.approx(left)
    assert widths == pytest.approx([(width - 2 * em) / 3] * 3)
    assert xs[1] - (xs[0] + widths[0]) == pytest.approx(em)
    assert xs[2] - (xs[1] + widths[1]) == pytest.approx(em)
    assert xs[2] + widths[2] == pytest.approx(left + width)
