"""One English variant per draft (issue 10, section 3): an answer chooses British ("licence",
the default) or American ("license") spelling, and the title, every clause, the glance, the
notes and every output format follow it; answers are kept as typed; the document check
fails when both spellings of the noun stand in one draft."""

import io
import json
import re
import zipfile

import pytest
import yaml
from docx import Document as open_word_document
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.assembly.checks import check_document
from drafting.english import foreign_nouns, spell
from drafting.library.environment import clause_environment
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from drafting.renderers.calendar import render_ics
from drafting.renderers.card import render_card
from drafting.renderers.croissant import render_croissant
from drafting.renderers.docx import render_docx
from drafting.renderers.json import render_json
from drafting.renderers.pdf import render_pdf
from drafting.renderers.signals import render_signals
from drafting.renderers.spdx import render_spdx
from tests.conftest import EXAMPLES
from tests.test_document_check import with_paragraph

BRITISH = re.compile(r"\b(?:sub)?licences?\b", re.IGNORECASE)


def example(name, **answers):
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    for key, value in answers.items():
        head, tail = key.split(".")
        if value is None:
            data.get(head, {}).pop(tail, None)
        else:
            data.setdefault(head, {})[tail] = value
    return assemble(parse_answers(data), get_library())


@pytest.fixture(scope="module")
def american():
    # The example's own title is typed in British spelling: a typed title is kept as typed.
    return example(
        "research-community.yaml", **{"document.english": "american", "document.title": None}
    )


def test_british_is_the_default_and_the_default_title_follows_it():
    document = example("research-community.yaml", **{"document.title": None})
    assert document.english == "british"
    assert document.title == "Dataset Licence for AI Training"
    assert "this Licence" in document.text()
    assert foreign_nouns(document.text(), "british") == []


def test_an_american_draft_has_no_british_noun_in_text_glance_or_notes(american):
    assert american.title == "Dataset License for AI Training"
    assert "this License" in american.text()
    assert BRITISH.findall(american.text()) == []
    for clause in american.clauses():
        assert BRITISH.findall(f"{clause.title} {clause.summary} {clause.drafting_note}") == []
    for row in american.glance:
        assert BRITISH.findall(f"{row.item} {row.note}") == []
    for finding in american.findings:
        assert BRITISH.findall(f"{finding.message} {finding.counsel_question}") == []
    assert check_document(american, get_library()) == []


@pytest.mark.slow
def test_every_output_format_of_an_american_draft_agrees(american):
    word = open_word_document(io.BytesIO(render_docx(american)))
    docx_text = "\n".join(p.text for p in word.paragraphs)
    docx_text += "\n".join(cell.text for t in word.tables for r in t.rows for cell in r.cells)
    assert "License for AI Training" in docx_text
    assert BRITISH.findall(docx_text + word.core_properties.subject) == []
    reader = PdfReader(io.BytesIO(render_pdf(american)))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    pdf_text = re.sub(r"[\u00ad\u200b]|-\n", "", pdf_text)
    assert "License" in pdf_text
    assert BRITISH.findall(pdf_text) == []
    data = json.loads(render_json(american))
    titles = [clause["title"] for clause in data["clauses"]]  # the ids are names, not prose
    prose = json.dumps([data["title"], data["notice"], titles, data["findings"]])
    assert BRITISH.findall(prose) == []


def test_answers_are_kept_as_typed_in_either_variant():
    document = example(
        "research-community.yaml",
        **{"document.english": "american", "dataset.name": "Licence Organisation Corpus"},
    )
    assert "Licence Organisation Corpus" in document.text()
    typed = example("research-community.yaml", **{"document.title": "Our Data Licence"})
    assert typed.title == "Our Data Licence"


def test_only_the_templates_own_text_is_respelt():
    env = clause_environment("american")
    source = (
        "Licence {{ name }}; {% set line = 'the licence ends' %}{{ line }}"
        "{% if key == 'memorisation' %} memorisation{% endif %}"
    )
    rendered = env.from_string(source).render(name="licence organisation", key="memorisation")
    assert rendered == "License licence organisation; the license ends memorization"
    assert clause_environment().from_string(source).render(name="x", key="y").startswith("Licence")


def test_the_word_table_keeps_case_and_whole_words():
    assert spell("LICENCE, Licence and sublicences", "american") == (
        "LICENSE, License and sublicenses"
    )
    assert spell("licence_terms and License Drafter", "american") == (
        "licence_terms and License Drafter"
    )
    with pytest.raises(ValueError):
        spell("licence", "australian")


def test_the_check_fails_on_both_spellings_in_one_british_draft():
    document = example("research-community.yaml")
    broken = with_paragraph(
        document, "term.duration", "This License ends when the license fee is unpaid."
    )
    problems = [p for p in check_document(broken, get_library()) if p.code == "english_variant"]
    assert [(p.clause_id, p.text) for p in problems] == [
        ("term.duration", "This License"),
        ("term.duration", "the license"),
    ]


def test_the_check_fails_on_the_british_noun_in_an_american_draft(american):
    broken = with_paragraph(american, "term.duration", "Each party may end this Licence early.")
    problems = [p for p in check_document(broken, get_library()) if p.code == "english_variant"]
    assert [(p.clause_id, p.text) for p in problems] == [("term.duration", "Licence")]


def test_the_verb_and_names_of_other_licences_are_not_the_noun():
    text = "The Licensor may license the data; Open Database License 1.0 applies. License Drafter."
    assert foreign_nouns(text, "british") == []


@pytest.mark.slow
def test_the_publishing_twins_of_an_american_draft_agree(american):
    card = render_card(american)
    signals = zipfile.ZipFile(io.BytesIO(render_signals(american)))
    texts = {
        "card": card,
        "calendar": render_ics(american).decode().replace("\r\n ", ""),
        "croissant": render_croissant(american),
        "spdx": render_spdx(american),
        "signals": " ".join(signals.read(name).decode() for name in signals.namelist()),
    }
    assert "## License" in card and "summarizes" in card
    for name, text in texts.items():
        assert BRITISH.findall(text) == [], name
