"""The drafting notes reach counsel (issue 10, section 4): each clause's drafting note is a
Word comment on that clause in the DOCX (by "License Drafter", beside the review's comments)
and a "Notes for counsel" part of the PDF's drafting notes keyed to clause numbers, listed in
the contents; "why this clause is here" is said with the questions' labels and the chosen
answers in words, and no answer key or fact name reaches the PDF or the DOCX."""

import io
import json
import re
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.questionnaire.definition import get_questionnaire
from drafting.questionnaire.facts import FACT_NAMES
from drafting.renderers import common
from drafting.renderers.docx import DocxComment, render_docx
from drafting.renderers.html import render_html_fragment
from drafting.renderers.json import render_json
from drafting.renderers.pdf import render_pdf
from tests.conftest import example_paths

pytestmark = pytest.mark.slow

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def example_names():
    return [path.name for path in example_paths()]


@pytest.fixture(scope="module")
def rendered():
    """{example name: (Document, PDF page texts, DOCX bytes)} for every example."""
    library, out = get_library(), {}
    for path in example_paths():
        document = assemble(load_answers_file(path), library)
        reader = PdfReader(io.BytesIO(render_pdf(document)))
        pages = [page.extract_text() for page in reader.pages]
        out[path.name] = (document, pages, render_docx(document))
    return out


def notes_pages(pages: list[str]) -> tuple[int, str]:
    """The page (1-based) where the notes for counsel start, and the text from there on."""
    intro = squash(common.COUNSEL_NOTES_INTRO)
    start = next(i for i, page in enumerate(pages) if intro[:60] in squash(page))
    return start + 1, squash("".join(pages[start:]))


@pytest.mark.parametrize("name", example_names())
def test_the_pdf_has_notes_for_counsel_keyed_to_clause_numbers(rendered, name):
    document, pages, _docx = rendered[name]
    page, notes = notes_pages(pages)
    # In the drafting notes part: its introduction comes first.
    assert any(squash(common.NOTES_INTRO) in squash(text) for text in pages[:page])
    rows = common.counsel_note_rows(document)
    assert len(rows) == len([c for c in document.clauses() if c.drafting_note.strip()]) > 0
    position = 0
    for (where, title, note, _anchor), clause in zip(
        rows, [c for c in document.clauses() if c.drafting_note.strip()], strict=True
    ):
        if clause.number:
            assert where == f"clause {clause.number}"
        found = notes.find(squash(where + title + note), position)
        assert found >= 0, (clause.id, where)
        position = found  # in document order


@pytest.mark.parametrize("name", example_names())
def test_the_contents_list_the_notes_for_counsel_at_their_page(rendered, name):
    document, pages, _docx = rendered[name]
    if not common.wants_contents(document):
        pytest.skip("a short draft has no table of contents")
    page, _notes = notes_pages(pages)
    contents = squash(next(p for p in pages if squash(common.CONTENTS_HEADING) in squash(p)))
    entry = re.search(re.escape(squash(common.COUNSEL_NOTES_HEADING)) + r"\.*(\d+)", contents)
    assert entry and int(entry.group(1)) == page


def comment_threads(data: bytes):
    """The DOCX's comments as ``[(author, initials, text, anchored paragraph text)]`` in the
    order of their anchors in the body."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    by_id = {
        c.get(q("id")): (
            c.get(q("author")),
            c.get(q("initials")),
            " ".join("".join(t.text or "" for t in p.iter(q("t"))) for p in c.iter(q("p"))),
        )
        for c in comments.iter(q("comment"))
    }
    out = []
    for start in body.iter(q("commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == q("p"))
        text = "".join(t.text or "" for t in paragraph.iter(q("t")))
        out.append((*by_id[start.get(q("id"))], text))
    return out


@pytest.mark.parametrize("name", example_names())
def test_the_docx_carries_each_drafting_note_as_a_comment_on_its_clause(rendered, name):
    document, _pages, data = rendered[name]
    threads = [t for t in comment_threads(data) if t[0] == common.NOTE_AUTHOR]
    clauses = [c for c in document.clauses() if c.drafting_note.strip()]
    assert len(threads) == len(clauses)
    for (author, initials, text, anchored), clause in zip(threads, clauses, strict=True):
        assert (author, initials) == ("License Drafter", "LD")
        assert squash(text) == squash(clause.drafting_note)
        assert anchored_on(anchored, clause), clause.id


def anchored_on(paragraph_text: str, clause) -> bool:
    """Whether a paragraph's text is the clause's: its title alone, or the start of its
    text (after the run-in title)."""
    text = squash(paragraph_text)
    title = squash(common.runin_title(clause.title))
    if text in (squash(clause.title), title):
        return True
    plain = squash("".join(block_words(block) for block in clause.blocks))
    return bool(text) and text.removeprefix(title) in plain


def block_words(block) -> str:
    if hasattr(block, "items"):
        return "".join(
            item.text + (block_words(item.children) if item.children else "")
            for item in block.items
        )
    if hasattr(block, "header"):
        return "".join("".join(row) for row in (block.header, *block.rows))
    return block.text


def test_review_comments_stand_beside_the_drafting_note(rendered):
    document, _pages, _data = next(iter(rendered.values()))
    clause = document.clause("grant.scope")
    data = render_docx(
        document, comments=[DocxComment("grant.scope", "Ceri Jones", ("Too wide", "Agreed"))]
    )
    on_grant = [t for t in comment_threads(data) if anchored_on(t[3], clause)]
    assert [t[0] for t in on_grant] == ["License Drafter", "Ceri Jones"]
    assert squash(on_grant[0][2]) == squash(clause.drafting_note)
    assert on_grant[1][2] == "Too wide Agreed"


def test_the_html_preview_shares_the_notes_for_counsel(rendered):
    document, _pages, _data = next(iter(rendered.values()))
    html = render_html_fragment(document)
    assert f'id="{common.COUNSEL_NOTES_ANCHOR}"' in html
    where, _title, _note, anchor = common.counsel_note_rows(document)[-1]
    assert f'<a href="#{anchor}">{where}</a>' in html


# -- "why this clause is here", in words ----------------------------------------------------


def machine_names() -> set[str]:
    """Every answer key, option value and fact name that is not also an English word: dotted
    keys, values and step keys with an underscore, ``facts.`` names and those fact names
    that have an underscore."""
    questionnaire = get_questionnaire()
    names = set(questionnaire.questions)
    for question in questionnaire.questions.values():
        names.update(value for value in question.option_values if "_" in value or "." in value)
    names.update(step.key for step in questionnaire.steps if "_" in step.key)
    names.update(f"facts.{name}" for name in FACT_NAMES)
    names.update(name for name in FACT_NAMES if "_" in name)
    return names


@pytest.fixture(scope="module")
def machine_name_pattern():
    names = sorted(machine_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, names)) + r")(?![\w])")


def docx_text(data: bytes) -> str:
    """The text of every part of the DOCX (body, comments, header, footer, properties)."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                texts.append(" ".join(node.text or "" for node in root.iter() if node.text))
    return "\n".join(texts)


@pytest.mark.parametrize("name", example_names())
def test_no_answer_key_or_fact_name_appears_in_the_pdf_or_docx(
    rendered, machine_name_pattern, name
):
    document, pages, data = rendered[name]
    assert machine_name_pattern.findall("\n".join(pages)) == []
    assert machine_name_pattern.findall(docx_text(data)) == []
    # They stay in the JSON, where the pattern does find them.
    json_text = json.dumps(json.loads(render_json(document)))
    assert machine_name_pattern.search(json_text)


@pytest.mark.parametrize("name", example_names())
def test_why_a_clause_is_here_names_the_question_and_the_chosen_answer(rendered, name):
    document, pages, _data = rendered[name]
    questionnaire = get_questionnaire()
    answers = load_answers_file(next(p for p in example_paths() if p.name == name))
    said = 0
    for clause, row in zip(document.clauses(), common.clauses_used_rows(document), strict=True):
        because = row[3]
        for key in clause.condition_keys:
            question = questionnaire.questions.get(key)
            if question is None:
                continue
            assert f"\u201c{question.label}\u201d" in because, (clause.id, key)
            value = answers.get(key)
            if question.type == "choice" and value is not None:
                assert f"\u201c{question.label}\u201d: {question.option_label(value)}" in because
                said += 1
            elif question.type == "bool" and value is not None:
                assert f"\u201c{question.label}\u201d: {'yes' if value else 'no'}" in because
                said += 1
    assert said
    _page, notes = notes_pages(pages)
    for row in common.clauses_used_rows(document):
        assert squash(row[3]) in notes
