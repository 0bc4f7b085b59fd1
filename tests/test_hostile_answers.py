"""Hostile answers render literally: markup, template syntax, quotes, URLs as text, other
scripts, emoji and a 10,000-character name are data, in HTML (escaped), PDF and DOCX alike;
nothing is evaluated and nothing is fetched."""

import io
import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from docx import Document as open_word_document
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from drafting.questionnaire.coercion import text_limit
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers import common
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html
from drafting.renderers.json import render_json
from drafting.renderers.pdf import render_pdf
from tests.conftest import RIGHTS_ANSWERS
from tests.pdf_support import SpyFetcher

pytestmark = pytest.mark.slow

MARKUP = (
    '<script>alert("x")</script> <b>bold?</b> <img src=x onerror=alert(1)> '
    "&amp; &lt; 'single' \"double\" calc[{{ 7*7 }}] {% now 'Y' %} {{ document.title }}"
)
URLS = "file:///etc/passwd http://127.0.0.1:9/x"
ARABIC, CHINESE, DEVANAGARI, EMOJI = "مكتبة الأصوات", "数据实验室", "नमस्ते दुनिया", "🎉🤖👍🏽"
SCRIPTS = f"{ARABIC} {CHINESE} {DEVANAGARI} {EMOJI}"
# A PDF keeps glyphs in visual order, so a Devanagari vowel sign drawn before its consonant
# (the i of दुनिया) cannot be read back from any PDF in logical order: the PDF checks use
# text without one (नमस्ते); HTML and DOCX are checked with both words.
PDF_SCRIPTS = f"{ARABIC} {CHINESE} नमस्ते {EMOJI}"
PREFIX = f"{MARKUP} {PDF_SCRIPTS} {URLS} "
NAME_LIMIT = text_limit(get_questionnaire().questions["licensor.name"])
LONG_NAME = PREFIX + "X" * (NAME_LIMIT - len(PREFIX))  # a party name at its length limit
EVALUATED = "calc[49]"

HOSTILE_ANSWERS = {
    "licensor": {"name": LONG_NAME, "jurisdiction": "GB", "address": f"{URLS}\n{MARKUP}"},
    "licensee": {"name": f"Licensee {SCRIPTS} {MARKUP}", "jurisdiction": "IE"},
    "dataset": {
        "name": f"Data {MARKUP}",
        "version": URLS,
        "description": f"{SCRIPTS}\n{MARKUP}\n{URLS}",
    },
    "rights": dict(RIGHTS_ANSWERS),
    "value": {"models": ["flat_fee"], "flat_fee": {"amount": "25000.00", "currency": "GBP"}},
    "attribution": {"required": True, "text": f"Credit {MARKUP} {SCRIPTS}"},
    "wider": {"community_benefits": f"{MARKUP} {URLS} {SCRIPTS}"},
    "law": {"dispute_steps": ["courts"], "courts": f"Courts {MARKUP}"},
}
# Strings every output must hold verbatim.
VERBATIM = (MARKUP, URLS, ARABIC, CHINESE, DEVANAGARI, EMOJI, LONG_NAME)
PDF_VERBATIM = (MARKUP, URLS, ARABIC, CHINESE, "नमस्ते", EMOJI, LONG_NAME)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def document():
    return assemble(parse_answers(HOSTILE_ANSWERS), get_library())


@pytest.fixture(scope="module")
def pdf(document):
    spy = SpyFetcher()
    data = render_pdf(document, fetcher=spy)
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = page.extract_text().splitlines()
        pages.append(
            "\n".join(
                line
                for line in lines
                if not re.fullmatch(r"Page \d+ of \d+", line.strip())
                and not line.strip().startswith(common.RUNNING_HEADER)
            )
        )
    return "".join(pages), spy


def test_the_hostile_answers_are_valid_answers(document):
    assert document.answers["licensor"]["name"] == LONG_NAME
    assert len(LONG_NAME) == NAME_LIMIT


def test_html_escapes_every_answer_and_shows_it_as_text(document):
    page = render_html(document)
    assert "<script>" not in page and "onerror" not in page.replace("onerror=alert", "")
    assert "&lt;script&gt;" in page
    tree = lxml_html.document_fromstring(page)
    assert not tree.xpath("//script | //img | //b | //iframe")
    for attribute in tree.xpath("//@href | //@src"):
        assert attribute.startswith("#")
    text = tree.text_content()
    for expected in VERBATIM:
        assert expected in text
    assert EVALUATED not in text


def test_the_pdf_holds_the_answers_as_text(pdf):
    text, _spy = pdf
    flat = squash(text)
    for expected in PDF_VERBATIM:
        assert squash(expected) in flat, expected[:40]
    assert EVALUATED not in flat
    assert "<script>" in text


def test_rendering_the_pdf_fetches_nothing_but_our_static_files(pdf):
    _text, spy = pdf
    static = common.STATIC_DIR.resolve().as_uri() + "/"
    assert spy.asked and all(url.startswith(static) for url in spy.asked)
    assert spy.refused == []


def test_the_docx_holds_the_answers_verbatim(document):
    word = open_word_document(io.BytesIO(render_docx(document)))
    paragraphs = [
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))
    ]
    text = "\n".join(paragraphs)
    for expected in VERBATIM:
        assert expected in text, expected[:40]
    assert EVALUATED not in text
    assert word.core_properties.title == document.title


def test_the_json_round_trips_the_answers(document):
    data = json.loads(render_json(document))
    assert data["answers"]["licensor"]["name"] == LONG_NAME
    assert data["answers"]["dataset"]["description"] == f"{SCRIPTS}\n{MARKUP}\n{URLS}"


def test_characters_a_json_file_can_smuggle_in_never_break_a_renderer(document):
    # A JSON answers file can carry a lone surrogate or a non-character; whatever reaches a
    # Document, every renderer writes it (as U+FFFD where the format cannot hold it).
    odd = "Lone \ud800 \ufffe"
    answers = {**document.answers, "licensor": {**document.answers["licensor"], "name": odd}}
    odd_document = replace(document, title=f"Title {odd}", answers=answers)
    assert "Title Lone \ufffd \ufffd" in render_html(odd_document)
    data = json.loads(render_json(odd_document).encode("utf-8"))
    assert data["answers"]["licensor"]["name"] == odd and data["title"] == f"Title {odd}"
    word = open_word_document(io.BytesIO(render_docx(odd_document)))
    assert any("Title Lone \ufffd \ufffd" in p.text for p in word.paragraphs)


def test_fonts_cover_the_scripts_answers_are_written_in():
    """Without a font for a script the PDF shows empty boxes and its text cannot be read back.

    Debian packages: fonts-dejavu-core (Latin, Greek, Cyrillic, Arabic), fonts-lohit-deva
    (Devanagari), fonts-wqy-microhei (Chinese), fonts-noto-color-emoji (emoji).
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed")
    missing = []
    for language, package in (
        ("ar", "fonts-dejavu-core"),
        ("hi", "fonts-lohit-deva"),
        ("zh-cn", "fonts-wqy-microhei"),
        ("und-zsye", "fonts-noto-color-emoji"),
    ):
        found = subprocess.run(
            [fc_list, f":lang={language}", "family"], capture_output=True, text=True, check=False
        ).stdout
        if not found.strip():
            missing.append(package)
    assert not missing, f"install the Debian packages: {' '.join(missing)}"
